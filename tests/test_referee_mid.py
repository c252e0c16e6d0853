"""Facts chapter 3 states after its referee (../shared/reviews/ch3.md), each against an
independent computation: a closed form (scipy.integrate.quad over the Gaussian), scipy.stats,
a brute-force table or numpy written here.  Every simulation is seeded.
"""
import math

import numpy as np
import pytest
import scipy.integrate
import scipy.special
import scipy.stats

import infolib
from infolib.mid import projection_bins

pytestmark = pytest.mark.filterwarnings("error")
LN2 = math.log(2.0)


def _cos(a, b):
    return float(a @ b / math.sqrt((a @ a) * (b @ b)))


def _unit(v):
    return v / np.linalg.norm(v)


def _corr_cov(d, rho=0.7):
    i = np.arange(d)
    return rho ** np.abs(i[:, None] - i[None, :])


# --- thm-mid-sta-gaussian --------------------------------------------------------------------
def test_decorrelated_sta_is_consistent_for_an_elliptical_non_gaussian_stimulus():
    """(L) holds for every elliptical stimulus: a correlated multivariate t (heavy tails, 5 dof)
    with a sharp threshold neuron still gives C⁻¹·STA ∝ k; the raw STA points along C k."""
    rng = np.random.default_rng(0)
    d, frames = 8, 400_000
    c = _corr_cov(d)
    root = np.linalg.cholesky(c)
    g = rng.standard_normal((frames, d)) @ root.T
    s = g / np.sqrt(rng.chisquare(5, size=(frames, 1)) / 5) * math.sqrt(3 / 5)   # cov = C
    k = _unit(np.sin(np.arange(d)) + 0.3)
    u = s @ k / math.sqrt(k @ c @ k)
    n = (rng.random(frames) < scipy.special.expit((u - 2.0) / 0.2)).astype(float)
    sta = infolib.spike_triggered_average(s, n)
    dsta = infolib.spike_triggered_average(s, n, decorrelate=True)
    assert _cos(dsta, k) > 0.995
    assert _cos(sta, c @ k) > 0.995
    assert _cos(sta, k) < _cos(dsta, k)


def test_linear_response_makes_the_decorrelated_sta_consistent_for_any_stimulus():
    """For r(u) = a + b u, E[r(U)(S − μ)] = b C k whatever the distribution: the natural-like
    (non-elliptical) ensemble then gives C⁻¹·STA ∝ k, with Poisson counts of mean 3 + 0.2 u."""
    rng = np.random.default_rng(1)
    s = infolib.stimulus_ensemble("natural", 400_000, dims=16, seed=2)
    k = infolib.model_filter(16)
    u = s @ k / math.sqrt(k @ _corr_cov(16) @ k)
    lam = 3.0 + 0.2 * u
    assert lam.min() > 0                               # linear on every frame drawn
    n = rng.poisson(lam).astype(float)
    dsta = infolib.spike_triggered_average(s, n, decorrelate=True)
    assert _cos(dsta, k) > 0.99


def test_even_nonlinearity_gives_an_sta_of_zero():
    """r even and U symmetric: E[r(U) U] = 0, so the STA tends to 0; its norm shrinks like
    1/sqrt(N) (noise) while the filter's projection stays ~ the noise level."""
    rng = np.random.default_rng(3)
    k = _unit(infolib.model_filter(16))
    norms = []
    for frames in (50_000, 800_000):
        s = rng.standard_normal((frames, 16))
        n = (rng.random(frames) < scipy.special.expit((np.abs(s @ k) - 2.0) / 0.2)).astype(float)
        norms.append(np.linalg.norm(infolib.spike_triggered_average(s, n)) * math.sqrt(n.sum()))
    # sqrt(N)·|STA| stays of order one (pure noise) instead of growing like sqrt(N)
    assert norms[1] < 2.0 * norms[0] and norms[1] < 10


def test_stein_identity_for_the_logistic_nonlinearity():
    """Part 4: E[r(U) U] = σ² E[r'(U)] for U ~ N(0, σ²), by quadrature."""
    for sigma, theta, w in ((1.0, 2.5, 0.2), (2.0, 1.0, 0.5)):
        r = lambda u: scipy.special.expit((u / sigma - theta) / w)
        dr = lambda u: r(u) * (1 - r(u)) / (w * sigma)
        pdf = scipy.stats.norm(0, sigma).pdf
        lhs = scipy.integrate.quad(lambda u: r(u) * u * pdf(u), -12 * sigma, 12 * sigma,
                                   points=[sigma * theta], limit=200)[0]
        rhs = sigma ** 2 * scipy.integrate.quad(lambda u: dr(u) * pdf(u), -12 * sigma,
                                                12 * sigma, points=[sigma * theta], limit=200)[0]
        assert lhs == pytest.approx(rhs, rel=1e-7)


