"""Automatic checks for the book's coding exercises.

Each check is defined once, as data (:class:`Check`): seeded inputs, the
reference answer from ``infolib``, a tolerance, and hints that recognise common
mistakes.  A notebook's ``check`` cell calls ``check_<name>(fn)``, which prints
a verdict in plain words; :func:`evaluate` returns the same verdict as an
object, for tests and for grading.  An exception raised by the learner's
function is reported in words, never as a bare traceback.
"""
from __future__ import annotations

import functools
import hashlib
import math
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np


__all__ = ["Case", "Check", "Hint", "Verdict", "CHECKS", "evaluate", "register", "Failed",
           "NOT_IMPLEMENTED", "Forbidden", "outcome", "judge", "in_nats", "in_log10",
           "pmf_pair_cases", "random_joint_pmf_cases", "show_array", "forbidden_functions",
           "allowed_functions", "watched_call", "EXERCISES_DIR", "Answer", "is_wrong", "in_nats_signed"]

#: Every file of this package starts with this path: a learner's function that runs code from
#: here while it is graded (a check, its ``reference``, :data:`CHECKS`) gets no points.
EXERCISES_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


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
    an infinite answer must be matched exactly), ``hints`` for known mistakes, and the
    exercise's weight in ``points`` (a whole number ≥ 1, the same scale in every chapter:
    2 for one star, 3 for two, 5 for three).

    An exercise scores its ``points`` when the function is right on every input, else 0:
    a function that is right on the easy inputs only (a constant, the uniform case) earns
    nothing, and the verdict says what failed.

    ``forbidden`` names the ``infolib`` functions the exercise asks the learner to write
    (``"entropy"``, ``"estimators.ksg_mutual_information"``: names under ``infolib``); by
    default, and always in addition, the public ``infolib`` functions that ``reference``
    reaches on the inputs. ``allowed`` names helpers the exercise lets the learner call
    even if the reference reaches them (and what they call inside is allowed too). A
    function that reaches a forbidden one while it is graded (directly, through an alias,
    through ``reference`` or anything in :mod:`infolib.exercises`) scores 0.

    Examples
    --------
    >>> import numpy as np
    >>> double = Check(name="double", task="doubling a number",
    ...                cases=lambda: [Case((np.array(1.5),), "x =")],
    ...                reference=lambda x: 2 * float(x), points=2)
    >>> double.close(3.0, double.reference(np.array(1.5))), double.close(3.1, 3.0)
    (True, False)
    >>> double.close(float("inf"), float("inf")), double.close(1e300, float("inf"))
    (True, False)
    >>> Check(name="half", task="halving", cases=lambda: [], reference=lambda x: x / 2)
    Traceback (most recent call last):
    ...
    ValueError: points: the check 'half' must declare its weight, a whole number ≥ 1 (got None)
    """

    name: str
    task: str
    cases: Callable[[], Sequence[Case]]
    reference: Callable[..., float]
    atol: float = 1e-9
    rtol: float = 1e-7
    hints: Sequence[Hint] = ()
    points: int | None = None
    forbidden: Sequence[str] = ()
    allowed: Sequence[str] = ()

    def __post_init__(self):
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points < 1:
            raise ValueError(f"points: the check {self.name!r} must declare its weight, a whole "
                             f"number ≥ 1 (got {self.points!r})")
        for label in ("forbidden", "allowed"):
            names = getattr(self, label)
            if isinstance(names, str) or not all(isinstance(n, str) for n in names):
                raise ValueError(f"{label}: the check {self.name!r} needs a tuple of infolib names, "
                                 f"got {names!r}")

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
    forbidden_used: str | None = None

    def __str__(self):
        return self.message

    @property
    def points(self) -> int:
        """The exercise's weight if the function passed, else 0."""
        return CHECKS[self.check].points if self.passed else 0

    @property
    def max_points(self) -> int:
        """The exercise's weight (:attr:`Check.points`)."""
        return CHECKS[self.check].points


def _as_float(value) -> float | None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(arr) if arr.ndim == 0 else None


def show_array(arg) -> str:
    """An input as the learner will read it in a message: a short numpy repr (arrays of more
    than 24 numbers summarised by their first and last three).

    Examples
    --------
    >>> show_array(np.arange(100.0))
    '[ 0.,  1.,  2., ..., 97., 98., 99.]'
    """
    return np.array2string(np.asarray(arg), precision=4, separator=", ", suppress_small=True,
                           threshold=24, edgeitems=3)


@dataclass(frozen=True)
class Failed:
    """What the learner's function did on one input instead of returning a number, in words
    that follow "your function" (e.g. ``"raised KeyError: 'oops'"``)."""

    text: str


