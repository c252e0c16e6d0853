"""The effective-sample-size exercise check: the right answer passes, plausible wrong ones fail with a hint."""
import math

import numpy as np
import pytest

from infolib import exercises


def ess_reference(log_weights):
    # written here from Kong's definition, independently of infolib: (Σ w)² / Σ w²
    finite = [v for v in log_weights if v != -math.inf]
    top = max(finite)
    w = [math.exp(v - top) for v in finite]
    return sum(w) ** 2 / sum(x * x for x in w)


def ess_naive(log_weights):
    with np.errstate(all="ignore"):
        w = np.exp(log_weights)
        return float(np.sum(w) ** 2 / np.sum(w * w))


def ess_inverse(log_weights):
    return 1.0 / ess_reference(log_weights)


def ess_fraction(log_weights):
    return ess_reference(log_weights) / len(log_weights)


def ess_of_log_weights(log_weights):
    lw = np.asarray(log_weights)
    with np.errstate(all="ignore"):
        return float(np.sum(lw) ** 2 / np.sum(lw * lw))


def test_reference_passes(capsys):
    exercises.check_effective_sample_size(ess_reference)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


def test_normalised_weights_form_passes():
    # 1 / Σ w̄² with w̄ = w / Σ w is the same number, written differently
    def ess_normalised(lw):
        w = np.exp(lw - np.max(lw))
        w = w / w.sum()
        return 1.0 / float(np.sum(w * w))
    assert exercises.evaluate("effective_sample_size", ess_normalised).passed


@pytest.mark.parametrize("fn, words", [
    (ess_naive, "subtract the largest log-weight"),
    (ess_inverse, "this is 1 / ESS"),
    (ess_fraction, "ESS / N"),
    (ess_of_log_weights, "applied to the log-weights"),
])
def test_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("effective_sample_size", fn)
    assert not verdict.passed and verdict.message.startswith("✗")
    assert words in verdict.message


def test_not_written_yet():
    def stub(lw):
        raise NotImplementedError
    verdict = exercises.evaluate("effective_sample_size", stub)
    assert not verdict.passed and "not written yet" in verdict.message


def test_cases_cover_the_edges():
    cases = [c.args[0] for c in exercises.CHECKS["effective_sample_size"].cases()]
    assert any(np.isneginf(lw).any() for lw in cases), "zero weights"
    assert any(lw.max() >= 710 for lw in cases), "exp overflows"
    assert any(lw.max() <= -746 for lw in cases), "exp underflows"
    assert any(np.all(lw == lw[0]) for lw in cases), "equal weights: ESS = N"
    assert len({lw.size for lw in cases}) >= 5
    # the reference agrees with the definition on every case
    for lw in cases:
        assert exercises.CHECKS["effective_sample_size"].reference(lw) == pytest.approx(
            ess_reference(lw), rel=1e-12)


# --- the new checks of issue 13: each right answer passes, plausible wrong ones fail with a hint,
# --- nothing that does not compute scores, and the library does not hand out the answer.

from scipy import integrate, special, stats  # noqa: E402

import infolib  # noqa: E402


def _raises(*args):
    raise RuntimeError("boom")


NON_ANSWERS = [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, _raises,
               lambda *a: float(np.sum(a[0])), lambda *a: float("nan"), lambda *a: float("inf")]


def _fails_with(name, fn, words):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0 and verdict.message.startswith("✗")
    assert words in verdict.message, verdict.message
    return verdict


# P(X > 3), X ~ N(0, 1), from draws of q = N(3, 1)

def tail_reference(x):
    # written from the definition with scipy's densities: (1/N) Σ 1{x > 3} p(x) / q(x)
    w = stats.norm.pdf(x) / stats.norm.pdf(x, loc=3.0)
    return float(np.mean(np.where(x > 3.0, w, 0.0)))


