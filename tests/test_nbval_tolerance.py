"""The root conftest.py (tools/nbval_tolerance.py) lets nbval accept a glued number that moved in its last digits (another
processor's rounding) and nothing else: run nbval on small notebooks whose stored outputs are
perturbed by known amounts and look at which cells pass."""
import os
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET

import nbformat
import pytest

from conftest import ROOT
from tools.nbval_tolerance import glued_within_tolerance

SOURCE = (
    "# NBVAL_CHECK_OUTPUT\n"
    "from myst_nb import glue\n"
    "print(round(0.1 + 0.2, 3))\n"
    "glue('x', {value!r}, display=False)\n"
    "glue('label', 'a text', display=False)\n"
)


def _cell(value, stored_value, stored_label="'a text'", printed="0.3\n"):
    """A checked cell gluing ``value``, with outputs as if a run had glued ``stored_value``."""
    cell = nbformat.v4.new_code_cell(SOURCE.format(value=value), execution_count=1)
    record = "application/papermill.record/text/plain"
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=printed),
        nbformat.v4.new_output("display_data", data={record: repr(stored_value)},
                               metadata={"scrapbook": {"name": "x", "mime_prefix": "application/papermill.record/"}}),
        nbformat.v4.new_output("display_data", data={record: stored_label},
                               metadata={"scrapbook": {"name": "label", "mime_prefix": "application/papermill.record/"}}),
    ]
    return cell


CASES = {   # name: (cell, should nbval pass it)
    "same": (_cell(0.14375828607163776, 0.14375828607163776), True),
    "last_digits": (_cell(0.14375828607163776, 0.14375828607611993), True),   # 3e-11 relative
    "small_number": (_cell(4.609181990804025e-4, 4.609181990804033e-4), True),
    "off_1e-6": (_cell(0.14375828607163776, 0.14375828607163776 * (1 + 1e-6)), False),
    "zero_vs_tiny": (_cell(0.0, 1e-12), False),
    "text_changed": (_cell(1.0, 1.0, stored_label="'another text'"), False),
    "print_changed": (_cell(1.0, 1.0, printed="0.4\n"), False),
}


@pytest.fixture(scope="module")
def outcomes():
    """Each case a cell of one notebook (one kernel); nbval goes on after a failing cell."""
    folder = ROOT / "test-artifacts" / f"nbval-tolerance-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[cell for cell, _ in CASES.values()])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "cases.ipynb")
    report = folder / "report.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax",
         "--nbval-current-env", f"--junitxml={report}", "-o", "testpaths=", str(folder)],
        cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"), capture_output=True, text=True, timeout=600)
    assert report.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    passed = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        index = int(case.get("name").rsplit(" ", 1)[-1])          # "Cell 3"
        passed[list(CASES)[index]] = case.find("failure") is None and case.find("error") is None
    shutil.rmtree(folder)
    return passed, proc.stdout


@pytest.mark.parametrize("name", list(CASES))
def test_nbval_accepts_only_last_digit_changes_of_glued_numbers(outcomes, name):
    result, log = outcomes
    assert name in result, f"no nbval result for {name}:\n{log[-3000:]}"
    assert result[name] is CASES[name][1], log[-3000:]


def test_tolerance_leaves_non_numbers_and_unmatched_names_alone():
    record = "application/papermill.record/text/plain"
    out = lambda name, text: nbformat.from_dict(  # noqa: E731
        {"output_type": "display_data", "data": {record: text}, "metadata": {"scrapbook": {"name": name}}})
    test = [out("a", "1.0000000000001"), out("b", "[1.0, 2.0]"), out("c", "np.float64(2.0000000000001)"), out("d", "nan")]
    ref = [out("a", "1.0"), out("b", "[1.0, 2.0000000000001]"), out("c", "2.0"), out("d", "nan")]
    got = [o["data"][record] for o in glued_within_tolerance(test, ref)]
    assert got == ["1.0", "[1.0, 2.0]", "2.0", "nan"]
