"""Tests of infolib.discrete: closed forms, identities, oracles and properties.

No expected value is taken from the code under test: each one comes from a
formula worked out by hand, an information-theoretic identity, or an
independent implementation (scipy, scikit-learn, or the plain-Python
reference functions below).
"""

import math

import numpy as np
import pytest
import scipy.stats
from scipy.spatial.distance import jensenshannon
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import mutual_info_score

from infolib.discrete import (
    __all__ as discrete_all,
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    marginals,
    mutual_information,
    pointwise_mutual_information,
)
from tests.strategies import (
    contingency_tables,
    joint_from_channel,
    joint_pmfs,
    markov_chains,
    pmf_pairs,
    pmfs,
)

# Any NumPy RuntimeWarning (log of 0, 0 * inf, ...) leaking out is a failure.
pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)
TOL = 1e-9


def close(a, b, tol=TOL):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# ---------------------------------------------------------------------------
# independent reference implementations (plain Python, math.log)
# ---------------------------------------------------------------------------
def ref_entropy(values, log=math.log2):
    return -sum(v * log(v) for v in np.ravel(values) if v > 0)


def ref_conditional_entropy(pxy):
    """H(Y|X) = Σ_x p(x) H(Y | X = x), row by row."""
    total = 0.0
    for row in np.asarray(pxy):
        px = sum(row)
        if px > 0:
            total += px * ref_entropy([v / px for v in row])
    return total


def ref_mutual_information(pxy):
    pxy = np.asarray(pxy)
    px = [sum(r) for r in pxy]
    py = [sum(c) for c in pxy.T]
    return sum(
        # separate logs: px[i] * py[j] can underflow for subnormal entries
        pxy[i, j] * (math.log2(pxy[i, j]) - math.log2(px[i]) - math.log2(py[j]))
        for i in range(pxy.shape[0])
        for j in range(pxy.shape[1])
        if pxy[i, j] > 0
    )


# ---------------------------------------------------------------------------
# API shape
# ---------------------------------------------------------------------------
def test_all_lists_the_public_functions():
    assert set(discrete_all) == {
        "entropy", "joint_entropy", "conditional_entropy", "mutual_information",
        "conditional_mutual_information", "kl_divergence", "cross_entropy", "js_divergence",
        "pointwise_mutual_information", "marginals",
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda: entropy(np.array([0.25, 0.75])),
        lambda: joint_entropy(np.eye(2) / 2),
        lambda: conditional_entropy(np.eye(2) / 2),
        lambda: mutual_information(np.eye(2) / 2),
        lambda: kl_divergence(np.array([0.5, 0.5]), np.array([0.25, 0.75])),
        lambda: cross_entropy(np.array([0.5, 0.5]), np.array([0.25, 0.75])),
        lambda: js_divergence(np.array([0.5, 0.5]), np.array([0.25, 0.75])),
    ],
)
def test_scalars_are_plain_python_floats(call):
    assert type(call()) is float


# ---------------------------------------------------------------------------
# closed forms
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 10, 16, 100])
def test_uniform_entropy_is_log_n(n):
    p = np.full(n, 1.0 / n)
    assert close(entropy(p), math.log2(n))
    assert close(entropy(p, base=None), math.log(n))
    assert close(entropy(p, base=10), math.log10(n))
    assert entropy(p) >= 0.0  # i.e. +log n, never -log n


@pytest.mark.parametrize("n,k", [(1, 0), (2, 0), (2, 1), (5, 3), (8, 7)])
def test_point_mass_has_zero_entropy(n, k):
    p = np.zeros(n)
    p[k] = 1.0
    assert entropy(p) == 0.0
    assert joint_entropy(p.reshape(1, -1)) == 0.0


def test_fair_coin_is_one_bit():
    assert entropy([0.5, 0.5]) == 1.0
    assert close(entropy([0.5, 0.5], base=None), math.log(2))


def test_biased_coin_matches_binary_entropy_formula():
    t = 0.11
    expected = -t * math.log2(t) - (1 - t) * math.log2(1 - t)
    assert close(entropy([t, 1 - t]), expected)


