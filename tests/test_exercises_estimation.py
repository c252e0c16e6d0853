"""The plug-in entropy check: the right answer passes, plausible wrong answers fail with the right hint."""
import math
from collections import Counter

import numpy as np
import pytest
from scipy.special import digamma

from infolib import exercises


def h_reference(x):
    # written here from the definition, independently of infolib: -Σ (n_a/N) log2(n_a/N)
    counts = Counter(x.tolist())
    n = len(x)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def h_nats(x):
    return h_reference(x) * math.log(2)


def h_log10(x):
    return h_reference(x) * math.log10(2)


def h_miller_madow(x):
    return h_reference(x) + (len(set(x.tolist())) - 1) / (2 * len(x) * math.log(2))


def h_uniform(x):
    return math.log2(len(set(x.tolist())))


def h_wrong_sign(x):
    return -h_reference(x)


def h_bincount(x):  # np.bincount breaks on negative labels: the check reports the error in words
    p = np.bincount(x) / len(x)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def _run(capsys, fn):
    exercises.check_plugin_entropy(fn)
    return capsys.readouterr().out


def test_reference_passes(capsys):
    out = _run(capsys, h_reference)
    assert out.startswith("✓") and "correct on all" in out


def test_numpy_version_passes(capsys):
    def h_numpy(x):
        _, counts = np.unique(x, return_counts=True)
        p = counts / counts.sum()
        return float(-(p * np.log2(p)).sum())
    assert _run(capsys, h_numpy).startswith("✓")


def test_wrong_answers_fail_with_their_hint(capsys):
    for fn, hint in [(h_nats, "in nats"), (h_log10, "base 10"), (h_miller_madow, "Miller–Madow"),
                     (h_uniform, "number of distinct values"), (h_wrong_sign, "minus sign")]:
        out = _run(capsys, fn)
        assert out.startswith("✗"), fn.__name__
        assert hint in out, (fn.__name__, out)


def test_crash_is_reported_in_words(capsys):
    out = _run(capsys, h_bincount)
    assert out.startswith("✗") and "raised ValueError" in out
    assert "labels that are not 0, 1, 2" in out


def test_not_implemented(capsys):
    def stub(x):
        raise NotImplementedError
    assert "not written yet" in _run(capsys, stub)


# --------------------------------------------------------------------------
# Shared: the degenerate answers that must never score
# --------------------------------------------------------------------------
def _raises(*args):
    raise ValueError("nothing here")


DEGENERATE = [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, lambda *a: float("nan"),
              lambda *a: float("inf"), _raises, lambda *a: float(np.sum(a[0])),
              lambda *a: float(np.asarray(a[0]).ravel()[0])]


def _assert_no_points(name):
    for fn in DEGENERATE:
        verdict = exercises.evaluate(name, fn)
        assert not verdict.passed and verdict.points == 0, (name, verdict.message)


def _plugin_mi_bits(x, y):
    # written here from the definition with Counter, independently of infolib
    n = len(x)
    nx, ny = Counter(x.tolist()), Counter(y.tolist())
    nxy = Counter(zip(x.tolist(), y.tolist()))
    return sum(c / n * math.log2(n * c / (nx[a] * ny[b])) for (a, b), c in nxy.items())


# --------------------------------------------------------------------------
# ★ Two draws: E[Ĥ] = 1 − Σ p²
# --------------------------------------------------------------------------
def two_draw_closed_form(p):
    return float(1 - np.sum(np.asarray(p) ** 2))


def two_draw_by_simulation_free_sum(p):
    # the same mean, summed over unordered pairs of distinct values: 2 Σ_{a<b} p_a p_b
    p = np.asarray(p)
    return float(sum(2 * p[a] * p[b] for a in range(p.size) for b in range(a + 1, p.size)))


def _h(p):
    p = np.asarray(p)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def test_two_draw_right_answers_pass():
    for fn in (two_draw_closed_form, two_draw_by_simulation_free_sum):
        verdict = exercises.evaluate("two_draw_entropy", fn)
        assert verdict.passed and verdict.points == 2, verdict.message


