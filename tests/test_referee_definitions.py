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
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import infolib
from infolib.plots import joint_preset
from infolib import (conditional_mutual_information, entropy, gaussian_entropy,
                     gaussian_mutual_information, kl_divergence, mutual_information,
                     question_counts, quantized_gaussian_entropy)
from tests.strategies import joint_pmfs, markov_chains, pmf_pairs, pmfs, weights

pytestmark = pytest.mark.filterwarnings("error")
PROPS = settings(max_examples=200, deadline=None)
NOTEBOOK = Path(__file__).resolve().parents[1] / "book" / "02_definitions.ipynb"


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def h_bits(p):
    """Entropy in bits by scipy (an independent implementation): what scipy.stats.entropy(p, base=2)
    computes, sum(scipy.special.entr(p / sum(p))) / ln 2, without its ~300 µs a call of argument
    handling (checked against it in test_h_bits_is_scipy_stats_entropy)."""
    p = np.asarray(p, float).ravel()
    total = p.sum()
    return float(np.sum(scipy.special.entr(p / total)) / math.log(2)) if total > 0 else 0.0


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


@given(st.one_of(pmfs(max_size=12), joint_pmfs(max_rows=5, max_cols=5), joint3_pmfs()))
@settings(max_examples=40, deadline=None)
def test_h_bits_is_scipy_stats_entropy(p):
    assert h_bits(p) == pytest.approx(float(scipy.stats.entropy(p.ravel(), base=2)), rel=1e-14, abs=1e-15)
    assert h_bits(3.5 * p) == pytest.approx(float(scipy.stats.entropy(3.5 * p.ravel(), base=2)),
                                            rel=1e-14, abs=1e-15)   # unnormalised, as scipy allows


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


# --- second referee (ch2_r1) -------------------------------------------------------------------
LABELS_R1 = ["def-general-conditional-mi", "thm-definitions-general-chain-rule",
             "thm-definitions-dobrushin"]


@pytest.mark.parametrize("label", LABELS_R1)
def test_r1_new_labels_defined_exactly_once(label):
    test_label_defined_exactly_once(label)


def test_r1_e1_quantising_the_condition_does_not_give_conditional_mi():
    # X = Y = Z one fair bit: I(X;Y|Z) = 0, but with Z lumped into one cell the condition says
    # nothing and the "conditional" information is I(X;Y) = 1 bit
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 1] = 0.5
    assert abs(cmi_by_entropies(p)) < 1e-12
    assert close(conditional_mutual_information(p), 0.0)
    lumped = p.sum(axis=2, keepdims=True)                      # Z quantised into a single cell
    assert close(conditional_mutual_information(lumped), 1.0)
    assert close(h_bits(lumped.sum(axis=(1, 2))) + h_bits(lumped.sum(axis=(0, 2)))
                 - h_bits(lumped.sum(axis=2)), 1.0)


@given(joint3_pmfs())
@PROPS
def test_r1_e1_cmi_is_the_average_of_the_informations_given_each_z(pxyz):
    # def-general-conditional-mi for discrete Z: sum_z p(z) I(X;Y|Z=z), each I by scipy entropies
    pz = pxyz.sum(axis=(0, 1))
    avg = 0.0
    for z in range(pxyz.shape[2]):
        if pz[z] > 0:
            t = pxyz[:, :, z] / pz[z]
            avg += pz[z] * (h_bits(t.sum(axis=1)) + h_bits(t.sum(axis=0)) - h_bits(t))
    assert close(avg, conditional_mutual_information(pxyz), 1e-8)
    # and the chain-rule form I(X;Y,Z) - I(X;Z)
    nx = pxyz.shape[0]
    assert close(mutual_information(pxyz.reshape(nx, -1)) - mutual_information(pxyz.sum(axis=1)),
                 avg, 1e-8)


