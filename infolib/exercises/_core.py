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
from typing import Callable, Sequence

import numpy as np


__all__ = ["Case", "Check", "Hint", "Verdict", "CHECKS", "evaluate", "register", "Failed",
           "NOT_IMPLEMENTED", "outcome", "judge", "in_nats", "in_log10",
           "pmf_pair_cases", "random_joint_pmf_cases", "show_array"]


@dataclass(frozen=True)
class Case:
    """One input of a check: positional arguments and a short description.

    A verdict names a failing input as ``"for <about> <first argument>"``, so ``about`` ends
    where the printed array begins.

    Examples
    --------
    >>> import numpy as np
    >>> case = Case((np.array([0.5, 0.5]),), "the fair coin p =")
    >>> case.about, case.args[0].sum()
    ('the fair coin p =', np.float64(1.0))
    """

    args: tuple
    about: str


@dataclass(frozen=True)
class Hint:
    """A common mistake: ``matches(got, expected)`` recognises it; ``text`` explains it.

    Examples
    --------
    >>> import math
    >>> nats = Hint(in_nats, "this is the answer in nats: use log base 2")
    >>> nats.matches(math.log(2), 1.0), nats.matches(1.0, 1.0)
    (True, False)
    """

    matches: Callable[[float, float], bool]
    text: str


@dataclass(frozen=True)
class Check:
    """A coding exercise's check: the inputs (``cases``, a function so that they are built
    only when needed), the ``reference`` answer, the tolerance (``atol + rtol·|expected|``;
    an infinite answer must be matched exactly) and ``hints`` for known mistakes.

    Examples
    --------
    >>> import numpy as np
    >>> double = Check(name="double", task="doubling a number",
    ...                cases=lambda: [Case((np.array(1.5),), "x =")],
    ...                reference=lambda x: 2 * float(x))
    >>> double.close(3.0, double.reference(np.array(1.5))), double.close(3.1, 3.0)
    (True, False)
    >>> double.close(float("inf"), float("inf")), double.close(1e300, float("inf"))
    (True, False)
    """

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
    """The outcome of a check: passed or not, and what to tell the learner (``str`` of it).

    Examples
    --------
    >>> verdict = evaluate("entropy", lambda p: 0.0)  # a wrong answer
    >>> verdict.passed, verdict.passed_cases < verdict.total_cases
    (False, True)
    >>> str(verdict).startswith("✗")
    True
    """

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


def show_array(arg) -> str:
    """An input as the learner will read it in a message: a short numpy repr."""
    return np.array2string(np.asarray(arg), precision=4, separator=", ", suppress_small=True)


@dataclass(frozen=True)
class Failed:
    """What the learner's function did on one input instead of returning a number, in words
    that follow "your function" (e.g. ``"raised KeyError: 'oops'"``)."""

    text: str


#: The outcome of an input on which the learner's function raised ``NotImplementedError``.
NOT_IMPLEMENTED = Failed("is not written yet (it raises NotImplementedError)")


def outcome(fn: Callable, args: Sequence) -> "float | Failed":
    """Call ``fn`` on copies of ``args``; the number it returned, or a :class:`Failed`."""
    try:
        raw = fn(*[np.array(a, copy=True) for a in args])
    except NotImplementedError:
        return NOT_IMPLEMENTED
    except Exception as exc:  # the learner's bug, reported in words
        return Failed(f"raised {type(exc).__name__}: {exc}")
    got = _as_float(raw)
    if got is None:
        return Failed(f"returned {type(raw).__name__} {raw!r:.60}; return a single number")
    return got


