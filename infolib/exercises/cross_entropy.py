"""Checks for the chapter "Cross entropy"."""
import functools
import math
from typing import Callable

import numpy as np

from ..classifier import barber_agakov_bound
from ..discrete import cross_entropy, entropy, kl_divergence
from ._core import Case, Check, Hint, evaluate, pmf_pair_cases, in_log10, in_nats, register

__all__ = ["check_cross_entropy", "check_log_loss", "check_held_out_bound", "check_bsc_bound",
           "check_geometric_cross_entropy"]


@functools.lru_cache(maxsize=1)
def _cases() -> tuple:
    """Seeded (p, q) pairs: equal, different, zeros in p, zeros in both, q = 0 < p, sizes 1 to 9."""
    rng = np.random.default_rng(20261127)
    pairs = [
        ([0.5, 0.5], [0.5, 0.5], "two fair coins"),
        ([0.9, 0.1], [0.5, 0.5], "a biased coin modelled as fair"),
        ([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], "a pmf and its mirror image"),
        ([1.0, 0.0, 0.0], [0.2, 0.3, 0.5], "a point mass"),
        ([0.5, 0.5, 0.0], [0.25, 0.75, 0.0], "p and q both 0 on the last symbol"),
        ([0.6, 0.4, 0.0], [0.5, 0.0, 0.5], "the pair with q = 0 where p > 0"),
        ([0.5, 0.5, 0.0], [1.0, 0.0, 0.0], "q = 0 where p > 0, and both 0 on the last symbol"),
        ([1.0], [1.0], "a single symbol"),
    ]
    return pmf_pair_cases(pairs, rng, sizes=(4, 6, 9), zero_rate=0.3, q_floor=0.02)


