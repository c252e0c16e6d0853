"""Closed-form information measures of Gaussian distributions.

Results are in **bits** by default; ``base=None`` gives nats and any positive
base other than 1 is allowed, as in :func:`scipy.stats.entropy`.

One convention for the spread, everywhere in infolib: a one-dimensional
Gaussian ``N(μ, σ²)`` is given by its **standard deviation** ``sd`` (σ, not the
variance σ²); a ``d``-dimensional one by its covariance matrix, passed by
keyword as ``cov`` (a ``d × d`` array, ``[[σ²]]`` for ``d = 1``).  A scalar
``cov`` is refused, so a variance cannot be mistaken for a standard
deviation.  Symmetry of a covariance matrix is checked with the tolerance
``|cov[i, j] - cov[j, i]| ≤ 1e-8 × max |cov|``; the matrix is then replaced by
``(cov + cov.T) / 2``.  Positive definiteness is checked with a Cholesky
factorisation.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import solve_triangular

from ._validate import (
    as_base,
    as_correlation,
    as_cov,
    as_mean,
    as_sd,
    clip_to_bounds,
    from_nats,
    to_float,
)

__all__ = ["gaussian_entropy", "gaussian_mutual_information", "gaussian_kl_divergence"]

_LOG_2PIE = math.log(2.0 * math.pi * math.e)


def gaussian_entropy(sd=None, *, cov=None, base=2):
    """Differential entropy of a Gaussian: ``N(μ, sd²)`` or ``N(μ, cov)``.

    Parameters
    ----------
    sd : float, optional
        Standard deviation σ > 0 of a one-dimensional Gaussian.
    cov : array_like, shape (d, d), keyword only
        Covariance matrix Σ of a d-dimensional Gaussian: symmetric positive
        definite.  Give exactly one of ``sd`` and ``cov``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``h = ½ log((2πe)^d det Σ)``; for one dimension ``log(σ √(2πe))``.
        It depends on the unit in which the variable is measured (a factor
        ``a`` in the unit adds ``log |a|``) and can be negative (for
        ``σ < 1/√(2πe)``).  It does not depend on the mean.

    Raises
    ------
    ValueError
        If neither or both of ``sd`` and ``cov`` are given; if ``sd`` is not a
        single finite number > 0; if ``cov`` is a scalar, non-numeric, empty,
        has a NaN or infinite entry, is not a square 2-D matrix, is not
        symmetric (tolerance ``1e-8 × max |cov|``), or is not positive
        definite; or if ``base`` is invalid.

    Notes
    -----
    ``h(X) = ½ (d log(2πe) + log det Σ)``, with ``log det Σ`` from
    :func:`numpy.linalg.slogdet` so that large or small determinants do not
    overflow.

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 4)
    2.0471
    >>> round(gaussian_entropy(2.0) - gaussian_entropy(1.0), 4)  # doubling σ adds one bit
    1.0
    >>> round(gaussian_entropy(1.0, base=None), 4)
    1.4189
    >>> round(gaussian_entropy(cov=[[1.0, 0.0], [0.0, 1.0]]), 4)
    4.0942
    """
    base = as_base(base)
    cov = _one_spread(sd, cov, "sd", "cov")
    d = cov.shape[0]
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:  # cannot happen after a successful Cholesky; belt and braces
        raise ValueError("cov is not positive definite; a covariance matrix needs "
                         "all eigenvalues > 0")
    h = 0.5 * (d * _LOG_2PIE + float(logdet))
    return to_float(from_nats(h, base))


def _one_spread(sd, cov, sd_name, cov_name):
    """The covariance matrix from exactly one of a standard deviation and a covariance."""
    if (sd is None) == (cov is None):
        raise ValueError(
            f"give exactly one of {sd_name} (the standard deviation of a one-dimensional "
            f"Gaussian) and {cov_name} (a d × d covariance matrix), "
            f"got {'both' if sd is not None else 'neither'}"
        )
    if sd is not None:
        s = as_sd(sd, sd_name, cov_name)
        return np.array([[s * s]])
    return as_cov(cov, cov_name, sd_name)


def gaussian_mutual_information(rho, base=2):
    """Mutual information of a bivariate Gaussian with correlation ``rho``.

    Parameters
    ----------
    rho : float or array_like
        Correlation coefficient(s), finite and in ``[-1, 1]``.  An array is
        handled element-wise (handy for plotting ``I`` against ``ρ``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float or numpy.ndarray
        ``I(X; Y) = -½ log(1 - ρ²)``: a float for a scalar ``rho``, an array of
        the same shape for an array.  ``inf`` where ``|ρ| = 1`` (documented,
        not an error: one variable then determines the other exactly).

    Raises
    ------
    ValueError
        If ``rho`` is non-numeric, empty, NaN, infinite or outside
        ``[-1, 1]``; or if ``base`` is invalid.

    Notes
    -----
    Computed as ``-½ (log1p(-|ρ|) + log1p(|ρ|))``, accurate for ``ρ`` near 0
    and near ±1.  The result is mathematically ≥ 0; rounding below zero is
    clipped to ``0.0``.  No NumPy warning is emitted at ``|ρ| = 1``.

    Examples
    --------
    >>> gaussian_mutual_information(0.0)
    0.0
    >>> round(gaussian_mutual_information(0.9, base=None), 4)
    0.8304
    >>> gaussian_mutual_information(1.0)
    inf
    >>> gaussian_mutual_information(np.array([0.0, -1.0]))
    array([ 0., inf])
    """
    base = as_base(base)
    r = np.abs(as_correlation(rho, "rho"))
    with np.errstate(divide="ignore"):
        mi = -0.5 * (np.log1p(-r) + np.log1p(r))
    mi = clip_to_bounds(mi, None)  # in nats, before any change of base
    mi = from_nats(mi, base) + 0.0
    if np.ndim(mi) == 0:
        return to_float(mi)
    return mi


def gaussian_kl_divergence(mu0, sd0=None, mu1=None, sd1=None, *, cov0=None, cov1=None, base=2):
    """Kullback–Leibler divergence ``D_KL(N0 ‖ N1)`` between two Gaussians.

    Parameters
    ----------
    mu0, mu1 : float or array_like, shape (d,)
        Means: scalars for ``d = 1`` or vectors.
    sd0, sd1 : float, optional
        Standard deviations (σ > 0) of one-dimensional Gaussians.
    cov0, cov1 : array_like, shape (d, d), keyword only
        Covariance matrices (symmetric positive definite).  Each Gaussian
        gets exactly one of its ``sd`` and its ``cov``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``D_KL(N(mu0, Σ0) ‖ N(mu1, Σ1)) ≥ 0``; always finite.

    Raises
    ------
    ValueError
        If ``mu1`` is missing; if a Gaussian gets neither or both of its
        ``sd`` and ``cov``; if a mean is not a finite scalar or 1-D vector, a
        standard deviation is not a finite number > 0, a covariance is not a
        valid covariance matrix (see :func:`gaussian_entropy`), a mean's
        length does not match its covariance, or the two Gaussians have
        different dimensions; or if ``base`` is invalid.

    Notes
    -----
    ``D_KL = ½ [ tr(Σ1⁻¹ Σ0) + (μ1 - μ0)ᵀ Σ1⁻¹ (μ1 - μ0) - d
    + log(det Σ1 / det Σ0) ]``, evaluated with Cholesky factors (no explicit
    inverse).  For ``d = 1``: ``ln(σ1/σ0) + (σ0² + (μ0 - μ1)²) / (2 σ1²) - ½``
    in nats.  Not symmetric in its arguments.  The result is mathematically
    ≥ 0; rounding below zero is clipped to ``0.0``.

    Examples
    --------
    >>> gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0)
    0.0
    >>> gaussian_kl_divergence(0.0, 1.0, 1.0, 1.0, base=None)
    0.5
    >>> round(gaussian_kl_divergence(0.0, 1.0, 0.0, 2.0, base=None), 4)  # ln 2 + 1/8 - 1/2
    0.3181
    >>> round(gaussian_kl_divergence([0, 0], mu1=[1, 1], cov0=np.eye(2), cov1=np.eye(2)), 4)
    1.4427
    """
    if mu1 is None:
        raise ValueError("mu1 (the mean of the second Gaussian) is missing")
    base = as_base(base)
    mu0, cov0 = _mean_and_cov(mu0, _one_spread(sd0, cov0, "sd0", "cov0"), "mu0", "cov0")
    mu1, cov1 = _mean_and_cov(mu1, _one_spread(sd1, cov1, "sd1", "cov1"), "mu1", "cov1")
    d = mu0.size
    if mu1.size != d:
        raise ValueError(
            f"mu1 and cov1 have dimension {mu1.size} but mu0 and cov0 have "
            f"dimension {d}; both Gaussians must have the same dimension"
        )
    l0 = np.linalg.cholesky(cov0)
    l1 = np.linalg.cholesky(cov1)
    a = solve_triangular(l1, l0, lower=True)  # L1⁻¹ L0: tr(Σ1⁻¹Σ0) = ‖A‖²_F
    z = solve_triangular(l1, mu1 - mu0, lower=True)  # Mahalanobis term = ‖z‖²
    logdet_ratio = 2.0 * float(np.sum(np.log(np.diag(l1))) - np.sum(np.log(np.diag(l0))))
    kl = 0.5 * (float(np.sum(a * a)) + float(z @ z) - d + logdet_ratio)
    kl = clip_to_bounds(kl, None)
    return to_float(from_nats(kl, base))


def _mean_and_cov(mu, cov, mu_name, cov_name):
    mu = as_mean(mu, mu_name)
    if mu.size != cov.shape[0]:
        d = cov.shape[0]
        raise ValueError(
            f"{mu_name} has length {mu.size} but {cov_name} is {d}×{d}; "
            "they must have the same dimension"
        )
    return mu, cov
