"""Variational bounds: the InfoNCE lower bound from a critic's scores.

:func:`infonce` can never exceed :func:`infonce_upper_bound` ``= log N``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp

from .._validate import (
    as_base,
    as_continuous_samples,
    as_count,
    check_n_samples,
    check_same_length,
    from_nats,
    to_float,
)

__all__ = ["infonce", "infonce_upper_bound"]


def infonce_upper_bound(n, base=2):
    """The ceiling ``log N`` of the InfoNCE estimate with a batch of ``N`` pairs.

    Parameters
    ----------
    n : int
        Batch size, ``N ≥ 1``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``log N``.

    Raises
    ------
    ValueError
        If ``n`` is not a whole number ≥ 1 or ``base`` is invalid.

    Examples
    --------
    >>> infonce_upper_bound(1024)
    10.0
    """
    base = as_base(base)
    n = as_count(n, "n", minimum=1)
    return to_float(from_nats(math.log(n), base))


def infonce(critic, x=None, y=None, base=2):
    """InfoNCE estimate of mutual information from a critic's scores.

    Parameters
    ----------
    critic : callable or array_like, shape (N, N)
        Either a score matrix ``S[i, j] = f(x_i, y_j)`` (real, may be
        ``-inf``) with the ``N`` true pairs on the diagonal, or a vectorised
        function ``f(a, b)``.  A function is called on blocks of rows,
        ``f(x[i:j, None], y[None, :])`` (with a trailing coordinate axis kept
        for 2-D samples), and must return the ``(j - i) × N`` scores of that
        block: memory stays ``O(N)`` rows of at most ``2**22`` scores, never
        ``N²``.
    x, y : array_like, optional
        Paired samples; required with a function critic, forbidden with a
        score matrix.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``I_NCE = log N + mean_i [ S_ii - log Σ_j exp(S_ij) ]``.

    Raises
    ------
    ValueError
        A score matrix that is not square ``N × N`` with ``N ≥ 2``, has NaN,
        ``+inf`` or complex entries, or ``-inf`` on the diagonal; a function
        critic without samples (or samples with a matrix); a function that
        returns the wrong shape or complex scores; or an invalid ``base``.

    Notes
    -----
    ``S_ii - logsumexp_j S_ij ≤ 0`` for every row, so ``I_NCE ≤ log N``
    for every critic (van den Oord et al. 2018; Poole et al. 2019): InfoNCE
    can never report more than ``log N`` however much information there is,
    so certifying ``I`` nats needs a batch of about ``exp(I)`` pairs — the
    limit McAllester & Stratos (2020) prove for every distribution-free
    lower bound on mutual information.
    With the pointwise mutual information as critic it is a lower bound on
    ``I(X; Y)`` in expectation.  Computed with ``logsumexp``: scores of any
    size are safe.

    Examples
    --------
    A critic that ignores its input scores every pair alike: the estimate is 0.

    >>> infonce(np.zeros((4, 4)))
    0.0

    A critic that recognises the true pairs perfectly reaches ``log N``:

    >>> infonce(lambda a, b: np.where(a == b, 0.0, -np.inf),
    ...         x=np.arange(8), y=np.arange(8))
    3.0
    """
    base = as_base(base)
    if callable(critic):
        if x is None or y is None:
            raise ValueError("x and y are needed with a critic function; "
                             "pass the paired samples, or pass a score matrix instead")
        xs = as_continuous_samples(x, "x")
        ys = as_continuous_samples(y, "y")
        check_same_length(xs.shape[0], ys.shape[0], "x", "y")
        n = xs.shape[0]
        check_n_samples(n, "x")
        a = xs[:, 0][:, None] if np.ndim(x) == 1 else xs[:, None, :]
        b = ys[:, 0][None, :] if np.ndim(y) == 1 else ys[None, :, :]
        step = max(1, _BLOCK // n)
        terms = np.empty(n)
        for s in range(0, n, step):       # a block of rows at a time: never all N² scores
            e = min(n, s + step)
            name = f"critic(x[{s}:{e}, None], y[None, :])"
            block = _scores(critic(a[s:e], b), name, (e - s, n))
            terms[s:e] = _row_terms(block, np.arange(s, e), name)
    else:
        if x is not None or y is not None:
            raise ValueError("x and y must not be given with a score matrix; "
                             "pass a critic function to score samples")
        try:
            scores = np.asarray(critic)
        except (TypeError, ValueError):
            scores = None
        if scores is None or scores.dtype.kind not in "biufc":
            raise ValueError(f"critic must be a function or a square score matrix, "
                             f"got {type(critic).__name__}")
        if scores.ndim != 2 or scores.shape[0] != scores.shape[1]:
            raise ValueError(f"critic must be a square N × N score matrix, "
                             f"got shape {scores.shape}")
        n = scores.shape[0]
        check_n_samples(n, "critic")
        scores = _scores(scores, "critic", (n, n))
        terms = _row_terms(scores, np.arange(n), "critic")
    est = math.log(n) + float(np.mean(terms))
    est = min(est, math.log(n))  # each term ≤ 0 exactly; rounding must not break it
    return to_float(from_nats(est, base))


#: Scores evaluated at once by a critic function (rows × N ≤ this; 32 MB of float64).
_BLOCK = 1 << 22


def _scores(values, name, shape):
    """``values`` as a float64 score array of ``shape``, or a ``ValueError`` naming ``name``."""
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must return a {shape} array of real scores, "
                         f"got {type(values).__name__}") from None
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} returned complex scores; scores must be real (or -inf)")
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must return real scores, got an array of dtype {arr.dtype}")
    if arr.shape != shape:
        raise ValueError(f"{name} must return an array of shape {shape}, got shape {arr.shape}; "
                         "make the critic broadcast its two arguments (rows: x, columns: y)")
    arr = arr.astype(np.float64, copy=False)
    if np.isnan(arr).any() or np.isposinf(arr).any():
        raise ValueError(f"{name} has NaN or +inf scores; scores must be real or -inf")
    return arr


def _row_terms(scores, rows, name):
    """``S_ii - logsumexp_j S_ij`` of the rows ``rows`` (``scores[r]`` is row ``rows[r]``)."""
    diag = scores[np.arange(rows.size), rows]
    if np.isneginf(diag).any():
        raise ValueError(f"{name} scores a true pair (diagonal) as -inf; "
                         "InfoNCE would be -inf; give true pairs a finite score")
    return diag - logsumexp(scores, axis=1)
