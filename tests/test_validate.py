"""Every validation error, checked by its exact message through the public API.

Messages start with the argument's name; the patterns below are anchored
(``^...$``) so that a reworded message fails loudly.
"""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from infolib._validate import as_count, as_scalar
from infolib.discrete import (
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    marginals,
    mutual_information,
    pointwise_mutual_information,
)
from infolib.gaussian import (
    gaussian_entropy,
    gaussian_kl_divergence,
    gaussian_mutual_information,
)

pytestmark = pytest.mark.filterwarnings("error")

JOINT_FUNCTIONS = [
    joint_entropy,
    conditional_entropy,
    mutual_information,
    pointwise_mutual_information,
    marginals,
]
PAIR_FUNCTIONS = [kl_divergence, cross_entropy, js_divergence]
BASE_FUNCTIONS = [
    lambda base: entropy([0.5, 0.5], base=base),
    lambda base: joint_entropy([[0.5, 0.5]], base=base),
    lambda base: conditional_entropy([[0.5, 0.5]], base=base),
    lambda base: mutual_information([[0.5, 0.5]], base=base),
    lambda base: pointwise_mutual_information([[0.5, 0.5]], base=base),
    lambda base: kl_divergence([0.5, 0.5], [0.5, 0.5], base=base),
    lambda base: cross_entropy([0.5, 0.5], [0.5, 0.5], base=base),
    lambda base: js_divergence([0.5, 0.5], [0.5, 0.5], base=base),
    lambda base: gaussian_entropy(1.0, base=base),
    lambda base: gaussian_mutual_information(0.5, base=base),
    lambda base: gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0, base=base),
]


def exact(message):
    """Regex matching exactly *message*."""
    return "^" + re.escape(message) + "$"


def raises(message):
    return pytest.raises(ValueError, match=exact(message))


# ---------------------------------------------------------------------------
# pmf entries
# ---------------------------------------------------------------------------
def test_negative_entry():
    with raises("p has a negative entry (-0.1 at index 2); probabilities must be ≥ 0"):
        entropy([0.5, 0.6, -0.1])


def test_negative_entry_in_joint_reports_2d_index():
    with raises("pxy has a negative entry (-0.1 at index (0, 1)); probabilities must be ≥ 0"):
        mutual_information([[0.6, -0.1], [0.25, 0.25]])


@pytest.mark.parametrize("func", PAIR_FUNCTIONS)
def test_negative_entry_in_q(func):
    with raises("q has a negative entry (-0.5 at index 0); probabilities must be ≥ 0"):
        func([0.5, 0.5], [-0.5, 1.5])


def test_negative_entry_is_caught_even_with_normalize():
    with raises("p has a negative entry (-1 at index 1); probabilities must be ≥ 0"):
        entropy([3, -1, 2], normalize=True)


def test_nan_entry():
    with raises("p has a NaN entry (at index 1)"):
        entropy([0.5, math.nan, 0.5])
    with raises("pxy has a NaN entry (at index (1, 0))"):
        joint_entropy([[0.5, 0.5], [math.nan, 0.0]])
    with raises("q has a NaN entry (at index 0)"):
        kl_divergence([0.5, 0.5], [math.nan, 0.5])


def test_infinite_entry():
    with raises("p has an infinite entry (inf at index 0)"):
        entropy([math.inf, 1.0])
    with raises("p has an infinite entry (-inf at index 1)"):
        entropy([1.0, -math.inf])
    with raises("pxy has an infinite entry (inf at index (0, 0))"):
        mutual_information([[math.inf, 1.0]], normalize=True)


@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-1.0, 1.0)))
@settings(max_examples=200, deadline=None)
def test_any_negative_entry_is_reported(p):
    if np.any(p < 0):
        with pytest.raises(ValueError, match=r"^p has a negative entry \(-"):
            entropy(p, normalize=True)


# ---------------------------------------------------------------------------
# non-numeric input
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad, shown",
    [
        ("abc", "'abc'"),
        (None, "None"),
        (["a", "b"], "['a', 'b']"),
        ([1j, 1.0], "[1j, 1.0]"),
        ([True, False], "[True, False]"),
        ({"a": 1.0}, "{'a': 1.0}"),
    ],
)
def test_non_numeric(bad, shown):
    with raises(f"p must be an array of numbers, got {shown}"):
        entropy(bad)


