"""Receptive fields from spikes: STA, decorrelated STA and maximally informative dimensions.

A *recording* is a stimulus matrix ``stimuli`` of shape ``(frames, dimensions)``
(one row per stimulus frame) and a vector ``spikes`` with the number of spikes
fired in each frame.  This module offers

* a seeded **model neuron** (linear filter → static threshold nonlinearity →
  Bernoulli or Poisson spikes) driven by three stimulus ensembles: white
  Gaussian, correlated Gaussian, and a correlated sparse ("natural-like")
  ensemble: :func:`model_filter`, :func:`stimulus_ensemble`,
  :class:`ModelNeuron`, :func:`simulate_neuron`;
* the **spike-triggered average** and its decorrelated version ``C⁻¹·STA``:
  :func:`spike_triggered_average`;
* the **information carried by single spikes** about the projection of the
  stimulus onto a direction ``v``, and its gradient: :func:`info_per_spike`;
* **maximally informative dimensions** (MID), the direction that maximises it:
  :func:`fit_mid`, returning a :class:`MIDFit`; and
  :func:`cosine_similarity` to compare a direction with the true filter.

Information is in **bits per spike** by default (``base=None`` gives nats).

Binning convention
------------------
Projections ``x = stimuli @ v`` are standardised, ``z = (x - mean x) / sd x``,
and binned on a grid **fixed in standard-deviation units**: ``bins`` centres
equally spaced from ``-span`` to ``+span`` (spacing ``h = 2·span/(bins-1)``).
Values beyond ``±span`` fall in the two end bins, so a heavy-tailed projection
(a few frames at 100 sd) cannot stretch the grid and squash every other frame
into one bin, as min–max edges would.  The standardisation also makes the
estimate invariant to the scale and sign of ``v``.  (The standard deviation is
itself inflated by gross artefacts, e.g. a few frames at 10⁴ sd; remove those
first.)

References
----------
Sharpee, T., Rust, N. C. & Bialek, W. (2004). Analyzing neural responses to
natural signals: maximally informative dimensions. *Neural Computation*
16(2), 223–250.

Williamson, R. S., Sahani, M. & Pillow, J. W. (2015). The equivalence of
information-theoretic and likelihood-based methods for neural dimensionality
reduction. *PLoS Computational Biology* 11(4), e1004141.
"""

from __future__ import annotations

import contextlib
import functools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize

from ._validate import (
    as_array,
    as_base,
    as_count,
    as_scalar,
    as_spike_counts,
    as_stimuli,
    check_finite,
    from_nats,
    to_float,
)

__all__ = [
    "ENSEMBLES",
    "model_filter",
    "stimulus_ensemble",
    "ModelNeuron",
    "NeuronRecording",
    "simulate_neuron",
    "spike_triggered_average",
    "info_per_spike",
    "fit_mid",
    "MIDFit",
    "cosine_similarity",
]

try:  # installed with scikit-learn; optional
    from threadpoolctl import threadpool_limits as _threadpool_limits
except ImportError:  # pragma: no cover
    _threadpool_limits = None

#: The stimulus ensembles of :func:`stimulus_ensemble`.
ENSEMBLES = ("white", "gaussian", "natural")

#: Smallest eigenvalue of the stimulus covariance, relative to the largest,
#: below which the covariance is treated as singular (cannot be whitened).
_COND_LIMIT = 1e-10


def _one_blas_thread(fn):
    """Run *fn* with a single BLAS thread.

    The products here are tall and thin (frames × a few dozen dimensions):
    one thread is as fast as two on a quiet machine, and far faster on a
    busy one, where spinning BLAS threads compete for the cores.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = (_threadpool_limits(limits=1, user_api="blas") if _threadpool_limits
               else contextlib.nullcontext())
        with ctx:
            return fn(*args, **kwargs)
    return wrapper


# ---------------------------------------------------------------------------
# the model neuron
# ---------------------------------------------------------------------------
def _rng(seed):
    """A generator from a whole-number seed ≥ 0 (or the generator itself)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_count(seed, "seed"))


def model_filter(dims=32):
    """The model neuron's receptive field: a unit-norm Gabor profile.

    Parameters
    ----------
    dims : int, default 32
        Number of stimulus dimensions (pixels), at least 2.

    Returns
    -------
    numpy.ndarray, shape (dims,)
        ``k_i ∝ exp(-(i - c)² / (2σ²)) cos(2π (i - c) / λ)`` with centre
        ``c = (dims - 1)/2``, width ``σ = dims/8`` and wavelength
        ``λ = dims/4``, scaled to unit length.

    Raises
    ------
    ValueError
        If ``dims`` is not a whole number ≥ 2.

    Examples
    --------
    >>> k = model_filter(32)
    >>> k.shape, round(float(k @ k), 12)
    ((32,), 1.0)
    """
    dims = as_count(dims, "dims", minimum=2)
    i = np.arange(dims) - (dims - 1) / 2.0
    k = np.exp(-(i ** 2) / (2.0 * (dims / 8.0) ** 2)) * np.cos(2.0 * np.pi * i / (dims / 4.0))
    return k / np.linalg.norm(k)


def _ensemble_covariance(ensemble, dims, correlation):
    """Covariance ``C_ij = ρ^|i-j|`` (identity for white noise) and its square root."""
    if ensemble == "white":
        eye = np.eye(dims)
        return eye, eye
    i = np.arange(dims)
    cov = correlation ** np.abs(i[:, None] - i[None, :])
    lam, vec = np.linalg.eigh(cov)
    root = (vec * np.sqrt(lam)) @ vec.T
    return cov, 0.5 * (root + root.T)