def _near(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-7 * max(1.0, abs(b))


def _is(other: Callable) -> Callable[[float, float], bool]:
    """A hint's test: ``got`` equals ``other(p, q)`` for a case whose answer is ``expected``
    (and that other quantity differs from the answer there, so the hint is specific)."""
    def matches(got: float, expected: float) -> bool:
        for case in _cases():
            p, q = case.args
            if not _near(cross_entropy(p, q), expected):
                continue
            value = other(p, q)
            if _near(got, value) and not _near(value, expected):
                return True
        return False
    return matches


register(Check(
    name="cross_entropy",
    points=3,
    task="Cross entropy H(p, q) of a model q on data from p, in bits",
    cases=_cases,
    reference=lambda p, q: cross_entropy(p, q),
    hints=(
        Hint(lambda g, e: math.isinf(e) and math.isnan(g),
             "where q = 0 < p the cross entropy is infinite (the model says a symbol that occurs "
             "cannot happen: its codeword would be infinitely long). Return np.inf, not nan; the "
             "nan comes from 0·log 0 on a symbol where p = q = 0, which contributes 0"),
        Hint(lambda g, e: math.isinf(e) and not math.isinf(g),
             "where q = 0 < p the cross entropy is infinite: p puts mass where q puts none. "
             "Return np.inf (math.inf) in that case"),
        Hint(lambda g, e: math.isnan(g),
             "nan usually comes from 0·log 0: skip the symbols where p = 0, whose contribution "
             "is 0 whatever q is there"),
        Hint(_is(lambda p, q: cross_entropy(q, p)),
             "this is H(q, p): the arguments are swapped. H(p, q) = −Σ p log2 q averages the "
             "model's surprisal −log2 q over the data's pmf p"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_is(lambda p, q: entropy(p)), "this is H(p), the entropy of the data alone: the cross "
             "entropy uses the model's probabilities inside the logarithm, −Σ p log2 q"),
        Hint(_is(lambda p, q: kl_divergence(p, q)), "this is KL(p ‖ q), the extra cost only: the "
             "cross entropy is H(p) + KL(p ‖ q) = −Σ p log2 q"),
        Hint(lambda g, e: g < 0, "cross entropy is never negative: −log2 q ≥ 0 for q ≤ 1, so "
             "check the minus sign"),
    ),
))


def check_cross_entropy(fn: Callable) -> None:
    """Check a function ``fn(p, q) -> float`` that returns H(p, q) in bits; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def cross_entropy_bits(p, q):
    ...     m = p > 0
    ...     if np.any(q[m] == 0):
    ...         return np.inf
    ...     return float(-np.sum(p[m] * np.log2(q[m])))
    >>> check_cross_entropy(cross_entropy_bits)
    ✓ Cross entropy H(p, q) of a model q on data from p, in bits: correct on all 11 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("cross_entropy", fn))


class _Answer(float):
    """A right answer that carries the usual wrong answers, so that the hints can name them."""

    def __new__(cls, value, **wrong):
        obj = super().__new__(cls, value)
        # a wrong answer that two mistakes share on this input names neither
        obj.wrong = {key: v for key, v in wrong.items()
                     if not any(k != key and _near(v, other) for k, other in wrong.items())}
        return obj


def _wrong(key: str) -> Callable[[float, float], bool]:
    """A hint's test: ``got`` is the wrong answer ``key`` carried by ``expected`` (and that wrong
    answer differs from the right one, so that the hint is specific)."""
    def matches(got: float, expected: float) -> bool:
        other = getattr(expected, "wrong", {}).get(key)
        if other is None or _near(other, float(expected)) or math.isnan(other):
            return False
        return _near(got, other)
    return matches


# -- the log loss of a classifier's predictions -------------------------------------------------

def _picked(y, q):
    """``q[i, y_i]``: the probability each prediction gives the label that occurred."""
    y = np.asarray(y).astype(int)
    return np.asarray(q, dtype=float)[np.arange(y.size), y]


def _mean_surprisal(values) -> float:
    """The mean of ``-log2 values`` (``inf`` if a value is 0)."""
    values = np.asarray(values, dtype=float)
    if np.any(values == 0):
        return math.inf
    return float(-np.mean(np.log2(values)))


def _log_loss_reference(y, q):
    y, q = np.asarray(y).astype(int), np.asarray(q, dtype=float)
    value = _mean_surprisal(_picked(y, q))
    with np.errstate(divide="ignore", invalid="ignore"):
        wrong = dict(
            total=value * y.size,
            top_label=_mean_surprisal(q.max(axis=1)),
            all_columns=_mean_surprisal(q[:, y]),
            nats=value * math.log(2),
        )
    return _Answer(value, **wrong)


@functools.lru_cache(maxsize=1)
def _log_loss_cases() -> tuple:
    """Labels and predicted pmfs: n = 1, a certain model, a zero on a label that occurs, 2 to 4 labels."""
    rng = np.random.default_rng(20261206)
    out = [
        ([0], [[0.25, 0.75]], "one example, the label 0 predicted with probability 0.25,"),
        ([1, 0], [[0.5, 0.5], [0.5, 0.5]], "two examples and a model that always says 50 %,"),
        ([0, 1, 1, 0], [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]],
         "four binary examples (the third one misclassified),"),
        ([2, 0, 1], [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8]],
         "three labels, the last example misclassified,"),
        ([1, 1, 0], [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]], "a certain model that is always right,"),
        ([0, 1, 0], [[0.8, 0.2], [1.0, 0.0], [0.6, 0.4]],
         "a model that gives probability 0 to a label that occurs,"),
    ]
    for n, k in ((30, 2), (40, 4), (2000, 3)):
        q = rng.dirichlet(np.full(k, 1.5), size=n)
        truth = 0.5 * q + 0.5 * rng.dirichlet(np.ones(k), size=n)
        y = np.array([rng.choice(k, p=row) for row in truth])
        out.append((y, q, f"{n} random examples with {k} labels,"))
    return tuple(Case((np.asarray(y, dtype=np.int64), np.asarray(q, dtype=float)),
                      f"{about} y =") for y, q, about in out)


register(Check(
    name="log_loss",
    points=2,
    task="Log loss (cross-entropy loss) of a classifier's predictions, in bits per example",
    cases=_log_loss_cases,
    reference=_log_loss_reference,
    forbidden=("cross_entropy", "conditional_cross_entropy", "logistic_loss"),
    hints=(
        Hint(lambda g, e: math.isinf(e) and not math.isinf(g),
             "a prediction gives probability 0 to the label that occurred: that example costs "
             "−log2 0 = ∞ bits, so the average is infinite too (return np.inf; do not clip or skip it)"),
        Hint(lambda g, e: math.isnan(g), "nan comes from 0·log 0 or ∞ − ∞: take the logarithm only "
             "of q[i, y_i], the probability of the label that occurred, not of the whole row"),
        Hint(_wrong("total"), "this is the total over the examples: the loss is the average, "
             "divide by the number of examples"),
        Hint(_wrong("nats"), "this is the answer in nats; use np.log2 for bits"),
        Hint(_wrong("top_label"), "this charges each example for the label the model rates highest; "
             "the loss charges it for the label that occurred, −log2 q[i, y[i]]"),
        Hint(_wrong("all_columns"), "this averages −log2 q[i][y[j]] over all pairs of examples: "
             "q[:, y] is an n × n array. Pick one entry per row with q[np.arange(len(y)), y]"),
        Hint(lambda g, e: g < 0, "a log loss is never negative: −log2 q ≥ 0 for q ≤ 1, so check the "
             "minus sign"),
    ),
))


def check_log_loss(fn: Callable) -> None:
    """Check a function ``fn(y, q) -> float``, the log loss in bits per example of predicted pmfs
    ``q`` (one row per example) on labels ``y``; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def log_loss_bits(y, q):
    ...     picked = q[np.arange(len(y)), y]
    ...     return np.inf if np.any(picked == 0) else float(-np.mean(np.log2(picked)))
    >>> check_log_loss(log_loss_bits)
    ✓ Log loss (cross-entropy loss) of a classifier's predictions, in bits per example: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("log_loss", fn))


