"""Tests of infolib.sampling: importance sampling, ESS, Monte Carlo KL and MI.

Expected values come from exact enumeration over all samples of a discrete
proposal, closed forms (Gaussian KL and MI from infolib.gaussian, which is
tested against scipy separately), scipy's ``softmax``/``logpdf``, and plain
formulas evaluated here in a safe range.
"""

import doctest
import itertools
import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import infolib
import infolib.sampling as smp
from infolib import (
    effective_sample_size,
    gaussian_kl_divergence,
    gaussian_log_weight_sampler,
    gaussian_mutual_information,
    gaussian_pair_log_weights,
    gaussian_pair_pmi,
    importance_sampling,
    kl_from_samples,
    log_importance_weights,
    mi_from_log_densities,
    normalized_weights,
    sample_size_law,
    samples_needed,
)
from tests.strategies import pmf_pairs

pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)
SOME = settings(max_examples=50, deadline=None)

log_weight_arrays = st.integers(1, 40).flatmap(
    lambda n: hnp.arrays(np.float64, n, elements=st.floats(-50, 50)))


# ---------------------------------------------------------------------------
# unbiasedness: exact enumeration over every possible sample
# ---------------------------------------------------------------------------
@PROPS
@given(pmf_pairs(min_size=1, max_size=5, full_support_q=True), st.integers(1, 3), st.data())
def test_plain_is_is_exactly_unbiased(pq, n, data):
    """E_q[(1/N) Σ w f] = E_p[f], summing over all |X|^N samples with their q-probability."""
    p, q = pq
    f = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=len(p), max_size=len(p))))
    with np.errstate(divide="ignore"):
        lw_all = np.log(p) - np.log(q)
    expectation = 0.0
    for sample in itertools.product(range(len(p)), repeat=n):
        idx = list(sample)
        prob = float(np.prod(q[idx]))
        expectation += prob * importance_sampling(f[idx], lw_all[idx])
    assert expectation == pytest.approx(float(np.dot(p, f)), abs=1e-9)


def test_self_normalised_is_biased_but_exact_for_constants():
    p = np.array([0.1, 0.9])
    q = np.array([0.5, 0.5])
    f = np.array([0.0, 1.0])
    lw = np.log(p) - np.log(q)
    n = 2
    plain = snis = 0.0
    for sample in itertools.product(range(2), repeat=n):
        idx = list(sample)
        prob = float(np.prod(q[idx]))
        plain += prob * importance_sampling(f[idx], lw[idx])
        snis += prob * importance_sampling(f[idx], lw[idx], self_normalized=True)
    # by hand: samples (0,0):0, (0,1),(1,0): 0.9·... = 1.8/(0.2+1.8) = 0.9, (1,1): 1
    assert plain == pytest.approx(0.9)
    assert snis == pytest.approx(0.25 * 0 + 0.5 * 0.9 + 0.25 * 1.0)
    assert abs(snis - 0.9) > 0.1
    assert importance_sampling(np.full(5, 3.0), np.linspace(-9, 9, 5), self_normalized=True) == pytest.approx(3.0)


def test_is_unbiased_mean_over_seeds():
    """p = N(0, 1), q = N(0.5, 1.5²), f = x²: mean of 400 seeded estimates within 4 s.e. of 1."""
    estimates = []
    for seed in range(400):
        rng = np.random.default_rng(seed)
        x = 0.5 + 1.5 * rng.standard_normal(200)
        lw = log_importance_weights(scipy.stats.norm.logpdf(x), scipy.stats.norm.logpdf(x, 0.5, 1.5))
        estimates.append(importance_sampling(x ** 2, lw))
    estimates = np.array(estimates)
    se = estimates.std(ddof=1) / math.sqrt(estimates.size)
    assert abs(estimates.mean() - 1.0) < 4 * se
    assert se < 0.02  # the test has power


# ---------------------------------------------------------------------------
# weights and effective sample size
# ---------------------------------------------------------------------------
@PROPS
@given(st.integers(1, 500), st.floats(-1e3, 1e3))
def test_ess_is_n_when_q_equals_p(n, shift):
    assert effective_sample_size(np.full(n, shift)) == pytest.approx(n, rel=1e-12)


