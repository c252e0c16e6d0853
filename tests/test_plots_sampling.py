"""The chapter's figures (infolib.plots.sampling): in-place updates, alt text with the right numbers."""
import math

import numpy as np
import pytest
from scipy import stats

from infolib import gaussian_pair_pmi, infonce, plots
from infolib.widgets import render_png


def test_explorer_updates_in_place_and_reports_kl():
    fig = plots.importance_sampling_explorer(mean=0.0, sd=1.0, n=200, reps=10)
    png0 = render_png(fig)
    assert plots.importance_sampling_explorer(mean=1.5, sd=0.7, n=200, reps=10, fig=fig) is fig
    assert render_png(fig) != png0
    # D_KL(N(0,1) ‖ N(1.5, 0.7²)) in nats (the unit of the e^KL law), from the closed form
    kl = math.log(0.7) + (1 + 1.5 ** 2) / (2 * 0.49) - 0.5
    assert f"D_KL(p‖q) = {kl:.2f} nats" in fig.infobook_alt
    title = fig.infobook_artists["title"].get_text()
    assert f"D_KL(p‖q) = {kl:.2f} nats" in title and f"exp(KL) = {math.exp(kl):.3g}" in title


def test_explorer_with_q_equal_p_has_full_ess_and_exact_estimates():
    # q = p: every weight is 1, so the ESS is N and plain = self-normalised = sample mean of x²
    n, reps = 300, 8
    fig = plots.importance_sampling_explorer(mean=0.0, sd=1.0, n=n, reps=reps, seed=3)
    assert f"effective sample size {n}." in fig.infobook_alt
    z = np.random.default_rng(3).standard_normal((reps, n))
    plain = (z * z).mean(axis=1)
    assert f"plain estimates have mean {plain.mean():.2f} and standard deviation " \
           f"{plain.std():.2f}" in fig.infobook_alt
    assert f"self-normalised ones mean {plain.mean():.2f}" in fig.infobook_alt


def test_explorer_histogram_counts_every_sample():
    fig = plots.importance_sampling_explorer(mean=2.5, sd=0.5, n=400, reps=5)
    assert fig.infobook_artists["counts"].sum() == 400
    assert np.array_equal(fig.infobook_artists["bars"].get_data().values,
                          fig.infobook_artists["counts"])


def test_explorer_validates():
    with pytest.raises(ValueError, match="sd"):
        plots.importance_sampling_explorer(sd=0.0)
    with pytest.raises(ValueError, match="mean"):
        plots.importance_sampling_explorer(mean=np.nan)


def test_sample_size_rows_follow_the_law_for_wide_proposals():
    rows = plots.sample_size_rows(reps=8, n_max=2 ** 14)
    for r in rows:
        # KL(N(0,1) ‖ N(μ, σ²)) in nats, written from the closed form
        mu, sd = r["mu_q"], r["sd_q"]
        assert r["kl"] == pytest.approx(math.log(sd) + (1 + mu * mu) / (2 * sd * sd) - 0.5)
        assert r["law"] == pytest.approx(math.exp(r["kl"]))
    wide = [r for r in rows if r["family"] == "wider" and r["n_needed"]]
    # more KL needs more samples, and never fewer than exp(KL)
    assert wide[-1]["n_needed"] > wide[0]["n_needed"]
    assert all(r["n_needed"] >= r["law"] for r in rows if r["n_needed"])


def test_sample_size_figure_draws_both_families():
    fig = plots.sample_size_figure(reps=8, n_max=2 ** 14)
    labels = [l.get_label() for l in fig.axes[0].lines]
    assert "exp(KL)" in labels and len(labels) == 4
    assert plots.sample_size_figure(reps=8, n_max=2 ** 14, fig=fig) is fig


def test_infonce_rows_stay_under_log_n_and_true_mi():
    rho, rows = plots.infonce_rows(bits=4.0, sizes=(2, 16, 128), batches=2)
    assert -0.5 * math.log2(1 - rho * rho) == pytest.approx(4.0)
    for r in rows:
        assert r["log2_n"] == pytest.approx(math.log2(r["n"]))
        assert r["infonce"] <= r["log2_n"] + 1e-12
        assert r["mi"] == pytest.approx(4.0)
    assert rows[-1]["infonce"] > rows[0]["infonce"]


def test_infonce_rows_match_an_independent_computation():
    """Mean over 3 batches of 16 pairs, each from scipy's densities; the row's own seed stream."""
    rho, rows = plots.infonce_rows(bits=2.0, sizes=(16,), batches=3, seed=7)
    rng = np.random.default_rng(np.random.SeedSequence(7).spawn(1)[0])
    x = rng.standard_normal((3, 16))
    y = rho * x + math.sqrt(1 - rho * rho) * rng.standard_normal((3, 16))
    cov = [[1, rho], [rho, 1]]
    values = []
    for xb, yb in zip(x, y):
        xy = np.column_stack([np.repeat(xb, 16), np.tile(yb, 16)])
        pmi = (stats.multivariate_normal(cov=cov).logpdf(xy)
               - stats.norm.logpdf(xy[:, 0]) - stats.norm.logpdf(xy[:, 1])).reshape(16, 16)
        rowwise = np.diag(pmi) - np.log(np.exp(pmi).sum(axis=1))
        values.append((math.log(16) + rowwise.mean()) / math.log(2))
    assert rows[0]["infonce"] == pytest.approx(np.mean(values), rel=1e-9)
    assert rows[0]["batch_sd"] == pytest.approx(np.std(values, ddof=1), rel=1e-7)
    assert rows[0]["infonce_se"] == pytest.approx(np.std(values, ddof=1) / math.sqrt(3), rel=1e-7)


