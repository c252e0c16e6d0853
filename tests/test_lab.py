"""The learner's path: JupyterLab (as `make lab` starts it) runs a chapter, its widget is live
and its quick checks answer (their outputs are trusted once run, so their scripts run).

Runs on a temporary copy of book/ (JupyterLab autosaves), in Debian's Chromium. In that copy a
chapter keeps only the code its live widget and quick checks need (:func:`learner_cells`): its
import cells, the cells that show a widget, the quick checks that need no more than those, and
every earlier cell that binds a name any of them reads. Its text is left out too (JupyterLab's
typesetting of it was 2 to 3 s of each chapter, and the site tests check the text as readers see
it). The simulations in between are left out: nbval runs every cell of every chapter in the same
Python environment (as the site build does, tools/nbval_outputs.py), and only a widget cell does
something else in JupyterLab (a live widget, not the website's player), so running them again
here would test nothing new.
"""
import ast
import builtins
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coursework.grade import _stores  # the names a cell binds, as the grader reads them
from test_site import _answer_quick_checks


ROOT = Path(__file__).resolve().parents[1]
LIVE_WIDGET = re.compile(r"\bwidgets\.(?!show\b)\w+\(")  # widgets.show draws a still picture
QUICK_CHECK = re.compile(r"\bquick_check\(")
CHAPTERS = sorted(p.name for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))  # not instructors


def learner_cells(cells) -> list[int]:
    """The indices of the code cells of notebook ``cells`` that its live widgets and quick
    checks need: the import cells and the widget cells, each quick check whose own needs are
    among those (the first quick check and its needs if none is), and, for each cell kept,
    the last earlier cell that binds (or assigns into) each name it reads.

    >>> from nbformat.v4 import new_code_cell as c, new_markdown_cell as m
    >>> learner_cells([c("import numpy as np"), c("slow = np.ones(3).sum()"), m("text"),
    ...                c("a = 2"), c("widgets.demo(a)"), c("widgets.show(slow)"),
    ...                c("quick_check('q1', f'{slow}')"), c("quick_check('q2', 'plain')")])
    [0, 3, 4, 7]
    """
    code = {i: ast.parse(c.source) for i, c in enumerate(cells)
            if c.cell_type == "code" and c.source.strip()}
    bound = {i: _stores(tree) for i, tree in code.items()}
    known = set(dir(builtins))

    def needs(start):
        need, todo = set(start), list(start)
        while todo:
            k = todo.pop()
            read = {n.id for n in ast.walk(code[k]) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Load)} - known
            for name in read:
                where = [i for i in code if i < k and name in bound[i]]
                if where and where[-1] not in need:
                    need.add(where[-1])
                    todo.append(where[-1])
        return need

    imports = {i for i, tree in code.items()
               if all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body)}
    keep = needs(imports | {i for i in code if LIVE_WIDGET.search(cells[i].source)})
    quick = [i for i in code if QUICK_CHECK.search(cells[i].source)]
    cheap = {q for q in quick if needs({q}) <= keep | {q}}
    return sorted(keep | (cheap or needs(set(quick[:1]))))


def _learner_copy(path: Path) -> None:
    """Rewrite the notebook at ``path`` with only its :func:`learner_cells` (no text)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    kept = set(learner_cells([_Cell(c) for c in nb["cells"]]))
    nb["cells"] = [c for i, c in enumerate(nb["cells"]) if i in kept]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


class _Cell:
    """A notebook cell read from JSON, as :func:`learner_cells` reads it."""

    def __init__(self, cell: dict):
        self.cell_type = cell["cell_type"]
        src = cell.get("source", "")
        self.source = "".join(src) if isinstance(src, list) else src


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    book = tmp / "book"
    shutil.copytree(ROOT / "book", book)
    for chapter in CHAPTERS:
        _learner_copy(book / chapter)
    port = _free_port()
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("INFOBOOK_STATIC", None)
    cmd = [str(bindir / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           "--ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={book}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)



@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_widget_is_live_in_jupyterlab(lab, browser, chapter):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab}/lab/tree/{chapter}?reset")  # a fresh workspace: this notebook only
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)  # kernel started
        page.click("text=Run", timeout=10_000)
        page.click("text=Run All Cells", timeout=10_000)
        # every code cell has run: no prompt left at [*] or empty
        page.wait_for_function(
            "() => { const ps = [...document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];"
            " return ps.length > 0 && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }",
            timeout=180_000)
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        errors = notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, "a cell wrote to stderr: " + errors.first.inner_text()[:500]
        widgets = notebook.locator(".jp-OutputArea-output", has=page.locator(".widget-image"))
        assert widgets.count() >= 1, f"{chapter} shows no live widget"
        for i in range(widgets.count()):
            area = widgets.nth(i)
            image = area.locator(".widget-image").first
            image.scroll_into_view_if_needed()
            area.locator(".widget-image").first.wait_for(timeout=30_000)
            page.wait_for_function("(img) => img.naturalWidth > 0", arg=image.element_handle(),
                                   timeout=30_000)
            before = image.get_attribute("src")
            sliders = area.locator(".widget-slider [role=slider]")
            if sliders.count():  # a slider: move it with the keyboard
                handle = sliders.first
                handle.focus()
                at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                for _ in range(3):
                    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            else:  # a choice: pick another option
                select = area.locator("select").first
                options = select.locator("option").all_text_contents()
                current = select.evaluate("s => s.options[s.selectedIndex].text")
                select.select_option(label=next(o for o in options if o != current))
            page.wait_for_function("([img, old]) => img.src !== old",
                                   arg=[image.element_handle(), before], timeout=30_000)
        # Among the quick checks that JupyterLab has drawn (it may leave cells far off screen
        # undrawn), the first of each kind (a choice, a number), answered right and wrong, with
        # the matching feedback: the site tests answer every quick check of the book (the same
        # markup and script); here it is their rendering in JupyterLab that is tested.
        count, problems = _answer_quick_checks(page, notebook, first_of_each_kind=True)
        assert count >= 1, f"{chapter} shows no quick check in JupyterLab"
        assert not problems, "\n".join(problems)
        # JupyterLab's MathJax typesets their formulas (Sphinx-style \\(...\\) spans), the
        # hidden feedback's too.
        raw = notebook.locator(".quick-check span.math").evaluate_all(
            "spans => spans.filter(s => !s.querySelector('mjx-container')).map(s => s.textContent)")
        assert not raw, f"formulas of quick checks left as TeX in JupyterLab: {raw[:3]}"
    finally:
        page.close()
