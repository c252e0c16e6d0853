"""Checks for the chapter "Mutual information as a KL divergence"."""
import functools
import math
from typing import Callable

import numpy as np

from ..discrete import js_divergence, kl_divergence
from ._core import (Case, Check, Hint, evaluate, pmf_pair_cases, in_log10, in_nats, register,
                    show_array)
from ._core import Answer as _Answer, in_nats_signed, is_wrong

_is = is_wrong  # a hint's test: got is the named wrong answer

__all__ = ["check_kl_divergence", "check_js_divergence", "check_kl_monte_carlo",
           "check_kl_gaussian_laplace", "check_erasure_information"]


@functools.lru_cache(maxsize=1)
def _pmf_pair_cases() -> tuple:
    """Seeded pairs (p, q): equal, full support, zeros in p, q = 0 < p (infinite), sizes 1 to 8."""
    rng = np.random.default_rng(20261126)
    pairs = [
        ([0.5, 0.5], [0.5, 0.5], "two equal pmfs"),
        ([0.5, 0.5], [0.25, 0.75], "a fair and a biased coin"),
        ([1.0, 0.0], [0.5, 0.5], "a point mass against a fair coin"),
        ([0.5, 0.5], [1.0, 0.0], "the pair with q = 0 where p > 0"),
        ([1.0], [1.0], "a single outcome"),
        ([0.7, 0.2, 0.1, 0.0], [0.1, 0.2, 0.3, 0.4], "p with a zero entry"),
    ]
    return pmf_pair_cases(pairs, rng, sizes=(3, 4, 6, 8), zero_rate=0.25, q_floor=0.01,
                          label="random pmfs of length {n}")


def _swapped(got: float, expected: float) -> bool:
    """``got`` is KL(q ‖ p) for the case whose KL(p ‖ q) is ``expected``."""
    for case in _pmf_pair_cases():
        p, q = case.args
        if kl_divergence(p, q) != expected:
            continue
        reverse = kl_divergence(q, p)
        if math.isinf(reverse) and math.isinf(got) or (
                abs(got - reverse) <= 1e-7 * max(1.0, abs(reverse)) and abs(reverse - expected) > 1e-9):
            return True
    return False


register(Check(
    name="kl_divergence",
    points=3,
    task="KL divergence of two pmfs, in bits",
    cases=_pmf_pair_cases,
    reference=lambda p, q: kl_divergence(p, q),
    hints=(
        Hint(_swapped, "this is KL(q ‖ p): the arguments are swapped. KL(p ‖ q) = Σ p log2(p / q) "
             "averages over p, and it is not symmetric"),
        Hint(lambda g, e: math.isinf(e) and not math.isinf(g),
             "where q = 0 < p the divergence is infinite: p puts mass where q says it cannot "
             "happen. Return np.inf (math.inf) in that case, not nan or a finite number"),
        Hint(lambda g, e: math.isnan(g),
             "nan usually comes from 0·log 0 (or 0·log(0/q)): skip the outcomes where p = 0, "
             "their contribution is 0"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "KL divergence is never negative (Gibbs' inequality): check that "
             "you weight log(p / q) by p, not by q"),
    ),
))


def check_kl_divergence(fn: Callable) -> None:
    """Check a function ``fn(p, q) -> float`` that returns KL(p ‖ q) in bits; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def kl_bits(p, q):
    ...     m = p > 0
    ...     if np.any(q[m] == 0):
    ...         return np.inf
    ...     return float(np.sum(p[m] * np.log2(p[m] / q[m])))
    >>> check_kl_divergence(kl_bits)
    ✓ KL divergence of two pmfs, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("kl_divergence", fn))


# --- shared by the new checks -----------------------------------------------------------------







def _kl_plain(p, q):
    """KL(p ‖ q) in bits with plain numpy (for the hints' wrong answers)."""
    m = p > 0
    if np.any(q[m] == 0):
        return math.inf
    return float(np.sum(p[m] * np.log2(p[m] / q[m])))


# --- Jensen–Shannon divergence ----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _js_cases() -> tuple:
    """Seeded pairs (p, q): equal, disjoint, q = 0 < p, a point mass, zeros in both, sizes 1 to 9."""
    rng = np.random.default_rng(20261206)
    pairs = [
        ([0.5, 0.5], [0.9, 0.1], "a fair and a biased coin"),
        ([0.5, 0.5], [1.0, 0.0], "the pair with q = 0 where p > 0"),
        ([1.0, 0.0], [0.0, 1.0], "two point masses on different outcomes"),
        ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5], "two equal pmfs"),
        ([1.0], [1.0], "a single outcome"),
        ([0.6, 0.4, 0.0, 0.0], [0.0, 0.1, 0.3, 0.6], "pmfs that overlap on one outcome"),
    ]
    for n in (3, 5, 9):
        p, q = rng.gamma(0.8, size=n), rng.gamma(0.8, size=n)
        p[rng.random(n) < 0.3] = 0.0
        q[rng.random(n) < 0.3] = 0.0
        p[0] += 0.1
        q[-1] += 0.1
        pairs.append((p / p.sum(), q / q.sum(), f"random pmfs of length {n} with zeros in both"))
    return tuple(Case((np.asarray(p, float), np.asarray(q, float)),
                      f"{about}, q = {show_array(q)} and p =") for p, q, about in pairs)


