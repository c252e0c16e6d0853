"""Facts of the chapter "Mutual information as a KL divergence" that its self-review corrected or
added (changelog ids S1, S2, ... in the chapter's changelog), each against an independent computation:
scipy quadrature and optimisers, closed forms, and normal CDFs written here. Nothing below copies an
expected value from infolib.
"""
import math

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

import infolib
from infolib import plots

LN2 = math.log(2.0)
MIX = ([0.6, 0.4], [-2.0, 2.5], [0.7, 1.0])


def mix_logpdf(params, x):
    w, m, s = params
    return np.logaddexp.reduce([math.log(wk) + stats.norm.logpdf(x, mk, sk)
                                for wk, mk, sk in zip(w, m, s)], axis=0)


def kl_gauss_from_mix_bits(params, mu, sd):
    """D_KL(q ‖ p) in bits, q = N(mu, sd²), by scipy quad."""
    f = lambda x: stats.norm.pdf(x, mu, sd) * (stats.norm.logpdf(x, mu, sd)  # noqa: E731
                                               - float(mix_logpdf(params, x)))
    pts = [m for m in params[1] if mu - 14 * sd < m < mu + 14 * sd]
    return integrate.quad(f, mu - 14 * sd, mu + 14 * sd, points=pts or None, limit=400,
                          epsabs=1e-13)[0] / LN2


def kl_mix_from_gauss_bits(params, mu, sd):
    """D_KL(p ‖ q) in bits, q = N(mu, sd²), by scipy quad."""
    w, m, s = (np.asarray(a, float) for a in params)
    lo, hi = float(min(m - 14 * s)), float(max(m + 14 * s))
    f = lambda x: math.exp(mix_logpdf(params, x)) * (float(mix_logpdf(params, x))  # noqa: E731
                                                     - stats.norm.logpdf(x, mu, sd))
    return integrate.quad(f, lo, hi, points=list(m), limit=400, epsabs=1e-13)[0] / LN2


# S-gauss: the Gaussian closed form, and the lead's sd convention ---------------------------------
def test_gaussian_kl_closed_form_and_sd_convention():
    # eq-mikl-gauss-kl against scipy quad, and the chapter's call with sd1 = 2 (variance 4)
    quad = integrate.quad(lambda x: stats.norm.pdf(x) * (stats.norm.logpdf(x)
                                                         - stats.norm.logpdf(x, 1.0, 2.0)),
                          -40, 40, limit=200)[0]
    closed = math.log(2.0) + (1.0 + 1.0) / 8 - 0.5
    assert quad == pytest.approx(closed, abs=1e-12)
    assert infolib.gaussian_kl_divergence(0.0, 1.0, 1.0, 2.0) == pytest.approx(closed / LN2, abs=1e-12)
    assert infolib.gaussian_kl_divergence(0.0, 1.0, 1.0, 2.0) == pytest.approx(0.6393262398, abs=1e-10)
    assert infolib.mixture_kl_divergence((0.0, 1.0), (1.0, 2.0)) == pytest.approx(closed / LN2,
                                                                                  abs=1e-10)


# Try-this numbers and the fits -------------------------------------------------------------------
def test_try_this_divergences_by_quadrature():
    p = infolib.GaussianMixture(*MIX)
    for (mu, sd) in [(-2.0, 0.7), (0.0, 2.5)]:
        assert infolib.mixture_kl_divergence(p, (mu, sd)) == pytest.approx(
            kl_mix_from_gauss_bits(MIX, mu, sd), abs=1e-8)
        assert infolib.mixture_kl_divergence((mu, sd), p) == pytest.approx(
            kl_gauss_from_mix_bits(MIX, mu, sd), abs=1e-8)


def test_moment_matching_value_is_the_entropy_gap():
    # thm-mikl-moments: at (m, v) the forward divergence is ½ ln(2πe v) − h(p), nats
    w, m, s = (np.asarray(a, float) for a in MIX)
    mean = float(w @ m)
    var = float(w @ (s**2 + m**2)) - mean**2
    h = integrate.quad(lambda x: -math.exp(mix_logpdf(MIX, x)) * float(mix_logpdf(MIX, x)),
                       -15, 16, points=list(m), limit=400)[0]
    gap_bits = (0.5 * math.log(2 * math.pi * math.e * var) - h) / LN2
    assert kl_mix_from_gauss_bits(MIX, mean, math.sqrt(var)) == pytest.approx(gap_bits, abs=1e-9)
    fwd = infolib.fit_gaussian_forward_kl(infolib.GaussianMixture(*MIX))
    assert (fwd.mean, fwd.sd) == pytest.approx((mean, math.sqrt(var)), abs=1e-12)
    assert fwd.kl == pytest.approx(gap_bits, abs=1e-8)
    # and no other Gaussian on a grid does better
    for mu in np.linspace(-1.5, 1.0, 6):
        for sd in np.linspace(1.5, 3.5, 5):
            assert kl_mix_from_gauss_bits(MIX, mu, sd) >= gap_bits - 1e-12


