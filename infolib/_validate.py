"""Input validation shared by every public function of :mod:`infolib`.

Every public function calls one of the helpers below before doing any
arithmetic, so that bad input fails early with a short, exact message.

Conventions
-----------
* Every failure is a :class:`ValueError` whose message starts with the name
  of the offending argument (``p``, ``pxy``, ``base``, ``cov``, ...), says what
  is wrong and, where it helps, what to do about it.
* Arrays are returned as fresh ``float64`` NumPy arrays; the caller's object
  is never modified.

This module is private: its names may change without notice.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

#: Absolute tolerance on ``sum(p) == 1`` for a probability mass function.
PMF_ATOL = 1e-6

#: Relative tolerance for the symmetry of a covariance matrix: the largest
#: ``|cov[i, j] - cov[j, i]|`` may be at most ``SYM_RTOL`` times the largest
#: ``|cov[i, j]|``.
SYM_RTOL = 1e-8

_NUMERIC_KINDS = "iuf"  # signed int, unsigned int, float (not bool, complex, ...)


# --------------------------------------------------------------------------
# small formatting helpers
# --------------------------------------------------------------------------
def _fmt(value) -> str:
    """Format a number for an error message: ``-0.1``, ``1.5``, ``nan``, ``inf``."""
    return f"{float(value):.10g}"


def _fmt_tol(tol: float) -> str:
    """``1e-06`` -> ``1e-6``."""
    return f"{tol:g}".replace("e-0", "e-")


def _describe(x) -> str:
    """A short ``repr`` of a bad argument, cut to about 60 characters."""
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _index_text(arr: np.ndarray, mask: np.ndarray) -> tuple[str, float]:
    """Location (as text) and value of the first ``True`` entry of *mask*."""
    idx = tuple(int(i) for i in np.argwhere(mask)[0])
    where = str(idx[0]) if len(idx) == 1 else str(idx)
    return where, float(arr[idx])


def _ndim_text(ndim: int) -> str:
    return "a scalar" if ndim == 0 else f"a {ndim}-D array"


# --------------------------------------------------------------------------
# arrays
# --------------------------------------------------------------------------
def as_array(x, name: str) -> np.ndarray:
    """Convert *x* to a new ``float64`` array, rejecting non-numeric input.

    Raises ``ValueError`` (message starting with *name*) for strings, ``None``,
    booleans, complex numbers, objects and ragged nested lists.
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError):
        raise ValueError(
            f"{name} must be a rectangular array of numbers "
            f"(all rows the same length), got {_describe(x)}"
        ) from None
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise ValueError(f"{name} must be an array of numbers, got {_describe(x)}")
    return np.array(arr, dtype=np.float64)  # always a copy


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise if *arr* has a NaN or an infinite entry."""
    nan = np.isnan(arr)
    if nan.any():
        if arr.ndim == 0:
            raise ValueError(f"{name} is NaN")
        where, _ = _index_text(arr, nan)
        raise ValueError(f"{name} has a NaN entry (at index {where})")
    inf = np.isinf(arr)
    if inf.any():
        if arr.ndim == 0:
            raise ValueError(f"{name} is infinite ({_fmt(arr)})")
        where, val = _index_text(arr, inf)
        raise ValueError(f"{name} has an infinite entry ({_fmt(val)} at index {where})")


def check_nonnegative(arr: np.ndarray, name: str) -> None:
    """Raise if *arr* has a negative entry (probabilities must be ≥ 0)."""
    neg = arr < 0
    if neg.any():
        where, val = _index_text(arr, neg)
        raise ValueError(
            f"{name} has a negative entry ({_fmt(val)} at index {where}); "
            "probabilities must be ≥ 0"
        )


def _check_ndim(arr: np.ndarray, name: str, ndim, hint: str | None) -> None:
    if ndim is None:
        return
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim in allowed:
        return
    required = " or ".join(f"{k}-D" for k in allowed)
    msg = f"{name} must be {required}, got {_ndim_text(arr.ndim)}"
    if hint:
        msg += f"; {hint}"
    raise ValueError(msg)


def as_pmf(p, name: str, ndim=None, normalize: bool = False,
           hint: str | None = None) -> np.ndarray:
    """Validate a probability mass function and return it as a float array.

    Parameters
    ----------
    p : array_like
        The candidate pmf (or, with ``normalize=True``, non-negative counts or
        weights).
    name : str
        Argument name used at the start of every error message.
    ndim : int or tuple of int, optional
        Allowed number(s) of dimensions; ``None`` allows any.
    normalize : bool
        If true, divide by the total instead of requiring it to be 1.
    hint : str, optional
        Appended to the wrong-dimension message (e.g. which function to use).

    Returns
    -------
    numpy.ndarray
        A new ``float64`` array with the same shape, summing to 1 (up to
        rounding): when the sum is within ``PMF_ATOL`` of 1 it is divided by
        its sum.

    Raises
    ------
    ValueError
        Non-numeric, wrong dimension, empty, NaN/inf entry, negative entry,
        total of zero, or (without *normalize*) a sum farther than
        ``PMF_ATOL`` from 1.
    """
    arr = as_array(p, name)
    _check_ndim(arr, name, ndim, hint)
    if arr.size == 0:
        raise ValueError(f"{name} is empty; a pmf needs at least one entry")
    check_finite(arr, name)
    check_nonnegative(arr, name)
    with np.errstate(over="ignore"):
        total = float(arr.sum())
    if total == 0.0:
        raise ValueError(
            f"{name} sums to 0 (all entries are zero); a pmf needs positive mass"
        )
    if normalize:
        if not math.isfinite(total):
            raise ValueError(f"{name} sums to inf (overflow); rescale the entries")
    elif abs(total - 1.0) > PMF_ATOL:
        raise ValueError(
            f"{name} sums to {_fmt(total)}, not 1 (tolerance {_fmt_tol(PMF_ATOL)}); "
            "pass normalize=True to rescale counts or weights"
        )
    arr /= total
    return arr


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``"p and q must have the same shape, got (3,) and (4,)"``."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, "
            f"got {a.shape} and {b.shape}"
        )


# --------------------------------------------------------------------------
# logarithm base
# --------------------------------------------------------------------------
def as_base(base):
    """Validate a logarithm base: ``None`` (nats) or a finite positive number ≠ 1.

    Returns ``None`` or a Python ``float``.
    """
    if base is None:
        return None
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, numbers.Real):
        raise ValueError(
            f"base must be a number or None (None means nats), got {_describe(base)}"
        )
    b = float(base)
    if math.isnan(b):
        raise ValueError("base must be a number, got nan")
    if math.isinf(b):
        raise ValueError(f"base must be finite, got {_fmt(b)}")
    if b <= 0:
        raise ValueError(f"base must be positive, got {_fmt(b)}")
    if b == 1:
        raise ValueError("base must not be 1 (the logarithm to base 1 is undefined)")
    return b


def log_fn(base):
    """Return a vectorised logarithm to the (already validated) *base*.

    Bases 2, 10 and ``None`` (natural log) use the exact NumPy functions, so
    e.g. ``log_fn(2)(0.25)`` is exactly ``-2.0``.
    """
    if base is None:
        return np.log
    if base == 2:
        return np.log2
    if base == 10:
        return np.log10
    ln_base = math.log(base)
    return lambda x: np.log(x) / ln_base


def from_nats(value, base):
    """Convert a value (or array) in nats to units of *base* (``None`` = nats)."""
    if base is None:
        return value
    return value / math.log(base)


def clip_to_bounds(value, base, upper_nats=None):
    """Clip rounding error on a quantity known to lie in ``[0, upper]``.

    *value* is in units of *base*; the bound ``0`` (and the optional upper
    bound, given in nats) is converted to those units first.  For a base
    below 1 the logarithm is negative, so the interval flips to ``[upper, 0]``
    and the clipping flips with it.
    """
    end = from_nats(np.inf if upper_nats is None else upper_nats, base)
    lo, hi = min(0.0, end), max(0.0, end)
    return np.clip(value, lo, hi)


def to_float(value) -> float:
    """Plain Python float, with ``-0.0`` turned into ``0.0``."""
    return float(value) + 0.0


# --------------------------------------------------------------------------
# single numbers
# --------------------------------------------------------------------------
def as_scalar(x, name: str, minimum=None, strict: bool = False) -> float:
    """Validate one finite real number and return it as a Python ``float``.

    With *minimum*, require ``x ≥ minimum`` (``x > minimum`` if *strict*).
    Booleans, strings, arrays with more than one entry, NaN and inf are
    rejected.
    """
    arr = np.asarray(x) if not isinstance(x, (str, bytes)) else None
    if (arr is None or arr.ndim != 0 or arr.dtype.kind not in _NUMERIC_KINDS):
        raise ValueError(f"{name} must be a single number, got {_describe(x)}")
    value = float(arr)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {_fmt(value)}")
    if minimum is not None:
        if strict and not value > minimum:
            raise ValueError(f"{name} must be > {_fmt(minimum)}, got {_fmt(value)}")
        if not strict and not value >= minimum:
            raise ValueError(f"{name} must be ≥ {_fmt(minimum)}, got {_fmt(value)}")
    return value


def as_count(n, name: str, minimum: int = 0) -> int:
    """Validate a whole number ``≥ minimum`` and return it as a Python ``int``.

    Integral floats such as ``60.0`` are accepted; ``2.5``, booleans, NaN and
    non-numbers are not.
    """
    if isinstance(n, (bool, np.bool_)):
        raise ValueError(f"{name} must be a whole number, got {_describe(n)}")
    if isinstance(n, numbers.Integral):
        value = int(n)
    else:
        value_f = as_scalar(n, name)
        if not value_f.is_integer():
            raise ValueError(f"{name} must be a whole number, got {_fmt(value_f)}")
        value = int(value_f)
    if value < minimum:
        raise ValueError(f"{name} must be ≥ {minimum}, got {value}")
    return value


# --------------------------------------------------------------------------
# Gaussian parameters
# --------------------------------------------------------------------------
def as_cov(cov, name: str, sd_name: str = "sd") -> np.ndarray:
    """Validate a covariance matrix: a d×d symmetric positive-definite array.

    A scalar is refused: in infolib the spread of a one-dimensional Gaussian
    is always its standard deviation (argument *sd_name*), never a variance,
    so that a number cannot be read in the wrong convention.  Returns a
    ``(d, d)`` float array symmetrised as ``(cov + cov.T) / 2``.  Symmetry is
    checked with tolerance ``SYM_RTOL`` times the largest absolute entry;
    positive definiteness by a Cholesky factorisation.
    """
    arr = as_array(cov, name)
    if arr.ndim != 2:
        hint = (f"; for one dimension pass the standard deviation as {sd_name}= "
                f"(or the 1×1 matrix [[variance]] as {name}=)") if arr.ndim == 0 else ""
        raise ValueError(
            f"{name} must be a square 2-D covariance matrix, got "
            f"{'a scalar' if arr.ndim == 0 else f'an array of shape {arr.shape}'}{hint}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty; a covariance matrix needs d ≥ 1")
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    check_finite(arr, name)
    asym = float(np.max(np.abs(arr - arr.T)))
    if asym > SYM_RTOL * float(np.max(np.abs(arr))):
        raise ValueError(
            f"{name} is not symmetric (largest |{name} - {name}.T| is {_fmt(asym)}; "
            f"tolerance {_fmt_tol(SYM_RTOL)} × largest |entry|)"
        )
    arr = 0.5 * (arr + arr.T)
    try:
        np.linalg.cholesky(arr)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"{name} is not positive definite; a covariance matrix needs "
            "all eigenvalues > 0"
        ) from None
    return arr


def as_sd(sd, name: str, cov_name: str = "cov") -> float:
    """Validate the standard deviation of a one-dimensional Gaussian (> 0)."""
    try:
        ndim = 0 if isinstance(sd, (str, bytes)) else np.ndim(sd)
    except ValueError:  # a ragged nested list
        ndim = 1
    if ndim > 0:
        raise ValueError(
            f"{name} is the standard deviation of a one-dimensional Gaussian (a single "
            f"number); pass a d × d covariance matrix as {cov_name}= instead"
        )
    return as_scalar(sd, name, minimum=0.0, strict=True)


def as_mean(mu, name: str) -> np.ndarray:
    """Validate a mean: a finite scalar or 1-D vector; returns shape ``(d,)``."""
    arr = as_array(mu, name)
    if arr.ndim > 1:
        raise ValueError(
            f"{name} must be a scalar or a 1-D vector, got an array of shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty; a mean needs d ≥ 1 entries")
    check_finite(arr, name)
    return arr.reshape(-1)


def as_correlation(rho, name: str = "rho") -> np.ndarray:
    """Validate a correlation coefficient (scalar or array) in ``[-1, 1]``."""
    arr = as_array(rho, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    check_finite(arr, name)
    bad = np.abs(arr) > 1
    if bad.any():
        if arr.ndim == 0:
            raise ValueError(f"{name} must be in [-1, 1], got {_fmt(arr)}")
        where, val = _index_text(arr, bad)
        raise ValueError(f"{name} must be in [-1, 1], got {_fmt(val)} at index {where}")
    return arr


# --------------------------------------------------------------------------
# bin edges (infolib.continuous)
# --------------------------------------------------------------------------
def as_edges(edges, name: str) -> np.ndarray:
    """Validate bin edges: a 1-D array of ≥ 2 strictly increasing numbers.

    ``-inf`` is allowed as the first edge and ``+inf`` as the last (open-ended
    end cells); NaN, and infinities anywhere else, are not.
    """
    arr = as_array(edges, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of bin edges, got {_ndim_text(arr.ndim)}")
    if arr.size < 2:
        raise ValueError(f"{name} needs at least 2 edges (one cell), got {arr.size}")
    nan = np.isnan(arr)
    if nan.any():
        where, _ = _index_text(arr, nan)
        raise ValueError(f"{name} has a NaN entry (at index {where})")
    inner = arr[1:-1]
    if np.isinf(inner).any() or arr[0] == np.inf or arr[-1] == -np.inf:
        raise ValueError(f"{name} may be infinite only at its ends (-inf first, +inf last)")
    steps = np.diff(arr)
    if not (steps > 0).all():
        where = int(np.argmax(~(steps > 0)))
        raise ValueError(
            f"{name} must be strictly increasing, but entry {where + 1} "
            f"({_fmt(arr[where + 1])}) is not above entry {where} ({_fmt(arr[where])})"
        )
    return arr


def as_channel(a, name: str, shape=None) -> np.ndarray:
    """Validate a conditional pmf ``a[x, y] = q(y | x)``: a 2-D array whose rows are pmfs.

    With *shape*, require exactly that shape.  Each row must be non-negative,
    finite and sum to 1 within ``PMF_ATOL``; rows are then divided by their sums.
    """
    arr = as_array(a, name)
    _check_ndim(arr, name, 2, "rows index x, columns index y, each row a pmf q(y | x)")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; a conditional pmf needs at least one entry")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    check_finite(arr, name)
    check_nonnegative(arr, name)
    sums = arr.sum(axis=1)
    bad = np.abs(sums - 1.0) > PMF_ATOL
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(
            f"{name} row {row} sums to {_fmt(sums[row])}, not 1 (tolerance "
            f"{_fmt_tol(PMF_ATOL)}); each row must be a pmf q(y | x)"
        )
    return arr / sums[:, None]


# --------------------------------------------------------------------------
# samples (estimators from data, importance sampling)
# --------------------------------------------------------------------------
def as_label_samples(x, name: str) -> np.ndarray:
    """Validate discrete samples: a 1-D array of labels, returned without a copy.

    Labels may be integers, booleans, finite floats or strings (anything
    :func:`numpy.unique` can sort).  Raises for a ragged or non-1-D input, an
    empty one, a NaN/inf float label, and for ``None``/mixed objects that
    cannot be compared.
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError):
        raise ValueError(
            f"{name} must be a 1-D array of labels, got {_describe(x)}"
        ) from None
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of labels (one per sample), "
            f"got {_ndim_text(arr.ndim)}; flatten it or pass one variable at a time"
        )
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must hold real labels, got complex numbers")
    if arr.dtype.kind == "f":
        check_finite(arr, name)
    if arr.dtype.kind == "O":
        missing = np.flatnonzero(_missing_labels(arr))
        if missing.size:
            i = int(missing[0])
            raise ValueError(
                f"{name} has a missing value ({arr[i]!r} at index {i}; {missing.size} in all); "
                "drop those samples or give them a label of their own (e.g. the string 'missing')"
            )
        try:
            np.unique(arr[:2]) if arr.size >= 2 else None
        except TypeError:
            raise ValueError(
                f"{name} has labels that cannot be compared (mixed types); "
                "convert them to one type, e.g. str"
            ) from None
    return arr


