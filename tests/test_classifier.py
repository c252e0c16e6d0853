"""Cross entropy as a loss: the scenario's exact measures, gradient descent, the Barber–Agakov bound."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from infolib import conditional_entropy, entropy, mutual_information
from infolib.classifier import (
    TwoGaussianClasses,
    barber_agakov_bound,
    conditional_cross_entropy,
    logistic_gradient,
    logistic_loss,
    train_logistic,
)
from strategies import joint_pmfs, stochastic_matrices

SCENARIOS = [
    TwoGaussianClasses(),
    TwoGaussianClasses(separation=0.5, prior=0.3, dim=1),
    TwoGaussianClasses(separation=4.0, prior=0.8, dim=3),
]


def softplus(t):
    return np.logaddexp(0.0, t)


def model_ce_by_quad(scn, w, b):
    """E[-log2 q(Y|X)] for q(1|x) = σ(w·x + b), integrating over the Gaussian of w·x + b per class."""
    mu0, mu1 = (np.full(scn.dim, sign * scn.separation / 2 / math.sqrt(scn.dim)) for sign in (-1, 1))
    sd = float(np.linalg.norm(w))
    total = 0.0
    for weight, mean, sign in [(scn.prior, mu1 @ w + b, -1.0), (1 - scn.prior, mu0 @ w + b, 1.0)]:
        if sd == 0:
            total += weight * softplus(sign * mean)
            continue
        f = lambda s: softplus(sign * s) * stats.norm.pdf(s, mean, sd)
        pieces = [(mean - 40 * sd, 0.0), (0.0, mean + 40 * sd)] if abs(mean) < 40 * sd else \
            [(mean - 40 * sd, mean + 40 * sd)]
        total += weight * sum(integrate.quad(f, a, c, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
                              for a, c in pieces if a < c)
    return total / math.log(2)


def conditional_entropy_by_quad(scn):
    """H(Y|X): average binary entropy of the posterior, over the projection of X on the mean axis."""
    half = scn.separation / 2

    def f(t):
        a = scn.prior * stats.norm.pdf(t, half)
        c = (1 - scn.prior) * stats.norm.pdf(t, -half)
        if a + c == 0:
            return 0.0
        post = a / (a + c)
        h = -sum(v * math.log2(v) for v in (post, 1 - post) if v > 0)
        return (a + c) * h
    return integrate.quad(f, -half - 40, half + 40, limit=400, epsabs=1e-13)[0]


# --------------------------------------------------------------------------
# the scenario's exact measures
# --------------------------------------------------------------------------
@pytest.mark.parametrize("scn", SCENARIOS, ids=repr)
def test_conditional_entropy_matches_quadrature(scn):
    assert math.isclose(scn.conditional_entropy(), conditional_entropy_by_quad(scn), abs_tol=1e-9)


@pytest.mark.parametrize("scn", SCENARIOS, ids=repr)
def test_entropy_and_mi(scn):
    h = -(scn.prior * math.log2(scn.prior) + (1 - scn.prior) * math.log2(1 - scn.prior))
    assert math.isclose(scn.entropy_y(), h, rel_tol=1e-12)
    assert math.isclose(scn.mutual_information(), h - conditional_entropy_by_quad(scn), abs_tol=1e-9)
    assert math.isclose(scn.mutual_information(base=None), scn.mutual_information() * math.log(2))


def test_mi_grows_with_separation_from_zero_to_h_y():
    mis = [TwoGaussianClasses(separation=s).mutual_information() for s in [0, 1, 2, 4, 8, 16]]
    assert mis[0] == 0.0 and all(a < b for a, b in zip(mis, mis[1:]))
    assert 0.999 < mis[-1] <= 1.0


@pytest.mark.parametrize("scn", SCENARIOS, ids=repr)
def test_true_coefficients_give_the_posterior(scn):
    # p(y=1|x) by Bayes' rule with the Gaussian densities, written here
    x, _ = scn.sample(50, seed=3)
    mu0, mu1 = scn.means()
    a = scn.prior * stats.multivariate_normal(mu1, np.eye(scn.dim)).pdf(x)
    c = (1 - scn.prior) * stats.multivariate_normal(mu0, np.eye(scn.dim)).pdf(x)
    assert np.allclose(scn.posterior(x), a / (a + c), rtol=1e-10)


@pytest.mark.parametrize("w, b", [([0.0, 0.0], 0.0), ([1.0, -0.5], 0.3), ([4.0, 3.0], -2.0),
                                  ([12.0, -9.0], 1.0), ([0.2, 0.1], 3.0)])
def test_model_cross_entropy_matches_quadrature(w, b):
    scn = TwoGaussianClasses(separation=2.0, prior=0.4)
    assert math.isclose(scn.cross_entropy(w, b), model_ce_by_quad(scn, np.array(w), b), abs_tol=1e-9)


def test_model_cross_entropy_matches_monte_carlo():
    # no reduction to one dimension here: average the loss over many sampled (x, y)
    scn = TwoGaussianClasses(separation=1.5, prior=0.35, dim=3)
    x, y = scn.sample(400_000, seed=8)
    w, b = np.array([0.7, -0.2, 1.1]), 0.4
    loss = (softplus(x @ w + b) - y * (x @ w + b)) / math.log(2)
    assert abs(scn.cross_entropy(w, b) - loss.mean()) < 4 * loss.std() / math.sqrt(len(y))


def test_cross_entropy_is_vectorised_over_a_trajectory():
    scn = TwoGaussianClasses()
    ws, bs = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]]), np.array([0.0, 0.1, -0.2])
    together = scn.cross_entropy(ws, bs)
    assert together.shape == (3,)
    assert np.allclose(together, [scn.cross_entropy(w, b) for w, b in zip(ws, bs)], rtol=0, atol=1e-14)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 5.0), st.floats(0.05, 0.95),
       st.lists(st.floats(-6, 6), min_size=2, max_size=2), st.floats(-4, 4))
def test_barber_agakov_bound_never_exceeds_the_true_mi(sep, prior, w, b):
    scn = TwoGaussianClasses(separation=sep, prior=prior)
    bound = scn.barber_agakov_bound(np.array(w), b)
    assert bound <= scn.mutual_information() + 1e-9
    assert scn.cross_entropy(np.array(w), b) >= scn.conditional_entropy() - 1e-9


@pytest.mark.parametrize("scn", SCENARIOS, ids=repr)
def test_bound_is_tight_at_the_true_posterior(scn):
    w, b = scn.true_coefficients()
    assert math.isclose(scn.barber_agakov_bound(w, b), scn.mutual_information(), abs_tol=1e-12)


# --------------------------------------------------------------------------
# loss, gradient, training
# --------------------------------------------------------------------------
def test_loss_matches_sklearn_log_loss():
    x, y = TwoGaussianClasses(dim=3).sample(300, seed=2)
    w, b = np.array([0.3, -1.0, 2.0]), -0.4
    q = 1 / (1 + np.exp(-(x @ w + b)))
    assert math.isclose(logistic_loss(x, y, w, b, base=None), log_loss(y, q), rel_tol=1e-10)
    assert math.isclose(logistic_loss(x, y, w, b), log_loss(y, q) / math.log(2), rel_tol=1e-10)


def test_loss_does_not_overflow_for_confident_models():
    x, y = np.array([[1.0], [-1.0]]), np.array([1, 1])
    assert math.isclose(logistic_loss(x, y, [800.0], 0.0, base=None), 400.0, rel_tol=1e-12)


@pytest.mark.parametrize("base", [2, None])
def test_gradient_matches_finite_differences(base):
    x, y = TwoGaussianClasses(dim=3, prior=0.3).sample(200, seed=5)
    w, b = np.array([0.4, -0.3, 0.8]), 0.2
    gw, gb = logistic_gradient(x, y, w, b, base=base)
    h = 1e-6
    for i in range(3):
        e = np.zeros(3)
        e[i] = h
        fd = (logistic_loss(x, y, w + e, b, base=base) - logistic_loss(x, y, w - e, b, base=base)) / (2 * h)
        assert math.isclose(gw[i], fd, rel_tol=1e-6, abs_tol=1e-9)
    fd_b = (logistic_loss(x, y, w, b + h, base=base) - logistic_loss(x, y, w, b - h, base=base)) / (2 * h)
    assert math.isclose(gb, fd_b, rel_tol=1e-6, abs_tol=1e-9)


@pytest.fixture(scope="module")
def trained():
    scn = TwoGaussianClasses(separation=2.0, prior=0.4)
    x, y = scn.sample(2000, seed=0)
    run = train_logistic(x, y, steps=3000, learning_rate=1.0, record_every=10)
    return scn, x, y, run


def test_coefficients_match_sklearn(trained):
    scn, x, y, run = trained
    ref = LogisticRegression(C=1e10, tol=1e-12, max_iter=10_000).fit(x, y)
    assert np.allclose(run.w, ref.coef_[0], atol=1e-4)
    assert math.isclose(run.b, ref.intercept_[0], abs_tol=1e-4)


def test_training_loss_decreases(trained):
    *_, run = trained
    assert math.isclose(run.cross_entropy[0], 1.0, rel_tol=1e-12)  # w = 0: q = 1/2 for everything
    assert np.all(np.diff(run.cross_entropy) <= 1e-12)  # a small enough step never goes uphill
    assert run.steps[0] == 0 and run.steps[-1] == 3000 and len(run.steps) == 301


def test_held_out_cross_entropy_is_above_the_conditional_entropy(trained):
    scn, _, _, run = trained
    x, y = scn.sample(20_000, seed=99)
    s = x @ run.w + run.b
    per_example = (softplus(s) - y * s) / math.log(2)
    se = per_example.std() / math.sqrt(len(y))
    assert logistic_loss(x, y, run.w, run.b) >= scn.conditional_entropy() - 3 * se
    # and the exact (population) cross entropy is above it, and close after training
    population = scn.cross_entropy(run.weights, run.biases)
    assert np.all(population >= scn.conditional_entropy() - 1e-12)
    assert population[-1] - scn.conditional_entropy() < 0.01
    assert population[0] >= scn.entropy_y() - 1e-12


def test_per_example_losses():
    x, y = TwoGaussianClasses().sample(300, seed=5)
    w, b = np.array([0.7, -0.2]), 0.3
    per = logistic_loss(x, y, w, b, per_example=True)
    assert per.shape == (300,) and np.all(per > 0)
    assert math.isclose(per.mean(), logistic_loss(x, y, w, b), rel_tol=1e-12)
    s = x @ w + b
    assert np.allclose(per, (softplus(s) - y * s) / math.log(2), rtol=1e-12)
    assert np.allclose(logistic_loss(x, y, w, b, base=None, per_example=True), per * math.log(2))


def test_replicate_training_is_seeded_and_consistent():
    scn = TwoGaussianClasses()
    a = scn.replicate_training(n=100, steps=30, n_test=500, replicates=3, seed=4)
    b = scn.replicate_training(n=100, steps=30, n_test=500, replicates=3, seed=4)
    assert all(np.array_equal(a[k], b[k]) for k in a) and all(a[k].shape == (3,) for k in a)
    assert np.allclose(a["bound_exact"], scn.entropy_y() - a["expected_loss"])
    assert np.all(a["held_out_se"] > 0) and np.all(a["bound_held_out_se"] > 0)
    x, y = scn.sample(100, seed=4)
    run = train_logistic(x, y, steps=30, learning_rate=0.1)
    assert math.isclose(a["expected_loss"][0], scn.cross_entropy(run.w, run.b), rel_tol=1e-12)


def test_training_is_deterministic(trained):
    _, x, y, run = trained
    again = train_logistic(x, y, steps=3000, learning_rate=1.0, record_every=10)
    assert np.array_equal(again.weights, run.weights)


def test_too_large_a_step_is_reported():
    x, y = TwoGaussianClasses(separation=3.0).sample(100, seed=1)
    with pytest.raises(ValueError, match="^learning_rate 1e\\+307 is too large"):
        train_logistic(x * 1e3, y, steps=50, learning_rate=1e307)


# --------------------------------------------------------------------------
# the discrete identities the chapter states
# --------------------------------------------------------------------------
def kl_bits(p, q):
    return sum(a * (math.log2(a) - math.log2(c)) if c > 0 else math.inf for a, c in zip(p, q) if a > 0)


@st.composite
def joint_and_model(draw):
    pxy = draw(joint_pmfs(max_rows=5, max_cols=5))
    return pxy, draw(stochastic_matrices(*pxy.shape))


@settings(max_examples=200, deadline=None)
@given(joint_and_model())
def test_conditional_cross_entropy_is_conditional_entropy_plus_expected_kl(data):
    pxy, q = data
    px = pxy.sum(axis=1)
    expected_kl = sum(px[i] * kl_bits(pxy[i] / px[i], q[i]) for i in range(len(px)) if px[i] > 0)
    ce = conditional_cross_entropy(pxy, q)
    if math.isinf(expected_kl):
        assert ce == math.inf
    else:
        assert math.isclose(ce, conditional_entropy(pxy) + expected_kl, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(joint_and_model())
def test_barber_agakov_bound_on_discrete_joints(data):
    pxy, q = data
    mi = mutual_information(pxy)
    assert barber_agakov_bound(pxy, q) <= mi + 1e-9
    # tight at the true conditional (rows with p(x) = 0 may be anything)
    px = pxy.sum(axis=1, keepdims=True)
    true_q = np.where(px > 0, pxy / np.where(px > 0, px, 1.0), 1.0 / pxy.shape[1])
    assert math.isclose(barber_agakov_bound(pxy, true_q), mi, abs_tol=1e-9)
    h_y = entropy(pxy.sum(axis=0))
    assert math.isclose(barber_agakov_bound(pxy, q, base=None),
                        h_y * math.log(2) - conditional_cross_entropy(pxy, q, base=None), abs_tol=1e-12)


def test_discrete_hand_values():
    pxy = [[0.25, 0.25], [0.0, 0.5]]
    assert conditional_cross_entropy(pxy, [[0.5, 0.5], [0.5, 0.5]]) == 1.0
    assert conditional_cross_entropy(pxy, [[0.5, 0.5], [1.0, 0.0]]) == math.inf
    assert barber_agakov_bound(pxy, [[0.5, 0.5], [1.0, 0.0]]) == -math.inf


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
X2 = np.zeros((3, 2))


@pytest.mark.parametrize("call, message", [
    (lambda: TwoGaussianClasses(prior=1.0), "^prior must be strictly between 0 and 1"),
    (lambda: TwoGaussianClasses(separation=-1.0), "^separation must be ≥ 0"),
    (lambda: TwoGaussianClasses(dim=0), "^dim must be ≥ 1"),
    (lambda: TwoGaussianClasses().sample(0), "^n must be ≥ 1"),
    (lambda: TwoGaussianClasses().cross_entropy([1.0, 2.0, 3.0], 0.0), "^w must have shape"),
    (lambda: TwoGaussianClasses().cross_entropy([[1.0, 2.0]] * 3, [0.0, 1.0]), "^b must be one number"),
    (lambda: TwoGaussianClasses().posterior(np.zeros((2, 3))), "^x must have 2 columns"),
    (lambda: logistic_loss(np.zeros(3), [0, 1, 0], [0.0], 0.0), "^x must be 2-D"),
    (lambda: logistic_loss(X2, [0, 1], [0.0, 0.0], 0.0), "^y must be 1-D with one label per row"),
    (lambda: logistic_loss(X2, [0, 2, 1], [0.0, 0.0], 0.0), "^y must hold labels 0 and 1 only, got 2"),
    (lambda: logistic_loss(X2, [0, 1, 1], [0.0], 0.0), "^w must have shape \\(2,\\)"),
    (lambda: logistic_loss(X2 + np.nan, [0, 1, 1], [0.0, 0.0], 0.0), "^x has a NaN entry"),
    (lambda: logistic_gradient(X2, [0, 1, 1], [0.0, 0.0], "a"), "^b must be a single number"),
    (lambda: train_logistic(X2, [0, 1, 1], learning_rate=0.0), "^learning_rate must be > 0"),
    (lambda: train_logistic(X2, [0, 1, 1], steps=-1), "^steps must be ≥ 0"),
    (lambda: train_logistic(X2, [0, 1, 1], record_every=0), "^record_every must be ≥ 1"),
    (lambda: TwoGaussianClasses().replicate_training(n_test=1), "^n_test must be ≥ 2"),
    (lambda: TwoGaussianClasses().replicate_training(replicates=1), "^replicates must be ≥ 2"),
    (lambda: TwoGaussianClasses().replicate_training(n=0), "^n must be ≥ 1"),
    (lambda: conditional_cross_entropy([[0.5, 0.5]], [[0.5, 0.6]]), "^q_y_given_x row 0 sums to 1.1"),
    (lambda: conditional_cross_entropy([[0.5, 0.5]], [[1.0]]), "^q_y_given_x must have shape \\(1, 2\\)"),
    (lambda: barber_agakov_bound([[0.5, 0.6]], [[0.5, 0.5]]), "^pxy sums to 1.1"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_public_names_are_exported():
    import infolib
    from infolib import classifier

    for name in classifier.__all__:
        assert getattr(infolib, name) is getattr(classifier, name) and name in infolib.__all__
