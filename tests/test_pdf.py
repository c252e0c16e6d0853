"""The printable PDF (`make pdf`): the single-page build printed by Chromium.

One session fixture builds the single page (``--builder singlehtml``) with the execution cache and
the Sphinx environment of the site tests' build (``book_build``), so no notebook runs again, and prints it with
``tools/make_pdf.py`` exactly as ``make pdf`` does.  The tests compare the PDF with what the
book's sources and the single page say it must hold: every chapter's title (read from the
chapter's first ``# `` heading) at the top of a page, formulas typeset (no TeX left in the text),
every picture of the page embedded, every player printed as its default frame, and every quick
check printed as a numbered question with its answer in the appendix at the end.  The PDF's
text is read with pdfium (pypdfium2), its pictures and page count with pypdf.
"""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from conftest import ROOT, build_book, build_lock
from coursework.edition import toc_pages
from conftest import CHROMIUM

MAKE_PDF = ROOT / "tools" / "make_pdf.py"


def _norm(text: str) -> str:
    """Text as compared here: ligatures unfolded (NFKC), runs of white space made one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _toc_files() -> list[Path]:
    """Every source file of ``_toc.yml`` (root and chapters), in order."""
    found = toc_pages(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    files = []
    for name in found:
        base = ROOT / re.sub(r"\.(md|ipynb)$", "", name)
        files.append(next(p for p in (base.with_suffix(".ipynb"), base.with_suffix(".md")) if p.exists()))
    return files


def _title(path: Path) -> str:
    """The first ``# `` heading of a notebook's markdown cells or of a markdown page."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    heading = re.search(r"^# +(.+?)\s*$", text, flags=re.M)
    assert heading, f"{path.name} has no '# ' title"
    # Inline markdown marks are not printed.
    return _norm(re.sub(r"[*_`]", "", heading.group(1)))


TITLES = {p.relative_to(ROOT).as_posix(): _title(p) for p in _toc_files()}


# -- what the single page holds (parsed independently of make_pdf.py) ------------------------

@dataclass
class _Player:
    defaults: list = field(default_factory=list)  # each range input's value
    labels: list = field(default_factory=list)    # each control's label text
    data: dict | None = None                      # the player's JSON: sizes, labels, images, frames


class _SinglePage(HTMLParser):
    """The article's pictures (src of every ``<img>``) and its players."""

    def __init__(self):
        super().__init__()
        self.in_article = 0
        self.images: list[str] = []
        self.players: list[_Player] = []
        self._div_depth = []  # depth of <div> nesting at which each open player started
        self._depth = 0
        self._label = None
        self._json = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag == "div":
            self._depth += 1
            if "infobook-player" in (a.get("class") or "").split():
                self.players.append(_Player())
                self._div_depth.append(self._depth)
        elif tag == "img":
            self.images.append(a.get("src", ""))
        elif self._div_depth and tag == "input" and a.get("type") == "range":
            self.players[-1].defaults.append(int(a["value"]))
        elif self._div_depth and tag == "label":
            self._label = []
        elif self._div_depth and tag == "script" and a.get("type") == "application/json":
            self._json = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif tag == "div" and self.in_article:
            if self._div_depth and self._div_depth[-1] == self._depth:
                self._div_depth.pop()
            self._depth -= 1
        elif tag == "script" and self._json is not None:
            self.players[-1].data = json.loads("".join(self._json))
            self._json = None

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif self._label is not None:
            # The label's own text comes before its <input>; take it on the first data.
            if data.strip():
                self.players[-1].labels.append(_norm(data))
                self._label = None


def _load_image(src: str, folder: Path) -> Image.Image:
    if src.startswith("data:"):
        return Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
    return Image.open(folder / src)


# -- the build and the PDF, once per session ---------------------------------------------------

@dataclass
class _Pdf:
    path: Path
    html: Path
    stdout: str
    pages: list[str]          # the text of each page, normalised
    tops: list[str]           # the text of each page's top (TOP_BAND), normalised
    images: list[np.ndarray]  # every image XObject, as RGB arrays
    page: _SinglePage


#: How far down from a page's first line of text its "top" reaches, in points (two lines of
#: the chapter title's type and the space under them).
TOP_BAND = 90


def _page_texts(path: Path) -> list[tuple[str, str]]:
    """Each page's text in the order it is drawn, and the text of its top (the first
    :data:`TOP_BAND` points down from its first line: a list's numbers or an admonition's icon
    may be drawn before a title at the top), read with pdfium (pypdfium2: two seconds for the
    book, where pypdf's text extraction takes 30-40)."""
    import pypdfium2 as pdfium

    texts = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            textpage = page.get_textpage()
            drawn, top = textpage.get_text_range(), ""
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]  # l, b, r, t
            if rects:
                first = max(r[3] for r in rects)
                top = textpage.get_text_bounded(0, first - TOP_BAND, page.get_width(), first + 1)
            texts.append((_norm(drawn), _norm(top)))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return texts


