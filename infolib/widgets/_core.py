"""One-line interactive figures: live in Jupyter, a kernel-free player on the website.

In a notebook, ``explore(plot_fn, a=(0, 1), b=(1, 5))`` returns live
``ipywidgets`` sliders over ``plot_fn`` (a function from :mod:`infolib.plots`).
When the book is built for the website (``make book`` sets the environment
variable ``INFOBOOK_STATIC=1``), there is no kernel to answer a slider, so the
same call renders the picture over a small grid of each control's values and
returns a self-contained player (:mod:`infolib.player`).  The chapters' named
widgets live in one module per topic beside this one and register themselves
with :func:`chapter_widget`.
"""
from __future__ import annotations

import functools
import io
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from ..player import PlayerControl, picture_html, player_html

__all__ = ["Control", "Explorer", "WIDGETS", "chapter_widget", "explore", "render_png", "show",
           "static_mode", "STATIC_ENV"]

STATIC_ENV = "INFOBOOK_STATIC"
#: Grid sizes of the website player for one, two and three controls.
_GRID = {1: 15, 2: 7, 3: 5}


def static_mode() -> bool:
    """True when building the website (``INFOBOOK_STATIC`` set to 1/true/yes).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"INFOBOOK_STATIC": "yes"}):
    ...     static_mode()
    True
    >>> with mock.patch.dict("os.environ", {"INFOBOOK_STATIC": "0"}):
    ...     static_mode()
    False
    """
    return os.environ.get(STATIC_ENV, "").strip().lower() in {"1", "true", "yes"}


@dataclass
class Control:
    """A control over one parameter of a plot.

    Give ``low`` and ``high`` for a slider, or ``options`` for a choice among
    values (``labels`` names them).  ``frames`` fixes the values the website's
    player precomputes; by default an even grid (15 values for one control, 7
    each for two).

    Examples
    --------
    A slider from 0 to 1; the website's grid always includes the default:

    >>> control = Control(0.0, 1.0, default=0.2, label="noise")
    >>> control.grid(5)
    [0.0, 0.2, 0.25, 0.5, 0.75, 1.0]
    >>> Control(options=["white", "natural"]).default  # a choice starts at its first option
    'white'
    """

    low: float | None = None
    high: float | None = None
    default: Any = None
    step: float | None = None
    label: str | None = None
    options: Sequence[Any] | None = None
    labels: Sequence[str] | None = None
    frames: Sequence[Any] | None = None
    fmt: str = "{:g}"

    def __post_init__(self):
        if self.options is not None:
            if len(self.options) == 0:
                raise ValueError("options must list at least one value")
            if self.labels is not None and len(self.labels) != len(self.options):
                raise ValueError("labels must name every option")
            if self.default is None:
                self.default = self.options[0]
        else:
            if self.low is None or self.high is None or not self.low < self.high:
                raise ValueError(f"a slider needs low < high, got low={self.low}, high={self.high}")
            if self.default is None:
                self.default = (self.low + self.high) / 2
            if not self.low <= self.default <= self.high:
                raise ValueError(f"default {self.default} is outside [{self.low}, {self.high}]")
            if self.step is None:
                self.step = (self.high - self.low) / 100

    @classmethod
    def coerce(cls, spec) -> "Control | None":
        """A Control from ``(low, high)``, ``(low, high, step)``, a list of options or a
        Control; None for a fixed value."""
        if isinstance(spec, Control):
            return spec
        if isinstance(spec, tuple) and len(spec) in (2, 3) and all(
            isinstance(v, (int, float)) for v in spec
        ):
            return cls(float(spec[0]), float(spec[1]), step=spec[2] if len(spec) == 3 else None)
        if isinstance(spec, list):
            return cls(options=spec)
        return None

    def label_of(self, value) -> str:
        if self.options is not None and self.labels is not None:
            return str(self.labels[list(self.options).index(value)])
        return self.fmt.format(value) if not isinstance(value, str) else value

    def grid(self, n: int) -> list:
        """The values the website player shows, including the default."""
        if self.frames is not None:
            values = list(self.frames)
        elif self.options is not None:
            values = list(self.options)
        else:
            values = [float(v) for v in np.linspace(self.low, self.high, n)]
        if self.default not in values:
            values.append(self.default)
            if self.options is None:
                values.sort()
        return values


