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

from infolib import entropy, js_divergence, kl_divergence, mutual_information
from tests.strategies import joint_pmfs, pmf_pairs, pmfs

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
