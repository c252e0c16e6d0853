"""Estimating entropy and mutual information from samples.

Four families of estimators, from the simplest to the most data-efficient:

* **plug-in** (discrete samples): count, divide by ``N``, and apply the
  formula of the exact measure to the empirical distribution —
  :func:`plugin_entropy`, :func:`plugin_mutual_information`, optionally with
  the Miller–Madow bias correction;
* **binned** (continuous samples): cut each variable into equal-width bins
  and apply the plug-in estimator — :func:`binned_mutual_information`;
* **KSG** (continuous samples): the k-nearest-neighbour estimator of
  Kraskov, Stögbauer and Grassberger — :func:`ksg_mutual_information`;
* **InfoNCE** (a critic scoring pairs): the contrastive lower bound —
  :func:`infonce`, which can never exceed :func:`infonce_upper_bound`
  ``= log N``.

Shared conventions: results are in **bits** by default, ``base=None`` gives
nats (as in :func:`scipy.stats.entropy`); samples are paired by position
(``x[i]`` goes with ``y[i]``); every function raises a ``ValueError`` naming
the argument for fewer than 2 samples, mismatched lengths or non-finite
samples.  Estimates are returned raw: a bias-corrected or KSG estimate can be
slightly negative when the true value is near 0.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, logsumexp

from ._validate import (
    as_base,
    as_continuous_samples,
    as_count,
    as_label_samples,
    check_n_samples,
    check_same_length,
    clip_to_bounds,
    from_nats,
    log_fn,
    to_float,
)

__all__ = [
    "plugin_entropy",
    "plugin_mutual_information",
    "contingency_counts",
    "binned_mutual_information",
    "ksg_mutual_information",
    "infonce",
    "infonce_upper_bound",
]

#: Samples handled per step of the chunked counting loops (fits in cache).
_CHUNK = 1 << 16
#: Samples per step of the fused integer-code loop.
_BIG_CHUNK = 1 << 18
#: Largest joint table (cells) counted directly with ``np.bincount``.
_MAX_TABLE = 1 << 22
#: Largest integer range turned into codes by subtracting the minimum.
_MAX_OFFSET_RANGE = 1 << 20
#: Largest hash table (log2 of the number of slots).
_MAX_HASH_BITS = 22
#: Fibonacci-hashing multiplier (2^64 / golden ratio, odd).
_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)

_CORRECTIONS = (None, "miller-madow")


# --------------------------------------------------------------------------
# discrete samples -> integer codes -> counts
# --------------------------------------------------------------------------
def _as_int64_view(arr):
    """An integer array whose equal entries are exactly the equal labels, or None.

    Integers and booleans map to themselves (``uint64`` by reinterpreting
    the bits as ``int64``, a bijection); finite floats map to their bit
    pattern after turning ``-0.0`` into ``0.0``.  Strings and other objects
    give None.
    """
    kind = arr.dtype.kind
    if kind == "b":
        return arr.view(np.uint8)
    if kind == "i" or (kind == "u" and arr.dtype.itemsize < 8):
        return arr
    if kind == "u":
        return arr.view(np.int64)
    if kind == "f":
        return (arr.astype(np.float64) + 0.0).view(np.int64)
    return None


def _min_max(v):
    """``(min, max)`` as Python ints, reading the array once (chunk by chunk)."""
    lo, hi = v[0], v[0]
    for s in range(0, v.size, _CHUNK):
        c = v[s:s + _CHUNK]
        lo, hi = min(lo, c.min()), max(hi, c.max())
    return int(lo), int(hi)


class _Coder:
    """Turns labels into integer codes ``0..K-1``, one chunk at a time.

    Three ways, chosen from the data:

    * ``offset``: integers whose range ``max - min + 1`` is small — the code
      is ``value - min`` (no table, no sort);
    * ``hash``: other integers and floats — multiplicative (Fibonacci)
      hashing into a table of ``2**bits`` slots (about 128 per distinct
      value in a strided sample of 65,536 samples, at most ``2**22``); one
      pass records which slots are used and one value per slot, and each
      chunk reports the samples whose value differs from its
      slot's value (a collision; rare), which are relabelled afterwards with
      :func:`numpy.unique`;
    * ``codes``: strings and other labels, and numbers that are mostly
      distinct (more than half of the sample) — :func:`numpy.unique` up front.

    Codes are consistent (equal labels ↔ equal codes) but not sorted.
    """

    def __init__(self, arr):
        self.n = arr.size
        self.extra = 0          # codes K .. K+extra-1 given to collided values
        v = _as_int64_view(arr)
        if v is None:
            uniq, codes = np.unique(arr, return_inverse=True)
            self.kind, self.v, self.k = "codes", codes.reshape(-1).astype(np.int64), uniq.size
            return
        lo, hi = _min_max(v)
        span = hi - lo + 1
        if span <= max(_MAX_OFFSET_RANGE, v.size):
            self.kind, self.v, self.lo, self.k, self.map = "offset", v, lo, span, None
            return
        v = v.astype(np.int64, copy=False)
        sample = v[:: max(1, v.size // 65536)]
        k_est = np.unique(sample).size
        if 2 * k_est > sample.size:  # mostly distinct values: sorting is as good
            uniq, codes = np.unique(v, return_inverse=True)
            self.kind, self.v, self.k = "codes", codes.reshape(-1).astype(np.int64), uniq.size
            return
        # about 2^7 slots per value seen: few collisions; at most 2^22 slots (32 MB)
        bits = min(_MAX_HASH_BITS, max(12, int(math.ceil(math.log2(k_est))) + 7))
        self.kind, self.v = "hash", v
        self.shift = np.uint64(64 - bits)
        self.rep = np.empty(1 << bits, dtype=np.int64)
        used = np.zeros(1 << bits, dtype=bool)
        for s in range(0, v.size, _CHUNK):
            h = self._slots(s)
            self.rep[h] = v[s:s + _CHUNK]
            used[h] = True
        self.remap = np.cumsum(used, dtype=np.intp) - 1
        self.k = int(used.sum())

    def compress(self):
        """Offset codes only: renumber the values present as ``0..K-1`` (one counting pass)."""
        if self.kind != "offset":
            return
        counts = np.zeros(self.k, dtype=np.int64)
        for s in range(0, self.n, _CHUNK):
            counts += np.bincount(self.chunk(s)[0], minlength=self.k)
        used = counts > 0
        self.map = np.cumsum(used, dtype=np.intp) - 1
        self.k = int(used.sum())

    def _slots(self, s):
        with np.errstate(over="ignore"):
            h = self.v[s:s + _CHUNK].view(np.uint64) * _HASH_MULT
        h >>= self.shift
        return h.view(np.intp)

    def chunk(self, s):
        """Codes (int64) of samples ``s .. s+_CHUNK-1`` and the local indices that collided."""
        if self.kind == "offset":
            c = self.v[s:s + _CHUNK].astype(np.int64)
            if self.lo:
                c -= self.lo
            return (c if self.map is None else self.map[c]), None
        if self.kind == "codes":
            return self.v[s:s + _CHUNK], None
        h = self._slots(s)
        miss = np.flatnonzero(self.rep[h] != self.v[s:s + _CHUNK])
        return self.remap[h], (miss if miss.size else None)

    def codes_of(self, idx):
        """Codes of the samples ``idx`` (offset and precomputed codes only)."""
        if self.kind == "codes":
            return self.v[idx]
        c = self.v[idx].astype(np.int64) - self.lo
        return c if self.map is None else self.map[c]

    def fix(self, idx):
        """Slot codes (as used in the loop) and true codes of the samples ``idx``."""
        h = self._slots_of(idx)
        wrong = self.remap[h]
        right = wrong.copy()
        miss = self.rep[h] != self.v[idx]
        if miss.any():
            uniq, sub = np.unique(self.v[idx][miss], return_inverse=True)
            right[miss] = self.k + sub.reshape(-1)
            self.extra = uniq.size
        return wrong, right

    def _slots_of(self, idx):
        with np.errstate(over="ignore"):
            h = self.v[idx].view(np.uint64) * _HASH_MULT
        h >>= self.shift
        return h.view(np.intp)


def _offset_table(cx, cy):
    """Joint counts of two offset coders in one fused, chunked pass.

    The joint code ``(x - lo_x) · K_y + (y - lo_y)`` is computed as
    ``x · K_y + y - (lo_x · K_y + lo_y)`` in ``int64`` arithmetic into one
    reused buffer; intermediate wrap-around is harmless because the result
    is known to lie in ``0 .. K_x·K_y - 1`` (arithmetic modulo 2^64).
    """
    ky = cy.k
    cells = cx.k * ky
    offset = (cx.lo * ky + cy.lo) % (1 << 64)
    offset = np.uint64(offset).astype(np.int64)  # the same residue, as a signed number
    k64 = np.int64(ky)
    table = np.zeros(cells, dtype=np.int64)
    buf = np.empty(min(_BIG_CHUNK, cx.n), dtype=np.int64)
    with np.errstate(over="ignore"):
        for s in range(0, cx.n, _BIG_CHUNK):
            a = cx.v[s:s + _BIG_CHUNK]
            b = buf[:a.size]
            np.multiply(a, k64, out=b, casting="unsafe")
            np.add(b, cy.v[s:s + _BIG_CHUNK], out=b, casting="unsafe")
            if offset:
                np.subtract(b, offset, out=b)
            table += np.bincount(b, minlength=cells)
    return table


def _count_table(cx, cy=None):
    """Dense count table of one coder (1-D) or a pair of coders (2-D, int64).

    Counts are accumulated with :func:`numpy.bincount` on chunks of
    ``_CHUNK`` samples (the joint code ``code_x · K_y + code_y`` stays in
    cache); hash collisions are corrected at the end.
    """
    kx = cx.k
    ky = 1 if cy is None else cy.k
    cells = kx * ky
    if cy is not None and cx.kind == cy.kind == "offset" and cx.map is None and cy.map is None:
        return _offset_table(cx, cy).reshape(kx, ky)
    table = np.zeros(cells, dtype=np.int64)
    missed = []
    for s in range(0, cx.n, _CHUNK):
        j, mx = cx.chunk(s)
        my = None
        if cy is not None:
            c, my = cy.chunk(s)
            j = j * ky
            j += c
        table += np.bincount(j, minlength=cells)
        if mx is not None or my is not None:
            mark = np.zeros(j.size, dtype=bool)
            for m in (mx, my):
                if m is not None:
                    mark[m] = True
            missed.append(np.flatnonzero(mark) + s)
    if not missed:
        return table.reshape(kx, ky) if cy is not None else table
    # collisions: move the collided samples from their slot's cell to their own
    idx = np.concatenate(missed)
    wx, rx = cx.fix(idx) if cx.kind == "hash" else (cx.codes_of(idx),) * 2
    if cy is None:
        big = np.zeros(kx + cx.extra, dtype=np.int64)
        big[:kx] = table
        big -= np.bincount(wx, minlength=big.size)
        big += np.bincount(rx, minlength=big.size)
        return big
    wy, ry = cy.fix(idx) if cy.kind == "hash" else (cy.codes_of(idx),) * 2
    kx2, ky2 = kx + cx.extra, ky + cy.extra
    big = np.zeros((kx2, ky2), dtype=np.int64)
    big[:kx, :ky] = table.reshape(kx, ky)
    flat = big.reshape(-1)
    flat -= np.bincount(wx * ky2 + wy, minlength=flat.size)
    flat += np.bincount(rx * ky2 + ry, minlength=flat.size)
    return big


def _joint_counts(x, y):
    """Joint counts of paired labels.

    Returns ``(nxy, nx_of_cell, ny_of_cell, nx, ny)``: the positive joint
    counts, the X- and Y-counts of the same cells, and the positive marginal
    counts.  Every array is ``int64``.
    """
    cx, cy = _Coder(x), _Coder(y)
    if cx.k * cy.k > _MAX_TABLE:  # sparse integer ranges: keep only the values present
        cx.compress()
        cy.compress()
    if cx.k * cy.k > _MAX_TABLE:
        # too many cells for a dense table: sort the joint codes instead
        ux, ix = np.unique(x, return_inverse=True)
        uy, iy = np.unique(y, return_inverse=True)
        ix, iy = ix.reshape(-1), iy.reshape(-1)
        cells, nxy = np.unique(ix.astype(np.int64) * uy.size + iy, return_counts=True)
        nx_all = np.bincount(ix, minlength=ux.size)
        ny_all = np.bincount(iy, minlength=uy.size)
        i, j = np.divmod(cells, uy.size)
        return nxy, nx_all[i], ny_all[j], nx_all, ny_all
    table = _count_table(cx, cy)
    nx_all = table.sum(axis=1)
    ny_all = table.sum(axis=0)
    i, j = np.nonzero(table)
    return table[i, j], nx_all[i], ny_all[j], nx_all[nx_all > 0], ny_all[ny_all > 0]


def _pair_labels(x, y):
    x = as_label_samples(x, "x")
    y = as_label_samples(y, "y")
    check_same_length(x.size, y.size, "x", "y")
    check_n_samples(x.size, "x")
    return x, y


def _as_correction(correction):
    if isinstance(correction, str):
        correction = correction.lower()
    if correction not in _CORRECTIONS:
        raise ValueError(
            f"correction must be None or 'miller-madow', got {correction!r}"
        )
    return correction


def contingency_counts(x, y):
    """The contingency table of paired discrete samples, with its labels' order.

    Parameters
    ----------
    x, y : array_like, 1-D, same length
        Paired discrete samples (integers, booleans, finite floats or strings).

    Returns
    -------
    numpy.ndarray of int64, shape (K_x, K_y)
        ``table[a, b]`` = number of ``i`` with ``x[i]`` the ``a``-th smallest
        distinct value of ``x`` and ``y[i]`` the ``b``-th smallest of ``y``.
        Divided by its total it is the empirical joint pmf, ready for
        :func:`infolib.mutual_information` (``normalize=True``).

    Raises
    ------
    ValueError
        Fewer than 2 samples, different lengths, a non-1-D input, NaN/inf
        float labels, or labels that cannot be compared.

    Examples
    --------
    >>> contingency_counts([0, 0, 1, 1], ["a", "b", "b", "b"])
    array([[1, 1],
           [0, 2]])
    """
    x, y = _pair_labels(x, y)
    ux, cx = np.unique(x, return_inverse=True)
    uy, cy = np.unique(y, return_inverse=True)
    flat = np.bincount(cx.reshape(-1) * uy.size + cy.reshape(-1), minlength=ux.size * uy.size)
    return flat.reshape(ux.size, uy.size).astype(np.int64)


# --------------------------------------------------------------------------
# plug-in estimators
# --------------------------------------------------------------------------
def _entropy_from_counts(counts, n, log):
    """Plug-in entropy of positive counts summing to ``n``, with logarithm *log*.

    Each term uses ``log(n / c)`` (one rounding of an exact ratio), so exact
    cases such as ``log2(8 / 1)`` come out exact.
    """
    c = counts.astype(np.float64)
    return float(np.dot(c, log(n / c))) / n


def plugin_entropy(x, base=2, correction=None):
    """Plug-in (maximum-likelihood) entropy of discrete samples.

    Parameters
    ----------
    x : array_like, 1-D
        Discrete samples: integers, booleans, finite floats or strings.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    correction : {None, "miller-madow"}, default None
        ``"miller-madow"`` adds ``(m - 1) / (2N)`` nats, ``m`` the number of
        distinct values seen.

    Returns
    -------
    float
        ``Ĥ = -Σ_a (n_a/N) log(n_a/N)`` (plus the correction).

    Raises
    ------
    ValueError
        Fewer than 2 samples, a non-1-D input, NaN/inf labels, labels that
        cannot be compared, an unknown ``correction`` or an invalid ``base``.

    Notes
    -----
    For ``N`` i.i.d. samples the plug-in entropy is biased **down**
    (Jensen's inequality); for a fixed pmf with ``m`` values of positive
    probability and ``N → ∞`` the shortfall is ``(m - 1) / (2N)`` nats plus
    ``O(1/N²)`` (Miller 1955).  The Miller–Madow correction adds this term
    back with ``m`` replaced by the number of values *seen* in the sample
    (the occupied bins), since the true ``m`` is unknown.

    Examples
    --------
    >>> plugin_entropy([0, 1, 0, 1])
    1.0
    >>> plugin_entropy(["a", "a", "b", "c"])
    1.5
    >>> round(plugin_entropy([0, 1, 0, 1], base=None, correction="miller-madow"), 6)
    0.818147
    """
    base = as_base(base)
    correction = _as_correction(correction)
    x = as_label_samples(x, "x")
    check_n_samples(x.size, "x")
    counts = _count_table(_Coder(x))
    counts = counts[counts > 0]
    n = x.size
    h = float(clip_to_bounds(_entropy_from_counts(counts, n, log_fn(base)), base))
    if correction == "miller-madow":
        h += from_nats((counts.size - 1) / (2.0 * n), base)
    return to_float(h)


def _plugin_mi(x, y, correction, base):
    """Plug-in MI in units of *base*: ``Σ (n_ab/N) log(N n_ab / (n_a n_b))``."""
    nxy, nx_cell, ny_cell, nx, ny = _joint_counts(x, y)
    n = x.size
    if nx.size == 1 or ny.size == 1:
        mi = 0.0
    else:
        if n < 3_000_000_000:  # products of counts are exact in int64
            ratio = (nxy * n) / (nx_cell * ny_cell)
        else:
            ratio = (nxy.astype(np.float64) * n) / (nx_cell.astype(np.float64) * ny_cell)
        mi = float(np.dot(nxy.astype(np.float64), log_fn(base)(ratio))) / n
        mi = float(clip_to_bounds(mi, base))
    if correction == "miller-madow":
        mi += from_nats((nx.size + ny.size - nxy.size - 1) / (2.0 * n), base)
    return mi


def plugin_mutual_information(x, y, base=2, correction=None):
    """Plug-in mutual information of paired discrete samples.

    Parameters
    ----------
    x, y : array_like, 1-D, same length
        Paired discrete samples (``x[i]`` goes with ``y[i]``): integers of any
        width, booleans, finite floats or strings.  Only equality of labels
        matters.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    correction : {None, "miller-madow"}, default None
        ``"miller-madow"`` applies the Miller–Madow correction to each of the
        three entropies in ``I = H(X) + H(Y) - H(X, Y)``, which adds
        ``(m_X + m_Y - m_XY - 1) / (2N)`` nats (``m`` = number of distinct
        values or pairs seen).

    Returns
    -------
    float
        ``Î = Σ_{a,b} (n_ab/N) log(N n_ab / (n_a n_b))`` (plus the correction).
        Without correction it is ≥ 0 (rounding below 0 is clipped); the
        corrected estimate can be negative when the variables are nearly
        independent, and is returned as is.

    Raises
    ------
    ValueError
        Fewer than 2 samples, different lengths, a non-1-D input, NaN/inf
        labels, labels that cannot be compared, an unknown ``correction`` or
        an invalid ``base``.

    Notes
    -----
    This is the mutual information of the empirical joint distribution; it
    equals :func:`sklearn.metrics.mutual_info_score` (which is in nats).  For
    ``N`` i.i.d. pairs from a fixed joint pmf with ``m_XY`` pairs and
    ``m_X``, ``m_Y`` values of positive probability, its bias is
    ``(m_XY - m_X - m_Y + 1) / (2N)`` nats plus ``O(1/N²)``: **up** for
    independent variables (``(m_X - 1)(m_Y - 1) / (2N)``), but **down** when
    the joint support is sparse, e.g. ``Y = X``, where ``Î = Ĥ(X)``.

    Counting is linear in ``N``: integers with a small range become codes
    by subtracting their minimum; other integers and floats are relabelled
    by hashing (no sort); the joint counts come from a chunked
    :func:`numpy.bincount`.  Strings are relabelled with :func:`numpy.unique`.

    Examples
    --------
    >>> plugin_mutual_information([0, 0, 1, 1], [0, 0, 1, 1])
    1.0
    >>> plugin_mutual_information([0, 0, 1, 1], [0, 1, 0, 1])
    0.0
    >>> plugin_mutual_information(["a", "a", "b", "b"], [5, 5, -7, -7])
    1.0
    >>> round(plugin_mutual_information([0, 0, 1, 1], [0, 1, 0, 1],
    ...                                 base=None, correction="miller-madow"), 6)
    -0.125
    """
    base = as_base(base)
    correction = _as_correction(correction)
    x, y = _pair_labels(x, y)
    return to_float(_plugin_mi(x, y, correction, base))


def binned_mutual_information(x, y, bins=None, base=2, correction=None):
    """Mutual information of two continuous variables by equal-width binning.

    Parameters
    ----------
    x, y : array_like, 1-D, same length
        Paired samples of two real variables.
    bins : int, str, or None, default None
        Number of equal-width bins per variable, or a rule name understood by
        :func:`numpy.histogram_bin_edges` (``"fd"``, ``"sturges"``, ...)
        applied to each variable separately.  ``None`` uses the rule stated
        in the Notes.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    correction : {None, "miller-madow"}, default None
        Passed to :func:`plugin_mutual_information` on the bin indices.

    Returns
    -------
    float
        The plug-in MI of the bin indices.

    Raises
    ------
    ValueError
        Fewer than 2 samples, different lengths, non-1-D or non-finite
        samples, a bad ``bins``, an unknown ``correction`` or an invalid
        ``base``.

    Notes
    -----
    Binning rule (default): each variable's range ``[min, max]`` is cut into
    ``B = ceil(N ** (1/3))`` equal-width bins (the last bin closed on the
    right), so the number of joint cells ``B²`` grows like ``N^(2/3)`` and the
    average count per cell like ``N^(1/3)``: the sparse-cell error (empty and
    sparse cells, biasing up) shrinks as ``N`` grows.  The bin-width error
    (discretisation loses information, biasing down) shrinks only if the bin
    width ``(max - min) / B`` tends to 0, which needs the observed range to
    grow slower than ``N^(1/3)``: true for bounded support and for light tails
    (the range of ``N`` Gaussian draws grows like ``sqrt(ln N)``), false for
    heavy tails.  For Cauchy margins the range grows like ``N``, almost all
    samples fall into one or two central bins, and the estimate tends to 0
    whatever the true MI.  Binning the ranks (``scipy.stats.rankdata``)
    instead of the values removes the dependence on the margins.  Binning is
    not invariant to strictly increasing (one-to-one) transformations of the
    variables, unlike the true MI.

    Examples
    --------
    >>> x = [0.1, 0.2, 0.8, 0.9]
    >>> binned_mutual_information(x, x, bins=2)
    1.0
    """
    base = as_base(base)
    correction = _as_correction(correction)
    xs = as_continuous_samples(x, "x")
    ys = as_continuous_samples(y, "y")
    for arr, name in ((xs, "x"), (ys, "y")):
        if arr.shape[1] != 1 or np.ndim(x if name == "x" else y) != 1:
            raise ValueError(f"{name} must be 1-D for binning; use "
                             "ksg_mutual_information for multivariate samples")
    check_same_length(xs.shape[0], ys.shape[0], "x", "y")
    n = xs.shape[0]
    check_n_samples(n, "x")
    if bins is None:
        bins = int(math.ceil(n ** (1.0 / 3.0) - 1e-9))
    elif isinstance(bins, str):
        pass
    else:
        bins = as_count(bins, "bins", minimum=1)
    codes = []
    for arr, name in ((xs[:, 0], "x"), (ys[:, 0], "y")):
        try:
            edges = np.histogram_bin_edges(arr, bins=bins)
        except ValueError as err:
            raise ValueError(f"bins: {err}") from None
        # interior edges only: bin 0 .. B-1, the maximum falls in the last bin
        codes.append(np.searchsorted(edges[1:-1], arr, side="right"))
    return to_float(_plugin_mi(codes[0], codes[1], correction, base))


# --------------------------------------------------------------------------
# Kraskov–Stögbauer–Grassberger
# --------------------------------------------------------------------------
def _is_minus_one(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value == -1


def _standardise(arr, name, rng):
    """Divide each column by its standard deviation; jitter columns with ties.

    Returns the new array and, for each column, an ordering that sorts it
    (reused by the neighbour counts).
    """
    std = arr.std(axis=0)
    if (std == 0).any():
        col = int(np.flatnonzero(std == 0)[0])
        raise ValueError(
            f"{name} is constant (column {col} has zero variance); its mutual "
            "information with anything is 0 and KSG cannot rescale it"
        )
    arr = arr / std
    orders = []
    for col in range(arr.shape[1]):
        order = np.argsort(arr[:, col])
        s = arr[order, col]
        if (s[1:] == s[:-1]).any():  # ties
            scale = 1e-10 * max(1.0, float(np.mean(np.abs(arr[:, col]))))
            arr[:, col] += scale * rng.standard_normal(arr.shape[0])
            order = np.argsort(arr[:, col])
        orders.append(order)
    return arr, orders


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


def _marginal_counts(arr, d, orders, workers=1):
    """Neighbours strictly closer than ``d_i`` in the max-norm, self excluded.

    The result is in an arbitrary (but fixed) order of the samples.
    """
    if arr.shape[1] == 1:
        return _count_strictly_within_1d(arr[:, 0], d, orders[0], aligned=False) - 1
    tree = cKDTree(arr, balanced_tree=False)
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
        a constant variable, ``k`` not a whole number in ``1 .. N-1``,
        ``workers`` not ``-1`` or a whole number ``≥ 1``, or an invalid
        ``base``.

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

    The joint distances come from :class:`scipy.spatial.cKDTree` with
    ``p = inf``, except for a pair of 1-D variables: there an exact column
    search over the sorted samples (``_kth_neighbour_distance_2d``) returns
    the very same float64 distances faster, and leaves only the points it
    cannot prove exact (a small fraction, in sparse regions) to the tree.
    For a 1-D variable the counts use the sorted samples; the
    bounds honour ``|x_j - x_i| < d_i`` exactly as computed in floating
    point (``searchsorted(x ± d)`` alone is wrong at the edge, because
    ``x ± d`` rounds).

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
    xs = as_continuous_samples(x, "x")
    ys = as_continuous_samples(y, "y")
    check_same_length(xs.shape[0], ys.shape[0], "x", "y")
    n = xs.shape[0]
    check_n_samples(n, "x")
    k = as_count(k, "k", minimum=1)
    if k >= n:
        raise ValueError(
            f"k must be smaller than the number of samples ({n}), got {k}; "
            "use a smaller k (3 is usual) or more samples"
        )
    if not _is_minus_one(workers):
        try:
            workers = as_count(workers, "workers", minimum=1)
        except ValueError:
            raise ValueError(f"workers must be -1 (all CPUs) or a whole number ≥ 1, "
                             f"got {workers!r}") from None
    rng = np.random.default_rng(seed)
    xs, x_orders = _standardise(xs, "x", rng)
    ys, y_orders = _standardise(ys, "y", rng)
    if xs.shape[1] == ys.shape[1] == 1:
        d = _kth_neighbour_distance_2d(xs[:, 0], ys[:, 0], x_orders[0], y_orders[0], k, workers)
    else:
        joint = np.hstack((xs, ys))
        tree = cKDTree(joint, balanced_tree=False)
        order = tree.indices  # querying in the tree's own order keeps the caches warm
        dist, _ = tree.query(joint[order], k=[k + 1], p=np.inf, workers=workers)
        d = np.empty(n)
        d[order] = dist[:, 0]
    nx = _marginal_counts(xs, d, x_orders, workers)
    ny = _marginal_counts(ys, d, y_orders, workers)
    mi = (digamma(n) + digamma(k)
          - np.mean(digamma(nx + 1.0)) - np.mean(digamma(ny + 1.0)))
    return to_float(from_nats(float(mi), base))


# --------------------------------------------------------------------------
# InfoNCE
# --------------------------------------------------------------------------
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
        function ``f(a, b)``.  A function is called once as
        ``f(x[:, None], y[None, :])`` (with a trailing coordinate axis kept
        for 2-D samples) and must return the ``N × N`` matrix.
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
        A score matrix that is not square ``N × N`` with ``N ≥ 2``, has NaN or
        ``+inf`` entries, or ``-inf`` on the diagonal; a function critic
        without samples (or samples with a matrix); a function that returns
        the wrong shape; or an invalid ``base``.

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
        check_n_samples(xs.shape[0], "x")
        a = xs[:, 0][:, None] if np.ndim(x) == 1 else xs[:, None, :]
        b = ys[:, 0][None, :] if np.ndim(y) == 1 else ys[None, :, :]
        scores = np.asarray(critic(a, b), dtype=np.float64)
        name = "critic(x[:, None], y[None, :])"
        n = xs.shape[0]
        if scores.shape != (n, n):
            raise ValueError(f"{name} must return an ({n}, {n}) score matrix, "
                             f"got shape {scores.shape}; make the critic broadcast")
    else:
        if x is not None or y is not None:
            raise ValueError("x and y must not be given with a score matrix; "
                             "pass a critic function to score samples")
        name = "critic"
        try:
            scores = np.array(critic, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"critic must be a function or a square score matrix, "
                             f"got {type(critic).__name__}") from None
        if scores.ndim != 2 or scores.shape[0] != scores.shape[1]:
            raise ValueError(f"critic must be a square N × N score matrix, "
                             f"got shape {scores.shape}")
        n = scores.shape[0]
        check_n_samples(n, "critic")
    if np.isnan(scores).any() or np.isposinf(scores).any():
        raise ValueError(f"{name} has NaN or +inf scores; scores must be real or -inf")
    diag = np.diagonal(scores)
    if np.isneginf(diag).any():
        raise ValueError(f"{name} scores a true pair (diagonal) as -inf; "
                         "InfoNCE would be -inf; give true pairs a finite score")
    terms = diag - logsumexp(scores, axis=1)
    est = math.log(n) + float(np.mean(terms))
    est = min(est, math.log(n))  # each term ≤ 0 exactly; rounding must not break it
    return to_float(from_nats(est, base))
