"""Tests of infolib.continuous: questions (Huffman), quantised Gaussians, quantised Gaussian pairs.

Expected values come from closed forms (h(X) = ½ log2(2πe σ²), I = −½ log2(1 − ρ²)), from
scipy (normal CDFs, the bivariate normal CDF), or from brute force written here.
"""
import doctest
import itertools
import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib
import infolib.continuous
from infolib.continuous import (
    _bivariate_normal_cdf,
    gaussian_cell_probabilities,
    gaussian_pair_cell_probabilities,
    question_counts,
    quantized_gaussian_entropy,
)
from infolib.discrete import entropy, joint_entropy, mutual_information
from tests.strategies import dyadic_pmfs, pmfs

pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)
INF = math.inf


def h_gauss_bits(sd):
    return 0.5 * math.log2(2 * math.pi * math.e * sd**2)


def mi_gauss_bits(rho):
    return -0.5 * math.log2(1 - rho**2)


def test_doctests():
    result = doctest.testmod(infolib.continuous, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


def test_public_names():
    for name in infolib.continuous.__all__:
        assert getattr(infolib, name) is getattr(infolib.continuous, name)
        assert name in infolib.__all__


# ---------------------------------------------------------------------------
# the questions game (Huffman)
# ---------------------------------------------------------------------------
def brute_force_best_average(p):
    """Smallest Σ p_i l_i over whole-number lengths with Kraft Σ 2^-l ≤ 1 (any prefix code)."""
    p = [v for v in p if v > 0]  # impossible outcomes need no codeword
    n = len(p)
    if n == 1:
        return 0.0
    best = math.inf
    for lengths in itertools.product(range(1, n), repeat=n):
        if sum(2.0 ** -l for l in lengths) <= 1 + 1e-12:
            best = min(best, sum(pi * l for pi, l in zip(p, lengths)))
    return best


@pytest.mark.parametrize("p, lengths", [
    ([0.5, 0.25, 0.125, 0.125], [1, 2, 3, 3]),
    ([1 / 8] * 8, [3] * 8),
    ([0.9, 0.1], [1, 1]),
    ([1.0], [0]),
    ([0.0, 1.0], [0, 0]),
    ([0.5, 0.0, 0.5], [1, 0, 1]),
])
def test_question_counts_hand_values(p, lengths):
    assert question_counts(p).tolist() == lengths


@given(pmfs(min_size=2, max_size=5))
@settings(max_examples=60, deadline=None)
def test_question_counts_average_is_optimal(p):
    got = float(np.dot(p, question_counts(p)))
    assert math.isclose(got, brute_force_best_average(p), rel_tol=1e-9, abs_tol=1e-12)


@given(pmfs())
@PROPS
def test_questions_between_h_and_h_plus_one(p):
    lengths = question_counts(p)
    average = float(np.dot(p, lengths))
    h = entropy(p)
    assert h - 1e-12 <= average
    assert average < h + 1 or (h < 1e-12 and average == 1.0)  # h + 1 can round to 1
    support = p > 0
    assert (lengths[~support] == 0).all()  # impossible outcomes are never asked about
    if support.sum() >= 2:  # a full binary tree of questions: Kraft's sum is exactly 1
        assert math.isclose(sum(2.0 ** -int(l) for l in lengths[support]), 1.0)


@given(pmfs(full_support=True))
@PROPS
def test_question_counts_no_worse_than_shannon_lengths(p):
    shannon = np.ceil(-np.log2(p) - 1e-12)  # ⌈−log2 p⌉, a prefix code by Kraft
    assert float(np.dot(p, question_counts(p))) <= float(np.dot(p, shannon)) + 1e-12


@given(dyadic_pmfs())
@PROPS
def test_questions_equal_entropy_for_powers_of_a_half(p):
    lengths = question_counts(p)
    assert math.isclose(float(np.dot(p, lengths)), entropy(p), rel_tol=1e-12, abs_tol=1e-12)
    np.testing.assert_array_equal(lengths, -np.log2(p))


def test_question_counts_rejects_bad_input():
    with pytest.raises(ValueError, match="^p sums to"):
        question_counts([0.5, 0.2])
    with pytest.raises(ValueError, match="^p must be 1-D"):
        question_counts([[0.5, 0.5]])


# ---------------------------------------------------------------------------
# one quantised Gaussian
# ---------------------------------------------------------------------------
@given(st.floats(-5, 5), st.floats(0.05, 20),
       st.lists(st.floats(-60, 60), min_size=2, max_size=12, unique=True))
@PROPS
def test_cell_probabilities_match_scipy(mean, sd, points):
    edges = np.sort(points)
    expected = np.diff(scipy.stats.norm.cdf(edges, mean, sd))
    np.testing.assert_allclose(gaussian_cell_probabilities(edges, mean, sd), expected, atol=1e-15)


def test_cell_probabilities_keep_tail_accuracy():
    got = gaussian_cell_probabilities([9.0, 10.0])[0]
    expected = scipy.stats.norm.sf(9.0) - scipy.stats.norm.sf(10.0)
    assert math.isclose(got, expected, rel_tol=1e-12)  # 1 − Φ would have lost every digit


def test_cell_probabilities_with_infinite_ends_sum_to_one():
    p = gaussian_cell_probabilities([-INF, -1.0, 0.5, 2.0, INF], mean=0.3, sd=2.0)
    assert math.isclose(p.sum(), 1.0, rel_tol=1e-14)


@pytest.mark.parametrize("edges, message", [
    ([0.0], "at least 2 edges"),
    ([[0.0, 1.0]], "1-D"),
    ([0.0, 2.0, 1.0], "strictly increasing"),
    ([0.0, 0.0], "strictly increasing"),
    ([0.0, math.nan], "NaN"),
    ([0.0, INF, 5.0], "infinite only at its ends"),
    ([INF, 5.0], "infinite only at its ends"),
    ("abc", "numbers"),
])
def test_edges_validation(edges, message):
    with pytest.raises(ValueError, match=r"^edges .*" + message):
        gaussian_cell_probabilities(edges)


@pytest.mark.parametrize("kwargs, message", [
    (dict(bin_width=0.0), "^bin_width must be > 0"),
    (dict(bin_width=-1.0), "^bin_width must be > 0"),
    (dict(bin_width=math.nan), "^bin_width must be a finite"),
    (dict(bin_width=1e-7), "^bin_width is too small"),
    (dict(bin_width=0.1, sd=0.0), "^sd must be > 0"),
    (dict(bin_width=0.1, offset=INF), "^offset must be a finite"),
    (dict(bin_width=0.1, base=1), "^base must not be 1"),
])
def test_quantized_entropy_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        quantized_gaussian_entropy(**kwargs)


@given(st.floats(-10, 10), st.floats(0.01, 100), st.floats(0.02, 3), st.floats(0, 1))
@PROPS
def test_quantized_entropy_matches_an_independent_sum(mean, sd, rel_width, phase):
    width = rel_width * sd
    offset = mean + phase * width
    ks = np.arange(-int(14 / rel_width) - 2, int(14 / rel_width) + 3)
    edges = offset + ks * width
    p = np.diff(scipy.stats.norm.cdf(edges, mean, sd))
    expected = -sum(v * math.log2(v) for v in p if v > 0)
    got = quantized_gaussian_entropy(width, mean=mean, sd=sd, offset=offset)
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


@given(st.floats(0.01, 100), st.floats(-5, 5), st.floats(0, 1))
@PROPS
def test_quantized_entropy_plus_log_width_tends_to_h(sd, mean, phase):
    # H(X_Δ) + log Δ → h(X); with Δ = σ/50 the gap is below 1e-4 bit (about Δ²/(24σ²)·log2 e)
    width = sd / 50
    got = quantized_gaussian_entropy(width, mean=mean, sd=sd, offset=phase * width) + math.log2(width)
    assert abs(got - h_gauss_bits(sd)) < 1e-4


def test_quantization_table_converges_monotonically():
    widths = [1.0, 0.5, 0.25, 0.125, 0.0625]
    gaps = [abs(quantized_gaussian_entropy(d) + math.log2(d) - h_gauss_bits(1.0)) for d in widths]
    assert all(a > b for a, b in zip(gaps, gaps[1:]))
    # the gap shrinks like Δ²/24 nats (the midpoint rule's error for σ = 1)
    for d, gap in zip(widths[2:], gaps[2:]):
        assert gap < 1.2 * d**2 / 24 * math.log2(math.e)


@given(st.floats(1e-3, 1e3), st.floats(0.05, 2), st.floats(-3, 3))
@PROPS
def test_rescaling_gives_the_same_cells(a, width, offset):
    # aX quantised with width aΔ (grid scaled too) has exactly the cells of X quantised with Δ
    left = quantized_gaussian_entropy(a * width, sd=a, offset=a * offset)
    right = quantized_gaussian_entropy(width, sd=1.0, offset=offset)
    assert math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)


