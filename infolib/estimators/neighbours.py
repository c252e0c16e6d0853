"""Nearest-neighbour estimates of continuous samples: Kraskov–Stögbauer–Grassberger.

:func:`ksg_mutual_information`: for each sample, the distance to its ``k``-th neighbour in the
joint space, and the numbers of samples closer than it in each variable's own space.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma

from .._validate import (
    as_base,
    as_continuous_samples,
    as_count,
    check_n_samples,
    check_same_length,
    from_nats,
    to_float,
)

__all__ = ["ksg_mutual_information", "knn_entropy", "ksg_conditional_mutual_information"]


def _is_minus_one(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value == -1


def _first_repeat(joint):
    """``(i, j, repeats)``: the first row ``j`` equal to an earlier row ``i`` of ``joint``,
    and how many rows equal an earlier one; ``None`` if every row is distinct."""
    _, first, inverse = np.unique(joint, axis=0, return_index=True, return_inverse=True)
    first_of = first[inverse.reshape(-1)]
    later = np.flatnonzero(first_of != np.arange(joint.shape[0]))
    if not later.size:
        return None
    j = int(later[0])
    return int(first_of[j]), j, int(later.size)


def _prepare(variables, names, rng, scale=True, jitter=True):
    """The variables as the neighbour searches use them.

    Each column is divided by its standard deviation (``scale``); then, if every
    column of every variable has tied values, the joint rows are checked for
    repeats (a ``ValueError``); then each tied column gets the seeded jitter
    (``jitter``; see :func:`ksg_mutual_information`).  Returns, per variable,
    the array and an ordering that sorts each of its columns.
    """
    out = []
    for arr, name in zip(variables, names):
        if scale:
            std = arr.std(axis=0)
            if (std == 0).any():
                col = int(np.flatnonzero(std == 0)[0])
                raise ValueError(
                    f"{name} is constant (column {col} has zero variance); its mutual "
                    "information with anything is 0 and KSG cannot rescale it"
                )
            arr = arr / std
        orders, tied = [], []
        for col in range(arr.shape[1]):
            order = np.argsort(arr[:, col])
            s = arr[order, col]
            orders.append(order)
            tied.append(bool((s[1:] == s[:-1]).any()))
        out.append((arr, orders, tied))
    if all(all(tied) for _, _, tied in out):
        repeat = _first_repeat(np.hstack([arr for arr, _, _ in out]))
        if repeat is not None:
            i, j, count = repeat
            what = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
            raise ValueError(
                f"{what} has repeated samples: row {j} equals row {i} ({count:,} rows repeat an "
                "earlier one). Nearest-neighbour estimates assume a density (no two samples "
                "alike): a repeat puts neighbours at distance 0 and breaks the counts. Add noise "
                "at the resolution of the data (e.g. uniform noise of one rounding step), or use "
                "the plug-in estimators for discrete data"
            )
    if jitter:
        for arr, orders, tied in out:
            for col, has_ties in enumerate(tied):
                if has_ties:
                    size = 1e-10 * max(1.0, float(np.mean(np.abs(arr[:, col]))))
                    arr[:, col] += size * rng.standard_normal(arr.shape[0])
                    orders[col] = np.argsort(arr[:, col])
    return [(arr, orders) for arr, orders, _ in out]


def _move_while(pos, idx, step, test):
    """Add *step* to ``pos[idx]`` while ``test(idx, pos[idx])`` holds (few, rare moves)."""
    while idx.size:
        pos[idx] += step
        idx = idx[test(idx, pos[idx])]


def _searchsorted_unsorted(s, keys):
    """``np.searchsorted(s, keys)`` for unsorted keys: sorting the keys first is faster."""
    order = np.argsort(keys)
    out = np.empty(keys.size, dtype=np.intp)
    out[order] = np.searchsorted(s, keys[order], side="left")
    return out


def _window_edges(s, ds):
    """Sorted positions ``[lo, hi)`` of ``{j : fl(|s_j - s_i|) < ds_i}`` for each i of sorted ``s``.

    Starts from ``searchsorted(s ± ds)`` and corrects the few positions
    where rounding of ``s_i ± ds_i`` put the edge one or more places off.
    Needs ``ds > 0`` (each point is inside its own window).
    """
    n = s.size
    last = n - 1
    hi = _searchsorted_unsorted(s, s + ds)
    lo = _searchsorted_unsorted(s, s - ds)

    def hi_inside(idx, h):       # s[h] is inside, so the window goes further
        return (h < n) & (s[np.minimum(h, last)] - s[idx] < ds[idx])

    def hi_outside(idx, h):      # s[h-1] is outside, so the window ends earlier
        return ~(s[h - 1] - s[idx] < ds[idx])

    def lo_outside(idx, lw):     # s[lw] is outside, so the window starts later
        return ~(s[idx] - s[lw] < ds[idx])

    def lo_inside(idx, lw):      # s[lw-1] is inside, so the window starts earlier
        return (lw > 0) & (s[idx] - s[np.maximum(lw - 1, 0)] < ds[idx])

    every = np.arange(n)
    _move_while(hi, np.flatnonzero(hi_inside(every, hi)), 1, hi_inside)
    _move_while(hi, np.flatnonzero(hi_outside(every, hi)), -1, hi_outside)
    _move_while(lo, np.flatnonzero(lo_outside(every, lo)), 1, lo_outside)
    _move_while(lo, np.flatnonzero(lo_inside(every, lo)), -1, lo_inside)
    return lo, hi


def _count_strictly_within_1d(v, d, order=None, aligned=True):
    """For each i, ``#{j : |v_j - v_i| < d_i}`` exactly as rounded in float64.

    The samples are sorted once (``order`` may be given) and handled in
    sorted order, so the searches walk memory in order.  The bounds start
    from ``searchsorted(v ± d)`` — which can be off at the edge because
    ``v_i ± d_i`` is itself rounded — and are then moved one position at a
    time until the predicate ``fl(|v_j - v_i|) < d_i`` holds inside and
    fails outside.  Rounding is monotone, so the points that satisfy it are
    contiguous in sorted order.  With ``aligned=False`` the counts are
    returned in sorted order (enough for a mean).
    """
    if order is None:
        order = np.argsort(v)
    s = v[order]
    ds = d[order]
    lo, hi = _window_edges(s, ds)
    counts = hi - lo
    if not aligned:
        return counts
    out = np.empty_like(counts)
    out[order] = counts
    return out


#: Most cells of a level's table of counts in :func:`_dominance_counts` (int32: 8 MB).
_DOMINANCE_TABLE = 1 << 21


def _dominance_counts(perm, a, b):
    """``#{p < a_q : perm[p] < b_q}`` for each query ``q`` (``perm`` a permutation of
    ``0 .. n-1``).

    The last ``a mod 16`` positions are compared one by one; above them, a merge-sort
    tree, one level at a time: at level ``l ≥ 4`` the prefix ``[0, a)`` owns the
    aligned block of ``2^l`` positions just below ``a`` if bit ``l`` of ``a`` is set; within
    that block the values below ``b`` are read from a table of cumulative counts per block
    when the level has few blocks (``blocks · n ≤ _DOMINANCE_TABLE``), else counted by one
    :func:`numpy.searchsorted` in the block-sorted keys ``block · n + value`` of all blocks at
    once.
    """
    n = perm.size
    order = None
    if (n >> 4) * (n + 1) > _DOMINANCE_TABLE:   # some level searches: walk the keys in order
        order = np.argsort(a * n + b)
        a, b = a[order], b[order]
    # the last (a mod 16) positions below a, one comparison each; the tree from blocks of 16 on
    low = a & 15
    a = a - low
    found = np.zeros(a.size, dtype=np.int64)
    last = n - 1
    for t in range(15):
        found += (t < low) & (perm[np.minimum(a + t, last)] < b)
    position = np.arange(n, dtype=np.int64)
    level, table = 4, None
    while (1 << level) <= n:
        has = np.flatnonzero((a >> level) & 1)
        blocks = n >> level                     # the whole blocks (a query's block is whole)
        if table is None and blocks * (n + 1) <= _DOMINANCE_TABLE:
            # few blocks: per block, the count of its values below each value (one cumsum);
            # the next level's table is the sum of pairs of rows
            table = np.zeros((blocks, n + 1), dtype=np.int32)
            inside = position[:blocks << level]
            table[inside >> level, perm[inside] + 1] = 1
            np.cumsum(table, axis=1, out=table)
        elif table is not None:
            table = table[0:2 * blocks:2] + table[1:2 * blocks:2]
        if has.size:
            block = (a[has] >> level) - 1
            if table is not None:
                found[has] += table[block, b[has]]
            else:
                # the blocks of the level below, merged pairwise (timsort finds the runs)
                key = np.sort((position >> level) * n + perm, kind="stable")
                found[has] += np.searchsorted(key, block * n + b[has]) - block * (1 << level)
        level += 1
    if order is None:
        return found
    out = np.empty_like(found)
    out[order] = found
    return out


def _count_strictly_within_2d(arr, d, orders):
    """For each i, ``#{j : |x_j - x_i| < d_i and |y_j - y_i| < d_i}`` (i included), exactly
    as rounded in float64, for the two columns of ``arr``.

    Each condition alone holds on a run of consecutive positions in that column's sorted
    order (:func:`_window_edges`), so the count is that of the points whose two sorted
    positions fall in a rectangle: four :func:`_dominance_counts`.
    """
    n = arr.shape[0]
    pos = [_inverse(o) for o in orders]
    edges = []
    for col in range(2):
        o = orders[col]
        lo, hi = _window_edges(arr[o, col], d[o])
        edges.append((lo[pos[col]], hi[pos[col]]))
    (lo1, hi1), (lo2, hi2) = edges
    corner = _dominance_counts(pos[1][orders[0]].astype(np.int64),
                               np.concatenate((hi1, lo1, hi1, lo1)).astype(np.int64),
                               np.concatenate((hi2, hi2, lo2, lo2)).astype(np.int64))
    return corner[:n] - corner[n:2 * n] - corner[2 * n:3 * n] + corner[3 * n:]


def _marginal_counts(arr, d, orders, workers=1):
    """Neighbours strictly closer than ``d_i`` in the max-norm, self excluded.

    The result is in an arbitrary (but fixed) order of the samples.
    """
    if arr.shape[1] == 1:
        return _count_strictly_within_1d(arr[:, 0], d, orders[0], aligned=False) - 1
    if arr.shape[1] == 2:
        return _count_strictly_within_2d(arr, d, orders) - 1
    tree = cKDTree(arr, balanced_tree=True)    # balanced: the ball counts run faster (measured)
    r = np.nextafter(d, 0.0)
    found = tree.query_ball_point(arr, r, p=np.inf, return_length=True, workers=workers)
    return np.asarray(found) - 1


# --------------------------------------------------------------------------
# exact k-th neighbour distances of 2-D points in the max-norm
# --------------------------------------------------------------------------
#: Passes of the 2-D neighbour search, tried in turn on the points not yet
#: answered before the k-d tree takes the rest: (axis cut into columns,
#: points per column in units of (k + 1)·sqrt(N), candidates m per side).
_COLUMN_PASSES = ((0, 0.35, 5),)
#: Most columns of one layout (keeps the column labels in int16: radix sort).
_MAX_COLUMNS = 30_000
#: Queries handled per step of a column search (their arrays stay in cache).
_SEARCH_CHUNK = 1 << 13


class _Columns:
    """Points cut into columns of ``w`` consecutive points in ``a`` order, each sorted by ``b``.

    Parameters
    ----------
    ao, bo : ndarray of float64, shape (n,)
        The points, sorted by ``b`` (ties in any fixed order).
    a_sorted : ndarray of float64, shape (n,)
        ``a`` sorted.
    a_rank : ndarray of intp, shape (n,)
        Position in ``a_sorted`` of each point of ``ao`` (a permutation).
    w : int
        Points per column: column ``c`` holds the points of ``a`` rank
        ``c·w .. c·w + w - 1``.
    pad : int
        Sentinels at ``+inf`` around every column (``m + 1`` for windows of
        ``m`` candidates).

    Notes
    -----
    Column ``c``'s points, sorted by ``b``, sit at positions
    ``c·w + pad·(c + 2) + (0 .. w - 1)`` of the padded coordinate arrays, so
    a window of up to ``pad - 1`` places beyond a column's end reads only
    sentinels (distance ``inf``), never another column's points; the empty
    columns ``-1`` and ``n_cols`` have room too.
    """

    def __init__(self, ao, bo, a_sorted, a_rank, w, pad):
        n = ao.size
        self.n, self.w, self.pad = n, w, pad
        self.ao, self.bo = ao, bo
        n_cols = (n - 1) // w + 1
        col = (a_rank // w).astype(np.int16)
        perm = np.argsort(col, kind="stable")             # by column, then by b (radix sort)
        col_s = col[perm].astype(np.intp)
        self.perm, self.col_s = perm, col_s
        self.key = col_s * n + perm                       # increasing: (column, rank in b)
        self.pos = np.arange(n) + pad * (col_s + 2)
        size = n + pad * (n_cols + 3)
        self.ap = np.full(size, np.inf)
        self.bp = np.full(size, np.inf)
        self.ap[self.pos] = ao[perm]
        self.bp[self.pos] = bo[perm]
        # first a of each column; +inf beyond the first and last columns
        self.edges = np.full(n_cols + 3, np.inf)
        self.edges[1:n_cols + 1] = a_sorted[::w]
        self._inv = None

    def search(self, k, m, todo=None):
        """The k-th smallest distance among each point's candidates, and whether it is exact.

        Parameters
        ----------
        k : int
            Neighbour rank (self excluded).
        m : int
            Candidates taken above and below the query in each of the 3
            columns, ``m < pad``.
        todo : ndarray of intp or None
            Positions (in ``ao``) of the points to answer; ``None`` for all.

        Returns
        -------
        ok : ndarray of bool
            Whether the answer of each point is proven exact.
        dk : ndarray of float64
            The k-th smallest candidate distance (exact where ``ok``).
        rank : ndarray of intp
            The positions (in ``ao``) of the points answered, in the order
            of ``ok`` and ``dk``.

        Notes
        -----
        For a query ``p`` in column ``c`` the candidates are, in columns
        ``c - 1, c, c + 1``, the ``m`` points just above and the ``m`` just
        below ``p``'s place in ``b`` order (``p`` itself excluded): each
        other point at most once.  The k-th smallest candidate distance
        ``d`` is the true one if no other point is closer than ``d``
        (then the k smallest distances are all candidates'):

        * a point of one of the 3 columns outside its window has ``b``
          further from ``b_p`` than the first point beyond the window edge,
          so (rounding is monotone) ``fl(|b_q - b_p|)`` is at least that
          edge gap;
        * a point two or more columns left of ``p`` has ``a_q ≤ a_sorted[(c-1)w]``,
          so ``fl(a_p - a_q) ≥ fl(a_p - a_sorted[(c-1)w])``; likewise on the
          right with ``a_sorted[(c+2)w]``.

        So ``d`` ≤ every edge gap and both column reaches proves it; ``d``
        is the same float64 ``max(|da|, |db|)`` the k-d tree computes.
        """
        if todo is None:
            rank, pq, cq = self.perm, self.pos, self.col_s
        else:
            if self._inv is None:
                self._inv = _inverse(self.perm)
            q = self._inv[todo]
            rank, pq, cq = todo, self.pos[q], self.col_s[q]
        ok = np.empty(rank.size, dtype=bool)
        dk = np.empty(rank.size)
        for s in range(0, rank.size, _SEARCH_CHUNK):    # chunks keep the work in cache
            e = s + _SEARCH_CHUNK
            ok[s:e], dk[s:e] = self._search(k, m, rank[s:e], pq[s:e], cq[s:e])
        return ok, dk, rank

    def _search(self, k, m, rank, pq, cq):
        """:meth:`search` for the points at positions ``rank`` of ``ao``, padded
        positions ``pq`` and columns ``cq``."""
        n, pad = self.n, self.pad
        ap, bp = self.ap, self.bp
        aq, bq = self.ao[rank], self.bo[rank]
        gap = np.minimum(np.abs(aq - self.edges[cq]), np.abs(self.edges[cq + 3] - aq))

        best = [np.full(rank.size, np.inf) for _ in range(k)]
        tmp = np.empty(rank.size)
        db = np.empty(rank.size)

        def offer(at):
            """Insert the distances to the points at padded positions ``at`` into ``best``."""
            nonlocal tmp
            v = np.abs(ap[at] - aq)
            np.subtract(bp[at], bq, out=db)
            np.abs(db, out=db)
            np.maximum(v, db, out=v)
            for j in range(k - 1):                         # one step of insertion sort
                np.minimum(best[j], v, out=tmp)
                np.maximum(best[j], v, out=v)
                best[j], tmp = tmp, best[j]
            np.minimum(best[k - 1], v, out=best[k - 1])

        for step in (-1, 0, 1):
            if step == 0:
                above, below = pq + 1, pq
            else:
                c2 = cq + step
                above = below = np.searchsorted(self.key, c2 * n + rank) + pad * (c2 + 2)
            for o in range(m):
                offer(above + o)
                offer(below - 1 - o)
            np.minimum(gap, np.abs(bp[above + m] - bq), out=gap)
            np.minimum(gap, np.abs(bp[below - 1 - m] - bq), out=gap)
        dk = best[k - 1]
        return dk <= gap, dk


def _inverse(order):
    """The inverse permutation of ``order``."""
    inv = np.empty(order.size, dtype=np.intp)
    inv[order] = np.arange(order.size)
    return inv


def _kth_neighbour_distance_2d(x, y, x_order, y_order, k, workers=1):
    """Max-norm distance from each 2-D point to its k-th nearest other point.

    Parameters
    ----------
    x, y : ndarray of float64, shape (n,)
        Coordinates of the points.
    x_order, y_order : ndarray of intp
        Orderings that sort ``x`` and ``y``.
    k : int
        Neighbour rank, ``1 ≤ k < n``.
    workers : int
        Threads of the k-d tree queries of the points left at the end.

    Returns
    -------
    ndarray of float64
        ``d[i]`` = the (k+1)-th smallest of ``fl(max(|x_j - x_i|, |y_j - y_i|))``
        over all ``j`` (``i`` itself included, at distance 0): bit for bit
        what ``cKDTree(...).query(..., k=[k + 1], p=inf)`` returns.

    Notes
    -----
    Exact column searches (:meth:`_Columns.search`), first for all points,
    then for those not yet proven, following ``_COLUMN_PASSES`` (columns cut
    along ``x`` or along ``y``, more candidates in later passes); the few
    points left after that (far outliers) are queried in a
    :class:`scipy.spatial.cKDTree` of all the points.  The passes only
    affect the speed, never the result.
    """
    n = x.size
    axes = ((x, y, x_order, y_order), (y, x, y_order, x_order))
    pad = max((m for _, _, m in _COLUMN_PASSES), default=0) + 1
    layouts = {}                    # (axis, w) -> _Columns, reused by later passes
    b_ranks = {}                    # axis -> position of each point in b order
    d = np.empty(n)
    todo = None                     # indices of the points still to answer (None: all)
    for axis, per_col, m in _COLUMN_PASSES:
        a, b, a_order, b_order = axes[axis]
        w = int(round(per_col * (k + 1) * math.sqrt(n)))
        w = min(n, max(w, 1, -(-n // _MAX_COLUMNS)))
        if (axis, w) not in layouts:
            a_rank = _inverse(a_order)[b_order]
            layouts[axis, w] = _Columns(a[b_order], b[b_order], a[a_order], a_rank, w, pad)
        where = None
        if todo is not None:
            if axis not in b_ranks:
                b_ranks[axis] = _inverse(b_order)
            where = b_ranks[axis][todo]
        ok, dk, rank = layouts[axis, w].search(k, m, where)
        ids = b_order[rank]
        d[ids[ok]] = dk[ok]
        todo = ids[~ok]
        if not todo.size:
            return d
    if todo is None:
        todo = np.arange(n)
    joint = np.column_stack((x, y))
    # the quickest tree to build (only a part of the points is queried)
    tree = cKDTree(joint, leafsize=32, compact_nodes=False, balanced_tree=False)
    d[todo] = tree.query(joint[todo], k=[k + 1], p=np.inf, workers=workers)[0][:, 0]
    return d


def ksg_mutual_information(x, y, k=3, base=2, seed=0, *, workers=1):
    """Kraskov–Stögbauer–Grassberger estimate of the MI of continuous samples.

    Parameters
    ----------
    x, y : array_like, 1-D or 2-D, same number of rows
        Paired samples of two continuous variables; a 1-D array is one real
        variable, a 2-D array has one row per sample and one column per
        coordinate.
    k : int, default 3
        Number of neighbours (``1 ≤ k < N``).  Larger ``k``: less variance,
        more bias.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    seed : int, default 0
        Seed of the jitter added to columns that contain tied values (see
        Notes).  Without ties it is not used.
    workers : int, default 1
        Threads for the neighbour search (:meth:`scipy.spatial.cKDTree.query`;
        ``-1`` = all CPUs; for a pair of 1-D variables only the few points
        left to the tree use them).  The result does not depend on it.

    Returns
    -------
    float
        The raw KSG estimate.  It is **not** clipped at 0: for (nearly)
        independent variables it is often slightly negative.
        (:func:`sklearn.feature_selection.mutual_info_regression` clips it
        to 0.)

    Raises
    ------
    ValueError
        Fewer than 2 samples, different numbers of rows, non-finite samples,
        a constant variable, repeated samples (two equal rows of ``(x, y)``;
        see Notes), ``k`` not a whole number in ``1 .. N-1``, ``workers``
        not ``-1`` or a whole number ``≥ 1``, or an invalid ``base``.

    Notes
    -----
    Algorithm 1 of Kraskov et al. (2004) with the max-norm: for each sample
    ``i``, ``d_i`` is the distance to its ``k``-th neighbour in the joint
    space ``(x, y)``, and ``n_x(i)``, ``n_y(i)`` count the other samples
    *strictly* closer than ``d_i`` in ``x`` alone and in ``y`` alone; then

    ``Î = ψ(N) + ψ(k) - mean(ψ(n_x + 1)) - mean(ψ(n_y + 1))`` nats

    (their eq. 8).  Without ties among the distances (almost surely, for
    samples with a joint density) ``n_x, n_y ≥ k - 1`` and
    ``n_x + n_y ≥ 2k - 1``, so the estimate never exceeds
    ``ψ(N) - ψ(k + 1)`` nats, whatever the true MI.  Exactly tied data such
    as ``y = x`` breaks that condition (it gives ``ψ(N) - ψ(k)``).

    Preprocessing, as in scikit-learn: every column is divided by its
    standard deviation (so rescaling a variable changes nothing); a column
    with repeated values (ties, e.g. rounded data) gets Gaussian jitter of
    standard deviation ``1e-10 × max(1, mean |column|)`` drawn from
    ``np.random.default_rng(seed)``, because the k-NN distances are
    ill-defined with ties.  Untied columns are left exactly as they are, so
    untied 1-D input gives exactly scikit-learn's private
    ``_compute_mi_cc`` on the standardised arrays (before its clipping).
    Repeated samples are refused instead: a jitter of ``1e-10`` leaves a
    repeat's copies each other's nearest neighbours, and the counts (every
    point repeated twice gave 1.58 nats for a true 0.83).  Add noise at the
    resolution of the data first (e.g. uniform within one rounding step).

    The joint distances come from :class:`scipy.spatial.cKDTree` with
    ``p = inf``, except for a pair of 1-D variables: there an exact column
    search over the sorted samples (``_kth_neighbour_distance_2d``) returns
    the very same float64 distances faster, and leaves only the points it
    cannot prove exact (a small fraction, in sparse regions) to the tree.
    With six or more columns in all (and ``N² · columns ≤ 2**33``) every
    pair is measured instead, a block of rows at a time
    (:func:`scipy.spatial.distance.cdist`, the same float64 distances).
    For a 1-D variable the counts use the sorted samples; the
    bounds honour ``|x_j - x_i| < d_i`` exactly as computed in floating
    point (``searchsorted(x ± d)`` alone is wrong at the edge, because
    ``x ± d`` rounds); for a 2-D variable they count the points whose two
    sorted positions fall in a rectangle (a merge-sort tree); in more
    dimensions a k-d tree or the all-pairs blocks count them.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> xy = rng.multivariate_normal([0, 0], [[1, 0.9], [0.9, 1]], size=2000)
    >>> truth = -0.5 * np.log(1 - 0.9 ** 2)               # nats
    >>> est = ksg_mutual_information(xy[:, 0], xy[:, 1], base=None)
    >>> bool(abs(est - truth) < 0.05)
    True
    """
    base = as_base(base)
    (xs, x_orders), (ys, y_orders) = _samples([x, y], ["x", "y"], k, seed)
    workers = _as_workers(workers)
    n = xs.shape[0]
    d, (nx, ny) = _distances_and_counts([xs, ys], [x_orders, y_orders], k, [(0,), (1,)], workers)
    mi = (digamma(n) + digamma(k)
          - np.mean(digamma(nx + 1.0)) - np.mean(digamma(ny + 1.0)))
    return to_float(from_nats(float(mi), base))


# --------------------------------------------------------------------------
# shared by the estimators: validation, the joint distances, the counts
# --------------------------------------------------------------------------
def _samples(values, names, k, seed, scale=True, jitter=True):
    """Validated, prepared (:func:`_prepare`) variables of one sample; checks ``k``."""
    arrays = [as_continuous_samples(v, name) for v, name in zip(values, names)]
    for arr, name in zip(arrays[1:], names[1:]):
        check_same_length(arrays[0].shape[0], arr.shape[0], names[0], name)
    n = arrays[0].shape[0]
    check_n_samples(n, names[0])
    k = as_count(k, "k", minimum=1)
    if k >= n:
        raise ValueError(
            f"k must be smaller than the number of samples ({n}), got {k}; "
            "use a smaller k (3 is usual) or more samples"
        )
    return _prepare(arrays, names, np.random.default_rng(seed), scale=scale, jitter=jitter)


def _as_workers(workers):
    if _is_minus_one(workers):
        return workers
    try:
        return as_count(workers, "workers", minimum=1)
    except ValueError:
        raise ValueError(f"workers must be -1 (all CPUs) or a whole number ≥ 1, "
                         f"got {workers!r}") from None


#: Brute force (blocks of all pairs) instead of k-d trees when the joint space has at least
#: ``_BRUTE_COLUMNS`` columns and ``n² · columns`` is at most ``_BRUTE_WORK``: in many
#: dimensions a tree prunes little, and a block of pairs is one C loop (measured on 2 cores:
#: 5 + 5 columns at N = 5000 take half the time of the trees).
_BRUTE_WORK = 1 << 33
_BRUTE_COLUMNS = 6
#: Pairs per block of the brute-force search (its arrays stay in the cache: 2 MB each).
_BRUTE_BLOCK = 1 << 18


def _distances_and_counts(parts, orders, k, groups, workers=1):
    """The k-th neighbour distance ``d_i`` of each sample in the joint space of ``parts``
    (max-norm, self excluded) and, for each group of parts, the number of other samples
    strictly closer than ``d_i`` in the space of that group.

    ``parts`` are ``(n, d_p)`` arrays; ``groups`` tuples of their indices.  Each array of
    counts comes in an arbitrary order of the samples (the estimators only take means).
    """
    n = parts[0].shape[0]
    columns = sum(p.shape[1] for p in parts)
    if n * n * columns <= _BRUTE_WORK and columns >= _BRUTE_COLUMNS:
        return _brute_force(parts, k, groups)
    d = _joint_kth_distance(parts, orders, k, workers)
    counts = []
    for group in groups:
        arr = parts[group[0]] if len(group) == 1 else np.hstack([parts[g] for g in group])
        arr_orders = [o for g in group for o in orders[g]]
        counts.append(_marginal_counts(arr, d, arr_orders, workers))
    return d, counts


def _brute_force(parts, k, groups):
    """:func:`_distances_and_counts` from all pairs, a block of rows at a time: each part's
    max-norm distances (:func:`scipy.spatial.distance.cdist`, ``"chebyshev"``: the same
    float64 ``max |a - b|`` a k-d tree computes), their maximum, its ``k+1``-th smallest
    (the sample itself is the first, at 0), and the counts below it.  The blocks' arrays are
    allocated once and reused."""
    from scipy.spatial.distance import cdist

    n = parts[0].shape[0]
    step = max(1, _BRUTE_BLOCK // n)
    d = np.empty(n)
    counts = [np.empty(n, dtype=np.intp) for _ in groups]
    dist_buf = [np.empty((step, n)) for _ in parts]
    joint_buf, space_buf = np.empty((step, n)), np.empty((step, n))
    below = np.empty((step, n), dtype=bool)
    tally = np.uint16 if n < 1 << 16 else np.intp        # a row's count fits; uint16 sums 4x faster
    rows = np.arange(step)
    for s in range(0, n, step):
        e = min(n, s + step)
        m = e - s
        dist = [cdist(p[s:e], p, "chebyshev", out=buf[:m]) for p, buf in zip(parts, dist_buf)]
        joint = _maximum(dist, joint_buf[:m])
        joint[rows[:m], np.arange(s, e)] = np.inf     # the sample itself
        dk = _kth_smallest_of_rows(joint, k - 1)
        d[s:e] = dk
        for c, group in zip(counts, groups):
            space = dist[group[0]] if len(group) == 1 else _maximum([dist[g] for g in group], space_buf[:m])
            np.less(space, dk[:, None], out=below[:m])
            c[s:e] = below[:m].view(np.uint8).sum(axis=1, dtype=tally)
            c[s:e] -= 1
    return d, counts


def _maximum(arrays, out):
    """The elementwise maximum of equal-shape ``arrays``, written into ``out``."""
    if len(arrays) == 1:
        np.copyto(out, arrays[0])
        return out
    np.maximum(arrays[0], arrays[1], out=out)
    for more in arrays[2:]:
        np.maximum(out, more, out=out)
    return out


def _kth_smallest_of_rows(work, k):
    """The ``k+1``-th smallest entry of each row of ``work`` (which it overwrites): the
    smallest ``k`` are taken out one at a time (``argmin``, then ``inf`` in their place), so
    ties count with their multiplicity.  For small ``k`` a few reductions beat
    :func:`numpy.partition` several times over."""
    rows = np.arange(work.shape[0])
    for _ in range(k):
        work[rows, np.argmin(work, axis=1)] = np.inf
    return work.min(axis=1)


def _joint_kth_distance(parts, orders, k, workers=1):
    """Max-norm distance from each sample to its k-th nearest other sample in the joint
    space of ``parts``: the column search for two 1-D parts, the sorted windows for one
    1-D part, a k-d tree otherwise."""
    n = parts[0].shape[0]
    if len(parts) == 2 and parts[0].shape[1] == parts[1].shape[1] == 1:
        return _kth_neighbour_distance_2d(parts[0][:, 0], parts[1][:, 0], orders[0][0],
                                          orders[1][0], k, workers)
    if len(parts) == 1 and parts[0].shape[1] == 1:
        return _kth_neighbour_distance_1d(parts[0][:, 0], orders[0][0], k)
    joint = parts[0] if len(parts) == 1 else np.hstack(parts)
    tree = cKDTree(joint, balanced_tree=False)
    order = tree.indices  # querying in the tree's own order keeps the caches warm
    dist, _ = tree.query(joint[order], k=[k + 1], p=np.inf, workers=workers)
    d = np.empty(n)
    d[order] = dist[:, 0]
    return d


def _kth_neighbour_distance_1d(v, order, k):
    """``|v_j - v_i|`` of each sample's k-th nearest other sample, from the sorted values:
    the k-th smallest of the k gaps to the left and the k to the right is
    ``min over a of max(left_a, right_(k-a))`` (``left_0 = right_0 = 0``)."""
    s = v[order]
    n = s.size
    pad = np.concatenate((np.full(k, -np.inf), s, np.full(k, np.inf)))
    centre = pad[k:k + n]
    left = [np.zeros(n)] + [centre - pad[k - a:k - a + n] for a in range(1, k + 1)]
    right = [np.zeros(n)] + [pad[k + a:k + a + n] - centre for a in range(1, k + 1)]
    best = np.full(n, np.inf)
    for a in range(k + 1):
        np.minimum(best, np.maximum(left[a], right[k - a]), out=best)
    out = np.empty(n)
    out[order] = best
    return out


# --------------------------------------------------------------------------
# Kozachenko–Leonenko entropy, Frenzel–Pompe conditional mutual information
# --------------------------------------------------------------------------
def knn_entropy(x, k=3, base=2, *, workers=1):
    """Kozachenko–Leonenko estimate of the differential entropy of continuous samples.

    Parameters
    ----------
    x : array_like, 1-D or 2-D
        Samples of a continuous variable: a 1-D array is one real variable, a
        2-D array has one row per sample and one column per coordinate.
    k : int, default 3
        Which neighbour (``1 ≤ k < N``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    workers : int, default 1
        Threads of the k-d tree query (``-1`` = all CPUs); the result does
        not depend on it.

    Returns
    -------
    float
        ``Ĥ = ψ(N) - ψ(k) + d · mean_i log(2 ε_i)`` nats (in units of
        ``base``), with ``ε_i`` the max-norm distance from sample ``i`` to
        its ``k``-th nearest other sample and ``d`` the number of columns.
        Differential entropy can be negative, and so can the estimate.

    Raises
    ------
    ValueError
        Fewer than 2 samples, non-finite samples, ``k`` not a whole number in
        ``1 .. N-1``, repeated samples (two equal rows: a distance 0, whose
        logarithm is ``-∞``), a bad ``workers`` or an invalid ``base``.

    Notes
    -----
    Where KSG comes from (Kraskov et al. 2004, eq. 20, after Kozachenko &
    Leonenko 1987).  The probability mass ``P_i`` of the max-norm ball (a
    cube of side ``2ε``) around sample ``i`` that reaches its ``k``-th
    neighbour has ``E[log P_i] = ψ(k) - ψ(N)`` whatever the density (the
    ``k``-th of ``N - 1`` uniform order statistics); if the density ``f`` is
    nearly constant on the cube, ``P_i ≈ f(x_i) (2ε_i)^d``, so
    ``-log f(x_i) ≈ ψ(N) - ψ(k) + d log(2 ε_i)``, and the average over
    ``i`` estimates ``H = E[-log f(X)]``.  The estimator is consistent for
    densities with mild regularity (e.g. bounded, or with a finite moment;
    see Leonenko, Pronzato & Savani 2008 for conditions); its bias grows
    with the dimension ``d``.  The samples are not rescaled (entropy
    depends on scale: ``H(aX) = H(X) + d log |a|``, and so does the
    estimate, exactly, for ``a`` a power of 2).  It equals NPEET's
    ``entropy`` with its noise turned off.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(20_000)
    >>> truth = 0.5 * np.log(2 * np.pi * np.e)          # nats
    >>> bool(abs(knn_entropy(x, base=None) - truth) < 0.02)
    True
    """
    base = as_base(base)
    ((xs, orders),) = _samples([x], ["x"], k, 0, scale=False, jitter=False)
    workers = _as_workers(workers)
    n, dims = xs.shape
    eps, _ = _distances_and_counts([xs], [orders], k, [], workers)
    h = digamma(n) - digamma(k) + dims * (math.log(2.0) + float(np.mean(np.log(eps))))
    return to_float(from_nats(float(h), base))


def ksg_conditional_mutual_information(x, y, z, k=3, base=2, seed=0, *, workers=1):
    """Frenzel–Pompe estimate of the conditional mutual information ``I(X; Y | Z)``.

    Parameters
    ----------
    x, y, z : array_like, 1-D or 2-D, same number of rows
        Paired samples of three continuous variables (1-D: one real
        variable; 2-D: one row per sample, one column per coordinate).
    k : int, default 3
        Number of neighbours in the joint space (``1 ≤ k < N``).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    seed : int, default 0
        Seed of the jitter of columns with tied values (as in
        :func:`ksg_mutual_information`).
    workers : int, default 1
        Threads of the k-d tree queries; the result does not depend on it.

    Returns
    -------
    float
        ``ψ(k) - mean_i [ψ(n_xz + 1) + ψ(n_yz + 1) - ψ(n_z + 1)]`` nats (in
        units of ``base``), not clipped at 0.

    Raises
    ------
    ValueError
        As :func:`ksg_mutual_information`, for any of ``x``, ``y``, ``z``.

    Notes
    -----
    Frenzel & Pompe (2007), eq. 6 (also Vejmelka & Paluš 2008): ``ε_i`` is
    the max-norm distance from sample ``i`` to its ``k``-th neighbour in the
    joint space ``(x, y, z)``; ``n_xz(i)``, ``n_yz(i)`` and ``n_z(i)`` count
    the other samples strictly closer than ``ε_i`` in the spaces ``(x, z)``,
    ``(y, z)`` and ``z``.  Every column is divided by its standard
    deviation first, as in :func:`ksg_mutual_information`.  It equals
    NPEET's ``cmi`` on the same standardised samples with its noise turned
    off.

    Examples
    --------
    Y depends on X only through Z, so ``I(X; Y | Z) = 0``:

    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(3000)
    >>> z = x + rng.standard_normal(3000)
    >>> y = z + rng.standard_normal(3000)
    >>> bool(abs(ksg_conditional_mutual_information(x, y, z, base=None)) < 0.03)
    True
    """
    base = as_base(base)
    prepared = _samples([x, y, z], ["x", "y", "z"], k, seed)
    workers = _as_workers(workers)
    parts = [arr for arr, _ in prepared]
    orders = [o for _, o in prepared]
    _, (nxz, nyz, nz) = _distances_and_counts(parts, orders, k, [(0, 2), (1, 2), (2,)], workers)
    cmi = (digamma(k) - np.mean(digamma(nxz + 1.0)) - np.mean(digamma(nyz + 1.0))
           + np.mean(digamma(nz + 1.0)))
    return to_float(from_nats(float(cmi), base))