def test_ess_is_n_for_samples_with_q_equal_p():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(1000)
    lw = log_importance_weights(scipy.stats.norm.logpdf(x), scipy.stats.norm.logpdf(x))
    assert effective_sample_size(lw) == 1000.0
    assert importance_sampling(x, lw) == pytest.approx(x.mean(), abs=1e-15)


@PROPS
@given(log_weight_arrays, st.floats(-700, 700))
def test_ess_matches_plain_formula_and_is_shift_invariant(lw, shift):
    w = np.exp(lw)
    plain = w.sum() ** 2 / (w ** 2).sum()
    ess = effective_sample_size(lw)
    assert ess == pytest.approx(plain, rel=1e-9)
    assert effective_sample_size(lw + shift) == pytest.approx(ess, rel=1e-9)
    assert 1.0 <= ess <= lw.size


@PROPS
@given(log_weight_arrays, st.floats(-1e4, 1e4))
def test_normalised_weights_equal_softmax(lw, shift):
    w = normalized_weights(lw + shift)
    assert np.allclose(w, scipy.special.softmax(lw), rtol=1e-9, atol=1e-15)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


def test_extreme_log_weights_do_not_overflow():
    lw = np.array([800.0, 800.0, -np.inf, 0.0])
    assert effective_sample_size(lw) == pytest.approx(2.0)
    assert normalized_weights(lw).tolist() == [0.5, 0.5, 0.0, 0.0]
    assert importance_sampling([1.0, 3.0, 5.0, 7.0], lw, self_normalized=True) == pytest.approx(2.0)
    # e^710 overflows on its own; f · w / N does not
    f = np.array([1e-10, 1.0])
    want = math.exp(710.0 + math.log(0.5e-10)) + 0.5
    assert importance_sampling(f, [710.0, 0.0]) == pytest.approx(want, rel=1e-12)
    # tiny weights: e^-700 · 0.75 is representable and must not vanish
    lw2 = np.log([0.5, 1.5]) - 700.0
    assert importance_sampling([0.0, 1.0], lw2) == pytest.approx(0.75 * math.exp(-700.0), rel=1e-12)
    assert importance_sampling([1.0], [-np.inf]) == 0.0


@PROPS
@given(pmf_pairs(min_size=1, max_size=6, full_support_q=True))
def test_log_importance_weights(pq):
    p, q = pq
    with np.errstate(divide="ignore"):
        lp, lq = np.log(p), np.log(q)
    lw = log_importance_weights(lp, lq)
    assert np.array_equal(np.isneginf(lw), p == 0)
    assert np.allclose(np.exp(lw), p / q)


# ---------------------------------------------------------------------------
# KL from samples and the sample-size law
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (1.0, 1.0), (0.5, 2.0), (-2.0, 0.7)])
def test_kl_from_samples_matches_gaussian_closed_form(mu, sigma):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(200_000)
    lp, lq = scipy.stats.norm.logpdf(x), scipy.stats.norm.logpdf(x, mu, sigma)
    se = np.std(lp - lq) / math.sqrt(x.size)
    truth = gaussian_kl_divergence(0.0, 1.0, mu, sigma, base=None)
    assert abs(kl_from_samples(lp, lq, base=None) - truth) <= 4 * se + 1e-15
    assert kl_from_samples(lp, lq) == pytest.approx(kl_from_samples(lp, lq, base=None) / math.log(2))


@PROPS
@given(pmf_pairs(min_size=1, max_size=6))
def test_kl_from_samples_weighted_by_p_is_exact_kl(pq):
    """Average over an exact 'sample' (each outcome repeated in proportion to p) = KL."""
    p, q = pq
    counts = np.round(p * 1000).astype(int)
    assume(counts.sum() > 0)
    p_exact = counts / counts.sum()
    idx = np.repeat(np.arange(len(p)), counts)
    with np.errstate(divide="ignore"):
        lp, lq = np.log(p_exact[idx]), np.log(q[idx])
    want = infolib.kl_divergence(p_exact, q, base=None)
    assert kl_from_samples(lp, lq, base=None) == pytest.approx(want, abs=1e-9)


