"""Checks for the chapter "Importance sampling"."""
import functools
import math
from typing import Callable

import numpy as np

from ..estimators import infonce
from ..sampling import effective_sample_size, importance_sampling, log_importance_weights
from ._core import Case, Check, Hint, evaluate, in_nats, register
from ._core import Answer as _Answer, is_wrong

_is = functools.partial(is_wrong, abs_tol=1e-15)  # a hint's test: got is the named wrong answer

__all__ = ["check_effective_sample_size", "check_is_tail_probability", "check_infonce_scores",
           "check_ess_fraction_limit", "check_snis_bias_limit"]


@functools.lru_cache(maxsize=1)
def _log_weight_cases() -> tuple:
    """Seeded log-weights: equal, one dominant, zero weights, huge and tiny, random of sizes 3 to 200."""
    rng = np.random.default_rng(20261206)
    cases = []
    for n, scale in [(3, 0.5), (10, 1.0), (50, 2.0), (200, 3.0)]:
        lw = scale * rng.standard_normal(n)
        cases.append((lw, f"{n} random log-weights (spread {scale:g})"))
    cases += [
        (np.zeros(5), "five equal log-weights"),
        (np.array([0.0, -np.inf, -np.inf]), "one non-zero weight among zeros (log-weight -inf)"),
        (np.array([800.0, 800.0, 0.0]), "log-weights so large that exp overflows"),
        (np.array([-800.0, -801.0, -800.5, -803.0]), "log-weights so small that exp underflows"),
        (np.array([0.0, 0.0, 10.0]), "one dominant weight"),
    ]
    cases.append((rng.standard_normal(20) + 1000.0, "20 random log-weights near 1000"))
    return tuple(Case((lw,), f"{about}, log_weights =") for lw, about in cases)


def _is_mistake(wrong: Callable) -> Callable:
    """A hint's test: ``got`` equals ``wrong(log_weights)`` for the case whose answer is ``expected``."""
    def matches(got: float, expected: float) -> bool:
        for case in _log_weight_cases():
            lw = case.args[0]
            if effective_sample_size(lw) != expected:
                continue
            with np.errstate(all="ignore"):
                value = wrong(lw)
            if np.isfinite(value) and abs(got - value) <= 1e-7 * max(1.0, abs(value)) \
                    and abs(value - expected) > 1e-9:
                return True
        return False
    return matches


def _fraction(lw):
    return effective_sample_size(lw) / lw.size


def _log_weights_as_weights(lw):
    return float(np.sum(lw)) ** 2 / float(np.sum(lw * lw))


register(Check(
    name="effective_sample_size",
    points=3,
    task="Kong's effective sample size from log-weights",
    cases=_log_weight_cases,
    reference=lambda lw: effective_sample_size(lw),
    hints=(
        Hint(lambda g, e: math.isnan(g) or math.isinf(g),
             "exp overflows for log-weights like 800 (inf/inf = nan) and underflows to 0 for "
             "-800 (0/0 = nan): subtract the largest log-weight before exponentiating. The ESS "
             "does not change when every weight is multiplied by the same number"),
        Hint(lambda g, e: e > 1 and abs(g * e - 1.0) < 1e-6,
             "this is 1 / ESS: the ESS is (Σ w)² / Σ w², the square of the sum over the sum of "
             "squares"),
        Hint(_is_mistake(_fraction), "this is ESS / N, the fraction of the sample size; "
             "return the ESS itself (between 1 and N)"),
        Hint(_is_mistake(_log_weights_as_weights),
             "the formula was applied to the log-weights; exponentiate them first "
             "(w = exp(log_w - max log_w))"),
        Hint(lambda g, e: g < 1 - 1e-9, "the ESS is never below 1: (Σ w)² ≥ Σ w² for "
             "non-negative weights"),
    ),
))


