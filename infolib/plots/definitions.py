"""Figures of the definitions chapter: a joint pmf and its information diagram,
surprisal and the binary entropy, and a Gaussian quantised into cells.

:func:`joint_preset` builds the small joint pmfs the chapter's widget starts from
(independent, copy, noisy channel, many-to-one, erasure), each with one noise
parameter.
"""
from __future__ import annotations

import math

import numpy as np

from .._validate import as_pmf, as_scalar
from ..continuous import gaussian_cell_probabilities, quantized_gaussian_entropy
from ..discrete import conditional_entropy, entropy, joint_entropy, marginals, mutual_information
from ..gaussian import gaussian_entropy
from ._base import GPS_COLOR, MUTED, SPEED_COLOR, new_figure, normal_pdf, reusable, set_dynamic

__all__ = ["JOINT_PRESETS", "joint_preset", "information_numbers", "joint_information",
           "surprisal_and_entropy", "quantized_gaussian"]

X_COLOR = SPEED_COLOR   # what only X carries, H(X|Y)
Y_COLOR = GPS_COLOR     # what only Y carries, H(Y|X)
I_COLOR = "#7b3294"     # what they share, I(X;Y)

#: The presets of :func:`joint_preset`, in the widget's order.
JOINT_PRESETS = ("independent", "copy", "noisy channel", "many-to-one", "erasure")

_PX = np.array([0.5, 0.3, 0.2])
_PY = np.array([0.2, 0.5, 0.3])
_UNIFORM = np.full((3, 3), 1.0 / 3.0)


def joint_preset(preset="noisy channel", noise=0.2):
    """A 3×3 joint pmf (rows X, columns Y) from a named preset and a noise level.

    Parameters
    ----------
    preset : str
        One of :data:`JOINT_PRESETS`:

        Values are 0, 1, 2; with ``e = noise``, every preset but the last has
        ``p(x) = [0.5, 0.3, 0.2]``, and the table is ``p(x) p(y | x)``
        (chapter 2, section "A table and its information diagram", states the
        same models):

        - ``"independent"``: ``p(x, y) = p_e(x) q_e(y)`` with
          ``p_e = (1 - e) [0.5, 0.3, 0.2] + e/3`` and
          ``q_e = (1 - e) [0.2, 0.5, 0.3] + e/3``; the noise flattens both
          marginals towards uniform (the pair stays independent).
        - ``"copy"``: ``Y = X`` with probability ``1 - e``; otherwise Y is drawn
          uniformly from {0, 1, 2}, independently of X:
          ``p(y | x) = (1 - e) [y == x] + e/3``.
        - ``"noisy channel"``: ``Y = X`` with probability ``1 - e``, else
          ``Y = X + 1 (mod 3)``: at ``noise = 1`` Y is a relabelling of X again.
        - ``"many-to-one"``: as ``"copy"`` with ``f(X)`` in place of X, where
          ``f(0) = 0`` and ``f(1) = f(2) = 1``:
          ``p(y | x) = (1 - e) [y == f(x)] + e/3``.
        - ``"erasure"``: X is a fair bit on {0, 1} (the value 2 never occurs);
          Y = X with probability ``1 - e``, else Y = 2, meaning "erased".
    noise : float
        Between 0 and 1.

    Returns
    -------
    numpy.ndarray, shape (3, 3)
        The joint pmf.

    Raises
    ------
    ValueError
        If ``preset`` is not one of :data:`JOINT_PRESETS` or ``noise`` is not
        a number in ``[0, 1]``.

    Examples
    --------
    >>> joint_preset("copy", 0.0).round(2).tolist()
    [[0.5, 0.0, 0.0], [0.0, 0.3, 0.0], [0.0, 0.0, 0.2]]
    >>> joint_preset("erasure", 0.5).round(2).tolist()
    [[0.25, 0.0, 0.25], [0.0, 0.25, 0.25], [0.0, 0.0, 0.0]]
    """
    if preset not in JOINT_PRESETS:
        raise ValueError(f"preset must be one of {', '.join(map(repr, JOINT_PRESETS))}; "
                         f"got {preset!r}")
    e = as_scalar(noise, "noise", minimum=0.0)
    if e > 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {e:g}")
    eye = np.eye(3)
    if preset == "independent":
        px = (1 - e) * _PX + e / 3
        py = (1 - e) * _PY + e / 3
        return np.outer(px, py)
    if preset == "copy":
        return _PX[:, None] * ((1 - e) * eye + e * _UNIFORM)
    if preset == "noisy channel":
        return _PX[:, None] * ((1 - e) * eye + e * np.roll(eye, 1, axis=1))
    if preset == "many-to-one":
        f = np.array([[1.0, 0, 0], [0, 1, 0], [0, 1, 0]])
        return _PX[:, None] * ((1 - e) * f + e * _UNIFORM)
    erase = np.array([[0.0, 0, 1], [0, 0, 1], [0, 0, 1]])
    return np.array([0.5, 0.5, 0.0])[:, None] * ((1 - e) * eye + e * erase)