def test_ragged():
    with raises(
        "pxy must be a rectangular array of numbers (all rows the same length), "
        "got [[0.5, 0.25], [0.25]]"
    ):
        mutual_information([[0.5, 0.25], [0.25]])


def test_non_numeric_q_and_long_inputs_are_cut_short():
    with pytest.raises(ValueError, match=r"^q must be an array of numbers, got \['x', .*\.\.\.$"):
        kl_divergence([0.5, 0.5], ["x"] * 50)


# ---------------------------------------------------------------------------
# dimensions and shapes
# ---------------------------------------------------------------------------
def test_entropy_of_2d_points_to_joint_entropy():
    with raises("p must be 1-D, got a 2-D array; for a joint pmf use joint_entropy"):
        entropy([[0.25, 0.25], [0.25, 0.25]])


def test_entropy_of_scalar():
    with raises("p must be 1-D, got a scalar; for a joint pmf use joint_entropy"):
        entropy(1.0)


@pytest.mark.parametrize("func", JOINT_FUNCTIONS)
def test_joint_functions_reject_1d(func):
    with raises(
        "pxy must be 2-D, got a 1-D array; a joint pmf has rows indexing X and columns indexing Y"
    ):
        func([0.5, 0.5])


@pytest.mark.parametrize("func", JOINT_FUNCTIONS)
def test_joint_functions_reject_3d(func):
    with raises(
        "pxy must be 2-D, got a 3-D array; a joint pmf has rows indexing X and columns indexing Y"
    ):
        func(np.full((2, 2, 2), 1 / 8))


@pytest.mark.parametrize("func", PAIR_FUNCTIONS)
def test_pair_functions_reject_3d(func):
    with raises("p must be 1-D or 2-D, got a 3-D array"):
        func(np.full((2, 2, 2), 1 / 8), np.full((2, 2, 2), 1 / 8))


@pytest.mark.parametrize("func", PAIR_FUNCTIONS)
def test_mismatched_shapes(func):
    with raises("p and q must have the same shape, got (3,) and (4,)"):
        func([1 / 3, 1 / 3, 1 / 3], [0.25, 0.25, 0.25, 0.25])
    with raises("p and q must have the same shape, got (2, 2) and (4,)"):
        func(np.full((2, 2), 0.25), [0.25, 0.25, 0.25, 0.25])


def test_empty():
    with raises("p is empty; a pmf needs at least one entry"):
        entropy([])
    with raises("pxy is empty; a pmf needs at least one entry"):
        mutual_information(np.zeros((0, 3)))
    with raises("p is empty; a pmf needs at least one entry"):
        kl_divergence([], [])


# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------
def test_not_normalised():
    with raises(
        "p sums to 1.1, not 1 (tolerance 1e-6); pass normalize=True to rescale counts or weights"
    ):
        entropy([0.5, 0.6])


def test_not_normalised_accepted_with_normalize():
    expected = -(5 / 11) * math.log2(5 / 11) - (6 / 11) * math.log2(6 / 11)
    assert math.isclose(entropy([0.5, 0.6], normalize=True), expected, rel_tol=1e-12)


def test_counts_need_normalize():
    with raises(
        "pxy sums to 20, not 1 (tolerance 1e-6); pass normalize=True to rescale counts or weights"
    ):
        mutual_information([[10, 0], [5, 5]])
    # same counts, normalised: I = H(Y) − H(Y|X) with p = [[½, 0], [¼, ¼]]
    h_y = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert math.isclose(mutual_information([[10, 0], [5, 5]], normalize=True), h_y - 0.5)


@pytest.mark.parametrize("func", PAIR_FUNCTIONS)
def test_not_normalised_q(func):
    with raises(
        "q sums to 2, not 1 (tolerance 1e-6); pass normalize=True to rescale counts or weights"
    ):
        func([0.5, 0.5], [1.0, 1.0])
    # with normalize=True each argument is scaled by its own total
    assert func([0.5, 0.5], [1.0, 1.0], normalize=True) == func([0.5, 0.5], [0.5, 0.5])


def test_tolerance_boundary():
    entropy([0.5, 0.5 + 9e-7])  # inside 1e-6: accepted
    with pytest.raises(ValueError, match=r"^p sums to 1\.000002, not 1 \(tolerance 1e-6\)"):
        entropy([0.5, 0.5 + 2e-6])


