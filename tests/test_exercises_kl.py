"""The KL divergence exercise check: the right answer passes, plausible wrong ones fail with a hint."""
import math

import numpy as np
import pytest

import infolib
from infolib import exercises


def kl_reference(p, q):
    # written here from the definition, independently of infolib
    total = 0.0
    for a, b in zip(p, q):
        if a > 0:
            if b == 0:
                return math.inf
            total += a * math.log2(a / b)
    return total


def kl_swapped(p, q):
    return kl_reference(q, p)


def kl_nats(p, q):
    return kl_reference(p, q) * math.log(2)


def kl_log10(p, q):
    return kl_reference(p, q) * math.log10(2)


def kl_no_zero_skip(p, q):
    with np.errstate(all="ignore"):
        return float(np.sum(p * np.log2(p / q)))


def kl_nan_for_infinite(p, q):
    mask = p > 0
    if np.any(q[mask] == 0):
        return float("nan")
    return float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))


def kl_ignores_q_zero(p, q):
    mask = (p > 0) & (q > 0)
    return float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))


def kl_weighted_by_q(p, q):
    mask = (p > 0) & (q > 0)
    return float(np.sum(q[mask] * np.log2(p[mask] / q[mask])))


def test_reference_passes(capsys):
    exercises.check_kl_divergence(kl_reference)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


def test_scipy_passes():
    from scipy.stats import entropy
    assert exercises.evaluate("kl_divergence", lambda p, q: entropy(p, q, base=2)).passed


@pytest.mark.parametrize("fn, words", [
    (kl_swapped, "arguments are swapped"),
    (kl_nats, "in nats"),
    (kl_log10, "base 10"),
    (kl_no_zero_skip, "0·log 0"),
    (kl_nan_for_infinite, "Return np.inf"),
    (kl_ignores_q_zero, "Return np.inf"),
    (kl_weighted_by_q, "never negative"),
])
def test_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("kl_divergence", fn)
    assert not verdict.passed and verdict.message.startswith("✗")
    assert words in verdict.message


def test_message_shows_both_pmfs():
    verdict = exercises.evaluate("kl_divergence", kl_swapped)
    assert "q = [" in verdict.message and "p = [" in verdict.message


def test_cases_cover_the_edges():
    cases = exercises.CHECKS["kl_divergence"].cases()
    pairs = [c.args for c in cases]
    assert any(np.any((p > 0) & (q == 0)) for p, q in pairs), "an infinite divergence"
    assert any(np.any(p == 0) for p, q in pairs), "zeros in p"
    assert any(np.array_equal(p, q) for p, q in pairs), "equal pmfs"
    assert any(p.size == 1 for p, q in pairs), "a single outcome"
    assert all(abs(p.sum() - 1) < 1e-12 and abs(q.sum() - 1) < 1e-12 for p, q in pairs)
    assert len({p.size for p, q in pairs}) >= 4


# --- shared: what no exercise may reward ------------------------------------------------------

def _raises(*args):
    raise RuntimeError("broken")


NON_ANSWERS = [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, _raises,
               lambda *a: float(np.sum(a[0])), lambda *a: float("nan"), lambda *a: math.inf]


@pytest.mark.parametrize("name", ["kl_divergence", "js_divergence", "kl_monte_carlo",
                                  "kl_gaussian_laplace", "erasure_information"])
@pytest.mark.parametrize("fn", NON_ANSWERS, ids=["zero", "one", "half", "raises", "input", "nan", "inf"])
def test_non_answers_score_nothing(name, fn):
    verdict = exercises.evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0


def test_points_match_the_stars():
    assert {n: exercises.CHECKS[n].points for n in
            ["kl_divergence", "js_divergence", "kl_monte_carlo", "kl_gaussian_laplace",
             "erasure_information"]} == {
        "kl_divergence": 3, "js_divergence": 2, "kl_monte_carlo": 3, "kl_gaussian_laplace": 5,
        "erasure_information": 3}


# --- the Jensen–Shannon divergence ------------------------------------------------------------

