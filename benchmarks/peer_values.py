"""The peers' values on seeded data sets, written to ``tests/data/peer_values.json``.

The tests compare infolib's estimators with NPEET and infomeasure without installing them in
the book's venv: this script (run where the peers are installed, ``make peer-values``) computes
the peers' values once on the data sets that :func:`dataset` rebuilds from a seed, and the tests
(``tests/test_estimator_families.py``) rebuild the same data and compare.

Every peer gets what infolib computes with: its noise turned off, and for the KSG family each
column divided by its standard deviation (infolib's preprocessing); the entropy estimator gets
the raw samples (infolib does not rescale them).  Values are in nats.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "peer_values.json"

#: name -> (builder, seed, sizes): see :func:`dataset`.
CASES = {
    "ksg_mi_2x2": ("gaussian", 20261207, (700, 2, 2)),
    "ksg_mi_5x5": ("gaussian", 20261208, (500, 5, 5)),
    "ksg_mi_1x3": ("gaussian", 20261209, (600, 1, 3)),
    "knn_entropy_1d": ("gaussian", 20261210, (500, 1, 1)),
    "knn_entropy_3d": ("gaussian", 20261211, (800, 3, 1)),
    "knn_entropy_uniform_2d": ("uniform", 20261212, (900, 2, 1)),
    "ksg_cmi_2_1_2": ("chain", 20261213, (600, 2, 1, 2)),
    "ksg_cmi_1_1_1": ("chain", 20261214, (800, 1, 1, 1)),
    "chao_shen": ("labels", 20261215, (300, 60)),
    "chao_shen_sparse": ("labels", 20261216, (80, 500)),
    "plugin_cmi": ("labels3", 20261217, (2000, 6, 4, 3)),
}


def dataset(name):
    """The arrays of case ``name`` (a tuple), rebuilt from its seed."""
    kind, seed, sizes = CASES[name]
    rng = np.random.default_rng(seed)
    if kind == "gaussian":
        n, dx, dy = sizes
        x = rng.standard_normal((n, dx))
        y = rng.standard_normal((n, dy)) * 0.8
        m = min(dx, dy)
        y[:, :m] += 0.6 * x[:, :m]
        return x, y
    if kind == "uniform":
        n, d, _ = sizes
        return rng.uniform(-1.0, 2.0, (n, d)), None
    if kind == "chain":                               # X -> Z -> Y, plus a direct X -> Y path
        n, dx, dy, dz = sizes
        x = rng.standard_normal((n, dx))
        z = rng.standard_normal((n, dz)) * 0.7
        z[:, 0] += x[:, 0]
        y = rng.standard_normal((n, dy)) * 0.7
        y[:, 0] += z[:, 0] + 0.3 * x[:, 0]
        return x, y, z
    if kind == "labels":
        n, k = sizes
        x = rng.zipf(1.6, n) % k
        y = (x + rng.integers(0, 4, n)) % k
        return x, y
    if kind == "labels3":
        n, kx, ky, kz = sizes
        z = rng.integers(0, kz, n)
        x = (z + rng.integers(0, kx, n)) % kx
        y = (x * (z == 0) + rng.integers(0, ky, n)) % ky
        return x, y, z
    raise ValueError(kind)


def standardised(a):
    a = np.asarray(a, dtype=float)
    a = a.reshape(a.shape[0], -1)
    return a / a.std(axis=0)


def peer_values():
    """``{case: {peer: value in nats}}``, computed with the peers (NPEET, infomeasure)."""
    import infomeasure as im
    from npeet_plus import estimators as npeet

    npeet.add_noise = lambda x, intens=0.0: x
    out = {}
    for name in CASES:
        data = dataset(name)
        if name.startswith("ksg_mi"):
            xs, ys = map(standardised, data)
            out[name] = {"npeet": npeet.mi(xs, ys, k=3, base=np.e),
                         "infomeasure": im.mutual_information(xs, ys, approach="ksg", k=3,
                                                              noise_level=0, base="e")}
        elif name.startswith("knn_entropy"):
            out[name] = {"npeet": npeet.entropy(data[0], k=3, base=np.e)}
        elif name.startswith("ksg_cmi"):
            xs, ys, zs = map(standardised, data)
            out[name] = {"npeet": npeet.cmi(xs, ys, zs, k=3, base=np.e)}
        elif name.startswith("chao_shen"):
            x, y = data
            out[name] = {"infomeasure_entropy": im.entropy(x, approach="chao_shen", base="e"),
                         "infomeasure_mi": im.mutual_information(x, y, approach="chao_shen", base="e")}
        elif name == "plugin_cmi":
            x, y, z = data
            out[name] = {"infomeasure": im.conditional_mutual_information(
                x, y, cond=z, approach="discrete", base="e")}
    return {case: {peer: float(v) for peer, v in values.items()} for case, values in out.items()}


def main():
    from importlib.metadata import version

    values = peer_values()
    record = {"about": "NPEET (npeet-plus) and infomeasure values on the data sets of "
                       "benchmarks/peer_values.py (nats; the peers' noise off)",
              "versions": {p: version(p) for p in ("npeet-plus", "infomeasure", "numpy", "scipy",
                                                   "scikit-learn")},
              "values": values}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(values)} cases to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