def test_two_draw_cases_match_a_monte_carlo_estimate():
    rng = np.random.default_rng(5)
    for case in exercises.CHECKS["two_draw_entropy"].cases()[:5]:
        p = case.args[0]
        draws = rng.choice(p.size, size=(20000, 2), p=p)
        mean = np.mean(draws[:, 0] != draws[:, 1])   # Ĥ of two draws: 1 bit if they differ
        assert abs(mean - two_draw_closed_form(p)) < 0.02


@pytest.mark.parametrize("fn, words", [
    (_h, "true entropy H(p)"),
    (lambda p: float(np.sum(p ** 2)), "probability that the two draws are equal"),
    (lambda p: _h(p) - (np.count_nonzero(p) - 1) / (4 * math.log(2)), "Miller's large-N"),
    (lambda p: 1 - 1 / np.count_nonzero(p), "right only for the uniform pmf"),
    (lambda p: two_draw_closed_form(p) * math.log(2), "in nats"),
])
def test_two_draw_wrong_answers_get_their_hint(fn, words):
    verdict = exercises.evaluate("two_draw_entropy", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def test_two_draw_degenerate_answers_score_nothing():
    _assert_no_points("two_draw_entropy")


def test_two_draw_forbids_plugin_entropy():
    import infolib

    def via_infolib(p):
        idx = np.flatnonzero(p > 0)
        return sum(p[a] * p[b] * infolib.plugin_entropy(np.array([a, b])) for a in idx for b in idx)
    verdict = exercises.evaluate("two_draw_entropy", via_infolib)
    assert verdict.points == 0 and "infolib.plugin_entropy" in verdict.message


# --------------------------------------------------------------------------
# ★★ Extrapolating the bias away: 2 Î_N − mean(Î of the halves)
# --------------------------------------------------------------------------
def extrapolated(x, y):
    h = len(x) // 2
    return 2 * _plugin_mi_bits(x, y) - (_plugin_mi_bits(x[:h], y[:h]) + _plugin_mi_bits(x[h:], y[h:])) / 2


def _halves(x, y):
    h = len(x) // 2
    return _plugin_mi_bits(x[:h], y[:h]), _plugin_mi_bits(x[h:], y[h:])


def test_extrapolated_right_answer_passes():
    verdict = exercises.evaluate("extrapolated_mi", extrapolated)
    assert verdict.passed and verdict.points == 3, verdict.message


def test_extrapolation_removes_a_pure_one_over_n_bias():
    # if E Î_N = I + c/N exactly, the combination is unbiased: 2(I + c/N) − (I + 2c/N) = I
    i, c, n = 0.7, 3.0, 200
    assert math.isclose(2 * (i + c / n) - (i + c / (n / 2)), i)


def test_extrapolated_cases_have_even_sizes_and_varied_answers():
    check = exercises.CHECKS["extrapolated_mi"]
    values = [extrapolated(*case.args) for case in check.cases()]
    assert all(case.args[0].size % 2 == 0 for case in check.cases())
    assert len({round(v, 6) for v in values}) == len(values)
    assert sum(abs(v) > 0.05 and abs(v - 1) > 0.05 for v in values) >= 4


@pytest.mark.parametrize("fn, words", [
    (_plugin_mi_bits, "plug-in estimate of the whole sample"),
    (lambda x, y: sum(_halves(x, y)) - _plugin_mi_bits(x, y), "weights are swapped"),
    (lambda x, y: 2 * _plugin_mi_bits(x, y) - _halves(x, y)[0], "first half only"),
    (lambda x, y: (_plugin_mi_bits(x, y) + sum(_halves(x, y)) / 2) / 2, "averages the estimates"),
    (lambda x, y: 2 * _plugin_mi_bits(x, y) - (_plugin_mi_bits(x[::2], y[::2])
                                               + _plugin_mi_bits(x[1::2], y[1::2])) / 2,
     "even- and odd-numbered"),
    (lambda x, y: extrapolated(x, y) * math.log(2), "in nats"),
])
def test_extrapolated_wrong_answers_get_their_hint(fn, words):
    verdict = exercises.evaluate("extrapolated_mi", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def test_extrapolated_degenerate_answers_score_nothing():
    _assert_no_points("extrapolated_mi")


def test_extrapolated_allows_plugin_mi_but_not_the_checks_code():
    import infolib
    mi = infolib.plugin_mutual_information

    def with_infolib(x, y):
        h = x.size // 2
        return 2 * mi(x, y) - (mi(x[:h], y[:h]) + mi(x[h:], y[h:])) / 2
    assert exercises.evaluate("extrapolated_mi", with_infolib).passed
    verdict = exercises.evaluate("extrapolated_mi", exercises.CHECKS["extrapolated_mi"].reference)
    assert verdict.points == 0 and "infolib.exercises" in verdict.message


# --------------------------------------------------------------------------
# ★★★ The KSG estimator
# --------------------------------------------------------------------------
def ksg_brute(x, y, k, *, standardise=True, strict=True, self_neighbour=False, euclidean=False,
              keep_self=False, nats=False):
    # eq. (8) of Kraskov et al. by brute force over every pair (all n x n distances) and scipy's
    # digamma, independently of infolib
    k = int(k)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if standardise:
        x, y = x / np.std(x), y / np.std(y)
    n = len(x)
    dx, dy = np.abs(x[:, None] - x[None, :]), np.abs(y[:, None] - y[None, :])
    joint = np.hypot(dx, dy) if euclidean else np.maximum(dx, dy)
    others = ~np.eye(n, dtype=bool)                   # j != i
    d = np.sort(joint if self_neighbour else np.where(others, joint, np.inf), axis=1)[:, k - 1]
    closer = np.less if strict else np.less_equal
    counted = np.ones((n, n), dtype=bool) if keep_self else others
    nx = (closer(dx, d[:, None]) & counted).sum(axis=1)
    ny = (closer(dy, d[:, None]) & counted).sum(axis=1)
    mi = digamma(n) + digamma(k) - float(np.mean(digamma(nx + 1) + digamma(ny + 1)))
    return float(mi if nats else mi / math.log(2))


def test_ksg_right_answer_passes():
    verdict = exercises.evaluate("ksg", ksg_brute)
    assert verdict.passed and verdict.points == 5, verdict.message


def test_ksg_reference_agrees_with_scikit_learn_before_clipping():
    from sklearn.feature_selection import mutual_info_regression
    # scikit-learn clips at 0 and adds noise to every column: compare on a strong dependence only
    case = exercises.CHECKS["ksg"].cases()[1]
    x, y, k = case.args
    sk = mutual_info_regression(x[:, None], y, n_neighbors=int(k), random_state=0)[0] / math.log(2)
    assert abs(sk - ksg_brute(x, y, k)) < 0.02


@pytest.mark.parametrize("switch, words", [
    ({"nats": True}, "in nats"),
    ({"standardise": False}, "raw values"),
    ({"strict": False}, "strictly closer"),
    ({"self_neighbour": True}, "its own nearest neighbour"),
    ({"keep_self": True}, "include sample i itself"),
    ({"euclidean": True}, "Euclidean distance"),
])
def test_ksg_wrong_answers_get_their_hint(switch, words):
    verdict = exercises.evaluate("ksg", lambda x, y, k: ksg_brute(x, y, k, **switch))
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def test_ksg_degenerate_answers_score_nothing():
    _assert_no_points("ksg")
    # the ceiling ψ(N) − ψ(k + 1) is an upper bound, not the estimate
    verdict = exercises.evaluate("ksg", lambda x, y, k: (digamma(len(x)) - digamma(k + 1)) / math.log(2))
    assert verdict.points == 0


def test_ksg_forbids_infolib_ksg():
    import infolib
    verdict = exercises.evaluate("ksg", lambda x, y, k: infolib.ksg_mutual_information(x, y, k=int(k)))
    assert verdict.points == 0 and "infolib.ksg_mutual_information" in verdict.message


# --------------------------------------------------------------------------
# ★★ The delta method: Var[Ĥ] ≈ (Σ p log2² p − H²)/N
# --------------------------------------------------------------------------
def variance_closed_form(p, n):
    p = p[p > 0]
    s = -np.log2(p)
    return float((np.sum(p * s ** 2) - np.sum(p * s) ** 2) / n)


def variance_as_a_variance(p, n):
    # the same, read as the variance of the surprisal −log2 p(X) under p, divided by N
    p = p[p > 0]
    s = -np.log2(p)
    return float(np.sum(p * (s - np.sum(p * s)) ** 2) / n)


def test_variance_right_answers_pass():
    for fn in (variance_closed_form, variance_as_a_variance):
        verdict = exercises.evaluate("plugin_entropy_variance", fn)
        assert verdict.passed and verdict.points == 3, verdict.message


def test_variance_leading_term_matches_simulation_for_large_n():
    # N·Var[Ĥ] from 4000 seeded samples of size 2000 approaches N times the leading term
    rng = np.random.default_rng(12)
    p, n = np.array([0.6, 0.25, 0.1, 0.05]), 2000
    counts = rng.multinomial(n, p, size=4000) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.nansum(counts * np.log2(counts), axis=1)
    assert abs(h.var(ddof=1) / variance_closed_form(p, n) - 1) < 0.08


def test_variance_cases_are_varied():
    cases = exercises.CHECKS["plugin_entropy_variance"].cases()
    values = [variance_closed_form(*case.args) for case in cases]
    assert sum(v > 1e-6 for v in values) >= 6 and len({round(v, 9) for v in values}) >= 8


@pytest.mark.parametrize("fn, words", [
    (lambda p, n: float(np.sum(p[p > 0] * np.log2(p[p > 0]) ** 2) / n), "second moment of the surprisal"),
    (lambda p, n: variance_closed_form(p, n) * n / (n - 1), "divides by N − 1"),
    (lambda p, n: math.sqrt(variance_closed_form(p, n)), "standard deviation"),
    (lambda p, n: ((np.count_nonzero(p) - 1) / (2 * n * math.log(2))) ** 2, "square of Miller's bias"),
    (lambda p, n: variance_closed_form(p, n) * math.log(2) ** 2, "in nats²"),
    (lambda p, n: _h(p) ** 2 / n, "H²/N"),
    (lambda p, n: -variance_closed_form(p, n) - 1e-3, "never negative"),
])
def test_variance_wrong_answers_get_their_hint(fn, words):
    verdict = exercises.evaluate("plugin_entropy_variance", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message, verdict.message


def test_variance_degenerate_answers_score_nothing():
    _assert_no_points("plugin_entropy_variance")


def test_variance_allows_entropy_but_not_the_checks_code():
    import infolib

    def with_entropy(p, n):
        q = p[p > 0]
        return float((np.sum(q * np.log2(q) ** 2) - infolib.entropy(p) ** 2) / n)
    assert exercises.evaluate("plugin_entropy_variance", with_entropy).passed
    ref = exercises.CHECKS["plugin_entropy_variance"].reference
    verdict = exercises.evaluate("plugin_entropy_variance", ref)
    assert verdict.points == 0 and "infolib.exercises" in verdict.message


# --------------------------------------------------------------------------
# The existing plug-in entropy check: the same floor as the new ones
# --------------------------------------------------------------------------
def test_plugin_entropy_degenerate_answers_score_nothing():
    _assert_no_points("plugin_entropy")


def test_plugin_entropy_forbids_infolib_plugin_entropy():
    import infolib
    verdict = exercises.evaluate("plugin_entropy", lambda x: infolib.plugin_entropy(x))
    assert verdict.points == 0 and "infolib.plugin_entropy" in verdict.message


def test_weights_follow_the_stars():
    # ★ = 2, ★★ = 3, ★★★ = 5, as the exercise titles in the chapter say
    points = {name: exercises.CHECKS[name].points for name in
              ("two_draw_entropy", "plugin_entropy", "plugin_entropy_variance", "extrapolated_mi", "ksg")}
    assert points == {"two_draw_entropy": 2, "plugin_entropy": 3, "plugin_entropy_variance": 3,
                      "extrapolated_mi": 3, "ksg": 5}