def _js_reference(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    m = (p + q) / 2
    kl_pm, kl_qm = _kl_plain(p, m), _kl_plain(q, m)
    return _Answer(js_divergence(p, q),
                   no_half=kl_pm + kl_qm,
                   one_side=kl_pm,
                   unnormalised_m=_kl_plain(p, p + q) / 2 + _kl_plain(q, p + q) / 2,
                   symmetrised=(_kl_plain(p, q) + _kl_plain(q, p)) / 2)


register(Check(
    name="js_divergence",
    points=2,
    task="Jensen–Shannon divergence of two pmfs, in bits",
    cases=_js_cases,
    reference=_js_reference,
    forbidden=("js_divergence", "kl_divergence", "entropy", "cross_entropy", "mutual_information",
               "joint_entropy", "conditional_entropy"),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: in each KL term skip the "
             "outcomes where the first pmf is 0 (their contribution is 0)"),
        Hint(lambda g, e: math.isinf(g), "JS is always finite: compare p and q each with their "
             "average m = (p + q) / 2, which is > 0 wherever p or q is, not with each other"),
        Hint(_is("symmetrised"), "this is ½ KL(p ‖ q) + ½ KL(q ‖ p), the symmetrised KL: JS compares "
             "each pmf with the average m = (p + q) / 2"),
        Hint(_is("no_half"), "this is KL(p ‖ m) + KL(q ‖ m), twice JS: each of the two divergences "
             "has the weight ½"),
        Hint(_is("one_side"), "this is KL(p ‖ m) alone: add KL(q ‖ m), and weight each by ½"),
        Hint(_is("unnormalised_m"), "this is 1 bit less than JS: m = (p + q) / 2 is the average, "
             "p + q (which sums to 2) is not a pmf"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0 or g > 1, "JS lies between 0 and 1 bit: check that m is (p + q) / 2 "
             "and that each log-ratio is weighted by the pmf in front of it"),
    ),
))


