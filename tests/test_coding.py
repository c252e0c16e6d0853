"""Shannon and Huffman codes: Kraft, the entropy bounds, optimality, the coding reading of H(p, q)."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolib import cross_entropy, entropy
from infolib.coding import (
    code_lengths,
    expected_code_length,
    huffman_code_lengths,
    measured_code_length,
    shannon_code_lengths,
)
from strategies import pmf_pairs, pmfs

CODES = [shannon_code_lengths, huffman_code_lengths]


def kraft_sum(lengths):
    """Σ 2^-l over the codewords that exist, exactly (as a fraction)."""
    return sum(Fraction(1, 2 ** int(l)) for l in lengths if math.isfinite(l))


def mean_length(p, lengths):
    # written here from the definition: symbols with p = 0 cost nothing
    return sum(pi * li for pi, li in zip(p, lengths) if pi > 0)


# --------------------------------------------------------------------------
# hand values
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_dyadic_pmf_gets_its_surprisals(code):
    assert code([0.5, 0.25, 0.125, 0.125]).tolist() == [1, 2, 3, 3]


def test_shannon_lengths_hand_values():
    assert shannon_code_lengths([0.4, 0.3, 0.2, 0.1]).tolist() == [2, 2, 3, 4]
    assert shannon_code_lengths([1.0]).tolist() == [0]


def test_huffman_hand_values():
    # merges: 0.1+0.2 -> 0.3; 0.3+0.3 -> 0.6; 0.4+0.6 -> 1
    assert huffman_code_lengths([0.4, 0.3, 0.2, 0.1]).tolist() == [1, 2, 3, 3]
    assert huffman_code_lengths([0.25] * 4).tolist() == [2, 2, 2, 2]


@pytest.mark.parametrize("code", CODES)
def test_zero_probability_symbols_get_no_codeword(code):
    lengths = code([0.5, 0.0, 0.5])
    assert lengths[1] == math.inf and lengths[0] == lengths[2] == 1


@pytest.mark.parametrize("code", CODES)
def test_a_single_possible_symbol_costs_nothing(code):
    assert code([0.0, 1.0, 0.0]).tolist() == [math.inf, 0, math.inf]


def test_huffman_ties_are_deterministic():
    q = np.full(6, 1 / 6)
    assert huffman_code_lengths(q).tolist() == huffman_code_lengths(q.copy()).tolist()
    assert sorted(huffman_code_lengths(q).tolist()) == [2, 2, 3, 3, 3, 3]


def test_code_lengths_dispatches():
    q = [0.4, 0.3, 0.2, 0.1]
    assert code_lengths(q).tolist() == shannon_code_lengths(q).tolist()
    assert code_lengths(q, code="Huffman").tolist() == huffman_code_lengths(q).tolist()


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(pmfs(max_size=12))
def test_kraft_inequality(q):
    exact_total = sum(Fraction(x) for x in q)  # 1 up to the rounding of q's entries
    for code in CODES:
        lengths = code(q)
        assert np.all((lengths >= 0) & ((lengths == np.round(lengths)) | np.isinf(lengths)))
        assert kraft_sum(lengths) <= max(Fraction(1), exact_total)
        if exact_total <= 1:
            assert kraft_sum(lengths) <= 1
    if np.count_nonzero(q) >= 2:  # a Huffman tree is full: Kraft with equality
        assert kraft_sum(huffman_code_lengths(q)) == 1


@settings(max_examples=300, deadline=None)
@given(pmfs(max_size=12))
def test_shannon_length_is_the_ceiling_of_the_surprisal(q):
    # 2^-l ≤ q < 2^-(l-1), checked exactly with fractions; at least 1 bit beside another symbol
    several = np.count_nonzero(q) >= 2
    for qi, li in zip(q, shannon_code_lengths(q)):
        if qi == 0:
            assert li == math.inf
        elif several and qi == 1.0:  # 1 - tiny, rounded
            assert li == 1
        else:
            l = int(li)
            assert Fraction(1, 2 ** l) <= Fraction(qi) < Fraction(2, 2 ** l)


@settings(max_examples=300, deadline=None)
@given(pmfs(max_size=12))
def test_huffman_length_within_one_bit_of_entropy(p):
    h = entropy(p)
    length = mean_length(p, huffman_code_lengths(p))
    assert h - 1e-9 <= length
    assert length < h + 1 or math.isclose(length, h + 1)  # equal only by rounding (p ≈ point mass)


@settings(max_examples=300, deadline=None)
@given(pmfs(max_size=12))
def test_huffman_never_worse_than_shannon(p):
    if kraft_sum(shannon_code_lengths(p)) > 1:  # p's rounded entries add up to more than 1
        return
    assert mean_length(p, huffman_code_lengths(p)) <= mean_length(p, shannon_code_lengths(p)) + 1e-12


@settings(max_examples=300, deadline=None)
@given(pmf_pairs(max_size=10))
def test_shannon_code_for_q_on_data_from_p_costs_cross_entropy(pq):
    p, q = pq
    lengths = shannon_code_lengths(q)
    expected = expected_code_length(p, lengths)
    assert math.isclose(expected, mean_length(p, lengths), rel_tol=1e-12, abs_tol=1e-12)
    hpq = cross_entropy(p, q)
    if math.isinf(hpq):  # the model rules out a symbol that occurs
        assert expected == math.inf
    else:
        assert hpq - 1e-9 <= expected
        assert expected < hpq + 1 or math.isclose(expected, hpq + 1)


def _brute_force_optimum(p):
    """The smallest Σ p l over all length vectors that satisfy Kraft (lengths 1..n-1)."""
    n = len(p)
    grid = np.array(list(itertools.product(range(1, n), repeat=n)), dtype=float)
    feasible = grid[(2.0 ** -grid).sum(axis=1) <= 1]
    return float((feasible @ p).min())


@settings(max_examples=200, deadline=None)
@given(pmfs(min_size=2, max_size=5, full_support=True))
def test_huffman_is_optimal_against_brute_force(p):
    # every optimal code for n ≥ 2 symbols uses lengths 1..n-1
    assert math.isclose(mean_length(p, huffman_code_lengths(p)), _brute_force_optimum(p),
                        rel_tol=1e-12, abs_tol=1e-12)


# --------------------------------------------------------------------------
# the measured experiment
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["shannon", "huffman"])
@pytest.mark.parametrize("p, q", [
    ([0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]),
    ([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]),
    ([0.5, 0.3, 0.2], [0.5, 0.3, 0.2]),
])
def test_measured_length_is_close_to_its_expectation(p, q, code):
    n = 20_000
    lengths = code_lengths(q, code)
    mean = mean_length(p, lengths)
    sd = math.sqrt(mean_length(p, (lengths - mean) ** 2))
    got = measured_code_length(p, q, n=n, code=code, seed=11)
    assert abs(got - mean) <= 4 * sd / math.sqrt(n) + 1e-12


def test_measured_length_is_seeded():
    p, q = [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]
    a = measured_code_length(p, q, n=500, seed=4)
    assert a == measured_code_length(p, q, n=500, seed=4)
    assert a != measured_code_length(p, q, n=500, seed=5)


def test_measured_length_is_inf_when_the_model_rules_out_a_drawn_symbol():
    assert measured_code_length([0.5, 0.5], [1.0, 0.0], n=50) == math.inf


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: shannon_code_lengths([0.5, 0.6]), "^q sums to 1.1, not 1"),
    (lambda: huffman_code_lengths([[0.5, 0.5]]), "^q must be 1-D"),
    (lambda: shannon_code_lengths([0.5, -0.5, 1.0]), "^q has a negative entry"),
    (lambda: code_lengths([1.0], code="arithmetic"), "^code must be 'shannon' or 'huffman'"),
    (lambda: code_lengths([1.0], code=None), "^code must be 'shannon' or 'huffman'"),
    (lambda: expected_code_length([0.5, 0.5], [1, float("nan")]), "^lengths has a NaN entry"),
    (lambda: expected_code_length([0.5, 0.5], [1, -1]), "^lengths has a negative entry"),
    (lambda: expected_code_length([0.5, 0.5], [1, 1, 1]), "^p and lengths must have the same shape"),
    (lambda: measured_code_length([0.5, 0.5], [1.0]), "^p and q must have the same shape"),
    (lambda: measured_code_length([1.0], [1.0], n=0), "^n must be ≥ 1"),
    (lambda: measured_code_length([1.0], [1.0], n=2.5), "^n must be a whole number"),
    (lambda: measured_code_length([1.0], [1.0], seed=-1), "^seed must be ≥ 0"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_inputs_are_not_modified():
    q = np.array([0.2, 0.3, 0.5])
    huffman_code_lengths(q)
    shannon_code_lengths(q)
    assert q.tolist() == [0.2, 0.3, 0.5]


def test_public_names_are_exported():
    import infolib
    from infolib import coding

    for name in coding.__all__:
        if name != "huffman_code_lengths":  # infolib.huffman_code_lengths is the questions game's
            assert getattr(infolib, name) is getattr(coding, name) and name in infolib.__all__
