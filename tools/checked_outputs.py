"""Run notebooks and keep only the outputs that nbval checks.

Usage: python tools/checked_outputs.py book/01_intuition.ipynb [...]

Each notebook is executed top to bottom in a fresh kernel (live mode, as a
learner runs it).  The outputs of cells marked ``# NBVAL_CHECK_OUTPUT`` are kept
(nbval compares them on every test run); every other output, execution count
and the widget state are removed, so the committed notebook stays small.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            kept += 1  # nbval needs the execution count of a checked cell
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: kept the outputs of {refresh(Path(arg))} checked cells")
