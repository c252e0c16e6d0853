"""The car: closed forms checked against simulation and against a discretised joint pmf."""
import math

import numpy as np
import pytest
from sklearn.metrics import mutual_info_score

import infolib
from infolib import Car


def test_correlation_matches_simulation():
    car = Car(speedometer_sd=3.0, gps_sd=8.0)
    r = car.sample(200_000, seed=5)
    empirical = np.corrcoef(r.speedometer, r.gps)[0, 1]
    # ρ = σ_v² / sqrt((σ_v² + σ_s²)(σ_v² + σ_g²)) written out independently of the class
    expected = 100 / math.sqrt((100 + 9) * (100 + 64))
    assert car.correlation() == pytest.approx(expected, rel=1e-12)
    assert empirical == pytest.approx(expected, abs=0.005)


def test_mutual_information_closed_form():
    car = Car(speedometer_sd=5.0, gps_sd=5.0)  # ρ = 100 / 125 = 0.8
    assert car.mutual_information() == pytest.approx(-0.5 * math.log2(1 - 0.64), rel=1e-12)
    assert car.mutual_information(base=None) == pytest.approx(-0.5 * math.log(0.36), rel=1e-12)


@pytest.mark.parametrize("sd_s, sd_g", [(1, 1), (3, 12), (12, 3), (5, 20)])
def test_mi_is_reduction_in_entropy(sd_s, sd_g):
    car = Car(speedometer_sd=sd_s, gps_sd=sd_g)
    reduction = car.speedometer_entropy() - car.speedometer_conditional_entropy()
    assert reduction == pytest.approx(car.mutual_information(), rel=1e-10)


def test_conditional_matches_simulated_slice():
    car = Car(speedometer_sd=4.0, gps_sd=6.0)
    r = car.sample(400_000, seed=11)
    near = np.abs(r.gps - 72.0) < 0.5
    mean, sd = car.speedometer_given_gps(72.0)
    assert r.speedometer[near].mean() == pytest.approx(mean, abs=0.3)
    assert r.speedometer[near].std() == pytest.approx(sd, rel=0.03)


def test_broken_gps_is_independent():
    car = Car(gps_working=False)
    assert car.mutual_information() == 0.0
    r = car.sample(200_000, seed=3)
    assert abs(np.corrcoef(r.speedometer, r.gps)[0, 1]) < 0.01
    working = Car().sample(200_000, seed=3)
    assert r.gps.std() == pytest.approx(working.gps.std(), rel=0.01)  # same marginal spread


def test_quantised_mi_rises_to_exact():
    # Nested refinements of a quantisation can only gain information (data processing),
    # and never exceed the exact value.
    car = Car(speedometer_sd=5.0, gps_sd=5.0)
    exact = car.mutual_information()
    values = [infolib.mutual_information(car.joint_pmf(bins=b)[0]) for b in (2, 4, 8, 16, 32, 64, 128)]
    assert all(a < b for a, b in zip(values, values[1:]))
    assert values[-1] <= exact and exact - values[-1] < 2e-3
    assert car.joint_pmf(bins=1)[0].tolist() == [[1.0]]


def test_quantised_cells_match_simulated_frequencies():
    car = Car(speedometer_sd=4.0, gps_sd=9.0)
    pmf, es, eg = car.joint_pmf(bins=6, span=2.0)
    r = car.sample(400_000, seed=9)
    i = np.searchsorted(es, r.speedometer) - 1
    j = np.searchsorted(eg, r.gps) - 1
    freq = np.zeros_like(pmf)
    np.add.at(freq, (i, j), 1.0 / len(i))
    assert np.abs(freq - pmf).max() < 0.003


def test_binned_samples_agree_with_sklearn_on_the_same_table():
    # An independent implementation of the discrete definition on binned simulated readings.
    r = Car().sample(50_000, seed=7)
    bs = np.digitize(r.speedometer, np.linspace(20, 100, 21))
    bg = np.digitize(r.gps, np.linspace(20, 100, 21))
    counts = np.zeros((22, 22))
    np.add.at(counts, (bs, bg), 1)
    ours = infolib.mutual_information(counts, base=None, normalize=True)
    assert ours == pytest.approx(mutual_info_score(bs, bg), abs=1e-12)


def test_sampling_is_seeded():
    a, b = Car().sample(10, seed=4), Car().sample(10, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(Car().sample(10, seed=5).speed, a.speed)


def test_perfect_instruments_give_infinite_information():
    assert Car(speedometer_sd=0.0, gps_sd=0.0).mutual_information() == math.inf


@pytest.mark.parametrize("kwargs, message", [
    ({"speedometer_sd": -1.0}, "speedometer_sd must be ≥ 0"),
    ({"gps_sd": float("nan")}, "gps_sd must be a finite number"),
    ({"speed_sd": 0.0}, "speed_sd must be > 0"),
])
def test_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Car(**kwargs)


@pytest.mark.parametrize("n, message", [(0, "n must be ≥ 1"), (2.5, "n must be a whole number")])
def test_bad_sample_size(n, message):
    with pytest.raises(ValueError, match=message):
        Car().sample(n)
