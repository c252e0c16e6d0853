"""Checks for the chapter "Entropy, conditional entropy and mutual information"."""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..discrete import (conditional_entropy, conditional_mutual_information, entropy, joint_entropy,
                        mutual_information)
from ._core import Case, Check, Hint, evaluate, random_joint_pmf_cases, in_log10, in_nats, register
from ._core import Answer as _Answer, is_wrong

_is = is_wrong  # a hint's test: got is the named wrong answer

__all__ = ["check_entropy", "check_conditional_entropy", "check_cmi_from_data",
           "check_quantised_exponential_entropy", "check_bsc_information"]




def _reference(pxy):
    pxy = np.asarray(pxy, dtype=float)
    return _Answer(
        conditional_entropy(pxy),
        swapped=conditional_entropy(pxy.T),
        joint=joint_entropy(pxy),
        h_y=entropy(pxy.sum(axis=0)),
    )


def _entropy_cases() -> list[Case]:
    rng = np.random.default_rng(20261125)
    cases = [
        Case((np.array([0.5, 0.5]),), "the fair coin"),
        Case((np.array([0.11, 0.89]),), "the biased coin"),
        Case((np.full(6, 1 / 6),), "the fair die"),
        Case((np.array([1.0, 0.0, 0.0]),), "the point mass"),
        Case((np.array([0.5, 0.0, 0.25, 0.25]),), "a pmf with a zero"),
        Case((np.full(1024, 1 / 1024),), "the uniform pmf over 1024 symbols, p ="),
    ]
    for n in (3, 8, 50):
        w = rng.gamma(0.7, size=n)
        w[rng.random(n) < 0.25] = 0.0
        w[0] += 0.05
        cases.append(Case((w / w.sum(),), f"a random pmf over {n} symbols"))
    return cases


register(Check(
    name="entropy",
    points=2,
    task="Entropy of a pmf, in bits",
    cases=_entropy_cases,
    reference=lambda p: entropy(p),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan comes from 0·log 0: skip the symbols with p = 0 "
             "(their contribution is 0)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: e > 1e-9 and math.isclose(g, -e, rel_tol=1e-7),
             "the sign is wrong: entropy is -Σ p log2 p, and log2 p ≤ 0, so H ≥ 0"),
        Hint(lambda g, e: g < 0, "entropy is never negative: it is -Σ p log2 p"),
    ),
))


def check_entropy(fn: Callable) -> None:
    """Check a function ``fn(p) -> float`` that returns H(p) in bits; prints a verdict.

    Examples
    --------
    A right answer, then the same in nats, which the hint recognises:

    >>> import numpy as np
    >>> def entropy_bits(p):
    ...     p = p[p > 0]
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_entropy(entropy_bits)
    ✓ Entropy of a pmf, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    >>> check_entropy(lambda p: entropy_bits(p) * np.log(2))
    ✗ Entropy of a pmf, in bits: 2 of 9 test inputs right, 0 of 2 points (all must be right).
      First problem: for the fair coin [0.5, 0.5] the answer is 1, your function returned 0.693147. Hint: this is the answer in nats; use np.log2 for bits.
      (6 more inputs fail.)
    """
    print(evaluate("entropy", fn))




def _cases() -> list[Case]:
    rng = np.random.default_rng(20261126)
    cases = [
        Case((np.array([[0.5, 0.0], [0.25, 0.25]]),),
             "the joint pmf where X = 0 fixes Y and X = 1 leaves a fair coin,"),
        Case((np.array([[0.25, 0.25], [0.25, 0.25]]),), "two independent fair bits"),
        Case((np.array([[0.5, 0.0], [0.0, 0.5]]),), "Y a copy of X"),
        Case((np.array([[1.0]]),), "the point mass"),
        Case((np.array([[0.3, 0.2, 0.0], [0.1, 0.1, 0.3]]),), "a 2×3 joint pmf with a zero"),
        Case((np.array([[0.2, 0.0], [0.3, 0.0], [0.1, 0.4]]),),
             "a 3×2 joint pmf with zeros (rows are X)"),
        Case((np.array([[0.0, 0.0, 0.0], [0.2, 0.3, 0.5]]),), "a joint pmf with a row of zeros"),
    ]
    cases += random_joint_pmf_cases(rng)
    return cases


