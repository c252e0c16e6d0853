"""Tests of infolib.estimators: oracles, closed forms, properties and validation.

Expected values come from scikit-learn (``mutual_info_score`` and the
private ``_compute_mi_cc``), closed forms of Gaussian mutual information,
infolib's exact discrete measures applied to tables counted here in plain
Python, or brute-force reference implementations written below.
"""

import doctest
import math
import warnings
from collections import Counter

import numpy as np
import pytest
import scipy.stats
from scipy.spatial import cKDTree
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.feature_selection._mutual_info import _compute_mi_cc
from sklearn.metrics import mutual_info_score

import infolib
import infolib.estimators as est
from infolib.estimators import counts, neighbours
from infolib import (
    binned_mutual_information,
    contingency_counts,
    gaussian_mutual_information,
    infonce,
    infonce_upper_bound,
    knn_entropy,
    ksg_conditional_mutual_information,
    ksg_mutual_information,
    mutual_information,
    plugin_entropy,
    plugin_mutual_information,
)
from tests.strategies import labelled_pairs

pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)
SOME = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# references written here
# ---------------------------------------------------------------------------
def ref_plugin_mi(x, y):
    """Plug-in MI in nats with Counter and math.log."""
    n = len(x)
    cxy = Counter(zip(x.tolist(), y.tolist()))
    cx, cy = Counter(x.tolist()), Counter(y.tolist())
    return sum(c / n * math.log(c * n / (cx[a] * cy[b])) for (a, b), c in cxy.items())


def ref_ksg(x, y, k):
    """KSG algorithm 1 by brute force: all pairwise max-norm distances."""
    x = x.reshape(len(x), -1)
    y = y.reshape(len(y), -1)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=2)
    dz = np.maximum(dx, dy)
    np.fill_diagonal(dz, np.inf)
    d = np.sort(dz, axis=1)[:, k - 1]
    np.fill_diagonal(dx, np.inf)
    np.fill_diagonal(dy, np.inf)
    nx = (dx < d[:, None]).sum(axis=1)
    ny = (dy < d[:, None]).sum(axis=1)
    n = len(x)
    return (scipy.special.digamma(n) + scipy.special.digamma(k)
            - np.mean(scipy.special.digamma(nx + 1)) - np.mean(scipy.special.digamma(ny + 1)))


