"""The website: a clean build with warnings as errors, its HTML, and its pages in headless Chromium.

The book is built once per test session into a temporary folder (from clean, so that no cached
build can hide a warning), served on 127.0.0.1, and opened in Debian's Chromium through
Playwright: one browser and one server for the whole session.  Every page of the table of
contents is covered, whatever the toc lists; the link check follows every link within the site.

Each page is opened once: in light mode (console, maths, images, requests, an axe-core audit,
the bytes it loads, a screenshot); on a chapter its quick checks are then answered (at least
three, each right and wrong from its embedded JSON) and its players moved; then the page is
switched to the theme's dark mode (figure backgrounds, text contrast, a screenshot of each
chapter).  The tests below assert on what that visit recorded.
Artefacts go to ``test-artifacts/``: ``<page>.png`` and ``dark/<page>.png`` (first screens;
``INFOBOOK_FULL_SCREENSHOTS=1`` makes the light ones whole pages), ``<chapter>-player.png``,
``page-weight.md`` and ``build-times.md``.

While iterating on these tests, ``INFOBOOK_SITE_HTML=/path/to/_build/html`` tests an already
built site without building (the rebuild-speed test is then skipped); CI never sets it.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import BUILD_LOG, CHROMIUM, CHROMIUM_ARGS, COLD_BUILD_SECONDS, build_lock  # noqa: F401 (re-exported)
from coursework.edition import toc_pages

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
FULL_SCREENSHOTS = os.environ.get("INFOBOOK_FULL_SCREENSHOTS") == "1"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SITE_ENV = "INFOBOOK_SITE_HTML"
# Console messages that DESIGN.md §6 names as harmless, by exact text.
ALLOWED_CONSOLE = {
    "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
    "Identifier 'THEBE_JS_URL' has already been declared",
    "Got invalid theme mode: . Resetting to auto.",
}
MAX_PAGE_BYTES = 3 * 1024 * 1024
# axe-core findings in markup that Sphinx, MyST-NB or the theme write and that no stylesheet of
# ours can change (an aria-label, a role): rule id -> [(CSS selector of exactly those elements,
# why)].  Only these nodes are dropped, from that rule only; every other rule still sees them.
# (The theme's contrast and its search button's hidden shortcut are fixed in book/styles/.)
THEME_EXCEPTIONS: dict[str, list[tuple[str, str]]] = {
    "label-content-name-mismatch": [
        (".theme-switch-button",
         "the theme's colour-mode button holds only icons, which Font Awesome's script turns into "
         "SVGs titled Light, Dark, System Settings; axe takes those titles for visible text, "
         "the aria-label 'Color mode' names what the button does"),
        ('.cell details > summary[aria-label="Toggle hidden content"]',
         "MyST-NB's hide-input toggle: a fixed aria-label over the visible 'Show code cell source'"),
    ],
    "aria-required-children": [
        (".citation-list",
         "docutils writes the bibliography as role=list around role=doc-biblioentry entries"),
    ],
}
# Where a page's figures are: notebook cell outputs and our players.
FIGURES = "article .cell_output img, article .infobook-player img, article img.infobook-figure"


def _toc_pages() -> list[str]:
    """Every page of ``_toc.yml`` (root, chapters, sections), in order, without a suffix."""
    pages = toc_pages(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    return [re.sub(r"\.(md|ipynb)$", "", page) for page in pages]


PAGES = _toc_pages()
CHAPTERS = [p for p in PAGES if Path(p).name[:2].isdigit()]
PLAYER_PAGES = list(CHAPTERS)


@pytest.fixture(scope="session")
def site(request):
    given = os.environ.get(SITE_ENV)
    if given:  # a developer's shortcut: an already built site, no build
        return Path(given)
    build = request.getfixturevalue("book_build")
    return build / "_build" / "html"


def _name(page: str) -> str:
    return page.replace("/", "_")


# -- the HTML, without a browser -------------------------------------------------------

class _Page(HTMLParser):
    """What the site tests need from one HTML file: images, references, classes, ids,
    links, and the headings a reader's screen shows (the theme's print-only copy of the
    title and contents, ``class="onlyprint"``, is hidden on screen and skipped)."""

    def __init__(self):
        super().__init__()
        self.imgs, self.refs, self.classes = [], [], []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: list[tuple[int, str]] = []  # (level, text), in document order
        self._print_only: list[str] = []  # the open tags of a print-only region
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        for key in ("src", "href"):
            if a.get(key):
                self.refs.append(a[key])
        if tag in ("a", "link", "area") and a.get("href"):
            self.links.append(a["href"])
        if tag in ("img", "script", "iframe", "source") and a.get("src"):
            self.links.append(a["src"])
        for key in ("id", "name") if tag in ("a", "span") else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        classes = (a.get("class") or "").split()
        self.classes.extend(classes)
        if tag in _VOID:
            return
        if self._print_only or "onlyprint" in classes:
            self._print_only.append(tag)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if self._print_only:
            if tag in self._print_only:
                while self._print_only.pop() != tag:
                    pass
            return
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@functools.lru_cache(maxsize=None)
def _parse_file(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _parse(path):
    return _parse_file(Path(path))


def test_every_page_is_built(site):
    assert PAGES and CHAPTERS, "the toc lists no page or no chapter"
    for page in PAGES:
        assert (site / f"{page}.html").exists(), f"{page} is missing from the site"


@pytest.mark.parametrize("page", PAGES)
def test_page_html(site, page):
    html = (site / f"{page}.html").read_text()
    parsed = _parse(site / f"{page}.html")
    # A docstring's doctest may show the ValueError an example raises; a cell's output may not.
    outside_doctests = re.sub(r'<div class="doctest[^"]*"><div class="highlight"><pre>.*?</pre>', "",
                              html, flags=re.S)
    assert "Traceback (most recent call last)" not in outside_doctests
    assert "output stderr" not in " ".join(parsed.classes), "a cell wrote to stderr"
    assert "output traceback" not in " ".join(parsed.classes)
    assert "widget-view+json" not in html, "a live ipywidget would be a dead control on the site"
    for img in parsed.imgs:
        assert img.get("alt", "").strip(), f"an image without alt text: {img.get('src', '')[:60]}"
    external = [r for r in parsed.refs if re.match(r"https?://", r) and re.search(r"\.(js|css)(\?|$)", r)]
    assert not external, f"scripts or styles from the network: {external}"


def _heading_problems(parsed: _Page) -> list[str]:
    """What is wrong with a page's headings: not exactly one h1, not first, or a level skipped."""
    levels = [level for level, _ in parsed.headings]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings on the page, not one")
    if levels and levels[0] != 1:
        problems.append(f"the page does not start with its h1 title: {parsed.headings[:2]}")
    for (prev, _), (level, text) in zip(parsed.headings, parsed.headings[1:]):
        if level > prev + 1:
            problems.append(f"heading {text!r} is an h{level} right under an h{prev}")
    return problems


