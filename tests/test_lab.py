"""The learner's path: JupyterLab (as `make lab` starts it) runs a chapter and its widget is live.

Runs on a temporary copy of book/ (JupyterLab autosaves), in Debian's Chromium.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_site import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    book = tmp_path_factory.mktemp("lab") / "book"
    shutil.copytree(ROOT / "book", book)
    port = _free_port()
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("INFOBOOK_STATIC", None)
    cmd = [str(bindir / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           "--ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={book}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_chapter_widget_is_live_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{lab}/lab/tree/01_intuition.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)  # kernel started
        page.click("text=Run", timeout=10_000)
        page.click("text=Run All Cells", timeout=10_000)
        page.wait_for_selector(".widget-slider", timeout=90_000)
        image = page.locator(".widget-image").first
        image.wait_for(timeout=30_000)
        page.wait_for_function("() => { const i = document.querySelector('.widget-image');"
                               " return i && i.naturalWidth > 0; }", timeout=30_000)
        before = image.get_attribute("src")
        readout = page.locator(".widget-slider .widget-readout").first
        page.wait_for_function("() => { const r = document.querySelector('.widget-slider .widget-readout');"
                               " return r && r.textContent.trim() !== ''; }", timeout=30_000)
        value_before = float(readout.text_content())
        handle = page.locator(".widget-slider [role=slider]").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("(old) => document.querySelector('.widget-image').src !== old",
                               arg=before, timeout=30_000)
        assert float(readout.text_content()) > value_before, "the slider did not move"
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, "a cell wrote to stderr: " + errors.first.inner_text()[:500]
        browser.close()
