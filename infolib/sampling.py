"""Importance sampling, effective sample size, and Monte Carlo KL / MI.

Importance sampling (IS) estimates an expectation under a *target* ``p``
with samples ``x_1..x_N`` drawn from a *proposal* ``q``, by weighting each
sample with ``w_i = p(x_i) / q(x_i)``:

* plain IS: ``(1/N) Σ w_i f(x_i)`` — unbiased when ``p`` and ``q`` are
  normalised;
* self-normalised IS: ``Σ w_i f(x_i) / Σ w_i`` — needs ``p`` and ``q`` only
  up to constants; in general biased at every finite ``N`` (the leading
  term of the bias is ``(μ E_q[w²] - E_q[w² f]) / N``; for bounded ``f``
  with ``E_q[w²] < ∞`` the bias is ``O(1/N)`` with exactly that leading
  term), consistent when ``q > 0`` wherever ``p > 0``.

Everything here works with **log-densities and log-weights**, shifted by
their maximum before exponentiating (the log-sum-exp trick), so weights
such as ``e^800`` or ``e^-800`` neither overflow nor vanish.
Log-densities are natural logarithms (``scipy.stats``' ``logpdf``);
information quantities are returned in **bits** by default
(``base=None`` gives nats).

The sample-size law (Chatterjee & Diaconis 2018, Theorem 1.1): when
``log w(Y)``, ``Y ~ p``, is concentrated around its mean ``D_KL(p‖q)``, plain
IS of the normaliser ``E_p[1]`` (and so with a proposal that must serve
every ``f``) is accurate once ``N`` is about ``exp(D_KL(p‖q))`` (KL in nats)
and fails well below it; without concentration the needed ``N`` can be far
larger or far smaller — :func:`sample_size_law` gives that number,
:func:`samples_needed` measures it.  For one particular
``f ≥ 0`` the relevant divergence is that of the tilted target ``∝ f p``
from ``q``, which can be far smaller.  The link to mutual information: with
the product of marginals ``p(x) p(y)`` as proposal for the joint
``p(x, y)``, the log-weight is the pointwise mutual information and
``I(X; Y) = E_{p(x,y)}[log w]`` — :func:`mi_from_log_densities`,
:func:`gaussian_pair_pmi`, :func:`gaussian_pair_log_weights`.  With joint
samples and known densities that average is easy (standard error
``sd(pmi)/sqrt(N)``); it is the normaliser ``E_{p(x)p(y)}[w] = 1``, estimated
from product samples (the partition term of Donsker–Varadhan / MINE), that
needs about ``exp(I)`` samples.  InfoNCE never reaches ``log N``, see
:func:`infolib.estimators.infonce`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from ._validate import (
    as_array,
    as_base,
    as_correlation,
    as_count,
    as_log_values,
    as_scalar,
    check_finite,
    check_same_length,
    from_nats,
    to_float,
)

__all__ = [
    "log_importance_weights",
    "normalized_weights",
    "importance_sampling",
    "effective_sample_size",
    "kl_from_samples",
    "sample_size_law",
    "samples_needed",
    "SampleSizeSearch",
    "gaussian_log_weight_sampler",
    "mi_from_log_densities",
    "gaussian_pair_log_weights",
    "gaussian_pair_pmi",
]


def _all_zero(lw, name):
    if np.isneginf(lw).all():
        raise ValueError(
            f"{name} are all -inf (every weight is zero); the proposal never "
            "hits the target's support, so nothing can be estimated"
        )


def log_importance_weights(log_p, log_q):
    """Log importance weights ``log w_i = log p(x_i) - log q(x_i)``.

    Parameters
    ----------
    log_p : array_like, 1-D
        Log target density at each sample (natural log; ``-inf`` where
        ``p = 0``).  ``p`` may be unnormalised.
    log_q : array_like, 1-D, same length
        Log proposal density at the same samples (drawn from ``q``).

    Returns
    -------
    numpy.ndarray
        ``log_p - log_q``; ``-inf`` where ``p = 0``.

    Raises
    ------
    ValueError
        Non-1-D or empty input, different lengths, NaN or ``+inf`` entries,
        or a sample with ``q = 0 < p`` (``log_q = -inf``): the proposal
        must be positive wherever the target is.

    Examples
    --------
    >>> log_importance_weights([0.0, -1.0], [-1.0, -1.0])
    array([1., 0.])
    """
    log_p = as_log_values(log_p, "log_p")
    log_q = as_log_values(log_q, "log_q")
    check_same_length(log_p.size, log_q.size, "log_p", "log_q")
    bad = np.isneginf(log_q) & ~np.isneginf(log_p)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"log_q is -inf at sample {i} where log_p is {log_p[i]:.6g}; a sample "
            "from q cannot have q = 0 — the proposal must be > 0 wherever p > 0"
        )
    with np.errstate(invalid="ignore"):
        lw = log_p - log_q
    lw[np.isneginf(log_p)] = -np.inf
    return lw


def normalized_weights(log_weights):
    """Self-normalised weights ``w_i / Σ_j w_j`` computed from log-weights.

    Parameters
    ----------
    log_weights : array_like, 1-D
        Log importance weights, known up to an additive constant
        (``-inf`` = zero weight).

    Returns
    -------
    numpy.ndarray
        Non-negative weights summing to 1, computed as ``e / Σ e`` with
        ``e = exp(log_w - max(log_w))``: no overflow for any log-weights.

    Raises
    ------
    ValueError
        Non-1-D or empty input, NaN or ``+inf`` entries, or all weights zero.

    Examples
    --------
    >>> normalized_weights([1000.0, 1000.0, -np.inf]).tolist()
    [0.5, 0.5, 0.0]
    """
    lw = as_log_values(log_weights, "log_weights")
    _all_zero(lw, "log_weights")
    w = np.exp(lw - np.max(lw))
    return w / w.sum()


def importance_sampling(f_values, log_weights, self_normalized=False):
    """Importance-sampling estimate of ``E_p[f]`` from samples of ``q``.

    Parameters
    ----------
    f_values : array_like, 1-D
        ``f(x_i)`` at the samples ``x_i ~ q`` (finite reals).
    log_weights : array_like, 1-D, same length
        ``log p(x_i) - log q(x_i)`` (see :func:`log_importance_weights`).
        For the plain estimator both densities must be normalised; the
        self-normalised one accepts any additive constant.
    self_normalized : bool, default False
        False: ``(1/N) Σ w_i f(x_i)`` (unbiased).  True:
        ``Σ w_i f(x_i) / Σ w_i`` (biased for finite ``N``, consistent,
        needs densities only up to constants).

    Returns
    -------
    float
        The estimate.  The plain estimate is computed as
        ``sign · exp(m + log|mean(f · e^(log_w - m))|)`` with
        ``m = max log_w``, so huge or tiny weights neither overflow nor
        underflow on the way; only a result beyond the float range is
        ``±inf``.  If every weight is zero the plain estimate is ``0.0``.

    Raises
    ------
    ValueError
        Non-1-D or empty input, different lengths, non-finite ``f_values``,
        NaN or ``+inf`` log-weights, or (self-normalised) all weights zero.

    Examples
    --------
    Two samples ``x = 0`` and ``x = 1`` from ``q = (1/2, 1/2)`` with target
    ``p = (1/4, 3/4)``: the weights are 1/2 and 3/2, and ``E_p[x] = 3/4``.

    >>> lw = np.log([0.5, 1.5])
    >>> importance_sampling([0.0, 1.0], lw)
    0.75
    >>> round(importance_sampling([0.0, 1.0], lw + 700.0, self_normalized=True), 9)
    0.75
    """
    f = as_array(f_values, "f_values")
    if f.ndim != 1:
        raise ValueError(f"f_values must be 1-D (one value per sample), got a {f.ndim}-D array")
    check_finite(f, "f_values")
    lw = as_log_values(log_weights, "log_weights")
    check_same_length(f.size, lw.size, "f_values", "log_weights")
    if np.isneginf(lw).all():
        if self_normalized:
            _all_zero(lw, "log_weights")
        return 0.0
    m = float(np.max(lw))
    scaled = np.exp(lw - m)
    if self_normalized:
        return to_float(np.dot(scaled, f) / scaled.sum())
    s = float(np.dot(scaled, f)) / f.size
    if s == 0.0:
        return 0.0
    with np.errstate(over="ignore"):
        return to_float(math.copysign(1.0, s) * np.exp(m + math.log(abs(s))))


def effective_sample_size(log_weights):
    """Kong's effective sample size ``(Σ w_i)² / Σ w_i²`` from log-weights.

    Parameters
    ----------
    log_weights : array_like, 1-D
        Log importance weights, up to an additive constant (``-inf`` = zero
        weight).

    Returns
    -------
    float
        Between 1 (one weight dominates) and ``N`` (all weights equal, e.g.
        ``q = p``).  Computed from ``w_i = exp(log_w_i - max log_w)`` (the
        ratio does not change when every weight is scaled): no overflow, and
        exactly ``N`` for equal weights.

    Raises
    ------
    ValueError
        Non-1-D or empty input, NaN or ``+inf`` entries, or all weights zero.

    Notes
    -----
    Kong (1992): as a rough rule of thumb, the variance of the
    self-normalised estimate is that of a plain average of ``ESS``
    independent draws from ``p``.  The rule ignores ``f`` and can err either
    way (Elvira, Martino & Robert 2022).  When ``q > 0`` wherever ``p > 0``,
    ``ESS / N → 1 / E_q[w²]`` almost surely (0 if ``E_q[w²] = ∞``).  It is a
    diagnostic, not a guarantee: a proposal that misses a region of ``p``
    entirely can still show a large ESS.

    Examples
    --------
    >>> effective_sample_size(np.zeros(100))
    100.0
    >>> effective_sample_size([0.0, -np.inf, -np.inf])
    1.0
    >>> round(effective_sample_size([800.0, 800.0, 0.0]), 6)
    2.0
    """
    lw = as_log_values(log_weights, "log_weights")
    _all_zero(lw, "log_weights")
    w = np.exp(lw - np.max(lw))  # the largest weight becomes 1: no overflow
    ess = float(w.sum()) ** 2 / float(np.dot(w, w))
    return to_float(min(max(ess, 1.0), float(lw.size)))


def kl_from_samples(log_p, log_q, base=2):
    """Monte Carlo estimate of ``D_KL(p‖q)`` from samples of ``p``.

    Parameters
    ----------
    log_p : array_like, 1-D
        ``log p(x_i)`` at samples ``x_i ~ p`` (normalised density, natural log).
    log_q : array_like, 1-D, same length
        ``log q(x_i)`` at the same samples (normalised).
    base : float or None, default 2
        Logarithm base of the result; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``mean(log_p - log_q)`` converted to ``base``; ``inf`` when some
        sample has ``q = 0`` (then D_KL(p‖q) is infinite).  Unbiased, but a
        single run can be negative when ``p`` and ``q`` are close.

    Raises
    ------
    ValueError
        Non-1-D or empty input, different lengths, NaN or ``+inf`` entries,
        or ``log_p = -inf`` (a sample of ``p`` cannot have ``p = 0``).

    Examples
    --------
    >>> kl_from_samples([-1.0, -2.0], [-2.0, -3.0], base=None)
    1.0
    >>> kl_from_samples([-1.0], [-np.inf])
    inf
    """
    base = as_base(base)
    log_p = as_log_values(log_p, "log_p")
    log_q = as_log_values(log_q, "log_q")
    check_same_length(log_p.size, log_q.size, "log_p", "log_q")
    if np.isneginf(log_p).any():
        i = int(np.flatnonzero(np.isneginf(log_p))[0])
        raise ValueError(
            f"log_p is -inf at sample {i}; the samples must be drawn from p, "
            "where p > 0"
        )
    if np.isneginf(log_q).any():
        return to_float(from_nats(math.inf, base))
    return to_float(from_nats(float(np.mean(log_p - log_q)), base))


def sample_size_law(kl, base=None, t=0.0):
    """The Chatterjee–Diaconis sample size ``exp(D_KL(p‖q) + t)``.

    Parameters
    ----------
    kl : float
        ``D_KL(p‖q) ≥ 0`` in units of ``base``.
    base : float or None, default None
        Units of ``kl``: ``None`` for nats, 2 for bits.
    t : float, default 0
        Margin in nats: with ``N = exp(KL + t)`` samples the error of plain
        IS is small for large ``t`` and large for large negative ``t``.

    Returns
    -------
    float
        ``exp(KL_nats + t)`` (``inf`` if it overflows).

    Raises
    ------
    ValueError
        Negative, NaN or infinite ``kl``, non-finite ``t``, invalid ``base``.

    Notes
    -----
    Chatterjee & Diaconis (2018, Theorem 1.1): let ``p ≪ q``,
    ``L = D_KL(p‖q)`` in nats, ``Y ~ p`` and ``t ≥ 0``.  With
    ``N = exp(L + t)`` the plain IS estimate ``I_N(f)`` of ``E_p[f]``
    satisfies ``E|I_N(f) - E_p f| ≤ ‖f‖_{L²(p)} (e^(-t/4) + 2 sqrt(P(log w(Y)
    > L + t/2)))``; conversely, with ``N = exp(L - t)``, for every
    ``δ ∈ (0, 1)``, ``P(I_N(1) ≥ 1 - δ) ≤ e^(-t/2) + P(log w(Y) ≤ L - t/2) /
    (1 - δ)``.  So when ``log w(Y)`` concentrates around ``L``, about
    ``exp(L)`` samples are necessary and sufficient for the normaliser
    ``f ≡ 1``; for one particular ``f`` far fewer may do.

    Examples
    --------
    >>> sample_size_law(0.0)
    1.0
    >>> sample_size_law(1.0, base=2) == 2.0
    True
    """
    kl = as_scalar(kl, "kl", minimum=0.0)
    base = as_base(base)
    t = as_scalar(t, "t")
    kl_nats = kl * math.log(base) if base is not None else kl
    try:
        return math.exp(kl_nats + t)
    except OverflowError:
        return math.inf


@dataclass(frozen=True)
class SampleSizeSearch:
    """Result of :func:`samples_needed`.

    Attributes
    ----------
    n_needed : int or None
        Smallest tried ``N`` (a power of two) whose mean absolute error
        ``mean |Ẑ_N - 1|`` over the runs is ≤ the target; None if no tried
        ``N`` reached it.
    sizes : numpy.ndarray
        The sample sizes tried.
    errors : numpy.ndarray
        Mean over the runs of ``|Ẑ_N - 1|`` at each size.
    errors_se : numpy.ndarray or None
        Standard error of each entry of ``errors`` (sample standard
        deviation of ``|Ẑ_N - 1|`` over the runs divided by
        ``sqrt(reps)``; ``nan`` when ``reps = 1``).
    n_interpolated : float or None
        Where the error curve crosses the target, interpolating
        ``log(error)`` linearly in ``log N`` between the last size above the
        target and ``n_needed`` (``1.0`` when ``n_needed = 1``; None when
        the target was not reached).  Less coarse than ``n_needed``, which
        can only be a power of two.
    """

    n_needed: int | None
    sizes: np.ndarray
    errors: np.ndarray
    errors_se: np.ndarray | None = None
    n_interpolated: float | None = None


_BLOCK = 2 ** 21  # log-weights drawn per call: bounds the memory of samples_needed


def samples_needed(draw_log_weights, rel_error=0.1, n_max=2 ** 20, reps=32, seed=0):
    """Measure how many proposal samples plain IS needs for a given accuracy.

    The test quantity is the normalising constant ``E_q[w] = E_p[1] = 1``.
    Each of ``reps`` independent runs is one growing sample from ``q``, read
    at ``N = 1, 2, 4, …, n_max``: its plain IS estimate there is
    ``Ẑ_N = (1/N) Σ_{i ≤ N} w_i``.  The criterion is the **mean absolute
    error** over the runs, ``mean |Ẑ_N - 1|``, which estimates
    ``E|Ẑ_N - 1|``; the search reports the first ``N`` where it is
    ``≤ rel_error`` and an interpolated crossing point.

    Parameters
    ----------
    draw_log_weights : callable
        ``draw_log_weights(rng, size)`` returns a 1-D array of ``size``
        log importance weights ``log p(x) - log q(x)`` at fresh independent
        samples ``x ~ q`` (both densities normalised), drawn with the given
        :class:`numpy.random.Generator` (see
        :func:`gaussian_log_weight_sampler`).  It is called with
        ``size = (number of runs in a block) × (new samples per run)`` and
        the result is split among the runs.
    rel_error : float, default 0.1
        Target mean absolute error of ``Ẑ_N`` (``> 0``).
    n_max : int, default 2**20
        Largest ``N`` tried.
    reps : int, default 32
        Independent runs (≥ 1).
    seed : int or numpy.random.SeedSequence, default 0
        Seed of the generator passed to ``draw_log_weights``.

    Returns
    -------
    SampleSizeSearch
        ``n_needed`` (or None), the sizes tried, their mean errors and the
        standard errors of those means, and ``n_interpolated``.

    Raises
    ------
    ValueError
        Non-callable ``draw_log_weights``, non-positive ``rel_error``,
        ``n_max`` or ``reps`` < 1, or a draw function returning the wrong
        shape or NaN/+inf.

    Notes
    -----
    Compare ``n_needed`` with :func:`sample_size_law` of ``D_KL(p‖q)``.
    Reporting the *first* size at which a noisy mean falls below the target
    biases the count down, most when ``|Ẑ_N - 1|`` has a heavy right tail
    (then a mean over few runs usually lies below its expectation): use
    enough runs.  Work is ``reps · N`` draws up to the reported ``N``.

    Examples
    --------
    >>> res = samples_needed(lambda rng, size: np.zeros(size), n_max=8, reps=2)
    >>> res.n_needed, res.n_interpolated
    (1, 1.0)
    """
    if not callable(draw_log_weights):
        raise ValueError("draw_log_weights must be a function (rng, size) -> log-weights")
    rel_error = as_scalar(rel_error, "rel_error", minimum=0.0, strict=True)
    n_max = as_count(n_max, "n_max", minimum=1)
    reps = as_count(reps, "reps", minimum=1)
    rng = np.random.default_rng(seed)
    top = np.full(reps, -np.inf)      # running max of each run's log-weights
    acc = np.zeros(reps)              # Σ exp(log w - top) of each run
    sizes, errors, ses = [], [], []
    n_done, n = 0, 1
    while n <= n_max:
        new = n - n_done                              # samples added to every run
        chunk = max(1, min(reps, _BLOCK // new))
        for r0 in range(0, reps, chunk):
            rows = min(chunk, reps - r0)
            size = rows * new
            lw = np.asarray(draw_log_weights(rng, size), dtype=np.float64)
            if lw.shape != (size,):
                raise ValueError(
                    f"draw_log_weights(rng, {size}) must return {size} log-weights, "
                    f"got shape {lw.shape}"
                )
            lw = lw.reshape(rows, new)
            block_max = lw.max(axis=1)
            if np.isnan(block_max).any() or np.isposinf(block_max).any():
                as_log_values(lw.ravel(), "draw_log_weights(rng, size)")  # raises, naming it
            sl = slice(r0, r0 + rows)
            m = np.maximum(top[sl], block_max)
            with np.errstate(invalid="ignore"):   # -inf - -inf where every weight is 0
                old = np.where(np.isneginf(top[sl]), 0.0, acc[sl] * np.exp(top[sl] - m))
                add = np.exp(lw - m[:, None]).sum(axis=1)
            acc[sl] = np.where(np.isneginf(m), 0.0, old + np.nan_to_num(add))
            top[sl] = m
        n_done = n
        with np.errstate(divide="ignore", over="ignore"):
            z = np.where(acc > 0, np.exp(top + np.log(acc) - math.log(n)), 0.0)
        errs = np.abs(z - 1.0)
        sizes.append(n)
        errors.append(float(np.mean(errs)))
        ses.append(float(np.std(errs, ddof=1)) / math.sqrt(reps) if reps > 1 else math.nan)
        if errors[-1] <= rel_error:
            return SampleSizeSearch(n, np.array(sizes), np.array(errors), np.array(ses),
                                    _crossing(sizes, errors, rel_error))
        n *= 2
    return SampleSizeSearch(None, np.array(sizes), np.array(errors), np.array(ses), None)


def _crossing(sizes, errors, target):
    """Log-log interpolation of where the error curve crosses ``target`` (last two sizes)."""
    if len(sizes) == 1:
        return float(sizes[0])
    (n0, e0), (n1, e1) = (sizes[-2], errors[-2]), (sizes[-1], errors[-1])
    if e1 <= 0.0:
        return float(n1)
    frac = math.log(e0 / target) / math.log(e0 / e1)
    return float(math.exp(math.log(n0) + frac * math.log(n1 / n0)))


def gaussian_log_weight_sampler(mu_q, sd_q, mu_p=0.0, sd_p=1.0):
    """Log-weight sampler: target ``N(mu_p, sd_p²)``, proposal ``N(mu_q, sd_q²)``.

    Parameters
    ----------
    mu_q, sd_q : float
        Proposal mean and standard deviation (``sd_q > 0``).
    mu_p, sd_p : float, default 0, 1
        Target mean and standard deviation (``sd_p > 0``).

    Returns
    -------
    callable
        ``draw(rng, size)``, returning the log-weights
        ``log p(x) - log q(x)`` at ``size`` fresh draws ``x ~ q`` made with
        the generator ``rng``; suitable for :func:`samples_needed`.  Its
        ``D_KL(p‖q)`` is :func:`infolib.gaussian_kl_divergence`
        ``(mu_p, sd_p, mu_q, sd_q)``.

    Raises
    ------
    ValueError
        Non-finite parameters or a non-positive standard deviation.

    Examples
    --------
    >>> draw = gaussian_log_weight_sampler(0.0, 1.0)
    >>> draw(np.random.default_rng(0), 3).tolist()
    [0.0, 0.0, 0.0]
    """
    mu_q = as_scalar(mu_q, "mu_q")
    sd_q = as_scalar(sd_q, "sd_q", minimum=0.0, strict=True)
    mu_p = as_scalar(mu_p, "mu_p")
    sd_p = as_scalar(sd_p, "sd_p", minimum=0.0, strict=True)
    # x = mu_q + sd_q z with z standard normal; then (x - mu_p)/sd_p = a + b z and
    # log p(x) - log q(x) = log(sd_q/sd_p) - ((a + b z)² - z²)/2 = c0 + z (c1 + c2 z)
    a, b = (mu_q - mu_p) / sd_p, sd_q / sd_p
    c0, c1, c2 = math.log(sd_q / sd_p) - 0.5 * a * a, -a * b, 0.5 * (1.0 - b * b)

    def draw(rng, size):
        z = rng.standard_normal(size)
        return c0 + z * (c1 + c2 * z)

    return draw


def mi_from_log_densities(log_pxy, log_px, log_py, base=2):
    """``I(X; Y) = E_{p(x,y)}[log w]``, ``w = p(x,y) / (p(x) p(y))``, from joint samples.

    Parameters
    ----------
    log_pxy : array_like, 1-D
        ``log p(x_i, y_i)`` at samples ``(x_i, y_i)`` drawn from the joint.
    log_px, log_py : array_like, 1-D, same length
        The marginal log-densities at the same samples.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        The mean log importance weight of the joint (target) against the
        product of marginals (proposal) — the mean pointwise mutual
        information, i.e. :func:`kl_from_samples` of the joint against the
        product.

    Raises
    ------
    ValueError
        As :func:`kl_from_samples`, for each argument.

    Examples
    --------
    X uniform on {0, 1} and Y = X: every sample has ``log w = log 2``.

    >>> mi_from_log_densities(np.log([0.5, 0.5]), np.log([0.5, 0.5]), np.log([0.5, 0.5]))
    1.0
    """
    base = as_base(base)
    lpxy = as_log_values(log_pxy, "log_pxy")
    lpx = as_log_values(log_px, "log_px")
    lpy = as_log_values(log_py, "log_py")
    check_same_length(lpxy.size, lpx.size, "log_pxy", "log_px")
    check_same_length(lpxy.size, lpy.size, "log_pxy", "log_py")
    with np.errstate(invalid="ignore"):
        log_prod = lpx + lpy
    return kl_from_samples(lpxy, log_prod, base=base)


def _as_open_correlation(rho):
    r = float(as_correlation(rho, "rho"))
    if abs(r) >= 1:
        raise ValueError(f"rho must be strictly between -1 and 1, got {r:g} "
                         "(at ±1 the mutual information is infinite)")
    return r


def _pmi(x, y, r):
    one = 1.0 - r * r
    lw = -0.5 * math.log(one) - (r * r * (x * x + y * y) - 2.0 * r * x * y) / (2.0 * one)
    return lw + 0.0  # no -0.0


def gaussian_pair_pmi(x, y, rho):
    """Pointwise mutual information (nats) of a standard bivariate Gaussian pair.

    ``log p(x, y) - log p(x) - log p(y)
    = -½ log(1 - ρ²) - (ρ² x² - 2ρ x y + ρ² y²) / (2 (1 - ρ²))`` — the log
    importance weight of the joint (target) against the product of its
    standard normal marginals (proposal).

    Parameters
    ----------
    x, y : array_like
        Points (broadcast against each other; finite).
    rho : float
        Correlation, ``-1 < rho < 1``.

    Returns
    -------
    numpy.ndarray or float
        The pointwise MI in nats at each point.

    Raises
    ------
    ValueError
        ``|rho| ≥ 1`` or non-finite points.

    Examples
    --------
    >>> round(gaussian_pair_pmi(0.0, 0.0, 0.6), 12)      # -½ log(0.64)
    0.223143551314
    """
    r = _as_open_correlation(rho)
    xa, ya = as_array(x, "x"), as_array(y, "y")
    check_finite(xa, "x")
    check_finite(ya, "y")
    out = _pmi(xa, ya, r)
    return float(out) if out.ndim == 0 else out


def gaussian_pair_log_weights(rho, size, seed=0, under="product"):
    """Log importance weights of a standard bivariate Gaussian against its marginals.

    Target ``p(x, y)``: standard normal pair with correlation ``rho``;
    proposal ``q(x, y) = p(x) p(y)``.  The log-weight is the pointwise
    mutual information

    ``log w = -½ log(1 - ρ²) - (ρ² x² - 2ρ x y + ρ² y²) / (2 (1 - ρ²))``.

    Parameters
    ----------
    rho : float
        Correlation, ``-1 < rho < 1``.
    size : int
        Number of samples.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.
    under : {"product", "joint"}, default "product"
        Where the samples come from: ``"product"`` (the proposal — for
        importance sampling) or ``"joint"`` (the target — their mean
        log-weight estimates ``I(X; Y) = -½ log(1 - ρ²)`` nats).

    Returns
    -------
    numpy.ndarray
        ``size`` log-weights (natural log).

    Raises
    ------
    ValueError
        ``|rho| ≥ 1``, ``size < 1``, or an unknown ``under``.

    Examples
    --------
    >>> lw = gaussian_pair_log_weights(0.0, 4)
    >>> lw.tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    r = _as_open_correlation(rho)
    size = as_count(size, "size", minimum=1)
    if under not in ("product", "joint"):
        raise ValueError(f"under must be 'product' or 'joint', got {under!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(size)
    z = rng.standard_normal(size)
    y = z if under == "product" else r * x + math.sqrt(1.0 - r * r) * z
    return _pmi(x, y, r)