# -- a held-out lower bound on I(X; Y), with a margin for sampling error -----------------------

def _bound_terms(y, q, h_part=None):
    """The terms −log2 p̂(y_i) + log2 q(y_i | x_i), p̂ the label frequencies of ``y``."""
    y = np.asarray(y).astype(int)
    freq = np.bincount(y) / y.size
    surprisal = -np.log2(freq[y]) if h_part is None else h_part
    return surprisal + np.log2(_picked(y, q))


def _held_out_reference(y, q):
    y, q = np.asarray(y).astype(int), np.asarray(q, dtype=float)
    if np.any(_picked(y, q) == 0):
        return _Answer(-math.inf)  # an infinite loss: the bound is −∞, as the exercise says
    m = y.size
    terms = _bound_terms(y, q)
    mean, sd = float(terms.mean()), float(terms.std(ddof=1))
    losses = -np.log2(_picked(y, q))
    uniform = _bound_terms(y, q, h_part=math.log2(q.shape[1]))
    value = mean - 2 * sd / math.sqrt(m)
    return _Answer(
        value,
        no_margin=mean,
        ddof0=mean - 2 * float(terms.std()) / math.sqrt(m),
        one_se=mean - sd / math.sqrt(m),
        sd_not_se=mean - 2 * sd,
        plus=mean + 2 * sd / math.sqrt(m),
        loss_se=mean - 2 * float(losses.std(ddof=1)) / math.sqrt(m),
        uniform_h=float(uniform.mean()) - 2 * float(uniform.std(ddof=1)) / math.sqrt(m),
        nats=value * math.log(2),
        over_m=mean - 2 * sd / m,
    )


def _sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