@given(st.floats(0.01, 100))
@PROPS
def test_differential_entropy_of_scaled_variable(a):
    # h(aX) = h(X) + log2 |a|, seen through fine quantisation of aX on a fixed grid
    width = a / 100
    h_ax = quantized_gaussian_entropy(width, sd=a) + math.log2(width)
    assert abs(h_ax - (h_gauss_bits(1.0) + math.log2(a))) < 1e-4


def test_quantized_entropy_can_be_made_negative_only_after_adding_log_width():
    # the discrete entropy itself is never negative; h is negative for a narrow Gaussian
    width = 1e-3
    h_disc = quantized_gaussian_entropy(width, sd=0.05)
    assert h_disc > 0
    assert h_disc + math.log2(width) < 0
    assert math.isclose(h_disc + math.log2(width), h_gauss_bits(0.05), abs_tol=1e-4)


def test_quantized_entropy_bases():
    bits = quantized_gaussian_entropy(0.3, sd=2.0)
    assert math.isclose(quantized_gaussian_entropy(0.3, sd=2.0, base=None), bits * math.log(2))
    assert math.isclose(quantized_gaussian_entropy(0.3, sd=2.0, base=10), bits * math.log10(2))


# ---------------------------------------------------------------------------
# a quantised Gaussian pair
# ---------------------------------------------------------------------------
@given(st.floats(-0.99, 0.99),
       st.lists(st.floats(-4, 4), min_size=1, max_size=3),
       st.lists(st.floats(-4, 4), min_size=1, max_size=3))
