"""Facts of chapter 7 (estimating mutual information) pinned after the referee.

Each test compares infolib with an independent computation: exact expectations
over binomial counts or over every possible sample, a brute-force KSG, closed
forms with scipy's digamma.
"""
import itertools
import math

import numpy as np
import pytest
from scipy.special import digamma
from scipy.stats import binom, multinomial

import infolib
from infolib.plots.estimation import batched_binned_mi, gaussian_pair_replicates


# --------------------------------------------------------------------------
# independent helpers
# --------------------------------------------------------------------------
def expected_plugin_entropy_nats(p, n):
    """Exact E[plug-in entropy] (nats) of n i.i.d. draws: each count is Binomial(n, p_a)."""
    k = np.arange(1, n + 1)
    return float(sum(binom.pmf(k, n, pa) @ (-(k / n) * np.log(k / n))
                     for pa in np.ravel(p) if pa > 0))


def expected_plugin_mi_nats(pxy, n):
    """Exact E[plug-in MI] (nats) by linearity: E[Ĥ(X)] + E[Ĥ(Y)] − E[Ĥ(X, Y)]."""
    pxy = np.asarray(pxy, dtype=float)
    return (expected_plugin_entropy_nats(pxy.sum(axis=1), n)
            + expected_plugin_entropy_nats(pxy.sum(axis=0), n)
            - expected_plugin_entropy_nats(pxy, n))


def mi_nats(pxy):
    pxy = np.asarray(pxy, dtype=float)
    px, py = pxy.sum(axis=1, keepdims=True), pxy.sum(axis=0, keepdims=True)
    m = pxy > 0
    return float(np.sum(pxy[m] * np.log(pxy[m] / (px @ py)[m])))


def ksg_brute(x, y, k=3):
    """KSG estimator 1 (nats) by brute force on standardised data; also the counts."""
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    x, y = x / x.std(axis=0), y / y.std(axis=0)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=2)
    dj = np.maximum(dx, dy)
    for d in (dx, dy, dj):
        np.fill_diagonal(d, np.inf)
    eps = np.sort(dj, axis=1)[:, k - 1]
    nx = (dx < eps[:, None]).sum(axis=1)
    ny = (dy < eps[:, None]).sum(axis=1)
    n = len(x)
    return digamma(n) + digamma(k) - digamma(nx + 1).mean() - digamma(ny + 1).mean(), nx, ny


def gaussian_sample(rng, n, rho, d=1):
    z = rng.standard_normal((2, n, d))
    x, y = z[0], rho * z[0] + math.sqrt(1 - rho * rho) * z[1]
    return (x[:, 0], y[:, 0]) if d == 1 else (x, y)


# --------------------------------------------------------------------------
# plug-in bias (findings 19; thm-est-entropy-bias, thm-est-mi-bias)
# --------------------------------------------------------------------------
def test_plugin_mi_of_a_copy_is_the_plugin_entropy():
    rng = np.random.default_rng(0)
    for _ in range(20):
        x = rng.integers(0, 10, size=20)
        assert infolib.plugin_mutual_information(x, x) == pytest.approx(infolib.plugin_entropy(x),
                                                                         abs=1e-12)


def test_plugin_mi_is_biased_down_for_a_copy_at_small_n():
    """Y = X uniform on 10 values, N = 20: E[Î] = E[Ĥ(X)] = 2.947 bits < log2 10."""
    exact = expected_plugin_entropy_nats(np.full(10, 0.1), 20) / math.log(2)
    assert exact == pytest.approx(2.947, abs=5e-4)
    assert exact < math.log2(10) - 0.3
    # infolib's estimator, averaged over seeded samples, agrees with the exact mean
    rng = np.random.default_rng(1)
    est = np.array([infolib.plugin_mutual_information(x, x)
                    for x in rng.integers(0, 10, size=(4000, 20))])
    se = est.std(ddof=1) / math.sqrt(est.size)
    assert abs(est.mean() - exact) < 4 * se


def test_exact_expectation_matches_enumeration_of_every_sample():
    """The binomial formula for E[Î] equals the mean of infolib's Î over all samples (N = 5)."""
    pxy = np.array([[0.4, 0.1], [0.0, 0.5]])
    cells = [(a, b) for a in range(2) for b in range(2)]
    probs = np.array([pxy[c] for c in cells])
    n = 5
    total = 0.0
    for counts in itertools.product(range(n + 1), repeat=len(cells)):
        if sum(counts) != n:
            continue
        weight = multinomial.pmf(counts, n, probs)
        if weight == 0:
            continue
        xs = np.repeat([c[0] for c in cells], counts)
        ys = np.repeat([c[1] for c in cells], counts)
        total += weight * infolib.plugin_mutual_information(xs, ys, base=None)
    assert total == pytest.approx(expected_plugin_mi_nats(pxy, n), abs=1e-12)