@functools.lru_cache(maxsize=1)
def _held_out_cases() -> tuple:
    """Fresh seeded held-out sets: the chapter's two Gaussian classes (projected on the line
    through the means) under an exact, a rough and an overconfident logistic model; sizes 2 to
    5000; one label only; three labels; last, a model that gives probability 0 to a label that
    occurs (last, so that an answer that breaks only there is told its other mistakes first)."""
    rng = np.random.default_rng(20261207)
    out = []
    for m, w, b, about in ((8, 2.0, 0.0, "8 examples, the exact model,"),
                           (2, 2.0, 0.0, "2 examples, the exact model,"),
                           (50, 1.0, 0.3, "50 examples, a rough model,"),
                           (400, 6.0, 0.0, "400 examples, an overconfident model,"),
                           (5000, 2.0, 0.0, "5000 examples, the exact model,"),
                           (3000, 0.5, -0.2, "3000 examples, a timid model,")):
        y = rng.integers(0, 2, size=m)
        y[:2] = [0, 1]
        z = rng.normal(2.0 * y - 1.0, 1.0)
        p1 = _sigmoid(w * z + b)
        out.append((y, np.column_stack([1 - p1, p1]), about))
    q = rng.dirichlet(np.ones(2), size=6)
    out.append((np.ones(6, dtype=int), q, "6 examples that all have the label 1,"))
    q = rng.dirichlet(np.full(3, 2.0), size=300)
    y = np.array([rng.choice(3, p=0.7 * row + 0.1) for row in q])
    out.append((y, q, "300 examples with 3 labels,"))
    q = np.array([[0.8, 0.2], [0.3, 0.7], [1.0, 0.0], [0.4, 0.6], [0.9, 0.1]])
    out.append((np.array([0, 1, 1, 1, 0]), q,
                "5 examples, a model that gives probability 0 to the label of the third,"))
    return tuple(Case((np.asarray(y, dtype=np.int64), np.asarray(q, dtype=float)), f"{about} y =")
                 for y, q, about in out)


register(Check(
    name="held_out_bound",
    points=5,
    task="Held-out Barber–Agakov estimate minus two standard errors, in bits",
    cases=_held_out_cases,
    reference=_held_out_reference,
    forbidden=("entropy", "estimators.plugin_entropy", "cross_entropy",
               "conditional_cross_entropy", "barber_agakov_bound"),
    hints=(
        Hint(lambda g, e: e == -math.inf and g != -math.inf,
             "the model gives probability 0 to a label that occurred: that example's loss is "
             "−log2 0 = ∞, so the bound is −∞. Return -np.inf in that case (the exercise says so)"),
        Hint(_wrong("no_margin"), "this is the estimate Ĥ(Y) − loss without its margin: subtract "
             "two standard errors, 2·s/√m with s the standard deviation of the m terms"),
        Hint(_wrong("ddof0"), "the standard deviation divides by m instead of m − 1 (np.std's "
             "default): use np.std(terms, ddof=1)"),
        Hint(_wrong("one_se"), "this subtracts one standard error: the margin is two"),
        Hint(_wrong("sd_not_se"), "this subtracts twice the standard deviation of one term: the "
             "standard error of their mean is that divided by √m"),
        Hint(_wrong("over_m"), "the standard error is s/√m, not s/m"),
        Hint(_wrong("plus"), "the margin is added: a lower bound subtracts it"),
        Hint(_wrong("loss_se"), "the standard error is that of the losses alone: use the terms "
             "−log2 p̂(y_i) + log2 q(y_i | x_i), which also carry the sampling error of Ĥ(Y)"),
        Hint(_wrong("uniform_h"), "this takes H(Y) as log2 of the number of labels: use the "
             "plug-in entropy of the label frequencies in y, −log2 p̂(y_i) per example"),
        Hint(_wrong("nats"), "this is the answer in nats; use np.log2 for bits"),
        Hint(lambda g, e: math.isnan(g), "nan comes from a logarithm of 0 inside a sum: the term "
             "of each example, −log2 p̂(y_i) + log2 q[i, y_i], needs p̂ only at labels that occur "
             "in y and q only at the label that occurred"),
    ),
))


def check_held_out_bound(fn: Callable) -> None:
    """Check a function ``fn(y, q) -> float``: the held-out Barber–Agakov estimate of I(X; Y)
    from labels ``y`` (at least two) and predicted pmfs ``q``, minus two standard errors, in bits,
    and ``-inf`` when ``q`` gives probability 0 to a label that occurs; prints a verdict.

    Examples
    --------
    >>> import numpy as np
    >>> def held_out_bound_bits(y, q):
    ...     picked = q[np.arange(len(y)), y]
    ...     if np.any(picked == 0):
    ...         return -np.inf
    ...     terms = -np.log2(np.bincount(y)[y] / len(y)) + np.log2(picked)
    ...     return float(terms.mean() - 2 * terms.std(ddof=1) / np.sqrt(len(y)))
    >>> check_held_out_bound(held_out_bound_bits)
    ✓ Held-out Barber–Agakov estimate minus two standard errors, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 5 of 5 points.
    """
    print(evaluate("held_out_bound", fn))