@settings(max_examples=80, deadline=None)
def test_bivariate_cdf_matches_scipy(rho, hs, ks):
    hs = np.array(hs + [0.0])
    ks = np.array(ks + [0.0])
    mvn = scipy.stats.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]])
    got = _bivariate_normal_cdf(hs[:, None], ks[None, :], rho)
    for i, h in enumerate(hs):
        for j, k in enumerate(ks):
            assert abs(got[i, j] - mvn.cdf([h, k])) < 1e-7


def test_bivariate_cdf_infinite_arguments():
    x = np.array([-INF, -INF, 0.7, INF, INF, 0.7])
    y = np.array([0.2, INF, -INF, -0.4, INF, INF])
    expected = [0.0, 0.0, 0.0, scipy.stats.norm.cdf(-0.4), 1.0, scipy.stats.norm.cdf(0.7)]
    np.testing.assert_allclose(_bivariate_normal_cdf(x, y, 0.6), expected, atol=1e-15)


@given(st.floats(-0.95, 0.95), st.integers(2, 12), st.integers(2, 12))
@PROPS
def test_pair_table_marginals_are_the_1d_cells(rho, nx, ny):
    x_edges = np.concatenate([[-INF], np.linspace(-3, 2.5, nx), [INF]])
    y_edges = np.concatenate([[-INF], np.linspace(-2, 3.5, ny), [INF]])
    t = gaussian_pair_cell_probabilities(x_edges, y_edges, rho)
    assert t.shape == (nx + 1, ny + 1) and (t >= 0).all()
    assert math.isclose(t.sum(), 1.0, abs_tol=1e-12)
    np.testing.assert_allclose(t.sum(axis=1), gaussian_cell_probabilities(x_edges), atol=1e-12)
    np.testing.assert_allclose(t.sum(axis=0), gaussian_cell_probabilities(y_edges), atol=1e-12)


@given(st.integers(1, 10), st.integers(1, 10))
@settings(max_examples=40, deadline=None)
def test_uncorrelated_pair_table_is_a_product(nx, ny):
    x_edges = np.concatenate([[-INF], np.linspace(-2, 2, nx), [INF]])
    y_edges = np.concatenate([[-INF], np.linspace(-1, 3, ny), [INF]])
    t = gaussian_pair_cell_probabilities(x_edges, y_edges, 0.0)
    expected = np.outer(gaussian_cell_probabilities(x_edges), gaussian_cell_probabilities(y_edges))
    np.testing.assert_allclose(t, expected, atol=1e-15)


def _uniform_grid(width, reach=8.0):
    inner = np.arange(-reach, reach + width / 2, width)
    return np.concatenate([[-INF], inner, [INF]])


