"""The widget of "Mutual information as a KL divergence": one Gaussian fitted to two peaks."""
from .. import plots
from ._core import Control, Explorer, chapter_widget

__all__ = ["kl_fit"]


@chapter_widget
def kl_fit(**fixed):
    """Move one Gaussian q over a two-peaked mixture p and watch KL(p‖q) and KL(q‖p).

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["kl_fit"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['mean of q', 'sd of q']
    """
    return Explorer(
        plots.kl_gaussian_fit,
        mean=Control(-4.0, 4.0, default=0.0, step=0.05, frames=[-3.0, -2.0, -1.0, 0.0, 1.0, 2.5, 4.0],
                     label="mean of q"),
        sd=Control(0.3, 4.0, default=1.0, step=0.05, frames=[0.4, 0.7, 1.0, 1.5, 2.0, 2.5, 3.5],
                   label="sd of q"),
        **fixed,
    )