register(Check(
    name="conditional_entropy",
    points=3,
    task="Conditional entropy H(Y|X) of a joint pmf (rows X, columns Y), in bits",
    cases=_cases,
    reference=_reference,
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the cells where "
             "p(x, y) = 0 (their contribution is 0), and rows where p(x) = 0"),
        Hint(_is("swapped"), "this is H(X|Y), with the roles of X and Y swapped: rows index X, "
             "so p(x) = pxy.sum(axis=1) and H(Y|X) = -Σ p(x, y) log2( p(x, y) / p(x) )"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(_is("joint"), "this is the joint entropy H(X, Y): divide p(x, y) by p(x) inside "
             "the logarithm (or subtract H(X))"),
        Hint(_is("h_y"), "this is H(Y), the entropy before X is known: condition on X by using "
             "p(y | x) = p(x, y) / p(x)"),
        Hint(lambda g, e: g < 0, "conditional entropy is never negative: check the sign "
             "(-Σ p log p) and that p(x) is the row sum"),
    ),
))


def check_conditional_entropy(fn: Callable) -> None:
    """Check a function ``fn(pxy) -> float`` that returns H(Y|X) in bits; prints a verdict.

    Examples
    --------
    The chain rule ``H(Y | X) = H(X, Y) - H(X)``:

    >>> import numpy as np
    >>> def h(p):
    ...     p = p[p > 0]
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_conditional_entropy(lambda pxy: h(pxy.ravel()) - h(pxy.sum(axis=1)))
    ✓ Conditional entropy H(Y|X) of a joint pmf (rows X, columns Y), in bits: correct on all 12 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("conditional_entropy", fn))


# --- conditional mutual information of a data table (kind b: a number from data) ---------------

def _umbrella_data(rng, n):
    """``n`` rows (umbrella x, wet street y, weather z): x and y depend on the weather only."""
    z = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])                  # sunny, cloudy, rainy
    x = (rng.random(n) < np.array([0.1, 0.4, 0.9])[z]).astype(int)   # carries an umbrella
    y = (rng.random(n) < np.array([0.05, 0.3, 0.95])[z]).astype(int)  # the street is wet
    return np.column_stack([x, y, z])


def _table_data(rng, shape, n, labels):
    """``n`` rows drawn from a random joint pmf of the given shape, with the given label sets."""
    w = rng.gamma(0.8, size=shape)
    w[rng.random(shape) < 0.2] = 0.0
    w.flat[0] += 0.05
    cells = rng.choice(w.size, size=n, p=(w / w.sum()).ravel())
    idx = np.unravel_index(cells, shape)
    return np.column_stack([np.asarray(lab)[i] for lab, i in zip(labels, idx)])


def _empirical_table(data):
    """The empirical joint pmf of the rows of ``data`` (axes x, y, z), labels in sorted order."""
    data = np.asarray(data)
    codes = [np.unique(data[:, k], return_inverse=True) for k in range(3)]
    table = np.zeros(tuple(len(values) for values, _ in codes))
    np.add.at(table, tuple(np.ravel(inverse) for _, inverse in codes), 1.0)
    return table / len(data)


def _cmi_reference(data):
    table = _empirical_table(data)
    pz = table.sum(axis=(0, 1))
    per_z = [mutual_information(table[:, :, k] / pz[k]) for k in range(len(pz))]
    return _Answer(
        conditional_mutual_information(table),
        mi_xy=mutual_information(table.sum(axis=2)),
        mi_x_yz=mutual_information(table.reshape(table.shape[0], -1)),
        unweighted=float(np.mean(per_z)),
        x_z_given_y=conditional_mutual_information(table.transpose(0, 2, 1)),
        y_z_given_x=conditional_mutual_information(table.transpose(1, 2, 0)),
    )


def _cmi_cases() -> list[Case]:
    rng = np.random.default_rng(20261206)
    xor = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])
    copy = rng.integers(0, 4, size=(6, 1))
    cases = [
        Case((np.array([[0, 1, 7], [1, 1, 7], [1, 0, 7], [1, 1, 7], [0, 0, 7]]),),
             "five rows with one value of z, data ="),
        Case((xor,), "the four rows of Z = X xor Y, data ="),
        Case((np.array([[1, 0, 2]]),), "a single row, data ="),
    ]
    for n in (400, 1000, 5000):
        cases.append(Case((_umbrella_data(rng, n),), f"fresh umbrella data ({n} rows), data ="))
    cases.append(Case((np.column_stack([copy, copy, [0, 1, 1, 0, 1, 1]]),),
                      "six rows where y is a copy of x, data ="))
    for shape, n, labels in [((2, 3, 2), 500, ([0, 1], [0, 1, 2], [0, 1])),
                             ((4, 2, 3), 800, ([2, 3, 5, 9], [-1, 1], [0, 10, 20])),
                             ((3, 3, 5), 2000, ([0, 1, 2], [4, 5, 6], [1, 2, 3, 4, 5]))]:
        cases.append(Case((_table_data(rng, shape, n, labels),),
                          f"{n} rows from a random {'×'.join(map(str, shape))} joint pmf, data ="))
    return cases


register(Check(
    name="cmi_from_data",
    points=3,
    task="Conditional mutual information I(X;Y|Z) of a data table (columns x, y, z), in bits",
    cases=_cmi_cases,
    reference=_cmi_reference,
    forbidden=("entropy", "joint_entropy", "conditional_entropy", "mutual_information",
               "conditional_mutual_information", "pointwise_mutual_information",
               "estimators.plugin_entropy", "estimators.plugin_mutual_information",
               "estimators.contingency_counts"),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the triples that "
             "never occur (their contribution is 0)"),
        Hint(_is("mi_xy"), "this is I(X;Y), the information of the pairs (x, y) with z ignored: "
             "compare each (x, y) with the other rows of the same z"),
        Hint(_is("mi_x_yz"), "this is I(X; Y,Z), the information x shares with the pair (y, z): "
             "by the chain rule, I(X;Y|Z) = I(X; Y,Z) − I(X;Z)"),
        Hint(_is("unweighted"), "this is the plain mean of I(X;Y|Z=z) over the values of z: weight "
             "each value of z by its frequency p(z), the fraction of rows that have it"),
        Hint(_is("x_z_given_y"), "this is I(X;Z|Y): the columns are x, y, z, in that order, and "
             "the condition is the last one, data[:, 2]"),
        Hint(_is("y_z_given_x"), "this is I(Y;Z|X): the columns are x, y, z, in that order, and "
             "the condition is the last one, data[:, 2]"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "the conditional mutual information of a table is never "
             "negative: check the ratio p(x, y, z) p(z) / (p(x, z) p(y, z))"),
    ),
))


def check_cmi_from_data(fn: Callable) -> None:
    """Check a function ``fn(data) -> float`` that returns I(X;Y|Z) in bits of the empirical
    distribution of the rows of ``data``, an ``(n, 3)`` array of integer labels (columns x, y,
    z); prints a verdict.

    Examples
    --------
    Counting the triples with ``np.unique`` and summing the definition over the seen triples:

    >>> import numpy as np
    >>> def cmi_bits(data):
    ...     _, triple, n_xyz = np.unique(data, axis=0, return_inverse=True, return_counts=True)
    ...     def count(cols):
    ...         _, inv, c = np.unique(data[:, cols], axis=0, return_inverse=True, return_counts=True)
    ...         return c[inv.ravel()]
    ...     ratio = n_xyz[triple.ravel()] * count([2]) / (count([0, 2]) * count([1, 2]))
    ...     return float(np.mean(np.log2(ratio)))
    >>> check_cmi_from_data(cmi_bits)
    ✓ Conditional mutual information I(X;Y|Z) of a data table (columns x, y, z), in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("cmi_from_data", fn))