def information_numbers(pxy):
    """The six information quantities of a joint pmf, in bits, as a dict.

    Keys ``"H(X)"``, ``"H(Y)"``, ``"H(X,Y)"``, ``"H(X|Y)"``, ``"H(Y|X)"`` and
    ``"I(X;Y)"``; rows of ``pxy`` are X.  Raises ``ValueError`` for a bad pmf
    (see :func:`infolib.joint_entropy`).

    Examples
    --------
    >>> information_numbers([[0.5, 0.0], [0.0, 0.5]])["I(X;Y)"]
    1.0
    """
    pxy = as_pmf(pxy, "pxy", ndim=2)
    p_x, p_y = marginals(pxy)
    return {
        "H(X)": entropy(p_x), "H(Y)": entropy(p_y), "H(X,Y)": joint_entropy(pxy),
        "H(X|Y)": conditional_entropy(pxy.T), "H(Y|X)": conditional_entropy(pxy),
        "I(X;Y)": mutual_information(pxy),
    }


def _fmt_row(v):
    return "[" + ", ".join(f"{x:.2f}" for x in v) + "]"


def _build_joint_figure(shape):
    fig = new_figure("joint_information", 8.4, 3.5)
    art = fig.infobook_artists
    art["shape"] = shape
    n, m = shape
    heat = fig.add_axes([0.07, 0.13, 0.25, 0.6])
    top = fig.add_axes([0.07, 0.75, 0.25, 0.11])
    side = fig.add_axes([0.33, 0.13, 0.06, 0.6])
    art["im"] = heat.imshow(np.zeros(shape), cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    art["cells"] = [[heat.text(j, i, "", ha="center", va="center", fontsize=9) for j in range(m)]
                    for i in range(n)]
    heat.set_xticks(range(m))
    heat.set_yticks(range(n))
    heat.set_xlabel("y")
    heat.set_ylabel("x")
    # The marginals' axes carry no ticks (fewer texts to draw: a faster redraw).
    art["py"] = top.bar(range(m), np.zeros(m), color=Y_COLOR, width=0.7)
    top.set(xlim=(-0.5, m - 0.5), ylim=(0, 1))
    top.set_axis_off()
    art["p_y_axis"] = top.axhline(0, color="black", lw=0.8)
    top.text(-0.03, 0.3, "p(y)", transform=top.transAxes, ha="right", fontsize=9)
    art["px"] = side.barh(range(n), np.zeros(n), color=X_COLOR, height=0.7)
    side.set(ylim=(n - 0.5, -0.5), xlim=(0, 1))
    side.set_axis_off()
    art["p_x_axis"] = side.axvline(0, color="black", lw=0.8)
    side.text(0.1, -0.08, "p(x)", transform=side.transAxes, ha="left", va="top", fontsize=9)

    diag = fig.add_axes([0.53, 0.42, 0.44, 0.4])
    diag.set_yticks([2, 1, 0], ["H(X,Y)", "H(X)", "H(Y)"])
    diag.set_ylim(-0.6, 2.6)
    diag.set_xlim(0, math.log2(n * m))
    diag.set_xticks(range(int(math.log2(n * m)) + 1))
    diag.set_xlabel("bits", fontsize=9, labelpad=1)
    diag.set_title("information diagram", fontsize=10)
    for spine in ("top", "right"):
        diag.spines[spine].set_visible(False)
    bar = dict(height=0.62, edgecolor="white", linewidth=1)
    art["joint"] = diag.barh([2], [0], color=MUTED, **bar)[0]
    art["x_only"] = diag.barh([1], [0], color=X_COLOR, **bar)[0]
    art["x_shared"] = diag.barh([1], [0], color=I_COLOR, **bar)[0]
    art["y_shared"] = diag.barh([0], [0], color=I_COLOR, **bar)[0]
    art["y_only"] = diag.barh([0], [0], color=Y_COLOR, **bar)[0]
    art["legend"] = [
        fig.text(0.53, 0.2, "", color=X_COLOR, fontsize=9.5),
        fig.text(0.53, 0.12, "", color=I_COLOR, fontsize=9.5, weight="bold"),
        fig.text(0.53, 0.04, "", color=Y_COLOR, fontsize=9.5),
        fig.text(0.78, 0.04, "", color="black", fontsize=9.5, linespacing=2.05),
    ]
    art["title"] = fig.suptitle("", fontsize=11, x=0.5, y=0.985)
    # what a redraw draws over the cached axes, in z-order (axis lines and spines over the bars)
    set_dynamic(fig, [art["im"], *heat.spines.values(), *(t for row in art["cells"] for t in row),
                      *art["py"], art["p_y_axis"], *art["px"], art["p_x_axis"], art["joint"],
                      art["x_only"], art["x_shared"], art["y_shared"], art["y_only"],
                      diag.spines["left"], diag.spines["bottom"], *art["legend"], art["title"]])
    return fig


def joint_information(preset="noisy channel", noise=0.2, *, pxy=None, fig=None):
    """A joint pmf as a heat map with its marginals, beside its information diagram.

    Left, the table ``p(x, y)`` (rows x, columns y) with ``p(y)`` above and
    ``p(x)`` to the right.  Right, three bars in bits: ``H(X, Y)``; ``H(X)``
    split into ``H(X|Y)`` and ``I(X;Y)``; and ``H(Y)`` split into ``I(X;Y)``
    and ``H(Y|X)``, placed so that the shared part lines up.  The numbers are
    written below the bars.

    Parameters
    ----------
    preset : str
        One of :data:`JOINT_PRESETS` (see :func:`joint_preset`).
    noise : float
        Noise level in ``[0, 1]`` for the preset.
    pxy : array_like, 2-D, optional
        An explicit joint pmf (e.g. the reader's own table); it replaces
        ``preset`` and ``noise``.  Non-negative weights are normalised.
    fig : Figure, optional
        A figure returned by an earlier call, updated in place when its table
        has the same shape.

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.infobook_alt`` describing the table and the six numbers.

    Raises
    ------
    ValueError
        If ``preset``/``noise`` are invalid, or ``pxy`` is not a 2-D array of
        non-negative weights with a positive total.

    Examples
    --------
    A fair bit copied from X to Y: one bit shared, nothing left over.

    >>> import numpy as np
    >>> fig = joint_information(pxy=np.array([[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0]]))
    >>> "I(X;Y) = 1.000" in fig.infobook_alt and "H(X|Y) = 0.000" in fig.infobook_alt
    True
    """
    if pxy is None:
        table = joint_preset(preset, noise)
        what = f"preset {preset!r}, noise {float(noise):.2f}"
    else:
        table = as_pmf(pxy, "pxy", ndim=2, normalize=True)
        what = "your table (normalised to sum to 1)"
    nums = information_numbers(table)
    art = reusable(fig, "joint_information")
    if art is None or art["shape"] != table.shape:
        fig = _build_joint_figure(table.shape)
        art = fig.infobook_artists
    p_x, p_y = marginals(table)

    top = float(table.max())
    art["im"].set_data(table)
    art["im"].set_clim(0.0, max(top, 0.05))
    for i, row in enumerate(art["cells"]):
        for j, t in enumerate(row):
            v = table[i, j]
            t.set_text(f"{v:.2f}")
            t.set_color("white" if v > 0.6 * top else "black")
    for b, v in zip(art["py"], p_y):
        b.set_height(v)
    for b, v in zip(art["px"], p_x):
        b.set_width(v)

    h_xy, h_x_y, mi, h_y_x = nums["H(X,Y)"], nums["H(X|Y)"], nums["I(X;Y)"], nums["H(Y|X)"]
    art["joint"].set_width(h_xy)
    art["x_only"].set_width(h_x_y)
    art["x_shared"].set_x(h_x_y)
    art["x_shared"].set_width(mi)
    art["y_shared"].set_x(h_x_y)
    art["y_shared"].set_width(mi)
    art["y_only"].set_x(h_x_y + mi)
    art["y_only"].set_width(h_y_x)
    lines = [f"■ H(X|Y) = {h_x_y:.3f}", f"■ I(X;Y) = {mi:.3f}", f"■ H(Y|X) = {h_y_x:.3f}",
             f"H(X) = {nums['H(X)']:.3f}\nH(Y) = {nums['H(Y)']:.3f}\nH(X,Y) = {h_xy:.3f} bits"]
    for t, s in zip(art["legend"], lines):
        t.set_text(s)
    art["title"].set_text(f"Joint pmf: {what}")
    fig.infobook_alt = (
        f"Heat map of a joint pmf of X (rows) and Y (columns), {what}: rows "
        + "; ".join(_fmt_row(r) for r in table)
        + f". Marginals p(x) = {_fmt_row(p_x)}, p(y) = {_fmt_row(p_y)}. Information diagram in "
        f"bits: H(X) = {nums['H(X)']:.3f}, H(Y) = {nums['H(Y)']:.3f}, H(X,Y) = {h_xy:.3f}, "
        f"H(X|Y) = {h_x_y:.3f}, H(Y|X) = {h_y_x:.3f}, I(X;Y) = {mi:.3f}."
    )
    return fig


def surprisal_and_entropy(fig=None):
    """Surprisal ``-log2 p`` of one outcome, and the entropy of a coin, in bits.

    Left, the surprisal of an outcome of probability ``p``: 0 bits for a
    certain outcome, 1 bit for ``p = 1/2``, growing without bound as ``p → 0``.
    Right, the entropy of a coin with ``P(heads) = p``, the average surprisal,
    largest (1 bit) for a fair coin.

    Parameters
    ----------
    fig : Figure, optional
        Ignored unless built by this function (the figure has no parameters).

    Examples
    --------
    >>> fig = surprisal_and_entropy()
    >>> len(fig.axes), fig.infobook_alt.split("; ")[-1]  # H(0.11) = 0.49992 bits
    (2, 'a coin with P(heads) = 0.11 has 0.50 bits.')
    """
    if reusable(fig, "surprisal_and_entropy") is not None:
        return fig
    fig = new_figure("surprisal_and_entropy", 8.0, 3.0, left=0.08, right=0.98, bottom=0.17,
                     top=0.88, wspace=0.28)
    ax1, ax2 = fig.subplots(1, 2)
    p = np.linspace(0.005, 1.0, 400)
    ax1.plot(p, -np.log2(p), color=SPEED_COLOR, lw=1.8)
    for q in (0.5, 0.25, 0.125):
        ax1.plot([q], [-math.log2(q)], "o", color=GPS_COLOR, ms=5)
        ax1.annotate(f"p = {q:g}: {-math.log2(q):g} bit{'s' if q < 0.5 else ''}", (q, -math.log2(q)),
                     xytext=(8, 4), textcoords="offset points", fontsize=8.5)
    ax1.set(xlim=(0, 1), ylim=(0, 7.8), xlabel="probability p of the outcome",
            ylabel="surprisal (bits)")
    ax1.set_title("surprisal  −log₂ p", fontsize=10)
    q = np.linspace(0.0, 1.0, 401)
    h = np.array([entropy([v, 1 - v]) for v in q])
    ax2.plot(q, h, color=SPEED_COLOR, lw=1.8)
    ax2.plot([0.5, 0.11], [1.0, entropy([0.11, 0.89])], "o", color=GPS_COLOR, ms=5)
    ax2.annotate("fair coin: 1 bit", (0.5, 1.0), xytext=(0, -16), textcoords="offset points",
                 ha="center", fontsize=8.5)
    ax2.annotate(f"P(heads) = 0.11: {entropy([0.11, 0.89]):.2f} bits", (0.11, entropy([0.11, 0.89])),
                 xytext=(8, -4), textcoords="offset points", fontsize=8.5)
    ax2.set(xlim=(0, 1), ylim=(0, 1.1), xlabel="P(heads)", ylabel="entropy (bits)")
    ax2.set_title("entropy of a coin = average surprisal", fontsize=10)
    for ax in (ax1, ax2):
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    fig.infobook_alt = (
        "Left: the surprisal -log2 p falls from infinity at p = 0 to 0 bits at p = 1, passing "
        "1 bit at p = 1/2, 2 bits at 1/4 and 3 bits at 1/8. Right: the entropy of a coin rises "
        f"from 0 (a certain outcome) to 1 bit for a fair coin; a coin with P(heads) = 0.11 has "
        f"{entropy([0.11, 0.89]):.2f} bits."
    )
    return fig


def quantized_gaussian(bin_width=0.5, sd=1.0, fig=None):
    """A standard Gaussian cut into cells of width Δ, and the limit H(X_Δ) + log2 Δ → h(X).

    Left, the density of ``N(0, sd²)`` and the quantised variable's cell
    probabilities divided by ``Δ`` (a staircase).  Right, against ``Δ`` (log
    scale): the discrete entropy ``H(X_Δ)``, which grows without bound as the
    cells shrink, and ``H(X_Δ) + log2 Δ``, which settles on the differential
    entropy ``h(X)`` (dashed line).

    Parameters
    ----------
    bin_width : float
        The cell width drawn on the left (and marked on the right), > 0.
    sd : float
        The Gaussian's standard deviation, > 0.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = quantized_gaussian(bin_width=0.5)
    >>> fig.infobook_alt.split("settles at ")[-1]  # log2(2 pi e) / 2 = 2.047 for sd 1
    'the differential entropy h(X) = 2.047 bits.'
    """
    width = as_scalar(bin_width, "bin_width", minimum=0.0, strict=True)
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    grid = np.linspace(-4 * sd, 4 * sd, 401)
    k = np.arange(math.floor(-4 * sd / width), math.ceil(4 * sd / width) + 1)
    edges = k * width
    stairs = gaussian_cell_probabilities(edges, 0.0, sd) / width
    widths = sd * 2.0 ** np.arange(1, -8, -0.5)
    h_disc = np.array([quantized_gaussian_entropy(d, sd=sd) for d in widths])
    h = gaussian_entropy(sd)
    h_here = quantized_gaussian_entropy(width, sd=sd)

    art = reusable(fig, "quantized_gaussian")
    if art is None:
        fig = new_figure("quantized_gaussian", 8.0, 3.1, left=0.07, right=0.98, bottom=0.16,
                         top=0.86, wspace=0.25)
        art = fig.infobook_artists
        ax1, ax2 = fig.subplots(1, 2)
        ax1.plot(grid, normal_pdf(grid, 0.0, sd), color=MUTED, lw=1.5, label="density p(x)")
        art["stairs"] = ax1.stairs(stairs, edges, color=SPEED_COLOR, lw=1.5,
                                   label="cell probability / Δ")
        ax1.set(xlim=(-4 * sd, 4 * sd), ylim=(0, 0.56 / sd), xlabel="x", yticks=[])
        ax1.legend(loc="upper left", fontsize=8, frameon=False)
        art["ax1"] = ax1
        ax2.semilogx(widths, h_disc, "o-", color=MUTED, ms=3, lw=1.2, label="H(X_Δ)")
        ax2.semilogx(widths, h_disc + np.log2(widths), "o-", color=SPEED_COLOR, ms=3, lw=1.5,
                     label="H(X_Δ) + log₂ Δ")
        ax2.axhline(h, color=GPS_COLOR, ls="--", lw=1.2, label=f"h(X) = {h:.3f} bits")
        art["mark"] = ax2.axvline(width, color="black", lw=0.8, alpha=0.5)
        ax2.invert_xaxis()
        ax2.set(xlabel="cell width Δ (finer to the right)", ylabel="bits")
        ax2.legend(loc="upper left", fontsize=8, frameon=False)
        ax2.set_ylim(0, h_disc.max() * 1.35)
        art["title"] = ax1.set_title("", fontsize=10)
        ax2.set_title("finer cells: H(X_Δ) grows, H(X_Δ) + log₂ Δ settles", fontsize=10)
    else:
        art["stairs"].set_data(stairs, edges)
        art["mark"].set_xdata([width, width])
    art["title"].set_text(f"cells of width Δ = {width:g}: H(X_Δ) = {h_here:.3f} bits")
    fig.infobook_alt = (
        f"Left: the density of a Gaussian with standard deviation {sd:g} and its cells of width "
        f"{width:g}, whose entropy is {h_here:.3f} bits. Right: as the cell width shrinks from "
        f"{widths[0]:g} to {widths[-1]:.3g}, the discrete entropy H(X_Δ) grows from "
        f"{h_disc[0]:.2f} to {h_disc[-1]:.2f} bits while H(X_Δ) + log2 Δ settles at the "
        f"differential entropy h(X) = {h:.3f} bits."
    )
    return fig
