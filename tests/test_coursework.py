"""The student edition (coursework.edition): stubs, solution blocks removed, the student website.

The unit tests use small hand-written notebooks and markdown. The session fixture ``coursework``
runs ``make_coursework`` once, on the executed notebooks of the session's book build (``book_build``
in conftest.py), so the student website takes their outputs instead of executing every chapter a
second time; the remaining tests look for every solution's text in what it wrote, and compare its
pages with the book's.
"""
import ast
import contextlib
import html
import inspect
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import infolib
import infolib.exercises
from coursework import edition as cw
from conftest import build_lock

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHAPTERS = sorted(p for p in BOOK.glob("*.ipynb") if re.match(r"\d\d_", p.name))
MESSAGE_TAIL = "write this function, then run the check below"


def _code(source, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source,
            "outputs": [], "execution_count": None}


def _md(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


# ---------------------------------------------------------------------------------------------
# stub_source

def _stub_runs(stub, name, *args):
    ns = {"np": np, "functools": __import__("functools")}
    exec(compile(stub, "<stub>", "exec"), ns)
    with pytest.raises(NotImplementedError) as info:
        ns[name](*args)
    return str(info.value)


def test_stub_keeps_signature_and_docstring_of_every_book_solution():
    count = 0
    for path in CHAPTERS:
        nb = cw.read_notebook(path)
        for ex in cw.find_exercises(nb, path.name):
            src = "".join(nb["cells"][ex.solution_cell]["source"])
            stub = cw.stub_source(src)
            ref, new = ast.parse(src).body[-1], ast.parse(stub).body[0]
            assert new.name == ref.name == ex.function
            assert ast.dump(new.args) == ast.dump(ref.args)
            assert ast.get_docstring(new, clean=False) == ast.get_docstring(ref, clean=False)
            assert ast.get_docstring(new), f"{ex.function}: the solution has a docstring"
            # the body is the docstring and one raise, nothing of the reference answer
            assert len(new.body) == 2 and isinstance(new.body[1], ast.Raise)
            message = _stub_runs(stub, ex.function, *[np.zeros(3)] * len(ref.args.args))
            assert message == f"{ex.function}: {MESSAGE_TAIL}"
            count += 1
    assert count >= len(CHAPTERS)


@pytest.mark.parametrize("src, name, doc", [
    # a signature over several lines, a decorator and a multi-line docstring
    ('import functools\n\n@functools.cache\ndef g(a,\n      b=2):\n    """Two\n    lines."""\n'
     '    c = a + b\n    return c\n', "g", "Two\n    lines."),
    # no docstring: the stub is the signature and the raise
    ("def h(x):\n    y = x * 2\n    return y\n", "h", None),
    # the body on the signature's line
    ('def k(x): return x + 1\n', "k", None),
    ('def m(x): "Doc."; return x + 1\n', "m", "Doc."),
    # tabs
    ('def t(x):\n\t"""Tabbed."""\n\treturn x\n', "t", "Tabbed."),
])
def test_stub_of_unusual_functions(src, name, doc):
    stub = cw.stub_source(src)
    node = ast.parse(stub).body[0]
    assert node.name == name and ast.get_docstring(node, clean=False) == doc
    assert "return" not in stub and "c = a + b" not in stub
    assert _stub_runs(stub, name, 1) == f"{name}: {MESSAGE_TAIL}"


@pytest.mark.parametrize("src, words", [
    ("def f(x):\n    return x +\n", "not valid Python"),
    ("x = 1\n", "exactly one function, found 0"),
    ("def f(x):\n    return x\n\ndef g(x):\n    return x\n", "exactly one function, found 2"),
])
def test_stub_of_a_bad_solution_cell_is_a_value_error(src, words):
    with pytest.raises(ValueError, match=words):
        cw.stub_source(src)


# ---------------------------------------------------------------------------------------------
# strip_solution_blocks

def test_strip_backtick_and_colon_solutions_keeps_the_rest():
    text = ("Intro.\n\n```{exercise} A\n:label: ex-a\nQuestion A.\n```\n\n```{solution} ex-a\n"
            ":class: dropdown\n\nAnswer A is 42.\n```\n\nMiddle.\n\n:::{solution} ex-b\nAnswer B is 7.\n"
            ":::\n\nEnd.\n")
    out = cw.strip_solution_blocks(text)
    assert "Answer A" not in out and "Answer B" not in out and "dropdown" not in out
    assert out == "Intro.\n\n```{exercise} A\n:label: ex-a\nQuestion A.\n```\n\nMiddle.\n\nEnd.\n"


def test_strip_nested_directives_inside_a_solution():
    text = ("Before.\n\n`````{solution} ex-a\nStep one.\n\n```{math}\nx = 1\n```\n\n````{note}\n"
            "```python\nsecret = 1\n```\n````\nStep two.\n`````\n\n::::{solution} ex-b\n"
            ":::{hint}\nInner hint.\n:::\nStill inside.\n::::\nAfter.\n")
    out = cw.strip_solution_blocks(text)
    for leaked in ("Step", "x = 1", "secret", "Inner hint", "Still inside"):
        assert leaked not in out
    assert out == "Before.\n\nAfter.\n"


def test_strip_indented_opening_and_long_closing_fence():
    out = cw.strip_solution_blocks("A\n   ```{solution} ex\n   hidden\n   ``````\nB\n")
    assert out == "A\nB\n"


def test_strip_gated_solution_and_an_unclosed_one():
    gated = "Q.\n\n```{solution-start} ex\n:class: dropdown\n```\nThe answer.\n```{solution-end}\n```\nNext.\n"
    assert cw.strip_solution_blocks(gated) == "Q.\n\nNext.\n"
    assert cw.strip_solution_blocks("Q.\n```{solution} ex\nno closing fence\n") == "Q.\n"


def test_a_markdown_code_block_is_not_a_solution():
    text = "````markdown\n```{exercise} x\nQ\n```\n````\n\nAlso `{solution}` inline.\n"
    assert cw.strip_solution_blocks(text) == text


def test_student_notebook_drops_the_cells_of_a_gated_solution():
    nb = {"cells": [
        _md("Exercise.\n\n```{solution-start} ex\n```"),
        _code("answer = 42"),
        _md("Worked out.\n```{solution-end}\n```\nAfter the solution."),
        _code("def f(p):\n    \"\"\"Doc.\"\"\"\n    return p.sum()", ["solution", "hide-input"]),
        _code("infolib.exercises.check_entropy(f)", ["check"]),
    ]}
    nb["cells"][4]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "✓"}]
    out = cw.student_notebook(nb)
    sources = [c["source"] for c in out["cells"]]
    assert sources[0] == "Exercise.\n\n" and sources[1] == "After the solution."
    assert not any("answer = 42" in s or "Worked out" in s or "p.sum()" in s for s in sources)
    assert out["cells"][2]["metadata"]["tags"] == ["solution"]
    assert out["cells"][3]["outputs"] == []
    assert nb["cells"][3]["source"].endswith("p.sum()"), "the input notebook is not changed"


