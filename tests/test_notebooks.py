"""The chapter notebooks as committed: the template's parts present, outputs stripped."""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The chapters are the notebooks whose names start with two digits (not the instructors' page).
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _src(cell):
    return "".join(cell["source"])


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_checked_outputs_are_committed(path):
    nb = json.loads(path.read_text())
    assert "widgets" not in nb["metadata"], "widget state saved in the notebook"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and cell.get("outputs"):
            assert "NBVAL_CHECK_OUTPUT" in _src(cell), f"cell {i} has an unchecked output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_template(path):
    cells = _cells(path)
    text = "\n".join(_src(c) for c in cells)
    # the title, after an optional target label such as "(ch-intuition)=" that other chapters link to
    first = [line for line in _src(cells[0]).splitlines() if not re.fullmatch(r"\([\w-]+\)=", line)]
    assert cells[0]["cell_type"] == "markdown" and first[0].startswith("# ")
    assert "NBVAL_CHECK_OUTPUT" in text
    assert re.search(r"Key takeaways", text)
    assert len(re.findall(r"```\{exercise\}", text)) >= 3
    assert "{cite}`" in text
    tags = [set(c.get("metadata", {}).get("tags", [])) for c in cells]
    solution = [i for i, t in enumerate(tags) if "solution" in t]
    check = [i for i, t in enumerate(tags) if "check" in t]
    assert solution and check, "a coding exercise needs cells tagged solution and check"
    for i in solution:
        assert i + 1 in check, f"the solution in cell {i} is not followed by its check"
        assert re.search(r"^def \w+\(", _src(cells[i]), re.M), "a solution cell defines a function"
        assert "infolib.exercises.check_" in _src(cells[i + 1])
    # every code cell is short; longer logic belongs in infolib
    for i, c in enumerate(cells):
        if c["cell_type"] == "code":
            assert _src(c).count("\n") < 15, f"cell {i} is long: move its logic into infolib"