def js_reference(p, q):
    # from the definition, with the average m, in plain Python
    m = [(a + b) / 2 for a, b in zip(p, q)]
    return 0.5 * kl_reference(p, m) + 0.5 * kl_reference(q, m)


def js_via_entropies(p, q):
    # the same number another way: JS = H(m) - (H(p) + H(q)) / 2
    def h(v):
        return -sum(a * math.log2(a) for a in v if a > 0)
    return h([(a + b) / 2 for a, b in zip(p, q)]) - (h(p) + h(q)) / 2


def js_no_half(p, q):
    return 2 * js_reference(p, q)


def js_one_side(p, q):
    return kl_reference(p, (p + q) / 2)


def js_sum_not_average(p, q):
    return 0.5 * kl_reference(p, p + q) + 0.5 * kl_reference(q, p + q)


def js_symmetrised_kl(p, q):
    return 0.5 * kl_reference(p, q) + 0.5 * kl_reference(q, p)


def js_nats(p, q):
    return js_reference(p, q) * math.log(2)


def js_no_zero_skip(p, q):
    m = (p + q) / 2
    with np.errstate(all="ignore"):
        return float(0.5 * np.sum(p * np.log2(p / m)) + 0.5 * np.sum(q * np.log2(q / m)))


@pytest.mark.parametrize("fn", [js_reference, js_via_entropies])
def test_js_right_answers_pass(fn, capsys):
    exercises.check_js_divergence(fn)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "2 of 2 points." in out


def test_js_scipy_passes():
    from scipy.spatial.distance import jensenshannon
    assert exercises.evaluate("js_divergence", lambda p, q: jensenshannon(p, q, base=2) ** 2).passed


