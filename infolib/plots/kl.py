"""Figures of the chapter "Mutual information as a KL divergence"."""
from __future__ import annotations

import functools
import math

import matplotlib
import numpy as np

from ..discrete import js_divergence, kl_divergence, mutual_information, pointwise_mutual_information
from ..mixtures import (GaussianMixture, _reverse_objective, fit_gaussian_forward_kl,
                        fit_gaussian_reverse_kl, mixture_kl_divergence)
from ..scenarios import Car
from ._base import (GPS_COLOR, MUTED, SPEED_COLOR, bake, new_figure, normal_pdf, overlay_figure,
                    reusable, set_dynamic)

__all__ = ["kl_gaussian_fit", "car_pmi_maps", "divergences_vs_shift"]

FORWARD_COLOR = GPS_COLOR       # mass-covering fit
REVERSE_COLOR = "#1b9e77"       # mode-seeking fit
FIT_COLOR = SPEED_COLOR          # the reader's Gaussian
_LN2 = math.log(2.0)
_MEAN_RANGE = (-4.5, 4.5)
_SD_RANGE = (0.25, 4.5)
_KL_LEVELS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0]


@functools.lru_cache(maxsize=8)
def _fit_context(weights, means, sds):
    """Everything about the mixture that does not depend on the reader's Gaussian."""
    p = GaussianMixture(weights, means, sds, normalize=True)
    x = np.linspace(-8.0, 8.0, 401)
    fwd = fit_gaussian_forward_kl(p)
    rev = fit_gaussian_reverse_kl(p)
    mu = np.linspace(*_MEAN_RANGE, 37)
    sd = np.linspace(*_SD_RANGE, 29)
    mm, ss = np.meshgrid(mu, sd)
    # forward KL of a Gaussian q in closed form given h(p):
    # KL(p‖q) = −h(p) + ½ log(2π σ²) + (Var p + (E p − μ)²) / (2σ²)
    h_p = p.entropy(base=None)
    forward = (-h_p + 0.5 * np.log(2 * np.pi * ss**2)
               + (p.variance() + (p.mean() - mm) ** 2) / (2 * ss**2)) / _LN2
    reverse = np.array([[_reverse_objective((m, math.log(s)), p)[0] for m in mu] for s in sd]) / _LN2
    return p, x, p.pdf(x), fwd, rev, (mm, ss, forward, reverse)


_FIT_SIZE = (10.0, 3.5)
_FIT_ADJUST = dict(left=0.03, right=0.95, bottom=0.15, top=0.80, wspace=0.34)


@functools.lru_cache(maxsize=8)
def _fit_background(weights, means, sds):
    """The static part of :func:`kl_gaussian_fit` as an RGBA image, and the axes to overlay.

    Returns ``(image, axes)`` with ``axes`` a list of ``(position, xlim, ylim)``:
    the density panel and the two maps, in figure coordinates.
    """
    p, x, px, fwd, rev, (mm, ss, fmap, rmap) = _fit_context(weights, means, sds)
    fig = new_figure("background", *_FIT_SIZE, **_FIT_ADJUST)
    grid = fig.add_gridspec(1, 4)
    ax = fig.add_subplot(grid[0, :2])
    ax.fill_between(x, px, color=MUTED, alpha=0.45, lw=0, label="p: the mixture")
    f_x, r_x = normal_pdf(x, fwd.mean, fwd.sd), normal_pdf(x, rev.mean, rev.sd)
    ax.plot(x, f_x, color=FORWARD_COLOR, ls="--", lw=1.5, label=r"best for $D_{\mathrm{KL}}(p \Vert q)$: covers the mass")
    ax.plot(x, r_x, color=REVERSE_COLOR, ls=":", lw=2.0, label=r"best for $D_{\mathrm{KL}}(q \Vert p)$: here, one mode")
    ax.plot([], [], color=FIT_COLOR, lw=2.0, label="q: your Gaussian")  # drawn per frame
    ax.set(xlim=(x[0], x[-1]), ylim=(0, 1.5 * max(px.max(), f_x.max(), r_x.max())), xlabel="x",
           yticks=[])
    ax.legend(loc="upper left", fontsize=7.5, frameon=False, ncol=2)
    axes = [ax]
    for k, (title, field, opt, color) in enumerate([
        (r"$D_{\mathrm{KL}}(p \Vert q)$ in bits", fmap, [fwd], FORWARD_COLOR),
        (r"$D_{\mathrm{KL}}(q \Vert p)$ in bits", rmap, list(rev.local_optima), REVERSE_COLOR),
    ]):
        axm = fig.add_subplot(grid[0, 2 + k])
        cs = axm.contourf(mm, ss, np.clip(field, 0, _KL_LEVELS[-1]), levels=_KL_LEVELS,
                          cmap="viridis_r", extend="max")
        axm.contour(mm, ss, field, levels=_KL_LEVELS[1:], colors="white", linewidths=0.3)
        for i, o in enumerate(opt):
            axm.plot(o.mean, o.sd, marker="*", ms=13 if i == 0 else 10, mec="white", mew=1.0,
                     color=color if i == 0 else "none", ls="none")
        axm.set(xlabel="mean of q", ylabel="sd of q" if k == 0 else "")
        axm.set_title(title, fontsize=9.5)
        if k == 1:
            cbar = fig.colorbar(cs, ax=axm, fraction=0.08, pad=0.03, ticks=_KL_LEVELS[::2])
            cbar.ax.tick_params(labelsize=7)
        axes.append(axm)
    return bake(fig, axes)