def test_r1_e1_density_formula_for_a_gaussian_triple():
    # eq-definitions-continuous-cmi estimated by Monte Carlo from scipy densities, against the
    # closed forms h(X,Z) + h(Y,Z) - h(X,Y,Z) - h(Z) and -1/2 log2(1 - partial correlation^2)
    cov = np.array([[1.0, 0.6, 0.5], [0.6, 1.0, 0.4], [0.5, 0.4, 1.0]])   # axes X, Y, Z
    mvn = scipy.stats.multivariate_normal
    s = np.random.default_rng(12).multivariate_normal(np.zeros(3), cov, size=200_000)
    log_ratio = (mvn(cov=cov).logpdf(s) + scipy.stats.norm.logpdf(s[:, 2])
                 - mvn(cov=cov[np.ix_([0, 2], [0, 2])]).logpdf(s[:, [0, 2]])
                 - mvn(cov=cov[np.ix_([1, 2], [1, 2])]).logpdf(s[:, [1, 2]])) / np.log(2)
    estimate, se = log_ratio.mean(), log_ratio.std(ddof=1) / np.sqrt(len(log_ratio))
    h = lambda idx: mvn(cov=cov[np.ix_(idx, idx)]).entropy() / np.log(2)
    by_entropies = h([0, 2]) + h([1, 2]) - h([0, 1, 2]) - h([2])
    r_xy, r_xz, r_yz = cov[0, 1], cov[0, 2], cov[1, 2]
    partial = (r_xy - r_xz * r_yz) / np.sqrt((1 - r_xz ** 2) * (1 - r_yz ** 2))
    closed = -0.5 * np.log2(1 - partial ** 2)
    assert close(by_entropies, closed, 1e-12)
    assert abs(estimate - closed) < 5 * se
    # chain rule with Gaussian MIs: I(X; Y,Z) - I(X; Z)
    i_x_yz = h([0]) + h([1, 2]) - h([0, 1, 2])
    assert close(i_x_yz - gaussian_mutual_information(r_xz), closed, 1e-12)


@given(pmf_pairs())
@PROPS
def test_r1_g2_negative_terms_of_a_divergence_add_up_to_at_least_minus_log2_e(pq):
    p, q = pq
    mask = (p > 0) & (p < q)
    negative = float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))
    assert negative >= -np.log2(np.e) - 1e-12
    assert negative >= float(np.sum(p[mask] - q[mask])) * np.log2(np.e) - 1e-12


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=weights))
@PROPS
def test_r1_g3_conditioning_does_not_raise_entropy_row_by_row(w):
    if not w.sum() > 0:
        return
    pxy = w / w.sum()
    py = pxy.sum(axis=0)
    px = pxy.sum(axis=1)
    h_cond = sum(px[i] * h_bits(pxy[i] / px[i]) for i in range(len(px)) if px[i] > 0)
    cross = sum(-pxy[i, j] * np.log2(py[j]) for i in range(len(px)) for j in range(len(py))
                if pxy[i, j] > 0)
    assert h_cond <= cross + 1e-9
    assert close(cross, h_bits(py), 1e-9)
    assert close(h_bits(pxy), h_bits(px) + h_cond, 1e-9)     # chain rule


def _is_dyadic(x, tol=1e-12):
    k = -math.log2(x)
    return abs(k - round(k)) < tol


@given(st.lists(st.integers(1, 20), min_size=2, max_size=3))
@settings(max_examples=100, deadline=None)
def test_r1_g1_a_non_dyadic_finite_pmf_never_reaches_h_on_blocks(w):
    p = np.array(w, float) / sum(w)
    if all(_is_dyadic(x) for x in p):
        return
    h = h_bits(p)
    block = np.array([1.0])
    for n in range(1, 5):
        block = np.kron(block, p)
        # exact Huffman cost from fractions, independent of infolib
        cost = float(huffman_expected_length([Fraction(x).limit_denominator(10 ** 12) for x in block]))
        assert cost > n * h + 1e-9