def sk_mi(x, y):
    """sklearn's plug-in MI (nats); it warns about float labels, which we allow."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return mutual_info_score(x, y)


def gaussian_pair(rho, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = rho * x + math.sqrt(1 - rho ** 2) * rng.standard_normal(n)
    return x, y


def standardised(v):
    return v / np.std(v)


# ---------------------------------------------------------------------------
# plug-in mutual information and entropy
# ---------------------------------------------------------------------------
@PROPS
@given(labelled_pairs())
def test_plugin_mi_equals_sklearn(pair):
    x, y = pair
    ours = plugin_mutual_information(x, y, base=None)
    assert abs(ours - sk_mi(x, y)) <= 1e-12
    assert abs(ours - ref_plugin_mi(x, y)) <= 1e-12


@PROPS
@given(labelled_pairs())
def test_plugin_mi_is_the_exact_mi_of_the_empirical_joint(pair):
    x, y = pair
    cxy = Counter(zip(x.tolist(), y.tolist()))
    xs, ys = sorted(set(x.tolist())), sorted(set(y.tolist()))
    table = np.array([[cxy[(a, b)] for b in ys] for a in xs], dtype=float)
    exact = mutual_information(table, normalize=True)  # bits, infolib.discrete
    assert math.isclose(plugin_mutual_information(x, y), exact, abs_tol=1e-12)
    assert (contingency_counts(x, y) == table).all()


@PROPS
@given(labelled_pairs())
def test_plugin_entropy_equals_scipy(pair):
    x, _ = pair
    counts = np.array(list(Counter(x.tolist()).values()))
    assert math.isclose(plugin_entropy(x, base=None), scipy.stats.entropy(counts),
                        rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(plugin_entropy(x, base=2), scipy.stats.entropy(counts, base=2),
                        rel_tol=1e-12, abs_tol=1e-12)


@PROPS
@given(labelled_pairs())
def test_plugin_mi_identities(pair):
    """I = H(X) + H(Y) - H(X,Y), symmetric, 0 ≤ I ≤ min(H(X), H(Y))."""
    x, y = pair
    joint = np.array([f"{a}|{b}" for a, b in zip(x.tolist(), y.tolist())])
    i = plugin_mutual_information(x, y)
    hx, hy, hxy = plugin_entropy(x), plugin_entropy(y), plugin_entropy(joint)
    assert math.isclose(i, hx + hy - hxy, abs_tol=1e-9)
    assert math.isclose(i, plugin_mutual_information(y, x), abs_tol=1e-12)
    assert -1e-12 <= i <= min(hx, hy) + 1e-9


@PROPS
@given(labelled_pairs(), st.integers(0, 2 ** 32 - 1))
def test_plugin_mi_only_sees_equality_of_labels(pair, salt):
    """Relabelling by any bijection (strings, huge ints, floats) changes nothing."""
    x, y = pair
    ux, cx = np.unique(x, return_inverse=True)
    rng = np.random.default_rng(salt)
    huge = rng.choice(np.arange(-2 ** 62, 2 ** 62, 2 ** 50, dtype=np.int64), ux.size, replace=False)
    reference = plugin_mutual_information(x, y, base=None)
    for relabelled in (huge[cx], huge[cx].view(np.uint64), np.array([f"s{c}" for c in cx]),
                       cx * 0.1 - 3.0, cx.astype(np.int8) if ux.size < 100 else cx):
        assert plugin_mutual_information(relabelled, y, base=None) == pytest.approx(reference, abs=1e-12)


def test_plugin_mi_labels_of_many_types():
    x = np.array([0, 0, 1, 1, 2, 2])
    y = np.array([0, 0, 1, 1, 1, 1])
    want = sk_mi(x, y)
    for xx in (x.astype(bool).astype(int) * 0 + x, x.astype(np.uint8), x.astype(np.uint64),
               x + 2 ** 62, x - 2 ** 62, x + (-2 ** 63), x + (2 ** 63 - 3),
               x.astype(float), np.array(list("aabbcc")), list(x)):
        assert plugin_mutual_information(xx, y, base=None) == pytest.approx(want, abs=1e-12)
    # offset codes whose offset (min_x · K_y + min_y) wraps around int64
    for shift in (2 ** 63 - 3, -2 ** 63):
        yy = y + shift
        assert plugin_mutual_information(x + (-2 ** 63), yy, base=None) == pytest.approx(want, abs=1e-12)
    # -0.0 and 0.0 are the same label, as for numpy.unique and scikit-learn
    assert plugin_mutual_information([-0.0, 0.0, 1.0, 1.0], [0, 0, 1, 1]) == 1.0
    assert plugin_mutual_information(np.array([True, True, False, False]), [0, 0, 1, 1]) == 1.0


@pytest.mark.parametrize("n_labels", [300, 5000, 60000])
def test_plugin_mi_hash_relabelling_with_collisions(n_labels):
    """Many distinct int64 labels: the hashing path (and its collision repair) equals sklearn."""
    rng = np.random.default_rng(n_labels)
    vals = rng.integers(-2 ** 62, 2 ** 62, n_labels)
    n = 120_000
    x = vals[rng.integers(0, n_labels, n)]
    y = np.where(rng.random(n) < 0.5, x, vals[rng.integers(0, n_labels, n)])
    coder = counts._Coder(x)
    assert coder.kind == "hash"
    assert plugin_mutual_information(x, y, base=None) == pytest.approx(mutual_info_score(x, y), abs=1e-12)
    assert plugin_entropy(x, base=None) == pytest.approx(
        scipy.stats.entropy(np.unique(x, return_counts=True)[1]), abs=1e-12)


def test_hash_coder_detects_collisions():
    """Two values forced into one slot: both must keep their own code."""
    rng = np.random.default_rng(3)
    vals = rng.integers(-2 ** 62, 2 ** 62, 3000)
    x = np.repeat(vals, 50)
    coder = counts._Coder(x)
    slots = np.unique(coder._slots_of(np.arange(x.size)))
    assert slots.size < np.unique(x).size  # the sample really collides
    table = counts._count_table(coder)
    assert sorted(table[table > 0].tolist()) == [50] * 3000


def test_plugin_mi_large_tables():
    """More joint cells than a dense table allows: the sorting path equals sklearn."""
    rng = np.random.default_rng(7)
    n = 50_000
    x = rng.integers(0, 40_000, n) * 7919
    y = rng.integers(0, 40_000, n) * 104729
    assert plugin_mutual_information(x, y, base=None) == pytest.approx(mutual_info_score(x, y), abs=1e-12)


def test_plugin_closed_forms():
    assert plugin_mutual_information([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert plugin_mutual_information([0, 1, 0, 1], [0, 0, 1, 1]) == 0.0
    assert plugin_mutual_information([5, 5, 5], [1, 2, 3]) == 0.0
    assert plugin_entropy(np.arange(8)) == 3.0
    assert plugin_entropy([7, 7]) == 0.0
    assert plugin_mutual_information(np.arange(16), np.arange(16), base=4) == pytest.approx(2.0)


def test_miller_madow_formula():
    x = np.array([0, 0, 0, 1, 2, 2, 2, 2])
    y = np.array([1, 1, 0, 0, 0, 1, 1, 1])
    n = 8
    h = plugin_entropy(x, base=None)
    assert plugin_entropy(x, base=None, correction="miller-madow") == pytest.approx(h + (3 - 1) / (2 * n))
    cells = len(set(zip(x.tolist(), y.tolist())))
    i = mutual_info_score(x, y)
    want = i + ((3 - 1) + (2 - 1) - (cells - 1)) / (2 * n)
    assert plugin_mutual_information(x, y, base=None, correction="Miller-Madow") == pytest.approx(want, abs=1e-12)
    # independent, every combination seen: the corrected estimate is negative, returned as is
    assert plugin_mutual_information([0, 0, 1, 1], [0, 1, 0, 1], base=None,
                                     correction="miller-madow") == pytest.approx(-1 / 8)


def test_miller_madow_closer_to_truth_than_plugin_on_average():
    """X uniform on 8 values, Y = X with prob. 0.6 else uniform; N = 200, 60 seeds."""
    m, n, seeds, keep = 8, 200, 60, 0.6
    pxy = np.full((m, m), (1 - keep) / m / m) + np.eye(m) * keep / m
    truth = mutual_information(pxy, base=None)
    hx_truth = math.log(m)
    err_plug, err_mm, eh_plug, eh_mm = [], [], [], []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        x = rng.integers(0, m, n)
        y = np.where(rng.random(n) < keep, x, rng.integers(0, m, n))
        err_plug.append(plugin_mutual_information(x, y, base=None) - truth)
        err_mm.append(plugin_mutual_information(x, y, base=None, correction="miller-madow") - truth)
        eh_plug.append(plugin_entropy(x, base=None) - hx_truth)
        eh_mm.append(plugin_entropy(x, base=None, correction="miller-madow") - hx_truth)
    assert abs(np.mean(err_mm)) < abs(np.mean(err_plug))          # smaller bias
    assert np.mean(np.abs(err_mm)) < np.mean(np.abs(err_plug))    # smaller mean error
    assert np.mean(err_plug) > 0                                   # plug-in MI biased up
    assert abs(np.mean(eh_mm)) < abs(np.mean(eh_plug)) and np.mean(eh_plug) < 0


# ---------------------------------------------------------------------------
# binned mutual information
# ---------------------------------------------------------------------------
@SOME
@given(st.integers(2, 400), st.integers(0, 10_000), st.sampled_from([None, 1, 3, 7, "sturges"]))
def test_binned_mi_equals_histogram2d(n, seed, bins):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = 0.7 * x + rng.standard_normal(n)
    b = math.ceil(round(n ** (1 / 3), 9)) if bins is None else bins
    ex, ey = np.histogram_bin_edges(x, b), np.histogram_bin_edges(y, b)
    table, _, _ = np.histogram2d(x, y, bins=[ex, ey])
    assert binned_mutual_information(x, y, bins=bins) == pytest.approx(
        mutual_information(table, normalize=True), abs=1e-12)


def test_binned_default_rule_is_cube_root():
    x, y = gaussian_pair(0.5, 1000, 0)
    assert binned_mutual_information(x, y) == binned_mutual_information(x, y, bins=10)
    x, y = gaussian_pair(0.5, 1001, 0)
    assert binned_mutual_information(x, y) == binned_mutual_information(x, y, bins=11)


# ---------------------------------------------------------------------------
# KSG
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9])
def test_ksg_close_to_truth(rho):
    x, y = gaussian_pair(rho, 10_000, seed=int(rho * 10))
    truth = gaussian_mutual_information(rho, base=None)
    assert abs(ksg_mutual_information(x, y, base=None) - truth) < 0.03


@pytest.mark.parametrize("n,k,rho,seed", [(50, 1, 0.8, 0), (200, 3, 0.6, 1), (1000, 3, 0.3, 2),
                                          (1000, 10, 0.95, 3), (20_000, 3, 0.7, 4), (5, 4, 0.9, 5)])
def test_ksg_equals_sklearn_compute_mi_cc(n, k, rho, seed):
    x, y = gaussian_pair(rho, n, seed)
    sk = _compute_mi_cc(standardised(x), standardised(y), k)
    ours = ksg_mutual_information(x, y, k=k, base=None)
    assert abs(max(ours, 0.0) - sk) <= 1e-12


@SOME
@given(st.integers(3, 300), st.integers(1, 6), st.floats(-0.99, 0.99), st.integers(0, 2 ** 31))
def test_ksg_equals_sklearn_property(n, k, rho, seed):
    k = min(k, n - 1)
    x, y = gaussian_pair(rho, n, seed)
    assert abs(max(ksg_mutual_information(x, y, k=k, base=None), 0.0)
               - _compute_mi_cc(standardised(x), standardised(y), k)) <= 1e-12


@pytest.mark.parametrize("scale", [1.0, 0.1, 0.3, 1e-7, 3.3e5])
def test_ksg_exact_at_the_radius_edge(scale):
    """Grid data (distinct values, many equal distances): counts must use |x_j - x_i| < d_i exactly."""
    rng = np.random.default_rng(11)
    n = 400
    p1 = rng.permutation(n)
    p2 = np.argsort(np.argsort(p1 + rng.normal(0, 40, n)))
    x, y = p1 * scale, p2 * scale * 0.7
    xs, ys = standardised(x), standardised(y)
    assert abs(ksg_mutual_information(x, y, base=None) - _compute_mi_cc(xs, ys, 3)) <= 1e-12
    assert abs(ksg_mutual_information(x, y, base=None) - ref_ksg(xs, ys, 3)) <= 1e-12


def test_marginal_counts_against_brute_force_and_naive_searchsorted():
    """The naive searchsorted(x ± d) miscounts on this data; ours equals brute force."""
    rng = np.random.default_rng(2)
    naive_wrong = 0
    for trial in range(300):
        n = int(rng.integers(2, 60))
        v = rng.permutation(n) * rng.choice([0.1, 0.3, 1e-9, 7.0])
        d = np.abs(v[rng.integers(0, n, n)] - v)  # radii exactly at other points' distances
        d[d == 0] = 0.5 * np.abs(v).max() + 1e-300
        want = (np.abs(v[None, :] - v[:, None]) < d[:, None]).sum(axis=1)
        assert (neighbours._count_strictly_within_1d(v.copy(), d) == want).all()
        s = np.sort(v)
        naive = np.searchsorted(s, v + d, "left") - np.searchsorted(s, v - d, "right")
        naive_wrong += int((naive != want).sum())
    assert naive_wrong > 0


def _point_cloud(kind, n, rng):
    """A 2-D sample of one of several shapes, some with repeated points and ties."""
    if kind == "gaussian":
        a = rng.standard_normal(n)
        return a, 0.6 * a + 0.8 * rng.standard_normal(n)
    if kind == "uniform":
        return rng.random(n), rng.random(n)
    if kind == "cauchy":                     # heavy tails: far outliers, very uneven density
        return rng.standard_cauchy(n), rng.standard_cauchy(n) ** 3
    if kind == "clusters":                   # tight clusters far apart, plus background
        centres = rng.normal(0, 50, (5, 2))
        pts = centres[rng.integers(0, 5, n)] + rng.normal(0, 1e-3, (n, 2))
        pts[: n // 10] = rng.normal(0, 30, (n // 10, 2))
        return pts[:, 0], pts[:, 1]
    if kind == "duplicates":                 # every point repeated several times
        base = rng.standard_normal((max(1, n // 4), 2))
        pts = base[rng.integers(0, base.shape[0], n)]
        return pts[:, 0], pts[:, 1]
    if kind == "integer grid":               # many exactly equal distances, ties in x and y
        return rng.integers(0, 8, n).astype(float), rng.integers(0, 5, n) * 0.1
    if kind == "line":                       # all points on one diagonal, one column dense
        a = rng.standard_normal(n)
        return a, a * 3.0
    raise ValueError(kind)


_CLOUDS = ["gaussian", "uniform", "cauchy", "clusters", "duplicates", "integer grid", "line"]


def _tree_kth_distance(x, y, k):
    joint = np.column_stack((x, y))
    return cKDTree(joint).query(joint, k=[k + 1], p=np.inf)[0][:, 0]


@pytest.mark.parametrize("kind", _CLOUDS)
@pytest.mark.parametrize("n", [5, 6, 17, 100, 1000, 10_000, 100_000])
def test_kth_neighbour_distance_2d_equals_ckdtree(kind, n):
    """The column search returns cKDTree's k-th max-norm distances bit for bit."""
    rng = np.random.default_rng([n, _CLOUDS.index(kind)])
    x, y = _point_cloud(kind, n, rng)
    for k in sorted({1, 3, min(7, n - 1)}):
        if n >= 100_000 and k != 3:
            continue
        got = neighbours._kth_neighbour_distance_2d(x, y, np.argsort(x), np.argsort(y), k)
        np.testing.assert_array_equal(got, _tree_kth_distance(x, y, k))


