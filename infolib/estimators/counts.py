"""Counts and plug-in estimates: discrete samples, and continuous ones cut into bins.

* :func:`plugin_entropy`, :func:`plugin_mutual_information`: count, divide by ``N``, and
  apply the formula of the exact measure to the empirical distribution (optionally with a
  bias correction);
* :func:`contingency_counts`: the table of joint counts itself;
* :func:`binned_mutual_information`: equal-width bins of each continuous variable, then
  the plug-in estimate.

Counting is linear in ``N`` (integer offsets or hashing, then a chunked
:func:`numpy.bincount`); see :class:`_Coder`.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import (
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

try:                                    # the one compiled helper; numpy does the same without it
    from ._pair_counts import pair_counts as _pair_counts
except ImportError:                     # pragma: no cover - a build without a C compiler
    _pair_counts = None

__all__ = ["plugin_entropy", "plugin_mutual_information", "plugin_conditional_mutual_information",
           "contingency_counts", "binned_mutual_information", "MAX_DENSE_CELLS"]

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
#: A hash coder counts the distinct values of a strided sample of this many samples, and of
#: ``_HASH_SAMPLE`` if the small one shows many.
_HASH_SAMPLE_SMALL, _HASH_SAMPLE = 1 << 13, 1 << 16
#: Fibonacci-hashing multiplier (2^64 / golden ratio, odd).
_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)

_CORRECTIONS = (None, "miller-madow", "chao-shen")
#: Largest dense table :func:`contingency_counts` builds (cells; 512 MiB of int64).
MAX_DENSE_CELLS = 1 << 26


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
      value in a strided sample of 8,192 samples, or 65,536 if it shows many; at most ``2**22``); one
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
        # distinct values in a strided sample: a small one first; if it shows many distinct
        # values (a quarter of it or more), the number is read from a larger sample
        sample = v[:: max(1, v.size // _HASH_SAMPLE_SMALL)]
        k_est = np.unique(sample).size
        if 4 * k_est >= sample.size:
            sample = v[:: max(1, v.size // _HASH_SAMPLE)]
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

    def codes(self):
        """The code of every sample (int64, ``0 .. K-1``); collided values of a hash coder
        get codes from ``K`` on and ``K`` grows to count them."""
        if self.kind == "codes":
            return self.v
        if self.kind == "offset":
            c = self.v.astype(np.int64)
            if self.lo:
                c -= self.lo
            return c if self.map is None else self.map[c]
        out = np.empty(self.n, dtype=np.int64)
        missed = []
        for s in range(0, self.n, _CHUNK):
            c, miss = self.chunk(s)
            out[s:s + c.size] = c
            if miss is not None:
                missed.append(miss + s)
        if missed:
            idx = np.concatenate(missed)
            out[idx] = self.fix(idx)[1]
            self.k += self.extra
            self.extra = 0
        return out

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


#: Most cells of the table counted in the single fused pass over small-range integers.
_FUSED_CELLS = 1 << 18


def _fused_small_range_table(vx, vy):
    """Joint counts of two integer arrays with small ranges, reading each array once.

    Chunk by chunk: the joint code ``(x - lo_x) · K_y + (y - lo_y)`` against the ranges seen so
    far, and one :func:`numpy.bincount`; the table is re-laid out when a chunk widens the ranges.
    Returns ``(table of shape (K_x, K_y), lo_x, lo_y)``, or ``None`` as soon as the ranges need
    more than ``_FUSED_CELLS`` cells (then the general coders take over).

    Checking a chunk against the ranges: with ``0 ≤ lo_x`` and ``hi_x · K_y`` far below 2^63,
    the largest ``x`` *read as unsigned* at most ``hi_x`` means ``0 ≤ x ≤ hi_x`` (a negative
    ``x`` reads as a huge unsigned number), and then no product wraps around; an ``x`` below
    ``lo_x`` makes its code negative, which :func:`numpy.bincount` refuses, so one reduction
    checks ``x``.  ``y`` needs its minimum too unless ``lo_y = 0`` (an ``y`` below ``lo_y``
    could land in another row's cell).  Otherwise (negative values, huge ones) each chunk's
    minimum and maximum are read, and intermediate products may wrap around in ``int64``:
    the final codes are exact (arithmetic modulo 2^64).

    Where the compiled helper is built (``_pair_counts.c``, by ``setup.py``), C-contiguous
    arrays are counted in one compiled pass instead (:func:`_compiled_small_range_table`).
    """
    if _pair_counts is not None:
        pair = _same_contiguous_type(vx, vy)
        if pair is not None:
            return _compiled_small_range_table(*pair)
    n = vx.size
    table = None
    buf = np.empty(min(_BIG_CHUNK, n), dtype=np.int64)
    with np.errstate(over="ignore"):
        for s in range(0, n, _BIG_CHUNK):
            a, b = vx[s:s + _BIG_CHUNK], vy[s:s + _BIG_CHUNK]
            c = buf[:a.size]
            if table is not None and quick:
                inside = (_unsigned_max(a) <= hix
                          and (_unsigned_max(b) <= hiy if loy == 0
                               else int(b.min()) >= loy and int(b.max()) <= hiy))
                if inside:
                    _joint_code(a, b, ky, offset, c)
                    try:
                        counts = np.bincount(c, minlength=table.size)
                    except ValueError:          # a negative code: some x below lo_x
                        counts = None
                    if counts is not None and counts.size == table.size:
                        table.reshape(-1)[:] += counts
                        continue
            alo, ahi, blo, bhi = int(a.min()), int(a.max()), int(b.min()), int(b.max())
            if table is None:
                lox, hix, loy, hiy = alo, ahi, blo, bhi
            if table is None or alo < lox or ahi > hix or blo < loy or bhi > hiy:
                nlox, nhix, nloy, nhiy = min(lox, alo), max(hix, ahi), min(loy, blo), max(hiy, bhi)
                if (nhix - nlox + 1) * (nhiy - nloy + 1) > _FUSED_CELLS:
                    return None
                grown = np.zeros((nhix - nlox + 1, nhiy - nloy + 1), dtype=np.int64)
                if table is not None:
                    grown[lox - nlox:hix - nlox + 1, loy - nloy:hiy - nloy + 1] = table
                table, (lox, hix, loy, hiy) = grown, (nlox, nhix, nloy, nhiy)
                ky = hiy - loy + 1
                offset = np.uint64((lox * ky + loy) % (1 << 64)).astype(np.int64)
                quick = lox >= 0 and loy >= 0 and (hix + 1) * ky < 1 << 62
            _joint_code(a, b, ky, offset, c)
            table.reshape(-1)[:] += np.bincount(c, minlength=table.size)
    return table, lox, loy


#: The integer types the compiled counter reads, by its code for each.
_KINDS = {np.dtype(t): i for i, t in enumerate(
    (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64))}


def _same_contiguous_type(vx, vy):
    """``(vx, vy, kind)`` as C-contiguous arrays of one integer type, or None (numpy's way then)."""
    if not (vx.flags.c_contiguous and vy.flags.c_contiguous) or vx.size == 0:
        return None
    common = np.promote_types(vx.dtype, vy.dtype)
    if common not in _KINDS:
        return None
    return vx.astype(common, copy=False), vy.astype(common, copy=False), _KINDS[common]


def _compiled_small_range_table(vx, vy, kind):
    """:func:`_fused_small_range_table` in one compiled pass over both arrays.

    The ranges start as those of the first chunk; the compiled loop stops at the first pair outside
    them, the ranges grow by that of the next chunk (the table re-laid out), and the loop goes on
    from that pair.  Returns None as soon as the ranges need more than ``_FUSED_CELLS`` cells.
    """
    n = vx.size
    head_x, head_y = vx[:_BIG_CHUNK], vy[:_BIG_CHUNK]
    lox, hix, loy, hiy = int(head_x.min()), int(head_x.max()), int(head_y.min()), int(head_y.max())
    pos, table = 0, None
    while True:
        if (hix - lox + 1) * (hiy - loy + 1) > _FUSED_CELLS:
            return None
        grown = np.zeros((hix - lox + 1, hiy - loy + 1), dtype=np.int64)
        if table is not None:
            grown[old_lox - lox:old_lox - lox + table.shape[0],
                  old_loy - loy:old_loy - loy + table.shape[1]] = table
        table = grown
        pos = _pair_counts(vx, vy, kind, lox, table.shape[0], loy, table.shape[1], table, pos)
        if pos >= n:
            return table, lox, loy
        a, b = vx[pos:pos + _BIG_CHUNK], vy[pos:pos + _BIG_CHUNK]
        old_lox, old_loy = lox, loy
        lox, hix = min(lox, int(a.min())), max(hix, int(a.max()))
        loy, hiy = min(loy, int(b.min())), max(hiy, int(b.max()))


def _unsigned_max(v):
    """The largest entry of an integer array read as unsigned (a negative one reads as at least
    2^(bits - 1), above every value the signed type holds); a same-size view, so strides are kept."""
    return int(v.view(np.dtype(f"u{v.dtype.itemsize}")).max())


def _joint_code(a, b, ky, offset, out):
    """``a · ky + b - offset`` into ``out`` (int64, wrapping around)."""
    np.multiply(a, np.int64(ky), out=out, casting="unsafe")
    np.add(out, b, out=out, casting="unsafe")
    if offset:
        np.subtract(out, offset, out=out)


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
    vx, vy = _as_int64_view(x), _as_int64_view(y)
    if vx is not None and vy is not None and vx.dtype.kind in "iu" and vy.dtype.kind in "iu":
        fused = _fused_small_range_table(vx, vy)   # small integer ranges: one pass over each
        if fused is not None:
            table = fused[0]
            nx_all = table.sum(axis=1)
            ny_all = table.sum(axis=0)
            i, j = np.nonzero(table)
            return table[i, j], nx_all[i], ny_all[j], nx_all[nx_all > 0], ny_all[ny_all > 0]
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
    if cx.kind == cy.kind == "offset" and cx.map is None and cy.map is None:
        table = _count_table(cx, cy)            # the fused, chunked pass for small integer ranges
        nx_all = table.sum(axis=1)
        ny_all = table.sum(axis=0)
        i, j = np.nonzero(table)
        return table[i, j], nx_all[i], ny_all[j], nx_all[nx_all > 0], ny_all[ny_all > 0]
    # hashed or sparse codes: one array of codes per variable, one bincount of the pairs
    ax, ay = cx.codes(), cy.codes()
    kx, ky = cx.k, cy.k
    joint = ax * ky
    joint += ay
    if kx * ky <= _MAX_TABLE:
        table = np.bincount(joint, minlength=kx * ky)
        cells = np.flatnonzero(table)
        nxy = table[cells]
    else:
        cells, nxy = np.unique(joint, return_counts=True)
    i, j = np.divmod(cells, ky)
    nx_all = np.bincount(ax, minlength=kx)
    ny_all = np.bincount(ay, minlength=ky)
    return nxy, nx_all[i], ny_all[j], nx_all[nx_all > 0], ny_all[ny_all > 0]


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
            f"correction must be None, 'miller-madow' or 'chao-shen', got {correction!r}"
        )
    return correction


def contingency_counts(x, y, sparse=False):
    """The contingency table of paired discrete samples, with its labels' order.

    Parameters
    ----------
    x, y : array_like, 1-D, same length
        Paired discrete samples (integers, booleans, finite floats or strings).
    sparse : bool, default False
        Return a :class:`scipy.sparse.csr_array` holding only the cells that
        occur (at most ``N`` of them), as
        ``sklearn.metrics.cluster.contingency_matrix(..., sparse=True)`` does.

    Returns
    -------
    numpy.ndarray of int64, shape (K_x, K_y), or scipy.sparse.csr_array
        ``table[a, b]`` = number of ``i`` with ``x[i]`` the ``a``-th smallest
        distinct value of ``x`` and ``y[i]`` the ``b``-th smallest of ``y``.
        Divided by its total it is the empirical joint pmf, ready for
        :func:`infolib.mutual_information` (``normalize=True``).

    Raises
    ------
    ValueError
        Fewer than 2 samples, different lengths, a non-1-D input, NaN/inf
        float labels, a missing value (``None``, NaN) among object labels,
        labels that cannot be compared; or a dense table of more than
        ``infolib.estimators.counts.MAX_DENSE_CELLS = 2**26`` cells (512 MiB), raised before
        anything that size is allocated (pass ``sparse=True``).

    Notes
    -----
    Memory: the sort of each variable is ``O(N)``; the dense table is
    ``K_x · K_y`` cells, the sparse one ``O(N)`` whatever ``K_x`` and ``K_y``.

    Examples
    --------
    >>> contingency_counts([0, 0, 1, 1], ["a", "b", "b", "b"])
    array([[1, 1],
           [0, 2]])
    >>> contingency_counts([0, 0, 1, 1], ["a", "b", "b", "b"], sparse=True).toarray()
    array([[1, 1],
           [0, 2]])
    """
    x, y = _pair_labels(x, y)
    if not isinstance(sparse, (bool, np.bool_)):
        raise ValueError(f"sparse must be True or False, got {sparse!r}")
    ux, cx = np.unique(x, return_inverse=True)
    uy, cy = np.unique(y, return_inverse=True)
    cx, cy = cx.reshape(-1).astype(np.int64), cy.reshape(-1).astype(np.int64)
    kx, ky = ux.size, uy.size
    if sparse:
        import scipy.sparse

        cells, counts = np.unique(cx * ky + cy, return_counts=True)
        i, j = np.divmod(cells, ky)
        return scipy.sparse.csr_array((counts.astype(np.int64), (i, j)), shape=(kx, ky))
    if kx * ky > MAX_DENSE_CELLS:
        raise ValueError(
            f"x and y have {kx:,} and {ky:,} distinct values: a dense table of {kx * ky:,} cells "
            f"({kx * ky * 8 / 2 ** 30:.1f} GiB of int64) is over the limit of {MAX_DENSE_CELLS:,} "
            f"cells; pass sparse=True for a scipy.sparse table of the cells that occur "
            f"(at most {x.size:,})"
        )
    flat = np.bincount(cx * ky + cy, minlength=kx * ky)
    return flat.reshape(kx, ky).astype(np.int64)


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


def _chao_shen_nats(counts, n):
    """Chao–Shen entropy (nats) of positive ``counts`` summing to ``n``.

    Coverage ``C = 1 - f1/n`` (``f1`` singletons; ``f1 = n - 1`` when every value is a
    singleton, so that ``C > 0``), ``p_a = C n_a / n``, and each term divided by the chance
    ``1 - (1 - p_a)^n`` that value ``a`` is seen at all (Horvitz–Thompson).
    """
    c = counts.astype(np.float64)
    f1 = int(np.count_nonzero(counts == 1))
    if f1 == n:
        f1 = n - 1
    pa = (1.0 - f1 / n) * c / n
    with np.errstate(divide="ignore"):              # p_a = 1 (one value): log1p(-1) = -inf, seen = 1
        seen = -np.expm1(n * np.log1p(-pa))        # 1 - (1 - p_a)^n, accurately
    return float(-np.sum(pa * np.log(pa) / seen))


def _corrected_entropy_nats(counts, n, correction):
    """The entropy (nats) of positive counts with ``correction``: the plug-in value, plus
    ``(m - 1)/(2n)`` for Miller–Madow, or the Chao–Shen estimate."""
    if correction == "chao-shen":
        return _chao_shen_nats(counts, n)
    h = _entropy_from_counts(counts, n, np.log)
    if correction == "miller-madow":
        h += (counts.size - 1) / (2.0 * n)
    return h


def plugin_entropy(x, base=2, correction=None):
    """Plug-in (maximum-likelihood) entropy of discrete samples.

    Parameters
    ----------
    x : array_like, 1-D
        Discrete samples: integers, booleans, finite floats or strings.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    correction : {None, "miller-madow", "chao-shen"}, default None
        ``"miller-madow"`` adds ``(m - 1) / (2N)`` nats, ``m`` the number of
        distinct values seen; ``"chao-shen"`` returns the Chao–Shen
        coverage-adjusted estimate instead (Notes).

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

    The Chao–Shen estimate (Chao & Shen 2003, eq. 7) also accounts for
    values the sample missed: with ``f1`` the number of values seen exactly
    once, the coverage ``C = 1 - f1/N`` estimates the probability mass of
    the values seen (Good–Turing), each frequency is shrunk to
    ``p_a = C n_a / N``, and each term ``-p_a log p_a`` is divided by
    ``1 - (1 - p_a)^N``, the chance that value ``a`` appears in ``N`` draws:

    ``Ĥ_CS = -Σ_a p_a log p_a / (1 - (1 - p_a)^N)``.

    When every sample is a singleton (``f1 = N``, so ``C = 0``) ``f1`` is
    replaced by ``N - 1``, as the R package ``entropy`` does.  It helps
    when many values have small probability (``N`` not much larger than
    the number of values); with every value seen many times it equals the
    plug-in estimate up to ``O(1/N)``.

    Examples
    --------
    >>> plugin_entropy([0, 1, 0, 1])
    1.0
    >>> plugin_entropy(["a", "a", "b", "c"])
    1.5
    >>> round(plugin_entropy([0, 1, 0, 1], base=None, correction="miller-madow"), 6)
    0.818147
    >>> round(plugin_entropy([0, 1, 2, 2], base=None, correction="chao-shen"), 5)
    1.76324
    """
    base = as_base(base)
    correction = _as_correction(correction)
    x = as_label_samples(x, "x")
    check_n_samples(x.size, "x")
    counts = _count_table(_Coder(x))
    counts = counts[counts > 0]
    n = x.size
    if correction is None:
        return to_float(float(clip_to_bounds(_entropy_from_counts(counts, n, log_fn(base)), base)))
    return to_float(from_nats(_corrected_entropy_nats(counts, n, correction), base))


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
    elif correction == "chao-shen":
        mi = from_nats(_chao_shen_nats(nx, n) + _chao_shen_nats(ny, n) - _chao_shen_nats(nxy, n), base)
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
    correction : {None, "miller-madow", "chao-shen"}, default None
        ``"miller-madow"`` applies the Miller–Madow correction to each of the
        three entropies in ``I = H(X) + H(Y) - H(X, Y)``, which adds
        ``(m_X + m_Y - m_XY - 1) / (2N)`` nats (``m`` = number of distinct
        values or pairs seen); ``"chao-shen"`` combines the three Chao–Shen
        entropies the same way (:func:`plugin_entropy`).

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


def _inverse_and_counts(codes):
    """``(cell of each sample, count of each cell)`` of integer codes."""
    _, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    return inverse.reshape(-1), counts


def plugin_conditional_mutual_information(x, y, z, base=2, correction=None):
    """Plug-in conditional mutual information ``I(X; Y | Z)`` of discrete samples.

    Parameters
    ----------
    x, y, z : array_like, 1-D, same length
        Paired discrete samples (``x[i]``, ``y[i]`` and ``z[i]`` go together):
        integers, booleans, finite floats or strings.  To condition on
        several variables, give ``z`` one label per combination.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.
    correction : {None, "miller-madow", "chao-shen"}, default None
        Applied to each of the four entropies of
        ``I(X; Y | Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z)`` (Miller–Madow
        adds ``(m_XZ + m_YZ - m_XYZ - m_Z) / (2N)`` nats; see
        :func:`plugin_entropy` for both).

    Returns
    -------
    float
        ``Σ_{a,b,c} (n_abc/N) log(n_abc n_c / (n_ac n_bc))``, the conditional
        mutual information of the empirical distribution (plus the
        correction).  Without correction it is ≥ 0; a corrected estimate can
        be negative and is returned as is.

    Raises
    ------
    ValueError
        Fewer than 2 samples, different lengths, a non-1-D input, NaN/inf
        labels, a missing value among object labels, labels that cannot be
        compared, an unknown ``correction`` or an invalid ``base``.

    Notes
    -----
    With ``z`` constant it is :func:`plugin_mutual_information`; the chain
    rule ``I(X; Y, Z) = I(X; Z) + I(X; Y | Z)`` holds exactly between the
    plug-in values (they are the measures of one empirical distribution),
    and so does it for the Miller–Madow and Chao–Shen corrections (each is a
    sum of corrected entropies that cancel term by term).  Counting sorts
    each variable once (``O(N log N)`` time, ``O(N)`` memory).

    Examples
    --------
    Y copies X when Z = 0 and is independent of it when Z = 1:

    >>> x = [0, 1, 0, 1, 0, 1, 0, 1]
    >>> y = [0, 1, 0, 1, 0, 0, 1, 1]
    >>> z = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> plugin_conditional_mutual_information(x, y, z)
    0.5
    """
    base = as_base(base)
    correction = _as_correction(correction)
    x, y = _pair_labels(x, y)
    z = as_label_samples(z, "z")
    check_same_length(x.size, z.size, "x", "z")
    n = x.size
    cx = np.unique(x, return_inverse=True)[1].reshape(-1).astype(np.int64)
    cy = np.unique(y, return_inverse=True)[1].reshape(-1).astype(np.int64)
    cz, nz = _inverse_and_counts(z)
    cz = cz.astype(np.int64)
    kz, ky = nz.size, int(cy.max()) + 1
    ixz, nxz = _inverse_and_counts(cx * kz + cz)
    iyz, nyz = _inverse_and_counts(cy * kz + cz)
    _, first, nxyz = np.unique(ixz.astype(np.int64) * ky + cy, return_index=True, return_counts=True)
    if correction is None:
        ratio = (nxyz * nz[cz[first]]) / (nxz[ixz[first]] * nyz[iyz[first]])
        cmi = float(np.dot(nxyz.astype(np.float64), log_fn(base)(ratio))) / n
        return to_float(clip_to_bounds(cmi, base))
    h = [_corrected_entropy_nats(c, n, correction) for c in (nxz, nyz, nxyz, nz)]
    return to_float(from_nats(h[0] + h[1] - h[2] - h[3], base))


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
