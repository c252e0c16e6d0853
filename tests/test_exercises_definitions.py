"""The definitions chapter's check: H(Y|X) in bits; right answers pass, common mistakes get the right hint."""
import math

import numpy as np
import pytest

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