# -- on paper: the bound of the binary symmetric channel --------------------------------------

def _bsc_reference(eps, c):
    """By exact enumeration of the 2 × 2 joint pmf (infolib.barber_agakov_bound)."""
    eps, c = float(eps), float(c)
    pxy = np.array([[1 - eps, eps], [eps, 1 - eps]]) / 2
    model = np.array([[c, 1 - c], [1 - c, c]])
    value = barber_agakov_bound(pxy, model)
    loss = value - 1.0  # H(Y) = 1 bit

    def xlog2(a, b):
        return 0.0 if a == 0 else a * math.log2(b)

    h_eps = -xlog2(eps, eps) - xlog2(1 - eps, 1 - eps)
    return _Answer(
        value,
        no_h_y=loss,
        loss=-loss,
        mi=1.0 - h_eps,
        swapped=1.0 + xlog2(eps, c) + xlog2(1 - eps, 1 - c),
        nats=value * math.log(2),
        accuracy_only=1.0 + math.log2(c),
    )


@functools.lru_cache(maxsize=1)
def _bsc_cases() -> tuple:
    """(ε, c) on a grid: noiseless, the exact model, timid, overconfident, useless, worse than useless."""
    grid = [(0.0, 0.9, "a noiseless channel,"),
            (0.1, 0.9, "the exact model c = 1 − ε,"),
            (0.2, 0.8, "the exact model c = 1 − ε,"),
            (0.2, 0.6, "a timid model,"),
            (0.1, 0.999, "an overconfident model,"),
            (0.15, 0.999, "a model that says 99.9 %,"),
            (0.3, 0.5, "a model that always says 50 %,"),
            (0.5, 0.7, "a channel that carries nothing,"),
            (0.05, 0.75, "a timid model,"),
            (0.25, 0.95, "an overconfident model,")]
    return tuple(Case((eps, c), f"{about} c = {c} and ε =") for eps, c, about in grid)


register(Check(
    name="bsc_bound",
    points=3,
    task="Barber–Agakov bound of the binary symmetric channel under a model of confidence c, in bits",
    cases=_bsc_cases,
    reference=_bsc_reference,
    hints=(
        Hint(_wrong("mi"), "this is I(X; Y) = 1 − h(ε), the bound of the exact model c = 1 − ε only: "
             "the model's c belongs inside the logarithms, weighted by how often each case occurs"),
        Hint(_wrong("swapped"), "the weights are swapped: the model is right (and pays −log2 c) "
             "with probability 1 − ε, and wrong (paying −log2(1 − c)) with probability ε"),
        Hint(_wrong("no_h_y"), "this is minus the expected loss: the bound is H(Y) minus the loss, "
             "and H(Y) = 1 bit here (Y is a fair bit)"),
        Hint(_wrong("loss"), "this is the expected loss E[−log2 q(Y | X)]; the bound is H(Y) minus it"),
        Hint(_wrong("accuracy_only"), "this charges every example −log2 c, as if the model were "
             "always right: it is wrong with probability ε, and then pays −log2(1 − c)"),
        Hint(_wrong("nats"), "this is the answer in nats; use log base 2 for bits"),
    ),
))


