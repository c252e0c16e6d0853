"""Checks for the chapter "Cross entropy"."""
import functools
import math
from typing import Callable

import numpy as np

from ..discrete import cross_entropy, entropy, kl_divergence
from ._core import Check, Hint, evaluate, pmf_pair_cases, in_log10, in_nats, register

__all__ = ["check_cross_entropy"]


@functools.lru_cache(maxsize=1)
def _cases() -> tuple:
    """Seeded (p, q) pairs: equal, different, zeros in p, zeros in both, q = 0 < p, sizes 1 to 9."""
    rng = np.random.default_rng(20261127)
    pairs = [
        ([0.5, 0.5], [0.5, 0.5], "two fair coins"),
        ([0.9, 0.1], [0.5, 0.5], "a biased coin modelled as fair"),
        ([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], "a pmf and its mirror image"),
        ([1.0, 0.0, 0.0], [0.2, 0.3, 0.5], "a point mass"),
        ([0.5, 0.5, 0.0], [0.25, 0.75, 0.0], "p and q both 0 on the last symbol"),
        ([0.6, 0.4, 0.0], [0.5, 0.0, 0.5], "the pair with q = 0 where p > 0"),
        ([0.5, 0.5, 0.0], [1.0, 0.0, 0.0], "q = 0 where p > 0, and both 0 on the last symbol"),
        ([1.0], [1.0], "a single symbol"),
    ]
    return pmf_pair_cases(pairs, rng, sizes=(4, 6, 9), zero_rate=0.3, q_floor=0.02)


def _near(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-7 * max(1.0, abs(b))


def _is(other: Callable) -> Callable[[float, float], bool]:
    """A hint's test: ``got`` equals ``other(p, q)`` for a case whose answer is ``expected``
    (and that other quantity differs from the answer there, so the hint is specific)."""
    def matches(got: float, expected: float) -> bool:
        for case in _cases():
            p, q = case.args
            if not _near(cross_entropy(p, q), expected):
                continue
            value = other(p, q)
            if _near(got, value) and not _near(value, expected):
                return True
        return False
    return matches


register(Check(
    name="cross_entropy",
    task="Cross entropy H(p, q) of a model q on data from p, in bits",
    cases=_cases,
    reference=lambda p, q: cross_entropy(p, q),
    hints=(
        Hint(lambda g, e: math.isinf(e) and math.isnan(g),
             "where q = 0 < p the cross entropy is infinite (the model says a symbol that occurs "
             "cannot happen: its codeword would be infinitely long). Return np.inf, not nan; the "
             "nan comes from 0·log 0 on a symbol where p = q = 0, which contributes 0"),
        Hint(lambda g, e: math.isinf(e) and not math.isinf(g),
             "where q = 0 < p the cross entropy is infinite: p puts mass where q puts none. "
             "Return np.inf (math.inf) in that case"),
        Hint(lambda g, e: math.isnan(g),
             "nan usually comes from 0·log 0: skip the symbols where p = 0, whose contribution "
             "is 0 whatever q is there"),
        Hint(_is(lambda p, q: cross_entropy(q, p)),
             "this is H(q, p): the arguments are swapped. H(p, q) = −Σ p log2 q averages the "
             "model's surprisal −log2 q over the data's pmf p"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_is(lambda p, q: entropy(p)), "this is H(p), the entropy of the data alone: the cross "
             "entropy uses the model's probabilities inside the logarithm, −Σ p log2 q"),
        Hint(_is(lambda p, q: kl_divergence(p, q)), "this is KL(p ‖ q), the extra cost only: the "
             "cross entropy is H(p) + KL(p ‖ q) = −Σ p log2 q"),
        Hint(lambda g, e: g < 0, "cross entropy is never negative: −log2 q ≥ 0 for q ≤ 1, so "
             "check the minus sign"),
    ),
))


def check_cross_entropy(fn: Callable) -> None:
    """Check a function ``fn(p, q) -> float`` that returns H(p, q) in bits; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def cross_entropy_bits(p, q):
    ...     m = p > 0
    ...     if np.any(q[m] == 0):
    ...         return np.inf
    ...     return float(-np.sum(p[m] * np.log2(q[m])))
    >>> check_cross_entropy(cross_entropy_bits)
    ✓ Cross entropy H(p, q) of a model q on data from p, in bits: correct on all 11 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("cross_entropy", fn))