def _check_ensemble(ensemble):
    if not isinstance(ensemble, str) or ensemble not in ENSEMBLES:
        raise ValueError(
            f"ensemble must be one of {', '.join(repr(e) for e in ENSEMBLES)}, "
            f"got {ensemble!r}"
        )
    return ensemble


def _check_ensemble_parameters(correlation, sparsity):
    correlation = as_scalar(correlation, "correlation")
    if not 0.0 <= correlation < 1.0:
        raise ValueError(f"correlation must be in [0, 1), got {correlation:.10g}")
    sparsity = as_scalar(sparsity, "sparsity")
    if not 0.0 < sparsity <= 1.0:
        raise ValueError(f"sparsity must be in (0, 1], got {sparsity:.10g}")
    return correlation, sparsity


@_one_blas_thread
def stimulus_ensemble(ensemble, frames, dims=32, correlation=0.7, sparsity=0.1, seed=0):
    """Draw stimulus frames from one of the model ensembles.

    Parameters
    ----------
    ensemble : {'white', 'gaussian', 'natural'}
        ``'white'``: independent standard normal pixels.
        ``'gaussian'``: correlated Gaussian, covariance ``C_ij = ρ^|i-j|``.
        ``'natural'``: the same covariance, but built from sparse sources
        (see Notes): non-Gaussian, heavy-tailed and not elliptically
        symmetric, like natural signals.
    frames : int
        Number of frames (rows), at least 1.
    dims : int, default 32
        Number of dimensions (columns), at least 2.
    correlation : float, default 0.7
        Correlation ``ρ`` of neighbouring pixels, in ``[0, 1)``; ignored for
        white noise.
    sparsity : float, default 0.1
        Probability that a source is active in the natural ensemble, in
        ``(0, 1]``; ignored otherwise.  ``1`` makes it Gaussian.
    seed : int or numpy.random.Generator, default 0
        Seed of :func:`numpy.random.default_rng` (or a generator to draw from).

    Returns
    -------
    numpy.ndarray, shape (frames, dims)
        Zero-mean frames with covariance ``C`` (the identity for white noise).

    Raises
    ------
    ValueError
        On an unknown ensemble, a bad size, a correlation outside ``[0, 1)``
        or a sparsity outside ``(0, 1]``.

    Notes
    -----
    Frames are ``s = C^{1/2} u`` with ``C^{1/2}`` the symmetric square root
    and ``u`` independent unit-variance sources: standard normal for the
    Gaussian ensembles; for the natural one ``u_i = g_i b_i / √q`` with
    ``g_i`` standard normal and ``b_i`` Bernoulli(``q = sparsity``), i.e. a few
    strong, localised features per frame.  Whitening with ``C^{-1/2}`` recovers
    the sparse sources exactly, so the natural ensemble stays non-Gaussian in
    whitened coordinates (where Gaussian and elliptical ensembles become
    spherical).

    Examples
    --------
    >>> s = stimulus_ensemble("natural", 100_000, dims=8, seed=1)
    >>> s.shape
    (100000, 8)
    >>> round(float(np.corrcoef(s[:, 0], s[:, 1])[0, 1]), 1)
    0.7
    """
    ensemble = _check_ensemble(ensemble)
    frames = as_count(frames, "frames", minimum=1)
    dims = as_count(dims, "dims", minimum=2)
    correlation, sparsity = _check_ensemble_parameters(correlation, sparsity)
    rng = _rng(seed)
    sources = rng.standard_normal((frames, dims))
    if ensemble == "natural" and sparsity < 1.0:
        active = rng.random((frames, dims)) < sparsity
        sources *= active / math.sqrt(sparsity)
    _, root = _ensemble_covariance(ensemble, dims, correlation)
    return sources if ensemble == "white" else sources @ root


