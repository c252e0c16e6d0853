"""The chapter's figures (infolib.plots.kl): in-place updates, alt text with the right numbers."""
import math

import numpy as np
import pytest

from infolib import Car, mixture_kl_divergence, mutual_information, plots
from infolib.mixtures import GaussianMixture
from infolib.widgets import render_png


def test_kl_fit_updates_in_place_and_reports_both_divergences():
    fig = plots.kl_gaussian_fit(mean=0.0, sd=1.0)
    png0 = render_png(fig)
    again = plots.kl_gaussian_fit(mean=2.0, sd=0.8, fig=fig)
    assert again is fig
    assert render_png(fig) != png0
    p = GaussianMixture([0.6, 0.4], [-2.0, 2.5], [0.7, 1.0])
    assert f"D_KL(p‖q) = {mixture_kl_divergence(p, (2.0, 0.8)):.2f} bits" in fig.infobook_alt
    assert f"D_KL(q‖p) = {mixture_kl_divergence((2.0, 0.8), p):.2f} bits" in fig.infobook_alt
    assert f"mean {p.mean():.2f}, sd {math.sqrt(p.variance()):.2f}" in fig.infobook_alt


def test_kl_fit_with_another_mixture_rebuilds():
    fig = plots.kl_gaussian_fit()
    other = plots.kl_gaussian_fit(weights=(0.5, 0.5), means=(-3.0, 3.0), sds=(1.0, 1.0), fig=fig)
    assert "sits on peak" in other.infobook_alt
    assert render_png(other).startswith(b"\x89PNG")


def test_car_pmi_maps_masks_impossible_cells():
    fig = plots.car_pmi_maps(bins=20)
    pxy, _, _ = Car().joint_pmf(bins=20)
    assert f"{int(np.sum(pxy == 0))} cells of computed probability zero masked" in fig.infobook_alt
    assert f"Mutual information {mutual_information(pxy):.2f} bits" in fig.infobook_alt
    mesh = [c for c in fig.axes[2].collections if hasattr(c, "get_array")][0]
    arr = mesh.get_array()
    assert np.ma.count_masked(arr) == int(np.sum(pxy == 0))
    assert np.all(np.isfinite(arr.compressed()))
    assert plots.car_pmi_maps(gps_sd=10.0, fig=fig) is fig


def test_divergences_vs_shift_js_is_bounded():
    fig = plots.divergences_vs_shift(max_shift=8.0)
    lines = {l.get_label(): l.get_ydata() for l in fig.axes[0].lines}
    pq, qp = lines[r"$D_{\mathrm{KL}}(p \Vert q)$"], lines[r"$D_{\mathrm{KL}}(q \Vert p)$"]
    assert np.all(lines["JS(p, q)"] <= 1.0) and lines["JS(p, q)"][-1] > 0.9
    assert pq[-1] > 5 and qp[-1] > 5
    assert not np.allclose(pq, qp)
    # the discretised curves follow the closed forms for N(0, 1) and N(d, 2²), in bits
    d = lines["JS(p, q)"] * 0 + np.linspace(0.0, 8.0, 41)
    np.testing.assert_allclose(pq, (np.log(2) + (1 + d**2) / 8 - 0.5) / np.log(2), atol=1e-3)
    np.testing.assert_allclose(qp, (-np.log(2) + (4 + d**2) / 2 - 0.5) / np.log(2), atol=1e-3)
