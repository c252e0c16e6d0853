"""Facts that chapter 1 (the car) states after the referee report (issue #12), pinned against
independent computations: closed forms written here, scipy.stats, or sums over cells of scipy's
bivariate normal CDF — never a value copied from infolib.
"""
import math
from pathlib import Path

import nbformat
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import infolib
from infolib import plots

pytestmark = pytest.mark.filterwarnings("error")
PROPS = settings(max_examples=100, deadline=None)
NOTEBOOK = Path(__file__).resolve().parents[1] / "book" / "01_intuition.ipynb"
LN2 = math.log(2)
KMH_PER_MS = 3.6
sds = st.floats(0.2, 30.0)


def _text():
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, 4).cells)


def moments(sd_s, sd_g, sd_v=10.0):
    """Covariance of (V_s, V_g) from the model V_s = V + e_s, V_g = V + e_g, written out here."""
    return np.array([[sd_v**2 + sd_s**2, sd_v**2], [sd_v**2, sd_v**2 + sd_g**2]])


def h_normal_bits(sd):
    return float(scipy.stats.norm(scale=sd).entropy()) / LN2


def mi_by_scipy(cov):
    """h(X) + h(Y) - h(X, Y), every entropy by scipy (nats), in bits."""
    hx = scipy.stats.norm(scale=math.sqrt(cov[0, 0])).entropy()
    hy = scipy.stats.norm(scale=math.sqrt(cov[1, 1])).entropy()
    hxy = scipy.stats.multivariate_normal(cov=cov).entropy()
    return float(hx + hy - hxy) / LN2


# --- M1: differential entropy depends on the unit; mutual information does not ---------------
@PROPS
@given(sds, sds)
def test_entropies_shift_by_log_of_the_unit_and_mi_does_not(sd_s, sd_g):
    kmh = infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g)
    ms = infolib.Car(speedometer_sd=sd_s / KMH_PER_MS, gps_sd=sd_g / KMH_PER_MS,
                     speed_mean=60 / KMH_PER_MS, speed_sd=10 / KMH_PER_MS)
    shift = math.log2(KMH_PER_MS)
    assert kmh.speedometer_entropy() - ms.speedometer_entropy() == pytest.approx(shift, abs=1e-9)
    assert (kmh.speedometer_conditional_entropy() - ms.speedometer_conditional_entropy()
            == pytest.approx(shift, abs=1e-9))
    assert kmh.mutual_information() == pytest.approx(ms.mutual_information(), abs=1e-12)


def test_the_numbers_of_the_units_paragraph():
    sd = math.sqrt(10.0**2 + 5.0**2)
    assert infolib.Car().speedometer_entropy() == pytest.approx(h_normal_bits(sd), abs=1e-12)
    assert h_normal_bits(sd) == pytest.approx(5.53, abs=5e-3)
    assert h_normal_bits(sd / KMH_PER_MS) == pytest.approx(3.68, abs=5e-3)
    # a narrow reading has negative differential entropy
    assert infolib.gaussian_entropy(0.1) == pytest.approx(h_normal_bits(0.1), abs=1e-12)
    assert h_normal_bits(0.1) == pytest.approx(-1.27, abs=5e-3) and h_normal_bits(0.1) < 0


@pytest.mark.parametrize("width", [1.0, 0.1])
def test_locating_the_reading_within_a_cell_takes_about_h_minus_log_width(width):
    """H(V_s rounded to cells of width Δ) ≈ h(V_s) − log2 Δ; cells from scipy's normal CDF."""
    sd = math.sqrt(125.0)
    edges = np.arange(60 - 12 * sd, 60 + 12 * sd + width, width)
    p = np.diff(scipy.stats.norm(60, sd).cdf(edges))
    p = p[p > 0]
    H = float(-(p * np.log2(p)).sum())
    assert H == pytest.approx(h_normal_bits(sd) - math.log2(width), abs=1e-3)