@dataclass(frozen=True, eq=False)
class ModelNeuron:
    """A linear–nonlinear model neuron with Bernoulli or Poisson spikes.

    The drive of a frame ``s`` is ``u = (filter · s) / scale`` (with ``scale``
    the standard deviation of ``filter · s`` over the ensemble, ``u`` is in
    standard-deviation units).  The expected spike count is the logistic
    threshold nonlinearity ``f(u) = peak / (1 + exp(-(u - threshold) / width))``.

    Parameters
    ----------
    filter : array_like, shape (dims,)
        The receptive field ``k`` (any non-zero vector; not renormalised).
    threshold : float, default 2.5
        Drive at which ``f`` reaches half its peak.
    width : float, default 0.2
        Softness of the threshold (> 0); small values give a sharp step.
    peak : float, default 1.0
        Largest expected count per frame (> 0; at most 1 for Bernoulli spikes).
    spiking : {'bernoulli', 'poisson'}, default 'bernoulli'
        Bernoulli: at most one spike per frame, with probability ``f(u)``.
        Poisson: a Poisson count with mean ``f(u)``.
    scale : float, default 1.0
        Divides the filter output (> 0).

    Examples
    --------
    >>> neuron = ModelNeuron(filter=[1.0, 0.0], threshold=0.0, width=1.0)
    >>> neuron.rate(np.array([[0.0, 5.0]]))
    array([0.5])
    """

    filter: np.ndarray
    threshold: float = 2.5
    width: float = 0.2
    peak: float = 1.0
    spiking: str = "bernoulli"
    scale: float = 1.0

    def __post_init__(self):
        k = as_array(self.filter, "filter")
        if k.ndim != 1 or k.size < 1:
            raise ValueError(f"filter must be a non-empty 1-D vector, got shape {k.shape}")
        check_finite(k, "filter")
        if not np.any(k):
            raise ValueError("filter is all zeros; a receptive field needs a direction")
        object.__setattr__(self, "filter", k)
        object.__setattr__(self, "threshold", as_scalar(self.threshold, "threshold"))
        object.__setattr__(self, "width", as_scalar(self.width, "width", 0.0, strict=True))
        object.__setattr__(self, "peak", as_scalar(self.peak, "peak", 0.0, strict=True))
        object.__setattr__(self, "scale", as_scalar(self.scale, "scale", 0.0, strict=True))
        if self.spiking not in ("bernoulli", "poisson"):
            raise ValueError(f"spiking must be 'bernoulli' or 'poisson', got {self.spiking!r}")
        if self.spiking == "bernoulli" and self.peak > 1.0:
            raise ValueError(f"peak must be ≤ 1 for Bernoulli spikes (a probability), "
                             f"got {self.peak:.10g}; use spiking='poisson' for rates above 1")

    def rate(self, stimuli):
        """Expected spike count of each frame (shape ``(frames,)``)."""
        s = as_stimuli(stimuli, "stimuli", min_frames=1)
        if s.shape[1] != self.filter.size:
            raise ValueError(f"stimuli has {s.shape[1]} dimensions but filter has "
                             f"{self.filter.size}; they must match")
        u = (s @ self.filter) / self.scale
        # logistic written with exp of a non-positive number only: no overflow warning
        e = np.exp(-np.abs(u - self.threshold) / self.width)
        return self.peak * np.where(u >= self.threshold, 1.0 / (1.0 + e), e / (1.0 + e))

    def respond(self, stimuli, seed=0):
        """Draw spike counts (float array of whole numbers).

        ``seed`` is an int or a :class:`numpy.random.Generator`; the same seed
        gives the same spikes.
        """
        lam = self.rate(stimuli)
        rng = _rng(seed)
        if self.spiking == "poisson":
            return rng.poisson(lam).astype(np.float64)
        return (rng.random(lam.size) < lam).astype(np.float64)


@dataclass(frozen=True, eq=False)
class NeuronRecording:
    """Stimuli, spike counts and ground truth from :func:`simulate_neuron`."""

    stimuli: np.ndarray = field(repr=False)
    spikes: np.ndarray = field(repr=False)
    filter: np.ndarray = field(repr=False)
    covariance: np.ndarray = field(repr=False)
    neuron: ModelNeuron = field(repr=False)
    ensemble: str = "natural"
    seed: int = 0

    @property
    def n_spikes(self) -> int:
        """Total number of spikes."""
        return int(self.spikes.sum())

    def __str__(self):
        frames, dims = self.stimuli.shape
        return (f"NeuronRecording({self.ensemble}, {frames} frames × {dims} dims, "
                f"{self.n_spikes} spikes, seed {self.seed})")


def simulate_neuron(ensemble="natural", frames=200_000, dims=32, threshold=2.5, width=0.2,
                    peak=1.0, spiking="bernoulli", correlation=0.7, sparsity=0.1, seed=0):
    """Simulate the model neuron of :class:`ModelNeuron` on a stimulus ensemble.

    Parameters
    ----------
    ensemble : {'white', 'gaussian', 'natural'}, default 'natural'
        Stimulus ensemble (see :func:`stimulus_ensemble`).
    frames, dims : int
        Recording length and stimulus dimension.
    threshold, width, peak, spiking
        The neuron's nonlinearity and spike generation (see
        :class:`ModelNeuron`); ``threshold`` is in standard deviations of the
        filter output over the ensemble.
    correlation, sparsity : float
        Ensemble parameters (see :func:`stimulus_ensemble`).
    seed : int, default 0
        Seeds both the stimuli and the spikes (through two independent
        streams spawned from it): changing the threshold keeps the stimuli.

    Returns
    -------
    NeuronRecording
        With ``stimuli`` (frames × dims), ``spikes`` (counts per frame),
        ``filter`` (the true unit filter from :func:`model_filter`),
        ``covariance`` (the ensemble's covariance) and ``neuron``.

    Raises
    ------
    ValueError
        On any invalid argument (see the functions above).

    Examples
    --------
    >>> rec = simulate_neuron("white", frames=20_000, dims=8, threshold=2.0, seed=3)
    >>> rec.stimuli.shape, rec.spikes.shape
    ((20000, 8), (20000,))
    >>> rec.n_spikes                  # expected: 20,000 × E f(z) = 20,000 × 0.0301
    603
    """
    ensemble = _check_ensemble(ensemble)
    dims = as_count(dims, "dims", minimum=2)
    correlation, sparsity = _check_ensemble_parameters(correlation, sparsity)
    seed = as_count(seed, "seed")
    stim_seed, spike_seed = np.random.SeedSequence(seed).spawn(2)
    stimuli = stimulus_ensemble(ensemble, frames, dims, correlation, sparsity,
                                seed=np.random.default_rng(stim_seed))
    k = model_filter(dims)
    cov, _ = _ensemble_covariance(ensemble, dims, correlation)
    neuron = ModelNeuron(k, threshold=threshold, width=width, peak=peak, spiking=spiking,
                         scale=math.sqrt(float(k @ cov @ k)))
    spikes = neuron.respond(stimuli, seed=np.random.default_rng(spike_seed))
    return NeuronRecording(stimuli, spikes, k, cov, neuron, ensemble, seed)