#: The outcome of an input on which the learner's function raised ``NotImplementedError``.
NOT_IMPLEMENTED = Failed("is not written yet (it raises NotImplementedError)")


@dataclass(frozen=True)
class Forbidden:
    """The outcome of an input on which the learner's function reached ``name``, an
    ``infolib`` function the exercise asks them to write (or the checks' own code)."""

    name: str


def _key(code) -> tuple:
    """What identifies a function's code in any process that imports the same files."""
    return (code.co_filename, code.co_firstlineno, code.co_name)


def _code_of(obj):
    import inspect

    try:
        obj = inspect.unwrap(obj)
    except ValueError:
        return None
    return getattr(obj, "__code__", None)


@functools.lru_cache(maxsize=1)
def _public_functions() -> dict:
    """``{code key: dotted name}`` of every public function of ``infolib`` (and the methods
    of its public classes), named as a reader imports them (``infolib.entropy``)."""
    import importlib
    import inspect
    import pkgutil

    import infolib

    found = {}

    def add(obj, name):
        code = _code_of(obj)
        if code is not None and code.co_filename.startswith(_PACKAGE_DIR) \
                and not code.co_filename.startswith(EXERCISES_DIR):
            key = _key(code)
            if key not in found or len(name) < len(found[key]):
                found[key] = name

    modules = [infolib] + [importlib.import_module(m.name) for m in
                           pkgutil.walk_packages(infolib.__path__, "infolib.")
                           if ".exercises" not in m.name and not m.name.rsplit(".", 1)[-1].startswith("_")]
    for module in modules:
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for n in names:
            obj = getattr(module, n, None)
            prefix = "infolib" if getattr(infolib, n, None) is obj else module.__name__
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") or attr == "__call__":
                        add(getattr(member, "__func__", member), f"{prefix}.{n}.{attr}")
            elif callable(obj):
                add(obj, f"{prefix}.{n}")
    return found


_PACKAGE_DIR = os.path.dirname(EXERCISES_DIR.rstrip(os.sep)) + os.sep


def _resolve(name: str, check: str, label: str):
    import infolib

    obj = infolib
    for part in name.removeprefix("infolib.").split("."):
        obj = getattr(obj, part, None)
    code = _code_of(obj) if obj is not None else None
    if code is None:
        raise ValueError(f"{label}: the check {check!r} names {name!r}, which is not an infolib function")
    return _key(code), "infolib." + name.removeprefix("infolib.")


#: Memo tables of the references (:func:`memo`): emptied before a reference is recorded.
_MEMOS: list = []


def memo() -> dict:
    """A dict in which a reference may keep answers it computed (an expensive search on a
    case's data). :func:`forbidden_functions` empties every such dict before it records what a
    reference calls, so the record never depends on what ran before in the process.

    Examples
    --------
    >>> table = memo()
    >>> table["case"] = 1.0
    >>> _ = _reached_by_reference.__wrapped__("entropy")
    >>> table
    {}
    """
    table: dict = {}
    _MEMOS.append(table)
    return table


@functools.lru_cache(maxsize=None)
def _reached_by_reference(name: str) -> frozenset:
    """The code keys of the public infolib functions the reference of check ``name`` calls
    on its inputs (run once, recorded with a profile hook)."""
    check = CHECKS[name]
    public = _public_functions()
    seen = set()

    def hook(frame, event, arg):
        if event == "call":
            key = _key(frame.f_code)
            if key in public:
                seen.add(key)

    cases = list(check.cases())  # built before the recording: making inputs is not the answer
    for table in _MEMOS:         # a remembered answer would hide the calls that computed it
        table.clear()
    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        for case in cases:
            check.reference(*case.args)
    finally:
        sys.setprofile(previous)
    return frozenset(seen)


def allowed_functions(name: str) -> dict:
    """``{code key: dotted name}`` of the helpers check ``name`` allows (:attr:`Check.allowed`).

    Examples
    --------
    >>> list(allowed_functions("conditional_entropy").values())
    []
    """
    check = CHECKS[name]
    return dict(_resolve(n, name, "allowed") for n in check.allowed)


def forbidden_functions(name: str) -> dict:
    """``{code key: dotted name}`` of the ``infolib`` functions a learner's function may not
    reach while check ``name`` grades it: :attr:`Check.forbidden`, and every public function
    the reference reaches, except the allowed ones. (Code in :data:`EXERCISES_DIR` is
    forbidden too, by :func:`watched_call`.)

    Examples
    --------
    >>> sorted(forbidden_functions("entropy").values())
    ['infolib.entropy']
    """
    check = CHECKS[name]
    public = _public_functions()
    allowed = allowed_functions(name)
    out = {key: public[key] for key in _reached_by_reference(name) if key not in allowed}
    out.update(_resolve(n, name, "forbidden") for n in check.forbidden)
    return out


