"""Hypothesis strategies for probability distributions, shared by the tests.

All pmfs are built the same way: draw non-negative float weights (exact zeros
are drawn often on purpose), make sure at least one is positive, and divide by
the total.  Sizes default to 1..8 per axis.

Strategies
----------
pmfs(min_size=1, max_size=8, size=None, full_support=False)
    1-D pmf as a float64 array.
pmf_pairs(min_size=1, max_size=8, full_support_q=False)
    Two pmfs ``(p, q)`` of the same length.
joint_pmfs(min_rows=1, max_rows=8, min_cols=1, max_cols=8, shape=None)
    2-D joint pmf (rows index X, columns index Y).
stochastic_matrices(n_rows, n_cols)
    Row-stochastic matrix: every row a pmf (a channel ``p(col | row)``).
markov_chains(max_size=8)
    ``(px, A, B)`` for a chain X → Y → Z: ``px`` the pmf of X,
    ``A[x, y] = p(y | x)`` and ``B[y, z] = p(z | y)``.
contingency_tables(max_rows=8, max_cols=8, max_count=20)
    Integer count tables with a positive total.

Helpers
-------
joint_from_channel(px, A)
    The joint pmf ``p(x) A(y | x)``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "pmfs",
    "pmf_pairs",
    "joint_pmfs",
    "stochastic_matrices",
    "markov_chains",
    "contingency_tables",
    "joint_from_channel",
    "labelled_pairs",
]

#: Non-negative weights; about a third of the draws are exactly 0.
#: Tiny (subnormal) weights are left in on purpose: they stress 0·log 0.
weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.01, max_value=1.0),
)

#: Strictly positive weights, not too small, for a full-support pmf.
positive_weights = st.floats(min_value=1e-3, max_value=1.0)


def _normalised(draw, w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    if not w.sum() > 0:  # avoid the all-zero table: put mass on one random cell
        flat = w.reshape(-1)
        flat[draw(st.integers(0, flat.size - 1))] = 1.0
    return w / w.sum()


@st.composite
def pmfs(draw, min_size=1, max_size=8, size=None, full_support=False):
    """A 1-D pmf of length ``size`` (or a drawn length in ``[min_size, max_size]``)."""
    n = size if size is not None else draw(st.integers(min_size, max_size))
    elems = positive_weights if full_support else weights
    w = draw(hnp.arrays(np.float64, n, elements=elems))
    return _normalised(draw, w)


@st.composite
def pmf_pairs(draw, min_size=1, max_size=8, full_support_q=False):
    """Two pmfs ``(p, q)`` of the same length."""
    n = draw(st.integers(min_size, max_size))
    return draw(pmfs(size=n)), draw(pmfs(size=n, full_support=full_support_q))


@st.composite
def joint_pmfs(draw, min_rows=1, max_rows=8, min_cols=1, max_cols=8, shape=None):
    """A 2-D joint pmf; rows index X, columns index Y."""
    if shape is None:
        shape = (draw(st.integers(min_rows, max_rows)), draw(st.integers(min_cols, max_cols)))
    w = draw(hnp.arrays(np.float64, shape, elements=weights))
    return _normalised(draw, w)


@st.composite
def stochastic_matrices(draw, n_rows, n_cols):
    """An ``n_rows × n_cols`` matrix whose rows are pmfs (a channel)."""
    return np.stack([draw(pmfs(size=n_cols)) for _ in range(n_rows)])


@st.composite
def markov_chains(draw, max_size=8):
    """``(px, A, B)`` for X → Y → Z with random alphabet sizes 1..max_size."""
    nx, ny, nz = (draw(st.integers(1, max_size)) for _ in range(3))
    px = draw(pmfs(size=nx))
    a = draw(stochastic_matrices(nx, ny))
    b = draw(stochastic_matrices(ny, nz))
    return px, a, b


@st.composite
def contingency_tables(draw, max_rows=8, max_cols=8, max_count=20):
    """An integer table of counts (rows X, columns Y) with a positive total."""
    shape = (draw(st.integers(1, max_rows)), draw(st.integers(1, max_cols)))
    counts = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, max_count)))
    if counts.sum() == 0:
        counts[tuple(draw(st.integers(0, s - 1)) for s in shape)] = 1
    return counts


def joint_from_channel(px, a) -> np.ndarray:
    """Joint pmf ``p(x, y) = p(x) · a[x, y]`` of an input pmf and a channel."""
    return np.asarray(px)[:, None] * np.asarray(a)


@st.composite
def dyadic_pmfs(draw, max_splits=7):
    """A pmf whose every entry is a power of 1/2: start from [1] and split entries in halves."""
    p = [1.0]
    for _ in range(draw(st.integers(0, max_splits))):
        i = draw(st.integers(0, len(p) - 1))
        p[i:i + 1] = [p[i] / 2, p[i] / 2]
    order = draw(st.permutations(range(len(p))))
    return np.array([p[j] for j in order])


@st.composite
def gaussian_mixture_params(draw, max_components=4):
    """``(weights, means, sds)`` of a 1-D Gaussian mixture: 1..max_components components,
    weights ≥ 0.02 (normalised), means in [-6, 6], sds in [0.2, 3]."""
    k = draw(st.integers(1, max_components))
    w = np.array(draw(st.lists(st.floats(0.02, 1.0), min_size=k, max_size=k)))
    means = draw(st.lists(st.floats(-6.0, 6.0), min_size=k, max_size=k))
    sds = draw(st.lists(st.floats(0.2, 3.0), min_size=k, max_size=k))
    return w / w.sum(), np.array(means), np.array(sds)


@st.composite
def labelled_pairs(draw, min_size=2, max_size=60):
    """Paired discrete samples ``(x, y)`` as NumPy arrays of one label type each.

    Label types: small ints, int64 spread over ±2^62, strings, floats and
    booleans; ``y`` is drawn independently, as a function of ``x``, or as a
    noisy copy, so that weak and strong dependence both occur.
    """
    n = draw(st.integers(min_size, max_size))
    kx = draw(st.integers(1, 8))
    ky = draw(st.integers(1, 8))
    cx = np.array(draw(st.lists(st.integers(0, kx - 1), min_size=n, max_size=n)))
    mode = draw(st.sampled_from(["independent", "function", "noisy"]))
    cy = np.array(draw(st.lists(st.integers(0, ky - 1), min_size=n, max_size=n)))
    if mode == "function":
        cy = (cx * 3 + 1) % ky
    elif mode == "noisy":
        keep = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        cy = np.where(keep, cx % ky, cy)

    def labels(codes, k):
        kind = draw(st.sampled_from(["small", "huge", "str", "float", "bool"]))
        if kind == "bool" and k <= 2:
            return codes.astype(bool)
        if kind == "huge":
            seed = draw(st.integers(0, 2 ** 32 - 1))
            vals = np.random.default_rng(seed).integers(-2 ** 62, 2 ** 62, k)
            return vals[codes]
        if kind == "str":
            return np.array([f"L{c}" for c in codes])
        if kind == "float":
            return codes * 0.25 - 1.0
        return codes - draw(st.integers(-5, 5))

    return labels(cx, kx), labels(cy, ky)
