"""The grader (``python -m coursework.grade``): one grading run of the fault-case submissions
(:func:`coursework.grade.write_fixtures`), through the command line, shared by every test here.

Expected points come from the cases' definitions and from scipy, never from the grader's
output: the reference gets every input of each check, the stubs none, an answer in nats is
right exactly on the inputs whose entropy is 0, and so on.
"""
import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from coursework import grade as grader
from coursework.edition import Exercise, book_dir, find_exercises, read_notebook
from infolib.exercises import CHECKS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_definitions.ipynb"
CELL_TIMEOUT = 30
EXERCISES = find_exercises(read_notebook(book_dir() / NOTEBOOK), NOTEBOOK)
FIRST, LAST = EXERCISES[0], EXERCISES[-1]
WEIGHT = {ex.function: CHECKS[ex.check].points for ex in EXERCISES}


def _hashes(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The fixtures graded once by the command line: its exit code and output, the CSV rows,
    and the hashes of every submission file before and after."""
    tmp = tmp_path_factory.mktemp("grade")
    subs = tmp / "submissions"
    cases = grader.write_fixtures(subs)
    before = _hashes(subs)
    out = tmp / "out" / "grades.csv"
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run([sys.executable, "-m", "coursework.grade", str(subs), "--out", str(out),
                           "--cell-timeout", str(CELL_TIMEOUT), "--timeout", "300", "--jobs", "2"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    with out.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    with (out.parent / "gradebook.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        book_header, book_rows = reader.fieldnames, list(reader)
    return {"cases": cases, "proc": proc, "header": header, "rows": rows, "before": before,
            "after": _hashes(subs), "subs": subs, "out": out.parent, "outputs": _hashes(out.parent),
            "book_header": book_header, "book_rows": book_rows, "env": env}


def row(run, student, function):
    found = [r for r in run["rows"] if r["student"] == student and r["exercise"] == function]
    assert len(found) == 1, (student, function, run["proc"].stdout, run["proc"].stderr[-3000:])
    r = found[0]
    return int(r["points"]), int(r["max_points"]), r["feedback"]


def test_the_command_line_completes_and_prints_one_summary_line(run):
    proc = run["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    students = len(run["cases"])
    assert lines[0].startswith(f"graded {students} students, 1 notebook ({NOTEBOOK})")
    assert f"{students * len(EXERCISES)} exercise rows" in lines[0]
    assert "mean score" in lines[0] and "kernel died" in lines[0] and "not a notebook" in lines[0]
    assert "ignored 1 other file" in lines[0]  # the scratch notebook


def test_csv_has_the_columns_and_one_row_per_student_and_exercise(run):
    assert (run["out"] / "grades.csv").is_file()
    assert tuple(run["header"]) == ("student", "notebook", "exercise", "points", "max_points", "feedback")
    keys = [(r["student"], r["exercise"]) for r in run["rows"]]
    assert sorted(keys) == sorted((s, ex.function) for s in run["cases"] for ex in EXERCISES)
    assert {r["notebook"] for r in run["rows"]} == {NOTEBOOK}
    for r in run["rows"]:
        assert int(r["max_points"]) == WEIGHT[r["exercise"]]
        assert 0 <= int(r["points"]) <= int(r["max_points"])
        assert r["feedback"] and "\n" not in r["feedback"]


def test_no_submission_file_changed(run):
    assert run["before"] == run["after"]


@pytest.mark.parametrize("student", ["reference", "no-check-cells"])
def test_right_answers_get_full_marks(run, student):
    for ex in EXERCISES:
        points, max_points, feedback = row(run, student, ex.function)
        assert (points, max_points) == (WEIGHT[ex.function], WEIGHT[ex.function]), feedback
        assert feedback.startswith("✓")


def test_the_student_edition_gets_zero(run):
    for ex in EXERCISES:
        points, _, feedback = row(run, "untouched", ex.function)
        assert points == 0 and "not written yet" in feedback


def test_one_wrong_answer_gets_zero_and_the_nats_hint(run):
    # An answer in nats is right exactly where the entropy is 0 (ln 2 · 0 = 0): some inputs but
    # not all, and an exercise scores only when every input is right.
    zero = sum(scipy_entropy(case.args[0], base=2) < 1e-12 for case in CHECKS[FIRST.check].cases())
    assert 0 < zero < len(CHECKS[FIRST.check].cases())
    points, max_points, feedback = row(run, "one-wrong", FIRST.function)
    assert (points, max_points) == (0, WEIGHT[FIRST.function]), feedback
    assert "nats" in feedback and f"{zero} of {len(CHECKS[FIRST.check].cases())} test inputs right" in feedback
    for ex in EXERCISES[1:]:
        assert row(run, "one-wrong", ex.function)[0] == WEIGHT[ex.function]


@pytest.mark.parametrize("student, words", [
    ("constant", "returned 0.5"),
    ("raises", "raised ValueError: not today"),
    ("calls-infolib", "your function calls infolib."),
    ("through-check", "the checks' own code"),
])
def test_constants_errors_and_the_librarys_answers_never_score(run, student, words):
    for ex in EXERCISES:
        points, _, feedback = row(run, student, ex.function)
        assert points == 0 and words in feedback, feedback


def test_the_feedback_names_the_infolib_function_that_was_called(run):
    from infolib.exercises._core import forbidden_functions

    for ex in EXERCISES:
        _, _, feedback = row(run, "calls-infolib", ex.function)
        assert any(f"calls {name}" in feedback for name in forbidden_functions(ex.check).values()), feedback


def test_the_gradebook_has_one_row_per_student_with_chapter_points_total_and_maximum(run):
    assert run["book_header"] == ["student", NOTEBOOK.removesuffix(".ipynb"), "total", "max"]
    assert [r["student"] for r in run["book_rows"]] == sorted(run["cases"])
    most = sum(WEIGHT.values())
    for r in run["book_rows"]:
        mine = [x for x in run["rows"] if x["student"] == r["student"]]
        assert int(r["total"]) == sum(int(x["points"]) for x in mine) == int(r[NOTEBOOK.removesuffix(".ipynb")])
        assert int(r["max"]) == most
    full = {r["student"]: int(r["total"]) for r in run["book_rows"]}
    assert full["reference"] == most and full["untouched"] == 0 and full["constant"] == 0


def test_each_student_gets_a_feedback_file_with_every_verdict(run):
    folder = run["out"] / "feedback"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{s}.md" for s in run["cases"])
    text = (folder / "one-wrong.md").read_text(encoding="utf-8")
    assert text.startswith("# Feedback for one-wrong\n")
    assert f"## {NOTEBOOK}: " in text and "nats" in text
    for ex in EXERCISES:
        assert f"`{ex.function}`" in text


#: Graded a second time, in a folder of their own: the right answer, a wrong one, an error and a
#: forbidden call (the watch): four, two rounds of the grader's two kernels. (A notebook without
#: check cells is graded like the reference; the slow cases, a loop that times out and a kernel
#: that dies, are graded once.)
REGRADED = ("reference", "one-wrong", "raises", "calls-infolib")


def _lines_of(path: Path, students) -> list[str]:
    """The header and the lines of ``students`` (in file order) of a CSV written by the grader."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [lines[0]] + [line for line in lines[1:] if line.split(",", 1)[0] in students]


def test_grading_the_same_submissions_again_writes_the_same_bytes(run, tmp_path):
    subs = tmp_path / "submissions"
    for student in REGRADED:
        shutil.copytree(run["subs"] / student, subs / student)
    out = tmp_path / "out" / "grades.csv"
    proc = subprocess.run([sys.executable, "-m", "coursework.grade", str(subs), "--out", str(out),
                           "--cell-timeout", str(CELL_TIMEOUT), "--timeout", "300", "--jobs", "2"],
                          cwd=ROOT, env=run["env"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    again = _hashes(out.parent)
    assert sorted(again) == sorted(["grades.csv", "gradebook.csv"]
                                   + [f"feedback/{s}.md" for s in REGRADED])
    for student in REGRADED:
        name = f"feedback/{student}.md"
        assert again[name] == run["outputs"][name], f"{name} differs from the first grading"
    for name in ("grades.csv", "gradebook.csv"):
        assert _lines_of(out.parent / name, REGRADED) == _lines_of(run["out"] / name, REGRADED), name


def test_an_infinite_loop_times_out_and_the_rest_is_graded(run):
    points, _, feedback = row(run, "infinite-loop", FIRST.function)
    limit = min(CELL_TIMEOUT, grader.CALL_TIMEOUT)
    assert points == 0 and f"timed out after {limit:g} s" in feedback
    for ex in EXERCISES[1:]:
        assert row(run, "infinite-loop", ex.function)[0] == WEIGHT[ex.function]


def test_invalid_json_is_not_a_notebook(run):
    for ex in EXERCISES:
        points, _, feedback = row(run, "invalid-json", ex.function)
        assert points == 0 and "not a notebook" in feedback


def test_monkeypatching_the_checks_and_math_isclose_changes_nothing(run):
    # The patched kernel would print ✓; 42.0 is no input's entropy, so the grade is 0.
    assert all(abs(scipy_entropy(c.args[0], base=2) - 42) > 1 for c in CHECKS[FIRST.check].cases())
    points, _, feedback = row(run, "monkeypatch", FIRST.function)
    assert points == 0 and "returned 42" in feedback
    for ex in EXERCISES[1:]:
        assert row(run, "monkeypatch", ex.function)[0] == WEIGHT[ex.function]


def test_a_dying_kernel_loses_only_what_was_not_graded(run):
    points, _, feedback = row(run, "kernel-dies", LAST.function)
    assert points == 0 and "the kernel died" in feedback
    for ex in EXERCISES[:-1]:  # graded before the cell that kills the kernel
        assert row(run, "kernel-dies", ex.function)[0] == WEIGHT[ex.function]


def test_a_missing_notebook_is_not_handed_in(run):
    for ex in EXERCISES:
        points, _, feedback = row(run, "not-handed-in", ex.function)
        assert points == 0 and "not handed in" in feedback


def test_fixtures_are_deterministic(run, tmp_path):
    assert grader.write_fixtures(tmp_path) == run["cases"]
    assert _hashes(tmp_path) == run["before"]


# --- without a kernel ------------------------------------------------------------------------

def test_a_missing_folder_exits_2(tmp_path, capsys):
    assert grader.main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "g.csv")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("kwargs, word", [({"jobs": 0}, "jobs"), ({"jobs": 1.5}, "jobs"),
                                          ({"cell_timeout": -1}, "cell_timeout"),
                                          ({"timeout": float("nan")}, "timeout")])
def test_bad_arguments_are_named(tmp_path, kwargs, word):
    with pytest.raises(ValueError, match=word):
        grader.grade(tmp_path, **kwargs)


def _nb(*cells):
    return {"cells": [{"cell_type": "code", "source": s, "metadata": {"tags": t}} for s, t in cells]}


BOOK = _nb(("import numpy as np", []), ("widgets.show(1)", []), ("shown = 3\nglue('x', 2)", []),
           ("def f(p):\n    return 1.0", ["solution"]), ("infolib.exercises.check_f(f)", ["check"]),
           ("widgets.show(2)", []))
EX = [Exercise("a.ipynb", "f", "f", 3, 4)]


def test_plan_skips_retagged_check_calls_and_cells_after_grading():
    mine = _nb(("import numpy as np", []), ("def f(p):\n    return 2.0", []),
               ("infolib.exercises.check_f(f)", []), ("print('later')", []))
    plan = grader.plan_submission(mine, BOOK, EX)
    assert [i for i, _ in plan["cells"]] == [0, 1] and plan["grade_after"] == {"f": 1}
    assert plan["skipped"]["check"] == [2] and plan["skipped"]["after"] == [3]


def test_plan_keeps_display_cells_a_student_could_depend_on():
    same = _nb(*[(s, t) for s, t in [("import numpy as np", []), ("widgets.show(1)", []),
                                     ("shown = 3\nglue('x', 2)", []), ("def f(p):\n    return 1.0", [])]])
    assert grader.plan_submission(same, BOOK, EX)["skipped"]["display"] == [1, 2]
    reads = _nb(("import numpy as np", []), ("widgets.show(1)", []), ("shown = 3\nglue('x', 2)", []),
                ("def f(p):\n    return shown", []))  # reads a name the display cell binds
    assert grader.plan_submission(reads, BOOK, EX)["skipped"]["display"] == [1]
    patched = _nb(("import numpy as np", []), ("widgets.show = print", []), ("widgets.show(1)", []),
                  ("def f(p):\n    return 1.0", []))  # the student rebinds what the cell calls
    assert grader.plan_submission(patched, BOOK, EX)["skipped"]["display"] == []
    dynamic = _nb(("import numpy as np", []), ("widgets.show(1)", []),
                  ("def f(p):\n    return globals()['x']", []))
    assert grader.plan_submission(dynamic, BOOK, EX)["skipped"]["display"] == []


def test_only_the_line_with_this_runs_token_counts():
    text = 'abc {"outcomes": [1.0]}\nfff {"outcomes": [2.0]}\n'
    assert grader._read_grader_line(text, "fff") == {"outcomes": [2.0]}
    assert grader._read_grader_line(text, "zzz") is None
    assert grader._read_grader_line("fff not json\n", "fff") is None
    # A line printed by the learner's function with the token (a forgery) voids the result.
    assert grader._read_grader_line(text + 'fff {"outcomes": [3.0]}\n', "fff") is None


def test_inputs_cross_to_the_kernel_as_json_with_dtype_and_shape():
    arr = np.array([[0.5, np.inf], [-np.inf, 0.0]])
    enc = grader._encode(arr)
    import json
    back = json.loads(json.dumps(enc))
    rebuilt = np.array(back["data"], dtype=back["dtype"]).reshape(back["shape"])
    assert rebuilt.dtype == arr.dtype and np.array_equal(rebuilt, arr)
    ints = grader._encode(np.arange(6, dtype=np.int64).reshape(2, 3))
    assert ints["dtype"] == "int64" and ints["shape"] == [2, 3]
