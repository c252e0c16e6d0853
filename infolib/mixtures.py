"""One-dimensional Gaussian mixtures and the KL divergences between them.

A mixture ``p(x) = Σ_k w_k N(x; m_k, s_k²)`` is a :class:`GaussianMixture`; a
single Gaussian is a mixture with one component (``GaussianMixture.gaussian``).
The KL divergence between two mixtures has no closed form, so
:func:`mixture_kl_divergence` integrates it numerically (Gauss–Legendre panels
placed around every component, with an error estimate).  Two ways of fitting one
Gaussian ``q`` to a mixture ``p`` show the asymmetry of KL:

* :func:`mixture_kl_monte_carlo` estimates the same divergence as an average
  of ``log p/q`` over seeded draws from ``p``, with its standard error;

* :func:`fit_gaussian_forward_kl` minimises ``KL(p ‖ q)``: the answer is moment
  matching, a wide Gaussian that covers all of ``p``'s mass;
* :func:`fit_gaussian_reverse_kl` minimises ``KL(q ‖ p)``: a numerical search
  from seeded starting points, which settles on one mode of ``p``.

Results are in bits by default; ``base=None`` gives nats.
"""
from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

from ._validate import (
    as_array,
    as_base,
    as_count,
    as_pmf,
    as_scalar,
    check_finite,
    clip_to_bounds,
    from_nats,
    to_float,
)

__all__ = [
    "GaussianMixture",
    "GaussianFit",
    "ReverseKLFit",
    "mixture_kl_divergence",
    "mixture_kl_monte_carlo",
    "fit_gaussian_forward_kl",
    "fit_gaussian_reverse_kl",
]

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
#: Panels reach this many component standard deviations either side of each mean.
_REACH = 12.0
#: Panel breakpoints every half standard deviation around each component.
_OFFSETS = np.arange(-_REACH, _REACH + 0.25, 0.5)
_GL16 = np.polynomial.legendre.leggauss(16)
_GL8 = np.polynomial.legendre.leggauss(8)


def _as_vector(x, name: str) -> np.ndarray:
    arr = as_array(x, name)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D list of numbers, got shape {arr.shape}")
    arr = arr.reshape(-1)
    if arr.size == 0:
        raise ValueError(f"{name} is empty; a mixture needs at least one component")
    check_finite(arr, name)
    return arr


