"""Checks for chapter 1, "The intuition"."""
import functools
import math
from typing import Callable

import numpy as np

from ..discrete import mutual_information
from ..gaussian import gaussian_entropy, gaussian_mutual_information
from ._core import Case, Check, Hint, evaluate, random_joint_pmf_cases, in_log10, in_nats, register
from ._core import Answer as _Answer, is_wrong

_is = functools.partial(is_wrong, rel_tol=1e-6)  # a hint's test: got is the named wrong answer

__all__ = ["check_mutual_information", "check_mi_from_trips", "check_warning_light",
           "check_several_speedometers"]


def _joint_pmf_cases() -> list[Case]:
    rng = np.random.default_rng(20261125)
    cases = [
        Case((np.array([[0.25, 0.25], [0.25, 0.25]]),), "the independent joint pmf"),
        Case((np.array([[0.5, 0.0], [0.0, 0.5]]),), "the perfectly dependent joint pmf"),
        Case((np.array([[1.0]]),), "the point mass"),
        Case((np.outer([0.2, 0.3, 0.5], [0.6, 0.4]),), "the product pmf"),
        Case((np.array([[0.3, 0.1, 0.0], [0.0, 0.2, 0.4]]),), "the joint pmf with zeros"),
    ]
    cases += random_joint_pmf_cases(rng)
    return cases


register(Check(
    name="mutual_information",
    points=3,
    forbidden=("entropy", "joint_entropy", "conditional_entropy"),
    task="Mutual information of a joint pmf, in bits",
    cases=_joint_pmf_cases,
    reference=lambda pxy: mutual_information(pxy),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0: skip the cells where "
             "p(x, y) = 0 (their contribution is 0)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(in_log10, "this is the answer in base 10; use np.log2 for bits"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: check the ratio "
             "p(x, y) / (p(x) p(y)), with p(x) = pxy.sum(axis=1) and p(y) = pxy.sum(axis=0)"),
    ),
))


