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