@pytest.mark.parametrize("page", PAGES)
def test_headings_are_in_order(site, page):
    """One h1 (the title), and no level skipped on the way down (h2 -> h4)."""
    problems = _heading_problems(_parse(site / f"{page}.html"))
    assert not problems, "\n".join(problems)


def _is_local(ref: str) -> bool:
    return not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", ref) and not ref.startswith("//")


def _broken_links(site: Path, start: list[str]) -> tuple[set[str], list[str]]:
    """Follow every local link from the pages ``start`` (paths under ``site``) through every
    HTML page reached; return the pages seen and the links whose file, or whose ``#fragment``
    in the target page, does not exist."""
    base = "http://site.invalid/"
    todo, seen, broken = list(start), set(), []
    while todo:
        rel = todo.pop()
        if rel in seen or not (site / rel).is_file():
            continue
        seen.add(rel)
        for ref in _parse(site / rel).links:
            if not _is_local(ref):
                continue
            url = urlsplit(urljoin(base + rel, ref))
            target = unquote(url.path)[1:] or "index.html"
            if target.endswith("/"):
                target += "index.html"
            path = site / target
            if not path.is_file():
                broken.append(f"{rel}: {ref} (no file {target})")
                continue
            if target.endswith(".html"):
                todo.append(target)
                if url.fragment and unquote(url.fragment) not in _parse(path).ids:
                    broken.append(f"{rel}: {ref} (no id {url.fragment!r} in {target})")
    return seen, sorted(set(broken))


