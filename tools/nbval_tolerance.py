"""nbval, tolerant of the last digits of glued numbers (installed by the root conftest.py).

Values glued for the prose (``myst_nb.glue``) are stored in a checked cell's outputs as their
full ``repr``: seventeen significant digits.  Another processor (another SIMD width in numpy's
summation, another libm) may change the last two or three of them, which says nothing about the
book.  nbval compares outputs as strings, so here a glued *number* counts as unchanged when it
agrees with the stored one to a relative 1e-9 (the prose shows at most four significant
digits); anything else -- text, a list, a number off by more -- is compared exactly, as before.
Printed outputs are not touched: they are rounded by the cells themselves.
"""
import math
import re

import nbformat
from nbval.plugin import IPyNbCell

RECORD = "application/papermill.record/"
REL_TOL = 1e-9
_NUMPY_SCALAR = re.compile(r"^np\.(?:float|int)\d*\((.*)\)$")


def _number(text):
    """The float a glued value's text stands for, or None if it is not a single number."""
    if not isinstance(text, str):
        return None
    text = _NUMPY_SCALAR.sub(r"\1", text.strip())
    try:
        return float(text)
    except ValueError:
        return None


def _name(output):
    return output.get("metadata", {}).get("scrapbook", {}).get("name")


def glued_within_tolerance(test, ref, rel_tol=REL_TOL):
    """``test`` with each glued number replaced by the stored (``ref``) text of the same name
    when the two agree to ``rel_tol``; every other output unchanged."""
    stored = {_name(o): o for o in ref if _name(o) is not None}
    result = []
    for output in test:
        reference = stored.get(_name(output))
        if reference is not None and "data" in output:
            data = dict(output["data"])
            for key, value in data.items():
                if not key.startswith(RECORD) or key not in reference.get("data", {}):
                    continue
                old = reference["data"][key]
                a, b = _number(value), _number(old)
                if a is not None and b is not None and math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-300):
                    data[key] = old
            output = nbformat.from_dict({**output, "data": data})
        result.append(output)
    return result


def install():
    """Make nbval's comparison of a cell's outputs go through :func:`glued_within_tolerance`
    (once; a second call changes nothing)."""
    compare = IPyNbCell.compare_outputs
    if getattr(compare, "glued_tolerance", False):
        return

    def compare_glued_with_tolerance(self, test, ref, skip_compare=None):
        return compare(self, glued_within_tolerance(test, ref), ref, skip_compare)

    compare_glued_with_tolerance.glued_tolerance = True
    IPyNbCell.compare_outputs = compare_glued_with_tolerance
