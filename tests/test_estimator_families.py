"""Tests of the newer estimators (issue 14): against the peers' values (NPEET, infomeasure, in
tests/data/peer_values.json, written by benchmarks/peer_values.py), against independent
brute-force code written here, closed forms, and the identities the book states.
"""
import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

import infolib
from benchmarks.peer_values import CASES, dataset, standardised
from infolib import (contingency_counts, gaussian_entropy, knn_entropy,
                     ksg_conditional_mutual_information, ksg_mutual_information, permutation_test,
                     plugin_conditional_mutual_information, plugin_entropy,
                     plugin_mutual_information)
from infolib.estimators import neighbours, significance

ROOT = Path(__file__).resolve().parents[1]
PEERS = json.loads((ROOT / "tests" / "data" / "peer_values.json").read_text(encoding="utf-8"))["values"]

pytestmark = pytest.mark.filterwarnings("error")


# ---------------------------------------------------------------------------------------------
# independent implementations (numpy only, all pairs)
# ---------------------------------------------------------------------------------------------
def _cheb(a):
    a = np.asarray(a, dtype=float).reshape(len(a), -1)
    return np.abs(a[:, None, :] - a[None, :, :]).max(axis=2)


def _kth(dist, k):
    return np.sort(dist, axis=1)[:, k]          # column 0 is the sample itself, at 0


def brute_knn_entropy(x, k):
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    n, d = x.shape
    eps = _kth(_cheb(x), k)
    return scipy.special.digamma(n) - scipy.special.digamma(k) + d * np.mean(np.log(2 * eps))


def brute_ksg_cmi(x, y, z, k):
    x, y, z = (standardised(v) for v in (x, y, z))
    dx, dy, dz = _cheb(x), _cheb(y), _cheb(z)
    eps = _kth(np.maximum(np.maximum(dx, dy), dz), k)[:, None]
    counts = [(np.maximum(a, dz) < eps).sum(axis=1) - 1 for a in (dx, dy)] + [(dz < eps).sum(axis=1) - 1]
    psi = scipy.special.digamma
    return psi(k) - np.mean(psi(counts[0] + 1)) - np.mean(psi(counts[1] + 1)) + np.mean(psi(counts[2] + 1))


def brute_ksg_mi(x, y, k):
    x, y = standardised(x), standardised(y)
    dx, dy = _cheb(x), _cheb(y)
    eps = _kth(np.maximum(dx, dy), k)[:, None]
    nx, ny = (dx < eps).sum(axis=1) - 1, (dy < eps).sum(axis=1) - 1
    psi = scipy.special.digamma
    return psi(len(x)) + psi(k) - np.mean(psi(nx + 1)) - np.mean(psi(ny + 1))


def counter_cmi(x, y, z):
    """Σ n_abc/N ln(n_abc n_c / (n_ac n_bc)) from Python counters (nats)."""
    n = len(x)
    nxyz = Counter(zip(x, y, z))
    nxz, nyz, nz = Counter(zip(x, z)), Counter(zip(y, z)), Counter(z)
    return sum(c / n * math.log(c * nz[cz] / (nxz[a, cz] * nyz[b, cz])) for (a, b, cz), c in nxyz.items())


def chao_shen_from_paper(labels):
    """Chao & Shen (2003): coverage-adjusted Horvitz–Thompson entropy, in nats."""
    counts = np.array(list(Counter(labels).values()), dtype=float)
    n = counts.sum()
    f1 = np.sum(counts == 1)
    if f1 == n:
        f1 = n - 1
    p = (1 - f1 / n) * counts / n
    return float(np.sum(-p * np.log(p) / (1 - (1 - p) ** n)))


# ---------------------------------------------------------------------------------------------
# the peers' values
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("ksg_mi")])
def test_ksg_mi_equals_npeet_and_infomeasure(case):
    x, y = dataset(case)
    ours = ksg_mutual_information(x, y, base=None)
    assert ours == pytest.approx(PEERS[case]["npeet"], abs=1e-12)
    assert ours == pytest.approx(PEERS[case]["infomeasure"], abs=1e-12)
    assert ours == pytest.approx(brute_ksg_mi(x, y, 3), abs=1e-12)


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("knn_entropy")])
def test_knn_entropy_equals_npeet_and_brute_force(case):
    x, _ = dataset(case)
    ours = knn_entropy(x, base=None)
    assert ours == pytest.approx(PEERS[case]["npeet"], abs=1e-12)
    assert ours == pytest.approx(brute_knn_entropy(x, 3), abs=1e-12)
    assert knn_entropy(x) == pytest.approx(ours / math.log(2), rel=1e-13)     # bits by default


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("ksg_cmi")])
def test_frenzel_pompe_equals_npeet_and_brute_force(case):
    x, y, z = dataset(case)
    ours = ksg_conditional_mutual_information(x, y, z, base=None)
    assert ours == pytest.approx(PEERS[case]["npeet"], abs=1e-12)
    assert ours == pytest.approx(brute_ksg_cmi(x, y, z, 3), abs=1e-12)


