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
from tests.densities import mix_logpdf, norm_logpdf, norm_pdf

LN2 = math.log(2.0)
MIX = ([0.6, 0.4], [-2.0, 2.5], [0.7, 1.0])


def kl_gauss_from_mix_bits(params, mu, sd):
    """D_KL(q ‖ p) in bits, q = N(mu, sd²), by scipy quad."""
    f = lambda x: norm_pdf(x, mu, sd) * (norm_logpdf(x, mu, sd)  # noqa: E731
                                               - float(mix_logpdf(params, x)))
    pts = [m for m in params[1] if mu - 14 * sd < m < mu + 14 * sd]
    return integrate.quad(f, mu - 14 * sd, mu + 14 * sd, points=pts or None, limit=400,
                          epsabs=1e-13)[0] / LN2


def kl_mix_from_gauss_bits(params, mu, sd):
    """D_KL(p ‖ q) in bits, q = N(mu, sd²), by scipy quad."""
    w, m, s = (np.asarray(a, float) for a in params)
    lo, hi = float(min(m - 14 * s)), float(max(m + 14 * s))
    f = lambda x: math.exp(mix_logpdf(params, x)) * (float(mix_logpdf(params, x))  # noqa: E731
                                                     - norm_logpdf(x, mu, sd))
    return integrate.quad(f, lo, hi, points=list(m), limit=400, epsabs=1e-13)[0] / LN2


# S-gauss: the Gaussian closed form, and the lead's sd convention ---------------------------------
def test_gaussian_kl_closed_form_and_sd_convention():
    # eq-mikl-gauss-kl against scipy quad, and the chapter's call with sd1 = 2 (variance 4)
    quad = integrate.quad(lambda x: norm_pdf(x) * (norm_logpdf(x)
                                                         - norm_logpdf(x, 1.0, 2.0)),
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
                                             - norm_logpdf(x, mu, sd))
        return integrate.quad(f, -L, L, limit=400)[0]
    values = [partial(L) for L in (1e2, 1e3, 1e4)]
    assert values[0] < values[1] < values[2] and values[2] > 100
    # the Cauchy entropy, ln 4π nats, is finite
    assert stats.cauchy.entropy() == pytest.approx(math.log(4 * math.pi))


def _nelder_mead(objective, params, start, xatol=1e-7, fatol=1e-12, maxiter=3000):
    """Minimise objective(params, mean, sd) over (mean, log sd) from start = (mean, sd)."""
    res = optimize.minimize(lambda t: objective(params, t[0], math.exp(t[1])),
                            [start[0], math.log(start[1])], method="Nelder-Mead",
                            options=dict(xatol=xatol, fatol=fatol, maxiter=maxiter))
    return res.x[0], math.exp(res.x[1]), res.fun


def _nm_reverse(params, start):
    return _nelder_mead(kl_gauss_from_mix_bits, params, start)


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
                                          - norm_logpdf(x) - norm_logpdf(y))
    kl = integrate.dblquad(f, -9, 9, -9, 9, epsabs=1e-9)[0]
    closed = -0.5 * math.log(1 - rho**2)
    assert kl == pytest.approx(closed, abs=1e-6)
    # the gain D_KL(N(ρy, 1−ρ²) ‖ N(0, 1)) by quad, averaged over y ~ N(0, 1)
    def gain(y):
        sd = math.sqrt(1 - rho**2)
        return integrate.quad(lambda x: norm_pdf(x, rho * y, sd)
                              * (norm_logpdf(x, rho * y, sd) - norm_logpdf(x)),
                              rho * y - 12 * sd, rho * y + 12 * sd)[0]
    assert gain(2.0) == pytest.approx(closed + 0.5 * rho**2 * (4 - 1), abs=1e-9)
    avg = integrate.quad(lambda y: norm_pdf(y) * gain(y), -10, 10)[0]
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
            return norm_pdf(z) * pr
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
        lp, lq = norm_logpdf(x), norm_logpdf(x, d, s)
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


# ==================================================================================================
# Referee report ch4_r1 (changelog ids [R1 …])
# ==================================================================================================

# [R1 M1] the Cauchy entropy depends on the scale; the forward KL to any Gaussian is infinite -------
@pytest.mark.parametrize("gamma", [0.5, 1.0, 3.0])
def test_cauchy_entropy_depends_on_the_scale(gamma):
    assert stats.cauchy(scale=gamma).entropy() == pytest.approx(math.log(4 * math.pi * gamma))
    h = integrate.quad(lambda x: -stats.cauchy.pdf(x, scale=gamma) * stats.cauchy.logpdf(x, scale=gamma),
                       -np.inf, np.inf, limit=400)[0]
    assert h == pytest.approx(math.log(4 * math.pi * gamma), abs=1e-7)


