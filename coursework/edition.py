"""Coursework: the coding exercises of the book's notebooks, and the student edition.

A chapter notebook marks each coding exercise with two code cells (DESIGN.md §4):

* a cell tagged ``solution`` that defines the function the learner writes (the
  reference answer), and
* right after it, a cell tagged ``check`` that calls
  ``infolib.exercises.check_<name>(<function>)``.

:func:`find_exercises` reads those tags, so the student edition
(:func:`student_notebook`) and the grader (:mod:`coursework.grade`) are derived
from the book itself and nobody writes a list of exercises by hand.

``python -m coursework.edition`` (``make coursework``) writes the student
edition under ``_build/coursework/``: ``student/`` holds every chapter notebook
with stubs in place of the solutions (:func:`write_student_notebooks`), and
``student-site/`` the website built without any solution
(:func:`write_site_source`, :func:`build_student_site`).  Sphinx-exercise's
``hide_solutions`` cannot be used for that (DESIGN.md §4): the site's source is
rewritten instead, and ``_sources/`` and the download button are switched off.
With ``--executed _build/jupyter_execute`` (``make coursework`` after ``make book``)
the website takes the outputs of the book's executed notebooks instead of executing
every chapter again (:func:`with_executed_outputs`).
"""
from __future__ import annotations

import argparse
import ast
import copy
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Exercise", "book_dir", "read_notebook", "find_exercises", "all_exercises",
           "stub_source", "strip_solution_blocks", "student_notebook", "STUB_MESSAGE",
           "INSTRUCTORS_PAGE", "toc_pages", "site_notebook", "student_config", "write_student_notebooks",
           "with_executed_outputs", "OUTPUTS_REPORT",
           "write_site_source", "build_student_site", "make_coursework", "checks_table",
           "checks_markdown", "main"]

SOLUTION_TAG = "solution"
CHECK_TAG = "check"
STUB_MESSAGE = "{name}: write this function, then run the check below"
_CHECK_CALL = re.compile(r"infolib\.exercises\.check_(\w+)\(\s*(\w+)\s*\)")
_SOLUTION_OPEN = re.compile(r"^\s{0,3}(`{3,}|:{3,})\s*\{solution(-start)?\}")


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
    meta = cell.get("metadata", {})
    tags = meta.get("tags", []) if isinstance(meta, dict) else []
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
    r"""The coding exercises of notebook ``nb`` (a dict), in order.

    Parameters
    ----------
    nb : dict
        A notebook as read from JSON (:func:`read_notebook`).
    notebook : str, optional
        The notebook's name, used in error messages and stored in each :class:`Exercise`.

    Returns
    -------
    list of Exercise

    Raises
    ------
    ValueError
        When ``nb`` is not a notebook, or a ``solution`` cell does not define exactly
        one function or is not followed by a ``check`` cell that calls
        ``infolib.exercises.check_<name>`` on that function.

    Examples
    --------
    >>> nb = {"cells": [
    ...     {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "def f(p):\n    return 1.0"},
    ...     {"cell_type": "code", "metadata": {"tags": ["check"]},
    ...      "source": "infolib.exercises.check_entropy(f)"}]}
    >>> [(ex.function, ex.check, ex.solution_cell, ex.check_cell) for ex in find_exercises(nb)]
    [('f', 'entropy', 0, 1)]
    >>> find_exercises({"cells": [nb["cells"][0]]}, "ch.ipynb")
    Traceback (most recent call last):
    ...
    ValueError: ch.ipynb, cell 0: the solution 'f' must be followed by a cell tagged 'check' calling infolib.exercises.check_<name>(f)
    """
    name_of = notebook or "notebook"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"nb: {name_of} is not a notebook (expected a dict with a list of cells)")
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise ValueError(f"nb: {name_of}, cell {i} is a {type(cell).__name__}, not a cell (a dict)")
    found = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "code" or SOLUTION_TAG not in _tags(cell):
            continue
        where = f"{name_of}, cell {i}"
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
    r"""The student's version of a solution cell: the function's signature and
    docstring, and a body that raises ``NotImplementedError``.

    Code before or after the function (imports, comments) is left out: the stub
    only has to say what to write.

    Parameters
    ----------
    source : str
        A solution cell's code, which defines exactly one function.

    Returns
    -------
    str
        The stub's code.

    Raises
    ------
    ValueError
        If ``source`` is not valid Python or does not define exactly one function.

    Examples
    --------
    >>> print(stub_source('def area(r):\n    "Area of a disc."\n    return 3.14159 * r * r'))
    def area(r):
        "Area of a disc."
        raise NotImplementedError('area: write this function, then run the check below')
    """
    node = _function_node(source, "source")
    lines = source.splitlines()
    first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    body = node.body
    has_doc = (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
               and isinstance(body[0].value.value, str))
    message = STUB_MESSAGE.format(name=node.name)
    if lines[body[0].lineno - 1][:body[0].col_offset].strip():
        # the body starts on the signature's line (``def f(x): return x``): rebuild it
        raise_ = ast.Raise(exc=ast.Call(ast.Name("NotImplementedError"), [ast.Constant(message)], []))
        doc = [ast.Expr(ast.Constant(body[0].value.value))] if has_doc else []
        stub = ast.FunctionDef(name=node.name, args=node.args, body=doc + [raise_],
                               decorator_list=node.decorator_list, returns=node.returns)
        return ast.unparse(ast.fix_missing_locations(stub))
    head_end = body[0].end_lineno if has_doc else body[0].lineno - 1
    head = lines[first - 1:head_end]
    indent = re.match(r"\s*", lines[body[0].lineno - 1]).group(0) or "    "
    return "\n".join(head + [f"{indent}raise NotImplementedError({message!r})"])


