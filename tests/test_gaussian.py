"""Tests of infolib.gaussian against textbook closed forms, identities,
numerical integration and a discretised cross-check with infolib.discrete."""

import math
import re

import numpy as np
import pytest
import scipy.integrate
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from infolib.discrete import mutual_information
from infolib.gaussian import (
    __all__ as gaussian_all,
    gaussian_entropy,
    gaussian_kl_divergence,
    gaussian_mutual_information,
)

pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)
TOL = 1e-9

variances = st.floats(min_value=1e-3, max_value=1e3)
means = st.floats(min_value=-100.0, max_value=100.0)
correlations = st.floats(min_value=-0.999, max_value=0.999)


def close(a, b, tol=TOL):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def h1_bits(var):
    """Textbook differential entropy of N(·, var) in bits: ½ log2(2πe var)."""
    return 0.5 * math.log2(2 * math.pi * math.e * var)


def kl1_nats(m0, v0, m1, v1):
    """Textbook KL(N(m0, v0) ‖ N(m1, v1)) in nats."""
    return math.log(math.sqrt(v1) / math.sqrt(v0)) + (v0 + (m0 - m1) ** 2) / (2 * v1) - 0.5


def test_all_lists_the_public_functions():
    assert set(gaussian_all) == {
        "gaussian_entropy", "gaussian_mutual_information", "gaussian_kl_divergence",
    }


# ---------------------------------------------------------------------------
# entropy
# ---------------------------------------------------------------------------
def test_standard_normal_entropy():
    assert close(gaussian_entropy(1.0), 0.5 * math.log2(2 * math.pi * math.e))
    assert close(gaussian_entropy(1.0, base=None), 0.5 * math.log(2 * math.pi * math.e))
    assert close(gaussian_entropy(1.0, base=None), float(scipy.stats.norm.entropy()))
    assert type(gaussian_entropy(1.0)) is float


def test_sd_and_one_by_one_covariance_agree():
    # the spread of a 1-D Gaussian is its standard deviation; [[σ²]] is the same law
    assert close(gaussian_entropy(2.5), gaussian_entropy(cov=[[6.25]]))
    assert close(gaussian_entropy(2.5), float(scipy.stats.norm(0, 2.5).entropy()) / math.log(2))


def test_doubling_the_sd_adds_one_bit():
    assert close(gaussian_entropy(3.0) - gaussian_entropy(1.5), 1.0)


@pytest.mark.parametrize("call, message", [
    (lambda: gaussian_entropy(), "exactly one of sd"),
    (lambda: gaussian_entropy(1.0, cov=[[1.0]]), "got both"),
    (lambda: gaussian_entropy(cov=2.0), "pass the standard deviation as sd="),
    (lambda: gaussian_entropy([[1.0, 0.0], [0.0, 1.0]]), "pass a d × d covariance matrix as cov="),
    (lambda: gaussian_entropy(0.0), "sd must be > 0"),
    (lambda: gaussian_entropy(-1.0), "sd must be > 0"),
    (lambda: gaussian_kl_divergence(0.0, 1.0, 0.0), "exactly one of sd1"),
    (lambda: gaussian_kl_divergence(0.0, 1.0, sd1=1.0), "mu1"),
    (lambda: gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0, cov1=[[1.0]]), "exactly one of sd1"),
])
def test_the_spread_convention_is_enforced(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


@given(variances)
@PROPS
def test_entropy_1d_closed_form(var):
    assert close(gaussian_entropy(math.sqrt(var)), h1_bits(var))


def test_entropy_can_be_negative():
    # h < 0 once var < 1 / (2πe)
    assert gaussian_entropy(0.1) < 0
    assert close(gaussian_entropy(0.1), h1_bits(0.01))


@given(st.lists(variances, min_size=1, max_size=6))
@PROPS
def test_diagonal_cov_entropy_is_sum_of_1d(vars_):
    assert close(gaussian_entropy(cov=np.diag(vars_)), sum(h1_bits(v) for v in vars_))


@given(variances, variances, correlations)
@PROPS
def test_bivariate_entropy_is_sum_minus_mutual_information(vx, vy, rho):
    c = rho * math.sqrt(vx * vy)
    cov = [[vx, c], [c, vy]]
    expected = h1_bits(vx) + h1_bits(vy) - gaussian_mutual_information(rho)
    assert close(gaussian_entropy(cov=cov), expected)


def test_entropy_matches_scipy_multivariate_normal():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 4))
    cov = a @ a.T + 0.5 * np.eye(4)
    expected = scipy.stats.multivariate_normal(np.zeros(4), cov).entropy() / math.log(2)
    assert close(gaussian_entropy(cov=cov), float(expected))


