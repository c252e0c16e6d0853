"""Checks for the chapter "Why mutual information matters: maximally informative dimensions".

The coding exercise: the information per spike of a projection, binned on a
grid fixed in standard-deviation units (the hard-binned estimate of
:func:`infolib.info_per_spike`).
"""
import functools
import math
from typing import Callable

import numpy as np

from ..mid import ModelNeuron, info_per_spike, simulate_neuron
from ._core import Case, Check, Hint, evaluate, in_log10, in_nats, register

__all__ = ["check_info_per_spike"]

BINS, SPAN = 25, 5.0


def _reference(x, spikes):
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


def _matches_variant(variant):
    """A hint's test: ``got`` equals ``variant(x, spikes)`` on the case whose answer is ``expected``."""
    def test(got, expected):
        for case in _cases():
            if abs(_reference(*case.args) - expected) < 1e-12:
                value = variant(*case.args)
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
    task="Information per spike, in bits (25 bins on ±5 sd)",
    cases=_cases,
    reference=_reference,
    atol=1e-9,
    rtol=1e-7,
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
    ✗ Information per spike, in bits (25 bins on ±5 sd): 0 of 6 test inputs right.
      First problem: for four frames, one spike in the last, x = [-1.,  0.,  1.,  2.] the answer is 2, your function returned 0.
      (5 more inputs fail.)
    """
    print(evaluate("info_per_spike", fn))
