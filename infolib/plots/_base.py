"""Shared helpers of the plot modules: figure reuse, colours, alt text.

Every plot function takes its parameters as keywords and an optional ``fig``.
Passed the figure it returned before, it updates that figure's artists in
place instead of building a new one; that keeps a live widget's redraw fast.
Each figure carries an alt text (``fig.infobook_alt``) describing what it
shows, which the website uses for its ``<img>`` elements.

Text that changes from frame to frame should be plain text: matplotlib parses
mathtext anew for every new string, which costs a widget tens of milliseconds.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

SPEED_COLOR = "#1f77b4"
GPS_COLOR = "#d95f02"
MUTED = "#9a9a9a"


def reusable(fig, key):
    """The artists dict of ``fig`` if it was built by the plot ``key``, else None."""
    if fig is not None and getattr(fig, "infobook_key", None) == key:
        return fig.infobook_artists
    return None


def new_figure(key, width, height, **adjust):
    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(**adjust)
    fig.infobook_key = key
    fig.infobook_artists = {}
    return fig


def normal_pdf(x, mean, sd):
    if sd == 0:
        out = np.zeros_like(x)
        out[np.argmin(np.abs(x - mean))] = 1.0 / (x[1] - x[0])
        return out
    return np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def bake(fig, axes):
    """Render ``fig``, the static part of a plot, once.

    Returns ``(image, geometry)``: the RGBA pixels, and for each of ``axes``
    its ``(position, xlim, ylim)``, for :func:`overlay_figure`.  Axes, ticks,
    labels and legends then cost one image copy per redraw instead of a text
    layout each, which is most of a redraw's time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba()).copy()
    return image, [(a.get_position(), a.get_xlim(), a.get_ylim()) for a in axes]


def overlay_figure(key, image, geometry, width, height, **adjust):
    """A new figure (see :func:`new_figure`) showing ``image`` under invisible axes.

    The axes sit where :func:`bake` found them, with the same limits, so what
    is drawn on them lands exactly over the baked picture.  Returns
    ``(fig, axes)``.  The figure must be rendered at its own dpi.
    """
    fig = new_figure(key, width, height, **adjust)
    fig.figimage(image, xo=0, yo=0, origin="upper", zorder=-10)  # under the overlay
    axes = []
    for position, xlim, ylim in geometry:
        ax = fig.add_axes(position, xlim=xlim, ylim=ylim)
        ax.set_axis_off()
        ax.patch.set_visible(False)
        axes.append(ax)
    return fig, axes