@pytest.mark.parametrize("pxy", [
    np.outer([0.5, 0.3, 0.2], [0.6, 0.4]),                       # independent: m_XY = m_X m_Y
    np.diag([0.25, 0.25, 0.25, 0.25]),                           # Y = X: biased down
    np.array([[0.3, 0.1, 0.0], [0.0, 0.3, 0.0], [0.0, 0.0, 0.3]]),  # sparse: m_XY < m_X + m_Y − 1
    np.array([[0.2, 0.1, 0.1], [0.1, 0.2, 0.1], [0.05, 0.05, 0.1]]),  # full support, dependent
])
def test_leading_bias_term_of_plugin_mi(pxy):
    """N (E[Î] − I) → (m_XY − m_X − m_Y + 1)/2 nats, computed exactly (no simulation)."""
    m_xy = int((pxy > 0).sum())
    m_x = int((pxy.sum(axis=1) > 0).sum())
    m_y = int((pxy.sum(axis=0) > 0).sum())
    lead = (m_xy - m_x - m_y + 1) / 2
    n = 20_000
    scaled = n * (expected_plugin_mi_nats(pxy, n) - mi_nats(pxy))
    assert scaled == pytest.approx(lead, abs=0.01)


def test_leading_bias_term_of_plugin_entropy():
    p = np.array([0.5, 0.25, 0.15, 0.1])
    n = 20_000
    h = -float(np.sum(p * np.log(p)))
    assert n * (expected_plugin_entropy_nats(p, n) - h) == pytest.approx(-(4 - 1) / 2, abs=0.01)


# --------------------------------------------------------------------------
# Miller–Madow counts the occupied bins
# --------------------------------------------------------------------------
def test_miller_madow_entropy_term_counts_values_seen():
    rng = np.random.default_rng(2)
    for _ in range(10):
        x = rng.integers(0, 50, size=30)          # alphabet of 50, far from all seen
        seen = np.unique(x).size
        added = infolib.plugin_entropy(x, correction="miller-madow") - infolib.plugin_entropy(x)
        assert added == pytest.approx((seen - 1) / (2 * x.size * math.log(2)), abs=1e-12)
        added_nats = (infolib.plugin_entropy(x, base=None, correction="miller-madow")
                      - infolib.plugin_entropy(x, base=None))
        assert added_nats == pytest.approx((seen - 1) / (2 * x.size), abs=1e-12)


def test_miller_madow_mi_term_counts_values_and_pairs_seen():
    rng = np.random.default_rng(3)
    for _ in range(10):
        x, y = rng.integers(0, 12, size=(2, 40))
        mx, my = np.unique(x).size, np.unique(y).size
        mxy = len(set(zip(x.tolist(), y.tolist())))
        added = (infolib.plugin_mutual_information(x, y, base=None, correction="miller-madow")
                 - infolib.plugin_mutual_information(x, y, base=None))
        assert added == pytest.approx((mx + my - mxy - 1) / (2 * x.size), abs=1e-12)


def test_miller_madow_binned_counts_occupied_cells_not_bins():
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((2, 50))
    bins = 30
    cx = np.searchsorted(np.histogram_bin_edges(x, bins)[1:-1], x, side="right")
    cy = np.searchsorted(np.histogram_bin_edges(y, bins)[1:-1], y, side="right")
    mx, my = np.unique(cx).size, np.unique(cy).size
    mxy = len(set(zip(cx.tolist(), cy.tolist())))
    assert mx < bins and my < bins
    added = (infolib.binned_mutual_information(x, y, bins=bins, base=None, correction="miller-madow")
             - infolib.binned_mutual_information(x, y, bins=bins, base=None))
    assert added == pytest.approx((mx + my - mxy - 1) / (2 * x.size), abs=1e-12)


