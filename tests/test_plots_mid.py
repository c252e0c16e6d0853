"""The chapter's figures (infolib.plots.mid): cached estimates, in-place updates, honest alt text.

Expected values come from closed forms (Gaussian MI from the correlation), from
numpy written here (STA, cosine, correlation) and from the theory the chapter
states (STA biased for the natural-like stimulus, MID not).
"""
import math
import time

import numpy as np
import pytest

import infolib
from infolib import gaussian_mutual_information, plots, simulate_neuron, stimulus_ensemble
from infolib.plots import mid as pm
from infolib.widgets import render_png

pytestmark = pytest.mark.filterwarnings("error")


def _cos(a, b):
    return float(a @ b / math.sqrt((a @ a) * (b @ b)))


def test_dependence_data_closed_forms():
    data = {name: (x, y, r, mi) for name, x, y, r, mi in pm.dependence_data(3000, seed=0)}
    n = 3000
    x, y, r, mi = data["linear"]
    assert r == pytest.approx(np.corrcoef(x, y)[0, 1], abs=1e-12)
    assert abs(r - 0.6) < 4 / math.sqrt(n)
    assert abs(mi - gaussian_mutual_information(0.6)) < 0.06
    for name in ("parabola", "ring"):
        x, y, r, mi = data[name]
        assert abs(r) < 0.1, name          # correlation misses the dependence...
        assert mi > 0.5, name              # ...mutual information does not
    x, y, _, _ = data["ring"]
    radius = np.hypot(x, y)
    assert abs(np.median(radius) - 1.0) < 0.03
    assert pm.dependence_data(3000, seed=0) is pm.dependence_data(3000, seed=0)   # cached


def test_dependence_examples_figure():
    fig = plots.dependence_examples(n=1000, seed=2)
    assert len(fig.axes) == 3
    again = plots.dependence_examples(n=1500, seed=2, fig=fig)
    assert again is fig
    for name, x, y, r, mi in pm.dependence_data(1500, seed=2):
        assert f"correlation {r:+.2f}, mutual information {mi:.2f} bits" in fig.infobook_alt
    assert render_png(fig).startswith(b"\x89PNG")


def test_stimulus_examples_shows_the_ensembles():
    fig = plots.stimulus_examples(frames=20, dims=16, seed=3)
    images = [ax.images[0].get_array() for ax in fig.axes]
    for img, ens in zip(images, ("white", "gaussian", "natural")):
        assert np.array_equal(np.asarray(img), stimulus_ensemble(ens, 20, dims=16, seed=3))
    assert "natural-like" in fig.infobook_alt


def test_estimates_match_an_independent_sta():
    est = plots.receptive_field_estimates("gaussian", 2.0, 30_000)
    rec = simulate_neuron("gaussian", frames=100_000, dims=32, threshold=2.0, seed=0)
    s, n = rec.stimuli[:24_000], rec.spikes[:24_000]       # training part of the 30,000 prefix
    sta = (n @ s) / n.sum() - s.mean(axis=0)
    assert est.cosine["sta"] == pytest.approx(_cos(sta, rec.filter), abs=1e-10)
    cov = np.cov(s, rowvar=False, bias=True)
    dsta = np.linalg.solve(cov, sta)
    assert est.cosine["dsta"] == pytest.approx(_cos(dsta, rec.filter), abs=1e-8)
    assert est.spikes == int(rec.spikes[:30_000].sum())
    assert est.train_spikes + est.test_spikes == est.spikes
    assert est.test_spikes == int(rec.spikes[24_000:30_000].sum())
    for v in est.directions.values():
        assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-12)


def test_theory_on_the_grid():
    nat = plots.receptive_field_estimates("natural", 2.5, 100_000)
    assert nat.cosine["mid"] > 0.98
    assert nat.cosine["sta"] < 0.9 and nat.cosine["dsta"] < 0.9
    assert nat.info["mid"] > nat.info["dsta"] > nat.info["sta"]      # held out
    gau = plots.receptive_field_estimates("gaussian", 2.5, 100_000)
    assert gau.cosine["dsta"] > 0.98 > gau.cosine["sta"]


