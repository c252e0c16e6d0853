"""Chapter 1's widget: the car's readings over the two instruments' noise."""
from .. import plots
from ._core import Control, Explorer, chapter_widget

__all__ = ["noisy_sensors"]

_NOISE_FRAMES = [1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0]


@chapter_widget
def noisy_sensors(**fixed):
    """Chapter 1: the car's readings over the speedometer's and the GPS's noise.

    Examples
    --------
    >>> from infolib.widgets import WIDGETS
    >>> explorer = WIDGETS["noisy_sensors"]()  # the widget's Explorer, built but not displayed
    >>> [control.label for control in explorer.controls.values()]
    ['speedometer noise σ_s (km/h)', 'GPS noise σ_g (km/h)']
    """
    return Explorer(
        plots.car_readings,
        speedometer_sd=Control(1.0, 20.0, default=5.0, step=0.5, frames=_NOISE_FRAMES,
                               label="speedometer noise σ_s (km/h)"),
        gps_sd=Control(1.0, 20.0, default=5.0, step=0.5, frames=_NOISE_FRAMES,
                       label="GPS noise σ_g (km/h)"),
        **fixed,
    )