def _png(rgb) -> bytes:
    """A PNG of an ``(h, w, 3)`` uint8 array: no row filter, zlib level 1.

    About twice as fast as Pillow's encoder, which tries every row filter;
    on figures (large flat areas) the file is no larger.
    """
    h, w = rgb.shape[:2]
    rows = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:] = rgb.reshape(h, 3 * w)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def render_png(fig, compact=False) -> bytes:
    """Encode ``fig`` as PNG at the figure's own dpi.

    Draws with Agg (``infolib.plots._base.draw_figure``: a figure that
    declares its changing artists redraws only those over a cached
    background) and encodes the pixels directly, quicker than ``savefig``.
    Live frames favour speed (light compression); ``compact`` quantises to a
    small palette for the website's precomputed frames.

    Examples
    --------
    >>> from infolib import plots
    >>> png = render_png(plots.surprisal_and_entropy())
    >>> png[1:4]
    b'PNG'
    """
    from ..plots._base import draw_figure

    rgb = np.asarray(draw_figure(fig).buffer_rgba())[..., :3]
    if not compact:
        return _png(rgb)
    from PIL import Image

    # 96 colours by Pillow's fast octree, each then made the mean of the pixels it stands for
    # (the octree alone draws white as 254), PNG at zlib level 6: about a third of the time of
    # median cut with Pillow's optimize pass, for the same size and a mean error under 1/255
    rgb = np.ascontiguousarray(rgb)
    img = Image.fromarray(rgb).quantize(colors=96, method=Image.Quantize.FASTOCTREE,
                                        dither=Image.Dither.NONE)
    index = np.asarray(img).reshape(-1)
    size = len(img.getpalette()) // 3
    pixels = rgb.reshape(-1, 3)
    sums = np.stack([np.bincount(index, weights=pixels[:, c], minlength=size) for c in range(3)], axis=1)
    palette = np.rint(sums / np.maximum(np.bincount(index, minlength=size), 1)[:, None])
    img.putpalette(palette[:size].astype(np.uint8).tobytes())
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=6)
    return out.getvalue()


