"""Tests of infolib.mixtures: 1-D Gaussian mixtures, their KL divergences and Gaussian fits.

Expected values come from closed forms (two Gaussians), scipy (norm.pdf, integrate.quad),
Monte Carlo estimates and brute-force searches written here, never from the code under test.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

import infolib
from infolib.gaussian import gaussian_entropy, gaussian_kl_divergence
from infolib.mixtures import (GaussianMixture, fit_gaussian_forward_kl, fit_gaussian_reverse_kl,
                              mixture_kl_divergence)
from tests.densities import mix_logpdf, norm_logpdf
from tests.strategies import gaussian_mixture_params

pytestmark = pytest.mark.filterwarnings("error")
PROPS = settings(max_examples=200, deadline=None)
FEW = settings(max_examples=40, deadline=None)


def scipy_pdf(params, x):
    w, m, s = params
    return sum(wk * stats.norm.pdf(x, mk, sk) for wk, mk, sk in zip(w, m, s))


def scipy_logpdf(params, x):
    w, m, s = params
    return np.logaddexp.reduce([math.log(wk) + stats.norm.logpdf(x, mk, sk)
                                for wk, mk, sk in zip(w, m, s)], axis=0)


def quad_kl_nats(p_params, q_params):
    """KL by scipy.integrate.quad over p's support, split at the components' means."""
    w, m, s = (np.asarray(a, dtype=float) for a in p_params)
    lo, hi = min(m - 12 * s), max(m + 12 * s)

    def f(x):
        lp = mix_logpdf(p_params, x)
        return math.exp(lp) * (lp - mix_logpdf(q_params, x))

    cuts = np.unique(np.clip(np.concatenate([[lo, hi], m, np.asarray(q_params[1])]), lo, hi))
    return sum(integrate.quad(f, a, b, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
               for a, b in zip(cuts[:-1], cuts[1:]))


BIMODAL = ([0.6, 0.4], [-2.0, 2.5], [0.7, 1.0])


# ---------------------------------------------------------------------------
# the mixture itself
# ---------------------------------------------------------------------------
@given(gaussian_mixture_params())
@PROPS
def test_logpdf_matches_scipy(params):
    p = GaussianMixture(*params)
    x = np.linspace(-10, 10, 41)
    np.testing.assert_allclose(p.pdf(x), scipy_pdf(params, x), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(p.logpdf(x), scipy_logpdf(params, x), rtol=1e-10)


def test_logpdf_far_tail_is_finite():
    p = GaussianMixture.gaussian(0.0, 1.0)
    assert p.logpdf(100.0) == pytest.approx(-0.5 * 100.0**2 - 0.5 * math.log(2 * math.pi))
    assert p.logpdf(np.zeros((2, 3))).shape == (2, 3)


@given(gaussian_mixture_params())
@settings(max_examples=30, deadline=None)
def test_mean_variance_and_normalisation_by_quadrature(params):
    p = GaussianMixture(*params)
    w, m, s = params
    lo, hi = min(m - 15 * s), max(m + 15 * s)
    seen = {}  # the three quads share most nodes: p.pdf is evaluated once at each

    def f(x):
        if x not in seen:
            seen[x] = float(p.pdf(x))
        return seen[x]
    moments = [integrate.quad(lambda x, k=k: x**k * f(x), lo, hi, points=m, limit=200)[0]
               for k in range(3)]
    assert moments[0] == pytest.approx(1.0, abs=1e-8)
    assert p.mean() == pytest.approx(moments[1], abs=1e-7)
    assert p.variance() == pytest.approx(moments[2] - moments[1] ** 2, abs=1e-6, rel=1e-7)


def test_sampling_is_seeded_and_has_the_right_distribution():
    p = GaussianMixture(*BIMODAL)
    a, b, c = p.sample(50_000, seed=3), p.sample(50_000, seed=3), p.sample(50_000, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # Kolmogorov–Smirnov against the mixture's CDF, written with scipy
    cdf = lambda x: sum(wk * stats.norm.cdf(x, mk, sk) for wk, mk, sk in zip(*BIMODAL))  # noqa: E731
    assert stats.kstest(a, cdf).pvalue > 1e-3
    assert abs(a.mean() - p.mean()) < 5 * math.sqrt(p.variance() / a.size)


def test_gaussian_constructor_and_entropy_closed_form():
    g = GaussianMixture.gaussian(1.5, 0.3)
    assert g.n_components == 1 and g.mean() == 1.5 and g.variance() == pytest.approx(0.09)
    for base in (2, None, 10):
        assert g.entropy(base=base) == pytest.approx(gaussian_entropy(0.3, base=base), abs=1e-10)


@given(gaussian_mixture_params())
@settings(max_examples=30, deadline=None)
def test_entropy_matches_quad(params):
    p = GaussianMixture(*params)
    w, m, s = params
    lo, hi = min(m - 12 * s), max(m + 12 * s)
    cuts = np.unique(np.concatenate([[lo, hi], m]))
    # the density written out from the parameters (p.pdf and p.logpdf are checked against scipy
    # in test_logpdf_matches_scipy, and p.pdf's moments in the test above)
    h = -sum(integrate.quad(lambda x: math.exp(mix_logpdf(params, x)) * mix_logpdf(params, x),
                            a, b, limit=200)[0]
             for a, b in zip(cuts[:-1], cuts[1:]))
    assert p.entropy(base=None) == pytest.approx(h, abs=1e-7)


def test_normalize_and_zero_weights():
    p = GaussianMixture([3, 1], [0, 5], [1, 1], normalize=True)
    np.testing.assert_allclose(p.weights, [0.75, 0.25])
    z = GaussianMixture([1.0, 0.0], [0.0, 50.0], [1.0, 1e-3])
    assert mixture_kl_divergence(z, (0.0, 1.0)) == pytest.approx(0.0, abs=1e-12)
    assert z.pdf(50.0) == pytest.approx(stats.norm.pdf(50.0), abs=1e-300)


def test_parameters_are_read_only():
    p = GaussianMixture(*BIMODAL)
    with pytest.raises(ValueError):
        p.means[0] = 3.0


@pytest.mark.parametrize("args, kwargs, message", [
    (([0.5, 0.4], [0, 1], [1, 1]), {}, "weights sums to 0.9, not 1"),
    (([1.2, -0.2], [0, 1], [1, 1]), {}, "weights has a negative entry"),
    (([0.5, 0.5], [0, 1], [1, 0]), {}, "sds must be > 0, got 0 at index 1"),
    (([0.5, 0.5], [0, 1], [1, -2]), {}, "sds must be > 0, got -2 at index 1"),
    (([0.5, 0.5], [0, 1, 2], [1, 1]), {}, "weights, means and sds must have the same length"),
    (([0.5, 0.5], [0, np.nan], [1, 1]), {}, "means has a NaN entry"),
    (([0.5, 0.5], [0, 1], [1, np.inf]), {}, "sds has an infinite entry"),
    (([0.5, 0.5], "ab", [1, 1]), {}, "means must be an array of numbers"),
    (([0.5, 0.5], [[0, 1]], [1, 1]), {}, "means must be a number or a 1-D list"),
    (([], [], []), {}, "weights is empty"),
    (([0, 0], [0, 1], [1, 1]), {"normalize": True}, "weights sums to 0"),
])
def test_mixture_validation_messages(args, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")) as err:
        GaussianMixture(*args, **kwargs)
    assert str(err.value).split()[0] in {"weights", "means", "sds", "weights,"}


@pytest.mark.parametrize("call, message", [
    (lambda: mixture_kl_divergence("p", (0, 1)), "p must be a GaussianMixture or a (mean, sd) pair"),
    (lambda: mixture_kl_divergence((0, 1), (0, 0)), "q sd must be > 0"),
    (lambda: mixture_kl_divergence((0, 1), (0, 1, 2)), "q must be a GaussianMixture"),
    (lambda: mixture_kl_divergence((0, 1), (0, 1), base=1), "base must not be 1"),
    (lambda: fit_gaussian_reverse_kl((0, 1), n_starts=-1), "n_starts must be ≥ 0"),
    (lambda: fit_gaussian_forward_kl([1, 2, 3]), "p must be a GaussianMixture"),
    (lambda: GaussianMixture.gaussian(0, -1), "sd must be > 0"),
    (lambda: GaussianMixture(*BIMODAL).sample(0), "n must be ≥ 1"),
    (lambda: GaussianMixture(*BIMODAL).logpdf([0, np.nan]), "x has a NaN entry"),
])
def test_function_validation_messages(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


# ---------------------------------------------------------------------------
# KL divergence by numerical integration
# ---------------------------------------------------------------------------
gauss = st.tuples(st.floats(-8, 8), st.floats(0.05, 8))


@given(gauss, gauss, st.sampled_from([2, None, 10]))
@PROPS
def test_kl_of_two_gaussians_matches_closed_form(a, b, base):
    expected = gaussian_kl_divergence(a[0], a[1], b[0], b[1], base=base)
    got, err = mixture_kl_divergence(a, b, base=base, return_error=True)
    assert got == pytest.approx(expected, abs=1e-9, rel=1e-9)
    assert err <= 1e-8 * max(1.0, expected)


@given(gaussian_mixture_params(), gaussian_mixture_params())
@settings(max_examples=40, deadline=None)
def test_kl_of_mixtures_matches_scipy_quad(pp, qp):
    got = mixture_kl_divergence(GaussianMixture(*pp), GaussianMixture(*qp), base=None)
    assert got == pytest.approx(quad_kl_nats(pp, qp), abs=1e-7, rel=1e-7)


@pytest.mark.parametrize("pp, qp", [
    (BIMODAL, ([1.0], [0.0], [1.0])),
    (([1.0], [0.0], [1.0]), BIMODAL),
    (BIMODAL, ([0.3, 0.3, 0.4], [-1.0, 0.0, 3.0], [0.5, 2.0, 0.8])),
])
def test_kl_of_mixtures_matches_monte_carlo(pp, qp):
    p, q = GaussianMixture(*pp), GaussianMixture(*qp)
    x = p.sample(400_000, seed=11)
    terms = (scipy_logpdf(pp, x) - scipy_logpdf(qp, x)) / math.log(2)
    stderr = terms.std() / math.sqrt(x.size)
    assert abs(mixture_kl_divergence(p, q) - terms.mean()) < 5 * stderr


@given(gaussian_mixture_params(), gaussian_mixture_params())
@PROPS
def test_kl_gibbs_and_identity(pp, qp):
    p, q = GaussianMixture(*pp), GaussianMixture(*qp)
    bits = mixture_kl_divergence(p, q)
    assert bits >= 0.0
    assert mixture_kl_divergence(p, p) == pytest.approx(0.0, abs=1e-10)
    assert mixture_kl_divergence(p, q, base=None) == pytest.approx(
        bits * math.log(2), rel=1e-12, abs=1e-15)


def test_kl_is_asymmetric_for_a_mixture_and_a_gaussian():
    # computed with scipy here: the two directions differ by more than 0.1 nat
    a, b = quad_kl_nats(BIMODAL, ([1.0], [0.0], [1.0])), quad_kl_nats(([1.0], [0.0], [1.0]), BIMODAL)
    p = GaussianMixture(*BIMODAL)
    assert mixture_kl_divergence(p, (0.0, 1.0), base=None) == pytest.approx(a, abs=1e-8)
    assert mixture_kl_divergence((0.0, 1.0), p, base=None) == pytest.approx(b, abs=1e-8)
    assert abs(a - b) > 0.1


def test_kl_returns_plain_floats():
    assert type(mixture_kl_divergence((0, 1), (1, 2))) is float


# ---------------------------------------------------------------------------
# fitting one Gaussian: forward KL (moment matching) and reverse KL (mode seeking)
# ---------------------------------------------------------------------------
@given(gaussian_mixture_params(), st.floats(-1, 1), st.floats(-0.5, 0.5))
@PROPS
def test_moment_matching_minimises_forward_kl(params, dmu, dlogsd):
    w, m, s = params
    p = GaussianMixture(*params)
    fit = fit_gaussian_forward_kl(p)
    mean = float(w @ m)  # moments written here from the parameters
    var = float(w @ (s**2 + m**2)) - mean**2
    assert fit.mean == pytest.approx(mean, abs=1e-12)
    assert fit.sd == pytest.approx(math.sqrt(var), rel=1e-10)
    assert fit.kl == pytest.approx(mixture_kl_divergence(p, (mean, math.sqrt(var))), abs=1e-12)
    moved = mixture_kl_divergence(p, (fit.mean + dmu, fit.sd * math.exp(dlogsd)))
    assert moved >= fit.kl - 1e-10
    # the increase is the closed form (Var + (E − μ)²)/(2σ²) + log σ − ... difference: strictly > 0
    if abs(dmu) > 1e-3 or abs(dlogsd) > 1e-3:
        assert moved > fit.kl


@given(gaussian_mixture_params(), gauss)
@settings(max_examples=100, deadline=None)
def test_forward_kl_to_a_gaussian_formula(params, g):
    # the chapter's formula: KL(p‖q) = −h(p) + ½ log(2πσ²) + (Var p + (E p − μ)²) / (2σ²)
    p = GaussianMixture(*params)
    mu, sd = g
    formula = (-p.entropy(base=None) + 0.5 * math.log(2 * math.pi * sd**2)
               + (p.variance() + (p.mean() - mu) ** 2) / (2 * sd**2))
    assert mixture_kl_divergence(p, (mu, sd), base=None) == pytest.approx(formula, abs=1e-8, rel=1e-8)


@pytest.mark.parametrize("weights, means, sds, heavy", [
    ([0.7, 0.3], [-3.0, 3.0], [1.0, 1.0], 0),
    ([0.3, 0.7], [-3.0, 3.0], [1.0, 1.0], 1),
    ([0.2, 0.5, 0.3], [-8.0, 0.0, 8.0], [1.0, 0.5, 1.5], 1),
    ([0.45, 0.55], [-10.0, 10.0], [2.0, 2.0], 1),
])
def test_reverse_fit_lands_on_a_mode_for_separated_peaks(weights, means, sds, heavy):
    p = GaussianMixture(weights, means, sds)
    fit = fit_gaussian_reverse_kl(p)
    assert fit.component == heavy
    assert fit.mean == pytest.approx(means[heavy], abs=0.05 * sds[heavy])
    assert fit.sd == pytest.approx(sds[heavy], rel=0.05)
    # hugging one peak of weight w costs about log2(1/w) bits (the other peaks are far away)
    assert fit.kl == pytest.approx(-math.log2(weights[heavy]), abs=0.02)
    assert fit.kl == pytest.approx(mixture_kl_divergence((fit.mean, fit.sd), p), abs=1e-12)
    # one local optimum on every peak
    for mk, sk in zip(means, sds):
        assert any(abs(o.mean - mk) < 0.1 * sk for o in fit.local_optima)
    assert [o.kl for o in fit.local_optima] == sorted(o.kl for o in fit.local_optima)
    assert fit_gaussian_reverse_kl(p) == fit  # deterministic


def test_reverse_fit_beats_a_brute_force_grid():
    # an independent KL(q‖p) by the trapezoid rule on a fine grid, minimised over a grid of (μ, σ)
    x = np.linspace(-12, 12, 6001)
    logp = scipy_logpdf(BIMODAL, x)
    best = math.inf
    sds = np.linspace(0.3, 4, 75)[:, None]  # every sd at once, one row each
    for mu in np.linspace(-4, 4, 81):
        logq = norm_logpdf(x, mu, sds)
        best = min(best, np.trapezoid(np.exp(logq) * (logq - logp), x, axis=1).min() / math.log(2))
    fit = fit_gaussian_reverse_kl(GaussianMixture(*BIMODAL))
    assert fit.kl <= best + 1e-6
    assert fit.kl > best - 0.01  # and the grid comes close: the fit is no fluke
    fwd = fit_gaussian_forward_kl(GaussianMixture(*BIMODAL))
    assert fit.sd < fwd.sd  # mode seeking is narrower than mass covering


def test_reverse_fit_of_a_single_gaussian_is_that_gaussian():
    fit = fit_gaussian_reverse_kl(GaussianMixture.gaussian(1.0, 2.0))
    assert fit.mean == pytest.approx(1.0, abs=1e-5) and fit.sd == pytest.approx(2.0, rel=1e-5)
    assert fit.kl == pytest.approx(0.0, abs=1e-9) and fit.component == 0


def test_public_names():
    for name in ("GaussianMixture", "mixture_kl_divergence", "fit_gaussian_forward_kl",
                 "fit_gaussian_reverse_kl", "GaussianFit", "ReverseKLFit"):
        assert name in infolib.__all__ and hasattr(infolib, name)