def test_sample_size_law():
    assert sample_size_law(0.0) == 1.0
    assert sample_size_law(3.0) == pytest.approx(math.exp(3.0))
    assert sample_size_law(3.0, t=-1.0) == pytest.approx(math.exp(2.0))
    assert sample_size_law(10.0, base=2) == pytest.approx(1024.0)
    assert sample_size_law(1e6) == math.inf


def test_samples_needed_grows_like_exp_kl():
    """Gaussian proposals shifted by μ (KL = μ²/2): the measured N tracks exp(KL)."""
    found = {}
    for mu in (0.0, 1.5, 2.0, 2.5, 3.0):
        kl = gaussian_kl_divergence(0.0, 1.0, mu, 1.0, base=None)
        assert kl == pytest.approx(mu ** 2 / 2)
        res = samples_needed(gaussian_log_weight_sampler(mu, 1.0), rel_error=0.2,
                             n_max=2 ** 16, reps=12, seed=0)
        assert res.n_needed is not None
        found[kl] = res.n_needed
        assert res.errors[-1] <= 0.2 and (res.errors[:-1] > 0.2).all()
    kls = sorted(found)
    assert found[kls[0]] == 1                                   # q = p: one sample is exact
    ns = [found[k] for k in kls]
    assert ns == sorted(ns) and ns[-1] >= 16 * ns[1]            # grows fast with KL
    # log N grows like KL: the least-squares slope of log N on KL is about 1
    slope = np.polyfit(kls[1:], np.log(ns[1:]), 1)[0]
    assert 0.6 < slope < 1.6


def test_samples_needed_not_reached():
    res = samples_needed(gaussian_log_weight_sampler(4.0, 1.0), rel_error=0.01, n_max=64, reps=4)
    assert res.n_needed is None and res.sizes.tolist() == [1, 2, 4, 8, 16, 32, 64]


# ---------------------------------------------------------------------------
# the link to mutual information
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9, -0.95])
def test_mean_log_weight_under_joint_is_mi(rho):
    n = 200_000
    lw = gaussian_pair_log_weights(rho, n, seed=3, under="joint")
    truth = gaussian_mutual_information(rho, base=None)
    assert abs(lw.mean() - truth) <= 4 * lw.std() / math.sqrt(n) + 1e-15
    # under the proposal (product of marginals): E_q[w] = 1 and E_q[log w] = -KL(q‖p)
    lq = gaussian_pair_log_weights(rho, n, seed=4, under="product")
    w = np.exp(lq)
    assert abs(w.mean() - 1.0) <= 5 * w.std() / math.sqrt(n) + 1e-15
    kl_qp = gaussian_kl_divergence([0, 0], mu1=[0, 0], cov0=np.eye(2), cov1=[[1, rho], [rho, 1]],
                                   base=None)
    assert abs(lq.mean() + kl_qp) <= 4 * lq.std() / math.sqrt(n) + 1e-15


def test_gaussian_pair_log_weights_is_the_pointwise_mi():
    """Compare with scipy log-densities on the same kind of samples (via the mean)."""
    rho, n = 0.8, 100_000
    rng = np.random.default_rng(5)
    xy = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
    lpxy = scipy.stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]]).logpdf(xy)
    lpx, lpy = scipy.stats.norm.logpdf(xy[:, 0]), scipy.stats.norm.logpdf(xy[:, 1])
    est = mi_from_log_densities(lpxy, lpx, lpy, base=None)
    truth = gaussian_mutual_information(rho, base=None)
    se = np.std(lpxy - lpx - lpy) / math.sqrt(n)
    assert abs(est - truth) <= 4 * se
    assert mi_from_log_densities(lpxy, lpx, lpy) == pytest.approx(est / math.log(2))
    # same moments as the closed-form log-weights
    lw = gaussian_pair_log_weights(rho, n, seed=6, under="joint")
    assert abs(lw.std() - np.std(lpxy - lpx - lpy)) < 0.02


@PROPS
@given(st.floats(-0.999, 0.999), st.integers(1, 50), st.integers(0, 10 ** 6))
def test_gaussian_pair_pmi_equals_scipy_log_densities(rho, n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 2, n), rng.normal(0, 2, n)
    cov = [[1, rho], [rho, 1]]
    want = (scipy.stats.multivariate_normal([0, 0], cov).logpdf(np.c_[x, y]).reshape(-1)
            - scipy.stats.norm.logpdf(x) - scipy.stats.norm.logpdf(y))
    assert np.allclose(gaussian_pair_pmi(x, y, rho), want, rtol=1e-6, atol=1e-6)