# ---------------------------------------------------------------------------
# spike-triggered averages
# ---------------------------------------------------------------------------
def _recording(stimuli, spikes, min_frames=2):
    s = as_stimuli(stimuli, "stimuli", min_frames=min_frames)
    n = as_spike_counts(spikes, "spikes", s.shape[0])
    return s, n


def _covariance(s, remedy="use more frames, drop redundant dimensions, or pass ridge > 0"):
    """Population covariance of the rows, with a clear error when singular."""
    mean = s.mean(axis=0)
    centred = s - mean
    cov = centred.T @ centred / s.shape[0]
    lam, vec = np.linalg.eigh(cov)
    if not lam[-1] > 0 or lam[0] <= _COND_LIMIT * lam[-1]:
        raise ValueError(
            "stimuli has a singular covariance (some direction has no variance: "
            f"too few frames, constant or linearly dependent dimensions); {remedy}"
        )
    return mean, cov, lam, vec


@_one_blas_thread
def spike_triggered_average(stimuli, spikes, decorrelate=False, ridge=None):
    """Spike-triggered average (STA), optionally decorrelated by the stimulus covariance.

    Parameters
    ----------
    stimuli : array_like, shape (frames, dims)
        Stimulus frames, finite; at least 2 frames.
    spikes : array_like, shape (frames,)
        Spike count of each frame: whole numbers ≥ 0, not all zero.
    decorrelate : bool, default False
        If true, return ``C⁻¹ · STA`` with ``C`` the (population) stimulus
        covariance.
    ridge : float, optional
        Only with ``decorrelate=True``: return ``(C + λ I)⁻¹ · STA`` with
        ``λ = ridge × tr(C) / dims`` (``ridge`` in units of the mean stimulus
        variance).  Off (``None`` or 0) by default.

    Returns
    -------
    numpy.ndarray, shape (dims,)
        ``STA = Σ_t n_t (s_t - s̄) / Σ_t n_t`` (the spike-weighted mean of
        the frames minus the mean frame), or its decorrelated version.  Not
        normalised.

    Raises
    ------
    ValueError
        On a stimulus that is not a finite 2-D array, spike counts of the
        wrong length, negative, non-integer, NaN or all zero; a negative
        ridge or a ridge without ``decorrelate``; or (decorrelating without
        ridge) a singular stimulus covariance.

    Notes
    -----
    If the expected spike count depends on the stimulus only through
    ``u = k · (s - mean)``, as ``r(u)``, and the stimulus's conditional mean
    ``E[s - mean | u]`` is linear in ``u`` (true for Gaussian and every
    elliptically symmetric stimulus), then as the number of frames grows the
    STA converges to a multiple of ``C k`` and ``C⁻¹·STA`` to a multiple of
    ``k`` -- a non-zero one if and only if ``E[r(u) u] ≠ 0`` (for a Gaussian
    stimulus: ``E[r'(u)] ≠ 0``, Bussgang's theorem).  An even ``r`` (a
    complex cell) gives an STA of zero.  If the conditional mean is not
    linear and ``r`` is not linear either, the limit can point elsewhere
    (Paninski 2003); :func:`fit_mid` does not need the linearity.

    Examples
    --------
    >>> s = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    >>> spike_triggered_average(s, [2, 0, 1, 0])
    array([0.66666667, 0.33333333])
    >>> spike_triggered_average(s, [2, 0, 1, 0], decorrelate=True)
    array([1.33333333, 0.66666667])
    """
    s, n = _recording(stimuli, spikes)
    if ridge is not None:
        ridge = as_scalar(ridge, "ridge", minimum=0.0)
        if not decorrelate:
            raise ValueError("ridge only applies with decorrelate=True; "
                             "pass decorrelate=True or leave ridge=None")
    mean = s.mean(axis=0)
    sta = (n @ s) / n.sum() - mean
    if not decorrelate:
        return sta
    if ridge:
        centred = s - mean
        cov = centred.T @ centred / s.shape[0]
        lam, vec = np.linalg.eigh(cov)
        lam = lam + ridge * float(np.trace(cov)) / s.shape[1]
        if not lam[0] > 0:
            raise ValueError("stimuli has no variance at all (every dimension is constant); "
                             "ridge cannot help")
    else:
        _, _, lam, vec = _covariance(s)
    return vec @ ((vec.T @ sta) / lam)


def cosine_similarity(a, b, *, absolute=False):
    """Cosine of the angle between two non-zero vectors, in ``[-1, 1]``.

    The cosine is *signed*: ``cosine_similarity(-a, b) = -cosine_similarity(a, b)``.
    A receptive field is recovered only up to scale and sign (the information
    per spike satisfies ``I(v) = I(-v)``), so to compare directions regardless of
    sign pass ``absolute=True``, which returns ``|cos|`` in ``[0, 1]``.

    Examples
    --------
    >>> cosine_similarity([1, 0], [1, 1])
    0.7071067811865475
    >>> cosine_similarity([-1, 0], [1, 1]), cosine_similarity([-1, 0], [1, 1], absolute=True)
    (-0.7071067811865475, 0.7071067811865475)
    """
    a = as_array(a, "a").reshape(-1)
    b = as_array(b, "b").reshape(-1)
    if a.size != b.size:
        raise ValueError(f"a and b must have the same length, got {a.size} and {b.size}")
    check_finite(a, "a")
    check_finite(b, "b")
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        raise ValueError(f"{'a' if na == 0.0 else 'b'} is a zero vector; it has no direction")
    c = to_float(np.clip((a / na) @ (b / nb), -1.0, 1.0))
    return abs(c) if absolute else c


