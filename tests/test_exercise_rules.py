"""Rules every exercise check obeys, whatever its chapter (issue 13):

- at least four checked coding exercises per chapter, difficulty stars in each title that match
  the points its check declares (one scale book-wide: 2, 3, 5 for one, two, three stars);
- a constant, a function that raises, returns nan or hands its input back never scores;
- the library does not hand out the answers: a function that reaches an infolib function the
  exercise asks the learner to write (directly, under an alias, through the check's own
  reference or through infolib.exercises) scores 0, with feedback that names it;
- allowed helpers stay allowed; the watch costs little;
- the course kit imports infolib, never the reverse.
"""
import ast
import inspect
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import infolib
from coursework.edition import all_exercises, book_dir, read_notebook
from infolib import exercises
from infolib.exercises import CHECKS
from infolib.exercises._core import (Case, Check, allowed_functions, forbidden_functions,
                                     register, watched_call, EXERCISES_DIR)
from infolib.exercises._core import _reached_by_reference as _reached

ROOT = Path(__file__).resolve().parents[1]
STARS = {2: 1, 3: 2, 5: 3}
EXERCISES = [ex for found in all_exercises().values() for ex in found]
CHECK_NAMES = sorted(CHECKS)


def _title(ex) -> str:
    """The title of the {exercise} directive in the markdown cell before the exercise's solution."""
    nb = read_notebook(book_dir() / ex.notebook)
    for cell in reversed(nb["cells"][:ex.solution_cell]):
        if cell["cell_type"] == "markdown":
            found = re.findall(r"\{exercise\}\s*(.*)", "".join(cell["source"]))
            if found:
                return found[-1].strip()
    return ""


def test_every_chapter_has_at_least_four_checked_exercises():
    found = all_exercises()
    chapters = sorted(p.name for p in book_dir().glob("0*.ipynb"))
    assert len(chapters) == 7
    counts = {n: len(found.get(n, [])) for n in chapters}
    assert all(c >= 4 for c in counts.values()), counts
    assert sum(counts.values()) >= 28


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.function)
def test_titles_carry_stars_that_match_the_points(ex):
    title = _title(ex)
    stars = len(re.match(r"(★*)", title).group(1))
    points = CHECKS[ex.check].points
    assert points in STARS, f"{ex.check}: points {points} is not on the 2/3/5 scale"
    assert stars == STARS[points], f"{ex.notebook} {title!r}: {stars} stars for {points} points"


def _first_args(name):
    return CHECKS[name].cases()[0].args


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_constants_errors_nan_and_the_input_never_score(name):
    check = CHECKS[name]
    cases = list(check.cases())
    expected = [float(check.reference(*c.args)) for c in cases]
    finite = [e for e in expected if math.isfinite(e)]
    constants = {0.0, 1.0, -1.0, 0.5, math.log(2), math.inf, math.nan, *finite}
    for value in sorted(constants, key=repr):
        verdict = exercises.evaluate(name, lambda *a, v=value: v)
        assert not verdict.passed and verdict.points == 0, (name, value)

    def raises(*a):
        raise ValueError("no")

    def first_number(*a):
        return float(np.ravel(np.asarray(a[0], dtype=float))[0])

    def total(*a):
        return float(np.sum(np.asarray(a[0], dtype=float)))

    for fn in (raises, first_number, total):
        verdict = exercises.evaluate(name, fn)
        assert not verdict.passed and verdict.points == 0, (name, fn.__name__)


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_the_functions_the_exercise_asks_for_are_forbidden(name):
    # A closed form the learner derives that no infolib function computes forbids only the
    # checks' own code (next test); every other check forbids what computes its answer.
    forbidden = forbidden_functions(name)
    reached = {k for k in _reached(name) if k not in allowed_functions(name)}
    assert reached <= set(forbidden), name
    for key, dotted in forbidden.items():
        obj = infolib
        for part in dotted.split(".")[1:]:
            obj = getattr(obj, part)
        target = inspect.unwrap(obj)
        if inspect.isfunction(target) and target.__code__.co_filename == key[0]:
            verdict = exercises.evaluate(name, lambda *a, f=target: f(*a))
            assert not verdict.passed and verdict.points == 0
            if verdict.forbidden_used is not None:  # a signature mismatch raises before
                assert verdict.forbidden_used == dotted and dotted in verdict.message


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_the_checks_own_reference_and_module_are_off_limits(name):
    verdict = exercises.evaluate(name, lambda *a: CHECKS[name].reference(*a))
    assert verdict.points == 0 and verdict.forbidden_used == "infolib.exercises"
    assert "the checks' own code" in verdict.message
    via = exercises.evaluate(name, lambda *a: exercises.evaluate(name, lambda *b: 1.0) and 1.0)
    assert via.points == 0 and via.forbidden_used == "infolib.exercises"