def check_mutual_information(fn: Callable) -> None:
    """Check a function ``fn(pxy) -> float`` that returns I(X;Y) in bits; prints a verdict.

    Examples
    --------
    A learner's answer, the sum over the cells with ``p(x, y) > 0``:

    >>> import numpy as np
    >>> def mutual_information_bits(pxy):
    ...     px, py = pxy.sum(axis=1, keepdims=True), pxy.sum(axis=0, keepdims=True)
    ...     m = pxy > 0
    ...     return float(np.sum(pxy[m] * np.log2(pxy[m] / (px * py)[m])))
    >>> check_mutual_information(mutual_information_bits)
    ✓ Mutual information of a joint pmf, in bits: correct on all 10 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("mutual_information", fn))






def _h2(p: float) -> float:
    """Entropy in bits of a coin with probability ``p`` of heads (0 log 0 = 0)."""
    return float(-sum(t * math.log2(t) for t in (p, 1.0 - p) if t > 0))


# -- ★ the Gaussian information of the car's trips, from the sample correlation ---------------

def _gaussian_bits(r: float) -> float:
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(-0.5 * np.log2(1.0 - r * r))


def _trips_reference(v_s, v_g):
    x, y = np.asarray(v_s, dtype=float), np.asarray(v_g, dtype=float)
    r = float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))
    n = x.size
    uncentred = float(np.sum(x * y) / math.sqrt(np.sum(x * x) * np.sum(y * y)))
    return _Answer(
        gaussian_mutual_information(r),
        nats=gaussian_mutual_information(r, base=None),
        uncentred=_gaussian_bits(uncentred),
        no_square=float(-0.5 * np.log2(1.0 - abs(r))),
        no_half=2 * gaussian_mutual_information(r),
        mixed_up=_gaussian_bits(r * n / (n - 1)),
        mixed_down=_gaussian_bits(r * (n - 1) / n),
    )


def _trips(rng, n, sd_s, sd_g, working=True, sd_v=10.0, mean=60.0):
    """``n`` trips of the chapter's car (the model of :class:`infolib.Car`), drawn with numpy
    here so that building the cases reaches no infolib function."""
    z = rng.standard_normal((3, n))
    speed = mean + sd_v * z[0]
    gps = speed + sd_g * z[2] if working else mean + math.hypot(sd_v, sd_g) * z[2]
    return speed + sd_s * z[1], gps


@functools.lru_cache(maxsize=1)
def _trips_cases() -> tuple:
    rng = np.random.default_rng(20261206)
    rows = []
    for sd_s, sd_g, n in [(5.0, 5.0, 400), (1.0, 1.0, 50), (3.0, 12.0, 1000), (12.0, 3.0, 30),
                          (5.0, 20.0, 3)]:
        rows.append((_trips(rng, n, sd_s, sd_g),
                     f"{n} trips with noise sds {sd_s:g} (speedometer) and {sd_g:g} km/h (GPS), v_s ="))
    rows.append((_trips(rng, 200, 5.0, 5.0, working=False), "200 trips with the broken GPS, v_s ="))
    v_s, v_g = _trips(rng, 100, 4.0, 8.0)
    rows.append(((v_s, 120.0 - v_g), "100 trips with a GPS that reports 120 − v_g, v_s ="))
    v_s, v_g = _trips(rng, 60, 2.0, 6.0)
    rows.append(((v_s / 3.6, v_g / 3.6), "60 trips with speeds in m/s, v_s ="))
    return tuple(Case(args, about) for args, about in rows)


register(Check(
    name="mi_from_trips",
    points=2,
    task="Gaussian mutual information of two readings from their sample correlation, in bits",
    cases=_trips_cases,
    reference=_trips_reference,
    hints=(
        Hint(_is("uncentred"), "this uses Σ v_s v_g / √(Σ v_s² Σ v_g²) without subtracting the "
             "means: speeds near 60 km/h then look almost perfectly correlated. Subtract each "
             "reading's mean first (np.corrcoef does)"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(_is("no_square"), "the closed form is -½ log2(1 - r²): square the correlation "
             "(this also makes a negative r give the same information as a positive one)"),
        Hint(_is("no_half"), "this is twice the answer: the closed form is -½ log2(1 - r²)"),
        Hint(_is("mixed_up"), "the covariance and the two standard deviations are normalised "
             "differently (n − 1 in one, n in the other): use the same for all three"),
        Hint(_is("mixed_down"), "the covariance and the two standard deviations are normalised "
             "differently (n in one, n − 1 in the other): use the same for all three"),
        Hint(lambda g, e: math.isnan(g), "nan means 1 - r² < 0, so |r| > 1: the covariance and "
             "the standard deviations must be normalised alike (both by n or both by n − 1)"),
    ),
))


def check_mi_from_trips(fn: Callable) -> None:
    """Check ``fn(v_s, v_g) -> float``: -½ log2(1 - r²), r the readings' sample correlation.

    The check calls ``fn`` on fresh seeded trips of the chapter's car model (several noise levels
    and sample sizes, the broken GPS, a reversed GPS, speeds in m/s) and compares it with the
    same formula computed from ``np.corrcoef``.

    Examples
    --------
    >>> import numpy as np
    >>> def mi_from_trips(v_s, v_g):
    ...     r = np.corrcoef(v_s, v_g)[0, 1]
    ...     return float(-0.5 * np.log2(1 - r**2))
    >>> check_mi_from_trips(mi_from_trips)
    ✓ Gaussian mutual information of two readings from their sample correlation, in bits: correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 2 of 2 points.
    """
    print(evaluate("mi_from_trips", fn))


# -- ★★ the warning light: I(light; print) as a function of q ---------------------------------

def _light_table(q: float) -> np.ndarray:
    """Rows: light off, on; columns: the machine prints 0, 1."""
    return np.array([[1.0 - q, 0.0], [q / 2, q / 2]])


def _light_reference(q):
    q = float(q)
    return _Answer(
        mutual_information(_light_table(q)),
        nats=mutual_information(_light_table(q), base=None),
        h_print=_h2(q / 2),
        h_print_given_light=q,
        light_on=_h2(q / 2) - 1.0,
        h_light=_h2(q),
    )


def _light_cases() -> tuple:
    qs = [(0.25, "the chapter's machine,"), (0.0, "a light that never comes on,"),
          (1.0, "a light that is always on,"), (0.5, "a light on half the time,"),
          (0.05, "a rare light,"), (0.9, "a light that is nearly always on,"),
          (0.6, "a light on 60% of the time,"), (1 / 3, "a light on a third of the time,")]
    return tuple(Case((q,), f"{about} q =") for q, about in qs)


register(Check(
    name="warning_light",
    points=3,
    task="Information I(L; P) between the warning light and the print, as a function of q, in bits",
    cases=_light_cases,
    reference=_light_reference,
    forbidden=("entropy", "joint_entropy", "conditional_entropy", "pointwise_mutual_information"),
    hints=(
        Hint(lambda g, e: math.isnan(g), "nan usually comes from 0·log 0 (at q = 0 the print is "
             "never 1): treat 0 log2 0 as 0"),
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(_is("h_print"), "this is H(P), the print's entropy before you look at the light: "
             "subtract what is left after looking, H(P | L)"),
        Hint(_is("h_print_given_light"), "this is H(P | L), what is left after looking at the "
             "light: the information is H(P) - H(P | L)"),
        Hint(_is("light_on"), "this is the change of entropy when the light is seen on, one "
             "observation: the information averages over the light being off and on"),
        Hint(_is("h_light"), "this is the entropy of the light itself, H(L): the exercise asks "
             "how much the light tells about the print"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: check which entropy "
             "is subtracted from which"),
    ),
))


def check_warning_light(fn: Callable) -> None:
    """Check ``fn(q) -> float``: I(L; P) in bits for the warning-light machine, light on with
    probability ``q``; prints a verdict.

    The machine prints 0; with probability ``q`` a light comes on and it prints 0 or 1 with
    equal chances. The check tries several ``q`` in [0, 1], the ends included, and compares
    with the mutual information of the 2 × 2 table of (light, print).

    Examples
    --------
    >>> import numpy as np
    >>> def light_information_bits(q):
    ...     h = -sum(t * np.log2(t) for t in (q / 2, 1 - q / 2) if t > 0)
    ...     return float(h - q)
    >>> check_warning_light(light_information_bits)
    ✓ Information I(L; P) between the warning light and the print, as a function of q, in bits: correct on all 8 test inputs
      (within 1e-09 absolute, 1e-07 relative): 3 of 3 points.
    """
    print(evaluate("warning_light", fn))


# -- ★★★ several speedometers and one GPS -------------------------------------------------------

def _speedometers_cov(m: int, sd_v: float, sd_s: float, sd_g: float) -> np.ndarray:
    """Covariance of (V_s1, ..., V_sm, V_g): every pair shares the true speed's variance."""
    cov = np.full((m + 1, m + 1), sd_v**2)
    cov[np.arange(m), np.arange(m)] += sd_s**2
    cov[m, m] += sd_g**2
    return cov