def test_miller_madow_for_a_copy_corrects_upwards():
    """For Y = X the correction adds (m̂ − 1)/(2N) nats: it moves the estimate up."""
    x = np.random.default_rng(5).integers(0, 10, size=20)
    added = (infolib.plugin_mutual_information(x, x, base=None, correction="miller-madow")
             - infolib.plugin_mutual_information(x, x, base=None))
    assert added == pytest.approx((np.unique(x).size - 1) / 40, abs=1e-12)
    assert added > 0


# --------------------------------------------------------------------------
# KSG: brute force, ceiling (findings 20, 21)
# --------------------------------------------------------------------------
@pytest.mark.parametrize("n, k, d, rho", [(50, 3, 1, 0.9), (80, 1, 2, 0.99), (60, 5, 1, 0.0),
                                          (40, 3, 3, 0.9999), (30, 2, 1, -0.7)])
def test_ksg_matches_brute_force_and_respects_the_ceiling(n, k, d, rho):
    rng = np.random.default_rng(n + k + d)
    x, y = gaussian_sample(rng, n, rho, d)
    brute, nx, ny = ksg_brute(x, y, k)
    est = infolib.ksg_mutual_information(x, y, k=k, base=None)
    assert est == pytest.approx(brute, abs=1e-10)
    assert nx.min() >= k - 1 and ny.min() >= k - 1 and (nx + ny).min() >= 2 * k - 1
    assert est <= digamma(n) - digamma(k + 1) + 1e-12


def test_ksg_ceiling_in_bits_never_exceeded_even_for_near_copies():
    rng = np.random.default_rng(6)
    for n in (16, 64, 256):
        for k in (1, 3):
            ceiling = (digamma(n) - digamma(k + 1)) / math.log(2)
            for _ in range(10):
                x, y = gaussian_sample(rng, n, 0.99999)
                est = infolib.ksg_mutual_information(x, y, k=k)
                assert est <= ceiling + 1e-12
                assert est > ceiling - 1.0     # a near copy comes close to it


def test_ksg_ceiling_is_below_log2_n():
    for n in (16, 1024, 10**6):
        ceiling = (digamma(n) - digamma(4)) / math.log(2)
        assert ceiling < math.log2(n)
        if n >= 1024:   # about log2 N − 1.8 bits for k = 3
            assert math.log2(n) - ceiling == pytest.approx(1.81, abs=0.01)


def test_exact_ties_break_the_ceiling_hypothesis():
    """y = x exactly: every count is k − 1 and the estimate is ψ(N) − ψ(k) > ψ(N) − ψ(k + 1)."""
    x = np.random.default_rng(7).standard_normal(100)
    assert infolib.ksg_mutual_information(x, x, base=None) == pytest.approx(
        digamma(100) - digamma(3), abs=1e-10)


def test_d8_truth_is_above_the_ceiling_for_2000_samples():
    truth = -8 * 0.5 * math.log2(1 - 0.81)
    ceiling = (digamma(2000) - digamma(4)) / math.log(2)
    assert truth == pytest.approx(9.58, abs=0.005)
    assert ceiling == pytest.approx(9.15, abs=0.005)
    assert truth > ceiling


def test_a_gaussian_model_exceeds_log2_n_where_ksg_cannot():
    x, y = gaussian_pair_replicates(0.9999, reps=20, n=16, seed=5)
    model = [-0.5 * math.log2(1 - np.corrcoef(a, b)[0, 1] ** 2) for a, b in zip(x, y)]
    ksg = [infolib.ksg_mutual_information(a, b) for a, b in zip(x, y)]
    assert np.mean(model) > math.log2(16)
    assert max(ksg) <= (digamma(16) - digamma(4)) / math.log(2) + 1e-12


# --------------------------------------------------------------------------
# binning (findings 24, 25, 27, 28)
# --------------------------------------------------------------------------
def test_exact_binned_mi_rises_with_refinement_and_stays_below_truth():
    """The chapter's edges: [-3, 3] cut into B parts, outer cells extended to ±inf."""
    from scipy.stats import multivariate_normal

    rho = 0.8
    mvn = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]])

    def cdf(a, b):
        big = 40.0
        return mvn.cdf([min(max(a, -big), big), min(max(b, -big), big)])

    values = []
    for bins in (2, 4, 8):
        edges = np.r_[-np.inf, np.linspace(-3, 3, bins + 1)[1:-1], np.inf]
        assert len(edges) - 1 == bins
        pxy = np.empty((bins, bins))
        for i in range(bins):
            for j in range(bins):
                pxy[i, j] = (cdf(edges[i + 1], edges[j + 1]) - cdf(edges[i], edges[j + 1])
                             - cdf(edges[i + 1], edges[j]) + cdf(edges[i], edges[j]))
        pxy = np.clip(pxy, 0, None)
        pxy /= pxy.sum()
        values.append(mi_nats(pxy) / math.log(2))
        lib = infolib.mutual_information(infolib.gaussian_pair_cell_probabilities(edges, edges, rho))
        assert lib == pytest.approx(values[-1], abs=2e-4)
    assert values[0] < values[1] < values[2] < -0.5 * math.log2(1 - rho * rho)


