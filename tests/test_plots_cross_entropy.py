"""The chapter's figures (infolib.plots.cross_entropy): in-place updates, alt text with the right numbers."""
import math

import numpy as np
import pytest

from infolib import cross_entropy, entropy, kl_divergence, plots
from infolib.widgets import render_png


def test_skewed_pmf_family():
    assert np.allclose(plots.skewed_pmf(0.0, n=5), 0.2)
    p = plots.skewed_pmf(1.5)
    assert math.isclose(p.sum(), 1.0) and np.all(np.diff(p) < 0)  # leans to the first symbol
    w = np.exp(-1.5 * np.arange(4))
    assert np.allclose(p, w / w.sum())
    assert np.all(np.isfinite(plots.skewed_pmf(800.0)))  # no overflow
    with pytest.raises(ValueError, match="^skew must be a finite number"):
        plots.skewed_pmf(float("nan"))


def test_bars_update_in_place_and_report_the_decomposition():
    fig = plots.cross_entropy_bars(p_skew=1.0, q_skew=0.0)
    png0 = render_png(fig)
    again = plots.cross_entropy_bars(p_skew=2.0, q_skew=-1.0, fig=fig)
    assert again is fig and render_png(fig) != png0
    p, q = plots.skewed_pmf(2.0), plots.skewed_pmf(-1.0)
    h, kl, ce = entropy(p), kl_divergence(p, q), cross_entropy(p, q)
    assert f"H(p) = {h:.2f} bits plus D_KL(p‖q) = {kl:.2f} bits, total H(p, q) = {ce:.2f}" in fig.infobook_alt
    # the stacked bar's top is the cross entropy
    kl_bar = fig.infobook_artists["kl"][0]
    assert math.isclose(kl_bar.get_y() + kl_bar.get_height(), ce, rel_tol=1e-12)


def test_bars_axis_fits_every_setting():
    fig = plots.cross_entropy_bars(p_skew=2.0, q_skew=-2.0)
    top = fig.axes[1].get_ylim()[1]
    code = fig.infobook_artists["code"][0].get_height()
    assert code < top and cross_entropy(plots.skewed_pmf(2.0), plots.skewed_pmf(-2.0)) < top


def test_coding_cost_describes_the_measurement():
    p, q = [0.6, 0.25, 0.1, 0.05], [0.15, 0.4, 0.35, 0.1]
    fig = plots.coding_cost(p, q, n=5000, points=5)
    assert f"H(p) = {entropy(p):.2f} to {cross_entropy(p, q):.2f} bits" in fig.infobook_alt
    assert render_png(fig).startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="^p and q must have the same shape"):
        plots.coding_cost([0.5, 0.5], [1.0])


def test_classifier_training_figure():
    fig = plots.classifier_training(separation=2.0, steps=100, n=300)
    assert "H(Y|X) = 0.514 bits" in fig.infobook_alt and "mutual information 0.486 bits" in fig.infobook_alt
    again = plots.classifier_training(separation=3.0, steps=100, n=300, fig=fig)
    assert again is fig and "separation 3 standard" in fig.infobook_alt
