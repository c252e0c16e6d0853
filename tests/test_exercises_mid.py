"""The information-per-spike check: right answers pass, plausible wrong answers fail with their hint."""
import math

import numpy as np

from infolib import exercises


def info_reference(x, spikes, bins=25, span=5.0):
    # written here from the definition, independently of infolib
    x = np.asarray(x, float)
    z = (x - x.mean()) / x.std()
    h = 2 * span / (bins - 1)
    b = np.rint((np.clip(z, -span, span) + span) / h).astype(int)
    p = np.bincount(b, minlength=bins) / len(x)
    q = np.bincount(b, weights=spikes, minlength=bins) / spikes.sum()
    keep = q > 0
    return float(np.sum(q[keep] * np.log2(q[keep] / p[keep])))


def info_loop(x, spikes):
    # a plain-python version with nearest-centre assignment by search, not by rounding
    centres = [-5.0 + 10.0 * b / 24 for b in range(25)]
    mean = sum(x) / len(x)
    sd = math.sqrt(sum((v - mean) ** 2 for v in x) / len(x))
    frames, spk = [0] * 25, [0.0] * 25
    for v, n in zip(x, spikes):
        z = (v - mean) / sd
        b = min(range(25), key=lambda i: abs(centres[i] - z))
        frames[b] += 1
        spk[b] += n
    total = sum(spk)
    return sum(s / total * math.log2((s / total) / (f / len(x))) for s, f in zip(spk, frames) if s > 0)


def info_nats(x, spikes):
    return info_reference(x, spikes) * math.log(2)


def info_unweighted(x, spikes):
    return info_reference(x, (spikes > 0).astype(float))


def info_min_max(x, spikes):
    edges = np.linspace(x.min(), x.max(), 26)
    p = np.histogram(x, edges)[0] / len(x)
    q = np.histogram(x, edges, weights=spikes)[0] / spikes.sum()
    keep = q > 0
    return float(np.sum(q[keep] * np.log2(q[keep] / p[keep])))


def info_reversed(x, spikes):
    z = (x - x.mean()) / x.std()
    b = np.rint((np.clip(z, -5, 5) + 5) / (10 / 24)).astype(int)
    p = np.bincount(b, minlength=25) / len(x)
    q = np.bincount(b, weights=spikes, minlength=25) / spikes.sum()
    keep = (p > 0) & (q > 0)
    return float(np.sum(p[keep] * np.log2(p[keep] / q[keep])))


def info_no_skip(x, spikes):  # forgets 0·log 0 = 0
    z = (x - x.mean()) / x.std()
    b = np.rint((np.clip(z, -5, 5) + 5) / (10 / 24)).astype(int)
    p = np.bincount(b, minlength=25) / len(x)
    q = np.bincount(b, weights=spikes, minlength=25) / spikes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(q * np.log2(q / p)))


def _run(capsys, fn):
    exercises.check_info_per_spike(fn)
    return capsys.readouterr().out


def test_reference_passes(capsys):
    out = _run(capsys, info_reference)
    assert out.startswith("✓") and "correct on all" in out


def test_plain_python_version_passes(capsys):
    assert _run(capsys, info_loop).startswith("✓")


def test_wrong_answers_fail_with_their_hint(capsys):
    for fn, hint in [(info_nats, "in nats"), (info_unweighted, "once per spike"),
                     (info_min_max, "fix the grid in standard deviations"),
                     (info_reversed, "wrong way round"), (info_no_skip, "nan or inf")]:
        out = _run(capsys, fn)
        assert out.startswith("✗"), fn.__name__
        assert hint in out, (fn.__name__, out)


def test_first_case_is_two_bits(capsys):
    # one spike in the frame alone in its bin, which holds a quarter of the frames: log2 4 = 2
    out = _run(capsys, lambda x, s: 2.0)
    assert "1 of 6 test inputs right" in out


def test_not_implemented_and_crash(capsys):
    def stub(x, spikes):
        raise NotImplementedError
    assert "not written yet" in _run(capsys, stub)
    out = _run(capsys, lambda x, spikes: x[len(x) + 1])
    assert out.startswith("✗") and "raised IndexError" in out