def test_binned_value_drifts_with_n_for_a_fixed_number_of_bins():
    """Bins over the data's own range: with 3 bins the corrected mean falls as N grows."""
    x, y = gaussian_pair_replicates(0.8)
    small = batched_binned_mi(x[:, :100], y[:, :100], 3)[1]
    large = batched_binned_mi(x[:, :5000], y[:, :5000], 3)[1]
    se = math.hypot(small.std(ddof=1) / 10, large.std(ddof=1) / 10)
    assert small.mean() - large.mean() > 5 * se


def test_binned_copy_is_bounded_and_not_monotone_in_bins():
    x = np.random.default_rng(1).standard_normal(50)
    h = {b: infolib.binned_mutual_information(x, x, bins=b) for b in range(2, 80)}
    for b, v in h.items():
        assert v <= min(math.log2(b), math.log2(50)) + 1e-12
        codes = np.searchsorted(np.histogram_bin_edges(x, b)[1:-1], x, side="right")
        _, counts = np.unique(codes, return_counts=True)
        q = counts / counts.sum()
        assert v == pytest.approx(float(-(q * np.log2(q)).sum()), abs=1e-12)
    assert any(h[b + 1] < h[b] for b in range(2, 79))
    assert h[17] == pytest.approx(3.482, abs=5e-4) and h[18] == pytest.approx(3.397, abs=5e-4)


def test_round_then_cube_is_a_relabelling_but_cube_then_round_is_not():
    car = infolib.Car(speedometer_sd=5.0, gps_sd=5.0)
    r = car.sample(2000, seed=1)
    s, g = np.round(r.speedometer), np.round(r.gps)
    base = infolib.plugin_mutual_information(s, g)
    assert infolib.plugin_mutual_information(s ** 3, g) == pytest.approx(base, abs=1e-12)
    other = infolib.plugin_mutual_information(np.round(r.speedometer ** 3), g)
    assert other > base + 0.5


# --------------------------------------------------------------------------
# second referee (.referee/rev/ch7_r1): E1, M1, M3, G1
# --------------------------------------------------------------------------
def _binned_mi_brute(x, y, bins):
    """Plug-in MI (bits) of equal-width bins over each variable's observed range, via np.histogram2d."""
    joint, _, _ = np.histogram2d(x, y, bins=[np.linspace(x.min(), x.max(), bins + 1),
                                             np.linspace(y.min(), y.max(), bins + 1)])
    return mi_nats(joint / joint.sum()) / math.log(2)


def _to_cauchy(z):
    """tan(π(Φ(z) − ½)), an increasing map from N(0, 1) to the standard Cauchy (scipy's quantile)."""
    from scipy.stats import cauchy, norm
    return np.where(z > 0, cauchy.isf(norm.sf(z)), cauchy.ppf(norm.cdf(z)))


def test_default_binning_rule_is_inconsistent_for_cauchy_margins():
    """E1: equal-width bins over the observed range widen for heavy tails; the estimate goes to 0.

    The true MI is that of the Gaussian pair (invariance under increasing maps), 1.198 bits.
    """
    rng = np.random.default_rng(2026)
    truth = -0.5 * math.log2(1 - 0.81)
    gauss, heavy = [], []
    for n in (100, 1000, 10_000, 100_000):
        bins = math.ceil(n ** (1 / 3) - 1e-9)
        g, c = [], []
        for _ in range(5):
            x, y = gaussian_sample(rng, n, 0.9)
            cx, cy = _to_cauchy(x), _to_cauchy(y)
            lib = infolib.binned_mutual_information(cx, cy)
            assert lib == pytest.approx(_binned_mi_brute(cx, cy, bins), abs=1e-9)
            g.append(_binned_mi_brute(x, y, bins))
            c.append(lib)
        gauss.append(np.mean(g))
        heavy.append(np.mean(c))
    assert all(a > b for a, b in zip(heavy, heavy[1:]))       # falls with N ...
    assert heavy[-1] < 0.01                                    # ... towards 0
    assert all(a < b for a, b in zip(gauss, gauss[1:]))        # Gaussian margins climb ...
    assert truth - 0.03 < gauss[-1] < truth                    # ... towards the truth