# --- the quantised exponential (kind c: a closed form derived on paper) ------------------------

_LOG2E = math.log2(math.e)


def _geometric_cells_bits(t):
    """H(X_Δ) in bits for cells of width Δ and an exponential of rate λ, as a function of t = λΔ.

    The cell probabilities P_k = (1 - q) q^k, q = e^{-t}, form a geometric pmf, whose entropy is
    -log2(1 - q) - E[K] log2 q with E[K] = q / (1 - q).
    """
    # t / (e^t - 1) written as t e^(-t) / (1 - e^(-t)): no overflow for very wide cells, where the
    # entropy is 0 to double precision
    return -math.log2(-math.expm1(-t)) + t * _LOG2E * math.exp(-t) / -math.expm1(-t)


def _quantised_exponential_reference(rate, width):
    rate, width = float(rate), float(width)
    t = rate * width
    q = math.exp(-t)
    binary = q * t * _LOG2E - (1 - q) * math.log2(1 - q)          # h2(q), the first question only
    dens = -math.log2(t) * t / (1 - q) + _LOG2E * t * t * q / (1 - q) ** 2   # P_k ≈ density × width
    return _Answer(
        _geometric_cells_bits(t),
        small_cells=_LOG2E - math.log2(t),
        rate_as_mean=_geometric_cells_bits(width / rate),
        mean_off_by_one=_geometric_cells_bits(t) + t * _LOG2E,
        first_question=binary,
        density_times_width=dens,
    )


