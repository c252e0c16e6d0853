"""Checks for the chapter "Estimating mutual information from data"."""
import functools
import math
from typing import Callable

import numpy as np

from ..discrete import entropy
from ..estimators import ksg_mutual_information, plugin_entropy, plugin_mutual_information
from ._core import Case, Check, Hint, evaluate, in_log10, in_nats, register
from ._core import Answer as _Answer, is_wrong

_is = is_wrong  # a hint's test: got is the named wrong answer

__all__ = ["check_plugin_entropy", "check_two_draw_entropy",
           "check_plugin_entropy_variance", "check_extrapolated_mi", "check_ksg"]


@functools.lru_cache(maxsize=1)
def _cases() -> tuple:
    """Seeded samples: constant, two equal halves, skewed, negative and sparse labels, random."""
    rng = np.random.default_rng(20261125)
    samples = [
        ([3, 3, 3, 3], "a constant sample"),
        ([0, 1, 0, 1], "a fair coin's sample"),
        ([0, 0, 0, 1], "a skewed sample"),
        ([0, 1, 2, 3, 4, 5, 6, 7], "eight distinct values"),
        ([-2, 7, 7, -2, 7, 100], "labels that are not 0, 1, 2, ..."),
        ([5, 5, 9, 9, 9, 1, 1, 1, 1, 1], "a sample with three values"),
    ]
    for n, k in ((12, 3), (16, 5), (20, 8)):
        samples.append((rng.integers(0, k, size=n), f"{n} random labels from {k} values"))
    return tuple(Case((np.asarray(x, dtype=np.int64),), f"{about}, x =") for x, about in samples)


def _miller_madow_added(got: float, expected: float) -> bool:
    for case in _cases():
        x = case.args[0]
        if abs(plugin_entropy(x) - expected) < 1e-9:
            corrected = plugin_entropy(x, correction="miller-madow")
            if abs(corrected - expected) > 1e-6 and abs(got - corrected) < 1e-7:
                return True
    return False


def _log2_of_distinct(got: float, expected: float) -> bool:
    for case in _cases():
        x = case.args[0]
        if abs(plugin_entropy(x) - expected) < 1e-9:
            value = math.log2(np.unique(x).size)
            if abs(value - expected) > 1e-6 and abs(got - value) < 1e-7:
                return True
    return False


register(Check(
    name="plugin_entropy",
    points=3,
    task="Plug-in entropy of a sample, in bits",
    cases=_cases,
    reference=lambda x: plugin_entropy(x),
    hints=(
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_miller_madow_added, "this is the Miller–Madow corrected estimate; the exercise asks "
             "for the plain plug-in entropy, without the (m − 1)/(2N) term"),
        Hint(_log2_of_distinct, "this is log2 of the number of distinct values, the entropy of a "
             "uniform pmf over them: weight each value by its frequency n_a/N"),
        Hint(lambda g, e: g < 0, "entropy is never negative: −Σ p log2 p ≥ 0, so check the minus "
             "sign"),
    ),
))


def check_plugin_entropy(fn: Callable) -> None:
    """Check a function ``fn(x) -> float`` returning the plug-in entropy of labels ``x`` in bits.

    Examples
    --------
    >>> import numpy as np
    >>> def plugin_entropy_bits(x):
    ...     _, counts = np.unique(x, return_counts=True)
    ...     p = counts / counts.sum()
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_plugin_entropy(plugin_entropy_bits)
    ✓ Plug-in entropy of a sample, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("plugin_entropy", fn))


# --------------------------------------------------------------------------
# Shared: a right answer that carries the usual wrong ones, for the hints
# --------------------------------------------------------------------------




def _nats(got, expected):
    """A hint's test: ``got`` is the expected number of bits given in nats (either sign)."""
    return abs(expected) > 1e-6 and abs(got - expected * math.log(2)) < 1e-7 * max(1, abs(expected))


def _h_bits(p) -> float:
    p = np.asarray(p, dtype=float)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


# --------------------------------------------------------------------------
# ★ Two draws: the expected plug-in entropy of a sample of size 2
# --------------------------------------------------------------------------
def _two_draw_reference(p):
    """E[Ĥ] in bits for two i.i.d. draws from ``p``, by enumerating every ordered pair of
    values with :func:`infolib.plugin_entropy` (an independent route to ``1 − Σ p²``)."""
    p = np.asarray(p, dtype=float)
    support = np.flatnonzero(p > 0)
    value = 0.0
    for a in support:
        for b in support:
            value += p[a] * p[b] * plugin_entropy(np.array([a, b]))
    m = support.size
    return _Answer(
        value,
        truth=_h_bits(p),
        tie=float(np.sum(p ** 2)),
        miller=_h_bits(p) - (m - 1) / (4 * math.log(2)),
        uniform=1 - 1 / m,
    )