def test_binning_ranks_is_the_same_for_gaussian_and_cauchy_margins():
    from scipy.stats import rankdata
    x, y = gaussian_sample(np.random.default_rng(3), 10_000, 0.9)
    cx, cy = _to_cauchy(x), _to_cauchy(y)
    assert np.array_equal(rankdata(x), rankdata(cx)) and np.array_equal(rankdata(y), rankdata(cy))
    ranked = infolib.binned_mutual_information(rankdata(x), rankdata(y))
    assert ranked == pytest.approx(infolib.binned_mutual_information(rankdata(cx), rankdata(cy)),
                                   abs=1e-12)
    assert ranked > 1.0 > infolib.binned_mutual_information(cx, cy)


def _exact_2x2_mi_mean_bits(pxy, n):
    """E[plug-in MI] (bits) of n pairs from a 2×2 pmf by enumerating every table of counts."""
    p = np.ravel(pxy)
    tables = np.array([(a, b, c, n - a - b - c) for a in range(n + 1) for b in range(n + 1 - a)
                       for c in range(n + 1 - a - b)])
    w = multinomial.pmf(tables, n, p)
    keep = w > 0
    return sum(wt * mi_nats(t.reshape(2, 2) / n) for wt, t in zip(w[keep], tables[keep])) / math.log(2)


def test_sign_of_plugin_mi_bias_is_set_by_the_support_not_the_strength():
    """M1: a strong dependence on a full support is biased up; a weak one on a sparse support down."""
    strong = np.array([[0.495, 0.005], [0.005, 0.495]])     # I = 0.919 of 1 bit, m_XY = 4
    weak = np.array([[0.99, 0.0], [0.0, 0.01]])              # I = 0.081 bits, m_XY = 2
    i_strong, i_weak = mi_nats(strong) / math.log(2), mi_nats(weak) / math.log(2)
    assert i_strong == pytest.approx(0.919, abs=5e-4) and i_weak == pytest.approx(0.081, abs=5e-4)
    bias_50 = _exact_2x2_mi_mean_bits(strong, 50) - i_strong
    assert bias_50 == pytest.approx(0.0079, abs=5e-5)
    assert _exact_2x2_mi_mean_bits(weak, 50) - i_weak < 0
    for n in (50, 200, 1000, 5000):
        up = expected_plugin_mi_nats(strong, n) / math.log(2) - i_strong
        down = expected_plugin_mi_nats(weak, n) / math.log(2) - i_weak
        assert up > 0 > down
        if n >= 1000:   # the leading term ±1/(2N ln 2) takes over
            assert up == pytest.approx(1 / (2 * n * math.log(2)), rel=0.15)
            assert down == pytest.approx(-1 / (2 * n * math.log(2)), rel=0.15)
    assert expected_plugin_mi_nats(strong, 50) / math.log(2) - i_strong == pytest.approx(bias_50, abs=1e-10)
    # infolib's plug-in estimate agrees with the exact mean (Monte Carlo, 4 SE)
    rng = np.random.default_rng(11)
    x = rng.integers(0, 2, size=(4000, 50))
    y = np.where(rng.random((4000, 50)) < 0.01, 1 - x, x)
    est = np.array([infolib.plugin_mutual_information(a, b) for a, b in zip(x, y)]) - i_strong
    assert abs(est.mean() - bias_50) < 4 * est.std(ddof=1) / math.sqrt(est.size)


def test_ksg_copy_exceeds_the_ceiling_by_one_over_k_nats():
    """M3: y = x gives ψ(N) − ψ(k), exactly 1/k nats (0.48 bits for k = 3) above ψ(N) − ψ(k + 1)."""
    x = np.random.default_rng(5).standard_normal(300)
    for k in (1, 3, 5):
        est = infolib.ksg_mutual_information(x, x, k=k, base=None)
        assert est - (digamma(300) - digamma(k + 1)) == pytest.approx(1 / k, abs=1e-10)
    assert 1 / 3 / math.log(2) == pytest.approx(0.48, abs=0.005)


