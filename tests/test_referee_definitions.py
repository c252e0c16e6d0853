"""Facts corrected in the definitions chapter after the referee report (issue #12), and the
identities it states, pinned against independent computations.

Expected values come from closed forms, exact enumeration in plain Python / fractions, or
scipy — never from the code under test.
"""
import heapq
import math
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import infolib
from infolib import (conditional_mutual_information, entropy, gaussian_entropy,
                     gaussian_mutual_information, kl_divergence, mutual_information,
                     question_counts, quantized_gaussian_entropy)
from tests.strategies import markov_chains, pmf_pairs, pmfs, weights

pytestmark = pytest.mark.filterwarnings("error")
PROPS = settings(max_examples=200, deadline=None)
NOTEBOOK = Path(__file__).resolve().parents[1] / "book" / "02_definitions.ipynb"


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def h_bits(p):
    """Entropy in bits by scipy (an independent implementation)."""
    p = np.asarray(p, float).ravel()
    return float(scipy.stats.entropy(p, base=2)) if p.sum() > 0 else 0.0


def cmi_by_entropies(pxyz):
    """I(X;Y|Z) = H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z), each entropy by scipy."""
    return (h_bits(pxyz.sum(axis=1)) + h_bits(pxyz.sum(axis=0)) - h_bits(pxyz)
            - h_bits(pxyz.sum(axis=(0, 1))))


@st.composite
def joint3_pmfs(draw, max_size=4):
    shape = tuple(draw(st.integers(1, max_size)) for _ in range(3))
    w = draw(hnp.arrays(np.float64, shape, elements=weights))
    if not w.sum() > 0:
        w.reshape(-1)[0] = 1.0
    return w / w.sum()


def _notebook_text():
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, 4).cells)


# --- E2: the die exercise ---------------------------------------------------------------------
def huffman_expected_length(p):
    """Expected length of a Huffman code = sum of the weights of all merged nodes (exact)."""
    heap = [Fraction(x) for x in p]
    heapq.heapify(heap)
    total = Fraction(0)
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


def test_die_strategy_of_the_solution_and_huffman_agree_on_8_over_3():
    # the tree the solution describes: "is it 1, 2 or 3?", then "the first?", then "the second?"
    described = [2, 3, 3, 2, 3, 3]
    average = Fraction(sum(described), 6)
    assert average == huffman_expected_length([Fraction(1, 6)] * 6) == Fraction(8, 3)
    die = np.full(6, 1 / 6)
    assert close(float(die @ question_counts(die)), 8 / 3)
    text = _notebook_text()
    assert "16/6 = 8/3" in text
    assert "Two faces in each half need 2 questions" not in text  # the old, wrong count


# --- E1 / G4: source coding needs unique decodability ----------------------------------------
def test_a_non_singular_code_beats_the_entropy_but_breaks_kraft():
    p = [Fraction(1, 2), Fraction(1, 4), Fraction(1, 8), Fraction(1, 8)]
    lengths = [1, 1, 2, 2]                                      # 0, 1, 00, 01
    expected = sum(pi * li for pi, li in zip(p, lengths))
    assert expected == Fraction(5, 4) < Fraction(7, 4)          # H = 7/4 bits for this pmf
    assert sum(Fraction(1, 2 ** li) for li in lengths) == Fraction(3, 2)
    assert close(entropy([float(x) for x in p]), 1.75)


@given(pmfs(min_size=2, max_size=8))
@PROPS
def test_huffman_lengths_satisfy_kraft_and_the_source_coding_bounds(p):
    lengths = question_counts(p)
    used = p > 0
    if used.sum() >= 2:
        assert close(float(np.sum(2.0 ** -lengths[used])), 1.0)
    average = float(p @ lengths)
    h = h_bits(p)
    assert h - 1e-9 <= average and (average < h + 1 or close(average, h + 1))  # H + 1 can round
    assert close(average, float(huffman_expected_length([Fraction(x) for x in p[used]])), 1e-9)


# --- M11: the erasure channel ----------------------------------------------------------------
@given(pmfs(min_size=2, max_size=5), st.floats(0.0, 1.0))
@PROPS
def test_erasure_channel_information_is_one_minus_epsilon_times_h(px, eps):
    n = px.size
    pxy = np.zeros((n, n + 1))
    pxy[np.arange(n), np.arange(n)] = (1 - eps) * px
    pxy[:, n] = eps * px                                        # the erasure symbol
    # direct computation of the defining double sum, in plain Python
    py = pxy.sum(axis=0)
    direct = sum(pxy[i, j] * (math.log2(pxy[i, j]) - math.log2(px[i]) - math.log2(py[j]))
                 for i in range(n) for j in range(n + 1) if pxy[i, j] > 0)
    assert close(direct, (1 - eps) * h_bits(px), 1e-9)
    assert close(mutual_information(pxy), (1 - eps) * h_bits(px), 1e-9)