def test_scaled_cauchy_forward_kl_to_a_gaussian_diverges():
    def partial(L, gamma=3.0, mu=1.0, sd=5.0):
        f = lambda x: stats.cauchy.pdf(x, scale=gamma) * (stats.cauchy.logpdf(x, scale=gamma)  # noqa: E731
                                                          - norm_logpdf(x, mu, sd))
        return integrate.quad(f, -L, L, limit=400)[0]
    values = [partial(L) for L in (1e2, 1e3, 1e4)]
    assert values[0] < values[1] < values[2] and values[2] > 10 * values[0]


# [R1 G1] the integral of case (b) is the supremum of quantised informations: nested dyadic grids ---
def _gauss_pair_cells(edges, rho):
    """P(X in cell i, Y in cell j) of a standard Gaussian pair, by Gauss–Legendre in x of the exact
    conditional normal probabilities (upper tails where they are small)."""
    s = math.sqrt(1 - rho**2)
    ex = np.clip(edges, -12.0, 12.0)
    nodes, weights = np.polynomial.legendre.leggauss(60)
    rows = []
    for a, b in zip(ex[:-1], ex[1:]):
        x = 0.5 * (b - a) * nodes + 0.5 * (a + b)
        w = 0.5 * (b - a) * weights * norm_pdf(x)
        z = (edges[None, :] - rho * x[:, None]) / s
        upper = special.ndtr(-z)  # P(Y > edge | x), accurate in the upper tail
        cond = upper[:, :-1] - upper[:, 1:]
        lower = special.ndtr(z)
        cond = np.where(z[:, 1:] <= 0, lower[:, 1:] - lower[:, :-1], cond)
        rows.append(w @ cond)
    return np.array(rows)


def test_quantised_gaussian_mi_climbs_to_the_integral():
    rho = 0.8  # the car's readings: Var 10² + 5², Cov 10², correlation 0.8
    closed = -0.5 * math.log2(1 - rho**2)
    values = []
    for k in range(1, 5):
        inner = np.arange(-2.0**k, 2.0**k + 1e-12, 2.0**-k)
        edges = np.concatenate([[-np.inf], inner, [np.inf]])
        p = _gauss_pair_cells(edges, rho)
        assert p.sum() == pytest.approx(1.0, abs=1e-12)
        px, py = p.sum(1), p.sum(0)
        values.append(float(np.sum(special.rel_entr(p, np.outer(px, py)))) / LN2)
    assert all(a < b for a, b in zip(values, values[1:]))  # refining never loses information
    assert values[-1] < closed and closed - values[-1] < 2e-3  # ... and climbs to the integral
    # the chapter's 20 × 20 car table is one such quantisation: below the integral
    pxy, _, _ = infolib.Car().joint_pmf(bins=20)
    assert infolib.mutual_information(pxy) < closed


# [R1 G2] Monte Carlo with an infinite divergence: the averages climb --------------------------------
def test_cauchy_against_gaussian_monte_carlo_does_not_settle():
    est, se = [], []
    for n in [100, 10_000, 1_000_000]:
        x = np.random.default_rng(n).standard_cauchy(n)
        terms = (stats.cauchy.logpdf(x) - norm_logpdf(x)) / LN2
        est.append(terms.mean())
        se.append(terms.std(ddof=1) / math.sqrt(n))
    # the printed table: 486.8 ± 375, 2065 ± 1.22e3, 1.432e6 ± 8.55e5 bits
    assert est == pytest.approx([486.8, 2065, 1.432e6], rel=1e-3)
    assert se == pytest.approx([375, 1220, 8.55e5], rel=1e-2)
    for k in range(2):  # each estimate lies several of its predecessor's standard errors above it
        assert est[k + 1] > est[k] + 3 * se[k]


def test_gaussian_mixture_log_ratio_has_a_finite_variance():
    # the chapter's own example: the sd of log2 p/q under p, by quadrature, is about 1.009 bits,
    # and the printed standard errors are that divided by √n
    params = MIX
    def moment(k):
        f = lambda x: math.exp(mix_logpdf(params, x)) * ((float(mix_logpdf(params, x))  # noqa: E731
                                                          - norm_logpdf(x, 0.0, 2.5)) / LN2) ** k
        return integrate.quad(f, -20, 20, points=[-2.0, 2.5], limit=400)[0]
    sd = math.sqrt(moment(2) - moment(1) ** 2)
    assert sd == pytest.approx(1.009, abs=1e-3)
    p = infolib.GaussianMixture(*MIX)
    for n in [100, 10_000, 1_000_000]:
        _, se = infolib.mixture_kl_monte_carlo(p, (0.0, 2.5), n, seed=n)
        assert se == pytest.approx(sd / math.sqrt(n), rel=0.15)