def check_effective_sample_size(fn: Callable) -> None:
    """Check ``fn(log_weights) -> float``, Kong's ESS (Σ w)² / Σ w²; prints a verdict.

    Examples
    --------
    Subtracting the largest log weight first keeps ``exp`` from overflowing:

    >>> import numpy as np
    >>> def ess(log_weights):
    ...     w = np.exp(log_weights - np.max(log_weights))
    ...     return float(w.sum() ** 2 / np.sum(w ** 2))
    >>> check_effective_sample_size(ess)
    ✓ Kong's effective sample size from log-weights: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("effective_sample_size", fn))






# --- a tail probability from a shifted proposal (data) -------------------------------------

#: The tail exercise: p = N(0, 1), f = 1{x > TAIL_THRESHOLD}, samples from q = N(TAIL_SHIFT, 1).
TAIL_THRESHOLD = 3.0
TAIL_SHIFT = 3.0


@functools.lru_cache(maxsize=1)
def _tail_cases() -> tuple:
    """Fresh samples of q = N(3, 1) of sizes 1 to 20 000, and hand-picked edges. A short input
    with draws on both sides of 3 comes first: a verdict prints the first failing input, and
    with one draw several wrong answers coincide (all are 1)."""
    rng = np.random.default_rng(20261207)
    cases = [
        (np.array([0.0, 1.0, 3.5, 3.5, 5.0]), "draws with a tie, x ="),
        (np.array([3.5]), "one draw above the threshold, x ="),
        (np.array([2.0, 2.5, 2.9]), "draws that all lie below 3 (the estimate is 0), x ="),
        (np.array([3.01, 3.2, 4.0, 6.0]), "draws that all lie above 3, x ="),
    ]
    cases[1:1] = [(rng.normal(TAIL_SHIFT, 1.0, n), f"{n} draws of q = N(3, 1), x =")
                  for n in (8, 30, 2000, 20_000, 1)]
    return tuple(Case((x,), about) for x, about in cases)


def _tail_reference(x):
    x = np.asarray(x, dtype=float)
    log_w = log_importance_weights(-0.5 * x ** 2, -0.5 * (x - TAIL_SHIFT) ** 2)   # the 1/√(2π) cancel
    above = (x > TAIL_THRESHOLD).astype(float)
    value = importance_sampling(above, log_w)
    with np.errstate(all="ignore"):
        w = np.exp(log_w)
        wrong = dict(unweighted=float(above.mean()),
                     inverted=float(np.mean(above / w)),
                     self_normalised=float(np.sum(w * above) / np.sum(w)),
                     per_hit=float(np.sum(w * above) / above.sum()) if above.any() else math.nan,
                     all_weights=float(np.mean(w)))
    return _Answer(value, **wrong)


register(Check(
    name="is_tail_probability",
    points=2,
    task="P(X > 3) for X ~ N(0, 1) by importance sampling from q = N(3, 1)",
    cases=_tail_cases,
    reference=_tail_reference,
    atol=1e-14,
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan: with no draw above 3 the estimate is 0, not 0/0; "
             "divide by N, the number of all draws"),
        Hint(_is("unweighted"), "this is the fraction of draws above 3, that is P_q(X > 3) under "
             "the proposal: weight each draw by w(x) = p(x) / q(x)"),
        Hint(_is("inverted"), "the weights are upside down: w(x) = p(x) / q(x), target over "
             "proposal, here exp(4.5 - 3x)"),
        Hint(_is("per_hit"), "this divides by the number of draws above 3; the plain estimate "
             "divides by N, all the draws (those below 3 contribute 0)"),
        Hint(_is("self_normalised"), "this is the self-normalised estimate Σ w f / Σ w; both "
             "densities are known here, so use the plain one, (1/N) Σ w f"),
        Hint(_is("all_weights"), "this is the mean of all the weights, the estimate of E_p[1]: "
             "multiply each weight by f(x) = 1 if x > 3, else 0"),
    ),
))


def check_is_tail_probability(fn: Callable) -> None:
    """Check ``fn(x) -> float``, the plain importance-sampling estimate of ``P(X > 3)`` for
    ``X ~ N(0, 1)`` from draws ``x`` of ``q = N(3, 1)``; prints a verdict.

    Examples
    --------
    The log-weight is ``log p(x) - log q(x) = -x²/2 + (x - 3)²/2``:

    >>> import numpy as np
    >>> def tail(x):
    ...     w = np.exp(-x ** 2 / 2 + (x - 3) ** 2 / 2)
    ...     return float(np.mean(w * (x > 3)))
    >>> check_is_tail_probability(tail)
    ✓ P(X > 3) for X ~ N(0, 1) by importance sampling from q = N(3, 1): correct on all 9 test inputs
      (within 1e-14 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("is_tail_probability", fn))


