"""Prefix codes built from a model pmf: Shannon and Huffman code lengths.

A prefix code for symbols ``0 .. n-1`` is described here by its codeword
lengths in bits; which bit strings are used does not matter for the cost.
Lengths ``l`` of a prefix code satisfy the Kraft inequality
``Σ 2^(-l) ≤ 1`` and, conversely, any lengths that satisfy it belong to some
prefix code (Cover & Thomas 2006, ch. 5).

* :func:`shannon_code_lengths` — ``⌈-log2 q(x)⌉``, the code "built for q".
* :func:`huffman_code_lengths` — the optimal (shortest expected length) code
  for ``q`` (Huffman 1952).
* :func:`code_lengths` — either of the two, chosen by name.
* :func:`expected_code_length` — ``Σ p(x) l(x)``, exact.
* :func:`measured_code_length` — build a code for ``q``, encode ``n`` symbols
  drawn from ``p`` (seeded) and return the average number of bits per symbol.

Conventions: a symbol with ``q(x) = 0`` gets **no codeword**, reported as the
length ``inf``; encoding it costs ``inf`` bits, just as the cross entropy
``H(p, q)`` is ``inf`` when ``q = 0 < p``.  A model with a single possible
symbol needs no bits at all (length ``0``).  Lengths are returned as ``float``
arrays so that ``inf`` can be represented; every finite entry is a whole number.
"""
from __future__ import annotations

import heapq

import numpy as np

from ._validate import as_array, as_count, as_pmf, check_same_shape, to_float

__all__ = [
    "shannon_code_lengths",
    "huffman_code_lengths",
    "code_lengths",
    "expected_code_length",
    "measured_code_length",
]

_CODES = ("shannon", "huffman")


def shannon_code_lengths(q):
    """Codeword lengths ``⌈-log2 q(x)⌉`` of the Shannon code built for ``q``.

    Parameters
    ----------
    q : array_like, 1-D
        The pmf the code is designed for (the *model*).

    Returns
    -------
    numpy.ndarray of float, same shape as ``q``
        Whole numbers of bits; ``inf`` where ``q = 0`` (no codeword).

    Raises
    ------
    ValueError
        If ``q`` is not a valid 1-D pmf (see :func:`infolib.entropy`).

    Notes
    -----
    The lengths are computed exactly from the binary exponent of each
    probability: writing ``q = m · 2^e`` with ``1/2 ≤ m < 1`` (``numpy.frexp``),
    ``⌈-log2 q⌉ = 1 - e``.  No floating-point logarithm is rounded, so
    ``2^(-l) ≤ q`` holds exactly and the lengths satisfy the Kraft inequality
    ``Σ 2^(-l) ≤ Σ q = 1`` (exactly so whenever the floating-point entries of
    ``q`` add up to at most 1; after rounding they may exceed 1 by an ulp, and
    the Kraft sum by no more).  With two or more possible symbols every length
    is at least 1: a probability that rounded to 1.0 beside a tiny one still
    needs a one-bit codeword.  Each symbol costs less than one bit more than its
    surprisal ``-log2 q(x)``, so on data from ``p`` the expected length lies in
    ``[H(p, q), H(p, q) + 1)`` (Cover & Thomas 2006, §5.4).

    Examples
    --------
    >>> shannon_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist()
    [1.0, 2.0, 3.0, 3.0]
    >>> shannon_code_lengths([0.4, 0.3, 0.3]).tolist()
    [2.0, 2.0, 2.0]
    >>> shannon_code_lengths([1.0, 0.0]).tolist()
    [0.0, inf]
    """
    q = as_pmf(q, "q", ndim=1, hint="give the model pmf of one symbol")
    _, exponent = np.frexp(q)
    lengths = np.where(q > 0, 1.0 - exponent, np.inf)
    if np.count_nonzero(q) >= 2:  # q < 1 then, even if it rounded to 1.0
        lengths = np.maximum(lengths, 1.0)
    return lengths


def huffman_code_lengths(q):
    """Codeword lengths of a Huffman code for ``q``: the shortest expected length.

    Parameters
    ----------
    q : array_like, 1-D
        The pmf the code is designed for.

    Returns
    -------
    numpy.ndarray of float, same shape as ``q``
        Whole numbers of bits; ``inf`` where ``q = 0`` (no codeword); ``0``
        for the only symbol of a pmf with one possible outcome.

    Raises
    ------
    ValueError
        If ``q`` is not a valid 1-D pmf (see :func:`infolib.entropy`).

    Notes
    -----
    Huffman's algorithm (Huffman 1952): repeatedly merge the two least
    probable nodes until one tree remains; a symbol's length is its depth.
    Among all prefix codes it minimises ``Σ q(x) l(x)``, and that minimum
    lies in ``[H(q), H(q) + 1)`` (Cover & Thomas 2006, §5.8).  The lengths of
    the symbols with ``q > 0`` satisfy Kraft with equality (when there are
    at least two of them).

    Ties are broken deterministically: among nodes of equal probability the
    one created first (leaves in index order, then merged nodes in order of
    creation) is merged first.  A different tie-break can give different
    lengths with the same expected length.

    A code for a *model* ``q`` has no codeword for the symbols ``q`` rules
    out, so that such data cost ``inf`` bits, like the cross entropy.
    :func:`infolib.question_counts` (the yes/no-questions reading of the
    definitions chapter) counts 0 questions for them instead.

    Examples
    --------
    >>> huffman_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist()
    [1.0, 2.0, 3.0, 3.0]
    >>> huffman_code_lengths([0.4, 0.3, 0.3]).tolist()
    [1.0, 2.0, 2.0]
    >>> huffman_code_lengths([0.0, 1.0]).tolist()
    [inf, 0.0]
    """
    q = as_pmf(q, "q", ndim=1, hint="give the model pmf of one symbol")
    symbols = np.flatnonzero(q > 0)
    lengths = np.full(q.shape, np.inf)
    lengths[symbols] = 0.0
    if symbols.size < 2:
        return lengths
    # heap entries (probability, creation order, node); leaves are nodes 0..k-1
    heap = [(float(q[s]), i, i) for i, s in enumerate(symbols)]
    heapq.heapify(heap)
    parent = list(range(len(symbols)))  # parent[node]; a root is its own parent
    counter = len(symbols)
    while len(heap) > 1:
        p1, _, a = heapq.heappop(heap)
        p2, _, b = heapq.heappop(heap)
        parent.append(counter)
        parent[a] = parent[b] = counter
        heapq.heappush(heap, (p1 + p2, counter, counter))
        counter += 1
    # a node's depth is its parent's depth + 1; parents are created after children
    depth = [0] * counter
    for node in range(counter - 2, -1, -1):
        depth[node] = depth[parent[node]] + 1
    lengths[symbols] = depth[: len(symbols)]
    return lengths