@pytest.mark.parametrize("normalize", [False, True])
def test_all_zero(normalize):
    with raises("p sums to 0 (all entries are zero); a pmf needs positive mass"):
        entropy([0, 0, 0], normalize=normalize)
    with raises("pxy sums to 0 (all entries are zero); a pmf needs positive mass"):
        mutual_information(np.zeros((2, 3)), normalize=normalize)


def test_overflowing_counts():
    with raises("p sums to inf (overflow); rescale the entries"):
        entropy([1e308, 1e308], normalize=True)


# ---------------------------------------------------------------------------
# base
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("func", BASE_FUNCTIONS)
@pytest.mark.parametrize(
    "base, message",
    [
        (1, "base must not be 1 (the logarithm to base 1 is undefined)"),
        (1.0, "base must not be 1 (the logarithm to base 1 is undefined)"),
        (0, "base must be positive, got 0"),
        (-2, "base must be positive, got -2"),
        (math.nan, "base must be a number, got nan"),
        (math.inf, "base must be finite, got inf"),
        ("2", "base must be a number or None (None means nats), got '2'"),
        (True, "base must be a number or None (None means nats), got True"),
        ([2], "base must be a number or None (None means nats), got [2]"),
    ],
)
def test_bad_base(func, base, message):
    with raises(message):
        func(base)


@pytest.mark.parametrize("base", [None, 2, 10, 3, 0.5, np.float64(2.0), np.int64(2)])
def test_good_bases_are_accepted(base):
    nats = math.log(3)
    expected = nats if base is None else nats / math.log(float(base))
    assert math.isclose(entropy([1 / 3] * 3, base=base), expected, rel_tol=1e-12)


