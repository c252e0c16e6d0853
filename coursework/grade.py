"""Grade handed-in notebooks: ``python -m coursework.grade SUBMISSIONS_DIR --out grades.csv``.

``SUBMISSIONS_DIR`` holds one folder per student (the folder's name is the student's id) with
the notebooks they hand in, named as the chapter notebooks are (``02_definitions.ipynb``).
The grader writes one CSV row per (student, exercise) with the columns
``student, notebook, exercise, points, max_points, feedback`` and prints one summary line.

Points
------
Each coding exercise has a check (:data:`infolib.exercises.CHECKS`) with a fixed list of test
inputs and a weight, :attr:`~infolib.exercises.Check.points` (2 for a one-star exercise, 3 for
two stars, 5 for three). ``max_points`` is that weight, and ``points`` is the weight when the
learner's function returned the right answer (within the check's tolerance) on every input,
else 0: a function right only on the easy inputs (a constant, the uniform case) earns nothing.
A function that reaches, while it is graded, an ``infolib`` function that the exercise asks the
learner to write (directly, under another name, through the check's ``reference`` or anything in
``infolib.exercises``) scores 0, and the feedback names it. ``feedback`` is the check's own
verdict (the first wrong input, with a hint when the mistake is a known one) or the reason for a
zero. The exercise column holds the name of the function the learner writes (``entropy_bits``).

Beside the CSV the grader writes a gradebook (``--gradebook``, one row per student: ``student``,
the points of each chapter, ``total``, ``max``; :func:`write_gradebook`) and a feedback file per
student (``--feedback`` folder, ``<student>.md``; :func:`write_feedback`). Grading the same
folder again writes the same three outputs byte for byte.

What is graded
--------------
* The exercises come from the *book's* notebooks (``book=``, default the ``book/`` folder of
  this checkout), found from their ``solution``/``check`` tags by
  :func:`coursework.edition.all_exercises`; the tags of a submission play no part.
* The chapters graded are the chapter notebooks (with a coding exercise) that at least one
  student handed in. A student whose folder lacks one of them gets a zero for each of its
  exercises, with the feedback "not handed in". Any other file in a student's folder
  (a scratch notebook, a chapter without coding exercises) is ignored, and the summary
  line counts it.

How a submission runs
---------------------
Each submission runs in a fresh Python kernel driven by nbclient, in a worker process of
its own, from a temporary copy: the kernel's working folder is a temporary folder holding a
copy of the notebook and of the book's asset folders (``images/``...), so nothing is ever
written in the submission folder. The kernel gets the environment of a learner
(``INFOBOOK_STATIC`` removed, so widgets are live; ``MPLBACKEND=Agg``, which draws nothing
to the screen and cannot change a result). Cells run one by one, each with a time limit
(``cell_timeout``, on expiry the kernel is interrupted and the next cell runs), and the whole
submission has a limit (``timeout``).

* The submission's ``check`` cells are skipped, and so is any cell that calls
  ``infolib.exercises.check_...`` (a learner could remove the tag): deleting or editing the
  check cells changes nothing.
* Right after the last cell that defines an exercise's function, the grader runs a cell of its
  own. It rebuilds each test input from JSON (values, dtype and shape), calls the function on
  it with a time limit per call (:data:`CALL_TIMEOUT`, 10 s, or ``cell_timeout`` if smaller;
  after a call runs out of time, the remaining inputs of that exercise are not tried), and
  prints one line of JSON, the numbers returned or what went wrong, tagged with a random token
  chosen by the grader for this submission.
  Only that line crosses back. The expected values and the comparison (``judge``) are
  computed in the grader's own process, which no student code touches.
* Cells after the last grading cell are not run (they cannot change a grade). Display-only
  cells of the book are skipped too (they take most of a chapter's running time); the rule,
  which cannot change what a learner's function sees, is in :func:`plan_submission`.

Faults, none of which stops the batch: a cell that runs out of time is interrupted (noted in
the feedback); a function that runs out of time gets "timed out after N s" for that input; a
kernel that dies (``os._exit``) gives zero with "the kernel died" to every exercise not yet
graded (those graded before keep their points); a file that is not valid JSON gives zero,
"not a notebook"; a submission over its time limit gives zero to what was not graded yet; any
other failure of the grader on one submission gives zero with the reason.

Threat model (what this protects against, and what it does not)
---------------------------------------------------------------
Protected: a learner cannot change a grade by editing or deleting the check cells, by
re-tagging cells, or by monkeypatching anything in their kernel that the comparison uses
(``infolib.exercises``, its checks or ``judge``, ``math.isclose``, numpy's comparisons): the
expected values come from the grader's process and are compared there. A notebook that loops,
crashes its kernel or floods its output costs only its own grade.

Not protected:

* a function that hard-codes the answers to the test inputs (the inputs are in the book's
  source, ``infolib/exercises``) gets full marks; inspect the code, or change the seeds, if
  that matters;
* the grader's cell runs in the student's kernel, so deliberate tampering with it is possible:
  a notebook that patches ``sys.stdout``, ``json`` or ``numpy`` can rewrite the grader's line as
  it is written, and a function can reach its caller's frame (``sys._getframe``) and change
  what the grader's cell reports. The random token (new for every submission, kept out of the
  kernel's history) and the rule that exactly one line may carry it stop a line printed by
  the function from counting, and make forgery a matter of intent, not accident: it is
  protection against gaming the checks, not against a determined attacker, who can as well
  hard-code the answers. Reading the code of a suspicious top score is the remedy;
* student code runs with the grader's user rights, with no sandbox: it can read or write any
  file that user can (including the book's sources), use the network, or start processes.
  Grade untrusted work in a throw-away container or virtual machine.

The random token is the only random draw of the grader; it never changes a grade, and every
input of every check is seeded, so grading the same folder twice gives the same CSV.

This module imports only the standard library at the top: the worker process that drives a
kernel loads this file alone (not the ``infolib`` package, whose import takes seconds).
"""
from __future__ import annotations

import argparse
import ast
import concurrent.futures
import csv
import json
import math
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["COLUMNS", "FIXTURES", "CALL_TIMEOUT", "grade", "grade_report", "plan_submission",
           "summary_line", "write_csv", "gradebook_rows", "write_gradebook", "feedback_markdown",
           "write_feedback", "write_fixtures", "main"]

COLUMNS = ("student", "notebook", "exercise", "points", "max_points", "feedback")
"""The columns of the grades CSV, in order."""

