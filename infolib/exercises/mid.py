"""Checks for the chapter "Why mutual information matters: maximally informative dimensions".

The coding exercises: the information per spike of a projection, binned on a
grid fixed in standard-deviation units (the hard-binned estimate of
:func:`infolib.info_per_spike`); the length of the spike-triggered average of a
sharp threshold on white noise (derived on paper); the cosine of the
decorrelated STA with the filter on a recording; the information per spike of a
two-level neuron (derived on paper); and the maximally informative direction of
a two-dimensional stimulus found by a search over a grid of angles.
"""
import functools
import hashlib
import math
from typing import Callable

import numpy as np
import scipy.integrate
from scipy.special import ndtr

from ..mid import (ModelNeuron, cosine_similarity, info_per_spike, simulate_neuron,
                   spike_triggered_average, stimulus_ensemble)
from ._core import Case, Check, Hint, evaluate, in_log10, in_nats, memo, register

__all__ = ["check_info_per_spike", "check_sta_length", "check_dsta_cosine",
           "check_two_level_info", "check_mid_angle"]

#: The helpers that make a check's data (recordings, model neurons): a learner may call them.
DATA_HELPERS = ("simulate_neuron", "stimulus_ensemble", "model_filter", "ModelNeuron.rate",
                "ModelNeuron.respond")


_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _phi(z):
    """The standard normal density at a float (written out: scipy.stats.norm.pdf costs ~50 µs a
    call inside quad, and importing scipy.stats costs ~0.8 s in every learner's kernel)."""
    return _INV_SQRT_2PI * math.exp(-0.5 * z * z)


def _sqrtm(cov):
    """The symmetric square root of a symmetric positive semi-definite matrix (by eigh)."""
    w, v = np.linalg.eigh(cov)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T


class _Answer(float):
    """A right answer carrying the usual wrong answers on its input, so that hints can name them."""

    def __new__(cls, value, **wrong):
        obj = super().__new__(cls, value)
        obj.wrong = wrong
        return obj


def _is(name, tol=1e-6):
    """A hint's test: ``got`` is the wrong answer ``name`` carried by ``expected`` (and that
    wrong answer differs from the right one)."""
    def test(got, expected):
        value = getattr(expected, "wrong", {}).get(name)
        if value is None or not math.isfinite(got) or not math.isfinite(value):
            return value is not None and got == value and value != expected
        scale = max(1.0, abs(value))
        return abs(value - expected) > tol * scale and abs(got - value) <= tol * scale
    return test

BINS, SPAN = 25, 5.0


def _reference(x, spikes):
    """The estimate the exercise asks for; its inputs need a spike and a non-constant ``x``
    (the statement says so, and no case breaks it)."""
    x, spikes = np.asarray(x, float), np.asarray(spikes, float)
    if not spikes.sum() > 0 or not x.std() > 0:
        raise ValueError("the information per spike needs at least one spike and a projection "
                         "that is not constant")
    return info_per_spike([1.0], np.asarray(x, float)[:, None], spikes, bins=BINS, span=SPAN,
                          smooth=False)


@functools.lru_cache(maxsize=1)
def _cases() -> tuple:
    """Seeded projections and spike counts (fixed, so hints can recognise each case)."""
    out = [(np.array([-1.0, 0.0, 1.0, 2.0]), np.array([0.0, 0.0, 0.0, 1.0]),
            "four frames, one spike in the last, x =")]
    rec = simulate_neuron("white", frames=3000, dims=4, threshold=1.5, seed=5)
    out.append((rec.stimuli @ rec.filter, rec.spikes,
                "a white-noise projection onto the true filter (Bernoulli spikes), x ="))
    poisson = ModelNeuron(rec.filter, threshold=1.0, width=0.4, peak=3.0, spiking="poisson")
    out.append((rec.stimuli @ rec.filter, poisson.respond(rec.stimuli, seed=6),
                "the same projection with Poisson counts (up to several spikes a frame), x ="))
    nat = simulate_neuron("natural", frames=3000, dims=6, threshold=2.0, sparsity=0.05, seed=7)
    out.append((nat.stimuli @ nat.filter, nat.spikes,
                "a heavy-tailed natural-like projection (values beyond 5 sd), x ="))
    rng = np.random.default_rng(8)
    v = rng.standard_normal(6)
    out.append((nat.stimuli @ v, nat.spikes,
                "the natural-like stimulus projected onto a random direction, x ="))
    out.append((rng.standard_normal(2000), (rng.random(2000) < 0.05).astype(float),
                "spikes independent of the projection, x ="))
    return tuple(Case((x, n), about) for x, n, about in out)


