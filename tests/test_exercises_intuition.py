"""Chapter 1's checks: right answers written here (independently of infolib) pass; plausible
wrong answers fail with the matching hint; constants, raising functions, the input handed back
and calls to the infolib function the exercise asks for score 0."""
import math

import numpy as np
import pytest

import infolib
from infolib import exercises

CHECKS = ["mutual_information", "mi_from_trips", "warning_light", "several_speedometers"]


# -- right answers, from the definitions -------------------------------------------------------

def mi_table(pxy):
    px, py = pxy.sum(1, keepdims=True), pxy.sum(0, keepdims=True)
    nz = pxy > 0
    return float(np.sum(pxy[nz] * np.log2(pxy[nz] / (px * py)[nz])))


def corr(x, y):
    x, y = x - x.mean(), y - y.mean()
    return float(np.sum(x * y) / math.sqrt(np.sum(x * x) * np.sum(y * y)))


def trips_bits(v_s, v_g):
    return -0.5 * math.log2(1 - corr(v_s, v_g) ** 2)


def light_bits(q):
    # brute force over the four (light, print) pairs of the table
    q = float(q)
    table = {(0, 0): 1 - q, (0, 1): 0.0, (1, 0): q / 2, (1, 1): q / 2}
    pl = {l: table[l, 0] + table[l, 1] for l in (0, 1)}
    pp = {p: table[0, p] + table[1, p] for p in (0, 1)}
    return sum(v * math.log2(v / (pl[l] * pp[p])) for (l, p), v in table.items() if v > 0)


def speedometers_bits(m, sd_v, sd_s, sd_g):
    # I = ½ log2(det Σ_SS · Σ_gg / det Σ) from the (m + 1) × (m + 1) covariance matrix
    m = int(m)
    cov = np.full((m + 1, m + 1), float(sd_v) ** 2) + np.diag([sd_s**2] * m + [sd_g**2])
    _, logdet_all = np.linalg.slogdet(cov)
    _, logdet_s = np.linalg.slogdet(cov[:m, :m])
    return float(0.5 * (logdet_s + math.log(cov[m, m]) - logdet_all) / math.log(2))


RIGHT = {"mutual_information": mi_table, "mi_from_trips": trips_bits,
         "warning_light": light_bits, "several_speedometers": speedometers_bits}


@pytest.mark.parametrize("name", CHECKS)
def test_right_answer_scores_full_points(name):
    verdict = exercises.evaluate(name, RIGHT[name])
    assert verdict.passed, verdict.message
    assert verdict.points == verdict.max_points == exercises.CHECKS[name].points
    assert verdict.message.endswith(f"{verdict.points} of {verdict.points} points.")


def test_weights_match_the_stars():
    assert {n: exercises.CHECKS[n].points for n in CHECKS} == {
        "mutual_information": 3, "mi_from_trips": 2, "warning_light": 3, "several_speedometers": 5}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("fn", [lambda *a: 0.0, lambda *a: 0.5, lambda *a: 1.0,
                                lambda *a: float("nan"), lambda *a: float("inf"),
                                lambda *a: float(np.sum(a[0]))],
                         ids=["zero", "half", "one", "nan", "inf", "input"])
def test_non_answers_score_nothing(name, fn):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0


@pytest.mark.parametrize("name", CHECKS)
def test_raising_function_scores_nothing(name):
    def crashes(*args):
        raise ValueError("boom")
    verdict = exercises.evaluate(name, crashes)
    assert verdict.points == 0 and "raised ValueError: boom" in verdict.message


# -- plausible wrong answers meet their hint ---------------------------------------------------

def trips_uncentred(v_s, v_g):
    r = np.sum(v_s * v_g) / np.sqrt(np.sum(v_s**2) * np.sum(v_g**2))
    return float(-0.5 * np.log2(1 - r**2))


def trips_mixed_ddof(v_s, v_g):
    r = np.cov(v_s, v_g)[0, 1] / (np.std(v_s) * np.std(v_g))      # n - 1 above, n below
    return float(-0.5 * np.log2(1 - r**2))


WRONG = [
    ("mutual_information", lambda p: mi_table(p) * math.log(2), "in nats"),
    ("mutual_information", lambda p: mi_table(p) * math.log10(2), "base 10"),
    ("mi_from_trips", trips_uncentred, "without subtracting the means"),
    ("mi_from_trips", lambda x, y: trips_bits(x, y) * math.log(2), "in nats"),
    ("mi_from_trips", lambda x, y: -0.5 * math.log2(1 - abs(corr(x, y))), "square the correlation"),
    ("mi_from_trips", lambda x, y: 2 * trips_bits(x, y), "twice the answer"),
    ("mi_from_trips", trips_mixed_ddof, "normalised"),
    ("warning_light", lambda q: light_bits(q) * math.log(2), "in nats"),
    ("warning_light", lambda q: float(-(q / 2) * np.log2(q / 2) - (1 - q / 2) * np.log2(1 - q / 2)
                                      - q), "0·log 0"),
    ("warning_light", lambda q: float(q), "H(P | L)"),
    ("warning_light", lambda q: light_bits(q) + float(q), "H(P), the print's entropy"),
    ("warning_light", lambda q: light_bits(q) + float(q) - 1, "one observation"),
    ("several_speedometers", lambda m, v, s, g: speedometers_bits(m, v, s, g) * math.log(2),
     "in nats"),
    ("several_speedometers", lambda m, v, s, g: m * speedometers_bits(1, v, s, g),
     "information does not add"),
    ("several_speedometers", lambda m, v, s, g: speedometers_bits(1, v, s, g), "depend on m"),
    ("several_speedometers", lambda m, v, s, g: 0.5 * math.log2(1 + m * v**2 / s**2),
     "about the true speed V"),
    ("several_speedometers", lambda m, v, s, g: speedometers_bits(1, v, s / m, g), "σ_s/√m"),
    ("several_speedometers", lambda m, v, s, g: speedometers_bits(1, v, s * math.sqrt(m), g),
     "not larger"),
]