def watched_call(fn, args, forbidden, allowed, prefix, hits):
    """``fn(*args)``, watched: the first function ``fn`` reaches whose code key is in
    ``forbidden`` (or whose file is under ``prefix``), unless an ``allowed`` function is
    on the way to it, is appended to ``hits`` by its name; switching the watch off counts too.

    Self-contained (the grader copies its source into a learner's kernel): it uses only its
    arguments and ``sys``.

    Examples
    --------
    >>> import math
    >>> hits = []
    >>> watched_call(math.sqrt, (4.0,), {}, {}, EXERCISES_DIR, hits), hits
    (2.0, [])
    >>> watched_call(lambda p: CHECKS["entropy"].reference(p), ([0.5, 0.5],), {}, {},
    ...              EXERCISES_DIR, hits), hits
    (1.0, ['infolib.exercises'])
    """
    import sys as _sys

    def hook(frame, event, arg):
        if event != "call" or hits:
            return
        code = frame.f_code
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        name = forbidden.get(key)
        if name is None and code.co_filename.startswith(prefix):
            name = "infolib.exercises"
        if name is None:
            return
        up = frame.f_back
        while up is not None:
            c = up.f_code
            if (c.co_filename, c.co_firstlineno, c.co_name) in allowed:
                return
            up = up.f_back
        hits.append(name)

    previous = _sys.getprofile()
    _sys.setprofile(hook)
    try:
        return fn(*args)
    finally:
        if _sys.getprofile() is not hook and not hits:
            hits.append("sys.setprofile (the function switched off the grader's watch)")
        _sys.setprofile(previous)


def outcome(fn: Callable, args: Sequence, name: str | None = None) -> "float | Failed | Forbidden":
    """Call ``fn`` on copies of ``args``; the number it returned, or a :class:`Failed`. With
    a check's ``name``, the call is watched (:func:`watched_call`): reaching a function the
    check forbids gives a :class:`Forbidden`."""
    args = [np.array(a, copy=True) for a in args]
    hits = []
    forbidden = forbidden_functions(name) if name else {}
    allowed = allowed_functions(name) if name else {}
    try:
        if name:
            raw = watched_call(fn, args, forbidden, allowed, EXERCISES_DIR, hits)
        else:
            raw = fn(*args)
    except NotImplementedError:
        return Forbidden(hits[0]) if hits else NOT_IMPLEMENTED
    except Exception as exc:  # the learner's bug, reported in words
        return Forbidden(hits[0]) if hits else Failed(f"raised {type(exc).__name__}: {exc}")
    if hits:
        return Forbidden(hits[0])
    got = _as_float(raw)
    if got is None:
        return Failed(f"returned {type(raw).__name__} {raw!r:.60}; return a single number")
    return got


def _args_key(args):
    """A key for equal positional arguments (arrays by dtype, shape and a digest of their
    bytes; numbers and strings by type and repr; tuples of those), or None for anything else."""
    parts = []
    for a in args:
        if isinstance(a, np.ndarray) and a.dtype != object:
            digest = hashlib.blake2b(np.ascontiguousarray(a).data, digest_size=16).hexdigest()
            parts.append(("array", a.dtype.str, a.shape, digest))
        elif isinstance(a, (bool, int, float, complex, str, bytes, type(None), np.generic)):
            parts.append((type(a).__name__, repr(a)))
        elif isinstance(a, tuple):
            inner = _args_key(a)
            if inner is None:
                return None
            parts.append(("tuple", inner))
        else:
            return None
    return tuple(parts)


def _expected(check: Check, args):
    """``check.reference(*args)``, remembered on ``check`` for equal arguments: the references
    are pure functions of their inputs and some run a simulation (0.3 s for a decorrelated
    STA), while :func:`judge` needs them on every call, for a learner's every try and for
    each submission the grader reads.

    >>> calls = []
    >>> c = Check(name="sq", task="squaring", cases=lambda: [], points=2,
    ...           reference=lambda x: calls.append(1) or float(x) ** 2)
    >>> _expected(c, (np.array(3.0),)), _expected(c, (np.array(3.0),)), _expected(c, (np.array(2.0),))
    (9.0, 9.0, 4.0)
    >>> len(calls)
    2
    """
    key = _args_key(args)
    if key is None:
        return check.reference(*args)
    memo = check.__dict__.get("_expected_memo")
    if memo is None:
        memo = {}
        object.__setattr__(check, "_expected_memo", memo)  # not a field: eq and hash ignore it
    if key not in memo:
        memo[key] = check.reference(*args)
    return memo[key]


