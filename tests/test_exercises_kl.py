"""The KL divergence exercise check: the right answer passes, plausible wrong ones fail with a hint."""
import math

import numpy as np
import pytest

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
