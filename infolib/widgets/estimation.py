"""The widget of "Estimating mutual information from data": the plug-in estimate's bias."""
from .. import plots
from ._core import Control, Explorer, chapter_widget

__all__ = ["plugin_bias"]

_N_FRAMES = [50, 100, 200, 500, 1000, 2000, 5000]
_BIN_FRAMES = [2, 4, 6, 8, 12, 20, 30]

_CAPTION = (
    "Precomputed pictures on a grid of values; in the notebook (make lab) the controls are "
    "continuous. Every picture uses the same 100 seeded data sets (a data set of N pairs is the "
    "first N pairs of one of them); the curves on the right are means over those data sets, "
    "computed once."
)


@chapter_widget
def plugin_bias(**fixed):
    """Choose the sample size N and the number of bins; watch the binned plug-in MI estimate's
    spread over 100 seeded data sets, its Miller–Madow correction and the truth.

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["plugin_bias"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['samples N', 'bins per variable']
    """
    return Explorer(
        plots.plugin_bias,
        caption=_CAPTION,
        n=Control(50, 5000, default=500, step=10, frames=_N_FRAMES, label="samples N", fmt="{:.0f}"),
        bins=Control(2, 30, default=8, step=1, frames=_BIN_FRAMES, label="bins per variable",
                     fmt="{:.0f}"),
        **fixed,
    )
