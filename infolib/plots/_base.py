"""Shared helpers of the plot modules: figure reuse, colours, alt text.

Every plot function takes its parameters as keywords and an optional ``fig``.
Passed the figure it returned before, it updates that figure's artists in
place instead of building a new one; that keeps a live widget's redraw fast.
Each figure carries an alt text (``fig.infobook_alt``) describing what it
shows, which the website uses for its ``<img>`` elements.

Text that changes from frame to frame should be plain text: matplotlib parses
mathtext anew for every new string, which costs a widget tens of milliseconds.

A plot that a widget redraws also declares its changing artists with
:func:`set_dynamic`; :func:`draw_figure` (which ``infolib.widgets.render_png``
uses) then draws axes, ticks, labels and legends once and per redraw only
restores that picture and draws the changing artists over it.  Keep the axes
limits fixed over a control's range (or pass what changes as ``state``): a
change redraws the whole figure.  ``tests/test_widgets_redraw.py`` checks that
a redraw gives the same pixels as the figure drawn from scratch.
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


# -- fast redraws: a cached static background, only the changing artists drawn anew ---------

def set_dynamic(fig, artists, state=()):
    """Declare the artists of ``fig`` that change from one redraw to the next.

    :func:`draw_figure` then draws everything else once, keeps it as a
    background, and per redraw restores that background and draws only
    ``artists`` (in the order given; put an artist that must cover another
    after it).  Axes, ticks, labels and legends are most of a redraw's time, so
    this is what keeps a live widget fast.  The background is drawn anew
    whenever ``state`` (any hashable describing the static part, e.g. a tick
    label that a control changes) or the position or limits of any axes
    change.  A plot calls this on every call, after updating its artists.
    """
    fig.infobook_dynamic = list(artists)
    fig.infobook_state = state


def _static_state(fig):
    axes = tuple((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(), ax.get_visible())
                 for ax in fig.axes)
    return (getattr(fig, "infobook_state", ()), axes, tuple(fig.bbox.size), fig.dpi)


def draw_figure(fig):
    """Draw ``fig`` with Agg and return its canvas (the pixels are in ``canvas.buffer_rgba()``).

    For a figure with dynamic artists (:func:`set_dynamic`) the static part is
    drawn once and restored from a cached copy on later calls; the picture is
    the same as a full draw, except that the dynamic artists are drawn above
    the static ones.

    Examples
    --------
    >>> fig = new_figure("example", 2.0, 1.0)
    >>> ax = fig.subplots()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> set_dynamic(fig, [line])
    >>> draw_figure(fig).buffer_rgba().shape  # 2 × 1 inches at 100 dpi
    (100, 200, 4)
    >>> line.set_ydata([1, 0])
    >>> draw_figure(fig) is fig.canvas  # the background is reused, the line drawn anew
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    dynamic = getattr(fig, "infobook_dynamic", None)
    if not dynamic:
        canvas.draw()
        return canvas
    renderer = canvas.get_renderer()
    state = _static_state(fig)
    cached = getattr(fig, "_infobook_background", None)
    if cached is not None and cached[0] == state and cached[1] is renderer:
        canvas.restore_region(cached[2])
    else:
        shown = [a for a in dynamic if a.get_visible()]
        for a in shown:
            a.set_visible(False)
        canvas.draw()
        for a in shown:
            a.set_visible(True)
        renderer = canvas.get_renderer()
        fig._infobook_background = (state, renderer, canvas.copy_from_bbox(fig.bbox))
    for a in dynamic:
        if a.get_visible():
            a.draw(renderer)
    return canvas