# ---------------------------------------------------------------------------
# information per spike
# ---------------------------------------------------------------------------
def _check_bins(bins, span):
    bins = as_count(bins, "bins", minimum=3)
    span = as_scalar(span, "span", 0.0, strict=True)
    return bins, span


def _binned_info(z, counts, spiking, nbins, span, smooth, gradient):
    """Information per spike (nats) of standardised projections ``z``.

    ``counts`` are the spike counts, ``spiking`` the boolean mask of frames
    with a spike.  Returns ``(info, g)`` with ``g = dI/dz`` (or ``None``).
    """
    frames = z.size
    total = counts.sum()
    h = 2.0 * span / (nbins - 1)
    u = (np.clip(z, -span, span) + span) / h          # position in bin units, [0, nbins-1]
    centre = np.rint(u).astype(np.intp)
    if not smooth:
        p = np.bincount(centre, minlength=nbins) / frames
        q = np.bincount(centre[spiking], weights=counts[spiking], minlength=nbins) / total
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(q > 0, q * np.log(q / p), 0.0)
        return float(terms.sum()), None
    d = u - centre                                       # in [-1/2, 1/2]
    lo = centre - 1
    lo[lo < 0] = 1                                       # reflect at the first centre
    hi = centre + 1
    hi[hi > nbins - 1] = nbins - 2                       # and at the last
    w_lo = 0.5 * (0.5 - d) ** 2                          # quadratic B-spline weights
    w_mid = 0.75 - d ** 2
    w_hi = 0.5 * (0.5 + d) ** 2
    p = (np.bincount(lo, w_lo, nbins) + np.bincount(centre, w_mid, nbins)
         + np.bincount(hi, w_hi, nbins)) / frames
    c = counts[spiking]
    q = (np.bincount(lo[spiking], c * w_lo[spiking], nbins)
         + np.bincount(centre[spiking], c * w_mid[spiking], nbins)
         + np.bincount(hi[spiking], c * w_hi[spiking], nbins)) / total
    occupied = q > 0
    log_ratio = np.zeros(nbins)
    log_ratio[occupied] = np.log(q[occupied] / p[occupied])
    info = float(q[occupied] @ log_ratio[occupied])
    if not gradient:
        return info, None
    ratio = np.zeros(nbins)
    ratio[occupied] = q[occupied] / p[occupied]
    # dI/dz_t = Σ_b [n_t/N · log(q_b/p_b) - 1/T · q_b/p_b] · dw_b(u_t)/du / h
    # (the "+1" of d(q log q)/dq drops out: the weights' derivatives sum to 0)
    dw_lo, dw_mid, dw_hi = -(0.5 - d), -2.0 * d, 0.5 + d
    g = -(dw_lo * ratio[lo] + dw_mid * ratio[centre] + dw_hi * ratio[hi]) / frames
    g[spiking] += (c / total) * (dw_lo[spiking] * log_ratio[lo[spiking]]
                                  + dw_mid[spiking] * log_ratio[centre[spiking]]
                                  + dw_hi[spiking] * log_ratio[hi[spiking]])
    g /= h
    g[np.abs(z) > span] = 0.0                            # clipped frames do not move
    return info, g


def _projection_info(v, s, mean, counts, spiking, nbins, span, smooth, gradient):
    """Info (nats) of the projection of ``s`` on ``v`` and its gradient in ``v``."""
    x = s @ v
    x -= x.mean()
    sd = math.sqrt(float(x @ x) / x.size)
    if not sd > 0:
        return None, None
    z = x / sd
    info, g = _binned_info(z, counts, spiking, nbins, span, smooth, gradient)
    if not gradient:
        return info, None
    # z_t = (x_t - x̄)/σ  ⇒  dI/dv = (1/σ) Σ_t (s_t - s̄) [g_t - (Σ_τ g_τ z_τ / T) z_t]
    y = g - (float(g @ z) / z.size) * z
    grad = (y @ s - mean * y.sum()) / sd
    return info, grad