class Picture:
    """A figure for display: PNG in Jupyter, ``<img>`` with alt text in HTML."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_png_(self):
        return self.png

    def _repr_html_(self):
        return picture_html(self.png, self.alt)


def show(fig) -> Picture:
    """Display a figure from :mod:`infolib.plots` with its alt text.

    Examples
    --------
    >>> from infolib import plots
    >>> picture = show(plots.surprisal_and_entropy())
    >>> picture.alt[:19], picture._repr_html_()[:30]
    ('Left: the surprisal', '<img class="infobook-figure" s')
    """
    return Picture(render_png(fig, compact=static_mode()), getattr(fig, "infobook_alt", "figure"))


class Explorer:
    """A plot function with controls; makes the live widget or the website player.

    Examples
    --------
    A slider over the cell width of :func:`infolib.plots.quantized_gaussian`, the
    standard deviation held fixed:

    >>> from infolib import plots
    >>> explorer = Explorer(plots.quantized_gaussian, bin_width=(0.05, 2.0), sd=1.0)
    >>> list(explorer.controls), explorer.fixed
    (['bin_width'], {'sd': 1.0})
    >>> explorer.draw(bin_width=0.5).infobook_alt.split(", whose")[0]
    'Left: the density of a Gaussian with standard deviation 1 and its cells of width 0.5'
    """

    def __init__(self, plot_fn: Callable, caption: str = "", **params):
        self.plot_fn = plot_fn
        self.caption = caption
        self.controls: dict[str, Control] = {}
        self.fixed: dict[str, Any] = {}
        for name, spec in params.items():
            control = Control.coerce(spec)
            if control is None:
                self.fixed[name] = spec
            else:
                self.controls[name] = control
        if not self.controls:
            raise ValueError("explore needs at least one control, e.g. name=(low, high)")
        self.fig = None

    def draw(self, **values):
        """Redraw the figure for ``values`` (missing ones take their defaults)."""
        params = {name: c.default for name, c in self.controls.items()}
        params.update(values)
        self.fig = self.plot_fn(fig=self.fig, **self.fixed, **params)
        return self.fig

    def render(self, compact=False, **values) -> bytes:
        """Redraw and encode as PNG: what one live redraw costs."""
        return render_png(self.draw(**values), compact=compact)

    # -- the live widget ------------------------------------------------
    def live(self):
        import ipywidgets as w

        image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        sliders = {}
        for name, c in self.controls.items():
            label = c.label or name
            style = {"description_width": "initial"}
            if c.options is not None:
                opts = list(zip(c.labels, c.options)) if c.labels else list(c.options)
                sliders[name] = w.Dropdown(options=opts, value=c.default, description=label, style=style)
            else:
                sliders[name] = w.FloatSlider(
                    value=c.default, min=c.low, max=c.high, step=c.step, description=label,
                    continuous_update=True, style=style, layout=w.Layout(width="420px"),
                )

        def update(**values):
            image.value = self.render(**values)

        controls = w.interactive(update, **sliders)
        box = w.VBox([controls, image])
        box.image, box.sliders = image, sliders
        return box

    # -- the website player ---------------------------------------------
    def static_html(self) -> str:
        names = list(self.controls)
        n = _GRID.get(len(names), 4)
        grids = [self.controls[k].grid(n) for k in names]
        frames, alts = [], []
        for combo in np.ndindex(*[len(g) for g in grids]):
            values = {k: g[i] for k, g, i in zip(names, grids, combo)}
            frames.append(self.render(compact=True, **values))
            alts.append(getattr(self.fig, "infobook_alt", "figure"))
        player_controls = [
            PlayerControl(
                label=self.controls[k].label or k,
                value_labels=[self.controls[k].label_of(v) for v in g],
                default_index=g.index(self.controls[k].default),
            )
            for k, g in zip(names, grids)
        ]
        caption = self.caption or (
            "Precomputed pictures on a grid of values; in the notebook (make lab) "
            "the controls are continuous."
        )
        return player_html(player_controls, frames, alts, caption=caption)

    def display_object(self):
        if static_mode():
            from IPython.display import HTML

            return HTML(self.static_html())
        return self.live()


def explore(plot_fn: Callable, caption: str = "", **params):
    """Explore ``plot_fn`` with controls: live in Jupyter, a player on the website.

    Each keyword is a parameter of ``plot_fn``: a :class:`Control`, a
    ``(low, high)`` or ``(low, high, step)`` tuple for a slider, a list for a
    choice, or any other value to hold fixed.

    Examples
    --------
    >>> from unittest import mock
    >>> from infolib import plots
    >>> with mock.patch.dict("os.environ", {"INFOBOOK_STATIC": "1"}):  # as when building the website
    ...     player = explore(plots.quantized_gaussian, bin_width=(0.05, 2.0), sd=1.0)
    >>> player.data.count('type="range"')  # one range input; in Jupyter, one live slider
    1
    """
    return Explorer(plot_fn, caption=caption, **params).display_object()


# -- the chapters' widgets ---------------------------------------------------
#: name -> function returning the widget's Explorer; tests and benchmarks iterate over it.
WIDGETS: dict[str, Callable[..., Explorer]] = {}


def chapter_widget(make: Callable[..., Explorer]):
    """Register ``make`` and return the one-line call a chapter uses.

    Examples
    --------
    >>> from infolib import plots
    >>> @chapter_widget
    ... def cell_width(**fixed):
    ...     # a slider over the cell width of a quantised Gaussian
    ...     return Explorer(plots.quantized_gaussian, bin_width=(0.05, 2.0), **fixed)
    >>> WIDGETS["cell_width"](sd=2.0).fixed  # the registry returns the Explorer
    {'sd': 2.0}
    >>> del WIDGETS["cell_width"]  # keep the book's registry to the book's widgets
    """
    WIDGETS[make.__name__] = make

    @functools.wraps(make)
    def widget(**fixed):
        return make(**fixed).display_object()

    return widget
