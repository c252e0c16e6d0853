"""Quick checks (infolib/quiz.py): their HTML, their validation, and their behaviour in Chromium.

The unit tests parse the HTML: a fieldset whose legend is the question, real radio inputs each
with its label (or a labelled text box), a real button, the feedback in a live region (every
text present and hidden), the JSON with the answer, ids unique even when the same quick check is
shown twice.  The browser test writes a page with the site's MathJax and its configuration
(maths only inside elements of class ``math``, in a section that ignores the rest, as Sphinx
writes a chapter), serves it on 127.0.0.1, answers each quick check right and wrong with the
keyboard and with the mouse, reads the feedback, and checks that nothing was loaded from
elsewhere and every formula (also in the hidden feedback) was typeset.
"""
from __future__ import annotations

import functools
import http.server
import json
import math
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from infolib.quiz import QuickCheck, quick_check

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = ROOT / "vendor" / "mathjax"


def _choice(id="qc-test-choice"):
    return quick_check(id, "Which is the entropy of a fair coin, $H(X)$?",
                       choices=[("0 bits", False, "zero is for a certain outcome, $p = 1$"),
                                ("1 bit", True, "two equal outcomes: $\\log_2 2 = 1$"),
                                ("2 bits", False, "that would need four equal outcomes")])


def _number(id="qc-test-number"):
    return quick_check(id, "Entropy of a fair three-sided die, to 2 decimals?",
                       answer=math.log2(3), tolerance=0.01, unit="bits",
                       explain="$\\log_2 3$ for three equal outcomes",
                       wrong=[(math.log(3), 0.01, "that is $\\ln 3$: nats, not bits")])


class _Tree(HTMLParser):
    """Every element as (tag, attrs, text inside it), in document order."""

    def __init__(self):
        super().__init__()
        self.elements, self._open = [], []

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append(el)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self._open:
            el["text"] += data


def _tree(html):
    t = _Tree()
    t.feed(html)
    return t.elements


def _find(elements, tag, **attrs):
    return [e for e in elements if e["tag"] == tag and all(
        (v in (e["attrs"].get(k.rstrip("_")) or "").split()) if k in ("class_",) else e["attrs"].get(k) == v
        for k, v in attrs.items())]


# -- HTML structure -------------------------------------------------------------------------------

def test_choice_html_is_a_labelled_form():
    els = _tree(_choice("qc-struct-a").html())
    outer = els[0]
    assert outer["tag"] == "div" and "quick-check" in outer["attrs"]["class"].split()
    assert len(_find(els, "fieldset")) == 1
    legend = _find(els, "legend")
    assert len(legend) == 1 and "entropy of a fair coin" in legend[0]["text"]
    radios = _find(els, "input", type="radio")
    assert len(radios) == 3
    assert len({r["attrs"]["name"] for r in radios}) == 1
    labels = {e["attrs"].get("for"): e["text"] for e in _find(els, "label")}
    for r, letter in zip(radios, "ABC"):
        assert labels[r["attrs"]["id"]].strip().startswith(f"{letter}.")
    buttons = _find(els, "button")
    assert len(buttons) == 1 and buttons[0]["attrs"]["type"] == "button" and buttons[0]["text"] == "Check"
    live = [e for e in els if e["attrs"].get("aria-live") == "polite"]
    assert len(live) == 1 and live[0]["attrs"].get("role") == "status"
    feedback = _find(els, "p", class_="qc-fb")
    assert feedback and all("hidden" in f["attrs"] for f in feedback)
    texts = [f["text"] for f in feedback]
    assert sum(t.startswith("\u2713 Right: ") for t in texts) == 1
    assert sum(t.startswith("\u2717 Not quite: ") for t in texts) == 2
    assert any("four equal outcomes" in t for t in texts)