def test_estimating_mi_by_sampling_needs_about_exp_mi_samples():
    """IS of E_q[w] = 1 with the product of marginals as proposal: N grows with I."""
    needed = {}
    for rho in (0.0, 0.9, 0.97, 0.99):
        def draw(rng, size, rho=rho):
            return gaussian_pair_log_weights(rho, size, seed=int(rng.integers(2 ** 31)))
        res = samples_needed(draw, rel_error=0.2, n_max=2 ** 15, reps=8, seed=1)
        needed[gaussian_mutual_information(rho, base=None)] = res.n_needed
    mis = sorted(needed)
    ns = [needed[m] for m in mis]
    assert ns[0] == 1 and all(n is not None for n in ns) and ns == sorted(ns) and ns[-1] > ns[1]


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("call,message", [
    (lambda: log_importance_weights([0.0, 0.0], [0.0]), "log_p and log_q must have the same number of samples"),
    (lambda: log_importance_weights([0.0], [-np.inf]), "log_q is -inf at sample 0"),
    (lambda: log_importance_weights([np.nan], [0.0]), "log_p has a NaN entry"),
    (lambda: log_importance_weights([np.inf], [0.0]), "log_p has an infinite entry"),
    (lambda: log_importance_weights([], []), "log_p is empty"),
    (lambda: log_importance_weights([[0.0]], [[0.0]]), "log_p must be a 1-D array"),
    (lambda: effective_sample_size([-np.inf, -np.inf]), "log_weights are all -inf"),
    (lambda: effective_sample_size([np.nan, 0.0]), "log_weights has a NaN entry"),
    (lambda: effective_sample_size("abc"), "log_weights must be an array of numbers"),
    (lambda: normalized_weights([np.inf]), "log_weights has an infinite entry"),
    (lambda: importance_sampling([1.0, 2.0], [0.0]), "f_values and log_weights must have the same number"),
    (lambda: importance_sampling([np.nan], [0.0]), "f_values has a NaN entry"),
    (lambda: importance_sampling([[1.0]], [0.0]), "f_values must be 1-D"),
    (lambda: importance_sampling([1.0], [-np.inf], self_normalized=True), "log_weights are all -inf"),
    (lambda: kl_from_samples([-np.inf], [0.0]), "log_p is -inf at sample 0"),
    (lambda: kl_from_samples([0.0], [0.0], base=-1), "base must be positive"),
    (lambda: sample_size_law(-1.0), "kl must be ≥ 0"),
    (lambda: sample_size_law(np.nan), "kl must be a finite number"),
    (lambda: samples_needed(3), "draw_log_weights must be a function"),
    (lambda: samples_needed(lambda rng, n: np.zeros(n), rel_error=0), "rel_error must be > 0"),
    (lambda: samples_needed(lambda rng, n: np.zeros(n + 1)), "draw_log_weights(rng, 32) must return 32"),
    (lambda: samples_needed(lambda rng, n: np.full(n, np.nan), reps=2), "has a NaN entry"),
    (lambda: gaussian_log_weight_sampler(0.0, 0.0), "sd_q must be > 0"),
    (lambda: gaussian_log_weight_sampler(0.0, 1.0, sd_p=-1.0), "sd_p must be > 0"),
    (lambda: gaussian_pair_log_weights(1.0, 10), "rho must be strictly between -1 and 1"),
    (lambda: gaussian_pair_log_weights(0.5, 0), "size must be ≥ 1"),
    (lambda: gaussian_pair_log_weights(0.5, 10, under="q"), "under must be"),
    (lambda: mi_from_log_densities([0.0], [0.0], [0.0, 1.0]), "log_pxy and log_py must have the same number"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def test_kl_from_samples_is_inf_when_q_misses():
    assert kl_from_samples([-1.0, -1.0], [-1.0, -np.inf]) == math.inf


def test_public_names_exported():
    for name in smp.__all__:
        assert getattr(infolib, name) is getattr(smp, name)
        assert name in infolib.__all__


def test_doctests():
    result = doctest.testmod(smp, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10 and result.failed == 0
