"""From discrete to continuous, and the yes/no-questions reading of entropy.

The definitions chapter needs three things the discrete measures do not give:

- :func:`question_counts`: how many yes/no questions an optimal
  questioning strategy asks about each outcome (Huffman's construction), so
  that the average number of questions can be set beside the entropy;
- :func:`gaussian_cell_probabilities` and :func:`quantized_gaussian_entropy`:
  the exact probabilities of the cells of a quantised Gaussian, from the normal
  CDF, and the entropy ``H(X_Δ)`` of the quantised variable, which satisfies
  ``H(X_Δ) + log Δ → h(X)`` as the bin width ``Δ → 0``;
- :func:`gaussian_pair_cell_probabilities`: the joint pmf of a quantised pair
  of correlated standard Gaussians on any grid of cells (exact, through Owen's
  T function), to show that mutual information survives invertible changes of
  coordinates while differential entropies do not.

Results are in bits by default (``base=None`` gives nats), as everywhere in
:mod:`infolib`.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr, owens_t

from ._validate import as_base, as_correlation, as_edges, as_pmf, as_scalar
from .coding import huffman_code_lengths
from .discrete import entropy

__all__ = [
    "question_counts",
    "gaussian_cell_probabilities",
    "quantized_gaussian_entropy",
    "gaussian_pair_cell_probabilities",
]

#: The quantised Gaussian's cells cover mean ± _REACH standard deviations (plus two
#: open-ended tail cells); the mass beyond 12 sd is about 4e-33.
_REACH = 12.0
#: Largest number of cells quantized_gaussian_entropy builds.
_MAX_CELLS = 4_000_000


def question_counts(p):
    """Number of yes/no questions an optimal strategy asks about each outcome.

    Parameters
    ----------
    p : array_like, 1-D
        A pmf over the outcomes.

    Returns
    -------
    numpy.ndarray of int, shape like ``p``
        ``counts[i]``: how many questions identify outcome ``i``, the length of
        its codeword in a binary Huffman code for ``p``
        (:func:`~infolib.huffman_code_lengths`).

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D pmf (see :func:`infolib.entropy`).

    Notes
    -----
    Huffman's construction: repeatedly merge the two least probable groups of
    outcomes into one; each merge is one question ("is it in this group or
    that one?") asked about every outcome of the two groups.  No strategy of
    yes/no questions has a smaller average ``L = Σ p_i counts[i]``, and
    ``H(p) ≤ L < H(p) + 1`` bits, with ``L = H(p)`` exactly when every ``p_i``
    is a power of 1/2 (Cover & Thomas 2006, §5.4 and §5.8).  Outcomes of
    probability 0 cannot occur and are never asked about: their count is 0
    (where a code for a model gives them no codeword, length ``inf``).  A
    certain outcome needs no question.

    Examples
    --------
    >>> question_counts([0.5, 0.25, 0.125, 0.125]).tolist()
    [1, 2, 3, 3]
    >>> question_counts([0.25, 0.25, 0.25, 0.25]).tolist()
    [2, 2, 2, 2]
    >>> question_counts([0.0, 1.0]).tolist()
    [0, 0]
    """
    lengths = huffman_code_lengths(as_pmf(p, "p", ndim=1))
    return np.where(np.isinf(lengths), 0, lengths).astype(int)


def gaussian_cell_probabilities(edges, mean=0.0, sd=1.0):
    """Probabilities that a Gaussian falls in each cell between consecutive edges.

    Parameters
    ----------
    edges : array_like, 1-D
        At least two strictly increasing bin edges; the first may be ``-inf``
        and the last ``+inf``.
    mean : float, default 0
        Mean of the Gaussian.
    sd : float, default 1
        Standard deviation, > 0.

    Returns
    -------
    numpy.ndarray, shape (len(edges) - 1,)
        ``P(edges[i] ≤ X < edges[i+1])`` for ``X ~ N(mean, sd²)``.  They sum to
        ``P(edges[0] ≤ X < edges[-1])``, which is 1 only if the edges cover the
        line (e.g. start at ``-inf`` and end at ``+inf``).

    Raises
    ------
    ValueError
        If ``edges`` is not a 1-D array of at least two strictly increasing
        numbers (NaN anywhere or an infinity inside is rejected), or ``mean``
        or ``sd`` is not a finite number, or ``sd ≤ 0``.

    Notes
    -----
    Differences of the normal CDF ``Φ`` below the mean and of its survival
    function ``1 - Φ`` above it, so that cells far in either tail keep their
    relative accuracy.

    Examples
    --------
    >>> gaussian_cell_probabilities([-np.inf, 0.0, np.inf]).tolist()
    [0.5, 0.5]
    >>> round(float(gaussian_cell_probabilities([-1.0, 1.0])[0]), 4)
    0.6827
    """
    edges = as_edges(edges, "edges")
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    z = (edges - mean) / sd
    lo, hi = z[:-1], z[1:]
    upper = lo >= 0  # the whole cell above the mean: use survival functions
    p = np.where(upper, ndtr(-lo) - ndtr(-hi), ndtr(hi) - ndtr(lo))
    return np.maximum(p, 0.0)


def quantized_gaussian_entropy(bin_width, mean=0.0, sd=1.0, offset=0.0, base=2):
    """Entropy ``H(X_Δ)`` of a Gaussian quantised into cells of width ``Δ``.

    Parameters
    ----------
    bin_width : float
        The cell width ``Δ > 0``; cells are ``[offset + kΔ, offset + (k+1)Δ)``
        for every integer ``k``.
    mean : float, default 0
        Mean of the Gaussian.
    sd : float, default 1
        Standard deviation, > 0.
    offset : float, default 0
        Where the grid of cells starts (any real number).
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` gives nats.

    Returns
    -------
    float
        ``H(X_Δ) = -Σ_k P_k log P_k`` with the exact cell probabilities ``P_k``
        (always ≥ 0).  ``H(X_Δ) + log Δ`` tends to the differential entropy
        ``h(X) = ½ log(2πe sd²)`` as ``Δ → 0``.

    Raises
    ------
    ValueError
        If ``bin_width`` or ``sd`` is not a finite positive number, ``mean``
        or ``offset`` is not finite, ``base`` is invalid, or ``bin_width`` is
        so small next to ``sd`` that more than 4 million cells would be needed
        (``bin_width < 6e-6 sd``).

    Notes
    -----
    The cells between ``mean ± 12 sd`` are computed one by one with
    :func:`gaussian_cell_probabilities`; the two tails beyond (mass about
    ``4e-33``) are one open-ended cell each, so the probabilities sum to 1.
    For a coarse ``Δ`` the value depends on ``offset``; for a fine one it does
    not (Cover & Thomas 2006, Theorem 8.3.1).

    Examples
    --------
    For ``sd = 1`` the limit is ``h(X) ≈ 2.0471`` bits; one cell per standard
    deviation (``Δ = 1``, ``log Δ = 0``) is within 0.06 bit of it:

    >>> round(quantized_gaussian_entropy(1.0), 3)
    2.105
    >>> round(quantized_gaussian_entropy(0.01) + math.log2(0.01), 4)
    2.0471
    >>> quantized_gaussian_entropy(100.0, offset=-50.0)  # one cell holds (almost) everything
    0.0
    """
    base = as_base(base)
    width = as_scalar(bin_width, "bin_width", minimum=0.0, strict=True)
    mean = as_scalar(mean, "mean")
    sd = as_scalar(sd, "sd", minimum=0.0, strict=True)
    offset = as_scalar(offset, "offset")
    lo_k = math.floor((mean - _REACH * sd - offset) / width)
    hi_k = math.ceil((mean + _REACH * sd - offset) / width)
    if hi_k - lo_k > _MAX_CELLS:
        raise ValueError(
            f"bin_width is too small next to sd: {hi_k - lo_k} cells would be needed "
            f"(at most {_MAX_CELLS}); use bin_width ≥ {2 * _REACH * sd / _MAX_CELLS:.2g}"
        )
    inner = offset + width * np.arange(lo_k, hi_k + 1, dtype=np.float64)
    edges = np.concatenate([[-np.inf], inner, [np.inf]])
    p = gaussian_cell_probabilities(edges, mean, sd)
    return entropy(p, base=base, normalize=True)


def _bivariate_normal_cdf(h, k, rho):
    """P(X ≤ h, Y ≤ k) for standard normals with correlation |rho| < 1 (arrays).

    Owen's formula: Φ₂ = ½Φ(h) + ½Φ(k) − T(h, a_h) − T(k, a_k) − β, with
    a_h = (k − ρh)/(h s), a_k = (h − ρk)/(k s), s = √(1 − ρ²), and β = ½ when
    h and k have opposite signs, else 0 (compared by sign: the product h k can
    underflow).  Where one of h, k is 0 the limit is ½Φ(other) − T(other, −ρ/s);
    at h = k = 0 it is ¼ + asin(ρ)/(2π).
    """
    h, k = np.broadcast_arrays(np.asarray(h, float), np.asarray(k, float))
    s = math.sqrt((1.0 - rho) * (1.0 + rho))
    out = np.empty(h.shape)
    fin = np.isfinite(h) & np.isfinite(k)
    # infinite arguments: the marginal CDF of the other variable, or 0 / 1
    hi, ki = h[~fin], k[~fin]
    out[~fin] = np.where((hi == -np.inf) | (ki == -np.inf), 0.0,
                         np.where(hi == np.inf, ndtr(ki), ndtr(hi)))
    hf, kf = h[fin], k[fin]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a_h = (kf - rho * hf) / (hf * s)
        a_k = (hf - rho * kf) / (kf * s)
        beta = np.where((hf < 0) != (kf < 0), 0.5, 0.0)  # h k < 0 (zeros are fixed below)
        general = 0.5 * (ndtr(hf) + ndtr(kf)) - owens_t(hf, a_h) - owens_t(kf, a_k) - beta
    h0, k0 = hf == 0, kf == 0
    general = np.where(h0 & ~k0, 0.5 * ndtr(kf) - owens_t(kf, -rho / s), general)
    general = np.where(k0 & ~h0, 0.5 * ndtr(hf) - owens_t(hf, -rho / s), general)
    general = np.where(h0 & k0, 0.25 + math.asin(rho) / (2 * math.pi), general)
    out[fin] = general
    return np.clip(out, 0.0, 1.0)


def gaussian_pair_cell_probabilities(x_edges, y_edges, rho):
    """Joint pmf of a quantised pair of correlated standard Gaussians.

    Parameters
    ----------
    x_edges, y_edges : array_like, 1-D
        Strictly increasing cell edges for X (rows) and Y (columns); the first
        may be ``-inf`` and the last ``+inf``.
    rho : float
        Correlation of X and Y, in the open interval ``(-1, 1)``.  Both have
        mean 0 and variance 1.

    Returns
    -------
    numpy.ndarray, shape (len(x_edges) - 1, len(y_edges) - 1)
        ``P(X in cell i, Y in cell j)``; rows index X.  The table sums to 1
        when both edge lists run from ``-inf`` to ``+inf``.

    Raises
    ------
    ValueError
        If an edge list is not 1-D, has fewer than 2 entries, is not strictly
        increasing, has a NaN or an infinity inside it; or if ``rho`` is not a
        number in ``(-1, 1)``.

    Notes
    -----
    The bivariate normal CDF is evaluated exactly at every grid point with
    Owen's T function (:func:`scipy.special.owens_t`) and the cells are its
    two-dimensional differences; rounding can leave cells off by about
    ``1e-16``, and negative rounding is clipped to 0.  To quantise
    ``U = f(X)`` and ``V = g(Y)`` for increasing maps ``f``, ``g`` on a grid in
    the new coordinates, pass ``f⁻¹(u_edges)`` and ``g⁻¹(v_edges)``: the
    cells are the same events.

    Examples
    --------
    Independent halves, and a positive correlation that favours the diagonal:

    >>> inf = np.inf
    >>> gaussian_pair_cell_probabilities([-inf, 0, inf], [-inf, 0, inf], 0.0).tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    >>> t = gaussian_pair_cell_probabilities([-inf, 0, inf], [-inf, 0, inf], 0.5)
    >>> np.round(t, 4).tolist()
    [[0.3333, 0.1667], [0.1667, 0.3333]]
    """
    x_edges = as_edges(x_edges, "x_edges")
    y_edges = as_edges(y_edges, "y_edges")
    r = float(as_correlation(rho, "rho").reshape(-1)[0]) if np.ndim(rho) == 0 else None
    if r is None:
        raise ValueError(f"rho must be a single number, got an array of shape {np.shape(rho)}")
    if abs(r) == 1.0:
        raise ValueError("rho must be strictly between -1 and 1; at ±1 the pair has no joint density")
    cdf = _bivariate_normal_cdf(x_edges[:, None], y_edges[None, :], r)
    cells = cdf[1:, 1:] - cdf[:-1, 1:] - cdf[1:, :-1] + cdf[:-1, :-1]
    return np.maximum(cells, 0.0)