def test_an_alias_does_not_hide_the_function():
    from infolib import entropy as h  # noqa: F401  (a learner's alias)

    verdict = exercises.evaluate("entropy", lambda p: h(p))
    assert verdict.forbidden_used == "infolib.entropy" and "infolib.entropy" in verdict.message
    renamed = infolib.entropy
    verdict = exercises.evaluate("entropy", lambda p: renamed(p))
    assert verdict.forbidden_used == "infolib.entropy"


def test_switching_the_watch_off_scores_zero():
    def sneaky(p):
        sys.setprofile(None)
        q = p[p > 0]
        return float(-np.sum(q * np.log2(q)))

    verdict = exercises.evaluate("entropy", sneaky)
    assert verdict.points == 0 and "sys.setprofile" in verdict.message


def test_allowed_helpers_stay_allowed_and_what_they_call_too():
    def inner(p):
        return float(np.sum(p))

    def helper(p):
        return inner(p)

    cases = lambda: [Case((np.array([0.2, 0.8]),), "p ="), Case((np.array([0.5, 0.25, 0.25]),), "p =")]
    hits = []
    key = lambda f: (f.__code__.co_filename, f.__code__.co_firstlineno, f.__code__.co_name)
    assert watched_call(helper, (np.ones(2),), {key(inner): "inner"}, {key(helper): "helper"},
                        EXERCISES_DIR, hits) == 2.0 and hits == []
    assert watched_call(helper, (np.ones(2),), {key(inner): "inner"}, {}, EXERCISES_DIR, hits) == 2.0
    assert hits == ["inner"]
    check = register(Check(name="_rules_max", task="the largest probability", cases=cases,
                           reference=lambda p: float(np.max(p)), points=2,
                           forbidden=("entropy",), allowed=("plugin_entropy",)))
    try:
        assert sorted(allowed_functions("_rules_max").values()) == ["infolib.plugin_entropy"]
        assert "infolib.entropy" in forbidden_functions("_rules_max").values()
        assert exercises.evaluate("_rules_max", lambda p: float(p.max())).passed
        assert exercises.evaluate("_rules_max", lambda p: infolib.entropy(p) * 0 + float(p.max())).points == 0
    finally:
        del CHECKS[check.name]


def test_a_check_must_declare_points_and_name_real_functions():
    with pytest.raises(ValueError, match="points"):
        Check(name="x", task="x", cases=lambda: [], reference=lambda: 0.0)
    with pytest.raises(ValueError, match="points"):
        Check(name="x", task="x", cases=lambda: [], reference=lambda: 0.0, points=0)
    with pytest.raises(ValueError, match="forbidden"):
        Check(name="x", task="x", cases=lambda: [], reference=lambda: 0.0, points=2, forbidden="entropy")
    check = register(Check(name="_rules_bad", task="x", cases=lambda: [Case((np.ones(1),), "p =")],
                           reference=lambda p: 1.0, points=2, forbidden=("no_such_function",)))
    try:
        with pytest.raises(ValueError, match="no_such_function"):
            forbidden_functions("_rules_bad")
    finally:
        del CHECKS[check.name]


def test_the_watch_costs_little():
    def entropy_bits(p):
        q = p[p > 0]
        return float(-np.sum(q * np.log2(q)))

    p = np.full(1000, 1e-3)
    hits, rounds = [], 2000
    t0 = time.perf_counter()
    for _ in range(rounds):
        entropy_bits(p)
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(rounds):
        watched_call(entropy_bits, (p,), forbidden_functions("entropy"), {}, EXERCISES_DIR, hits)
    watched = time.perf_counter() - t0
    assert hits == [] and watched < 10 * bare + 0.05, (bare, watched)


def test_infolib_never_imports_the_course_kit():
    for path in sorted((ROOT / "infolib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "coursework" for a in node.names), path
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] != "coursework", path
    code = "import sys, infolib, infolib.exercises; print(any(m.split('.')[0] == 'coursework' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
    assert not (ROOT / "infolib" / "grade.py").exists() and not (ROOT / "infolib" / "coursework.py").exists()


def test_what_a_reference_calls_does_not_depend_on_what_ran_before():
    """The chapter-3 angle search remembers its answers; a warm memo must not hide from the
    record the functions that computed them (INSTRUCTORS.md's table would change with the
    order of the tests)."""
    from infolib.exercises._core import _public_functions

    check = CHECKS["mid_angle"]
    for case in check.cases():                       # the memo now holds every answer
        check.reference(*case.args)
    names = set(_public_functions()[key] for key in _reached.__wrapped__("mid_angle"))
    assert {"infolib.spike_triggered_average", "infolib.info_per_spike"} <= names
