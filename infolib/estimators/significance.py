"""Tests of significance: is an estimated dependence more than chance?

:func:`permutation_test`: the estimate on the paired samples against its values after the
pairing is broken by random permutations, and the p-value ``(1 + #{null ≥ observed}) / (1 + P)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_count, check_n_samples, check_same_length
from .counts import _pair_labels, plugin_mutual_information

__all__ = ["permutation_test", "PermutationTest"]

#: Cells of the tables counted at once by the vectorised plug-in path (32 MB of int64).
_TABLE_CELLS = 1 << 22


@dataclass(frozen=True)
class PermutationTest:
    """The result of :func:`permutation_test`.

    Attributes
    ----------
    estimate : float
        The estimator's value on the samples as paired.
    p_value : float
        ``(1 + #{b : null[b] ≥ estimate}) / (1 + permutations)``.
    null : numpy.ndarray
        The estimator's value after each permutation of ``y`` (in the order drawn).
    permutations : int
        How many permutations were drawn.

    Examples
    --------
    >>> result = permutation_test([0, 0, 1, 1] * 10, [0, 0, 1, 1] * 10, permutations=19)
    >>> result.estimate, result.p_value, result.null.shape
    (1.0, 0.05, (19,))
    """

    estimate: float
    p_value: float
    null: np.ndarray
    permutations: int


def _vectorised_plugin_null(x, y, permutations, draw, base):
    """Plug-in MI of ``(x, y)`` and of ``(x, y[perm])`` for ``permutations`` permutations,
    ``draw(rows)`` giving the next ``rows`` of them (an array of shape ``(rows, N)``).

    A permutation leaves both margins as they are, so only ``Σ n_ab log n_ab`` changes: the
    joint counts of many permutations at once come from one :func:`numpy.bincount` of
    ``(permutation, code of x, code of y)``, and ``n log n`` from a table of ``0 .. N``.
    The permutations are drawn a block at a time: memory stays ``O(_TABLE_CELLS)``, never
    ``permutations × N``.
    """
    n = x.size
    ax = np.unique(x, return_inverse=True)[1].reshape(-1).astype(np.int64)
    ay = np.unique(y, return_inverse=True)[1].reshape(-1).astype(np.int64)
    kx, ky = int(ax.max()) + 1, int(ay.max()) + 1
    nx = np.bincount(ax, minlength=kx)
    ny = np.bincount(ay, minlength=ky)
    xlogx = np.zeros(n + 1)
    xlogx[1:] = np.arange(1, n + 1) * np.log(np.arange(1, n + 1))
    const = n * np.log(n) - xlogx[nx].sum() - xlogx[ny].sum()
    cells = kx * ky
    rows = max(1, min(permutations + 1, _TABLE_CELLS // max(cells, n)))
    joint_x = ax * ky
    out = np.empty(permutations + 1)
    for s in range(0, permutations + 1, rows):
        m = min(rows, permutations + 1 - s)
        block = draw(m - (s == 0))
        if s == 0:      # the data as paired first, then the first permutations
            block = np.vstack((np.arange(n)[None, :], block))
        flat = (np.arange(m)[:, None] * cells + joint_x[None, :] + ay[block]).ravel()
        tables = np.bincount(flat, minlength=m * cells).reshape(m, cells)
        out[s:s + m] = (xlogx[tables].sum(axis=1) + const) / n
    if base is not None:
        out /= np.log(base)
    return out[0], out[1:]


def permutation_test(x, y, estimator=None, permutations=1000, seed=0):
    """Permutation test of independence: how often does chance give as large an estimate?

    Parameters
    ----------
    x, y : array_like, same number of samples (rows)
        Paired samples, in the form ``estimator`` takes.
    estimator : callable or None, default None
        ``estimator(x, y) -> float``, e.g. :func:`ksg_mutual_information` or
        ``functools.partial(ksg_mutual_information, k=5)``.  ``None`` uses
        :func:`plugin_mutual_information` (discrete labels), computed for all the
        permutations at once.
    permutations : int, default 1000
        The number ``P`` of random permutations of ``y`` (``≥ 1``).
    seed : int, default 0
        Seed of the permutations (:func:`numpy.random.default_rng`).

    Returns
    -------
    PermutationTest
        ``estimate`` (the estimator on the data as paired), ``p_value``, the
        ``null`` values, and ``permutations``.

    Raises
    ------
    ValueError
        Different numbers of samples, fewer than 2, ``permutations`` not a whole
        number ≥ 1, an ``estimator`` that is not callable or returns something that
        is not a finite number, or what the estimator itself raises for the data.

    Notes
    -----
    Under the null hypothesis that ``X`` and ``Y`` are independent (and the pairs
    i.i.d.), every pairing of the ``x`` with the ``y`` is equally likely, so the
    observed estimate ``T`` is exchangeable with the values ``T_1 .. T_P`` after
    random permutations of ``y``, and

    ``p = (1 + #{b : T_b ≥ T}) / (1 + P)``

    satisfies ``Pr(p ≤ α) ≤ α`` for every ``α`` — whatever the estimator and its
    bias (Phipson & Smyth 2010, who also show why the ``1 +`` terms are needed:
    ``#{T_b ≥ T} / P`` can be 0 and is not a valid p-value).  The smallest
    possible value is ``1 / (1 + P)``.  A small p-value says the pairing matters
    (dependence); it is not the probability that ``X`` and ``Y`` are independent,
    and a large one does not show independence (the test may lack the power to see
    a weak dependence with few samples).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 4, 200)
    >>> dependent = permutation_test(x, (x + rng.integers(0, 2, 200)) % 4, permutations=199)
    >>> dependent.p_value                                  # the smallest possible: 1/200
    0.005
    >>> independent = permutation_test(x, rng.integers(0, 4, 200), permutations=199)
    >>> bool(independent.p_value > 0.05)
    True
    """
    permutations = as_count(permutations, "permutations", minimum=1)
    if estimator is not None and not callable(estimator):
        raise ValueError(f"estimator must be a function estimator(x, y) -> float, "
                         f"got {type(estimator).__name__}")
    rng = np.random.default_rng(seed)
    if estimator is None:
        x, y = _pair_labels(x, y)
        n = x.size
        statistic, null = _vectorised_plugin_null(
            x, y, permutations, lambda rows: rng.permuted(np.tile(np.arange(n), (rows, 1)), axis=1), 2)
        estimate = plugin_mutual_information(x, y)
    else:
        xa, ya = np.asarray(x), np.asarray(y)
        check_same_length(len(xa), len(ya), "x", "y")
        n = len(xa)
        check_n_samples(n, "x")
        estimate = statistic = _value(estimator, xa, ya)
        null = np.empty(permutations)
        for b in range(permutations):
            null[b] = _value(estimator, xa, ya[rng.permutation(n)])
    exceed = int(np.count_nonzero(null >= statistic - 1e-12 * max(1.0, abs(statistic))))
    return PermutationTest(estimate=float(estimate), p_value=(1 + exceed) / (1 + permutations),
                           null=null, permutations=permutations)


def _value(estimator, x, y):
    value = estimator(x, y)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"estimator must return a number, got {type(value).__name__}") from None
    if not np.isfinite(value):
        raise ValueError(f"estimator returned {value}; it must return a finite number")
    return value
