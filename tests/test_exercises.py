"""The exercise checks: right answers pass, plausible wrong answers fail with the right hint."""
import numpy as np
import pytest

from infolib import exercises


def mi_reference(pxy):
    # written here from the definition, independently of infolib
    px, py = pxy.sum(1, keepdims=True), pxy.sum(0, keepdims=True)
    nz = pxy > 0
    return float(np.sum(pxy[nz] * np.log2(pxy[nz] / (px * py)[nz])))


def mi_nats(pxy):
    return mi_reference(pxy) * np.log(2)


def mi_no_zero_skip(pxy):
    px, py = pxy.sum(1, keepdims=True), pxy.sum(0, keepdims=True)
    with np.errstate(all="ignore"):
        return float(np.sum(pxy * np.log2(pxy / (px * py))))


def mi_log10(pxy):
    return mi_reference(pxy) * np.log10(2)


def mi_crashes(pxy):
    raise KeyError("oops")


def mi_array(pxy):
    return np.array([mi_reference(pxy), 0.0])


def mi_stub(pxy):
    raise NotImplementedError("write this function")


def test_reference_passes(capsys):
    exercises.check_mutual_information(mi_reference)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "correct on all" in out


@pytest.mark.parametrize("fn, words", [
    (mi_nats, "in nats"),
    (mi_no_zero_skip, "0·log 0"),
    (mi_log10, "base 10"),
    (mi_crashes, "raised KeyError"),
    (mi_array, "return a single number"),
    (mi_stub, "not written yet"),
])
def test_wrong_answers_fail_with_hint(fn, words):
    verdict = exercises.evaluate("mutual_information", fn)
    assert not verdict.passed
    assert verdict.message.startswith("✗")
    assert words in verdict.message


def test_not_a_function():
    verdict = exercises.evaluate("mutual_information", 3.0)
    assert not verdict.passed and "expected a function" in verdict.message


def test_learner_cannot_mutate_the_inputs():
    def mutating(pxy):
        value = mi_reference(pxy)
        pxy[...] = 0.0
        return value
    assert exercises.evaluate("mutual_information", mutating).passed


def test_cases_cover_edges():
    cases = exercises.CHECKS["mutual_information"].cases()
    tables = [c.args[0] for c in cases]
    assert any(t.shape == (1, 1) for t in tables), "a point mass"
    assert any((t == 0).any() for t in tables), "tables with zeros"
    assert any(t.shape[0] != t.shape[1] for t in tables), "non-square tables"
    assert all(abs(t.sum() - 1) < 1e-12 for t in tables)
