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