@pytest.mark.parametrize("passes", [
    ((0, 0.35, 1),),                                   # most points left to the k-d tree
    ((1, 0.05, 1), (0, 0.35, 2), (1, 2.0, 6)),          # every layout, retries on few points
    ((0, 1e-9, 1),),                                   # one point per column
    ((1, 1e9, 3),),                                    # a single column
])
@pytest.mark.parametrize("kind", _CLOUDS)
def test_kth_neighbour_distance_2d_any_passes(monkeypatch, passes, kind):
    """The pass parameters change the speed only, never the distances."""
    monkeypatch.setattr(neighbours, "_COLUMN_PASSES", passes)
    monkeypatch.setattr(neighbours, "_SEARCH_CHUNK", 64)        # many chunks, and a ragged last one
    for n in (2, 3, 9, 500, 3000):
        rng = np.random.default_rng([n, 7, _CLOUDS.index(kind)])
        x, y = _point_cloud(kind, n, rng)
        for k in sorted({1, 2, min(5, n - 1)}):
            got = neighbours._kth_neighbour_distance_2d(x, y, np.argsort(x), np.argsort(y), k)
            np.testing.assert_array_equal(got, _tree_kth_distance(x, y, k))


def test_ksg_1d_pair_same_as_kdtree_path(monkeypatch):
    """The whole estimate is unchanged when the joint search is forced onto the k-d tree."""
    x, y = gaussian_pair(0.6, 20_000, 5)
    fast = ksg_mutual_information(x, y, base=None)
    monkeypatch.setattr(neighbours, "_COLUMN_PASSES", ())       # every point goes to the tree
    assert ksg_mutual_information(x, y, base=None) == fast