def test_erasure_information_equals_one_minus_epsilon_only_for_a_fair_bit():
    for px, eps in [([0.5, 0.5], 0.3), ([0.8, 0.2], 0.3)]:
        pxy = np.array([[px[0] * (1 - eps), 0, px[0] * eps], [0, px[1] * (1 - eps), px[1] * eps]])
        fair = px[0] == 0.5
        assert close(mutual_information(pxy), 1 - eps) == fair


# --- Gibbs' inequality -----------------------------------------------------------------------
@given(pmf_pairs())
@PROPS
def test_gibbs_kl_is_nonnegative_and_zero_only_for_equal_pmfs(pq):
    p, q = pq
    d = kl_divergence(p, q)
    assert d >= 0
    assert kl_divergence(p, p) == 0.0
    if np.any((q == 0) & (p > 0)):
        assert d == math.inf
    else:
        assert close(d, float(scipy.stats.entropy(p, q, base=2)), 1e-9)
        if np.abs(p - q).max() > 1e-3:
            assert d > 0


# --- conditional MI and the chain rule --------------------------------------------------------
@given(joint3_pmfs())
@PROPS
def test_chain_rule_for_mi_and_cmi_nonnegative(pxyz):
    nx, ny, nz = pxyz.shape
    cmi = conditional_mutual_information(pxyz)
    assert cmi >= 0
    assert close(cmi, cmi_by_entropies(pxyz), 1e-9)
    whole = mutual_information(pxyz.reshape(nx, ny * nz))       # I(X; (Y, Z))
    assert close(whole, mutual_information(pxyz.sum(axis=1)) + cmi, 1e-9)
    assert close(cmi, conditional_mutual_information(pxyz.transpose(1, 0, 2)), 1e-9)  # symmetric


def test_cmi_closed_forms():
    xor = np.zeros((2, 2, 2))
    for x in (0, 1):
        for y in (0, 1):
            xor[x, y, x ^ y] = 0.25
    assert close(conditional_mutual_information(xor), 1.0)
    assert close(conditional_mutual_information(xor, base=None), math.log(2))
    counts = xor * 8
    assert close(conditional_mutual_information(counts, normalize=True), 1.0)
    # Z independent of (X, Y): I(X;Y|Z) = I(X;Y)
    pxy = np.array([[0.4, 0.1], [0.2, 0.3]])
    assert close(conditional_mutual_information(pxy[:, :, None] * np.array([0.25, 0.75])),
                 h_bits(pxy.sum(1)) + h_bits(pxy.sum(0)) - h_bits(pxy))


@pytest.mark.parametrize("bad, what", [
    (np.full((2, 2), 0.25), "3-D"),
    (np.full((2, 2, 2), 0.2), "sums to"),
    (-np.full((2, 2, 2), 0.125), "negative"),
    (np.full((2, 2, 2), np.nan), "NaN"),
    (np.zeros((0, 2, 2)), "empty"),
])
def test_cmi_rejects_bad_tables_naming_pxyz(bad, what):
    with pytest.raises(ValueError, match="pxyz") as err:
        conditional_mutual_information(bad)
    assert what in str(err.value)


def test_cmi_rejects_a_bad_base():
    with pytest.raises(ValueError, match="base"):
        conditional_mutual_information(np.full((2, 2, 2), 0.125), base=1)


def test_cmi_is_exported_and_documented():
    assert "conditional_mutual_information" in infolib.__all__
    api = (NOTEBOOK.parent / "api" / "measures.md").read_text()
    assert "autofunction:: conditional_mutual_information" in api


# --- Markov chains and the data-processing inequality ----------------------------------------
@given(markov_chains(max_size=5))
@PROPS
def test_dpi_on_random_markov_chains(chain):
    px, a, b = chain
    pxyz = np.einsum("x,xy,yz->xyz", px, a, b)                  # p(x) p(y|x) p(z|y)
    i_xy = mutual_information(pxyz.sum(axis=2))
    i_xz = mutual_information(pxyz.sum(axis=1))
    assert i_xz <= i_xy + 1e-9
    assert abs(cmi_by_entropies(pxyz.transpose(0, 2, 1))) < 1e-9  # I(X;Z|Y) = 0: the chain
    assert close(i_xy - i_xz, conditional_mutual_information(pxyz), 1e-8)