def judge(name: str, outcomes: Sequence, cases: Sequence[Case] | None = None) -> Verdict:
    """The verdict of check ``name`` on already-computed outcomes, one per case (a number or
    a :class:`Failed`; a shorter list means the remaining cases did not run).

    Shared by :func:`evaluate` (the learner's check cell) and :mod:`coursework.grade`, which
    gets the outcomes from a student's kernel and compares here, in its own process.
    """
    check = CHECKS[name]
    cases = list(check.cases()) if cases is None else list(cases)
    used = next((o.name for o in outcomes if isinstance(o, Forbidden)), None)
    if used is not None:
        if used.startswith("sys.setprofile"):
            what = f"{used}: the grader must see which functions run while it grades"
        elif used.startswith("infolib.exercises"):
            what = "the checks' own code (infolib.exercises: the reference answers)"
        else:
            what = f"{used}, which computes what this exercise asks you to write"
        allowed = ", ".join(sorted(allowed_functions(name).values()))
        return Verdict(name, False, f"✗ {check.task}: your function calls {what}, so it scores 0 of "
                       f"{check.points} points. Write it yourself with numpy"
                       + (f" (allowed here: {allowed})" if allowed else "") + ".",
                       0, len(cases), [f"calls {used}"], used)
    if NOT_IMPLEMENTED in outcomes:
        return Verdict(name, False, f"✗ {check.task}: the function is not written yet "
                       "(it raises NotImplementedError).", 0, len(cases), ["not implemented"])
    failures = []
    for i, case in enumerate(cases):
        expected = _expected(check, case.args)
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
            try:
                with np.errstate(all="ignore"):
                    matched = hint.matches(got, expected)
            except (ArithmeticError, ValueError, TypeError, OverflowError):
                matched = False  # a hint that cannot judge this answer does not apply
            if matched:
                text += f". Hint: {hint.text}"
                break
        failures.append(text)
    ok = len(cases) - len(failures)
    if not failures:
        msg = (f"✓ {check.task}: correct on all {len(cases)} test inputs\n"
               f"  (within {check.atol:g} absolute, {check.rtol:g} relative): {check.points} of "
               f"{check.points} points.")
        return Verdict(name, True, msg, ok, len(cases))
    msg = (f"✗ {check.task}: {ok} of {len(cases)} test inputs right, 0 of {check.points} points "
           "(all must be right).\n  First problem: "
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
        outcomes.append(outcome(fn, case.args, name))
        if outcomes[-1] is NOT_IMPLEMENTED or isinstance(outcomes[-1], Forbidden):
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
    ...                         reference=lambda x: 2 * float(x), points=2))
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


def in_nats_signed(got, expected):
    """A hint's test: ``got`` is the expected number of bits given in nats, whatever its sign
    (a Monte Carlo estimate can be negative)."""
    return abs(expected) > 1e-6 and abs(got - expected * math.log(2)) < 1e-6 * max(1, abs(expected))


class Answer(float):
    """A check's right answer on one input that carries the usual wrong answers (``wrong``,
    by name), so that hints (:func:`is_wrong`) can recognise them.

    Examples
    --------
    >>> expected = Answer(1.0, swapped=0.5)
    >>> float(expected), expected.wrong["swapped"]
    (1.0, 0.5)
    """

    def __new__(cls, value, **wrong):
        obj = super().__new__(cls, value)
        obj.wrong = wrong
        return obj


def is_wrong(key, rel_tol=1e-7, abs_tol=1e-9):
    """A hint's test: ``got`` equals the wrong answer ``key`` that the :class:`Answer`
    ``expected`` carries, and that wrong answer differs from the right one (else the hint would
    not be specific). Infinite wrong answers must be matched exactly; nan never matches.

    Examples
    --------
    >>> swapped = is_wrong("swapped")
    >>> swapped(0.5, Answer(1.0, swapped=0.5)), swapped(0.7, Answer(1.0, swapped=0.5))
    (True, False)
    >>> swapped(1.0, Answer(1.0, swapped=1.0))  # not a mistake where both agree
    False
    """
    def matches(got, expected):
        other = getattr(expected, "wrong", {}).get(key)
        if other is None:
            return False
        other = float(other)
        if math.isnan(other) or math.isnan(got):
            return False
        if math.isinf(other) or math.isinf(got):
            return got == other and other != float(expected)
        if math.isclose(other, expected, rel_tol=rel_tol, abs_tol=abs_tol):
            return False
        return math.isclose(got, other, rel_tol=rel_tol, abs_tol=abs_tol)
    return matches


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