def test_cauchy_has_infinite_forward_kl_to_every_gaussian():
    # S: the hypothesis "finite variance" matters: ∫_{-L}^{L} p ln(p/q) grows without bound
    def partial(L, mu=0.0, sd=3.0):
        f = lambda x: stats.cauchy.pdf(x) * (stats.cauchy.logpdf(x)  # noqa: E731
                                             - stats.norm.logpdf(x, mu, sd))
        return integrate.quad(f, -L, L, limit=400)[0]
    values = [partial(L) for L in (1e2, 1e3, 1e4)]
    assert values[0] < values[1] < values[2] and values[2] > 100
    # the Cauchy entropy, ln 4π nats, is finite
    assert stats.cauchy.entropy() == pytest.approx(math.log(4 * math.pi))


def _nm_reverse(params, start):
    res = optimize.minimize(lambda t: kl_gauss_from_mix_bits(params, t[0], math.exp(t[1])),
                            [start[0], math.log(start[1])], method="Nelder-Mead",
                            options=dict(xatol=1e-7, fatol=1e-12, maxiter=3000))
    return res.x[0], math.exp(res.x[1]), res.fun


def test_reverse_fit_minima_and_no_minimum_on_the_right_peak():
    rev = infolib.fit_gaussian_reverse_kl(infolib.GaussianMixture(*MIX))
    left = _nm_reverse(MIX, (-2.0, 0.7))
    wide = _nm_reverse(MIX, (0.5, 2.0))
    from_right = _nm_reverse(MIX, (2.5, 1.0))  # started on the right peak ...
    assert from_right == pytest.approx(wide, abs=1e-4)  # ... it slides to the wide minimum
    assert len(rev.local_optima) == 2
    for fit, ref in zip(rev.local_optima, [left, wide]):
        assert (fit.mean, fit.sd, fit.kl) == pytest.approx(ref, abs=1e-5)


@pytest.mark.parametrize("d, on_a_peak", [(2.0, False), (3.0, True)])
def test_reverse_fit_seeks_a_mode_only_for_separated_peaks(d, on_a_peak):
    params = ([0.5, 0.5], [-d, d], [1.0, 1.0])
    cands = [_nm_reverse(params, (0.0, d)), _nm_reverse(params, (d, 1.0))]
    best = min(cands, key=lambda c: c[2])
    assert (abs(best[0]) > 0.9 * d) == on_a_peak
    fit = infolib.fit_gaussian_reverse_kl(infolib.GaussianMixture(*params))
    assert (abs(fit.mean), fit.sd, fit.kl) == pytest.approx((abs(best[0]), best[1], best[2]), abs=1e-4)


def test_monte_carlo_standard_errors_are_calibrated():
    # over 200 seeds the z-scores against the quadrature value behave like N(0, 1)
    p = infolib.GaussianMixture(*MIX)
    exact = kl_mix_from_gauss_bits(MIX, 0.0, 2.5)
    z = np.array([(lambda e, s: (e - exact) / s)(*infolib.mixture_kl_monte_carlo(p, (0.0, 2.5), 2000,
                                                                                 seed=k))
                  for k in range(200)])
    assert abs(z.mean()) < 0.25 and 0.8 < z.std() < 1.2
    assert np.mean(np.abs(z) < 2) > 0.9


def test_peak_exercise_values():
    params = ([0.5, 0.5], [-5.0, 5.0], [1.0, 1.0])
    pq = kl_mix_from_gauss_bits(params, -5.0, 1.0)
    assert pq * LN2 == pytest.approx(25 - math.log(2), abs=1e-3)  # ≈ 35.07 bits
    assert pq == pytest.approx(35.07, abs=0.01)
    assert kl_gauss_from_mix_bits(params, -5.0, 1.0) == pytest.approx(1.0, abs=1e-5)


# thm-mikl-mi, case (b), and the Gaussian-pair exercise --------------------------------------------
def test_mi_of_a_gaussian_pair_as_kl_and_as_average_gain():
    rho = 0.8
    joint = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]])
    f = lambda y, x: joint.pdf([x, y]) * (joint.logpdf([x, y])  # noqa: E731
                                          - stats.norm.logpdf(x) - stats.norm.logpdf(y))
    kl = integrate.dblquad(f, -9, 9, -9, 9, epsabs=1e-9)[0]
    closed = -0.5 * math.log(1 - rho**2)
    assert kl == pytest.approx(closed, abs=1e-6)
    # the gain D_KL(N(ρy, 1−ρ²) ‖ N(0, 1)) by quad, averaged over y ~ N(0, 1)
    def gain(y):
        sd = math.sqrt(1 - rho**2)
        return integrate.quad(lambda x: stats.norm.pdf(x, rho * y, sd)
                              * (stats.norm.logpdf(x, rho * y, sd) - stats.norm.logpdf(x)),
                              rho * y - 12 * sd, rho * y + 12 * sd)[0]
    assert gain(2.0) == pytest.approx(closed + 0.5 * rho**2 * (4 - 1), abs=1e-9)
    avg = integrate.quad(lambda y: stats.norm.pdf(y) * gain(y), -10, 10)[0]
    assert avg == pytest.approx(closed, abs=1e-8)
    assert infolib.Car().mutual_information() == pytest.approx(closed / LN2, abs=1e-12)