def test_tail_reference_passes_and_agrees_with_the_truth():
    verdict = exercises.evaluate("is_tail_probability", tail_reference)
    assert verdict.passed and verdict.points == 2
    big = [c.args[0] for c in exercises.CHECKS["is_tail_probability"].cases() if c.args[0].size >= 5000]
    for x in big:      # standard error of one draw: sqrt(e^9 P(N(-3, 1) > 3) - μ²) ≈ 0.0025
        se = math.sqrt(math.exp(9) * stats.norm.sf(6.0) - stats.norm.sf(3.0) ** 2) / math.sqrt(x.size)
        assert abs(tail_reference(x) - stats.norm.sf(3.0)) < 4 * se


def test_tail_cases_cover_the_edges():
    cases = [c.args[0] for c in exercises.CHECKS["is_tail_probability"].cases()]
    assert any(x.size == 1 for x in cases)
    assert any(np.all(x <= 3) for x in cases) and any(np.all(x > 3) for x in cases)
    assert any(np.unique(x).size < x.size for x in cases), "a tie"
    values = [tail_reference(x) for x in cases]
    assert len({round(v, 12) for v in values}) >= len(values) - 1   # no two alike but a possible 0


@pytest.mark.parametrize("fn, words", [
    (lambda x: float(np.mean(x > 3)), "fraction of draws above 3"),
    (lambda x: float(np.mean((x > 3) * stats.norm.pdf(x, loc=3.0) / stats.norm.pdf(x))),
     "upside down"),
    (lambda x: float(np.sum((x > 3) * stats.norm.pdf(x) / stats.norm.pdf(x, loc=3.0))
                     / np.sum(stats.norm.pdf(x) / stats.norm.pdf(x, loc=3.0))), "self-normalised"),
    (lambda x: float(np.mean(stats.norm.pdf(x) / stats.norm.pdf(x, loc=3.0))), "mean of all the weights"),
])
def test_tail_wrong_answers_fail_with_the_right_hint(fn, words):
    _fails_with("is_tail_probability", fn, words)


def test_tail_per_hit_gives_nan_on_empty_and_says_so():
    def per_hit(x):
        with np.errstate(all="ignore"):
            w = stats.norm.pdf(x) / stats.norm.pdf(x, loc=3.0)
            return float(np.sum(w * (x > 3)) / np.sum(x > 3))
    verdict = _fails_with("is_tail_probability", per_hit, "divides by the number of draws above 3")
    assert any("nan" in f and "divide by N" in f for f in verdict.failures)


# InfoNCE from a score matrix

def infonce_reference(scores):
    n = scores.shape[0]
    return float((math.log(n) + np.mean(np.diag(scores) - special.logsumexp(scores, axis=1))) / math.log(2))


def test_infonce_reference_passes():
    verdict = exercises.evaluate("infonce_scores", infonce_reference)
    assert verdict.passed and verdict.points == 3


def test_infonce_cases_are_below_log_n_and_cover_the_edges():
    cases = [c.args[0] for c in exercises.CHECKS["infonce_scores"].cases()]
    assert any(np.isneginf(s).any() for s in cases) and any(s.max() > 710 for s in cases)
    assert any(not np.allclose(s, s.T) for s in cases), "asymmetric, so the axis matters"
    for s in cases:
        assert infonce_reference(s) < math.log2(s.shape[0]) + 1e-12
        assert exercises.CHECKS["infonce_scores"].reference(s) == pytest.approx(infonce_reference(s), abs=1e-12)
    perfect = [s for s in cases if np.isneginf(s).any()][0]
    assert infonce_reference(perfect) == pytest.approx(math.log2(perfect.shape[0]))


def _naive_infonce(scores):
    with np.errstate(all="ignore"):
        e = np.exp(scores)
        return float((math.log(scores.shape[0]) + np.mean(np.log(np.diag(e) / e.sum(axis=1)))) / math.log(2))


@pytest.mark.parametrize("fn, words", [
    (lambda s: infonce_reference(s) * math.log(2), "in nats"),
    (lambda s: infonce_reference(s.T.copy()), "normalises each column"),
    (lambda s: float(np.mean(np.diag(s) - special.logsumexp(s, axis=1)) / math.log(2)), "log N is missing"),
    (lambda s: float((math.log(s.shape[0]) + np.mean(np.diag(s)) - special.logsumexp(s)) / math.log(2)),
     "whole matrix"),
    (lambda s: float((math.log(s.shape[0]) + np.mean(np.diag(s) - special.logsumexp(
        np.where(np.eye(s.shape[0], dtype=bool), -np.inf, s), axis=1))) / math.log(2)), "true pair"),
    (_naive_infonce, "exp overflows"),
    (lambda s: infonce_reference(s) + math.log2(s.shape[0]), "never exceeds"),
])
def test_infonce_wrong_answers_fail_with_the_right_hint(fn, words):
    _fails_with("infonce_scores", fn, words)