# --- thm-mid-max and eq-mid-mi-split ------------------------------------------------------------
def test_info_per_spike_is_even_and_scale_free_and_bounded_by_log_inverse_rate():
    rec = infolib.simulate_neuron("natural", frames=20_000, dims=8, threshold=2.0, seed=4)
    s, n = rec.stimuli, rec.spikes
    v = np.random.default_rng(5).standard_normal(8)
    base = infolib.info_per_spike(v, s, n, smooth=False)
    for c in (-1.0, 3.0, -0.01):
        assert infolib.info_per_spike(c * v, s, n, smooth=False) == pytest.approx(base, abs=1e-12)
    # Bernoulli spikes: q_b / p_b = (N_b/N)/(T_b/T) ≤ T/N, so the plug-in value ≤ log2(T/N)
    for w in (v, rec.filter):
        assert infolib.info_per_spike(w, s, n, smooth=False) <= math.log2(n.size / n.sum()) + 1e-12


def test_mi_of_spike_and_projection_splits_into_spikes_and_silences():
    """I(R; X) = p·D(P(x|spike)‖P(x)) + (1 − p)·D(P(x|silence)‖P(x)) on the binned table,
    with I from sklearn-free brute force and the divergences from scipy.stats.entropy."""
    rec = infolib.simulate_neuron("natural", frames=50_000, dims=8, threshold=2.0, seed=6)
    b = projection_bins(rec.filter, rec.stimuli)
    r = rec.spikes.astype(int)
    joint = np.zeros((2, 25))
    np.add.at(joint, (r, b), 1.0)
    joint /= joint.sum()
    px, pr = joint.sum(axis=0), joint.sum(axis=1)
    nz = joint > 0
    mi = float(np.sum(joint[nz] * np.log2(joint[nz] / np.outer(pr, px)[nz])))
    d_spike = scipy.stats.entropy(joint[1] / pr[1], px, base=2)
    d_silence = scipy.stats.entropy(joint[0] / pr[0], px, base=2)
    assert mi == pytest.approx(pr[1] * d_spike + pr[0] * d_silence, rel=1e-10)
    assert d_spike == pytest.approx(
        infolib.info_per_spike(rec.filter, rec.stimuli, rec.spikes, smooth=False), rel=1e-10)
    assert infolib.mutual_information(joint) == pytest.approx(mi, rel=1e-10)
    assert pr[0] * d_silence > 0.05 * mi         # the silences are not negligible here


def test_true_filter_maximises_the_exact_information_per_spike():
    """Exact I_spike(v) for a white Gaussian stimulus in 2-D, by quadrature of the density ratio:
    for v at angle a from k, v·S = cos(a) U + sin(a) W, and L_v(x) = E[r(U) | x]/P(spike)."""
    theta, w = 1.5, 0.3
    r = lambda u: scipy.special.expit((u - theta) / w)
    p = scipy.integrate.quad(lambda u: r(u) * scipy.stats.norm.pdf(u), -12, 12)[0]

    def info(a):
        c, s_ = math.cos(a), math.sin(a)

        def ratio(x):   # E[r(U) | cU + sW = x] / p, with U | x ~ N(c x, s²)
            if s_ < 1e-12:
                return r(x) / p
            return scipy.integrate.quad(lambda t: r(c * x + s_ * t) * scipy.stats.norm.pdf(t),
                                        -10, 10)[0] / p
        f = lambda x: (lambda L: L * math.log2(L) if L > 0 else 0.0)(ratio(x)) * scipy.stats.norm.pdf(x)
        return scipy.integrate.quad(f, -10, 10, limit=200)[0]

    values = [info(a) for a in (0.0, 0.3, 0.8, math.pi / 2, math.pi)]
    assert values[0] == pytest.approx(values[4], abs=1e-7)          # I(−k) = I(k)
    assert values[0] > values[1] > values[2] > values[3] - 1e-9
    assert abs(values[3]) < 1e-8                                     # v ⊥ k, white: no information
    assert values[0] <= math.log2(1 / p)


