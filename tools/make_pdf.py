"""Print the single-page HTML build of the book to a PDF with Debian's Chromium.

Usage::

    python tools/make_pdf.py _build/singlehtml/index.html _build/pdf/infobook.pdf

``make pdf`` runs it after ``jupyter-book build . --builder singlehtml``.  Jupyter Book's own
``pdfhtml`` builder would start a browser that Playwright downloads for itself, which cannot be
had on a machine that reaches only the package registries; this script drives the system's
Chromium (``/usr/bin/chromium``, or the one named by ``INFOBOOK_CHROMIUM``) instead.

What it does, in order:

1. serves the HTML file's folder over http on 127.0.0.1 (a ``file://`` page may be refused its
   web fonts, and MathJax's fonts are web fonts);
2. opens the page in print media, makes every image load eagerly and waits until each has loaded
   and MathJax has typeset every formula; it stops with an error if a picture is broken, a
   formula is left untypeset or MathJax reports a TeX error;
3. adds a print stylesheet: no sidebars, header or buttons; every chapter starts on a new page;
   figures, players and code cells are not split across pages; a player shows its default frame
   and the value of each control as text instead of a slider;
4. prints every quick check (infolib/quiz.py) as text: its number ("Q2.1": chapter, then order),
   the question and its lettered options or a blank "Answer: ____ unit", no input, button or
   feedback; and adds an appendix "Answers to the quick checks" at the end, one group per
   chapter, with each right answer and its explanation (read from each quick check's JSON and
   its already typeset feedback, so the formulas need no second typesetting);
5. prints A4 pages with page numbers and an outline (PDF bookmarks) from the headings, then
   prints the output path, its page count and size.

Exit status 1 with a one-line reason when Chromium, Playwright or the HTML file is missing, or
when the page is not ready (see 2.) within ``--timeout`` seconds.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

CHROMIUM = os.environ.get("INFOBOOK_CHROMIUM", "/usr/bin/chromium")
# Also the switches of the browser tests (tests/conftest.py imports them): root needs --no-sandbox, and the rest
# stop Chromium from trying the network, which this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

PRINT_CSS = """
@page { size: A4; }
@media print {
  /* Page furniture of the website: nothing to read on paper. */
  .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
  .bd-footer-article, .bd-footer-content, .prev-next-area, .header-article-items,
  #pst-back-to-top, .skip-link, .search-button, .theme-switch-button, .dropdown-toggle,
  .headerlink, .copybtn, #jb-print-docs-body, .bd-header-announcement { display: none !important; }
  .bd-main .bd-content { margin-left: 0 !important; }
  .bd-main .bd-content .bd-article-container .bd-article { padding-left: 0; padding-right: 0; }
  .bd-container, .bd-container__inner, .bd-page-width { max-width: none !important; }
  /* The theme hides the first <h1> of a page (it prints the page title instead); in the single
     page every chapter's title is such a first <h1>, and it must stay. */
  .bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
  /* The single page inlines every chapter as a section of a toctree-wrapper, titled by an <h2>:
     each starts on a new page, its title as large as the book's. */
  .toctree-wrapper > section { break-before: page; }
  .toctree-wrapper > section > h2 { font-size: 2.2em; margin-top: 0; }
  h1, h2, h3, h4, .admonition-title, p.caption, p.rubric, dl > dt { break-after: avoid; }
  /* Code cells hidden on the website (helper code) stay hidden; their "show" toggles go. */
  details.above-input { display: none !important; }
  /* Pictures, players, theorems and code are not split across pages. */
  figure, img, .infobook-player, .cell_input, div.cell_output .output, .admonition,
  .proof, .exercise, .solution, div.math, mjx-container[display="true"], table
    { break-inside: avoid; }
  img { max-width: 100% !important; height: auto; }
  /* A player on paper: its default frame, and each control's value as text. */
  .infobook-player input[type=range] { display: none !important; }
  .infobook-player label { gap: 0.3em !important; }
  .infobook-player label::after { content: ""; }
  .infobook-player output::before { content: "= "; }
  pre { white-space: pre-wrap; word-break: break-word; }
  /* A quick check on paper: the question and its options (or a blank), nothing to click. */
  .quick-check { break-inside: avoid; }
  .quick-check input, .quick-check .qc-check, .quick-check .qc-feedback, .quick-check .qc-number
    { display: none !important; }
  .quick-check .qc-blank { display: block !important; }
  .quick-check .qc-tag[data-qc-number]::after { content: " " attr(data-qc-number); }
  /* The answers' appendix starts a page, titled like a chapter. */
  .qc-appendix { break-before: page; }
  .qc-appendix > h2 { font-size: 2.2em; margin-top: 0; }
  .qc-appendix .qc-answer { break-inside: avoid; margin: 0 0 0.8em; }
  .qc-appendix .qc-answer p { margin: 0.1em 0; }
}
"""

FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

# Runs before the page's own scripts: MathJax 3's menu reads its settings from localStorage.
MATHJAX_NO_ASSISTIVE_MML = ("try { localStorage.setItem('MathJax-Menu-Settings', "
                            "JSON.stringify({assistiveMml: false})); } catch (e) {}")

# Runs in the page: every picture loaded (or failed), then MathJax typeset.  Returns counts and
# the problems found, for Python to report.
READY_JS = """
async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = "eager"; });
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
  })));
  const broken = imgs.filter(img => !img.naturalWidth).map(img => (img.currentSrc || img.src).slice(0, 80));
  const maths = document.querySelectorAll("span.math, div.math").length;
  let typeset = 0, errors = [];
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    // The start-up typesets the whole page; calling typesetPromise() again would typeset every
    // formula a second time (two copies of each, seen with MathJax 3.2.2).
    await MathJax.startup.promise;
    typeset = document.querySelectorAll("mjx-container").length;
    errors = Array.from(document.querySelectorAll("mjx-merror")).map(e => e.getAttribute("data-mjx-error") || e.textContent);
  }
  const raw = Array.from(document.querySelectorAll("span.math, div.math"))
    .filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 60));
  return {images: imgs.length, broken, maths, typeset, errors, raw,
          players: document.querySelectorAll(".infobook-player").length};
}
"""


# Runs in the page after READY_JS: numbers every quick check ("Q<chapter>.<k>") and appends the
# appendix of answers at the end of the article.  The chapter is the single page's section of a
# toctree (one per chapter, titled by an <h2>); its number is the heading's section number when
# Sphinx wrote one, else the section's place among them.  The texts are copies of the quick
# check's own (already typeset) question, right option and feedback.  Returns how many it listed.
APPENDIX_JS = r"""
() => {
  const checks = Array.from(document.querySelectorAll(".quick-check"));
  if (!checks.length) return 0;
  const chapters = Array.from(document.querySelectorAll(".toctree-wrapper > section"));
  const title = (section) => {
    const h = section && section.querySelector("h1, h2");
    if (!h) return {text: "", number: ""};
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(e => e.remove());
    const num = copy.querySelector(".section-number");
    const number = num ? num.textContent.replace(/[.\s]+$/, "").trim() : "";
    return {text: copy.textContent.replace(/\s+/g, " ").trim(), number};
  };
  const groups = [], count = new Map();
  checks.forEach(check => {
    let section = chapters.find(s => s.contains(check));
    for (let s = check.closest("section"); !section && s; s = s.parentElement.closest("section"))
      if (s.querySelector(":scope > h1, :scope > h2")) section = s;
    const key = section || document.body;
    if (!count.has(key)) {
      const t = title(section);
      const place = chapters.indexOf(section);
      const number = t.number || (place >= 0 ? String(place + 1) : String(groups.length + 1));
      groups.push({key, title: t.text, number, items: []});
      count.set(key, groups[groups.length - 1]);
    }
    const group = count.get(key);
    const label = "Q" + group.number + "." + (group.items.length + 1);
    const tag = check.querySelector(".qc-tag");
    if (tag) tag.setAttribute("data-qc-number", label);
    group.items.push({check, label});
  });
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const strip = (node, prefix) => {  // drop the verdict's first words ("✓ Right: ")
    const first = node.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE && first.textContent.startsWith(prefix))
      first.textContent = first.textContent.slice(prefix.length);
    return node;
  };
  const appendix = el("section", "qc-appendix");
  appendix.id = "answers-to-the-quick-checks";
  appendix.appendChild(el("h2", "", "Answers to the quick checks"));
  groups.forEach(group => {
    if (group.title) appendix.appendChild(el("h3", "", group.title));
    group.items.forEach(({check, label}) => {
      const data = JSON.parse(check.querySelector("script.qc-data").textContent);
      const item = el("div", "qc-answer");
      const q = el("p");
      q.appendChild(el("strong", "", label + " "));
      const legend = check.querySelector(".qc-question").cloneNode(true);
      legend.querySelectorAll(".qc-tag").forEach(e => e.remove());
      while (legend.firstChild) q.appendChild(legend.firstChild);
      item.appendChild(q);
      const a = el("p");
      a.appendChild(el("strong", "", "Answer: "));
      let why;
      if (data.kind === "choice") {
        const k = data.choices.findIndex(c => c.correct);
        const option = check.querySelectorAll(".qc-option label")[k].cloneNode(true);
        while (option.firstChild) a.appendChild(option.firstChild);
        a.appendChild(document.createTextNode(". "));
        why = check.querySelector('.qc-fb[data-qc-fb="o' + k + '"]');
      } else {
        why = check.querySelector('.qc-fb[data-qc-fb="right"]');
      }
      const text = strip(why.cloneNode(true), "✓ Right: ");
      while (text.firstChild) a.appendChild(text.firstChild);
      if (data.kind === "number")
        a.appendChild(document.createTextNode(" (within ±" + Number(data.tolerance.toPrecision(2)) + ")"));
      item.appendChild(a);
      appendix.appendChild(item);
    });
  });
  const article = document.querySelector("article.bd-article") || document.querySelector("article")
    || document.querySelector("main") || document.body;
  article.appendChild(appendix);
  return checks.length;
}
"""


def fail(message: str) -> None:
    """Stop with ``message`` on stderr and exit status 1."""
    print(f"make_pdf: {message}", file=sys.stderr)
    raise SystemExit(1)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per file would drown the build's output
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 at a free port in a daemon thread; return server and base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


_REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']?\s*\d+\s*;\s*url=([^"'>\s]+)""", re.I)