def test_ksg_threads_do_not_change_the_result():
    x, y = gaussian_pair(0.7, 5000, 2)
    z = np.c_[x, x ** 3]
    assert ksg_mutual_information(x, y, workers=-1) == ksg_mutual_information(x, y)
    assert ksg_mutual_information(z, y, workers=2) == ksg_mutual_information(z, y)


@pytest.mark.parametrize("dx,dy", [(2, 1), (1, 3), (2, 2)])
def test_ksg_multivariate_against_brute_force(dx, dy):
    rng = np.random.default_rng(dx * 10 + dy)
    n = 300
    z = rng.standard_normal((n, max(dx, dy)))
    x = z[:, :dx] + 0.3 * rng.standard_normal((n, dx))
    y = z[:, :dy] + 0.5 * rng.standard_normal((n, dy))
    xs, ys = x / x.std(axis=0), y / y.std(axis=0)
    assert ksg_mutual_information(x, y, k=4, base=None) == pytest.approx(ref_ksg(xs, ys, 4), abs=1e-12)


def test_ksg_multivariate_gaussian_truth():
    """X = (X1, X2) independent normals, Y = X1 + X2 + noise: I = ½ log(1 + 2/σ²)."""
    rng = np.random.default_rng(0)
    n, sigma = 5000, 1.0
    x = rng.standard_normal((n, 2))
    y = x.sum(axis=1) + sigma * rng.standard_normal(n)
    truth = 0.5 * math.log(1 + 2 / sigma ** 2)
    assert abs(ksg_mutual_information(x, y, base=None) - truth) < 0.05


