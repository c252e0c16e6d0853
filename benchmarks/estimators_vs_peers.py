"""infolib's estimators beside the libraries a researcher would pick instead, in one run.

Run from the repository root (``make bench`` installs the peers from
``benchmarks/requirements.txt`` into ``.cache/bench-peers``, apart from the book's venv):

    make bench                       # or: PYTHONPATH=.cache/bench-peers .venv/bin/python benchmarks/estimators_vs_peers.py

Peers: scikit-learn (``mutual_info_score``; its private ``_compute_mi_cc``, the KSG of
``mutual_info_regression`` without jitter and clipping), NPEET (the ``npeet-plus`` package:
``mi``, ``cmi``, ``entropy``) and infomeasure (``discrete``, ``ksg``, ``chao_shen``).  Their
noise is turned off (NPEET's ``add_noise`` replaced by the identity, infomeasure's
``noise_level=0``) and every peer gets the samples infolib standardises internally (each
column divided by its standard deviation), so the values can agree to rounding.

Each line: the case, infolib's value and the peer's (nats), their difference, the best of
five wall-clock times of each (interleaved: infolib, the peer, again), the peer's time over
infolib's in wall-clock time and in CPU time of this process, the target and PASS/MISS.
A target applies to the wall-clock ratio and to agreement within 1e-12 nats; lines without a
target are for information.  Everything runs on one thread (infolib's ``workers=1``; the
peers' BLAS and numba threads are limited to one by ``threadpoolctl`` and
``NUMBA_NUM_THREADS``).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.feature_selection._mutual_info import _compute_mi_cc  # noqa: E402
from sklearn.metrics import mutual_info_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import infolib  # noqa: E402

try:
    import infomeasure  # noqa: E402
    from npeet_plus import estimators as npeet  # noqa: E402
except ImportError as err:  # pragma: no cover - the message is the point
    raise SystemExit(f"{err}: install the peers first (make bench, or pip install "
                     "-r benchmarks/requirements.txt)") from None

npeet.add_noise = lambda x, intens=0.0: x          # the peers' noise off: exact comparisons

REPS = 5


def timed(fn, reps):
    """(best wall time, best process CPU time, last value) of ``reps`` calls."""
    wall = cpu = float("inf")
    value = None
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, value


def compare(label, ours, peer_name, theirs, target=None, reps=REPS, exact=True):
    """Time ``ours`` and ``theirs`` interleaved (best of ``reps`` each); print one line."""
    w_o = c_o = w_t = c_t = float("inf")
    for _ in range(2):
        w, c, v_o = timed(ours, max(1, reps // 2 + 1))
        w_o, c_o = min(w_o, w), min(c_o, c)
        w, c, v_t = timed(theirs, max(1, reps // 2 + 1))
        w_t, c_t = min(w_t, w), min(c_t, c)
    diff = abs(float(v_o) - float(v_t))
    ratio, cpu_ratio = w_t / w_o, c_t / max(c_o, 1e-9)
    agree = diff <= 1e-12 if exact else True
    verdict = "" if target is None else ("PASS" if agree and ratio >= target else "MISS")
    goal = "" if target is None else f"≥{target:g}×"
    print(f"{label:<50} {peer_name:<12} {float(v_o):>17.13f} {float(v_t):>17.13f} {diff:8.1e} "
          f"{w_o:8.4f} {w_t:8.4f} {ratio:7.2f}× {cpu_ratio:7.2f}×  {goal:<6} {verdict}", flush=True)
    return {"label": label, "peer": peer_name, "ratio": ratio, "ok": verdict != "MISS"}


def header(title):
    print(f"\n{title}")
    print(f"{'case':<50} {'peer':<12} {'infolib (nats)':>17} {'peer (nats)':>17} {'|diff|':>8} "
          f"{'ours s':>8} {'peer s':>8} {'wall':>8} {'CPU':>8}  target")


def gaussian(n, dx, dy, rho=0.6, seed=0):
    """``n`` samples of X (dx columns) and Y (dy columns): Y_j = rho X_j + noise (j < min)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dx))
    y = rng.standard_normal((n, dy)) * np.sqrt(1 - rho ** 2)
    m = min(dx, dy)
    y[:, :m] += rho * x[:, :m]
    return x, y


def standardised(a):
    return a / a.std(axis=0)


def ksg_cases(scale):
    header("KSG, k = 3, multi-column X and Y (target: 1.5× NPEET, equal values)")
    rows = []
    for n, d in ((5000, 2), (5000, 5), (5000, 25), (100_000, 2)):
        n //= scale
        x, y = gaussian(n, d, d)
        xs, ys = standardised(x), standardised(y)
        label = f"KSG {d}×{d} Gaussian, N={n:,}"
        ours = lambda: infolib.ksg_mutual_information(x, y, k=3, base=None)  # noqa: E731
        rows.append(compare(label, ours, "NPEET", lambda: npeet.mi(xs, ys, k=3, base=np.e), 1.5,
                            reps=REPS if n <= 5000 else 3))
        if n <= 5000:
            compare(label, ours, "infomeasure", lambda: infomeasure.mutual_information(
                xs, ys, approach="ksg", k=3, noise_level=0, base="e"), reps=3)
    header("KSG, k = 3, one column each (target: 4× scikit-learn at 1e5, 7× at 1e6)")
    for n, target in ((100_000, 4), (1_000_000, 7)):
        n //= scale
        x, y = gaussian(n, 1, 1)
        a, b = x[:, 0], y[:, 0]
        sa, sb = standardised(a), standardised(b)
        rows.append(compare(f"KSG 1×1 Gaussian, N={n:,}", lambda: infolib.ksg_mutual_information(
            a, b, k=3, base=None), "scikit-learn", lambda: _compute_mi_cc(sa, sb, 3), target,
            reps=3 if n <= 100_000 else 1))
    n = 100_000 // scale
    x, y = gaussian(n, 1, 1)
    xs, ys = standardised(x), standardised(y)
    compare(f"KSG 1×1 Gaussian, N={n:,}", lambda: infolib.ksg_mutual_information(
        x[:, 0], y[:, 0], k=3, base=None), "NPEET", lambda: npeet.mi(xs, ys, k=3, base=np.e), reps=3)
    return rows