def check_js_divergence(fn: Callable) -> None:
    """Check a function ``fn(p, q) -> float`` that returns JS(p, q) in bits; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def js_bits(p, q):
    ...     m = (p + q) / 2
    ...     def kl(a):
    ...         s = a > 0
    ...         return float(np.sum(a[s] * np.log2(a[s] / m[s])))
    ...     return 0.5 * kl(p) + 0.5 * kl(q)
    >>> check_js_divergence(js_bits)
    ✓ Jensen–Shannon divergence of two pmfs, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("js_divergence", fn))


# --- Monte Carlo estimate of D_KL(p ‖ q) from draws of the chapter's mixture -------------------

#: The chapter's mixture p (the widget's, ``mix`` in the notebook): weights, means, sds.
MIX_WEIGHTS, MIX_MEANS, MIX_SDS = (0.6, 0.4), (-2.0, 2.5), (0.7, 1.0)


def _log_normal(x, mu, sd):
    return -0.5 * ((x - mu) / sd) ** 2 - np.log(sd) - 0.5 * math.log(2 * math.pi)


def _log_mix(x, sds=MIX_SDS):
    parts = [math.log(w) + _log_normal(x, m, s) for w, m, s in zip(MIX_WEIGHTS, MIX_MEANS, sds)]
    return np.logaddexp(*parts)


def _draws(n, rng):
    k = rng.random(n) < MIX_WEIGHTS[0]
    return np.where(k, MIX_MEANS[0] + MIX_SDS[0] * rng.standard_normal(n),
                    MIX_MEANS[1] + MIX_SDS[1] * rng.standard_normal(n))


@functools.lru_cache(maxsize=1)
def _mc_cases() -> tuple:
    """Fresh seeded draws x from the mixture (n = 1 to 20 000) and Gaussians q = N(mu, sd²)."""
    rng = np.random.default_rng(20261207)
    cases = [(np.array([-2.0, 2.5, 0.0]), 0.0, 2.5, "three hand-picked points")]
    for n, mu, sd in [(1, 0.0, 2.5), (4, -2.0, 0.7), (50, 2.5, 1.0), (1000, 0.3, 2.2),
                      (20_000, -0.5, 1.5), (200, 4.0, 0.6)]:
        cases.append((_draws(n, rng), mu, sd, f"{n} draws from p"))
    return tuple(Case((x, float(mu), float(sd)), f"{about}, q = N({mu:g}, {sd:g}²), x =")
                 for x, mu, sd, about in cases)


def _mc_reference(x, mu, sd):
    x, mu, sd = np.asarray(x, dtype=float), float(mu), float(sd)
    log_p, log_q = _log_mix(x), _log_normal(x, mu, sd)
    right = float(np.mean(log_p - log_q)) / math.log(2)
    with np.errstate(all="ignore"):
        jensen = float(np.log2(np.mean(np.exp(log_p - log_q))))
    mixed_logs = sum(w * _log_normal(x, m, s) for w, m, s in zip(MIX_WEIGHTS, MIX_MEANS, MIX_SDS))
    return _Answer(right,
                   swapped=-right,
                   q_variance=float(np.mean(log_p - _log_normal(x, mu, math.sqrt(sd)))) / math.log(2),
                   p_variance=float(np.mean(_log_mix(x, tuple(math.sqrt(s) for s in MIX_SDS))
                                            - log_q)) / math.log(2),
                   both_variance=float(np.mean(_log_mix(x, tuple(math.sqrt(s) for s in MIX_SDS))
                                               - _log_normal(x, mu, math.sqrt(sd)))) / math.log(2),
                   jensen=jensen,
                   mixed_logs=float(np.mean(mixed_logs - log_q)) / math.log(2))


register(Check(
    name="kl_monte_carlo",
    points=3,
    task="Monte Carlo estimate of D_KL(p ‖ q) from draws of the mixture p, in bits",
    cases=_mc_cases,
    reference=_mc_reference,
    forbidden=("mixture_kl_monte_carlo", "mixture_kl_divergence", "kl_from_samples",
               "gaussian_kl_divergence", "GaussianMixture.logpdf", "GaussianMixture.pdf",
               "GaussianMixture._logpdf"),
    hints=(
        Hint(_is("swapped"), "this is minus the estimate: the log-ratio is log2 p(x) / q(x), "
             "averaged over the draws from p (you averaged log2 q(x) / p(x))"),
        Hint(in_nats_signed, "this is the answer in nats; use np.log2, or divide the natural log by "
             "ln 2"),
        Hint(_is("q_variance"), "q's sd was used as a variance: the density of N(mu, sd²) is "
             "exp(-(x - mu)² / (2 sd²)) / (sd √(2π))"),
        Hint(_is("p_variance"), "the mixture's sds were used as variances: component k has density "
             "exp(-(x - m_k)² / (2 s_k²)) / (s_k √(2π))"),
        Hint(_is("both_variance"), "the sds were used as variances, in p and in q: a Gaussian with "
             "sd s has exp(-(x - m)² / (2 s²)) / (s √(2π)) as its density"),
        Hint(_is("mixed_logs"), "this weights the logs of the components, Σ w_k log N(x; m_k, s_k²): "
             "the log of a mixture is log Σ w_k N(x; m_k, s_k²), the log of the weighted sum"),
        Hint(_is("jensen"), "this is log2 of the average ratio p(x) / q(x): average the log-ratios "
             "instead (the log of an average is not the average of the logs)"),
    ),
))


def check_kl_monte_carlo(fn: Callable) -> None:
    """Check a function ``fn(x, mu, sd) -> float`` that averages log2 p(x) / q(x) over the draws
    ``x`` from the chapter's mixture p, for q = N(mu, sd²); prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import norm
    >>> def kl_mc_bits(x, mu, sd):
    ...     p = 0.6 * norm.pdf(x, -2.0, 0.7) + 0.4 * norm.pdf(x, 2.5, 1.0)
    ...     return float(np.mean(np.log2(p / norm.pdf(x, mu, sd))))
    >>> check_kl_monte_carlo(kl_mc_bits)
    ✓ Monte Carlo estimate of D_KL(p ‖ q) from draws of the mixture p, in bits: correct on all 7 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("kl_monte_carlo", fn))


