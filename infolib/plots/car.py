"""Chapter 1's figures: the car with a speedometer and a GPS."""
from __future__ import annotations

import math

import numpy as np

from ..scenarios import Car
from ._base import GPS_COLOR, MUTED, SPEED_COLOR, new_figure, normal_pdf, reusable, set_dynamic

__all__ = ["car_readings"]


def car_readings(
    speedometer_sd=5.0,
    gps_sd=5.0,
    *,
    gps_reading=75.0,
    gps_working=True,
    n=1500,
    seed=0,
    fig=None,
):
    """The car's two readings: their joint scatter and what the GPS tells about V_s.

    Left, ``n`` simulated (GPS, speedometer) readings, the ones near
    ``gps_reading`` highlighted.  Right, the density of the speedometer reading
    before looking at the GPS (its marginal) and after the GPS reads
    ``gps_reading`` (its conditional).  The title gives the exact mutual
    information I(V_s; V_g) in bits and the two spreads (standard deviations,
    km/h); in this Gaussian model I = log2(spread before / spread after), a
    number that, unlike the differential entropies, does not depend on the unit
    of speed.

    The right panel has no density scale (its y ticks are off): both curves
    are drawn divided by 1.4 times the taller one's peak, on fixed limits
    (0, 1), so that a redraw keeps the axes and only draws the data anew.

    Parameters
    ----------
    speedometer_sd, gps_sd : float
        Noise standard deviations (km/h) of the two instruments.
    gps_reading : float
        The GPS reading to condition on (km/h).
    gps_working : bool
        False draws the broken GPS, independent of the speed.
    n, seed : int
        Number of simulated readings and the seed they are drawn with.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Examples
    --------
    >>> fig = car_readings(speedometer_sd=5.0, gps_sd=5.0, n=300)
    >>> fig.infobook_alt.split(". ")[-1]  # correlation 0.8, so I = -log2(1 - 0.8**2) / 2
    'Mutual information 0.74 bits.'
    >>> car_readings(gps_sd=10.0, n=300, fig=fig) is fig  # a redraw updates the same figure
    True
    """
    car = Car(speedometer_sd=speedometer_sd, gps_sd=gps_sd, gps_working=gps_working)
    readings = car.sample(n, seed=seed)
    near = np.abs(readings.gps - gps_reading) < 2.0
    grid = np.linspace(10.0, 110.0, 401)
    sd_s = math.sqrt(car.covariance()[0, 0])
    cond_mean, cond_sd = car.speedometer_given_gps(gps_reading)
    before = normal_pdf(grid, car.speed_mean, sd_s)
    after = normal_pdf(grid, cond_mean, cond_sd)
    mi = car.mutual_information()

    top = 1.4 * max(before.max(), after.max())  # room for the legend
    before, after = before / top, after / top

    art = reusable(fig, "car_readings")
    if art is None:
        fig = new_figure("car_readings", 8.0, 3.3, left=0.08, right=0.98, bottom=0.16, top=0.84, wspace=0.28)
        art = fig.infobook_artists
        ax1, ax2 = fig.subplots(1, 2)
        ax1.set(xlim=(10, 110), ylim=(10, 110), xlabel="GPS reading (km/h)",
                ylabel="speedometer reading (km/h)")
        ax1.set_title("simulated trips", fontsize=10)
        art["all"] = ax1.scatter([], [], s=4, color=MUTED, alpha=0.5, linewidths=0)
        art["near"] = ax1.scatter([], [], s=6, color=SPEED_COLOR, linewidths=0)
        art["band"] = ax1.axvline(gps_reading, color=GPS_COLOR, lw=1.2)
        ax2.set(xlim=(10, 110), ylim=(0, 1), xlabel="speedometer reading (km/h)", ylabel="density",
                yticks=[])
        ax2.set_title("belief about the speedometer reading", fontsize=10)
        art["before"], = ax2.plot(grid, before, color=MUTED, lw=1.5, label="before")
        art["after"], = ax2.plot(grid, after, color=SPEED_COLOR, lw=1.5,
                                 label=f"after the GPS reads {gps_reading:g} km/h")
        ax2.legend(loc="upper left", fontsize=8, frameon=False)
        art["title"] = fig.suptitle("", fontsize=11)
        art["ax2"] = ax2
        art["fill"] = None
        art["axes"] = (ax1, ax2)
    else:
        art["before"].set_ydata(before)
        art["after"].set_ydata(after)
        art["band"].set_xdata([gps_reading, gps_reading])
        art["fill"].remove()
    ax1, ax2 = art["axes"]
    art["all"].set_offsets(np.column_stack([readings.gps, readings.speedometer]))
    art["near"].set_offsets(np.column_stack([readings.gps[near], readings.speedometer[near]]))
    art["fill"] = ax2.fill_between(grid, after, color=SPEED_COLOR, alpha=0.2, lw=0)
    # drawn anew over the cached axes, in z-order (the spines cover the data at the edges)
    set_dynamic(fig, [art["all"], art["near"], art["band"], *ax1.spines.values(), art["fill"],
                      art["before"], art["after"], ax2.spines["bottom"], art["title"]],
                state=(gps_reading, gps_working, n))
    # Plain text (no mathtext) for what changes: mathtext is parsed anew for every new string.
    # The title names no differential entropy: h depends on the unit of speed (km/h or m/s) and
    # can be negative, while I and the ratio of the two spreads do not (I = log2 of that ratio
    # in this Gaussian model).
    art["title"].set_text(
        f"mutual information {mi:.2f} bits;  spread of the speedometer reading "
        f"{sd_s:.1f} \u2192 {cond_sd:.1f} km/h"
    )
    state = "working" if gps_working else "broken"
    fig.infobook_alt = (
        f"Left: {n} simulated speedometer readings against readings of a {state} GPS "
        f"(speedometer noise {speedometer_sd:g} km/h, GPS noise {gps_sd:g} km/h), correlation "
        f"{car.correlation():.2f}. Right: the speedometer reading's density before (spread "
        f"{sd_s:.1f} km/h) and after the GPS reads {gps_reading:g} km/h (spread {cond_sd:.1f} km/h). "
        f"Mutual information {mi:.2f} bits."
    )
    return fig