def test_r1_g1_countable_counterexample_pairs_are_dyadic_but_p_is_not():
    # k_x: positions of the 1s in the binary expansion of sqrt 2 = 1.0110101...; p(x) = 2^{-1/2} 2^{-k_x}
    bits = 60
    digits = bin(math.isqrt(2 << (2 * bits)))[2:]               # sqrt(2) * 2^bits in binary
    ks = [i for i, d in enumerate(digits) if d == "1"]          # 2^{-i} for the i-th digit
    total = sum(2.0 ** -k for k in ks)
    assert abs(total - math.sqrt(2)) < 1e-15
    p = [2 ** -0.5 * 2.0 ** -k for k in ks]
    assert abs(sum(p) - 1) < 1e-15
    assert not any(_is_dyadic(x, 1e-9) for x in p)
    assert all(_is_dyadic(a * b, 1e-9) for a in p[:8] for b in p[:8])


def test_r1_g4_invariance_grids_are_nested_and_climb_to_the_gaussian_mi():
    rho = 0.8
    exact = -0.5 * math.log2(1 - rho ** 2)
    previous, values = None, []
    for k in range(1, 5):
        w, L = 4.0 ** (1 - k), 2 * k
        inner = np.arange(-L, L + w / 2, w)
        if previous is not None:
            assert np.all(np.isin(previous, inner))              # every old edge is a new edge
        previous = inner
        edges = np.concatenate([[-np.inf], inner, [np.inf]])
        cdf = scipy.stats.norm.cdf(edges)
        # cell probabilities by scipy's bivariate normal CDF on a coarse check, then infolib's table
        t = infolib.gaussian_pair_cell_probabilities(edges, edges, rho)
        assert close(t.sum(axis=1).tolist()[0], cdf[1] - cdf[0], 1e-12)
        values.append(mutual_information(t, normalize=True))
    assert all(a < b for a, b in zip(values, values[1:]))
    assert values[-1] < exact and exact - values[-1] < 1e-3


def test_r1_m1_self_information_of_a_continuous_variable_grows_without_bound():
    # I(X_Δ; X_Δ) = H(X_Δ) ≈ h(X) - log2 Δ → ∞ (not h(X)); cells by scipy
    h = 0.5 * math.log2(2 * math.pi * math.e)
    for delta in [1.0, 0.1, 0.01]:
        edges = np.concatenate([[-np.inf], np.arange(-8.0, 8.0 + delta / 2, delta), [np.inf]])
        cells = np.diff(scipy.stats.norm.cdf(edges))
        i_self = mutual_information(np.diag(cells), normalize=True)
        assert close(i_self, h_bits(cells), 1e-9)
        assert abs(i_self - (h - math.log2(delta))) < 0.1
    assert i_self > h + 6


def test_r1_g7_question_table_prints_a_dash_for_an_impossible_outcome():
    nb = nbformat.read(NOTEBOOK, 4)
    cell = next(c for c in nb.cells if c.get("id") == "e4a10920")
    text = "".join(o.get("text", "") for o in cell.outputs)
    assert "[0, –]" in text and "[0, 0]" not in text


# --- third referee (ch2_r2) --------------------------------------------------------------------
def test_r2_new_label_defined_exactly_once():
    test_label_defined_exactly_once("thm-definitions-conditional-mi-identities")
    assert _notebook_text().count("(sec-def-table)=\n") == 1


def _mi_terms(pxy):
    """The terms p log2(p / (p(x) p(y))) of the MI sum, in plain numpy."""
    pxy = np.asarray(pxy, float)
    prod = np.outer(pxy.sum(1), pxy.sum(0))
    used = pxy > 0
    return pxy[used] * np.log2(pxy[used] / prod[used])


def test_r2_m1_finite_tables_have_negative_terms_but_a_nonnegative_total():
    p, q = np.array([0.5, 0.4, 0.1]), np.array([0.3, 0.3, 0.4])
    terms = p * np.log2(p / q)
    assert close(terms[2], 0.1 * math.log2(0.25)) and terms[2] < 0
    assert close(terms.sum(), kl_divergence(p, q)) and terms.sum() > 0
    # noisy channel at 0.2: the pair x = 2, y = 0 has p = 0.2 * 0.2 and p(y = 0) = 0.5*0.8 + 0.2*0.2
    pxy = joint_preset("noisy channel", 0.2)
    at_2_0 = 0.04 * math.log2(0.04 / (0.2 * 0.44))          # the referee's example, -0.0455
    at_0_1 = 0.1 * math.log2(0.1 / (0.5 * (0.1 + 0.24)))    # p(y = 1) = 0.5*0.2 + 0.3*0.8
    terms = _mi_terms(pxy)
    assert np.sum(np.isclose(terms, at_2_0, rtol=0, atol=1e-12)) == 1 and at_2_0 < -0.045
    assert close(terms.min(), at_0_1, 1e-12) and at_0_1 < -0.076  # the term the chapter prints
    assert close(_mi_terms(pxy).sum(), mutual_information(pxy))


