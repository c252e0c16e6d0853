"""The definitions chapter's checks (H, H(Y|X), I(X;Y|Z) of data, the quantised exponential, the binary
symmetric channel): right answers pass, common mistakes get the right hint, nothing that does not compute
scores, and the infolib functions that would hand out the answer are refused."""
import math
from collections import Counter

import numpy as np
import pytest
from scipy.stats import expon

from infolib import exercises


def h_y_given_x(pxy):
    # written here from the definition, row by row, independently of infolib
    total = 0.0
    for row in np.asarray(pxy):
        px = row.sum()
        for v in row:
            if v > 0:
                total -= v * math.log2(v / px)
    return total


def swapped(pxy):
    return h_y_given_x(np.asarray(pxy).T)


def in_nats(pxy):
    return h_y_given_x(pxy) * math.log(2)


def in_log10(pxy):
    return h_y_given_x(pxy) * math.log10(2)


def no_zero_skip(pxy):
    px = pxy.sum(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        return float(-np.sum(pxy * np.log2(pxy / px)))


def joint_instead(pxy):
    nz = pxy[pxy > 0]
    return float(-np.sum(nz * np.log2(nz)))


def marginal_instead(pxy):
    py = pxy.sum(axis=0)
    py = py[py > 0]
    return float(-np.sum(py * np.log2(py)))


def wrong_sign(pxy):
    return -h_y_given_x(pxy)


def stub(pxy):
    raise NotImplementedError


def test_reference_passes(capsys):
    exercises.check_conditional_entropy(h_y_given_x)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


@pytest.mark.parametrize("fn, words", [
    (swapped, "H(X|Y), with the roles of X and Y swapped"),
    (in_nats, "in nats"),
    (in_log10, "base 10"),
    (no_zero_skip, "0·log 0"),
    (joint_instead, "joint entropy H(X, Y)"),
    (marginal_instead, "this is H(Y)"),
    (wrong_sign, "never negative"),
    (stub, "not written yet"),
])
def test_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("conditional_entropy", fn)
    assert not verdict.passed and verdict.message.startswith("✗")
    assert words in verdict.message


def test_cases_are_varied():
    cases = exercises.CHECKS["conditional_entropy"].cases()
    tables = [c.args[0] for c in cases]
    assert len(tables) >= 10
    assert any(t.shape[0] != t.shape[1] for t in tables)
    assert any((t.sum(axis=1) == 0).any() for t in tables), "a row of zeros"
    assert all(abs(t.sum() - 1) < 1e-12 for t in tables)
    # at least one table where swapping X and Y changes the answer, early enough to be reported
    assert any(abs(h_y_given_x(t) - swapped(t)) > 0.05 for t in tables[:3])


def test_reference_values_are_plain_numbers_to_the_learner():
    # the hints' extra data rides on the expected value, never on what the learner sees
    verdict = exercises.evaluate("conditional_entropy", lambda pxy: 0.123)
    assert not verdict.passed and "0.123" in verdict.message


# --- the entropy exercise: H(p) in bits -------------------------------------------------------

def entropy_bits(p):
    # plain Python from the definition, independently of infolib
    return -sum(v * math.log2(v) for v in np.asarray(p, dtype=float) if v > 0)


def entropy_no_zero_skip(p):
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log2(p)))


def entropy_missing_minus(p):
    return -entropy_bits(p)


def entropy_in_nats(p):
    return entropy_bits(p) * math.log(2)


def entropy_in_log10(p):
    return entropy_bits(p) * math.log10(2)


def entropy_minus_log_n(p):
    # the mistake DESIGN.md warns about: a uniform entropy given as "-log n"
    return -math.log2(len(p))


def test_entropy_reference_passes(capsys):
    exercises.check_entropy(entropy_bits)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


