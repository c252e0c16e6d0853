"""Closed-form information measures of Gaussian distributions.

Results are in **bits** by default; ``base=None`` gives nats and any positive
base other than 1 is allowed, as in :func:`scipy.stats.entropy`.

A covariance argument is either a scalar variance (one dimension) or a
symmetric positive-definite ``d × d`` matrix.  Symmetry is checked with the
tolerance ``|cov[i, j] - cov[j, i]| ≤ 1e-8 × max |cov|``; the matrix is then
replaced by ``(cov + cov.T) / 2``.  Positive definiteness is checked with a
Cholesky factorisation.
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
    clip_to_bounds,
    from_nats,
    to_float,
)

__all__ = ["gaussian_entropy", "gaussian_mutual_information", "gaussian_kl_divergence"]

_LOG_2PIE = math.log(2.0 * math.pi * math.e)


def gaussian_entropy(cov, base=2):
    """Differential entropy of a d-dimensional Gaussian ``N(μ, Σ)``.

    Parameters
    ----------
    cov : float or array_like, shape (d, d)
        Covariance ``Σ``: a positive scalar variance (``d = 1``) or a
        symmetric positive-definite matrix.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``h = ½ log((2πe)^d det Σ)``.  Unlike discrete entropy it can be
        negative (for a small ``det Σ``).  It does not depend on the mean.

    Raises
    ------
    ValueError
        If ``cov`` is non-numeric, empty, has a NaN or infinite entry, is not
        a scalar or a square 2-D matrix, is not symmetric (tolerance
        ``1e-8 × max |cov|``), or is not positive definite (a scalar variance
        must be > 0); or if ``base`` is invalid.

    Notes
    -----
    ``h(X) = ½ (d log(2πe) + log det Σ)``, with ``log det Σ`` from
    :func:`numpy.linalg.slogdet` so that large or small determinants do not
    overflow.

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 4)
    2.0471
    >>> round(gaussian_entropy(1.0, base=None), 4)
    1.4189
    >>> round(gaussian_entropy([[1.0, 0.0], [0.0, 1.0]]), 4)
    4.0942
    """
    base = as_base(base)
    cov = as_cov(cov, "cov")
    d = cov.shape[0]
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:  # cannot happen after a successful Cholesky; belt and braces
        raise ValueError("cov is not positive definite; a covariance matrix needs "
                         "all eigenvalues > 0")
    h = 0.5 * (d * _LOG_2PIE + float(logdet))
    return to_float(from_nats(h, base))


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


def gaussian_kl_divergence(mu0, cov0, mu1, cov1, base=2):
    """Kullback–Leibler divergence ``KL(N0 ‖ N1)`` between two Gaussians.

    Parameters
    ----------
    mu0, mu1 : float or array_like, shape (d,)
        Means: scalars for ``d = 1`` or vectors.
    cov0, cov1 : float or array_like, shape (d, d)
        Covariances: positive scalar variances for ``d = 1`` or symmetric
        positive-definite matrices.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``KL(N(mu0, cov0) ‖ N(mu1, cov1)) ≥ 0``; always finite.

    Raises
    ------
    ValueError
        If a mean is not a finite scalar or 1-D vector, a covariance is not a
        valid covariance (see :func:`gaussian_entropy`), a mean's length does
        not match its covariance, or the two Gaussians have different
        dimensions; or if ``base`` is invalid.

    Notes
    -----
    ``KL = ½ [ tr(Σ1⁻¹ Σ0) + (μ1 - μ0)ᵀ Σ1⁻¹ (μ1 - μ0) - d
    + log(det Σ1 / det Σ0) ]``, evaluated with Cholesky factors (no explicit
    inverse).  For ``d = 1``: ``log(σ1/σ0) + (σ0² + (μ0 - μ1)²) / (2 σ1²) - ½``
    in nats.  Not symmetric in its arguments.  The result is mathematically
    ≥ 0; rounding below zero is clipped to ``0.0``.

    Examples
    --------
    >>> gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0)
    0.0
    >>> gaussian_kl_divergence(0.0, 1.0, 1.0, 1.0, base=None)
    0.5
    >>> round(gaussian_kl_divergence([0, 0], np.eye(2), [1, 1], np.eye(2)), 4)
    1.4427
    """
    base = as_base(base)
    mu0, cov0 = _mean_and_cov(mu0, cov0, "mu0", "cov0")
    mu1, cov1 = _mean_and_cov(mu1, cov1, "mu1", "cov1")
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
    cov = as_cov(cov, cov_name)
    if mu.size != cov.shape[0]:
        d = cov.shape[0]
        raise ValueError(
            f"{mu_name} has length {mu.size} but {cov_name} is {d}×{d}; "
            "they must have the same dimension"
        )
    return mu, cov