def _gaussian_cell_entropy(delta, sd):
    """H of N(0, sd^2) quantised into [k delta, (k+1) delta), by scipy's CDF and survival function."""
    n = int(np.ceil(14 * sd / delta))
    edges = delta * np.arange(-n, n + 1)
    cells = np.where(edges[:-1] < 0, np.diff(scipy.stats.norm.cdf(edges, scale=sd)),
                     -np.diff(scipy.stats.norm.sf(edges, scale=sd)))
    return h_bits(cells[cells > 0])


def test_r2_m2_scaling_row_error_is_the_coarse_grid_error():
    h = 0.5 * math.log2(2 * math.pi * math.e)
    fine_grid_small_scale = _gaussian_cell_entropy(0.001, 0.01) + math.log2(0.001) - (h + math.log2(0.01))
    coarse_grid_unit_scale = _gaussian_cell_entropy(0.1, 1.0) + math.log2(0.1) - h
    assert close(fine_grid_small_scale, coarse_grid_unit_scale, 1e-7)
    assert 5.5e-4 < coarse_grid_unit_scale < 6.5e-4          # the 0.0006 bits of the chapter
    ours = quantized_gaussian_entropy(0.001, sd=0.01) + math.log2(0.001) - (h + math.log2(0.01))
    assert close(ours, fine_grid_small_scale, 1e-7)
    for a in (0.1, 1.0, 10.0):                                # Δ/a <= 0.01: agree to 4 decimals
        assert abs(_gaussian_cell_entropy(0.001, a) + math.log2(0.001) - h - math.log2(a)) < 5e-5


@given(joint3_pmfs())
@PROPS
def test_r2_g1_cmi_is_h_x_given_z_minus_h_x_given_yz(pxyz):
    nx, ny, nz = pxyz.shape
    h_x_z = h_bits(pxyz.sum(axis=1)) - h_bits(pxyz.sum(axis=(0, 1)))   # H(X,Z) - H(Z)
    h_x_yz = h_bits(pxyz) - h_bits(pxyz.sum(axis=0))                   # H(X,Y,Z) - H(Y,Z)
    assert h_x_yz <= h_x_z + 1e-12
    assert close(conditional_mutual_information(pxyz), h_x_z - h_x_yz, 1e-9)
    # the reshapes of the chapter's XOR cell compute the same two conditional entropies
    assert close(infolib.conditional_entropy(pxyz.sum(axis=1).T), h_x_z, 1e-9)
    assert close(infolib.conditional_entropy(pxyz.transpose(1, 2, 0).reshape(ny * nz, nx)),
                 h_x_yz, 1e-9)


def test_r2_g1_only_h_x_needs_to_be_finite():
    # X a fair bit, Y = (X, K) with K independent and heavy-tailed: H(Y) large (unbounded as the
    # truncation grows), but I(X;Y) = H(X) - H(X|Y) = 1 bit at every truncation
    for m in (10, 100, 1000):
        k = np.arange(2, m)
        pk = 1.0 / (k * np.log2(k) ** 2)
        pk /= pk.sum()
        pxy = np.zeros((2, 2 * len(k)))
        pxy[0, :len(k)], pxy[1, len(k):] = 0.5 * pk, 0.5 * pk
        assert close(mutual_information(pxy), 1.0, 1e-9)
        assert close(1.0 - (h_bits(pxy) - h_bits(pxy.sum(0))), 1.0, 1e-9)


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                   elements=weights))
@PROPS
def test_r2_g2_mi_is_at_most_the_smaller_entropy(w):
    if not w.sum() > 0:
        w.reshape(-1)[0] = 1.0
    pxy = w / w.sum()
    i = float(_mi_terms(pxy).sum())
    hx, hy = h_bits(pxy.sum(1)), h_bits(pxy.sum(0))
    assert i <= min(hx, hy) + 1e-9
    n = min(np.count_nonzero(pxy.sum(1)), np.count_nonzero(pxy.sum(0)))
    assert i <= math.log2(n) + 1e-9
    assert close(mutual_information(pxy), i, 1e-9)