# the limit of ESS/N for p = N(0, 1), q = N(m, s²)

def ess_limit_by_quadrature(m, s):
    # E_q[w²] = ∫ p² / q by numerical integration, written without the closed form
    if s * s <= 0.5:
        return 0.0
    integrand = lambda x: np.exp(2 * stats.norm.logpdf(x) - stats.norm.logpdf(x, loc=m, scale=s))
    centre = -m / (2 * s * s - 1)          # where p²/q peaks (found by differentiating its log)
    value = integrate.quad(integrand, -np.inf, centre)[0] + integrate.quad(integrand, centre, np.inf)[0]
    return 1.0 / value


def ess_limit_closed_form(m, s):
    if s * s <= 0.5:
        return 0.0
    return math.sqrt(2 * s * s - 1) / s ** 2 * math.exp(-m * m / (2 * s * s - 1))


def test_ess_limit_closed_form_passes_and_matches_quadrature():
    verdict = exercises.evaluate("ess_fraction_limit", ess_limit_closed_form)
    assert verdict.passed and verdict.points == 5
    for case in exercises.CHECKS["ess_fraction_limit"].cases():
        m, s = case.args
        assert ess_limit_by_quadrature(m, s) == pytest.approx(ess_limit_closed_form(m, s), rel=1e-8, abs=1e-14)
        assert exercises.CHECKS["ess_fraction_limit"].reference(m, s) == pytest.approx(
            ess_limit_by_quadrature(m, s), rel=1e-8, abs=1e-14)


def test_ess_limit_matches_simulated_ess():
    # ESS/N of a large sample from q lies near the limit when E_q[w⁴] is finite (s² > 3/4)
    rng = np.random.default_rng(11)
    for m, s in [(0.0, 1.4), (1.0, 1.0), (0.5, 2.0)]:
        x = rng.normal(m, s, 400_000)
        lw = stats.norm.logpdf(x) - stats.norm.logpdf(x, m, s)
        w = np.exp(lw - lw.max())
        assert w.sum() ** 2 / np.sum(w * w) / x.size == pytest.approx(ess_limit_closed_form(m, s), rel=0.03)


def test_ess_limit_cases_cover_the_edges():
    cases = [c.args for c in exercises.CHECKS["ess_fraction_limit"].cases()]
    assert (0.0, 1.0) in cases, "q = p, limit 1"
    assert sum(s * s <= 0.5 for m, s in cases) >= 2 and any(m < 0 for m, s in cases)
    assert any(s > 1 for m, s in cases) and any(0.5 < s * s < 1 for m, s in cases)


@pytest.mark.parametrize("fn, words", [
    (lambda m, s: 1.0 / ess_limit_closed_form(m, s) if s * s > 0.5 else 0.0, "reciprocal"),
    (lambda m, s: ess_limit_closed_form(0.0, s), "the shift m is missing"),
    (lambda m, s: ess_limit_closed_form(m, math.sqrt(s)), "as the variance"),
    (lambda m, s: ess_limit_closed_form(0.0, s) * math.exp(-m * m / 2), "not exp(-m²/2)"),
    (lambda m, s: float(np.sqrt(2 * s * s - 1) / s ** 2 * np.exp(-m * m / (2 * s * s - 1))), "return 0.0 there"),
    (lambda m, s: ess_limit_closed_form(m, s) if s * s > 0.5 else math.inf, "return 0.0 there"),
])
def test_ess_limit_wrong_answers_fail_with_the_right_hint(fn, words):
    with np.errstate(all="ignore"):
        _fails_with("ess_fraction_limit", fn, words)