def _speedometers_reference(m, sd_v, sd_s, sd_g):
    m, sd_v, sd_s, sd_g = int(m), float(sd_v), float(sd_s), float(sd_g)
    cov = _speedometers_cov(m, sd_v, sd_s, sd_g)
    # I = h(speedometers) + h(GPS) - h(all), each a Gaussian entropy
    mi = (gaussian_entropy(cov=cov[:m, :m]) + gaussian_entropy(cov=cov[m:, m:])
          - gaussian_entropy(cov=cov))

    def closed(noise_var):                 # one speedometer whose noise has this variance
        v, g = sd_v**2, sd_g**2
        return 0.5 * math.log2((v + g) * (v + noise_var) / (v * noise_var + v * g + noise_var * g))

    v = sd_v**2
    return _Answer(
        mi,
        nats=mi * math.log(2),
        one=closed(sd_s**2),
        added=m * closed(sd_s**2),
        no_gps_noise=0.5 * math.log2(1 + m * v / sd_s**2),
        sd_over_m=closed(sd_s**2 / m**2),
        var_times_m=closed(m * sd_s**2),
    )


def _speedometers_cases() -> tuple:
    rng = np.random.default_rng(20261207)
    rows = [(1, 10.0, 5.0, 5.0), (2, 10.0, 5.0, 5.0), (4, 10.0, 5.0, 5.0), (3, 10.0, 5.0, 0.0),
            (10, 10.0, 20.0, 3.0), (100, 10.0, 30.0, 10.0), (2, 1.0, 0.5, 2.0),
            (5, 10 / 3.6, 5 / 3.6, 5 / 3.6)]
    for _ in range(3):
        rows.append((int(rng.integers(2, 30)), float(rng.uniform(1, 20)),
                     float(rng.uniform(0.5, 20)), float(rng.uniform(0.5, 20))))
    return tuple(Case((m, sd_v, sd_s, sd_g),
                      f"σ_V = {sd_v:.4g}, σ_s = {sd_s:.4g}, σ_g = {sd_g:.4g} and m =")
                 for m, sd_v, sd_s, sd_g in rows)