@pytest.mark.parametrize("base", [None, 2, 3, math.e, 10, 0.5, 1.5])
def test_base_conversion(base):
    p = [0.1, 0.2, 0.3, 0.4]
    nats = -sum(v * math.log(v) for v in p)
    expected = nats if base is None else nats / math.log(base)
    assert close(entropy(p, base=base), expected)
    # bits ↔ nats
    assert close(entropy(p, base=None), entropy(p, base=2) * math.log(2))


def test_joint_entropy_of_independent_uniforms_adds_up():
    pxy = np.full((4, 2), 1 / 8)
    assert close(joint_entropy(pxy), 3.0)


def test_conditional_entropy_rows_are_x():
    # X=0: Y is always 0; X=1: Y is a fair coin.  H(Y|X) = ½·0 + ½·1 = 0.5.
    pxy = [[0.5, 0.0], [0.25, 0.25]]
    assert close(conditional_entropy(pxy), 0.5)
    # H(X|Y) = H(X,Y) − H(Y) = 1.5 − h(0.25)
    h_y = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert close(conditional_entropy(np.transpose(pxy)), 1.5 - h_y)


def test_marginals_are_row_and_column_sums():
    p_x, p_y = marginals([[0.1, 0.2, 0.3], [0.0, 0.15, 0.25]])
    np.testing.assert_allclose(p_x, [0.6, 0.4])
    np.testing.assert_allclose(p_y, [0.1, 0.35, 0.55])
    result = marginals([[3, 1], [0, 4]], normalize=True)
    assert isinstance(result, tuple) and len(result) == 2
    np.testing.assert_allclose(result[0], [0.5, 0.5])
    np.testing.assert_allclose(result[1], [0.375, 0.625])


@given(pmfs())
@PROPS
def test_mi_of_perfectly_dependent_pair_is_h_x(px):
    pxy = np.diag(px)
    assert close(mutual_information(pxy), ref_entropy(px))
    assert close(mutual_information(pxy), entropy(px))
    assert conditional_entropy(pxy) == 0.0


@given(pmfs(), pmfs())
@PROPS
def test_mi_of_independent_product_is_zero(px, py):
    mi = mutual_information(np.outer(px, py))
    assert 0.0 <= mi <= 1e-12


def test_kl_hand_values():
    # KL([½,½] ‖ [¼,¾]) = ½ log2 2 + ½ log2(2/3) = 1 − ½ log2 3
    assert close(kl_divergence([0.5, 0.5], [0.25, 0.75]), 1 - 0.5 * math.log2(3))
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == 1.0
    assert close(kl_divergence([1.0, 0.0], [0.5, 0.5], base=None), math.log(2))