# --- the overfitting exercise (E3) -------------------------------------------------------------
def test_miller_madow_counts_occupied_bins_not_all_25():
    """Gaussian white stimulus along k: the exact binned information per spike (bins fixed at the
    population sd, by quadrature) against the mean plug-in value over 300 seeded recordings of
    ~76 spikes. The bias is near (m − 1)/(2N ln 2) with m the occupied bins, far below
    (25 − 1)/(2N ln 2)."""
    theta, w, frames = 2.5, 0.2, 8_000
    f = lambda u: scipy.special.expit((u - theta) / w)
    h = 10 / 24
    edges = np.r_[-np.inf, -5 + h * (np.arange(24) + 0.5), np.inf]
    pb = np.diff(scipy.stats.norm.cdf(edges))
    qb = np.array([scipy.integrate.quad(lambda u: f(u) * scipy.stats.norm.pdf(u),
                                        max(lo, -12), min(hi, 12))[0] for lo, hi in
                   zip(edges[:-1], edges[1:])])
    qb /= qb.sum()
    exact = float(np.sum(qb[qb > 0] * np.log2(qb[qb > 0] / pb[qb > 0])))
    rng = np.random.default_rng(7)
    k = np.zeros(4)
    k[0] = 1.0
    est, spikes, occupied = [], [], []
    for _ in range(300):
        s = rng.standard_normal((frames, 4))
        n = (rng.random(frames) < f(s[:, 0])).astype(float)
        est.append(infolib.info_per_spike(k, s, n, smooth=False))
        spikes.append(n.sum())
        occupied.append(len(np.unique(projection_bins(k, s)[n > 0])))
    bias = np.mean(est) - exact
    se = np.std(est, ddof=1) / math.sqrt(len(est))
    n_mean = np.mean(spikes)
    mm_occupied = (np.mean(occupied) - 1) / (2 * n_mean * LN2)
    mm_all = 24 / (2 * n_mean * LN2)
    assert 60 < n_mean < 95
    assert abs(bias - mm_occupied) < 0.03 + 3 * se
    assert bias < 0.5 * mm_all


def test_mid_training_excess_is_of_the_order_of_the_selection_term():
    """MID's excess over the true filter on its training frames against the Wilks term
    (D − 1)/(2 N ln 2), D = 32, and its fall with N (8 seeded recordings)."""
    from infolib.plots.mid import mid_selection_rows

    rows = mid_selection_rows()
    lo, hi = rows[10_000], rows[100_000]
    for r in (lo, hi):
        wilks = 31 / (2 * r["spikes"].mean() * LN2)
        mean = r["excess_hard"].mean()
        assert 0.3 * wilks < mean < 1.5 * wilks
        assert r["excess_test"].mean() < 0                            # held out: MID below truth
        mm = (r["occupied"].mean() - 1) / (2 * r["spikes"].mean() * LN2)
        assert mm < 0.6 * mean                                        # not the Miller–Madow term
    assert lo["excess_hard"].mean() > 3 * hi["excess_hard"].mean()