def test_grid_is_cached_and_complete():
    grid = plots.receptive_field_grid()
    assert len(grid) == len(pm.RF_ENSEMBLES) * len(pm.RF_THRESHOLDS) * len(pm.RF_FRAMES) == 27
    t0 = time.perf_counter()
    again = plots.receptive_field_grid()
    assert time.perf_counter() - t0 < 0.05          # second call only looks up
    assert all(again[k] is grid[k] for k in grid)
    # the shorter recordings are prefixes: spike counts grow with the length
    for e in pm.RF_ENSEMBLES:
        for t in pm.RF_THRESHOLDS:
            counts = [grid[e, t, f].spikes for f in pm.RF_FRAMES]
            assert counts == sorted(counts)


def test_receptive_fields_updates_in_place_with_the_numbers():
    fig = plots.receptive_fields("natural", 2.5, 100_000)
    png = render_png(fig)
    again = plots.receptive_fields("white", 1.5, 10_000, fig=fig)
    assert again is fig and render_png(fig) != png
    est = plots.receptive_field_estimates("white", 1.5, 10_000)
    alt = fig.infobook_alt
    assert f"STA (cosine similarity {est.cosine['sta']:.3f})" in alt
    assert f"maximally informative dimension ({est.cosine['mid']:.3f})" in alt
    assert f"{est.spikes} spikes" in alt and "white Gaussian" in alt
    lines = {l.get_label(): l.get_ydata() for l in fig.axes[0].lines}
    assert np.allclose(lines["MID"], est.directions["mid"])
    assert np.allclose(lines["true filter"], est.filter)


