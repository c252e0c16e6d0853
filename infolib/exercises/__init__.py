"""Automatic checks for the book's coding exercises.

Each check is defined once, as data (:class:`Check`): seeded inputs, the
reference answer from ``infolib``, a tolerance, and hints that recognise common
mistakes.  A notebook's ``check`` cell calls ``check_<name>(fn)``, which prints
a verdict in plain words; :func:`evaluate` returns the same verdict as an
object, for tests and for grading.  The machinery is in :mod:`._core`; each
chapter's checks are in a module of their own, re-exported here.
"""
from ._core import CHECKS, Case, Check, Hint, Verdict, evaluate, register
from .intuition import check_mutual_information
from .sampling import check_effective_sample_size
from .cross_entropy import check_cross_entropy
from .kl import check_kl_divergence
from .definitions import check_conditional_entropy, check_entropy
from .estimation import check_plugin_entropy
from .mid import check_info_per_spike
