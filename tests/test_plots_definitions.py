"""The definitions chapter's figures and presets: closed forms, in-place updates, honest alt text."""
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolib import entropy, mutual_information, plots
from infolib.plots.definitions import JOINT_PRESETS, information_numbers, joint_preset

pytestmark = pytest.mark.filterwarnings("error")

NOISE = st.floats(0.0, 1.0)
PX = [0.5, 0.3, 0.2]


def h2(values):
    return -sum(v * math.log2(v) for v in values if v > 0)


@given(st.sampled_from(JOINT_PRESETS), NOISE)
@settings(max_examples=100, deadline=None)
def test_presets_are_3x3_pmfs(preset, noise):
    t = joint_preset(preset, noise)
    assert t.shape == (3, 3) and (t >= 0).all() and math.isclose(t.sum(), 1.0)


@given(NOISE)
@settings(max_examples=100, deadline=None)
def test_preset_closed_forms(e):
    assert mutual_information(joint_preset("independent", e)) < 1e-12
    # erasure: I = (1 − ε) H(X) with H(X) = 1 bit
    assert math.isclose(mutual_information(joint_preset("erasure", e)), 1 - e, abs_tol=1e-9)
    # copy with replacement by a uniform symbol: row x is (1 − ε)δ + ε/3
    copy = joint_preset("copy", e)
    h_row = h2([1 - e + e / 3, e / 3, e / 3])
    py = (1 - e) * np.array(PX) + e / 3
    assert math.isclose(mutual_information(copy), h2(py) - h_row, abs_tol=1e-9)
    # noisy channel: each row is a coin with P = ε between two neighbours
    noisy = joint_preset("noisy channel", e)
    py = (1 - e) * np.array(PX) + e * np.roll(PX, 1)
    assert math.isclose(mutual_information(noisy), h2(py) - h2([e, 1 - e]), abs_tol=1e-9)


def test_preset_extremes():
    h_x = h2(PX)
    assert math.isclose(mutual_information(joint_preset("copy", 0.0)), h_x)
    assert math.isclose(mutual_information(joint_preset("noisy channel", 1.0)), h_x)  # a relabelling
    assert math.isclose(mutual_information(joint_preset("many-to-one", 0.0)), h2([0.5, 0.5]))
    assert mutual_information(joint_preset("copy", 1.0)) < 1e-12


@pytest.mark.parametrize("kwargs, message", [
    (dict(preset="nope"), "^preset must be one of"),
    (dict(noise=1.5), "^noise must be between 0 and 1"),
    (dict(noise=-0.1), "^noise must be ≥ 0"),
    (dict(noise="a"), "^noise must be a single number"),
])
def test_preset_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        joint_preset(**kwargs)


def test_joint_information_updates_in_place_and_reports_infolib_numbers():
    fig = plots.joint_information("copy", 0.0)
    assert plots.joint_information("erasure", 0.3, fig=fig) is fig
    t = joint_preset("erasure", 0.3)
    alt = fig.infobook_alt
    assert "erasure" in alt
    got = dict(re.findall(r"(H\(X\)|H\(Y\)|H\(X,Y\)|H\(X\|Y\)|H\(Y\|X\)|I\(X;Y\)) = ([0-9]+\.[0-9]+)", alt))
    assert math.isclose(float(got["I(X;Y)"]), 0.7, abs_tol=5e-4)  # erasure: (1 − ε) bits
    assert math.isclose(float(got["H(X)"]), 1.0, abs_tol=5e-4)
    assert math.isclose(float(got["H(Y)"]), h2(t.sum(axis=0)), abs_tol=5e-4)
    # the bars of the diagram have the lengths of the numbers
    art = fig.infobook_artists
    assert math.isclose(art["x_only"].get_width() + art["x_shared"].get_width(), 1.0)
    assert math.isclose(art["y_only"].get_x(), art["x_only"].get_width() + art["x_shared"].get_width())


def test_explicit_table_is_normalised_and_may_change_shape():
    fig = plots.joint_information("copy", 0.0)
    new = plots.joint_information(pxy=[[2, 0], [0, 2]], fig=fig)
    assert new is not fig  # a 2×2 table needs a new figure
    assert "I(X;Y) = 1.000" in new.infobook_alt and "normalised" in new.infobook_alt
    with pytest.raises(ValueError, match="^pxy has a negative entry"):
        plots.joint_information(pxy=[[1, -1], [0, 1]])


def test_information_numbers_match_definitions():
    t = np.array([[0.5, 0.0], [0.25, 0.25]])
    nums = information_numbers(t)
    assert nums["H(Y|X)"] == 0.5  # ½·0 + ½·1
    assert math.isclose(nums["H(X|Y)"], 1.5 - h2([0.75, 0.25]))
    assert math.isclose(nums["I(X;Y)"], 1.0 - nums["H(X|Y)"])


def test_static_figures_have_alt_text_with_their_numbers():
    s = plots.surprisal_and_entropy()
    assert f"{entropy([0.11, 0.89]):.2f} bits" in s.infobook_alt
    q = plots.quantized_gaussian(0.5)
    assert plots.quantized_gaussian(0.25, fig=q) is q
    h = 0.5 * math.log2(2 * math.pi * math.e)
    assert f"h(X) = {h:.3f} bits" in q.infobook_alt and "width 0.25" in q.infobook_alt


def test_doctests():
    import doctest

    import infolib.plots.definitions as mod
    result = doctest.testmod(mod)
    assert result.attempted >= 3 and result.failed == 0