def resolve(html: Path) -> tuple[Path, Path]:
    """The page to print and the folder to serve.

    Jupyter Book writes ``index.html`` as a redirect to the root document (``book/intro.html``
    here): follow it.  The folder served is the build's root (the nearest folder upwards that
    holds ``_static``), so the page's relative links to ``_static/`` resolve.
    """
    html = html.resolve()
    for _ in range(5):
        head = html.read_text(encoding="utf-8", errors="replace")[:2000] if html.stat().st_size < 4000 else ""
        target = _REFRESH.search(head)
        if not target:
            break
        html = (html.parent / urllib.parse.unquote(target.group(1))).resolve()
        if not html.is_file():
            fail(f"the redirect in the HTML file points at {html}, which is missing")
    root = next((d for d in html.parents if (d / "_static").is_dir()), html.parent)
    return html, root


def count_pages(pdf: Path) -> int:
    """Number of pages of ``pdf`` (pypdf, which requirements.txt pins for the PDF test)."""
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def make_pdf(html: Path, pdf: Path, timeout: float = 180.0) -> dict:
    """Print ``html`` (a file in a built book) to ``pdf``; return what the page held.

    Raises SystemExit(1) with a message for a missing input or browser, or a page not ready.
    """
    html = html.resolve()
    if not html.is_file():
        fail(f"no HTML file at {html}: build the single page first "
             "(jupyter-book build . --builder singlehtml)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium "
             "(apt-get install -y chromium; `make pdf` does it) or set INFOBOOK_CHROMIUM")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail("the Python package playwright is missing: pip install -r requirements.txt")

    html, root = resolve(html)
    pdf = pdf.resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    server, base = serve(root)
    url = base + urllib.parse.quote(html.relative_to(root).as_posix())
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                page.set_default_timeout(timeout * 1000)
                page.emulate_media(media="print")
                # Chromium writes an untagged PDF: the MathML copy of each formula that MathJax
                # adds for screen readers (visually hidden) reaches no reader there. MathJax's own
                # menu setting (read from localStorage at start-up) skips making it: typesetting
                # the whole book took 40 s with it and 26 s without.
                page.add_init_script(MATHJAX_NO_ASSISTIVE_MML)
                page.goto(url, wait_until="load")
                page.add_style_tag(content=PRINT_CSS)
                found = page.evaluate(READY_JS)
                if found["broken"]:
                    fail(f"{len(found['broken'])} picture(s) did not load, e.g. {found['broken'][0]}")
                if found["maths"] and not found["typeset"]:
                    fail(f"the page has {found['maths']} formulas but MathJax typeset none "
                         "(is vendor/mathjax there? `make setup` puts it)")
                if found["raw"]:
                    fail(f"{len(found['raw'])} formula(s) left as TeX, e.g. {found['raw'][0]!r}")
                if found["errors"]:
                    fail(f"MathJax reported {len(found['errors'])} TeX error(s), e.g. {found['errors'][0]!r}")
                # Any copy left (a MathJax that ignores the setting) was a third of the print
                # time (about 80 -> 54 s for the whole book).
                page.evaluate("() => document.querySelectorAll('mjx-assistive-mml').forEach(e => e.remove())")
                found["quick_checks"] = page.evaluate(APPENDIX_JS)
                # The page was laid out for the screen while it loaded; let print layout settle.
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                page.pdf(path=str(pdf), format="A4", print_background=True, outline=True,
                         display_header_footer=True, header_template="<div></div>",
                         footer_template=FOOTER,
                         margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
            except PlaywrightError as exc:
                fail(f"Chromium could not print {url}: {str(exc).splitlines()[0]}")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the single-page build, e.g. _build/singlehtml/index.html")
    parser.add_argument("pdf", type=Path, help="the PDF to write, e.g. _build/pdf/infobook.pdf")
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds to wait for the page and MathJax (default 180)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    found = make_pdf(args.html, args.pdf, args.timeout)
    pages = count_pages(args.pdf)
    size = args.pdf.stat().st_size
    print(f"{args.pdf}: {pages} pages, {size / 1e6:.1f} MB "
          f"({found['typeset']} formulas, {found['images']} pictures, {found['players']} players, "
          f"{found.get('quick_checks', 0)} quick checks; "
          f"{time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