# --- exercise 1 (M11) --------------------------------------------------------------------------
def test_parabola_is_uncorrelated_but_dependent():
    """cov(X, X² + ε) = 0 and cov(X², X² + ε) = var(X²) = 2 (closed forms), seen in a large
    seeded sample; I(X; Y) > 0 by KSG."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal(400_000)
    y = x ** 2 + rng.standard_normal(x.size)
    c = np.cov(np.c_[x, x ** 2, y].T)
    assert abs(c[0, 2]) < 5 * math.sqrt(c[0, 0] * c[2, 2] / x.size)
    assert c[1, 2] == pytest.approx(2.0, rel=0.03)
    assert infolib.ksg_mutual_information(x[:5000], y[:5000]) > 0.5


# --- second referee (.referee/rev/ch3_r1/report.md) --------------------------------------------
@pytest.mark.parametrize("p", [0.0191, 1e-3, 1e-6])
def test_silence_share_of_a_sharp_threshold_falls_like_one_over_log(p):
    """[R1 M2] A spike exactly when X > c, X ~ N(0, 1), P(X > c) = p: the silences' share of
    I(R; X) is (1-p) log(1/(1-p)) / H(R) ≈ 1/(1 + ln(1/p)).  Brute force: a fine table of
    (R, bin of X) with the threshold as an edge, its MI by scipy.stats.entropy, and the spike part
    p · KL(P(x | spike) || P(x)) from the same table."""
    c = scipy.stats.norm.isf(p)
    edges = np.unique(np.concatenate([np.linspace(-8, 8, 4001), [c], [-np.inf, np.inf]]))
    px = np.diff(scipy.stats.norm.cdf(edges))
    lower = edges[:-1]
    joint = np.stack([px * (lower < c), px * (lower >= c)])          # rows R = 0, 1
    pr = joint.sum(axis=1)
    assert pr[1] == pytest.approx(p, rel=1e-9)
    mi = scipy.stats.entropy(joint.ravel(), np.outer(pr, px).ravel(), base=2)
    spike_part = pr[1] * scipy.stats.entropy(joint[1] / pr[1], px, base=2)
    share = 1 - spike_part / mi
    closed = (1 - p) * math.log2(1 / (1 - p)) / ((1 - p) * math.log2(1 / (1 - p)) + p * math.log2(1 / p))
    assert share == pytest.approx(closed, rel=1e-6)
    assert mi == pytest.approx(scipy.stats.entropy([p, 1 - p], base=2), rel=1e-9)   # I = H(R)
    assert share == pytest.approx(1 / (1 + math.log(1 / p)), rel=0.03)


def test_population_binned_objective_peaks_at_the_filter():
    """[R1 G3] The population value of the hard 25-bin objective (bins fixed in sd units from -5 to 5)
    for a white Gaussian stimulus and the chapter's logistic f (θ = 2.5, w = 0.2), at angle a from k:
    Z = cos(a) U + sin(a) W ~ N(0, 1), q_b = E[r(U) P(Z in b | U)] / p, by quadrature on a fine grid.
    It is largest at a = 0 and, there, below the exact I_spike(k)."""
    theta, w, h = 2.5, 0.2, 10 / 24
    edges = np.concatenate([[-np.inf], -5 + h * (np.arange(24) + 0.5), [np.inf]])
    u = np.linspace(-12, 12, 120_001)
    weight = scipy.stats.norm.pdf(u) * scipy.special.expit((u - theta) / w)
    p = scipy.integrate.trapezoid(weight, u)
    pb = np.diff(scipy.stats.norm.cdf(edges))

    def objective(a):
        c, s_ = math.cos(a), math.sin(a)
        if s_ == 0.0:
            inside = (u[None, :] >= edges[:-1, None]) & (u[None, :] < edges[1:, None])
            qb = scipy.integrate.trapezoid(weight * inside, u, axis=1) / p
        else:
            cdf = scipy.stats.norm.cdf((edges[:, None] - c * u[None, :]) / s_)
            qb = scipy.integrate.trapezoid(weight * np.diff(cdf, axis=0), u, axis=1) / p
        keep = qb > 0
        return float(np.sum(qb[keep] * np.log2(qb[keep] / pb[keep])))

    values = [objective(a) for a in (0.0, 0.02, 0.05, 0.1, 0.3, 0.8)]
    assert all(values[0] > v for v in values[1:])
    assert all(x > y for x, y in zip(values[1:], values[2:]))
    ratio = weight / scipy.stats.norm.pdf(u) / p
    exact = scipy.integrate.trapezoid(scipy.stats.norm.pdf(u) * ratio * np.log2(ratio), u)
    assert values[0] < exact < math.log2(1 / p)


def test_rank_binning_is_exactly_invariant_under_increasing_maps():
    """[R1 E1] The exercise's answer: equal-count bins of the ranks give the same plug-in MI for
    (X, Y) and (e^X, Y³), computed here with sklearn-free numpy and scipy.stats.entropy."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal(4000)
    y = 0.8 * x + 0.6 * rng.standard_normal(4000)

    def rank_mi(a, b, bins=10):
        ra = np.argsort(np.argsort(a)) * bins // a.size
        rb = np.argsort(np.argsort(b)) * bins // b.size
        joint = np.zeros((bins, bins))
        np.add.at(joint, (ra, rb), 1.0)
        joint /= joint.sum()
        return scipy.stats.entropy(joint.ravel(), np.outer(joint.sum(1), joint.sum(0)).ravel(), base=2)

    assert rank_mi(x, y) == rank_mi(np.exp(x), y ** 3)
    assert rank_mi(x, y) > 0.5