# the limit of N × bias of the self-normalised estimate of P(X > 0), q = N(m, 1)

def snis_bias_closed_form(m):
    # p²/q = e^{m²} φ(x + m), so -E_q[w² (1{x > 0} - 1/2)] = e^{m²} (Φ(m) - 1/2)
    return math.exp(m * m) * (stats.norm.cdf(m) - 0.5)


def test_snis_bias_closed_form_passes_and_matches_the_reference():
    verdict = exercises.evaluate("snis_bias_limit", snis_bias_closed_form)
    assert verdict.passed and verdict.points == 3
    cases = [c.args[0] for c in exercises.CHECKS["snis_bias_limit"].cases()]
    assert 0.0 in cases and any(m < 0 for m in cases) and max(cases) >= 2
    for m in cases:
        assert exercises.CHECKS["snis_bias_limit"].reference(m) == pytest.approx(
            snis_bias_closed_form(m), rel=1e-10, abs=1e-13)


def test_snis_bias_limit_matches_a_simulation():
    # N (mean of the self-normalised estimates - 1/2) at N = 100, m = 1, against the limit
    rng, m, n = np.random.default_rng(3), 1.0, 100
    est = []
    for _ in range(10):
        x = rng.normal(m, 1.0, (20_000, n))
        w = np.exp(-m * x + m * m / 2)
        est.append((w * (x > 0)).sum(axis=1) / w.sum(axis=1))
    bias = n * (np.concatenate(est) - 0.5)
    se = bias.std() / math.sqrt(bias.size)
    assert abs(bias.mean() - snis_bias_closed_form(m)) < 4 * se + 0.05 * snis_bias_closed_form(m)


@pytest.mark.parametrize("fn, words", [
    (lambda m: -snis_bias_closed_form(m), "sign is flipped"),
    (lambda m: math.exp(m * m) * (stats.norm.cdf(-m) - 0.5), "sign is flipped"),
    (lambda m: -math.exp(m * m) * stats.norm.cdf(-m), "μ is missing"),
    (lambda m: stats.norm.cdf(m) - 0.5, "e^{m²} is missing"),
    (lambda m: 4 * math.exp(m * m), "theorem's bound"),
])
def test_snis_bias_wrong_answers_fail_with_the_right_hint(fn, words):
    _fails_with("snis_bias_limit", fn, words)


# every new check: nothing that does not compute scores; the library's answer is refused

@pytest.mark.parametrize("name", ["is_tail_probability", "infonce_scores", "ess_fraction_limit",
                                  "snis_bias_limit"])
@pytest.mark.parametrize("fn", NON_ANSWERS)
def test_non_answers_score_nothing(name, fn):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0


@pytest.mark.parametrize("name, fn, used", [
    ("is_tail_probability", lambda x: infolib.importance_sampling(
        (x > 3).astype(float), infolib.log_importance_weights(-x ** 2 / 2, -(x - 3) ** 2 / 2)),
     "infolib.log_importance_weights"),
    ("is_tail_probability", lambda x: infolib.importance_sampling(
        (x > 3).astype(float), -x ** 2 / 2 + (x - 3) ** 2 / 2), "infolib.importance_sampling"),
    ("infonce_scores", lambda s: infolib.infonce(s), "infolib.infonce"),
    ("ess_fraction_limit", lambda m, s: 1 / infolib.plots.gaussian_weighted_moment(m, s, 0),
     "infolib.plots.gaussian_weighted_moment"),
    ("ess_fraction_limit", lambda m, s: 1 / infolib.plots.gaussian_weight_moments(m, s)[0],
     "infolib.plots.gaussian_weight_moments"),
    ("ess_fraction_limit", lambda m, s: exercises.CHECKS["ess_fraction_limit"].reference(m, s),
     "infolib.exercises"),
    ("snis_bias_limit", lambda m: float(exercises.CHECKS["snis_bias_limit"].reference(m)), "infolib.exercises"),
])
def test_the_library_does_not_hand_out_the_answer(name, fn, used):
    import infolib.plots  # noqa: F401  (the learner's notebook imports it)
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0
    assert verdict.forbidden_used == used and used in verdict.message
