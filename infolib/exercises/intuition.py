"""Checks for chapter 1, "The intuition"."""
import math
from typing import Callable

import numpy as np

from ..discrete import mutual_information
from ._core import Case, Check, Hint, evaluate, random_joint_pmf_cases, in_log10, in_nats, register

__all__ = ["check_mutual_information"]


def _joint_pmf_cases() -> list[Case]:
    rng = np.random.default_rng(20261125)
    cases = [
        Case((np.array([[0.25, 0.25], [0.25, 0.25]]),), "the independent joint pmf"),
        Case((np.array([[0.5, 0.0], [0.0, 0.5]]),), "the perfectly dependent joint pmf"),
        Case((np.array([[1.0]]),), "the point mass"),
        Case((np.outer([0.2, 0.3, 0.5], [0.6, 0.4]),), "the product pmf"),
        Case((np.array([[0.3, 0.1, 0.0], [0.0, 0.2, 0.4]]),), "the joint pmf with zeros"),
    ]
    cases += random_joint_pmf_cases(rng)
    return cases


register(Check(
    name="mutual_information",
    task="Mutual information of a joint pmf, in bits",
    cases=_joint_pmf_cases,
    reference=lambda pxy: mutual_information(pxy),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the cells where "
             "p(x, y) = 0 (their contribution is 0)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: check the ratio "
             "p(x, y) / (p(x) p(y)), with p(x) = pxy.sum(axis=1) and p(y) = pxy.sum(axis=0)"),
    ),
))


def check_mutual_information(fn: Callable) -> None:
    """Check a function ``fn(pxy) -> float`` that returns I(X;Y) in bits; prints a verdict.

    Examples
    --------
    A learner's answer, the sum over the cells with ``p(x, y) > 0``:

    >>> import numpy as np
    >>> def mutual_information_bits(pxy):
    ...     px, py = pxy.sum(axis=1, keepdims=True), pxy.sum(axis=0, keepdims=True)
    ...     m = pxy > 0
    ...     return float(np.sum(pxy[m] * np.log2(pxy[m] / (px * py)[m])))
    >>> check_mutual_information(mutual_information_bits)
    ✓ Mutual information of a joint pmf, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("mutual_information", fn))