def test_number_html_has_a_labelled_text_box():
    els = _tree(_number("qc-struct-b").html())
    box = _find(els, "input", type="text")
    assert len(box) == 1
    label = [e for e in _find(els, "label") if e["attrs"].get("for") == box[0]["attrs"]["id"]]
    assert label and "Your answer (bits)" in label[0]["text"]
    assert not _find(els, "input", type="radio")
    keys = [f["attrs"]["data-qc-fb"] for f in _find(els, "p", class_="qc-fb")]
    assert keys == ["right", "w0", "other", "nan", "empty"]
    right = _find(els, "p", class_="qc-fb")[0]["text"]
    assert right.startswith("\u2713 Right: 1.58 bits.")
    blank = _find(els, "p", class_="qc-blank")
    assert blank and "hidden" in blank[0]["attrs"] and "Answer: ____" in blank[0]["text"]


def test_the_json_carries_the_answer():
    for qc in (_choice("qc-json-a"), _number("qc-json-b")):
        els = _tree(qc.html())
        script = _find(els, "script", type="application/json")
        assert len(script) == 1
        data = json.loads(script[0]["text"])
        assert data == qc.data() and data["id"] == qc.id
    data = _number("qc-json-c").data()
    assert data["kind"] == "number" and data["answer"] == pytest.approx(math.log2(3))
    assert data["wrong"][0]["value"] == pytest.approx(math.log(3))
    assert data["answer_text"] == "1.58 bits"
    choice = _choice("qc-json-d").data()
    assert [c["correct"] for c in choice["choices"]] == [False, True, False]
    assert choice["answer_text"] == "B. 1 bit"


def test_formulas_become_sphinx_maths_spans():
    html = _choice("qc-maths").html()
    assert '<span class="math notranslate nohighlight">\\(H(X)\\)</span>' in html
    assert '<span class="math notranslate nohighlight">\\(\\log_2 2 = 1\\)</span>' in html
    outside_scripts = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert "$" not in outside_scripts
    qc = quick_check("qc-dollar", "Costs \\$5 and $x < y$, see `code`?",
                     choices=[("a", True, "why $a$"), ("b", False, "why not")])
    html = qc.html()
    assert "Costs $5 and" in html and "\\(x &lt; y\\)" in html and "<code>code</code>" in html


def test_emphasis_and_a_verdict_of_its_own():
    qc = quick_check("qc-emph", "Is *this* **bold** and 2*3*4 plain?",
                     choices=[("a", True, "Right: only *conditional* entropy"),
                              ("b", False, "Wrong. it is not"), ("c", False, "Right-skewed, no")])
    html = qc.html()
    assert "Is <em>this</em> <strong>bold</strong> and 2*3*4 plain?" in html
    assert "\u2713 Right: only <em>conditional</em> entropy" in html
    assert "\u2717 Not quite: it is not" in html and "\u2717 Not quite: Right-skewed, no" in html
    assert [c["explain"] for c in qc.data()["choices"]] == ["only *conditional* entropy", "it is not",
                                                           "Right-skewed, no"]


def test_json_cannot_close_its_script():
    qc = quick_check("qc-script", "Is </script><b>x</b> text?",
                     choices=[("yes", True, "</script> is escaped"), ("no", False, "it is")])
    html = qc.html()
    payload = re.search(r'<script type="application/json" class="qc-data">(.*?)</script>', html, re.S)
    assert json.loads(payload.group(1))["question"] == "Is </script><b>x</b> text?"
    assert html.count("</script>") == 2  # the JSON's and the code's, nothing inside


def test_ids_are_unique_when_shown_twice():
    qc = _choice("qc-twice")
    page = qc.html() + qc._repr_html_() + _choice("qc-twice").html()
    page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids
    names = set(re.findall(r'name="([^"]+)"', page))
    assert len(names) == 3  # one radio group per display
    assert re.findall(r'data-qc-id="([^"]+)"', page) == ["qc-twice"] * 3


def test_text_for_a_terminal_has_no_answer():
    text = repr(_choice("qc-text-a"))
    assert text.splitlines() == ["Quick check: Which is the entropy of a fair coin, $H(X)$?",
                                 "  A. 0 bits", "  B. 1 bit", "  C. 2 bits"]
    assert "Right" not in text and "log" not in text
    assert repr(_number("qc-text-b")).endswith("Answer: ____ bits")
    assert isinstance(_number("qc-text-c"), QuickCheck)


