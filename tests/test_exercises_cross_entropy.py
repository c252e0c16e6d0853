"""The cross-entropy check: the right answer passes, plausible wrong answers fail with the right hint."""
import math

import numpy as np
import pytest

import infolib
import infolib.estimators
from infolib import exercises


def ce_reference(p, q):
    # written here from the definition, independently of infolib: -Σ p log2 q over p > 0
    total = 0.0
    for pi, qi in zip(p, q):
        if pi > 0:
            if qi == 0:
                return math.inf
            total -= pi * math.log2(qi)
    return total


def ce_naive(p, q):  # no care for 0·log 0: nan where p = q = 0
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log2(q)))


def ce_zero_instead_of_inf(p, q):  # drops the symbols where q = 0
    keep = (p > 0) & (q > 0)
    return float(-np.sum(p[keep] * np.log2(q[keep])))


def ce_swapped(p, q):
    return ce_reference(q, p)


def ce_nats(p, q):
    return ce_reference(p, q) * math.log(2)


def ce_log10(p, q):
    return ce_reference(p, q) * math.log10(2)


def ce_is_entropy(p, q):
    return ce_reference(p, p)


def ce_is_kl(p, q):
    value = ce_reference(p, q)
    return value if math.isinf(value) else value - ce_reference(p, p)


def ce_wrong_sign(p, q):
    return -ce_reference(p, q)


def test_reference_passes(capsys):
    exercises.check_cross_entropy(ce_reference)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


@pytest.mark.parametrize("fn, words", [
    (ce_naive, "0·log 0"),
    (ce_zero_instead_of_inf, "Return np.inf"),
    (ce_swapped, "arguments are swapped"),
    (ce_nats, "in nats"),
    (ce_log10, "base 10"),
    (ce_is_entropy, "this is H(p)"),
    (ce_is_kl, "this is KL(p ‖ q)"),
    (ce_wrong_sign, "never negative"),
])
def test_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("cross_entropy", fn)
    assert not verdict.passed and verdict.message.startswith("✗")
    assert words in verdict.message


def test_nan_where_the_answer_is_inf_gets_its_own_hint():
    verdict = exercises.evaluate("cross_entropy", ce_naive)
    inf_cases = [f for f in verdict.failures if "the answer is inf" in f]
    assert inf_cases and all("Return np.inf, not nan" in f for f in inf_cases)


def test_cases_cover_edges():
    cases = exercises.CHECKS["cross_entropy"].cases()
    pairs = [c.args for c in cases]
    assert any(((q == 0) & (p > 0)).any() for p, q in pairs), "q = 0 < p (infinite)"
    assert any(((q == 0) & (p == 0)).any() for p, q in pairs), "0·log 0"
    assert any(len(p) == 1 for p, _ in pairs), "a single symbol"
    assert all(abs(p.sum() - 1) < 1e-12 and abs(q.sum() - 1) < 1e-12 for p, q in pairs)
    for (p, q), case in zip(pairs, cases):  # the reference agrees with the definition
        assert exercises.CHECKS["cross_entropy"].close(ce_reference(p, q),
                                                       exercises.CHECKS["cross_entropy"].reference(p, q))


# -- the checks added for issue 13: every wrong answer below is written here, from the definitions --

def always_raises(*args):
    raise RuntimeError("not like this")


NON_ANSWERS = [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, always_raises,
               lambda *a: float(np.sum(a[0])), lambda *a: float("nan"), lambda *a: math.inf]


def _picked(y, q):
    return np.array([q[i][label] for i, label in enumerate(y)], dtype=float)


# log loss: mean over the examples of -log2 q(y_i | x_i)
def log_loss_bits(y, q):
    total = 0.0
    for i, label in enumerate(y):
        if q[i][label] == 0:
            return math.inf
        total -= math.log2(q[i][label])
    return total / len(y)


def log_loss_total(y, q):
    return log_loss_bits(y, q) * len(y)


def log_loss_nats(y, q):
    return log_loss_bits(y, q) * math.log(2)


def log_loss_top_label(y, q):
    return log_loss_bits(np.argmax(q, axis=1), q)


def log_loss_all_columns(y, q):
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log2(q[:, y])))


def log_loss_clipped(y, q):
    return float(-np.mean(np.log2(np.clip(_picked(y, q), 1e-12, 1.0))))