def kl_gaussian_fit(mean=0.0, sd=1.0, *, weights=(0.6, 0.4), means=(-2.0, 2.5), sds=(0.7, 1.0),
                    fig=None):
    """One Gaussian q = N(mean, sd²) against a two-peaked mixture p: D_KL(p‖q) and D_KL(q‖p).

    Left, the mixture ``p`` (grey), the reader's Gaussian ``q`` (blue), the
    forward-KL optimum (moment matching, dashed) and the reverse-KL optimum
    (dotted).  Middle and right, ``KL(p ‖ q)`` and ``KL(q ‖ p)`` in bits over
    the mean and standard deviation of ``q``, with the reader's ``q`` as a
    dot and each optimum as a star (a hollow star for another local optimum of
    the reverse divergence).  The title gives both divergences at ``q``.

    Everything that does not depend on ``q`` is rendered once per mixture into
    a background image; a redraw only draws ``q``, the two dots and the title
    over it, which keeps a live redraw fast.  A very narrow ``q`` may rise
    above the top of the left panel (it is clipped).

    Parameters
    ----------
    mean, sd : float
        Mean and standard deviation (> 0) of the reader's Gaussian.
    weights, means, sds : tuple of float
        The mixture (weights are normalised).
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = kl_gaussian_fit(mean=0.0, sd=1.0)
    >>> fig.infobook_alt.split(": ")[0]
    'A two-peaked mixture p with one Gaussian q of mean 0.00 and sd 1.00'
    """
    key = (tuple(weights), tuple(means), tuple(sds))
    p, x, px, fwd, rev, _ = _fit_context(*key)
    q = GaussianMixture.gaussian(mean, sd)
    kl_pq = mixture_kl_divergence(p, q)
    kl_qp = mixture_kl_divergence(q, p)
    qx = q.pdf(x)
    art = reusable(fig, "kl_gaussian_fit")
    if art is None or art["key"] != key:
        fig, overlay = overlay_figure("kl_gaussian_fit", *_fit_background(*key), *_FIT_SIZE,
                                      **_FIT_ADJUST)
        art = fig.infobook_artists
        art["key"] = key
        art["q"], = overlay[0].plot(x, qx, color=FIT_COLOR, lw=2.0)
        for k in (0, 1):
            art[f"dot{k}"], = overlay[1 + k].plot([mean], [sd], "o", color=FIT_COLOR, mec="white",
                                                  ms=7)
        art["title"] = fig.suptitle("", fontsize=11)
        set_dynamic(fig, [art["q"], art["dot0"], art["dot1"], art["title"]])  # the rest is cached
    else:
        art["q"].set_ydata(qx)
        for k in (0, 1):
            art[f"dot{k}"].set_data([mean], [sd])
    art["title"].set_text(
        f"q = N({mean:.2f}, {sd:.2f}²):   " + r"$D_{\mathrm{KL}}(p \Vert q)$" + f" = {kl_pq:.2f} bits,   "
        + r"$D_{\mathrm{KL}}(q \Vert p)$" + f" = {kl_qp:.2f} bits"
    )
    others = ", ".join(f"mean {o.mean:.2f}, sd {o.sd:.2f} ({o.kl:.2f} bits)"
                       for o in rev.local_optima[1:])
    fig.infobook_alt = (
        f"A two-peaked mixture p with one Gaussian q of mean {mean:.2f} and sd {sd:.2f}: "
        f"D_KL(p‖q) = {kl_pq:.2f} bits and D_KL(q‖p) = {kl_qp:.2f} bits. The forward-KL optimum "
        f"(mean {fwd.mean:.2f}, sd {fwd.sd:.2f}, {fwd.kl:.2f} bits) spreads over both peaks; the "
        f"reverse-KL optimum (mean {rev.mean:.2f}, sd {rev.sd:.2f}, {rev.kl:.2f} bits) sits on "
        f"peak {rev.component + 1}" + (f"; another local optimum of D_KL(q‖p): {others}." if others
                                       else ".")
        + " Maps of both divergences over the mean and sd of q mark the optima."
    )
    return fig


