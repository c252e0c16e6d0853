"""Facts that chapter 5's referee corrected (rounds 1 and 2), each pinned against an independent computation.

Findings: .referee/rev/ch5_r1/report.md (E1–E3, M1–M4, G1–G6) and ch5_r2/report.md (M1, M2, G4,
minor remark 1).  The reference values come from
scipy, scikit-learn, numpy brute force or closed forms, never from the infolib function under test.
"""
import math
from functools import reduce

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

import infolib
from infolib.classifier import TwoGaussianClasses, barber_agakov_bound, conditional_cross_entropy

LN2 = math.log(2)


def ce_bits(p, q):
    """H(p, q) by brute force: sum over p > 0, inf where q = 0 < p."""
    total = 0.0
    for a, c in zip(p, q):
        if a > 0:
            if c == 0:
                return math.inf
            total -= a * math.log2(c)
    return total


def shannon_lengths(q):
    """ceil(-log2 q), with a guard against -log2 of an exact power of two landing just above k."""
    q = np.asarray(q, float)
    with np.errstate(divide="ignore"):
        return np.ceil(-np.log2(q) - 1e-9)


@st.composite
def pmf_pairs(draw, min_size=1, max_size=8, positive_q=False):
    k = draw(st.integers(min_size, max_size))
    w = st.floats(0.0, 1.0, allow_nan=False)
    a = np.array(draw(st.lists(w, min_size=k, max_size=k)))
    b = np.array(draw(st.lists(st.floats(0.01, 1.0) if positive_q else w, min_size=k, max_size=k)))
    if a.sum() < 1e-6 or b.sum() < 1e-6:
        a, b = np.ones(k), np.ones(k)
    return a / a.sum(), b / b.sum()


# ---------------------------------------------------------------------------
# E1 and G5: the definition, the decomposition and its finiteness hypothesis
# ---------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(pmf_pairs())
def test_decomposition_on_finite_sets_against_scipy(pq):
    """H(p, q) = H(p) + D_KL(p‖q) (scipy.stats.entropy gives both), ≥ H(p), inf iff q = 0 < p."""
    p, q = pq
    h = stats.entropy(p, base=2)
    kl = stats.entropy(p, q, base=2)
    ce = infolib.cross_entropy(p, q)
    if math.isinf(kl):
        assert ce == math.inf and ce_bits(p, q) == math.inf
    else:
        assert math.isclose(ce, h + kl, rel_tol=1e-9, abs_tol=1e-9)
        assert ce >= h - 1e-12