def test_noise_independent_of_x_but_not_given_y_breaks_the_dpi():
    # the chapter's exercise: X, Y fair independent bits, N = X xor Y, Z = Y xor N = X
    p = np.zeros((2, 2, 2))                                     # axes X, Y, Z
    for x in (0, 1):
        for y in (0, 1):
            p[x, y, y ^ (x ^ y)] = 0.25
    assert close(h_bits(p.sum(axis=(1, 2))) + h_bits(p.sum(axis=(0, 1))) - h_bits(p.sum(axis=1)), 1.0)
    assert mutual_information(p.sum(axis=2)) == 0.0
    assert close(mutual_information(p.sum(axis=1)), 1.0)        # I(X;Z) > I(X;Y)
    assert conditional_mutual_information(p.transpose(0, 2, 1)) > 0.5  # not a Markov chain


# --- E3: quantisation, and Gaussian closed forms (G3, M12) ------------------------------------
def test_quantised_gaussian_entropy_tends_to_h_against_scipy_cells():
    sd = 1.7
    h = 0.5 * math.log2(2 * math.pi * math.e * sd ** 2)
    errors = []
    for delta in [1.0, 0.1, 0.01]:
        edges = np.concatenate([[-np.inf], np.arange(-15 * sd, 15 * sd + delta, delta), [np.inf]])
        cells = np.diff(scipy.stats.norm.cdf(edges, scale=sd))
        independent = h_bits(cells[cells > 0]) + math.log2(delta)
        assert close(quantized_gaussian_entropy(delta, sd=sd) + math.log2(delta), independent, 1e-6)
        errors.append(abs(independent - h))
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-4


def test_quantisation_theorem_on_a_continuous_density_on_a_bounded_interval():
    # p(x) = 2x on [0, 1]: cells of width 1/m have P_k = (2k + 1) / m^2, h = 1/(2 ln 2) - 1
    h = 1 / (2 * math.log(2)) - 1
    gaps = []
    for m in [10, 100, 1000, 10000]:
        cells = (2 * np.arange(m) + 1) / m ** 2
        gaps.append(abs(h_bits(cells) - math.log2(m) - h))
    assert all(a > b for a, b in zip(gaps, gaps[1:])) and gaps[-1] < 1e-3


@pytest.mark.parametrize("sd", [0.01, 0.5, 1.0, 4.0])
def test_gaussian_entropy_takes_sd(sd):
    assert close(gaussian_entropy(sd), float(scipy.stats.norm(scale=sd).entropy()) / math.log(2))


@pytest.mark.parametrize("rho, sx, sy", [(0.3, 2.0, 0.5), (0.8, 1.0, 3.0), (-0.95, 0.2, 0.7)])
def test_gaussian_mi_closed_form_against_scipy_entropies(rho, sx, sy):
    cov = np.array([[sx ** 2, rho * sx * sy], [rho * sx * sy, sy ** 2]])
    nats = (scipy.stats.norm(scale=sx).entropy() + scipy.stats.norm(scale=sy).entropy()
            - scipy.stats.multivariate_normal(cov=cov).entropy())
    assert close(gaussian_mutual_information(rho), float(nats) / math.log(2), 1e-9)
    assert close(gaussian_mutual_information(rho), -0.5 * math.log2(1 - rho ** 2), 1e-12)


# --- the chapter defines every shared label once ----------------------------------------------
LABELS = ["def-surprisal", "def-entropy", "def-joint-entropy", "def-conditional-entropy", "def-mi",
          "def-kl", "thm-definitions-gibbs", "def-differential-entropy", "def-continuous-mi",
          "def-conditional-mi", "thm-definitions-mi-chain-rule", "def-markov-chain",
          "thm-definitions-dpi", "thm-definitions-invariance", "thm-definitions-entropy-bounds",
          "thm-definitions-questions", "thm-definitions-chain-rule",
          "thm-definitions-mi-identities", "thm-definitions-quantisation",
          "thm-definitions-scaling"]


@pytest.mark.parametrize("label", LABELS)
def test_label_defined_exactly_once(label):
    text = _notebook_text()
    assert text.count(f":label: {label}\n") == 1
    if label.startswith("def-"):
        block = text.split(f":label: {label}\n")[0].rsplit("```", 1)[1]
        assert block.startswith("{prf:definition}")


def test_no_reference_to_removed_labels():
    text = _notebook_text()
    for removed in ["thm-mikl-gibbs", "thm-mid-dpi", "thm-mid-invariance", "eq-mi-definition"]:
        assert removed not in text