def test_r2_g3_lumped_terms_of_a_countable_table():
    # a dependent pair on 60 x 60 values with geometric-like tails, as a stand-in for a countable table
    rng = np.random.default_rng(0)
    n = 60
    w = rng.random((n, n)) * np.outer(0.8 ** np.arange(n), 0.7 ** np.arange(n)) * (1 + np.eye(n))
    pxy = w / w.sum()
    px, py = pxy.sum(1), pxy.sum(0)
    total = float(_mi_terms(pxy).sum())
    previous = -1.0
    for k in range(1, n):
        q = np.zeros((k + 1, k + 1))                       # first k values, then "the rest"
        q[:k, :k] = pxy[:k, :k]
        q[:k, k], q[k, :k], q[k, k] = pxy[:k, k:].sum(1), pxy[k:, :k].sum(0), pxy[k:, k:].sum()
        prod = np.outer(np.append(px[:k], px[k:].sum()), np.append(py[:k], py[k:].sum()))
        lumped = np.zeros_like(q, bool)
        lumped[k, :] = lumped[:, k] = True                  # the 2k + 1 lumped cells
        assert lumped.sum() == 2 * k + 1
        used = lumped & (q > 0)
        a_k, b_k = q[lumped].sum(), prod[lumped].sum()
        lumped_terms = float(np.sum(q[used] * np.log2(q[used] / prod[used])))
        assert lumped_terms >= (a_k - b_k) * math.log2(math.e) - 1e-12
        assert close(a_k, 1 - pxy[:k, :k].sum(), 1e-12)
        assert close(b_k, 1 - px[:k].sum() * py[:k].sum(), 1e-12)
        quantised = float(_mi_terms(q).sum())
        assert previous - 1e-12 <= quantised <= total + 1e-12  # climbs, never above the whole sum
        previous = quantised
    assert close(previous, total, 1e-6)


def test_r2_g4_presets_are_the_models_of_the_text():
    px, py, u = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.5, 0.3]), np.full(3, 1 / 3)
    f = [0, 1, 1]
    for e in np.linspace(0, 1, 11):
        models = {
            "independent": np.outer((1 - e) * px + e / 3, (1 - e) * py + e / 3),
            "copy": np.array([[px[x] * ((1 - e) * (y == x) + e / 3) for y in range(3)]
                              for x in range(3)]),
            "noisy channel": np.array([[px[x] * ((1 - e) * (y == x) + e * (y == (x + 1) % 3))
                                        for y in range(3)] for x in range(3)]),
            "many-to-one": np.array([[px[x] * ((1 - e) * (y == f[x]) + e * u[y]) for y in range(3)]
                                     for x in range(3)]),
            "erasure": np.array([[[0.5, 0.5, 0.0][x] * ((1 - e) * (y == x) + e * (y == 2))
                                  for y in range(3)] for x in range(3)]),
        }
        for name, table in models.items():
            np.testing.assert_allclose(joint_preset(name, e), table, atol=1e-15)
    # the referee's numbers at noise 0.2, recomputed from the formulas with scipy
    at = {name: joint_preset(name, 0.2) for name in models}
    hxy = {name: h_bits(t) for name, t in at.items()}
    mi = {name: h_bits(t.sum(1)) + h_bits(t.sum(0)) - h_bits(t) for name, t in at.items()}
    assert round(hxy["independent"], 4) == 3.0429
    assert round(hxy["copy"], 4) == round(hxy["many-to-one"], 4) == 2.1853
    assert (round(mi["copy"], 4), round(mi["many-to-one"], 4)) == (0.8216, 0.5868)
    assert (round(hxy["erasure"], 4), round(mi["erasure"], 4)) == (1.7219, 0.8)
    m21 = joint_preset("many-to-one", 0.0)
    assert round(h_bits(m21) - h_bits(m21.sum(0)), 3) == 0.485
    text = _notebook_text()
    assert "f(1) = f(2) = 1" in text and "(1 - \\varepsilon)(0.2, 0.5, 0.3) + \\varepsilon/3" in text