@functools.lru_cache(maxsize=1)
def _two_draw_cases() -> tuple:
    rng = np.random.default_rng(20261206)
    pmfs = [
        ([0.5, 0.5], "the fair coin"),
        ([0.9, 0.1], "a biased coin"),
        ([1.0, 0.0, 0.0], "a point mass"),
        (np.full(10, 0.1), "the uniform pmf over 10 values"),
        ([0.4, 0.3, 0.2, 0.1], "the four-value pmf of the chapter"),
        ([0.5, 0.0, 0.25, 0.25], "a pmf with a zero"),
        (np.full(64, 1 / 64), "the uniform pmf over 64 values, p ="),
    ]
    for n in (3, 7, 30):
        w = rng.gamma(0.7, size=n)
        w[rng.random(n) < 0.25] = 0.0
        w[0] += 0.05
        pmfs.append((w / w.sum(), f"a random pmf over {n} values"))
    return tuple(Case((np.asarray(p, dtype=float),), about) for p, about in pmfs)


register(Check(
    name="two_draw_entropy",
    points=2,
    task="Expected plug-in entropy of two draws, in bits",
    cases=_two_draw_cases,
    reference=_two_draw_reference,
    hints=(
        Hint(_is("truth"), "this is the true entropy H(p); the exercise asks for the mean of the "
             "plug-in estimate from only two draws, which is far below it"),
        Hint(_is("tie"), "this is the probability that the two draws are equal; in that case "
             "the estimate is 0 bits, so it is the other case that contributes"),
        Hint(_is("miller"), "this is Miller's large-N approximation H − (m − 1)/(2N ln 2) at "
             "N = 2; the exercise asks for the exact mean, which only needs the two cases "
             "'equal' and 'different'"),
        Hint(_is("uniform"), "this is 1 − 1/m, right only for the uniform pmf: the probability "
             "that two draws differ depends on p"),
        Hint(in_nats, "this is the answer in nats: two different draws give log2 2 = 1 bit"),
    ),
))