# --- second referee pass of the current chapter (.referee/rev/ch3_r2) --------------------------
def test_widget_recording_is_the_first_selection_fit():
    """[R2 M1] The widget's MID at 10,000 frames is the selection table's first fit: a fresh
    fit_mid on the first 80 % of a seed-0 100,000-frame recording, cosine computed here."""
    from infolib.plots import receptive_field_estimates
    from infolib.plots.mid import mid_selection_rows

    rec = infolib.simulate_neuron("natural", frames=100_000, threshold=2.5, seed=0)
    fit = infolib.fit_mid(rec.stimuli[:10_000], rec.spikes[:10_000], holdout=0.2)
    c = _cos(fit.direction, rec.filter)
    assert fit.train_frames == 8_000
    assert receptive_field_estimates("natural", 2.5, 10_000).cosine["mid"] == pytest.approx(c)
    assert mid_selection_rows()[10_000]["cosine"][0] == pytest.approx(c)


def test_stein_lemma_for_a_locally_absolutely_continuous_rate():
    """[R2 G1] E[U r(U)] = σ² E[r'(U)] for U ~ N(0, σ²) and r(u) = u² + |u| (locally, not
    globally, absolutely continuous, not differentiable at 0), by quadrature."""
    sigma = 1.7
    pdf = scipy.stats.norm(scale=sigma).pdf

    def mean(g):                                   # E g(U), split at the kink u = 0
        return sum(scipy.integrate.quad(lambda u: g(u) * pdf(u), a, b)[0]
                   for a, b in ((-np.inf, 0.0), (0.0, np.inf)))

    assert mean(lambda u: u * (u * u + abs(u))) == pytest.approx(
        sigma**2 * mean(lambda u: 2 * u + np.sign(u)), abs=1e-9)
    r = lambda u: u * u + 3 * abs(u) + np.arctan(u)                        # not even
    d = lambda u: 2 * u + 3 * np.sign(u) + 1 / (1 + u * u)
    lhs = mean(lambda u: u * r(u))
    assert lhs == pytest.approx(sigma**2 * mean(d), rel=1e-8)
    assert abs(lhs) > 0.1


def test_even_rate_is_seen_by_the_sta_when_the_projection_is_asymmetric():
    """[R2 M5] An even r needs a symmetric U: U = 2 w.p. 1/3, −1 w.p. 2/3 (mean 0), r(u) = u²
    gives E[r(U) U] = E[U³] = 8/3 − 2/3 = 2 ≠ 0; for a symmetric U it is 0."""
    vals, probs = np.array([2.0, -1.0]), np.array([1 / 3, 2 / 3])
    assert probs @ vals == pytest.approx(0.0, abs=1e-15)
    assert probs @ (vals**2 * vals) == pytest.approx(2.0)
    sym = np.array([-1.5, 1.5])
    assert 0.5 * np.sum(sym**2 * sym) == 0.0


def test_whitening_does_not_change_the_reachable_projections():
    """[R2 M3] The hard estimate along w on whitened frames equals the estimate along
    v = Ĉ^{-1/2} w on the raw frames (same projections up to a shift), for random w."""
    rec = infolib.simulate_neuron("gaussian", frames=20_000, threshold=2.0, seed=3)
    s = rec.stimuli
    lam, vec = np.linalg.eigh(np.cov(s, rowvar=False, bias=True))
    root_inv = (vec / np.sqrt(lam)) @ vec.T
    white = (s - s.mean(axis=0)) @ root_inv
    rng = np.random.default_rng(4)
    for _ in range(5):
        w = rng.standard_normal(s.shape[1])
        a = infolib.info_per_spike(w, white, rec.spikes, smooth=False)
        b = infolib.info_per_spike(root_inv @ w, s, rec.spikes, smooth=False)
        assert a == pytest.approx(b, abs=1e-9)


def test_paired_difference_spread_is_smaller_than_one_estimate():
    """[R2 M2] The two KSG estimates of one sample are positively correlated, so their
    difference scatters less than one estimate (sd of difference² = 2 sd²(1 − ρ) < sd²)."""
    from infolib.plots.mid import ksg_replicates

    reps = ksg_replicates(n=500, n_pair=2000, seeds=tuple(range(12)))
    d = reps["pair"] - reps["mapped"]
    rho = np.corrcoef(reps["pair"], reps["mapped"])[0, 1]
    assert rho > 0.5
    assert d.std(ddof=1) < reps["pair"].std(ddof=1)
