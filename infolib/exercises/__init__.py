"""Automatic checks for the book's coding exercises.

Each check is defined once, as data (:class:`Check`): seeded inputs, the
reference answer from ``infolib``, a tolerance, and hints that recognise common
mistakes.  A notebook's ``check`` cell calls ``check_<name>(fn)``, which prints
a verdict in plain words; :func:`evaluate` returns the same verdict as an
object, for tests and for grading.  The machinery is in :mod:`._core`; each
chapter's checks are in a module of their own, re-exported here.
"""
from ._core import CHECKS, Case, Check, Hint, Verdict, evaluate, register
# Each chapter's checks: every name in a module's __all__ is public here.
from .intuition import *  # noqa: F401,F403
from .definitions import *  # noqa: F401,F403
from .mid import *  # noqa: F401,F403
from .kl import *  # noqa: F401,F403
from .cross_entropy import *  # noqa: F401,F403
from .sampling import *  # noqa: F401,F403
from .estimation import *  # noqa: F401,F403