@functools.lru_cache(maxsize=None)
def _variant_table(variant) -> tuple:
    """``(answer, variant(x, spikes))`` for every case, computed once (a verdict tries each
    hint on every wrong input: recomputing both for all cases each time took 0.8 s)."""
    return tuple((_reference(*case.args), variant(*case.args)) for case in _cases())


def _matches_variant(variant):
    """A hint's test: ``got`` equals ``variant(x, spikes)`` on the case whose answer is ``expected``."""
    def test(got, expected):
        for answer, value in _variant_table(variant):
            if abs(answer - expected) < 1e-12:
                if abs(value - expected) > 1e-6 and abs(got - value) < 1e-6 * max(1.0, abs(value)):
                    return True
        return False
    return test


def _kl_bits(q, p):
    keep = q > 0
    return float(np.sum(q[keep] * np.log2(q[keep] / p[keep])))


def _unweighted(x, spikes):
    """Frames with a spike counted once, whatever their count."""
    z = (x - x.mean()) / x.std()
    b = np.rint((np.clip(z, -SPAN, SPAN) + SPAN) / (2 * SPAN / (BINS - 1))).astype(int)
    p = np.bincount(b, minlength=BINS) / x.size
    q = np.bincount(b[spikes > 0], minlength=BINS) / np.count_nonzero(spikes)
    return _kl_bits(q, p)


def _min_max(x, spikes):
    """25 equal-width bins from the smallest to the largest projection (np.histogram)."""
    edges = np.histogram_bin_edges(x, bins=BINS)
    p = np.histogram(x, edges)[0] / x.size
    q = np.histogram(x, edges, weights=spikes)[0] / spikes.sum()
    return _kl_bits(q, p)


def _reversed(x, spikes):
    """Σ p log(p/q) over bins where both are positive (the divergence the wrong way round)."""
    z = (x - x.mean()) / x.std()
    b = np.rint((np.clip(z, -SPAN, SPAN) + SPAN) / (2 * SPAN / (BINS - 1))).astype(int)
    p = np.bincount(b, minlength=BINS) / x.size
    q = np.bincount(b, weights=spikes, minlength=BINS) / spikes.sum()
    keep = (p > 0) & (q > 0)
    return float(np.sum(p[keep] * np.log2(p[keep] / q[keep])))


register(Check(
    name="info_per_spike",
    points=3,
    task="Information per spike, in bits (25 bins on ±5 sd)",
    cases=_cases,
    reference=_reference,
    atol=1e-9,
    rtol=1e-7,
    forbidden=("mid.projection_bins",),
    allowed=DATA_HELPERS,
    hints=(
        Hint(lambda g, e: math.isnan(g) or math.isinf(g),
             "nan or inf comes from bins where q_b = 0 (skip them: 0·log 0 = 0) or p_b = 0"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_matches_variant(_unweighted), "a frame with several spikes must count once per "
             "spike: weight each frame by its spike count when you build q_b"),
        Hint(_matches_variant(_min_max), "these are bins spread from the smallest to the largest "
             "projection; fix the grid in standard deviations instead (centres from −5 to +5 sd, "
             "values beyond ±5 sd in the end bins), or a few outlying frames squash all the others "
             "into a couple of bins"),
        Hint(_matches_variant(_reversed), "this is Σ p log(p/q), the divergence the wrong way "
             "round: the information per spike is Σ q_b log2(q_b / p_b), weighted by the spike-"
             "triggered distribution q"),
        Hint(lambda g, e: g < 0, "information per spike is a KL divergence and never negative: "
             "check that you divide q_b by p_b, not the other way round"),
    ),
))