@pytest.mark.parametrize("case", ["chao_shen", "chao_shen_sparse"])
def test_chao_shen_equals_infomeasure_and_the_paper(case):
    x, y = dataset(case)
    h = plugin_entropy(x, base=None, correction="chao-shen")
    assert h == pytest.approx(PEERS[case]["infomeasure_entropy"], abs=1e-12)
    assert h == pytest.approx(chao_shen_from_paper(x.tolist()), abs=1e-12)
    mi = plugin_mutual_information(x, y, base=None, correction="chao-shen")
    assert mi == pytest.approx(PEERS[case]["infomeasure_mi"], abs=1e-12)
    pairs = list(zip(x.tolist(), y.tolist()))
    assert mi == pytest.approx(chao_shen_from_paper(x.tolist()) + chao_shen_from_paper(y.tolist())
                               - chao_shen_from_paper(pairs), abs=1e-12)


def test_plugin_cmi_equals_infomeasure_and_counters():
    x, y, z = dataset("plugin_cmi")
    ours = plugin_conditional_mutual_information(x, y, z, base=None)
    assert ours == pytest.approx(PEERS["plugin_cmi"]["infomeasure"], abs=1e-12)
    assert ours == pytest.approx(counter_cmi(x.tolist(), y.tolist(), z.tolist()), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# identities and closed forms
# ---------------------------------------------------------------------------------------------
labels = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)), min_size=2,
                  max_size=60)


@settings(max_examples=60)
@given(labels, st.sampled_from([None, "miller-madow", "chao-shen"]))
def test_chain_rule_of_plugin_cmi(rows, correction):
    """I(X; Y, Z) = I(X; Z) + I(X; Y | Z) between estimates of one sample, for each correction."""
    x, y, z = (np.array(c) for c in zip(*rows))
    yz = y * 10 + z
    whole = plugin_mutual_information(x, yz, correction=correction)
    parts = (plugin_mutual_information(x, z, correction=correction)
             + plugin_conditional_mutual_information(x, y, z, correction=correction))
    assert whole == pytest.approx(parts, abs=1e-12)


@settings(max_examples=40)
@given(labels)
def test_plugin_cmi_with_a_constant_z_is_plugin_mi_and_never_negative(rows):
    x, y, z = (np.array(c) for c in zip(*rows))
    assert plugin_conditional_mutual_information(x, y, np.zeros_like(x)) == pytest.approx(
        plugin_mutual_information(x, y), abs=1e-12)
    assert plugin_conditional_mutual_information(x, y, z) >= 0.0


def test_plugin_cmi_of_xor_exceeds_the_mi():
    """Conditioning can increase information: X, Z fair coins, Y = X xor Z: I(X;Y) = 0 and
    I(X;Y|Z) = 1 bit exactly (every one of the four (x, z) cells present equally)."""
    x = np.array([0, 0, 1, 1] * 25)
    z = np.array([0, 1, 0, 1] * 25)
    y = x ^ z
    assert plugin_mutual_information(x, y) == 0.0
    assert plugin_conditional_mutual_information(x, y, z) == 1.0


def test_knn_entropy_doubles_exactly():
    """Doubling the samples (exact in floating point) doubles every distance: the estimate
    grows by exactly d bits, as h(2X) = h(X) + d bits does."""
    x, _ = dataset("knn_entropy_3d")
    assert knn_entropy(2 * x) == pytest.approx(knn_entropy(x) + 3, abs=1e-12)


@pytest.mark.parametrize("d", [1, 2])
def test_knn_entropy_of_gaussians_is_near_the_closed_form(d):
    """20 seeded data sets of N = 4000: the mean estimate lies within 4 standard errors
    (plus a bias allowance of 0.02 nats, KL's bias at this N and d) of h = d/2 ln(2πe)."""
    truth = d * 0.5 * math.log(2 * math.pi * math.e)
    assert truth == pytest.approx(gaussian_entropy(cov=np.eye(d), base=None), rel=1e-12)
    est = [knn_entropy(np.random.default_rng([d, s]).standard_normal((4000, d)), base=None) for s in range(20)]
    se = np.std(est, ddof=1) / math.sqrt(len(est))
    assert abs(np.mean(est) - truth) < 4 * se + 0.02


