"""Coursework: the coding exercises of the book's notebooks, and the student edition.

A chapter notebook marks each coding exercise with two code cells (DESIGN.md §4):

* a cell tagged ``solution`` that defines the function the learner writes (the
  reference answer), and
* right after it, a cell tagged ``check`` that calls
  ``infolib.exercises.check_<name>(<function>)``.

:func:`find_exercises` reads those tags, so the student edition
(:func:`student_notebook`) and the grader (:mod:`infolib.grade`) are derived
from the book itself and nobody writes a list of exercises by hand.
"""
from __future__ import annotations

import ast
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Exercise", "book_dir", "read_notebook", "find_exercises", "all_exercises",
           "stub_source", "strip_solution_blocks", "student_notebook", "STUB_MESSAGE"]

SOLUTION_TAG = "solution"
CHECK_TAG = "check"
STUB_MESSAGE = "{name}: write this function, then run the check below"
_CHECK_CALL = re.compile(r"infolib\.exercises\.check_(\w+)\(\s*(\w+)\s*\)")
_SOLUTION_OPEN = re.compile(r"^(`{3,}|:{3,})\s*\{solution(?:-start)?\}")


@dataclass(frozen=True)
class Exercise:
    """One coding exercise of a chapter notebook.

    ``function`` is the name the learner defines, ``check`` the key of its
    check in :data:`infolib.exercises.CHECKS`, and ``solution_cell`` /
    ``check_cell`` the indices of the two cells in the source notebook.
    """

    notebook: str
    function: str
    check: str
    solution_cell: int
    check_cell: int


def book_dir() -> Path:
    """The folder of the chapter notebooks next to this package (a source checkout)."""
    return Path(__file__).resolve().parent.parent / "book"


def read_notebook(path) -> dict:
    """The notebook at ``path`` as a dict; ``ValueError`` if it is not a notebook."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"path: {path.name} is not a notebook (not readable JSON: {exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"path: {path.name} is not a notebook (no list of cells)")
    return nb


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell) -> list:
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


def _function_node(source: str, where: str) -> ast.FunctionDef:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"{where}: the solution cell is not valid Python ({exc.msg})") from None
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if len(defs) != 1:
        raise ValueError(f"{where}: a solution cell must define exactly one function, found {len(defs)}")
    return defs[0]


def find_exercises(nb: dict, notebook: str = "") -> list[Exercise]:
    """The coding exercises of notebook ``nb`` (a dict), in order.

    Raises ``ValueError`` when a ``solution`` cell is not followed by a
    ``check`` cell that calls ``infolib.exercises.check_<name>`` on the
    function the solution defines.
    """
    found = []
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code" or SOLUTION_TAG not in _tags(cell):
            continue
        where = f"{notebook or 'notebook'}, cell {i}"
        name = _function_node(_source(cell), where).name
        nxt = cells[i + 1] if i + 1 < len(cells) else {}
        match = _CHECK_CALL.search(_source(nxt)) if CHECK_TAG in _tags(nxt) else None
        if match is None or match.group(2) != name:
            raise ValueError(f"{where}: the solution {name!r} must be followed by a cell tagged "
                             f"'check' calling infolib.exercises.check_<name>({name})")
        found.append(Exercise(notebook, name, match.group(1), i, i + 1))
    return found


def all_exercises(book=None) -> dict[str, list[Exercise]]:
    """Every chapter notebook of ``book`` (default :func:`book_dir`) with its exercises,
    keyed by file name; notebooks without a coding exercise are left out."""
    book = Path(book) if book is not None else book_dir()
    out = {}
    for path in sorted(book.glob("*.ipynb")):
        found = find_exercises(read_notebook(path), path.name)
        if found:
            out[path.name] = found
    return out


def stub_source(source: str) -> str:
    """The student's version of a solution cell: the function's signature and
    docstring, and a body that raises ``NotImplementedError``."""
    node = _function_node(source, "source")
    lines = source.splitlines()
    first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    body = node.body
    has_doc = (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
               and isinstance(body[0].value.value, str))
    head_end = body[0].end_lineno if has_doc else body[0].lineno - 1
    head = lines[first - 1:head_end]
    indent = re.match(r"\s*", lines[body[0].lineno - 1]).group(0) or "    "
    message = STUB_MESSAGE.format(name=node.name)
    return "\n".join(head + [f"{indent}raise NotImplementedError({message!r})"])


def strip_solution_blocks(markdown: str) -> str:
    """``markdown`` without its ``{solution}`` directive blocks (the worked answers)."""
    out, fence = [], None
    for line in markdown.splitlines(keepends=True):
        if fence is None:
            m = _SOLUTION_OPEN.match(line)
            if m:
                fence = m.group(1)
                continue
            out.append(line)
        else:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
    text = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)


def student_notebook(nb: dict) -> dict:
    """A copy of chapter notebook ``nb`` for students: each ``solution`` cell becomes a
    stub (shown, not hidden), each ``{solution}`` block is removed, outputs are cleared."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        tags = _tags(cell)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
            if SOLUTION_TAG in tags:
                cell["source"] = stub_source(_source(cell))
                cell.setdefault("metadata", {})["tags"] = [t for t in tags if t != "hide-input"]
        elif cell.get("cell_type") == "markdown":
            cell["source"] = strip_solution_blocks(_source(cell))
    nb["cells"] = [c for c in nb["cells"] if c.get("cell_type") != "markdown" or _source(c).strip()]
    return nb