def test_every_internal_link_resolves(site):
    """Every link within the site, from the toc pages on: each target file exists, and a
    ``#fragment`` names an element of the target page."""
    start = [f"{p}.html" for p in PAGES] + ["index.html", "search.html", "genindex.html"]
    seen, broken = _broken_links(site, start)
    assert {f"{p}.html" for p in PAGES} <= seen
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_the_html_checks_catch_mistakes(tmp_path):
    """The heading and link checks themselves, on a two-page site with known mistakes."""
    (tmp_path / "a.html").write_text(
        '<div class="onlyprint"><h1>Print copy</h1><h3>Contents</h3></div>'
        '<article><h1 id="top">A</h1><h2>B</h2><h4>D</h4><img src="x.png" alt="x">'
        '<a href="b.html#here">ok</a><a href="b.html#gone">bad id</a><a href="c.html">no file</a>'
        '<a href="#top">self</a><a href="https://example.org/">outside</a></article>')
    (tmp_path / "b.html").write_text('<h1>B</h1><h2 id="here">here</h2><a href="a.html">back</a>')
    (tmp_path / "x.png").write_bytes(b"")
    assert _heading_problems(_parse(tmp_path / "a.html")) == ["heading 'D' is an h4 right under an h2"]
    assert _heading_problems(_parse(tmp_path / "b.html")) == []
    seen, broken = _broken_links(tmp_path, ["a.html"])
    assert seen == {"a.html", "b.html"}
    assert broken == ["a.html: b.html#gone (no id 'gone' in b.html)", "a.html: c.html (no file c.html)"]


def test_mathjax_is_served_locally(site):
    assert (site / "_static" / "mathjax" / "tex-mml-chtml.js").exists()
    html = (site / f"{CHAPTERS[0]}.html").read_text()
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


class Visit:
    """A page opened in Chromium, with its console errors, requests and loaded files recorded.

    :meth:`go_dark` switches it to dark mode as the pydata/sphinx-book theme's button does:
    the choice goes to ``localStorage`` ("mode", "theme") and to ``data-mode``/``data-theme``
    on ``<html>``, which the theme's stylesheets key on.
    """

    def __init__(self, browser, url, origin):
        # reduced motion: the theme's colour transitions end at once (a dark-mode audit must
        # not see a colour halfway)
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
        self.page = self.context.new_page()
        self.errors, self.requests, self.loaded = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")
        self.has_maths = self.page.locator('script[src*="mathjax"]').count() > 0
        if self.has_maths:  # Sphinx adds MathJax only to pages with maths
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise")
        self.origin = origin

    def _response(self, response):
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")
        else:
            self.loaded.append((response.url, response.request.resource_type))

    def unexpected_errors(self):
        return [e for e in self.errors if e not in ALLOWED_CONSOLE]

    def outside_requests(self):
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "blob:", "about:"))]

    def screenshot(self, name, full_page=True):
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.evaluate("() => window.scrollTo(0, 0)")
        self.page.screenshot(path=str(path), full_page=full_page)

    def axe(self, source, rules=None):
        """Run axe-core on the page; its serious and critical violations, theme exceptions dropped."""
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(content=source)
        return self.page.evaluate(_AXE_RUN, {"rules": rules, "exceptions": {
            rule: ", ".join(sel for sel, _ in pairs) for rule, pairs in THEME_EXCEPTIONS.items()}})

    def go_dark(self):
        """Switch to the theme's dark mode the way its own button does (no reload)."""
        self.page.evaluate("""() => {
            localStorage.setItem("mode", "dark"); localStorage.setItem("theme", "dark");
            document.documentElement.dataset.mode = "dark";
            document.documentElement.dataset.theme = "dark";
            // let the new colours apply and the theme's colour transitions finish
            return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
                .then(() => Promise.all(document.getAnimations().map(a => a.finished)));
        }""")

    def close(self):
        self.context.close()


_AXE_RUN = """async ({rules, exceptions}) => {
  const options = {resultTypes: ["violations"], elementRef: true};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const result = await axe.run(document, options);
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({...v, nodes: v.nodes.filter(n => !(exceptions[v.id] && n.element
                                                    && n.element.matches(exceptions[v.id])))}))
    .filter(v => v.nodes.length)
    .map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                targets: v.nodes.slice(0, 4).map(n => n.target.join(" "))}));
}"""

# Each typeset formula keeps its container (its attributes, place, focusability and colours)
# but its inside becomes one letter.  MathJax's inside of a formula, hundreds of nodes, is the
# same markup on every page (glyphs that are CSS content, which axe does not read, and an
# assistive MathML copy); axe checks it in full on the pages with few formulas and on the
# glossary (the book's notation), and on a chapter, where its 30,000 nodes made the audits
# take 12-20 s, it checks everything around it.
_MATHS_STAND_INS = """() => document.querySelectorAll("mjx-container").forEach(m => m.replaceChildren("x"))"""
#: The pages whose formulas axe checks through :data:`_MATHS_STAND_INS` (in light mode).
MATHS_STAND_IN_PAGES = set(CHAPTERS)

