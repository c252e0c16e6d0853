"""The widget of "Why mutual information matters": STA, decorrelated STA and MID side by side."""
from .. import plots
from ..plots.mid import RF_ENSEMBLES, RF_FRAMES, RF_THRESHOLDS, receptive_field_grid
from ._core import Control, Explorer, chapter_widget

__all__ = ["receptive_field_explorer"]

_CAPTION = (
    "Precomputed pictures: fitting a maximally informative dimension takes longer than a redraw "
    "may, so STA, decorrelated STA and MID were computed once for every combination of the three "
    "stimulus ensembles, three thresholds and three recording lengths (seed 0; the shorter "
    "recordings are the beginnings of the longest), and moving a control only redraws. The last "
    "fifth of each recording is held out to measure the information per spike."
)


@chapter_widget
def receptive_field_explorer(**fixed):
    """Choose the stimulus ensemble, the neuron's threshold and the recording length; see the true
    filter, the STA, the decorrelated STA and the MID, with their cosine similarity to the true
    filter and their information per spike on held-out frames (all precomputed and cached).

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["receptive_field_explorer"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['stimulus ensemble', 'threshold', 'frames recorded']
    """
    receptive_field_grid()   # fit the whole grid once (a few seconds), so redraws only draw
    return Explorer(
        plots.receptive_fields,
        caption=_CAPTION,
        ensemble=Control(options=list(RF_ENSEMBLES), default="natural",
                         labels=["white Gaussian", "correlated Gaussian", "natural-like (sparse)"],
                         label="stimulus ensemble"),
        threshold=Control(options=list(RF_THRESHOLDS), default=2.5,
                          labels=[f"{t:g} sd" for t in RF_THRESHOLDS], label="threshold"),
        frames=Control(options=list(RF_FRAMES), default=100_000,
                       labels=[f"{f:,}" for f in RF_FRAMES], label="frames recorded"),
        **fixed,
    )
