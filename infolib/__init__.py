"""infolib: the information-theory measures, plots and widgets behind infobook.

Measures (bits by default; ``base=`` as in ``scipy.stats.entropy``, ``None`` for nats):

- discrete: :func:`entropy`, :func:`joint_entropy`, :func:`conditional_entropy`,
  :func:`mutual_information`, :func:`kl_divergence`, :func:`cross_entropy`,
  :func:`js_divergence`, :func:`pointwise_mutual_information`, :func:`marginals`;
- Gaussian closed forms: :func:`gaussian_entropy`, :func:`gaussian_mutual_information`,
  :func:`gaussian_kl_divergence`;
- the book's running example: :class:`Car`.

The modules :mod:`infolib.plots`, :mod:`infolib.widgets` and
:mod:`infolib.exercises` serve the chapters; bad input raises a ``ValueError``
that names the argument and the problem.
"""
from .discrete import (
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    marginals,
    mutual_information,
    pointwise_mutual_information,
)
from .gaussian import gaussian_entropy, gaussian_kl_divergence, gaussian_mutual_information
from .scenarios import Car, CarReadings
from . import exercises

__version__ = "0.1.0"

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "kl_divergence",
    "cross_entropy",
    "js_divergence",
    "pointwise_mutual_information",
    "marginals",
    "gaussian_entropy",
    "gaussian_mutual_information",
    "gaussian_kl_divergence",
    "Car",
    "CarReadings",
]