# ---------------------------------------------------------------------------------------------
# find_exercises on malformed notebooks

SOLUTION = _code('def f(p):\n    """Doc."""\n    return 0.0', ["solution"])
CHECK = _code("infolib.exercises.check_entropy(f)", ["check"])


@pytest.mark.parametrize("nb, words", [
    ([SOLUTION, CHECK], "not a notebook"),
    ({"metadata": {}}, "not a notebook"),
    ({"cells": "abc"}, "not a notebook"),
    ({"cells": [SOLUTION, "oops"]}, "cell 1 is a str"),
    ({"cells": [SOLUTION]}, "cell 0: the solution 'f' must be followed"),
    ({"cells": [SOLUTION, _md("infolib.exercises.check_entropy(f)")]}, "must be followed"),
    ({"cells": [SOLUTION, _code("infolib.exercises.check_entropy(f)")]}, "must be followed"),
    ({"cells": [SOLUTION, _code("infolib.exercises.check_entropy(g)", ["check"])]}, "must be followed"),
    ({"cells": [_code("def f(:\n", ["solution"]), CHECK]}, "cell 0: the solution cell is not valid Python"),
    ({"cells": [_code("def f(p):\n  return 1\ndef g(p):\n  return 2", ["solution"]), CHECK]},
     "exactly one function, found 2"),
])
def test_find_exercises_rejects_a_malformed_notebook(nb, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        cw.find_exercises(nb, "bad.ipynb")


def test_read_notebook_rejects_invalid_json(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.ipynb is not a notebook"):
        cw.read_notebook(bad)


def test_every_chapter_has_an_exercise_with_a_registered_check():
    found = cw.all_exercises()
    assert sorted(found) == [p.name for p in CHAPTERS]
    assert all(ex.check in infolib.exercises.CHECKS for exs in found.values() for ex in exs)


# ---------------------------------------------------------------------------------------------
# The configuration and the table of contents of the student website

def test_student_toc_leaves_out_the_instructors_page_only():
    toc = cw._read_yaml(ROOT / "_toc.yml")
    pages = cw.toc_pages(toc)
    assert cw.INSTRUCTORS_PAGE in pages
    student = cw._toc_without(toc, cw.INSTRUCTORS_PAGE)
    assert cw.toc_pages(student) == [p for p in pages if p != cw.INSTRUCTORS_PAGE]
    # a part that held only that page is dropped with it, the others stay
    kept = [part["caption"] for part in toc["parts"]
            if [c for c in part["chapters"] if c.get("file") != cw.INSTRUCTORS_PAGE]]
    assert [part["caption"] for part in student["parts"]] == kept


def test_student_site_drops_the_examples_of_the_checks_docstrings():
    doc = ["Check fn.", "", "Parameters", "----------", "fn : callable", "", "Examples", "--------",
           ">>> def f(p):", "...     return secret(p)", "", "Notes", "-----", "Kept."]
    lines = list(doc)
    cw._drop_examples(None, "function", "infolib.exercises.check_entropy", None, {}, lines)
    assert lines == doc[:6] + doc[11:]
    other = list(doc)
    cw._drop_examples(None, "function", "infolib.entropy", None, {}, other)
    assert other == doc


def test_student_config_switches_off_sources_and_download():
    config = cw._read_yaml(ROOT / "_config.yml")
    student = cw.student_config(config)
    conf = student["sphinx"]["config"]
    assert conf["html_copy_source"] is False and conf["html_show_sourcelink"] is False
    assert conf["html_theme_options"]["use_download_button"] is False
    assert student["title"].endswith("(student edition)")
    assert "coursework.edition" in student["sphinx"]["extra_extensions"]
    assert conf["mathjax_path"] == config["sphinx"]["config"]["mathjax_path"], "the rest is kept"
    assert "html_copy_source" not in config["sphinx"]["config"], "the book's config is not changed"


# ---------------------------------------------------------------------------------------------
# INSTRUCTORS.md

def test_instructors_md_has_the_current_checks_table():
    text = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    table = cw.checks_markdown()
    if table not in text:
        pasted = set(text.splitlines())
        stale = [row for row in table.splitlines() if row not in pasted]
        raise AssertionError("INSTRUCTORS.md: paste `python -m coursework.edition --checks-table` "
                             "again; rows that differ:\n" + "\n".join(stale))
    # the table names every exercise of the book (compared with the notebooks, not the function)
    for path in CHAPTERS:
        for ex in cw.find_exercises(cw.read_notebook(path), path.name):
            assert f"| `{path.name}` | `{ex.function}` |" in table


def test_instructors_md_covers_the_threat_model_and_the_workflow():
    text = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    for words in ("make coursework", "make grade", "python -m coursework.grade", "permissions",
                  "useradd", "docker run", "--network none", "student,notebook,exercise,points,max_points,feedback",
                  "gradebook.csv", "feedback/<student>.md", "byte for byte", "sys.setprofile", "all or nothing"):
        assert words in text, words


def test_the_guide_travels_with_the_student_edition(coursework):
    guide = coursework["guide"]
    assert guide.name == "INSTRUCTORS.md" and guide.parent == coursework["student"].parent
    assert guide.read_bytes() == (ROOT / "INSTRUCTORS.md").read_bytes()


# ---------------------------------------------------------------------------------------------
# What the student edition must not contain: every solution's text

_TRIVIAL = re.compile(r"^[\s\W]*$|^(return|pass|else:|try:|finally:|\)|\]|\})$")


def _solution_code_lines():
    """{function: the lines of its reference answer after the signature and docstring}, except
    short lines and lines the book also shows outside its solutions (in a chapter's code or in
    an exercise's statement, "return np.inf": taught, not a leak)."""
    sources = {p: cw.read_notebook(p) for p in CHAPTERS}
    found = {p: cw.find_exercises(nb, p.name) for p, nb in sources.items()}
    elsewhere = "\n".join(
        cw.strip_solution_blocks("".join(c["source"])) for p, nb in sources.items()
        for i, c in enumerate(nb["cells"]) if i not in {ex.solution_cell for ex in found[p]})
    elsewhere = _normal(elsewhere.replace("`", ""))  # as the page reads: return `np.inf`
    out = {}
    for path, nb in sources.items():
        for ex in found[path]:
            src = "".join(nb["cells"][ex.solution_cell]["source"])
            node = ast.parse(src).body[-1]
            start = node.body[1 if ast.get_docstring(node) else 0].lineno
            lines = [ln.strip() for ln in src.splitlines()[start - 1:]]
            out[ex.function] = [ln for ln in lines if len(ln) >= 10 and not _TRIVIAL.match(ln)
                                and _normal(ln) not in elsewhere]
            assert len(out[ex.function]) >= 2, ex.function
    return out


_SOLUTION_BLOCK = re.compile(r"^\s{0,3}(`{3,}|:{3,})\s*\{solution(?:-start)?\}.*\n((?:.*\n)*?)\s{0,3}\1\s*$",
                             re.M)
_PLAIN_RUN = re.compile(r"[A-Za-z][A-Za-z ,;]{24,}[A-Za-z]")  # no quotes: the site curls them


def _markdown_sources():
    for path in sorted(BOOK.rglob("*.md")) + CHAPTERS:
        if path.suffix == ".md":
            yield path, path.read_text(encoding="utf-8")
        else:
            for cell in cw.read_notebook(path)["cells"]:
                if cell["cell_type"] == "markdown":
                    yield path, "".join(cell["source"])


_MARKUP = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|^:\w+:[^\n]*$", re.S | re.M)


def _fragments(block):
    """Runs of plain words (no markup, maths, roles or directive options) of at least 26
    characters: text that reads the same in the markdown, the HTML and the notebooks."""
    return [" ".join(m.group(0).split()) for piece in _MARKUP.split(block)
            for m in _PLAIN_RUN.finditer(piece)]


def _solution_fragments():
    found = []
    for path, text in _markdown_sources():
        for m in _SOLUTION_BLOCK.finditer(text + "\n"):
            found += [(path.name, frag) for frag in _fragments(m.group(2))]
    return found


def _exercise_fragments():
    """The same kind of fragments from the exercises' statements, which the student edition
    keeps: they show that a fragment survives the rendering, so its absence means something."""
    pattern = re.compile(r"^(`{3,}|:{3,})\{exercise\}.*\n((?:.*\n)*?)\1\s*$", re.M)
    found = []
    for path in CHAPTERS:
        for cell in cw.read_notebook(path)["cells"]:
            for m in pattern.finditer("".join(cell["source"]) + "\n"):
                found += [(path.name, frag) for frag in _fragments(m.group(2))]
    return found


def test_there_are_solution_texts_to_look_for():
    blocks = _solution_fragments()
    assert len({name for name, _ in blocks}) >= len(CHAPTERS) - 1
    assert len(blocks) >= 30
    assert sum(len(v) for v in _solution_code_lines().values()) >= 2 * len(CHAPTERS)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def _normal(text):
    return " ".join(text.split())


def _readable(path):
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":  # code is split into highlighting spans: compare the text
        parser = _Text()
        parser.feed(raw)
        return _normal(raw) + "\n" + _normal("".join(parser.parts))
    return _normal(html.unescape(raw)) + "\n" + _normal(raw.replace("\\n", "\n"))


def _corpus(folder):
    files = [p for p in sorted(Path(folder).rglob("*")) if p.is_file()
             and p.suffix in (".html", ".js", ".ipynb", ".md", ".txt", ".json", ".css", ".py", "")]
    return {p: _readable(p) for p in files}


def _notebook_corpus(folder):
    """Each student notebook's cells, source joined, plus the raw file."""
    out = {}
    for p in sorted(Path(folder).glob("*.ipynb")):
        cells = json.loads(p.read_text(encoding="utf-8"))["cells"]
        out[p] = _normal("\n".join("".join(c["source"]) for c in cells)) + "\n" + _normal(p.read_text())
    return out


def _leaks(corpus):
    leaks = [f"{fn}: {line!r} in {p.name}" for fn, lines in _solution_code_lines().items()
             for line in lines for p, text in corpus.items() if _normal(line) in text]
    leaks += [f"{src}: {frag!r} in {p.name}" for src, frag in _solution_fragments()
              for p, text in corpus.items() if frag in text]
    return leaks


@pytest.fixture(scope="session")
def executed(book_build):
    """The executed notebooks of the session's book build (MyST-NB's copies)."""
    folder = book_build / "_build" / "jupyter_execute"
    copies = sorted((folder / "book").glob("*.ipynb"))
    assert [p.name for p in copies if p.name in {c.name for c in CHAPTERS}] == [p.name for p in CHAPTERS]
    for path in CHAPTERS:  # executed: the copies hold outputs
        cells = cw.read_notebook(folder / "book" / path.name)["cells"]
        assert any(c.get("outputs") for c in cells if c["cell_type"] == "code"), path.name
    return folder


@pytest.fixture(scope="session")
def coursework(tmp_path_factory, executed):
    """The student edition written once per session, website included (from the executed copies)."""
    with build_lock(executed.parent.parent):  # the site tests may rebuild it in place meanwhile
        return cw.make_coursework(tmp_path_factory.mktemp("coursework"), executed=executed)


def test_the_search_finds_every_solution_in_the_book():
    """The leak search itself works: in the book's own sources it finds every text it looks for."""
    corpus = _notebook_corpus(BOOK)
    corpus.update({p: _normal(p.read_text(encoding="utf-8")) for p in BOOK.rglob("*.md")})
    missing = [line for lines in _solution_code_lines().values() for line in lines
               if not any(_normal(line) in text for text in corpus.values())]
    missing += [frag for _, frag in _solution_fragments()
                if not any(frag in text for text in corpus.values())]
    assert not missing


def test_student_notebooks_contain_no_solution(coursework):
    student = coursework["student"]
    assert sorted(p.name for p in student.glob("*.ipynb")) == [p.name for p in CHAPTERS]
    corpus = _notebook_corpus(student)
    assert not _leaks(corpus)
    # the statements are still there (the search would see them)
    kept = _exercise_fragments()
    assert kept and all(any(frag in text for text in corpus.values()) for _, frag in kept)


def test_student_stubs_raise_and_their_checks_say_not_written_yet(coursework):
    for path in sorted(coursework["student"].glob("*.ipynb")):
        nb = cw.read_notebook(path)
        exercises = cw.find_exercises(nb, path.name)
        assert exercises, path.name
        for ex in exercises:
            ns = {"np": np, "infolib": infolib}
            stub = "".join(nb["cells"][ex.solution_cell]["source"])
            exec(compile(stub, f"{path.name}:stub", "exec"), ns)
            n_args = len(inspect.signature(ns[ex.function]).parameters)
            with pytest.raises(NotImplementedError, match=re.escape(f"{ex.function}: {MESSAGE_TAIL}")):
                ns[ex.function](*[np.array([0.5, 0.5])] * n_args)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile("".join(nb["cells"][ex.check_cell]["source"]), f"{path.name}:check", "exec"), ns)
            printed = out.getvalue()
            assert "not written yet" in printed and printed.startswith("✗"), printed
            assert "Traceback" not in printed


def test_student_site_contains_no_solution(coursework):
    site = coursework["student-site"]
    corpus = _corpus(site)
    assert any(p.name == "searchindex.js" for p in corpus)
    assert not _leaks(corpus)
    # the same search finds the exercises' statements and the check cells' code on the site
    pages = {p: t for p, t in corpus.items() if p.suffix == ".html"}
    kept = _exercise_fragments()
    assert all(any(frag in text for text in pages.values()) for _, frag in kept)
    assert any("infolib.exercises.check_entropy(entropy_bits)" in text for text in pages.values())


def test_student_site_has_no_sources_no_download_and_no_instructors_page(coursework):
    site = coursework["student-site"]
    assert not (site / "_sources").exists()
    assert not list(site.rglob("*.ipynb")) and not list(site.rglob("*.md"))
    pages = sorted(site.rglob("*.html"))
    assert not (site / "book" / "instructors.html").exists()
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "download-source-button" not in raw and "download-notebook-button" not in raw, page.name
        assert "download-buttons" not in raw, page.name
        assert not re.search(r'href="[^"]*instructors', raw), f"{page.name} links the instructors' page"
        if page.parent.name != "_static" and page.name != "index.html":  # index: a redirect
            assert "(student edition)" in raw, page.name


def test_student_site_has_every_other_page_and_built_without_warning(coursework):
    site = coursework["student-site"]
    for page in cw.toc_pages(cw._read_yaml(ROOT / "_toc.yml")):
        if page != cw.INSTRUCTORS_PAGE:
            assert (site / f"{page}.html").is_file(), page
    log = (coursework["site-src"] / "build.log").read_text(encoding="utf-8")
    warnings = [ln for ln in log.splitlines() if re.search(r"(^|: )WARNING: ", ln)]
    assert not warnings, "\n".join(warnings)
    # the check cells are on the site without their "not written yet" output
    text = _readable(site / "book" / "02_definitions.html")
    assert "check_entropy(entropy_bits)" in text and "not written yet" not in text


# ---------------------------------------------------------------------------------------------
# The student website from the book's executed notebooks (no second execution)

def _out(text):
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def _tiny_book(root, chapters):
    """A book at ``root`` with the given chapter notebooks ({name: notebook}), the way
    write_site_source reads one; returns ``root``."""
    (root / "vendor").mkdir(parents=True)
    (root / "book").mkdir()
    (root / "_config.yml").write_text("title: Tiny\nexecute:\n  execute_notebooks: cache\n", encoding="utf-8")
    toc = "format: jb-book\nroot: book/intro\nchapters:\n" + "".join(f"  - file: book/{n}\n" for n in chapters)
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    (root / "book" / "intro.md").write_text("# Tiny\n", encoding="utf-8")
    for name, nb in chapters.items():
        (root / "book" / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return root


def _executed_copy(nb, outputs):
    """``nb`` as executed: each code cell gets a count and the given output (by index)."""
    done = json.loads(json.dumps(nb))
    for i, cell in enumerate(done["cells"]):
        if cell["cell_type"] == "code":
            cell["execution_count"], cell["outputs"] = i + 1, _out(outputs.get(i, f"out {i}\n"))
    return done


def _chapter():
    return {"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        _md("# A chapter"), _code("print(2 + 2)"),
        _code('def f(p):\n    """Doc."""\n    return secret_answer(p)', ["solution"]),
        _code("infolib.exercises.check_entropy(f)", ["check"]), _code("print('after')")]}


def test_site_source_keeps_outputs_of_a_matching_copy_only(tmp_path):
    fresh, stale = _chapter(), _chapter()
    root = _tiny_book(tmp_path / "root", {"fresh": fresh, "stale": stale})
    executed = tmp_path / "jupyter_execute" / "book"
    executed.mkdir(parents=True)
    outputs = {1: "4\n", 2: "SOLUTION OUTPUT\n", 3: "✓ correct: CHECK OUTPUT\n", 4: "after\n"}
    (executed / "fresh.ipynb").write_text(json.dumps(_executed_copy(fresh, outputs)), encoding="utf-8")
    changed = _executed_copy(stale, outputs)
    changed["cells"][1]["source"] = "print(2 + 3)"  # the book's code changed since that build
    (executed / "stale.ipynb").write_text(json.dumps(changed), encoding="utf-8")
    site = cw.write_site_source(tmp_path / "site", root, executed=executed.parent)

    got = json.loads((site / "book" / "fresh.ipynb").read_text(encoding="utf-8"))
    by_source = {c["source"]: c for c in got["cells"] if c["cell_type"] == "code"}
    assert by_source["print(2 + 2)"]["outputs"] == _out("4\n")
    assert by_source["print('after')"]["outputs"] == _out("after\n")
    check = by_source["infolib.exercises.check_entropy(f)"]
    assert check["outputs"] == [] and "remove-output" in check["metadata"]["tags"]
    assert got["metadata"]["mystnb"] == {"execution_mode": "off"}
    text = (site / "book" / "fresh.ipynb").read_text(encoding="utf-8")
    assert "SOLUTION OUTPUT" not in text and "CHECK OUTPUT" not in text and "secret_answer" not in text

    # the stale copy is not used: no outputs, executed by the student build, and the report says why
    old = json.loads((site / "book" / "stale.ipynb").read_text(encoding="utf-8"))
    assert all(c.get("outputs") == [] for c in old["cells"] if c["cell_type"] == "code")
    assert "mystnb" not in old["metadata"]
    assert [c["source"] for c in old["cells"]][1] == "print(2 + 2)", "the source, not the copy"
    report = json.loads((site / cw.OUTPUTS_REPORT).read_text(encoding="utf-8"))["notebooks"]
    assert report["book/fresh.ipynb"] == cw.REUSED
    assert "stale" in report["book/stale.ipynb"] and "code cell 1 differs" in report["book/stale.ipynb"]
    # a notebook to execute: the book's execution settings stay
    assert cw._read_yaml(site / "_config.yml")["execute"]["execute_notebooks"] == "cache"


def test_site_source_switches_execution_off_when_every_copy_matches(tmp_path):
    nb = _chapter()
    root = _tiny_book(tmp_path / "root", {"ch": nb})
    (tmp_path / "ex" / "book").mkdir(parents=True)
    (tmp_path / "ex" / "book" / "ch.ipynb").write_text(json.dumps(_executed_copy(nb, {})), encoding="utf-8")
    site = cw.write_site_source(tmp_path / "site", root, executed=tmp_path / "ex")
    assert cw._read_yaml(site / "_config.yml")["execute"]["execute_notebooks"] == "off"
    # without executed copies nothing changes: execution as in the book, no outputs
    plain = cw.write_site_source(tmp_path / "plain", root)
    assert cw._read_yaml(plain / "_config.yml")["execute"]["execute_notebooks"] == "cache"
    assert all(c.get("outputs") == [] for c in json.loads(
        (plain / "book" / "ch.ipynb").read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    with pytest.raises(ValueError, match="executed: .* is not a folder"):
        cw.write_site_source(tmp_path / "site", root, executed=tmp_path / "missing")


@pytest.mark.parametrize("change, words", [
    (lambda c: c.pop(), "4 cells, the notebook has 5"),
    (lambda c: c.__setitem__(1, _md("print(2 + 2)")), "cell 1 is a markdown cell"),
    (lambda c: [x.__setitem__("execution_count", None) for x in c], "never executed"),
])
def test_with_executed_outputs_rejects_a_copy_that_does_not_match(change, words):
    nb = _chapter()
    done = _executed_copy(nb, {})
    change(done["cells"])
    with pytest.raises(ValueError, match=re.escape(words)):
        cw.with_executed_outputs(nb, done, "ch.ipynb")
    # markdown edits alone do not make a copy stale, and the markdown is the notebook's own
    ok = _executed_copy(nb, {})
    ok["cells"][0]["source"] = "# An older title"
    assert cw.with_executed_outputs(nb, ok)["cells"][0]["source"] == "# A chapter"


def test_a_stale_copy_of_a_real_chapter_is_not_used(executed, tmp_path):
    """With the book build's copies, one of them edited: that chapter alone falls back."""
    copies = tmp_path / "jupyter_execute"
    shutil.copytree(executed / "book", copies / "book")
    target = copies / "book" / CHAPTERS[1].name
    nb = cw.read_notebook(target)
    i = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][i]["source"] = "".join(nb["cells"][i]["source"]) + "\n# edited since the build"
    target.write_text(json.dumps(nb), encoding="utf-8")
    site = cw.write_site_source(tmp_path / "site", executed=copies)
    report = json.loads((site / cw.OUTPUTS_REPORT).read_text(encoding="utf-8"))["notebooks"]
    name = f"book/{CHAPTERS[1].name}"
    assert f"code cell {i} differs" in report[name]
    assert all(how == cw.REUSED for n, how in report.items() if n != name)
    assert cw._read_yaml(site / "_config.yml")["execute"]["execute_notebooks"] == "cache"
    fallback = cw.read_notebook(site / name)
    assert "mystnb" not in fallback["metadata"]
    assert not any(c.get("outputs") for c in fallback["cells"] if c["cell_type"] == "code")


def test_student_site_was_built_from_the_executed_copies(coursework):
    report = json.loads(coursework["outputs"].read_text(encoding="utf-8"))
    assert report["notebooks"] and set(report["notebooks"].values()) == {cw.REUSED}, report
    assert sorted(report["notebooks"]) == [f"book/{p.name}" for p in CHAPTERS]
    config = cw._read_yaml(coursework["site-src"] / "_config.yml")
    assert config["execute"]["execute_notebooks"] == "off"
    log = (coursework["site-src"] / "build.log").read_text(encoding="utf-8")
    assert "Executing notebook" not in log and "glue" not in log.lower()


class _Page(HTMLParser):
    """Counts of what the outputs of a page put there: figures, players, glued values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs, self.players, self.ranges, self.glued, self._in_glue = 0, 0, 0, [], 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        self.imgs += tag == "img"
        self.players += "infobook-player" in classes
        self.ranges += tag == "input" and dict(attrs).get("type") == "range"
        if tag == "span" and "pasted-text" in classes:
            self._in_glue += 1
            self.glued.append("")

    def handle_endtag(self, tag):
        if tag == "span" and self._in_glue:
            self._in_glue -= 1

    def handle_data(self, data):
        if self._in_glue:
            self.glued[-1] += data


def _page(path):
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _glue_roles(path, strip=False):
    """The number of ``{glue:text}`` roles in a chapter's markdown (outside its solutions)."""
    texts = ["".join(c["source"]) for c in cw.read_notebook(path)["cells"] if c["cell_type"] == "markdown"]
    return sum(len(re.findall(r"\{glue:text\}`", cw.strip_solution_blocks(t) if strip else t)) for t in texts)


def _is_subsequence(part, whole):
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def test_student_site_has_the_books_figures_players_and_glued_numbers(coursework, book_build):
    book_html = book_build / "_build" / "html" / "book"
    for path in CHAPTERS:
        page = f"{path.stem}.html"
        book, student = _page(book_html / page), _page(coursework["student-site"] / "book" / page)
        assert book.imgs >= 1 and student.imgs == book.imgs, (page, book.imgs, student.imgs)
        assert (student.players, student.ranges) == (book.players, book.ranges), page
        # every {glue:text} outside a solution shows the number the book shows there (in order)
        assert len(book.glued) == _glue_roles(path), page
        assert len(student.glued) == _glue_roles(path, strip=True), page
        assert _is_subsequence(student.glued, book.glued), page
        assert all(re.search(r"\d", v) for v in student.glued), (page, student.glued)


def test_hidden_glue_is_put_back_from_the_glue_file(tmp_path):
    """MyST-NB keeps glue(..., display=False) values in <name>.glue.json, not in its copy."""
    nb = _chapter()
    nb["cells"].insert(2, _code('glue("answer", 42, display=False)'))
    root = _tiny_book(tmp_path / "root", {"ch": nb})
    copies = tmp_path / "ex" / "book"
    copies.mkdir(parents=True)
    (copies / "ch.ipynb").write_text(json.dumps(_executed_copy(nb, {2: ""})), encoding="utf-8")
    prefix = "application/papermill.record/"
    scrap = {"name": "answer", "mime_prefix": prefix}
    glue = {"answer": {"output_type": "display_data", "metadata": {"scrapbook": scrap},
                       "data": {"text/plain": "42"}}}
    (copies / "ch.glue.json").write_text(json.dumps(glue), encoding="utf-8")
    site = cw.write_site_source(tmp_path / "site", root, executed=copies.parent)
    cells = json.loads((site / "book" / "ch.ipynb").read_text(encoding="utf-8"))["cells"]
    home = next(c for c in cells if c["source"].startswith("glue("))
    assert {"output_type": "display_data", "metadata": {"scrapbook": scrap},
            "data": {prefix + "text/plain": "42"}} in home["outputs"]
    assert sum(json.dumps(c.get("outputs", [])).count('"answer"') for c in cells) == 1
    with pytest.raises(ValueError, match="glue: the glue data of ch.ipynb"):
        cw.with_executed_outputs(nb, _executed_copy(nb, {}), "ch.ipynb", glue={"answer": 42})
