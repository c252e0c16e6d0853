"""The chapter's figures and their computations (infolib.plots.estimation)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mutual_info_score

from infolib import binned_mutual_information, gaussian_mutual_information, plots
from infolib.plots import estimation
from infolib.widgets import render_png


def binned_mi_oracle(x, y, bins):
    """Binned plug-in MI in bits, written independently: numpy's histogram edges, scikit-learn's MI."""
    codes = []
    for v in (x, y):
        edges = np.histogram_bin_edges(v, bins=bins)
        codes.append(np.clip(np.digitize(v, edges[1:-1], right=False), 0, bins - 1))
    return mutual_info_score(codes[0], codes[1]) / math.log(2), codes


def miller_madow_oracle(x, y, bins):
    mi, (cx, cy) = binned_mi_oracle(x, y, bins)
    n = len(x)
    m_x, m_y = len(set(cx.tolist())), len(set(cy.tolist()))
    m_xy = len(set(zip(cx.tolist(), cy.tolist())))
    return mi + (m_x + m_y - m_xy - 1) / (2 * n * math.log(2))


def test_replicates_are_seeded_and_correlated():
    x, y = estimation.gaussian_pair_replicates(0.8)
    x2, y2 = estimation.gaussian_pair_replicates(0.8, reps=100, n=5000, seed=estimation._SEED)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)  # seeded: the same data again
    x3, _ = estimation.gaussian_pair_replicates(0.8, seed=1)
    assert not np.array_equal(x, x3)
    assert x.shape == (estimation.REPLICATES, estimation.N_MAX)
    assert not x.flags.writeable
    r = np.corrcoef(x.ravel(), y.ravel())[0, 1]
    assert abs(r - 0.8) < 0.01
    with pytest.raises(ValueError, match="^rho must lie strictly between"):
        estimation.gaussian_pair_replicates(1.0)


@pytest.mark.parametrize("bins", [1, 2, 5, 8, 30])
@pytest.mark.parametrize("n", [2, 7, 100, 2000])
def test_batched_matches_oracle_and_library(bins, n):
    x, y = estimation.gaussian_pair_replicates(0.6)
    plain, mm = estimation.batched_binned_mi(x[:8, :n], y[:8, :n], bins)
    for r in range(8):
        assert plain[r] == pytest.approx(binned_mi_oracle(x[r, :n], y[r, :n], bins)[0], abs=1e-10)
        assert mm[r] == pytest.approx(miller_madow_oracle(x[r, :n], y[r, :n], bins), abs=1e-10)
        assert plain[r] == pytest.approx(binned_mutual_information(x[r, :n], y[r, :n], bins=bins),
                                         abs=1e-12)


_rows = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 40)),
                   elements=st.sampled_from([-1.0, -0.3, 0.0, 0.1, 0.2, 0.3, 0.7, 1.0, 2.5])
                   | st.floats(-5, 5, allow_nan=False, allow_subnormal=False))


@settings(max_examples=200, deadline=None)
@given(xy=_rows.flatmap(lambda x: st.tuples(st.just(x), hnp.arrays(
    np.float64, x.shape, elements=st.floats(-5, 5, allow_nan=False, allow_subnormal=False)))),
    bins=st.integers(1, 12))
def test_batched_equals_library_on_ties_and_edges(xy, bins):
    # values on bin edges (0.1, 0.2, 0.3 ... over [-1, 1]) and ties: the same bins as the library
    x, y = xy
    plain, mm = estimation.batched_binned_mi(x, y, bins, base=None)
    for r in range(x.shape[0]):
        assert plain[r] == pytest.approx(binned_mutual_information(x[r], y[r], bins=bins, base=None),
                                         abs=1e-12)
        assert mm[r] == pytest.approx(binned_mutual_information(
            x[r], y[r], bins=bins, base=None, correction="miller-madow"), abs=1e-12)
        assert plain[r] >= 0.0


def test_batched_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        estimation.batched_binned_mi(np.zeros((2, 5)), np.zeros((2, 4)), 3)
    with pytest.raises(ValueError, match="finite"):
        estimation.batched_binned_mi(np.full((1, 3), np.nan), np.zeros((1, 3)), 3)
    with pytest.raises(ValueError, match="^bins must be a whole number"):
        estimation.batched_binned_mi(np.zeros((1, 3)), np.zeros((1, 3)), 2.5)


def test_plugin_bias_is_positive_for_sparse_cells_and_miller_madow_helps():
    # many bins, few samples: the plug-in estimate is far above the truth on average; the
    # Miller–Madow correction brings the average closer (it can overshoot a little, not by much)
    truth = gaussian_mutual_information(0.8)
    x, y = estimation.gaussian_pair_replicates(0.8)
    plain, mm = estimation.batched_binned_mi(x[:, :200], y[:, :200], 20)
    assert plain.mean() - truth > 0.3
    assert abs(mm.mean() - truth) < abs(plain.mean() - truth)
    # independent variables: the plug-in MI is ≥ 0 every time, so its mean is above the truth 0
    x0, y0 = estimation.gaussian_pair_replicates(0.0)
    p0, m0 = estimation.batched_binned_mi(x0[:, :500], y0[:, :500], 8)
    assert (p0 >= 0).all() and p0.mean() > 0.02
    assert abs(m0.mean()) < p0.mean()


def test_plot_updates_in_place_and_reports_its_numbers():
    fig = plots.plugin_bias(n=500, bins=8)
    png0 = render_png(fig)
    again = plots.plugin_bias(n=2000.4, bins=12.2, fig=fig)   # slider floats are rounded
    assert again is fig and render_png(fig) != png0
    x, y = estimation.gaussian_pair_replicates(0.8)
    plain, mm = estimation.batched_binned_mi(x[:, :2000], y[:, :2000], 12)
    assert f"N = 2000 pairs" in fig.infobook_alt and "12 bins per variable" in fig.infobook_alt
    assert f"means are {plain.mean():.3f} and {mm.mean():.3f} bits" in fig.infobook_alt
    assert f"true {gaussian_mutual_information(0.8):.3f} bits" in fig.infobook_alt
    # the curve for 12 bins passes through this frame's mean at N = 2000
    curve = fig.infobook_artists["c_plain"].get_ydata()
    assert curve[estimation.N_CURVE.index(2000)] == pytest.approx(plain.mean(), abs=1e-12)
    # the histogram holds every data set
    assert fig.infobook_artists["h_plain"].get_data().values.sum() == estimation.REPLICATES


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 1}, "^n must be between"), ({"n": 6000}, "^n must be between"),
    ({"bins": 0}, "^bins must be between"), ({"bins": float("nan")}, "^bins must be a finite"),
])
def test_plot_rejects_bad_controls(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.plugin_bias(**kwargs)


def test_estimator_study_and_figure():
    study = plots.estimator_study(rhos=(0.0, 0.9), sizes=(200, 2000), reps=3)
    assert study["ksg"].shape == (2, 2, 3)
    assert np.allclose(study["truth"], [0.0, -0.5 * math.log2(1 - 0.81)])
    x, y = estimation.gaussian_pair_replicates(0.9, reps=1, n=2000, seed=2)
    assert study["binned"][1, 1, 2] == pytest.approx(binned_mi_oracle(x[0], y[0], 13)[0], abs=1e-12)
    # KSG at N = 2000 is within 0.1 bits of the truth on average
    assert np.all(np.abs(study["ksg"][:, 1].mean(axis=1) - study["truth"]) < 0.1)
    fig = plots.estimator_errors(study)
    assert len(fig.axes) == 2 and "at N = 2000" in fig.infobook_alt
    assert render_png(fig).startswith(b"\x89PNG")


def test_bootstrap_rmse_is_paired_and_matches_the_delta_method():
    rng = np.random.default_rng(4)
    a = rng.normal(0.05, 0.1, size=(2, 400))
    b = a + rng.normal(0, 0.01, size=a.shape)            # nearly the same errors
    rmse, boot = estimation.bootstrap_rmse({"a": a, "b": b}, n_boot=3000, seed=1)
    assert rmse["a"] == pytest.approx(np.sqrt((a ** 2).mean(axis=1)))
    assert boot["a"].shape == (2, 3000)
    delta = (a ** 2).std(axis=1, ddof=1) / (2 * rmse["a"] * math.sqrt(a.shape[1]))
    assert boot["a"].std(axis=-1, ddof=1) == pytest.approx(delta, rel=0.1)
    # same resamples for every entry: the paired difference is far less noisy than either
    assert ((boot["b"] - boot["a"]).std(axis=-1) < 0.3 * boot["a"].std(axis=-1)).all()


def test_bootstrap_rmse_rejects_bad_input():
    with pytest.raises(ValueError, match="last axis"):
        estimation.bootstrap_rmse({"a": np.zeros(3), "b": np.zeros(4)})
    with pytest.raises(ValueError, match="at least one"):
        estimation.bootstrap_rmse({})
    with pytest.raises(ValueError, match="n_boot"):
        estimation.bootstrap_rmse({"a": np.zeros(3)}, n_boot=1)


def test_gaussian_to_cauchy_is_scipys_quantile_of_the_normal_cdf():
    from scipy.stats import cauchy, norm
    z = np.linspace(-8, 8, 161)
    expected = np.where(z > 0, cauchy.isf(norm.sf(z)), cauchy.ppf(norm.cdf(z)))
    assert estimation.gaussian_to_cauchy(z) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert np.all(np.diff(estimation.gaussian_to_cauchy(z)) > 0)


def test_heavy_tail_rows_match_the_library_and_rank_invariance():
    from scipy.stats import rankdata
    rows = estimation.heavy_tail_binning_rows(rho=0.9, sizes=(200, 2000), reps=3, seed=2)
    x, y = estimation.gaussian_pair_replicates(0.9, reps=3, n=2000, seed=2)
    cx, cy = estimation.gaussian_to_cauchy(x[1]), estimation.gaussian_to_cauchy(y[1])
    row = rows[1]
    assert row["bins"] == 13
    assert row["cauchy"][1] == pytest.approx(binned_mutual_information(cx, cy), abs=1e-12)
    assert row["gaussian"][1] == pytest.approx(binned_mutual_information(x[1], y[1]), abs=1e-12)
    assert row["ranks"][1] == pytest.approx(binned_mutual_information(rankdata(cx), rankdata(cy)),
                                            abs=1e-12)
    assert row["width_cauchy"] > 10 * row["width_gaussian"]
    assert (row["cauchy"] < row["gaussian"]).all()
