"""Cross entropy as a training loss, and the classifier bound on mutual information.

The pieces of the chapter "Cross entropy" that involve a classifier:

* :class:`TwoGaussianClasses` — a scenario with a known ``p(y | x)``: a label
  ``Y ∈ {0, 1}`` and a feature vector ``X`` drawn from one of two Gaussians.
  It knows its exact ``H(Y)``, ``H(Y | X)`` and ``I(X; Y)`` and the exact
  (population) cross entropy of any logistic-regression model.
* :func:`logistic_loss`, :func:`logistic_gradient`, :func:`train_logistic` —
  logistic regression fitted by plain gradient descent on the cross-entropy
  (negative log-likelihood) loss, recording the whole trajectory.
* :func:`conditional_cross_entropy`, :func:`barber_agakov_bound` — the same
  ideas for a discrete joint pmf and a model ``q(y | x)``:
  ``H(Y) - CE ≤ I(X; Y)`` (Barber & Agakov 2003).

All results are in bits unless ``base`` says otherwise (``None`` = nats).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, ndtr

from ._validate import (
    as_array,
    as_base,
    as_channel,
    as_count,
    as_pmf,
    as_scalar,
    check_finite,
    from_nats,
    to_float,
)
from .discrete import entropy, marginals

__all__ = [
    "TwoGaussianClasses",
    "TrainingRun",
    "logistic_loss",
    "logistic_gradient",
    "train_logistic",
    "conditional_cross_entropy",
    "barber_agakov_bound",
]

# Expectations over a Gaussian: Gauss–Hermite nodes (probabilists' version) for a
# narrow Gaussian, Simpson's rule on a fixed grid of t ≥ 0 for a wide one.
_GH_Z, _GH_W = np.polynomial.hermite_e.hermegauss(121)
_GH_W = _GH_W / math.sqrt(2.0 * math.pi)
_T = np.linspace(0.0, 40.0, 4001)
_SIMPSON = np.r_[1.0, np.tile([4.0, 2.0], 1999), 4.0, 1.0] * (_T[1] - _T[0]) / 3.0
_G = np.log1p(np.exp(-_T))  # softplus(t) - max(t, 0) for t ≥ 0, an even function of t
_WIDE = 1.5


def _binary_entropy_nats(p: float) -> float:
    return -sum(v * math.log(v) for v in (p, 1.0 - p) if v > 0)


def _expected_softplus(mean, sd):
    """E[log(1 + e^T)] for T ~ N(mean, sd²), in nats, vectorised over mean and sd.

    For sd ≤ 1.5 Gauss–Hermite quadrature of softplus (smooth on that scale).
    For a wider Gaussian the kink of softplus at 0 spoils it, so softplus is
    split as max(t, 0) + g(|t|) with g(t) = log(1 + e^-t): the ramp has the
    closed form m Φ(m/s) + s φ(m/s), and g, folded onto t ≥ 0, is integrated
    by Simpson's rule on [0, 40] (error below 1e-10 against adaptive quadrature).
    """
    mean, sd = np.broadcast_arrays(np.asarray(mean, float), np.asarray(sd, float))
    out = np.empty(mean.shape)
    narrow = sd <= _WIDE
    t = mean[narrow, None] + sd[narrow, None] * _GH_Z[None, :]
    out[narrow] = np.logaddexp(0.0, t) @ _GH_W
    m, s = mean[~narrow, None], sd[~narrow, None]
    r = m[:, 0] / s[:, 0]
    ramp = m[:, 0] * ndtr(r) + s[:, 0] * np.exp(-0.5 * r * r) / math.sqrt(2 * math.pi)
    dens = (np.exp(-0.5 * ((_T - m) / s) ** 2) + np.exp(-0.5 * ((_T + m) / s) ** 2)) / (
        s * math.sqrt(2 * math.pi))
    out[~narrow] = ramp + (dens * _G) @ _SIMPSON
    point = sd == 0  # a point mass: no quadrature needed
    out[point] = np.logaddexp(0.0, mean[point])
    return out


# ----------------------------------------------------------------------------
# the scenario
# ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TwoGaussianClasses:
    """Labels ``Y ∈ {0, 1}`` with features ``X`` from one Gaussian per class.

    ``P(Y = 1) = prior``; given ``Y = y``, ``X ~ N(μ_y, I)`` in ``dim``
    dimensions, with ``μ_1 = -μ_0 = (separation / 2) · u`` and
    ``u = (1, …, 1) / √dim``.  The true posterior is exactly logistic,
    ``p(y = 1 | x) = σ(w*·x + b*)`` with ``w* = separation · u`` and
    ``b* = log(prior / (1 - prior))``, so logistic regression can learn it.

    Parameters
    ----------
    separation : float, default 2.0
        Distance between the two class means, in standard deviations (≥ 0).
    prior : float, default 0.5
        ``P(Y = 1)``, strictly between 0 and 1.
    dim : int, default 2
        Number of features (≥ 1).

    Raises
    ------
    ValueError
        If a parameter is out of range.

    Notes
    -----
    ``H(Y | X)`` and the cross entropy of a linear model are one-dimensional
    Gaussian expectations (the log-odds ``w·x + b`` is Gaussian within each
    class), computed by Gauss–Hermite quadrature or, for large weights, by a
    closed form plus Simpson's rule; accurate to about ``1e-10`` bits.

    Examples
    --------
    >>> s = TwoGaussianClasses(separation=0.0)
    >>> s.entropy_y(), s.conditional_entropy(), s.mutual_information()
    (1.0, 1.0, 0.0)
    >>> s = TwoGaussianClasses(separation=2.0)
    >>> round(s.mutual_information(), 4)
    0.4859
    """

    separation: float = 2.0
    prior: float = 0.5
    dim: int = 2

    def __post_init__(self):
        sep = as_scalar(self.separation, "separation", minimum=0.0)
        prior = as_scalar(self.prior, "prior")
        if not 0.0 < prior < 1.0:
            raise ValueError(f"prior must be strictly between 0 and 1, got {prior:g}")
        object.__setattr__(self, "separation", sep)
        object.__setattr__(self, "prior", prior)
        object.__setattr__(self, "dim", as_count(self.dim, "dim", minimum=1))

    # -- the model ---------------------------------------------------------
    def means(self) -> tuple[np.ndarray, np.ndarray]:
        """The class means ``(μ_0, μ_1)``, each of shape ``(dim,)``."""
        mu1 = np.full(self.dim, 0.5 * self.separation / math.sqrt(self.dim))
        return -mu1, mu1

    def true_coefficients(self) -> tuple[np.ndarray, float]:
        """``(w*, b*)`` with ``p(y = 1 | x) = σ(w*·x + b*)`` exactly."""
        w = np.full(self.dim, self.separation / math.sqrt(self.dim))
        return w, math.log(self.prior / (1.0 - self.prior))

    def posterior(self, x) -> np.ndarray:
        """``p(y = 1 | x)`` for each row of ``x`` (shape ``(n, dim)``)."""
        x = _features(x, self.dim)
        w, b = self.true_coefficients()
        return expit(x @ w + b)

    def sample(self, n, seed=0) -> tuple[np.ndarray, np.ndarray]:
        """``n`` seeded draws: features ``x`` of shape ``(n, dim)`` and labels ``y`` (0/1 ints)."""
        n = as_count(n, "n", minimum=1)
        rng = np.random.default_rng(as_count(seed, "seed"))
        y = (rng.random(n) < self.prior).astype(int)
        mu0, mu1 = self.means()
        x = rng.standard_normal((n, self.dim)) + np.where(y[:, None] == 1, mu1, mu0)
        return x, y

    # -- exact information measures -----------------------------------------
    def entropy_y(self, base=2) -> float:
        """``H(Y)``, the binary entropy of the prior."""
        base = as_base(base)
        return to_float(from_nats(_binary_entropy_nats(self.prior), base))

    def cross_entropy(self, w, b, base=2):
        """Population cross entropy ``E[-log q(Y | X)]`` of ``q(y=1 | x) = σ(w·x + b)``.

        Parameters
        ----------
        w : array_like, shape (dim,) or (k, dim)
            Weights of one model, or of ``k`` models (e.g. a training trajectory).
        b : float or array_like, shape (k,)
            Their biases.
        base : float or None, default 2
            Logarithm base; 2 gives bits, ``None`` nats.

        Returns
        -------
        float or numpy.ndarray of shape (k,)
            The expected loss over the scenario's true distribution; at least
            ``H(Y | X)``, with equality exactly at the true coefficients.
        """
        base = as_base(base)
        w_arr = as_array(w, "w")
        check_finite(w_arr, "w")
        single = w_arr.ndim == 1
        w_arr = np.atleast_2d(w_arr)
        if w_arr.ndim != 2 or w_arr.shape[1] != self.dim:
            raise ValueError(f"w must have shape ({self.dim},) or (k, {self.dim}), got {np.shape(w)}")
        b_arr = as_array(b, "b").reshape(-1)
        check_finite(b_arr, "b")
        if b_arr.size not in (1, w_arr.shape[0]):
            raise ValueError(f"b must be one number or one per row of w, got {b_arr.size} values "
                             f"for {w_arr.shape[0]} rows")
        b_arr = np.broadcast_to(b_arr, (w_arr.shape[0],))
        mu0, mu1 = self.means()
        sd = np.linalg.norm(w_arr, axis=1)
        # class 1 pays softplus(-s), class 0 pays softplus(s); s | y ~ N(w·μ_y + b, |w|²)
        ce = (self.prior * _expected_softplus(-(w_arr @ mu1 + b_arr), sd)
              + (1 - self.prior) * _expected_softplus(w_arr @ mu0 + b_arr, sd))
        ce = from_nats(ce, base)
        return to_float(ce[0]) if single else ce + 0.0

    def conditional_entropy(self, base=2) -> float:
        """``H(Y | X)``: the cross entropy of the true posterior."""
        w, b = self.true_coefficients()
        return self.cross_entropy(w, b, base=base)

    def mutual_information(self, base=2) -> float:
        """``I(X; Y) = H(Y) - H(Y | X)`` (clipped at 0 against rounding)."""
        return max(0.0, self.entropy_y(base) - self.conditional_entropy(base))

    def barber_agakov_bound(self, w, b, base=2):
        """``H(Y) - cross_entropy(w, b)``: a lower bound on ``I(X; Y)`` for any ``w, b``."""
        return self.entropy_y(base) - self.cross_entropy(w, b, base=base)

    # -- the training experiment, replicated ---------------------------------
    def replicate_training(self, n=500, steps=300, learning_rate=0.1, *, n_test=10_000,
                           replicates=20, seed=0):
        """Train on ``replicates`` independent samples; losses and bound estimates of each fit.

        Replicate ``k`` draws ``n`` training examples (seed ``seed + 2k``) and
        ``n_test`` fresh ones (seed ``seed + 2k + 1``), fits
        :func:`train_logistic` from zero and reports, for the final model, the
        quantities below (in bits).

        Parameters
        ----------
        n : int, default 500
            Training examples per replicate (≥ 1).
        steps, learning_rate
            As for :func:`train_logistic`.
        n_test : int, default 10000
            Fresh (held-out) examples per replicate (≥ 2).
        replicates : int, default 20
            Number of independent replicates (≥ 2).
        seed : int, default 0
            Base seed.

        Returns
        -------
        dict of numpy.ndarray, each of shape (replicates,)
            ``training_loss`` (loss on the training examples),
            ``expected_loss`` (exact, :meth:`cross_entropy`), ``held_out_loss``
            and its standard error ``held_out_se``; the bound estimates
            ``bound_training`` (plug-in ``H(Y)`` of the training labels minus
            the training loss), ``bound_exact`` (:meth:`barber_agakov_bound`),
            ``bound_held_out`` (plug-in ``H(Y)`` of the fresh labels minus the
            held-out loss, the mean of ``-log p̂(y_i) + log q(y_i | x_i)``) and
            its standard error ``bound_held_out_se`` (standard deviation of
            those terms over ``sqrt(n_test)``, to first order in ``1/n_test``).

        Examples
        --------
        >>> out = TwoGaussianClasses().replicate_training(n=100, steps=20, n_test=200, replicates=3)
        >>> sorted(out)[:3], out["expected_loss"].shape
        (['bound_exact', 'bound_held_out', 'bound_held_out_se'], (3,))
        """
        n = as_count(n, "n", minimum=1)
        n_test = as_count(n_test, "n_test", minimum=2)
        replicates = as_count(replicates, "replicates", minimum=2)
        seed = as_count(seed, "seed")
        h_y = self.entropy_y()
        keys = ("training_loss", "expected_loss", "held_out_loss", "held_out_se", "bound_training",
                "bound_exact", "bound_held_out", "bound_held_out_se")
        out = {key: np.empty(replicates) for key in keys}
        for k in range(replicates):
            x, y = self.sample(n, seed=seed + 2 * k)
            run = train_logistic(x, y, steps=steps, learning_rate=learning_rate)
            x_t, y_t = self.sample(n_test, seed=seed + 2 * k + 1)
            losses = logistic_loss(x_t, y_t, run.w, run.b, per_example=True)
            terms = _plug_in_surprisal(y_t) - losses
            expected = self.cross_entropy(run.w, run.b)
            row = (run.cross_entropy[-1], expected, losses.mean(),
                   losses.std(ddof=1) / math.sqrt(n_test),
                   _plug_in_surprisal(y).mean() - run.cross_entropy[-1], h_y - expected,
                   terms.mean(), terms.std(ddof=1) / math.sqrt(n_test))
            for key, value in zip(keys, row):
                out[key][k] = value
        return out


def _plug_in_surprisal(y) -> np.ndarray:
    """``-log2 p̂(y_i)`` with ``p̂`` the label frequencies of ``y``: its mean is the plug-in ``H(Y)``."""
    freq = np.bincount(y.astype(int), minlength=2) / y.size
    return -np.log2(freq[y.astype(int)])


def _features(x, dim=None) -> np.ndarray:
    x = as_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D (one row per example, one column per feature), "
                         f"got an array of shape {x.shape}")
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"x is empty (shape {x.shape}); it needs at least one example and feature")
    if dim is not None and x.shape[1] != dim:
        raise ValueError(f"x must have {dim} columns (features), got {x.shape[1]}")
    check_finite(x, "x")
    return x


def _labels(y, n) -> np.ndarray:
    y = as_array(y, "y")
    if y.ndim != 1 or y.size != n:
        raise ValueError(f"y must be 1-D with one label per row of x ({n}), got shape {y.shape}")
    if not np.isin(y, (0.0, 1.0)).all():
        bad = y[~np.isin(y, (0.0, 1.0))][0]
        raise ValueError(f"y must hold labels 0 and 1 only, got {bad:g}")
    return y


def _params(w, b, d):
    w = as_array(w, "w")
    if w.shape != (d,):
        raise ValueError(f"w must have shape ({d},), one weight per column of x, got {w.shape}")
    check_finite(w, "w")
    return w, as_scalar(b, "b")


# ----------------------------------------------------------------------------
# logistic regression by gradient descent
# ----------------------------------------------------------------------------
def _loss_nats(x, y, w, b):
    s = x @ w + b
    return np.mean(np.logaddexp(0.0, s) - y * s), s


def logistic_loss(x, y, w, b, base=2, *, per_example=False):
    """Average cross entropy ``-1/n Σ log q(y_i | x_i)`` of ``q(y=1 | x) = σ(w·x + b)``.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Features, one row per example.
    y : array_like, shape (n,)
        Labels, 0 or 1.
    w : array_like, shape (d,)
        Weights.
    b : float
        Bias.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` nats.
    per_example : bool, default False
        Return the ``n`` losses ``-log q(y_i | x_i)`` instead of their mean
        (for a standard error: ``losses.std(ddof=1) / sqrt(n)``).

    Returns
    -------
    float or numpy.ndarray of shape (n,)
        The loss, which is the negative log-likelihood per example, or the
        loss of each example.

    Raises
    ------
    ValueError
        If shapes disagree, an entry is NaN or infinite, or a label is not 0/1.

    Notes
    -----
    Computed from the logit as ``log(1 + e^s) - y s`` with ``s = w·x + b``
    (``numpy.logaddexp``), which never overflows and never takes ``log 0``.
    Computing ``σ(s)`` first and then ``-log(1 - σ(s))`` would not do: in
    double precision ``σ(s)`` rounds to exactly 1 for ``s ≥ 37``, and that
    loss would be ``inf`` instead of about ``s / ln 2`` bits.

    Examples
    --------
    A model that always says 50 % pays one bit per label:

    >>> logistic_loss([[1.0], [2.0]], [0, 1], [0.0], 0.0)
    1.0
    >>> logistic_loss([[1.0], [2.0]], [0, 1], [0.0], 0.0, per_example=True).tolist()
    [1.0, 1.0]
    """
    base = as_base(base)
    x = _features(x)
    y = _labels(y, x.shape[0])
    w, b = _params(w, b, x.shape[1])
    if per_example:
        s = x @ w + b
        return from_nats(np.logaddexp(0.0, s) - y * s, base) + 0.0
    return to_float(from_nats(_loss_nats(x, y, w, b)[0], base))


def logistic_gradient(x, y, w, b, base=2):
    """Gradient of :func:`logistic_loss` with respect to ``(w, b)``.

    Parameters
    ----------
    x, y, w, b, base
        As for :func:`logistic_loss`.

    Returns
    -------
    grad_w : numpy.ndarray, shape (d,)
        ``1/n Σ (σ(s_i) - y_i) x_i`` (divided by ``ln base``).
    grad_b : float
        ``1/n Σ (σ(s_i) - y_i)`` (divided by ``ln base``).

    Raises
    ------
    ValueError
        As for :func:`logistic_loss`.

    Examples
    --------
    >>> gw, gb = logistic_gradient([[1.0], [-1.0]], [1, 0], [0.0], 0.0, base=None)
    >>> gw.tolist(), gb
    ([-0.5], 0.0)
    """
    base = as_base(base)
    x = _features(x)
    y = _labels(y, x.shape[0])
    w, b = _params(w, b, x.shape[1])
    r = expit(x @ w + b) - y
    return from_nats(x.T @ r / x.shape[0], base), to_float(from_nats(r.mean(), base))


@dataclass(frozen=True)
class TrainingRun:
    """The trajectory of :func:`train_logistic`.

    Attributes
    ----------
    steps : numpy.ndarray
        Gradient steps taken at each of the ``k`` records (integers, starting
        with 0), shape ``(k,)``.
    weights : numpy.ndarray
        The weights after those steps, shape ``(k, d)``.
    biases : numpy.ndarray
        The biases after those steps, shape ``(k,)``.
    cross_entropy : numpy.ndarray
        The training loss (bits per example) after those steps, shape ``(k,)``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[-1.0], [1.0]])
    >>> run = train_logistic(x, np.array([0, 1]), steps=3, record_every=1)
    >>> run.steps.tolist(), run.weights.shape
    ([0, 1, 2, 3], (4, 1))
    >>> bool(np.all(np.diff(run.cross_entropy) < 0))  # the loss falls at every step
    True
    """

    steps: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    cross_entropy: np.ndarray

    @property
    def w(self) -> np.ndarray:
        """The final weights."""
        return self.weights[-1]

    @property
    def b(self) -> float:
        """The final bias."""
        return float(self.biases[-1])


def train_logistic(x, y, steps=1000, learning_rate=1.0, record_every=1):
    """Fit logistic regression by plain gradient descent on the cross-entropy loss.

    Starts from ``w = 0, b = 0`` (a model that says 50 % for every example) and
    takes ``steps`` full-batch steps ``θ ← θ - learning_rate · ∇ loss`` with
    the loss in nats (no regularisation).

    Parameters
    ----------
    x : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Labels, 0 or 1.
    steps : int, default 1000
        Number of gradient steps (≥ 0).
    learning_rate : float, default 1.0
        Step size (> 0).  Steps below ``4 / λ_max`` of the feature second-moment
        matrix (with a column of ones) are stable.
    record_every : int, default 1
        Record the parameters and the loss every this many steps (and always
        after the last one).

    Returns
    -------
    TrainingRun
        Steps, weights, biases and training cross entropy (bits) along the way.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is invalid (see :func:`logistic_loss`), or a count or
        the learning rate is out of range.

    Notes
    -----
    Deterministic: no randomness is involved beyond the data.  The loss and
    its gradient are those of :func:`logistic_loss` and
    :func:`logistic_gradient`.  With separable data the weights grow without
    bound and the loss tends to 0; this scenario's classes overlap, so the
    maximum-likelihood fit exists.

    Examples
    --------
    >>> x, y = TwoGaussianClasses(separation=3.0).sample(200, seed=1)
    >>> run = train_logistic(x, y, steps=200, record_every=50)
    >>> run.steps.tolist()
    [0, 50, 100, 150, 200]
    >>> bool(run.cross_entropy[-1] < round(run.cross_entropy[0], 12) == 1.0)
    True
    """
    x = _features(x)
    y = _labels(y, x.shape[0])
    steps = as_count(steps, "steps")
    lr = as_scalar(learning_rate, "learning_rate", minimum=0.0, strict=True)
    every = as_count(record_every, "record_every", minimum=1)
    n, d = x.shape
    w, b = np.zeros(d), 0.0
    rec_steps, rec_w, rec_b, rec_ce = [], [], [], []
    with np.errstate(over="ignore"):
        for t in range(steps + 1):
            loss, s = _loss_nats(x, y, w, b)
            if t % every == 0 or t == steps:
                rec_steps.append(t)
                rec_w.append(w.copy())
                rec_b.append(b)
                rec_ce.append(loss / math.log(2))
            if t == steps:
                break
            r = expit(s) - y
            w = w - lr * (x.T @ r) / n
            b = b - lr * r.mean()
            if not (np.isfinite(w).all() and math.isfinite(b)):
                raise ValueError(f"learning_rate {lr:g} is too large: the weights diverged; "
                                 "try a smaller one")
    return TrainingRun(np.array(rec_steps), np.array(rec_w), np.array(rec_b), np.array(rec_ce))


# ----------------------------------------------------------------------------
# discrete versions
# ----------------------------------------------------------------------------
def conditional_cross_entropy(pxy, q_y_given_x, base=2):
    """Cross entropy ``E[-log q(Y | X)]`` of a model ``q(y | x)`` under a joint pmf.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y.
    q_y_given_x : array_like, 2-D, same shape
        The model: row ``x`` is the pmf ``q(· | x)``.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` nats.

    Returns
    -------
    float
        ``-Σ p(x, y) log q(y | x)``; ``inf`` if ``q(y | x) = 0 < p(x, y)``.

    Raises
    ------
    ValueError
        If ``pxy`` is not a valid joint pmf, a row of ``q_y_given_x`` is not a
        pmf, the shapes differ, or ``base`` is invalid.

    Notes
    -----
    ``E[-log q(Y | X)] = H(Y | X) + Σ_x p(x) KL(p(· | x) ‖ q(· | x)) ≥ H(Y | X)``,
    with equality iff ``q(y | x) = p(y | x)`` wherever ``p(x) > 0``.

    Examples
    --------
    >>> pxy = [[0.5, 0.0], [0.0, 0.5]]
    >>> conditional_cross_entropy(pxy, [[0.5, 0.5], [0.5, 0.5]])
    1.0
    >>> conditional_cross_entropy(pxy, [[1.0, 0.0], [0.0, 1.0]])
    0.0
    """
    base = as_base(base)
    pxy = as_pmf(pxy, "pxy", ndim=2, hint="rows index X and columns index Y")
    q = as_channel(q_y_given_x, "q_y_given_x", shape=pxy.shape)
    with np.errstate(divide="ignore"):
        terms = np.where(pxy > 0, -pxy * np.log(np.where(pxy > 0, q, 1.0)), 0.0)
    return to_float(from_nats(max(terms.sum(), 0.0), base))


def barber_agakov_bound(pxy, q_y_given_x, base=2):
    """The Barber–Agakov lower bound ``H(Y) - E[-log q(Y | X)]`` on ``I(X; Y)``.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint pmf, rows index X and columns index Y.
    q_y_given_x : array_like, 2-D, same shape
        Any model ``q(y | x)``, row ``x`` a pmf over y.
    base : float or None, default 2
        Logarithm base; 2 gives bits, ``None`` nats.

    Returns
    -------
    float
        ``H(Y) - conditional_cross_entropy(pxy, q_y_given_x)``; at most
        ``I(X; Y)``, with equality iff ``q`` is the true ``p(y | x)``; ``-inf``
        if the model rules out a pair that occurs.

    Raises
    ------
    ValueError
        As for :func:`conditional_cross_entropy`.

    Notes
    -----
    ``I(X; Y) - bound = Σ_x p(x) KL(p(· | x) ‖ q(· | x)) ≥ 0``
    (Barber & Agakov 2003).  A bound can be negative: a model worse than
    guessing from ``p(y)`` alone.

    Examples
    --------
    >>> pxy = [[0.5, 0.0], [0.0, 0.5]]
    >>> barber_agakov_bound(pxy, [[1.0, 0.0], [0.0, 1.0]])
    1.0
    >>> round(barber_agakov_bound(pxy, [[0.9, 0.1], [0.1, 0.9]]), 4)
    0.848
    """
    ce = conditional_cross_entropy(pxy, q_y_given_x, base=base)
    return to_float(entropy(marginals(pxy)[1], base=base) - ce)