def check_two_draw_entropy(fn: Callable) -> None:
    """Check ``fn(p) -> float``, the mean plug-in entropy in bits of two i.i.d. draws from ``p``.

    Examples
    --------
    >>> import numpy as np
    >>> check_two_draw_entropy(lambda p: float(1 - np.sum(p ** 2)))
    ✓ Expected plug-in entropy of two draws, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("two_draw_entropy", fn))


# --------------------------------------------------------------------------
# ★★ The spread of the plug-in entropy: the delta method's leading term
# --------------------------------------------------------------------------
def _variance_reference(p, n):
    """g·Σ·g with g the gradient of H (bits) at ``p`` by central differences of
    :func:`infolib.entropy` and Σ = (diag p − p pᵀ)/n the covariance of the frequencies:
    an independent route to (Σ p log2² p − H²)/n."""
    p = np.asarray(p, dtype=float)
    n = float(n)
    q = p[p > 0]
    step = 1e-6 * q.min()
    grad = np.empty(q.size)
    for a in range(q.size):
        up, down = q.copy(), q.copy()
        up[a] += step
        down[a] -= step
        # entropy() of an unnormalised vector would renormalise it: use the sum formula
        grad[a] = (_sum_h(up) - _sum_h(down)) / (2 * step)
    cov = (np.diag(q) - np.outer(q, q)) / n
    value = max(float(grad @ cov @ grad), 0.0)
    h = entropy(q)
    second = float(np.sum(q * np.log2(q) ** 2))
    m = q.size
    return _Answer(
        value,
        no_h2=second / n,
        n_minus_1=value * n / (n - 1),
        sd=math.sqrt(value),
        bias_squared=((m - 1) / (2 * n * math.log(2))) ** 2,
        nats=value * math.log(2) ** 2,
        h2_over_n=h ** 2 / n,
    )


def _sum_h(w):
    """−Σ w log2 w for a positive vector that need not add up to 1 (no renormalising)."""
    return float(-np.sum(w * np.log2(w)))


@functools.lru_cache(maxsize=1)
def _variance_cases() -> tuple:
    rng = np.random.default_rng(20261209)
    cases = [
        ([0.9, 0.1], 10, "a biased coin, N = 10, p ="),
        ([0.5, 0.5], 100, "the fair coin, N = 100, p ="),
        ([0.4, 0.3, 0.2, 0.1], 20, "the four-value pmf of the chapter, N = 20, p ="),
        ([0.7, 0.0, 0.2, 0.1], 500, "a pmf with a zero, N = 500, p ="),
        ([0.99, 0.01], 1000, "a rare value, N = 1000, p ="),
        (np.full(8, 1 / 8), 50, "the uniform pmf over 8 values, N = 50, p ="),
        ([0.5, 0.25, 0.125, 0.125], 64, "a dyadic pmf, N = 64, p ="),
    ]
    for m, n in ((5, 30), (12, 200), (40, 10_000)):
        w = rng.gamma(0.8, size=m)
        w[rng.random(m) < 0.2] = 0.0
        w[0] += 0.05
        cases.append((w / w.sum(), n, f"a random pmf over {m} values, N = {n}, p ="))
    return tuple(Case((np.asarray(p, dtype=float), n), about) for p, n, about in cases)


register(Check(
    name="plugin_entropy_variance",
    points=3,
    task="Leading term of the variance of the plug-in entropy, in bits²",
    cases=_variance_cases,
    reference=_variance_reference,
    allowed=("entropy",),
    atol=1e-10,
    rtol=1e-5,
    hints=(
        Hint(_is("no_h2"), "this is Σ p log2² p / N, the second moment of the surprisal: the "
             "variance subtracts the square of its mean, H²"),
        Hint(_is("n_minus_1"), "this divides by N − 1; the frequencies n_a/N have covariance "
             "(p_a δ_ab − p_a p_b)/N, so the leading term has N"),
        Hint(_is("sd"), "this is the standard deviation; the exercise asks for the variance"),
        Hint(_is("bias_squared"), "this is the square of Miller's bias; the variance comes from "
             "the linear term of the expansion, the bias from the quadratic one"),
        Hint(_is("nats"), "this is the variance in nats²: use log2 (the square of a bit "
             "conversion is (ln 2)²)"),
        Hint(_is("h2_over_n"), "this is H²/N: the variance is (Σ p log2² p − H²)/N"),
        Hint(lambda g, e: g < 0, "a variance is never negative: check the sign of H² in it"),
    ),
))


def check_plugin_entropy_variance(fn: Callable) -> None:
    """Check ``fn(p, n) -> float``, the leading term of Var[plug-in entropy] in bits² for ``n``
    i.i.d. draws from the pmf ``p`` (the delta method).

    Examples
    --------
    >>> import numpy as np
    >>> def variance_bits2(p, n):
    ...     p = p[p > 0]
    ...     surprisal = -np.log2(p)
    ...     return float((np.sum(p * surprisal ** 2) - np.sum(p * surprisal) ** 2) / n)
    >>> check_plugin_entropy_variance(variance_bits2)
    ✓ Leading term of the variance of the plug-in entropy, in bits²: correct on all 10 test inputs
      (within 1e-10 absolute, 1e-05 relative): 3 of 3 points.
    """
    print(evaluate("plugin_entropy_variance", fn))


# --------------------------------------------------------------------------
# ★★ Extrapolating the bias away: 2 Î_N − mean of the two halves' Î_{N/2}
# --------------------------------------------------------------------------
def _extrapolated_reference(x, y):
    """``2 Î(all) − (Î(first half) + Î(second half)) / 2`` in bits, plus the usual slips."""
    h = x.size // 2
    full = plugin_mutual_information(x, y)
    first = plugin_mutual_information(x[:h], y[:h])
    second = plugin_mutual_information(x[h:], y[h:])
    halves = (first + second) / 2
    odd_even = (plugin_mutual_information(x[::2], y[::2])
                + plugin_mutual_information(x[1::2], y[1::2])) / 2
    return _Answer(
        2 * full - halves,
        plain=full,
        reversed=2 * halves - full,
        one_half=2 * full - first,
        average=(full + halves) / 2,
        interleaved=2 * full - odd_even,
        miller_madow=plugin_mutual_information(x, y, correction="miller-madow"),
    )


def _noisy_copy(rng, n, m, flip):
    """``n`` pairs: X uniform on ``m`` values, Y = X, replaced by a uniform value w.p. ``flip``."""
    x = rng.integers(0, m, size=n)
    y = np.where(rng.random(n) < flip, rng.integers(0, m, size=n), x)
    return x, y


@functools.lru_cache(maxsize=1)
def _extrapolated_cases() -> tuple:
    rng = np.random.default_rng(20261207)
    cases = [(np.array([0, 0, 1, 1, 0, 1, 0, 1]), np.array([0, 0, 1, 1, 1, 0, 0, 1]),
              "eight pairs")]
    for n, m, flip, about in [(40, 6, 0.0, "an exact copy on 6 values, 40 pairs"),
                              (100, 4, 1.0, "independent labels on 4 values, 100 pairs"),
                              (160, 8, 0.5, "a noisy copy on 8 values, 160 pairs"),
                              (200, 3, 0.8, "a weak dependence on 3 values, 200 pairs"),
                              (1000, 10, 0.3, "a noisy copy on 10 values, 1000 pairs")]:
        x, y = _noisy_copy(rng, n, m, flip)
        cases.append((x, y, about))
    x, y = _noisy_copy(rng, 120, 5, 0.4)
    cases.append((3 * x - 7, 10 * y + 100, "labels that are not 0, 1, 2, ..., 120 pairs"))
    return tuple(Case((np.asarray(x, dtype=np.int64), np.asarray(y, dtype=np.int64)),
                      f"{about}, x =") for x, y, about in cases)


register(Check(
    name="extrapolated_mi",
    points=3,
    task="Plug-in mutual information extrapolated from the whole sample and its halves, in bits",
    cases=_extrapolated_cases,
    reference=_extrapolated_reference,
    allowed=("plugin_mutual_information",),
    hints=(
        Hint(_is("plain"), "this is the plug-in estimate of the whole sample; combine it with "
             "the estimates of the two halves so that the c/N term cancels"),
        Hint(_is("reversed"), "the weights are swapped: the halves have the larger bias (2c/N), "
             "so it is the whole sample that gets the weight 2 and the halves' mean −1"),
        Hint(_is("one_half"), "this uses the first half only: average the estimates of the "
             "first N/2 and of the last N/2 pairs"),
        Hint(_is("average"), "this averages the estimates, which keeps a bias of 3c/(2N): "
             "extrapolating to N = ∞ needs 2 Î_N − Î_{N/2}"),
        Hint(_is("interleaved"), "these halves are the even- and odd-numbered pairs; the "
             "exercise asks for the first N/2 pairs and the last N/2 pairs"),
        Hint(_is("miller_madow"), "this is the Miller–Madow estimate, another correction; the "
             "exercise asks for the extrapolation from the halves"),
        Hint(_nats, "this is the answer in nats; use log base 2 for bits"),
    ),
))


def check_extrapolated_mi(fn: Callable) -> None:
    """Check ``fn(x, y) -> float``: ``2 Î(x, y) − (Î of the first half + Î of the second half)/2``,
    the plug-in mutual information extrapolated to an infinite sample, in bits.

    Examples
    --------
    >>> from infolib import plugin_mutual_information as mi
    >>> def extrapolated(x, y):
    ...     h = x.size // 2
    ...     return 2 * mi(x, y) - (mi(x[:h], y[:h]) + mi(x[h:], y[h:])) / 2
    >>> check_extrapolated_mi(extrapolated)
    ✓ Plug-in mutual information extrapolated from the whole sample and its halves, in bits: correct on all 7 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("extrapolated_mi", fn))