_SOLUTION_END = re.compile(r"^\s{0,3}(`{3,}|:{3,})\s*\{solution-end\}")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _strip_solutions(markdown: str, gated: bool = False) -> tuple[str, bool]:
    """:func:`strip_solution_blocks`, and whether a gated solution (``{solution-start}``)
    is still open at the end of ``markdown`` (``gated``: one was open at its start)."""
    out, mode, fence, removed = [], "gated" if gated else "out", None, gated
    for line in markdown.splitlines(keepends=True):
        if mode == "out":
            m = _SOLUTION_OPEN.match(line)
            if m:
                fence = m.group(1)
                mode = "start" if m.group(2) else "block"
            elif removed and not line.strip() and (not out or not out[-1].strip()):
                continue  # no run of blank lines where a block was
            else:
                removed = False
                out.append(line)
        elif mode in ("block", "start", "end"):
            if _closes(line, fence):
                mode = "gated" if mode == "start" else "out"
                removed = True
        else:  # inside a gated solution, until its {solution-end}
            m = _SOLUTION_END.match(line)
            if m:
                fence, mode = m.group(1), "end"
    return "".join(out), mode in ("gated", "start", "end")


def strip_solution_blocks(markdown: str) -> str:
    r"""``markdown`` without its ``{solution}`` directive blocks (the worked answers).

    Both fences are understood (backticks, and the colon fence of MyST's
    ``colon_fence``), with directives nested inside a solution by a longer outer
    fence, and the gated form: everything from ``{solution-start}`` to the end of
    ``{solution-end}`` goes. An unclosed solution removes the rest of the text (as
    MyST would have shown all of it inside the solution).

    Examples
    --------
    >>> text = "Q?\n\n````{solution} ex-1\n```{math}\nx = 1\n```\n````\n\nNext.\n"
    >>> strip_solution_blocks(text)
    'Q?\n\nNext.\n'
    >>> strip_solution_blocks(":::{solution-start} ex-2\n:::\nx = 2\n:::{solution-end}\n:::\nAfter.")
    'After.'
    """
    return _strip_solutions(markdown)[0]


