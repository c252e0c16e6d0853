"""One-line interactive figures: live in Jupyter, a kernel-free player on the website.

The machinery is in :mod:`._core`; each topic's named widgets (the one-line calls
the chapters make) are in a module of their own and are re-exported here.
"""
from ._core import (STATIC_ENV, WIDGETS, Control, Explorer, chapter_widget, explore,
                    render_png, show, static_mode)
from .car import noisy_sensors
from .sampling import importance_sampler
from .cross_entropy import cross_entropy_decomposition
from .kl import kl_fit
from .definitions import information_diagram, joint_pmf_editor
from .estimation import plugin_bias
from .mid import receptive_field_explorer