# --- M2: I = h(V_s) - h(V_s|V_g) is the entropy identity; for Gaussians log2 of the spread ratio
@PROPS
@given(sds, sds)
def test_entropy_difference_is_the_mutual_information(sd_s, sd_g):
    car = infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g)
    cov = moments(sd_s, sd_g)
    expected = mi_by_scipy(cov)
    assert car.speedometer_entropy() - car.speedometer_conditional_entropy() == pytest.approx(
        expected, abs=1e-9)
    rho2 = cov[0, 1] ** 2 / (cov[0, 0] * cov[1, 1])
    assert car.mutual_information() == pytest.approx(-0.5 * math.log2(1 - rho2), abs=1e-9)
    # I = log2(spread before / spread after), the conditional spread by the regression formula
    before = math.sqrt(cov[0, 0])
    after = math.sqrt(cov[0, 0] - cov[0, 1] ** 2 / cov[1, 1])
    assert car.mutual_information() == pytest.approx(math.log2(before / after), abs=1e-9)
    assert car.speedometer_given_gps(75.0)[1] == pytest.approx(after, rel=1e-12)


def test_spread_ratio_of_the_try_this():
    before, after = math.sqrt(125.0), math.sqrt(125.0 - 100.0**2 / 125.0)
    assert before / after == pytest.approx(1.67, abs=5e-3)
    assert math.log2(before / after) == pytest.approx(0.74, abs=5e-3)


def test_the_widget_title_shows_unit_free_numbers_only():
    fig = plots.car_readings(speedometer_sd=5.0, gps_sd=5.0, n=200)
    title = fig._suptitle.get_text()
    assert "mutual information 0.74 bits" in title
    assert "11.2" in title and "6.7" in title and "km/h" in title
    assert "uncertainty" not in title and "5.53" not in title  # no differential entropy in bits


# --- symmetry: swapping the noise levels swaps the instruments --------------------------------
@PROPS
@given(sds, sds)
def test_swapping_the_noise_levels(sd_s, sd_g):
    one = infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g)
    other = infolib.Car(speedometer_sd=sd_g, gps_sd=sd_s)
    assert one.mutual_information() == pytest.approx(other.mutual_information(), abs=1e-12)
    # h(V_s) in one setting is h(V_g) in the other
    assert one.speedometer_entropy() == pytest.approx(
        h_normal_bits(math.sqrt(moments(sd_g, sd_s)[1, 1])), abs=1e-9)


# --- M3 / G1: the quantised tables rise towards the continuous value ----------------------------
def cell_table(bins, span=4.0, rho=0.8):
    """Cell probabilities of a standard bivariate normal on the chapter's grid, by scipy's CDF."""
    cut = np.linspace(-span, span, bins + 1)
    cut[0], cut[-1] = -40.0, 40.0                            # stands for ±inf
    F = scipy.stats.multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]])
    grid = F.cdf(np.dstack(np.meshgrid(cut, cut, indexing="ij")))
    p = np.diff(np.diff(grid, axis=0), axis=1)
    return np.clip(p, 0, None) / np.clip(p, 0, None).sum()


def mi_of_table(p):
    px, py = p.sum(1, keepdims=True), p.sum(0, keepdims=True)
    m = p > 0
    return float((p[m] * np.log2(p[m] / (px * py)[m])).sum())


@pytest.mark.parametrize("bins", [4, 8])
def test_joint_pmf_matches_scipy_cells(bins):
    pxy, _, _ = infolib.Car().joint_pmf(bins=bins)
    assert np.abs(pxy - cell_table(bins)).max() < 1e-6


def test_quantised_information_rises_and_stays_below_the_exact_value():
    exact = -0.5 * math.log2(1 - 0.8**2)
    values = [mi_of_table(infolib.Car().joint_pmf(bins=b)[0]) for b in [4, 8, 16, 32, 64, 128]]
    assert all(a < b for a, b in zip(values, values[1:]))   # refining never loses (DPI)
    assert values[-1] < exact and exact - values[-1] < 1e-3  # "within a thousandth of a bit"
    assert mi_of_table(cell_table(8)) == pytest.approx(values[1], abs=1e-5)


# --- exercises -------------------------------------------------------------------------------
@PROPS
@given(sds)
def test_perfect_gps(sd_s):
    expected = 0.5 * math.log2(1 + 10.0**2 / sd_s**2)
    assert infolib.Car(speedometer_sd=sd_s, gps_sd=0.0).mutual_information() == pytest.approx(
        expected, abs=1e-9)