# ---------------------------------------------------------------------------
# the checks added for issue 13: answers written here independently of infolib
# ---------------------------------------------------------------------------
import pytest

import infolib
from infolib.exercises import evaluate


def _phi(z):
    return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def _sf(z):
    return 0.5 * math.erfc(z / math.sqrt(2))


def sta_length(theta, sigma):                      # σ φ(θ) / (1 − Φ(θ)), the inverse Mills ratio
    return sigma * _phi(theta) / _sf(theta)


def two_level_info(theta, a, b):
    pi = [_sf(theta), 1 - _sf(theta)]
    p = a * pi[0] + b * pi[1]
    return sum(w * (r / p) * math.log2(r / p) for w, r in zip(pi, (a, b)) if r > 0)


def dsta_cosine(k, stimuli, spikes):
    centred = stimuli - stimuli.mean(axis=0)
    sta = spikes @ centred / spikes.sum()
    dsta = np.linalg.lstsq(centred.T @ centred, sta, rcond=None)[0]   # the same as C⁻¹·STA
    return float(dsta @ k / math.sqrt((dsta @ dsta) * (k @ k)))


def mid_angle(angles, stimuli, spikes):
    best, best_info = None, -1.0
    for t in angles:
        r = math.radians(t)
        x = stimuli[:, 0] * math.cos(r) + stimuli[:, 1] * math.sin(r)
        info = info_reference(x, spikes)
        if info > best_info:
            best, best_info = t, info
    return float(best)


def _fails_with(name, fn, words):
    verdict = evaluate(name, fn)
    assert not verdict.passed and verdict.points == 0, (name, str(verdict))
    # the hint is on the first failing input, or (when a case's wrong answers coincide) a later one
    assert words in str(verdict) + "\n".join(verdict.failures), (name, words, str(verdict))


def _sta_no_division(theta, sigma):
    return sigma * _phi(theta)


def _sta_no_sigma(theta, sigma):
    return _phi(theta) / _sf(theta)


def _sta_below(theta, sigma):
    return sigma * _phi(theta) / (1 - _sf(theta))


def _two_level_nats(theta, a, b):
    return two_level_info(theta, a, b) * math.log(2)


def _two_level_above_only(theta, a, b):
    pi = _sf(theta)
    p = a * pi + b * (1 - pi)
    return pi * (a / p) * math.log2(a / p) if a > 0 else 0.0


def _two_level_per_frame(theta, a, b):
    def h(x):
        return -sum(y * math.log2(y) for y in (x, 1 - x) if y > 0)
    pi = _sf(theta)
    return h(a * pi + b * (1 - pi)) - pi * h(a) - (1 - pi) * h(b)


def _dsta_raw(k, stimuli, spikes):
    sta = spikes @ (stimuli - stimuli.mean(axis=0)) / spikes.sum()
    return float(sta @ k / np.linalg.norm(sta) / np.linalg.norm(k))


def _dsta_no_mean(k, stimuli, spikes):
    centred = stimuli - stimuli.mean(axis=0)
    dsta = np.linalg.solve(centred.T @ centred, spikes @ stimuli / spikes.sum())
    return float(dsta @ k / np.linalg.norm(dsta) / np.linalg.norm(k))


def _dsta_absolute(k, stimuli, spikes):
    return abs(dsta_cosine(k, stimuli, spikes))


def _mid_in_radians(angles, stimuli, spikes):
    return math.radians(mid_angle(angles, stimuli, spikes))


def _mid_index(angles, stimuli, spikes):
    return float(list(angles).index(mid_angle(angles, stimuli, spikes)))


def _mid_degrees_in_cos(angles, stimuli, spikes):   # np.cos(θ) with θ in degrees
    infos = [info_reference(stimuli @ np.array([np.cos(t), np.sin(t)]), spikes) for t in angles]
    return float(angles[int(np.argmax(infos))])


def _mid_argmin(angles, stimuli, spikes):
    infos = [info_reference(stimuli @ np.array([math.cos(math.radians(t)), math.sin(math.radians(t))]),
                            spikes) for t in angles]
    return float(angles[int(np.argmin(infos))])