@pytest.mark.parametrize("rho", [0.3, 0.8, -0.9])
def test_fine_quantization_recovers_the_gaussian_mi(rho):
    edges = _uniform_grid(1 / 32)
    t = gaussian_pair_cell_probabilities(edges, edges, rho)
    assert abs(mutual_information(t, normalize=True) - mi_gauss_bits(rho)) < 2e-3


@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_mi_survives_invertible_maps_while_entropies_do_not(rho):
    # U = Φ(X), V = Φ(Y): uniform marginals, so h(U) = h(V) = 0 and h(U, V) = −I(X; Y).
    # Uniform cells of width Δ in (u, v) are the cells with edges Φ⁻¹(kΔ) in (x, y).
    m = 256
    delta = 1 / m
    edges = scipy.stats.norm.ppf(np.linspace(0.0, 1.0, m + 1))
    t = gaussian_pair_cell_probabilities(edges, edges, rho)
    h_u = entropy(t.sum(axis=1), normalize=True) + math.log2(delta)
    h_uv = joint_entropy(t, normalize=True) + 2 * math.log2(delta)
    assert abs(h_u) < 1e-9  # each cell has probability exactly Δ
    assert abs(h_uv - (-mi_gauss_bits(rho))) < 0.02
    # the same pair on a uniform grid in (x, y): different entropies, the same MI
    xs = _uniform_grid(1 / 16)
    tx = gaussian_pair_cell_probabilities(xs, xs, rho)
    h_xy = joint_entropy(tx, normalize=True) + 2 * math.log2(1 / 16)
    expected_h_xy = 2 * h_gauss_bits(1.0) - mi_gauss_bits(rho)  # h(X,Y) = h(X) + h(Y) − I
    assert abs(h_xy - expected_h_xy) < 0.01
    mi_u = mutual_information(t, normalize=True)
    mi_x = mutual_information(tx, normalize=True)
    assert abs(mi_u - mi_gauss_bits(rho)) < 0.02 and abs(mi_x - mi_gauss_bits(rho)) < 0.01


def test_linear_rescaling_changes_entropies_but_not_mi():
    rho, width = 0.7, 1 / 32
    a, b = 4.0, 0.5  # U = aX, V = bY, quantised with the same width Δ in their own units
    xs = _uniform_grid(width)
    us = _uniform_grid(width, reach=8 * a) / a  # the cells of U, in X's coordinates
    vs = _uniform_grid(width, reach=8 * b) / b
    t_xy = gaussian_pair_cell_probabilities(xs, xs, rho)
    t_uv = gaussian_pair_cell_probabilities(us, vs, rho)
    h_xy = joint_entropy(t_xy, normalize=True) + 2 * math.log2(width)
    h_uv = joint_entropy(t_uv, normalize=True) + 2 * math.log2(width)
    assert abs(h_uv - (h_xy + math.log2(a * b))) < 0.01  # h(aX, bY) = h(X, Y) + log2|ab|
    h_u = entropy(t_uv.sum(axis=1), normalize=True) + math.log2(width)
    h_v = entropy(t_uv.sum(axis=0), normalize=True) + math.log2(width)
    assert abs(h_u - (h_gauss_bits(1.0) + math.log2(a))) < 1e-3
    assert abs(h_v - (h_gauss_bits(1.0) + math.log2(b))) < 1e-3
    mi_xy = mutual_information(t_xy, normalize=True)
    mi_uv = mutual_information(t_uv, normalize=True)
    assert abs(mi_uv - mi_gauss_bits(rho)) < 0.01 and abs(mi_xy - mi_gauss_bits(rho)) < 0.01


@pytest.mark.parametrize("rho, message", [
    (1.0, "strictly between -1 and 1"),
    (-1.0, "strictly between -1 and 1"),
    (1.5, r"in \[-1, 1\]"),
    (math.nan, "NaN"),
    ([0.1, 0.2], "single number"),
])
def test_pair_rho_validation(rho, message):
    with pytest.raises(ValueError, match="^rho .*" + message):
        gaussian_pair_cell_probabilities([-INF, 0, INF], [-INF, 0, INF], rho)


def test_pair_edges_validation_names_the_argument():
    with pytest.raises(ValueError, match="^y_edges must be strictly increasing"):
        gaussian_pair_cell_probabilities([0, 1], [1, 0], 0.2)