def _is_missing(value) -> bool:
    """``None``, a float NaN, or a value unequal to itself (``pandas.NA`` included, whose
    comparisons cannot be read as a bool)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


_missing_labels = np.frompyfunc(_is_missing, 1, 1)


def as_continuous_samples(x, name: str) -> np.ndarray:
    """Validate continuous samples; return a new ``(n, d)`` float array.

    A 1-D array is one variable (``d = 1``); a 2-D array has one row per
    sample.  NaN/inf entries are rejected with a hint to drop or impute them.
    """
    arr = as_array(x, name)
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be 1-D (one variable) or 2-D (rows are samples), "
            f"got {_ndim_text(arr.ndim)}"
        )
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no columns; a variable needs at least one")
    if not np.isfinite(arr).all():
        where, val = _index_text(arr, ~np.isfinite(arr))
        raise ValueError(
            f"{name} has a non-finite sample ({_fmt(val)} at index {where}); "
            "drop or impute NaN/inf samples first"
        )
    return arr


def check_n_samples(n: int, name: str, minimum: int = 2) -> None:
    """Raise if there are fewer than *minimum* samples."""
    if n < minimum:
        raise ValueError(
            f"{name} has {n} sample{'s' if n != 1 else ''}; at least {minimum} "
            "are needed for an estimate from data"
        )


def check_same_length(n_a: int, n_b: int, name_a: str, name_b: str) -> None:
    """Raise ``"x and y must have the same number of samples ..."``."""
    if n_a != n_b:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of samples "
            f"(paired observations), got {n_a} and {n_b}"
        )


def as_log_values(x, name: str, allow_neg_inf: bool = True) -> np.ndarray:
    """Validate log-densities or log-weights: a non-empty 1-D float array.

    NaN and ``+inf`` are rejected; ``-inf`` (a zero density or weight) is
    allowed unless *allow_neg_inf* is false.
    """
    arr = as_array(x, name)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array (one value per sample), got {_ndim_text(arr.ndim)}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty; pass at least one sample")
    nan = np.isnan(arr)
    if nan.any():
        where, _ = _index_text(arr, nan)
        raise ValueError(f"{name} has a NaN entry (at index {where})")
    bad = np.isposinf(arr) if allow_neg_inf else np.isinf(arr)
    if bad.any():
        where, val = _index_text(arr, bad)
        raise ValueError(
            f"{name} has an infinite entry ({_fmt(val)} at index {where}); "
            "log-values must be finite" + (" or -inf" if allow_neg_inf else "")
        )
    return arr


# --------------------------------------------------------------------------
# stimulus-response recordings (infolib.mid)
# --------------------------------------------------------------------------
def as_stimuli(x, name: str = "stimuli", min_frames: int = 2) -> np.ndarray:
    """Validate a stimulus matrix of shape ``(frames, dimensions)``.

    Returns a new ``float64`` array.  Raises when *x* is not 2-D, has no
    dimension, has fewer than *min_frames* rows, or has a NaN/inf entry.
    """
    arr = as_array(x, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (frames, dimensions), got "
            f"{_ndim_text(arr.ndim)}; reshape a single frame with {name}[None, :]"
        )
    frames, dims = arr.shape
    if dims < 1:
        raise ValueError(f"{name} has no dimensions (shape {arr.shape}); "
                         "each frame needs at least one value")
    if frames < min_frames:
        raise ValueError(f"{name} has {frames} frames; at least {min_frames} are needed")
    check_finite(arr, name)
    return arr


def as_spike_counts(n, name: str, frames: int, stimuli_name: str = "stimuli") -> np.ndarray:
    """Validate spike counts: a 1-D array of *frames* whole numbers ≥ 0, not all 0.

    Returns a new ``float64`` array.
    """
    arr = as_array(n, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of spike counts (one per frame), "
                         f"got {_ndim_text(arr.ndim)}")
    if arr.shape[0] != frames:
        raise ValueError(
            f"{name} has {arr.shape[0]} entries but {stimuli_name} has {frames} frames; "
            "give one spike count per frame"
        )
    check_finite(arr, name)
    neg = arr < 0
    if neg.any():
        where, val = _index_text(arr, neg)
        raise ValueError(f"{name} has a negative count ({_fmt(val)} at index {where}); "
                         "spike counts must be ≥ 0")
    frac = arr != np.floor(arr)
    if frac.any():
        where, val = _index_text(arr, frac)
        raise ValueError(f"{name} has a non-integer count ({_fmt(val)} at index {where}); "
                         "spike counts must be whole numbers")
    if not arr.sum() > 0:
        raise ValueError(f"{name} has no spikes (all counts are 0); "
                         "at least one spike is needed")
    return arr