@PROPS
@given(sds, sds)
def test_true_speed_carries_more_than_the_gps(sd_s, sd_g):
    """DPI for the chain V_s → V → V_g, strict for sd_g > 0: closed forms written here."""
    about_speed = 0.5 * math.log2(1 + 100.0 / sd_s**2)
    rho2 = 100.0**2 / ((100.0 + sd_s**2) * (100.0 + sd_g**2))
    about_gps = -0.5 * math.log2(1 - rho2)
    assert about_gps < about_speed
    assert infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g).mutual_information() == pytest.approx(
        about_gps, abs=1e-9)


def test_markov_chain_given_the_speed_by_simulation():
    """Given V the readings are independent: the partial correlation of V_s and V_g given V is 0."""
    r = infolib.Car().sample(200_000, seed=5)
    res_s = r.speedometer - np.polyval(np.polyfit(r.speed, r.speedometer, 1), r.speed)
    res_g = r.gps - np.polyval(np.polyfit(r.speed, r.gps, 1), r.speed)
    assert abs(np.corrcoef(res_s, res_g)[0, 1]) < 4 / math.sqrt(200_000)


def test_uncorrelated_but_dependent():
    x = np.array([-1, 0, 1])
    assert float(np.mean(x * x**2) - np.mean(x) * np.mean(x**2)) == 0.0
    table = np.array([[0, 1], [1, 0], [0, 1]]) / 3
    expected = float(scipy.stats.entropy([1 / 3, 2 / 3], base=2))
    assert mi_of_table(table) == pytest.approx(expected, abs=1e-12)
    assert infolib.mutual_information(table) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.918, abs=5e-4)


def test_broken_gps_correlation_within_its_standard_error():
    broken = infolib.Car(gps_working=False)
    assert broken.mutual_information() == 0.0
    r = broken.sample(100_000, seed=2)
    assert abs(np.corrcoef(r.speedometer, r.gps)[0, 1]) < 3 / math.sqrt(100_000)


# --- the chapter's text ---------------------------------------------------------------------
def test_chapter_text_after_the_referee():
    text = _text()
    for gone in ["holds for Gaussians only", "The general definition", "I(v_s; v_g)", "h(v_s",
                 "eq-mi-definition", "uncertainty about the speedometer falls"]:
        assert gone not in text, gone
    for label in ["def-mi", "def-continuous-mi", "def-differential-entropy", "thm-definitions-dpi",
                  "def-markov-chain", "thm-definitions-mi-identities",
                  "thm-definitions-continuous-mi-identities", "thm-definitions-gaussian-mi",
                  "thm-definitions-scaling", "thm-definitions-quantisation",
                  "thm-definitions-mi-nonnegative"]:
        assert f"{{prf:ref}}`{label}`" in text, label
    assert "I(V_s; V_g)" in text and "V_s \\to V \\to V_g" in text


# --- second referee (.referee/rev/ch1_r1/report.md) ------------------------------------------
def test_one_observation_can_raise_uncertainty_but_not_the_average():
    """R1 M1: the warning light. P(on) = 1/4; off → prints 0; on → prints 0 or 1 equally."""
    before = float(scipy.stats.entropy([7 / 8, 1 / 8], base=2))
    after_on = float(scipy.stats.entropy([1 / 2, 1 / 2], base=2))
    average_after = 3 / 4 * 0.0 + 1 / 4 * after_on
    assert after_on > before                                 # this observation raises it
    assert average_after < before                            # the average never does
    assert before == pytest.approx(0.54, abs=5e-3) and average_after == 0.25
    light = np.array([[3 / 4, 0], [1 / 8, 1 / 8]])
    assert infolib.entropy(light.sum(axis=0)) == pytest.approx(before, abs=1e-12)
    assert infolib.conditional_entropy(light) == pytest.approx(average_after, abs=1e-12)
    assert mi_of_table(light) == pytest.approx(before - average_after, abs=1e-12)


