"""Figures of the chapter "Estimating mutual information from data".

The widget's figure, :func:`plugin_bias`, shows how the binned plug-in
estimate of the mutual information of a Gaussian pair is spread over many
seeded data sets, for a chosen sample size ``N`` and number of bins.  To
redraw fast it does not call :func:`infolib.binned_mutual_information` once
per data set: :func:`batched_binned_mi` bins all replicates at once with
exactly the same rule (equal-width bins over each variable's own range) and
counts them with one :func:`numpy.bincount`; the tests check it against
the library function.  :func:`estimator_study` measures the errors of the
binned, Miller–Madow and KSG estimators on Gaussian pairs with known MI;
:func:`bootstrap_rmse` gives the Monte Carlo uncertainty of its root-mean-square
errors, and :func:`heavy_tail_binning_rows` shows the default binning rule
failing for heavy-tailed (Cauchy) margins.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from ..estimators import ksg_mutual_information
from ..gaussian import gaussian_mutual_information
from .._validate import as_count, as_scalar
from ._base import GPS_COLOR, MUTED, SPEED_COLOR, new_figure, reusable, set_dynamic

__all__ = ["gaussian_pair_replicates", "batched_binned_mi", "plugin_bias", "estimator_study",
           "estimator_errors", "bootstrap_rmse", "gaussian_to_cauchy", "heavy_tail_binning_rows"]

PLUGIN_COLOR = GPS_COLOR     # the plain plug-in estimate
MM_COLOR = SPEED_COLOR       # with the Miller–Madow correction
KSG_COLOR = "#2ca02c"
TRUTH_COLOR = "#222222"

#: Replicates (seeded data sets) behind the widget's histograms and curves.
REPLICATES = 100
#: Largest sample size the widget offers, and the sizes of its curves.
N_MAX = 5000
N_CURVE = (50, 100, 200, 500, 1000, 2000, 5000)
BINS_MAX = 30
_SEED = 20261125


@functools.lru_cache(maxsize=4)
def gaussian_pair_replicates(rho, reps=REPLICATES, n=N_MAX, seed=_SEED):
    """``reps`` seeded data sets of ``n`` pairs from a standard Gaussian pair with correlation ``rho``.

    Returns ``(x, y)``, two read-only arrays of shape ``(reps, n)``.  The first
    ``N`` columns are a data set of size ``N``: smaller sizes are prefixes of
    larger ones.  Cached, so a widget draws them once.

    Examples
    --------
    >>> x, y = gaussian_pair_replicates(0.5, reps=3, n=4)
    >>> x.shape
    (3, 4)
    """
    rho = as_scalar(rho, "rho")
    if not -1.0 < rho < 1.0:
        raise ValueError(f"rho must lie strictly between -1 and 1, got {rho}")
    reps = as_count(reps, "reps", minimum=1)
    n = as_count(n, "n", minimum=2)
    z = np.random.default_rng(seed).standard_normal((2, reps, n))
    x = z[0]
    y = rho * z[0] + math.sqrt(1.0 - rho * rho) * z[1]
    x.flags.writeable = False
    y.flags.writeable = False
    return x, y


def _bin_codes(v, bins):
    """Equal-width bin index of each entry, each row over its own ``[min, max]``.

    The same rule as :func:`infolib.binned_mutual_information`: edges from
    ``numpy.linspace(min, max, bins + 1)``, a value on an interior edge goes
    to the bin on its right, the maximum to the last bin.
    """
    lo = v.min(axis=1, keepdims=True)
    hi = v.max(axis=1, keepdims=True)
    width = hi - lo
    width[width == 0] = 1.0
    scaled = v - lo
    scaled *= bins / width
    code = scaled.astype(np.intp)           # scaled ≥ 0: truncation is floor
    # only values within rounding distance of an edge can be one bin off: redo those exactly,
    # with the edges as numpy.histogram_bin_edges computes them
    scaled -= code                          # the position inside the bin, in [0, 1)
    near = np.flatnonzero((scaled < 1e-6) | (scaled > 1.0 - 1e-6))
    np.minimum(code, bins - 1, out=code)
    if near.size:
        rows = near // v.shape[1]
        edges = np.linspace(lo[:, 0], hi[:, 0], bins + 1, axis=1)
        vals = v.reshape(-1)[near]
        code.reshape(-1)[near] = (vals[:, None] >= edges[rows, 1:-1]).sum(axis=1)
    return code


def batched_binned_mi(x, y, bins, base=2):
    """Binned plug-in MI of each row pair, plain and with the Miller–Madow correction.

    Parameters
    ----------
    x, y : numpy.ndarray, shape (R, N)
        ``R`` data sets of ``N`` paired samples each (``N ≥ 2``).
    bins : int
        Equal-width bins per variable (each row over its own range).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The plug-in estimates and the Miller–Madow corrected ones, shape ``(R,)``;
        row ``r`` equals ``binned_mutual_information(x[r], y[r], bins)`` (with
        and without ``correction="miller-madow"``).

    Examples
    --------
    >>> x = np.array([[0.1, 0.2, 0.8, 0.9]])
    >>> plain, mm = batched_binned_mi(x, x, bins=2)
    >>> float(plain[0])
    1.0
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or x.shape != y.shape or x.shape[1] < 2:
        raise ValueError(f"x and y must be arrays of the same shape (R, N) with N ≥ 2, "
                         f"got {x.shape} and {y.shape}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("x and y must be finite")
    bins = as_count(bins, "bins", minimum=1)
    reps, n = x.shape
    cx, cy = _bin_codes(x, bins), _bin_codes(y, bins)
    cells = bins * bins
    flat = (np.arange(reps)[:, None] * cells + cx * bins + cy).ravel()
    joint = np.bincount(flat, minlength=reps * cells).reshape(reps, bins, bins).astype(np.float64)
    nx = joint.sum(axis=2)
    ny = joint.sum(axis=1)
    denom = nx[:, :, None] * ny[:, None, :]
    used = joint > 0
    terms = np.zeros_like(joint)
    terms[used] = joint[used] * np.log(joint[used] * n / denom[used])
    mi = np.maximum(terms.sum(axis=(1, 2)) / n, 0.0)
    m_x = (nx > 0).sum(axis=1)
    m_y = (ny > 0).sum(axis=1)
    m_xy = used.sum(axis=(1, 2))
    mm = mi + (m_x + m_y - m_xy - 1) / (2.0 * n)
    scale = 1.0 if base is None else 1.0 / math.log(base)
    return mi * scale, mm * scale


@functools.lru_cache(maxsize=2)
def _curve_table(rho):
    """Mean plug-in and Miller–Madow estimates (bits) over the replicates,
    for every bin count 1..BINS_MAX and every size in N_CURVE."""
    x, y = gaussian_pair_replicates(rho)
    plain = np.empty((BINS_MAX + 1, len(N_CURVE)))
    mm = np.empty_like(plain)
    for b in range(1, BINS_MAX + 1):
        for j, n in enumerate(N_CURVE):
            p, m = batched_binned_mi(x[:, :n], y[:, :n], b)
            plain[b, j], mm[b, j] = p.mean(), m.mean()
    return plain, mm


def _bake_static(fig, axes, dynamic):
    """Draw everything but ``dynamic`` once and keep it as a background picture.

    Axes, ticks, labels, legends and fixed lines then cost one image copy per
    redraw instead of a text layout each (most of a redraw's time); only the
    ``dynamic`` artists are drawn anew.  The axes keep their limits and
    transforms, so the dynamic artists land exactly where they did.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for a in dynamic:
        a.set_visible(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    background = np.asarray(canvas.buffer_rgba()).copy()
    keep = {id(a) for a in dynamic}
    for ax in axes:
        for child in ax.get_children():
            if id(child) not in keep:
                child.set_visible(False)
    fig.figimage(background, xo=0, yo=0, origin="upper", zorder=-10)
    for a in dynamic:
        a.set_visible(True)


def plugin_bias(n=500, bins=8, *, rho=0.8, fig=None):
    """The binned plug-in estimate over seeded data sets, against the truth.

    Left: histograms of the plug-in estimate and of its Miller–Madow
    correction over 100 seeded data sets (``REPLICATES``) of ``n`` pairs from a
    standard Gaussian pair with correlation ``rho``, each variable cut into
    ``bins`` equal-width bins; the true MI as a black line.  Right: the mean
    estimates against ``N`` for the same number of bins (precomputed once
    from the same data sets), with the current ``N`` marked.

    Parameters
    ----------
    n : int, default 500
        Samples per data set, ``2 ≤ n ≤ 5000`` (a slider's float is rounded).
    bins : int, default 8
        Bins per variable, ``1 ≤ bins ≤ 30`` (rounded).
    rho : float, default 0.8
        Correlation of the Gaussian pair.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = plugin_bias(n=200, bins=4)
    >>> fig.infobook_alt[:60]
    'Left: histograms of the binned plug-in estimate of mutual in'
    """
    n = int(round(as_scalar(n, "n")))
    bins = int(round(as_scalar(bins, "bins")))
    if not 2 <= n <= N_MAX:
        raise ValueError(f"n must be between 2 and {N_MAX}, got {n}")
    if not 1 <= bins <= BINS_MAX:
        raise ValueError(f"bins must be between 1 and {BINS_MAX}, got {bins}")
    truth = gaussian_mutual_information(rho)
    x, y = gaussian_pair_replicates(rho)
    plain, mm = batched_binned_mi(x[:, :n], y[:, :n], bins)
    curve_plain, curve_mm = _curve_table(rho)
    top = max(3.6, truth + 1.5)
    hist_edges = np.linspace(-0.4, top, 69)   # estimates beyond the range fall in the end bins

    art = reusable(fig, "plugin_bias")
    if art is None:
        fig = new_figure("plugin_bias", 8.0, 3.3, left=0.07, right=0.98, bottom=0.15, top=0.86,
                         wspace=0.28)
        art = fig.infobook_artists
        ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        zeros = np.zeros(hist_edges.size - 1)
        art["h_plain"] = ax1.stairs(zeros, hist_edges, fill=True, color=PLUGIN_COLOR, alpha=0.55,
                                    label="plug-in")
        art["h_mm"] = ax1.stairs(zeros, hist_edges, fill=False, color=MM_COLOR, linewidth=1.8,
                                 label="Miller–Madow")
        ax1.axvline(truth, color=TRUTH_COLOR, linewidth=1.5, label="true MI")
        ax1.set(xlim=(hist_edges[0], hist_edges[-1]), ylim=(0, REPLICATES * 0.6),
                xlabel="estimate (bits)", ylabel=f"data sets (of {REPLICATES})")
        ax1.legend(loc="upper right", fontsize=8, frameon=False)
        art["c_plain"], = ax2.plot(N_CURVE, curve_plain[bins], "-o", color=PLUGIN_COLOR,
                                   markersize=3)
        art["c_mm"], = ax2.plot(N_CURVE, curve_mm[bins], "-o", color=MM_COLOR, markersize=3)
        ax2.axhline(truth, color=TRUTH_COLOR, linewidth=1.5)
        art["now"] = ax2.axvline(n, color=MUTED, linestyle=":", linewidth=1.2)
        ax2.set(xscale="log", xlim=(40, 6500), ylim=(-0.4, top), xlabel="samples N (log scale)",
                ylabel="mean estimate (bits)")
        ax2.set_xticks([50, 500, 5000], ["50", "500", "5000"])
        ax2.xaxis.set_minor_locator(NullLocator())
        for ax in (ax1, ax2):
            ax.yaxis.set_major_locator(MaxNLocator(4))
        art["curve_title"] = ax2.set_title("", fontsize=9, y=1.0, pad=4)  # fixed y: no auto placement
        art["title"] = fig.suptitle("", fontsize=10)
        dynamic = [art[k] for k in ("h_plain", "h_mm", "c_plain", "c_mm", "now", "curve_title",
                                    "title")]
        _bake_static(fig, (ax1, ax2), dynamic)
        set_dynamic(fig, dynamic)  # the baked picture is cached too, not resampled per redraw
    else:
        art["c_plain"].set_ydata(curve_plain[bins])
        art["c_mm"].set_ydata(curve_mm[bins])
        art["now"].set_xdata([n, n])
    art["h_plain"].set_data(np.histogram(np.clip(plain, hist_edges[0], hist_edges[-1]),
                                         hist_edges)[0])
    art["h_mm"].set_data(np.histogram(np.clip(mm, hist_edges[0], hist_edges[-1]), hist_edges)[0])
    art["curve_title"].set_text(f"means over the data sets, {bins} bins")
    mean_p, mean_m = float(plain.mean()), float(mm.mean())
    art["title"].set_text(
        f"N = {n}, {bins} bins: plug-in mean {mean_p:.3f} (bias {mean_p - truth:+.3f}), "
        f"Miller–Madow {mean_m:.3f} ({mean_m - truth:+.3f}); true {truth:.3f} bits")
    fig.infobook_alt = (
        f"Left: histograms of the binned plug-in estimate of mutual information and of its "
        f"Miller–Madow correction over {REPLICATES} seeded data sets of N = {n} pairs from a Gaussian "
        f"pair with correlation {rho:g}, {bins} bins per variable; their means are {mean_p:.3f} and "
        f"{mean_m:.3f} bits against the true {truth:.3f} bits. Right: the mean estimates against N "
        f"from 50 to 5000 for {bins} bins, with the true value as a horizontal line."
    )
    return fig


def estimator_study(rhos=(0.0, 0.5, 0.9), sizes=(100, 1000, 10_000), reps=10, seed=0, k=3):
    """Errors of three estimators on standard Gaussian pairs with known MI.

    For each correlation ``rho`` and sample size ``N``, ``reps`` seeded data
    sets are drawn; each gets the binned plug-in estimate (default rule,
    ``ceil(N^(1/3))`` bins, equal to :func:`infolib.binned_mutual_information`;
    computed for all data sets at once by :func:`batched_binned_mi`), its
    Miller–Madow correction and the KSG estimate (``k`` neighbours).

    Parameters
    ----------
    rhos : sequence of float
        Correlations, each strictly between -1 and 1.
    sizes : sequence of int
        Sample sizes (each ≥ k + 1).
    reps : int, default 10
        Data sets per setting.
    seed : int, default 0
        Seed of the first data set (then ``seed + 1``, ...).
    k : int, default 3
        Neighbours of the KSG estimator.

    Returns
    -------
    dict
        ``"truth"`` (shape ``(len(rhos),)``, bits) and, for ``"binned"``,
        ``"miller-madow"`` and ``"ksg"``, the estimates in bits with shape
        ``(len(rhos), len(sizes), reps)``; also ``"rhos"`` and ``"sizes"``.

    Examples
    --------
    >>> out = estimator_study(rhos=(0.5,), sizes=(200,), reps=2)
    >>> out["ksg"].shape
    (1, 1, 2)
    """
    rhos = [as_scalar(r, "rhos") for r in rhos]
    sizes = [as_count(s, "sizes", minimum=k + 1) for s in sizes]
    reps = as_count(reps, "reps", minimum=1)
    shape = (len(rhos), len(sizes), reps)
    out = {name: np.empty(shape) for name in ("binned", "miller-madow", "ksg")}
    for i, rho in enumerate(rhos):
        for j, n in enumerate(sizes):
            xs = np.empty((reps, n))
            ys = np.empty((reps, n))
            for r in range(reps):
                x, y = gaussian_pair_replicates(rho, reps=1, n=n, seed=seed + r)
                xs[r], ys[r] = x[0], y[0]
                out["ksg"][i, j, r] = ksg_mutual_information(x[0], y[0], k=k)
            # the default rule of binned_mutual_information, for all data sets at once
            bins = int(math.ceil(n ** (1.0 / 3.0) - 1e-9))
            out["binned"][i, j], out["miller-madow"][i, j] = batched_binned_mi(xs, ys, bins)
    out["truth"] = np.array([gaussian_mutual_information(r) for r in rhos])
    out["rhos"], out["sizes"] = np.array(rhos), np.array(sizes)
    return out


def estimator_errors(study, fig=None):
    """Mean error (estimate − truth) of each estimator against N, one panel per correlation.

    Parameters
    ----------
    study : dict
        The result of :func:`estimator_study`.
    fig : Figure, optional
        Ignored unless it is a figure this function returned (then redrawn).

    Examples
    --------
    >>> study = estimator_study(rhos=(0.0, 0.5), sizes=(100, 400), reps=2)
    >>> fig = estimator_errors(study)
    >>> len(fig.axes), fig.infobook_alt[:48]  # one panel per correlation
    (2, 'Mean error of the binned plug-in, Miller–Madow a')
    """
    rhos, sizes, truth = study["rhos"], study["sizes"], study["truth"]
    fig = new_figure("estimator_errors", 8.0, 3.3, left=0.08, right=0.98, bottom=0.27, top=0.83,
                     wspace=0.3)
    axes = np.atleast_1d(fig.subplots(1, len(rhos), sharey=True))
    names = [("binned", "binned plug-in", PLUGIN_COLOR), ("miller-madow", "Miller–Madow", MM_COLOR),
             ("ksg", "KSG (k = 3)", KSG_COLOR)]
    parts = []
    for i, ax in enumerate(axes):
        for key, label, color in names:
            err = study[key][i] - truth[i]
            mean, sd = err.mean(axis=1), err.std(axis=1)
            ax.errorbar(sizes, mean, yerr=sd, fmt="-o", color=color, markersize=3, capsize=2,
                        label=label)
        ax.axhline(0.0, color=TRUTH_COLOR, linewidth=1)
        ax.set(xscale="log", xlabel="samples N (log scale)",
               title=f"ρ = {rhos[i]:g}, true I = {truth[i]:.2f} bits")
        ax.title.set_size(9)
        parts.append(f"ρ = {rhos[i]:g}: " + ", ".join(
            f"{label} {np.mean(study[key][i, -1]) - truth[i]:+.3f}" for key, label, _ in names))
    axes[0].set_ylabel("error (bits)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle("Mean error ± one standard deviation over seeded data sets", fontsize=10)
    fig.infobook_alt = (
        "Mean error of the binned plug-in, Miller–Madow and KSG estimates of mutual information "
        f"against the sample size, for Gaussian pairs; at N = {sizes[-1]} the mean errors in bits are "
        + "; ".join(parts) + "."
    )
    return fig


def bootstrap_rmse(errors, n_boot=2000, seed=0):
    """Root-mean-square errors over replicates, with bootstrap replicates of them.

    Parameters
    ----------
    errors : dict of str to array_like
        Estimation errors (estimate − truth), each with the replicates along
        the last axis; all with the same number ``R`` of replicates, which
        are assumed to be paired (replicate ``r`` of every entry comes from
        the same data set).
    n_boot : int, default 2000
        Bootstrap resamples.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    (dict, dict)
        ``rmse[name]``, shape ``errors[name].shape[:-1]``, and
        ``boot[name]``, shape ``errors[name].shape[:-1] + (n_boot,)``: the
        RMSE of each resample of the replicates.  Every entry is resampled
        with the *same* indices, so differences and ratios of ``boot``
        entries give paired standard errors; ``boot[name].std(axis=-1,
        ddof=1)`` is the bootstrap standard error of ``rmse[name]``.

    Examples
    --------
    >>> e = {"a": np.array([0.1, -0.1, 0.1, -0.1])}
    >>> rmse, boot = bootstrap_rmse(e, n_boot=5)
    >>> float(rmse["a"]), boot["a"].shape
    (0.1, (5,))
    """
    n_boot = as_count(n_boot, "n_boot", minimum=2)
    arrays = {name: np.asarray(e, dtype=np.float64) for name, e in errors.items()}
    if not arrays:
        raise ValueError("errors must contain at least one array")
    sizes = {a.shape[-1] if a.ndim else 0 for a in arrays.values()}
    if len(sizes) != 1 or 0 in sizes:
        raise ValueError(f"errors must share a last axis of replicates (R ≥ 1), got sizes {sorted(sizes)}")
    reps = sizes.pop()
    idx = np.random.default_rng(seed).integers(0, reps, size=(n_boot, reps))
    rmse = {name: np.sqrt(np.mean(a ** 2, axis=-1)) for name, a in arrays.items()}
    boot = {name: np.sqrt(np.mean(a[..., idx] ** 2, axis=-1)) for name, a in arrays.items()}
    return rmse, boot


def gaussian_to_cauchy(z):
    """The increasing map ``tan(π(Φ(z) − 1/2))`` from a standard normal to a standard Cauchy variable.

    Computed as ``sign(z) / tan(π Φ(−|z|))`` (equal to it, since
    ``tan(π/2 − t) = 1 / tan t``) so that the far tails keep their precision.

    Examples
    --------
    >>> [round(float(v), 6) for v in gaussian_to_cauchy(np.array([-0.6744897501960817, 0.0, 0.6744897501960817]))]
    [-1.0, 0.0, 1.0]
    """
    from scipy.stats import norm

    z = np.asarray(z, dtype=np.float64)
    with np.errstate(divide="ignore"):           # |z| > 38: Φ(−|z|) = 0 in float64, ±inf
        return np.sign(z) / np.tan(np.pi * norm.sf(np.abs(z)))


def heavy_tail_binning_rows(rho=0.9, sizes=(100, 1000, 10_000, 100_000), reps=20, seed=11):
    """The default binning rule on Gaussian margins, on Cauchy margins and on ranks.

    For each sample size ``N``, ``reps`` seeded data sets of a standard
    Gaussian pair with correlation ``rho`` are binned with the default rule of
    :func:`infolib.binned_mutual_information` (``ceil(N^(1/3))`` equal-width
    bins over each variable's observed range) three ways: as drawn, after
    mapping both variables to standard Cauchy by :func:`gaussian_to_cauchy`
    (an increasing map, so the true MI is unchanged), and after replacing the
    values by their ranks (the same for both margins).

    Returns
    -------
    list of dict
        One per size: ``n``, ``bins``, the estimates in bits (arrays of shape
        ``(reps,)``) under ``"gaussian"``, ``"cauchy"`` and ``"ranks"``, and
        the median bin width of ``x`` under ``"width_gaussian"`` and
        ``"width_cauchy"``.

    Examples
    --------
    >>> rows = heavy_tail_binning_rows(sizes=(100,), reps=2)
    >>> rows[0]["bins"], rows[0]["cauchy"].shape
    (5, (2,))
    """
    from scipy.stats import rankdata

    reps = as_count(reps, "reps", minimum=1)
    rows = []
    for n in sizes:
        n = as_count(n, "sizes", minimum=2)
        x, y = gaussian_pair_replicates(rho, reps=reps, n=n, seed=seed)
        bins = int(math.ceil(n ** (1.0 / 3.0) - 1e-9))
        cx, cy = gaussian_to_cauchy(x), gaussian_to_cauchy(y)
        row = {"n": n, "bins": bins}
        for name, (a, b) in {"gaussian": (x, y), "cauchy": (cx, cy),
                             "ranks": (rankdata(x, axis=1), rankdata(y, axis=1))}.items():
            row[name] = batched_binned_mi(a, b, bins)[0]
        for name, v in (("width_gaussian", x), ("width_cauchy", cx)):
            row[name] = float(np.median((v.max(axis=1) - v.min(axis=1)) / bins))
        rows.append(row)
    return rows
