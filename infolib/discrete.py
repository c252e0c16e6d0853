"""Information measures of discrete distributions.

A *pmf* is a 1-D array of non-negative numbers summing to 1.  A *joint pmf*
``pxy`` is a 2-D array: **rows index X, columns index Y**, so ``pxy[i, j]`` is
``P(X = x_i, Y = y_j)``.

Shared conventions (every function below):

* Results are in **bits** by default.  ``base`` works as in
  :func:`scipy.stats.entropy`: ``base=None`` gives nats, any positive base
  other than 1 is allowed (a base below 1 flips the sign of every result).
* ``0 · log 0 = 0``: zero-probability outcomes contribute nothing.
* A *3-D joint pmf* ``pxyz`` (for :func:`conditional_mutual_information`)
  has axes X, Y, Z in that order: ``pxyz[i, j, k] = P(X = x_i, Y = y_j, Z = z_k)``.
* A pmf must sum to 1 within an absolute tolerance of ``1e-6`` (and is then
  divided by its sum); with ``normalize=True`` any non-negative array with a
  positive total (e.g. counts) is divided by its total instead.
* Scalars are returned as plain Python ``float``.
* No NumPy floating-point warning escapes.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_base, as_pmf, check_same_shape, clip_to_bounds, log_fn, to_float

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "conditional_mutual_information",
    "kl_divergence",
    "cross_entropy",
    "js_divergence",
    "pointwise_mutual_information",
    "marginals",
]

_ENTROPY_HINT = "for a joint pmf use joint_entropy"
_JOINT_HINT = "a joint pmf has rows indexing X and columns indexing Y"
_LN2 = float(np.log(2.0))


def _joint(pxy, normalize):
    return as_pmf(pxy, "pxy", ndim=2, normalize=normalize, hint=_JOINT_HINT)


def _pair(p, q, normalize):
    p = as_pmf(p, "p", ndim=(1, 2), normalize=normalize)
    q = as_pmf(q, "q", ndim=(1, 2), normalize=normalize)
    check_same_shape(p, q, "p", "q")
    return p, q


def _neg_plogp(p, log):
    """Sum of ``-p log p`` with ``0 log 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * log(p), 0.0)
    return terms.sum()