# For every figure of the page: how much of it is transparent, the colour it is drawn on
# (its own background, else the nearest ancestor's), any CSS filter, and the mean luminance
# of its border pixels composited on that colour (what the reader sees around the plot).
_FIGURE_BACKGROUNDS = """(selector) => {
  const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const luminance = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return Array.from(document.querySelectorAll(selector)).map(img => {
    let bg = [0, 0, 0, 0];
    for (let el = img; el && bg[3] < 1; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) bg = c;
    }
    const w = img.naturalWidth, h = img.naturalHeight;
    const canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, w, h).data;
    let transparent = 0, border = 0, n = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] < 250) transparent++;
      const x = (i / 4) % w, y = Math.floor(i / 4 / w);
      if (x < 3 || y < 3 || x >= w - 3 || y >= h - 3) {
        const a = px[i + 3] / 255;
        border += luminance([0, 1, 2].map(k => a * px[i + k] + (1 - a) * bg[k])); n++;
      }
    }
    return {src: img.src.slice(0, 70), transparent: transparent / (w * h), background: bg,
            filter: getComputedStyle(img).filter, border: n ? border / n : 0};
  });
}"""


@dataclass
class Audit:
    """What one visit of a page found, in light mode and then in dark mode."""

    errors: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    raw_maths: bool = False
    has_maths: bool = False
    maths_written: int = 0
    maths_rendered: int = 0
    broken_images: list = field(default_factory=list)
    violations: list = field(default_factory=list)
    loaded: list = field(default_factory=list)
    dark_theme: str = ""
    figures: list = field(default_factory=list)
    dark_violations: list = field(default_factory=list)
    dark_errors: list = field(default_factory=list)
    quick_checks: int = 0                  # chapters: how many were answered ...
    quick_check_problems: list = field(default_factory=list)  # ... and what went wrong
    players: int = 0                       # player pages: how many were moved ...
    player_problems: list = field(default_factory=list)       # ... and what went wrong
    interaction_errors: list = field(default_factory=list)    # console errors meanwhile
    seconds: float = 0.0


