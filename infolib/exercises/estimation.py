"""Checks for the chapter "Estimating mutual information from data"."""
import functools
import math
from typing import Callable

import numpy as np

from ..estimators import plugin_entropy
from ._core import Case, Check, Hint, evaluate, in_log10, in_nats, register

__all__ = ["check_plugin_entropy"]


@functools.lru_cache(maxsize=1)
def _cases() -> tuple:
    """Seeded samples: constant, two equal halves, skewed, negative and sparse labels, random."""
    rng = np.random.default_rng(20261125)
    samples = [
        ([3, 3, 3, 3], "a constant sample"),
        ([0, 1, 0, 1], "a fair coin's sample"),
        ([0, 0, 0, 1], "a skewed sample"),
        ([0, 1, 2, 3, 4, 5, 6, 7], "eight distinct values"),
        ([-2, 7, 7, -2, 7, 100], "labels that are not 0, 1, 2, ..."),
        ([5, 5, 9, 9, 9, 1, 1, 1, 1, 1], "a sample with three values"),
    ]
    for n, k in ((12, 3), (16, 5), (20, 8)):
        samples.append((rng.integers(0, k, size=n), f"{n} random labels from {k} values"))
    return tuple(Case((np.asarray(x, dtype=np.int64),), f"{about}, x =") for x, about in samples)


def _miller_madow_added(got: float, expected: float) -> bool:
    for case in _cases():
        x = case.args[0]
        if abs(plugin_entropy(x) - expected) < 1e-9:
            corrected = plugin_entropy(x, correction="miller-madow")
            if abs(corrected - expected) > 1e-6 and abs(got - corrected) < 1e-7:
                return True
    return False


def _log2_of_distinct(got: float, expected: float) -> bool:
    for case in _cases():
        x = case.args[0]
        if abs(plugin_entropy(x) - expected) < 1e-9:
            value = math.log2(np.unique(x).size)
            if abs(value - expected) > 1e-6 and abs(got - value) < 1e-7:
                return True
    return False


register(Check(
    name="plugin_entropy",
    task="Plug-in entropy of a sample, in bits",
    cases=_cases,
    reference=lambda x: plugin_entropy(x),
    hints=(
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_miller_madow_added, "this is the Miller–Madow corrected estimate; the exercise asks "
             "for the plain plug-in entropy, without the (m − 1)/(2N) term"),
        Hint(_log2_of_distinct, "this is log2 of the number of distinct values, the entropy of a "
             "uniform pmf over them: weight each value by its frequency n_a/N"),
        Hint(lambda g, e: g < 0, "entropy is never negative: −Σ p log2 p ≥ 0, so check the minus "
             "sign"),
    ),
))


def check_plugin_entropy(fn: Callable) -> None:
    """Check a function ``fn(x) -> float`` returning the plug-in entropy of labels ``x`` in bits.

    Examples
    --------
    >>> import numpy as np
    >>> def plugin_entropy_bits(x):
    ...     _, counts = np.unique(x, return_counts=True)
    ...     p = counts / counts.sum()
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_plugin_entropy(plugin_entropy_bits)
    ✓ Plug-in entropy of a sample, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("plugin_entropy", fn))