class GaussianMixture:
    """A one-dimensional Gaussian mixture ``p(x) = Σ_k w_k N(x; m_k, s_k²)``.

    Parameters
    ----------
    weights : array_like, 1-D
        Component weights: non-negative, summing to 1 within 1e-6 (or any
        positive total with ``normalize=True``).
    means : array_like, 1-D
        Component means, finite; same length as ``weights``.
    sds : array_like, 1-D
        Component standard deviations, finite and > 0; same length.
    normalize : bool, default False
        Divide ``weights`` by their total instead of requiring a sum of 1.

    Raises
    ------
    ValueError
        If a parameter is non-numeric, empty, not 1-D, has a NaN or infinite
        entry; if a weight is negative or the weights do not sum to 1 (without
        ``normalize``); if a standard deviation is ≤ 0; or if the three
        lengths differ.

    Notes
    -----
    Scalars are accepted for a one-component mixture.  The parameters are
    stored as read-only arrays.  Components with weight 0 are kept but
    contribute nothing.

    Examples
    --------
    >>> p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    >>> p.mean(), p.variance()
    (0.0, 5.0)
    >>> round(float(p.pdf(0.0)), 4)
    0.054
    >>> GaussianMixture([0.5, 0.4], [0, 1], [1, 1])
    Traceback (most recent call last):
        ...
    ValueError: weights sums to 0.9, not 1 (tolerance 1e-6); pass normalize=True to rescale counts or weights
    """

    def __init__(self, weights, means, sds, normalize=False):
        w = as_pmf(np.atleast_1d(as_array(weights, "weights")), "weights", ndim=1,
                   normalize=normalize)
        m = _as_vector(means, "means")
        s = _as_vector(sds, "sds")
        bad = ~(s > 0)
        if bad.any():
            k = int(np.argmax(bad))
            raise ValueError(f"sds must be > 0, got {s[k]:.10g} at index {k}")
        if not (w.size == m.size == s.size):
            raise ValueError(
                f"weights, means and sds must have the same length, got {w.size}, "
                f"{m.size} and {s.size}"
            )
        for arr in (w, m, s):
            arr.setflags(write=False)
        self.weights, self.means, self.sds = w, m, s
        with np.errstate(divide="ignore"):
            self._log_coef = np.log(w) - np.log(s) - _HALF_LOG_2PI

    @classmethod
    def gaussian(cls, mean, sd):
        """A one-component mixture: the Gaussian ``N(mean, sd²)``.

        Examples
        --------
        >>> GaussianMixture.gaussian(1.0, 2.0).variance()
        4.0
        """
        mean = as_scalar(mean, "mean")
        sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
        return cls([1.0], [mean], [sd])

    def __repr__(self):
        return (f"GaussianMixture(weights={self.weights.tolist()}, means={self.means.tolist()}, "
                f"sds={self.sds.tolist()})")

    @property
    def n_components(self) -> int:
        """Number of components (including any with weight 0)."""
        return int(self.weights.size)

    def mean(self) -> float:
        """The mixture's mean ``Σ w_k m_k``."""
        return to_float(self.weights @ self.means)

    def variance(self) -> float:
        """The mixture's variance ``Σ w_k (s_k² + m_k²) − mean²``."""
        mu = self.weights @ self.means
        second = self.weights @ (self.sds**2 + self.means**2)
        return to_float(max(second - mu * mu, 0.0))

    def logpdf(self, x):
        """Natural log of the density at ``x`` (a number or an array of any shape).

        Computed with log-sum-exp, so far tails give large negative numbers
        rather than ``-inf``.

        Examples
        --------
        >>> round(float(GaussianMixture.gaussian(0.0, 1.0).logpdf(0.0)), 6)
        -0.918939
        """
        x = as_array(x, "x")
        check_finite(x, "x")
        return self._logpdf(x)

    def _logpdf(self, x):
        z = (x[..., None] - self.means) / self.sds
        out = logsumexp(self._log_coef - 0.5 * z * z, axis=-1)
        return out if out.ndim else float(out)

    def pdf(self, x):
        """The density at ``x`` (a number or an array of any shape)."""
        return np.exp(self.logpdf(x))

    def sample(self, n, seed=0) -> np.ndarray:
        """Draw ``n`` points with ``numpy.random.default_rng(seed)``.

        Examples
        --------
        >>> x = GaussianMixture([0.5, 0.5], [-2, 2], [1, 1]).sample(4, seed=1)
        >>> x.shape
        (4,)
        """
        n = as_count(n, "n", minimum=1)
        rng = np.random.default_rng(seed)
        k = rng.choice(self.weights.size, size=n, p=self.weights)
        return self.means[k] + self.sds[k] * rng.standard_normal(n)

    def entropy(self, base=2) -> float:
        """Differential entropy ``h(p) = −∫ p log p``, by the quadrature of
        :func:`mixture_kl_divergence` (same accuracy).

        Examples
        --------
        >>> round(GaussianMixture.gaussian(0.0, 1.0).entropy(base=None), 6)
        1.418939
        """
        base = as_base(base)
        x, wts = _panels(self, self, _GL16)
        logp = self._logpdf(x)
        return to_float(from_nats(-float(np.sum(wts * np.exp(logp) * logp)), base))