# [R1 G3] the defining series of a countable pair: terms of both signs, any order ------------------
def test_countable_mi_series_is_order_independent_and_equals_the_sum_of_g():
    # X geometric, Y = X with probability 1/2, else an independent copy: the diagonal terms are
    # positive, the off-diagonal ones negative; marginals are both p
    theta = 0.5
    x = np.arange(60)
    p = (1 - theta) * theta**x
    p /= p.sum()
    joint = 0.5 * np.diag(p) + 0.5 * np.outer(p, p)
    prod = np.outer(p, p)
    terms = special.rel_entr(joint, prod)  # p ln p/(pp), nats
    neg = terms[terms < 0].sum()
    assert neg < 0 and neg >= -1.0  # the negative terms add up to at least −1 nat
    row_major = float(np.sum(terms))
    ascending = float(math.fsum(np.sort(terms.ravel())))
    descending = float(math.fsum(np.sort(terms.ravel())[::-1]))
    g = terms - joint + prod
    assert np.all(g >= -1e-18)
    closed = float(np.sum((0.5 * p + 0.5 * p**2) * np.log((0.5 * p + 0.5 * p**2) / p**2))) \
        + 0.5 * math.log(0.5) * (1 - float(np.sum(p**2)))
    for value in (row_major, ascending, descending, float(g.sum())):
        assert value == pytest.approx(closed, abs=1e-12)
    assert infolib.mutual_information(joint, base=None) == pytest.approx(closed, abs=1e-12)


# [R1 G4] the switch of the reverse fit for two peaks at ±d -----------------------------------------
def _pair(d):
    return ([0.5, 0.5], [-d, d], [1.0, 1.0])


def _rev_trap_bits(params, mu, sd):
    """D_KL(N(mu, sd²) ‖ p) in bits by the trapezoid rule on a fine uniform grid over mu ± 14 sd.
    The integrand is analytic and decays like a Gaussian, so the rule converges geometrically in
    1/h (a Gauss–Hermite rule of 200 points does not: log p of two far-apart peaks bends sharply
    between them, and that rule is off by 6e-4 bits at d = 2.8); fast enough for Nelder–Mead."""
    x = np.linspace(mu - 14 * sd, mu + 14 * sd, 8001)
    lq = norm_logpdf(x, mu, sd)
    f = np.exp(lq) * (lq - mix_logpdf(params, x))
    return float(integrate.trapezoid(f, x)) / LN2


def _nm_trap(params, start):
    return _nelder_mead(_rev_trap_bits, params, start, xatol=1e-9, fatol=1e-14, maxiter=5000)


def test_trapezoid_objective_agrees_with_adaptive_quadrature():
    for params, mu, sd in [(_pair(2.8), 0.0, 2.6), (_pair(2.8), 2.77, 1.04), (MIX, -1.98, 0.73)]:
        assert _rev_trap_bits(params, mu, sd) == pytest.approx(kl_gauss_from_mix_bits(params, mu, sd),
                                                             abs=1e-10)


@pytest.mark.parametrize("d", [2.4, 2.5, 2.8, 2.85])
def test_reverse_fit_table_against_nelder_mead(d):
    params = _pair(d)
    wide = _nm_trap(params, (0.0, d))
    peaks = [_nm_trap(params, start) for start in [(d, 1.0), (0.9 * d, 1.2), (0.8 * d, 1.5)]]
    on_peak = [c for c in peaks if abs(c[0]) > 0.5]
    fit = infolib.fit_gaussian_reverse_kl(infolib.GaussianMixture(*params))
    got_wide = [o for o in fit.local_optima if abs(o.mean) < 0.5]
    got_peak = [o for o in fit.local_optima if abs(o.mean) >= 0.5]
    assert len(got_wide) == 1
    assert (got_wide[0].sd, got_wide[0].kl) == pytest.approx((wide[1], wide[2]), abs=1e-5)
    if d < 2.45:  # no minimum on a peak yet: every search from a peak slides to the wide fit
        assert not on_peak and not got_peak
    else:
        assert on_peak and got_peak
        ref = on_peak[0]
        for o in got_peak:
            assert (abs(o.mean), o.sd, o.kl) == pytest.approx((abs(ref[0]), ref[1], ref[2]), abs=1e-5)
    if d <= 2.8:
        assert not on_peak or wide[2] < min(c[2] for c in on_peak)  # the wide fit is the best
        assert abs(fit.mean) < 0.5
    else:
        assert min(c[2] for c in on_peak) < wide[2]  # the fit on a peak is the best
        assert abs(fit.mean) > 0.5