@settings(max_examples=200, deadline=None)
@given(pmf_pairs(min_size=2))
def test_gibbs_on_a_finite_restriction(pq):
    """The step used for H(p) = ∞: −Σ_A p log q ≥ −Σ_A p log p + p(A) log p(A) on any set A."""
    p, q = pq
    a = np.arange(p.size) < max(1, p.size // 2)   # the first half of the values
    pa, qa = p[a], q[a]
    if pa.sum() == 0:
        return
    lhs = ce_bits(pa, qa)
    used = pa > 0
    rhs = -np.sum(pa[used] * np.log2(pa[used])) + pa.sum() * math.log2(pa.sum())
    assert lhs >= rhs - 1e-9


def test_terms_with_p_zero_contribute_nothing_even_where_q_is_zero():
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = -np.sum(np.array([0.5, 0.5, 0.0]) * np.log2([0.5, 0.5, 0.0]))
    assert math.isnan(naive)                       # 0 · log 0 computed naively
    assert infolib.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 1.0
    assert infolib.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf


# ---------------------------------------------------------------------------
# E2, E3 and M1: codes built for the wrong model
# ---------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(pmf_pairs(positive_q=True))
def test_shannon_code_for_q_within_one_bit_of_the_cross_entropy(pq):
    p, q = pq
    lengths = shannon_lengths(q)
    assert np.sum(2.0 ** -lengths) <= 1 + 1e-12      # Kraft
    L = float(np.sum(p * lengths))
    ce = ce_bits(p, q)
    assert ce - 1e-9 <= L < ce + 1
    assert math.isclose(infolib.expected_code_length(p, infolib.shannon_code_lengths(q)), L,
                        rel_tol=1e-12, abs_tol=1e-12)


def test_a_symbol_without_codeword_cannot_be_encoded():
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert infolib.shannon_code_lengths(q)[1] == math.inf
    assert infolib.expected_code_length(p, infolib.shannon_code_lengths(q)) == math.inf


def test_dyadic_code_of_the_exercise():
    d = [1 / 2, 1 / 4, 1 / 8, 1 / 8]
    assert infolib.shannon_code_lengths(d).tolist() == [1, 2, 3, 3]
    assert infolib.expected_code_length(d, [1, 2, 3, 3]) == 1.75 == stats.entropy(d, base=2)


def test_wrong_model_can_give_a_cheaper_single_symbol_code():
    """p = (0.6, 0.4), q = fair coin: the code for q costs 1.0 bit, the code for p 1.4, D = 0.029."""
    p, q = np.array([0.6, 0.4]), np.array([0.5, 0.5])
    lp, lq = shannon_lengths(p), shannon_lengths(q)
    assert lp.tolist() == [1, 2] and lq.tolist() == [1, 1]
    assert math.isclose(p @ lp, 1.4) and math.isclose(p @ lq, 1.0)
    kl = stats.entropy(p, q, base=2)
    assert math.isclose(kl, 0.6 * math.log2(1.2) + 0.4 * math.log2(0.8))
    assert round(kl, 3) == 0.029 and p @ lq - p @ lp < 0 < kl


WEATHER_P = np.array([0.60, 0.25, 0.10, 0.05])
WEATHER_Q = np.array([0.15, 0.40, 0.35, 0.10])


def test_weather_single_symbol_excesses_are_not_the_divergence():
    p, q = WEATHER_P, WEATHER_Q
    kl = stats.entropy(p, q, base=2)
    sh_p, sh_q = p @ shannon_lengths(p), p @ shannon_lengths(q)
    assert (sh_p, sh_q) == pytest.approx((1.75, 2.70))
    assert round(kl, 3) == 0.800
    assert round(sh_q - stats.entropy(p, base=2), 3) == 1.210 and round(sh_q - sh_p, 3) == 0.950
    # Huffman lengths by hand: p → (1, 2, 3, 3), q → (3, 1, 2, 3) up to ties; expected 1.55 and 2.40
    assert infolib.expected_code_length(p, infolib.huffman_code_lengths(p)) == pytest.approx(1.55)
    assert infolib.expected_code_length(p, infolib.huffman_code_lengths(q)) == pytest.approx(2.40)


@pytest.mark.parametrize("m", [1, 2, 3, 4, 6])
def test_block_codes_approach_the_divergence(m):
    """Per symbol, the Shannon code for q^m lies in [H(p,q), H(p,q) + 1/m), the extra cost in (D − 1/m, D + 1/m)."""
    p, q = WEATHER_P, WEATHER_Q
    pm, qm = (reduce(np.multiply.outer, [r] * m).ravel() for r in (p, q))
    lp, lq = pm @ shannon_lengths(pm) / m, pm @ shannon_lengths(qm) / m
    h, ce = stats.entropy(p, base=2), ce_bits(p, q)
    kl = ce - h
    assert h - 1e-9 <= lp < h + 1 / m and ce - 1e-9 <= lq < ce + 1 / m
    assert kl - 1 / m < lq - lp < kl + 1 / m


# ---------------------------------------------------------------------------
# M2: accuracy does not order the Barber–Agakov bounds
# ---------------------------------------------------------------------------
def test_equal_accuracy_very_different_bounds():
    pxy = np.array([[0.40, 0.10], [0.05, 0.45]])
    p_y = pxy.sum(axis=0)
    h_y = -np.sum(p_y * np.log2(p_y))

    def bound(q):
        return h_y + float(np.sum(pxy * np.log2(q)))

    exact = pxy / pxy.sum(axis=1, keepdims=True)
    models = {"rough": np.array([[0.7, 0.3], [0.3, 0.7]]), "exact": exact,
              "overconfident": np.array([[0.999, 0.001], [0.001, 0.999]])}
    for q in models.values():
        assert np.array_equal(q.argmax(axis=1), [0, 1])      # same decisions: accuracy 0.85
        assert math.isclose(barber_agakov_bound(pxy, q), bound(q), abs_tol=1e-12)
    assert math.isclose(pxy[0, 0] + pxy[1, 1], 0.85)
    assert round(bound(models["rough"]), 3) == 0.295
    assert round(bound(exact), 3) == 0.397
    assert round(bound(models["overconfident"]), 3) == -0.503
    # a hard 0/1 classifier with the same decisions: −inf
    assert barber_agakov_bound(pxy, [[1.0, 0.0], [0.0, 1.0]]) == -math.inf
    # ignoring x: bound 0 at accuracy 0.55
    assert math.isclose(barber_agakov_bound(pxy, [p_y, p_y]), 0.0, abs_tol=1e-12)
    assert math.isclose(conditional_cross_entropy(pxy, [p_y, p_y]), h_y, rel_tol=1e-12)


# ---------------------------------------------------------------------------
# M3: a sigmoid is exactly 1 in floating point for large logits
# ---------------------------------------------------------------------------
def test_sigmoid_rounds_to_one_in_floating_point():
    def sig(s, dtype):
        s = dtype(s)
        return dtype(1) / (dtype(1) + np.exp(-s))

    threshold64, threshold32 = 53 * LN2, 24 * LN2
    assert sig(threshold64 - 0.05, np.float64) < 1.0 and sig(threshold64 + 0.05, np.float64) == 1.0
    assert sig(threshold32 - 0.05, np.float32) < 1.0 and sig(threshold32 + 0.05, np.float32) == 1.0
    assert sig(37.0, np.float64) == 1.0 and sig(36.0, np.float64) < 1.0
    with np.errstate(divide="ignore"):
        naive = -np.log2(1.0 - sig(40.0, np.float64))
    assert naive == math.inf
    exact = math.log2(1.0 + math.exp(40.0))                    # the true loss of label 0 at s = 40
    assert math.isclose(infolib.logistic_loss([[40.0]], [0], [1.0], 0.0), exact, rel_tol=1e-12)
    assert math.isclose(exact, 40 / LN2, rel_tol=1e-15)


# ---------------------------------------------------------------------------
# G1, G2: the scenario's conditional entropy, the logistic posterior, the mixed MI
# ---------------------------------------------------------------------------
SCN = TwoGaussianClasses(separation=2.0)


def binary_h(t):
    return -sum(v * math.log2(v) for v in (t, 1 - t) if v > 0)


def test_conditional_entropy_is_the_average_coin_entropy():
    """H(Y|X) = E h(σ(2Z)), Z ~ N(±1, 1) (fair prior): 0.51406 bits; I = 0.48594 bits."""
    f = lambda z: 0.5 * (stats.norm.pdf(z, 1) + stats.norm.pdf(z, -1)) * binary_h(expit(2 * z))
    h_yx = integrate.quad(f, -40, 40, epsabs=1e-13, limit=400)[0]
    assert round(h_yx, 5) == 0.51406
    assert math.isclose(SCN.conditional_entropy(), h_yx, abs_tol=1e-9)
    assert math.isclose(SCN.mutual_information(), 1 - h_yx, abs_tol=1e-9)


def test_equal_covariances_make_the_log_odds_linear():
    mu0, mu1 = np.full(2, -1 / math.sqrt(2)), np.full(2, 1 / math.sqrt(2))
    x = np.random.default_rng(3).normal(size=(50, 2)) * 3
    log_odds = (stats.multivariate_normal(mu1, np.eye(2)).logpdf(x)
                - stats.multivariate_normal(mu0, np.eye(2)).logpdf(x))
    assert np.allclose(log_odds, x @ (mu1 - mu0), atol=1e-10)
    assert np.allclose(SCN.posterior(x), expit(log_odds), atol=1e-12)
    # with unequal covariances the log-odds has a quadratic part: no linear fit reproduces it
    lo2 = (stats.multivariate_normal(mu1, 2 * np.eye(2)).logpdf(x)
           - stats.multivariate_normal(mu0, np.eye(2)).logpdf(x))
    design = np.c_[x, np.ones(len(x))]
    resid = lo2 - design @ np.linalg.lstsq(design, lo2, rcond=None)[0]
    assert np.abs(resid).max() > 1.0


def test_mixed_mutual_information_is_entropy_drop():
    """Σ_y p(y) ∫ p(x|y) log2 p(x|y)/p(x) dx (along the axis of the means) = H(Y) − H(Y|X)."""
    def term(sign):
        def f(z):
            la, lb = stats.norm.logpdf(z, sign), stats.norm.logpdf(z, -sign)
            return math.exp(la) * (la - np.logaddexp(la, lb) + LN2) / LN2
        return integrate.quad(f, -40, 40, epsabs=1e-13, limit=400)[0]
    mi = 0.5 * term(1.0) + 0.5 * term(-1.0)
    assert math.isclose(mi, SCN.entropy_y() - SCN.conditional_entropy(), abs_tol=1e-9)


# ---------------------------------------------------------------------------
# M4, G3, G4: training loss, held-out loss and their uncertainty
# ---------------------------------------------------------------------------
def test_training_loss_can_fall_below_the_floor_the_expected_loss_cannot():
    """sklearn's unpenalised logistic regression on 500 examples: its training log loss is below
    H(Y|X) for some seeds, while its exact expected loss never is."""
    h_yx = SCN.conditional_entropy()
    below = 0
    for seed in range(10):
        x, y = SCN.sample(500, seed=seed)
        fit = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(x, y)
        train = log_loss(y, fit.predict_proba(x)) / LN2
        below += train < h_yx
        assert SCN.cross_entropy(fit.coef_[0], fit.intercept_[0]) >= h_yx - 1e-12
    assert below >= 1


@pytest.fixture(scope="module")
def reps():
    return SCN.replicate_training(n=300, steps=100, learning_rate=0.5, n_test=5000, replicates=6, seed=7)


def test_replicates_against_sklearn_and_scipy(reps):
    for k in range(6):
        x, y = SCN.sample(300, seed=7 + 2 * k)
        run = infolib.train_logistic(x, y, steps=100, learning_rate=0.5)
        xt, yt = SCN.sample(5000, seed=7 + 2 * k + 1)
        prob = expit(xt @ run.w + run.b)
        per = -(yt * np.log2(prob) + (1 - yt) * np.log2(1 - prob))
        assert math.isclose(reps["held_out_loss"][k], log_loss(yt, prob) / LN2, rel_tol=1e-9)
        assert math.isclose(reps["held_out_se"][k], per.std(ddof=1) / math.sqrt(5000), rel_tol=1e-6)
        assert math.isclose(reps["training_loss"][k], run.cross_entropy[-1], rel_tol=1e-12)
        h_hat = stats.entropy(np.bincount(yt, minlength=2), base=2)
        assert math.isclose(reps["bound_held_out"][k], h_hat - log_loss(yt, prob) / LN2, abs_tol=1e-9)
        h_train = stats.entropy(np.bincount(y, minlength=2), base=2)
        assert math.isclose(reps["bound_training"][k], h_train - run.cross_entropy[-1], abs_tol=1e-9)
        assert math.isclose(reps["bound_exact"][k], 1.0 - reps["expected_loss"][k], abs_tol=1e-12)
    assert np.all(reps["expected_loss"] >= SCN.conditional_entropy() - 1e-12)


def test_plug_in_label_entropy_is_biased_down():
    """E[Ĥ(Y)] < H(Y) for m labels from a fair coin, by exact binomial expectation."""
    for m in (10, 100, 1000):
        k = np.arange(m + 1)
        mean = np.sum(stats.binom.pmf(k, m, 0.5) * np.array([binary_h(v / m) for v in k]))
        assert mean < 1.0
        assert math.isclose(1.0 - mean, 1 / (2 * m * LN2), rel_tol=0.1 if m >= 100 else 0.5)


# ===========================================================================
# Round 2 (.referee/rev/ch5_r2/report.md): M1, M2, G4 and the first minor remark
# ===========================================================================
def test_step_label_is_approached_though_no_member_equals_it():
    """[R2 M1] Y = 1{X > 0}, X ~ N(0, 1): H(Y|X) = 0, no σ(w x) equals the step, but the expected
    loss E log2(1 + e^{-w|X|}) (quadrature) is > 0 for every w and tends to 0 as w grows."""
    def expected_loss(w):
        f = lambda x: 2 * stats.norm.pdf(x) * np.logaddexp(0.0, -w * x) / LN2
        return integrate.quad(f, 0, 40, epsabs=1e-14, limit=400)[0]
    losses = [expected_loss(w) for w in [1.0, 10.0, 100.0, 1000.0]]
    assert all(v > 0 for v in losses)
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert losses[-1] < 1e-3
    # the logistic loss of infolib on a sample agrees with the quadrature at w = 10
    x = np.random.default_rng(5).normal(size=(200_000, 1))
    y = (x[:, 0] > 0).astype(int)
    sample = infolib.logistic_loss(x, y, [10.0], 0.0, per_example=True)
    assert abs(sample.mean() - losses[1]) < 4 * sample.std(ddof=1) / math.sqrt(sample.size)


def test_where_an_overconfident_and_a_timid_model_lose_their_bits():
    """[R2 M2] In the discrete channel the overconfident model pays less than the exact one on the
    examples it gets right, about 10 bits on each it gets wrong, and at each x more in expectation
    by D_KL(p(·|x) ‖ q(·|x)) (scipy); a timid model pays more on every right example."""
    pxy = np.array([[0.40, 0.10], [0.05, 0.45]])
    exact = pxy / pxy.sum(axis=1, keepdims=True)
    over = np.array([[0.999, 0.001], [0.001, 0.999]])
    timid = np.array([[0.7, 0.3], [0.3, 0.7]])
    right = np.eye(2, dtype=bool)                       # the decision is label x, the Bayes decision
    for q in (over, timid):
        assert np.array_equal(q.argmax(axis=1), exact.argmax(axis=1))
    assert np.all(-np.log2(over[right]) < -np.log2(exact[right]))
    assert np.allclose(-np.log2(over[~right]), -math.log2(0.001)) and round(-math.log2(0.001), 2) == 9.97
    assert np.all(-np.log2(timid[right]) > -np.log2(exact[right]))
    assert math.isclose(pxy[~right].sum(), 0.15)
    for q in (over, timid):
        excess = [np.sum(exact[i] * (np.log2(exact[i]) - np.log2(q[i]))) for i in range(2)]
        assert np.allclose(excess, [stats.entropy(exact[i], q[i], base=2) for i in range(2)])
        assert min(excess) > 0


def test_logistic_loss_is_at_most_linear_so_its_variance_is_finite():
    """[R2 G4] log2(1 + e^{∓s}) ≤ 1 + |s|/ln 2, and in the scenario the variance of the loss of
    σ(w*·x) (quadrature over Z = (X1 + X2)/√2 ~ N(±1, 1)) is finite and matches a sample."""
    rng = np.random.default_rng(11)
    x = rng.normal(size=(10_000, 2)) * rng.choice([1.0, 30.0], size=(10_000, 1))
    y = rng.integers(0, 2, size=10_000)
    w, b = np.array([3.0, -1.5]), 0.7
    s = x @ w + b
    loss = infolib.logistic_loss(x, y, w, b, per_example=True)
    assert np.all(loss <= 1 + np.abs(s) / LN2 + 1e-12)

    def moment(k):
        # label 1 with Z ~ N(1, 1) and label 0 with Z ~ N(-1, 1) give the same loss distribution
        f = lambda z: stats.norm.pdf(z, 1) * (np.logaddexp(0.0, -2 * z) / LN2) ** k
        return integrate.quad(f, -40, 40, epsabs=1e-13, limit=400)[0]
    m1, m2 = moment(1), moment(2)
    assert math.isclose(m1, SCN.conditional_entropy(), abs_tol=1e-8)
    var = m2 - m1 ** 2
    assert 0 < var < math.inf
    xs, ys = SCN.sample(200_000, seed=12)
    sample = infolib.logistic_loss(xs, ys, [math.sqrt(2)] * 2, 0.0, per_example=True)
    assert abs(sample.var(ddof=1) - var) < 0.02 * var


def huffman_lengths(q):
    """Codeword lengths of a binary Huffman code (heapq), over the entries with q > 0."""
    import heapq
    heap = [(v, [i]) for i, v in enumerate(q) if v > 0]
    lengths = np.zeros(len(q))
    if len(heap) == 1:
        lengths[heap[0][1]] = 1
        return lengths
    heapq.heapify(heap)
    while len(heap) > 1:
        a, ia = heapq.heappop(heap)
        b, ib = heapq.heappop(heap)
        lengths[ia + ib] += 1
        heapq.heappush(heap, (a + b, ia + ib))
    return lengths


def test_largest_standard_error_of_the_coding_cost_figure():
    """[R2 minor 1] sd of the codeword length under p over √20 000, along q_λ: the maximum over a
    fine grid of λ, for Shannon and Huffman codes, is 0.0083 bits, at the Shannon code for p."""
    p = np.array([0.60, 0.25, 0.10, 0.05])
    q = np.array([0.15, 0.40, 0.35, 0.10])

    def se(lengths):
        return math.sqrt(p @ lengths ** 2 - (p @ lengths) ** 2) / math.sqrt(20_000)
    fine = np.linspace(0, 1, 1001)
    ses = [se(f((1 - t) * p + t * q)) for t in fine for f in (shannon_lengths, huffman_lengths)]
    top = max(ses)
    assert round(top, 4) == 0.0083
    assert math.isclose(top, se(shannon_lengths(p)))
    assert math.isclose(top, math.sqrt(1.3875 / 20_000))
    # the 11 steps the figure uses contain the maximum; infolib's codes give the same lengths
    for t in np.linspace(0, 1, 11):
        m = (1 - t) * p + t * q
        assert np.array_equal(infolib.code_lengths(m, "shannon"), shannon_lengths(m))
        assert math.isclose(p @ infolib.code_lengths(m, "huffman"), p @ huffman_lengths(m))


def test_fitting_is_optimistic_beyond_sampling_noise():
    """R13 M1/M2: the true p(y|x) on a training set of 500 falls below H(Y|X) about half the time
    (noise alone); the maximum-likelihood fit (sklearn, unpenalised) is below the true model on its
    own examples every time, by about d/(2n) nats on average (Wilks: 2n·gap ~ χ²_3)."""
    h_yx, w_star = SCN.conditional_entropy(), math.sqrt(2.0) * np.ones(2)
    below, scaled_gaps = 0, []
    for seed in range(2000, 2060):
        x, y = SCN.sample(500, seed=seed)
        p1 = expit(x @ w_star)
        true_nats = -np.mean(np.where(y == 1, np.log(p1), np.log1p(-p1)))
        fit = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(x, y)
        gap = true_nats - log_loss(y, fit.predict_proba(x))
        assert gap >= -1e-9
        scaled_gaps.append(2 * 500 * gap)
        below += true_nats / LN2 < h_yx
    assert 18 <= below <= 42                      # about half of 60
    assert abs(np.mean(scaled_gaps) - 3) < 1.0    # χ²_3 has mean 3; SE ≈ √6/√60 ≈ 0.32


def test_chapter_paired_comparison_uses_the_replicates_training_sets():
    """The chapter rebuilds the training sets of replicate_training(seed=1000) as sample(500, 1000 + 2k);
    the fitted minus true training loss on them is below 0 in most sets (gradient descent, 300 steps)."""
    reps = SCN.replicate_training(n=500, steps=300, learning_rate=0.1, n_test=100, replicates=20, seed=1000)
    w_star = math.sqrt(2.0) * np.ones(2)
    gaps = []
    for k in range(20):
        x, y = SCN.sample(500, seed=1000 + 2 * k)
        p1 = expit(x @ w_star)
        true_bits = -np.mean(np.where(y == 1, np.log2(p1), np.log2(1 - p1)))
        gaps.append(reps["training_loss"][k] - true_bits)
    gaps = np.array(gaps)
    assert np.sum(gaps < 0) >= 17 and -0.0043 - 0.003 < gaps.mean() < 0