def check_bsc_bound(fn: Callable) -> None:
    """Check a closed form ``fn(eps, c) -> float``: the Barber–Agakov bound of the binary
    symmetric channel with flip probability ``eps`` under the model ``q(y = x | x) = c``, in
    bits, against exact enumeration; prints a verdict.

    Examples
    --------
    >>> import math
    >>> def ba_bound_bsc_bits(eps, c):
    ...     return 1 + (1 - eps) * math.log2(c) + eps * math.log2(1 - c)
    >>> check_bsc_bound(ba_bound_bsc_bits)
    ✓ Barber–Agakov bound of the binary symmetric channel under a model of confidence c, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("bsc_bound", fn))


# -- on paper: the cross entropy of two geometric pmfs ----------------------------------------

def _geometric_sum_bits(a: float, b: float) -> float:
    """H(p, q) in bits by summing the series over k = 0, 1, ... until a^k < 1e-20."""
    n = 1 if a == 0 else int(math.ceil(math.log(1e-20) / math.log(a))) + 1
    k = np.arange(n)
    p = (1 - a) * a ** k
    return float(np.sum(p * (-math.log2(1 - b) - k * math.log2(b))))


def _geometric_reference(a, b):
    a, b = float(a), float(b)
    value = _geometric_sum_bits(a, b)
    first = -math.log2(1 - b)
    return _Answer(
        value,
        mean_a=first - a * math.log2(b),
        from_one=first - math.log2(b) / (1 - a),
        swapped=_geometric_sum_bits(b, a) if a > 0 else math.inf,
        entropy=_geometric_sum_bits(a, a) if a > 0 else 0.0,
        first_only=first,
        nats=value * math.log(2),
    )


@functools.lru_cache(maxsize=1)
def _geometric_cases() -> tuple:
    """(a, b) on a grid: the point mass a = 0, a = b, a model too steep, too flat, long tails."""
    grid = [(0.5, 0.5, "the model p itself"), (0.0, 0.3, "the point mass at 0 (a = 0)"),
            (0.2, 0.7, "a model with too long a tail"), (0.7, 0.2, "a model with too short a tail"),
            (0.9, 0.5, "a long-tailed p"), (0.5, 0.9, "a flat model"),
            (0.95, 0.8, "long tails in both"), (0.3, 0.05, "a model that expects almost only 0"),
            (0.6, 0.6, "the model p itself")]
    return tuple(Case((a, b), f"{about}, b = {b} and a =") for a, b, about in grid)


register(Check(
    name="geometric_cross_entropy",
    points=3,
    task="Cross entropy H(p, q) of two geometric pmfs with ratios a (data) and b (model), in bits",
    cases=_geometric_cases,
    reference=_geometric_reference,
    forbidden=("cross_entropy", "entropy", "kl_divergence"),
    hints=(
        Hint(_wrong("mean_a"), "the mean of k under p is a/(1 − a) and not a: "
             "Σ k (1 − a) a^k = a/(1 − a)"),
        Hint(_wrong("from_one"), "this uses 1/(1 − a), the mean of k when k starts at 1: here k "
             "starts at 0, and its mean under p is a/(1 − a)"),
        Hint(_wrong("swapped"), "this is H(q, p): the arguments are swapped. The data's pmf p "
             "(ratio a) weights the model's surprisal −log2 q(k)"),
        Hint(_wrong("entropy"), "this is H(p), the entropy of the data alone: the model's ratio b "
             "belongs inside the logarithm"),
        Hint(_wrong("first_only"), "−log2 q(k) = −log2(1 − b) − k log2 b has two terms: the second, "
             "averaged over p, needs the mean of k"),
        Hint(_wrong("nats"), "this is the answer in nats; use log base 2 for bits"),
        Hint(lambda g, e: g < 0, "a cross entropy is never negative: −log2 q(k) ≥ 0, so check the "
             "signs (log2 b < 0)"),
    ),
))


def check_geometric_cross_entropy(fn: Callable) -> None:
    """Check a closed form ``fn(a, b) -> float``: H(p, q) in bits of the geometric pmfs
    p(k) = (1 − a) a^k and q(k) = (1 − b) b^k on k = 0, 1, 2, ..., against a numerical sum of
    the series; prints a verdict.

    Examples
    --------
    >>> import math
    >>> def ce_geometric_bits(a, b):
    ...     return -math.log2(1 - b) - a / (1 - a) * math.log2(b)
    >>> check_geometric_cross_entropy(ce_geometric_bits)
    ✓ Cross entropy H(p, q) of two geometric pmfs with ratios a (data) and b (model), in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("geometric_cross_entropy", fn))