def discrete_cases(scale):
    header("plug-in MI of discrete labels (targets: 2× scikit-learn and infomeasure; codes: "
           "100× scikit-learn, within 1.5× of a bare bincount)")
    rows = []
    rng = np.random.default_rng(3)
    for n in (100_000, 1_000_000):
        n //= scale
        values = rng.choice(np.arange(-2 ** 40, 2 ** 40, 2 ** 21, dtype=np.int64), 2000, replace=False)
        a = rng.integers(0, 1000, n)
        b = (a + rng.integers(0, 50, n)) % 1000
        x, y = values[a], values[1000 + b]         # 1000 × 1000 labels scattered over ±2^40
        ours = lambda: infolib.plugin_mutual_information(x, y, base=None)  # noqa: E731
        label = f"discrete MI, N={n:,}, 1000×1000 int64 labels"
        rows.append(compare(label, ours, "scikit-learn", lambda: mutual_info_score(x, y), 2))
        rows.append(compare(label, ours, "infomeasure", lambda: infomeasure.mutual_information(
            x, y, approach="discrete", base="e"), 2))
    n = 10_000_000 // scale
    x = rng.integers(0, 256, n)
    y = (x + rng.integers(0, 16, n)) % 256
    ours = lambda: infolib.plugin_mutual_information(x, y, base=None)  # noqa: E731
    label = f"discrete MI, N={n:,}, codes 0..255"
    rows.append(compare(label, ours, "scikit-learn", lambda: mutual_info_score(x, y), 100, reps=3))
    codes = x * 256 + y                             # the pair codes, formed before the clock starts
    w_o, c_o, _ = timed(ours, REPS)
    w_b, c_b, _ = timed(lambda: np.bincount(codes, minlength=1 << 16), REPS)
    ok = w_o <= 1.5 * w_b
    print(f"{label:<50} {'np.bincount':<12} {'':>17} {'':>17} {'':>8} {w_o:8.4f} {w_b:8.4f} "
          f"{w_b / w_o:7.2f}× {c_b / c_o:7.2f}×  ≤1.5×  {'PASS' if ok else 'MISS'}"
          f"   (infolib takes {w_o / w_b:.2f}× a bare np.bincount of the pair codes)", flush=True)
    rows.append({"label": label, "peer": "np.bincount", "ratio": w_b / w_o, "ok": ok})
    return rows


def new_estimators(scale):
    header("the newer estimators beside their peers (for information: values and speed)")
    n = 5000 // scale
    x, y = gaussian(n, 3, 3)
    z = np.random.default_rng(4).standard_normal((n, 2))
    xs, ys, zs = standardised(x), standardised(y + 0.5 * z[:, :1]), standardised(z)
    yz = y + 0.5 * z[:, :1]
    compare(f"Kozachenko–Leonenko entropy, 3-D, N={n:,}", lambda: infolib.knn_entropy(
        x, base=None), "NPEET", lambda: npeet.entropy(x, k=3, base=np.e), reps=3)
    compare(f"Frenzel–Pompe CMI, 3×3 | 2, N={n:,}", lambda: infolib.ksg_conditional_mutual_information(
        x, yz, z, base=None), "NPEET", lambda: npeet.cmi(xs, ys, zs, k=3, base=np.e), reps=3)
    rng = np.random.default_rng(5)
    a = rng.integers(0, 60, 300)
    b = (a + rng.integers(0, 10, 300)) % 60
    compare("Chao–Shen MI, 60×60 labels, N=300", lambda: infolib.plugin_mutual_information(
        a, b, base=None, correction="chao-shen"), "infomeasure", lambda: infomeasure.mutual_information(
        a, b, approach="chao_shen", base="e"), reps=3)
    compare("Chao–Shen entropy, 60 labels, N=300", lambda: infolib.plugin_entropy(
        a, base=None, correction="chao-shen"), "infomeasure", lambda: infomeasure.entropy(
        a, approach="chao_shen", base="e"), reps=3)
    u = rng.integers(0, 8, 2000)
    v = rng.integers(0, 8, 2000)
    t_ours = timed(lambda: infolib.permutation_test(u, v, permutations=1000), 3)[0]
    t_peer = timed(lambda: npeet.shuffle_test(npeet.midd, u, v, ns=1000), 1)[0]
    print(f"{'permutation test, plug-in MI, 1000 permutations, N=2,000':<58} infolib {t_ours:.4f} s, "
          f"NPEET shuffle_test(midd) {t_peer:.4f} s: {t_peer / t_ours:.1f}×")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10× smaller sizes (a smoke test; "
                        "the targets apply to the full sizes)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"scikit-learn {sklearn.__version__}, npeet-plus {_version('npeet-plus')}, "
          f"infomeasure {infomeasure.__version__}, infolib {infolib.__version__}; "
          f"{os.cpu_count()} CPUs; load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    with threadpool_limits(1):
        rows = ksg_cases(scale) + discrete_cases(scale)
        new_estimators(scale)
    passed = sum(r["ok"] for r in rows)
    print(f"\n{passed}/{len(rows)} targets met (wall-clock ratio and agreement within 1e-12 nats; "
          "'CPU' is the same ratio in process CPU time, less sensitive to other load)")
    return 0 if passed == len(rows) else 1


def _version(dist):
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    raise SystemExit(main())
