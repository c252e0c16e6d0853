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