def _as_mixture(obj, name: str) -> GaussianMixture:
    if isinstance(obj, GaussianMixture):
        return obj
    if (isinstance(obj, (tuple, list)) and len(obj) == 2
            and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in obj)):
        mean = as_scalar(obj[0], f"{name} mean")
        sd = as_scalar(obj[1], f"{name} sd", minimum=0.0, strict=True)
        return GaussianMixture([1.0], [mean], [sd])
    text = repr(obj)
    text = text if len(text) <= 60 else text[:57] + "..."
    raise ValueError(
        f"{name} must be a GaussianMixture or a (mean, sd) pair for one Gaussian, got {text}"
    )


def _panels(p: GaussianMixture, q: GaussianMixture, rule):
    """Quadrature nodes and weights for integrals against ``p`` over ``p``'s support.

    The interval reaches 12 standard deviations beyond every component of ``p``
    with positive weight; breakpoints sit every half standard deviation around
    each component of ``p`` and of ``q`` (where ``log q`` bends), plus 256 equal
    panels over the whole interval.
    """
    live = p.weights > 0
    lo = float(np.min(p.means[live] - _REACH * p.sds[live]))
    hi = float(np.max(p.means[live] + _REACH * p.sds[live]))
    qlive = q.weights > 0
    centres = np.concatenate([p.means[live], q.means[qlive]])
    widths = np.concatenate([p.sds[live], q.sds[qlive]])
    cuts = np.concatenate([(centres[:, None] + widths[:, None] * _OFFSETS).ravel(),
                           np.linspace(lo, hi, 257)])
    cuts = np.unique(np.clip(cuts, lo, hi))
    half = np.diff(cuts) / 2
    mid = cuts[:-1] + half
    nodes, weights = rule
    x = (mid[:, None] + half[:, None] * nodes).ravel()
    return x, (half[:, None] * weights).ravel()


def _kl_nats(p: GaussianMixture, q: GaussianMixture, rule=_GL16) -> float:
    x, wts = _panels(p, q, rule)
    logp = p._logpdf(x)
    return float(np.sum(wts * np.exp(logp) * (logp - q._logpdf(x))))


def mixture_kl_divergence(p, q, base=2, return_error=False):
    """``KL(p ‖ q)`` between two 1-D Gaussian mixtures, by numerical integration.

    Parameters
    ----------
    p, q : GaussianMixture or (mean, sd) pair
        The two distributions; a ``(mean, sd)`` pair stands for one Gaussian.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    return_error : bool, default False
        Also return an estimate of the absolute integration error (same units).

    Returns
    -------
    float
        ``KL(p ‖ q) ≥ 0``, always finite (Gaussians have full support).
        With ``return_error``, a pair ``(kl, error_estimate)``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is neither a :class:`GaussianMixture` nor a
        ``(mean, sd)`` pair with ``sd > 0``, or if ``base`` is invalid.

    Notes
    -----
    ``KL(p ‖ q) = ∫ p(x) [log p(x) − log q(x)] dx`` over
    ``[min_k(m_k − 12 s_k), max_k(m_k + 12 s_k)]`` (components of ``p``; the
    mass left outside is below 1e-32).  The interval is cut into panels at
    most half a standard deviation wide around every component of ``p`` and
    ``q`` and into at least 256 panels overall; each panel gets a 16-point
    Gauss–Legendre rule, and the log-densities come from log-sum-exp, so no
    density underflows to ``log 0``.  The difference from an 8-point rule on
    the same panels is the error estimate.  Against the closed form for two
    Gaussians the error is below 1e-10 nats (tested), and it agrees with a
    Monte Carlo estimate for real mixtures.  A result below zero from
    rounding is clipped to ``0.0``.  Not symmetric in ``p`` and ``q``.

    Examples
    --------
    Two Gaussians (compare :func:`infolib.gaussian_kl_divergence`):

    >>> round(mixture_kl_divergence((0.0, 1.0), (1.0, 1.0), base=None), 8)
    0.5
    >>> p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    >>> round(mixture_kl_divergence(p, (0.0, 1.0)), 3), round(mixture_kl_divergence((0.0, 1.0), p), 3)
    (1.973, 1.361)
    """
    base = as_base(base)
    p = _as_mixture(p, "p")
    q = _as_mixture(q, "q")
    fine = _kl_nats(p, q, _GL16)
    kl = to_float(clip_to_bounds(from_nats(fine, base), base))
    if not return_error:
        return kl
    err = abs(fine - _kl_nats(p, q, _GL8))
    return kl, to_float(abs(from_nats(err, base)))