# --- fourth referee (ch2_r3) -------------------------------------------------------------------
def _gaussian_cells(delta, scale=1.0, reach=8.0):
    edges = np.concatenate([[-np.inf], np.arange(-reach, reach + delta / 2, delta), [np.inf]])
    return np.diff(scipy.stats.norm.cdf(edges / scale))


def test_r3_m1_one_draw_of_a_quantised_gaussian_costs_between_h_and_h_plus_1():
    # thm-definitions-questions for X_Δ: H ≤ Huffman expected length < H + 1 (exact Huffman)
    for delta in [1.0, 0.5, 0.25]:
        cells = _gaussian_cells(delta, reach=6.0)
        cells = cells[cells > 0]
        length = float(huffman_expected_length([Fraction(float(c)) for c in cells]))
        assert h_bits(cells) - 1e-9 <= length < h_bits(cells) + 1


@pytest.mark.parametrize("dist", [scipy.stats.cauchy, scipy.stats.t(0.5)])
def test_r3_g1_self_information_grows_for_a_heavy_tailed_density(dist):
    # max_k P_k → 0 and H(X_Δ) ≥ log2(1/max_k P_k), for densities outside thm-definitions-quantisation
    last = 0.0
    for delta in [1.0, 0.1, 0.01]:
        # cells of width delta on [-10, 10] and the two tails (a dense joint of 2002 cells at most)
        edges = np.concatenate([[-np.inf], np.arange(-10.0, 10.0 + delta / 2, delta), [np.inf]])
        cells = np.diff(dist.cdf(edges))
        i_self = mutual_information(np.diag(cells / cells.sum()), normalize=True)
        assert i_self >= -math.log2(cells.max()) - 1e-9
        assert i_self > last + 2
        last = i_self


def test_r3_g2_conditional_differential_entropy_of_a_gaussian_pair():
    # −E log2 p(y|x) by Monte Carlo (within 5 SE) = h(X,Y) − h(X) = ½ log2(2πe(1−ρ²)) (scipy)
    rho, rng = 0.6, np.random.default_rng(3)
    x = rng.standard_normal(200_000)
    y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(x.size)
    terms = -scipy.stats.norm.logpdf(y, loc=rho * x, scale=math.sqrt(1 - rho**2)) / math.log(2)
    joint = scipy.stats.multivariate_normal(cov=[[1, rho], [rho, 1]]).entropy() / math.log(2)
    exact = joint - scipy.stats.norm.entropy() / math.log(2)
    assert close(exact, 0.5 * math.log2(2 * math.pi * math.e * (1 - rho**2)), 1e-9)
    assert abs(terms.mean() - exact) < 5 * terms.std() / math.sqrt(x.size)


@PROPS
@given(pmfs(max_size=8), st.lists(st.integers(0, 3), min_size=8, max_size=8))
def test_r3_g3_information_about_a_function_is_its_entropy(p, f):
    # I(X; f(X)) = H(f(X)) ≤ H(X), table built by hand, entropies by scipy
    table = np.zeros((p.size, 4))
    table[np.arange(p.size), f[:p.size]] = p
    assert close(mutual_information(table, normalize=True), h_bits(table.sum(0)), 1e-9)
    assert h_bits(table.sum(0)) <= h_bits(p) + 1e-9


@PROPS
@given(pmf_pairs(max_size=6), st.integers(1, 3))
def test_r3_g4_entropy_adds_over_independent_draws(pq, n):
    # H(X, Y) = H(X) + H(Y) for independent X, Y; n i.i.d. draws of X have n H(X)
    p, q = pq
    assert close(entropy(np.outer(p, q).ravel()), h_bits(p) + h_bits(q), 1e-9)
    block = p
    for _ in range(n - 1):
        block = np.outer(block, p).ravel()
    assert close(entropy(block), n * h_bits(p), 1e-9)