@_one_blas_thread
def info_per_spike(v, stimuli, spikes, bins=25, span=5.0, smooth=True,
                   return_gradient=False, base=2):
    """Information that single spikes carry about the projection onto ``v``.

    ``I(v) = ∫ P_v(x | spike) log[P_v(x | spike) / P_v(x)] dx`` (Sharpee,
    Rust & Bialek 2004), estimated from binned projections ``x = s · v``:
    ``P_v(x)`` is the histogram over all frames, ``P_v(x | spike)`` the
    histogram over frames weighted by their spike counts, and
    ``I = Σ_b q_b log(q_b / p_b)``.

    Parameters
    ----------
    v : array_like, shape (dims,)
        Direction in stimulus space (any non-zero length: ``I`` depends on
        the direction only, and ``I(v) = I(-v)``).
    stimuli : array_like, shape (frames, dims)
        Stimulus frames; at least 2, finite.
    spikes : array_like, shape (frames,)
        Spike counts per frame: whole numbers ≥ 0, not all zero.
    bins : int, default 25
        Number of bins (≥ 3), their centres equally spaced on
        ``[-span, span]`` in standard deviations of the projection.
    span : float, default 5.0
        Half-width of the grid in standard deviations (> 0); projections
        beyond it count in the end bins.
    smooth : bool, default True
        Spread each frame over neighbouring bins with a smooth kernel (see
        Notes) so that ``I`` is differentiable in ``v``.  ``False`` gives the
        plain hard-binned estimate (edges half-way between centres, end bins
        open).
    return_gradient : bool, default False
        Also return ``dI/dv`` (needs ``smooth=True``).
    base : float or None, default 2
        Logarithm base: 2 gives bits per spike, ``None`` nats.

    Returns
    -------
    float or (float, numpy.ndarray)
        ``I`` in bits per spike (≥ 0), and with ``return_gradient`` its
        gradient with respect to ``v`` (shape ``(dims,)``, orthogonal to
        ``v`` because ``I`` is scale-invariant).

    Raises
    ------
    ValueError
        On invalid stimuli or spike counts (see
        :func:`spike_triggered_average`), a ``v`` of the wrong length, with
        NaN/inf or giving a constant projection (e.g. all zeros), ``bins < 3``,
        ``span ≤ 0``, ``return_gradient`` with ``smooth=False``, or a bad
        ``base``.

    Notes
    -----
    *Smooth binning.*  With ``u`` a frame's standardised projection measured
    in bin widths ``h``, the frame gives weight ``B(u - b)`` to bin ``b``,
    where ``B`` is the quadratic B-spline (support ``±1.5`` bins, weights
    summing to 1; weight meant for a bin beyond an end is reflected back
    inside).  Since ``B`` is a box convolved with a triangle of half-width
    ``h``, this is *exactly* the expected hard-binned histogram of the
    projection after adding independent triangular noise ``U₁ + U₂``
    (``Uᵢ`` uniform on ``±h/2``; values pushed past an end centre are
    reflected back).  The smooth estimate is thus the hard-binned
    information of a slightly blurred projection.  Both are, up to sampling
    bias, lower bounds on the information of the unbinned projection (data
    processing); the blurred one is typically a little *below* the
    hard-binned value (a few per cent with the default grid), and the two
    converge as the bins shrink (with enough spikes).  Unlike the hard-binned
    value, which jumps when a frame crosses an edge, the smooth estimate is a
    continuously differentiable function of ``v``.

    *Bias.*  Like every plug-in estimate it is biased, typically upwards:
    with the frame histogram ``p`` known, the hard-binned estimate from
    ``N_sp`` spikes exceeds its population value by about
    ``(m - 1) / (2 N_sp ln 2)`` bits (Miller–Madow), where ``m`` is the number
    of bins that hold spikes -- not ``bins``: most bins of a selective
    neuron hold none.  Held-out frames remove the bias of *choosing* ``v`` on
    the same data, not this one (fewer spikes make it larger); held-out
    values compare directions fairly but are not unbiased estimates.

    *Likelihood.*  For the hard-binned estimate, ``N_spikes · I`` (in nats)
    is exactly the log-likelihood gain of the maximum-likelihood
    linear–nonlinear–Poisson model along ``v`` with a piecewise-constant
    nonlinearity on the same bins (rate ``N q_b / (T p_b)`` per frame) over a
    constant-rate Poisson model (Williamson, Sahani & Pillow 2015):
    maximising ``I`` is maximum likelihood for that model.

    Examples
    --------
    Four frames, one spike, in the frame that is alone in the top bin (which
    holds a quarter of the frames): ``I = 1 · log2(1 / (1/4)) = 2`` bits.

    >>> s = np.array([[-1.0], [0.0], [1.0], [2.0]])
    >>> info_per_spike([1.0], s, [0, 0, 0, 1], bins=3, span=1.0, smooth=False)
    2.0
    >>> rec = simulate_neuron("white", frames=20_000, dims=4, threshold=1.5, seed=0)
    >>> info, grad = info_per_spike(rec.filter, rec.stimuli, rec.spikes, return_gradient=True)
    >>> round(info, 2), abs(float(grad @ rec.filter)) < 1e-12   # gradient ⟂ v
    (2.51, True)
    """
    s, n = _recording(stimuli, spikes)
    v = _direction(v, s.shape[1])
    nbins, span = _check_bins(bins, span)
    if return_gradient and not smooth:
        raise ValueError("return_gradient needs smooth=True: the hard-binned estimate is "
                         "piecewise constant in v (its gradient is zero almost everywhere)")
    base = as_base(base)
    info, grad = _projection_info(v, s, s.mean(axis=0), n, n > 0, nbins, span, smooth,
                                  return_gradient)
    if info is None:
        raise ValueError("v gives a constant projection of the stimuli (zero variance); "
                         "choose a direction along which the stimuli vary")
    info = to_float(from_nats(max(info, 0.0), base))
    if return_gradient:
        return info, from_nats(grad, base)
    return info


