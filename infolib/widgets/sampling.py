"""The widget of "Importance sampling": a Gaussian proposal for a Gaussian target."""
from .. import plots
from ._core import Control, Explorer, chapter_widget

__all__ = ["importance_sampler"]


@chapter_widget
def importance_sampler(**fixed):
    """Move and stretch the proposal q; watch the weights, the ESS, the estimates and KL(p‖q).

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["importance_sampler"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['mean of q', 'sd of q']
    """
    return Explorer(
        plots.importance_sampling_explorer,
        mean=Control(-3.0, 3.0, default=1.0, step=0.05,
                     frames=[-2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5], label="mean of q"),
        sd=Control(0.4, 3.0, default=1.0, step=0.05, frames=[0.5, 0.7, 0.85, 1.0, 1.4, 2.0, 3.0],
                   label="sd of q"),
        **fixed,
    )
