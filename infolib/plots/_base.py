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
