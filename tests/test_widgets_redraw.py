"""A live redraw draws the same picture as the plot function drawn from scratch.

The widgets redraw fast by drawing only their changing artists over a cached
background (:func:`infolib.plots._base.draw_figure`).  Here each widget's
control is moved, the live PNG is decoded, and its pixels are compared with a
fresh figure for the same values drawn in full by matplotlib (no cache).
"""
import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from infolib import widgets
from infolib.widgets._core import _png

#: Mean absolute difference allowed (0-255 levels, averaged over pixels and channels):
#: antialiased edges drawn over the background rather than under a later static artist
#: may differ by a few levels on a few pixels.
MEAN_TOLERANCE = 0.25
#: Share of pixels allowed to differ by more than 64 levels in some channel.
SHARE_TOLERANCE = 0.002


def _decode(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def _full_draw(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # matplotlib's own full draw: every artist, in z-order
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(np.int16)


def _moves(explorer):
    """A redraw sequence: each control to its low end, its high end and back to a middle value."""
    out = []
    for name, c in explorer.controls.items():
        if c.options is not None:
            values = [c.options[-1], c.options[0]]
        else:
            values = [c.low, c.high, c.low + 0.37 * (c.high - c.low)]
        out += [{name: v} for v in values]
    return out


def test_png_encoder_round_trips():
    rgb = np.random.default_rng(0).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    assert np.array_equal(_decode(_png(rgb)), rgb)


@pytest.mark.parametrize("name", sorted(widgets.WIDGETS))
def test_live_redraw_matches_a_fresh_figure(name, monkeypatch):
    monkeypatch.delenv(widgets.STATIC_ENV, raising=False)
    explorer = widgets.WIDGETS[name]()
    explorer.render()
    values = {k: c.default for k, c in explorer.controls.items()}
    for move in _moves(explorer):
        values.update(move)
        live = _decode(explorer.render(**values))
        fresh = _full_draw(explorer.plot_fn(**explorer.fixed, **values))
        assert live.shape == fresh.shape
        diff = np.abs(live - fresh)
        mean, share = diff.mean(), (diff.max(axis=2) > 64).mean()
        assert mean < MEAN_TOLERANCE and share < SHARE_TOLERANCE, (
            f"{name} at {values}: mean difference {mean:.3f} levels, "
            f"{100 * share:.2f}% of pixels off by more than 64")