class Auditor:
    """Opens each page once and remembers what it found: in light mode (maths, images, errors),
    then, on a chapter, every quick check answered right and wrong and every player moved (one
    page load each saved: MathJax takes 5-9 s to typeset a chapter), then axe-core on the page
    as it is left, then the theme's dark mode (figure backgrounds, and text contrast with the
    quick checks' feedback shown)."""

    def __init__(self, browser, server, site):
        self.browser, self.server, self.site = browser, server, site
        self.audits: dict[str, Audit] = {}
        self._axe = None

    @property
    def axe_source(self):
        if self._axe is None:
            assert AXE.exists(), f"axe-core is missing ({AXE}): `make test` installs it (`make axe`)"
            self._axe = AXE.read_text()
        return self._axe

    def __call__(self, page) -> Audit:
        if page not in self.audits:
            start = time.perf_counter()
            visit = Visit(self.browser, f"{self.server}/{page}.html", self.server)
            try:
                a = Audit(has_maths=visit.has_maths)
                # the first screen (a chapter's full page takes 8-13 s to capture and nothing
                # is asserted on it); INFOBOOK_FULL_SCREENSHOTS=1 captures whole pages to look at
                visit.screenshot(_name(page), full_page=FULL_SCREENSHOTS)
                text = visit.page.inner_text("article")
                a.raw_maths = "\\(" in text or "\\[" in text
                a.maths_written = visit.page.locator("article .math").count()  # Sphinx's maths
                a.maths_rendered = visit.page.locator("mjx-container").count()
                a.broken_images = visit.page.evaluate(
                    "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                    ".map(i => i.src.slice(0, 80))")
                a.errors = visit.unexpected_errors()
                a.loaded = list(visit.loaded)
                if page in CHAPTERS:
                    a.quick_checks, a.quick_check_problems = _answer_quick_checks(visit.page)
                if page in PLAYER_PAGES:
                    a.players, a.player_problems = _move_players(visit.page, page)
                a.interaction_errors = visit.unexpected_errors()[len(a.errors):]
                # axe on the page as a reader leaves it: quick checks answered (their feedback
                # shown), players moved
                if page in MATHS_STAND_IN_PAGES:
                    visit.page.evaluate(_MATHS_STAND_INS)
                a.violations = visit.axe(self.axe_source)
                visit.go_dark()
                a.dark_theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
                if page in CHAPTERS:
                    # the first screen only: a chapter's full page takes ~8 s to capture, and the
                    # figures' dark-mode backgrounds are measured below, not read off the picture
                    visit.screenshot(f"dark/{_name(page)}", full_page=False)
                a.figures = visit.page.evaluate(_FIGURE_BACKGROUNDS, FIGURES)
                # the theme's colours change in dark mode: check text contrast there too, with
                # every formula's inside one letter in its inherited colours (the book colours
                # no TeX: MathJax draws in the colour around it)
                visit.page.evaluate(_MATHS_STAND_INS)
                a.dark_violations = visit.axe(self.axe_source, rules=["color-contrast"])
                a.dark_errors = visit.unexpected_errors()[len(a.errors) + len(a.interaction_errors):]
                a.outside = visit.outside_requests()  # the whole visit's
            finally:
                visit.close()
            a.seconds = time.perf_counter() - start
            self.audits[page] = a
        return self.audits[page]


@pytest.fixture(scope="session")
def auditor(browser, server, site):
    return Auditor(browser, server, site)


def _describe(violations):
    return "\n".join(f"- {v['id']} ({v['impact']}, {v['count']} nodes): {v['help']}; e.g. "
                     + " | ".join(v["targets"]) for v in violations)


@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(auditor, page):
    a = auditor(page)
    assert not a.raw_maths, "raw maths left untypeset"
    if page in CHAPTERS:
        assert a.has_maths and a.maths_written, "a chapter without maths or without MathJax"
    if a.maths_written:
        assert a.has_maths, "maths on the page but no MathJax script"
        assert a.maths_rendered >= a.maths_written, (
            f"MathJax typeset {a.maths_rendered} of the page's {a.maths_written} formulas")
    assert not a.broken_images, f"images that did not load: {a.broken_images}"
    assert not a.errors, f"console errors: {a.errors}"
    assert not a.outside, f"requests that left the site: {a.outside}"


@pytest.mark.parametrize("page", PAGES)
def test_accessibility_audit(auditor, page):
    """axe-core finds no serious or critical violation (theme exceptions: THEME_EXCEPTIONS)."""
    violations = auditor(page).violations
    assert not violations, "axe-core found serious or critical problems:\n" + _describe(violations)


@pytest.mark.parametrize("page", PAGES)
def test_dark_mode_keeps_figures_readable(auditor, page):
    """In the theme's dark mode every figure stays on a light, opaque background (its black
    labels would vanish on the dark page otherwise), nothing inverts it, and text keeps its
    contrast."""
    a = auditor(page)
    assert a.dark_theme == "dark", "the theme did not switch to dark mode"
    if page in CHAPTERS:
        assert a.figures, "a chapter without figures (or the figure selector no longer matches)"
    for fig in a.figures:
        where = f"figure {fig['src']}"
        assert "invert" not in fig["filter"], f"{where} is inverted in dark mode"
        if fig["transparent"] > 0:
            assert fig["background"][3] == 1, f"{where} is transparent on a see-through background"
        assert fig["border"] > 0.6, (f"{where} sits on a dark background in dark mode "
                                     f"(luminance {fig['border']:.2f}): its labels are unreadable")
    assert not a.dark_errors, f"console errors in dark mode: {a.dark_errors}"
    assert not a.dark_violations, "axe-core, dark mode:\n" + _describe(a.dark_violations)


def _move_players(page, name) -> tuple[int, list[str]]:
    """Move every ``.infobook-player`` of an open page by keyboard (an arrow key on each slider)
    and by mouse (clicks near both ends of its track); returns how many players there are and
    what did not respond.  Screenshots the first player to ``test-artifacts/<page>-player.png``."""
    players = page.locator(".infobook-player")
    problems = []
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
            page.keyboard.press(key)
            if img.get_attribute("src") == before_src:
                problems.append(f"player {i}, control {j}: the arrow key did not change the picture")
            if output.inner_text() == before_value:
                problems.append(f"player {i}, control {j}: the arrow key did not change the value shown")
            # mouse: click near the left and near the right end of the track
            box = slider.bounding_box()
            srcs = set()
            for frac in (0.02, 0.98):
                page.mouse.click(box["x"] + frac * box["width"], box["y"] + box["height"] / 2)
                srcs.add(img.get_attribute("src"))
            if len(srcs) != 2:
                problems.append(f"player {i}, control {j}: clicking the track did nothing")
            if not img.get_attribute("alt"):
                problems.append(f"player {i}: the picture lost its alt text")
        page.evaluate("() => window.scrollTo(0, 0)")
    if players.count():
        ARTIFACTS.mkdir(exist_ok=True)
        players.first.screenshot(path=str(ARTIFACTS / f"{_name(name)}-player.png"))
    return players.count(), problems


@pytest.mark.parametrize("page", PLAYER_PAGES)
def test_players_respond_to_keyboard_and_mouse(auditor, page):
    """Each player's sliders answer an arrow key and clicks on their track (in the page's
    audit visit, :class:`Auditor`)."""
    a = auditor(page)
    assert a.players > 0, f"{page} has no player"
    assert not a.player_problems, "\n".join(a.player_problems)
    assert not a.interaction_errors, f"console errors: {a.interaction_errors}"


# -- quick checks ----------------------------------------------------------------------

MIN_QUICK_CHECKS = 3  # per chapter (issue 13)

_QC_FEEDBACK = ".qc-feedback .qc-fb:not([hidden])"


def _typed(value: float, tolerance: float) -> str:
    """The shortest decimal a learner might type for ``value``: within a tenth of ``tolerance``
    of it (each key press costs a round trip to the browser), else ``repr(value)``.

    >>> _typed(0.41503749927884376, 0.01), _typed(4.0, 0.1), _typed(2.5e-7, 1e-9)
    ('0.415', '4', '2.5e-07')
    """
    for digits in range(1, 18):
        text = f"{value:.{digits}g}"
        if abs(float(text) - value) <= tolerance / 10:
            return text
    return repr(value)


def _answer_quick_checks(page, scope=None, first_of_each_kind=False) -> tuple[int, list[str]]:
    """Answer every ``.quick-check`` of an open page (or inside the locator ``scope``) right and
    wrong, from its embedded JSON, and read the feedback: a multiple choice by mouse (click the
    option, then Check), a number by keyboard (the right answer typed key by key, the wrong ones
    filled in at once, each followed by the Enter key).  Returns how many
    were answered and what went wrong.  tests/test_lab.py uses it in JupyterLab, with
    ``first_of_each_kind``: only the first multiple choice and the first number.

    The quick checks are found once and each is then driven through its own element: a
    selector run from the document walks all of a chapter's 35,000 nodes (most of them
    MathJax's) on every call, a selector run from a quick check only its own few."""
    checks = (scope or page).locator(".quick-check").element_handles()
    problems, answered, kinds = [], 0, set()
    for i, check in enumerate(checks):
        scripts = check.query_selector_all('script[type="application/json"]')
        if len(scripts) != 1:
            problems.append(f"quick check {i}: no JSON")
            continue
        data = json.loads(scripts[0].text_content())
        if first_of_each_kind and data["kind"] in kinds:
            continue
        kinds.add(data["kind"])
        answered += 1
        check.scroll_into_view_if_needed()
        name = data.get("id", f"quick check {i}")

        def expect(what, starts):
            shown = check.eval_on_selector_all(_QC_FEEDBACK, "els => els.map(e => e.innerText.trim())")
            got = shown[0] if len(shown) == 1 else f"<{len(shown)} feedbacks shown>"
            if not got.startswith(starts):
                problems.append(f"{name}: {what}: feedback {got[:80]!r}, expected {starts!r}...")

        button = check.query_selector("button.qc-check")
        if data["kind"] == "choice":
            radios = check.query_selector_all("input[type=radio]")
            if len(radios) != len(data["choices"]):
                problems.append(f"{name}: {len(radios)} radios for {len(data['choices'])} options")
                continue
            right = next(k for k, c in enumerate(data["choices"]) if c["correct"])
            wrong = next(k for k, c in enumerate(data["choices"]) if not c["correct"])
            for k, starts in ((wrong, "\u2717 Not quite: "), (right, "\u2713 Right: ")):
                check.query_selector(f'label[for="{radios[k].get_attribute("id")}"]').click()
                button.click()
                expect(f"option {data['choices'][k]['letter']}", starts)
        else:
            box = check.query_selector("input[type=text]")
            tol = data["tolerance"]
            far = data["answer"] + 7.5 * tol + 1.0
            while any(abs(float(_typed(far, tol)) - w["value"]) <= w["tolerance"] for w in data["wrong"]):
                far += 3 * tol + 1.0
            tries = [(_typed(data["answer"], tol), "\u2713 Right: "), (_typed(far, tol), "\u2717 Not quite (hint:")]
            tries += [(_typed(w["value"], w["tolerance"]), "\u2717 Not quite: ") for w in data["wrong"]]
            for t, (typed, starts) in enumerate(tries):
                if t == 0:               # typed key by key, as a reader does
                    box.fill("")
                    box.focus()
                    page.keyboard.type(typed)
                    page.keyboard.press("Enter")
                else:                    # the box's text replaced at once, then the Enter key
                    box.fill(typed)
                    box.press("Enter")
                expect(f"typed {typed}", starts)
    return answered, problems


def test_quick_check_ids_are_unique_across_the_book(site):
    """Each quick check's id is used once in the whole book (the PDF's appendix names them)."""
    seen = {}
    for page in PAGES:
        for qc_id in re.findall(r'data-qc-id="([^"]+)"', (site / f"{page}.html").read_text()):
            seen.setdefault(qc_id, []).append(page)
    twice = {k: v for k, v in seen.items() if len(v) > 1}
    assert not twice, f"quick check ids used more than once: {twice}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_quick_checks_answer_right_and_wrong(auditor, page):
    """Every chapter has at least three quick checks, and each one, answered right and wrong
    (by mouse for a choice, by keyboard for a number), shows the matching feedback (in the
    page's audit visit, :class:`Auditor`; no request leaves the site meanwhile, which
    test_page_in_browser asserts for the whole visit)."""
    a = auditor(page)
    assert a.quick_checks >= MIN_QUICK_CHECKS, (
        f"{page} has {a.quick_checks} quick checks, fewer than {MIN_QUICK_CHECKS}")
    assert not a.quick_check_problems, "\n".join(a.quick_check_problems)
    assert not a.interaction_errors, f"console errors: {a.interaction_errors}"


def test_the_quick_check_driver_catches_mistakes(browser, tmp_path):
    """The driver above on a hand-made page: a working choice and number pass; a quick check
    whose script is gone (a dead form) and one whose feedback is wrong are reported."""
    from infolib.quiz import quick_check

    good = [quick_check("qc-driver-a", "Pick B?", choices=[("A", False, "not A"), ("B", True, "B it is"),
                                                           ("C", False, "not C")]),
            quick_check("qc-driver-b", "Two plus two?", answer=4.0, tolerance=0.1, explain="add",
                        wrong=[(22.0, 0.5, "that is the digits side by side")])]
    dead = quick_check("qc-driver-c", "Dead?", choices=[("yes", True, "y"), ("no", False, "n")]).html()
    dead = re.sub(r"<script>.*?</script>", "", dead, flags=re.S)
    swapped = quick_check("qc-driver-d", "Swapped?", choices=[("yes", True, "y"), ("no", False, "n")]).html()
    swapped = swapped.replace("\u2713 Right: y", "\u2717 Not quite: y")
    path = tmp_path / "page.html"
    path.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title></head><body>"
                    + "".join(q.html() for q in good) + "</body></html>", encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        assert _answer_quick_checks(page) == (2, [])
        path.write_text("<!DOCTYPE html><html lang='en'><body>" + good[0].html() + dead + swapped
                        + "</body></html>", encoding="utf-8")
        page.goto(path.as_uri())
        count, problems = _answer_quick_checks(page)
        assert count == 3
        assert [p.split(":")[0] for p in problems] == ["qc-driver-c", "qc-driver-c", "qc-driver-d"], problems
        assert "<0 feedbacks shown>" in problems[0] and "expected '\u2713 Right: '" in problems[2]
    finally:
        page.close()


def test_search_finds_mutual_information(browser, server):
    visit = Visit(browser, f"{server}/search.html?q=mutual+information", server)
    try:
        visit.page.wait_for_selector("#search-results ul.search li a", timeout=30_000)
        hrefs = visit.page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))")
        chapters = {f"{c}.html" for c in CHAPTERS}
        hits = [h for h in hrefs if urlsplit(h).path.lstrip("./") in chapters]
        assert hits, f"searching 'mutual information' found no chapter, only {hrefs[:10]}"
        assert not visit.unexpected_errors(), f"console errors: {visit.unexpected_errors()}"
    finally:
        visit.close()