def student_notebook(nb: dict, keep_outputs: bool = False) -> dict:
    r"""A copy of chapter notebook ``nb`` for students: each ``solution`` cell becomes a
    stub (:func:`stub_source`, shown even if the book hides its input), each
    ``{solution}`` block is removed from the markdown cells (:func:`strip_solution_blocks`;
    the cells inside a gated ``{solution-start}`` … ``{solution-end}`` go too), markdown
    cells left empty are dropped and every output is cleared -- or, with
    ``keep_outputs=True`` (an executed notebook for the website), every output except
    those of the ``solution`` and ``check`` cells, which are always cleared.

    Examples
    --------
    >>> nb = {"cells": [
    ...     {"cell_type": "markdown", "metadata": {}, "source": "```{solution} ex\nIt is 2.\n```"},
    ...     {"cell_type": "code", "metadata": {"tags": ["solution", "hide-input"]},
    ...      "source": "def f(p):\n    return 2.0", "outputs": [], "execution_count": 3}]}
    >>> out = student_notebook(nb)
    >>> len(out["cells"]), out["cells"][0]["metadata"]["tags"], out["cells"][0]["execution_count"]
    (1, ['solution'], None)
    >>> print(out["cells"][0]["source"])
    def f(p):
        raise NotImplementedError('f: write this function, then run the check below')
    >>> shown = {"cell_type": "code", "metadata": {}, "source": "1 + 1", "execution_count": 1,
    ...          "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}]}
    >>> [len(c["outputs"]) for c in student_notebook({"cells": [shown]}, keep_outputs=True)["cells"]]
    [1]
    """
    nb = copy.deepcopy(nb)
    kept, gated = [], False
    for cell in nb["cells"]:
        tags = _tags(cell)
        if cell.get("cell_type") == "markdown":
            cell["source"], gated_after = _strip_solutions(_source(cell), gated)
            gated = gated_after
            if cell["source"].strip():
                kept.append(cell)
            continue
        if gated:  # a cell inside a gated solution
            continue
        if cell.get("cell_type") == "code":
            if not keep_outputs or SOLUTION_TAG in tags or CHECK_TAG in tags:
                cell["outputs"], cell["execution_count"] = [], None
            if SOLUTION_TAG in tags:
                cell["source"] = stub_source(_source(cell))
                cell.setdefault("metadata", {})["tags"] = [t for t in tags if t != "hide-input"]
        kept.append(cell)
    nb["cells"] = kept
    return nb


# ---------------------------------------------------------------------------------------------
# The student edition: notebooks with stubs, and the website without solutions.

INSTRUCTORS_PAGE = "book/instructors"
"""The toc entry of the instructors' page, which the student edition leaves out."""

STUDENT_TITLE = " (student edition)"
_REMOVE_CELL, _REMOVE_OUTPUT = "remove-cell", "remove-output"


def _project_root(root=None) -> Path:
    return Path(root).resolve() if root is not None else book_dir().parent


def _read_yaml(path: Path) -> dict:
    import yaml  # PyYAML comes with jupyter-book

    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _write_yaml(data: dict, path: Path, header: str) -> None:
    import yaml

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def toc_pages(toc: dict) -> list[str]:
    """Every page of a Jupyter Book table of contents (a dict read from ``_toc.yml``),
    in reading order, as written there (``"book/01_intuition"``: no suffix).

    Examples
    --------
    >>> toc_pages({"root": "intro", "parts": [{"chapters": [{"file": "a"}, {"file": "b"}]}]})
    ['intro', 'a', 'b']
    """
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for key, value in node.items():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def _toc_without(toc: dict, page: str) -> dict:
    """A copy of ``toc`` without the entries ``{file: page}`` (and parts left empty)."""
    toc = copy.deepcopy(toc)

    def prune(node):
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if isinstance(value, list):
                    kept = [prune(v) for v in value
                            if not (isinstance(v, dict) and v.get("file") == page)]
                    kept = [v for v in kept if not (isinstance(v, dict) and "caption" in v
                                                    and not v.get("chapters") and not v.get("file"))]
                    node[key] = kept
                elif isinstance(value, dict):
                    prune(value)
        return node

    return prune(toc)


def _page_path(root: Path, page: str) -> Path:
    for suffix in (".ipynb", ".md"):
        path = root / f"{page}{suffix}"
        if path.exists():
            return path
    raise ValueError(f"page: {page!r} is listed in _toc.yml but neither {page}.ipynb nor {page}.md exists")


def _student_pages(root: Path) -> list[Path]:
    """The files of the pages the student edition keeps, in toc order."""
    pages = toc_pages(_read_yaml(root / "_toc.yml"))
    return [_page_path(root, page) for page in pages if page != INSTRUCTORS_PAGE]


def site_notebook(nb: dict, keep_outputs: bool = False) -> dict:
    """The student notebook (:func:`student_notebook`) as the student website shows it:
    the stubs removed (tag ``remove-cell``: the statement says what to write), each
    ``check`` cell's code shown without its output ("not written yet" helps nobody).
    ``keep_outputs``: keep the outputs of the other code cells (``nb`` is executed)."""
    nb = student_notebook(nb, keep_outputs=keep_outputs)
    for cell in nb["cells"]:
        tags = _tags(cell)
        extra = _REMOVE_CELL if SOLUTION_TAG in tags else _REMOVE_OUTPUT if CHECK_TAG in tags else None
        if cell.get("cell_type") == "code" and extra and extra not in tags:
            cell.setdefault("metadata", {})["tags"] = tags + [extra]
        if cell.get("cell_type") == "code" and CHECK_TAG in tags:  # nbval's marker means nothing here
            cell["source"] = re.sub(r"^# NBVAL_CHECK_OUTPUT\n", "", _source(cell), flags=re.M)
    return nb