@pytest.mark.parametrize("fn, words", [
    (js_no_half, "twice JS"),
    (js_one_side, "KL(p ‖ m) alone"),
    (js_sum_not_average, "p + q (which sums to 2) is not a pmf"),
    (js_symmetrised_kl, "symmetrised KL"),
    (js_nats, "in nats"),
    (js_no_zero_skip, "0·log 0"),
])
def test_js_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("js_divergence", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_js_infinite_answers_are_told_js_is_finite():
    # where q = 0 < p the symmetrised KL is infinite: that failure says JS is always finite
    verdict = exercises.evaluate("js_divergence", js_symmetrised_kl)
    assert any("JS is always finite" in f for f in verdict.failures)


def test_js_cases_cover_the_edges():
    pairs = [c.args for c in exercises.CHECKS["js_divergence"].cases()]
    values = [js_reference(p, q) for p, q in pairs]
    assert any(np.all(p * q == 0) for p, q in pairs), "disjoint supports (1 bit)"
    assert any(np.any((p > 0) & (q == 0)) for p, q in pairs), "q = 0 < p"
    assert any(p.size == 1 for p, q in pairs) and any(np.array_equal(p, q) for p, q in pairs)
    assert sum(0.05 < v < 0.95 for v in values) >= 5 and len({round(v, 6) for v in values}) >= 7


@pytest.mark.parametrize("fn, name", [
    (lambda p, q: infolib.js_divergence(p, q), "infolib.js_divergence"),
    (lambda p, q: infolib.mutual_information(np.vstack([p, q]) / 2), "infolib.mutual_information"),
    (lambda p, q: (infolib.kl_divergence(p, (p + q) / 2) + infolib.kl_divergence(q, (p + q) / 2)) / 2,
     "infolib.kl_divergence"),
    (lambda p, q: infolib.entropy((p + q) / 2) - (infolib.entropy(p) + infolib.entropy(q)) / 2,
     "infolib.entropy"),
])
def test_js_library_answers_are_refused(fn, name):
    verdict = exercises.evaluate("js_divergence", fn)
    assert verdict.points == 0 and name in verdict.message


# --- the Monte Carlo estimate from draws of the mixture ---------------------------------------

W, M, S = (0.6, 0.4), (-2.0, 2.5), (0.7, 1.0)


def log_mix(x, sds=S):
    from scipy.stats import norm
    return np.log(sum(w * norm.pdf(x, m, s) for w, m, s in zip(W, M, sds)))


def mc_reference(x, mu, sd):
    from scipy.stats import norm
    return float(np.mean(log_mix(x) - norm.logpdf(x, mu, sd)) / math.log(2))


def mc_swapped(x, mu, sd):
    return -mc_reference(x, mu, sd)


def mc_nats(x, mu, sd):
    return mc_reference(x, mu, sd) * math.log(2)


def mc_q_sd_as_variance(x, mu, sd):
    from scipy.stats import norm
    return float(np.mean(log_mix(x) - norm.logpdf(x, mu, math.sqrt(sd))) / math.log(2))


def mc_p_sds_as_variances(x, mu, sd):
    from scipy.stats import norm
    p = log_mix(x, [math.sqrt(s) for s in S])
    return float(np.mean(p - norm.logpdf(x, mu, sd)) / math.log(2))


def mc_mixture_of_logs(x, mu, sd):
    from scipy.stats import norm
    logs = sum(w * norm.logpdf(x, m, s) for w, m, s in zip(W, M, S))
    return float(np.mean(logs - norm.logpdf(x, mu, sd)) / math.log(2))


def mc_log_of_mean(x, mu, sd):
    from scipy.stats import norm
    return float(np.log2(np.mean(np.exp(log_mix(x) - norm.logpdf(x, mu, sd)))))


def mc_exact_instead(x, mu, sd):
    # the true divergence by quadrature, not the estimate from these draws
    from scipy.integrate import quad
    from scipy.stats import norm

    def f(t):
        lp = float(log_mix(np.array([t]))[0])
        return math.exp(lp) * (lp - norm.logpdf(t, mu, sd))
    return sum(quad(f, a, b, limit=200)[0] for a, b in [(-12, 0.25), (0.25, 14)]) / math.log(2)


def test_mc_reference_passes(capsys):
    exercises.check_kl_monte_carlo(mc_reference)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "3 of 3 points." in out


@pytest.mark.parametrize("fn, words", [
    (mc_swapped, "minus the estimate"),
    (mc_nats, "in nats"),
    (mc_q_sd_as_variance, "q's sd was used as a variance"),
    (mc_p_sds_as_variances, "the mixture's sds were used as variances"),
    (mc_mixture_of_logs, "the log of a mixture"),
    (mc_log_of_mean, "log2 of the average ratio"),
])
def test_mc_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("kl_monte_carlo", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_mc_the_exact_divergence_is_not_the_estimate():
    verdict = exercises.evaluate("kl_monte_carlo", mc_exact_instead)
    assert not verdict.passed and verdict.points == 0


def test_mc_cases_are_fresh_draws_of_several_sizes():
    cases = exercises.CHECKS["kl_monte_carlo"].cases()
    sizes = [c.args[0].size for c in cases]
    assert 1 in sizes and max(sizes) >= 10_000 and len(set(sizes)) >= 5
    assert len({(c.args[1], c.args[2]) for c in cases}) >= 5
    values = [mc_reference(*c.args) for c in cases]
    assert any(v < 0 for v in values), "an estimate can be negative"
    assert len({round(v, 6) for v in values}) == len(values)
    # the big sample's estimate is near the quadrature value of its q
    big = max(cases, key=lambda c: c.args[0].size)
    assert abs(mc_reference(*big.args) - mc_exact_instead(*big.args)) < 0.05


@pytest.mark.parametrize("fn, name", [
    (lambda x, mu, sd: float(np.mean(infolib.GaussianMixture(W, M, S).logpdf(x)
                                     - infolib.GaussianMixture.gaussian(mu, sd).logpdf(x))) / math.log(2),
     "infolib.GaussianMixture.logpdf"),
    (lambda x, mu, sd: infolib.kl_from_samples(log_mix(x), -0.5 * ((x - mu) / sd) ** 2
                                               - math.log(sd * math.sqrt(2 * math.pi))),
     "infolib.kl_from_samples"),
    (lambda x, mu, sd: infolib.mixture_kl_divergence(infolib.GaussianMixture(W, M, S), (mu, sd)),
     "infolib.mixture_kl_divergence"),
])
def test_mc_library_answers_are_refused(fn, name):
    verdict = exercises.evaluate("kl_monte_carlo", fn)
    assert verdict.points == 0 and name in verdict.message


def test_mc_fixed_mixture_is_the_chapters():
    mix = infolib.GaussianMixture(W, M, S)
    assert exercises.kl.MIX_WEIGHTS == W and exercises.kl.MIX_MEANS == M and exercises.kl.MIX_SDS == S
    assert abs(mix.mean() - (0.6 * -2.0 + 0.4 * 2.5)) < 1e-12


# --- D_KL(N(mu, sd²) ‖ Laplace(0, b)), derived on paper ----------------------------------------

def laplace_by_quadrature(mu, sd, b):
    # numerical integration of q log(q / p), independently of the closed form
    from scipy.integrate import quad
    from scipy.stats import laplace, norm
    mu, sd, b = float(mu), float(sd), float(b)

    def f(x):
        lq = norm.logpdf(x, mu, sd)
        return math.exp(lq) * (lq - laplace.logpdf(x, 0.0, b))
    pieces = sorted({mu - 12 * sd, min(max(0.0, mu - 12 * sd), mu + 12 * sd), mu + 12 * sd})
    total = sum(quad(f, a, c, limit=200, epsabs=1e-13, epsrel=1e-12)[0]
                for a, c in zip(pieces, pieces[1:]))
    return total / math.log(2)


def laplace_closed_form(mu, sd, b):
    from scipy.stats import norm
    mean_abs = sd * math.sqrt(2 / math.pi) * math.exp(-mu**2 / (2 * sd**2)) + mu * (
        1 - 2 * norm.cdf(-mu / sd))
    return (-0.5 * math.log(2 * math.pi * math.e * sd**2) + math.log(2 * b) + mean_abs / b) / math.log(2)


def laplace_abs_mu(mu, sd, b):
    return (-0.5 * math.log(2 * math.pi * math.e * sd**2) + math.log(2 * b) + abs(mu) / b) / math.log(2)


def laplace_centred(mu, sd, b):
    return laplace_closed_form(0.0 * mu, sd, b)


def laplace_cross_entropy(mu, sd, b):
    return laplace_closed_form(mu, sd, b) + 0.5 * math.log2(2 * math.pi * math.e * sd**2)


def laplace_forward(mu, sd, b):
    # D_KL(Laplace(0, b) ‖ N(mu, sd²)): E_p[(X - mu)²] = 2b² + mu², h(Laplace) = 1 + ln 2b
    return (-(1 + math.log(2 * b)) + 0.5 * math.log(2 * math.pi * sd**2)
            + (2 * b**2 + mu**2) / (2 * sd**2)) / math.log(2)


def laplace_nats(mu, sd, b):
    return laplace_closed_form(mu, sd, b) * math.log(2)


def laplace_sd_as_variance(mu, sd, b):
    return laplace_closed_form(mu, math.sqrt(sd), b)


def test_laplace_closed_form_agrees_with_quadrature():
    for case in exercises.CHECKS["kl_gaussian_laplace"].cases():
        assert abs(laplace_closed_form(*case.args) - laplace_by_quadrature(*case.args)) < 1e-8


@pytest.mark.parametrize("fn", [laplace_closed_form, laplace_by_quadrature])
def test_laplace_right_answers_pass(fn, capsys):
    exercises.check_kl_gaussian_laplace(fn)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "5 of 5 points." in out


@pytest.mark.parametrize("fn, words", [
    (laplace_abs_mu, "E|X| is not |mu|"),
    (laplace_centred, "only when mu = 0"),
    (laplace_cross_entropy, "cross entropy"),
    (laplace_forward, "the other direction"),
    (laplace_nats, "in nats"),
    (laplace_sd_as_variance, "sd was used as a variance"),
])
def test_laplace_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("kl_gaussian_laplace", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message


def test_laplace_cases_include_the_best_sd_and_vary():
    cases = exercises.CHECKS["kl_gaussian_laplace"].cases()
    args = [tuple(float(a) for a in c.args) for c in cases]
    assert (0.0, math.sqrt(math.pi / 2), 1.0) in args, "the minimiser over sd for mu = 0, b = 1"
    values = [laplace_closed_form(*a) for a in args]
    assert min(values) > 0 and sum(abs(v - 1) > 0.05 for v in values) >= 8
    assert len({round(v, 6) for v in values}) == len(values)
    assert any(a[0] < 0 for a in args) and any(a[0] > 0 for a in args)


def test_laplace_check_code_is_refused():
    fn = lambda mu, sd, b: exercises.CHECKS["kl_gaussian_laplace"].reference(mu, sd, b)  # noqa: E731
    verdict = exercises.evaluate("kl_gaussian_laplace", fn)
    assert verdict.points == 0 and "infolib.exercises" in verdict.message


# --- the erasure channel, derived on paper ---------------------------------------------------

def erasure_by_enumeration(a, e):
    # the joint pmf of (X, Y), Y in {0, 1, ?}, and D_KL(joint ‖ product) summed in plain Python
    a, e = float(a), float(e)
    px = [1 - a, a]
    joint = [[px[0] * (1 - e), 0.0, px[0] * e], [0.0, px[1] * (1 - e), px[1] * e]]
    py = [joint[0][j] + joint[1][j] for j in range(3)]
    return sum(v * math.log2(v / (px[i] * py[j]))
               for i, row in enumerate(joint) for j, v in enumerate(row) if v > 0)


def h2(a):
    return 0.0 if a in (0, 1) else -(a * math.log2(a) + (1 - a) * math.log2(1 - a))


def erasure_closed_form(a, e):
    return (1 - e) * h2(float(a))


def erasure_no_erasure(a, e):
    return h2(float(a))


def erasure_fair_input(a, e):
    return 1 - float(e)


def erasure_swapped(a, e):
    return float(e) * h2(float(a))


def erasure_bsc(a, e):
    return h2(float(a)) - h2(float(e))


def erasure_nats(a, e):
    return erasure_closed_form(a, e) * math.log(2)


def erasure_no_zero_skip(a, e):
    a = float(a)
    with np.errstate(all="ignore"):
        return float((1 - e) * -(a * np.log2(a) + (1 - a) * np.log2(1 - a)))


def erasure_output_entropy(a, e):
    return h2(float(e)) + erasure_closed_form(a, e)


@pytest.mark.parametrize("fn", [erasure_by_enumeration, erasure_closed_form])
def test_erasure_right_answers_pass(fn, capsys):
    exercises.check_erasure_information(fn)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "3 of 3 points." in out


@pytest.mark.parametrize("fn, words", [
    (erasure_no_erasure, "this is H(X), what Y would tell"),
    (erasure_fair_input, "right only for a fair input bit"),
    (erasure_swapped, "weights H(X) by e"),
    (erasure_bsc, "a channel that flips bits"),
    (erasure_nats, "in nats"),
    (erasure_no_zero_skip, "0·log 0"),
    (erasure_output_entropy, "this is H(Y)"),
])
def test_erasure_wrong_answers_fail_with_the_right_hint(fn, words):
    verdict = exercises.evaluate("erasure_information", fn)
    assert not verdict.passed and verdict.points == 0
    assert words in verdict.message or any(words in f for f in verdict.failures)


def test_erasure_cases_cover_the_edges():
    args = [tuple(float(v) for v in c.args) for c in exercises.CHECKS["erasure_information"].cases()]
    assert any(e == 0 for a, e in args) and any(e == 1 for a, e in args)
    assert any(a in (0.0, 1.0) for a, e in args) and any(a == 0.5 for a, e in args)
    values = [erasure_by_enumeration(*x) for x in args]
    assert sum(0.05 < v < 0.95 for v in values) >= 8


@pytest.mark.parametrize("fn, name", [
    (lambda a, e: infolib.mutual_information(np.array([[(1 - a) * (1 - e), 0, (1 - a) * e],
                                                       [0, a * (1 - e), a * e]])),
     "infolib.mutual_information"),
    (lambda a, e: (1 - e) * infolib.entropy(np.array([1 - a, a])), "infolib.entropy"),
])
def test_erasure_library_answers_are_refused(fn, name):
    verdict = exercises.evaluate("erasure_information", fn)
    assert verdict.points == 0 and name in verdict.message
