"""The definitions chapter's widget: a small joint pmf and its information diagram.

Two forms of one widget:

- :func:`information_diagram`, a registered :class:`Explorer` over a preset
  and a noise level.  On the website it is the kernel-free player (presets ×
  seven noise levels); the widget tests and the latency benchmark cover it.
- :func:`joint_pmf_editor`, the chapter's call.  In Jupyter it shows the nine
  cells of the table as editable numbers (normalised on the fly), filled by a
  preset menu and a noise slider, beside the picture and the six information
  numbers.  When the website is built it falls back to the player above.
"""
from __future__ import annotations

import html

import numpy as np

from .. import plots
from ..plots.definitions import JOINT_PRESETS, information_numbers, joint_preset
from ._core import Control, Explorer, chapter_widget, render_png, static_mode

__all__ = ["information_diagram", "joint_pmf_editor", "JointPmfEditor"]

_NOISE_FRAMES = [0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0]
_ORDER = ("H(X)", "H(Y)", "H(X,Y)", "H(X|Y)", "I(X;Y)", "H(Y|X)")


@chapter_widget
def information_diagram(**fixed):
    """Definitions chapter: a 3×3 joint pmf from a preset and a noise level, and its
    information diagram.

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["information_diagram"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['preset', 'noise']
    """
    return Explorer(
        plots.joint_information,
        caption=("Precomputed pictures for each preset at seven noise levels; in the notebook "
                 "(make lab) the noise slider is continuous and the nine cells are editable."),
        preset=Control(options=list(JOINT_PRESETS), default="noisy channel", label="preset"),
        noise=Control(0.0, 1.0, default=0.2, step=0.01, frames=_NOISE_FRAMES, label="noise"),
        **fixed,
    )


class JointPmfEditor:
    """Nine editable cells, a preset menu and a noise slider over :func:`plots.joint_information`.

    Attributes (for tests and for the curious): ``box`` (the widget to display),
    ``cells[i][j]`` (the number boxes, rows x, columns y), ``preset``, ``noise``,
    ``image``, ``readout`` (the six numbers as HTML), ``table`` (the normalised
    pmf drawn last) and ``numbers`` (its information quantities, in bits).
    """

    def __init__(self, preset="noisy channel", noise=0.2):
        import ipywidgets as w

        self._filling = False
        self.fig = None
        style = {"description_width": "initial"}
        self.preset = w.Dropdown(options=list(JOINT_PRESETS), value=preset,
                                 description="preset", style=style)
        self.noise = w.FloatSlider(value=noise, min=0.0, max=1.0, step=0.01, description="noise",
                                   continuous_update=True, style=style,
                                   layout=w.Layout(width="320px"))
        self.cells = [[w.BoundedFloatText(value=0.0, min=0.0, max=1e6, step=0.01,
                                          layout=w.Layout(width="6.5em"))
                       for _ in range(3)] for _ in range(3)]
        header = [w.Label("")] + [w.Label(f"y = {j}") for j in range(3)]
        rows = []
        for i, row in enumerate(self.cells):
            rows += [w.Label(f"x = {i}")] + row
        grid = w.GridBox(header + rows, layout=w.Layout(
            grid_template_columns="3.5em repeat(3, 7em)", grid_gap="2px 4px"))
        self.note = w.HTML()
        self.readout = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        help_text = w.HTML("<small>Type any non-negative weights: the table is divided by its "
                           "total. A preset or the noise slider refills the cells.</small>")
        left = w.VBox([w.HBox([self.preset, self.noise]), help_text, grid, self.note])
        self.box = w.VBox([left, self.readout, self.image])
        self.box.editor = self

        self.preset.observe(self._on_preset, names="value")
        self.noise.observe(self._on_preset, names="value")
        for row in self.cells:
            for cell in row:
                cell.observe(self._on_cell, names="value")
        self._fill(joint_preset(preset, noise))

    # -- events ---------------------------------------------------------------
    def _on_preset(self, _change=None):
        self._fill(joint_preset(self.preset.value, self.noise.value))

    def _on_cell(self, _change=None):
        if not self._filling:
            self._draw(np.array([[c.value for c in row] for row in self.cells], dtype=float),
                       edited=True)

    # -- helpers ----------------------------------------------------------------
    def _fill(self, table):
        self._filling = True
        try:
            for row, values in zip(self.cells, table):
                for cell, v in zip(row, values):
                    cell.value = float(v)
        finally:
            self._filling = False
        self._draw(table, edited=False)

    def _draw(self, weights, edited):
        total = float(weights.sum())
        if not total > 0:
            self.note.value = ("<b>All cells are 0.</b> Put a positive weight in at least one "
                               "cell; the picture shows the last valid table.")
            return
        table = weights / total
        if edited:
            self.note.value = (f"<small>Your cells sum to {total:.4g}; the picture uses them "
                               "divided by that total.</small>")
        else:
            self.note.value = ""
        self.table = table
        self.numbers = information_numbers(table)
        if edited:
            self.fig = plots.joint_information(pxy=table, fig=self.fig)
        else:  # the same table, titled with its preset
            self.fig = plots.joint_information(self.preset.value, self.noise.value, fig=self.fig)
        self.image.value = render_png(self.fig)
        self.readout.value = "<code>" + " &nbsp; ".join(
            html.escape(f"{k} = {self.numbers[k]:.4f}") for k in _ORDER) + " bits</code>"


def joint_pmf_editor(preset="noisy channel", noise=0.2):
    """The chapter's widget: editable cells in Jupyter, the preset × noise player on the website.

    Examples
    --------
    Outside the website build the result is the live editor, a box of ipywidgets:

    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"INFOBOOK_STATIC": ""}):
    ...     box = joint_pmf_editor(preset="copy", noise=0.0)
    >>> type(box).__name__
    'VBox'
    """
    if static_mode():
        return information_diagram()
    return JointPmfEditor(preset=preset, noise=noise).box
