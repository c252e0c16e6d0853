"""Worked examples used across the book.

The car of chapter 1: a true speed ``V``, a speedometer that reads ``V`` plus
noise and a GPS that reads ``V`` plus noise of its own.  Everything here is
Gaussian, so the mutual information between the two readings has a closed form
that the book can compare its estimates with.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.special import ndtr, ndtri

from ._validate import as_count, as_scalar
from .gaussian import gaussian_entropy, gaussian_mutual_information

__all__ = ["Car", "CarReadings"]


class CarReadings(NamedTuple):
    """Samples from :class:`Car`: three arrays of equal length, in km/h."""

    speed: np.ndarray
    speedometer: np.ndarray
    gps: np.ndarray


@dataclass(frozen=True)
class Car:
    """A car with a noisy speedometer and a noisy GPS.

    The true speed is ``V ~ N(speed_mean, speed_sd²)``.  The speedometer reads
    ``V_s = V + ε_s`` and the GPS reads ``V_g = V + ε_g`` with independent noise
    ``ε_s ~ N(0, speedometer_sd²)`` and ``ε_g ~ N(0, gps_sd²)``.  A broken GPS
    (``gps_working=False``) reads numbers with the same spread as a working one
    but unrelated to the speed, so the two readings are independent.

    Parameters
    ----------
    speedometer_sd, gps_sd : float
        Standard deviations of the two instruments' noise (km/h), ≥ 0.
    speed_mean, speed_sd : float
        Mean and standard deviation (> 0) of the true speed (km/h).
    gps_working : bool
        False makes the GPS reading independent of the speed.

    Examples
    --------
    >>> car = Car(speedometer_sd=5.0, gps_sd=5.0)
    >>> round(car.correlation(), 4)
    0.8
    >>> round(car.mutual_information(), 4)
    0.737
    >>> Car(gps_working=False).mutual_information()
    0.0
    """

    speedometer_sd: float = 5.0
    gps_sd: float = 5.0
    speed_mean: float = 60.0
    speed_sd: float = 10.0
    gps_working: bool = True

    def __post_init__(self):
        for name in ("speedometer_sd", "gps_sd"):
            as_scalar(getattr(self, name), name, minimum=0.0)
        as_scalar(self.speed_mean, "speed_mean")
        as_scalar(self.speed_sd, "speed_sd", minimum=0.0, strict=True)

    # -- second moments -------------------------------------------------
    def covariance(self) -> np.ndarray:
        """Covariance matrix of (speedometer reading, GPS reading), in (km/h)²."""
        var_v = self.speed_sd**2
        shared = var_v if self.gps_working else 0.0
        return np.array(
            [[var_v + self.speedometer_sd**2, shared], [shared, var_v + self.gps_sd**2]]
        )

    def correlation(self) -> float:
        """Correlation coefficient ρ between the two readings."""
        c = self.covariance()
        return float(c[0, 1] / math.sqrt(c[0, 0] * c[1, 1]))

    # -- information ----------------------------------------------------
    def mutual_information(self, base=2) -> float:
        """Exact I(V_s; V_g), in bits by default: −½ log(1 − ρ²) (the same in any unit of speed).

        It is ``inf`` when both instruments are noiseless (ρ = 1)."""
        return gaussian_mutual_information(self.correlation(), base=base)

    def speedometer_entropy(self, base=2) -> float:
        """Differential entropy h(V_s) of the speedometer reading, with speeds in the unit of the
        parameters (km/h by default); another unit shifts it by the log of the factor."""
        return gaussian_entropy(math.sqrt(self.covariance()[0, 0]), base=base)

    def speedometer_given_gps(self, gps_reading) -> tuple[float, float]:
        """Mean and standard deviation of V_s given that the GPS reads ``gps_reading``."""
        g = as_scalar(gps_reading, "gps_reading")
        c = self.covariance()
        mean = self.speed_mean + c[0, 1] / c[1, 1] * (g - self.speed_mean)
        var = c[0, 0] - c[0, 1] ** 2 / c[1, 1]
        return float(mean), float(math.sqrt(max(var, 0.0)))

    def speedometer_conditional_entropy(self, base=2) -> float:
        """h(V_s | V_g), unit as for :meth:`speedometer_entropy`; the conditional spread is the
        same for every GPS reading (a Gaussian property)."""
        return gaussian_entropy(self.speedometer_given_gps(self.speed_mean)[1], base=base)

    # -- samples and grids ----------------------------------------------
    def sample(self, n, seed=0) -> CarReadings:
        """Draw ``n`` readings with ``numpy.random.default_rng(seed)``.

        The same seed gives the same underlying standard-normal draws for every
        noise level, so changing a noise level moves the points smoothly.

        Returns
        -------
        CarReadings
            The true speeds and the two readings, arrays of length ``n`` (km/h).

        Examples
        --------
        The sample correlation of the readings approaches the exact one:

        >>> import numpy as np
        >>> car = Car()
        >>> readings = car.sample(20_000, seed=1)
        >>> readings.speedometer.shape
        (20000,)
        >>> bool(abs(np.corrcoef(readings.speedometer, readings.gps)[0, 1] - car.correlation()) < 0.02)
        True
        """
        n = as_count(n, "n", minimum=1)
        z = np.random.default_rng(seed).standard_normal((4, n))
        speed = self.speed_mean + self.speed_sd * z[0]
        speedometer = speed + self.speedometer_sd * z[1]
        if self.gps_working:
            gps = speed + self.gps_sd * z[2]
        else:
            gps = self.speed_mean + math.sqrt(self.speed_sd**2 + self.gps_sd**2) * z[3]
        return CarReadings(speed, speedometer, gps)

    def joint_pmf(self, bins=60, span=4.0):
        """The readings quantised into ``bins × bins`` cells: an exact joint pmf.

        Each reading's axis is cut into ``bins`` equal bins over ``span`` standard
        deviations either side of its mean; the two outermost bins extend to ±∞, so
        the cells cover every outcome.  Each cell holds the exact probability that
        the pair of readings falls in it (the inner integral in closed form with
        the normal CDF, the outer by Gauss–Legendre quadrature).  Finer bins refine
        coarser ones, so the mutual information of the table rises towards
        :meth:`mutual_information` as ``bins`` grows (data-processing inequality).
        Returns ``(pmf, speedometer_edges, gps_edges)``, rows indexing the
        speedometer reading; the outermost edges are ±∞.
        """
        bins = as_count(bins, "bins", minimum=1)
        span = as_scalar(span, "span", minimum=0.0, strict=True)
        cut = np.linspace(-span, span, bins + 1)
        cut[0], cut[-1] = -np.inf, np.inf
        rho = self.correlation()
        spread = math.sqrt(max(1.0 - rho * rho, 1e-300))
        # Integrate over u = Φ(z_s), uniform on [0, 1], so open bins are finite intervals.
        nodes, weights = np.polynomial.legendre.leggauss(16)
        u_lo, u_hi = ndtr(cut[:-1]), ndtr(cut[1:])
        half = (u_hi - u_lo)[:, None] / 2
        u = (u_lo + u_hi)[:, None] / 2 + half * nodes[None, :]          # (bins, 16)
        z_s = ndtri(u)
        cdf = ndtr((cut[None, None, :] - rho * z_s[:, :, None]) / spread)  # (bins, 16, bins+1)
        pmf = np.einsum("ik,ikj->ij", half * weights[None, :], np.diff(cdf, axis=2))
        pmf = np.clip(pmf, 0.0, None)
        sd = np.sqrt(np.diag(self.covariance()))
        edges = [self.speed_mean + s * cut for s in sd]
        return pmf / pmf.sum(), edges[0], edges[1]