def student_config(config: dict) -> dict:
    """The book's ``_config.yml`` (a dict) for the student website: the title says
    "student edition", the page sources are not copied into ``_sources/``, and the
    download button (which would point at them) is off.

    Jupyter Book 1.0.4 does not pass ``html: use_download_button`` on to the theme,
    so the theme option is also set through ``sphinx: config: html_theme_options``,
    merged (``recursive_update``) with the options Jupyter Book derives itself.

    Examples
    --------
    >>> cfg = student_config({"title": "T", "sphinx": {"config": {"x": 1}}})
    >>> cfg["sphinx"]["config"]["html_copy_source"], cfg["html"]["use_download_button"]
    (False, False)
    >>> cfg["sphinx"]["config"]["html_theme_options"], cfg["sphinx"]["config"]["x"]
    ({'use_download_button': False}, 1)
    >>> cfg["sphinx"]["extra_extensions"]
    ['coursework.edition']
    """
    config = copy.deepcopy(config)
    config["title"] = f"{config.get('title', 'infobook')}{STUDENT_TITLE}"
    config.setdefault("html", {})["use_download_button"] = False
    sphinx = config.setdefault("sphinx", {})
    sphinx["recursive_update"] = True
    conf = sphinx.setdefault("config", {})
    conf["html_copy_source"] = False
    conf["html_show_sourcelink"] = False
    conf.setdefault("html_theme_options", {})["use_download_button"] = False
    extensions = sphinx.setdefault("extra_extensions", [])
    if "coursework.edition" not in extensions:  # :func:`setup`: no worked answers in the API reference
        extensions.append("coursework.edition")
    return config


# ---------------------------------------------------------------------------------------------
# A Sphinx extension for the student website (student_config adds it): the checks' docstrings
# show a correct answer in their Examples section, which the API reference would publish.

_NO_EXAMPLES_IN = ("infolib.exercises",)


def _drop_examples(app, what, name, obj, options, lines):
    """``autodoc-process-docstring``: remove the numpy-style ``Examples`` section of the
    docstrings of :data:`_NO_EXAMPLES_IN` (to the next section or the end)."""
    if not name.startswith(_NO_EXAMPLES_IN):
        return
    def is_header(i):
        return (i + 1 < len(lines) and lines[i].strip() and set(lines[i + 1].strip()) == {"-"}
                and len(lines[i + 1].strip()) >= len(lines[i].strip()))
    kept, skipping = [], False
    for i, line in enumerate(lines):
        if is_header(i):
            skipping = line.strip() == "Examples"
        if not skipping:
            kept.append(line)
    lines[:] = kept