# --- derived on paper: D_KL(N(mu, sd²) ‖ Laplace(0, b)) ----------------------------------------

def _mean_abs_normal(mu, sd):
    """E|X| for X ~ N(mu, sd²) (the mean of the folded normal)."""
    return sd * math.sqrt(2 / math.pi) * math.exp(-mu * mu / (2 * sd * sd)) + mu * math.erf(
        mu / (sd * math.sqrt(2)))


@functools.lru_cache(maxsize=1)
def _laplace_cases() -> tuple:
    """A grid of (mu, sd, b): the best sd for mu = 0, narrow and wide q, far from and near 0."""
    rng = np.random.default_rng(20261208)
    grid = [(0.0, 1.0, 1.0), (0.0, math.sqrt(math.pi / 2), 1.0), (1.0, 1.0, 1.0),
            (-2.0, 0.5, 1.5), (3.0, 2.0, 0.5), (0.5, 0.1, 2.0), (-1.0, 3.0, 1.0), (6.0, 1.0, 4.0)]
    for _ in range(4):
        grid.append((float(rng.normal(0, 2)), float(rng.uniform(0.2, 3)), float(rng.uniform(0.3, 3))))
    return tuple(Case((np.float64(mu), np.float64(sd), np.float64(b)),
                      f"sd = {sd:.4g}, b = {b:.4g} and mu =") for mu, sd, b in grid)


def _laplace_reference(mu, sd, b):
    mu, sd, b = float(mu), float(sd), float(b)
    ln2 = math.log(2)
    neg_h = -0.5 * math.log(2 * math.pi * math.e * sd * sd)
    cross = math.log(2 * b) + _mean_abs_normal(mu, sd) / b
    right = (neg_h + cross) / ln2
    forward = (-(1 + math.log(2 * b)) + 0.5 * math.log(2 * math.pi * sd * sd)
               + (2 * b * b + mu * mu) / (2 * sd * sd)) / ln2
    return _Answer(right,
                   abs_mu=(neg_h + math.log(2 * b) + abs(mu) / b) / ln2,
                   centred=(neg_h + math.log(2 * b) + sd * math.sqrt(2 / math.pi) / b) / ln2,
                   cross=cross / ln2,
                   forward=forward,
                   variance=(-0.5 * math.log(2 * math.pi * math.e * sd) + math.log(2 * b)
                             + _mean_abs_normal(mu, math.sqrt(sd)) / b) / ln2)


register(Check(
    name="kl_gaussian_laplace",
    points=5,
    task="D_KL(N(mu, sd²) ‖ Laplace(0, b)) in closed form, in bits",
    cases=_laplace_cases,
    reference=_laplace_reference,
    hints=(
        Hint(in_nats, "this is the answer in nats; divide by ln 2 for bits"),
        Hint(_is("forward"), "this is the other direction, D_KL(Laplace(0, b) ‖ N(mu, sd²)): here "
             "the average is over the Gaussian q, of log q(x) / p(x)"),
        Hint(_is("cross"), "this is the cross entropy -E_q[log2 p(X)] alone: subtract the entropy of "
             "q, that is add E_q[log2 q(X)] = -½ log2(2πe sd²)"),
        Hint(_is("abs_mu"), "E|X| is not |mu|: for X ~ N(mu, sd²) the spread adds to it, "
             "E|X| = sd √(2/π) exp(-mu² / (2 sd²)) + mu erf(mu / (sd √2))"),
        Hint(_is("centred"), "sd √(2/π) is E|X| only when mu = 0: for mu ≠ 0, "
             "E|X| = sd √(2/π) exp(-mu² / (2 sd²)) + mu erf(mu / (sd √2))"),
        Hint(_is("variance"), "sd was used as a variance: X ~ N(mu, sd²) has variance sd²"),
        Hint(lambda g, e: g < 0, "a KL divergence is never negative (Gibbs' inequality): check the "
             "sign of each term"),
    ),
))