@pytest.mark.parametrize("sx,sy", [(1e-9, 1.0), (1e6, 1.0), (1.0, 1e-9), (1e6, 1e-9), (-3.0, 2.5)])
def test_ksg_scale_invariance(sx, sy):
    x, y = gaussian_pair(0.6, 3000, 5)
    base = ksg_mutual_information(x, y)
    assert ksg_mutual_information(x * sx, y * sy) == pytest.approx(base, abs=1e-9)


def test_ksg_units():
    x, y = gaussian_pair(0.6, 2000, 8)
    nats = ksg_mutual_information(x, y, base=None)
    assert ksg_mutual_information(x, y) == pytest.approx(nats / math.log(2), rel=1e-12)
    assert ksg_mutual_information(x, y, base=10) == pytest.approx(nats / math.log(10), rel=1e-12)


def test_ksg_ties_get_seeded_jitter():
    x, y = gaussian_pair(0.8, 3000, 1)
    xr = np.round(x, 1)                      # heavy ties in x; the pairs stay distinct (y is not rounded)
    a = ksg_mutual_information(xr, y, seed=0)
    assert math.isfinite(a)
    assert a == ksg_mutual_information(xr, y, seed=0)          # reproducible
    assert a != ksg_mutual_information(xr, y, seed=1)          # the jitter is random
    truth = gaussian_mutual_information(0.8)
    assert abs(a - truth) < 0.1
    # the documented jitter, rebuilt here (only the tied column), then scikit-learn's algorithm
    rng = np.random.default_rng(0)
    xs, ys = standardised(xr), standardised(y)
    xs = xs + 1e-10 * max(1.0, np.mean(np.abs(xs))) * rng.standard_normal(xs.size)
    assert abs(ksg_mutual_information(xr, y, base=None) - _compute_mi_cc(xs, ys, 3)) <= 1e-12
    # untied data: the seed is not used at all
    assert ksg_mutual_information(x, y, seed=0) == ksg_mutual_information(x, y, seed=123)


@pytest.mark.parametrize("repeat", ["every point twice", "one pair", "integers"])
def test_neighbour_estimators_refuse_repeated_samples(repeat):
    """A repeated sample puts a neighbour at distance 0: every point repeated twice gave
    1.58 nats for a true 0.83 through the jitter. Now a ValueError names the rows."""
    rng = np.random.default_rng(5)
    xy = rng.multivariate_normal([0, 0], [[1, 0.9], [0.9, 1]], 600)
    if repeat == "every point twice":
        xy, first = np.repeat(xy, 2, axis=0), (0, 1)
    elif repeat == "one pair":
        xy[400] = xy[17]
        first = (17, 400)
    else:
        a = rng.integers(0, 5, 600)
        xy = np.column_stack((a, a + rng.integers(0, 2, 600))).astype(float)
        j = next(j for j in range(600) if any((xy[i] == xy[j]).all() for i in range(j)))
        first = (next(i for i in range(j) if (xy[i] == xy[j]).all()), j)
    x, y = xy[:, 0], xy[:, 1]
    message = f"row {first[1]} equals row {first[0]}"
    for call in (lambda: ksg_mutual_information(x, y), lambda: knn_entropy(xy),
                 lambda: ksg_conditional_mutual_information(x, y, xy[:, 0])):
        with pytest.raises(ValueError, match="repeated samples") as info:
            call()
        assert message in str(info.value)
    # ties within one column but distinct pairs are not repeats (the jitter handles them)
    assert math.isfinite(ksg_mutual_information(np.round(x, 1), y + rng.normal(0, 1e-3, y.size)))


def test_ksg_is_raw_and_can_be_negative():
    values = []
    for seed in range(20):
        x, y = gaussian_pair(0.0, 300, seed)
        values.append(ksg_mutual_information(x, y, base=None))
        assert abs(max(values[-1], 0.0) - _compute_mi_cc(standardised(x), standardised(y), 3)) <= 1e-12
    assert min(values) < 0  # independent data: some raw estimates fall below zero


# ---------------------------------------------------------------------------
# InfoNCE
# ---------------------------------------------------------------------------
def ref_infonce(scores):
    n = len(scores)
    total = 0.0
    for i in range(n):
        total += scores[i][i] - math.log(sum(math.exp(s) for s in scores[i]))
    return math.log(n) + total / n


score_matrices = st.integers(2, 12).flatmap(
    lambda n: hnp.arrays(np.float64, (n, n), elements=st.floats(-30, 30)))


@PROPS
@given(score_matrices)
def test_infonce_matches_reference_and_bound(scores):
    value = infonce(scores, base=None)
    n = scores.shape[0]
    assert value == pytest.approx(ref_infonce(scores.tolist()), abs=1e-9)
    assert value <= math.log(n)
    assert infonce(scores) <= infonce_upper_bound(n)


