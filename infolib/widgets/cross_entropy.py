"""The widget of "Cross entropy": p and q as bars, H(p) + D_KL(p‖q) = H(p, q) as a stacked bar."""
from .. import plots
from ._core import Control, Explorer, chapter_widget

__all__ = ["cross_entropy_decomposition"]

_SKEW_FRAMES = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]


@chapter_widget
def cross_entropy_decomposition(**fixed):
    """Skew the data's pmf p and the model q over four symbols; watch H(p), D_KL(p‖q) and H(p, q).

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["cross_entropy_decomposition"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['skew of p (the data)', 'skew of q (the model)']
    """
    return Explorer(
        plots.cross_entropy_bars,
        p_skew=Control(-2.0, 2.0, default=1.0, step=0.05, frames=_SKEW_FRAMES,
                       label="skew of p (the data)"),
        q_skew=Control(-2.0, 2.0, default=0.0, step=0.05, frames=_SKEW_FRAMES,
                       label="skew of q (the model)"),
        **fixed,
    )
