"""nbval's run of the book's notebooks is also the site build's execution (installed by the root
conftest.py).

`make test` used to execute every notebook twice: once under nbval (the tests) and once in the
site build (its jupyter-cache). Here nbval runs each notebook the way the build does (a kernel
with ``INFOBOOK_STATIC=1``: the website's players, not live widgets; same interpreter, same
working folder, same ``MPLBACKEND`` and ``PYTHONHASHSEED`` from the Makefile), and when *every*
code cell of a book notebook has passed, the outputs nbval received are written into the
execution cache of the test session's book build (:func:`build_folder`), keyed by the
notebook's code as jupyter-cache keys it. The build, which comes after the notebooks on the same
pytest-xdist worker (``tests/conftest.py``), then takes them from the cache instead of running
the notebook again. A notebook with a failing, skipped or unrun cell is not written, and the
build executes it itself, as it does every notebook when nbval did not run (``pytest tests/``).

Live widgets, which nbval no longer starts, are tested where a learner meets them: in
JupyterLab (``tests/test_lab.py``) and in the widget unit tests.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
STATIC_ENV = "INFOBOOK_STATIC"  # infolib.widgets._core.STATIC_ENV (not imported: infolib is slow to load)


def build_folder(config) -> Path:
    """The folder of the test session's book build: shared by the pytest-xdist workers of one
    run (next to their own temporary folders), the session's temporary folder without xdist."""
    base = config._tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "book-build"


def cache_folder(config) -> Path:
    return build_folder(config) / "_build" / ".jupyter_cache"


def _is_book_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" and BOOK in path.resolve().parents


class _Run:
    """What nbval did with one notebook: each code cell's outputs, in order, and whether all passed."""

    def __init__(self, nb):
        self.nb = nb
        self.outputs: dict[int, list] = {}
        self.seconds = 0.0
        self.ok = True


class Recorder:
    """The pytest plugin: static kernels for nbval, and each book notebook that passed whole
    written into the session's execution cache."""

    def __init__(self):
        self.runs: dict[Path, _Run] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        from nbval.plugin import IPyNbCell

        if not isinstance(item, IPyNbCell) or not _is_book_notebook(item.parent.path):
            return
        run = self.runs.setdefault(item.parent.path, _Run(item.parent.nb))
        if report.failed or report.skipped:
            run.ok = False
        elif report.when == "call":
            run.outputs[item.cell_num] = list(item.test_outputs or [])
            run.seconds += call.duration

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item, nextitem):
        run = self.runs.get(getattr(item.parent, "path", None))
        if run is None or (nextitem is not None and nextitem.parent is item.parent):
            return
        del self.runs[item.parent.path]
        code = [c for c in run.nb.cells if c.cell_type == "code"]
        if run.ok and len(run.outputs) == len(code):
            write_to_cache(item.parent.path, run, cache_folder(item.config))


def write_to_cache(path: Path, run: _Run, folder: Path) -> None:
    """Cache notebook ``path`` with the outputs of ``run``, as myst-nb caches one it executed."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb = nbformat.read(path, as_version=4)  # the file as the build reads it (its hash key)
    if [c.source for c in nb.cells if c.cell_type == "code"] != [
            c.source for c in run.nb.cells if c.cell_type == "code"]:
        return  # edited since nbval read it: these outputs are not its code's
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = run.outputs[count]
        count += 1
        cell.execution_count = count
        cell.outputs = [nbformat.from_dict({**o, "execution_count": count} if o.get("output_type")
                                           == "execute_result" else dict(o)) for o in outputs]
    nbformat.validate(nb)
    folder.parent.mkdir(parents=True, exist_ok=True)
    get_cache(folder).cache_notebook_bundle(
        CacheBundleIn(nb, str(path), data={"execution_seconds": run.seconds, "executed_by": "nbval",
                                           "cached_at": time.time()}),
        check_validity=False, overwrite=True)


def static_kernels() -> None:
    """Start nbval's kernels with ``INFOBOOK_STATIC=1`` (the environment is copied when the
    kernel starts; the pytest process's own is left as it was)."""
    from nbval import plugin

    if getattr(plugin.RunningKernel, "static", False):
        return
    base = plugin.RunningKernel

    class StaticKernel(base):
        static = True

        def __init__(self, *args, **kwargs):
            saved = os.environ.get(STATIC_ENV)
            os.environ[STATIC_ENV] = "1"
            try:
                super().__init__(*args, **kwargs)
            finally:
                if saved is None:
                    os.environ.pop(STATIC_ENV, None)
                else:
                    os.environ[STATIC_ENV] = saved

    plugin.RunningKernel = StaticKernel


def install(pluginmanager) -> None:
    static_kernels()
    if not pluginmanager.has_plugin("infobook-nbval-outputs"):
        pluginmanager.register(Recorder(), "infobook-nbval-outputs")
