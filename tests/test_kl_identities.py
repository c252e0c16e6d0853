"""The identities of the chapter "Mutual information as a KL divergence", as properties.

Each is checked on at least 200 random joint pmfs or pmf pairs (tests/strategies.py), with the
right-hand side built here from its definition (conditionals, marginals, mixtures) and only the
basic measures taken from infolib; tests/test_discrete.py already covers Gibbs' inequality,
MI = E[PMI], MI = H(X) + H(Y) − H(X,Y), and JS's symmetry and 1-bit bound.
"""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from infolib import entropy, js_divergence, kl_divergence, mutual_information
from infolib.gaussian import gaussian_entropy, gaussian_kl_divergence
from infolib.mixtures import GaussianMixture, mixture_kl_divergence
from tests.strategies import gaussian_mixture_params, joint_pmfs, pmf_pairs, pmfs

pytestmark = pytest.mark.filterwarnings("error")
PROPS = settings(max_examples=200, deadline=None)


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def ref_kl_bits(p, q):
    """Plain-Python KL in bits (inf where q = 0 < p), independent of infolib."""
    total = 0.0
    for a, b in zip(np.ravel(p), np.ravel(q)):
        if a > 0:
            if b == 0:
                return math.inf
            total += a * (math.log2(a) - math.log2(b))
    return total


def not_subnormal(a):
    """Entries 0 or ≥ 1e-150, so that a product of two of them cannot underflow to 0."""
    return bool(np.all((a == 0) | (a >= 1e-150)))


@given(joint_pmfs())
@PROPS
def test_mi_is_kl_from_product_of_marginals(pxy):
    # np.outer(px, py) would underflow to 0 for subnormal marginals; infolib's MI works in logs
    assume(not_subnormal(pxy))
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    product = np.outer(px, py)
    mi = mutual_information(pxy)
    assert close(mi, kl_divergence(pxy, product))
    assert close(mi, ref_kl_bits(pxy, product))
    # never infinite: p(x, y) > 0 forces p(x) p(y) > 0
    assert math.isfinite(kl_divergence(pxy, product))


@given(joint_pmfs())
@PROPS
def test_mi_is_expected_information_gain(pxy):
    # I(X;Y) = Σ_y p(y) KL(p(x|y) ‖ p(x)): the columns of pxy, normalised, are p(x | y)
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    gain = sum(py[j] * kl_divergence(pxy[:, j] / py[j], px) for j in range(pxy.shape[1]) if py[j] > 0)
    assert close(mutual_information(pxy), gain)
    # and the other way round: Σ_x p(x) KL(p(y|x) ‖ p(y))
    gain_x = sum(px[i] * ref_kl_bits(pxy[i] / px[i], py) for i in range(pxy.shape[0]) if px[i] > 0)
    assert close(mutual_information(pxy), gain_x)


@given(joint_pmfs())
@PROPS
def test_each_information_gain_is_non_negative(pxy):
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    for j in range(pxy.shape[1]):
        if py[j] > 0:
            assert kl_divergence(pxy[:, j] / py[j], px) >= 0.0


@given(pmfs(), pmfs())
@PROPS
def test_information_gain_is_zero_under_independence(px, py):
    assume(not_subnormal(px) and not_subnormal(py))
    product = np.outer(px, py)
    for j in range(product.shape[1]):
        if py[j] > 0:
            assert kl_divergence(product[:, j] / py[j], px) <= 1e-12
    assert mutual_information(product) <= 1e-12


@given(pmf_pairs())
@PROPS
def test_kl_is_infinite_exactly_when_q_misses_part_of_p(pq):
    p, q = pq
    misses = bool(np.any((p > 0) & (q == 0)))
    assert math.isinf(kl_divergence(p, q)) == misses
    assert kl_divergence(p, q) == pytest.approx(ref_kl_bits(p, q), abs=1e-9, rel=1e-9) or misses


@given(pmf_pairs())
@PROPS
def test_js_is_entropy_of_mixture_minus_mean_entropy(pq):
    p, q = pq
    m = (p + q) / 2
    assert close(js_divergence(p, q), entropy(m) - (entropy(p) + entropy(q)) / 2, tol=1e-8)


@given(pmf_pairs())
@PROPS
def test_js_is_mutual_information_with_a_fair_coin(pq):
    # Z a fair coin picks p or q, X is drawn from the chosen one: JS(p, q) = I(Z; X)
    p, q = pq
    joint = np.vstack([p, q]) / 2
    assert close(js_divergence(p, q), mutual_information(joint), tol=1e-8)
    assert 0.0 <= js_divergence(p, q) <= 1.0