register(Check(
    name="several_speedometers",
    points=5,
    task="Information I(V_s1, ..., V_sm; V_g) that m speedometers carry about the GPS, in bits",
    cases=_speedometers_cases,
    reference=_speedometers_reference,
    forbidden=("gaussian_mutual_information", "Car.mutual_information", "Car.covariance",
               "Car.speedometer_given_gps", "Car.speedometer_entropy",
               "Car.speedometer_conditional_entropy"),
    hints=(
        Hint(in_nats, "this is the answer in nats; use np.log2 for bits"),
        Hint(_is("added"), "this is m times one speedometer's information: information does not "
             "add here, because all the speedometers measure the same true speed (their "
             "readings overlap)"),
        Hint(_is("one"), "this is the information of one speedometer: the answer must depend "
             "on m"),
        Hint(_is("no_gps_noise"), "this is what the speedometers tell about the true speed V; "
             "the GPS adds its own noise, of variance σ_g², to V"),
        Hint(_is("sd_over_m"), "the mean of m readings has noise variance σ_s²/m (standard "
             "deviation σ_s/√m), not σ_s²/m²"),
        Hint(_is("var_times_m"), "more speedometers make the noise of their mean smaller, "
             "variance σ_s²/m, not larger"),
        Hint(lambda g, e: g < 0, "mutual information is never negative: check the ratio "
             "inside the logarithm"),
    ),
))


def check_several_speedometers(fn: Callable) -> None:
    """Check ``fn(m, sd_v, sd_s, sd_g) -> float``: the information in bits that ``m``
    speedometers, each with noise ``sd_s``, carry together about a GPS with noise ``sd_g``
    (true speed with sd ``sd_v``); prints a verdict.

    The check tries a grid of ``m`` (1 to 100) and noise levels, a perfect GPS (``sd_g = 0``)
    included, and compares with h(V_s1..V_sm) + h(V_g) - h(V_s1..V_sm, V_g) computed from the
    (m + 1) × (m + 1) covariance matrix.

    Examples
    --------
    >>> import numpy as np
    >>> def mi_speedometers_bits(m, sd_v, sd_s, sd_g):
    ...     posterior = 1 / (1 / sd_v**2 + m / sd_s**2)      # Var(V | the m readings)
    ...     return float(0.5 * np.log2((sd_v**2 + sd_g**2) / (posterior + sd_g**2)))
    >>> check_several_speedometers(mi_speedometers_bits)
    ✓ Information I(V_s1, ..., V_sm; V_g) that m speedometers carry about the GPS, in bits: correct on all 11 test inputs
      (within 1e-09 absolute, 1e-07 relative): 5 of 5 points.
    """
    print(evaluate("several_speedometers", fn))