def test_reported_reverse_optima_are_stationary():
    # [R1 self]: no reported optimum may be a point where L-BFGS-B merely stalled
    for params in [_pair(2.4), _pair(2.8), MIX]:
        fit = infolib.fit_gaussian_reverse_kl(infolib.GaussianMixture(*params))
        for o in fit.local_optima:
            h = 1e-4
            gmu = (_rev_trap_bits(params, o.mean + h, o.sd)
                   - _rev_trap_bits(params, o.mean - h, o.sd)) / (2 * h)
            gls = (_rev_trap_bits(params, o.mean, o.sd * math.exp(h))
                   - _rev_trap_bits(params, o.mean, o.sd * math.exp(-h))) / (2 * h)
            assert abs(gmu) < 1e-5 and abs(gls) < 1e-5


# Round 2 ------------------------------------------------------------------------------------------
def test_car_model_restated_in_the_chapter():
    # [R2 G1]: V ~ N(60, 10²), independent N(0, 5²) noise on each reading: readings N(60, 125),
    # correlation 100/125 = 0.8, 20 equal bins over ±4 sd with open outer bins
    cov = np.array([[100.0 + 25.0, 100.0], [100.0, 100.0 + 25.0]])
    car = infolib.Car()
    assert np.allclose(car.covariance(), cov)
    assert car.correlation() == pytest.approx(0.8, abs=1e-12)
    assert car.mutual_information() == pytest.approx(-0.5 * math.log2(1 - 0.8**2), abs=1e-12)
    pxy, sp_edges, gps_edges = car.joint_pmf(bins=20)
    want = 60.0 + math.sqrt(125.0) * np.linspace(-4.0, 4.0, 21)
    for edges in (sp_edges, gps_edges):
        assert np.isinf(edges[0]) and np.isinf(edges[-1]) and edges[0] < 0 < edges[-1]
        assert np.allclose(edges[1:-1], want[1:-1], atol=1e-9)
    # one cell against scipy's bivariate normal CDF
    bvn = stats.multivariate_normal([60.0, 60.0], cov)
    a, b = sp_edges[10:12]
    cell = bvn.cdf([b, b]) - bvn.cdf([a, b]) - bvn.cdf([b, a]) + bvn.cdf([a, a])
    assert pxy[10, 10] == pytest.approx(cell, rel=1e-5)


def test_mi_bounded_by_the_entropy_of_the_finite_variable():
    # [R2 G2]: Y on 3 values, X on many values with a heavy tail (a truncation of
    # p(n) ∝ 1/(n ln² n), whose entropy is infinite): I(X; Y) = H(Y) − H(Y | X) ≤ H(Y) ≤ log₂ 3,
    # by brute force, while H(X) exceeds log₂ 3 by far
    n = np.arange(2, 20_002, dtype=float)
    px = 1.0 / (n * np.log(n) ** 2)
    px /= px.sum()
    rng = np.random.default_rng(12)
    cond = rng.dirichlet([0.5, 0.5, 0.5], size=len(n))  # p(y | x)
    pxy = px[:, None] * cond
    py = pxy.sum(axis=0)
    mi = float(np.sum(pxy * np.log2(pxy / (px[:, None] * py[None, :]))))
    h_y = float(-np.sum(py * np.log2(py)))
    h_y_given_x = float(-np.sum(pxy * np.log2(cond)))
    h_x = float(-np.sum(px * np.log2(px)))
    assert mi == pytest.approx(h_y - h_y_given_x, abs=1e-10)
    assert 0 < mi <= h_y <= math.log2(3) < h_x
    assert infolib.mutual_information(pxy) == pytest.approx(mi, abs=1e-9)


def test_exponential_family_forward_fit_matches_the_sufficient_statistic():
    # [R2 G3]: Exp(λ) has T(x) = x; the forward fit to p = Gamma(3, scale 1.5) by scipy over λ,
    # with D_KL(p ‖ q_λ) by quadrature, lands on the matching member λ = 1 / E_p[X]
    p = stats.gamma(3.0, scale=1.5)

    def kl(lam):
        f = lambda x: p.pdf(x) * (p.logpdf(x) - stats.expon.logpdf(x, scale=1 / lam))  # noqa: E731
        return integrate.quad(f, 0, np.inf, limit=200)[0]

    res = optimize.minimize_scalar(kl, bounds=(0.01, 5.0), method="bounded",
                                   options={"xatol": 1e-10})
    assert res.x == pytest.approx(1 / p.mean(), abs=1e-6)
    # at the minimum, D = -h(p) - ln λ + λ E_p[X] (the constant and A(λ) = -ln λ of the text)
    assert res.fun == pytest.approx(-p.entropy() - math.log(res.x) + res.x * p.mean(), abs=1e-8)