def mixture_kl_monte_carlo(p, q, n, seed=0, base=2):
    """Monte Carlo estimate of ``KL(p ‖ q)`` and its standard error.

    ``KL(p ‖ q) = E_{X∼p}[log p(X) − log q(X)]``: the estimate is the mean of
    ``log p(x_i) − log q(x_i)`` over ``n`` draws ``x_i`` from ``p``
    (:meth:`GaussianMixture.sample` with ``seed``), and the standard error is the
    sample standard deviation of those terms divided by ``√n``.

    The standard error is meaningful only when the terms have a finite variance
    under ``p``.  For Gaussian mixtures they always do (both log-densities grow
    at most quadratically and Gaussian tails have every moment); for a heavy-tailed
    ``p`` (a Cauchy ``p`` against a Gaussian ``q``, say) ``KL(p ‖ q)`` can be
    infinite while every sample mean is finite, and the printed error bar means
    nothing.

    Parameters
    ----------
    p, q : GaussianMixture or (mean, sd) pair
        The two distributions; ``p`` is the one sampled.
    n : int
        Number of draws, at least 2 (the standard error needs two).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    tuple of float
        ``(estimate, standard_error)``, both in the units of ``base``.  The
        estimate is unbiased but, unlike :func:`mixture_kl_divergence`, may be
        negative when ``KL`` is small and ``n`` is small.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a mixture or a ``(mean, sd)`` pair, ``n`` is
        not a whole number ≥ 2, or ``base`` is invalid.

    Examples
    --------
    >>> est, se = mixture_kl_monte_carlo((0.0, 1.0), (1.0, 1.0), 100_000, seed=1, base=None)
    >>> abs(est - 0.5) < 4 * se  # the exact value is 1/2 nat
    True
    """
    base = as_base(base)
    p = _as_mixture(p, "p")
    q = _as_mixture(q, "q")
    n = as_count(n, "n", minimum=2)
    x = p.sample(n, seed=seed)
    terms = p._logpdf(x) - q._logpdf(x)
    est = float(np.mean(terms))
    se = float(np.std(terms, ddof=1) / math.sqrt(n))
    return to_float(from_nats(est, base)), to_float(abs(from_nats(se, base)))


class GaussianFit(NamedTuple):
    """One Gaussian ``N(mean, sd²)`` fitted to a mixture and the divergence it reaches."""

    mean: float
    sd: float
    kl: float


class ReverseKLFit(NamedTuple):
    """The best reverse-KL fit, the mixture component it sits on, and every local optimum found.

    ``component`` is the index of the mixture component whose mean is closest to
    the fit's mean, in units of that component's standard deviation: the mode the
    fit chose.  ``local_optima`` lists the distinct local minima reached from the
    starting points, best first (the first one is the fit itself).
    """

    mean: float
    sd: float
    kl: float
    component: int
    local_optima: tuple


