"""Speed of the grader: 30 submissions of chapter 2 graded two at a time.

Usage: python benchmarks/grading_speed.py [--students 30] [--jobs 2] [--keep DIR]

Writes the submissions (the reference solutions, and versions of them with the usual wrong
answers: nats or base 10 instead of bits, X and Y swapped, the joint entropy instead of the
conditional one, a stub left unwritten) into a temporary folder, grades them with
``coursework.grade.grade(jobs=2)`` and prints the wall time, the time per submission and the
target (all 30 in under 3 minutes on 2 cores). Each variant's points are compared with what it
must get, so a fast but wrong grader does not pass.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.pop("INFOBOOK_STATIC", None)
from coursework import grade as grader  # noqa: E402
from coursework.edition import book_dir, find_exercises, read_notebook, stub_source  # noqa: E402

NOTEBOOK = "02_definitions.ipynb"
TARGET_S = 180.0

# Wrong answers a learner writes, by function; None keeps the reference solution.
ENTROPY = {
    "right": None,
    "nats": 'def entropy_bits(p):\n    used = p[p > 0]\n    return float(-np.sum(used * np.log(used)))',
    "log10": 'def entropy_bits(p):\n    used = p[p > 0]\n    return float(-np.sum(used * np.log10(used)))',
    "stub": "stub",
}
CONDITIONAL = {
    "right": None,
    "swapped": ('def conditional_entropy_bits(pxy):\n    pxy = pxy.T\n    px = pxy.sum(axis=1, keepdims=True)\n'
                '    nz = pxy > 0\n    return float(-np.sum(pxy[nz] * np.log2((pxy / px)[nz])))'),
    "joint": ('def conditional_entropy_bits(pxy):\n    nz = pxy > 0\n'
              '    return float(-np.sum(pxy[nz] * np.log2(pxy[nz])))'),
}


def make_submissions(folder: Path, n: int) -> dict:
    """``n`` student folders; returns {student: (entropy variant, conditional variant)}."""
    source = read_notebook(book_dir() / NOTEBOOK)
    exercises = {ex.function: ex for ex in find_exercises(source, NOTEBOOK)}
    plan = {}
    combos = [(e, c) for e in ENTROPY for c in CONDITIONAL]
    for k in range(n):
        e, c = combos[k % len(combos)]
        nb = json.loads(json.dumps(source))
        for function, variant in (("entropy_bits", ENTROPY[e]), ("conditional_entropy_bits", CONDITIONAL[c])):
            cell = nb["cells"][exercises[function].solution_cell]
            if variant == "stub":
                cell["source"] = stub_source("".join(cell["source"]))
            elif variant is not None:
                cell["source"] = variant
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        student = f"student-{k:02d}"
        (folder / student).mkdir(parents=True)
        (folder / student / NOTEBOOK).write_text(json.dumps(nb, indent=1), encoding="utf-8")
        plan[student] = (e, c)
    return plan


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", default=None, help="write the submissions and grades.csv here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        subs = folder / "submissions"
        plan = make_submissions(subs, args.students)
        t0 = time.perf_counter()
        rows, report = grader.grade_report(subs, folder / "grades.csv", jobs=args.jobs)
        wall = time.perf_counter() - t0
    per = sorted(report["seconds"].values())
    wrong = []
    for row in rows:  # each variant must get what it deserves: full marks only when right
        e, c = plan[row["student"]]
        variant = e if row["exercise"] == "entropy_bits" else c
        full = row["points"] == row["max_points"]
        if (variant == "right") != full or (variant == "stub" and row["points"] != 0):
            wrong.append(f"{row['student']} {row['exercise']} ({variant}): {row['points']}/{row['max_points']}")
    print(grader.summary_line(rows, report))
    print(f"{args.students} submissions of {NOTEBOOK}, jobs={args.jobs}, {os.cpu_count()} cores: "
          f"wall {wall:.1f} s ({wall / args.students:.2f} s per submission); one submission "
          f"{statistics.median(per):.1f} s median, {per[-1]:.1f} s max (kernel start to end)")
    verdict = "met" if wall <= TARGET_S else "MISSED"
    print(f"target: all in under {TARGET_S:.0f} s: {verdict}")
    if wrong:
        print("grades that do not match the variants:\n  " + "\n  ".join(wrong))
        return 1
    return 0 if wall <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
