"""The website: a clean build with warnings as errors, its HTML, and its pages in headless Chromium.

The book is built once per test session into a temporary folder (from clean, so that no cached
build can hide a warning), served on 127.0.0.1, and opened in Debian's Chromium through
Playwright.  Screenshots go to ``test-artifacts/``.
"""
from __future__ import annotations

import functools
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Console messages that DESIGN.md §6 names as harmless, by exact text.
ALLOWED_CONSOLE = {
    "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
    "Identifier 'THEBE_JS_URL' has already been declared",
    "Got invalid theme mode: . Resetting to auto.",
}


def _toc_pages():
    text = (ROOT / "_toc.yml").read_text()
    return re.findall(r"(?:root|file):\s*(\S+)", text)


CHAPTERS = [p for p in _toc_pages() if Path(p).name[:2].isdigit()]
PLAYER_PAGES = [p for p in CHAPTERS]


@pytest.fixture(scope="session")
def site(book_build):
    return book_build / "_build" / "html"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.refs, self.classes = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        for key in ("src", "href"):
            if a.get(key):
                self.refs.append(a[key])
        self.classes.extend((a.get("class") or "").split())


def _parse(path):
    page = _Page()
    page.feed(path.read_text())
    return page


def test_every_page_is_built(site):
    for page in _toc_pages():
        assert (site / f"{page}.html").exists(), f"{page} is missing from the site"


@pytest.mark.parametrize("page", _toc_pages())
def test_page_html(site, page):
    html = (site / f"{page}.html").read_text()
    parsed = _parse(site / f"{page}.html")
    assert "Traceback (most recent call last)" not in html
    assert "output stderr" not in " ".join(parsed.classes), "a cell wrote to stderr"
    assert "output traceback" not in " ".join(parsed.classes)
    assert "widget-view+json" not in html, "a live ipywidget would be a dead control on the site"
    for img in parsed.imgs:
        assert img.get("alt", "").strip(), f"an image without alt text: {img.get('src', '')[:60]}"
    external = [r for r in parsed.refs if re.match(r"https?://", r) and re.search(r"\.(js|css)(\?|$)", r)]
    assert not external, f"scripts or styles from the network: {external}"


def test_mathjax_is_served_locally(site):
    assert (site / "_static" / "mathjax" / "tex-mml-chtml.js").exists()
    html = (site / "book" / "01_intuition.html").read_text()
    assert re.search(r'<script[^>]+src="[./]*_static/mathjax/tex-mml-chtml\.js', html)


# -- in the browser -------------------------------------------------------------------

@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """A page opened in Chromium, with its console errors and requests recorded."""

    def __init__(self, browser, url, origin):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.goto(url, wait_until="load")
        self.has_maths = self.page.locator('script[src*="mathjax"]').count() > 0
        if self.has_maths:  # Sphinx adds MathJax only to pages with maths
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise")
        self.origin = origin

    def unexpected_errors(self):
        return [e for e in self.errors if e not in ALLOWED_CONSOLE]

    def outside_requests(self):
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "blob:", "about:"))]

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.evaluate("() => window.scrollTo(0, 0)")
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.mark.parametrize("page", _toc_pages())
def test_page_in_browser(browser, server, page):
    visit = Visit(browser, f"{server}/{page}.html", server)
    try:
        visit.screenshot(page.replace("/", "_"))
        text = visit.page.inner_text("article")
        assert "\\(" not in text and "\\[" not in text, "raw maths left untypeset"
        if page in CHAPTERS:
            assert visit.has_maths, "a chapter without MathJax"
        if visit.has_maths:
            assert visit.page.locator("mjx-container").count() > 0, "no maths rendered"
        broken = visit.page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.src.slice(0, 80))")
        assert not broken, f"images that did not load: {broken}"
        assert not visit.unexpected_errors(), f"console errors: {visit.unexpected_errors()}"
        assert not visit.outside_requests(), f"requests that left the site: {visit.outside_requests()}"
    finally:
        visit.close()


@pytest.mark.parametrize("page", PLAYER_PAGES)
def test_players_respond_to_keyboard_and_mouse(browser, server, page):
    visit = Visit(browser, f"{server}/{page}.html", server)
    try:
        players = visit.page.locator(".infobook-player")
        assert players.count() > 0, f"{page} has no player"
        for i in range(players.count()):
            player = players.nth(i)
            player.scroll_into_view_if_needed()
            img = player.locator("img")
            sliders = player.locator("input[type=range]")
            for j in range(sliders.count()):
                slider = sliders.nth(j)
                output = player.locator("output").nth(j)
                # keyboard: focus the control and press an arrow key
                before_src, before_value = img.get_attribute("src"), output.inner_text()
                slider.focus()
                key = "ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight"
                visit.page.keyboard.press(key)
                assert img.get_attribute("src") != before_src, f"player {i}, control {j}: arrow key did nothing"
                assert output.inner_text() != before_value
                # mouse: click near the left and near the right end of the track
                box = slider.bounding_box()
                srcs = set()
                for frac in (0.02, 0.98):
                    visit.page.mouse.click(box["x"] + frac * box["width"], box["y"] + box["height"] / 2)
                    srcs.add(img.get_attribute("src"))
                assert len(srcs) == 2, f"player {i}, control {j}: clicking the track did nothing"
                assert img.get_attribute("alt"), "the player's picture lost its alt text"
            visit.page.evaluate("() => window.scrollTo(0, 0)")
        player_shot = players.first
        player_shot.screenshot(path=str(ARTIFACTS / f"{page.replace('/', '_')}-player.png"))
        assert not visit.unexpected_errors(), f"console errors: {visit.unexpected_errors()}"
    finally:
        visit.close()
