"""Figures of the chapter "Why mutual information matters: maximally informative dimensions".

* :func:`dependence_examples`: three clouds of points (a linear Gaussian pair,
  ``y = x² + noise`` and a ring) with their correlation and their KSG mutual
  information: correlation misses the last two dependences, MI does not.
* :func:`stimulus_examples`: frames of the three stimulus ensembles of
  :func:`infolib.stimulus_ensemble`.
* :func:`receptive_fields`: the widget's figure.  For a model neuron driven by
  one ensemble, it draws the true filter with the spike-triggered average
  (STA), the decorrelated STA and the maximally informative dimension (MID),
  their cosine similarity to the true filter and their information per spike
  on held-out frames.
* :func:`mid_convergence`: cosine similarity of STA, decorrelated STA and MID
  against the number of spikes.

Fitting an MID takes tens to hundreds of milliseconds, more than a live
redraw may cost, so the estimates behind :func:`receptive_fields` are computed
by :func:`receptive_field_estimates` and cached (``functools.lru_cache``);
:func:`receptive_field_grid` fills the cache for the widget's whole grid
(:data:`RF_ENSEMBLES` × :data:`RF_THRESHOLDS` × :data:`RF_FRAMES`, a few
seconds), after which every redraw only draws.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter

from .._validate import as_count, as_scalar
from ..estimators import ksg_mutual_information
from ..mid import (ENSEMBLES, cosine_similarity, fit_mid, info_per_spike, model_filter,
                   projection_bins, simulate_neuron, spike_triggered_average, stimulus_ensemble)
from ._base import GPS_COLOR, MUTED, SPEED_COLOR, new_figure, reusable, set_dynamic

__all__ = ["dependence_data", "dependence_examples", "stimulus_examples", "RFEstimates",
           "RF_ENSEMBLES", "RF_THRESHOLDS", "RF_FRAMES", "receptive_field_estimates",
           "receptive_field_grid", "receptive_fields", "mid_convergence_rows",
           "mid_convergence", "sta_pooled_cosines", "mid_selection_rows",
           "symmetric_neuron_rows", "ksg_replicates", "info_difference_bootstrap"]

TRUE_COLOR = "#222222"
STA_COLOR = GPS_COLOR
DSTA_COLOR = "#7b3294"
MID_COLOR = SPEED_COLOR

#: Readable names of the stimulus ensembles.
ENSEMBLE_NAMES = {"white": "white Gaussian", "gaussian": "correlated Gaussian",
                  "natural": "correlated sparse (natural-like)"}
_SHORT_NAMES = {"white": "white Gaussian", "gaussian": "correlated Gaussian",
                "natural": "natural-like"}

#: The widget's grid: ensembles, thresholds (sd of the filter output) and recording lengths.
RF_ENSEMBLES = ENSEMBLES
RF_THRESHOLDS = (1.5, 2.0, 2.5)
RF_FRAMES = (10_000, 30_000, 100_000)
#: Fraction of each recording held out to measure information per spike.
HOLDOUT = 0.2
DIMS = 32


# ---------------------------------------------------------------------------
# correlation versus mutual information
# ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _dependence_data(n, seed):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((4, n))
    rho = 0.6
    linear = (z[0], rho * z[0] + math.sqrt(1 - rho * rho) * z[1])
    parabola = (z[2], z[2] ** 2 + 0.5 * z[3])
    theta = rng.uniform(0.0, 2.0 * np.pi, n)
    noise = 0.1 * rng.standard_normal((2, n))
    ring = (np.cos(theta) + noise[0], np.sin(theta) + noise[1])
    out = []
    for name, (x, y) in (("linear", linear), ("parabola", parabola), ("ring", ring)):
        x.flags.writeable = False
        y.flags.writeable = False
        r = float(np.corrcoef(x, y)[0, 1])
        out.append((name, x, y, r, ksg_mutual_information(x, y, k=3)))
    return tuple(out)


def dependence_data(n=3000, seed=0):
    """Three seeded data sets: a linear Gaussian pair, a parabola and a ring.

    ``linear``: standard Gaussian pair with correlation 0.6 (exact MI
    ``-½ log2(1 - 0.36) ≈ 0.32`` bits); ``parabola``: ``x ~ N(0, 1)``,
    ``y = x² + 0.5 ε``; ``ring``: angle uniform on the circle, ``(cos θ, sin θ)``
    plus Gaussian noise of sd 0.1 in each coordinate.

    Returns
    -------
    tuple of (name, x, y, correlation, ksg_mi_bits)
        Arrays are read-only; cached per ``(n, seed)``.

    Examples
    --------
    >>> [(name, round(r, 1)) for name, _, _, r, _ in dependence_data(2000, seed=1)]
    [('linear', 0.6), ('parabola', 0.0), ('ring', 0.0)]
    """
    return _dependence_data(as_count(n, "n", minimum=10), as_count(seed, "seed"))


@functools.lru_cache(maxsize=2)
def _ksg_replicates(n, n_pair, seeds):
    rows = []
    for seed in seeds:
        clouds = _dependence_data.__wrapped__(n, seed)      # not cached: one call per seed
        rng = np.random.default_rng([seed, 1])               # the invariance pair, rho = 0.8
        x = rng.standard_normal(n_pair)
        y = 0.8 * x + 0.6 * rng.standard_normal(n_pair)
        rows.append([c[4] for c in clouds]
                    + [ksg_mutual_information(x, y, k=3),
                       ksg_mutual_information(np.exp(x), y ** 3, k=3),
                       float(np.corrcoef(np.exp(x), y ** 3)[0, 1])])
    r = np.array(rows)
    out = {name: r[:, j] for j, name in enumerate(
        ("linear", "parabola", "ring", "pair", "mapped", "mapped_correlation"))}
    for arr in out.values():
        arr.flags.writeable = False
    return out


def ksg_replicates(n=3000, n_pair=5000, seeds=tuple(range(30))):
    """KSG estimates (k = 3, bits) of the chapter's clouds over seeded replicates.

    For every seed: the three clouds of :func:`dependence_data` (``n`` points,
    that seed), and a Gaussian pair ``x``, ``y = 0.8 x + 0.6 ε`` of ``n_pair``
    points (generator seeded by ``[seed, 1]``) with the mapped pair
    ``(e^x, y³)``.  The exact mutual information of both pairs is
    ``-½ log2(1 - 0.64) ≈ 0.737`` bits.

    Returns
    -------
    dict
        ``"linear"``, ``"parabola"``, ``"ring"``, ``"pair"``, ``"mapped"``
        (KSG estimates) and ``"mapped_correlation"`` (sample correlation of
        ``(e^x, y³)``), one entry per seed; read-only arrays.  Cached.

    Raises
    ------
    ValueError
        If ``n`` or ``n_pair`` is below 10, a seed is not a whole number, or
        ``seeds`` is empty.

    Examples
    --------
    >>> reps = ksg_replicates(n=500, n_pair=500, seeds=(0, 1))
    >>> sorted(reps), reps["pair"].shape
    (['linear', 'mapped', 'mapped_correlation', 'pair', 'parabola', 'ring'], (2,))
    """
    n = as_count(n, "n", minimum=10)
    n_pair = as_count(n_pair, "n_pair", minimum=10)
    seeds = tuple(as_count(s, "seeds") for s in seeds)
    if not seeds:
        raise ValueError("seeds must list at least one value")
    return _ksg_replicates(n, n_pair, seeds)


def dependence_examples(n=3000, seed=0, *, fig=None):
    """Three clouds (linear, parabola, ring) with their correlation and KSG mutual information.

    Parameters
    ----------
    n, seed : int
        Points per cloud (at least 10) and the seed of :func:`dependence_data`.
    fig : Figure, optional
        A figure returned by an earlier call, updated in place.

    Returns
    -------
    matplotlib.figure.Figure
        Three scatter panels titled with the correlation and the mutual
        information (bits); ``fig.infobook_alt`` repeats the numbers.

    Raises
    ------
    ValueError
        If ``n`` or ``seed`` is not a whole number in range.

    Examples
    --------
    >>> fig = dependence_examples(n=500, seed=1)
    >>> len(fig.axes), "y = x² + noise: correlation" in fig.infobook_alt
    (3, True)
    """
    data = dependence_data(n, seed)
    titles = {"linear": "linear, Gaussian", "parabola": "y = x² + noise", "ring": "a ring"}
    art = reusable(fig, "dependence_examples")
    if art is None:
        fig = new_figure("dependence_examples", 8.4, 3.0, left=0.06, right=0.99, bottom=0.16,
                         top=0.78, wspace=0.3)
        art = fig.infobook_artists
        art["axes"] = fig.subplots(1, 3)
        for ax, (name, *_rest) in zip(art["axes"], data):
            art[name] = ax.scatter([], [], s=3, color=SPEED_COLOR, alpha=0.35, linewidths=0)
            art[name + "_title"] = ax.set_title("", fontsize=9.5)
            ax.set_xlabel("x", fontsize=9)
            ax.set_ylabel("y", fontsize=9)
            ax.tick_params(labelsize=8)
    parts = []
    for ax, (name, x, y, r, mi) in zip(art["axes"], data):
        art[name].set_offsets(np.column_stack([x, y]))
        for v, set_lim in ((x, ax.set_xlim), (y, ax.set_ylim)):
            lo, hi = np.quantile(v, [0.002, 0.998])
            set_lim(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo))
        art[name + "_title"].set_text(f"{titles[name]}\ncorrelation {r:+.2f}, MI {mi:.2f} bits")
        parts.append(f"{titles[name]}: correlation {r:+.2f}, mutual information {mi:.2f} bits")
    fig.infobook_alt = (f"Three scatter plots of {n} points each. " + "; ".join(parts)
                        + ". Correlation sees only the linear dependence; the KSG estimate of the "
                        "mutual information sees all three.")
    return fig


def stimulus_examples(frames=40, dims=DIMS, seed=0, *, fig=None):
    """A few frames of each stimulus ensemble, one frame per row, as grey-level images.

    Parameters
    ----------
    frames, dims : int
        Frames shown (at least 2) and pixels per frame (at least 2).
    seed : int
        Seed of :func:`infolib.stimulus_ensemble` (the same for all three).
    fig : Figure, optional
        A figure returned by an earlier call, updated in place.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        On a bad ``frames``, ``dims`` or ``seed``.

    Examples
    --------
    >>> fig = stimulus_examples(frames=10, dims=8)
    >>> [ax.images[0].get_array().shape for ax in fig.axes]
    [(10, 8), (10, 8), (10, 8)]
    """
    frames = as_count(frames, "frames", minimum=2)
    art = reusable(fig, "stimulus_examples")
    if art is None:
        fig = new_figure("stimulus_examples", 8.4, 2.6, left=0.06, right=0.99, bottom=0.17,
                         top=0.86, wspace=0.15)
        art = fig.infobook_artists
        art["axes"] = fig.subplots(1, 3)
        for ax, ens in zip(art["axes"], ENSEMBLES):
            art[ens] = ax.imshow(np.zeros((frames, dims)), cmap="gray", vmin=-3, vmax=3,
                                 aspect="auto", interpolation="nearest")
            ax.set_title(ENSEMBLE_NAMES[ens], fontsize=9.5)
            ax.set_xlabel("pixel", fontsize=9)
            ax.tick_params(labelsize=8)
        art["axes"][0].set_ylabel("frame", fontsize=9)
    for ens in ENSEMBLES:
        s = stimulus_ensemble(ens, frames, dims=dims, seed=seed)
        art[ens].set_data(s)
        art[ens].set_extent((-0.5, dims - 0.5, frames - 0.5, -0.5))
    fig.infobook_alt = (f"{frames} frames of {dims} pixels from each ensemble, as grey levels: "
                        "white noise is speckled; the correlated Gaussian ensemble has smooth "
                        "blobs; the natural-like ensemble is mostly flat grey with a few strong, "
                        "localised features per frame.")
    return fig


# ---------------------------------------------------------------------------
# receptive-field estimates (the widget)
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RFEstimates:
    """STA, decorrelated STA and MID of one simulated recording, against the truth.

    The three estimates are fitted on the first ``1 - HOLDOUT`` of the frames;
    ``info`` is the information per spike (bits, the hard 25-bin estimate of
    :func:`infolib.info_per_spike` with ``smooth=False``) along each direction
    on the held-out rest; ``info_train_mid`` the same along MID on the
    training frames.
    Directions are unit vectors; ``cosine`` maps ``"sta"``, ``"dsta"``, ``"mid"``
    to their cosine similarity with ``filter``; ``info`` maps those and ``"true"``.
    """

    ensemble: str
    threshold: float
    frames: int
    seed: int
    spikes: int
    train_spikes: int
    test_spikes: int
    filter: np.ndarray = field(repr=False)
    directions: dict = field(repr=False)
    cosine: dict = field(repr=False)
    info: dict = field(repr=False)
    info_train_mid: float = math.nan


def _unit(v):
    return v / np.linalg.norm(v)


def _estimates(rec, frames):
    s, n = rec.stimuli[:frames], rec.spikes[:frames]
    fit = fit_mid(s, n, holdout=HOLDOUT)
    ntr = fit.train_frames
    s_tr, n_tr, s_te, n_te = s[:ntr], n[:ntr], s[ntr:], n[ntr:]
    dirs = {"sta": _unit(spike_triggered_average(s_tr, n_tr)),
            "dsta": _unit(spike_triggered_average(s_tr, n_tr, decorrelate=True)),
            "mid": fit.direction}
    info = {"true": info_per_spike(rec.filter, s_te, n_te, smooth=False)}
    info.update({k: info_per_spike(v, s_te, n_te, smooth=False) for k, v in dirs.items()})
    return RFEstimates(
        ensemble=rec.ensemble, threshold=float(rec.neuron.threshold), frames=int(frames),
        seed=rec.seed, spikes=int(n.sum()), train_spikes=fit.train_spikes,
        test_spikes=fit.test_spikes, filter=rec.filter, directions=dirs,
        cosine={k: cosine_similarity(v, rec.filter) for k, v in dirs.items()},
        info=info, info_train_mid=info_per_spike(fit.direction, s_tr, n_tr, smooth=False))


@functools.lru_cache(maxsize=None)
def _grid_series(ensemble, threshold):
    """Estimates for every length in RF_FRAMES: prefixes of one seed-0 recording."""
    rec = simulate_neuron(ensemble, frames=max(RF_FRAMES), dims=DIMS, threshold=threshold, seed=0)
    return {f: _estimates(rec, f) for f in RF_FRAMES}


@functools.lru_cache(maxsize=8)
def _single(ensemble, threshold, frames, seed):
    rec = simulate_neuron(ensemble, frames=frames, dims=DIMS, threshold=threshold, seed=seed)
    return _estimates(rec, frames)


def receptive_field_estimates(ensemble="natural", threshold=2.5, frames=100_000, seed=0):
    """STA, decorrelated STA and MID of a simulated 32-pixel model neuron (cached).

    Parameters
    ----------
    ensemble : {'white', 'gaussian', 'natural'}
        Stimulus ensemble (see :func:`infolib.stimulus_ensemble`; correlation
        0.7, sparsity 0.1).
    threshold : float
        The neuron's threshold in standard deviations of its filter output
        (see :class:`infolib.ModelNeuron`; width 0.2, Bernoulli spikes).
    frames : int
        Recording length; the last 20 % are held out.
    seed : int
        Seed of :func:`infolib.simulate_neuron`.

    Returns
    -------
    RFEstimates

    Notes
    -----
    On the widget's grid (seed 0, a threshold in :data:`RF_THRESHOLDS`, a
    length in :data:`RF_FRAMES`) the recordings of one ensemble and threshold
    are prefixes of one 100,000-frame recording, and all three lengths are
    computed together; other values are computed on their own.  Both are
    cached.

    Examples
    --------
    >>> est = receptive_field_estimates("white", 2.0, 10_000)
    >>> est.cosine["mid"] > 0.95, sorted(est.info)
    (True, ['dsta', 'mid', 'sta', 'true'])
    """
    if ensemble not in ENSEMBLES:
        raise ValueError(f"ensemble must be one of {', '.join(map(repr, ENSEMBLES))}, "
                         f"got {ensemble!r}")
    threshold = as_scalar(threshold, "threshold")
    frames = as_count(frames, "frames", minimum=1000)
    seed = as_count(seed, "seed")
    if seed == 0 and threshold in RF_THRESHOLDS and frames in RF_FRAMES:
        return _grid_series(ensemble, threshold)[frames]
    return _single(ensemble, threshold, frames, seed)


def receptive_field_grid():
    """Compute (once; cached) the estimates for the widget's whole grid.

    Returns
    -------
    dict
        :class:`RFEstimates` keyed by ``(ensemble, threshold, frames)`` for
        every combination of :data:`RF_ENSEMBLES`, :data:`RF_THRESHOLDS` and
        :data:`RF_FRAMES` (27 fits of a few hundredths to a few tenths of a
        second each).  Later calls only look them up.

    Examples
    --------
    >>> grid = receptive_field_grid()
    >>> len(grid), grid["natural", 2.5, 100_000].frames  # 3 ensembles x 3 thresholds x 3 lengths
    (27, 100000)
    """
    return {(e, t, f): receptive_field_estimates(e, t, f)
            for e in RF_ENSEMBLES for t in RF_THRESHOLDS for f in RF_FRAMES}


_KEYS = ("sta", "dsta", "mid")
_NAMES = {"true": "true filter", "sta": "STA", "dsta": "decorrelated STA", "mid": "MID"}
_COLORS = {"true": TRUE_COLOR, "sta": STA_COLOR, "dsta": DSTA_COLOR, "mid": MID_COLOR}
_COS_LOW = 0.6
_INFO_MAX = 7.0


def receptive_fields(ensemble="natural", threshold=2.5, frames=100_000, *, seed=0, fig=None):
    """The true filter with the STA, the decorrelated STA and the MID, and how good each is.

    Left: the four directions (unit vectors) pixel by pixel.  Middle: cosine
    similarity of each estimate with the true filter.  Right: information per
    spike along each direction on the held-out fifth of the recording (the
    true filter's as a dashed line).

    Parameters
    ----------
    ensemble, threshold, frames, seed
        As in :func:`receptive_field_estimates`, which computes (and caches)
        the estimates; on the widget's grid a redraw only draws.
    fig : Figure, optional
        A figure returned by an earlier call, updated in place.

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.infobook_alt`` giving the cosines and the information.

    Raises
    ------
    ValueError
        On an unknown ensemble or a bad threshold, length or seed.

    Examples
    --------
    >>> fig = receptive_fields("white", 2.0, 10_000)
    >>> "white Gaussian" in fig.infobook_alt
    True
    """
    est = receptive_field_estimates(ensemble, threshold, frames, seed)
    art = reusable(fig, "receptive_fields")
    if art is None:
        fig = new_figure("receptive_fields", 8.4, 3.3, left=0.075, right=0.985, bottom=0.19,
                         top=0.86)
        art = fig.infobook_artists
        gs = fig.add_gridspec(1, 4, width_ratios=[2.1, 0.32, 1.0, 1.0], wspace=0.16)
        ax1, ax2, ax3 = (fig.add_subplot(gs[0, i]) for i in (0, 2, 3))
        pix = np.arange(est.filter.size)
        art["true"], = ax1.plot(pix, est.filter, color=TRUE_COLOR, lw=3.2, alpha=0.35,
                                label="true filter")
        for k in _KEYS:
            art[k], = ax1.plot(pix, est.filter, color=_COLORS[k], lw=1.4, label=_NAMES[k])
        art["zero"] = ax1.axhline(0.0, color=MUTED, lw=0.6)
        ax1.set(xlim=(-0.5, est.filter.size - 0.5), ylim=(-0.8, 0.8), xlabel="pixel",
                ylabel="weight (unit vector)", yticks=[-0.5, 0.0, 0.5],
                xticks=[0, 8, 16, 24, 31])
        ax1.legend(loc="lower left", fontsize=7.5, frameon=False, ncol=2)
        ypos = np.arange(3)[::-1]
        art["cos_bars"] = ax2.barh(ypos, [1.0] * 3, color=[_COLORS[k] for k in _KEYS],
                                   left=_COS_LOW, height=0.6)
        art["cos_text"] = [ax2.text(0.0, y, "", va="center", ha="right", fontsize=8,
                                    color="white") for y in ypos]
        ax2.set(xlim=(_COS_LOW, 1.0), ylim=(-0.6, 2.6), yticks=ypos,
                xticks=[0.6, 0.8, 1.0])
        ax2.set_yticklabels(["STA", "dec. STA", "MID"], fontsize=8.5)
        ax2.set_xlabel("cosine with true filter", fontsize=9)
        art["info_bars"] = ax3.barh(ypos, [1.0] * 3, color=[_COLORS[k] for k in _KEYS],
                                    height=0.6)
        art["info_text"] = [ax3.text(0.12, y, "", va="center", ha="left", fontsize=8,
                                     color="white") for y in ypos]
        art["info_true"] = ax3.axvline(1.0, color=TRUE_COLOR, lw=1.2, ls="--")
        ax3.set(xlim=(0.0, _INFO_MAX), ylim=(-0.6, 2.6), yticks=[], xticks=[2, 4, 6])
        ax3.set_xlabel("bits/spike, held out\n(dashed: true filter)", fontsize=9)
        art["ax3"] = ax3
        for ax in (ax1, ax2, ax3):
            ax.tick_params(labelsize=8)
        art["title"] = fig.suptitle("", fontsize=10.5)
        # what a redraw draws over the cached axes, in z-order (the spines cover the bars' feet)
        set_dynamic(fig, [art["true"], *(art[k] for k in _KEYS), art["zero"], *art["cos_bars"],
                          ax2.spines["left"], *art["cos_text"], *art["info_bars"],
                          ax3.spines["left"], art["info_true"], *art["info_text"], art["title"]])
    for k in _KEYS:
        art[k].set_ydata(est.directions[k])
    art["true"].set_ydata(est.filter)
    for bar, text, k in zip(art["cos_bars"], art["cos_text"], _KEYS):
        c = est.cosine[k]
        bar.set_width(max(c, _COS_LOW) - _COS_LOW)
        text.set_text(f"{c:.3f}")
        text.set_x(max(c, _COS_LOW + 0.13) - 0.01)
    xmax = _INFO_MAX
    for bar, text, k in zip(art["info_bars"], art["info_text"], _KEYS):
        bar.set_width(min(est.info[k], xmax))
        text.set_text(f"{est.info[k]:.2f}")
    art["info_true"].set_xdata([est.info["true"]] * 2)
    name = ENSEMBLE_NAMES[est.ensemble]
    art["title"].set_text(
        f"{_SHORT_NAMES[est.ensemble]}, threshold {est.threshold:g} sd, {est.frames:,} frames, "
        f"{est.spikes:,} spikes")
    c, i = est.cosine, est.info
    fig.infobook_alt = (
        f"Receptive field of a model neuron driven by a {name} stimulus (threshold "
        f"{est.threshold:g} sd, {est.frames} frames, {est.spikes} spikes): the true filter, a "
        f"Gabor profile, with the STA (cosine similarity {c['sta']:.3f}), the decorrelated STA "
        f"({c['dsta']:.3f}) and the maximally informative dimension ({c['mid']:.3f}). "
        f"Information per spike on held-out frames: true filter {i['true']:.2f}, STA "
        f"{i['sta']:.2f}, decorrelated STA {i['dsta']:.2f}, MID {i['mid']:.2f} bits.")
    return fig


# ---------------------------------------------------------------------------
# convergence with the number of spikes
# ---------------------------------------------------------------------------
CONV_FRAMES = (10_000, 20_000, 50_000, 100_000, 200_000)
CONV_SEEDS = (0, 1, 2, 3, 4)


@functools.lru_cache(maxsize=2)
def _convergence_rows(ensemble, threshold, frames, seeds):
    spikes = np.zeros((len(seeds), len(frames)))
    cos = {k: np.zeros((len(seeds), len(frames))) for k in _KEYS}
    weighted, count, total, nframes = 0.0, 0.0, 0.0, 0
    for i, seed in enumerate(seeds):
        rec = simulate_neuron(ensemble, frames=max(frames), dims=DIMS, threshold=threshold,
                              seed=seed)
        weighted = weighted + rec.spikes @ rec.stimuli     # pooled over all seeds
        count += rec.spikes.sum()
        total = total + rec.stimuli.sum(axis=0)
        nframes += rec.stimuli.shape[0]
        for j, f in enumerate(frames):
            s, n = rec.stimuli[:f], rec.spikes[:f]
            spikes[i, j] = n.sum()
            dirs = {"sta": spike_triggered_average(s, n),
                    "dsta": spike_triggered_average(s, n, decorrelate=True),
                    "mid": fit_mid(s, n, holdout=0.0).direction}
            for k in _KEYS:
                cos[k][i, j] = cosine_similarity(dirs[k], rec.filter)
    for arr in (spikes, *cos.values()):
        arr.flags.writeable = False
    sta = weighted / count - total / nframes
    pooled = {"spikes": float(count), "frames": nframes,
              "sta": cosine_similarity(sta, rec.filter),
              "dsta": cosine_similarity(np.linalg.solve(rec.covariance, sta), rec.filter)}
    return spikes, cos, pooled


def mid_convergence_rows(ensemble="natural", threshold=2.5, frames=CONV_FRAMES, seeds=CONV_SEEDS):
    """Cosine similarity of STA, decorrelated STA and MID against the recording length.

    For each seed, one recording of ``max(frames)`` frames is simulated and
    its prefixes of each length in ``frames`` are analysed (all frames used
    for fitting, none held out).

    Returns
    -------
    (spikes, cosine)
        ``spikes``: array ``(len(seeds), len(frames))`` of spike counts;
        ``cosine``: dict ``"sta"``/``"dsta"``/``"mid"`` → array of the same
        shape.  Cached.

    Raises
    ------
    ValueError
        On an unknown ensemble, a length below 1,000 frames, a bad seed or
        threshold, or an empty ``frames`` or ``seeds``.

    Examples
    --------
    >>> spikes, cosine = mid_convergence_rows(frames=(5_000, 20_000), seeds=(1,))
    >>> spikes.shape, sorted(cosine)
    ((1, 2), ['dsta', 'mid', 'sta'])
    """
    if ensemble not in ENSEMBLES:
        raise ValueError(f"ensemble must be one of {', '.join(map(repr, ENSEMBLES))}, "
                         f"got {ensemble!r}")
    frames = tuple(sorted(as_count(f, "frames", minimum=1000) for f in frames))
    seeds = tuple(as_count(s, "seeds") for s in seeds)
    if not frames or not seeds:
        raise ValueError("frames and seeds must each list at least one value")
    return _convergence_rows(ensemble, as_scalar(threshold, "threshold"), frames, seeds)[:2]


def sta_pooled_cosines(ensemble="natural", threshold=2.5, frames=CONV_FRAMES, seeds=CONV_SEEDS):
    """Cosine with the true filter of the STA and decorrelated STA of all recordings pooled.

    The full recordings of :func:`mid_convergence_rows` (``len(seeds) × max(frames)``
    frames) are pooled into one STA; the decorrelated STA divides it by the
    ensemble's exact covariance ``C``.  With this many spikes the estimates
    are close to their population values, so the cosines show where the STA
    and the decorrelated STA are heading (their bias), not their noise.

    Returns
    -------
    dict
        ``"sta"``, ``"dsta"`` (cosines), ``"spikes"`` and ``"frames"`` (pooled totals).

    Raises
    ------
    ValueError
        As :func:`mid_convergence_rows`.

    Examples
    --------
    >>> pooled = sta_pooled_cosines(frames=(5_000, 20_000), seeds=(1,))
    >>> pooled["frames"], sorted(pooled)
    (20000, ['dsta', 'frames', 'spikes', 'sta'])
    """
    mid_convergence_rows(ensemble, threshold, frames, seeds)       # validates the arguments
    frames = tuple(sorted(int(f) for f in frames))
    seeds = tuple(int(s) for s in seeds)
    return dict(_convergence_rows(ensemble, float(threshold), frames, seeds)[2])


@functools.lru_cache(maxsize=2)
def _selection_rows(frames, seeds, threshold):
    rows = {f: [] for f in frames}
    for seed in seeds:
        rec = simulate_neuron("natural", frames=max(frames), dims=DIMS, threshold=threshold,
                              seed=seed)
        for f in frames:
            s, n = rec.stimuli[:f], rec.spikes[:f]
            fit = fit_mid(s, n, holdout=HOLDOUT)
            tr = slice(0, fit.train_frames)
            true_smooth = info_per_spike(rec.filter, s[tr], n[tr])
            true_hard = info_per_spike(rec.filter, s[tr], n[tr], smooth=False)
            mid_hard = info_per_spike(fit.direction, s[tr], n[tr], smooth=False)
            te = slice(fit.train_frames, None)
            test = [info_per_spike(v, s[te], n[te], smooth=False)
                    for v in (fit.direction, rec.filter)]
            occupied = np.count_nonzero(np.bincount(projection_bins(rec.filter, s[tr]),
                                                    weights=n[tr], minlength=25))
            rows[f].append((fit.train_spikes, fit.info_train - true_smooth,
                            mid_hard - true_hard, test[0] - test[1], occupied,
                            cosine_similarity(fit.direction, rec.filter)))
    out = {}
    for f, r in rows.items():
        r = np.array(r)
        out[f] = {"spikes": r[:, 0], "excess": r[:, 1], "excess_hard": r[:, 2],
                  "excess_test": r[:, 3], "occupied": r[:, 4], "cosine": r[:, 5],
                  "wilks": (DIMS - 1) / (2.0 * r[:, 0] * math.log(2.0)),
                  "miller_madow": (r[:, 4] - 1) / (2.0 * r[:, 0] * math.log(2.0))}
        for arr in out[f].values():
            arr.flags.writeable = False
    return out


def mid_selection_rows(frames=(10_000, 100_000), seeds=tuple(range(8)), threshold=2.5):
    """MID's excess information over the true filter on its own training frames.

    For each seed, a natural-like recording of ``max(frames)`` frames is
    simulated; MID is fitted to each prefix (last 20 % held out) and its
    information per spike on the training frames is compared with the true
    filter's on the same frames.

    Returns
    -------
    dict
        For each length in ``frames``: ``"spikes"`` (training spikes),
        ``"excess"`` (MID minus true filter, bits, with the smooth estimate that
        :func:`infolib.fit_mid` maximises), ``"excess_hard"`` (the same with the
        hard 25-bin estimate), ``"excess_test"`` (hard estimate, held-out
        frames), ``"occupied"`` (bins holding training spikes along the true
        filter), ``"cosine"`` (of MID with the true filter),
        ``"miller_madow"`` (``(occupied - 1) / (2 N_sp ln 2)`` bits) and
        ``"wilks"`` (the asymptotic selection term ``(D - 1) / (2 N_sp ln 2)``
        bits, ``D = 32``), with ``N_sp`` the training spikes; one entry per
        seed.  Cached.

    Raises
    ------
    ValueError
        On a length below 1,000 frames, a bad seed or threshold, or an empty list.

    Examples
    --------
    >>> rows = mid_selection_rows(frames=(10_000,), seeds=(0, 1))
    >>> sorted(rows[10_000])[:4], rows[10_000]["excess"].shape
    (['cosine', 'excess', 'excess_hard', 'excess_test'], (2,))
    """
    frames = tuple(sorted(as_count(f, "frames", minimum=1000) for f in frames))
    seeds = tuple(as_count(s, "seeds") for s in seeds)
    if not frames or not seeds:
        raise ValueError("frames and seeds must each list at least one value")
    return _selection_rows(frames, seeds, as_scalar(threshold, "threshold"))


def info_difference_bootstrap(v, w, stimuli, spikes, reps=200, seed=0):
    """Bootstrap of the difference of hard-binned informations per spike along two directions.

    The frames (rows of ``stimuli`` with their spike counts) are resampled
    with replacement ``reps`` times; on every resample the hard 25-bin
    estimate :func:`infolib.info_per_spike` (``smooth=False``, bits) along
    ``v`` minus the one along ``w`` is recorded.  Both directions see the
    same resampled frames, so the spread of the result is the sampling
    uncertainty of the *difference* on a recording of this size.

    Returns
    -------
    numpy.ndarray, shape (reps,)
        The bootstrap differences, in bits per spike.

    Raises
    ------
    ValueError
        On directions or recordings that :func:`infolib.info_per_spike`
        rejects, or fewer than 2 replicates.

    Examples
    --------
    >>> rec = simulate_neuron("white", frames=5000, dims=4, threshold=1.5, seed=1)
    >>> d = info_difference_bootstrap(rec.filter, [1.0, 0, 0, 0], rec.stimuli, rec.spikes, reps=20)
    >>> d.shape, bool(d.mean() > 0)
    ((20,), True)
    """
    reps = as_count(reps, "reps", minimum=2)
    stimuli = np.asarray(stimuli, dtype=float)
    spikes = np.asarray(spikes, dtype=float)
    info_per_spike(v, stimuli, spikes, smooth=False)         # validates all the inputs
    info_per_spike(w, stimuli, spikes, smooth=False)
    x = np.column_stack([stimuli @ np.asarray(v, float), stimuli @ np.asarray(w, float)])
    rng = np.random.default_rng(seed)
    out = np.empty(reps)
    for i in range(reps):
        idx = rng.integers(0, len(spikes), len(spikes))
        xs, ns = x[idx], spikes[idx]
        out[i] = (info_per_spike([1.0, 0.0], xs, ns, smooth=False)
                  - info_per_spike([0.0, 1.0], xs, ns, smooth=False))
    return out


@functools.lru_cache(maxsize=2)
def _symmetric_rows(frames, seeds, threshold):
    k = _unit(model_filter(DIMS))
    rows = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        s = rng.standard_normal((frames, DIMS))                # white Gaussian frames
        u = s @ k                                              # unit variance
        p = 1.0 / (1.0 + np.exp(-(np.abs(u) - threshold) / 0.2))
        n = (rng.random(frames) < p).astype(np.float64)        # Bernoulli spikes
        sta = spike_triggered_average(s, n)
        ds = ((s - s.mean(axis=0)).T * n) @ (s - s.mean(axis=0)) / n.sum() - np.cov(s.T, bias=True)
        eig, vec = np.linalg.eigh(ds)                          # spike-triggered covariance
        stc = vec[:, np.argmax(np.abs(eig))]
        fit = fit_mid(s, n, holdout=HOLDOUT)
        rows.append((n.sum(), cosine_similarity(sta, k), cosine_similarity(stc, k, absolute=True),
                     cosine_similarity(fit.direction, k, absolute=True)))
    r = np.array(rows)
    out = {"spikes": r[:, 0], "sta": r[:, 1], "stc": r[:, 2], "mid": r[:, 3]}
    for arr in out.values():
        arr.flags.writeable = False
    return out


def symmetric_neuron_rows(frames=100_000, seeds=tuple(range(8)), threshold=2.5):
    """STA, spike-triggered covariance and MID for a neuron with an *even* nonlinearity.

    White Gaussian frames (``DIMS`` pixels, seeded by each seed); the
    neuron fires in a frame with probability ``1 / (1 + exp(-(|k·s| - θ)/0.2))``
    (``k`` the unit Gabor filter of :func:`infolib.model_filter`), so it
    responds to large projections of either sign, as a complex cell or an
    energy model does.  For every seed it returns the number of spikes, the
    signed cosine of the STA with ``k`` (zero in expectation, by
    the STA theorem of chapter 3), and ``|cos|`` for the leading
    eigenvector of the spike-triggered covariance change and for MID (fitted
    on the first 80 % of the frames, from the STA as :func:`infolib.fit_mid`
    always starts).

    Returns
    -------
    dict
        ``"spikes"``, ``"sta"``, ``"stc"``, ``"mid"``: one entry per seed.  Cached.

    Raises
    ------
    ValueError
        On fewer than 1,000 frames, a bad seed or threshold, or no seeds.

    Examples
    --------
    >>> rows = symmetric_neuron_rows(frames=20_000, seeds=(0,))
    >>> sorted(rows), rows["mid"].shape
    (['mid', 'spikes', 'sta', 'stc'], (1,))
    """
    frames = as_count(frames, "frames", minimum=1000)
    seeds = tuple(as_count(s, "seeds") for s in seeds)
    if not seeds:
        raise ValueError("seeds must list at least one value")
    return _symmetric_rows(frames, seeds, as_scalar(threshold, "threshold"))


def mid_convergence(ensemble="natural", threshold=2.5, frames=CONV_FRAMES, seeds=CONV_SEEDS, *,
                    fig=None):
    """Cosine similarity to the true filter against the number of spikes (log scale).

    Parameters
    ----------
    ensemble, threshold, frames, seeds
        As in :func:`mid_convergence_rows` (cached).
    fig : Figure, optional
        A figure returned by an earlier call, updated in place.

    Returns
    -------
    matplotlib.figure.Figure
        One faint dot per recording and a line through the means, for the
        STA, the decorrelated STA and MID.

    Raises
    ------
    ValueError
        As :func:`mid_convergence_rows`.

    Examples
    --------
    >>> fig = mid_convergence(frames=(5_000, 20_000), seeds=(1,))
    >>> "MID climbs towards 1" in fig.infobook_alt
    True
    """
    spikes, cos = mid_convergence_rows(ensemble, threshold, frames, seeds)
    art = reusable(fig, "mid_convergence")
    if art is None:
        fig = new_figure("mid_convergence", 6.4, 3.4, left=0.12, right=0.98, bottom=0.15,
                         top=0.88)
        art = fig.infobook_artists
        art["ax"] = fig.subplots()
    ax = art["ax"]
    ax.clear()
    mean_spikes = spikes.mean(axis=0)
    for k in _KEYS:
        ax.plot(spikes.ravel(), cos[k].ravel(), "o", color=_COLORS[k], alpha=0.3, ms=3.5,
                markeredgewidth=0)
        ax.plot(mean_spikes, cos[k].mean(axis=0), "-o", color=_COLORS[k], lw=1.6, ms=4,
                label=_NAMES[k])
    ax.set_xscale("log")
    ticks = [t for t in (100, 200, 500, 1000, 2000, 5000, 10000, 20000)
             if 0.8 * spikes.min() <= t <= 1.25 * spikes.max()]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FixedFormatter([f"{t:,}" for t in ticks]))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("number of spikes (log scale)", fontsize=9)
    ax.set_ylabel("cosine with true filter", fontsize=9)
    ax.set_ylim(min(0.7, float(min(c.min() for c in cos.values())) - 0.02), 1.005)
    ax.axhline(1.0, color=MUTED, lw=0.6)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.tick_params(labelsize=8)
    ax.set_title(f"{ENSEMBLE_NAMES[ensemble]} stimulus, threshold {threshold:g} sd, "
                 f"{len(seeds)} seeds", fontsize=9.5)
    last = {k: float(cos[k][:, -1].mean()) for k in _KEYS}
    pooled = sta_pooled_cosines(ensemble, threshold, frames, seeds)
    fig.infobook_alt = (
        f"Cosine similarity to the true filter against the number of spikes (from "
        f"{mean_spikes[0]:.0f} to {mean_spikes[-1]:.0f}, mean of {len(seeds)} seeded recordings "
        f"of a {ENSEMBLE_NAMES[ensemble]} stimulus). MID climbs towards 1 (mean {last['mid']:.3f} "
        f"at the most spikes) while the STA ({last['sta']:.3f}) and the decorrelated STA "
        f"({last['dsta']:.3f}) stay below it; pooled over all recordings they reach only "
        f"{pooled['sta']:.3f} and {pooled['dsta']:.3f}: more data does not cure their bias.")
    return fig