# --------------------------------------------------------------------------
# ★★★ The KSG estimator
# --------------------------------------------------------------------------
def _ksg_brute(x, y, k, *, standardise=True, strict=True, self_neighbour=False,
               euclidean=False, keep_self=False):
    """Eq. (8) of Kraskov et al. by brute force in nats, with switches for the usual slips."""
    from scipy.special import digamma

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if standardise:
        x, y = x / x.std(), y / y.std()
    dx, dy = np.abs(x[:, None] - x[None, :]), np.abs(y[:, None] - y[None, :])
    dz = np.hypot(dx, dy) if euclidean else np.maximum(dx, dy)
    if not self_neighbour:
        np.fill_diagonal(dz, np.inf)
    d = np.sort(dz, axis=1)[:, k - 1][:, None]
    nx = ((dx < d) if strict else (dx <= d)).sum(axis=1) - (0 if keep_self else 1)
    ny = ((dy < d) if strict else (dy <= d)).sum(axis=1) - (0 if keep_self else 1)
    with np.errstate(all="ignore"):
        return float(digamma(x.size) + digamma(k) - np.mean(digamma(nx + 1.0))
                     - np.mean(digamma(ny + 1.0)))


def _ksg_reference(x, y, k):
    k = int(k)
    ln2 = math.log(2)
    return _Answer(
        ksg_mutual_information(x, y, k=k),
        raw=_ksg_brute(x, y, k, standardise=False) / ln2,
        inclusive=_ksg_brute(x, y, k, strict=False) / ln2,
        self_neighbour=_ksg_brute(x, y, k, self_neighbour=True) / ln2,
        euclidean=_ksg_brute(x, y, k, euclidean=True) / ln2,
        keep_self=_ksg_brute(x, y, k, keep_self=True) / ln2,
    )