def test_r3_g5_invariance_h_columns_are_called_heuristic():
    text = _notebook_text()
    assert "heuristic estimates" in text and "in the same paper {cite}`renyi1959`" in text


@PROPS
@given(joint_pmfs(max_rows=6, max_cols=6), st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_r3_g6_every_quantised_information_is_at_most_the_sum(pxy, labels):
    # grouping rows and columns into cells never raises the MI sum (log-sum inequality), in numpy
    pxy = np.where(pxy < 1e-9, 0.0, pxy)  # no subnormal products
    pxy = pxy / pxy.sum()
    rows, cols = labels[:pxy.shape[0]], labels[6:6 + pxy.shape[1]]
    grouped = np.zeros((3, 3))
    np.add.at(grouped, (np.array(rows)[:, None], np.array(cols)[None, :]), pxy)
    assert _mi_terms(grouped).sum() <= _mi_terms(pxy).sum() + 1e-9


# --- issue #13, rev13 -----------------------------------------------------------------------
def _geometric_entropy_by_sum(t, terms=20000):
    """H of the geometric pmf (1 - q) q^k, q = e^(-t), summed term by term over the first ``terms``
    terms, in numpy (the plain Python loop's sum to rounding, at a hundredth of its time: checked
    in test_geometric_entropy_sum_is_the_plain_python_loop)."""
    q = math.exp(-t)
    pk = (1 - q) * q ** np.arange(terms, dtype=float)
    pk = pk[pk > 0]
    return 0.0 - float(np.sum(pk * np.log2(pk)))


def test_geometric_entropy_sum_is_the_plain_python_loop():
    for t in (1000.0, 20.0, 0.5, 0.0015):
        q, total = math.exp(-t), 0.0
        for k in range(20000):
            pk = (1 - q) * q ** k
            if pk > 0:
                total -= pk * math.log2(pk)
        assert close(_geometric_entropy_by_sum(t), total, 1e-12)


def _notebook_function(name):
    cell = next(c for c in nbformat.read(NOTEBOOK, 4).cells
                if c.cell_type == "code" and c.source.startswith(f"def {name}("))
    space = {"np": np}
    exec(cell.source, space)
    return space[name]


@pytest.mark.parametrize("rate, width", [(1.0, 800.0), (5.0, 200.0), (2.0, 10.0), (2.0, 0.25),
                                         (1.5, 0.001)])
def test_r13_g4_quantised_exponential_is_finite_for_very_wide_cells(rate, width):
    from infolib.exercises.definitions import _quantised_exponential_reference
    expected = _geometric_entropy_by_sum(rate * width)
    reference = _quantised_exponential_reference(rate, width)
    solution = _notebook_function("quantised_exponential_entropy")(rate, width)
    assert math.isfinite(reference) and math.isfinite(solution)
    assert close(float(reference), expected, 1e-7) and close(solution, expected, 1e-7)


def test_r13_g4_exercise_states_the_range_the_check_tries():
    cases = infolib.exercises.CHECKS["quantised_exponential_entropy"].cases()
    t = [float(c.args[0] * c.args[1]) for c in cases]
    assert math.isclose(min(t), 0.0015) and math.isclose(max(t), 20.0)
    assert "it tries no other\ninputs" in _notebook_text()


def test_r13_g4_small_cells_limit_is_the_differential_entropy():
    # H(X_Δ) + log2 Δ → log2(e/λ), with an error of order λΔ (the solution's claim)
    for rate in (0.5, 2.0, 4.0):
        for width in (1e-2, 1e-3):
            err = _geometric_entropy_by_sum(rate * width, 200000) + math.log2(width) - math.log2(math.e / rate)
            assert abs(err) <= rate * width


def test_r13_e1_independent_preset_flattens_x_and_the_others_keep_it():
    for eps in (0.2, 0.7):
        for name in ("copy", "noisy channel", "many-to-one"):
            assert np.allclose(joint_preset(name, eps).sum(axis=1), [0.5, 0.3, 0.2])
        flat = (1 - eps) * np.array([0.5, 0.3, 0.2]) + eps / 3
        assert np.allclose(joint_preset("independent", eps).sum(axis=1), flat)
    assert "in all but the last $X$ has" not in _notebook_text()


def test_r13_g3_null_spread_of_the_weather_log():
    # plug-in I(X;Y|Z) of logs of 2000 days from a model with X ⊥ Y | Z: about (|X|-1)(|Y|-1)|Z| / (2 n ln 2)
    rng = np.random.default_rng(7)
    p_z, p_x, p_y = np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.4, 0.9]), np.array([0.05, 0.3, 0.95])
    values = []
    for _ in range(300):
        z = rng.choice(3, size=2000, p=p_z)
        x, y = rng.random(2000) < p_x[z], rng.random(2000) < p_y[z]
        t = np.zeros((2, 2, 3))
        np.add.at(t, (x.astype(int), y.astype(int), z), 1.0)
        values.append(cmi_by_entropies(t / t.sum()))
    assert abs(np.mean(values) - 3 / (2 * 2000 * math.log(2))) < 0.0003
    assert 0.0005 < np.std(values) < 0.0015