def _served_file(site, origin, url) -> Path | None:
    if not url.startswith(origin):
        return None
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path if path.is_file() else None


@functools.lru_cache(maxsize=None)
def _gzipped_size(path: Path) -> int:
    return len(zlib.compress(path.read_bytes(), 6))


def test_page_weight(auditor, site, server):
    """Every page weighs less than 3 MB: its HTML (with its inline data: the players' frames,
    the figures) plus the images it loads.

    The files every page shares (the theme's, Sphinx's and MathJax's scripts, stylesheets and
    fonts, the search index) are counted apart and reported once: a reader's browser fetches
    them on the first page and takes them from its cache afterwards.  The report,
    ``test-artifacts/page-weight.md``, also gives each page's first-visit total, raw and as a
    server that gzips would send it."""
    rows, shared_all = [], {}
    for page in PAGES:
        a = auditor(page)
        own, shared = {}, {}
        for url, kind in dict.fromkeys(a.loaded):
            path = _served_file(site, server, url)
            if path is None:
                continue
            rel = path.relative_to(site).as_posix()
            mine = rel == f"{page}.html" or (kind == "image" and not rel.startswith("_static/"))
            (own if mine else shared)[rel] = path
        assert f"{page}.html" in own, f"the visit of {page} did not load {page}.html"
        shared_all.update(shared)
        size = lambda files: sum(p.stat().st_size for p in files.values())  # noqa: E731
        first_gz = sum(_gzipped_size(p) for p in {**own, **shared}.values())
        rows.append((page, own[f"{page}.html"].stat().st_size, size(own), size(shared),
                     size(own) + size(shared), first_gz))
    kb = lambda n: f"{n / 1024:,.0f}"  # noqa: E731
    lines = [
        "# Page weight", "",
        "What Chromium loaded for a first visit of each page of the built site (local files).",
        "*Page* = its HTML, with the players' frames and figures inline, plus the images it loads:",
        "the limit (3 MB) applies to it.  *Shared* = the scripts, stylesheets, fonts and search",
        "index that every page uses, fetched once and then cached.  *gzip* = the first visit as a",
        "server that compresses would send it.", "",
        "| page | HTML KB | page KB | shared KB | first visit KB | first visit, gzip KB |",
        "|---|---:|---:|---:|---:|---:|"]
    for page, html, own, shared, first, first_gz in rows:
        lines.append(f"| {page} | {kb(html)} | **{kb(own)}** | {kb(shared)} | {kb(first)} | {kb(first_gz)} |")
    lines += ["", f"## Shared files ({len(shared_all)}, "
              f"{kb(sum(p.stat().st_size for p in shared_all.values()))} KB, "
              f"{kb(sum(_gzipped_size(p) for p in shared_all.values()))} KB gzipped)", "",
              "| file | KB | gzip KB |", "|---|---:|---:|"]
    for rel, path in sorted(shared_all.items(), key=lambda kv: -kv[1].stat().st_size):
        lines.append(f"| {rel} | {kb(path.stat().st_size)} | {kb(_gzipped_size(path))} |")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.md").write_text("\n".join(lines) + "\n")
    heavy = [f"{p}: {kb(own)} KB" for p, _, own, *_ in rows if own >= MAX_PAGE_BYTES]
    assert not heavy, f"pages of 3 MB or more (see test-artifacts/page-weight.md): {heavy}"


