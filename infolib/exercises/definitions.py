"""Checks for the chapter "Entropy, conditional entropy and mutual information"."""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..discrete import conditional_entropy, entropy, joint_entropy
from ._core import Case, Check, Hint, evaluate, random_joint_pmf_cases, in_log10, in_nats, register

__all__ = ["check_entropy", "check_conditional_entropy"]


class _Answer(float):
    """The right H(Y|X), carrying the usual wrong answers so that the hints can name them."""

    def __new__(cls, value, **wrong):
        obj = super().__new__(cls, value)
        obj.wrong = wrong
        return obj


def _reference(pxy):
    pxy = np.asarray(pxy, dtype=float)
    return _Answer(
        conditional_entropy(pxy),
        swapped=conditional_entropy(pxy.T),
        joint=joint_entropy(pxy),
        h_y=entropy(pxy.sum(axis=0)),
    )


def _entropy_cases() -> list[Case]:
    rng = np.random.default_rng(20261125)
    cases = [
        Case((np.array([0.5, 0.5]),), "the fair coin"),
        Case((np.array([0.11, 0.89]),), "the biased coin"),
        Case((np.full(6, 1 / 6),), "the fair die"),
        Case((np.array([1.0, 0.0, 0.0]),), "the point mass"),
        Case((np.array([0.5, 0.0, 0.25, 0.25]),), "a pmf with a zero"),
        Case((np.full(1024, 1 / 1024),), "the uniform pmf over 1024 symbols, p ="),
    ]
    for n in (3, 8, 50):
        w = rng.gamma(0.7, size=n)
        w[rng.random(n) < 0.25] = 0.0
        w[0] += 0.05
        cases.append(Case((w / w.sum(),), f"a random pmf over {n} symbols"))
    return cases


register(Check(
    name="entropy",
    task="Entropy of a pmf, in bits",
    cases=_entropy_cases,
    reference=lambda p: entropy(p),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan comes from 0·log 0: skip the symbols with p = 0 "
             "(their contribution is 0)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: e > 1e-9 and math.isclose(g, -e, rel_tol=1e-7),
             "the sign is wrong: entropy is -Σ p log2 p, and log2 p ≤ 0, so H ≥ 0"),
        Hint(lambda g, e: g < 0, "entropy is never negative: it is -Σ p log2 p"),
    ),
))


def check_entropy(fn: Callable) -> None:
    """Check a function ``fn(p) -> float`` that returns H(p) in bits; prints a verdict.

    Examples
    --------
    A right answer, then the same in nats, which the hint recognises:

    >>> import numpy as np
    >>> def entropy_bits(p):
    ...     p = p[p > 0]
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_entropy(entropy_bits)
    ✓ Entropy of a pmf, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    >>> check_entropy(lambda p: entropy_bits(p) * np.log(2))
    ✗ Entropy of a pmf, in bits: 2 of 9 test inputs right.
      First problem: for the fair coin [0.5, 0.5] the answer is 1, your function returned 0.693147. Hint: this is the answer in nats; use np.log2 for bits.
      (6 more inputs fail.)
    """
    print(evaluate("entropy", fn))


def _is(key):
    """A hint's test: ``got`` equals the wrong answer ``key`` (and that differs from the right one)."""
    def matches(got, expected):
        other = getattr(expected, "wrong", {}).get(key)
        if other is None or math.isclose(other, expected, rel_tol=1e-7, abs_tol=1e-9):
            return False
        return math.isclose(got, other, rel_tol=1e-7, abs_tol=1e-9)
    return matches


def _cases() -> list[Case]:
    rng = np.random.default_rng(20261126)
    cases = [
        Case((np.array([[0.5, 0.0], [0.25, 0.25]]),),
             "the joint pmf where X = 0 fixes Y and X = 1 leaves a fair coin,"),
        Case((np.array([[0.25, 0.25], [0.25, 0.25]]),), "two independent fair bits"),
        Case((np.array([[0.5, 0.0], [0.0, 0.5]]),), "Y a copy of X"),
        Case((np.array([[1.0]]),), "the point mass"),
        Case((np.array([[0.3, 0.2, 0.0], [0.1, 0.1, 0.3]]),), "a 2×3 joint pmf with a zero"),
        Case((np.array([[0.2, 0.0], [0.3, 0.0], [0.1, 0.4]]),),
             "a 3×2 joint pmf with zeros (rows are X)"),
        Case((np.array([[0.0, 0.0, 0.0], [0.2, 0.3, 0.5]]),), "a joint pmf with a row of zeros"),
    ]
    cases += random_joint_pmf_cases(rng)
    return cases


register(Check(
    name="conditional_entropy",
    task="Conditional entropy H(Y|X) of a joint pmf (rows X, columns Y), in bits",
    cases=_cases,
    reference=_reference,
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the cells where "
             "p(x, y) = 0 (their contribution is 0), and rows where p(x) = 0"),
        Hint(_is("swapped"), "this is H(X|Y), with the roles of X and Y swapped: rows index X, "
             "so p(x) = pxy.sum(axis=1) and H(Y|X) = -Σ p(x, y) log2( p(x, y) / p(x) )"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_is("joint"), "this is the joint entropy H(X, Y): divide p(x, y) by p(x) inside "
             "the logarithm (or subtract H(X))"),
        Hint(_is("h_y"), "this is H(Y), the entropy before X is known: condition on X by using "
             "p(y | x) = p(x, y) / p(x)"),
        Hint(lambda g, e: g < 0, "conditional entropy is never negative: check the sign "
             "(-Σ p log p) and that p(x) is the row sum"),
    ),
))


def check_conditional_entropy(fn: Callable) -> None:
    """Check a function ``fn(pxy) -> float`` that returns H(Y|X) in bits; prints a verdict.

    Examples
    --------
    The chain rule ``H(Y | X) = H(X, Y) - H(X)``:

    >>> import numpy as np
    >>> def h(p):
    ...     p = p[p > 0]
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_conditional_entropy(lambda pxy: h(pxy.ravel()) - h(pxy.sum(axis=1)))
    ✓ Conditional entropy H(Y|X) of a joint pmf (rows X, columns Y), in bits: correct on all 12 test inputs
      (within 1e-09 absolute, 1e-07 relative).
    """
    print(evaluate("conditional_entropy", fn))