# --- issue #13, rev13b (second referee) ----------------------------------------------------
def test_r13b_g1_citations_name_the_result_cited():
    text = _notebook_text()
    assert "the approximation lemma of measure theory" not in text
    assert "Rényi's theorem on absolutely continuous distributions {cite}`renyi1959`" in text
    assert "main result of {cite}`linder1997`" in text
    assert "(Section 8.5), {cite}`pinsker1964`. Finally" not in text  # density case now proved
    assert text.count("{cite}`billingsley1995`") == 2


def test_r13b_g1_quantised_ratio_is_a_conditional_expectation():
    # the density-case argument: on a grid, the quantised ratio P(AxB)/(P(A)P(B)) is the Q-average
    # of L = p/(p_X p_Y) over the cell, and sum P log(ratio) climbs to the integral as the grid refines
    rng = np.random.default_rng(20261206)
    fine = rng.random((64, 64)) ** 3
    fine /= fine.sum()
    q = np.outer(fine.sum(1), fine.sum(0))
    ratio = fine / q
    exact = float(np.sum(fine * np.log2(ratio)))
    values = []
    for k in (2, 4, 8, 16, 32, 64):
        b = 64 // k
        pk = fine.reshape(k, b, k, b).sum(axis=(1, 3))
        qk = q.reshape(k, b, k, b).sum(axis=(1, 3))
        lk = (q * ratio).reshape(k, b, k, b).sum(axis=(1, 3)) / qk  # Q-average of L over the cell
        assert np.allclose(lk, pk / qk)
        values.append(float(np.sum(pk * np.log2(pk / qk))))
    assert all(a <= b + 1e-12 for a, b in zip(values, values[1:]))
    assert abs(values[-1] - exact) < 1e-12


def test_r13b_g2_dpi_names_the_spaces():
    text = _notebook_text()
    assert "hold for general random variables too" not in text
    assert "and for general random variables," not in text
    assert text.count("(values in $\\mathbb{R}^d$, in\ncountable sets or in standard Borel spaces)") \
        + text.count("(values in $\\mathbb{R}^d$, in countable sets or in standard\nBorel spaces)") == 2


def test_r13b_g3_monte_carlo_has_standard_error_and_large_n_value():
    text = _notebook_text()
    assert "Monte Carlo standard error {null_se:.5f} bits" in text
    assert "chi2_mean = 3 / (2 * days * np.log(2))" in text
    assert abs(3 / (2 * 2000 * math.log(2)) - 0.00108) < 5e-6


def test_r13b_g4_additive_monotone_surprisal_is_linear_in_log():
    text = _notebook_text()
    assert "put $g(t) = s(2^{-t})$" in text
    # g(n/m) = (n/m) g(1) follows from additivity alone: check it for s = -log2, scaled
    for n, m in [(0, 1), (3, 4), (7, 2), (5, 5)]:
        g = lambda t: -2.5 * math.log2(2 ** (-t))
        assert math.isclose(g(n / m), (n / m) * g(1), abs_tol=1e-12)