def test_frenzel_pompe_on_a_gaussian_chain():
    """X → Z → Y Gaussian: I(X; Y | Z) = 0 while I(X; Y) > 0; with a direct path the closed
    form is -½ ln(1 - ρ²) of the partial correlation. 10 seeded sets of N = 3000."""
    def sample(seed, direct):
        rng = np.random.default_rng(seed)
        x = rng.standard_normal(3000)
        z = x + rng.standard_normal(3000)
        y = z + direct * x + rng.standard_normal(3000)
        return x, y, z

    for direct in (0.0, 0.5):
        # partial correlation of X and Y given Z from the covariance of (x, y, z)
        cov = np.array([[1, 1 + direct, 1], [1 + direct, (1 + direct) ** 2 + 2, 2 + direct],
                        [1, 2 + direct, 2]], dtype=float)
        prec = np.linalg.inv(cov)
        rho = -prec[0, 1] / math.sqrt(prec[0, 0] * prec[1, 1])
        truth = -0.5 * math.log(1 - rho ** 2)
        est = [ksg_conditional_mutual_information(*sample(s, direct), base=None) for s in range(10)]
        se = np.std(est, ddof=1) / math.sqrt(len(est))
        assert abs(np.mean(est) - truth) < 4 * se + 0.02
        if direct == 0.0:
            assert ksg_mutual_information(*sample(0, direct)[:2], base=None) > 0.2


@settings(max_examples=40)
@given(st.integers(2, 60), st.integers(1, 5), st.integers(0, 10 ** 6))
def test_kth_distance_in_one_dimension_equals_all_pairs(n, k, seed):
    k = min(k, n - 1)
    v = np.random.default_rng(seed).standard_normal(n)
    got = neighbours._kth_neighbour_distance_1d(v, np.argsort(v), k)
    assert np.array_equal(got, _kth(_cheb(v), k))


@pytest.mark.parametrize("dims", [(1, 2), (3, 3), (4, 1)])
def test_brute_force_and_tree_paths_agree(dims, monkeypatch):
    """The same distances and counts (the mean is summed in another order: 1e-15)."""
    rng = np.random.default_rng(sum(dims))
    x, y = rng.standard_normal((700, dims[0])), rng.standard_normal((700, dims[1]))
    y[:, 0] += x[:, 0]
    monkeypatch.setattr(neighbours, "_BRUTE_COLUMNS", 1)
    monkeypatch.setattr(neighbours, "_BRUTE_WORK", 1 << 60)
    brute = [ksg_mutual_information(x, y, base=None), knn_entropy(x, base=None),
             ksg_conditional_mutual_information(x, y[:, :1], y[:, -1:], base=None)]
    monkeypatch.setattr(neighbours, "_BRUTE_WORK", 0)
    tree = [ksg_mutual_information(x, y, base=None), knn_entropy(x, base=None),
            ksg_conditional_mutual_information(x, y[:, :1], y[:, -1:], base=None)]
    assert tree == pytest.approx(brute, abs=1e-13)
    assert brute[0] == pytest.approx(brute_ksg_mi(x, y, 3), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# permutation test
# ---------------------------------------------------------------------------------------------
def test_permutation_p_value_is_its_definition():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 3, 120)
    y = (x + (rng.random(120) < 0.3)) % 3
    r = permutation_test(x, y, permutations=99, seed=2)
    assert r.permutations == 99 and r.null.shape == (99,)
    assert r.estimate == plugin_mutual_information(x, y)
    assert r.p_value == (1 + np.count_nonzero(r.null >= r.estimate - 1e-12)) / 100
    assert r.p_value in {j / 100 for j in range(1, 101)}


def test_vectorised_null_equals_scikit_learn_on_the_same_permutations():
    rng = np.random.default_rng(8)
    x, y = rng.integers(0, 5, 300), rng.integers(0, 7, 300)
    perms = np.array([rng.permutation(300) for _ in range(40)])
    drawn = iter(perms)
    observed, null = significance._vectorised_plugin_null(
        x, y, 40, lambda rows: np.array([next(drawn) for _ in range(rows)]).reshape(rows, 300), math.e)
    assert observed == pytest.approx(mutual_info_score(x, y), abs=1e-13)
    assert np.allclose(null, [mutual_info_score(x, y[p]) for p in perms], rtol=0, atol=1e-13)


def test_permutation_test_with_an_estimator_function():
    rng = np.random.default_rng(9)
    x = rng.standard_normal(200)
    y = 0.5 * x + rng.standard_normal(200)
    r = permutation_test(x, y, estimator=ksg_mutual_information, permutations=49, seed=3)
    again = np.random.default_rng(3)
    null = [ksg_mutual_information(x, y[again.permutation(200)]) for _ in range(49)]
    assert np.array_equal(r.null, null)
    assert r.p_value == (1 + sum(v >= r.estimate - 1e-12 for v in null)) / 50