def setup(app):
    """The Sphinx extension of the student website: drops the Examples sections of the
    docstrings of ``infolib.exercises`` (they hold worked answers) before napoleon reads them."""
    app.connect("autodoc-process-docstring", _drop_examples, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _asset_dirs(book: Path) -> list[Path]:
    return sorted(p for p in book.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


# Pages are written one by one (stripped); copying asset folders must not bring them back.
_NOT_ASSETS = shutil.ignore_patterns("*.md", "*.ipynb", ".*", "__pycache__", "_build")


def _copy_assets(folder: Path, target: Path) -> None:
    shutil.copytree(folder, target, ignore=_NOT_ASSETS, dirs_exist_ok=True)


def write_student_notebooks(out, root=None) -> list[Path]:
    """Write every chapter notebook of the book at ``root`` (default: this checkout) as
    the students get it (:func:`student_notebook`) into folder ``out``, with the
    folders of ``book/`` (such as ``images/``) that a notebook refers to; return the
    notebooks' paths. The instructors' page is left out."""
    root, out = _project_root(root), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written, texts = [], []
    for path in _student_pages(root):
        if path.suffix != ".ipynb":
            continue
        nb = student_notebook(read_notebook(path))
        target = out / path.name
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
        texts.append(target.read_text(encoding="utf-8"))
    for folder in _asset_dirs(root / "book"):
        if any(f"{folder.name}/" in text for text in texts):
            _copy_assets(folder, out / folder.name)
    return written


def with_executed_outputs(nb: dict, executed: dict, name: str = "notebook", glue=None) -> dict:
    r"""A copy of notebook ``nb`` with the outputs of ``executed``, an executed copy of it
    (such as the one MyST-NB writes under ``_build/jupyter_execute/``).

    The copy is used only if it matches ``nb``: the same number of cells, the same kind
    and, for code cells, the same source in every cell, and at least one code cell run.
    Only the code cells' ``outputs`` and ``execution_count`` are taken from it; the
    markdown and the metadata stay those of ``nb``.

    MyST-NB takes the hidden ``glue(..., display=False)`` outputs out of the copy it
    writes and keeps them in ``<name>.glue.json`` beside it: pass that file's content
    as ``glue`` and they are put back (each in the cell that calls ``glue`` with its
    key, else the first code cell that is neither a solution nor a check), so that
    ``{glue:text}`` roles find them when the notebook is not executed again.

    Parameters
    ----------
    nb : dict
        The notebook (its source, as in ``book/``).
    executed : dict
        The executed copy.
    name : str, optional
        The notebook's name, for the error message.
    glue : dict, optional
        The glued outputs MyST-NB wrote beside the copy (``<name>.glue.json``), by key.

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        If ``executed`` does not match ``nb`` (stale, or never executed); the message
        says where they differ.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": "1 + 1",
    ...                  "outputs": [], "execution_count": None}]}
    >>> done = {"cells": [dict(nb["cells"][0], execution_count=1,
    ...         outputs=[{"output_type": "execute_result", "data": {"text/plain": "2"}}])]}
    >>> with_executed_outputs(nb, done)["cells"][0]["outputs"][0]["data"]
    {'text/plain': '2'}
    >>> stale = {"cells": [dict(done["cells"][0], source="1 + 2")]}
    >>> with_executed_outputs(nb, stale, "ch.ipynb")
    Traceback (most recent call last):
    ...
    ValueError: executed: the copy of ch.ipynb is stale (code cell 0 differs)
    """
    for arg, value in (("nb", nb), ("executed", executed)):
        if not isinstance(value, dict) or not isinstance(value.get("cells"), list) \
                or not all(isinstance(c, dict) for c in value["cells"]):
            raise ValueError(f"{arg}: {name} is not a notebook (expected a dict with a list of cells)")
    cells, done = nb["cells"], executed["cells"]
    if len(cells) != len(done):
        raise ValueError(f"executed: the copy of {name} is stale ({len(done)} cells, "
                         f"the notebook has {len(cells)})")
    for i, (cell, other) in enumerate(zip(cells, done)):
        if cell.get("cell_type") != other.get("cell_type"):
            raise ValueError(f"executed: the copy of {name} is stale (cell {i} is a "
                             f"{other.get('cell_type')} cell, in the notebook a {cell.get('cell_type')} cell)")
        if cell.get("cell_type") == "code" and _source(cell) != _source(other):
            raise ValueError(f"executed: the copy of {name} is stale (code cell {i} differs)")
    code = [c for c in done if c.get("cell_type") == "code"]
    if code and all(c.get("execution_count") is None for c in code):
        raise ValueError(f"executed: the copy of {name} was never executed (no cell has run)")
    if glue is not None and not (isinstance(glue, dict) and all(
            isinstance(v, dict) and isinstance(v.get("data"), dict) for v in glue.values())):
        raise ValueError(f"glue: the glue data of {name} is not a mapping of keys to outputs")
    out = copy.deepcopy(nb)
    for cell, other in zip(out["cells"], done):
        if cell.get("cell_type") == "code":
            cell["outputs"] = copy.deepcopy(other.get("outputs", []))
            cell["execution_count"] = other.get("execution_count")
    _restore_glue(out["cells"], glue or {})
    return out


def _restore_glue(cells: list, glue: dict) -> None:
    """Put the hidden glued outputs ``glue`` (MyST-NB's ``.glue.json``) back into ``cells``."""
    code = [c for c in cells if c.get("cell_type") == "code"]
    shown = {o.get("metadata", {}).get("scrapbook", {}).get("name") for c in code for o in c["outputs"]
             if isinstance(o, dict) and isinstance(o.get("metadata"), dict)}
    plain = [c for c in code if not {SOLUTION_TAG, CHECK_TAG} & set(_tags(c))]
    for key, output in glue.items():
        scrap = output.get("metadata", {}).get("scrapbook", {})
        prefix = scrap.get("mime_prefix", "") if isinstance(scrap, dict) else ""
        if key in shown or not prefix:  # a displayed glue stays in the copy's outputs
            continue
        call = re.compile(r"glue\(\s*[\"']" + re.escape(key) + r"[\"']")
        home = next((c for c in code if call.search(_source(c))), plain[0] if plain else None)
        if home is None:
            continue
        restored = copy.deepcopy(output)
        restored["data"] = {prefix + k: v for k, v in output["data"].items()}
        home["outputs"].append(restored)


OUTPUTS_REPORT = "outputs.json"
"""The file of ``site_src`` in which :func:`write_site_source` says, notebook by notebook,
whether the book build's outputs (its execution cache, else its executed copy) were used or the
notebook is executed again."""
REUSED = "outputs of the book build's execution"


def _from_execution_cache(path: Path, executed: Path) -> dict | None:
    """Notebook ``path`` with the outputs the book build's execution cache holds for its code
    (``<executed>/../.jupyter_cache``, keyed by the code cells), or None without a match.

    The cache comes first: MyST-NB writes the executed copy under ``jupyter_execute`` only
    when it executes the notebook; a page read again and served from the cache (after
    ``jupyter-book clean``, ``--all`` or a changed configuration) gets a copy of its source,
    without the outputs of the cells that are not checked."""
    folder = executed.parent / ".jupyter_cache"
    if not (folder / "global.db").is_file():
        return None
    import nbformat
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(folder).merge_match_into_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return None
    return json.loads(nbformat.writes(merged))


def _site_notebook_from(path: Path, root: Path, executed) -> tuple[dict, str]:
    """The student website's notebook of chapter ``path``, and where its outputs come from."""
    nb = read_notebook(path)
    if executed is None:
        return site_notebook(nb), "executed by the student build (no executed copies given)"
    cached = _from_execution_cache(path, executed)
    copy_path = executed / path.relative_to(root)
    try:
        if cached is not None:
            merged = with_executed_outputs(nb, cached, path.name)
        elif not copy_path.is_file():
            raise ValueError(f"executed: no executed copy {copy_path}")
        else:
            glue_path = copy_path.with_name(copy_path.stem + ".glue.json")
            try:
                glue = json.loads(glue_path.read_text(encoding="utf-8")) if glue_path.is_file() else None
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ValueError(f"executed: {glue_path.name} is not readable JSON ({exc})") from None
            merged = with_executed_outputs(nb, read_notebook(copy_path), path.name, glue=glue)
    except ValueError as exc:
        return site_notebook(nb), f"executed by the student build ({exc})"
    site = site_notebook(merged, keep_outputs=True)
    site.setdefault("metadata", {})["mystnb"] = {"execution_mode": "off"}  # MyST-NB: per notebook
    return site, REUSED


def write_site_source(site_src, root=None, executed=None) -> Path:
    """Write the source of the student website into the (emptied) folder ``site_src``:
    ``_config.yml`` (:func:`student_config`), ``_toc.yml`` without the instructors'
    page, and ``book/`` with the student notebooks (:func:`site_notebook`), the markdown
    pages without ``{solution}`` blocks, the bibliography and the asset folders.
    ``vendor/`` (MathJax) is linked, not copied. Returns ``site_src``.

    ``executed``, a folder of executed copies of the notebooks (the book build's
    ``_build/jupyter_execute``), spares the student build a second execution: a
    chapter whose code the build's execution cache beside it holds
    (:func:`_from_execution_cache`), else whose copy matches its source
    (:func:`with_executed_outputs`), keeps those outputs, except those of the solution
    and check cells, and is not executed
    again (``mystnb: execution_mode: off`` in its metadata; ``execute_notebooks: off``
    in ``_config.yml`` when every chapter has one). A chapter without a matching copy
    is executed by the student build (with the book's ``execute`` settings), as
    without ``executed``. Which was done for each notebook is written to
    ``site_src/outputs.json`` (:data:`OUTPUTS_REPORT`) and logged by ``logging``.
    """
    root, site_src = _project_root(root), Path(site_src).resolve()
    if not (root / "vendor").is_dir():
        raise ValueError(f"root: {root} has no vendor/ folder (MathJax): run `make setup` first")
    if executed is not None:
        executed = Path(executed).resolve()
        if not executed.is_dir():
            raise ValueError(f"executed: {executed} is not a folder (build the book first: "
                             "`make book` writes _build/jupyter_execute)")
    if site_src.exists():
        shutil.rmtree(site_src)
    book = site_src / "book"
    book.mkdir(parents=True)
    header = "# Generated by `python -m coursework.edition` from the book's own file: do not edit.\n"
    config = _read_yaml(root / "_config.yml")
    _write_yaml(_toc_without(_read_yaml(root / "_toc.yml"), INSTRUCTORS_PAGE), site_src / "_toc.yml", header)
    origin = {}
    for path in _student_pages(root):
        target = site_src / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            nb, origin[str(path.relative_to(root))] = _site_notebook_from(path, root, executed)
            target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            target.write_text(strip_solution_blocks(path.read_text(encoding="utf-8")), encoding="utf-8")
    student = student_config(config)
    if origin and all(how == REUSED for how in origin.values()):
        student.setdefault("execute", {})["execute_notebooks"] = "off"
    _write_yaml(student, site_src / "_config.yml", header)
    report = {"executed": str(executed) if executed is not None else None, "notebooks": origin}
    (site_src / OUTPUTS_REPORT).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    log = logging.getLogger(__name__)
    for name, how in origin.items():
        (log.info if how == REUSED or executed is None else log.warning)("student site, %s: %s", name, how)
    for bib in (root / "book").glob("*.bib"):
        shutil.copy2(bib, book / bib.name)
    for folder in _asset_dirs(root / "book"):
        _copy_assets(folder, book / folder.name)
    # MathJax, and the folders of the book's local Sphinx extensions: linked, not copied
    linked = {"vendor"} | {str(v).strip("/") for v in
                           (config.get("sphinx", {}).get("local_extensions") or {}).values()}
    for name in sorted(linked):
        if (root / name).is_dir():
            (site_src / name).symlink_to(root / name, target_is_directory=True)
    return site_src


def build_student_site(site_src, out, timeout=1800) -> Path:
    """Build the website at ``site_src`` (see :func:`write_site_source`) the way
    ``make book`` builds the book (players, warnings are errors) and copy its HTML to
    folder ``out``; ``RuntimeError`` with the end of the log if the build fails. The
    build's log is kept in ``site_src/build.log``."""
    site_src, out = Path(site_src).resolve(), Path(out).resolve()
    bindir = Path(sys.executable).parent
    env = dict(os.environ, INFOBOOK_STATIC="1", PYTHONHASHSEED="0", MPLBACKEND="Agg")
    env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "")
    cmd = [str(bindir / "jupyter-book"), "build", str(site_src), "--path-output", str(site_src),
           "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=site_src, env=env, capture_output=True, text=True, timeout=timeout)
    log = proc.stdout + proc.stderr
    (site_src / "build.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError("the student website did not build:\n" + log[-6000:])
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(site_src / "_build" / "html", out)
    return out


def make_coursework(out=None, root=None, site=True, executed=None) -> dict[str, Path]:
    """Write the student edition of the book at ``root`` under ``out`` (default
    ``<root>/_build/coursework``): ``student/`` (the notebooks) and, if ``site``,
    ``site-src/`` and ``student-site/`` (the website), and a copy of ``INSTRUCTORS.md``
    (``guide``). Returns those paths by name,
    with ``outputs``, the report of where the site's outputs come from (:data:`OUTPUTS_REPORT`).

    ``executed``: the book build's executed notebooks (``_build/jupyter_execute``), whose
    outputs the website reuses instead of executing the chapters again (see
    :func:`write_site_source`)."""
    root = _project_root(root)
    out = Path(out) if out is not None else root / "_build" / "coursework"
    paths = {"student": out / "student"}
    if paths["student"].exists():
        shutil.rmtree(paths["student"])
    write_student_notebooks(paths["student"], root)
    guide = root / "INSTRUCTORS.md"
    if guide.is_file():  # the instructor's guide travels with the edition it describes
        paths["guide"] = out / "INSTRUCTORS.md"
        shutil.copyfile(guide, paths["guide"])
    if site:
        paths["site-src"] = write_site_source(out / "site-src", root, executed=executed)
        paths["outputs"] = paths["site-src"] / OUTPUTS_REPORT
        paths["student-site"] = build_student_site(paths["site-src"], out / "student-site")
    return paths


# ---------------------------------------------------------------------------------------------
# What the checks test, for INSTRUCTORS.md and the instructors' page.

def _hint_name(text: str) -> str:
    """The first clause of a hint, which names the mistake it recognises ("this is"
    becomes "gives": "gives the answer in nats").

    Examples
    --------
    >>> _hint_name("this is H(q, p): the arguments are swapped")
    'gives H(q, p)'
    >>> _hint_name("nan comes from 0·log 0: skip the symbols with p = 0 (their contribution is 0)")
    'nan comes from 0·log 0'
    """
    depth, end = 0, len(text)
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and (ch in ":;" or text.startswith((". ", ", "), i)):
            end = i
            break
        if depth == 1 and ch == "(" and text[i - 1:i] == " ":
            end = i - 1
            break
    name = text[:end].strip()
    return "gives " + name[len("this is "):] if name.startswith("this is ") else name


def checks_table(book=None) -> list[dict]:
    """One row per coding exercise of the book (``book`` as in :func:`all_exercises`):
    its notebook, the function the learner writes, the check's name and task, the
    number of test inputs, the tolerance, the points it is worth, the ``infolib`` functions
    the learner's function may not call, and the mistakes its hints name."""
    from infolib import exercises
    from infolib.exercises._core import forbidden_functions

    rows = []
    for notebook, found in all_exercises(book).items():
        for ex in found:
            check = exercises.CHECKS[ex.check]
            names = list(dict.fromkeys(_hint_name(h.text) for h in check.hints))
            rows.append({"notebook": notebook, "function": ex.function, "check": ex.check,
                         "task": check.task, "inputs": len(check.cases()),
                         "atol": check.atol, "rtol": check.rtol, "points": check.points,
                         "forbidden": sorted(forbidden_functions(ex.check).values()), "hints": names})
    return rows


def checks_markdown(book=None) -> str:
    """:func:`checks_table` as a markdown table (``|`` in a cell escaped)."""
    def cell(text):
        return str(text).replace("|", r"\|")

    lines = ["| notebook | function | what it computes | points | inputs | tolerance (abs, rel) "
             "| may not call | mistakes it names |",
             "|---|---|---|---:|---:|---|---|---|"]
    for row in checks_table(book):
        tol = f"{row['atol']:g}, {row['rtol']:g}"
        lines.append("| " + " | ".join(cell(c) for c in (
            f"`{row['notebook']}`", f"`{row['function']}`", row["task"], row["points"], row["inputs"],
            tol, ", ".join(f"`{n}`" for n in row["forbidden"]), "; ".join(row["hints"]))) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    """``python -m coursework.edition [--out DIR] [--no-site] [--executed DIR] [--checks-table]``."""
    parser = argparse.ArgumentParser(prog="python -m coursework.edition",
                                     description="Write the student edition of the book.")
    parser.add_argument("--out", default=None, help="output folder (default: _build/coursework)")
    parser.add_argument("--no-site", action="store_true", help="only the notebooks, not the website")
    parser.add_argument("--executed", default=None, metavar="DIR",
                        help="the book build's executed notebooks (_build/jupyter_execute): the website "
                             "takes their outputs instead of executing the chapters again")
    parser.add_argument("--checks-table", action="store_true",
                        help="print the markdown table of the checks (for INSTRUCTORS.md) and stop")
    args = parser.parse_args(argv)
    if args.checks_table:
        print(checks_markdown())
        return 0
    try:
        paths = make_coursework(args.out, site=not args.no_site, executed=args.executed)
    except (ValueError, RuntimeError) as exc:
        print(f"coursework: {exc}", file=sys.stderr)
        return 1
    notebooks = sorted(p.name for p in paths["student"].glob("*.ipynb"))
    print(f"Student notebooks ({len(notebooks)}, solutions replaced by stubs): {paths['student']}/")
    if "student-site" in paths:
        report = json.loads(paths["outputs"].read_text(encoding="utf-8"))
        origin = report["notebooks"]
        reused = [name for name, how in origin.items() if how == REUSED]
        if report["executed"]:
            print(f"Outputs of {len(reused)} of {len(origin)} notebooks taken from {report['executed']}/")
            for name, how in origin.items():
                if how != REUSED:
                    print(f"  {name}: {how}")
        else:
            print(f"The {len(origin)} notebooks were executed by the student build "
                  "(--executed _build/jupyter_execute reuses the book's outputs)")
        print(f"Where each notebook's outputs come from: {paths['outputs']}")
        print(f"Student website (no solutions): file://{paths['student-site']}/index.html")
    print(f"How to hand out, collect and grade: {paths.get('guide', 'INSTRUCTORS.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