@_one_blas_thread
def projection_bins(v, stimuli, bins=25, span=5.0):
    """Hard bin of every frame's standardised projection onto ``v``.

    The grid of :func:`info_per_spike` with ``smooth=False``: ``bins`` centres
    equally spaced on ``[-span, span]`` standard deviations, each frame in
    the bin of the nearest centre, frames beyond ``±span`` in the end bins.

    Parameters
    ----------
    v : array_like, shape (dims,)
        Direction (any non-zero length).
    stimuli : array_like, shape (frames, dims)
        Stimulus frames; at least 2, finite.
    bins : int, default 25
        Number of bins (≥ 3).
    span : float, default 5.0
        Half-width of the grid in standard deviations (> 0).

    Returns
    -------
    numpy.ndarray of int, shape (frames,)
        Bin index ``0 … bins - 1`` of every frame.

    Raises
    ------
    ValueError
        On invalid stimuli, a ``v`` of the wrong length, all zeros or giving
        a constant projection, ``bins < 3`` or ``span ≤ 0``.

    Examples
    --------
    >>> s = np.array([[-1.0], [0.0], [1.0], [2.0]])
    >>> projection_bins([1.0], s, bins=3, span=1.0).tolist()
    [0, 1, 1, 2]
    """
    s = as_stimuli(stimuli, "stimuli", min_frames=2)
    v = _direction(v, s.shape[1])
    nbins, span = _check_bins(bins, span)
    x = s @ v
    x = x - x.mean()
    sd = math.sqrt(float(x @ x) / x.size)
    if not sd > 0:
        raise ValueError("v gives a constant projection of the stimuli (zero variance); "
                         "choose a direction along which the stimuli vary")
    h = 2.0 * span / (nbins - 1)
    return np.rint((np.clip(x / sd, -span, span) + span) / h).astype(np.intp)


def _direction(v, dims, name="v"):
    v = as_array(v, name)
    if v.ndim != 1 or v.size != dims:
        raise ValueError(f"{name} must be a 1-D vector with one entry per stimulus dimension "
                         f"({dims}), got shape {v.shape}")
    check_finite(v, name)
    if not np.any(v):
        raise ValueError(f"{name} is all zeros; it must point in some direction")
    return v


# ---------------------------------------------------------------------------
# maximally informative dimensions
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class MIDFit:
    """Result of :func:`fit_mid`.

    Attributes
    ----------
    direction : numpy.ndarray
        The maximally informative dimension: a unit vector in stimulus space
        (sign chosen so that spikes follow large positive projections, i.e.
        positive overlap with the STA).
    direction_whitened : numpy.ndarray
        The same direction in whitened coordinates (unit vector).
    start : numpy.ndarray
        The starting point in stimulus space: the decorrelated STA
        (the whitened STA mapped back), unit length.
    info_train : float
        Information per spike (smooth estimate, in units of ``base``) along
        ``direction`` on the training frames.
    info_test : float
        The same on the held-out frames (``nan`` when ``holdout = 0``).
    info_start_train : float
        Information per spike along ``start`` on the training frames.
    info_start_test : float
        The same on the held-out frames.
    trace : numpy.ndarray
        Training information after each iteration, starting with the value at
        ``start``.
    iterations : int
        Optimiser iterations.
    evaluations : int
        Objective evaluations.
    converged : bool
        Whether the optimiser met its tolerance before ``max_iter``.
    train_frames : int
        Frames used to fit ``direction``.
    test_frames : int
        Held-out frames.
    train_spikes : int
        Spikes in the training frames.
    test_spikes : int
        Spikes in the held-out frames.
    bins : int
        The ``bins`` argument of :func:`fit_mid` (histogram bins of the information).
    span : float
        The ``span`` argument of :func:`fit_mid` (bin range, in standard deviations).
    base : float or None
        The ``base`` argument of :func:`fit_mid` (units of the information).
    """

    direction: np.ndarray = field(repr=False)
    direction_whitened: np.ndarray = field(repr=False)
    start: np.ndarray = field(repr=False)
    info_train: float
    info_test: float
    info_start_train: float
    info_start_test: float
    trace: np.ndarray = field(repr=False)
    iterations: int
    evaluations: int
    converged: bool
    train_frames: int
    test_frames: int
    train_spikes: int
    test_spikes: int
    bins: int
    span: float
    base: float | None