# --- InfoNCE from a score matrix -------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _score_cases() -> tuple:
    """Score matrices: small hand-made ones, a perfect critic (-inf off the diagonal), huge
    scores, random ones, and the pointwise MI of Gaussian pairs (rows x_i, columns y_j)."""
    rng = np.random.default_rng(20261208)
    perfect = np.full((8, 8), -np.inf)
    np.fill_diagonal(perfect, 0.0)
    cases = [
        (np.array([[2.0, 0.0], [1.0, 1.0]]), "the 2×2 scores S ="),
        (np.array([[0.0, 3.0, 1.0], [-1.0, 0.5, 2.0], [0.0, 0.0, 4.0]]), "the 3×3 scores S ="),
        (np.zeros((4, 4)), "a critic that scores every pair alike, S ="),
        (perfect, "a perfect critic (-inf off the diagonal), S ="),
        (1000.0 + rng.standard_normal((5, 5)), "scores near 1000 (exp overflows), S ="),
        (rng.standard_normal((6, 6)) * 3.0, "random 6×6 scores, S ="),
    ]
    for n, rho in ((16, 0.8), (64, 0.95)):
        x = rng.standard_normal(n)
        y = rho * x + math.sqrt(1 - rho ** 2) * rng.standard_normal(n)
        a, b = x[:, None], y[None, :]
        pmi = -0.5 * math.log(1 - rho ** 2) - (rho ** 2 * (a ** 2 + b ** 2) - 2 * rho * a * b) \
            / (2 * (1 - rho ** 2))
        cases.append((pmi, f"the pointwise MI (nats) of {n} Gaussian pairs, rho = {rho:g}, S ="))
    return tuple(Case((s,), about) for s, about in cases)


def _logsumexp(s, axis):
    top = np.max(s, axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(s - top), axis=axis))


def _infonce_reference(scores):
    s = np.asarray(scores, dtype=float)
    n = s.shape[0]
    diag = np.diag(s)
    with np.errstate(all="ignore"):
        off = np.where(np.eye(n, dtype=bool), -np.inf, s)
        wrong = dict(
            columns=(math.log(n) + float(np.mean(diag - _logsumexp(s, 0)))) / math.log(2),
            no_log_n=float(np.mean(diag - _logsumexp(s, 1))) / math.log(2),
            whole=(math.log(n) + float(np.mean(diag)) - float(_logsumexp(s.ravel(), 0)))
            / math.log(2),
            no_diagonal=(math.log(n) + float(np.mean(diag - _logsumexp(off, 1)))) / math.log(2),
        )
    return _Answer(infonce(s), ceiling=math.log2(n), **wrong)


register(Check(
    name="infonce_scores",
    points=3,
    task="InfoNCE, in bits, from an N×N score matrix (true pairs on the diagonal)",
    cases=_score_cases,
    reference=_infonce_reference,
    hints=(
        Hint(lambda g, e: math.isnan(g) or math.isinf(g),
             "nan or inf: exp overflows for scores near 1000, and 0 · log 0 or -inf - (-inf) "
             "appear with -inf scores. Compute log Σ_j exp(S_ij) as m_i + log Σ_j exp(S_ij - m_i) "
             "with m_i the largest score of row i"),
        Hint(_is("no_diagonal"), "the sum in the denominator runs over every j, the true pair "
             "j = i included; without it the estimate is no longer below log N"),
        Hint(in_nats, "this is the answer in nats; divide by ln 2 for bits"),
        Hint(_is("columns"), "this normalises each column (over the x_i); InfoNCE normalises "
             "each row i over the candidates y_j: log Σ_j exp(S_ij), summing along axis=1"),
        Hint(_is("no_log_n"), "the term log N is missing: I_NCE = log N + mean_i [S_ii - "
             "log Σ_j exp(S_ij)]"),
        Hint(_is("whole"), "this normalises over the whole matrix at once; each row i has its "
             "own log Σ_j exp(S_ij)"),
        Hint(lambda g, e: g > getattr(e, "wrong", {}).get("ceiling", math.inf) + 1e-9,
             "this is above log2 N bits, which InfoNCE from N pairs never exceeds: each term "
             "S_ii - log Σ_j exp(S_ij) is at most 0"),
    ),
))