def test_default_tolerance_and_decimals():
    qc = quick_check("qc-default", "How much?", answer=2.5, explain="because")
    assert qc.tolerance == pytest.approx(0.025)
    assert qc.answer_text() == "2.50"
    assert quick_check("qc-zero", "How much?", answer=0.0, explain="none").tolerance == 0.01
    assert quick_check("qc-coarse", "How many?", answer=12, tolerance=0.5, explain="x").answer_text() == "12"
    assert quick_check("qc-half", "How much?", answer=0.7371, tolerance=0.005, explain="x").answer_text() == "0.74"
    assert quick_check("qc-int", "How many?", answer=12, tolerance=1, unit="samples",
                       explain="x").answer_text() == "12 samples"


# -- validation -----------------------------------------------------------------------------------

GOOD = [("a", True, "why a"), ("b", False, "why b")]


@pytest.mark.parametrize("kwargs, words", [
    ({}, "neither"),
    ({"choices": GOOD, "answer": 1.0}, "not both"),
    ({"choices": [("a", True, "why a")]}, "at least 2"),
    ({"choices": [("a", False, "x"), ("b", False, "y")]}, "exactly one right option, got 0"),
    ({"choices": [("a", True, "x"), ("b", True, "y")]}, "exactly one right option, got 2"),
    ({"choices": [("a", 1, "x"), ("b", False, "y")]}, "is_right must be True or False"),
    ({"choices": [("a", True, ""), ("b", False, "y")]}, "option 1's explanation"),
    ({"choices": [("", True, "x"), ("b", False, "y")]}, "option 1's text"),
    ({"choices": [("a", True), ("b", False, "y")]}, "option 1 must be"),
    ({"choices": [("a", True, "x"), ("a", False, "y")]}, "same text"),
    ({"choices": GOOD, "explain": "x"}, "explain"),
    ({"choices": GOOD, "tolerance": 0.1}, "tolerance"),
    ({"choices": GOOD, "unit": "bits"}, "unit"),
    ({"choices": "ab"}, "choices must be a list"),
    ({"answer": float("nan"), "explain": "x"}, "answer must be finite"),
    ({"answer": float("inf"), "explain": "x"}, "answer must be finite"),
    ({"answer": "1.0", "explain": "x"}, "answer must be a real number"),
    ({"answer": 1.0, "tolerance": 0, "explain": "x"}, "tolerance must be > 0"),
    ({"answer": 1.0, "tolerance": -0.1, "explain": "x"}, "tolerance must be > 0"),
    ({"answer": 1.0, "tolerance": float("nan"), "explain": "x"}, "tolerance must be finite"),
    ({"answer": 1.0}, "explain is required"),
    ({"answer": 1.0, "explain": "  "}, "explain must be a non-empty"),
    ({"answer": 1.0, "explain": "x", "wrong": [(2.0, 0.1, "")]}, "wrong: entry 1's explanation"),
    ({"answer": 1.0, "explain": "x", "wrong": [(1.005, 0.01, "close")]}, "overlaps the right answer"),
    ({"answer": 1.0, "explain": "x", "wrong": [(2.0, 0, "far")]}, "wrong: entry 1's tolerance"),
    ({"answer": 1.0, "explain": "x", "wrong": [(2.0, "far")]}, "wrong: entry 1 must be"),
    ({"answer": 1.0, "explain": "costs $5"}, "unpaired $"),
])
def test_bad_input_is_refused_with_the_argument_named(kwargs, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        quick_check("qc-bad", "A question?", **kwargs)


@pytest.mark.parametrize("bad_id", ["qc-", "quiz-1", "qc-Upper", "qc-with space", "qc_under", "", None, "qc--"[:3]])
def test_bad_ids_are_refused(bad_id):
    with pytest.raises(ValueError, match="id must be 'qc-'"):
        quick_check(bad_id, "A question?", choices=GOOD)


def test_empty_question_is_refused():
    with pytest.raises(ValueError, match="question must be a non-empty string"):
        quick_check("qc-empty", " ", choices=GOOD)


# -- in the browser -------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>quick checks</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="infobook.css">
<script>window.MathJax = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}</script>
<script defer src="mathjax/tex-mml-chtml.js"></script></head>
<body><main><section class="tex2jax_ignore mathjax_ignore"><h1>Quick checks</h1>
<p>Some text with <span class="math notranslate nohighlight">\\(x\\)</span>.</p>
%s
</section></main></body></html>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def served(tmp_path):
    """Serve ``tmp_path`` (with the site's stylesheet and MathJax) on 127.0.0.1."""
    (tmp_path / "mathjax").symlink_to(MATHJAX, target_is_directory=True)
    (tmp_path / "infobook.css").write_text((ROOT / "book" / "styles" / "infobook.css").read_text())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _open(browser, served, body):
    folder, origin = served
    (folder / "page.html").write_text(PAGE % body, encoding="utf-8")
    page = browser.new_page()
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(f"{origin}/page.html", wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    return page, seen, origin


def _tab_to(page, element_id, key="Tab", most=20):
    """Press Tab until ``element_id`` has the focus (MathJax makes each formula a tab stop);
    return the number of presses."""
    for n in range(1, most + 1):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement.id") == element_id:
            return n
    pytest.fail(f"{most} presses of {key} never reached #{element_id}")


def _feedback(check):
    """The visible feedback text of a quick check (one paragraph at most is shown)."""
    shown = check.locator(".qc-feedback .qc-fb:not([hidden])")
    assert shown.count() <= 1
    return shown.inner_text() if shown.count() else ""


@pytest.mark.skipif(not MATHJAX.is_dir(), reason="vendor/mathjax is missing (`make setup` puts it)")
def test_quick_checks_answer_by_keyboard_and_mouse(browser, served):
    body = _choice("qc-browser-choice").html() + "\n<p>Between.</p>\n" + _number("qc-browser-number").html()
    page, seen, origin = _open(browser, served, body)
    try:
        choice, number = page.locator(".quick-check").nth(0), page.locator(".quick-check").nth(1)
        # every formula, the hidden feedback's too, was typeset by the site's MathJax config
        assert page.locator(".quick-check span.math").count() >= 6
        untypeset = page.evaluate("() => Array.from(document.querySelectorAll('.quick-check span.math'))"
                                  ".filter(s => !s.querySelector('mjx-container')).length")
        assert untypeset == 0
        assert _feedback(choice) == "" and _feedback(number) == ""

        # multiple choice, keyboard: Tab into the radio group, arrow to an option, Tab, Space
        page.locator("body").focus()
        _tab_to(page, "qc-browser-choice-o0")
        page.keyboard.press("Space")        # A: 0 bits (wrong)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "qc-check"
        page.keyboard.press("Enter")
        assert _feedback(choice).startswith("\u2717 Not quite: zero is for a certain outcome")
        assert choice.get_attribute("data-qc-state") == "wrong"
        page.keyboard.press("Shift+Tab")    # back to the group: the checked radio
        page.keyboard.press("ArrowDown")    # B: 1 bit (right); changing the pick clears the verdict
        assert _feedback(choice) == ""
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert _feedback(choice).startswith("\u2713 Right: two equal outcomes")
        assert choice.get_attribute("data-qc-state") == "right"
        page.keyboard.press("Shift+Tab")    # Enter on an option checks it, as in a form
        page.keyboard.press("ArrowUp")      # A again
        page.keyboard.press("Enter")
        assert _feedback(choice).startswith("\u2717 Not quite: zero is for a certain outcome")

        # multiple choice, mouse: click an option's label, then Check
        choice.locator("label", has_text="2 bits").click()
        choice.get_by_role("button", name="Check").click()
        assert _feedback(choice) == "\u2717 Not quite: that would need four equal outcomes"
        choice.locator("label", has_text="1 bit").click()
        choice.get_by_role("button", name="Check").click()
        assert _feedback(choice).startswith("\u2713 Right:")

        # number, keyboard: Tab to the text box, type, Enter
        _tab_to(page, "qc-browser-number-input")  # on from the choice's button
        page.keyboard.press("Enter")
        assert _feedback(number).startswith("Type a number first")
        page.keyboard.type("1,58")
        page.keyboard.press("Enter")
        assert _feedback(number).startswith("\u2713 Right: 1.58 bits.")
        assert number.get_attribute("data-qc-state") == "right"
        page.keyboard.press("Control+a")
        page.keyboard.type("1.10")      # ln 3: the likely mistake has its own text
        page.keyboard.press("Enter")
        assert _feedback(number).startswith("\u2717 Not quite: that is")
        assert _feedback(number).endswith("nats, not bits")
        assert number.get_attribute("data-qc-state") == "wrong"

        # number, mouse: click the box, type, click Check
        box = number.get_by_label("Your answer (bits)")
        box.click()
        box.fill("2")
        number.get_by_role("button", name="Check").click()
        assert _feedback(number).startswith("\u2717 Not quite (hint:")
        box.fill("two")
        number.get_by_role("button", name="Check").click()
        assert _feedback(number).startswith("That is not a number")
        box.fill(" 1.585 bits")
        number.get_by_role("button", name="Check").click()
        assert _feedback(number).startswith("\u2713 Right:")

        assert not seen["errors"], seen["errors"]
        outside = [u for u in seen["requests"] if not u.startswith((origin, "data:"))]
        assert not outside, f"requests that left the page: {outside}"
    finally:
        page.close()


@pytest.mark.skipif(not MATHJAX.is_dir(), reason="vendor/mathjax is missing (`make setup` puts it)")
def test_same_output_twice_on_a_page_works_twice(browser, served):
    """JupyterLab may show one output twice (two views of a notebook): the same HTML, the same
    ids.  Each copy renames its own ids and answers on its own."""
    html = _choice("qc-copy").html()
    page, seen, _ = _open(browser, served, html + "\n" + html)
    try:
        ids = page.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
        assert len(ids) == len(set(ids)), ids
        first, second = page.locator(".quick-check").nth(0), page.locator(".quick-check").nth(1)
        first.locator("label", has_text="1 bit").click()
        second.locator("label", has_text="0 bits").click()
        assert first.locator("input[type=radio]:checked").count() == 1  # separate radio groups
        first.get_by_role("button", name="Check").click()
        second.get_by_role("button", name="Check").click()
        assert _feedback(first).startswith("\u2713 Right:")
        assert _feedback(second).startswith("\u2717 Not quite:")
        assert not seen["errors"], seen["errors"]
    finally:
        page.close()


AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
_AXE_RUN = """async () => {
  const result = await axe.run(document.querySelector("main"), {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


@pytest.mark.skipif(not (MATHJAX.is_dir() and AXE.exists()), reason="vendor/mathjax or axe-core is missing")
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_either_mode(browser, served, theme):
    """axe-core (contrast included) on a page of quick checks, in the theme's light and dark
    colours, with a right and a wrong verdict on show."""
    body = _choice("qc-axe-choice").html() + _number("qc-axe-number").html()
    page, seen, _ = _open(browser, served, body)
    try:
        page.evaluate(f"""() => {{ document.documentElement.dataset.theme = "{theme}";
            document.body.style.background = "{'#14181e' if theme == 'dark' else '#fff'}";
            document.body.style.color = "{'#ced6dd' if theme == 'dark' else '#222832'}"; }}""")
        checks = page.locator(".quick-check")
        checks.nth(0).locator("label", has_text="1 bit").click()
        checks.nth(0).get_by_role("button", name="Check").click()
        checks.nth(1).get_by_label("Your answer (bits)").fill("3")
        checks.nth(1).get_by_role("button", name="Check").click()
        page.add_script_tag(content=AXE.read_text())
        assert page.evaluate(_AXE_RUN) == []
    finally:
        page.close()