def test_raw_ksg_on_discrete_data_reports_far_more_than_the_ceiling():
    """M3: with ≥ k exact copies of every point, d_i = 0, all counts 0: ψ(N) + ψ(k) + 2γ nats."""
    n, k = 1000, 3
    x, y = np.random.default_rng(0).integers(0, 4, size=(2, n)).astype(float)
    raw, nx, ny = ksg_brute(x, y, k=k)                    # no jitter
    assert (nx == 0).all() and (ny == 0).all()
    assert raw == pytest.approx(digamma(n) + digamma(k) + 2 * np.euler_gamma, abs=1e-10)
    assert raw / math.log(2) == pytest.approx(12.96, abs=0.005)
    assert raw / math.log(2) > math.log2(n) > (digamma(n) - digamma(k + 1)) / math.log(2)
    # infolib refuses repeated samples (0.4.0), naming the first repeat; with noise of one
    # rounding step (the dither chapter 7 uses) the estimate respects the ceiling and is near 0
    with pytest.raises(ValueError, match="repeated samples"):
        infolib.ksg_mutual_information(x, y, k=k)
    rng = np.random.default_rng(1)
    dithered = infolib.ksg_mutual_information(x + rng.uniform(-0.5, 0.5, n), y + rng.uniform(-0.5, 0.5, n), k=k)
    assert abs(dithered) < 0.1
    assert dithered <= (digamma(n) - digamma(k + 1)) / math.log(2)


def test_fixed_tail_refinement_stops_short_of_the_truth():
    """G1: refining only [−3, 3] (two tail cells never split) approaches a limit below I."""
    rho = 0.8
    truth = -0.5 * math.log2(1 - rho * rho)
    vals = {}
    for bins in (128, 256, 512):
        edges = np.r_[-np.inf, np.linspace(-3, 3, bins + 1)[1:-1], np.inf]
        vals[bins] = infolib.mutual_information(infolib.gaussian_pair_cell_probabilities(edges, edges, rho))
    d1, d2 = vals[256] - vals[128], vals[512] - vals[256]
    assert 0 < d2 < d1 / 3                                   # increments shrink about fourfold
    limit = vals[512] + d2 / 3                                # geometric tail of the increments
    assert truth - limit > 3e-4
    assert vals[512] == pytest.approx(0.7365, abs=5e-5)


def test_rmse_gaps_at_n_1000_are_outside_the_paired_bootstrap_noise():
    """G2: for ρ = 0 and 0.5 at N = 1000, Miller–Madow's RMSE beats KSG's by > 4 paired SEs,
    and the bootstrap SE of an RMSE agrees with the delta method sd(e²) / (2 RMSE √R)."""
    from infolib.plots.estimation import estimator_study

    study = estimator_study(rhos=(0.0, 0.5), sizes=(1000,), reps=100)
    rng = np.random.default_rng(8)
    boot = rng.integers(0, 100, size=(2000, 100))
    for i in range(2):
        e_mm = study["miller-madow"][i, 0] - study["truth"][i]
        e_ksg = study["ksg"][i, 0] - study["truth"][i]
        # the truth for ρ = 0.5 is the closed form
        if i == 1:
            assert study["truth"][i] == pytest.approx(-0.5 * math.log2(0.75), abs=1e-12)
        rmse = lambda e: np.sqrt(np.mean(e ** 2, axis=-1))
        gap = rmse(e_ksg) - rmse(e_mm)
        gap_se = (rmse(e_ksg[boot]) - rmse(e_mm[boot])).std(ddof=1)
        assert gap > 4 * gap_se
        delta = (e_ksg ** 2).std(ddof=1) / (2 * rmse(e_ksg) * 10)
        assert rmse(e_ksg[boot]).std(ddof=1) == pytest.approx(delta, rel=0.25)


# --------------------------------------------------------------------------
# round 2 (.referee/rev/ch7_r2/report.md)
# --------------------------------------------------------------------------
def _enumerate_mi_mean_nats(pxy, n):
    """E[plug-in MI] (nats) by enumerating every table of counts (multinomial)."""
    p = np.ravel(pxy)
    shape = np.shape(pxy)
    total = 0.0
    for counts in itertools.product(range(n + 1), repeat=p.size):
        if sum(counts) != n or any(c and not q for c, q in zip(counts, p)):
            continue
        prob = multinomial.pmf(counts, n, p)
        total += prob * mi_nats(np.reshape(counts, shape) / n)
    return total