def check_info_per_spike(fn: Callable) -> None:
    """Check ``fn(x, spikes) -> float``: the information per spike of projections ``x``, in bits,
    with 25 bins whose centres run from −5 to +5 standard deviations; prints a verdict.

    Examples
    --------
    A function that ignores the data fails, and the verdict says where:

    >>> check_info_per_spike(lambda x, spikes: 0.0)
    ✗ Information per spike, in bits (25 bins on ±5 sd): 0 of 6 test inputs right, 0 of 3 points (all must be right).
      First problem: for four frames, one spike in the last, x = [-1.,  0.,  1.,  2.] the answer is 2, your function returned 0.
      (5 more inputs fail.)
    """
    print(evaluate("info_per_spike", fn))


# ---------------------------------------------------------------------------
# The spike-triggered average of a sharp threshold on white noise (derived on paper)
# ---------------------------------------------------------------------------
def _sta_length(theta, sigma):
    """σ E[Z | Z > θ] for Z standard normal, by numerical integration (not the closed form)."""
    theta, sigma = float(theta), float(sigma)
    density = _phi
    mean_above = scipy.integrate.quad(lambda z: z * density(z), theta, math.inf,
                                      epsabs=0.0, epsrel=1e-12, limit=200)[0]
    mass_above = scipy.integrate.quad(density, theta, math.inf, epsabs=0.0, epsrel=1e-12,
                                      limit=200)[0]
    phi, sf, cdf = density(theta), float(ndtr(-theta)), float(ndtr(theta))
    return _Answer(sigma * mean_above / mass_above, no_division=sigma * phi,
                   no_sigma=phi / sf, sigma_squared=sigma ** 2 * phi / sf,
                   below=sigma * phi / cdf, decorrelated=phi / (sigma * sf),
                   threshold=sigma * theta)


def _sta_length_cases():
    grid = [(0.0, 1.0), (2.5, 1.0), (-2.0, 1.0), (1.0, 0.5), (1.5, 3.0), (4.0, 2.0), (-0.5, 0.2),
            (0.8, 1.7)]
    return [Case((np.float64(t), np.float64(s)), f"σ = {s:g} and θ =") for t, s in grid]


register(Check(
    name="sta_length",
    points=2,
    task="Length of the STA of a sharp threshold on white noise",
    cases=_sta_length_cases,
    reference=_sta_length,
    atol=1e-9,
    rtol=1e-7,
    hints=(
        Hint(_is("no_division"), "this is E[N U] without dividing by E[N] = P(spike) = 1 − Φ(θ): "
             "the STA is an average over the spikes, so divide by their probability"),
        Hint(_is("below"), "you divided by Φ(θ), the probability of *no* spike; the spikes are the "
             "frames with U > θσ, of probability 1 − Φ(θ)"),
        Hint(_is("no_sigma"), "this is the answer for σ = 1: the projection U = k·S has standard "
             "deviation σ, so E[U | U > θσ] = σ E[Z | Z > θ]"),
        Hint(_is("sigma_squared"), "this has σ² where σ belongs: U = k·S has variance σ² but "
             "standard deviation σ, and E[U | U > θσ] = σ E[Z | Z > θ]"),
        Hint(_is("decorrelated"), "this is the length of the decorrelated STA C⁻¹·STA; the exercise "
             "asks for the STA itself"),
        Hint(_is("threshold"), "θσ is where the spikes start; their average projection lies above "
             "it: E[U | U > θσ] = σ φ(θ)/(1 − Φ(θ)) > θσ"),
    ),
))