# ---------------------------------------------------------------------------
# KL / cross-entropy: infinities are results, not errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("func", [kl_divergence, cross_entropy])
def test_q_zero_where_p_positive_gives_inf(func):
    assert func([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert func([0.5, 0.5], [1.0, 0.0], base=None) == math.inf


def test_zeros_of_p_where_q_is_zero_are_fine():
    assert kl_divergence([0.5, 0.5, 0.0], [0.25, 0.75, 0.0]) == pytest.approx(
        1 - 0.5 * math.log2(3)
    )
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert js_divergence([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]) == 1.0


# ---------------------------------------------------------------------------
# Gaussian arguments
# ---------------------------------------------------------------------------
def test_cov_not_positive_definite():
    with raises("cov is not positive definite; a covariance matrix needs all eigenvalues > 0"):
        gaussian_entropy(cov=[[1.0, 2.0], [2.0, 1.0]])
    with raises("cov is not positive definite; a covariance matrix needs all eigenvalues > 0"):
        gaussian_entropy(cov=[[1.0, 1.0], [1.0, 1.0]])  # singular


@pytest.mark.parametrize("sd", [0.0, -1.0])
def test_standard_deviation_must_be_positive(sd):
    with raises(f"sd must be > 0, got {sd:g}"):
        gaussian_entropy(sd)


def test_a_scalar_covariance_is_refused():
    with raises("cov must be a square 2-D covariance matrix, got a scalar; for one dimension "
                "pass the standard deviation as sd= (or the 1×1 matrix [[variance]] as cov=)"):
        gaussian_entropy(cov=4.0)


def test_cov_not_symmetric():
    with raises(
        "cov is not symmetric (largest |cov - cov.T| is 0.5; tolerance 1e-8 × largest |entry|)"
    ):
        gaussian_entropy(cov=[[2.0, 0.5], [0.0, 2.0]])


@pytest.mark.parametrize(
    "cov, message",
    [
        ([1.0, 2.0], "cov must be a square 2-D covariance matrix, got an array of shape (2,)"),
        (np.ones((2, 2, 2)), "cov must be a square 2-D covariance matrix, "
                             "got an array of shape (2, 2, 2)"),
        (np.ones((2, 3)), "cov must be square, got shape (2, 3)"),
        (np.zeros((0, 0)), "cov is empty; a covariance matrix needs d ≥ 1"),
        ([[1.0, math.nan], [math.nan, 1.0]], "cov has a NaN entry (at index (0, 1))"),
        ("big", "cov must be an array of numbers, got 'big'"),
    ],
)
def test_cov_wrong_shape_or_values(cov, message):
    with raises(message):
        gaussian_entropy(cov=cov)


def test_sd_must_be_one_finite_number():
    with raises("sd must be a finite number, got inf"):
        gaussian_entropy(math.inf)
    with raises("sd must be a single number, got 'big'"):
        gaussian_entropy("big")


def test_kl_names_the_bad_covariance():
    with raises("cov1 is not positive definite; a covariance matrix needs all eigenvalues > 0"):
        gaussian_kl_divergence([0, 0], mu1=[0, 0], cov0=np.eye(2), cov1=[[1.0, 3.0], [3.0, 1.0]])
    with raises("sd0 must be > 0, got -2"):
        gaussian_kl_divergence(0.0, -2.0, 0.0, 1.0)


def test_kl_shape_checks():
    with raises("mu0 has length 3 but cov0 is 2×2; they must have the same dimension"):
        gaussian_kl_divergence([0, 0, 0], mu1=[0, 0], cov0=np.eye(2), cov1=np.eye(2))
    with raises(
        "mu1 and cov1 have dimension 3 but mu0 and cov0 have dimension 2; "
        "both Gaussians must have the same dimension"
    ):
        gaussian_kl_divergence([0, 0], mu1=[0, 0, 0], cov0=np.eye(2), cov1=np.eye(3))
    with raises("mu1 must be a scalar or a 1-D vector, got an array of shape (2, 2)"):
        gaussian_kl_divergence([0, 0], mu1=np.eye(2), cov0=np.eye(2), cov1=np.eye(2))
    with raises("mu0 has a NaN entry (at index 1)"):
        gaussian_kl_divergence([0, math.nan], mu1=[0, 0], cov0=np.eye(2), cov1=np.eye(2))
    with raises("mu0 is empty; a mean needs d ≥ 1 entries"):
        gaussian_kl_divergence([], mu1=[0, 0], cov0=np.eye(2), cov1=np.eye(2))


def test_kl_scalar_mean_with_1x1_cov_is_fine():
    assert gaussian_kl_divergence(0.0, mu1=[1.0], cov0=[[1.0]], sd1=1.0, base=None) == 0.5


@pytest.mark.parametrize(
    "rho, message",
    [
        (1.5, "rho must be in [-1, 1], got 1.5"),
        (-1.01, "rho must be in [-1, 1], got -1.01"),
        ([0.0, 0.5, 2.0], "rho must be in [-1, 1], got 2 at index 2"),
        (math.nan, "rho is NaN"),
        (math.inf, "rho is infinite (inf)"),
        ([0.5, math.nan], "rho has a NaN entry (at index 1)"),
        ([], "rho is empty"),
        ("0.5", "rho must be an array of numbers, got '0.5'"),
    ],
)
def test_bad_rho(rho, message):
    with raises(message):
        gaussian_mutual_information(rho)


def test_rho_of_exactly_one_is_inf_not_error():
    assert gaussian_mutual_information(1.0) == math.inf
    assert gaussian_mutual_information(np.array([1.0, -1.0])).tolist() == [math.inf, math.inf]


# ---------------------------------------------------------------------------
# scalar helpers used by other modules
# ---------------------------------------------------------------------------
def test_as_scalar():
    assert as_scalar(np.float64(2.5), "x") == 2.5
    assert as_scalar(0.0, "sd", minimum=0.0) == 0.0
    with raises("sd must be > 0, got 0"):
        as_scalar(0.0, "sd", minimum=0.0, strict=True)
    with raises("sd must be ≥ 0, got -1"):
        as_scalar(-1, "sd", minimum=0.0)
    with raises("x must be a single number, got [1, 2]"):
        as_scalar([1, 2], "x")
    with raises("x must be a single number, got True"):
        as_scalar(True, "x")
    with raises("x must be a finite number, got nan"):
        as_scalar(math.nan, "x")
    with raises("x must be a finite number, got -inf"):
        as_scalar(-math.inf, "x")


def test_as_count():
    assert as_count(5, "n") == 5 and type(as_count(np.int64(5), "n")) is int
    assert as_count(60.0, "bins") == 60
    with raises("n must be a whole number, got 2.5"):
        as_count(2.5, "n")
    with raises("n must be ≥ 1, got 0"):
        as_count(0, "n", minimum=1)
    with raises("n must be a whole number, got False"):
        as_count(False, "n")