@pytest.mark.parametrize("name, fn, words", WRONG,
                         ids=[f"{n}-{w[:20]}" for n, _, w in WRONG])
def test_wrong_answers_fail_with_their_hint(name, fn, words):
    with np.errstate(all="ignore"):
        verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0
    assert "Hint:" in verdict.message and words in verdict.message, verdict.message


def test_mixed_normalisation_on_three_trips_gives_nan_and_its_hint():
    with np.errstate(all="ignore"):
        verdict = exercises.evaluate("mi_from_trips", trips_mixed_ddof)
    assert any("normalised" in f for f in verdict.failures)


# -- the library does not hand out the answers -------------------------------------------------

FORBIDDEN = [
    ("mutual_information", lambda p: infolib.mutual_information(p), "infolib.mutual_information"),
    ("mutual_information", lambda p: infolib.entropy(p.sum(1)) - infolib.conditional_entropy(p.T),
     "infolib.entropy"),
    ("mi_from_trips", lambda x, y: infolib.gaussian_mutual_information(corr(x, y)),
     "infolib.gaussian_mutual_information"),
    ("warning_light", lambda q: infolib.mutual_information(np.array([[1 - q, 0], [q / 2, q / 2]])),
     "infolib.mutual_information"),
    ("warning_light", lambda q: infolib.entropy(np.array([q / 2, 1 - q / 2])) - q,
     "infolib.entropy"),
    ("several_speedometers",
     lambda m, v, s, g: infolib.Car(speedometer_sd=s / np.sqrt(m), gps_sd=g,
                                    speed_sd=v).mutual_information(),
     "infolib.Car.mutual_information"),
    ("several_speedometers",
     lambda m, v, s, g: infolib.gaussian_mutual_information(
         v**2 / np.sqrt((v**2 + s**2 / m) * (v**2 + g**2))),
     "infolib.gaussian_mutual_information"),
    ("several_speedometers",
     lambda m, v, s, g: infolib.Car(speedometer_sd=s / np.sqrt(m), gps_sd=g,
                                    speed_sd=v).correlation() and 0.0, "infolib.Car.covariance"),
    ("several_speedometers", lambda m, v, s, g: exercises.CHECKS["several_speedometers"]
     .reference(m, v, s, g), "infolib.exercises"),
]


@pytest.mark.parametrize("name, fn, used", FORBIDDEN, ids=[f"{n}-{u}" for n, _, u in FORBIDDEN])
def test_forbidden_infolib_functions_score_nothing(name, fn, used):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0
    assert used in verdict.message and verdict.forbidden_used.startswith(used)


def test_trips_may_use_numpy_corrcoef():
    def with_corrcoef(v_s, v_g):
        return float(-0.5 * np.log2(1 - np.corrcoef(v_s, v_g)[0, 1] ** 2))
    assert exercises.evaluate("mi_from_trips", with_corrcoef).passed


# -- the cases -----------------------------------------------------------------------------------

def test_cases_have_edges_and_spread_out_answers():
    for name in CHECKS:
        check = exercises.CHECKS[name]
        values = [RIGHT[name](*c.args) for c in check.cases()]
        assert sum(abs(v) > 0.05 and abs(v - 1) > 0.05 for v in values) >= 4, name
        assert len({round(v, 6) for v in values}) >= 5, name
    trips = exercises.CHECKS["mi_from_trips"].cases()
    assert min(len(c.args[0]) for c in trips) == 3
    assert any(corr(*c.args) < 0 for c in trips), "a negative correlation"
    qs = [float(c.args[0]) for c in exercises.CHECKS["warning_light"].cases()]
    assert 0.0 in qs and 1.0 in qs
    speedo = [c.args for c in exercises.CHECKS["several_speedometers"].cases()]
    assert any(a[0] == 1 for a in speedo) and any(a[3] == 0 for a in speedo)


def test_trips_cases_are_the_same_on_every_call():
    a = exercises.CHECKS["mi_from_trips"].cases()
    b = exercises.CHECKS["mi_from_trips"].cases.__wrapped__()
    assert all(np.array_equal(x.args[0], y.args[0]) for x, y in zip(a, b))