# ---------------------------------------------------------------------------------------------
# further identities and inequalities the chapter states (thm-mikl-pinsker, thm-mikl-js,
# thm-mikl-moments, eq-mikl-gauss-kl, the additivity exercise)
# ---------------------------------------------------------------------------------------------
@given(pmf_pairs())
@PROPS
def test_pinsker_and_the_event_bound(pq):
    p, q = pq
    kl_nats = kl_divergence(p, q, base=None)
    l1 = float(np.abs(p - q).sum())
    assert kl_nats >= 0.5 * l1**2 - 1e-12
    assert kl_divergence(p, q) >= l1**2 / (2 * math.log(2)) - 1e-12
    # |p(A) − q(A)| ≤ ½‖p − q‖₁ for every event; the largest gap is the event {p > q}
    gap = float(np.sum((p - q)[p > q]))
    assert gap == pytest.approx(0.5 * l1, abs=1e-12)
    if math.isfinite(kl_nats):
        assert gap <= math.sqrt(kl_nats / 2) + 1e-12


@given(pmf_pairs(full_support_q=True), pmf_pairs(full_support_q=True))
@PROPS
def test_kl_of_independent_pieces_adds(pq1, pq2):
    (p1, q1), (p2, q2) = pq1, pq2
    assume(not_subnormal(p1) and not_subnormal(p2) and not_subnormal(q1) and not_subnormal(q2))
    joint = kl_divergence(np.outer(p1, p2), np.outer(q1, q2))
    assert close(joint, ref_kl_bits(p1, q1) + ref_kl_bits(p2, q2), tol=1e-8)


@given(pmf_pairs())
@PROPS
def test_js_is_one_bit_exactly_for_disjoint_supports(pq):
    p, q = pq
    js = js_divergence(p, q)
    disjoint = not np.any((p > 0) & (q > 0))
    assert js <= 1.0 + 1e-12
    if disjoint:
        assert js == pytest.approx(1.0, abs=1e-12)
    elif float(np.minimum(p, q).sum()) > 1e-6:
        # an overlap that floating point can see: JS falls short of 1 bit
        assert js < 1.0
    assert js_divergence(p, q, base=None) == pytest.approx(js * math.log(2), abs=1e-12)


@given(pmfs(size=5), pmfs(size=5), pmfs(size=5))
@PROPS
def test_sqrt_js_satisfies_the_triangle_inequality(p, q, r):
    d = lambda a, b: math.sqrt(max(js_divergence(a, b), 0.0))  # noqa: E731
    assert d(p, r) <= d(p, q) + d(q, r) + 1e-9


@given(st.floats(-5, 5), st.floats(0.1, 5), st.floats(-5, 5), st.floats(0.1, 5))
@PROPS
def test_gaussian_kl_is_the_moment_formula_with_a_gaussian_p(m0, s0, m1, s1):
    # eq-mikl-gauss-kl from eq-mikl-forward-gauss with h(p) = ½ ln(2πe s0²), in nats
    h = gaussian_entropy(s0, base=None)
    forward = -h + 0.5 * math.log(2 * math.pi * s1**2) + (s0**2 + (m0 - m1) ** 2) / (2 * s1**2)
    closed = math.log(s1 / s0) + (s0**2 + (m0 - m1) ** 2) / (2 * s1**2) - 0.5
    assert close(forward, closed, tol=1e-9)
    assert close(gaussian_kl_divergence(m0, s0, m1, s1, base=None), closed, tol=1e-9)


@given(gaussian_mixture_params(), st.floats(-3, 3), st.floats(0.3, 4))
@settings(max_examples=40, deadline=None)
def test_moment_matching_beats_every_other_gaussian(params, mu, sd):
    p = GaussianMixture(*params)
    m, v = p.mean(), p.variance()
    best = mixture_kl_divergence(p, (m, math.sqrt(v)), base=None)
    # the minimum is the entropy gap ½ ln(2πe v) − h(p), and no (μ, σ) does better
    assert best == pytest.approx(0.5 * math.log(2 * math.pi * math.e * v) - p.entropy(base=None),
                                 abs=1e-8)
    assert mixture_kl_divergence(p, (mu, sd), base=None) >= best - 1e-9