def check_sta_length(fn: Callable) -> None:
    """Check ``fn(theta, sigma) -> float``: the length of the limit of the spike-triggered
    average of a neuron that spikes exactly when ``k·s > θσ``, on white Gaussian noise of
    pixel standard deviation ``σ`` (``k`` a unit vector); prints a verdict.

    Examples
    --------
    >>> from scipy.stats import norm
    >>> check_sta_length(lambda theta, sigma: sigma * norm.pdf(theta) / norm.sf(theta))
    ✓ Length of the STA of a sharp threshold on white noise: correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("sta_length", fn))


# ---------------------------------------------------------------------------
# The cosine of the decorrelated STA with the filter, on a recording
# ---------------------------------------------------------------------------
def _cos(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def _dsta_cosine(k, stimuli, spikes):
    dsta = spike_triggered_average(stimuli, spikes, decorrelate=True)
    s, n, k = np.asarray(stimuli, float), np.asarray(spikes, float), np.asarray(k, float)
    mean = s.mean(axis=0)
    cov = (s - mean).T @ (s - mean) / len(s)
    sta = n @ s / n.sum() - mean
    once = (n > 0) @ s / np.count_nonzero(n) - mean
    right = cosine_similarity(dsta, k)
    return _Answer(right, raw=_cos(sta, k), no_mean=_cos(np.linalg.solve(cov, n @ s / n.sum()), k),
                   once=_cos(np.linalg.solve(cov, once), k), absolute=abs(right),
                   half=_cos(np.linalg.solve(_sqrtm(cov), sta), k),
                   uncentred=_cos(np.linalg.solve(s.T @ s / len(s), sta), k), flipped=-right)


@functools.lru_cache(maxsize=1)
def _dsta_cases() -> tuple:
    """Seeded recordings (fresh: not the one the exercise text gives)."""
    out = []
    s = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    out.append((np.array([1.0, 0.0]), s, np.array([2.0, 0.0, 1.0, 0.0]),
                "four frames with three spikes, k ="))
    for about, kw in [
            ("a correlated Gaussian recording, 20,000 frames, threshold 2 sd",
             dict(ensemble="gaussian", frames=20_000, dims=8, threshold=2.0, seed=31)),
            ("a natural-like recording, 20,000 frames, threshold 2.5 sd",
             dict(ensemble="natural", frames=20_000, dims=8, threshold=2.5, seed=32)),
            ("a correlated Gaussian recording with Poisson counts (several spikes a frame)",
             dict(ensemble="gaussian", frames=5_000, dims=6, threshold=1.0, peak=3.0,
                  spiking="poisson", seed=33)),
            ("a correlated Gaussian recording of 10,000 frames with few spikes, in 24 dimensions",
             dict(ensemble="gaussian", frames=10_000, dims=24, threshold=2.5, seed=37))]:
        rec = simulate_neuron(**kw)
        out.append((rec.filter, rec.stimuli, rec.spikes, about + ", k ="))
    rec = simulate_neuron("gaussian", frames=20_000, dims=8, threshold=1.5, seed=34)
    offset = np.linspace(2.0, 5.0, 8)                   # frames with a non-zero mean
    out.append((rec.filter, rec.stimuli + offset, rec.spikes,
                "a correlated Gaussian recording whose frames have a non-zero mean, k ="))
    rec = simulate_neuron("natural", frames=20_000, dims=8, threshold=2.0, seed=35)
    out.append((-rec.filter, rec.stimuli, rec.spikes,
                "a natural-like recording, the filter given with the opposite sign, k ="))
    rng = np.random.default_rng(38)
    s = rng.standard_normal((20_000, 8))
    k = rec.filter
    even = ModelNeuron([1.0], threshold=2.0).respond(np.abs(s @ k)[:, None], seed=rng)
    out.append((k, s, even, "white noise and an even neuron (it fires for ±k), k ="))
    return tuple(Case((k, s, n), about) for k, s, n, about in out)


register(Check(
    name="dsta_cosine",
    points=3,
    task="Cosine of the decorrelated STA with the filter",
    cases=_dsta_cases,
    reference=_dsta_cosine,
    atol=1e-9,
    rtol=1e-7,
    allowed=DATA_HELPERS,
    hints=(
        Hint(_is("raw"), "this is the cosine of the raw STA; decorrelate it first: "
             "np.linalg.solve(C, sta), with C the covariance of the frames"),
        Hint(_is("no_mean"), "subtract the average frame s̄ from the spike-weighted average of the "
             "frames (these frames do not have mean zero)"),
        Hint(_is("once"), "weight each frame by its spike count: a frame with two spikes counts "
             "twice in the STA"),
        Hint(_is("half"), "you divided by C^{1/2} (whitening); the decorrelated STA is C⁻¹·STA"),
        Hint(_is("uncentred"), "use the covariance of the frames, (s − s̄)ᵀ(s − s̄)/T, not the "
             "second moment sᵀs/T (the frames do not have mean zero)"),
        Hint(_is("absolute"), "the cosine is signed: a filter given as −k points the other way, "
             "and the cosine is negative; do not take its absolute value"),
        Hint(_is("flipped"), "the sign is wrong: the cosine of a and b is a·b / (|a| |b|)"),
        Hint(lambda g, e: abs(g) > 1 + 1e-9, "a cosine lies in [−1, 1]: divide a·k by both "
             "lengths, |a| |k|"),
    ),
))


def check_dsta_cosine(fn: Callable) -> None:
    """Check ``fn(k, stimuli, spikes) -> float``: the cosine of the decorrelated spike-triggered
    average ``C⁻¹·STA`` of a recording with the filter ``k`` (signed); prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def dsta_cosine(k, stimuli, spikes):
    ...     centred = stimuli - stimuli.mean(axis=0)
    ...     sta = spikes @ centred / spikes.sum()
    ...     dsta = np.linalg.solve(centred.T @ centred / len(stimuli), sta)
    ...     return float(dsta @ k / np.linalg.norm(dsta) / np.linalg.norm(k))
    >>> check_dsta_cosine(dsta_cosine)
    ✓ Cosine of the decorrelated STA with the filter: correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("dsta_cosine", fn))


