"""Identities the definitions chapter states that tests/test_discrete.py does not already cover.

(Chain rule, I = H(X) + H(Y) − H(X,Y) = H(Y) − H(Y|X), I(X;X) = H(X), symmetry and bounds are
tested there.)  Expected values come from identities and closed forms, never from the code under test.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolib import conditional_entropy, entropy, joint_entropy, marginals, mutual_information
from tests.strategies import joint_pmfs, pmfs

pytestmark = pytest.mark.filterwarnings("error")

PROPS = settings(max_examples=200, deadline=None)


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


@given(joint_pmfs(), st.randoms(use_true_random=False))
@PROPS
def test_relabelling_either_variable_changes_no_information(pxy, rnd):
    # an invertible map of a discrete variable permutes its values: rows and columns
    rows = list(range(pxy.shape[0]))
    cols = list(range(pxy.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    q = pxy[rows][:, cols]
    assert close(mutual_information(q), mutual_information(pxy))
    assert close(conditional_entropy(q), conditional_entropy(pxy))
    assert close(joint_entropy(q), joint_entropy(pxy))


@given(pmfs(), st.data())
@PROPS
def test_information_about_a_function_of_x(px, data):
    # Y = f(X): H(Y|X) = 0 and I(X; Y) = H(Y) ≤ H(X); equality iff f is one-to-one on the support
    f = data.draw(st.lists(st.integers(0, 3), min_size=px.size, max_size=px.size))
    pxy = np.zeros((px.size, 4))
    pxy[np.arange(px.size), f] = px
    py = np.bincount(f, weights=px, minlength=4)
    h_y = -sum(v * math.log2(v) for v in py if v > 0)
    assert conditional_entropy(pxy) == 0.0
    assert close(mutual_information(pxy), h_y)
    assert mutual_information(pxy) <= entropy(px) + 1e-12


@given(joint_pmfs())
@PROPS
def test_conditioning_reduces_entropy_on_average(pxy):
    p_x, p_y = marginals(pxy)
    assert conditional_entropy(pxy) <= entropy(p_y) + 1e-12
    assert conditional_entropy(pxy.T) <= entropy(p_x) + 1e-12


def test_one_observation_can_increase_uncertainty():
    # Y is nearly certain, unless X = 1 (rare), which makes Y a fair coin: H(Y | X = 1) > H(Y)
    pxy = np.array([[0.9, 0.0], [0.05, 0.05]])
    p_x, p_y = marginals(pxy)
    h_y_given_x1 = entropy(pxy[1] / p_x[1])
    assert h_y_given_x1 == 1.0 > entropy(p_y)
    assert conditional_entropy(pxy) < entropy(p_y)  # yet on average it falls


@given(joint_pmfs())
@PROPS
def test_joint_entropy_bounds(pxy):
    p_x, p_y = marginals(pxy)
    h_x, h_y, h_xy = entropy(p_x), entropy(p_y), joint_entropy(pxy)
    assert max(h_x, h_y) - 1e-12 <= h_xy <= h_x + h_y + 1e-12


@given(joint_pmfs())
@PROPS
def test_information_diagram_adds_up(pxy):
    # the three pieces H(X|Y), I, H(Y|X) tile H(X,Y); the first two tile H(X), the last two H(Y)
    p_x, p_y = marginals(pxy)
    a, b, c = conditional_entropy(pxy.T), mutual_information(pxy), conditional_entropy(pxy)
    assert close(a + b + c, joint_entropy(pxy))
    assert close(a + b, entropy(p_x))
    assert close(b + c, entropy(p_y))


@given(pmfs(), st.floats(1.01, 20.0))
@PROPS
def test_units_differ_by_a_constant_factor(p, base):
    # H in base b = H in nats / ln b: bits × ln 2 = nats
    nats = -sum(v * math.log(v) for v in p if v > 0)
    assert close(entropy(p, base=base), nats / math.log(base))
    assert close(entropy(p, base=None), entropy(p) * math.log(2))


@given(pmfs())
@PROPS
def test_entropy_is_expected_surprisal(p):
    surprisal = np.where(p > 0, -np.log2(np.where(p > 0, p, 1.0)), 0.0)
    assert close(entropy(p), float(np.sum(p * surprisal)))
