"""Normal, bivariate-normal and Gaussian-mixture log-densities written out, for the integrands of
the tests' scipy quadratures (scipy.stats costs ~50 µs a call on a float, ~50x these).  Floats
are computed with math, arrays with numpy.  tests/test_densities.py checks them against
scipy.stats; they never come from infolib, which the tests compare with them."""
import math

import numpy as np

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)


def norm_logpdf(x, mu=0.0, sd=1.0):
    """ln of the N(mu, sd²) density (``sd`` a number or an array that broadcasts with ``x``)."""
    z = (x - mu) / sd
    return -0.5 * z * z - (math.log(sd) if isinstance(sd, (int, float)) else np.log(sd)) - _LOG_SQRT_2PI


def norm_pdf(x, mu=0.0, sd=1.0):
    """The N(mu, sd²) density."""
    z = (x - mu) / sd
    if isinstance(z, float):
        return math.exp(-0.5 * z * z) / (sd * _SQRT_2PI)
    return np.exp(-0.5 * z * z) / (sd * _SQRT_2PI)


def mix_logpdf(params, x):
    """ln of the density of the Gaussian mixture ``params = (weights, means, sds)``."""
    w, m, s = params
    terms = [math.log(wk) + norm_logpdf(x, float(mk), float(sk)) for wk, mk, sk in zip(w, m, s)]
    if isinstance(x, float):  # quad's calls: log-sum-exp on floats
        top = max(terms)
        return top + math.log(sum(math.exp(t - top) for t in terms))
    return np.logaddexp.reduce(terms, axis=0)


def bvn_logpdf(x, y, rho):
    """ln of the standard bivariate normal density with correlation ``rho``."""
    one_minus = 1.0 - rho * rho
    return (-(x * x - 2.0 * rho * x * y + y * y) / (2.0 * one_minus)
            - 2.0 * _LOG_SQRT_2PI - 0.5 * math.log(one_minus))