def test_permutation_test_holds_its_level_under_independence():
    """300 independent data sets: the rate of p ≤ 0.1 is at most 0.1 plus 3 binomial
    standard errors (the theorem: Pr(p ≤ α) ≤ α)."""
    rejections = 0
    for s in range(300):
        rng = np.random.default_rng([10, s])
        rejections += permutation_test(rng.integers(0, 4, 60), rng.integers(0, 3, 60),
                                       permutations=39, seed=s).p_value <= 0.1
    rate, se = rejections / 300, math.sqrt(0.1 * 0.9 / 300)
    assert rate <= 0.1 + 3 * se


@pytest.mark.parametrize("bad, message", [
    (dict(permutations=0), "permutations"),
    (dict(estimator="ksg"), "estimator must be a function"),
    (dict(estimator=lambda a, b: float("nan")), "finite number"),
    (dict(estimator=lambda a, b: "high"), "must return a number"),
])
def test_permutation_test_validation(bad, message):
    with pytest.raises(ValueError, match=message):
        permutation_test([1, 2, 1, 2], [1, 1, 2, 2], **bad)


# ---------------------------------------------------------------------------------------------
# tables, memory, InfoNCE in blocks
# ---------------------------------------------------------------------------------------------
@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from("abcd")), min_size=2, max_size=50))
def test_sparse_contingency_table_equals_dense_and_scikit_learn(rows):
    x, y = (np.array(c) for c in zip(*rows))
    sparse = contingency_counts(x, y, sparse=True)
    assert scipy.sparse.issparse(sparse)
    assert np.array_equal(sparse.toarray(), contingency_counts(x, y))
    assert np.array_equal(sparse.toarray(), contingency_matrix(x, y, sparse=True).toarray())


def test_memory_stays_linear_for_sixty_thousand_labels():
    """Under a 1.5 GB address-space cap (a dense 60,000² table is 26.8 GiB): plug-in MI and the
    sparse table run; the dense table is refused with its size before anything is allocated."""
    code = r"""
import resource, numpy as np, infolib
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
x = np.random.default_rng(0).permutation(60_000)
y = np.arange(60_000)
print(round(infolib.plugin_mutual_information(x, y), 6))
t = infolib.contingency_counts(x, y, sparse=True)
print(t.shape, t.nnz)
try:
    infolib.contingency_counts(x, y)
except ValueError as e:
    print("refused:", "26.8 GiB" in str(e))
"""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split("\n")[:3] == [f"{math.log2(60_000):.6f}", "(60000, 60000) 60000",
                                           "refused: True"]


def test_infonce_calls_the_critic_on_blocks_and_equals_the_full_matrix(monkeypatch):
    from infolib.estimators import variational

    rng = np.random.default_rng(11)
    x = rng.standard_normal(500)
    y = x + rng.standard_normal(500)
    shapes = []

    def critic(a, b):
        shapes.append(np.broadcast_shapes(a.shape, b.shape))
        return -(a - b) ** 2

    monkeypatch.setattr(variational, "_BLOCK", 500 * 64)
    est = infolib.infonce(critic, x=x, y=y, base=None)
    s = -(x[:, None] - y[None, :]) ** 2
    ref = math.log(500) + np.mean(np.diag(s) - scipy.special.logsumexp(s, axis=1))
    assert est == pytest.approx(ref, abs=1e-12)
    assert max(r for r, _ in shapes) == 64 and sum(r for r, _ in shapes) == 500


@pytest.mark.parametrize("call, message", [
    (lambda: knn_entropy(np.arange(5.0), k=5), "k must be smaller than the number of samples (5)"),
    (lambda: knn_entropy([1.0, np.nan, 2.0]), "x has a non-finite sample"),
    (lambda: knn_entropy(np.arange(4.0), base=-1), "base"),
    (lambda: ksg_conditional_mutual_information(np.arange(5.0), np.arange(5.0), np.arange(4.0)),
     "x and z must have the same number of samples"),
    (lambda: ksg_conditional_mutual_information(np.arange(5.0), np.ones(5), np.arange(5.0)),
     "y is constant"),
    (lambda: plugin_conditional_mutual_information([1, 2], [1, 2], [1, 2, 3]),
     "x and z must have the same number of samples"),
    (lambda: plugin_conditional_mutual_information([1, 2], [1, 2], np.array([1, None], dtype=object)),
     "z has a missing value (None at index 1"),
    (lambda: plugin_entropy([1, 2, 2], correction="nsb"), "correction must be None, 'miller-madow' or 'chao-shen'"),
    (lambda: contingency_counts([1, 2], [1, 2], sparse="yes"), "sparse must be True or False"),
])
def test_new_estimators_name_the_bad_argument(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)