def _quantised_exponential_cases() -> list[Case]:
    grid = [(1.0, 1.0, "the unit exponential and Δ = 1,"), (2.0, 0.25, "Δ = 0.25,"),
            (0.5, 0.1, "Δ = 0.1,"), (4.0, 0.01, "fine cells Δ = 0.01,"), (0.25, 2.0, "Δ = 2,"),
            (3.0, 1.0, "Δ = 1,"), (10.0, 0.5, "Δ = 0.5,"), (1.5, 0.001, "very fine cells Δ = 0.001,"),
            (2.0, 10.0, "very wide cells Δ = 10 (nearly all mass in the first cell),")]
    return [Case((np.array(rate), np.array(width)), f"{about} the rate λ =") for rate, width, about in grid]


register(Check(
    name="quantised_exponential_entropy",
    points=5,
    task="Entropy H(X_Δ) of an exponential variable quantised into cells of width Δ, in bits",
    cases=_quantised_exponential_cases,
    reference=_quantised_exponential_reference,
    forbidden=("entropy",),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan comes from the logarithm of 0 or of a negative "
             "number: check the signs, 0 < e^(−λΔ) < 1 for every rate and width"),
        Hint(_is("small_cells"), "this is the small-cell approximation h(X) − log2 Δ = log2(e / (λΔ)); "
             "the exercise asks for the exact entropy of the cell probabilities"),
        Hint(_is("rate_as_mean"), "this treats λ as the mean: the rate λ has the density λ e^(−λx) "
             "and the mean 1/λ, so the cell probabilities depend on λΔ"),
        Hint(_is("mean_off_by_one"), "off by one λΔ log2 e: the cells are numbered from k = 0, so "
             "the mean cell number is E[K] = q / (1 − q) with q = e^(−λΔ), not 1 / (1 − q)"),
        Hint(_is("first_question"), "this is the entropy of the first cell's yes/no question, "
             "h2(q); the geometric pmf's entropy is h2(q) / (1 − q)"),
        Hint(_is("density_times_width"), "these are the cell probabilities approximated by density "
             "× width, λΔ e^(−λkΔ); the exact ones are e^(−λkΔ) (1 − e^(−λΔ)), from the CDF"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "an entropy of cell probabilities is never negative (a differential "
             "entropy can be; this is not one)"),
    ),
))


def check_quantised_exponential_entropy(fn: Callable) -> None:
    """Check a function ``fn(rate, width) -> float`` that returns, in bits, the entropy of the
    cell index of an exponential variable of rate ``rate`` quantised into the cells
    ``[kΔ, (k+1)Δ)``, ``Δ = width``; prints a verdict.

    Examples
    --------
    The geometric pmf's entropy written with ``q = e^(-λΔ)``:

    >>> import numpy as np
    >>> def h_cells(rate, width):
    ...     q = np.exp(-rate * width)
    ...     return float(-np.log2(1 - q) - q / (1 - q) * np.log2(q))
    >>> check_quantised_exponential_entropy(h_cells)
    ✓ Entropy H(X_Δ) of an exponential variable quantised into cells of width Δ, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 5 of 5 points.
    >>> check_quantised_exponential_entropy(lambda rate, width: float(np.log2(np.e / (rate * width))))
    ✗ Entropy H(X_Δ) of an exponential variable quantised into cells of width Δ, in bits: 1 of 9 test inputs right, 0 of 5 points (all must be right).
      First problem: for the unit exponential and Δ = 1, the rate λ = 1. the answer is 1.50134, your function returned 1.4427. Hint: this is the small-cell approximation h(X) − log2 Δ = log2(e / (λΔ)); the exercise asks for the exact entropy of the cell probabilities.
      (7 more inputs fail.)
    """
    print(evaluate("quantised_exponential_entropy", fn))