@pytest.mark.parametrize("fn, words", [
    (entropy_no_zero_skip, "0·log 0"),
    (entropy_missing_minus, "the sign is wrong"),
    (entropy_in_nats, "in nats"),
    (entropy_in_log10, "base 10"),
    (entropy_minus_log_n, "the sign is wrong"),
    (stub, "not written yet"),
])
def test_entropy_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("entropy", fn)
    assert not verdict.passed and verdict.message.startswith("✗")
    assert words in verdict.message


def test_entropy_cases_cover_zeros_and_large_alphabets():
    pmfs = [c.args[0] for c in exercises.CHECKS["entropy"].cases()]
    assert len(pmfs) >= 8
    assert sum((p == 0).any() for p in pmfs) >= 3
    assert max(p.size for p in pmfs) > 1000
    assert all(abs(p.sum() - 1) < 1e-12 and (p >= 0).all() for p in pmfs)


# --- every check of the chapter: nothing that does not compute scores ----------------------------

CHAPTER_CHECKS = ["entropy", "conditional_entropy", "cmi_from_data", "quantised_exponential_entropy",
                  "bsc_information"]


def stub_any(*args):
    raise NotImplementedError


def raises(*args):
    raise ValueError("broken")


@pytest.mark.parametrize("name", CHAPTER_CHECKS)
@pytest.mark.parametrize("fn", [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, lambda *a: float("nan"),
                                lambda *a: float("inf"), raises, lambda *a: float(np.sum(a[0]))],
                         ids=["zero", "one", "half", "nan", "inf", "raises", "input"])
def test_nothing_that_does_not_compute_scores(name, fn):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0 and verdict.max_points >= 2


@pytest.mark.parametrize("name, stars", [("entropy", 1), ("conditional_entropy", 2),
                                         ("cmi_from_data", 2), ("quantised_exponential_entropy", 3),
                                         ("bsc_information", 2)])
def test_points_follow_the_stars(name, stars):
    assert exercises.CHECKS[name].points == {1: 2, 2: 3, 3: 5}[stars]


# --- I(X;Y|Z) of a data table (columns x, y, z) -------------------------------------------------

def cmi_counting(data):
    # plain Python from the definition: counts of the triples and of the pairs (x, z), (y, z)
    rows = [tuple(int(v) for v in r) for r in np.asarray(data)]
    n = len(rows)
    n_xyz = Counter(rows)
    n_xz, n_yz = Counter((x, z) for x, y, z in rows), Counter((y, z) for x, y, z in rows)
    n_z = Counter(z for x, y, z in rows)
    return sum(c / n * math.log2(c * n_z[z] / (n_xz[x, z] * n_yz[y, z])) for (x, y, z), c in n_xyz.items())


def mi_counting(pairs):
    pairs = [tuple(p) for p in pairs]
    n = len(pairs)
    n_xy, n_x, n_y = Counter(pairs), Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    return sum(c / n * math.log2(c * n / (n_x[a] * n_y[b])) for (a, b), c in n_xy.items())


def cmi_ignores_z(data):
    return mi_counting([(int(x), int(y)) for x, y, _ in data])


def cmi_with_the_pair(data):
    return mi_counting([(int(x), (int(y), int(z))) for x, y, z in data])


def cmi_unweighted(data):
    zs = sorted(set(data[:, 2].tolist()))
    return float(np.mean([cmi_ignores_z(data[data[:, 2] == z]) for z in zs]))


def cmi_wrong_condition(data):
    return cmi_counting(data[:, [0, 2, 1]])


def cmi_in_nats(data):
    return cmi_counting(data) * math.log(2)


def test_cmi_reference_passes(capsys):
    exercises.check_cmi_from_data(cmi_counting)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "3 of 3 points" in out