# ---------------------------------------------------------------------------
# The information per spike of a two-level neuron (derived on paper)
# ---------------------------------------------------------------------------
def _plogp(x):
    return x * math.log2(x) if x > 0 else 0.0


def _two_level_info(theta, a, b):
    """I_spike(k) by numerical integration of ∫ φ(u) L(u) log2 L(u) du, L = r(u)/P(spike)."""
    theta, a, b = float(theta), float(a), float(b)
    density = _phi
    quad = functools.partial(scipy.integrate.quad, epsabs=1e-14, epsrel=1e-12, limit=200)
    above = quad(density, theta, math.inf)[0]
    below = quad(density, -math.inf, theta)[0]
    p = a * above + b * below
    info = (quad(lambda u: density(u) * _plogp(a / p), theta, math.inf)[0]
            + quad(lambda u: density(u) * _plogp(b / p), -math.inf, theta)[0])
    h = lambda x: -_plogp(x) - _plogp(1 - x)           # binary entropy, bits
    frame = h(p) - above * h(a) - below * h(b)         # I(R; U), the information per frame
    # D(P_U ‖ P_U|spike): infinite when a level is 0 (the spike-triggered law misses that side)
    reversed_ = (-above * math.log2(a / p) - below * math.log2(b / p)) if a > 0 and b > 0 else math.inf
    return _Answer(info, above_only=above * _plogp(a / p), per_frame=frame, spikes_part=p * info,
                   reversed=reversed_, ratio=above * _plogp(a / b) if b > 0 else math.inf)


def _two_level_cases():
    grid = [(2.5, 1.0, 0.0), (0.0, 0.5, 0.1), (1.0, 0.9, 0.05), (-1.0, 0.2, 0.1),
            (1.5, 0.3, 0.3), (0.5, 0.0, 0.4), (3.0, 1.0, 0.01), (-2.0, 0.02, 0.9)]
    return [Case((np.float64(t), np.float64(a), np.float64(b)), f"a = {a:g}, b = {b:g} and θ =")
            for t, a, b in grid]


register(Check(
    name="two_level_info",
    points=3,
    task="Information per spike of a two-level neuron, in bits",
    cases=_two_level_cases,
    reference=_two_level_info,
    atol=1e-9,
    rtol=1e-7,
    hints=(
        Hint(in_nats, "this is the answer in nats; use log2 for bits"),
        Hint(_is("above_only"), "this keeps only the frames above threshold; the spikes below "
             "threshold (probability b each) carry information too: add their term"),
        Hint(_is("per_frame"), "this is I(R; U), the information per frame of spike and silence "
             "together; the information per spike is the KL divergence of the spike-triggered "
             "law of U from its law over all frames"),
        Hint(_is("spikes_part"), "this is P(spike)·I_spike, the part of the information per frame "
             "that the spikes carry; divide by P(spike)"),
        Hint(_is("reversed"), "this is D(P_U ‖ P_U|spike), the divergence the wrong way round; "
             "weight by the spike-triggered law"),
        Hint(_is("ratio"), "the density ratio is r(u)/P(spike), not a/b: divide each level by the "
             "overall spike probability P(spike) = a(1 − Φ(θ)) + bΦ(θ)"),
        Hint(lambda g, e: g < 0, "information per spike is a KL divergence and never negative"),
    ),
))