_CHECK_CALL = re.compile(r"\bcheck_\w+\s*\(")
_CHECK_MODULE = re.compile(r"infolib\s*\.\s*exercises|from\s+infolib(\.exercises)?\s+import")
_DISPLAY_ROOTS = frozenset({"widgets", "glue"})
# Names through which code can reach a global without naming it: a student cell that uses one
# turns off the skipping of display-only cells (the skip rule needs to see every name).
_DYNAMIC = frozenset({"globals", "locals", "vars", "eval", "exec", "compile", "setattr",
                      "delattr", "getattr", "__import__", "importlib", "get_ipython", "sys",
                      "__builtins__", "builtins", "__dict__", "run_line_magic", "run_cell"})
_GRACE = 30  # seconds the worker may take beyond the submission's limit before it is killed
CALL_TIMEOUT = 10
"""Seconds one call of a learner's function on one test input may take (or ``cell_timeout``
if that is smaller); a right answer takes milliseconds."""


# ---------------------------------------------------------------------------------------------
# Reading cells.
# (Like coursework.edition's, but defensive about malformed submissions; kept here because the
# worker process loads this file alone, without importing the infolib package: see _BOOTSTRAP.)

def _source(cell) -> str:
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(src, list):
        return "".join(s if isinstance(s, str) else str(s) for s in src)
    return src if isinstance(src, str) else str(src)


def _tags(cell) -> list:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    tags = meta.get("tags", []) if isinstance(meta, dict) else []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _code_cells(nb: dict) -> list[tuple[int, str, list]]:
    """``(index, source, tags)`` of each code cell of notebook dict ``nb``."""
    return [(i, _source(c), _tags(c)) for i, c in enumerate(nb.get("cells", []))
            if isinstance(c, dict) and c.get("cell_type") == "code"]


def _parse(source: str):
    """The module AST of a cell (IPython magics turned into Python first), or ``None``."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        source = TransformerManager().transform_cell(source)
    except Exception:  # IPython missing or the transform failed: parse the text as it is
        pass
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _top_level_names(tree) -> set:
    """Names a cell binds at module level (assignments, definitions, imports, ``global``)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.Global):
            names.update(node.names)
    return names