@pytest.mark.parametrize("fn, words", [
    (cmi_ignores_z, "this is I(X;Y), the information of the pairs"),
    (cmi_with_the_pair, "I(X; Y,Z)"),
    (cmi_unweighted, "weight each value of z by its frequency"),
    (cmi_wrong_condition, "this is I(X;Z|Y)"),
    (cmi_in_nats, "in nats"),
    (stub, "not written yet"),
])
def test_cmi_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("cmi_from_data", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_cmi_cases_are_fresh_data_with_edge_cases():
    tables = [c.args[0] for c in exercises.CHECKS["cmi_from_data"].cases()]
    values = [cmi_counting(t) for t in tables]
    assert any(len(t) == 1 for t in tables) and max(len(t) for t in tables) >= 5000
    assert any(len(set(t[:, 2].tolist())) == 1 for t in tables), "one value of z"
    assert any(t.min() < 0 or len(set(t[:, 0].tolist())) < t[:, 0].max() + 1 for t in tables), \
        "labels that are not 0, 1, 2, ..."
    assert math.isclose(values[1], 1.0), "the XOR table"
    assert sum(abs(v) > 0.01 and abs(v - 1) > 0.01 for v in values) >= 4
    assert len({round(v, 6) for v in values}) >= len(values) - 1
    # the notebook's dataset story: x and y depend on z only, so I(X;Y|Z) is far below I(X;Y)
    umbrella = tables[5]
    assert len(umbrella) == 5000
    assert cmi_ignores_z(umbrella) > 20 * cmi_counting(umbrella)


def test_cmi_may_not_call_infolib():
    import infolib

    def through_infolib(data):
        shifted = data - data.min(axis=0)
        table = np.zeros(tuple(shifted.max(axis=0) + 1))
        np.add.at(table, tuple(shifted.T), 1.0)
        return infolib.conditional_mutual_information(table, normalize=True)

    verdict = exercises.evaluate("cmi_from_data", through_infolib)
    assert verdict.points == 0 and "infolib.conditional_mutual_information" in verdict.message
    verdict = exercises.evaluate("cmi_from_data", lambda d: infolib.estimators.plugin_mutual_information(
        d[:, 0], d[:, 1]))
    assert verdict.points == 0 and "infolib.estimators.plugin_mutual_information" in verdict.message


# --- the exact entropy of a quantised exponential -----------------------------------------------

def cells_brute_force(rate, width):
    # the cell probabilities from the survival function e^(-λx), summed until the tail is negligible
    rate, width = float(rate), float(width)
    k = np.arange(int(60 / (rate * width)) + 2)
    p = expon(scale=1 / rate).sf(k * width) - expon(scale=1 / rate).sf((k + 1) * width)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def cells_small_cell_approximation(rate, width):
    return math.log2(math.e / (rate * width))           # h(X) - log2 Δ


def cells_rate_as_mean(rate, width):
    return cells_brute_force(1 / rate, width)


def cells_mean_off_by_one(rate, width):
    q = math.exp(-rate * width)
    return -math.log2(1 - q) - 1 / (1 - q) * math.log2(q)


def cells_first_question_only(rate, width):
    q = math.exp(-rate * width)
    return -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def cells_density_times_width(rate, width):
    k = np.arange(int(60 / (rate * width)) + 2)
    p = rate * width * np.exp(-rate * width * k)
    return float(-np.sum(p * np.log2(p)))


def cells_in_nats(rate, width):
    return cells_brute_force(rate, width) * math.log(2)


def test_quantised_exponential_reference_passes(capsys):
    exercises.check_quantised_exponential_entropy(cells_brute_force)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "5 of 5 points" in out


@pytest.mark.parametrize("fn, words", [
    (cells_small_cell_approximation, "small-cell approximation"),
    (cells_rate_as_mean, "treats λ as the mean"),
    (cells_mean_off_by_one, "off by one"),
    (cells_first_question_only, "first cell's yes/no question"),
    (cells_density_times_width, "density × width"),
    (cells_in_nats, "in nats"),
    (stub_any, "not written yet"),
])
def test_quantised_exponential_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("quantised_exponential_entropy", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_quantised_exponential_cases_are_a_grid():
    cases = exercises.CHECKS["quantised_exponential_entropy"].cases()
    values = [cells_brute_force(*c.args) for c in cases]
    t = [float(c.args[0] * c.args[1]) for c in cases]
    assert min(t) < 0.01 and max(t) > 10 and len(cases) >= 8
    assert any(float(c.args[0]) != 1 for c in cases[:2]), "λ ≠ 1 early, so λ and 1/λ differ"
    assert sum(abs(v) > 0.01 and abs(v - 1) > 0.01 for v in values) >= 6
    # the limit the exercise text talks about: H(X_Δ) + log2 Δ → h(X) = log2(e / λ)
    assert abs(cells_brute_force(2.0, 1e-4) + math.log2(1e-4) - math.log2(math.e / 2)) < 1e-6


def test_quantised_exponential_may_not_call_infolib_entropy():
    import infolib

    def through_infolib(rate, width):
        q = np.exp(-rate * width)
        return infolib.entropy((1 - q) * q ** np.arange(20000), normalize=True)

    verdict = exercises.evaluate("quantised_exponential_entropy", through_infolib)
    assert verdict.points == 0 and "infolib.entropy" in verdict.message


# --- the binary symmetric channel ----------------------------------------------------------------

def bsc_enumerated(a, eps):
    # the four cells of the table p(x, y) = p(x) p(y | x), summed from the definition of I(X;Y)
    a, eps = float(a), float(eps)
    px, py_given_x = [1 - a, a], [[1 - eps, eps], [eps, 1 - eps]]
    py = [sum(px[x] * py_given_x[x][y] for x in (0, 1)) for y in (0, 1)]
    return sum(px[x] * py_given_x[x][y] * math.log2(py_given_x[x][y] / py[y])
               for x in (0, 1) for y in (0, 1) if px[x] * py_given_x[x][y] > 0)


def h2(p):
    return entropy_bits([p, 1 - p])


def bsc_fair_input_formula(a, eps):
    return 1 - h2(eps)


def bsc_input_entropy(a, eps):
    return h2(a) - h2(eps)


def bsc_noise_only(a, eps):
    return h2(eps)


def bsc_output_entropy(a, eps):
    return h2(a * (1 - eps) + (1 - a) * eps)


def bsc_no_zero_skip(a, eps):
    def h(p):
        with np.errstate(all="ignore"):
            return float(-p * np.log2(p) - (1 - p) * np.log2(1 - p))
    return h(a * (1 - eps) + (1 - a) * eps) - h(eps)


def bsc_in_nats(a, eps):
    return bsc_enumerated(a, eps) * math.log(2)


def test_bsc_reference_passes(capsys):
    exercises.check_bsc_information(bsc_enumerated)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "3 of 3 points" in out


@pytest.mark.parametrize("fn, words", [
    (bsc_fair_input_formula, "information for a fair input bit"),
    (bsc_input_entropy, "this is H(X) − H(Y|X)"),
    (bsc_noise_only, "this is H(Y|X) = h2(ε)"),
    (bsc_output_entropy, "this is H(Y), the entropy of the output"),
    (bsc_no_zero_skip, "0·log 0"),
    (bsc_in_nats, "in nats"),
    (stub_any, "not written yet"),
])
def test_bsc_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("bsc_information", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_bsc_cases_cover_the_edges():
    cases = exercises.CHECKS["bsc_information"].cases()
    args = [(float(a), float(e)) for a, e in (c.args for c in cases)]
    values = [bsc_enumerated(a, e) for a, e in args]
    assert {0.0, 0.5, 1.0} <= {e for _, e in args} and 0.0 in {a for a, _ in args}
    assert sum(abs(v) > 0.01 and abs(v - 1) > 0.01 for v in values) >= 6
    assert args[0][0] == 0.5 and args[1][0] != 0.5, "a biased input early, to tell it from a fair one"


def test_bsc_may_not_call_infolib():
    import infolib

    def through_infolib(a, eps):
        return infolib.mutual_information(np.outer([1 - a, a], [1, 1]) * [[1 - eps, eps], [eps, 1 - eps]])

    verdict = exercises.evaluate("bsc_information", through_infolib)
    assert verdict.points == 0 and "infolib.mutual_information" in verdict.message