def log_loss_whole_rows(y, q):  # one-hot times log of the whole row: 0·(-inf) = nan
    with np.errstate(divide="ignore", invalid="ignore"):
        onehot = np.eye(q.shape[1])[y]
        return float(-np.mean(np.sum(onehot * np.log2(q), axis=1)))


def test_log_loss_reference_passes():
    verdict = exercises.evaluate("log_loss", log_loss_bits)
    assert verdict.passed and verdict.points == 2, verdict.message


@pytest.mark.parametrize("fn, words", [
    (log_loss_total, "divide by the number of examples"),
    (log_loss_nats, "in nats"),
    (log_loss_top_label, "the label the model rates highest"),
    (log_loss_all_columns, "q[np.arange(len(y)), y]"),
    (log_loss_clipped, "do not clip"),
    (log_loss_whole_rows, "not of the whole row"),
    (lambda y, q: -log_loss_bits(y, q), "never negative"),
])
def test_log_loss_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("log_loss", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


# held-out bound: mean of the terms -log2 p̂(y_i) + log2 q(y_i | x_i), minus 2 s / sqrt(m)
def bound_terms(y, q, h=None):
    counts = {label: list(y).count(label) for label in set(y)}
    return np.array([(-math.log2(counts[label] / len(y)) if h is None else h)
                     + math.log2(q[i][label]) for i, label in enumerate(y)])


def held_out_bound_bits(y, q):
    if any(q[i][label] == 0 for i, label in enumerate(y)):
        return -math.inf  # an infinite loss: the bound is -inf, as the exercise states
    t = bound_terms(y, q)
    m = len(t)
    s = math.sqrt(sum((v - t.mean()) ** 2 for v in t) / (m - 1))
    return float(t.mean() - 2 * s / math.sqrt(m))


def bound_no_margin(y, q):
    return float(bound_terms(y, q).mean())


def bound_ddof0(y, q):
    t = bound_terms(y, q)
    return float(t.mean() - 2 * np.std(t) / math.sqrt(t.size))


def bound_one_se(y, q):
    t = bound_terms(y, q)
    return float(t.mean() - np.std(t, ddof=1) / math.sqrt(t.size))


def bound_sd_not_se(y, q):
    t = bound_terms(y, q)
    return float(t.mean() - 2 * np.std(t, ddof=1))


def bound_over_m(y, q):
    t = bound_terms(y, q)
    return float(t.mean() - 2 * np.std(t, ddof=1) / t.size)


def bound_plus(y, q):
    t = bound_terms(y, q)
    return float(t.mean() + 2 * np.std(t, ddof=1) / math.sqrt(t.size))


def bound_loss_se(y, q):
    t, losses = bound_terms(y, q), -np.log2(_picked(y, q))
    return float(t.mean() - 2 * np.std(losses, ddof=1) / math.sqrt(t.size))


def bound_uniform_h(y, q):
    t = bound_terms(y, q, h=math.log2(q.shape[1]))
    return float(t.mean() - 2 * np.std(t, ddof=1) / math.sqrt(t.size))


def bound_nats(y, q):
    return held_out_bound_bits(y, q) * math.log(2)


def bound_onehot_nan(y, q):  # -Σ_k onehot·log2 p̂(k): 0·(-inf) = nan where a label is absent
    freq = np.bincount(y, minlength=q.shape[1]) / len(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(np.eye(q.shape[1])[y] * np.log2(freq)).sum(axis=1) + np.log2(_picked(y, q))
        return float(t.mean() - 2 * t.std(ddof=1) / math.sqrt(t.size))


def test_held_out_bound_reference_passes():
    verdict = exercises.evaluate("held_out_bound", held_out_bound_bits)
    assert verdict.passed and verdict.points == 5, verdict.message


@pytest.mark.parametrize("fn, words", [
    (bound_no_margin, "without its margin"),
    (bound_ddof0, "ddof=1"),
    (bound_one_se, "the margin is two"),
    (bound_sd_not_se, "divided by √m"),
    (bound_over_m, "not s/m"),
    (bound_plus, "the margin is added"),
    (bound_loss_se, "the losses alone"),
    (bound_uniform_h, "log2 of the number of labels"),
    (bound_nats, "in nats"),
    (bound_onehot_nan, "needs p̂ only at labels that occur"),
])
def test_held_out_bound_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("held_out_bound", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def test_held_out_cases_are_fresh_data_of_the_chapter_kind():
    cases = exercises.CHECKS["held_out_bound"].cases()
    assert min(c.args[0].size for c in cases) == 2 and max(c.args[0].size for c in cases) >= 5000
    assert any(np.unique(c.args[0]).size == 1 for c in cases), "a single label"
    assert any(c.args[1].shape[1] == 3 for c in cases), "three labels"
    for y, q in (c.args for c in cases[:-1]):
        assert np.allclose(q.sum(axis=1), 1) and np.all(_picked(y, q) > 0)
    y, q = cases[-1].args  # last: a model that rules out a label that occurs
    assert np.allclose(q.sum(axis=1), 1) and np.sum(_picked(y, q) == 0) == 1
    assert exercises.CHECKS["held_out_bound"].reference(y, q) == -math.inf


def bound_nan_where_inf(y, q):  # the formula as stated, with no care for a zero probability
    freq = np.bincount(y) / len(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -np.log2(freq[y]) + np.log2(_picked(y, q))
        return float(t.mean() - 2 * t.std(ddof=1) / math.sqrt(t.size))


def bound_clipped(y, q):  # clips the probabilities: finite where the bound is -inf
    t = -np.log2(np.bincount(y)[y] / len(y)) + np.log2(np.clip(_picked(y, q), 1e-12, 1))
    return float(t.mean() - 2 * t.std(ddof=1) / math.sqrt(t.size))


@pytest.mark.parametrize("fn", [bound_nan_where_inf, bound_clipped])
def test_held_out_bound_zero_probability_must_give_minus_inf(fn):
    verdict = exercises.evaluate("held_out_bound", fn)
    assert not verdict.passed and verdict.points == 0 and verdict.passed_cases == 8
    assert "Return -np.inf" in verdict.message, verdict.message


# the binary symmetric channel: X a fair bit, Y = X flipped with probability eps, model q(y = x | x) = c
def bsc_by_enumeration(eps, c):
    """H(Y) - E[-log2 q(Y|X)] summed over the four pairs, independently of infolib."""
    pxy = {(0, 0): (1 - eps) / 2, (0, 1): eps / 2, (1, 0): eps / 2, (1, 1): (1 - eps) / 2}
    loss = -sum(p * math.log2(c if x == y else 1 - c) for (x, y), p in pxy.items() if p > 0)
    return 1.0 - loss  # H(Y) = 1 bit: Y is a fair bit


def bsc_closed_form(eps, c):
    return 1 + (1 - eps) * math.log2(c) + eps * math.log2(1 - c)


def h2(e):
    return 0.0 if e in (0, 1) else -e * math.log2(e) - (1 - e) * math.log2(1 - e)


@pytest.mark.parametrize("fn", [bsc_closed_form, bsc_by_enumeration])
def test_bsc_bound_reference_passes(fn):
    verdict = exercises.evaluate("bsc_bound", fn)
    assert verdict.passed and verdict.points == 3, verdict.message


def test_bsc_closed_form_agrees_with_enumeration_on_a_grid():
    for eps in np.linspace(0, 0.5, 11):
        for c in np.linspace(0.05, 0.995, 20):
            assert math.isclose(bsc_closed_form(eps, c), bsc_by_enumeration(eps, c), abs_tol=1e-12)
            assert bsc_closed_form(eps, c) <= 1 - h2(eps) + 1e-12  # never above I(X; Y)


@pytest.mark.parametrize("fn, words", [
    (lambda eps, c: 1 - h2(eps), "the exact model c = 1 − ε only"),
    (lambda eps, c: 1 + eps * math.log2(c) + (1 - eps) * math.log2(1 - c), "weights are swapped"),
    (lambda eps, c: bsc_closed_form(eps, c) - 1, "H(Y) = 1 bit"),
    (lambda eps, c: 1 - bsc_closed_form(eps, c), "the expected loss"),
    (lambda eps, c: 1 + math.log2(c), "as if the model were always right"),
    (lambda eps, c: bsc_closed_form(eps, c) * math.log(2), "in nats"),
])
def test_bsc_bound_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("bsc_bound", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


@pytest.mark.parametrize("name", ["cross_entropy", "log_loss", "held_out_bound", "bsc_bound"])
@pytest.mark.parametrize("fn", NON_ANSWERS)
def test_non_answers_score_nothing(name, fn):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0


def _via_infolib_bsc(eps, c):
    pxy = np.array([[1 - eps, eps], [eps, 1 - eps]]) / 2
    return infolib.barber_agakov_bound(pxy, np.array([[c, 1 - c], [1 - c, c]]))


def _via_conditional_cross_entropy(y, q):
    pxy = np.zeros_like(q)
    pxy[np.arange(len(y)), y] = 1 / len(y)
    return infolib.conditional_cross_entropy(pxy, q)


def _via_plugin_entropy(y, q):
    return infolib.estimators.plugin_entropy(y) - log_loss_bits(y, q)


@pytest.mark.parametrize("name, fn, used", [
    ("cross_entropy", lambda p, q: infolib.cross_entropy(p, q), "infolib.cross_entropy"),
    ("log_loss", lambda y, q: float(np.mean([infolib.cross_entropy(np.eye(q.shape[1])[l], q[i])
                                             for i, l in enumerate(y)])), "infolib.cross_entropy"),
    ("log_loss", _via_conditional_cross_entropy, "infolib.conditional_cross_entropy"),
    ("held_out_bound", _via_plugin_entropy, "infolib.estimators.plugin_entropy"),
    ("bsc_bound", _via_infolib_bsc, "infolib.barber_agakov_bound"),
    ("bsc_bound", lambda eps, c: exercises.CHECKS["bsc_bound"].reference(eps, c), "infolib.exercises"),
])
def test_forbidden_infolib_functions_score_nothing(name, fn, used):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0
    assert used in verdict.message, verdict.message


# two geometric pmfs p(k) = (1 - a) a^k, q(k) = (1 - b) b^k on k = 0, 1, 2, ...
def geometric_by_sum(a, b, terms=4000):
    """H(p, q) by brute-force summation in plain Python, independently of infolib."""
    total = 0.0
    for k in range(terms if a > 0 else 1):
        total -= (1 - a) * a ** k * (math.log2(1 - b) + k * math.log2(b))
    return total


def geometric_closed_form(a, b):
    return -math.log2(1 - b) - a / (1 - a) * math.log2(b)


def test_geometric_closed_form_agrees_with_the_series():
    for a in [0.0, 0.1, 0.5, 0.9, 0.97]:
        for b in [0.05, 0.3, 0.5, 0.8, 0.95]:
            assert math.isclose(geometric_closed_form(a, b), geometric_by_sum(a, b), rel_tol=1e-10)


@pytest.mark.parametrize("fn", [geometric_closed_form, geometric_by_sum])
def test_geometric_reference_passes(fn):
    verdict = exercises.evaluate("geometric_cross_entropy", fn)
    assert verdict.passed and verdict.points == 3, verdict.message


@pytest.mark.parametrize("fn, words", [
    (lambda a, b: -math.log2(1 - b) - a * math.log2(b), "a/(1 − a) and not a"),
    (lambda a, b: -math.log2(1 - b) - math.log2(b) / (1 - a), "when k starts at 1"),
    (lambda a, b: geometric_closed_form(b, a) if a > 0 else math.inf, "arguments are swapped"),
    (lambda a, b: geometric_closed_form(a, a) if a > 0 else 0.0, "this is H(p)"),
    (lambda a, b: -math.log2(1 - b), "has two terms"),
    (lambda a, b: geometric_closed_form(a, b) * math.log(2), "in nats"),
    (lambda a, b: math.log2(1 - b) + a / (1 - a) * math.log2(b), "never negative"),
])
def test_geometric_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("geometric_cross_entropy", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def _geometric_via_infolib(a, b):
    k = np.arange(2000)
    return infolib.cross_entropy((1 - a) * a ** k, (1 - b) * b ** k)


@pytest.mark.parametrize("fn", NON_ANSWERS)
def test_geometric_non_answers_score_nothing(fn):
    assert exercises.evaluate("geometric_cross_entropy", fn).points == 0


def test_geometric_via_infolib_scores_nothing():
    verdict = exercises.evaluate("geometric_cross_entropy", _geometric_via_infolib)
    assert verdict.points == 0 and "infolib.cross_entropy" in verdict.message, verdict.message
