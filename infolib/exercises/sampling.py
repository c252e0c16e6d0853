"""Checks for the chapter "Importance sampling"."""
import functools
import math
from typing import Callable

import numpy as np

from ..sampling import effective_sample_size
from ._core import Case, Check, Hint, evaluate, register

__all__ = ["check_effective_sample_size"]


@functools.lru_cache(maxsize=1)
def _log_weight_cases() -> tuple:
    """Seeded log-weights: equal, one dominant, zero weights, huge and tiny, random of sizes 3 to 200."""
    rng = np.random.default_rng(20261206)
    cases = []
    for n, scale in [(3, 0.5), (10, 1.0), (50, 2.0), (200, 3.0)]:
        lw = scale * rng.standard_normal(n)
        cases.append((lw, f"{n} random log-weights (spread {scale:g})"))
    cases += [
        (np.zeros(5), "five equal log-weights"),
        (np.array([0.0, -np.inf, -np.inf]), "one non-zero weight among zeros (log-weight -inf)"),
        (np.array([800.0, 800.0, 0.0]), "log-weights so large that exp overflows"),
        (np.array([-800.0, -801.0, -800.5, -803.0]), "log-weights so small that exp underflows"),
        (np.array([0.0, 0.0, 10.0]), "one dominant weight"),
    ]
    cases.append((rng.standard_normal(20) + 1000.0, "20 random log-weights near 1000"))
    return tuple(Case((lw,), f"{about}, log_weights =") for lw, about in cases)


def _is_mistake(wrong: Callable) -> Callable:
    """A hint's test: ``got`` equals ``wrong(log_weights)`` for the case whose answer is ``expected``."""
    def matches(got: float, expected: float) -> bool:
        for case in _log_weight_cases():
            lw = case.args[0]
            if effective_sample_size(lw) != expected:
                continue
            with np.errstate(all="ignore"):
                value = wrong(lw)
            if np.isfinite(value) and abs(got - value) <= 1e-7 * max(1.0, abs(value)) \
                    and abs(value - expected) > 1e-9:
                return True
        return False
    return matches


def _fraction(lw):
    return effective_sample_size(lw) / lw.size


def _log_weights_as_weights(lw):
    return float(np.sum(lw)) ** 2 / float(np.sum(lw * lw))


register(Check(
    name="effective_sample_size",
    task="Kong's effective sample size from log-weights",
    cases=_log_weight_cases,
    reference=lambda lw: effective_sample_size(lw),
    hints=(
        Hint(lambda g, e: math.isnan(g) or math.isinf(g),
             "exp overflows for log-weights like 800 (inf/inf = nan) and underflows to 0 for "
             "-800 (0/0 = nan): subtract the largest log-weight before exponentiating. The ESS "
             "does not change when every weight is multiplied by the same number"),
        Hint(lambda g, e: e > 1 and abs(g * e - 1.0) < 1e-6,
             "this is 1 / ESS: the ESS is (Σ w)² / Σ w², the square of the sum over the sum of "
             "squares"),
        Hint(_is_mistake(_fraction), "this is ESS / N, the fraction of the sample size; "
             "return the ESS itself (between 1 and N)"),
        Hint(_is_mistake(_log_weights_as_weights),
             "the formula was applied to the log-weights; exponentiate them first "
             "(w = exp(log_w - max log_w))"),
        Hint(lambda g, e: g < 1 - 1e-9, "the ESS is never below 1: (Σ w)² ≥ Σ w² for "
             "non-negative weights"),
    ),
))


def check_effective_sample_size(fn: Callable) -> None:
    """Check ``fn(log_weights) -> float``, Kong's ESS (Σ w)² / Σ w²; prints a verdict.

    Examples
    --------
    Subtracting the largest log weight first keeps ``exp`` from overflowing:

    >>> import numpy as np
    >>> def ess(log_weights):
    ...     w = np.exp(log_weights - np.max(log_weights))
    ...     return float(w.sum() ** 2 / np.sum(w ** 2))
    >>> check_effective_sample_size(ess)
    ✓ Kong's effective sample size from log-weights: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("effective_sample_size", fn))