# -- build speed (last: it rebuilds the session's build folder in place) ---------------

def test_unchanged_rebuild_executes_nothing_and_is_quick(site):
    """``execute_notebooks: cache``: a second build of the unchanged book takes every notebook
    from the cache and finishes in under a minute (and in a third of the clean build's time when
    that build executed the notebooks itself, not nbval before it)."""
    if os.environ.get(SITE_ENV):
        pytest.skip(f"{SITE_ENV} points at a site built elsewhere")
    build = site.parent.parent
    env = dict(os.environ, INFOBOOK_STATIC="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--path-output",
           str(build), "-W", "-n", "--keep-going"]
    with build_lock(build):  # no other test copies from the build while it is rebuilt
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        warm = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, "the rebuild failed:\n" + log[-4000:]
    stamp = build / COLD_BUILD_SECONDS  # written by the session's clean build (not a reused one)
    cold = float(stamp.read_text()) if stamp.exists() else None
    if cold:  # the clean build's log (conftest.build_book) says which notebooks it executed
        cold_log = (build / BUILD_LOG).read_text() if (build / BUILD_LOG).exists() else ""
        ran = len(re.findall(r": Executing notebook", cold_log))
        cached = len(re.findall(r": Using cached notebook", cold_log))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build-times.md").write_text(
        "# Build times\n\n"
        + (f"- clean (`--all`): {cold:.1f} s, {ran} notebook(s) executed by the build, {cached} "
           "from the execution cache that nbval filled earlier in the run\n" if cold else
           "- clean: not timed here (the session's build was reused)\n")
        + f"- warm (unchanged book, notebooks from the cache): {warm:.1f} s\n")
    executed = re.findall(r"^(.*): Executing notebook", log, flags=re.M)
    assert not executed, f"an unchanged rebuild executed notebooks: {executed}"
    assert warm < 60, f"the unchanged rebuild took {warm:.0f} s"
    if cold and ran >= 3:  # measured against a clean build that executed (not one fed by nbval)
        assert warm < cold / 3, f"the unchanged rebuild ({warm:.0f} s) is not much quicker than cold ({cold:.0f} s)"
