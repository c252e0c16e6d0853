"""The plug-in entropy check: the right answer passes, plausible wrong answers fail with the right hint."""
import math
from collections import Counter

import numpy as np

from infolib import exercises


def h_reference(x):
    # written here from the definition, independently of infolib: -Σ (n_a/N) log2(n_a/N)
    counts = Counter(x.tolist())
    n = len(x)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def h_nats(x):
    return h_reference(x) * math.log(2)


def h_log10(x):
    return h_reference(x) * math.log10(2)


def h_miller_madow(x):
    return h_reference(x) + (len(set(x.tolist())) - 1) / (2 * len(x) * math.log(2))


def h_uniform(x):
    return math.log2(len(set(x.tolist())))


def h_wrong_sign(x):
    return -h_reference(x)


def h_bincount(x):  # np.bincount breaks on negative labels: the check reports the error in words
    p = np.bincount(x) / len(x)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def _run(capsys, fn):
    exercises.check_plugin_entropy(fn)
    return capsys.readouterr().out


def test_reference_passes(capsys):
    out = _run(capsys, h_reference)
    assert out.startswith("✓") and "correct on all" in out


def test_numpy_version_passes(capsys):
    def h_numpy(x):
        _, counts = np.unique(x, return_counts=True)
        p = counts / counts.sum()
        return float(-(p * np.log2(p)).sum())
    assert _run(capsys, h_numpy).startswith("✓")


def test_wrong_answers_fail_with_their_hint(capsys):
    for fn, hint in [(h_nats, "in nats"), (h_log10, "base 10"), (h_miller_madow, "Miller–Madow"),
                     (h_uniform, "number of distinct values"), (h_wrong_sign, "minus sign")]:
        out = _run(capsys, fn)
        assert out.startswith("✗"), fn.__name__
        assert hint in out, (fn.__name__, out)


def test_crash_is_reported_in_words(capsys):
    out = _run(capsys, h_bincount)
    assert out.startswith("✗") and "raised ValueError" in out
    assert "labels that are not 0, 1, 2" in out


def test_not_implemented(capsys):
    def stub(x):
        raise NotImplementedError
    assert "not written yet" in _run(capsys, stub)