@PROPS
@given(sds, sds, st.floats(0.1, 10.0))
def test_information_depends_only_on_the_noise_ratios(sd_s, sd_g, scale):
    """R1 M2: scaling σ_V, σ_s, σ_g together leaves I unchanged (closed form written here)."""
    def closed(sd_s, sd_g, sd_v):
        v = sd_v**2
        return -0.5 * math.log2(1 - v**2 / ((v + sd_s**2) * (v + sd_g**2)))
    base = infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g).mutual_information()
    scaled = infolib.Car(speedometer_sd=scale * sd_s, gps_sd=scale * sd_g,
                         speed_sd=scale * 10.0).mutual_information()
    assert base == pytest.approx(scaled, rel=1e-9, abs=1e-12)
    assert base == pytest.approx(closed(sd_s, sd_g, 10.0), rel=1e-9, abs=1e-12)


def test_information_grows_without_bound_as_the_speed_spreads():
    """R1 M2: fixed noise, σ_V → ∞: I grows without bound."""
    values = [infolib.Car(speedometer_sd=5.0, gps_sd=5.0, speed_sd=s).mutual_information()
              for s in [10.0, 1e2, 1e3, 1e4]]
    assert all(a < b for a, b in zip(values, values[1:]))
    assert values[-1] > 10.0


def test_fixed_outer_cells_stay_below_the_exact_value_in_the_limit():
    """R1 M4: the limit of the chapter's grids (±4 sd, open outer cells fixed) is the information
    of the readings with each tail lumped into one value; Gauss–Legendre and scipy, here."""
    rho, L = 0.8, 4.0
    exact = -0.5 * math.log2(1 - rho**2)
    x, w = np.polynomial.legendre.leggauss(400)
    x, w = L * x, L * w
    phi = scipy.stats.norm.pdf(x)
    s = math.sqrt(1 - rho**2)
    joint = scipy.stats.multivariate_normal(cov=[[1, rho], [rho, 1]]).pdf(
        np.dstack(np.meshgrid(x, x, indexing="ij")))
    inner = float(np.sum(w[:, None] * w[None, :] * joint * np.log2(joint / np.outer(phi, phi))))
    tail = scipy.stats.norm.sf(L)
    edge = 0.0   # one tail of X against the inner density of Y, four such strips by symmetry
    for upper in (True, False):
        p = phi * (scipy.stats.norm.sf((L - rho * x) / s) if upper
                   else scipy.stats.norm.cdf((-L - rho * x) / s))
        edge += float(np.sum(w * p * np.log2(p / (tail * phi))))
    F = scipy.stats.multivariate_normal(cov=[[1, rho], [rho, 1]])
    both_high = float(F.cdf([-L, -L]))                       # = P(X > L, Y > L) by symmetry
    high_low = tail - both_high - float(np.sum(w * phi * scipy.stats.norm.sf((L - rho * x) / s)))
    corners = 2 * both_high * math.log2(both_high / tail**2)
    corners += 2 * high_low * math.log2(high_low / tail**2)
    limit = inner + 2 * edge + corners
    table_128 = mi_of_table(infolib.Car().joint_pmf(bins=128)[0])
    assert table_128 < limit < exact
    assert 1e-6 < exact - limit < 1e-5          # "a hair below ... by less than 10^-5 bits"


def test_sample_correlation_of_independent_readings_has_standard_error_one_over_root_n():
    """R1 G2: for independent Gaussians Var(r) = 1/(n − 1) exactly; check by simulation."""
    rng = np.random.default_rng(11)
    n, reps = 100, 4000
    a, b = rng.standard_normal((2, reps, n))
    a -= a.mean(1, keepdims=True)
    b -= b.mean(1, keepdims=True)
    r = (a * b).sum(1) / np.sqrt((a**2).sum(1) * (b**2).sum(1))
    # the variance estimate over 4000 replicates has relative SE about sqrt(2/4000) ≈ 2.2 %
    assert np.var(r) == pytest.approx(1 / (n - 1), rel=0.1)


def test_the_broken_gps_model_as_the_chapter_states_it():
    """R1 G1: V_g = μ + η, η ~ N(0, σ_V² + σ_g²) independent of V and ε_s."""
    car = infolib.Car(speedometer_sd=5.0, gps_sd=5.0, gps_working=False)
    r = car.sample(200_000, seed=3)
    n = len(r.gps)
    assert abs(r.gps.mean() - 60.0) < 4 * math.sqrt(125.0 / n)
    assert r.gps.std() == pytest.approx(math.sqrt(125.0), rel=4 * math.sqrt(0.5 / n))
    for other in (r.speed, r.speedometer - r.speed):
        assert abs(np.corrcoef(r.gps, other)[0, 1]) < 4 / math.sqrt(n)
    assert np.allclose(car.covariance(), [[125.0, 0.0], [0.0, 125.0]])