def _defines(tree, source: str, name: str) -> bool:
    if tree is None:
        return re.search(rf"(^|\n)\s*(def\s+{re.escape(name)}\b|{re.escape(name)}\s*=)", source) is not None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                (a.asname or a.name) == name for a in node.names):
            return True
    return False


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _mentions(tree) -> set:
    """Every name and attribute a cell mentions (read or written), and string constants."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.alias):
            out.update((node.asname or node.name).split("."))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            out.add(node.value)
    return out


def _stores(tree) -> set:
    """Names a cell (re)binds anywhere, and the roots of attributes or items it assigns
    (``widgets.show = ...`` stores into ``widgets``)."""
    out = _top_level_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = _root(node)
            if root:
                out.add(root)
    return out


def _display_only(tree) -> set | None:
    """The names a book cell binds if it only displays: every statement is a call of
    ``glue(...)`` or of ``widgets.<...>(...)``, or an assignment to plain names; ``None``
    otherwise (also for any walrus, which would bind a name inside an expression)."""
    if tree is None or not tree.body:
        return None
    bound = set()
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and _root(node.value.func) in _DISPLAY_ROOTS:
            pass
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            bound.update(t.id for t in node.targets)
        else:
            return None
    if any(isinstance(n, ast.NamedExpr) for n in ast.walk(tree)):
        return None
    return bound


# ---------------------------------------------------------------------------------------------
# The plan: which cells of a submission run, and where the grader's cells go.

def plan_submission(submission: dict, source: dict, exercises) -> dict:
    """What the grader runs for notebook dict ``submission`` (a student's) of the book's
    notebook dict ``source``, whose coding exercises are ``exercises``
    (:class:`coursework.edition.Exercise` objects).

    Returns ``{"cells": [(index, source), ...], "grade_after": {function: position},
    "skipped": {"check": [...], "display": [...], "after": [...]}}``: the submission's code
    cells to run, in order; for each exercise, the position in ``cells`` after which its
    grading cell runs (``-1``: before any cell; the last cell that defines the function, or
    the end when no cell does); and the indices of the cells left out, by reason:

    * ``check``: cells tagged ``check``, and cells that call a ``check_...`` function of
      ``infolib.exercises`` (checks come from the source, never from the submission);
    * ``after``: cells after the last grading cell (they cannot change a grade);
    * ``display``: display-only book cells. A cell is skipped as display-only when (1) its
      source is exactly that of a code cell of the book's notebook which is neither a
      ``solution`` nor a ``check`` cell, (2) each of its statements is a call of ``glue(...)``
      or ``widgets.<...>(...)`` or an assignment to plain names, (3) no other code cell of the
      submission mentions a name it assigns, and (4) no cell the student wrote or edited
      (one whose source is not a book cell's, solution cells included) rebinds, or assigns an
      attribute or item of, any name the cell mentions, nor uses a dynamic way to reach
      globals (``globals()``, ``exec``, ``getattr``, ``sys``...; if one does, nothing is
      skipped as display-only). So the cells skipped only draw with the book's own code and
      bind names nobody reads: the learner's functions see the same globals either way.

    Examples
    --------
    >>> from coursework.edition import Exercise
    >>> def nb(*sources):
    ...     return {"cells": [{"cell_type": "code", "source": s, "metadata": {}} for s in sources]}
    >>> book = nb("import numpy as np", "widgets.show(1)", "def f(p):\\n    return 1", "check_f(f)")
    >>> mine = nb("import numpy as np", "widgets.show(1)", "def f(p):\\n    return 2", "x = 1")
    >>> plan = plan_submission(mine, book, [Exercise("a.ipynb", "f", "f", 2, 3)])
    >>> [i for i, _ in plan["cells"]], plan["grade_after"], plan["skipped"]
    ([0, 2], {'f': 1}, {'check': [], 'display': [1], 'after': [3]})
    """
    book_cells = {}
    for _, src, tags in _code_cells(source):
        if "solution" not in tags and "check" not in tags:
            book_cells[src.strip()] = True
    cells = _code_cells(submission)
    skipped = {"check": [], "display": [], "after": []}
    kept = []
    for i, src, tags in cells:
        if "check" in tags or (_CHECK_CALL.search(src) and _CHECK_MODULE.search(src)):
            skipped["check"].append(i)
        elif src.strip():
            kept.append((i, src, _parse(src)))

    # Display-only book cells (rule in the docstring).
    student = [(i, t) for i, s, t in kept if s.strip() not in book_cells]
    student_stores, dynamic = set(), False
    for _, tree in student:
        if tree is None:
            dynamic = True
            break
        student_stores |= _stores(tree)
        dynamic = dynamic or bool(_mentions(tree) & _DYNAMIC)
    display = set()
    if not dynamic:
        mentions = {i: _mentions(t) if t is not None else None for i, _, t in kept}
        for i, src, tree in kept:
            if src.strip() not in book_cells:
                continue
            bound = _display_only(tree)
            if bound is None:
                continue
            others = [m for j, m in mentions.items() if j != i]
            if any(m is None or (m & bound) for m in others):
                continue
            if _mentions(tree) & student_stores:
                continue
            display.add(i)
    skipped["display"] = sorted(display)
    kept = [(i, s, t) for i, s, t in kept if i not in display]

    # Where each exercise is graded: after the last cell that defines its function.
    grade_after = {}
    for ex in exercises:
        where = [k for k, (_, s, t) in enumerate(kept) if _defines(t, s, ex.function)]
        grade_after[ex.function] = where[-1] if where else len(kept) - 1
    last = max(grade_after.values(), default=len(kept) - 1)
    if last + 1 < len(kept):
        cut = kept[last + 1][0]  # the first cell left out: it and everything after it
        skipped["after"] = [i for i, _, _ in kept[last + 1:]] + [i for i in skipped["check"] if i > cut]
        skipped["check"] = [i for i in skipped["check"] if i < cut]
        skipped["display"] = [i for i in skipped["display"] if i < cut]
        skipped["after"].sort()
    return {"cells": [(i, s) for i, s, _ in kept[:last + 1]], "grade_after": grade_after,
            "skipped": skipped}


# ---------------------------------------------------------------------------------------------
# The grader's cell, run in the student's kernel.

_GRADER_CELL = '''\
def __infobook_grade(spec):
    import builtins as B, json, signal, sys
    import numpy
    class Timeout(B.BaseException):
        pass
    def ring(signum, frame):
        raise Timeout()
@WATCH@
    forbidden = {B.tuple(k[:3]): k[3] for k in spec["forbidden"]}
    allowed = {B.tuple(k[:3]): k[3] for k in spec["allowed"]}
    user = B.globals()
    fn = user.get(spec["function"], None)
    result = {"defined": spec["function"] in user, "callable": B.callable(fn), "outcomes": []}
    outcomes = result["outcomes"]
    if result["callable"]:
        previous = signal.signal(signal.SIGALRM, ring)
        try:
            for case in spec["cases"]:
                args = [numpy.array(a["data"], dtype=a["dtype"]).reshape(a["shape"]) for a in case]
                phase, raw = "call", None
                hits = []
                try:
                    signal.setitimer(signal.ITIMER_REAL, spec["limit"])
                    try:
                        raw = watched_call(fn, args, forbidden, allowed, spec["prefix"], hits)
                        phase = "convert"
                        value = numpy.asarray(raw, dtype=B.float)
                        got = B.float(value) if value.ndim == 0 else None
                    finally:
                        signal.setitimer(signal.ITIMER_REAL, 0)
                except Timeout:
                    outcomes.append({"forbidden": hits[0]} if hits else {"timeout": spec["limit"]})
                    break
                except B.NotImplementedError:
                    outcomes.append({"not_implemented": True})
                    break
                except B.KeyboardInterrupt:
                    raise
                except B.BaseException as exc:
                    if hits:
                        outcomes.append({"forbidden": hits[0]})
                        break
                    if phase == "convert":
                        got = None
                    else:
                        outcomes.append({"failed": ("raised %s: %s" % (B.type(exc).__name__, exc))[:300]})
                        continue
                if hits:
                    outcomes.append({"forbidden": hits[0]})
                    break
                if got is None:
                    try:
                        shown = "%.60r" % (raw,)
                    except B.BaseException:
                        shown = "(unprintable)"
                    outcomes.append({"failed": "returned %s %s; return a single number"
                                               % (B.type(raw).__name__, shown)})
                else:
                    outcomes.append(got)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    sys.stdout.write("%s %s\\n" % (spec["token"], json.dumps(result)))
    sys.stdout.flush()
__infobook_grade(__import__("json").loads(@SPEC@))
del __infobook_grade
'''


def _encode(arg) -> dict:
    import numpy as np

    arr = np.asarray(arg)
    return {"dtype": str(arr.dtype), "shape": list(arr.shape), "data": arr.ravel().tolist()}


def _watch_source() -> str:
    """The source of :func:`infolib.exercises._core.watched_call`, indented to sit inside the
    grader's cell: the kernel runs this copy, not whatever the notebook left in ``infolib``."""
    import inspect
    import textwrap

    from infolib.exercises import _core

    return textwrap.indent(textwrap.dedent(inspect.getsource(_core.watched_call)), "    ")


def _grader_cell(function: str, check: str, cases, token: str, limit: float) -> str:
    from infolib.exercises._core import EXERCISES_DIR, allowed_functions, forbidden_functions

    spec = {"function": function, "token": token, "limit": float(limit), "prefix": EXERCISES_DIR,
            "forbidden": sorted([*k, v] for k, v in forbidden_functions(check).items()),
            "allowed": sorted([*k, v] for k, v in allowed_functions(check).items()),
            "cases": [[_encode(a) for a in case.args] for case in cases]}
    return _GRADER_CELL.replace("@WATCH@", _watch_source()).replace("@SPEC@", repr(json.dumps(spec)))


def _read_grader_line(text: str, token: str):
    """The JSON object the grader's cell printed after ``token`` in ``text``; ``None`` unless
    exactly one line starts with the token (a second one would be a forgery) and holds one.

    Examples
    --------
    >>> _read_grader_line('ab {"x": 1}\\ncd {"x": 2}\\n', "cd")
    {'x': 2}
    >>> _read_grader_line('cd {"x": 1}\\ncd {"x": 2}\\n', "cd") is None
    True
    """
    lines = [line for line in text.splitlines() if line.startswith(token + " ")]
    if len(lines) != 1:
        return None
    try:
        value = json.loads(lines[0][len(token) + 1:])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# ---------------------------------------------------------------------------------------------
# The worker: one process per submission that drives one kernel (standard library + nbclient).

def _worker(spec_path: str) -> None:
    """Run the steps of the spec at ``spec_path`` in a fresh kernel; write the outcome of each
    step to ``spec["result"]`` (JSON). Loaded from this file alone, in a process of its own."""
    import logging

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    logging.disable(logging.CRITICAL)  # "Timeout waiting for execute reply" and such are expected
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    started = time.monotonic()
    deadline = started + spec["timeout"]
    steps = spec["steps"]
    results = [{"status": "not run"} for _ in steps]
    out = {"steps": results, "error": None}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s["source"]) for s in steps])
    replies = {}

    def executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply

    client = NotebookClient(
        nb, timeout=spec["cell_timeout"], kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, record_timing=False, shutdown_kernel="immediate",
        iopub_timeout=2, startup_timeout=min(120, spec["timeout"]),
        error_on_timeout={"ename": "InfobookCellTimeout", "evalue": "", "traceback": []},
        on_cell_executed=executed, resources={"metadata": {"path": spec["workdir"]}})
    try:
        with client.setup_kernel(env=spec["env"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            try:
                Path(spec["pidfile"]).write_text(str(client.km.provisioner.pid))
            except Exception:
                pass
            for k, step in enumerate(steps):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    results[k] = {"status": "deadline"}
                    continue
                limit = min(step["timeout"], remaining)
                client.timeout = max(1, math.ceil(limit))
                t0 = time.monotonic()
                try:
                    # The grader's cells stay out of the kernel's history (In, _ih).
                    cell = client.execute_cell(nb.cells[k], k, store_history=step.get("kind") != "grade")
                except DeadKernelError:
                    results[k] = {"status": "dead"}
                    for j in range(k + 1, len(steps)):
                        results[j] = {"status": "dead-before"}
                    break
                reply = (replies.get(k) or {}).get("content", {})
                if reply.get("ename") == "InfobookCellTimeout":
                    status = "deadline" if limit < step["timeout"] else "timeout"
                else:
                    status = "error" if reply.get("status") == "error" else "ok"
                stdout = "".join(o.get("text", "") for o in cell.outputs
                                 if o.get("output_type") == "stream" and o.get("name") == "stdout")
                results[k] = {"status": status, "seconds": round(time.monotonic() - t0, 3),
                              "stdout": stdout if step.get("kind") == "grade" else ""}
    except Exception as exc:  # the kernel did not start, or nbclient failed
        out["error"] = f"{type(exc).__name__}: {exc}"[:500]
    out["seconds"] = round(time.monotonic() - started, 3)
    Path(spec["result"]).write_text(json.dumps(out), encoding="utf-8")


def _serve() -> None:
    """A worker's loop: read a spec path per line of stdin, run it (:func:`_worker`), answer
    ``done``. One worker serves many submissions, one at a time (nbclient loads once)."""
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        try:
            _worker(path)
        except BaseException as exc:  # report it and keep serving
            try:
                spec = json.loads(Path(path).read_text(encoding="utf-8"))
                Path(spec["result"]).write_text(json.dumps(
                    {"steps": [], "error": f"{type(exc).__name__}: {exc}"[:500]}), encoding="utf-8")
            except Exception:
                pass
        sys.stdout.write("done\n")
        sys.stdout.flush()


_BOOTSTRAP = ("import importlib.util, sys; s = importlib.util.spec_from_file_location("
              "'_infobook_grade_worker', sys.argv[1]); m = importlib.util.module_from_spec(s); "
              "s.loader.exec_module(m); m._serve()")


def _learner_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "INFOBOOK_STATIC"}
    env.update(PYTHONHASHSEED="0", MPLBACKEND="Agg")
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def _kill(proc, pidfile: Path) -> None:
    """Kill worker ``proc`` and the kernel whose pid is in ``pidfile`` (each in its own session)."""
    pids = [proc.pid]
    try:
        pids.append(int(pidfile.read_text().strip()))
    except (OSError, ValueError):
        pass
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


class _Workers:
    """Worker processes (:func:`_serve`), started when needed and reused; one that does not
    answer within a submission's limit is killed, with its kernel."""

    def __init__(self, tmp: Path):
        self.tmp, self.env = tmp, _learner_env()
        self.idle, self.all, self.lock = [], [], threading.Lock()

    def _get(self):
        with self.lock:
            if self.idle:
                return self.idle.pop()
            log = open(self.tmp / f"worker-{len(self.all)}.log", "wb")
            proc = subprocess.Popen([sys.executable, "-c", _BOOTSTRAP, __file__], cwd=self.tmp,
                                    env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=log, start_new_session=True)
            log.close()
            self.all.append(proc)
            return proc

    def run(self, spec_path: Path, pidfile: Path, limit: float) -> bool:
        """Run the spec at ``spec_path``; ``False`` if the worker had to be killed."""
        proc = self._get()
        try:
            proc.stdin.write(f"{spec_path}\n".encode())
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], limit)
            if ready and proc.stdout.readline().strip() == b"done":
                with self.lock:
                    self.idle.append(proc)
                return True
        except OSError:
            pass
        _kill(proc, pidfile)
        return False

    def close(self) -> None:
        for proc in self.all:
            try:
                proc.stdin.close()
                proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                _kill(proc, Path(os.devnull))


