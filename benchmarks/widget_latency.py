"""Redraw latency of every widget the chapters use.

Usage: python benchmarks/widget_latency.py [--repeat N]

For each widget, the live redraw (update the figure for new control values and
encode it as the PNG that the Jupyter widget shows) is timed over a sweep of
each control across its range.  Prints the median and the 95th percentile in
milliseconds; the target is median ≤ 50 ms and p95 ≤ 100 ms.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

os.environ.pop("INFOBOOK_STATIC", None)
from infolib import widgets  # noqa: E402

TARGET_MEDIAN_MS, TARGET_P95_MS = 50.0, 100.0


def sweeps(explorer, steps):
    """Values for a redraw sequence: each control swept over its range, others at default."""
    out = []
    for name, c in explorer.controls.items():
        values = c.options if c.options is not None else np.linspace(c.low, c.high, steps)
        out += [{name: v} for v in values]
    return out


def measure(explorer, steps=21, repeat=2, clock=time.perf_counter):
    """Median and p95 redraw time in ms, and the number of redraws.

    ``clock`` is wall time by default; tests pass ``time.process_time`` (this
    process's CPU time), which other programs on a busy machine do not inflate.
    """
    explorer.render()  # build the figure once, as the widget does when it appears
    times = []
    for _ in range(repeat):
        for values in sweeps(explorer, steps):
            t0 = clock()
            explorer.render(**values)
            times.append(1000 * (clock() - t0))
    return statistics.median(times), float(np.percentile(times, 95)), len(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    ok = True
    print(f"{'widget':24} {'median ms':>10} {'p95 ms':>8} {'redraws':>8}")
    for name, make in widgets.WIDGETS.items():
        explorer = make()
        med, p95, n = measure(explorer, repeat=args.repeat)
        flag = "" if med <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS else "  over target"
        ok &= not flag
        print(f"{name:24} {med:10.1f} {p95:8.1f} {n:8d}{flag}")
    print(f"target: median ≤ {TARGET_MEDIAN_MS:.0f} ms, p95 ≤ {TARGET_P95_MS:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