def fit_gaussian_forward_kl(p, base=2) -> GaussianFit:
    """The Gaussian ``q`` minimising the forward divergence ``KL(p ‖ q)``: moment matching.

    Parameters
    ----------
    p : GaussianMixture or (mean, sd) pair
        The distribution to fit.
    base : float or None, default 2
        Units of the reported ``kl`` (2 gives bits, ``None`` nats).

    Returns
    -------
    GaussianFit
        ``mean`` and ``sd`` of ``p`` itself, and ``kl = KL(p ‖ q)`` at that fit.

    Raises
    ------
    ValueError
        If ``p`` is not a mixture or a ``(mean, sd)`` pair, or ``base`` is invalid.

    Notes
    -----
    For a Gaussian ``q = N(μ, σ²)``,
    ``KL(p ‖ q) = −h(p) + ½ log(2πσ²) + (Var p + (E p − μ)²) / (2σ²)``, which is
    smallest at ``μ = E p`` and ``σ² = Var p`` (set the derivatives to zero).
    The fit covers all of ``p``'s mass, even the valley between its modes
    (Bishop 2006, §10.1.2).

    Examples
    --------
    >>> fit = fit_gaussian_forward_kl(GaussianMixture([0.5, 0.5], [-2, 2], [1, 1]))
    >>> fit.mean, round(fit.sd ** 2, 6)
    (0.0, 5.0)
    """
    base = as_base(base)
    p = _as_mixture(p, "p")
    mean, sd = p.mean(), math.sqrt(p.variance())
    return GaussianFit(mean, sd, mixture_kl_divergence(p, (mean, sd), base=base))


def _reverse_objective(theta, p: GaussianMixture):
    """KL(N(mu, sd²) ‖ p) in nats and its gradient in (mu, log sd).

    ``KL = −h(q) − E_q[log p]`` with ``h(q) = ½ log(2πe sd²)`` exact and the
    expectation by the panel quadrature of :func:`mixture_kl_divergence`;
    ``d/dmu E_q[log p] = E_q[(log p)']`` and
    ``d/dlog sd E_q[log p] = E_q[(log p)'(x) (x − mu)]``.
    """
    mu, log_sd = float(theta[0]), float(theta[1])
    sd = math.exp(log_sd)
    q = GaussianMixture([1.0], [mu], [sd])
    x, wts = _panels(q, p, _GL8)  # 8 points per panel already agree with 16 to ~1e-15
    u = x - mu
    wq = wts * np.exp(-0.5 * (u / sd) ** 2 - log_sd - _HALF_LOG_2PI)
    zk = (x[:, None] - p.means) / p.sds
    a = p._log_coef - 0.5 * zk * zk
    logp = logsumexp(a, axis=1)
    dlogp = -np.sum(np.exp(a - logp[:, None]) * zk / p.sds, axis=1)
    value = -(0.5 + _HALF_LOG_2PI + log_sd) - float(wq @ logp)
    grad = np.array([-float(wq @ dlogp), -1.0 - float(wq @ (dlogp * u))])
    return value, grad


def _projected_gradient(theta, grad, bounds):
    """The gradient with the components that push against an active bound set to 0."""
    pg = np.array(grad, dtype=float)
    for i, (lo, hi) in enumerate(bounds):
        if (theta[i] <= lo and pg[i] > 0) or (theta[i] >= hi and pg[i] < 0):
            pg[i] = 0.0
    return pg


def _is_local_minimum(theta, p, h=1e-4) -> bool:
    """Both eigenvalues of the (finite-difference) Hessian of the objective are ≥ 0."""
    cols = [(_reverse_objective(theta + h * e, p)[1] - _reverse_objective(theta - h * e, p)[1])
            / (2 * h) for e in np.eye(2)]
    hess = np.array(cols)
    return bool(np.linalg.eigvalsh(0.5 * (hess + hess.T)).min() > -1e-6)