def check_infonce_scores(fn: Callable) -> None:
    """Check ``fn(scores) -> float``, the InfoNCE estimate in bits from an ``N × N`` score
    matrix ``S[i, j] = s(x_i, y_j)`` with the true pairs on the diagonal; prints a verdict.

    Examples
    --------
    With scipy's ``logsumexp`` along each row:

    >>> import numpy as np
    >>> from scipy.special import logsumexp
    >>> def infonce_bits(scores):
    ...     n = scores.shape[0]
    ...     terms = np.diag(scores) - logsumexp(scores, axis=1)
    ...     return float((np.log(n) + terms.mean()) / np.log(2))
    >>> check_infonce_scores(infonce_bits)
    ✓ InfoNCE, in bits, from an N×N score matrix (true pairs on the diagonal): correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("infonce_scores", fn))


# --- the limit of ESS / N for Gaussian proposals (derived on paper) -------------------------

@functools.lru_cache(maxsize=1)
def _proposal_cases() -> tuple:
    """Proposals q = N(m, s²) for p = N(0, 1): q = p, wider, narrower, shifted either way,
    both, and three with s² ≤ 1/2 (E_q[w²] infinite)."""
    grid = [(0.0, 1.0), (0.0, 1.4), (0.0, 0.85), (1.0, 1.0), (-1.5, 1.0), (0.5, 0.85),
            (1.5, 2.0), (-2.0, 3.0), (0.3, 0.75), (0.0, 10.0), (2.5, 0.5), (0.0, 0.7), (-1.0, 0.6)]
    return tuple(Case((m, s), f"q = N(m, {s:g}²)" + (" (s² ≤ 1/2)" if s * s <= 0.5 else "")
                      + " with m =") for m, s in grid)


def _ess_limit_reference(m, s):
    from ..plots.sampling import gaussian_weighted_moment   # here: importing infolib loads no matplotlib

    m, s = float(m), float(s)
    second = gaussian_weighted_moment(m, s, 0)       # E_q[w²] = ∫ p² / q
    value = 0.0 if math.isinf(second) else 1.0 / second
    wrong = dict(reciprocal=second, no_shift=0.0 if s * s <= 0.5 else math.sqrt(2 * s * s - 1) / s ** 2)
    if s > 0.5:                                         # s read as the variance of q
        wrong["variance"] = math.sqrt(2 * s - 1) / s * math.exp(-m * m / (2 * s - 1))
    if s * s > 0.5:
        wrong["kl_shift"] = math.sqrt(2 * s * s - 1) / s ** 2 * math.exp(-m * m / 2)
    return _Answer(value, **wrong)


register(Check(
    name="ess_fraction_limit",
    points=5,
    task="The limit of ESS/N, 1/E_q[w²], for p = N(0, 1) and q = N(m, s²)",
    cases=_proposal_cases,
    reference=_ess_limit_reference,
    atol=1e-14,
    forbidden=("plots.gaussian_weight_moments", "plots.gaussian_weighted_moment"),
    hints=(
        Hint(lambda g, e: math.isnan(g) or (e == 0 and g != 0),
             "for s² ≤ 1/2 the integral ∫ p² / q diverges (E_q[w²] = ∞), so ESS/N tends to 0: "
             "return 0.0 there"),
        Hint(_is("reciprocal"), "this is E_q[w²] itself; the limit of ESS/N is its reciprocal"),
        Hint(_is("no_shift"), "the shift m is missing: completing the square in "
             "-x² + (x - m)²/(2s²) leaves a factor exp(-m²/(2s² - 1)) in 1/E_q[w²]"),
        Hint(_is("variance"), "s was used as the variance; q = N(m, s²) has standard deviation s"),
        Hint(_is("kl_shift"), "the shift enters as exp(-m²/(2s² - 1)), not exp(-m²/2): the two "
             "agree only for s = 1"),
        Hint(lambda g, e: g > 1 + 1e-9, "ESS/N is never above 1, nor is its limit: E_q[w²] ≥ "
             "(E_q[w])² = 1"),
        Hint(lambda g, e: g < 0, "ESS/N is never negative"),
    ),
))


def check_ess_fraction_limit(fn: Callable) -> None:
    """Check ``fn(m, s) -> float``, the almost-sure limit ``1 / E_q[w²]`` of ESS/N for the target
    ``p = N(0, 1)`` and the proposal ``q = N(m, s²)`` (0 when ``s² ≤ 1/2``); prints a verdict.

    Examples
    --------
    Completing the square in ``∫ p² / q`` gives ``E_q[w²] = s² exp(m²/(2s² - 1)) / √(2s² - 1)``:

    >>> import numpy as np
    >>> def ess_fraction_limit(m, s):
    ...     if s * s <= 0.5:
    ...         return 0.0
    ...     return float(np.sqrt(2 * s * s - 1) / s ** 2 * np.exp(-m * m / (2 * s * s - 1)))
    >>> check_ess_fraction_limit(ess_fraction_limit)
    ✓ The limit of ESS/N, 1/E_q[w²], for p = N(0, 1) and q = N(m, s²): correct on all 13 test inputs
      (within 1e-14 absolute, 1e-07 relative): 5 of 5 points.
    """
    print(evaluate("ess_fraction_limit", fn))


# --- the leading bias of the self-normalised estimate (derived on paper) --------------------

@functools.lru_cache(maxsize=1)
def _shift_cases() -> tuple:
    """Shifts m of the proposal q = N(m, 1): small and large, either sign, and m = 0 (q = p)."""
    grid = (1.0, 0.5, -1.0, 2.0, -0.3, 1.5, 0.1, 2.5, -2.2, 0.0)
    return tuple(Case((m,), "q = N(m, 1) with m =") for m in grid)


def _weighted_integral(m, lower):
    """∫_lower^∞ p(x)² / q(x) dx for p = N(0, 1), q = N(m, 1), by numerical integration."""
    from scipy import integrate

    def integrand(x):
        return math.exp(-x * x + (x - m) ** 2 / 2) / math.sqrt(2 * math.pi)
    peak = -m                                             # where p²/q is largest
    pieces = [(lower, math.inf)] if lower >= peak else [(lower, peak), (peak, math.inf)]
    return sum(integrate.quad(integrand, a, b, epsabs=0, epsrel=1e-13, limit=200)[0] for a, b in pieces)


def _snis_bias_reference(m):
    m = float(m)
    second, above = _weighted_integral(m, -math.inf), _weighted_integral(m, 0.0)   # E_q[w²], E_q[w² f]
    value = 0.5 * second - above + 0.0                    # -E_q[w² (f - μ)], μ = 1/2 (no -0.0)
    return _Answer(value, sign=-value, no_mu=-above, no_weight=value / second, bound=4 * second)


register(Check(
    name="snis_bias_limit",
    points=3,
    task="The limit of N × bias of the self-normalised estimate of P(X > 0), q = N(m, 1)",
    cases=_shift_cases,
    reference=_snis_bias_reference,
    atol=1e-12,
    hints=(
        Hint(_is("sign"), "the sign is flipped: the bias is about -E_q[w² (f - μ)] / N, so "
             "N × bias tends to minus that expectation"),
        Hint(_is("no_mu"), "μ is missing: the limit is -E_q[w² (f - μ)], with μ = P(X > 0) = 1/2 "
             "subtracted from f inside the expectation"),
        Hint(_is("no_weight"), "the factor E_q[w²] = e^{m²} is missing: the expectation is under "
             "q of w² (f - μ), and ∫ p² / q over the half-line brings e^{m²} with it"),
        Hint(_is("bound"), "this is the theorem's bound 4 c E_q[w²] (c = 1), not the limit"),
    ),
))


def check_snis_bias_limit(fn: Callable) -> None:
    """Check ``fn(m) -> float``, the limit of ``N (E[μ̃_N] - μ)`` for the self-normalised estimate
    of ``μ = P(X > 0)``, ``X ~ N(0, 1)``, with the proposal ``q = N(m, 1)``; prints a verdict.

    Examples
    --------
    ``p²/q = e^{m²} φ(x + m)``, so ``-E_q[w² (f - 1/2)] = e^{m²} (Φ(m) - 1/2)``:

    >>> import math
    >>> def snis_bias_limit(m):
    ...     return math.exp(m * m) * (0.5 * math.erf(m / math.sqrt(2)))
    >>> check_snis_bias_limit(snis_bias_limit)
    ✓ The limit of N × bias of the self-normalised estimate of P(X > 0), q = N(m, 1): correct on all 10 test inputs
      (within 1e-12 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("snis_bias_limit", fn))
