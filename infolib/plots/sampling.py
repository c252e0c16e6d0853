"""Figures of the chapter "Importance sampling".

- :func:`importance_sampling_explorer`: a target ``p = N(0, 1)``, the reader's
  Gaussian proposal ``q``, the histogram of the importance weights, the
  effective sample size, ``KL(p‖q)`` and repeated estimates of ``E_p[X²] = 1``.
- :func:`sample_size_figure` (data: :func:`sample_size_rows`): the measured
  number of samples plain importance sampling needs against ``KL(p‖q)``.
- :func:`infonce_ceiling` (data: :func:`infonce_rows`): InfoNCE with the best
  possible critic against the batch size, under its ceiling ``log2 N``.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .._validate import as_count, as_scalar
from ..estimators import infonce, infonce_upper_bound
from ..gaussian import gaussian_kl_divergence, gaussian_mutual_information
from ..sampling import (effective_sample_size, gaussian_log_weight_sampler, gaussian_pair_pmi,
                        importance_sampling, samples_needed)
from ._base import (GPS_COLOR, MUTED, SPEED_COLOR, bake, new_figure, normal_pdf, overlay_figure,
                    reusable, set_dynamic)

__all__ = ["importance_sampling_explorer", "importance_sampling_runs", "gaussian_weight_moments",
           "sample_size_rows", "sample_size_figure",
           "infonce_rows", "infonce_ceiling"]

PLAIN_COLOR = SPEED_COLOR
SELF_COLOR = GPS_COLOR
_X = np.linspace(-6.0, 6.0, 401)
_P_X = normal_pdf(_X, 0.0, 1.0)
_LOG10_BINS = np.linspace(-6.0, 2.0, 33)
_EST_RANGE = (0.0, 3.0)


@functools.lru_cache(maxsize=4)
def _standard_draws(n, reps, seed):
    """``reps × n`` standard normal draws, shared by every proposal (common random numbers)."""
    z = np.random.default_rng(seed).standard_normal((reps, n))
    z.setflags(write=False)
    return z


def importance_sampling_runs(mean=1.0, sd=1.0, n=1000, reps=40, seed=0):
    """The runs behind :func:`importance_sampling_explorer`.

    Target ``p = N(0, 1)``, proposal ``q = N(mean, sd²)``, ``f(x) = x²``
    (``E_p[f] = 1``); ``reps`` runs of ``n`` samples each, made from one seeded
    block of standard normal draws ``z`` as ``x = mean + sd · z``.

    Parameters
    ----------
    mean, sd : float
        The proposal (``sd > 0``).
    n, reps : int
        Samples per run and number of runs (each ≥ 2).
    seed : int
        Seed of the draws.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        The ``n`` log-weights of the first run, and the plain and the
        self-normalised estimates of every run.

    Raises
    ------
    ValueError
        Non-finite ``mean``, non-positive ``sd``, or ``n``/``reps`` < 2.

    Examples
    --------
    >>> lw, plain, selfn = importance_sampling_runs(0.0, 1.0, n=10, reps=3)
    >>> bool(np.all(lw == 0.0)), bool(np.allclose(plain, selfn))
    (True, True)
    """
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    n = as_count(n, "n", minimum=2)
    reps = as_count(reps, "reps", minimum=2)
    return _is_runs(mean, sd, n, reps, seed)


def gaussian_weight_moments(mu_q, sd_q):
    """``E_q[w²]`` and ``E_q[w² X⁴]`` for target ``p = N(0, 1)`` and proposal ``q = N(mu_q, sd_q²)``.

    ``E_q[w² g] = ∫ p(x)² g(x) / q(x) dx``.  When ``sd_q² > 1/2`` the integrand
    ``p²/q`` is a constant ``C`` times the normal density ``N(c, v)`` with
    ``a = 1 - 1/(2 sd_q²)``, ``v = 1/(2a)``, ``c = -mu_q / (2 a sd_q²)`` and
    ``C = sd_q · exp(mu_q²/(2 sd_q²) + c²/(2v)) / sqrt(2a)``; then
    ``E_q[w²] = C`` and ``E_q[w² X⁴] = C (c⁴ + 6 c² v + 3 v²)``.  When
    ``sd_q² ≤ 1/2`` both are infinite.

    Parameters
    ----------
    mu_q, sd_q : float
        The proposal (``sd_q > 0``).

    Returns
    -------
    (float, float)
        ``E_q[w²]`` (which is ``1 + χ²(p‖q)``; ``N / E_q[w²]`` is the limit of
        the effective sample size) and ``E_q[w² X⁴]`` (the second moment in
        the variance of plain IS for ``E_p[X²]``); ``inf`` when they diverge.

    Raises
    ------
    ValueError
        Non-finite ``mu_q`` or non-positive ``sd_q``.

    Examples
    --------
    >>> gaussian_weight_moments(0.0, 1.0)       # q = p: w = 1, E_p[X⁴] = 3
    (1.0, 3.0)
    >>> gaussian_weight_moments(0.0, 0.7)
    (inf, inf)
    """
    m = as_scalar(mu_q, "mu_q")
    s = as_scalar(sd_q, "sd_q", minimum=0.0, strict=True)
    a = 1.0 - 1.0 / (2.0 * s * s)
    if a <= 0.0:
        return math.inf, math.inf
    v = 1.0 / (2.0 * a)
    c = -m / (2.0 * a * s * s)
    with np.errstate(over="ignore"):
        big_c = float(s * np.exp(m * m / (2.0 * s * s) + c * c / (2.0 * v)) / math.sqrt(2.0 * a))
    return big_c, big_c * (c ** 4 + 6.0 * c * c * v + 3.0 * v * v)


def _is_runs(mean, sd, n, reps, seed):
    """Log-weights of the first run and the plain / self-normalised estimates of every run."""
    z = _standard_draws(n, reps, seed)
    x = mean + sd * z
    # log p(x) - log q(x) with p = N(0, 1), q = N(mean, sd²)
    lw = math.log(sd) - 0.5 * (x * x - z * z)
    f = x * x
    plain = np.array([importance_sampling(f[r], lw[r]) for r in range(reps)])
    selfn = np.array([importance_sampling(f[r], lw[r], self_normalized=True) for r in range(reps)])
    return lw[0], plain, selfn


_EXPLORER_SIZE = (10.0, 3.4)
_EXPLORER_ADJUST = dict(left=0.04, right=0.98, bottom=0.16, top=0.80, wspace=0.36)


@functools.lru_cache(maxsize=4)
def _explorer_background(n, reps):
    """The static part of :func:`importance_sampling_explorer` as an RGBA image, and its axes.

    Returns ``(image, axes)`` with ``axes`` a list of ``(position, xlim, ylim)``
    for the three panels, in figure coordinates.
    """
    fig = new_figure("background", *_EXPLORER_SIZE, **_EXPLORER_ADJUST)
    ax0, ax1, ax2 = fig.subplots(1, 3)
    ax0.fill_between(_X, _P_X, color=MUTED, alpha=0.5, lw=0, label="target p = N(0, 1)")
    ax0.plot([], [], color=PLAIN_COLOR, lw=2.0, label="proposal q")  # drawn per frame
    ax0.set(xlim=(_X[0], _X[-1]), ylim=(0, 1.25), xlabel="x", yticks=[])
    ax0.legend(loc="upper left", fontsize=8, frameon=False)
    ax1.axvline(0.0, color="k", lw=0.8, ls=":")
    ax1.set(xlim=(_LOG10_BINS[0], _LOG10_BINS[-1]), ylim=(0, n), xlabel="log10 of the weight",
            ylabel="samples")
    ax2.axvline(1.0, color="k", lw=1.0)
    ax2.text(1.04, 1.75, "truth E_p[X²] = 1", fontsize=8, va="center")
    ax2.set(xlim=_EST_RANGE, ylim=(-0.5, 1.9), yticks=[0, 1],
            yticklabels=["self-\nnormalised", "plain"], xlabel=f"estimate of E_p[X²], {reps} runs")
    ax2.tick_params(axis="y", labelsize=8)
    axes = (ax0, ax1, ax2)
    return bake(fig, axes)


def importance_sampling_explorer(mean=1.0, sd=1.0, *, n=1000, reps=40, seed=0, fig=None):
    """Importance sampling of ``E_p[X²] = 1`` under ``p = N(0, 1)`` with a proposal ``q = N(mean, sd²)``.

    Left, the target ``p`` (grey) and the proposal ``q`` (blue).  Middle, the
    histogram of ``log10`` of the ``n`` importance weights ``w = p(x)/q(x)``
    of one run (weights beyond the axis are counted in the outermost bars),
    with Kong's effective sample size.  Right, ``reps`` independent runs of
    ``n`` samples each: the plain estimates (blue, top row) and the
    self-normalised ones (orange, bottom row) against the truth 1 (estimates
    beyond the axis are drawn at its edge).  The title gives ``KL(p‖q)`` in
    bits and the Chatterjee–Diaconis sample size ``exp(KL)`` (KL in nats).

    The standard normal draws are made once per ``(n, reps, seed)`` and shifted
    and scaled for each proposal, so moving a slider changes the picture
    smoothly.  Everything that does not depend on ``q`` (axes, ticks, labels,
    the target) is rendered once into a background image; a redraw draws only
    ``q``, the histogram, the estimates and the titles over it.

    Parameters
    ----------
    mean, sd : float
        Mean and standard deviation (> 0) of the proposal ``q``.
    n : int
        Samples per run.
    reps : int
        Number of independent runs in the right panel.
    seed : int
        Seed of the draws.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with ``fig.infobook_alt`` describing it.

    Raises
    ------
    ValueError
        Non-finite ``mean``, non-positive ``sd``, or ``n``/``reps`` < 2.

    Examples
    --------
    With the proposal equal to the target every weight is 1 and the KL divergence 0.

    >>> fig = importance_sampling_explorer(mean=0.0, sd=1.0, n=200, reps=5)
    >>> fig.infobook_alt.split(". ")[0]
    'Importance sampling of E_p[X²] = 1 under p = N(0, 1) with proposal q = N(0.00, 1.00²), KL(p‖q) = 0.00 bits'
    """
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    n = as_count(n, "n", minimum=2)
    reps = as_count(reps, "reps", minimum=2)
    lw, plain, selfn = _is_runs(mean, sd, n, reps, seed)
    ess = effective_sample_size(lw)
    kl_bits = gaussian_kl_divergence(0.0, 1.0, mean, sd * sd)
    law = math.exp(kl_bits * math.log(2.0))
    log10w = np.clip(lw / math.log(10.0), _LOG10_BINS[0] + 1e-9, _LOG10_BINS[-1] - 1e-9)
    counts, _ = np.histogram(log10w, bins=_LOG10_BINS)
    lo, hi = _EST_RANGE
    rows = np.arange(reps)
    jitter = 0.12 * ((rows * 0.618034) % 1.0 - 0.5)  # fixed vertical spread, no randomness
    qx = normal_pdf(_X, mean, sd)
    art = reusable(fig, "importance_sampling_explorer")
    if art is None or art["shape"] != (n, reps, seed):
        image, axes = _explorer_background(n, reps)
        fig, overlay = overlay_figure("importance_sampling_explorer", image, axes,
                                      *_EXPLORER_SIZE, **_EXPLORER_ADJUST)
        art = fig.infobook_artists
        art["shape"] = (n, reps, seed)
        ax0, ax1, ax2 = overlay
        art["q"], = ax0.plot(_X, qx, color=PLAIN_COLOR, lw=2.0)
        # panel titles as figure texts at fixed places: an axes title costs a layout per draw
        heads = [fig.text((pos.x0 + pos.x1) / 2, pos.y1 + 0.02, "", ha="center", va="bottom",
                          fontsize=10) for pos, _, _ in axes]
        heads[0].set_text("densities")
        art["bars"] = ax1.stairs(counts, _LOG10_BINS, fill=True, color=PLAIN_COLOR, alpha=0.8)
        art["plain"], = ax2.plot(np.clip(plain, lo, hi), 1.0 + jitter, "o", ms=3.5,
                                 color=PLAIN_COLOR)
        art["self"], = ax2.plot(np.clip(selfn, lo, hi), jitter, "o", ms=3.5, color=SELF_COLOR)
        art["ess"], art["spread"] = heads[1], heads[2]
        art["title"] = fig.suptitle("", fontsize=11)
        # drawn anew per redraw; the background and the first panel's title are cached
        set_dynamic(fig, [art[k] for k in ("q", "bars", "plain", "self", "ess", "spread", "title")])
    else:
        art["q"].set_ydata(qx)
        art["bars"].set_data(values=counts)
        art["plain"].set_xdata(np.clip(plain, lo, hi))
        art["self"].set_xdata(np.clip(selfn, lo, hi))
    art["counts"] = counts
    art["ess"].set_text(f"weights of one run: ESS = {ess:.0f} of {n}")
    art["spread"].set_text(f"plain: mean {plain.mean():.2f}, sd {plain.std():.2f}")
    art["title"].set_text(
        f"q = N({mean:.2f}, {sd:.2f}²):   KL(p‖q) = {kl_bits:.2f} bits,   "
        f"exp(KL) = {law:.3g} samples,   N = {n} per run"
    )
    fig.infobook_alt = (
        f"Importance sampling of E_p[X²] = 1 under p = N(0, 1) with proposal q = N({mean:.2f}, "
        f"{sd:.2f}²), KL(p‖q) = {kl_bits:.2f} bits. Histogram of the log10 weights of one run of "
        f"{n} samples: effective sample size {ess:.0f}. Over {reps} runs the plain estimates have "
        f"mean {plain.mean():.2f} and standard deviation {plain.std():.2f}; the self-normalised "
        f"ones mean {selfn.mean():.2f} and standard deviation {selfn.std():.2f}."
    )
    return fig


_SHIFTS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
_WIDTHS = (2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0)


@functools.lru_cache(maxsize=4)
def _sample_size_rows(rel_error, reps, n_max, seed):
    rows = []
    for family, values in (("shifted", _SHIFTS), ("wider", _WIDTHS)):
        for v in values:
            mu_q, sd_q = (v, 1.0) if family == "shifted" else (0.0, v)
            kl = gaussian_kl_divergence(0.0, 1.0, mu_q, sd_q * sd_q, base=None)
            res = samples_needed(gaussian_log_weight_sampler(mu_q, sd_q), rel_error=rel_error,
                                 n_max=n_max, reps=reps, seed=seed)
            rows.append({"family": family, "mu_q": mu_q, "sd_q": sd_q, "kl": kl,
                         "law": math.exp(kl), "n_needed": res.n_needed})
    return tuple(rows)


def sample_size_rows(rel_error=0.1, reps=32, n_max=2 ** 18, seed=0):
    """Measured samples needed by plain IS for two families of Gaussian proposals.

    Target ``p = N(0, 1)``; proposals ``q = N(μ, 1)`` for ``μ`` in 0.5 … 3
    ("shifted") and ``q = N(0, σ²)`` for ``σ`` in 2 … 128 ("wider").  For each,
    :func:`infolib.samples_needed` finds the smallest ``N = 1, 2, 4, …`` at
    which the plain IS estimate of ``E_p[1] = 1`` is within ``rel_error`` on
    average over ``reps`` runs.

    Parameters
    ----------
    rel_error : float
        Target mean absolute error.
    reps : int
        Runs per sample size.
    n_max : int
        Largest sample size tried.
    seed : int
        Seed of the draws.

    Returns
    -------
    list of dict
        One dict per proposal: ``family``, ``mu_q``, ``sd_q``, ``kl``
        (``KL(p‖q)`` in nats), ``law`` (``exp(kl)``) and ``n_needed`` (None if
        ``n_max`` was not enough).  Results are cached.

    Examples
    --------
    The first shifted proposal, N(0.5, 1), is KL = 0.5²/2 = 0.125 nats from the target:

    >>> row = sample_size_rows(reps=8, n_max=2 ** 12)[0]
    >>> row["family"], row["kl"], round(row["law"], 4)  # law = exp(0.125)
    ('shifted', 0.125, 1.1331)
    """
    return [dict(r) for r in _sample_size_rows(float(rel_error), int(reps), int(n_max), int(seed))]


def sample_size_figure(rel_error=0.1, reps=32, n_max=2 ** 18, seed=0, *, fig=None):
    """Samples needed by plain IS against ``KL(p‖q)``, on a log scale, with ``exp(KL)``.

    Parameters are those of :func:`sample_size_rows`; ``fig`` is an earlier
    figure of this function to redraw.

    Examples
    --------
    >>> fig = sample_size_figure(reps=8, n_max=2 ** 12)
    >>> fig.infobook_alt[:51]
    'Samples needed by plain importance sampling (log sc'
    """
    rows = sample_size_rows(rel_error, reps, n_max, seed)
    if reusable(fig, "sample_size_figure") is not None:
        fig.clear()
    else:
        fig = new_figure("sample_size_figure", 6.4, 3.6, left=0.12, right=0.97, bottom=0.14,
                         top=0.90)
    ax = fig.subplots()
    kl_grid = np.linspace(0.0, max(r["kl"] for r in rows) * 1.05, 100)
    ax.plot(kl_grid, np.exp(kl_grid), color=MUTED, ls="--", lw=1.5, label="exp(KL)")
    ax.plot(kl_grid, 50 * np.exp(kl_grid), color=MUTED, ls=":", lw=1.5, label="50 · exp(KL)")
    for family, color, marker in (("wider", PLAIN_COLOR, "o"), ("shifted", SELF_COLOR, "s")):
        sel = [r for r in rows if r["family"] == family and r["n_needed"] is not None]
        label = "q = N(0, σ²), σ = 2 … 128" if family == "wider" else "q = N(μ, 1), μ = 0.5 … 3"
        ax.plot([r["kl"] for r in sel], [r["n_needed"] for r in sel], marker=marker, color=color,
                lw=1.2, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="KL(p‖q) in nats", ylabel="samples needed")
    ax.set_title(f"plain IS of E_p[1] within {rel_error:g} on average, p = N(0, 1)", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    wide = [r for r in rows if r["family"] == "wider" and r["n_needed"]]
    fig.infobook_alt = (
        "Samples needed by plain importance sampling (log scale) against KL(p‖q) in nats, for "
        "proposals wider than the target and proposals shifted from it, with the lines exp(KL) "
        f"and 50 exp(KL). For the widest proposal, KL = {wide[-1]['kl']:.2f} nats and "
        f"{wide[-1]['n_needed']} samples were needed; the shifted proposals need more than the "
        "wider ones at the same KL."
    )
    return fig


@functools.lru_cache(maxsize=4)
def _infonce_rows(bits, sizes, seeds):
    rho = math.sqrt(1.0 - 2.0 ** (-2.0 * bits))  # I = -½ log2(1 - ρ²) = bits
    rows = []
    for n in sizes:
        est = []
        for s in range(seeds):
            rng = np.random.default_rng(1000 + s)
            x = rng.standard_normal(n)
            y = rho * x + math.sqrt(1.0 - rho * rho) * rng.standard_normal(n)
            est.append(infonce(lambda a, b: gaussian_pair_pmi(a, b, rho), x, y))
        rows.append({"n": n, "log2_n": infonce_upper_bound(n), "infonce": float(np.mean(est)),
                     "mi": gaussian_mutual_information(rho)})
    return rho, tuple(rows)


def infonce_rows(bits=5.0, sizes=(2, 8, 32, 128, 512, 2048), seeds=3):
    """InfoNCE with the optimal critic (the pointwise MI) on a Gaussian pair with ``I = bits``.

    Parameters
    ----------
    bits : float
        True mutual information of the pair, in bits (> 0).
    sizes : sequence of int
        Batch sizes ``N`` (each ≥ 2).
    seeds : int
        Independent batches averaged per size (seeds 1000, 1001, …).

    Returns
    -------
    (float, list of dict)
        The correlation ``ρ`` and, per size, ``n``, ``log2_n`` (the ceiling),
        ``infonce`` (mean estimate, bits) and ``mi`` (the truth, bits).

    Examples
    --------
    Three bits of mutual information need ``1 - ρ² = 2⁻⁶``; every estimate stays
    below the ceiling ``log2 N``:

    >>> rho, rows = infonce_rows(bits=3.0, sizes=(4, 64), seeds=1)
    >>> round(rho, 5), [(r["n"], r["log2_n"], round(r["infonce"], 2)) for r in rows]
    (0.99216, [(4, 2.0, 1.74), (64, 6.0, 2.86)])
    """
    bits = as_scalar(bits, "bits", minimum=0.0, strict=True)
    sizes = tuple(as_count(n, "sizes", minimum=2) for n in sizes)
    seeds = as_count(seeds, "seeds", minimum=1)
    rho, rows = _infonce_rows(bits, sizes, seeds)
    return rho, [dict(r) for r in rows]


def infonce_ceiling(bits=5.0, sizes=(2, 8, 32, 128, 512, 2048), seeds=3, *, fig=None):
    """InfoNCE (optimal critic) against the batch size, under ``log2 N``, with the true MI.

    Parameters are those of :func:`infonce_rows`; ``fig`` is an earlier figure
    of this function to redraw.

    Examples
    --------
    >>> fig = infonce_ceiling(bits=3.0, sizes=(4, 64), seeds=1)
    >>> fig.infobook_alt.split(": ")[-1]
    'every estimate lies below the ceiling log2 N, and at N = 64 it is 2.86 bits against a ceiling of 6 bits.'
    """
    rho, rows = infonce_rows(bits, sizes, seeds)
    if reusable(fig, "infonce_ceiling") is not None:
        fig.clear()
    else:
        fig = new_figure("infonce_ceiling", 6.4, 3.6, left=0.11, right=0.97, bottom=0.14,
                         top=0.90)
    ax = fig.subplots()
    n = np.array([r["n"] for r in rows])
    ax.plot(n, [r["log2_n"] for r in rows], color=MUTED, ls="--", lw=1.5,
            label="ceiling log2 N")
    ax.axhline(rows[0]["mi"], color="k", lw=1.0, label=f"true I(X;Y) = {rows[0]['mi']:.1f} bits")
    ax.plot(n, [r["infonce"] for r in rows], "o-", color=PLAIN_COLOR, lw=1.5,
            label="InfoNCE, best critic")
    ax.set_xscale("log", base=2)
    ax.set(xlabel="batch size N", ylabel="bits", ylim=(0, max(rows[-1]["log2_n"], bits) + 1))
    ax.set_title(f"Gaussian pair with ρ = {rho:.5f}, mean of {seeds} batches", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    last = rows[-1]
    fig.infobook_alt = (
        f"InfoNCE estimates with the pointwise mutual information as critic, for batch sizes "
        f"{n[0]} to {n[-1]}, on a Gaussian pair with {rows[0]['mi']:.1f} bits of mutual "
        f"information: every estimate lies below the ceiling log2 N, and at N = {last['n']} "
        f"it is {last['infonce']:.2f} bits against a ceiling of {last['log2_n']:.0f} bits."
    )
    return fig