def test_chapter_text_after_the_second_referee():
    text = _text()
    for gone in ["largest value over all such tables", "sum of independent Gaussians, and the",
                 "how much sharper, in bits", "only as both become exact"]:
        assert gone not in text, gone
    for label in ["thm-definitions-dobrushin", "thm-definitions-continuous-mi-identities"]:
        assert f"{{prf:ref}}`{label}`" in text, label
    assert "supremum" in text and "on average over the GPS readings" in text
    assert "V_g = \\mu + \\eta" in text and "{cite}`bishop2006`" in text


# --- third referee (.referee/rev/ch1_r2/report.md) -------------------------------------------
def test_the_five_trips_are_a_typical_sample():
    """R2 M1, R13 remark: the printed trips' ten noises have an RMS close to the model's 5 km/h
    (chi-squared on 10 degrees of freedom, scipy: well inside its central range), the worst
    miss is about ten km/h and most are a few."""
    r = infolib.Car(speedometer_sd=5.0, gps_sd=5.0).sample(5, seed=23)
    noise = np.concatenate([r.speedometer - r.speed, r.gps - r.speed])
    rms = float(np.sqrt(np.mean(noise**2)))
    assert f"{rms:.1f}" == "5.0"
    assert 0.25 < scipy.stats.chi2(10).cdf(np.sum(noise**2) / 25.0) < 0.75
    assert 9.5 < np.max(np.abs(noise)) < 11 and np.sum(np.abs(noise) < 5) >= 7
    assert "trips = car.sample(5, seed=23)" in _text()


@PROPS
@given(sds, sds, st.floats(20.0, 100.0))
def test_conditional_spread_is_sd_of_the_reading_times_root_one_minus_rho_squared(sd_s, sd_g, v_g):
    """R2 G1: Var(V_s | V_g) = σ_{V_s}²(1 − ρ²) = σ_V² + σ_s² − σ_V⁴/(σ_V² + σ_g²), for every v_g;
    the spread ratio is √(1 − ρ²), so log2 of it is the closed form."""
    cov = moments(sd_s, sd_g)
    rho2 = cov[0, 1] ** 2 / (cov[0, 0] * cov[1, 1])
    schur = cov[0, 0] - cov[0, 1] ** 2 / cov[1, 1]
    assert schur == pytest.approx(cov[0, 0] * (1 - rho2), rel=1e-12)
    assert schur == pytest.approx(100.0 + sd_s**2 - 100.0**2 / (100.0 + sd_g**2), rel=1e-12)
    car = infolib.Car(speedometer_sd=sd_s, gps_sd=sd_g)
    assert car.speedometer_given_gps(v_g)[1] ** 2 == pytest.approx(schur, rel=1e-9)
    assert math.log2(math.sqrt(cov[0, 0] / schur)) == pytest.approx(mi_by_scipy(cov), abs=1e-9)


def test_conditional_variance_of_the_default_car():
    """R2 G1: 125 − 100²/125 = 45 km²/h², spread 6.71 km/h."""
    assert 125.0 - 100.0**2 / 125.0 == 45.0 == pytest.approx(125.0 * (1 - 0.8**2))
    assert infolib.Car().speedometer_given_gps(75.0)[1] == pytest.approx(math.sqrt(45.0), rel=1e-12)
    assert f"{math.sqrt(45.0):.2f}" == "6.71"


@pytest.mark.parametrize("n", [3, 10, 100, 100_000])
def test_sample_correlation_under_independence_has_variance_one_over_n_minus_one(n):
    """R2 G3: the exact null distribution of r for n independent normal pairs (scipy's, a beta on
    (−1, 1)) has mean 0 and variance 1/(n − 1)."""
    dist = scipy.stats.beta(n / 2 - 1, n / 2 - 1, loc=-1, scale=2)   # scipy's null for r
    x = np.random.default_rng(n).standard_normal((2, max(n, 3)))[:, :n]
    res = scipy.stats.pearsonr(x[0], x[1])                   # ... as pearsonr's p-value uses it
    assert res.pvalue == pytest.approx(2 * dist.sf(abs(res.statistic)), rel=1e-6, abs=1e-12)
    assert dist.mean() == pytest.approx(0.0, abs=1e-12)
    assert dist.var() == pytest.approx(1 / (n - 1), rel=1e-9)