@PROPS
@given(score_matrices, st.floats(-1e300, 1e300), st.floats(1e-3, 1e3))
def test_infonce_bound_for_extreme_scores(scores, shift, stretch):
    n = scores.shape[0]
    value = infonce(scores * stretch + shift, base=None)
    assert math.isfinite(value) and value <= math.log(n)


@SOME
@given(st.integers(2, 64), st.floats(-0.99, 0.99), st.integers(0, 10 ** 6),
       st.sampled_from(["pmi", "bilinear", "constant", "random", "distance", "cubic"]))
def test_infonce_never_exceeds_log_n_for_any_critic(n, rho, seed, kind):
    x, y = gaussian_pair(rho, n, seed)
    rng = np.random.default_rng(seed)
    c = float(rng.normal() * 5)
    critics = {
        "pmi": lambda a, b: -(rho ** 2 * (a ** 2 + b ** 2) - 2 * rho * a * b) / (2 * (1 - rho ** 2)),
        "bilinear": lambda a, b: c * a * b,
        "constant": lambda a, b: np.zeros(np.broadcast(a, b).shape),
        "random": lambda a, b: rng.normal(0, 10, np.broadcast(a, b).shape),
        "distance": lambda a, b: -c * c * np.abs(a - b),
        "cubic": lambda a, b: c * (a - b) ** 3,
    }
    value = infonce(critics[kind], x=x, y=y, base=None)
    assert value <= math.log(n)
    assert infonce(critics[kind], x=x, y=y, base=2) <= infonce_upper_bound(n)


def test_infonce_closed_forms_and_saturation():
    n = 16
    assert infonce(np.zeros((n, n))) == 0.0
    a, b = 2.0, -1.0
    s = np.full((n, n), b)
    np.fill_diagonal(s, a)
    assert infonce(s, base=None) == pytest.approx(math.log(n) + a - math.log(math.exp(a) + (n - 1) * math.exp(b)))
    perfect = np.full((n, n), -np.inf)
    np.fill_diagonal(perfect, 0.0)
    assert infonce(perfect) == 4.0
    # strongly dependent pair (I ≈ 3.1 nats) with the optimal critic: capped by log 8 ≈ 2.08 nats
    rho = 0.999
    x, y = gaussian_pair(rho, 8, 0)
    pmi = lambda u, v: -(rho ** 2 * (u ** 2 + v ** 2) - 2 * rho * u * v) / (2 * (1 - rho ** 2))  # noqa: E731
    value = infonce(pmi, x=x, y=y, base=None)
    assert value <= math.log(8) < gaussian_mutual_information(rho, base=None)