def check_two_level_info(fn: Callable) -> None:
    """Check ``fn(theta, a, b) -> float``: the information per spike, in bits, along the filter
    of a neuron that spikes with probability ``a`` when ``U > θ`` and ``b`` otherwise, ``U``
    standard normal; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import norm
    >>> def two_level_info(theta, a, b):
    ...     pi = np.array([norm.sf(theta), norm.cdf(theta)])
    ...     ratio = np.array([a, b]) / (pi @ [a, b])
    ...     keep = ratio > 0
    ...     return float(np.sum(pi[keep] * ratio[keep] * np.log2(ratio[keep])))
    >>> check_two_level_info(two_level_info)
    ✓ Information per spike of a two-level neuron, in bits: correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("two_level_info", fn))


# ---------------------------------------------------------------------------
# Maximally informative dimensions in two dimensions, by a search over angles
# ---------------------------------------------------------------------------
def _unit(angle_deg):
    t = np.radians(angle_deg)
    return np.array([np.cos(t), np.sin(t)])


def _angle_infos(directions, s, n, span=SPAN):
    """The 25-bin hard estimate along every column of ``directions`` (2 × angles) at once, with
    bins spread from the smallest to the largest projection if ``span`` is None (vectorised;
    for the hints)."""
    x = s @ directions
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    if span is None:
        lo, hi = z.min(axis=0), z.max(axis=0)
        b = np.minimum(((z - lo) / (hi - lo) * BINS).astype(int), BINS - 1)
    else:
        b = np.rint((np.clip(z, -span, span) + span) / (2 * span / (BINS - 1))).astype(int)
    m = directions.shape[1]
    idx = (b + BINS * np.arange(m)).ravel()
    p = np.bincount(idx, minlength=BINS * m).reshape(-1, BINS) / len(s)
    q = np.bincount(idx, weights=np.repeat(n, m), minlength=BINS * m).reshape(-1, BINS) / n.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, q * np.log2(q / p), 0.0)
    return terms.sum(axis=1)


def _nearest(angles, direction):
    """The grid angle nearest to ``direction`` as an axis (angles mod 180°)."""
    target = math.degrees(math.atan2(direction[1], direction[0])) % 180.0
    gap = np.abs((angles - target + 90.0) % 180.0 - 90.0)
    return float(angles[int(np.argmin(gap))])


_MID_MEMO = memo()


def _mid_angle(angles, stimuli, spikes):
    angles, s, n = (np.asarray(a, float) for a in (angles, stimuli, spikes))
    if not np.all((angles >= 0.0) & (angles < 180.0)) or not n.sum() > 0:
        # the statement's range: each axis once, so θ and θ + 180° never tie on rounding
        raise ValueError("the angles must lie in [0°, 180°) and the recording needs a spike")
    key = hashlib.sha1(b"".join(np.ascontiguousarray(a).tobytes() for a in (angles, s, n))).hexdigest()
    if key not in _MID_MEMO:
        values = np.array([info_per_spike(_unit(t), s, n, smooth=False) for t in angles])
        best = int(np.argmax(values))

        def best_of(directions, span=SPAN):
            return float(angles[int(np.argmax(_angle_infos(directions, s, n, span)))])

        sta = spike_triggered_average(s, n)
        dsta = spike_triggered_average(s, n, decorrelate=True)
        _MID_MEMO[key] = (float(angles[best]), dict(
            radians=math.radians(angles[best]), index=float(best),
            smallest=float(angles[int(np.argmin(values))]), sta=_nearest(angles, sta),
            dsta=_nearest(angles, dsta),
            swapped=best_of(np.stack([np.sin(np.radians(angles)), np.cos(np.radians(angles))])),
            degrees_in_cos=best_of(np.stack([np.cos(angles), np.sin(angles)])),
            min_max=best_of(_unit(angles), span=None)))
    value, wrong = _MID_MEMO[key]
    return _Answer(value, **wrong)


def _two_d_recording(ensemble, frames, angle, threshold, seed, spiking="bernoulli", peak=1.0,
                     even=False):
    """2-D frames and the spikes of a threshold neuron whose filter points at ``angle`` degrees."""
    rng = np.random.default_rng(seed)
    s = stimulus_ensemble(ensemble, frames, dims=2, sparsity=0.3, seed=rng)
    k = _unit(angle)
    u = s @ k
    drive = (np.abs(u) if even else u)[:, None]
    neuron = ModelNeuron([1.0], threshold=threshold, scale=float(u.std()), peak=peak,
                         spiking=spiking)
    return s, neuron.respond(drive, seed=rng)


@functools.lru_cache(maxsize=1)
def _mid_cases() -> tuple:
    """Seeded two-dimensional recordings, each with its grid of angles (short grids, so that a
    verdict can print them)."""
    shuffled = np.random.default_rng(20261211).permutation(np.arange(120.0, 180.0, 3.0))
    out = [
        (np.arange(16.0, 56.0, 2.0), *_two_d_recording("natural", 10_000, 30.0, 2.0, 20261206),
         "natural-like frames, filter at 30°, angles ="),
        (np.arange(0.0, 180.0, 10.0), *_two_d_recording("gaussian", 10_000, 124.0, 2.0, 20261207),
         "correlated Gaussian frames, filter at 124°, angles ="),
        (np.arange(60.5, 90.0, 1.5), *_two_d_recording("white", 10_000, 75.0, 1.0, 20261208,
                                                       "poisson", 3.0),
         "white noise, Poisson counts, filter at 75°, angles ="),
        (shuffled, *_two_d_recording("white", 10_000, 150.0, 2.0, 20261209, even=True),
         "white noise, an even neuron (fires for ±k), filter at 150°, the angles in random "
         "order ="),
        (np.arange(0.0, 180.0, 15.0), *_two_d_recording("natural", 3_000, 62.0, 2.5, 20261210),
         "a short natural-like recording, filter at 62°, angles ="),
    ]
    return tuple(Case((a, s, n), about) for a, s, n, about in out)


register(Check(
    name="mid_angle",
    points=5,
    task="The maximally informative direction in two dimensions, in degrees",
    cases=_mid_cases,
    reference=_mid_angle,
    atol=1e-9,
    rtol=1e-9,
    forbidden=("info_per_spike", "fit_mid", "mid.projection_bins"),
    allowed=DATA_HELPERS,
    hints=(
        Hint(_is("radians"), "this is the right direction in radians; return the angle in degrees, "
             "one of the angles you were given"),
        Hint(_is("index"), "this is the position of the best angle in the array; return the angle "
             "itself, angles[i]"),
        Hint(_is("degrees_in_cos"), "np.cos and np.sin take radians: the direction of the angle θ "
             "degrees is (cos θ, sin θ) with θ converted by np.radians"),
        Hint(_is("swapped"), "the direction of the angle θ is v = (cos θ, sin θ), its first "
             "component the cosine; (sin θ, cos θ) is the angle 90° − θ"),
        Hint(_is("sta"), "this is the grid angle nearest the spike-triggered average, not the "
             "direction of largest information per spike"),
        Hint(_is("dsta"), "this is the grid angle nearest the decorrelated STA, not the direction "
             "of largest information per spike"),
        Hint(_is("min_max"), "these bins are spread from the smallest to the largest projection; "
             "use the grid fixed in standard deviations of the first exercise (25 bins on ±5 sd)"),
        Hint(_is("smallest"), "this is the direction with the *least* information per spike; "
             "take the largest (np.argmax)"),
    ),
))


def check_mid_angle(fn: Callable) -> None:
    """Check ``fn(angles, stimuli, spikes) -> float``: the angle (in degrees, one of ``angles``)
    of the direction ``(cos θ, sin θ)`` along which the hard 25-bin information per spike of
    two-dimensional ``stimuli`` is largest; prints a verdict.

    Examples
    --------
    A function that returns the first angle of the grid fails:

    >>> check_mid_angle(lambda angles, stimuli, spikes: float(angles[0]))
    ✗ The maximally informative direction in two dimensions, in degrees: 0 of 5 test inputs right, 0 of 5 points (all must be right).
      First problem: for natural-like frames, filter at 30°, angles = [16., 18., 20., 22., 24., 26., 28., 30., 32., 34., 36., 38., 40., 42., 44.,
     46., 48., 50., 52., 54.] the answer is 28, your function returned 16.
      (4 more inputs fail.)
    """
    print(evaluate("mid_angle", fn))