@_one_blas_thread
def fit_mid(stimuli, spikes, bins=25, span=5.0, holdout=0.2, max_iter=200, base=2):
    """Find the maximally informative dimension (MID) of a recording.

    Maximises the information per spike :func:`info_per_spike` over
    directions ``v`` (Sharpee, Rust & Bialek 2004).

    Parameters
    ----------
    stimuli : array_like, shape (frames, dims)
        Stimulus frames, finite, with a non-singular covariance on the
        training part; at least ``max(50, 5 × dims)`` frames.
    spikes : array_like, shape (frames,)
        Spike count per frame: whole numbers ≥ 0; both the training and the
        held-out part need at least one spike.
    bins, span
        Binning of the projections, as in :func:`info_per_spike`.
    holdout : float, default 0.2
        Fraction of frames, taken from the *end* of the recording (a
        contiguous block, as is honest for real data), kept out of the fit
        to measure ``info_test``; in ``[0, 0.9]``.
    max_iter : int, default 200
        Maximum number of optimiser iterations (≥ 1).
    base : float or None, default 2
        Logarithm base for the reported information (2: bits per spike).

    Returns
    -------
    MIDFit
        ``.direction`` (unit vector in stimulus space), information on the
        training and held-out frames, the starting point and the trace.

    Raises
    ------
    ValueError
        On invalid stimuli or spike counts (see
        :func:`spike_triggered_average`), too few frames, a singular
        training covariance, a part without spikes, or an invalid ``bins``,
        ``span``, ``holdout``, ``max_iter`` or ``base``.

    Notes
    -----
    1. The training frames are whitened, ``x = C^{-1/2} (s - s̄)`` with
       ``C`` their covariance.  This does not change the objective (the
       information per spike does not depend on the scale of ``v · s``); it
       only preconditions the optimiser, making the landscape rounder.
    2. The search starts from the whitened STA (``C^{-1/2}·STA``, which is
       the decorrelated STA ``C⁻¹·STA`` mapped to whitened coordinates).
    3. The smooth information estimate and its analytic gradient (see
       :func:`info_per_spike`) are passed to L-BFGS
       (:func:`scipy.optimize.minimize`).  ``I`` is invariant to the length
       of ``w``, so its gradient is tangent to the sphere and the unconstrained
       search moves along it; the result is renormalised.
    4. A whitened direction ``w`` corresponds to the stimulus-space direction
       ``C^{-1/2} w`` (``w · x = (C^{-1/2} w) · (s - s̄)``).
    5. Linear algebra runs on one BLAS thread (via ``threadpoolctl`` when it
       is installed): the products are tall and thin, and on a busy machine
       competing BLAS threads made the fit ten times slower.

    With the defaults, 200,000 frames of 32 dimensions and about 4,000
    spikes take well under a second per fit on a 2-core machine (about
    15 iterations).

    Maximising ``I`` is equivalent to maximum-likelihood fitting of a
    linear–nonlinear–Poisson model with a histogram nonlinearity
    (Williamson, Sahani & Pillow 2015); like any such fit it overfits with
    few spikes, which ``info_test`` reveals.

    Examples
    --------
    >>> rec = simulate_neuron("natural", frames=40_000, dims=8, threshold=2.5, seed=0)
    >>> fit = fit_mid(rec.stimuli, rec.spikes)
    >>> round(float(fit.direction @ fit.direction), 12)
    1.0
    >>> cosine_similarity(fit.direction, rec.filter) > 0.95
    True
    >>> fit.info_train >= fit.info_start_train
    True
    """
    s, n = _recording(stimuli, spikes)
    frames, dims = s.shape
    nbins, span = _check_bins(bins, span)
    holdout = as_scalar(holdout, "holdout")
    if not 0.0 <= holdout <= 0.9:
        raise ValueError(f"holdout must be in [0, 0.9], got {holdout:.10g}")
    max_iter = as_count(max_iter, "max_iter", minimum=1)
    base = as_base(base)
    min_frames = max(50, 5 * dims)
    n_test = int(round(holdout * frames))
    n_train = frames - n_test
    if n_train < min_frames:
        raise ValueError(
            f"stimuli has too few frames: {n_train} for training with {dims} dimensions "
            f"(holdout {holdout:g}); at least {min_frames} are needed"
        )
    s_train, n_train_spk = s[:n_train], n[:n_train]
    s_test, n_test_spk = s[n_train:], n[n_train:]
    if not n_train_spk.sum() > 0:
        raise ValueError("spikes has no spikes in the training part (the first "
                         f"{n_train} frames); reduce holdout or record longer")
    if n_test and not n_test_spk.sum() > 0:
        raise ValueError(f"spikes has no spikes in the held-out part (the last {n_test} "
                         "frames); reduce holdout (0 disables it) or record longer")

    mean, _, lam, vec = _covariance(s_train, "use more frames or drop redundant dimensions")
    whiten = (vec / np.sqrt(lam)) @ vec.T               # C^{-1/2}, symmetric
    x = (s_train - mean) @ whiten
    spiking = n_train_spk > 0
    zero = np.zeros(dims)

    def objective(w):
        info, grad = _projection_info(w, x, zero, n_train_spk, spiking, nbins, span,
                                      True, True)
        if info is None:  # w = 0 cannot happen on the path from a unit vector
            return 0.0, np.zeros_like(w)
        return -info, -grad

    sta_w = (n_train_spk @ x) / n_train_spk.sum()
    if not np.any(sta_w):
        sta_w = np.eye(dims)[0]
    w0 = sta_w / np.linalg.norm(sta_w)
    trace = [-objective(w0)[0]]

    def record(intermediate_result):
        trace.append(-float(intermediate_result.fun))

    res = minimize(objective, w0, jac=True, method="L-BFGS-B", callback=record,
                   options={"maxiter": max_iter, "gtol": 1e-7, "ftol": 1e-10})
    w = res.x / np.linalg.norm(res.x)
    if w @ sta_w < 0:
        w = -w

    def to_stimulus_space(wv):
        k = whiten @ wv
        return k / np.linalg.norm(k)

    direction, start = to_stimulus_space(w), to_stimulus_space(w0)

    def info_on(vec_, s_part, n_part):
        if s_part.shape[0] < 2:
            return math.nan
        val, _ = _projection_info(vec_, s_part, s_part.mean(axis=0), n_part, n_part > 0,
                                  nbins, span, True, False)
        return math.nan if val is None else to_float(from_nats(max(val, 0.0), base))

    return MIDFit(
        direction=direction,
        direction_whitened=w,
        start=start,
        info_train=info_on(direction, s_train, n_train_spk),
        info_test=info_on(direction, s_test, n_test_spk) if n_test else math.nan,
        info_start_train=info_on(start, s_train, n_train_spk),
        info_start_test=info_on(start, s_test, n_test_spk) if n_test else math.nan,
        trace=np.array([from_nats(t, base) for t in trace]),
        iterations=int(res.nit),
        evaluations=int(res.nfev),
        converged=bool(res.success),
        train_frames=n_train,
        test_frames=n_test,
        train_spikes=int(n_train_spk.sum()),
        test_spikes=int(n_test_spk.sum()),
        bins=nbins,
        span=span,
        base=base,
    )