def test_slightly_asymmetric_cov_within_tolerance_is_accepted():
    cov = np.array([[2.0, 0.5], [0.5 + 1e-12, 1.0]])
    assert close(gaussian_entropy(cov=cov), gaussian_entropy(cov=[[2.0, 0.5], [0.5, 1.0]]))


def test_huge_dimension_does_not_overflow_the_determinant():
    d = 400  # det = 1e-1200 underflows in floating point; slogdet does not
    h = gaussian_entropy(cov=np.eye(d) * 1e-3)
    assert close(h, d * h1_bits(1e-3))


# ---------------------------------------------------------------------------
# mutual information
# ---------------------------------------------------------------------------
def test_mi_at_0_9_in_nats():
    value = gaussian_mutual_information(0.9, base=None)
    assert close(value, -0.5 * math.log(0.19))
    assert abs(value - 0.830) < 1e-3


def test_mi_zero_and_infinite_ends():
    assert gaussian_mutual_information(0.0) == 0.0
    assert gaussian_mutual_information(1.0) == math.inf
    assert gaussian_mutual_information(-1.0) == math.inf
    assert type(gaussian_mutual_information(0.5)) is float


@given(correlations)
@PROPS
def test_mi_closed_form_and_symmetry(rho):
    expected_bits = -0.5 * math.log2(1 - rho * rho)
    got = gaussian_mutual_information(rho)
    assert got >= 0.0
    assert close(got, expected_bits, tol=1e-8)
    assert gaussian_mutual_information(-rho) == got
    assert close(gaussian_mutual_information(rho, base=None), got * math.log(2))


def test_mi_accepts_arrays_elementwise():
    rho = np.array([[-1.0, -0.5, 0.0], [0.3, 0.9, 1.0]])
    got = gaussian_mutual_information(rho)
    assert isinstance(got, np.ndarray) and got.shape == rho.shape
    expected = [[gaussian_mutual_information(float(r)) for r in row] for row in rho]
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_allclose(got[0, 1], -0.5 * math.log2(0.75))


def test_mi_accepts_a_list_of_rho():
    got = gaussian_mutual_information([0.0, 0.6], base=None)
    np.testing.assert_allclose(got, [0.0, -0.5 * math.log(0.64)])


def test_mi_matches_the_entropy_identity_from_covariances():
    # I = h(X) + h(Y) − h(X, Y), computed entirely from gaussian_entropy
    rho = 0.6
    cov = np.array([[4.0, rho * 2 * 3], [rho * 2 * 3, 9.0]])
    via_h = gaussian_entropy(2.0) + gaussian_entropy(3.0) - gaussian_entropy(cov=cov)
    assert close(gaussian_mutual_information(rho), via_h)


@pytest.mark.parametrize("rho", [0.3, 0.8])
def test_mi_is_the_limit_of_discretised_mi(rho):
    # Discretise a standard bivariate normal on a fine grid: the discrete MI of
    # the binned pair tends to the continuous MI as the bins shrink.
    x = np.linspace(-7, 7, 501)
    a, b = np.meshgrid(x, x, indexing="ij")
    dens = np.exp(-(a * a - 2 * rho * a * b + b * b) / (2 * (1 - rho * rho)))
    got = mutual_information(dens, normalize=True)
    assert abs(got - gaussian_mutual_information(rho)) < 1e-6