def _pdf_images(reader) -> list[np.ndarray]:
    """Every image XObject of the PDF once (also inside form XObjects), as an RGB array."""
    from pypdf.generic import IndirectObject

    seen, arrays = set(), []

    def walk(resources):
        xobjects = resources.get("/XObject") if resources else None
        if not xobjects:
            return
        for ref in xobjects.get_object().values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            obj = ref.get_object()
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Image":
                arrays.append(np.asarray(obj.decode_as_image().convert("RGB")))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return arrays


@pytest.fixture(scope="session")
def pdf(book_build, tmp_path_factory):
    from pypdf import PdfReader

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    out = tmp_path_factory.mktemp("pdf")
    # A folder of its own (the site's build stays as the site tests left it), with the site
    # build's executed notebooks and its Sphinx environment (the same sources and config: only
    # the builder differs), so the single page executes and rereads nothing (about 90 -> 35 s).
    with build_lock(book_build):
        for name in (".jupyter_cache", ".doctrees"):
            if (book_build / "_build" / name).is_dir():
                shutil.copytree(book_build / "_build" / name, out / "_build" / name)
    build_book(out, "--builder", "singlehtml")
    html = out / "_build" / "singlehtml" / "index.html"
    target = out / "pdf" / "infobook.pdf"
    proc = subprocess.run([sys.executable, str(MAKE_PDF), str(html), str(target)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, f"make_pdf.py failed:\n{proc.stdout}\n{proc.stderr}"
    reader = PdfReader(target)
    page = _SinglePage()
    page.feed(html.read_text(encoding="utf-8"))
    texts = _page_texts(target)
    return _Pdf(path=target, html=html, stdout=proc.stdout, pages=[t[0] for t in texts],
                tops=[t[1] for t in texts], images=_pdf_images(reader), page=page)


# -- the tests --------------------------------------------------------------------------------

def test_make_pdf_reports_what_it_wrote(pdf):
    """The script's last line names the file, its page count and its size, and they are true."""
    line = pdf.stdout.strip().splitlines()[-1]
    m = re.match(r"(.+): (\d+) pages, ([\d.]+) MB", line)
    assert m, f"unexpected report: {line!r}"
    assert Path(m.group(1)).resolve() == pdf.path.resolve()
    assert int(m.group(2)) == len(pdf.pages)
    assert abs(float(m.group(3)) - pdf.path.stat().st_size / 1e6) <= 0.05


def test_page_count_is_sane(pdf):
    """At least one page per chapter (each starts a page) and per 5000 characters of the
    single page's text; at most a page per chapter and per picture plus one per 400
    characters (a page of the book's type holds several times that)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", pdf.html.read_text(encoding="utf-8"), flags=re.S)
    article = re.search(r"<article\b.*?</article>", text, flags=re.S)
    assert article, "the single page has no <article>"
    chars = len(_norm(re.sub(r"<[^>]+>", " ", article.group(0))))
    chapters, pictures = len(TITLES), len(set(pdf.page.images))
    low = max(chapters, chars // 5000)
    high = chapters + pictures + chars // 400
    assert low <= len(pdf.pages) <= high, (
        f"{len(pdf.pages)} pages for {chapters} chapters, {pictures} pictures and {chars} "
        f"characters: expected {low}..{high}")


@pytest.mark.parametrize("source", list(TITLES))
def test_chapter_title_starts_a_page(pdf, source):
    """Each chapter's title (its first `# ` heading) is printed at the top of a page."""
    title = TITLES[source]
    tops = [i for i, text in enumerate(pdf.tops) if title in text[: len(title) + 40]]
    anywhere = any(title in text for text in pdf.pages)
    assert tops, (f"{title!r} ({source}) is " + ("in the PDF but at no page's top" if anywhere
                                                 else "nowhere in the PDF"))


def test_no_tex_is_left(pdf):
    """MathJax typeset every formula: no TeX delimiters or commands in the printed text."""
    text = "\n".join(pdf.pages)
    leftovers = re.findall(r".{0,30}(?:\\\(|\\\)|\\\[|\\\]|\$\$|\\frac|\\sum|\\log\b|\\mathrm|"
                           r"\\begin\{|\\left|\\right).{0,30}", text)
    assert not leftovers, f"TeX left in the PDF: {leftovers[:5]}"


def test_every_picture_is_in_place(pdf):
    """Each distinct picture of the single page is embedded in the PDF, pixel for pixel."""
    sources = list(dict.fromkeys(pdf.page.images))
    assert sources, "the single page has no pictures"
    assert len(pdf.images) >= len(sources), (
        f"{len(pdf.images)} images in the PDF for {len(sources)} distinct pictures")
    by_shape = {}
    for arr in pdf.images:
        by_shape.setdefault(arr.shape, []).append(arr.astype(np.int16))
    missing = []
    for src in sources:
        want = np.asarray(_load_image(src, pdf.html.parent).convert("RGB")).astype(np.int16)
        if not any(np.abs(got - want).mean() < 1.0 for got in by_shape.get(want.shape, [])):
            missing.append(src[:60])
    assert not missing, f"{len(missing)} picture(s) not in the PDF: {missing[:3]}"


def test_players_print_their_default_frame(pdf):
    """A player prints the frame of its controls' default values (found from the player's data
    and its range inputs, not from the <img> it shows), and each control's value as text."""
    players = pdf.page.players
    assert players, "the single page has no players"
    arrays = [a.astype(np.int16) for a in pdf.images]
    text = "\n".join(pdf.pages)
    for n, player in enumerate(players):
        data = player.data
        assert data and len(player.defaults) == len(data["sizes"]), f"player {n}: unexpected markup"
        k = 0
        for i, size in zip(player.defaults, data["sizes"]):
            k = k * size + i
        frames = [np.asarray(_load_image(src, pdf.html.parent).convert("RGB")).astype(np.int16)
                  for src in data["images"]]
        default = data["frames"][k]

        def distance(a, b):
            return np.abs(a - b).mean() if a.shape == b.shape else np.inf

        # The PDF image closest to the default frame is that frame, and it is closer to the
        # default than to any other frame of the player.
        best = min(arrays, key=lambda a: distance(a, frames[default]))
        assert distance(best, frames[default]) < 1.0, f"player {n}: its default frame is not in the PDF"
        others = [distance(best, f) for j, f in enumerate(frames) if j != default]
        assert all(d > distance(best, frames[default]) for d in others), (
            f"player {n}: the printed frame is not the default one")
        for label, values, i in zip(player.labels, data["labels"], player.defaults):
            shown = _norm(f"{label} = {values[i]}")
            assert shown in text, f"player {n}: {shown!r} is not printed"


def test_make_pdf_stops_clearly_without_its_inputs(tmp_path):
    """A missing HTML file or Chromium: exit status 1 and a one-line reason, no traceback."""
    missing = tmp_path / "nowhere" / "index.html"
    proc = subprocess.run([sys.executable, str(MAKE_PDF), str(missing), str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "no HTML file" in proc.stderr and str(missing) in proc.stderr
    assert "Traceback" not in proc.stderr

    page = tmp_path / "index.html"
    page.write_text("<html><body>hello</body></html>")
    env = dict(os.environ, INFOBOOK_CHROMIUM=str(tmp_path / "no-chromium"))
    proc = subprocess.run([sys.executable, str(MAKE_PDF), str(page), str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1
    assert "Chromium is missing" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- quick checks on paper ------------------------------------------------------------------------

def _quick_checks(html: str) -> list[dict]:
    """The JSON of every quick check of a page, in order."""
    return [json.loads(m) for m in re.findall(
        r'<script type="application/json" class="qc-data">(.*?)</script>', html, flags=re.S)]


def _appendix_problems(pages: list[str], checks: list[dict]) -> list[str]:
    """What is wrong with the quick checks in a PDF's text: the appendix "Answers to the quick
    checks" must start a page after every quick check, list one numbered answer ("Q<n>.<k>") per
    quick check with its right answer, and the checks themselves must print as numbered
    questions without their (hidden) feedback."""
    title = "Answers to the quick checks"
    starts = [i for i, text in enumerate(pages) if text.startswith(title) or title in text[:80]]
    if not starts:
        return [f"no page starts with {title!r}"]
    before, after = " ".join(pages[:starts[-1]]), " ".join(pages[starts[-1]:])
    problems = []
    labels = re.findall(r"\bQ(\d+)\.(\d+) ", after)
    if len(labels) != len(checks):
        problems.append(f"{len(labels)} numbered answers in the appendix for {len(checks)} quick checks")
    for data in checks:
        if data["kind"] == "number":
            want = _norm(data["answer_text"])
        else:
            want = "Answer: " + next(c["letter"] for c in data["choices"] if c["correct"]) + "."
        if want not in after:
            problems.append(f"{data['id']}: {want!r} is not in the appendix")
    # The API reference of infolib.quiz quotes the feedback words in its prose: leave its pages out.
    reading = " ".join(t for t in pages[:starts[-1]] if "quick_check" not in t and "QuickCheck" not in t)
    for hidden in ("Not quite", "Pick an option first", "Type a number first"):
        if hidden in reading:
            problems.append(f"the feedback {hidden!r} is printed")
    if before.count("Quick check Q") < len(checks):
        problems.append(f"{before.count('Quick check Q')} numbered quick checks printed, not {len(checks)}")
    return problems


def test_quick_checks_print_as_text_with_an_answer_appendix(pdf):
    """Every quick check of the single page prints as a numbered question, and the appendix at
    the end gives each one's answer."""
    checks = _quick_checks(pdf.html.read_text(encoding="utf-8"))
    assert checks, "the single page has no quick checks"
    problems = _appendix_problems(pdf.pages, checks)
    assert not problems, "\n".join(problems)
    assert f"{len(checks)} quick checks" in pdf.stdout


def test_quick_check_appendix_on_a_hand_made_page(tmp_path):
    """make_pdf.py on a small page shaped like the single page (chapters as sections of a
    toctree, titled by <h2> with a section number): the questions print as text (lettered options,
    a blank for a number, no input or button), numbered per chapter, and the appendix lists the
    answers with their explanations."""
    from infolib.quiz import quick_check

    mathjax = ROOT / "vendor" / "mathjax"
    if not mathjax.is_dir():
        pytest.skip("vendor/mathjax is missing (`make setup` puts it)")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "mathjax").symlink_to(mathjax, target_is_directory=True)
    (tmp_path / "_static" / "infobook.css").write_text((ROOT / "book" / "styles" / "infobook.css").read_text())
    first = quick_check("qc-pdf-coin", "Entropy of a fair coin?",
                        choices=[("0 bits", False, "that is a sure outcome"),
                                 ("1 bit", True, "two equal outcomes give $\\log_2 2 = 1$ bit")])
    second = quick_check("qc-pdf-die", "Entropy of a fair die, to 2 decimals?", answer=float(np.log2(6)),
                         tolerance=0.01, unit="bits", explain="six equal outcomes: $\\log_2 6$")
    third = quick_check("qc-pdf-kl", "Is the KL divergence symmetric?",
                        choices=[("yes", False, "swap p and q and it changes"),
                                 ("no", True, "in general $D(p \\Vert q) \\ne D(q \\Vert p)$")])
    chapter = ('<section id="c{n}"><h2><span class="section-number">{n}. </span>Chapter {n}'
               '<a class="headerlink" href="#c{n}">#</a></h2><p>Text with '
               '<span class="math notranslate nohighlight">\\(x^{n}\\)</span>.</p>{body}</section>')
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            '<link rel="icon" href="data:,"><link rel="stylesheet" href="_static/infobook.css">'
            '<script>window.MathJax = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math"}}</script>'
            '<script defer src="_static/mathjax/tex-mml-chtml.js"></script></head><body><article class="bd-article">'
            '<section class="tex2jax_ignore mathjax_ignore"><h1>Book</h1><div class="toctree-wrapper">'
            + chapter.format(n=1, body=first.html() + second.html())
            + chapter.format(n=2, body=third.html()) + '</div></section></article></body></html>')
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    target = tmp_path / "out.pdf"
    proc = subprocess.run([sys.executable, str(MAKE_PDF), str(tmp_path / "index.html"), str(target)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 quick checks" in proc.stdout
    pages = [drawn for drawn, _ in _page_texts(target)]
    text = " ".join(pages)
    checks = _quick_checks(page)
    assert _appendix_problems(pages, checks) == []
    body = text[:text.index("Answers to the quick checks")]
    for words in ("Quick check Q1.1 Entropy of a fair coin?", "A. 0 bits", "B. 1 bit",
                  "Quick check Q1.2", "Answer: ________ bits", "Quick check Q2.1", "A. yes", "B. no"):
        assert words in body, f"{words!r} not printed: {body}"
    assert "Your answer" not in body and "Right" not in body and "Not quite" not in body
    appendix = text[text.index("Answers to the quick checks"):]
    for words in ("Chapter 1", "Q1.1 Entropy of a fair coin?", "Answer: B. 1 bit. two equal outcomes give",
                  "Q1.2", "Answer: 2.58 bits. six equal outcomes", "(within ±0.01)",
                  "Chapter 2", "Q2.1", "Answer: B. no. in general"):
        assert words in appendix, f"{words!r} not in the appendix: {appendix}"
    assert appendix.index("Chapter 1") < appendix.index("Q1.1") < appendix.index("Chapter 2") < appendix.index("Q2.1")