def test_kl_is_infinite_where_q_is_zero_and_p_is_not():
    value = kl_divergence([0.5, 0.5], [1.0, 0.0])
    assert value == math.inf and type(value) is float
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_kl_fine_where_p_and_q_are_both_zero():
    assert kl_divergence([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 0.0
    assert close(kl_divergence([1.0, 0.0, 0.0], [0.5, 0.5, 0.0]), 1.0)


def test_kl_between_joint_pmfs_equals_kl_of_flattened():
    p = np.array([[0.1, 0.2], [0.3, 0.4]])
    q = np.array([[0.25, 0.25], [0.25, 0.25]])
    expected = sum(a * math.log2(a / b) for a, b in zip(p.ravel(), q.ravel()))
    assert close(kl_divergence(p, q), expected)


def test_cross_entropy_hand_values():
    assert cross_entropy([1.0, 0.0], [0.25, 0.75]) == 2.0
    expected = -(0.5 * math.log2(0.25) + 0.5 * math.log2(0.75))
    assert close(cross_entropy([0.5, 0.5], [0.25, 0.75]), expected)


def test_js_hand_values():
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == 1.0
    assert close(js_divergence([1.0, 0.0], [0.0, 1.0], base=None), math.log(2))
    # p = [1, 0], q = [½, ½]: m = [¾, ¼]; JS = ½ log2(4/3) + ½ (½ log2(2/3) + ½ log2 2)
    expected = 0.5 * math.log2(4 / 3) + 0.25 * math.log2(2 / 3) + 0.25
    assert close(js_divergence([1.0, 0.0], [0.5, 0.5]), expected)


def test_pmi_hand_values_and_zero_convention():
    pxy = np.array([[0.5, 0.0], [0.25, 0.25]])
    pmi = pointwise_mutual_information(pxy)
    assert pmi.shape == pxy.shape
    # p(x) = [½, ½], p(y) = [¾, ¼]
    assert close(pmi[0, 0], math.log2(0.5 / (0.5 * 0.75)))
    assert close(pmi[1, 0], math.log2(0.25 / (0.5 * 0.75)))
    assert close(pmi[1, 1], math.log2(0.25 / (0.5 * 0.25)))
    assert pmi[0, 1] == -math.inf


def test_pmi_is_minus_inf_on_zero_rows_and_columns_without_warnings():
    pxy = np.array([[0.5, 0.0, 0.0], [0.0, 0.0, 0.0], [0.25, 0.0, 0.25]])
    pmi = pointwise_mutual_information(pxy)  # filterwarnings("error") is active
    assert not np.isnan(pmi).any()
    assert np.all(pmi[1, :] == -np.inf)
    assert np.all(pmi[:, 1] == -np.inf)
    assert np.all(np.isfinite(pmi[pxy > 0]))


def test_pmi_nats_vs_bits():
    pxy = np.array([[0.4, 0.1], [0.2, 0.3]])
    np.testing.assert_allclose(
        pointwise_mutual_information(pxy, base=None),
        pointwise_mutual_information(pxy) * math.log(2),
    )


def test_normalize_divides_counts_by_total():
    counts = [3, 1, 0, 4]
    p = [3 / 8, 1 / 8, 0, 4 / 8]
    assert close(entropy(counts, normalize=True), ref_entropy(p))
    table = [[2, 0], [1, 1]]
    assert close(mutual_information(table, normalize=True),
                 ref_mutual_information(np.array(table) / 4))


def test_sum_within_tolerance_is_accepted_and_renormalised():
    p = np.array([0.5, 0.5]) * (1 + 5e-7)
    assert close(entropy(p), 1.0, tol=1e-12)


def test_inputs_are_not_modified():
    p = np.array([2.0, 2.0])
    entropy(p, normalize=True)
    np.testing.assert_array_equal(p, [2.0, 2.0])


# ---------------------------------------------------------------------------
# oracles
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("base", [2, None, math.e, 10, 3.5])
@given(p=pmfs())
@settings(max_examples=60, deadline=None)
def test_entropy_matches_scipy(p, base):
    assert close(entropy(p, base=base), float(scipy.stats.entropy(p, base=base)))


@pytest.mark.parametrize("base", [2, None, 10])
@given(pq=pmf_pairs())
@settings(max_examples=80, deadline=None)
def test_kl_matches_scipy(pq, base):
    p, q = pq
    expected = float(scipy.stats.entropy(p, q, base=base))
    got = kl_divergence(p, q, base=base)
    if math.isinf(expected):
        assert got == math.inf
    else:
        assert close(got, expected)


@given(contingency_tables())
@PROPS
def test_mi_matches_sklearn_on_contingency_tables(counts):
    expected = mutual_info_score(None, None, contingency=counts)
    assert close(mutual_information(counts, base=None, normalize=True), expected)


@given(joint_pmfs())
@PROPS
def test_joint_and_conditional_entropy_match_reference(pxy):
    assert close(joint_entropy(pxy), ref_entropy(pxy))
    assert close(conditional_entropy(pxy), ref_conditional_entropy(pxy))
    assert close(mutual_information(pxy), ref_mutual_information(pxy))


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------
@given(pmfs())
@PROPS
def test_entropy_between_zero_and_log_n(p):
    h = entropy(p)
    assert 0.0 <= h <= math.log2(p.size) + 1e-12


@given(joint_pmfs())
@PROPS
def test_mi_is_symmetric(pxy):
    assert close(mutual_information(pxy), mutual_information(pxy.T))


@given(joint_pmfs())
@PROPS
def test_mi_between_zero_and_min_marginal_entropy(pxy):
    p_x, p_y = marginals(pxy)
    mi = mutual_information(pxy)
    assert 0.0 <= mi <= min(entropy(p_x), entropy(p_y)) + 1e-12


@given(joint_pmfs())
@PROPS
def test_mi_identities(pxy):
    p_x, p_y = marginals(pxy)
    h_x, h_y, h_xy = entropy(p_x), entropy(p_y), joint_entropy(pxy)
    mi = mutual_information(pxy)
    assert close(mi, h_x + h_y - h_xy)
    assert close(mi, h_y - conditional_entropy(pxy))
    assert close(mi, h_x - conditional_entropy(pxy.T))


@given(joint_pmfs())
@PROPS
def test_chain_rule(pxy):
    p_x, _ = marginals(pxy)
    assert close(joint_entropy(pxy), entropy(p_x) + conditional_entropy(pxy))
    assert conditional_entropy(pxy) >= 0.0


@given(pmfs())
@PROPS
def test_gibbs_kl_of_p_with_itself_is_zero(p):
    assert kl_divergence(p, p) == 0.0
    assert close(cross_entropy(p, p), entropy(p))


@given(pmf_pairs())
@PROPS
def test_gibbs_kl_positive_with_pinsker_margin(pq):
    p, q = pq
    kl_nats = kl_divergence(p, q, base=None)
    l1 = float(np.abs(p - q).sum())
    # Pinsker: KL(p‖q) ≥ ½ ‖p − q‖₁²  (nats), so p ≠ q forces KL > 0 by a margin
    assert kl_nats >= 0.0
    assert kl_nats >= 0.5 * l1**2 - 1e-12


@given(pmf_pairs(full_support_q=True))
@PROPS
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    assert close(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))


@given(pmf_pairs())
@PROPS
def test_cross_entropy_is_entropy_plus_kl_including_inf(pq):
    p, q = pq
    ce, kl = cross_entropy(p, q), kl_divergence(p, q)
    if math.isinf(kl):
        assert ce == math.inf
        assert np.any((q == 0) & (p > 0))
    else:
        assert close(ce, entropy(p) + kl)


@given(markov_chains())
@PROPS
def test_data_processing_inequality(chain):
    px, a, b = chain
    pxy = joint_from_channel(px, a)
    pxz = joint_from_channel(px, a @ b)
    assert mutual_information(pxz) <= mutual_information(pxy) + 1e-12


@given(joint_pmfs())
@PROPS
def test_mi_is_expected_pmi(pxy):
    pmi = pointwise_mutual_information(pxy)
    mask = pxy > 0
    assert np.all(np.isneginf(pmi[~mask]))
    assert close(float(np.sum(pxy[mask] * pmi[mask])), mutual_information(pxy))


@given(pmf_pairs())
@PROPS
def test_js_symmetric_and_at_most_one_bit(pq):
    p, q = pq
    js = js_divergence(p, q)
    assert close(js, js_divergence(q, p))
    assert 0.0 <= js <= 1.0
    assert js_divergence(p, p) == 0.0
    # JS is 1 bit exactly when the supports are disjoint
    if not np.any((p > 0) & (q > 0)):
        assert close(js, 1.0)


@given(pmf_pairs())
@PROPS
def test_js_matches_scipy_and_kl_definition(pq):
    p, q = pq
    # the oracles form m = (p + q) / 2, which underflows to 0 for subnormal
    # entries; skip those (infolib itself handles them, see the test below)
    assume(np.all((p == 0) | (p > 1e-300)) and np.all((q == 0) | (q > 1e-300)))
    with np.errstate(invalid="ignore"):  # scipy takes sqrt of a rounding-negative 0 for p == q
        distance = float(jensenshannon(p, q, base=2))
    expected = 0.0 if np.isnan(distance) else distance**2
    assert close(js_divergence(p, q), expected, tol=1e-7)
    m = (p + q) / 2
    assert close(js_divergence(p, q), 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m))


def test_js_with_subnormal_entries_stays_finite_and_correct():
    tiny = 5e-324
    p = np.array([tiny, 0.5, 0.5])
    assert js_divergence(p, p) == 0.0
    # p ≈ [0, ½, ½] and q = [1, 0, 0] have (almost) disjoint supports
    assert close(js_divergence(p, [1.0, 0.0, 0.0]), 1.0)


@given(pmfs(), st.floats(min_value=1e-3, max_value=1e6))
@PROPS
def test_normalize_is_scale_invariant(p, scale):
    assert close(entropy(p * scale, normalize=True), entropy(p))