def code_lengths(q, code="shannon"):
    """Codeword lengths of the code ``code`` built for ``q``.

    Parameters
    ----------
    q : array_like, 1-D
        The pmf the code is designed for.
    code : {"shannon", "huffman"}
        :func:`shannon_code_lengths` or :func:`huffman_code_lengths`.

    Returns
    -------
    numpy.ndarray of float
        The lengths in bits, ``inf`` where ``q = 0``.

    Raises
    ------
    ValueError
        If ``code`` is not one of the two names, or ``q`` is not a valid pmf.

    Examples
    --------
    >>> code_lengths([0.6, 0.3, 0.1], code="huffman").tolist()
    [1.0, 2.0, 2.0]
    """
    code = _as_code(code)
    return shannon_code_lengths(q) if code == "shannon" else huffman_code_lengths(q)


def expected_code_length(p, lengths):
    """Expected codeword length ``Σ p(x) l(x)`` in bits per symbol.

    Parameters
    ----------
    p : array_like, 1-D
        The pmf the symbols really come from.
    lengths : array_like, 1-D
        Codeword lengths in bits (non-negative; ``inf`` for a missing codeword),
        e.g. from :func:`code_lengths`.

    Returns
    -------
    float
        The expected length; ``inf`` if some symbol with ``p > 0`` has no
        codeword.  Symbols with ``p = 0`` cost nothing, whatever their length.

    Raises
    ------
    ValueError
        If ``p`` is not a valid pmf, ``lengths`` has a NaN or negative entry,
        or the two have different shapes.

    Examples
    --------
    >>> expected_code_length([0.5, 0.5], [1, 1])
    1.0
    >>> expected_code_length([0.5, 0.5, 0.0], [1, 1, float("inf")])
    1.0
    >>> expected_code_length([0.5, 0.25, 0.25], shannon_code_lengths([0.25, 0.25, 0.5]))
    1.75
    """
    p = as_pmf(p, "p", ndim=1)
    lengths = _as_lengths(lengths)
    check_same_shape(p, lengths, "p", "lengths")
    used = p > 0
    return to_float(np.sum(p[used] * lengths[used]))


def measured_code_length(p, q, n=10_000, code="shannon", seed=0):
    """Average bits per symbol of a code built for ``q``, on ``n`` symbols drawn from ``p``.

    The experiment behind the coding reading of cross entropy: design a code
    from the model ``q``, then encode data that really come from ``p``.

    Parameters
    ----------
    p : array_like, 1-D
        The pmf the symbols are drawn from.
    q : array_like, 1-D
        The pmf the code is built for; same length as ``p``.
    n : int, default 10000
        Number of symbols drawn (≥ 1).
    code : {"shannon", "huffman"}
        Which code to build from ``q``.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same
        symbols and the same result.

    Returns
    -------
    float
        Total length of the encoded message divided by ``n``; ``inf`` if a
        drawn symbol has no codeword (``q = 0`` there).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid 1-D pmf, their lengths differ, ``n``
        is not a whole number ≥ 1, ``code`` is unknown or ``seed`` is not a
        whole number ≥ 0.

    Notes
    -----
    Its expectation is :func:`expected_code_length` of ``p`` and the code's
    lengths, which for the Shannon code lies in ``[H(p, q), H(p, q) + 1)``.

    Examples
    --------
    A code for a fair four-sided die spends 2 bits on every symbol:

    >>> measured_code_length([0.7, 0.1, 0.1, 0.1], [0.25] * 4, n=100)
    2.0
    >>> measured_code_length([0.5, 0.5], [0.5, 0.5], n=10, seed=3)
    1.0
    """
    p = as_pmf(p, "p", ndim=1)
    q = as_pmf(q, "q", ndim=1)
    check_same_shape(p, q, "p", "q")
    n = as_count(n, "n", minimum=1)
    seed = as_count(seed, "seed", minimum=0)
    lengths = code_lengths(q, code)
    symbols = np.random.default_rng(seed).choice(p.size, size=n, p=p)
    return to_float(lengths[symbols].sum() / n)


def _as_code(code):
    if not isinstance(code, str) or code.lower() not in _CODES:
        raise ValueError(f"code must be 'shannon' or 'huffman', got {code!r:.40}")
    return code.lower()


def _as_lengths(lengths):
    arr = as_array(lengths, "lengths")
    if arr.ndim != 1:
        raise ValueError(f"lengths must be 1-D, got an array of {arr.ndim} dimensions")
    if np.isnan(arr).any():
        raise ValueError("lengths has a NaN entry; a missing codeword is inf")
    if (arr < 0).any():
        raise ValueError("lengths has a negative entry; codeword lengths are ≥ 0 bits")
    return arr
