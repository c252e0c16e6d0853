"""The cross-entropy check: the right answer passes, plausible wrong answers fail with the right hint."""
import math

import numpy as np
import pytest

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