# ---------------------------------------------------------------------------
# KL divergence
# ---------------------------------------------------------------------------
@given(means, variances, means, variances)
@PROPS
def test_kl_1d_matches_textbook_formula(m0, v0, m1, v1):
    expected = kl1_nats(m0, v0, m1, v1)
    s0, s1 = math.sqrt(v0), math.sqrt(v1)
    got = gaussian_kl_divergence(m0, s0, m1, s1, base=None)
    assert got >= 0.0
    assert math.isclose(got, expected, rel_tol=1e-8, abs_tol=1e-8)
    assert close(gaussian_kl_divergence(m0, s0, m1, s1), got / math.log(2))
    assert math.isclose(gaussian_kl_divergence([m0], mu1=[m1], cov0=[[v0]], cov1=[[v1]], base=None),
                        expected, rel_tol=1e-8, abs_tol=1e-8)


def test_kl_1d_matches_numerical_integration():
    m0, s0, m1, s1 = 0.3, 1.2, -0.5, 0.7
    p0, p1 = scipy.stats.norm(m0, s0), scipy.stats.norm(m1, s1)
    integral, _ = scipy.integrate.quad(
        lambda x: p0.pdf(x) * (p0.logpdf(x) - p1.logpdf(x)), -np.inf, np.inf
    )
    got = gaussian_kl_divergence(m0, s0, m1, s1, base=None)
    assert math.isclose(got, integral, rel_tol=1e-7)


def test_kl_of_identical_gaussians_is_zero():
    cov = np.array([[2.0, 0.3], [0.3, 1.0]])
    assert gaussian_kl_divergence([1.0, 2.0], mu1=[1.0, 2.0], cov0=cov, cov1=cov) == 0.0
    assert gaussian_kl_divergence(5.0, 3.0, 5.0, 3.0) == 0.0


@given(st.lists(st.tuples(means, variances, means, variances), min_size=1, max_size=5))
@settings(max_examples=100, deadline=None)
def test_kl_of_diagonal_gaussians_is_sum_of_1d(params):
    m0, v0, m1, v1 = (np.array(col) for col in zip(*params))
    got = gaussian_kl_divergence(m0, mu1=m1, cov0=np.diag(v0), cov1=np.diag(v1), base=None)
    expected = sum(kl1_nats(*row) for row in params)
    assert math.isclose(got, expected, rel_tol=1e-8, abs_tol=1e-8)


@given(st.integers(1, 5), st.integers(0, 2**32 - 1))
@settings(max_examples=100, deadline=None)
def test_kl_multivariate_matches_explicit_inverse_formula(d, seed):
    rng = np.random.default_rng(seed)
    a0, a1 = rng.standard_normal((2, d, d))
    cov0 = a0 @ a0.T + 0.1 * np.eye(d)
    cov1 = a1 @ a1.T + 0.1 * np.eye(d)
    mu0, mu1 = rng.standard_normal((2, d))
    inv1 = np.linalg.inv(cov1)
    diff = mu1 - mu0
    expected = 0.5 * (
        np.trace(inv1 @ cov0) + diff @ inv1 @ diff - d
        + math.log(np.linalg.det(cov1) / np.linalg.det(cov0))
    )
    got = gaussian_kl_divergence(mu0, mu1=mu1, cov0=cov0, cov1=cov1, base=None)
    assert got >= 0.0
    assert math.isclose(got, float(expected), rel_tol=1e-6, abs_tol=1e-9)


def test_kl_is_not_symmetric():
    forward = gaussian_kl_divergence(0.0, 1.0, 0.0, 2.0, base=None)  # sd 1 against sd 2
    backward = gaussian_kl_divergence(0.0, 2.0, 0.0, 1.0, base=None)
    assert close(forward, kl1_nats(0.0, 1.0, 0.0, 4.0))
    assert close(backward, kl1_nats(0.0, 4.0, 0.0, 1.0))
    assert forward != pytest.approx(backward)