def _run_worker(workers: _Workers, steps, workdir: Path, private: Path, cell_timeout: float,
                timeout: float) -> dict:
    spec_path, result, pidfile = private / "spec.json", private / "result.json", private / "kernel.pid"
    spec = {"steps": steps, "workdir": str(workdir), "env": workers.env, "result": str(result),
            "pidfile": str(pidfile), "cell_timeout": cell_timeout, "timeout": timeout}
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    if not workers.run(spec_path, pidfile, timeout + _GRACE):
        if result.exists():
            return json.loads(result.read_text(encoding="utf-8"))
        return {"error": f"the worker ran past the limit of {timeout:g} s per submission, or stopped, "
                         "and was killed"}
    if not result.exists():
        return {"error": "the worker wrote no result"}
    return json.loads(result.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Grading one submission.

def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _row(student, notebook, function, points, max_points, feedback) -> dict:
    return {"student": student, "notebook": notebook, "exercise": function, "points": int(points),
            "max_points": int(max_points), "feedback": _one_line(feedback)}


def _outcomes(values) -> list:
    from infolib.exercises._core import NOT_IMPLEMENTED, Failed, Forbidden

    out = []
    for v in values:
        if isinstance(v, dict):
            if "forbidden" in v:
                out.append(Forbidden(str(v["forbidden"])[:200]))
            elif v.get("not_implemented"):
                out.append(NOT_IMPLEMENTED)
            elif "timeout" in v:
                out.append(Failed(f"timed out after {float(v['timeout']):g} s"))
            else:
                out.append(Failed(str(v.get("failed", "gave no result"))[:300]))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        else:
            out.append(Failed("gave no result"))
    return out


def _grade_submission(workers, student, path: Path, source_nb, exercises, book: Path, tmp_root: Path,
                      cell_timeout, timeout):
    """Rows for one student's notebook at ``path`` and a dict of facts for the summary."""
    from .edition import read_notebook
    from infolib.exercises import CHECKS
    from infolib.exercises._core import judge

    notebook = path.name
    facts = {"faults": set(), "seconds": 0.0}
    cases = {ex.function: list(CHECKS[ex.check].cases()) for ex in exercises}
    checks = {ex.function: ex.check for ex in exercises}

    def zero(reason, fault):
        facts["faults"].add(fault)
        return [_row(student, notebook, ex.function, 0, _weight(ex), reason)
                for ex in exercises], facts

    try:
        nb = read_notebook(path)
    except ValueError as exc:
        return zero(str(exc).removeprefix("path: "), "not a notebook")
    try:
        plan = plan_submission(nb, source_nb, exercises)
        token = secrets.token_hex(16)
        steps, grading = [], {}
        positions = {}
        for function, pos in plan["grade_after"].items():
            positions.setdefault(pos, []).append(function)
        for function in positions.get(-1, []):
            grading[function] = len(steps)
            steps.append(_grade_step(function, checks[function], cases[function], token, cell_timeout))
        for k, (index, src) in enumerate(plan["cells"]):
            steps.append({"kind": "cell", "index": index, "source": src, "timeout": cell_timeout})
            for function in positions.get(k, []):
                grading[function] = len(steps)
                steps.append(_grade_step(function, checks[function], cases[function], token, cell_timeout))
        work = Path(tempfile.mkdtemp(prefix="work-", dir=tmp_root))
        private = Path(tempfile.mkdtemp(prefix="grader-", dir=tmp_root))
        shutil.copyfile(path, work / notebook)
        for folder in sorted(p for p in book.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            shutil.copytree(folder, work / folder.name, dirs_exist_ok=True)
        t0 = time.monotonic()
        result = _run_worker(workers, steps, work, private, cell_timeout, timeout)
        facts["seconds"] = time.monotonic() - t0
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)
    except Exception as exc:  # a grader-side failure on this submission: zero, with the reason
        return zero(f"grading failed: {type(exc).__name__}: {exc}", "grading failed")
    if result.get("error") and not any(s.get("status") != "not run" for s in result.get("steps", [])):
        return zero(f"grading failed: {result['error']}", "grading failed")

    results = result["steps"]
    notes = []
    for step, res in zip(steps, results):
        if step["kind"] == "cell" and res.get("status") == "timeout":
            notes.append(f"cell {step['index']} timed out after {cell_timeout:g} s and was interrupted")
            facts["faults"].add("cell timed out")
    note = (" Note: " + "; ".join(notes) + ".") if notes else ""
    died = next((steps[k] for k, r in enumerate(results) if r.get("status") == "dead"), None)
    rows = []
    for ex in exercises:
        function, n = ex.function, _weight(ex)
        res = results[grading[function]]
        status = res.get("status")
        parsed = _read_grader_line(res.get("stdout", ""), token) if status in ("ok", "timeout", "error") else None
        if parsed is not None:
            if not parsed.get("defined"):
                rows.append(_row(student, notebook, function, 0, n,
                                 f"{function} is not defined in the notebook.{note}"))
                continue
            if not parsed.get("callable"):
                rows.append(_row(student, notebook, function, 0, n, f"{function} is not a function.{note}"))
                continue
            verdict = judge(ex.check, _outcomes(parsed.get("outcomes", [])), cases[function])
            rows.append(_row(student, notebook, function, verdict.points, n, verdict.message + note))
            if any(isinstance(v, dict) and "timeout" in v for v in parsed.get("outcomes", [])):
                facts["faults"].add("function timed out")
            continue
        if status in ("dead", "dead-before"):
            where = f" (while running cell {died['index']})" if died and died["kind"] == "cell" else ""
            reason, fault = f"the kernel died{where} before {function} was graded", "kernel died"
        elif status == "deadline":
            reason, fault = (f"the notebook ran past the limit of {timeout:g} s per submission "
                             f"before {function} was graded"), "over the time limit"
        elif status == "timeout":
            reason, fault = (f"{function} timed out after {steps[grading[function]]['timeout']:g} s "
                             "(its grading cell was interrupted)"), "function timed out"
        elif result.get("error"):
            reason, fault = f"grading failed: {result['error']}", "grading failed"
        else:
            reason, fault = (f"the grader's result for {function} was missing (does the notebook change "
                             "print, sys.stdout, json or numpy?)"), "no result"
        facts["faults"].add(fault)
        rows.append(_row(student, notebook, function, 0, n, reason.rstrip(".") + "." + note))
    return rows, facts


def _grade_step(function, check, cases, token, cell_timeout) -> dict:
    # Each call has its own alarm; the cell's limit is a backstop for code that catches it.
    limit = min(cell_timeout, CALL_TIMEOUT)
    return {"kind": "grade", "function": function,
            "source": _grader_cell(function, check, cases, token, limit),
            "timeout": limit * (len(cases) + 1) + cell_timeout}


# ---------------------------------------------------------------------------------------------
# The batch.

def _check_number(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < minimum:
        raise ValueError(f"{name}: must be a number ≥ {minimum:g}, got {value!r}")


def _run_all(workers, tasks, rows, folder, sources, chapters, book, tmp, jobs, cell_timeout, timeout):
    """Grade ``tasks`` ((student, notebook) pairs), ``jobs`` at a time, into ``rows``."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_grade_submission, workers, s, folder / s / n, sources[n], chapters[n],
                               book, tmp, cell_timeout, timeout): (s, n) for s, n in tasks}
        for future in concurrent.futures.as_completed(futures):
            s, n = futures[future]
            try:
                rows[(s, n)] = future.result()
            except Exception as exc:  # never stop the batch
                rows[(s, n)] = ([_row(s, n, ex.function, 0, _weight(ex),
                                      f"grading failed: {type(exc).__name__}: {exc}")
                                 for ex in chapters[n]], {"faults": {"grading failed"}, "seconds": 0.0})


def grade_report(submissions, out=None, *, gradebook=None, feedback=None, book=None, jobs=2,
                 cell_timeout=60, timeout=600):
    """Like :func:`grade`, and also a dict of facts for the summary line: the number of
    students, the notebooks graded, the files ignored, the faults by kind, the seconds each
    submission took and the wall time."""
    from .edition import all_exercises, book_dir, read_notebook

    folder = Path(submissions)
    if not folder.is_dir():
        raise ValueError(f"submissions: {folder} is not a folder (expected one folder per student)")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs: must be a whole number ≥ 1, got {jobs!r}")
    _check_number(cell_timeout, "cell_timeout", 1)
    _check_number(timeout, "timeout", 1)
    book = Path(book) if book is not None else book_dir()
    if not book.is_dir():
        raise ValueError(f"book: {book} is not a folder of chapter notebooks")
    chapters = all_exercises(book)
    if not chapters:
        raise ValueError(f"book: {book} has no notebook with a coding exercise")
    started = time.monotonic()
    students = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    handed = {s.name: {p.name for p in s.iterdir() if p.is_file()} for s in students}
    notebooks = sorted(n for n in chapters if any(n in files for files in handed.values()))
    ignored = sorted(f"{s}/{name}" for s, files in handed.items() for name in files if name not in notebooks)
    ignored += sorted(p.name for p in folder.iterdir() if not p.is_dir() and not p.name.startswith("."))
    sources = {n: read_notebook(book / n) for n in notebooks}

    tasks, rows = [], {}
    for s in students:
        for n in notebooks:
            if n in handed[s.name]:
                tasks.append((s.name, n))
            else:
                rows[(s.name, n)] = ([_row(s.name, n, ex.function, 0, _weight(ex),
                                           f"not handed in (no {n} in the folder {s.name}/)")
                                      for ex in chapters[n]], {"faults": {"not handed in"}, "seconds": 0.0})
    with tempfile.TemporaryDirectory(prefix="infobook-grade-") as tmp:
        workers = _Workers(Path(tmp))
        try:
            _run_all(workers, tasks, rows, folder, sources, chapters, book, Path(tmp), jobs,
                     cell_timeout, timeout)
        finally:
            workers.close()
    ordered = [row for key in sorted(rows) for row in rows[key][0]]
    faults = {}
    for _, facts in rows.values():  # faults counted by submission
        for fault in facts["faults"]:
            faults[fault] = faults.get(fault, 0) + 1
    report = {"students": len(students), "notebooks": notebooks, "ignored": ignored, "faults": faults,
              "seconds": {f"{s}/{n}": rows[(s, n)][1]["seconds"] for s, n in tasks},
              "wall": time.monotonic() - started}
    if out is not None:
        write_csv(ordered, out)
    if gradebook is not None:
        write_gradebook(ordered, gradebook, notebooks)
    if feedback is not None:
        write_feedback(ordered, feedback, notebooks)
    return ordered, report


def _weight(ex) -> int:
    """The points exercise ``ex`` is worth (its check's :attr:`~infolib.exercises.Check.points`)."""
    from infolib.exercises import CHECKS

    return CHECKS[ex.check].points


def grade(submissions, out=None, *, gradebook=None, feedback=None, book=None, jobs=2,
          cell_timeout=60, timeout=600) -> list[dict]:
    """Grade every student folder in ``submissions``; the rows of the grades, and the CSV
    written to ``out``, the gradebook to ``gradebook`` and one feedback file per student into
    the folder ``feedback``, each if given.

    Parameters
    ----------
    submissions : path
        A folder with one folder per student (its name is the student's id) holding the
        notebooks handed in, named as the book's chapter notebooks.
    out : path, optional
        Where to write the CSV (columns :data:`COLUMNS`).
    gradebook : path, optional
        Where to write the gradebook: one row per student (:func:`write_gradebook`).
    feedback : path, optional
        A folder for one markdown file per student, ``<student>.md`` (:func:`write_feedback`).
    book : path, optional
        The folder of the book's chapter notebooks (default: ``book/`` of this checkout); the
        exercises and their checks come from there, never from the submissions.
    jobs : int
        How many submissions run at a time (one kernel each).
    cell_timeout : float
        Seconds each cell, and each call of a learner's function, may take.
    timeout : float
        Seconds one submission may take in all.

    Returns
    -------
    list of dict
        One row per (student, exercise), sorted by student and notebook, with the keys of
        :data:`COLUMNS`: ``points`` is the number of the check's test inputs on which the
        function was right, ``max_points`` the number of inputs (see the module's docstring).

    Examples
    --------
    >>> grade("no/such/folder")
    Traceback (most recent call last):
    ...
    ValueError: submissions: no/such/folder is not a folder (expected one folder per student)
    """
    return grade_report(submissions, out, gradebook=gradebook, feedback=feedback, book=book,
                        jobs=jobs, cell_timeout=cell_timeout, timeout=timeout)[0]


def write_csv(rows, out) -> Path:
    """Write grade ``rows`` to the CSV file ``out`` (columns :data:`COLUMNS`)."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return out


def _chapter(notebook: str) -> str:
    return notebook.removesuffix(".ipynb")


def gradebook_rows(rows, notebooks=None) -> list[dict]:
    """One row per student from grade ``rows``: ``student``, the points of each chapter
    (a column per notebook, named without ``.ipynb``), ``total`` and ``max``.

    Examples
    --------
    >>> rows = [{"student": "s1", "notebook": "02_definitions.ipynb", "exercise": "f",
    ...          "points": 2, "max_points": 2, "feedback": "✓"},
    ...         {"student": "s1", "notebook": "04_mi_as_kl.ipynb", "exercise": "g",
    ...          "points": 0, "max_points": 3, "feedback": "✗"}]
    >>> gradebook_rows(rows)
    [{'student': 's1', '02_definitions': 2, '04_mi_as_kl': 0, 'total': 2, 'max': 5}]
    """
    notebooks = sorted({r["notebook"] for r in rows}) if notebooks is None else list(notebooks)
    book = {}
    for r in rows:
        entry = book.setdefault(r["student"], {"student": r["student"],
                                               **{_chapter(n): 0 for n in notebooks},
                                               "total": 0, "max": 0})
        entry[_chapter(r["notebook"])] += int(r["points"])
        entry["total"] += int(r["points"])
        entry["max"] += int(r["max_points"])
    return [book[s] for s in sorted(book)]


def write_gradebook(rows, out, notebooks=None) -> Path:
    """Write the gradebook of grade ``rows`` (:func:`gradebook_rows`) as CSV to ``out``: a file
    a learning-management system imports (UTF-8, a header row, one row per student)."""
    table = gradebook_rows(rows, notebooks)
    notebooks = sorted({r["notebook"] for r in rows}) if notebooks is None else list(notebooks)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["student", *map(_chapter, notebooks), "total", "max"])
        writer.writeheader()
        writer.writerows(table)
    return out


def feedback_markdown(student: str, rows) -> str:
    """The feedback file of ``student`` from their grade ``rows``: the total, then each
    chapter's points and each exercise's verdict.

    Examples
    --------
    >>> print(feedback_markdown("s1", [{"student": "s1", "notebook": "02_definitions.ipynb",
    ...     "exercise": "entropy_bits", "points": 2, "max_points": 2, "feedback": "✓ right"}]))
    # Feedback for s1
    <BLANKLINE>
    Total: 2 of 2 points.
    <BLANKLINE>
    ## 02_definitions.ipynb: 2 of 2 points
    <BLANKLINE>
    - `entropy_bits`, 2 of 2 points: ✓ right
    <BLANKLINE>
    """
    mine = [r for r in rows if r["student"] == student]
    total, most = sum(r["points"] for r in mine), sum(r["max_points"] for r in mine)
    lines = [f"# Feedback for {student}", "", f"Total: {total} of {most} points.", ""]
    for notebook in sorted({r["notebook"] for r in mine}):
        chapter = [r for r in mine if r["notebook"] == notebook]
        lines += [f"## {notebook}: {sum(r['points'] for r in chapter)} of "
                  f"{sum(r['max_points'] for r in chapter)} points", ""]
        lines += [f"- `{r['exercise']}`, {r['points']} of {r['max_points']} points: {r['feedback']}"
                  for r in chapter]
        lines.append("")
    return "\n".join(lines)


def write_feedback(rows, folder, notebooks=None) -> list[Path]:
    """Write one markdown feedback file per student of grade ``rows`` into ``folder``
    (``<student>.md``, :func:`feedback_markdown`); the paths written, sorted."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for student in sorted({r["student"] for r in rows}):
        path = folder / f"{student}.md"
        path.write_text(feedback_markdown(student, rows), encoding="utf-8")
        paths.append(path)
    return paths


def summary_line(rows, report) -> str:
    """One line on a grading run: students, notebooks, exercises, mean score, faults.

    Examples
    --------
    >>> rows = [{"points": 3, "max_points": 4}, {"points": 0, "max_points": 4}]
    >>> summary_line(rows, {"students": 2, "notebooks": ["a.ipynb"], "ignored": [],
    ...                     "faults": {"timed out": 1}, "wall": 9.5})
    'graded 2 students, 1 notebook (a.ipynb), 2 exercise rows: mean score 37.5%; faults: 1 timed out; 9.5 s'
    """
    scores = [r["points"] / r["max_points"] for r in rows if r["max_points"]]
    mean = 100 * sum(scores) / len(scores) if scores else 0.0
    n = len(report["notebooks"])
    faults = ", ".join(f"{v} {k}" for k, v in sorted(report["faults"].items())) or "none"
    line = (f"graded {report['students']} student{'s' * (report['students'] != 1)}, {n} notebook"
            f"{'s' * (n != 1)} ({', '.join(report['notebooks']) or 'none'}), {len(rows)} exercise rows: "
            f"mean score {mean:.1f}%; faults: {faults}")
    if report["ignored"]:
        line += f"; ignored {len(report['ignored'])} other file{'s' * (len(report['ignored']) != 1)}"
    return line + f"; {report['wall']:.1f} s"


# ---------------------------------------------------------------------------------------------
# Fault-case submissions, for the tests, the instructors' page and the benchmark.

FIXTURES = {
    "reference": "the book's reference solutions: full marks",
    "untouched": "the student edition as handed out (stubs): zero, 'not written yet'",
    "one-wrong": "the first exercise answered in nats instead of bits (the right answer times ln 2), "
                 "the others right: zero for it (it is right only where the answer is 0 or inf), a hint "
                 "about nats, full marks for the others",
    "constant": "every exercise returns 0.5: zero for each, whatever inputs happen to have that answer",
    "raises": "every exercise raises ValueError: zero for each, the error named in the feedback",
    "calls-infolib": "every exercise imports the infolib function it is asked to write under another "
                     "name and returns what it gives: zero for each, the feedback names the function",
    "through-check": "every exercise returns what the check's own reference gives "
                     "(infolib.exercises.CHECKS[...].reference): zero for each, 'the checks' own code'",
    "infinite-loop": "the first exercise loops forever: zero for it, 'timed out after N s', the others "
                     "still graded (full marks)",
    "invalid-json": "the notebook file is not JSON: zero, 'not a notebook'",
    "no-check-cells": "the reference solutions with every check cell deleted: graded as usual (full marks)",
    "monkeypatch": "patches infolib.exercises (its check function and Check.close) and math.isclose, "
                   "then answers the first exercise with 42.0: no effect on the grade (zero for that "
                   "exercise, full marks for the others)",
    "kernel-dies": "the last exercise's solution cell calls os._exit(1): zero, 'the kernel died', for "
                   "it; the exercises before it keep their (full) marks",
    "not-handed-in": "a folder with only a scratch notebook: it is ignored, and each exercise gets zero, "
                     "'not handed in'",
}
"""The fault cases of :func:`write_fixtures`: student id -> what the case is."""

_PATCHES = '''\
import math
import infolib.exercises
import infolib.exercises._core
infolib.exercises.check_{check} = lambda fn: print("✓ correct on all test inputs")
infolib.exercises._core.Check.close = lambda self, got, expected: True
math.isclose = lambda *args, **kwargs: True
'''


def _function_body_replaced(source: str, body: str) -> str:
    """``source`` (a solution cell: one function) with the function's body, after its
    docstring, replaced by the lines of ``body``."""
    tree = ast.parse(source)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    keep = fn.body[:1] if (isinstance(fn.body[0], ast.Expr) and isinstance(fn.body[0].value, ast.Constant)
                          and isinstance(fn.body[0].value.value, str)) else []
    fn.body = keep + ast.parse(body).body
    return ast.unparse(tree)


def _times_ln2(source: str) -> str:
    """``source`` with every ``return X`` of its function made ``return ln 2 * (X)``."""
    tree = ast.parse(source)

    class Scale(ast.NodeTransformer):
        def visit_Return(self, node):
            if node.value is not None:
                node.value = ast.BinOp(ast.Constant(math.log(2)), ast.Mult(), node.value)
            return node

        def visit_FunctionDef(self, node):  # only the outer function's returns
            if node is outer:
                self.generic_visit(node)
            return node

    outer = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    Scale().visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree))


def write_fixtures(folder, notebook="02_definitions.ipynb", book=None) -> dict[str, str]:
    """Write one student folder per fault case (:data:`FIXTURES`) into ``folder``, each with
    a version of the book's ``notebook``; return ``{student id: what the case is}``.

    The files are the same on every call (no random draw, no time stamp), so hashes and grades
    can be compared between runs. The cases are defined from the notebook's exercises, so
    they work for any chapter with coding exercises (with one exercise, "kernel-dies" and
    "infinite-loop" hit that exercise, and nothing is left to keep its marks).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cases = write_fixtures(tmp)
    ...     folders = sorted(p.name for p in pathlib.Path(tmp).iterdir())
    >>> folders == sorted(cases) and "reference" in cases
    True
    """
    import copy

    from .edition import book_dir, find_exercises, read_notebook, student_notebook

    book = Path(book) if book is not None else book_dir()
    source = read_notebook(book / notebook)
    exercises = find_exercises(source, notebook)
    if not exercises:
        raise ValueError(f"notebook: {notebook} has no coding exercise to grade")
    folder = Path(folder)
    first, last = exercises[0], exercises[-1]

    def clean(nb):
        nb = copy.deepcopy(nb)
        for cell in nb["cells"]:
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        return nb

    def with_solution(nb, ex, new_source):
        nb = copy.deepcopy(nb)
        nb["cells"][ex.solution_cell]["source"] = new_source
        return nb

    def solution(ex):
        return _source(source["cells"][ex.solution_cell])

    def params(ex):
        fn = next(n for n in ast.parse(solution(ex)).body if isinstance(n, ast.FunctionDef))
        return ", ".join(a.arg for a in fn.args.args)

    def every(body_of):
        nb = reference
        for ex in exercises:
            nb = with_solution(nb, ex, _function_body_replaced(solution(ex), body_of(ex)))
        return nb

    def forbidden_name(ex):
        from infolib.exercises._core import forbidden_functions

        names = sorted(forbidden_functions(ex.check).values())
        same = [n for n in names if n.rsplit(".", 1)[-1] == ex.check]
        return (same or names)[0]

    def alias(ex):
        module, _, name = forbidden_name(ex).rpartition(".")
        return f"from {module} import {name} as helper\nreturn helper({params(ex)})"

    reference = clean(source)
    notebooks = {
        "reference": reference,
        "untouched": student_notebook(source),
        "one-wrong": with_solution(reference, first, _times_ln2(solution(first))),
        "infinite-loop": with_solution(reference, first, _function_body_replaced(
            solution(first), "while True:\n    pass")),
        "no-check-cells": {**reference, "cells": [c for c in reference["cells"] if "check" not in _tags(c)]},
        "monkeypatch": with_solution(reference, first, _PATCHES.format(check=first.check) + "\n\n"
                                     + _function_body_replaced(solution(first), "return 42.0")),
        "kernel-dies": with_solution(reference, last, "import os\nos._exit(1)  # the kernel dies here\n\n"
                                     + solution(last)),
        "constant": every(lambda ex: "return 0.5"),
        "raises": every(lambda ex: "raise ValueError('not today')"),
        "calls-infolib": every(alias),
        "through-check": every(lambda ex: f"import infolib.exercises\nreturn infolib.exercises.CHECKS"
                                          f"[{ex.check!r}].reference({params(ex)})"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for student, nb in notebooks.items():
        (folder / student).mkdir(exist_ok=True)
        (folder / student / notebook).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    (folder / "invalid-json").mkdir(exist_ok=True)
    (folder / "invalid-json" / notebook).write_text('{"cells": [ this is not JSON\n', encoding="utf-8")
    (folder / "not-handed-in").mkdir(exist_ok=True)
    scratch = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / "not-handed-in" / "scratch.ipynb").write_text(json.dumps(scratch) + "\n", encoding="utf-8")
    return dict(FIXTURES)


# ---------------------------------------------------------------------------------------------
# The command line.

def main(argv=None) -> int:
    """``python -m coursework.grade SUBMISSIONS_DIR [--out grades.csv] [--gradebook FILE]
    [--feedback DIR] [--book DIR] [--jobs N] [--cell-timeout S] [--timeout S]``: 0 when grading
    completed (whatever the grades), 2 for bad arguments (a missing folder). The gradebook and
    the feedback folder default to ``gradebook.csv`` and ``feedback/`` beside ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m coursework.grade",
                                     description="Grade handed-in notebooks (one folder per student).")
    parser.add_argument("submissions", help="folder with one folder per student")
    parser.add_argument("--out", default="grades.csv",
                        help="the CSV with one row per student and exercise (default grades.csv)")
    parser.add_argument("--gradebook", default=None,
                        help="the CSV with one row per student (default: gradebook.csv beside --out)")
    parser.add_argument("--feedback", default=None,
                        help="folder for one feedback file per student (default: feedback/ beside --out)")
    parser.add_argument("--book", default=None, help="folder of the book's chapter notebooks")
    parser.add_argument("--jobs", type=int, default=2, help="submissions run at a time (default 2)")
    parser.add_argument("--cell-timeout", type=float, default=60,
                        help="seconds per cell and per call of a function (default 60)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission (default 600)")
    args = parser.parse_args(argv)
    beside = Path(args.out).parent
    gradebook = args.gradebook or beside / "gradebook.csv"
    feedback = args.feedback or beside / "feedback"
    try:
        rows, report = grade_report(args.submissions, args.out, gradebook=gradebook, feedback=feedback,
                                    book=args.book, jobs=args.jobs, cell_timeout=args.cell_timeout,
                                    timeout=args.timeout)
    except ValueError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    print(summary_line(rows, report) + f"; grades in {args.out}, gradebook in {gradebook}, "
          f"feedback in {feedback}{os.sep}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