def test_infonce_function_equals_matrix_and_multivariate():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 3))
    y = x + rng.standard_normal((10, 3))
    f = lambda a, b: -np.sum((a - b) ** 2, axis=-1)  # noqa: E731
    matrix = np.array([[f(xi, yj) for yj in y] for xi in x])
    assert infonce(f, x=x, y=y) == pytest.approx(infonce(matrix), abs=1e-12)
    x1 = rng.standard_normal(10)
    g = lambda a, b: a * b  # noqa: E731
    assert infonce(g, x=x1, y=2 * x1) == pytest.approx(infonce(np.outer(x1, 2 * x1)), abs=1e-12)


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("call,message", [
    (lambda: plugin_mutual_information([1, 2, 3], [1, 2]), "x and y must have the same number of samples"),
    (lambda: plugin_mutual_information([1], [1]), "x has 1 sample; at least 2"),
    (lambda: plugin_mutual_information([], []), "x has 0 samples"),
    (lambda: plugin_mutual_information([1.0, np.nan], [1, 2]), "x has a NaN entry"),
    (lambda: plugin_mutual_information([1, 2], [1.0, np.inf]), "y has an infinite entry"),
    (lambda: plugin_mutual_information([[1, 2]], [[1, 2]]), "x must be a 1-D array of labels"),
    (lambda: plugin_mutual_information([1, None], [1, 2]), "x has a missing value (None at index 1"),
    (lambda: plugin_mutual_information(np.array([1, "a"], dtype=object), [1, 2]),
     "x has labels that cannot be compared"),
    (lambda: plugin_entropy(np.array([np.nan] * 200, dtype=object)), "x has a missing value (nan at index 0"),
    (lambda: contingency_counts(["a", "b"], np.array([1.0, np.nan], dtype=object)),
     "y has a missing value (nan at index 1"),
    (lambda: contingency_counts(np.arange(10_000), np.arange(10_000)), "pass sparse=True"),
    (lambda: infonce(np.eye(3) * 1j), "critic returned complex scores"),
    (lambda: infonce(lambda a, b: (a - b) * 1j, x=[1.0, 2.0], y=[1.0, 2.0]), "returned complex scores"),
    (lambda: plugin_mutual_information([1, 2], [1, 2], correction="jackknife"), "correction must be"),
    (lambda: plugin_mutual_information([1, 2], [1, 2], base=1), "base must not be 1"),
    (lambda: plugin_entropy([3]), "x has 1 sample"),
    (lambda: ksg_mutual_information(np.arange(5.0), np.arange(5.0)[::-1], k=5), "k must be smaller than the number of samples (5)"),
    (lambda: ksg_mutual_information(np.arange(5.0), np.arange(5.0), k=0), "k must be ≥ 1"),
    (lambda: ksg_mutual_information(np.arange(5.0), np.arange(5.0), k=2.5), "k must be a whole number"),
    (lambda: ksg_mutual_information([1.0], [2.0]), "x has 1 sample; at least 2"),
    (lambda: ksg_mutual_information(np.arange(5.0), np.arange(4.0)), "x and y must have the same number of samples"),
    (lambda: ksg_mutual_information([1.0, np.nan, 2.0], [1.0, 2.0, 3.0]), "x has a non-finite sample"),
    (lambda: ksg_mutual_information([1.0, 2.0, 3.0], [1.0, -np.inf, 3.0]), "y has a non-finite sample"),
    (lambda: ksg_mutual_information([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], k=1), "x is constant"),
    (lambda: ksg_mutual_information(np.zeros((3, 2, 2)), np.zeros(3)), "x must be 1-D"),
    (lambda: ksg_mutual_information(["a", "b"], [1.0, 2.0]), "x must be an array of numbers"),
    (lambda: ksg_mutual_information(np.arange(5.0), np.arange(5.0), workers=0), "workers must be -1 (all CPUs) or a whole number ≥ 1"),
    (lambda: binned_mutual_information([1.0, 2.0], [1.0, 2.0], bins=0), "bins must be ≥ 1"),
    (lambda: binned_mutual_information([1.0, 2.0], [1.0, 2.0], bins="nope"), "bins:"),
    (lambda: binned_mutual_information(np.zeros((3, 2)), np.zeros(3)), "x must be 1-D for binning"),
    (lambda: infonce(np.zeros((2, 3))), "critic must be a square"),
    (lambda: infonce(np.zeros((1, 1))), "critic has 1 sample"),
    (lambda: infonce(np.array([[np.nan, 0], [0, 0]])), "critic has NaN or +inf scores"),
    (lambda: infonce(np.array([[-np.inf, 0], [0, 0]])), "scores a true pair (diagonal) as -inf"),
    (lambda: infonce(lambda a, b: a * b), "x and y are needed with a critic function"),
    (lambda: infonce(np.zeros((2, 2)), x=[1, 2], y=[1, 2]), "x and y must not be given with a score matrix"),
    (lambda: infonce(lambda a, b: a, x=[1.0, 2.0], y=[1.0, 2.0]), "must return an array of shape (2, 2)"),
    (lambda: infonce("scores"), "critic must be a function or a square score matrix"),
    (lambda: infonce_upper_bound(0), "n must be ≥ 1"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)
    first = str(info.value).split()[0].rstrip(":")
    assert first in {"x", "y", "k", "bins", "critic", "correction", "workers", "base", "n"} \
        or first.startswith("critic(x[")


def test_public_names_exported():
    for name in est.__all__:
        assert getattr(infolib, name) is getattr(est, name)
        assert name in infolib.__all__


def test_public_names_live_in_their_family_module():
    """The package keeps one module per family; each public name is defined in one of them."""
    families = {"counts", "neighbours", "variational", "significance"}
    for name in est.__all__:
        module = getattr(est, name).__module__
        assert module.rsplit(".", 1)[0] == "infolib.estimators" and module.rsplit(".", 1)[1] in families


def test_doctests():
    import importlib
    import pkgutil

    attempted = 0
    for info in pkgutil.iter_modules(est.__path__):
        module = importlib.import_module(f"infolib.estimators.{info.name}")
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, info.name
        attempted += result.attempted
    assert attempted >= 10


def test_plugin_mi_sparse_integer_ranges_and_mixed_paths():
    """Integers over a wide range with few values (offset codes, compressed) and a hashed partner."""
    rng = np.random.default_rng(9)
    n = 30_000
    x = rng.choice(np.arange(0, 1_000_000, 331), 3000, replace=False)[rng.integers(0, 3000, n)]
    y = (x // 331) % 50 + rng.integers(0, 2, n)
    cx, cy = counts._Coder(x), counts._Coder(y)
    assert cx.kind == cy.kind == "offset" and cx.k * cy.k > counts._MAX_TABLE
    want = sk_mi(x, y)
    assert plugin_mutual_information(x, y, base=None) == pytest.approx(want, abs=1e-12)
    huge = rng.integers(-2 ** 62, 2 ** 62, 5000)
    z = huge[rng.integers(0, 5000, n)]
    for a, b in ((x, z), (z, x), (z, np.array([f"s{v % 50}" for v in x]))):
        assert plugin_mutual_information(a, b, base=None) == pytest.approx(sk_mi(a, b), abs=1e-12)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "numpy"])
@pytest.mark.parametrize("case", ["below_lo_x", "below_lo_y", "negative_later", "huge_later",
                                  "aliasing_pair", "wide_later", "inverse_of_ky"])
def test_fused_small_range_counts_survive_chunks_that_leave_the_ranges(monkeypatch, case, compiled):
    """The fused pass checks each chunk against the ranges of the chunks before it with one
    unsigned maximum per array where it can (counts._fused_small_range_table), or the compiled
    loop stops at the first pair outside them; a later chunk below, above or far outside them
    must widen the table or hand over to the general coders, never alias into another cell.
    Chunks of 64 samples; compared with scikit-learn, with and without the compiled loop."""
    monkeypatch.setattr(counts, "_BIG_CHUNK", 64)
    if not compiled:
        monkeypatch.setattr(counts, "_pair_counts", None)
    rng = np.random.default_rng(["below_lo_x", "below_lo_y", "negative_later", "huge_later",
                                 "aliasing_pair", "wide_later", "inverse_of_ky"].index(case))
    n = 640
    x = rng.integers(10, 20, n)
    y = rng.integers(5, 8, n)                       # lo_y = 5 > 0: the minimum of y is read too
    tail = slice(600, 640)                          # the last chunk
    if case == "below_lo_x":
        x[tail] = rng.integers(0, 10, 40)
    elif case == "below_lo_y":
        y[tail] = rng.integers(0, 5, 40)
    elif case == "negative_later":
        x[tail] = -rng.integers(1, 5, 40)
    elif case == "huge_later":
        x[tail] = 2 ** 62 + rng.integers(0, 3, 40)
    elif case == "aliasing_pair":                  # (lo_x + 1, lo_y - 1) would code as (lo_x, hi_y)
        x[tail], y[tail] = 11, 4
    elif case == "wide_later":
        y[tail] = 0
        y[:64] = rng.integers(0, 3, 64)            # lo_y = 0: one unsigned maximum checks y
        x[tail] = 10_000
    elif case == "inverse_of_ky":                  # x · K_y wraps around to a small code
        ky = 3
        y[:] = rng.integers(0, ky, n)
        x[tail] = pow(ky, -1, 1 << 64) - (1 << 64) + 10   # negative as int64; x · 3 ≡ 30 + 1
    want = sk_mi(x, y)
    assert plugin_mutual_information(x, y, base=None) == pytest.approx(want, abs=1e-12)
    table = counts.contingency_counts(x, y)
    _, joint = np.unique(np.stack([x, y]), axis=1, return_counts=True)
    assert np.array_equal(np.sort(table[table > 0].ravel()), np.sort(joint))


def test_the_compiled_pair_counter_is_built():
    """setup.py builds it (optional, so a machine without a compiler still installs infolib);
    here, where the benchmark runs, it must be there, or the codes target is measured on numpy."""
    assert counts._pair_counts is not None


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "numpy"])
@pytest.mark.parametrize("types", [("int8", "int8"), ("uint16", "uint16"), ("int32", "uint8"),
                                   ("uint32", "int64"), ("int64", "int64")])