def _finite_edges(edges):
    """Bin edges with the two infinite outer edges replaced by one inner bin width."""
    e = np.array(edges, dtype=float)
    e[0], e[-1] = e[1] - (e[2] - e[1]), e[-2] + (e[-2] - e[-3])
    return e


def car_pmi_maps(speedometer_sd=5.0, gps_sd=5.0, *, bins=20, pmi_limit=3.0, fig=None):
    """The car's quantised readings: joint pmf, product of marginals and pointwise MI.

    Left, ``p(v_s, v_g)`` of the speedometer (rows, ``v_s``) and GPS (columns,
    ``v_g``) readings quantised into ``bins × bins`` cells (:meth:`infolib.Car.joint_pmf`);
    middle, ``p(v_s) p(v_g)``, the table if the readings were independent; right,
    the pointwise mutual information ``log2 p(v_s, v_g) / (p(v_s) p(v_g))``, red where a
    pair is more likely than under independence and blue where less.  Cells
    whose computed ``p(v_s, v_g)`` is 0 are masked (light grey): their true
    probabilities are positive but below about 1e-16, lost to rounding when two
    normal CDFs near 1 are subtracted, and they contribute nothing measurable; the colour scale is
    cut at ``± pmi_limit`` bits.  The outermost bins, which reach to ±∞, are
    drawn one bin wide.  Black contours on the PMI map enclose the cells where
    ``p(v_s, v_g)`` exceeds 1/100, 1/10 and 1/2 of its largest value: the extreme
    PMI values in the corners belong to pairs that almost never occur.

    Parameters
    ----------
    speedometer_sd, gps_sd : float
        Noise standard deviations (km/h) of the two instruments.
    bins : int
        Cells per axis.
    pmi_limit : float
        Half-width of the PMI colour scale, in bits.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = car_pmi_maps(bins=10)
    >>> len(fig.axes) >= 3, fig.infobook_alt[:26]
    (True, 'Three 10 by 10 heat maps o')
    """
    car = Car(speedometer_sd=speedometer_sd, gps_sd=gps_sd)
    pxy, ex, ey = car.joint_pmf(bins=bins)
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    product = np.outer(px, py)
    pmi = np.ma.masked_invalid(np.where(pxy > 0, pointwise_mutual_information(pxy), np.nan))
    mi = mutual_information(pxy)
    ex, ey = _finite_edges(ex), _finite_edges(ey)
    top = float(max(pxy.max(), product.max()))
    if reusable(fig, "car_pmi_maps") is not None:
        fig.clear()  # the cell edges move with the noise levels: redraw the axes
    else:
        fig = new_figure("car_pmi_maps", 10.0, 3.5, left=0.06, right=0.97, bottom=0.15,
                         top=0.82, wspace=0.35)
    art = fig.infobook_artists
    axes = fig.subplots(1, 3)
    cmap_pmi = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#e6e6e6")
    titles = [r"joint $p(v_s, v_g)$", r"product $p(v_s)\,p(v_g)$", "pointwise MI (bits)"]
    for ax, t in zip(axes, titles):
        ax.set_title(t, fontsize=10)
        ax.set(xlabel=r"GPS reading $v_g$ (km/h)")
        ax.set_aspect("equal")
    axes[0].set_ylabel(r"speedometer reading $v_s$ (km/h)")
    axes[0].pcolormesh(ey, ex, pxy, cmap="Greys", vmin=0, vmax=top)
    axes[1].pcolormesh(ey, ex, product, cmap="Greys", vmin=0, vmax=top)
    mesh = axes[2].pcolormesh(ey, ex, pmi, cmap=cmap_pmi, vmin=-pmi_limit, vmax=pmi_limit)
    # where the probability is: the joint's contours at 1/100, 1/10 and 1/2 of its peak
    cy, cx = (ey[:-1] + ey[1:]) / 2, (ex[:-1] + ex[1:]) / 2
    axes[2].contour(cy, cx, pxy, levels=pxy.max() * np.array([0.01, 0.1, 0.5]), colors="k",
                    linewidths=0.7)
    cbar = fig.colorbar(mesh, ax=axes[2], fraction=0.046, pad=0.04, extend="both")
    cbar.ax.tick_params(labelsize=7)
    art["title"] = fig.suptitle("", fontsize=11)
    art["title"].set_text(
        f"{bins}×{bins} cells: " + r"$I(V_s; V_g) = D_{\mathrm{KL}}(\mathrm{joint} \Vert \mathrm{product})$"
        + f" = {mi:.2f} bits = average of the right-hand map under the joint"
    )
    masked = int(np.sum(pxy == 0))
    fig.infobook_alt = (
        f"Three {bins} by {bins} heat maps of the car's quantised readings (speedometer noise "
        f"{speedometer_sd:g} km/h, GPS noise {gps_sd:g} km/h): the joint pmf, concentrated along the "
        "diagonal; the product of its marginals, a round blob; and the pointwise mutual "
        f"information, positive along the diagonal and negative off it (contours mark where the joint has its mass), with {masked} cells of "
        f"computed probability zero masked. Mutual information {mi:.2f} bits."
    )
    return fig


