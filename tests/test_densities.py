"""The tests' written-out densities (tests/densities.py) against scipy.stats."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from scipy import stats

from tests.densities import bvn_logpdf, mix_logpdf, norm_logpdf, norm_pdf
from tests.strategies import gaussian_mixture_params

X = np.linspace(-30.0, 30.0, 601)


@pytest.mark.parametrize("mu, sd", [(0.0, 1.0), (1.0, 1.0), (-1.2, 2.0), (0.3, 0.8), (2.5, 0.5),
                                    (-2.0, 0.7), (2.5, 3.0), (0.0, 64.0)])
def test_normal_density_and_its_log(mu, sd):
    np.testing.assert_allclose(norm_logpdf(X, mu, sd), stats.norm.logpdf(X, mu, sd), rtol=1e-13)
    np.testing.assert_allclose(norm_pdf(X, mu, sd), stats.norm.pdf(X, mu, sd), rtol=1e-13,
                               atol=1e-300)  # far tails are subnormal
    for v in (-7.5, -0.3, 0.0, 0.3, 4.0, 12.0):
        assert norm_logpdf(v, mu, sd) == pytest.approx(stats.norm.logpdf(v, mu, sd), rel=1e-13)
        assert norm_pdf(v, mu, sd) == pytest.approx(stats.norm.pdf(v, mu, sd), rel=1e-13)
        assert type(norm_pdf(v, mu, sd)) is float and type(norm_logpdf(v, mu, sd)) is float


def test_an_array_of_sds_broadcasts():
    sds = np.linspace(0.3, 4, 75)[:, None]
    np.testing.assert_allclose(norm_logpdf(X, 1.5, sds), stats.norm.logpdf(X, 1.5, sds), rtol=1e-13)


@pytest.mark.parametrize("params", [([0.6, 0.4], [-2.0, 2.5], [0.7, 1.0]), ([1.0], [0.0], [1.0]),
                                    ([0.2, 0.3, 0.5], [-4.0, 0.0, 3.0], [0.5, 2.0, 1.0])])
def test_mixture_log_density(params):
    want = np.log(sum(wk * stats.norm.pdf(X, mk, sk) for wk, mk, sk in zip(*params)))
    np.testing.assert_allclose(mix_logpdf(params, X), want, rtol=1e-12)
    got = [mix_logpdf(params, float(v)) for v in X[::20]]
    assert all(type(g) is float for g in got)
    assert got == pytest.approx(list(want[::20]), rel=1e-12)


@pytest.mark.parametrize("rho", [0.3, 0.5, 0.8, 0.95, -0.7, math.sqrt(1 - 2.0 ** -10)])
def test_bivariate_normal_log_density(rho):
    xy = np.random.default_rng(0).normal(size=(500, 2)) * 3
    want = stats.multivariate_normal(cov=[[1, rho], [rho, 1]]).logpdf(xy)
    np.testing.assert_allclose(bvn_logpdf(xy[:, 0], xy[:, 1], rho), want, rtol=1e-11)
    assert [bvn_logpdf(float(a), float(b), rho) for a, b in xy[:20]] == pytest.approx(
        list(want[:20]), rel=1e-11)


@given(gaussian_mixture_params())
@settings(max_examples=20, deadline=None)
def test_mixture_log_density_on_random_mixtures(params):
    want = np.logaddexp.reduce([math.log(wk) + stats.norm.logpdf(X, mk, sk)
                                for wk, mk, sk in zip(*params)], axis=0)
    np.testing.assert_allclose(mix_logpdf(params, X), want, rtol=1e-12)
    assert [mix_logpdf(params, float(v)) for v in X[::50]] == pytest.approx(list(want[::50]), rel=1e-12)