def _mid_sta(angles, stimuli, spikes):
    sta = spikes @ (stimuli - stimuli.mean(axis=0)) / spikes.sum()
    target = math.degrees(math.atan2(sta[1], sta[0])) % 180
    return float(min(angles, key=lambda t: abs((t - target + 90) % 180 - 90)))


RIGHT = {"sta_length": sta_length, "two_level_info": two_level_info,
         "dsta_cosine": dsta_cosine, "mid_angle": mid_angle, "info_per_spike": info_reference}

WRONG = {
    "sta_length": [(_sta_no_division, "divide by their probability"),
                   (_sta_no_sigma, "the answer for σ = 1"), (_sta_below, "probability of *no* spike")],
    "two_level_info": [(_two_level_nats, "in nats"), (_two_level_above_only, "spikes below threshold"),
                       (_two_level_per_frame, "information per frame")],
    "dsta_cosine": [(_dsta_raw, "cosine of the raw STA"), (_dsta_no_mean, "subtract the average frame"),
                    (_dsta_absolute, "the cosine is signed")],
    "mid_angle": [(_mid_in_radians, "in radians"), (_mid_index, "position of the best angle"),
                  (_mid_degrees_in_cos, "take radians"), (_mid_sta, "nearest the spike-triggered average"),
                  (_mid_argmin, "*least* information")],
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answer_written_here_passes(name):
    verdict = evaluate(name, RIGHT[name])
    assert verdict.passed and verdict.points == verdict.max_points, str(verdict)
    assert f"{verdict.max_points} of {verdict.max_points} points." in str(verdict)


def test_points_match_the_stars():
    points = {name: infolib.exercises.CHECKS[name].points for name in RIGHT}
    assert points == {"sta_length": 2, "info_per_spike": 3, "dsta_cosine": 3,
                      "two_level_info": 3, "mid_angle": 5}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_plausible_wrong_answers_fail_with_their_hint(name):
    for fn, words in WRONG[name]:
        _fails_with(name, fn, words)


def _raises(*args):
    raise ValueError("not like this")


@pytest.mark.parametrize("name", sorted(RIGHT))
@pytest.mark.parametrize("bad", [lambda *a: 0.0, lambda *a: 1.0, lambda *a: 0.5, lambda *a: math.nan,
                                 lambda *a: math.inf, _raises, lambda *a: float(np.sum(a[0]))],
                         ids=["zero", "one", "half", "nan", "inf", "raises", "input"])
def test_answers_that_do_not_compute_score_nothing(name, bad):
    verdict = evaluate(name, bad)
    assert not verdict.passed and verdict.points == 0, (name, str(verdict))


def test_the_first_angle_and_the_true_filter_angle_score_nothing():
    assert evaluate("mid_angle", lambda angles, s, n: float(angles[0])).points == 0
    true_angles = iter([30.0, 124.0, 75.0, 150.0, 62.0])    # the filters of the five cases
    assert evaluate("mid_angle", lambda angles, s, n: next(true_angles)).points == 0


@pytest.mark.parametrize("name, call, shown", [
    ("info_per_spike", lambda x, n: infolib.info_per_spike([1.0], x[:, None], n, smooth=False),
     "infolib.info_per_spike"),
    ("info_per_spike", lambda x, n: info_reference(x, n) + 0 * infolib.mid.projection_bins([1.0], x[:, None])[0],
     "infolib.mid.projection_bins"),
    ("dsta_cosine", lambda k, s, n: infolib.cosine_similarity(
        infolib.spike_triggered_average(s, n, decorrelate=True), k), "infolib.spike_triggered_average"),
    ("dsta_cosine", lambda k, s, n: infolib.cosine_similarity(np.linalg.solve(np.cov(s.T), n @ s), k),
     "infolib.cosine_similarity"),
    ("mid_angle", lambda a, s, n: float(a[int(np.argmax([infolib.info_per_spike(
        [math.cos(math.radians(t)), math.sin(math.radians(t))], s, n, smooth=False) for t in a]))]),
     "infolib.info_per_spike"),
    ("mid_angle", lambda a, s, n: float(infolib.fit_mid(s, n).direction[0]), "infolib.fit_mid"),
])
def test_forbidden_infolib_functions_score_nothing(name, call, shown):
    verdict = evaluate(name, call)
    assert verdict.points == 0 and shown in str(verdict), str(verdict)


@pytest.mark.parametrize("name", ["sta_length", "two_level_info"])
def test_the_checks_own_reference_is_forbidden(name):
    reference = infolib.exercises.CHECKS[name].reference
    verdict = evaluate(name, lambda *a: reference(*a))
    assert verdict.points == 0 and "infolib.exercises" in str(verdict)


def test_data_helpers_stay_allowed():
    # making data with the chapter's simulators inside the function does not count as a shortcut
    def with_helper(x, spikes):
        infolib.simulate_neuron("white", frames=50, dims=2, threshold=1.0, seed=1)
        return info_reference(x, spikes)
    assert evaluate("info_per_spike", with_helper).passed


def test_two_level_closed_form_against_quadrature():
    # the closed form used above against scipy's integral of the KL divergence
    from scipy import integrate, stats
    for theta, a, b in [(0.3, 0.7, 0.2), (2.0, 1.0, 0.0)]:
        p = a * stats.norm.sf(theta) + b * stats.norm.cdf(theta)
        def integrand(u):                          # φ(u) L log2 L with L = r(u) / p
            ratio = (a if u > theta else b) / p
            return stats.norm.pdf(u) * ratio * math.log2(ratio) if ratio > 0 else 0.0
        kl = integrate.quad(integrand, -12, theta)[0] + integrate.quad(integrand, theta, 12)[0]
        assert abs(kl - two_level_info(theta, a, b)) < 1e-8


def test_mid_cases_have_a_clear_winner():
    # the best angle of each case beats the runner-up by far more than rounding could change,
    # so any correct implementation (another summation order, another sd formula) finds it
    for case in infolib.exercises.CHECKS["mid_angle"].cases():
        angles, s, n = case.args
        directions = [np.array([math.cos(math.radians(t)), math.sin(math.radians(t))]) for t in angles]
        infos = sorted(info_reference(s @ v, n) for v in directions)
        assert infos[-1] - infos[-2] > 1e-4, case.about


def test_info_cases_respect_the_stated_preconditions():
    # the statement promises at least one spike and a projection that is not constant
    for case in infolib.exercises.CHECKS["info_per_spike"].cases():
        x, n = case.args
        assert n.sum() > 0 and x.std() > 0, case.about
    reference = infolib.exercises.CHECKS["info_per_spike"].reference
    x = np.linspace(-1.0, 1.0, 20)
    with pytest.raises(ValueError):
        reference(x, np.zeros(20))                  # no spike
    with pytest.raises(ValueError):
        reference(np.zeros(20), np.ones(20))        # a constant projection


def test_mid_grids_name_each_axis_once():
    # the statement promises angles in [0°, 180°); the reference refuses anything else
    for case in infolib.exercises.CHECKS["mid_angle"].cases():
        angles = case.args[0]
        assert np.all((angles >= 0) & (angles < 180)), case.about
    _, s, n = infolib.exercises.CHECKS["mid_angle"].cases()[0].args
    with pytest.raises(ValueError):
        infolib.exercises.CHECKS["mid_angle"].reference(np.arange(0.0, 360.0, 30.0), s, n)


def test_mid_angle_that_folds_and_sums_backwards_passes():
    # another correct implementation: angles folded mod 180°, bins summed in reverse order
    def mid_folded(angles, stimuli, spikes):
        infos = []
        for t in np.asarray(angles) % 180.0:
            x = stimuli @ np.array([math.cos(math.radians(t)), math.sin(math.radians(t))])
            z = (x - x.mean()) / x.std()
            b = np.rint((np.clip(z, -5, 5) + 5) / (10 / 24)).astype(int)
            p = np.bincount(b, minlength=25) / len(x)
            q = np.bincount(b, weights=spikes, minlength=25) / spikes.sum()
            infos.append(sum(q[i] * math.log2(q[i] / p[i]) for i in range(24, -1, -1) if q[i] > 0))
        return float(angles[int(np.argmax(infos))])
    assert evaluate("mid_angle", mid_folded).passed