def test_infonce_rows_large_batches_match_infonce():
    """Batches too large for one block (rows scored in chunks) agree with infolib.infonce."""
    rho, rows = plots.infonce_rows(bits=3.0, sizes=(600,), batches=2, seed=3)
    rng = np.random.default_rng(np.random.SeedSequence(3).spawn(1)[0])
    values = []
    for _ in range(2):                                   # one batch per block at this size
        x = rng.standard_normal((1, 600))[0]
        y = rho * x + math.sqrt(1 - rho * rho) * rng.standard_normal((1, 600))[0]
        values.append(infonce(lambda a, b: gaussian_pair_pmi(a, b, rho), x, y))
    assert rows[0]["infonce"] == pytest.approx(np.mean(values), rel=1e-10)


def test_infonce_rows_validate_batches():
    with pytest.raises(ValueError, match="one count per size"):
        plots.infonce_rows(sizes=(2, 8), batches=(3,))
    with pytest.raises(ValueError, match="batches"):
        plots.infonce_rows(sizes=(2,), batches=0)


def test_infonce_ceiling_figure():
    fig = plots.infonce_ceiling(bits=3.0, sizes=(2, 8, 32), batches=1)
    assert "below the ceiling log2 N" in fig.infobook_alt
    assert render_png(fig).startswith(b"\x89PNG")


@pytest.mark.parametrize("mu_q, sd_q", [(0.0, 1.0), (1.0, 1.0), (0.0, 1.5), (0.0, 0.8),
                                        (-1.5, 0.75), (2.0, 3.0)])
def test_gaussian_weight_moments_match_numerical_integration(mu_q, sd_q):
    from scipy import integrate

    def integrand(t, k):
        return np.exp(2 * stats.norm.logpdf(t) - stats.norm.logpdf(t, mu_q, sd_q)) * t ** k
    w2, w2x4 = plots.gaussian_weight_moments(mu_q, sd_q)
    assert w2 == pytest.approx(integrate.quad(integrand, -40, 40, args=(0,))[0], rel=1e-7)
    assert w2x4 == pytest.approx(integrate.quad(integrand, -40, 40, args=(4,))[0], rel=1e-7)


@pytest.mark.parametrize("sd_q", [0.2, 0.5, 0.7071])
def test_gaussian_weight_moments_infinite_for_light_tails(sd_q):
    assert plots.gaussian_weight_moments(0.3, sd_q) == (math.inf, math.inf)


def test_runs_are_unbiased_and_match_the_variance_formula():
    # the IS identity E_q[w f] = E_p[f] and Var = (E_q[w² f²] - μ²)/N, over many runs
    n, reps = 50, 4000
    lw, plain, selfn = plots.importance_sampling_runs(1.0, 1.2, n=n, reps=reps, seed=11)
    sd = math.sqrt((plots.gaussian_weight_moments(1.0, 1.2)[1] - 1.0) / n)
    assert abs(plain.mean() - 1.0) < 4 * sd / math.sqrt(reps)
    assert plain.std() == pytest.approx(sd, rel=0.1)
    assert lw.shape == (n,) and selfn.shape == (reps,)


def test_runs_log_weights_are_independent_log_density_ratios():
    lw, _, _ = plots.importance_sampling_runs(-0.5, 2.0, n=20, reps=2, seed=4)
    z = np.random.default_rng(4).standard_normal((2, 20))[0]
    x = -0.5 + 2.0 * z
    assert np.allclose(lw, stats.norm.logpdf(x) - stats.norm.logpdf(x, -0.5, 2.0))


def test_unbiasedness_rows_match_closed_forms():
    """E_p[X²] = 1 within the Monte Carlo error; the formula column is sqrt((E_q[w²X⁴] - 1)/n) by quadrature."""
    import math
    import scipy.integrate
    import scipy.stats
    from infolib.plots import unbiasedness_rows
    rows = unbiasedness_rows(proposals=((1.0, 1.0), (0.0, 1.5)), n=50, runs=4000, seed=3)
    for r in rows:
        assert abs(r["mean"] - 1.0) < 4 * r["mean_se"]
        q = scipy.stats.norm(r["mu_q"], r["sd_q"])
        second = scipy.integrate.quad(lambda x: scipy.stats.norm.pdf(x) ** 2 / q.pdf(x) * x ** 4,
                                      -30, 30, limit=200)[0]
        assert math.isclose(r["formula"], math.sqrt((second - 1.0) / 50), rel_tol=1e-6)
        assert abs(r["sd"] - r["formula"]) < 5 * r["sd_se"]
    # each proposal has its own stream: the first row does not depend on the second
    alone = unbiasedness_rows(proposals=((1.0, 1.0),), n=50, runs=4000, seed=3)[0]
    assert alone["mean"] == rows[0]["mean"]