def check_kl_gaussian_laplace(fn: Callable) -> None:
    """Check a function ``fn(mu, sd, b) -> float`` that returns
    D_KL(N(mu, sd²) ‖ Laplace(0, b)) in bits, the Laplace density being ``exp(-|x| / b) / (2b)``;
    prints a verdict.

    Examples
    --------
    >>> import math
    >>> def kl_bits(mu, sd, b):
    ...     mean_abs = (sd * math.sqrt(2 / math.pi) * math.exp(-mu**2 / (2 * sd**2))
    ...                 + mu * math.erf(mu / (sd * math.sqrt(2))))
    ...     nats = -0.5 * math.log(2 * math.pi * math.e * sd**2) + math.log(2 * b) + mean_abs / b
    ...     return nats / math.log(2)
    >>> check_kl_gaussian_laplace(kl_bits)
    ✓ D_KL(N(mu, sd²) ‖ Laplace(0, b)) in closed form, in bits: correct on all 12 test inputs
      (within 1e-09 absolute, 1e-07 relative): 5 of 5 points.
    """
    print(evaluate("kl_gaussian_laplace", fn))


# --- derived on paper: the information an erasure channel lets through ------------------------

def _h2(a):
    """The binary entropy H_b(a) in bits, 0 at a = 0 and a = 1."""
    return 0.0 if a <= 0 or a >= 1 else -(a * math.log2(a) + (1 - a) * math.log2(1 - a))


@functools.lru_cache(maxsize=1)
def _erasure_cases() -> tuple:
    """A grid of (a, e): fair and biased inputs, no erasures, all erased, a constant input."""
    rng = np.random.default_rng(20261209)
    grid = [(0.11, 0.2), (0.5, 0.5), (0.9, 0.75), (0.5, 0.0), (0.3, 1.0), (0.0, 0.3),
            (0.25, 0.1), (0.97, 0.5)]
    grid += [(float(rng.uniform(0.02, 0.98)), float(rng.uniform(0.02, 0.98))) for _ in range(4)]
    return tuple(Case((np.float64(a), np.float64(e)), f"e = {e:.4g} and a =") for a, e in grid)


def _erasure_reference(a, e):
    a, e = float(a), float(e)
    return _Answer((1 - e) * _h2(a),
                   no_erasure=_h2(a),
                   fair_input=1 - e,
                   swapped=e * _h2(a),
                   bsc=_h2(a) - _h2(e),
                   output_entropy=_h2(e) + (1 - e) * _h2(a))


register(Check(
    name="erasure_information",
    points=3,
    task="I(X; Y) of a bit X with P(X = 1) = a sent through an erasure channel (erasure rate e), "
         "in bits",
    cases=_erasure_cases,
    reference=_erasure_reference,
    forbidden=("mutual_information", "kl_divergence", "entropy", "conditional_entropy",
               "joint_entropy", "pointwise_mutual_information", "js_divergence", "cross_entropy"),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan comes from 0·log 0: at a = 0 or a = 1 the input is "
             "certain, its entropy is 0, and so is what Y can tell about it"),
        Hint(_is("no_erasure"), "this is H(X), what Y would tell if nothing were erased: an erased "
             "output teaches nothing, D_KL(p_{X|Y=?} ‖ p_X) = 0, and it happens with probability e"),
        Hint(_is("fair_input"), "this is 1 - e, right only for a fair input bit (a = ½): an "
             "unerased output teaches log2 1/p(x) bits, whose average is H(X), not 1 bit"),
        Hint(_is("swapped"), "this weights H(X) by e, the probability of an erasure: an erasure is "
             "the output that teaches nothing, so the weight is 1 - e"),
        Hint(_is("bsc"), "this is H(X) - H_b(e), the form for a channel that flips bits: an erasure "
             "channel never flips a bit, it only hides some. What is left to know about X after "
             "Y = ?, and after Y = x?"),
        Hint(_is("output_entropy"), "this is H(Y), the entropy of the output (which includes the "
             "uncertainty about whether it is erased): subtract H(Y | X) = H_b(e)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
    ),
))


def check_erasure_information(fn: Callable) -> None:
    """Check a function ``fn(a, e) -> float`` that returns I(X; Y) in bits, for a bit X with
    P(X = 1) = a and Y = X except that with probability e (independently of X) Y is an erasure;
    prints a verdict.

    Examples
    --------
    >>> import math
    >>> def h2(a):
    ...     return 0.0 if a in (0, 1) else -(a * math.log2(a) + (1 - a) * math.log2(1 - a))
    >>> check_erasure_information(lambda a, e: (1 - e) * h2(a))
    ✓ I(X; Y) of a bit X with P(X = 1) = a sent through an erasure channel (erasure rate e), in bits: correct on all 12 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("erasure_information", fn))