# --- the binary symmetric channel (kind c: a closed form derived on paper) ---------------------

def _h2(p):
    """The binary entropy function in bits (0 at p = 0 and p = 1)."""
    return float(entropy(np.array([p, 1.0 - p])))


def _bsc_reference(a, eps):
    a, eps = float(a), float(eps)
    pxy = np.array([[(1 - a) * (1 - eps), (1 - a) * eps], [a * eps, a * (1 - eps)]])
    b = a * (1 - eps) + (1 - a) * eps                                 # P(Y = 1)
    return _Answer(
        mutual_information(pxy),
        fair_input=1.0 - _h2(eps),
        h_x_minus=_h2(a) - _h2(eps),
        h_y_given_x=_h2(eps),
        h_y=_h2(b),
        h_x=_h2(a),
    )


def _bsc_cases() -> list[Case]:
    grid = [(0.5, 0.1, "a fair input bit"), (0.2, 0.1, "a biased input"), (0.9, 0.3, "a biased input"),
            (0.3, 0.5, "a channel that flips half of the bits"), (0.25, 0.0, "a noiseless channel"),
            (0.4, 1.0, "a channel that flips every bit"), (0.0, 0.2, "an input that is always 0"),
            (0.7, 0.05, "a biased input"), (0.11, 0.75, "a channel that flips most bits")]
    return [Case((np.array(a), np.array(eps)), f"{about} (ε = {eps}), P(X = 1) = a =")
            for a, eps, about in grid]


register(Check(
    name="bsc_information",
    points=3,
    task="Mutual information I(X;Y) of a binary symmetric channel, in bits",
    cases=_bsc_cases,
    reference=_bsc_reference,
    forbidden=("entropy", "joint_entropy", "conditional_entropy", "kl_divergence",
               "conditional_mutual_information"),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan comes from 0·log 0 in the binary entropy: "
             "h2(0) = h2(1) = 0 (skip the terms with probability 0)"),
        Hint(_is("fair_input"), "this is 1 − h2(ε), the information for a fair input bit; when "
             "P(X = 1) = a ≠ 1/2 the output is not fair either: H(Y) = h2(a(1 − ε) + (1 − a)ε)"),
        Hint(_is("h_x_minus"), "this is H(X) − H(Y|X); but I(X;Y) = H(Y) − H(Y|X), and H(Y) is not "
             "H(X): P(Y = 1) = a(1 − ε) + (1 − a)ε"),
        Hint(_is("h_y_given_x"), "this is H(Y|X) = h2(ε), what the noise adds; subtract it from H(Y)"),
        Hint(_is("h_y"), "this is H(Y), the entropy of the output; subtract H(Y|X) = h2(ε)"),
        Hint(_is("h_x"), "this is H(X), which the channel delivers only without noise (ε = 0 or 1)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: H(Y) − H(Y|X) ≥ 0"),
    ),
))


def check_bsc_information(fn: Callable) -> None:
    """Check a function ``fn(a, eps) -> float`` that returns, in bits, I(X;Y) for an input bit
    with P(X = 1) = ``a`` sent through a channel that flips it with probability ``eps``;
    prints a verdict.

    Examples
    --------
    ``I(X;Y) = H(Y) - H(Y|X)`` with the binary entropy ``h2``:

    >>> import numpy as np
    >>> def h2(p):
    ...     p = np.array([p, 1 - p])
    ...     p = p[p > 0]
    ...     return float(-np.sum(p * np.log2(p)))
    >>> check_bsc_information(lambda a, eps: h2(a * (1 - eps) + (1 - a) * eps) - h2(eps))
    ✓ Mutual information I(X;Y) of a binary symmetric channel, in bits: correct on all 9 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("bsc_information", fn))
