"""Test settings and fixtures shared by every module."""
import contextlib
import fcntl
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Chromium's switches (no sandbox as root, no network): the same list as `make pdf`'s.
from tools.make_pdf import CHROMIUM_ARGS  # noqa: F401 (tests import it from here)
from tools import nbval_outputs

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

# Hypothesis draws its examples from a fixed seed, so two runs test the same distributions.
settings.register_profile("infobook", derandomize=True, deadline=None)
settings.load_profile("infobook")


def build_book(path_output, *extra, root=ROOT):
    """Build the book at ``root`` into ``path_output`` with warnings as errors, the way
    `make book` does (website players, not live widgets); fail with the log on a warning."""
    env = dict(os.environ, INFOBOOK_STATIC="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--path-output",
           str(path_output), "-W", "-n", "--keep-going", *extra]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=1200)
    log = proc.stdout + proc.stderr
    Path(path_output).mkdir(parents=True, exist_ok=True)
    (Path(path_output) / BUILD_LOG).write_text(log)
    assert proc.returncode == 0, "the build failed:\n" + log[-6000:]
    # Sphinx's warnings ("file: WARNING: ..."); kernel log lines ("[IPKernelApp] WARNING | ...") are noise.
    warnings = [line for line in log.splitlines() if re.search(r"(^|: )WARNING: ", line)]
    assert not warnings, "the build warned:\n" + "\n".join(warnings)
    return Path(path_output)


@contextlib.contextmanager
def build_lock(folder):
    """Hold the lock of the book build in ``folder``: taken to build it, to copy from it and to
    rebuild it, so that pytest-xdist workers never see it half written."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


#: Written into a build's folder: the log of its last build.
BUILD_LOG = ".build.log"
#: Written into the session's build folder: how long its clean build took, in seconds.
COLD_BUILD_SECONDS = ".cold-build-seconds"


@pytest.fixture(scope="session")
def book_build(request):
    """The book built once per test run into a temporary folder, from a clean Sphinx
    environment (``--all``: no page is taken from an earlier build, so none can hide a warning);
    ``<it>/_build/html`` is the site, ``<it>/_build/.jupyter_cache`` and
    ``<it>/_build/jupyter_execute`` the executed notebooks, which other builders (singlehtml for
    the PDF, the student website) reuse.  The execution cache starts empty: the notebooks that
    nbval ran whole earlier in this run are in it (``tools/nbval_outputs.py``; `make test` runs
    them first, on the worker that builds), and the build executes every other one itself.
    `make test` runs two pytest-xdist workers: they share one build, made by whichever needs it
    first (the other waits on :func:`build_lock`)."""
    reuse = os.environ.get("INFOBOOK_REUSE_BUILD")
    if reuse:  # a developer's shortcut while iterating on site tests; CI never sets it
        return build_book(Path(reuse))
    folder = nbval_outputs.build_folder(request.config)
    with build_lock(folder):
        stamp = folder / COLD_BUILD_SECONDS
        if not stamp.exists():
            start = time.perf_counter()
            build_book(folder, "--all")
            stamp.write_text(f"{time.perf_counter() - start:.1f}\n")
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one per test run (worker) and shared by every test
    that needs it: Playwright's sync API cannot be started a second time while one is open."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


# `make test` runs two pytest-xdist workers that take whole files in the order below
# (--dist loadfile --no-loadscope-reorder): a worker takes the next file when it has two tests
# or fewer left. One exception, :func:`pytest_xdist_make_scheduler`: the book's notebooks (nbval)
# and the site tests are one unit of work, in that order, so that the build (the site tests'
# first) comes after nbval has put every notebook into its execution cache on the same worker
# (tools/nbval_outputs.py). That worker then builds the book without executing it and audits
# every page in Chromium; the other meanwhile runs JupyterLab and the grader, a few short files,
# and then the two files that need the build (the PDF and the student edition), so that they do
# not wait until the end; the short files of both workers come last.
NOTEBOOKS = tuple(f"book/{p.name}" for p in sorted((ROOT / "book").glob("*.ipynb")))
BOOK_UNIT = (*NOTEBOOKS, "tests/test_site.py")
RUN_FIRST = (*BOOK_UNIT, "tests/test_lab.py", "tests/test_grade.py", "tests/test_widgets.py",
             "tests/test_referee_definitions.py", "tests/test_pdf.py", "tests/test_coursework.py")


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        return RUN_FIRST.index(path) if path in RUN_FIRST else len(RUN_FIRST)

    items.sort(key=rank)  # stable: the order within each file, and among the others, is kept


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the book's notebooks and the site tests as one unit of work."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BookThenFiles(LoadFileScheduling):
        def _split_scope(self, nodeid):
            if nodeid.split("::", 1)[0] in BOOK_UNIT:
                return "the book: notebooks, then the site"
            return super()._split_scope(nodeid)

    return BookThenFiles(config, log)
