"""Automatic checks for the book's coding exercises.

Each check is defined once, as data (:class:`Check`): seeded inputs, the
reference answer from ``infolib``, a tolerance, and hints that recognise common
mistakes.  A notebook's ``check`` cell calls ``check_<name>(fn)``, which prints
a verdict in plain words; :func:`evaluate` returns the same verdict as an
object, for tests and for grading.  An exception raised by the learner's
function is reported in words, never as a bare traceback.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .discrete import mutual_information

__all__ = ["Check", "Verdict", "CHECKS", "evaluate", "check_mutual_information"]


@dataclass(frozen=True)
class Case:
    """One input of a check: positional arguments and a short description."""

    args: tuple
    about: str


@dataclass(frozen=True)
class Hint:
    """A common mistake: ``matches(got, expected)`` recognises it; ``text`` explains it."""

    matches: Callable[[float, float], bool]
    text: str


@dataclass(frozen=True)
class Check:
    """A coding exercise's check."""

    name: str
    task: str
    cases: Callable[[], Sequence[Case]]
    reference: Callable[..., float]
    atol: float = 1e-9
    rtol: float = 1e-7
    hints: Sequence[Hint] = ()

    def close(self, got: float, expected: float) -> bool:
        if math.isinf(expected) or math.isinf(got):
            return got == expected
        return abs(got - expected) <= self.atol + self.rtol * abs(expected)


@dataclass
class Verdict:
    """The outcome of a check: passed or not, and what to tell the learner."""

    check: str
    passed: bool
    message: str
    passed_cases: int = 0
    total_cases: int = 0
    failures: list = field(default_factory=list)

    def __str__(self):
        return self.message


def _as_float(value) -> float | None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(arr) if arr.ndim == 0 else None


def _fmt(arg) -> str:
    return np.array2string(np.asarray(arg), precision=4, separator=", ", suppress_small=True)


def evaluate(name: str, fn: Callable) -> Verdict:
    """Run check ``name`` on the learner's function ``fn``; never raises for ``fn``'s faults."""
    check = CHECKS[name]
    if not callable(fn):
        return Verdict(name, False, f"✗ {check.task}: expected a function, got {type(fn).__name__}.")
    cases = list(check.cases())
    failures = []
    for case in cases:
        expected = check.reference(*case.args)
        try:
            raw = fn(*[np.array(a, copy=True) for a in case.args])
        except NotImplementedError:
            return Verdict(name, False, f"✗ {check.task}: the function is not written yet "
                           "(it raises NotImplementedError).", 0, len(cases), ["not implemented"])
        except Exception as exc:  # the learner's bug, reported in words
            failures.append(f"for {case.about} {_fmt(case.args[0])} your function raised "
                            f"{type(exc).__name__}: {exc}")
            continue
        got = _as_float(raw)
        if got is None:
            failures.append(f"for {case.about} {_fmt(case.args[0])} your function returned "
                            f"{type(raw).__name__} {raw!r:.60}; return a single number")
            continue
        if check.close(got, expected):
            continue
        text = (f"for {case.about} {_fmt(case.args[0])} the answer is {expected:.6g}, "
                f"your function returned {got:.6g}")
        for hint in check.hints:
            if hint.matches(got, expected):
                text += f". Hint: {hint.text}"
                break
        failures.append(text)
    ok = len(cases) - len(failures)
    if not failures:
        msg = (f"✓ {check.task}: correct on all {len(cases)} test inputs\n"
               f"  (within {check.atol:g} absolute, {check.rtol:g} relative).")
        return Verdict(name, True, msg, ok, len(cases))
    msg = (f"✗ {check.task}: {ok} of {len(cases)} test inputs right.\n  First problem: "
           f"{failures[0]}." + (f"\n  ({len(failures) - 1} more inputs fail.)" if len(failures) > 1 else ""))
    return Verdict(name, False, msg, ok, len(cases), failures)


# -- the checks ------------------------------------------------------------------

def _joint_pmf_cases() -> list[Case]:
    rng = np.random.default_rng(20261125)
    cases = [
        Case((np.array([[0.25, 0.25], [0.25, 0.25]]),), "the independent joint pmf"),
        Case((np.array([[0.5, 0.0], [0.0, 0.5]]),), "the perfectly dependent joint pmf"),
        Case((np.array([[1.0]]),), "the point mass"),
        Case((np.outer([0.2, 0.3, 0.5], [0.6, 0.4]),), "the product pmf"),
        Case((np.array([[0.3, 0.1, 0.0], [0.0, 0.2, 0.4]]),), "the joint pmf with zeros"),
    ]
    for shape in [(2, 2), (3, 3), (2, 5), (4, 3), (6, 6)]:
        w = rng.gamma(0.7, size=shape)
        w[rng.random(shape) < 0.2] = 0.0
        if w.sum() == 0:
            w[0, 0] = 1.0
        cases.append(Case((w / w.sum(),), f"the random {shape[0]}×{shape[1]} joint pmf"))
    return cases


def _in_nats(got, expected):
    return expected > 1e-6 and abs(got - expected * math.log(2)) < 1e-6 * max(1, expected)


def _in_log10(got, expected):
    return expected > 1e-6 and abs(got - expected * math.log10(2)) < 1e-6 * max(1, expected)


CHECKS: dict[str, Check] = {}


def _register(check: Check) -> Check:
    CHECKS[check.name] = check
    return check


_register(Check(
    name="mutual_information",
    task="Mutual information of a joint pmf, in bits",
    cases=_joint_pmf_cases,
    reference=lambda pxy: mutual_information(pxy),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the cells where "
             "p(x, y) = 0 (their contribution is 0)"),
        Hint(_in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(_in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: check the ratio "
             "p(x, y) / (p(x) p(y)), with p(x) = pxy.sum(axis=1) and p(y) = pxy.sum(axis=0)"),
    ),
))


def check_mutual_information(fn: Callable) -> None:
    """Check a function ``fn(pxy) -> float`` that returns I(X;Y) in bits; prints a verdict."""
    print(evaluate("mutual_information", fn))