def test_small_range_joint_counts_of_every_integer_type(monkeypatch, types, compiled):
    """Every integer type, mixed types, negative values and a strided view: the joint table equals
    a count with numpy.unique, through the compiled loop and through numpy."""
    if not compiled:
        monkeypatch.setattr(counts, "_pair_counts", None)
    monkeypatch.setattr(counts, "_BIG_CHUNK", 128)
    rng = np.random.default_rng(len(types[0]) * 7 + len(types[1]))
    n = 3000
    lo = {"i": -20, "u": 0}
    x = rng.integers(lo[np.dtype(types[0]).kind], 40, 2 * n).astype(types[0])[::2]   # strided
    y = (rng.integers(0, 30, n) + (x[:n] % 7)).astype(types[1])
    y[-50:] = 90                                           # a late widening of y's range
    table = counts.contingency_counts(x, y)
    _, joint = np.unique(np.stack([x.astype(np.int64), y.astype(np.int64)]), axis=1,
                         return_counts=True)
    assert np.array_equal(np.sort(table[table > 0].ravel()), np.sort(joint))
    assert plugin_mutual_information(x, y, base=None) == pytest.approx(sk_mi(x, y), abs=1e-12)


@pytest.mark.parametrize("n, table_cells", [(1, 1 << 21), (17, 1 << 21), (5000, 1 << 21),
                                            (5000, 1 << 16), (5000, 0), (40_000, 1 << 21)])
def test_dominance_counts_equal_a_direct_count(monkeypatch, n, table_cells):
    """``#{p < a : perm[p] < b}`` by the merge-sort levels (tables of cumulative counts where a
    level has few blocks, sorted keys where it has many; ``table_cells`` moves the switch)
    equals the count done directly, for queries at the edges (0, n) and inside."""
    monkeypatch.setattr(neighbours, "_DOMINANCE_TABLE", table_cells)
    rng = np.random.default_rng(n + table_cells)
    perm = rng.permutation(n).astype(np.int64)
    q = 3000
    a = np.concatenate(([0, n, n, 0], rng.integers(0, n + 1, q))).astype(np.int64)
    b = np.concatenate(([n, n, 0, 0], rng.integers(0, n + 1, q))).astype(np.int64)
    got = neighbours._dominance_counts(perm, a, b)
    want = np.array([np.count_nonzero(perm[:ai] < bi) for ai, bi in zip(a, b)])
    assert np.array_equal(got, want)


@pytest.mark.parametrize("n", [50, 5000])
def test_two_column_counts_equal_a_ckdtree_ball_count(n):
    """The rectangle counts of a two-column space equal cKDTree's max-norm ball counts with the
    radius just below d_i (strictly closer), ties in a column included."""
    rng = np.random.default_rng(n)
    arr = np.round(rng.standard_normal((n, 2)), 1)            # ties in each column
    d = np.abs(rng.standard_normal(n)) * 0.3 + 0.05
    orders = [np.argsort(arr[:, c]) for c in range(2)]
    got = neighbours._count_strictly_within_2d(arr, d, orders)
    tree = cKDTree(arr)
    want = tree.query_ball_point(arr, np.nextafter(d, 0), p=np.inf, return_length=True)
    assert np.array_equal(got, want)