def test_z_shaped_support_has_no_leading_term_and_its_sign_changes_with_n():
    """R2 G2: m_XY = m_X + m_Y − 1 (tree support): the sign comes from higher orders, − at N = 5, + at 10."""
    pxy = np.array([[0.45, 0.0], [0.10, 0.45]])
    assert np.count_nonzero(pxy) - 2 - 2 + 1 == 0
    bias = {n: _enumerate_mi_mean_nats(pxy, n) - mi_nats(pxy) for n in (5, 10)}
    assert bias[5] < 0 < bias[10]
    for n in (5, 10):
        assert bias[n] == pytest.approx(expected_plugin_mi_nats(pxy, n) - mi_nats(pxy), abs=1e-12)
    assert bias[5] / math.log(2) == pytest.approx(-0.0109, abs=5e-5)


def test_banded_support_is_biased_up_although_most_pairs_are_impossible():
    """R2 M1: a tridiagonal 10 × 10 support (28 of 100 pairs > 19) is biased up for large N."""
    band = np.eye(10) + np.eye(10, k=1) + np.eye(10, k=-1)
    pxy = band / band.sum()
    lead = np.count_nonzero(pxy) - 10 - 10 + 1
    assert lead == 9
    for n in (200, 1000, 5000):
        bias = expected_plugin_mi_nats(pxy, n) - mi_nats(pxy)
        assert bias > 0
        assert bias == pytest.approx(lead / (2 * n), rel=0.15)


def test_independent_8x8_second_order_term_explains_the_gap():
    """R2 G3: exact E[Î] for independent uniform 8 × 8, N = 500, is 0.07296 bits; leading plus
    next-order term (1 − Σ 1/p)/(12 N²) per entropy closes most of the gap to the leading term."""
    n = 500
    pxy = np.full((8, 8), 1 / 64)
    exact = expected_plugin_mi_nats(pxy, n) / math.log(2)
    assert exact == pytest.approx(0.07296, abs=5e-6)
    lead = 49 / (2 * n * math.log(2))
    second = (2 * (1 - 64) - (1 - 64 ** 2)) / (12 * n ** 2 * math.log(2))
    assert exact - lead > 0.002
    assert abs(exact - lead - second) < 0.3 * (exact - lead)
    # infolib agrees with the exact mean within 4 SE on seeded data
    x, y = np.random.default_rng(2).integers(0, 8, size=(2, 400, n))
    mi = np.array([infolib.plugin_mutual_information(a, b) for a, b in zip(x, y)])
    assert abs(mi.mean() - exact) < 4 * mi.std(ddof=1) / np.sqrt(mi.size)


def test_inclusive_tie_counting_gives_a_large_negative_ksg_value():
    """R2 G4: with d_i = 0, counting within nextafter(d_i, 0) inclusively counts every duplicate
    (ψ(n_x + 1) with n_x = duplicates in x), unlike the strict count infolib's KSG uses."""
    n, k = 1000, 3
    x, y = np.random.default_rng(0).integers(0, 4, size=(2, n)).astype(float)
    nx = np.array([np.sum(x == v) for v in x]) - 1
    ny = np.array([np.sum(y == v) for v in y]) - 1
    incl = (digamma(n) + digamma(k) - digamma(nx + 1).mean() - digamma(ny + 1).mean()) / math.log(2)
    assert incl == pytest.approx(-4.635, abs=0.01)
    strict, sx, sy = ksg_brute(x, y, k=k)
    assert (sx == 0).all() and strict > 0 > incl