@functools.lru_cache(maxsize=1)
def _ksg_cases() -> tuple:
    rng = np.random.default_rng(20261208)
    cases = []

    def pair(n, rho):
        z = rng.standard_normal((2, n))
        return z[0], rho * z[0] + math.sqrt(1 - rho ** 2) * z[1]

    x, y = pair(8, 0.9)
    cases.append((x, y, 3, "only 8 samples of a Gaussian pair with ρ = 0.9, k = 3"))
    x, y = pair(200, 0.9)
    cases.append((x, y, 3, "a Gaussian pair with ρ = 0.9, 200 samples, k = 3"))
    x, y = pair(150, 0.0)
    cases.append((x, y, 3, "an independent pair, 150 samples, k = 3"))
    x, y = pair(120, -0.6)
    cases.append((1000 * x, 0.01 * y, 3, "a Gaussian pair with ρ = −0.6 in very different "
                                         "units (x·1000, y·0.01), 120 samples, k = 3"))
    x, y = pair(100, 0.8)
    cases.append((x, y, 1, "a Gaussian pair with ρ = 0.8, 100 samples, k = 1"))
    x = rng.uniform(-1, 1, size=250)
    cases.append((x, x ** 2 + 0.05 * rng.standard_normal(250), 5,
                  "y = x² plus a little noise (uncorrelated, yet dependent), 250 samples, k = 5"))
    x, y = pair(300, 0.99)
    cases.append((np.exp(x), y, 4, "exp(x) against y for ρ = 0.99, 300 samples, k = 4"))
    return tuple(Case((np.asarray(x, dtype=float), np.asarray(y, dtype=float), k), f"{about}, x =")
                 for x, y, k, about in cases)


register(Check(
    name="ksg",
    points=5,
    task="KSG estimate of the mutual information of 1-D samples, in bits",
    cases=_ksg_cases,
    reference=_ksg_reference,
    atol=1e-8,
    rtol=1e-7,
    hints=(
        Hint(_nats, "this is the answer in nats: divide by ln 2 for bits"),
        Hint(_is("raw"), "this is KSG on the raw values: divide each variable by its standard "
             "deviation first (x / x.std()), or the max-norm mixes units"),
        Hint(_is("inclusive"), "these counts include the samples at distance exactly d_i: "
             "n_x(i) counts the samples strictly closer than d_i (use <, not <=)"),
        Hint(_is("self_neighbour"), "the point itself was taken as its own nearest neighbour "
             "(distance 0): exclude it before taking the k-th smallest distance"),
        Hint(_is("keep_self"), "n_x(i) and n_y(i) include sample i itself (|x_i − x_i| = 0 < d_i); "
             "count only the other samples"),
        Hint(_is("euclidean"), "this uses the Euclidean distance in the joint space; KSG uses the "
             "max-norm max(|x − x'|, |y − y'|)"),
    ),
))


def check_ksg(fn: Callable) -> None:
    """Check ``fn(x, y, k) -> float``, the KSG estimate (eq. 8 of Kraskov et al.) in bits of
    1-D samples ``x``, ``y`` with ``k`` neighbours, each variable divided by its standard
    deviation first.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.special import digamma
    >>> def ksg_bits(x, y, k):
    ...     x, y = x / x.std(), y / y.std()
    ...     dx, dy = np.abs(x[:, None] - x), np.abs(y[:, None] - y)
    ...     dz = np.maximum(dx, dy) + np.diag(np.full(x.size, np.inf))
    ...     d = np.sort(dz, axis=1)[:, k - 1][:, None]
    ...     nx, ny = (dx < d).sum(axis=1) - 1, (dy < d).sum(axis=1) - 1
    ...     mi = digamma(x.size) + digamma(k) - digamma(nx + 1).mean() - digamma(ny + 1).mean()
    ...     return mi / np.log(2)
    >>> check_ksg(ksg_bits)
    ✓ KSG estimate of the mutual information of 1-D samples, in bits: correct on all 7 test inputs
      (within 1e-08 absolute, 1e-07 relative): 5 of 5 points.
    """
    print(evaluate("ksg", fn))