def _plog_ratio(p, q, log):
    """Sum of ``p (log p - log q)`` over ``p > 0``; ``+inf`` (base > 1) if some ``q = 0 < p``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (log(p) - log(q)), 0.0)
    return terms.sum()


# --------------------------------------------------------------------------
# entropies
# --------------------------------------------------------------------------
def entropy(p, base=2, normalize=False):
    """Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like, 1-D
        Probability mass function (or non-negative weights if
        ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``p`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    float
        ``H(p)``, between 0 and ``log(len(p))``.

    Raises
    ------
    ValueError
        If ``p`` is not 1-D (a 2-D array gets a pointer to
        :func:`joint_entropy`), is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    ``H(p) = -Σ_i p_i log p_i`` with the convention ``0 log 0 = 0``.
    A pmf whose sum is within an absolute tolerance of ``1e-6`` of 1 is
    divided by its sum before use.

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([0.25, 0.25, 0.25, 0.25])
    2.0
    >>> entropy([1.0, 0.0])
    0.0
    >>> entropy([1, 1, 2], normalize=True)
    1.5
    >>> round(entropy([0.5, 0.5], base=None), 6)
    0.693147
    """
    base = as_base(base)
    p = as_pmf(p, "p", ndim=1, normalize=normalize, hint=_ENTROPY_HINT)
    return to_float(_neg_plogp(p, log_fn(base)))


def joint_entropy(pxy, base=2, normalize=False):
    """Joint entropy ``H(X, Y)`` of a joint pmf.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y (or non-negative counts
        if ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``pxy`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    float
        ``H(X, Y)``.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    ``H(X, Y) = -Σ_{x,y} p(x,y) log p(x,y)`` with ``0 log 0 = 0``; this is the
    entropy of the flattened table.  Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])
    2.0
    >>> joint_entropy([[0.5, 0.0], [0.0, 0.5]])
    1.0
    """
    base = as_base(base)
    pxy = _joint(pxy, normalize)
    return to_float(_neg_plogp(pxy, log_fn(base)))


def conditional_entropy(pxy, base=2, normalize=False):
    """Conditional entropy ``H(Y | X)`` — rows of ``pxy`` are X.

    The uncertainty left in Y (the **column** variable) once X (the **row**
    variable) is known.  For ``H(X | Y)`` pass the transpose, ``pxy.T``.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y (or non-negative counts
        if ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``pxy`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    float
        ``H(Y | X) ≥ 0``.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    ``H(Y | X) = -Σ_{x,y} p(x,y) log( p(x,y) / p(x) )
    = H(X, Y) - H(X)``, where ``p(x) = Σ_y p(x,y)`` are the row sums and
    ``0 log 0 = 0``.  The result is mathematically ≥ 0; a rounding error
    below zero is clipped to ``0.0``.  Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    Y is a copy of X, so nothing is left to learn:

    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])
    0.0

    X and Y independent fair bits, so knowing X does not help:

    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]])
    1.0

    Rows are X: here ``H(Y | X) = 0.5`` bit but ``H(X | Y) ≈ 0.689`` bit.

    >>> pxy = [[0.5, 0.0], [0.25, 0.25]]
    >>> conditional_entropy(pxy)
    0.5
    >>> round(conditional_entropy(np.transpose(pxy)), 3)
    0.689
    """
    base = as_base(base)
    pxy = _joint(pxy, normalize)
    log = log_fn(base)
    px = pxy.sum(axis=1, keepdims=True)
    h = -_plog_ratio(pxy, px, log)
    return to_float(clip_to_bounds(h, base))


def marginals(pxy, normalize=False):
    """Marginal pmfs ``(p_x, p_y)`` of a joint pmf.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y (or non-negative counts
        if ``normalize=True``).
    normalize : bool, default False
        Divide ``pxy`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    p_x : numpy.ndarray, shape (n_rows,)
        Row sums, ``p(x) = Σ_y p(x,y)``.
    p_y : numpy.ndarray, shape (n_cols,)
        Column sums, ``p(y) = Σ_x p(x,y)``.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0.

    Notes
    -----
    A table whose sum is within 1e-6 of 1 is divided by its sum first, so the
    marginals always sum to 1 up to rounding.

    Examples
    --------
    >>> p_x, p_y = marginals([[0.5, 0.0], [0.25, 0.25]])
    >>> p_x.tolist(), p_y.tolist()
    ([0.5, 0.5], [0.75, 0.25])
    >>> marginals([[2, 0], [1, 1]], normalize=True)[1].tolist()
    [0.75, 0.25]
    """
    pxy = _joint(pxy, normalize)
    return pxy.sum(axis=1), pxy.sum(axis=0)


# --------------------------------------------------------------------------
# mutual information
# --------------------------------------------------------------------------
def _pmi(pxy, log):
    """log p(x,y)/(p(x)p(y)) where p(x,y) > 0, -inf elsewhere (no warnings)."""
    px = pxy.sum(axis=1, keepdims=True)
    py = pxy.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        # computed in logs so that p(x)p(y) cannot underflow to 0
        log_zero = log(np.float64(0.0))  # -inf, or +inf for a base below 1
        return np.where(pxy > 0, log(pxy) - log(px) - log(py), log_zero)


def mutual_information(pxy, base=2, normalize=False):
    """Mutual information ``I(X; Y)`` of a joint pmf.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y (or non-negative counts,
        e.g. a contingency table, if ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``pxy`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    float
        ``I(X; Y)``, between 0 and ``min(H(X), H(Y))``; symmetric in X and Y.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    ``I(X; Y) = Σ_{x,y} p(x,y) log( p(x,y) / (p(x) p(y)) )
    = H(X) + H(Y) - H(X, Y)``, summed over ``p(x,y) > 0``.  It is the KL
    divergence from the product of the marginals to the joint.  The result
    is mathematically ≥ 0; a rounding error below zero (as for an exactly
    independent table) is clipped to ``0.0``.  Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])
    0.0
    >>> round(mutual_information([[10, 0], [5, 5]], base=None, normalize=True), 4)
    0.2158
    """
    base = as_base(base)
    pxy = _joint(pxy, normalize)
    pmi = _pmi(pxy, log_fn(base))
    mi = (pxy * np.where(pxy > 0, pmi, 0.0)).sum()  # skip 0 * (-inf)
    return to_float(clip_to_bounds(mi, base))


def conditional_mutual_information(pxyz, base=2, normalize=False):
    """Conditional mutual information ``I(X; Y | Z)`` of a 3-D joint pmf.

    Parameters
    ----------
    pxyz : array_like, 3-D
        Joint pmf with axes X, Y, Z in that order:
        ``pxyz[i, j, k] = P(X = x_i, Y = y_j, Z = z_k)`` (or non-negative
        counts if ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``pxyz`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    float
        ``I(X; Y | Z) ≥ 0``, symmetric in X and Y; 0 exactly when X and Y are
        independent given Z (that is, when ``X → Z → Y`` is a Markov chain).

    Raises
    ------
    ValueError
        If ``pxyz`` is not 3-D, is empty or non-numeric, has a NaN, infinite
        or negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    ``I(X; Y | Z) = Σ_{x,y,z} p(x,y,z) log( p(x,y,z) p(z) / (p(x,z) p(y,z)) )
    = Σ_z p(z) I(X; Y | Z = z)``, summed over ``p(x,y,z) > 0``; it equals
    ``H(X|Z) + H(Y|Z) - H(X,Y|Z)`` and satisfies the chain rule
    ``I(X; Y, Z) = I(X; Z) + I(X; Y | Z)``.  The logs are taken separately
    so that tiny probabilities cannot underflow.  The result is
    mathematically ≥ 0; a rounding error below zero is clipped to ``0.0``.
    Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    X and Y fair independent bits and Z = X xor Y: independent, yet each
    one determines the other once Z is known.

    >>> pxyz = np.zeros((2, 2, 2))
    >>> for x in (0, 1):
    ...     for y in (0, 1):
    ...         pxyz[x, y, x ^ y] = 0.25
    >>> conditional_mutual_information(pxyz)
    1.0
    >>> mutual_information(pxyz.sum(axis=2))
    0.0

    Z independent of a copied bit changes nothing:

    >>> copy = np.array([[0.5, 0.0], [0.0, 0.5]])
    >>> conditional_mutual_information(copy[:, :, None] * np.array([0.3, 0.7]))
    1.0
    """
    base = as_base(base)
    pxyz = as_pmf(pxyz, "pxyz", ndim=3, normalize=normalize,
                  hint="a 3-D joint pmf has axes X, Y, Z in that order")
    log = log_fn(base)
    pz = pxyz.sum(axis=(0, 1), keepdims=True)
    pxz = pxyz.sum(axis=1, keepdims=True)
    pyz = pxyz.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(pxyz > 0,
                         pxyz * (log(pxyz) + log(pz) - log(pxz) - log(pyz)), 0.0)
    return to_float(clip_to_bounds(terms.sum(), base))


def pointwise_mutual_information(pxy, base=2, normalize=False):
    """Pointwise mutual information of every cell of a joint pmf.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y (or non-negative counts
        if ``normalize=True``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide ``pxy`` by its total instead of requiring it to sum to 1.

    Returns
    -------
    numpy.ndarray
        Same shape as ``pxy``: ``pmi[i, j] = log p(x_i, y_j) / (p(x_i) p(y_j))``.
        Entries can be negative (no clipping here).

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty or non-numeric, has a NaN, infinite or
        negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``), or sums to 0; or if ``base`` is invalid.

    Notes
    -----
    Convention for impossible pairs: **every cell with p(x,y) = 0 is -inf**
    (``log 0``), including cells in an all-zero row or column, where
    ``p(x) p(y) = 0`` too and the ratio would be ``0/0``.  "This pair never
    occurs" is the useful reading in both cases, and it avoids NaNs in plots.
    With a base below 1 these cells are ``+inf`` instead.  No NumPy warning is
    emitted.  The logs are taken separately,
    ``log p(x,y) - log p(x) - log p(y)``, so tiny probabilities cannot
    underflow.

    The mutual information is the expectation of the PMI,
    ``I(X; Y) = Σ p(x,y) · pmi(x,y)`` over cells with ``p(x,y) > 0`` (skip
    the zero cells: in floating point ``0 · (-inf)`` is NaN).
    Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> pointwise_mutual_information([[0.5, 0.0], [0.0, 0.5]])
    array([[  1., -inf],
           [-inf,   1.]])
    >>> pointwise_mutual_information([[0.25, 0.25], [0.25, 0.25]])
    array([[0., 0.],
           [0., 0.]])
    """
    base = as_base(base)
    pxy = _joint(pxy, normalize)
    return _pmi(pxy, log_fn(base)) + 0.0


# --------------------------------------------------------------------------
# divergences
# --------------------------------------------------------------------------
def kl_divergence(p, q, base=2, normalize=False):
    """Kullback–Leibler divergence ``KL(p ‖ q)``.

    Parameters
    ----------
    p, q : array_like, 1-D or 2-D
        Two pmfs on the same outcomes, with the same shape (two joint pmfs
        are allowed); non-negative weights if ``normalize=True``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide each of ``p`` and ``q`` by its own total instead of requiring
        it to sum to 1.

    Returns
    -------
    float
        ``KL(p ‖ q) ≥ 0``; ``inf`` when some outcome has ``q = 0 < p``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D or 2-D, is empty or non-numeric, has a
        NaN, infinite or negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``) or sums to 0; if their shapes differ; or if
        ``base`` is invalid.

    Notes
    -----
    ``KL(p ‖ q) = Σ_i p_i log(p_i / q_i)``, summed over ``p_i > 0``
    (``0 log(0/q) = 0``, also when ``q = 0``).  If ``p_i > 0`` where
    ``q_i = 0`` the divergence is ``inf`` (a float, not an error): ``p`` is not
    absolutely continuous with respect to ``q``.  Not symmetric in its
    arguments.  The result is mathematically ≥ 0 (Gibbs' inequality); a
    rounding error below zero is clipped to ``0.0``.
    Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([1.0, 0.0], [0.5, 0.5])
    1.0
    >>> round(kl_divergence([0.5, 0.5], [0.25, 0.75]), 4)
    0.2075
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    base = as_base(base)
    p, q = _pair(p, q, normalize)
    kl = _plog_ratio(p, q, log_fn(base))
    return to_float(clip_to_bounds(kl, base))


def cross_entropy(p, q, base=2, normalize=False):
    """Cross-entropy ``H(p, q)`` of ``q`` relative to ``p``.

    Parameters
    ----------
    p, q : array_like, 1-D or 2-D
        Two pmfs with the same shape; non-negative weights if
        ``normalize=True``.  ``p`` is the true distribution, ``q`` the model.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide each of ``p`` and ``q`` by its own total instead of requiring
        it to sum to 1.

    Returns
    -------
    float
        ``H(p, q) ≥ H(p)``; ``inf`` when some outcome has ``q = 0 < p``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D or 2-D, is empty or non-numeric, has a
        NaN, infinite or negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``) or sums to 0; if their shapes differ; or if
        ``base`` is invalid.

    Notes
    -----
    ``H(p, q) = -Σ_i p_i log q_i = H(p) + KL(p ‖ q)``, summed over
    ``p_i > 0``; ``inf`` (not an error) if ``q_i = 0 < p_i``.
    Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> cross_entropy([0.5, 0.5], [0.5, 0.5])
    1.0
    >>> cross_entropy([1.0, 0.0], [0.25, 0.75])
    2.0
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    """
    base = as_base(base)
    p, q = _pair(p, q, normalize)
    log = log_fn(base)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * log(q), 0.0)
    return to_float(clip_to_bounds(terms.sum(), base))


def js_divergence(p, q, base=2, normalize=False):
    """Jensen–Shannon divergence between two pmfs.

    Parameters
    ----------
    p, q : array_like, 1-D or 2-D
        Two pmfs with the same shape; non-negative weights if
        ``normalize=True``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    normalize : bool, default False
        Divide each of ``p`` and ``q`` by its own total instead of requiring
        it to sum to 1.

    Returns
    -------
    float
        ``JS(p, q)``, symmetric, always finite, between 0 and 1 bit
        (``log 2`` in other units).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D or 2-D, is empty or non-numeric, has a
        NaN, infinite or negative entry, does not sum to 1 within 1e-6 (unless
        ``normalize=True``) or sums to 0; if their shapes differ; or if
        ``base`` is invalid.

    Notes
    -----
    ``JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m)`` with ``m = (p + q) / 2``.  It is
    0 iff ``p = q`` and 1 bit iff ``p`` and ``q`` have disjoint supports.
    Rounding outside ``[0, log 2]`` is clipped back into that interval.
    Sum tolerance: 1e-6 (absolute).

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0])
    1.0
    >>> js_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> round(js_divergence([1.0, 0.0], [0.5, 0.5]), 4)
    0.3113
    """
    base = as_base(base)
    p, q = _pair(p, q, normalize)
    log = log_fn(base)
    # KL(p ‖ m) = Σ p (log(p / (p + q)) + log 2).  Using p + q rather than
    # m = (p + q) / 2 keeps the ratio > 0 wherever p > 0, even for subnormal
    # p, and p = q gives exactly log(1/2) + log 2 = 0.
    s = p + q
    log2 = log(np.float64(2.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (log(p / s) + log2), 0.0)
        terms += np.where(q > 0, q * (log(q / s) + log2), 0.0)
    js = 0.5 * terms.sum()
    return to_float(clip_to_bounds(js, base, upper_nats=_LN2))