def judge(name: str, outcomes: Sequence, cases: Sequence[Case] | None = None) -> Verdict:
    """The verdict of check ``name`` on already-computed outcomes, one per case (a number or
    a :class:`Failed`; a shorter list means the remaining cases did not run).

    Shared by :func:`evaluate` (the learner's check cell) and :mod:`infolib.grade`, which
    gets the outcomes from a student's kernel and compares here, in its own process.
    """
    check = CHECKS[name]
    cases = list(check.cases()) if cases is None else list(cases)
    if NOT_IMPLEMENTED in outcomes:
        return Verdict(name, False, f"✗ {check.task}: the function is not written yet "
                       "(it raises NotImplementedError).", 0, len(cases), ["not implemented"])
    failures = []
    for i, case in enumerate(cases):
        expected = check.reference(*case.args)
        if i >= len(outcomes):
            failures.append(f"for {case.about} {show_array(case.args[0])} your function was not run")
            continue
        got = outcomes[i]
        if isinstance(got, Failed):
            failures.append(f"for {case.about} {show_array(case.args[0])} your function {got.text}")
            continue
        if check.close(got, expected):
            continue
        text = (f"for {case.about} {show_array(case.args[0])} the answer is {expected:.6g}, "
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


def evaluate(name: str, fn: Callable) -> Verdict:
    """Run check ``name`` on the learner's function ``fn``; never raises for ``fn``'s faults.

    Examples
    --------
    >>> import numpy as np
    >>> def entropy_bits(p):
    ...     p = p[p > 0]
    ...     return float(-(p * np.log2(p)).sum())
    >>> verdict = evaluate("entropy", entropy_bits)
    >>> verdict.passed, verdict.passed_cases == verdict.total_cases
    (True, True)
    >>> def crashes(p):
    ...     raise KeyError("oops")
    >>> print(evaluate("entropy", crashes).failures[0].split(" your function ")[1])
    raised KeyError: 'oops'
    """
    check = CHECKS[name]
    if not callable(fn):
        return Verdict(name, False, f"✗ {check.task}: expected a function, got {type(fn).__name__}.")
    cases = list(check.cases())
    outcomes = []
    for case in cases:
        outcomes.append(outcome(fn, case.args))
        if outcomes[-1] is NOT_IMPLEMENTED:
            break
    return judge(name, outcomes, cases)


CHECKS: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add ``check`` to :data:`CHECKS` under its name (each name once); returns ``check``.

    Examples
    --------
    >>> import numpy as np
    >>> double = register(Check(name="double", task="doubling a number",
    ...                         cases=lambda: [Case((np.array(1.5),), "x =")],
    ...                         reference=lambda x: 2 * float(x)))
    >>> evaluate("double", lambda x: x + x).passed
    True
    >>> register(double)
    Traceback (most recent call last):
    ...
    ValueError: a check named 'double' is already registered
    >>> del CHECKS["double"]  # leave the registry as it was
    """
    if check.name in CHECKS:
        raise ValueError(f"a check named {check.name!r} is already registered")
    CHECKS[check.name] = check
    return check


def in_nats(got, expected):
    """A hint's test: ``got`` is the expected number of bits given in nats."""
    return expected > 1e-6 and abs(got - expected * math.log(2)) < 1e-6 * max(1, expected)


def in_log10(got, expected):
    """A hint's test: ``got`` is the expected number of bits given in base 10."""
    return expected > 1e-6 and abs(got - expected * math.log10(2)) < 1e-6 * max(1, expected)


def random_joint_pmf_cases(rng, shapes=((2, 2), (3, 3), (2, 5), (4, 3), (6, 6)), zero_rate=0.2):
    """Random joint pmfs for checks: Gamma(0.7) weights, about ``zero_rate`` of the cells set
    to exactly 0 (never all of them), normalised; one :class:`Case` per shape."""
    cases = []
    for shape in shapes:
        w = rng.gamma(0.7, size=shape)
        w[rng.random(shape) < zero_rate] = 0.0
        if w.sum() == 0:
            w[0, 0] = 1.0
        cases.append(Case((w / w.sum(),), f"the random {shape[0]}×{shape[1]} joint pmf"))
    return cases


def pmf_pair_cases(pairs, rng, sizes, zero_rate, q_floor, label="random pmfs over {n} symbols"):
    """Cases ``(p, q)`` for checks of two-pmf measures: the hand-picked ``pairs``
    (``(p, q, about)`` triples) and one random pair per size in ``sizes``.

    A random ``p`` has Gamma(0.8) weights with about ``zero_rate`` of them set
    to 0 (its first entry always keeps mass); a random ``q`` has Gamma(1.5)
    weights plus ``q_floor``, so it is positive everywhere.  A verdict reads
    "for <about> <first argument>", so each description names ``q`` and ends
    with "p =".
    """
    pairs = list(pairs)
    for n in sizes:
        p = rng.gamma(0.8, size=n)
        p[rng.random(n) < zero_rate] = 0.0
        p[0] += 0.1
        q = rng.gamma(1.5, size=n) + q_floor
        pairs.append((p / p.sum(), q / q.sum(), label.format(n=n)))
    cases = []
    for p, q, about in pairs:
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        cases.append(Case((p, q), f"{about}, q = {show_array(q)} and p ="))
    return tuple(cases)