def fit_gaussian_reverse_kl(p, base=2, n_starts=8, seed=0) -> ReverseKLFit:
    """The Gaussian ``q`` minimising the reverse divergence ``KL(q ‖ p)`` (mode-seeking).

    Parameters
    ----------
    p : GaussianMixture or (mean, sd) pair
        The distribution to fit.
    base : float or None, default 2
        Units of the reported ``kl`` (2 gives bits, ``None`` nats).
    n_starts : int, default 8
        Random starting points, in addition to one start on every component and
        one at the moment-matched fit.
    seed : int, default 0
        Seed of ``numpy.random.default_rng`` for the random starts.

    Returns
    -------
    ReverseKLFit
        The best fit found (``mean``, ``sd``, ``kl = KL(q ‖ p)``), the index of
        the component it sits on, and all distinct local optima found.

    Raises
    ------
    ValueError
        If ``p`` is not a mixture or a ``(mean, sd)`` pair, ``base`` is invalid,
        or ``n_starts`` is not a whole number ≥ 0.

    Notes
    -----
    ``KL(q ‖ p) = −h(q) − E_q[log p]`` is minimised over ``(μ, log σ)`` with
    L-BFGS-B and an exact gradient, ``E_q[log p]`` and its derivatives by the
    quadrature of :func:`mixture_kl_divergence`; a stopping point whose
    Hessian is not positive semi-definite (a saddle) is discarded.  The objective is multimodal: for
    well-separated peaks there is one local minimum on each peak, where ``q``
    hugs that peak and ignores the others (``q`` is heavily penalised wherever
    ``p`` is small but ``q`` is not).  Which one is best depends on the weights
    and widths; the starts make the search deterministic for a given ``seed``.

    Examples
    --------
    >>> p = GaussianMixture([0.7, 0.3], [-3.0, 3.0], [1.0, 1.0])
    >>> fit = fit_gaussian_reverse_kl(p)
    >>> round(fit.mean, 1), round(fit.sd, 1), fit.component
    (-3.0, 1.0, 0)
    >>> round(fit.kl, 3)  # just under −log2(0.7) ≈ 0.515: q gives up the other peak
    0.511
    """
    base = as_base(base)
    p = _as_mixture(p, "p")
    n_starts = as_count(n_starts, "n_starts", minimum=0)
    rng = np.random.default_rng(seed)
    live = p.weights > 0
    m, s = p.means[live], p.sds[live]
    spread = math.sqrt(p.variance())
    lo_sd, hi_sd = math.log(float(s.min())) - 4.0, math.log(max(spread, float(s.max()))) + 3.0
    starts = [(float(mk), math.log(float(sk))) for mk, sk in zip(m, s)]
    starts.append((p.mean(), math.log(spread)))
    lo_m, hi_m = float(np.min(m - 3 * s)), float(np.max(m + 3 * s))
    for mu0, ls0 in zip(rng.uniform(lo_m, hi_m, n_starts),
                        rng.uniform(math.log(float(s.min())), math.log(spread), n_starts)):
        starts.append((float(mu0), float(ls0)))
    found = []
    bounds = [(lo_m, hi_m), (lo_sd, hi_sd)]
    for start in starts:
        theta = np.array(start)
        for _ in range(5):
            res = minimize(_reverse_objective, theta, args=(p,), method="L-BFGS-B", jac=True,
                           bounds=bounds, options={"ftol": 1e-13, "gtol": 1e-9})
            theta = res.x
            # L-BFGS-B can stop on "relative reduction of f" far from a stationary point (the
            # quadrature's panels move with q); restart from there until the gradient vanishes
            if np.max(np.abs(_projected_gradient(theta, res.jac, bounds))) < 1e-6:
                break
        else:
            continue  # never reached a stationary point: not a local minimum
        if not _is_local_minimum(res.x, p):
            continue  # a saddle, e.g. a symmetric start that cannot break the symmetry
        mu, sd = float(res.x[0]), math.exp(float(res.x[1]))
        # the same minimum reached from two starts differs only by the optimiser's tolerance
        if all(abs(mu - f[0]) > 0.05 * max(sd, f[1]) or abs(math.log(sd / f[1])) > 0.05
               for f in found):
            found.append((mu, sd))
    in_nats = sorted((_kl_nats(GaussianMixture.gaussian(mu, sd), p), mu, sd) for mu, sd in found)
    optima = tuple(GaussianFit(mu, sd, to_float(clip_to_bounds(from_nats(kl, base), base)))
                   for kl, mu, sd in in_nats)
    best = optima[0]
    component = int(np.argmin(np.abs(p.means - best.mean) / p.sds + np.where(p.weights > 0, 0, np.inf)))
    return ReverseKLFit(best.mean, best.sd, best.kl, component, optima)