# the car: quantised MI, information gains and the cells of computed probability 0 -----------------
def _car_cells(bins=20, span=4.0, rho=0.8):
    """Exact cell probabilities of the standardised readings, by quad, with upper-tail CDFs."""
    cut = np.linspace(-span, span, bins + 1)
    cut[0], cut[-1] = -np.inf, np.inf
    s = math.sqrt(1 - rho**2)

    def cell(i, j):
        c, d = cut[j], cut[j + 1]

        def f(z):
            lo, hi = (c - rho * z) / s, (d - rho * z) / s
            pr = special.ndtr(-lo) - special.ndtr(-hi) if lo > 0 else special.ndtr(hi) - special.ndtr(lo)
            return stats.norm.pdf(z) * pr
        return integrate.quad(f, max(cut[i], -12), min(cut[i + 1], 12), epsabs=0, epsrel=1e-11,
                              limit=200)[0]
    return np.array([[cell(i, j) for j in range(bins)] for i in range(bins)])


@pytest.fixture(scope="module")
def car_cells():
    return _car_cells()


def test_car_quantised_mi_and_gains(car_cells):
    p = car_cells / car_cells.sum()
    px, py = p.sum(1), p.sum(0)
    mi = float(np.sum(special.rel_entr(p, np.outer(px, py)))) / LN2
    assert mi == pytest.approx(0.704166, abs=2e-6)
    assert mi < -0.5 * math.log2(1 - 0.64)  # below the unquantised 0.737 bits
    gains = [float(np.sum(special.rel_entr(p[:, j] / py[j], px))) / LN2 for j in range(20)]
    assert gains[10] == pytest.approx(0.272, abs=1e-3) and gains[1] == pytest.approx(5.387, abs=1e-3)
    pxy, _, _ = infolib.Car().joint_pmf(bins=20)
    # infolib's Gauss–Legendre rule over the open outer bins is good to a few 1e-8 per cell
    np.testing.assert_allclose(pxy, p, atol=5e-8)


def test_car_zero_cells_are_rounding_not_impossible(car_cells):
    pxy, _, _ = infolib.Car().joint_pmf(bins=20)
    zero = pxy == 0
    assert zero.sum() == 13
    true = car_cells[zero]
    assert np.all(true > 0) and true.max() < 1e-19 and true.min() > 1e-33
    px, py = car_cells.sum(1), car_cells.sum(0)
    contrib = np.abs(special.rel_entr(true, np.outer(px, py)[zero])) / LN2
    assert contrib.sum() < 1e-17


# JS of the figure ---------------------------------------------------------------------------------
def js_gauss_bits(d, s=2.0):
    def f(x):
        lp, lq = stats.norm.logpdf(x), stats.norm.logpdf(x, d, s)
        lm = np.logaddexp(lp, lq) - LN2
        return 0.5 * math.exp(lp) * (lp - lm) + 0.5 * math.exp(lq) * (lq - lm)
    return integrate.quad(f, -20, d + 30, points=[0, d], limit=400)[0] / LN2


def test_js_of_the_shifted_gaussians():
    assert js_gauss_bits(0.0) == pytest.approx(0.1338, abs=1e-4)  # not 0 at d = 0: spreads differ
    assert js_gauss_bits(8.0) == pytest.approx(0.984, abs=1e-3)
    fig = plots.divergences_vs_shift(sd_ratio=2.0, max_shift=8.0)
    js = fig.axes[0].lines[2].get_ydata()
    assert js[0] == pytest.approx(js_gauss_bits(0.0), abs=1e-3)
    assert js[-1] == pytest.approx(js_gauss_bits(8.0), abs=1e-3)


# Pinsker cell and its counterexample --------------------------------------------------------------
def test_pinsker_cell_and_counterexample():
    rng = np.random.default_rng(4)
    pairs = rng.dirichlet(np.ones(5), size=(10_000, 2))
    kl = special.rel_entr(pairs[:, 0], pairs[:, 1]).sum(axis=1)
    l1 = np.abs(pairs[:, 0] - pairs[:, 1]).sum(axis=1)
    assert kl.min() == pytest.approx(0.00499, abs=5e-6)
    assert np.min(kl - l1**2 / 2) == pytest.approx(0.00042, abs=5e-6)
    p, q = np.array([1 - 1e-9, 1e-9]), np.array([1.0, 0.0])
    assert np.abs(p - q).sum() < 1e-8 and math.isinf(infolib.kl_divergence(p, q))