def _discretised_gaussian(grid, mean, sd):
    w = np.exp(-0.5 * ((grid - mean) / sd) ** 2)
    return w / w.sum()


def divergences_vs_shift(sd_ratio=2.0, max_shift=8.0, *, fig=None):
    """KL both ways and the Jensen–Shannon divergence as two Gaussians move apart.

    ``p = N(0, 1)`` and ``q = N(d, sd_ratio²)``, both discretised on a fine grid,
    for shifts ``d`` from 0 to ``max_shift``.  The two KL divergences grow without
    bound, quadratically in ``d`` (and differ: KL is not symmetric); JS stays below
    1 bit and tends to it as the overlap vanishes.

    Parameters
    ----------
    sd_ratio : float
        Standard deviation of ``q`` (that of ``p`` is 1).
    max_shift : float
        Largest distance between the two means.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    Equal spreads: both KL divergences are d²/2 nats (2.885 bits at d = 2).

    >>> fig = divergences_vs_shift(sd_ratio=1.0, max_shift=2.0)
    >>> fig.infobook_alt.split(": ")[1].split(" and still")[0]
    'at d = 2 the two KL divergences are 2.89 and 2.89 bits'
    """
    grid = np.arange(-15.0, max_shift + 8.0 * sd_ratio, 0.05)
    shifts = np.linspace(0.0, max_shift, 41)
    p = _discretised_gaussian(grid, 0.0, 1.0)
    qs = [_discretised_gaussian(grid, d, sd_ratio) for d in shifts]
    kl_pq = np.array([kl_divergence(p, q) for q in qs])
    kl_qp = np.array([kl_divergence(q, p) for q in qs])
    js = np.array([js_divergence(p, q) for q in qs])
    art = reusable(fig, "divergences_vs_shift")
    if art is None:
        fig = new_figure("divergences_vs_shift", 6.4, 3.4, left=0.11, right=0.97, bottom=0.15,
                         top=0.88)
        art = fig.infobook_artists
        ax = fig.subplots()
        art["pq"], = ax.plot(shifts, kl_pq, color=FORWARD_COLOR, lw=1.8, label=r"$D_{\mathrm{KL}}(p \Vert q)$")
        art["qp"], = ax.plot(shifts, kl_qp, color=REVERSE_COLOR, lw=1.8, ls="--", label=r"$D_{\mathrm{KL}}(q \Vert p)$")
        art["js"], = ax.plot(shifts, js, color=SPEED_COLOR, lw=2.2, label="JS(p, q)")
        ax.axhline(1.0, color=MUTED, lw=1, ls=":")
        ax.text(0.55 * max_shift, 1.05, "JS ≤ 1 bit", color="#555555", fontsize=8, va="bottom")
        ax.set(xlabel="distance d between the means", ylabel="bits", xlim=(0, max_shift), ylim=(0, 6))
        ax.legend(loc="upper left", fontsize=8.5, frameon=False)
        ax.set_title(f"p = N(0, 1) and q = N(d, {sd_ratio:g}²), discretised", fontsize=10)
    else:
        art["pq"].set_data(shifts, kl_pq)
        art["qp"].set_data(shifts, kl_qp)
        art["js"].set_data(shifts, js)
    fig.infobook_alt = (
        f"D_KL(p‖q), D_KL(q‖p) and JS(p, q) for p = N(0, 1) and q = N(d, {sd_ratio:g}²) as d grows "
        f"from 0 to {max_shift:g}: at d = {max_shift:g} the two KL divergences are "
        f"{kl_pq[-1]:.2f} and {kl_qp[-1]:.2f} bits and still growing, while JS has risen to "
        f"{js[-1]:.2f} bits, close to its bound of 1 bit."
    )
    return fig
