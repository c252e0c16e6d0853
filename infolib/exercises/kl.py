"""Checks for the chapter "Mutual information as a KL divergence"."""
import functools
import math
from typing import Callable

import numpy as np

from ..discrete import kl_divergence
from ._core import Check, Hint, evaluate, pmf_pair_cases, in_log10, in_nats, register

__all__ = ["check_kl_divergence"]


@functools.lru_cache(maxsize=1)
def _pmf_pair_cases() -> tuple:
    """Seeded pairs (p, q): equal, full support, zeros in p, q = 0 < p (infinite), sizes 1 to 8."""
    rng = np.random.default_rng(20261126)
    pairs = [
        ([0.5, 0.5], [0.5, 0.5], "two equal pmfs"),
        ([0.5, 0.5], [0.25, 0.75], "a fair and a biased coin"),
        ([1.0, 0.0], [0.5, 0.5], "a point mass against a fair coin"),
        ([0.5, 0.5], [1.0, 0.0], "the pair with q = 0 where p > 0"),
        ([1.0], [1.0], "a single outcome"),
        ([0.7, 0.2, 0.1, 0.0], [0.1, 0.2, 0.3, 0.4], "p with a zero entry"),
    ]
    return pmf_pair_cases(pairs, rng, sizes=(3, 4, 6, 8), zero_rate=0.25, q_floor=0.01,
                          label="random pmfs of length {n}")


def _swapped(got: float, expected: float) -> bool:
    """``got`` is KL(q ‖ p) for the case whose KL(p ‖ q) is ``expected``."""
    for case in _pmf_pair_cases():
        p, q = case.args
        if kl_divergence(p, q) != expected:
            continue
        reverse = kl_divergence(q, p)
        if math.isinf(reverse) and math.isinf(got) or (
                abs(got - reverse) <= 1e-7 * max(1.0, abs(reverse)) and abs(reverse - expected) > 1e-9):
            return True
    return False


register(Check(
    name="kl_divergence",
    task="KL divergence of two pmfs, in bits",
    cases=_pmf_pair_cases,
    reference=lambda p, q: kl_divergence(p, q),
    hints=(
        Hint(_swapped, "this is KL(q ‖ p): the arguments are swapped. KL(p ‖ q) = Σ p log2(p / q) "
             "averages over p, and it is not symmetric"),
        Hint(lambda g, e: math.isinf(e) and not math.isinf(g),
             "where q = 0 < p the divergence is infinite: p puts mass where q says it cannot "
             "happen. Return np.inf (math.inf) in that case, not nan or a finite number"),
        Hint(lambda g, e: math.isnan(g),
             "nan usually comes from 0·log 0 (or 0·log(0/q)): skip the outcomes where p = 0, "
             "their contribution is 0"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "KL divergence is never negative (Gibbs' inequality): check that "
             "you weight log(p / q) by p, not by q"),
    ),
))


def check_kl_divergence(fn: Callable) -> None:
    """Check a function ``fn(p, q) -> float`` that returns KL(p ‖ q) in bits; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def kl_bits(p, q):
    ...     m = p > 0
    ...     if np.any(q[m] == 0):
    ...         return np.inf
    ...     return float(np.sum(p[m] * np.log2(p[m] / q[m])))
    >>> check_kl_divergence(kl_bits)
    ✓ KL divergence of two pmfs, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("kl_divergence", fn))
