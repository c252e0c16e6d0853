"""Figures of the chapter "Importance sampling".

- :func:`importance_sampling_explorer`: a target ``p = N(0, 1)``, the reader's
  Gaussian proposal ``q``, the histogram of the importance weights, the
  effective sample size, ``D_KL(p‖q)`` (nats) and repeated estimates of ``E_p[X²] = 1``.
- :func:`sample_size_figure` (data: :func:`sample_size_rows`): the measured
  number of samples plain importance sampling needs against ``KL(p‖q)``.
- :func:`infonce_ceiling` (data: :func:`infonce_rows`): InfoNCE with the best
  possible critic against the batch size, under its ceiling ``log2 N``.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .._validate import as_count, as_scalar
from ..estimators import infonce_upper_bound
from ..gaussian import gaussian_kl_divergence, gaussian_mutual_information
from ..sampling import (effective_sample_size, gaussian_log_weight_sampler, gaussian_pair_pmi,
                        importance_sampling, samples_needed)
from ._base import (GPS_COLOR, MUTED, SPEED_COLOR, bake, new_figure, normal_pdf, overlay_figure,
                    reusable, set_dynamic)

__all__ = ["importance_sampling_explorer", "importance_sampling_runs", "gaussian_weight_moments",
           "gaussian_weighted_moment", "self_normalised_bias_rows", "ess_rows",
           "optimal_proposal_rows", "tail_proposal", "unbiasedness_rows", "sample_size_rows", "sample_size_figure",
           "variance_sample_count", "pair_sample_size_rows", "infonce_rows", "infonce_ceiling"]

PLAIN_COLOR = SPEED_COLOR
SELF_COLOR = GPS_COLOR
_X = np.linspace(-6.0, 6.0, 401)
_P_X = normal_pdf(_X, 0.0, 1.0)
_LOG10_BINS = np.linspace(-6.0, 2.0, 33)
_EST_RANGE = (0.0, 3.0)


@functools.lru_cache(maxsize=4)
def _standard_draws(n, reps, seed):
    """``reps × n`` standard normal draws, shared by every proposal (common random numbers)."""
    z = np.random.default_rng(seed).standard_normal((reps, n))
    z.setflags(write=False)
    return z


def importance_sampling_runs(mean=1.0, sd=1.0, n=1000, reps=40, seed=0):
    """The runs behind :func:`importance_sampling_explorer`.

    Target ``p = N(0, 1)``, proposal ``q = N(mean, sd²)``, ``f(x) = x²``
    (``E_p[f] = 1``); ``reps`` runs of ``n`` samples each, made from one seeded
    block of standard normal draws ``z`` as ``x = mean + sd · z``.

    Parameters
    ----------
    mean, sd : float
        The proposal (``sd > 0``).
    n, reps : int
        Samples per run and number of runs (each ≥ 2).
    seed : int
        Seed of the draws.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        The ``n`` log-weights of the first run, and the plain and the
        self-normalised estimates of every run.

    Raises
    ------
    ValueError
        Non-finite ``mean``, non-positive ``sd``, or ``n``/``reps`` < 2.

    Examples
    --------
    >>> lw, plain, selfn = importance_sampling_runs(0.0, 1.0, n=10, reps=3)
    >>> bool(np.all(lw == 0.0)), bool(np.allclose(plain, selfn))
    (True, True)
    """
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    n = as_count(n, "n", minimum=2)
    reps = as_count(reps, "reps", minimum=2)
    return _is_runs(mean, sd, n, reps, seed)


def gaussian_weighted_moment(mu_q, sd_q, power):
    """``E_q[w(X)² X^k] = ∫ p(x)² x^k / q(x) dx`` for ``p = N(0, 1)``, ``q = N(mu_q, sd_q²)``.

    When ``sd_q² > 1/2``, ``p²/q`` is a constant ``C`` times the normal density
    ``N(c, v)`` with ``a = 1 - 1/(2 sd_q²)``, ``v = 1/(2a)``,
    ``c = -mu_q / (2 a sd_q²)`` and
    ``C = sd_q · exp(mu_q²/(2 sd_q²) + c²/(2v)) / sqrt(2a)``; then the moment is
    ``C`` times the ``k``-th raw moment of ``N(c, v)``.  When ``sd_q² ≤ 1/2``
    the integral diverges (``inf`` for even ``k``, undefined — ``nan`` — for
    odd ``k``).

    Parameters
    ----------
    mu_q, sd_q : float
        The proposal (``sd_q > 0``).
    power : int
        ``k ≥ 0``.

    Returns
    -------
    float
        The moment; ``E_q[w²] = 1 + χ²(p‖q)`` for ``k = 0``.

    Raises
    ------
    ValueError
        Non-finite ``mu_q``, non-positive ``sd_q`` or a negative ``power``.

    Examples
    --------
    >>> gaussian_weighted_moment(0.0, 1.0, 4)      # q = p: E_p[X⁴] = 3
    3.0
    >>> round(gaussian_weighted_moment(1.0, 1.0, 0) / math.e, 12)   # E_q[w²] = e^{μ²}
    1.0
    """
    m = as_scalar(mu_q, "mu_q")
    s = as_scalar(sd_q, "sd_q", minimum=0.0, strict=True)
    k = as_count(power, "power", minimum=0)
    a = 1.0 - 1.0 / (2.0 * s * s)
    if a <= 0.0:
        return math.inf if k % 2 == 0 else math.nan
    v = 1.0 / (2.0 * a)
    c = -m / (2.0 * a * s * s)
    with np.errstate(over="ignore"):
        big_c = float(s * np.exp(m * m / (2.0 * s * s) + c * c / (2.0 * v)) / math.sqrt(2.0 * a))
    # raw moments of N(c, v) by the recursion M_k = c M_{k-1} + (k-1) v M_{k-2}
    prev, cur = 1.0, c
    if k == 0:
        return big_c
    for j in range(2, k + 1):
        prev, cur = cur, c * cur + (j - 1) * v * prev
    return big_c * cur


def gaussian_weight_moments(mu_q, sd_q):
    """``E_q[w²]`` and ``E_q[w² X⁴]`` for target ``p = N(0, 1)`` and proposal ``q = N(mu_q, sd_q²)``.

    See :func:`gaussian_weighted_moment` (``k = 0`` and ``k = 4``); both are
    infinite when ``sd_q² ≤ 1/2``.

    Parameters
    ----------
    mu_q, sd_q : float
        The proposal (``sd_q > 0``).

    Returns
    -------
    (float, float)
        ``E_q[w²]`` (which is ``1 + χ²(p‖q)``; ``1 / E_q[w²]`` is the limit of
        ``ESS / N``) and ``E_q[w² X⁴]`` (the second moment in the variance of
        plain IS for ``E_p[X²]``); ``inf`` when they diverge.

    Raises
    ------
    ValueError
        Non-finite ``mu_q`` or non-positive ``sd_q``.

    Examples
    --------
    >>> gaussian_weight_moments(0.0, 1.0)       # q = p: w = 1, E_p[X⁴] = 3
    (1.0, 3.0)
    >>> gaussian_weight_moments(0.0, 0.7)
    (inf, inf)
    """
    return gaussian_weighted_moment(mu_q, sd_q, 0), gaussian_weighted_moment(mu_q, sd_q, 4)


def _normal_logpdf(x, mean, sd):
    z = (x - mean) / sd
    return -0.5 * z * z - math.log(sd) - 0.5 * math.log(2.0 * math.pi)


def _row_seeds(seed, count):
    """Independent seeds, one per table row: ``numpy.random.SeedSequence(seed).spawn(count)``."""
    return np.random.SeedSequence(seed).spawn(count)


_UNBIASED_PROPOSALS = ((1.0, 1.0), (0.0, 1.5), (0.0, 0.8))


def unbiasedness_rows(proposals=_UNBIASED_PROPOSALS, n=100, runs=10_000, seed=0):
    """Plain importance sampling of ``E_p[X²] = 1`` for ``p = N(0, 1)``, one row per proposal.

    Each proposal ``N(mu_q, sd_q²)`` gets its own random stream (``SeedSequence(seed).spawn``);
    ``runs`` estimates, each from ``n`` draws, give the mean of the estimates with its standard
    error, their standard deviation with a (delta-method) standard error, and the standard
    deviation the variance formula predicts, ``sqrt((E_q[w² X⁴] - 1) / n)``.

    Examples
    --------
    >>> row = unbiasedness_rows(proposals=((0.0, 1.0),), n=10, runs=2000)[0]
    >>> abs(row["mean"] - 1.0) < 4 * row["mean_se"], round(row["formula"], 4)  # q = p: sd sqrt(2/n)
    (True, 0.4472)
    """
    n = as_count(n, "n", minimum=1)
    runs = as_count(runs, "runs", minimum=2)
    rows = []
    for (mu_q, sd_q), stream in zip(proposals, _row_seeds(seed, len(proposals))):
        x = np.random.default_rng(stream).normal(mu_q, sd_q, size=(runs, n))
        log_w = _normal_logpdf(x, 0.0, 1.0) - _normal_logpdf(x, mu_q, sd_q)
        est = np.mean(x * x * np.exp(log_w), axis=1)
        sd = float(est.std())
        fourth = float(np.mean((est - est.mean()) ** 4))
        rows.append({"mu_q": mu_q, "sd_q": sd_q, "mean": float(est.mean()),
                     "mean_se": sd / math.sqrt(runs), "sd": sd,
                     "sd_se": math.sqrt(max(fourth - sd ** 4, 0.0)) / (2 * sd * math.sqrt(runs)),
                     "formula": math.sqrt((gaussian_weight_moments(mu_q, sd_q)[1] - 1.0) / n)})
    return rows


@functools.lru_cache(maxsize=4)
def _snis_bias_rows(ns, runs, mu_q, sd_q, scale, seed):
    m0, m2 = gaussian_weighted_moment(mu_q, sd_q, 0), gaussian_weighted_moment(mu_q, sd_q, 2)
    rows = []
    for n, child in zip(ns, _row_seeds(seed, len(ns))):
        rng = np.random.default_rng(child)
        plain, selfn = np.empty(runs), np.empty(runs)
        step = max(1, 2 ** 21 // n)                      # runs per block: bounded memory
        for r0 in range(0, runs, step):
            r1 = min(runs, r0 + step)
            z = rng.standard_normal((r1 - r0, n))
            x = mu_q + sd_q * z
            # log p(x) - log q(x), p = N(0, 1), q = N(mu_q, sd_q²)
            w = scale * sd_q * np.exp(-0.5 * (x * x - z * z))
            wf = w * x * x
            plain[r0:r1] = wf.mean(axis=1)
            selfn[r0:r1] = wf.sum(axis=1) / w.sum(axis=1)
        rows.append({"n": n, "plain": float(plain.mean()),
                     "plain_se": float(plain.std(ddof=1) / math.sqrt(runs)),
                     "bias": float(selfn.mean() - 1.0),
                     "bias_se": float(selfn.std(ddof=1) / math.sqrt(runs)),
                     "predicted": (1.0 * m0 - m2) / n})
    return tuple(rows)


def self_normalised_bias_rows(ns=(2, 5, 20, 100, 400), runs=100_000, mu_q=1.0, sd_q=1.0,
                              scale=7.0, seed=1):
    """Bias of self-normalised IS of ``E_p[X²] = 1``, ``p = N(0, 1)``, against its leading term.

    The target is handed to the sampler as ``scale · p`` (known only up to a
    constant); ``runs`` estimates are made for each sample size ``N`` from
    the proposal ``q = N(mu_q, sd_q²)``.  Every ``N`` has its own independent
    stream of random numbers (``SeedSequence(seed).spawn``), so the rows are
    independent of one another.

    Parameters
    ----------
    ns : sequence of int
        Sample sizes (each ≥ 1).
    runs : int
        Independent estimates per size (≥ 2).
    mu_q, sd_q : float
        The proposal (``sd_q² > 1/2``, so that the moments are finite).
    scale : float
        The unknown constant (> 0) multiplying the target.
    seed : int
        Seed of the draws.

    Returns
    -------
    list of dict
        Per ``N``: ``plain`` (mean plain estimate, which tends to ``scale``)
        and ``plain_se``; ``bias`` (mean self-normalised estimate minus 1)
        and ``bias_se`` (its standard error); ``predicted``, the leading term
        ``(μ E_q[w²] - E_q[w² f]) / N`` from the closed-form moments
        (``-e/N`` for the default proposal).

    Raises
    ------
    ValueError
        Invalid sizes, ``runs < 2``, ``sd_q² ≤ 1/2`` or ``scale ≤ 0``.

    Examples
    --------
    >>> row = self_normalised_bias_rows(ns=(50,), runs=200)[0]
    >>> round(row["predicted"] * 50 / math.e, 12)      # -e/N
    -1.0
    """
    ns = tuple(as_count(n, "ns", minimum=1) for n in ns)
    runs = as_count(runs, "runs", minimum=2)
    mu_q = as_scalar(mu_q, "mu_q")
    sd_q = as_scalar(sd_q, "sd_q", minimum=0.0, strict=True)
    if sd_q * sd_q <= 0.5:
        raise ValueError(f"sd_q must be > 1/sqrt(2) so that E_q[w²] is finite, got {sd_q:g}")
    scale = as_scalar(scale, "scale", minimum=0.0, strict=True)
    return [dict(r) for r in _snis_bias_rows(ns, runs, mu_q, sd_q, scale, int(seed))]


_ESS_PROPOSALS = ((0.0, 1.0), (0.0, 1.4), (1.0, 1.0), (0.0, 0.8), (2.5, 0.5))


def ess_rows(proposals=_ESS_PROPOSALS, n=1000, runs=200, seed=2):
    """Effective sample size against its limit, and Kong's rule against the true error.

    Target ``p = N(0, 1)``, ``f(x) = x²`` (``μ = 1``, ``Var_p f = 2``).

    Parameters
    ----------
    proposals : sequence of (mean, sd)
        Gaussian proposals.
    n : int
        Samples per run (≥ 2).
    runs : int
        Runs per proposal (≥ 2).
    seed : int
        Seed of the draws; every proposal gets its own independent stream
        (``SeedSequence(seed).spawn``).

    Returns
    -------
    list of dict
        Per proposal: ``mu_q``, ``sd_q``; ``ess_frac`` and ``ess_frac_se``,
        the mean of ``ESS / N`` over the runs and its standard error;
        ``limit = 1 / E_q[w²]`` (0 when ``E_q[w²] = ∞``); and, from closed-form
        moments, ``sd_plain = sqrt((E_q[w² f²] - μ²) / N)`` (plain IS),
        ``sd_self = sqrt(E_q[w² (f - μ)²] / N)`` (self-normalised IS, to first
        order) and ``sd_kong = sqrt(Var_p f · E_q[w²] / N)``, what Kong's rule
        ``Var_p f / ESS`` predicts with the ESS at its limit.

    Examples
    --------
    >>> row = ess_rows(proposals=((0.0, 1.0),), n=50, runs=3)[0]
    >>> row["ess_frac"], row["limit"], round(row["sd_kong"] ** 2 * 50, 12)
    (1.0, 1.0, 2.0)
    """
    n = as_count(n, "n", minimum=2)
    runs = as_count(runs, "runs", minimum=2)
    rows = []
    proposals = tuple(proposals)
    for (mu_q, sd_q), child in zip(proposals, _row_seeds(seed, len(proposals))):
        mu_q = as_scalar(mu_q, "mean of a proposal")
        sd_q = as_scalar(sd_q, "sd of a proposal", minimum=0.0, strict=True)
        x = np.random.default_rng(child).normal(mu_q, sd_q, size=(runs, n))
        lw = _normal_logpdf(x, 0.0, 1.0) - _normal_logpdf(x, mu_q, sd_q)
        frac = np.array([effective_sample_size(r) for r in lw]) / n
        m = [gaussian_weighted_moment(mu_q, sd_q, k) for k in (0, 2, 4)]
        rows.append({"mu_q": mu_q, "sd_q": sd_q, "ess_frac": float(frac.mean()),
                     "ess_frac_se": float(frac.std(ddof=1) / math.sqrt(runs)),
                     "limit": 1.0 / m[0],
                     "sd_plain": math.sqrt((m[2] - 1.0) / n),
                     "sd_self": (math.sqrt((m[2] - 2.0 * m[1] + m[0]) / n)
                                 if math.isfinite(m[0]) else math.inf),
                     "sd_kong": math.sqrt(2.0 * m[0] / n)})
    return rows


def _moments_row(f, proposal, formula, values):
    mean, var = float(values.mean()), float(values.var())
    m4 = float(((values - mean) ** 4).mean())
    return {"f": f, "proposal": proposal, "variance": formula, "sim_variance": var,
            "sim_variance_se": math.sqrt(max(m4 - var * var, 0.0) / values.size),
            "sim_mean": mean, "sim_mean_se": math.sqrt(var / values.size)}


def optimal_proposal_rows(n=100_000, seed=7):
    """Per-draw variance ``N · Var[μ̂_N]`` of plain IS for ``p = N(0, 1)``: ``q = p``, the best
    ``q = N(0, s²)``, and the optimal ``q* ∝ |f| p``, for ``f = x²`` and for ``f = x``.

    The formula column is ``E_q[w² f²] - μ²``; for ``q*`` it is
    ``(∫|f| p)² - μ²`` (0 for ``f = x² ≥ 0``, ``2/π`` for ``f = x``).  The
    simulated columns come from ``n`` draws of each proposal (``q*`` is
    sampled as ``±sqrt(χ²_3)`` for ``x² φ(x)`` and ``±sqrt(χ²_2)`` for
    ``|x| φ(x) / sqrt(2/π)``, random signs).

    Parameters
    ----------
    n : int
        Draws per proposal (≥ 2).
    seed : int
        Seed.

    Returns
    -------
    list of dict
        ``f``, ``proposal`` (a label), ``variance`` (formula),
        ``sim_variance`` ± ``sim_variance_se`` and ``sim_mean`` ±
        ``sim_mean_se`` (the mean of ``w f``, which estimates ``μ``).

    Examples
    --------
    >>> rows = optimal_proposal_rows(n=1000)
    >>> [(r["f"], r["proposal"][:2], round(r["variance"], 4)) for r in rows][2]
    ('x²', 'q*', 0.0)
    """
    from scipy.optimize import minimize_scalar
    n = as_count(n, "n", minimum=2)
    rng = np.random.default_rng(seed)
    rows = []
    for name, k, mu, star_df, star_norm in (("x²", 2, 1.0, 3, 1.0),
                                          ("x", 1, 0.0, 2, math.sqrt(2.0 / math.pi))):
        def var(s, k=k, mu=mu):
            return gaussian_weighted_moment(0.0, s, 2 * k) - mu * mu
        best = minimize_scalar(var, bounds=(0.75, 5.0), method="bounded").x
        for label, s in (("q = p", 1.0), (f"best N(0, s²): s = {best:.2f}", best)):
            x = s * rng.standard_normal(n)
            w = np.exp(_normal_logpdf(x, 0.0, 1.0) - _normal_logpdf(x, 0.0, s))
            rows.append(_moments_row(name, label, var(s), w * x ** k))
        x = np.sqrt(rng.chisquare(star_df, n)) * rng.choice([-1.0, 1.0], n)
        q_star = np.abs(x) ** k * np.exp(_normal_logpdf(x, 0.0, 1.0)) / star_norm
        w = np.exp(_normal_logpdf(x, 0.0, 1.0)) / q_star
        rows.append(_moments_row(name, "q* ∝ |f| p", star_norm ** 2 - mu * mu, w * x ** k))
    return rows


def tail_proposal(eps=1e-6, threshold=3.0, rel_sd=0.1):
    """The tail probability ``μ = P(X > threshold)``, ``X ~ N(0, 1)``: a proposal with a huge
    ``D_KL(p‖q)`` that is nearly perfect for this ``f``.

    Proposal ``q = eps · p + (1 - eps) · p(· | X > threshold)``, ``f = 1{x > threshold}``.
    All numbers are closed forms: ``q(X > t) = eps μ + 1 - eps``;
    ``D_KL(p‖q) = (1 - μ) ln(1/eps) - μ ln(eps + (1 - eps)/μ)`` nats; the relative
    variance of one draw ``E_q[w² f²]/μ² - 1 = 1/q(X > t) - 1``; the divergence of the
    tilted target ``p_f = f p / μ`` from ``q``, ``-ln q(X > t)`` nats.  For comparison,
    ``q = p`` (``D_KL = 0``) has relative variance ``(1 - μ)/μ`` per draw.

    Parameters
    ----------
    eps : float
        Mixing weight of ``p`` in ``q``, ``0 < eps < 1``.
    threshold : float
        The tail's threshold ``t``.
    rel_sd : float
        Target relative standard deviation (> 0) for the sample sizes returned.

    Returns
    -------
    dict
        ``mu``, ``kl`` (nats), ``law = exp(kl)``, ``rel_sd_one`` (relative sd of
        one draw from ``q``), ``kl_tilted`` (nats), ``n_q`` and ``n_p`` (draws from
        ``q`` and from ``p`` for relative sd ``rel_sd``) and ``rel_sd_p_one``.

    Examples
    --------
    >>> t = tail_proposal()
    >>> round(t["kl"], 1), t["rel_sd_one"] < 1e-2, round(t["kl_tilted"] * 1e6, 3)
    (13.8, True, 0.999)
    """
    from scipy.stats import norm
    eps = as_scalar(eps, "eps", minimum=0.0, strict=True)
    if eps >= 1.0:
        raise ValueError(f"eps must be < 1, got {eps:g}")
    t = as_scalar(threshold, "threshold")
    rel_sd = as_scalar(rel_sd, "rel_sd", minimum=0.0, strict=True)
    mu = float(norm.sf(t))
    q_tail = eps * mu + 1.0 - eps
    kl = (1.0 - mu) * math.log(1.0 / eps) - mu * math.log(eps + (1.0 - eps) / mu)
    rel_var_q, rel_var_p = 1.0 / q_tail - 1.0, (1.0 - mu) / mu
    return {"mu": mu, "kl": kl, "law": math.exp(kl), "rel_sd_one": math.sqrt(rel_var_q),
            "kl_tilted": -math.log(q_tail), "n_q": max(1, math.ceil(rel_var_q / rel_sd ** 2)),
            "n_p": math.ceil(rel_var_p / rel_sd ** 2), "rel_sd_p_one": math.sqrt(rel_var_p)}


def _is_runs(mean, sd, n, reps, seed):
    """Log-weights of the first run and the plain / self-normalised estimates of every run."""
    z = _standard_draws(n, reps, seed)
    x = mean + sd * z
    # log p(x) - log q(x) with p = N(0, 1), q = N(mean, sd²)
    lw = math.log(sd) - 0.5 * (x * x - z * z)
    f = x * x
    plain = np.array([importance_sampling(f[r], lw[r]) for r in range(reps)])
    selfn = np.array([importance_sampling(f[r], lw[r], self_normalized=True) for r in range(reps)])
    return lw[0], plain, selfn


_EXPLORER_SIZE = (10.0, 3.4)
_EXPLORER_ADJUST = dict(left=0.04, right=0.98, bottom=0.16, top=0.80, wspace=0.36)


@functools.lru_cache(maxsize=4)
def _explorer_background(n, reps):
    """The static part of :func:`importance_sampling_explorer` as an RGBA image, and its axes.

    Returns ``(image, axes)`` with ``axes`` a list of ``(position, xlim, ylim)``
    for the three panels, in figure coordinates.
    """
    fig = new_figure("background", *_EXPLORER_SIZE, **_EXPLORER_ADJUST)
    ax0, ax1, ax2 = fig.subplots(1, 3)
    ax0.fill_between(_X, _P_X, color=MUTED, alpha=0.5, lw=0, label="target p = N(0, 1)")
    ax0.plot([], [], color=PLAIN_COLOR, lw=2.0, label="proposal q")  # drawn per frame
    ax0.set(xlim=(_X[0], _X[-1]), ylim=(0, 1.25), xlabel="x", yticks=[])
    ax0.legend(loc="upper left", fontsize=8, frameon=False)
    ax1.axvline(0.0, color="k", lw=0.8, ls=":")
    ax1.set(xlim=(_LOG10_BINS[0], _LOG10_BINS[-1]), ylim=(0, n), xlabel="log10 of the weight",
            ylabel="samples")
    ax2.axvline(1.0, color="k", lw=1.0)
    ax2.text(1.04, 1.75, "truth E_p[X²] = 1", fontsize=8, va="center")
    ax2.set(xlim=_EST_RANGE, ylim=(-0.5, 1.9), yticks=[0, 1],
            yticklabels=["self-\nnormalised", "plain"], xlabel=f"estimate of E_p[X²], {reps} runs")
    ax2.tick_params(axis="y", labelsize=8)
    axes = (ax0, ax1, ax2)
    return bake(fig, axes)


def importance_sampling_explorer(mean=1.0, sd=1.0, *, n=1000, reps=40, seed=0, fig=None):
    """Importance sampling of ``E_p[X²] = 1`` under ``p = N(0, 1)`` with a proposal ``q = N(mean, sd²)``.

    Left, the target ``p`` (grey) and the proposal ``q`` (blue).  Middle, the
    histogram of ``log10`` of the ``n`` importance weights ``w = p(x)/q(x)``
    of one run (weights beyond the axis are counted in the outermost bars),
    with Kong's effective sample size.  Right, ``reps`` independent runs of
    ``n`` samples each: the plain estimates (blue, top row) and the
    self-normalised ones (orange, bottom row) against the truth 1 (estimates
    beyond the axis are drawn at its edge).  The title gives ``D_KL(p‖q)`` in
    nats and ``exp(D_KL)``, the Chatterjee–Diaconis sample size for the
    normaliser ``E_p[1]`` (not for ``E_p[X²]``, whose best proposal differs).

    The standard normal draws are made once per ``(n, reps, seed)`` and shifted
    and scaled for each proposal, so moving a slider changes the picture
    smoothly.  Everything that does not depend on ``q`` (axes, ticks, labels,
    the target) is rendered once into a background image; a redraw draws only
    ``q``, the histogram, the estimates and the titles over it.

    Parameters
    ----------
    mean, sd : float
        Mean and standard deviation (> 0) of the proposal ``q``.
    n : int
        Samples per run.
    reps : int
        Number of independent runs in the right panel.
    seed : int
        Seed of the draws.
    fig : Figure, optional
        A figure returned by an earlier call, to be updated in place.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with ``fig.infobook_alt`` describing it.

    Raises
    ------
    ValueError
        Non-finite ``mean``, non-positive ``sd``, or ``n``/``reps`` < 2.

    Examples
    --------
    With the proposal equal to the target every weight is 1 and the KL divergence 0.

    >>> fig = importance_sampling_explorer(mean=0.0, sd=1.0, n=200, reps=5)
    >>> fig.infobook_alt.split(". ")[0]
    'Importance sampling of E_p[X²] = 1 under p = N(0, 1) with proposal q = N(0.00, 1.00²), D_KL(p‖q) = 0.00 nats'
    """
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    n = as_count(n, "n", minimum=2)
    reps = as_count(reps, "reps", minimum=2)
    lw, plain, selfn = _is_runs(mean, sd, n, reps, seed)
    ess = effective_sample_size(lw)
    kl_nats = gaussian_kl_divergence(0.0, 1.0, mean, sd, base=None)
    law = math.exp(kl_nats)
    log10w = np.clip(lw / math.log(10.0), _LOG10_BINS[0] + 1e-9, _LOG10_BINS[-1] - 1e-9)
    counts, _ = np.histogram(log10w, bins=_LOG10_BINS)
    lo, hi = _EST_RANGE
    rows = np.arange(reps)
    jitter = 0.12 * ((rows * 0.618034) % 1.0 - 0.5)  # fixed vertical spread, no randomness
    qx = normal_pdf(_X, mean, sd)
    art = reusable(fig, "importance_sampling_explorer")
    if art is None or art["shape"] != (n, reps, seed):
        image, axes = _explorer_background(n, reps)
        fig, overlay = overlay_figure("importance_sampling_explorer", image, axes,
                                      *_EXPLORER_SIZE, **_EXPLORER_ADJUST)
        art = fig.infobook_artists
        art["shape"] = (n, reps, seed)
        ax0, ax1, ax2 = overlay
        art["q"], = ax0.plot(_X, qx, color=PLAIN_COLOR, lw=2.0)
        # panel titles as figure texts at fixed places: an axes title costs a layout per draw
        heads = [fig.text((pos.x0 + pos.x1) / 2, pos.y1 + 0.02, "", ha="center", va="bottom",
                          fontsize=10) for pos, _, _ in axes]
        heads[0].set_text("densities")
        art["bars"] = ax1.stairs(counts, _LOG10_BINS, fill=True, color=PLAIN_COLOR, alpha=0.8)
        art["plain"], = ax2.plot(np.clip(plain, lo, hi), 1.0 + jitter, "o", ms=3.5,
                                 color=PLAIN_COLOR)
        art["self"], = ax2.plot(np.clip(selfn, lo, hi), jitter, "o", ms=3.5, color=SELF_COLOR)
        art["ess"], art["spread"] = heads[1], heads[2]
        art["title"] = fig.suptitle("", fontsize=11)
        # drawn anew per redraw; the background and the first panel's title are cached
        set_dynamic(fig, [art[k] for k in ("q", "bars", "plain", "self", "ess", "spread", "title")])
    else:
        art["q"].set_ydata(qx)
        art["bars"].set_data(values=counts)
        art["plain"].set_xdata(np.clip(plain, lo, hi))
        art["self"].set_xdata(np.clip(selfn, lo, hi))
    art["counts"] = counts
    art["ess"].set_text(f"weights of one run: ESS = {ess:.0f} of {n}")
    art["spread"].set_text(f"plain: mean {plain.mean():.2f}, sd {plain.std():.2f}")
    art["title"].set_text(
        f"q = N({mean:.2f}, {sd:.2f}²):   D_KL(p‖q) = {kl_nats:.2f} nats,   "
        f"exp(KL) = {law:.3g} samples,   N = {n} per run"
    )
    fig.infobook_alt = (
        f"Importance sampling of E_p[X²] = 1 under p = N(0, 1) with proposal q = N({mean:.2f}, "
        f"{sd:.2f}²), D_KL(p‖q) = {kl_nats:.2f} nats. Histogram of the log10 weights of one run of "
        f"{n} samples: effective sample size {ess:.0f}. Over {reps} runs the plain estimates have "
        f"mean {plain.mean():.2f} and standard deviation {plain.std():.2f}; the self-normalised "
        f"ones mean {selfn.mean():.2f} and standard deviation {selfn.std():.2f}."
    )
    return fig


def variance_sample_count(weight_second_moment, abs_error=0.1):
    """Samples the variance formula asks for: ``(2/π) (E_q[w²] - 1) / ε²``.

    For large ``N`` the plain estimate of the normaliser, ``μ̂_N(1) - 1``, is
    about normal with variance ``Var_q(w) / N = (E_q[w²] - 1) / N`` (central
    limit theorem, when ``E_q[w²] < ∞``), and a normal variable of standard
    deviation ``σ`` has mean absolute value ``σ √(2/π)``.  Setting
    ``√(2/π) σ = ε`` gives this count; ``E_q[w²] - 1`` is ``χ²(p‖q)``.

    Parameters
    ----------
    weight_second_moment : float
        ``E_q[w²] ≥ 1`` (may be ``inf``).
    abs_error : float
        The target mean absolute error ``ε > 0``.

    Returns
    -------
    float
        The count (``inf`` when ``E_q[w²]`` is infinite).

    Raises
    ------
    ValueError
        ``weight_second_moment`` below 1 or not a number, ``abs_error`` not positive.

    Examples
    --------
    >>> variance_sample_count(1.0)                 # q = p: every weight is 1
    0.0
    >>> round(variance_sample_count(1.0 + math.pi / 2, abs_error=0.1), 9)   # (2/π)(π/2)/0.01
    100.0
    """
    eps = as_scalar(abs_error, "abs_error", minimum=0.0, strict=True)
    if isinstance(weight_second_moment, (int, float)) and weight_second_moment == math.inf:
        return math.inf
    m2 = as_scalar(weight_second_moment, "weight_second_moment", minimum=1.0)
    return 2.0 / math.pi * (m2 - 1.0) / (eps * eps)


_SHIFTS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
_WIDTHS = (2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0)


@functools.lru_cache(maxsize=4)
def _sample_size_rows(rel_error, reps, n_max, seed):
    rows = []
    proposals = [("shifted", v, 1.0) for v in _SHIFTS] + [("wider", 0.0, v) for v in _WIDTHS]
    for (family, mu_q, sd_q), child in zip(proposals, _row_seeds(seed, len(proposals))):
        kl = gaussian_kl_divergence(0.0, 1.0, mu_q, sd_q, base=None)
        res = samples_needed(gaussian_log_weight_sampler(mu_q, sd_q), rel_error=rel_error,
                             n_max=n_max, reps=reps, seed=child)
        before = len(res.errors) >= 2
        rows.append({"family": family, "mu_q": mu_q, "sd_q": sd_q, "kl": kl,
                     "law": math.exp(kl), "n_needed": res.n_needed,
                     "n_interpolated": res.n_interpolated,
                     "n_variance": variance_sample_count(gaussian_weighted_moment(mu_q, sd_q, 0),
                                                         rel_error),
                     "error": float(res.errors[-1]), "error_se": float(res.errors_se[-1]),
                     "error_before": float(res.errors[-2]) if before else math.nan,
                     "error_before_se": float(res.errors_se[-2]) if before else math.nan})
    return tuple(rows)


def sample_size_rows(rel_error=0.1, reps=256, n_max=2 ** 18, seed=0):
    """Measured samples needed by plain IS for two families of Gaussian proposals.

    Target ``p = N(0, 1)``; proposals ``q = N(μ, 1)`` for ``μ`` in 0.5 … 3
    ("shifted") and ``q = N(0, σ²)`` for ``σ`` in 2 … 128 ("wider").  For each,
    :func:`infolib.samples_needed` finds the smallest ``N = 1, 2, 4, …`` at
    which the mean absolute error ``mean |Ẑ_N - 1|`` of the plain IS estimate
    of ``E_p[1] = 1`` over ``reps`` runs is at most ``rel_error``, and the
    interpolated crossing point.  Each proposal has its own independent
    random numbers (``SeedSequence(seed).spawn``).

    Parameters
    ----------
    rel_error : float
        Target mean absolute error.
    reps : int
        Runs per sample size.
    n_max : int
        Largest sample size tried.
    seed : int
        Seed of the draws.

    Returns
    -------
    list of dict
        One dict per proposal: ``family``, ``mu_q``, ``sd_q``, ``kl``
        (``D_KL(p‖q)`` in nats), ``law`` (``exp(kl)``), ``n_needed`` (None if
        ``n_max`` was not enough), ``n_interpolated`` (see
        :class:`infolib.SampleSizeSearch`), ``n_variance`` (the count
        :func:`variance_sample_count` of the closed-form ``E_q[w²]``),
        ``error`` ± ``error_se``: the mean
        absolute error at the last size tried and its standard error, and
        ``error_before`` ± ``error_before_se`` at the size before it (``nan``
        if there is none).  Results are cached.

    Examples
    --------
    The first shifted proposal, N(0.5, 1), is KL = 0.5²/2 = 0.125 nats from the target:

    >>> row = sample_size_rows(reps=8, n_max=2 ** 12)[0]
    >>> row["family"], row["kl"], round(row["law"], 4)  # law = exp(0.125)
    ('shifted', 0.125, 1.1331)
    """
    return [dict(r) for r in _sample_size_rows(float(rel_error), int(reps), int(n_max), int(seed))]


@functools.lru_cache(maxsize=4)
def _pair_sample_size_rows(rhos, rel_error, reps, n_max, seed):
    rows = []
    for rho, child in zip(rhos, _row_seeds(seed, len(rhos))):
        def draw(rng, n, rho=rho):         # log-weights at independent pairs (x, y)
            x, y = rng.standard_normal(n), rng.standard_normal(n)
            return gaussian_pair_pmi(x, y, rho)
        res = samples_needed(draw, rel_error=rel_error, n_max=n_max, reps=reps, seed=child)
        mi = gaussian_mutual_information(rho, base=None)
        before = len(res.errors) >= 2
        rows.append({"rho": rho, "mi": mi, "law": math.exp(mi), "n_needed": res.n_needed,
                     "n_interpolated": res.n_interpolated,
                     "n_variance": variance_sample_count(1.0 / (1.0 - rho * rho), rel_error),
                     "error": float(res.errors[-1]), "error_se": float(res.errors_se[-1]),
                     "error_before": float(res.errors[-2]) if before else math.nan,
                     "error_before_se": float(res.errors_se[-2]) if before else math.nan})
    return tuple(rows)


def pair_sample_size_rows(rhos=(0.5, 0.9, 0.99, 0.999), rel_error=0.1, reps=256, n_max=2 ** 19,
                          seed=5):
    """Measured pairs from the product of marginals that the normaliser over it needs.

    Target: a standard Gaussian pair with correlation ``ρ``; proposal: the
    product of its marginals, so the log-weight is the pointwise mutual
    information and ``D_KL = I(X; Y) = -ln(1 - ρ²)/2`` nats.  For each ``ρ``,
    :func:`infolib.samples_needed` finds where the mean absolute error of the
    plain estimate of the normaliser ``E_{p(x)p(y)}[w] = 1`` over ``reps``
    runs falls to ``rel_error``.  Each ``ρ`` has its own random numbers
    (``SeedSequence(seed).spawn``).

    Parameters
    ----------
    rhos : sequence of float
        Correlations in ``(-1, 1)``.
    rel_error, reps, n_max, seed
        As in :func:`sample_size_rows`.

    Returns
    -------
    list of dict
        One dict per ``ρ``: ``rho``, ``mi`` (nats), ``law`` (``e^{mi}``),
        ``n_variance`` (:func:`variance_sample_count` of
        ``E_{p(x)p(y)}[w²] = 1/(1 - ρ²) = e^{2 mi}``) and the keys
        ``n_needed``, ``n_interpolated``, ``error``, ``error_se``,
        ``error_before``, ``error_before_se`` of :func:`sample_size_rows`.
        Results are cached.

    Raises
    ------
    ValueError
        A correlation outside ``(-1, 1)``.

    Examples
    --------
    >>> row = pair_sample_size_rows(rhos=(0.6,), reps=8, n_max=2 ** 10)[0]
    >>> round(row["mi"], 12) == round(-0.5 * math.log(0.64), 12), round(row["law"], 4)
    (True, 1.25)
    """
    rhos = tuple(as_scalar(r, "rhos") for r in rhos)
    if any(not -1.0 < r < 1.0 for r in rhos):
        raise ValueError("rhos: every correlation must lie in (-1, 1)")
    return [dict(r) for r in _pair_sample_size_rows(rhos, float(rel_error), int(reps), int(n_max),
                                                    int(seed))]


def sample_size_figure(rel_error=0.1, reps=256, n_max=2 ** 18, seed=0, *, fig=None):
    """Samples needed by plain IS against ``KL(p‖q)``, on a log scale, with ``exp(KL)``.

    Parameters are those of :func:`sample_size_rows`; ``fig`` is an earlier
    figure of this function to redraw.

    Examples
    --------
    >>> fig = sample_size_figure(reps=8, n_max=2 ** 12)
    >>> fig.infobook_alt[:51]
    'Samples needed by plain importance sampling (log sc'
    """
    rows = sample_size_rows(rel_error, reps, n_max, seed)
    if reusable(fig, "sample_size_figure") is not None:
        fig.clear()
    else:
        fig = new_figure("sample_size_figure", 6.4, 3.6, left=0.12, right=0.97, bottom=0.14,
                         top=0.90)
    ax = fig.subplots()
    kl_grid = np.linspace(0.0, max(r["kl"] for r in rows) * 1.05, 100)
    ax.plot(kl_grid, np.exp(kl_grid), color=MUTED, ls="--", lw=1.5, label="exp(KL)")
    ax.plot(kl_grid, 50 * np.exp(kl_grid), color=MUTED, ls=":", lw=1.5, label="50 · exp(KL)")
    for family, color, marker in (("wider", PLAIN_COLOR, "o"), ("shifted", SELF_COLOR, "s")):
        sel = [r for r in rows if r["family"] == family and r["n_needed"] is not None]
        label = "q = N(0, σ²), σ = 2 … 128" if family == "wider" else "q = N(μ, 1), μ = 0.5 … 3"
        ax.plot([r["kl"] for r in sel], [r["n_interpolated"] for r in sel], marker=marker,
                color=color, lw=1.2, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="KL(p‖q) in nats", ylabel="samples needed (interpolated)")
    ax.set_title(f"plain IS of E_p[1] within {rel_error:g} on average, p = N(0, 1)", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    wide = [r for r in rows if r["family"] == "wider" and r["n_needed"]]
    fig.infobook_alt = (
        "Samples needed by plain importance sampling (log scale) against KL(p‖q) in nats, for "
        "proposals wider than the target and proposals shifted from it, with the lines exp(KL) "
        f"and 50 exp(KL). For the widest proposal, KL = {wide[-1]['kl']:.2f} nats and about "
        f"{wide[-1]['n_interpolated']:.0f} samples were needed; the shifted proposals need more "
        "than the wider ones at the same KL."
    )
    return fig


def _infonce_batches(rho, n, batches, rng):
    """InfoNCE (bits) with the pmi critic on ``batches`` independent batches of ``n`` joint pairs.

    With ``S_ij = pmi(x_i, y_j) = c - a(x_i) - b(y_j) + k x_i y_j`` (``k = ρ/(1 - ρ²)``,
    ``b(y) = ρ² y² / (2(1 - ρ²))``) the terms ``c - a(x_i)`` cancel in
    ``S_ii - log Σ_j exp S_ij``, so each row needs only ``k x_i y_j - b(y_j)``:
    the same numbers as :func:`infolib.infonce` with
    :func:`infolib.gaussian_pair_pmi` as critic, at a fraction of the work.
    """
    one = 1.0 - rho * rho
    k, half = rho / one, rho * rho / (2.0 * one)
    out = np.empty(batches)
    cells = 2 ** 18                                   # score-matrix entries per block (cache)
    step = max(1, cells // (n * n))                   # batches per block
    rows = max(1, min(n, cells // n))                 # rows i per block
    for b0 in range(0, batches, step):
        b1 = min(batches, b0 + step)
        x = rng.standard_normal((b1 - b0, n))
        y = rho * x + math.sqrt(one) * rng.standard_normal((b1 - b0, n))
        by = half * y * y
        terms = np.empty_like(x)
        for i0 in range(0, n, rows):
            i1 = min(n, i0 + rows)
            m = (k * x[:, i0:i1])[:, :, None] * y[:, None, :]      # (batch, i, j)
            m -= by[:, None, :]
            top = m.max(axis=2)
            m -= top[:, :, None]
            np.exp(m, out=m)
            terms[:, i0:i1] = top + np.log(m.sum(axis=2))
        terms = (k * x * y - by) - terms
        est = np.minimum(math.log(n) + terms.mean(axis=1), math.log(n))
        out[b0:b1] = est / math.log(2.0)
    return out


_INFONCE_BATCHES = {2: 4000, 8: 4000, 32: 2000, 128: 400, 512: 100, 2048: 25}


@functools.lru_cache(maxsize=4)
def _infonce_rows(bits, sizes, batches, seed):
    rho = math.sqrt(1.0 - 2.0 ** (-2.0 * bits))  # I = -½ log2(1 - ρ²) = bits
    rows = []
    for n, k, child in zip(sizes, batches, _row_seeds(seed, len(sizes))):
        est = _infonce_batches(rho, n, k, np.random.default_rng(child))
        sd = float(np.std(est, ddof=1)) if k > 1 else math.nan
        rows.append({"n": n, "log2_n": infonce_upper_bound(n), "infonce": float(np.mean(est)),
                     "infonce_se": sd / math.sqrt(k), "batch_sd": sd, "batches": k,
                     "mi": gaussian_mutual_information(rho)})
    return rho, tuple(rows)


def infonce_rows(bits=5.0, sizes=(2, 8, 32, 128, 512, 2048), batches=None, seed=10):
    """InfoNCE with the optimal critic (the pointwise MI) on a Gaussian pair with ``I = bits``.

    Parameters
    ----------
    bits : float
        True mutual information of the pair, in bits (> 0).
    sizes : sequence of int
        Batch sizes ``N`` (each ≥ 2).
    batches : int, sequence of int or None
        Independent batches of ``N`` joint pairs averaged per size: one number
        for every size, one per size, or None for 4000 batches at ``N ≤ 8``,
        2000 at 32, 400 at 128, 100 at 512 and 25 at 2048 (and
        ``max(25, 2**20 // N**1.5)`` at other sizes).
    seed : int
        Seed; every size gets its own independent stream
        (``SeedSequence(seed).spawn``).

    Returns
    -------
    (float, list of dict)
        The correlation ``ρ`` and, per size, ``n``, ``log2_n`` (the ceiling),
        ``infonce`` (mean estimate over the batches, bits), ``infonce_se`` (its
        standard error; ``nan`` for one batch), ``batch_sd`` (the standard
        deviation of one batch's estimate), ``batches`` and ``mi`` (the truth,
        bits).

    Examples
    --------
    Three bits of mutual information need ``1 - ρ² = 2⁻⁶``; every estimate stays
    below the ceiling ``log2 N``:

    >>> rho, rows = infonce_rows(bits=3.0, sizes=(4, 64), batches=200)
    >>> round(rho, 5), [(r["n"], r["log2_n"], r["infonce"] < r["log2_n"]) for r in rows]
    (0.99216, [(4, 2.0, True), (64, 6.0, True)])
    """
    bits = as_scalar(bits, "bits", minimum=0.0, strict=True)
    sizes = tuple(as_count(n, "sizes", minimum=2) for n in sizes)
    if batches is None:
        batches = tuple(_INFONCE_BATCHES.get(n, max(25, int(2 ** 20 // n ** 1.5)))
                        for n in sizes)
    elif np.ndim(batches) == 0:
        batches = (as_count(batches, "batches", minimum=1),) * len(sizes)
    else:
        batches = tuple(as_count(k, "batches", minimum=1) for k in batches)
        if len(batches) != len(sizes):
            raise ValueError(f"batches must give one count per size ({len(sizes)}), "
                             f"got {len(batches)}")
    rho, rows = _infonce_rows(bits, sizes, batches, int(seed))
    return rho, [dict(r) for r in rows]


def infonce_ceiling(bits=5.0, sizes=(2, 8, 32, 128, 512, 2048), batches=None, seed=10, *,
                    fig=None):
    """InfoNCE (optimal critic) against the batch size, under ``log2 N``, with the true MI.

    Parameters are those of :func:`infonce_rows`; ``fig`` is an earlier figure
    of this function to redraw.

    Examples
    --------
    >>> fig = infonce_ceiling(bits=3.0, sizes=(4, 64), batches=20)
    >>> fig.infobook_alt.split(": ")[-1][:46]
    'every estimate lies below the ceiling log2 N, '
    """
    rho, rows = infonce_rows(bits, sizes, batches, seed)
    if reusable(fig, "infonce_ceiling") is not None:
        fig.clear()
    else:
        fig = new_figure("infonce_ceiling", 6.4, 3.6, left=0.11, right=0.97, bottom=0.14,
                         top=0.90)
    ax = fig.subplots()
    n = np.array([r["n"] for r in rows])
    ax.plot(n, [r["log2_n"] for r in rows], color=MUTED, ls="--", lw=1.5,
            label="ceiling log2 N")
    ax.axhline(rows[0]["mi"], color="k", lw=1.0, label=f"true I(X;Y) = {rows[0]['mi']:.1f} bits")
    ax.plot(n, [r["infonce"] for r in rows], "o-", color=PLAIN_COLOR, lw=1.5,
            label="InfoNCE, best critic")
    ax.set_xscale("log", base=2)
    ax.set(xlabel="batch size N", ylabel="bits", ylim=(0, max(rows[-1]["log2_n"], bits) + 1))
    counts = sorted({r["batches"] for r in rows})
    many = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
    ax.set_title(f"Gaussian pair with ρ = {rho:.5f}, mean of {many} batches", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    last = rows[-1]
    fig.infobook_alt = (
        f"InfoNCE estimates with the pointwise mutual information as critic, for batch sizes "
        f"{n[0]} to {n[-1]}, on a Gaussian pair with {rows[0]['mi']:.1f} bits of mutual "
        f"information: every estimate lies below the ceiling log2 N, and at N = {last['n']} "
        f"it is {last['infonce']:.2f} bits against a ceiling of {last['log2_n']:.0f} bits."
    )
    return fig