def test_infolib_ksg_counts_strictly_closer_neighbours():
    """R2 G4: on untied data infolib matches the strict-count (<) brute force to 1e-10."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal(300)
    y = 0.7 * x + rng.standard_normal(300)
    strict, _, _ = ksg_brute(x, y, k=3)
    assert infolib.ksg_mutual_information(x, y, k=3, base=None) == pytest.approx(strict, abs=1e-10)


def _mean_over_every_sample(p, n, statistic):
    """E[statistic(labels)] over every sample of n i.i.d. draws from pmf p (by count vector)."""
    p = np.asarray(p, dtype=float).ravel()
    total = 0.0
    for counts in itertools.product(range(n + 1), repeat=p.size):
        if sum(counts) == n:
            weight = multinomial.pmf(counts, n, p)
            if weight > 0:
                total += weight * statistic(np.repeat(np.arange(p.size), counts))
    return total


@pytest.mark.parametrize("p, n", [
    ([0.25, 0.25, 0.25, 0.25], 3),       # uniform, N below m: the bias nearest the bound
    ([0.25, 0.25, 0.25, 0.25], 8),
    ([0.7, 0.1, 0.1, 0.05, 0.05], 6),
    ([0.5, 0.5], 2),
])
def test_plugin_entropy_bias_is_within_paninskis_bound(p, n):
    """0 ≤ H − E[Ĥ] ≤ ln(1 + (m − 1)/N) nats for m cells (Paninski 2003, Proposition 1), which
    chapter 7 uses for the sparse-cell excess of the default bins: exact, over every sample."""
    p = np.asarray(p, dtype=float)
    h = float(-(p * np.log(p)).sum())
    mean = _mean_over_every_sample(p, n, lambda labels: infolib.plugin_entropy(labels, base=None))
    assert mean == pytest.approx(expected_plugin_entropy_nats(p, n), abs=1e-12)
    assert 0 < h - mean <= math.log(1 + (p.size - 1) / n)


@pytest.mark.parametrize("pxy", [
    np.outer([0.5, 0.5], [0.5, 0.5]),                 # independent: the excess is all bias
    np.array([[0.3, 0.2], [0.1, 0.4]]),
    np.array([[0.2, 0.1, 0.2], [0.1, 0.3, 0.1]]),
])
def test_plugin_mi_excess_is_within_the_joint_bound(pxy):
    """E[Î] − I ≤ ln(1 + (m_XY − 1)/N) nats: the marginal entropies are never biased up and the
    joint one is biased down by at most Paninski's bound (exact over every sample, N = 4)."""
    n, (kx, ky) = 4, pxy.shape

    def plugin_mi(labels):
        return infolib.plugin_mutual_information(labels // ky, labels % ky, base=None)

    excess = _mean_over_every_sample(pxy, n, plugin_mi) - mi_nats(pxy)
    assert excess <= math.log(1 + (pxy.size - 1) / n)
    assert excess == pytest.approx(expected_plugin_mi_nats(pxy, n) - mi_nats(pxy), abs=1e-12)


# --------------------------------------------------------------------------
# Kozachenko–Leonenko: the probability of the neighbour cube and the bias identity
# --------------------------------------------------------------------------
def _cube_masses_standard_gaussian(x, k):
    """Q_i = P(max-norm ball of radius eps_i around x_i) for a standard Gaussian, eps_i from scipy."""
    from scipy.spatial import cKDTree
    from scipy.stats import norm
    eps = cKDTree(x).query(x, k=k + 1, p=np.inf)[0][:, -1]
    q = np.prod(norm.cdf(x + eps[:, None]) - norm.cdf(x - eps[:, None]), axis=1)
    return q, eps


def test_neighbour_cube_mass_is_beta_and_the_kl_bias_is_the_cube_average_gap():
    """thm-est-kl-mass (Q_i ~ Beta(k, N − k)) and, from it, the exact identity
    E[ĥ_kNN] − h = E[ln f(X_i) − ln f̄_i] with f̄_i = Q_i / (2 eps_i)^d (chapter 7)."""
    from scipy.stats import beta, kstest
    rng = np.random.default_rng(2026)
    n, d, k, reps = 200, 2, 3, 300
    h = d / 2 * np.log(2 * np.pi * np.e)
    first_q, gaps = [], []
    for _ in range(reps):
        x = rng.standard_normal((n, d))
        q, eps = _cube_masses_standard_gaussian(x, k)
        first_q.append(q[0])                                   # one point per data set: independent draws
        log_f = -0.5 * (x ** 2).sum(axis=1) - d / 2 * np.log(2 * np.pi)
        log_fbar = np.log(q) - d * np.log(2 * eps)
        # the estimate minus the true h, minus the cube-average gap, has mean exactly 0
        gaps.append(infolib.knn_entropy(x, k=k, base=None) - h - np.mean(log_f - log_fbar))
    assert kstest(first_q, beta(k, n - k).cdf).pvalue > 1e-3
    gaps = np.asarray(gaps)
    assert abs(gaps.mean()) < 4 * gaps.std(ddof=1) / np.sqrt(reps)
    # a wrong constant (psi(N) - psi(k) replaced by ln(N / k)) would be seen at this precision
    assert abs(np.log(n / k) - (digamma(n) - digamma(k))) > 8 * gaps.std(ddof=1) / np.sqrt(reps)