@pytest.mark.parametrize("kwargs, message", [
    ({"ensemble": "pink"}, "ensemble must be one of"),
    ({"frames": 500}, "frames"),
    ({"threshold": float("nan")}, "threshold"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.receptive_field_estimates(**kwargs)


def test_convergence_rows_and_figure():
    spikes, cos = pm.mid_convergence_rows(frames=(5_000, 40_000), seeds=(4,))
    assert spikes.shape == (1, 2) and spikes[0, 0] < spikes[0, 1]
    rec = simulate_neuron("natural", frames=40_000, dims=32, threshold=2.5, seed=4)
    sta = (rec.spikes @ rec.stimuli) / rec.spikes.sum() - rec.stimuli.mean(axis=0)
    assert cos["sta"][0, 1] == pytest.approx(_cos(sta, rec.filter), abs=1e-10)
    assert cos["mid"][0, 1] > cos["sta"][0, 1]
    fig = plots.mid_convergence(frames=(5_000, 40_000), seeds=(4,))
    assert "MID climbs towards 1" in fig.infobook_alt
    assert f"{cos['mid'][0, 1]:.3f}" in fig.infobook_alt
    assert plots.mid_convergence(frames=(5_000, 40_000), seeds=(4,), fig=fig) is fig
    with pytest.raises(ValueError, match="ensemble"):
        pm.mid_convergence_rows(ensemble="pink")


def test_pooled_sta_matches_an_independent_computation():
    pooled = pm.sta_pooled_cosines(frames=(5_000, 20_000), seeds=(1, 2))
    recs = [simulate_neuron("natural", frames=20_000, dims=32, threshold=2.5, seed=s) for s in (1, 2)]
    s = np.vstack([r.stimuli for r in recs])
    n = np.concatenate([r.spikes for r in recs])
    sta = (n @ s) / n.sum() - s.mean(axis=0)
    assert pooled["spikes"] == n.sum() and pooled["frames"] == 40_000
    assert pooled["sta"] == pytest.approx(_cos(sta, recs[0].filter), abs=1e-10)
    assert pooled["dsta"] == pytest.approx(
        _cos(np.linalg.solve(recs[0].covariance, sta), recs[0].filter), abs=1e-10)
    with pytest.raises(ValueError, match="ensemble"):
        pm.sta_pooled_cosines(ensemble="pink")


def test_selection_rows_are_differences_of_hard_estimates():
    rows = pm.mid_selection_rows(frames=(10_000,), seeds=(3,))[10_000]
    rec = simulate_neuron("natural", frames=10_000, dims=32, threshold=2.5, seed=3)
    fit = infolib.fit_mid(rec.stimuli, rec.spikes)
    tr = slice(0, fit.train_frames)
    s, n = rec.stimuli[tr], rec.spikes[tr]
    hard = (infolib.info_per_spike(fit.direction, s, n, smooth=False)
            - infolib.info_per_spike(rec.filter, s, n, smooth=False))
    assert rows["excess_hard"][0] == pytest.approx(hard, abs=1e-12)
    assert rows["spikes"][0] == n.sum()
    assert rows["wilks"][0] == pytest.approx(31 / (2 * n.sum() * np.log(2)))
    x = s @ rec.filter
    z = (x - x.mean()) / x.std()
    b = np.rint((np.clip(z, -5, 5) + 5) / (10 / 24)).astype(int)
    assert rows["occupied"][0] == len(np.unique(b[n > 0]))
    with pytest.raises(ValueError, match="frames"):
        pm.mid_selection_rows(frames=(500,))


def test_symmetric_neuron_rows():
    rows = pm.symmetric_neuron_rows(frames=20_000, seeds=(0, 1))
    assert rows["spikes"].shape == (2,) and np.all(rows["spikes"] > 100)
    assert np.all(rows["mid"] > 0.95) and np.all(rows["stc"] > 0.95)
    assert np.all(np.abs(rows["sta"]) < 0.9)
    with pytest.raises(ValueError, match="frames"):
        pm.symmetric_neuron_rows(frames=10)
    with pytest.raises(ValueError, match="seeds"):
        pm.symmetric_neuron_rows(seeds=())


def test_ksg_replicates_recompute_each_cloud_and_pair():
    """plots.mid.ksg_replicates against KSG recomputed here on the same seeded data."""
    reps = plots.mid.ksg_replicates(n=400, n_pair=400, seeds=(0, 5))
    for j, seed in enumerate((0, 5)):
        clouds = plots.mid.dependence_data(400, seed=seed)
        for name, x, y, _, _ in clouds:
            assert reps[name][j] == pytest.approx(infolib.ksg_mutual_information(x, y, k=3))
        rng = np.random.default_rng([seed, 1])
        x = rng.standard_normal(400)
        y = 0.8 * x + 0.6 * rng.standard_normal(400)
        assert reps["pair"][j] == pytest.approx(infolib.ksg_mutual_information(x, y, k=3))
        assert reps["mapped"][j] == pytest.approx(infolib.ksg_mutual_information(np.exp(x), y ** 3, k=3))
        assert reps["mapped_correlation"][j] == pytest.approx(np.corrcoef(np.exp(x), y ** 3)[0, 1])
    with pytest.raises(ValueError, match="seeds"):
        plots.mid.ksg_replicates(seeds=())
    with pytest.raises(ValueError, match="n_pair"):
        plots.mid.ksg_replicates(n_pair=3)


def test_info_difference_bootstrap_matches_a_resampling_loop():
    """The bootstrap against a loop written here with numpy resampling and info_per_spike."""
    rec = infolib.simulate_neuron("white", frames=3000, dims=4, threshold=1.5, seed=2)
    v = np.array([1.0, 0.5, 0.0, 0.0])
    d = plots.mid.info_difference_bootstrap(rec.filter, v, rec.stimuli, rec.spikes, reps=5, seed=9)
    rng = np.random.default_rng(9)
    for i in range(5):
        idx = rng.integers(0, 3000, 3000)
        s, n = rec.stimuli[idx], rec.spikes[idx]
        ref = (infolib.info_per_spike(rec.filter, s, n, smooth=False)
               - infolib.info_per_spike(v, s, n, smooth=False))
        assert d[i] == pytest.approx(ref, abs=1e-9)
    with pytest.raises(ValueError, match="reps"):
        plots.mid.info_difference_bootstrap(rec.filter, v, rec.stimuli, rec.spikes, reps=1)