def test_sample_correlation_needs_only_the_speedometer_gaussian():
    """R2 G3: the argument uses only that one side is i.i.d. Gaussian and independent of the
    other; an exponential 'GPS' gives the same 1/(n − 1) (simulation, seeded)."""
    rng = np.random.default_rng(12)
    n, reps = 20, 20_000
    a = rng.standard_normal((reps, n))
    b = rng.exponential(size=(reps, n))
    a -= a.mean(1, keepdims=True)
    b -= b.mean(1, keepdims=True)
    r = (a * b).sum(1) / np.sqrt((a**2).sum(1) * (b**2).sum(1))
    # relative SE of the variance estimate: the 4th moment of r is 3/((n-1)(n+1)), so about 2 %
    assert np.mean(r**2) == pytest.approx(1 / (n - 1), rel=0.06)
    assert abs(r.mean()) < 4 / math.sqrt(reps * (n - 1))


def test_chapter_text_after_the_third_referee():
    text = _text()
    for gone in ["a joint pmf as", "of the joint pmf", "never shrink: the condition",
                 "For jointly Gaussian variables it depends"]:
        assert gone not in text, gone
    for phrase in ["\\sigma_{V_s} = \\sqrt{\\sigma_V^2 + \\sigma_s^2}",
                   "\\sigma_{V_s}^2 (1 - \\rho^2)", "Section 2.3.1", "probability mass function",
                   "root mean square", "1/\\sqrt{n-1}", "pair of scalar variables",
                   "still depend on each other"]:
        assert phrase in text, phrase


# --- referee of issue #13 (.referee/rev13/ch1/report.md) ---------------------------------------
def test_plug_in_estimate_from_300_trips_has_the_stated_standard_error():
    """R13 G1: over n = 300 trips (σ_s = 5, σ_g = 10) the plug-in -½ log2(1 - r²) scatters around
    the exact value with sd ≈ ρ / (√n ln 2) (delta method on sd(r) ≈ (1 - ρ²)/√n), about 0.05
    bits; the exact value and ρ from the covariance written here, r by numpy on draws made here."""
    cov = moments(5.0, 10.0)
    rho = cov[0, 1] / math.sqrt(cov[0, 0] * cov[1, 1])
    exact = -0.5 * math.log2(1 - rho**2)
    n, reps = 300, 4000
    z = np.random.default_rng(20261206).standard_normal((reps, n, 3))
    v_s, v_g = 60 + 10 * z[..., 0] + 5 * z[..., 1], 60 + 10 * z[..., 0] + 10 * z[..., 2]
    x, y = v_s - v_s.mean(axis=1, keepdims=True), v_g - v_g.mean(axis=1, keepdims=True)
    r = np.sum(x * y, axis=1) / np.sqrt(np.sum(x**2, axis=1) * np.sum(y**2, axis=1))
    est = -0.5 * np.log2(1 - r**2)
    se = rho / (math.sqrt(n) * LN2)
    assert f"{se:.3f}" == "0.053"
    assert np.std(est) == pytest.approx(se, rel=0.06)
    assert abs(np.mean(est) - exact) < 0.01
    assert np.mean(np.abs(est - exact) < 2 * se) > 0.93


def test_chapter_text_after_the_referee_of_issue_13():
    text = _text()
    for gone in ["Differences of differential entropies are\nanother matter",
                 "differences such as the mutual information are free of it",
                 "happen to be kind", "using the symmetry of\n{eq}`eq-intuition-mi-sum`."]:
        assert gone not in text, gone
    for phrase in ["counts as a Gaussian with variance 0", "the shifts of its two terms cancel",
                   "moves with the unit", "part 2 of\n{prf:ref}`def-continuous-mi`",
                   "(1 - \\rho^2)/\\sqrt n", "\\rho / (\\sqrt n \\ln 2)",
                   "standard error of an estimate from", "the reason given is wrong"]:
        assert phrase in text, phrase
