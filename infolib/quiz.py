"""Quick checks: "check your understanding" questions that need no kernel.

A reader of the website has no Python behind the page, so a quick check is
self-contained HTML, written once when the notebook runs: a labelled question
(radio buttons for a multiple choice, a text box for a number), a real
"Check" button, every feedback text already in the page (hidden, so that
MathJax typesets its formulas when the page loads) and a few lines of inline
JavaScript that show the one feedback that applies.  Nothing is loaded from
anywhere else.  The same output works in JupyterLab (a trusted output runs its
script) and on paper: ``tools/make_pdf.py`` prints the question and its lettered
options as text and lists the answers in an appendix, read from the JSON each
quick check carries (``<script type="application/json">``).

A notebook cell (tagged ``remove-input``) reads::

    quick_check("qc-definitions-coin", "What is the entropy of a fair coin?",
                answer=1.0, tolerance=0.01, unit="bits",
                explain="$H = -2 \\cdot \\tfrac12 \\log \\tfrac12 = 1$ bit.")

``$...$`` (inline) and ``$$...$$`` (display) in any text are formulas;
``\\$`` is a dollar sign, `` `code` `` is code, ``*word*`` is emphasis and ``**word**`` strong.

This module knows nothing of matplotlib or ipywidgets.
"""
from __future__ import annotations

import html
import itertools
import json
import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Sequence

__all__ = ["quick_check", "QuickCheck"]

_ID = re.compile(r"qc-[a-z0-9][a-z0-9-]*")
_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_CODE = re.compile(r"`([^`]+)`")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RIGHT = "\u2713 Right: "
WRONG = "\u2717 Not quite: "

#: How many times each id has been rendered in this process: the second display of the same
#: quick check gets ids ending in "-2", and so on (ids stay unique on a page).
_SHOWN: dict[str, itertools.count] = {}


# -- text to HTML --------------------------------------------------------------------------------

_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])")
_VERDICT = re.compile(r"^(?:right|correct|wrong|incorrect|not quite)(?:\s*[:.,!]|\s+[\u2013\u2014-])\s*", re.I)


def _plain(text: str) -> str:
    """HTML of text with no formula: escaped, `code`, **strong** and *emphasis* marked up,
    ``\\$`` a dollar sign."""
    parts = []
    for k, piece in enumerate(_CODE.split(text)):
        piece = html.escape(piece.replace("\\$", "$"), quote=False)
        if k % 2:
            parts.append(f"<code>{piece}</code>")
        else:
            piece = _STRONG.sub(r"<strong>\1</strong>", piece)
            parts.append(_EM.sub(r"<em>\1</em>", piece))
    return "".join(parts)


def _explanation(name: str, text) -> str:
    """A feedback text, checked, without a verdict of its own ("Right: ...", "Wrong. ..."):
    the quick check writes "✓ Right:" or "✗ Not quite:" in front of it."""
    text = _check_text(name, text)
    bare = _VERDICT.sub("", text)
    return bare if bare.strip() else text


def _rich(text: str) -> str:
    """HTML of a question or feedback text: formulas become the spans Sphinx writes for maths
    (class ``math``, ``\\(...\\)``), which MathJax typesets both on the site (whose MathJax
    processes only such elements inside the article) and in JupyterLab."""
    out, pos = [], 0
    for m in _MATH.finditer(text):
        out.append(_plain(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(f'<span class="math notranslate nohighlight">\\[{html.escape(m.group(1), quote=False)}\\]</span>')
        else:
            out.append(f'<span class="math notranslate nohighlight">\\({html.escape(m.group(2), quote=False)}\\)</span>')
        pos = m.end()
    out.append(_plain(text[pos:]))
    return "".join(out)


def _check_text(name: str, text) -> str:
    """``text`` as a non-empty string whose ``$`` signs pair up, or a ValueError naming ``name``."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name} must be a non-empty string, got {text!r}")
    rest = _MATH.sub("", text).replace("\\$", "")
    if "$" in rest:
        raise ValueError(f"{name} has an unpaired $ (write \\$ for a dollar sign): {text!r}")
    return text.strip()


def _check_number(name: str, value, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def _format(value: float, tolerance: float) -> str:
    """``value`` with the fewest decimals whose rounding error (half a unit in the last place)
    is within ``tolerance``, at most 6: tolerance 0.005 or 0.01 gives 2 decimals."""
    decimals = min(6, max(0, math.ceil(-math.log10(2 * tolerance) - 1e-9)))
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


# -- the object ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuickCheck:
    """A quick check, made by :func:`quick_check`; Jupyter and the book show its HTML.

    Attributes
    ----------
    id : str
        ``qc-`` and lower-case letters, digits and dashes.
    question : str
        The question, with ``$...$`` formulas.
    choices : tuple of (str, bool, str), or None
        A multiple choice's options: text, whether it is right, why.
    answer : float or None
        A number's right answer.
    tolerance : float or None
        How far from ``answer`` a reply may be and still be right.
    unit : str
        A number's unit ("" for none).
    explain : str
        A number's explanation: shown with a right reply, and as a hint with a wrong one.
    wrong : tuple of (float, float, str)
        Wrong numbers a reader is likely to reach, each with a tolerance and what it means.

    Examples
    --------
    >>> qc = QuickCheck(id="qc-demo", question="Is $H(X) \\\\ge 0$ for a discrete $X$?",
    ...                 choices=(("yes", True, "a sum of terms that are each at least 0"),
    ...                          ("no", False, "each term is non-negative")))
    >>> print(qc.text())
    Quick check: Is $H(X) \\ge 0$ for a discrete $X$?
      A. yes
      B. no
    """

    id: str
    question: str
    choices: tuple | None = None
    answer: float | None = None
    tolerance: float | None = None
    unit: str = ""
    explain: str = ""
    wrong: tuple = ()

    @property
    def kind(self) -> str:
        """``"choice"`` or ``"number"``."""
        return "choice" if self.choices is not None else "number"

    def answer_text(self) -> str:
        """The right answer in words: ``"B. option text"`` or ``"1.58 bits"``."""
        if self.kind == "choice":
            k = next(i for i, c in enumerate(self.choices) if c[1])
            return f"{_LETTERS[k]}. {self.choices[k][0]}"
        return _format(self.answer, self.tolerance) + (f" {self.unit}" if self.unit else "")

    def data(self) -> dict:
        """What the page's JSON holds: the question, its options or number, and every
        explanation (the PDF's answer appendix and the browser tests read it)."""
        d = {"id": self.id, "kind": self.kind, "question": self.question}
        if self.kind == "choice":
            d["choices"] = [{"letter": _LETTERS[k], "text": t, "correct": bool(ok), "explain": why}
                            for k, (t, ok, why) in enumerate(self.choices)]
        else:
            d.update(answer=self.answer, tolerance=self.tolerance, unit=self.unit,
                     explain=self.explain,
                     wrong=[{"value": v, "tolerance": t, "explain": why} for v, t, why in self.wrong])
        d["answer_text"] = self.answer_text()
        return d

    def text(self) -> str:
        """The quick check as plain text (the question and the options or a blank); no answer."""
        lines = [f"Quick check: {self.question}"]
        if self.kind == "choice":
            lines += [f"  {_LETTERS[k]}. {c[0]}" for k, c in enumerate(self.choices)]
        else:
            lines.append("  Answer: ____" + (f" {self.unit}" if self.unit else ""))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return self.html()

    def html(self) -> str:
        """Self-contained HTML (inline CSS classes of book/styles/infobook.css, inline JS).

        Each call gives fresh element ids (``<id>``, then ``<id>-2``, ...), so the same quick
        check displayed twice on a page still has unique ids and its own radio group."""
        n = next(_SHOWN.setdefault(self.id, itertools.count(1)))
        uid = self.id if n == 1 else f"{self.id}-{n}"
        fb = []  # (key, text) of every feedback

        def feedback(key, text):
            fb.append(f'<p class="qc-fb" data-qc-fb="{key}" hidden>{text}</p>')

        parts = [f'<div class="quick-check" id="{uid}" data-qc-id="{self.id}" data-qc-kind="{self.kind}" '
                 f'data-lm-suppress-shortcuts="true">',
                 f'<fieldset class="qc-fieldset" aria-describedby="{uid}-feedback">',
                 f'<legend class="qc-question"><span class="qc-tag">Quick check</span> {_rich(self.question)}</legend>']
        if self.kind == "choice":
            parts.append('<div class="qc-options">')
            for k, (text, ok, why) in enumerate(self.choices):
                oid = f"{uid}-o{k}"
                parts.append(f'<div class="qc-option"><input type="radio" name="{uid}-choice" id="{oid}" '
                             f'value="{k}"><label for="{oid}"><span class="qc-letter">{_LETTERS[k]}.</span> '
                             f'{_rich(text)}</label></div>')
                feedback(f"o{k}", (RIGHT if ok else WRONG) + _rich(why))
            parts.append("</div>")
            feedback("none", "Pick an option first, then press Check.")
        else:
            unit = f" ({html.escape(self.unit)})" if self.unit else ""
            parts.append(f'<div class="qc-number"><label for="{uid}-input">Your answer{unit}</label> '
                         f'<input type="text" id="{uid}-input" autocomplete="off" '
                         f'spellcheck="false" size="10">'
                         + (f' <span class="qc-unit" aria-hidden="true">{html.escape(self.unit)}</span>'
                            if self.unit else "") + "</div>")
            parts.append('<p class="qc-blank" hidden>Answer: ________' + (f" {html.escape(self.unit)}" if self.unit else "")
                         + "</p>")
            feedback("right", f"{RIGHT}{html.escape(self.answer_text())}. {_rich(self.explain)}")
            for k, (_, _, why) in enumerate(self.wrong):
                feedback(f"w{k}", WRONG + _rich(why))
            feedback("other", f"\u2717 Not quite (hint: {_rich(self.explain)})")
            feedback("nan", "That is not a number: type digits, e.g. 0.75 or 0,75.")
            feedback("empty", "Type a number first, then press Check or Enter.")
        parts.append('<button type="button" class="qc-check">Check</button>')
        parts.append("</fieldset>")
        parts.append(f'<div class="qc-feedback" id="{uid}-feedback" role="status" aria-live="polite">'
                     + "".join(fb) + "</div>")
        payload = json.dumps(self.data(), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        parts.append(f'<script type="application/json" class="qc-data">{payload}</script>')
        parts.append("<script>" + _SCRIPT.replace("%ID%", json.dumps(uid)) + "</script>")
        parts.append("</div>")
        return "\n".join(parts)


# The page's script: shows the one feedback that applies.  It finds its quick check as the
# script's parent (an id may repeat when a notebook's output is shown twice; then it renames
# the ids inside its own copy), reads the JSON, and listens to the button and to Enter (in the
# text box or on an option).
_SCRIPT = r"""(function () {
  var me = document.currentScript;
  var root = (me && me.closest(".quick-check")) || document.getElementById(%ID%);
  if (!root || root.dataset.qcReady) return;
  root.dataset.qcReady = "1";
  if (document.querySelectorAll('[id="' + root.id + '"]').length > 1) {
    var suffix = "-" + Math.random().toString(36).slice(2, 8), old = root.id;
    [root].concat(Array.from(root.querySelectorAll("[id]"))).forEach(function (e) { e.id += suffix; });
    root.querySelectorAll("[for], [aria-describedby], input[name]").forEach(function (e) {
      ["for", "aria-describedby", "name"].forEach(function (a) {
        var v = e.getAttribute(a);
        if (v && v.indexOf(old) === 0) e.setAttribute(a, v + suffix);
      });
    });
  }
  var data = JSON.parse(root.querySelector("script.qc-data").textContent);
  var fbs = root.querySelectorAll(".qc-fb");
  function show(key, state) {
    fbs.forEach(function (p) { p.hidden = p.getAttribute("data-qc-fb") !== key; });
    root.setAttribute("data-qc-state", state);
  }
  function clear() { fbs.forEach(function (p) { p.hidden = true; }); root.removeAttribute("data-qc-state"); }
  function parse(text) {
    var s = text.replace(/[\s\u00a0\u2009\u202f]+/g, "").replace(/\u2212/g, "-");
    if (data.unit && s.slice(-data.unit.length) === data.unit.replace(/\s+/g, "")) s = s.slice(0, -data.unit.replace(/\s+/g, "").length);
    if (s.indexOf(",") >= 0 && s.indexOf(".") < 0 && s.split(",").length === 2) s = s.replace(",", ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return NaN;
    return Number(s);
  }
  function near(x, v, t) { return Math.abs(x - v) <= t * (1 + 1e-9) + 1e-12; }
  function check() {
    if (data.kind === "choice") {
      var picked = root.querySelector("input[type=radio]:checked");
      if (!picked) { show("none", "invalid"); return; }
      show("o" + picked.value, data.choices[+picked.value].correct ? "right" : "wrong");
      return;
    }
    var text = root.querySelector("input[type=text]").value;
    if (!text.trim()) { show("empty", "invalid"); return; }
    var x = parse(text);
    if (!isFinite(x)) { show("nan", "invalid"); return; }
    if (near(x, data.answer, data.tolerance)) { show("right", "right"); return; }
    for (var k = 0; k < data.wrong.length; k++) {
      if (near(x, data.wrong[k].value, data.wrong[k].tolerance)) { show("w" + k, "wrong"); return; }
    }
    show("other", "wrong");
  }
  root.querySelector("button.qc-check").addEventListener("click", check);
  root.querySelectorAll("input[type=radio]").forEach(function (r) {
    r.addEventListener("change", clear);
    r.addEventListener("keydown", function (e) {  // Enter on an option checks it, as in a form
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); check(); }
    });
  });
  // MathJax puts every formula in the tab order; inside the form, Tab should go from the
  // options to the button (the formulas stay readable, and their menu stays on right-click).
  var M = window.MathJax;
  if (M && M.startup && M.startup.promise) M.startup.promise.then(function () {
    root.querySelectorAll("fieldset mjx-container[tabindex], label mjx-container[tabindex]").forEach(
      function (m) { m.setAttribute("tabindex", "-1"); });
  });
  var box = root.querySelector("input[type=text]");
  if (box) {
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); check(); }
    });
    box.addEventListener("input", clear);
  }
})();"""


# -- the public function -------------------------------------------------------------------------

def quick_check(
    id: str,
    question: str,
    *,
    choices: Sequence[tuple[str, bool, str]] | None = None,
    answer: float | None = None,
    tolerance: float | None = None,
    unit: str | None = None,
    explain: str | None = None,
    wrong: Sequence[tuple[float, float, str]] = (),
) -> QuickCheck:
    """A "check your understanding" question with instant feedback, for the page and the PDF.

    Give either ``choices`` (a multiple choice, exactly one option right) or ``answer`` (a
    number).  The result displays itself in Jupyter and in the book as a labelled form:
    radio buttons or a text box, a "Check" button, and the feedback in a live region.  A
    multiple choice shows "✓ Right: ..." or "✗ Not quite: ..." with the picked option's
    explanation.  A number is right when it lies within ``tolerance`` of ``answer``; a reply
    near one of the ``wrong`` values gets that value's text; any other number gets "✗ Not
    quite (hint: explain)".  The reader may type ``1.5`` or ``1,5`` (and the unit after it);
    a reply that is not a number is told so.

    Parameters
    ----------
    id : str
        ``"qc-"`` followed by lower-case letters, digits and dashes, e.g.
        ``"qc-definitions-coin"``; unique in the book (the PDF's appendix and the tests use it).
    question : str
        The question; ``$...$`` are formulas.
    choices : sequence of (str, bool, str), optional
        Two or more options, each ``(text, is_right, why)``: exactly one is right, and every
        option explains why it is right or wrong (the explanation is what the reader learns from).
        The verdict ("✓ Right:", "✗ Not quite:") is written in front of it: a leading "Right:",
        "Wrong." and the like in ``why`` is dropped.
    answer : float, optional
        The right number: compute it (with infolib or numpy) rather than typing it in.
    tolerance : float, optional
        How far from ``answer`` a reply may be and still be right (> 0).  Default: 1% of
        ``|answer|`` (0.01 when the answer is 0).  It also sets how many decimals the answer
        is shown with.
    unit : str, optional
        The answer's unit, e.g. ``"bits"``; shown next to the text box and in the answer.
    explain : str
        For a number (required): how to get it.  Shown with a right reply, and as the hint of a
        wrong one.
    wrong : sequence of (float, float, str), optional
        For a number: likely wrong replies, each ``(value, tolerance, what it means)``, e.g. the
        result in nats when bits are asked for.  They must not overlap the right answer.

    Returns
    -------
    QuickCheck
        Displays as HTML in Jupyter (``_repr_html_``) and as plain text in a terminal.

    Raises
    ------
    ValueError
        Naming the argument: neither or both of ``choices`` and ``answer``; fewer than two
        options, none or two right, an empty option or explanation; a non-finite ``answer``;
        ``tolerance`` <= 0; a bad ``id``; an empty ``explain`` for a number; ``unit``,
        ``tolerance``, ``explain`` or ``wrong`` given with ``choices``.

    Examples
    --------
    >>> qc = quick_check("qc-demo-coin", "Entropy of a fair coin?", answer=1.0,
    ...                  tolerance=0.01, unit="bits", explain="$-2 \\\\cdot \\\\tfrac12 \\\\log_2 \\\\tfrac12$",
    ...                  wrong=[(0.6931, 0.01, "that is $\\\\ln 2$: nats, not bits")])
    >>> qc
    Quick check: Entropy of a fair coin?
      Answer: ____ bits
    >>> qc.answer_text()
    '1.00 bits'
    >>> 'class="quick-check"' in qc._repr_html_()
    True

    Bad input is refused with a message that names the argument:

    >>> try:
    ...     quick_check("qc-demo-pick", "Which is larger?", choices=[("H(X)", True, "it is"),
    ...                                                          ("I(X;Y)", True, "so is this")])
    ... except ValueError as err:
    ...     print(err)
    choices must have exactly one right option, got 2 (options 1 and 2)
    """
    if not isinstance(id, str) or not _ID.fullmatch(id):
        raise ValueError(f"id must be 'qc-' followed by lower-case letters, digits and dashes, got {id!r}")
    question = _check_text("question", question)
    if choices is None and answer is None:
        raise ValueError("give choices (a multiple choice) or answer (a number): got neither")
    if choices is not None and answer is not None:
        raise ValueError("give choices (a multiple choice) or answer (a number), not both")

    if choices is not None:
        for name, value in (("tolerance", tolerance), ("unit", unit), ("explain", explain)):
            if value is not None:
                raise ValueError(f"{name} is for a number question; with choices, each option "
                                 "carries its own explanation")
        if wrong:
            raise ValueError("wrong is for a number question; with choices, mark wrong options False")
        if isinstance(choices, (str, bytes)) or not isinstance(choices, Sequence):
            raise ValueError(f"choices must be a list of (text, is_right, why), got {choices!r}")
        if len(choices) < 2:
            raise ValueError(f"choices must have at least 2 options, got {len(choices)}")
        if len(choices) > len(_LETTERS):
            raise ValueError(f"choices can have at most {len(_LETTERS)} options, got {len(choices)}")
        clean = []
        for k, option in enumerate(choices, start=1):
            if not isinstance(option, (tuple, list)) or len(option) != 3:
                raise ValueError(f"choices: option {k} must be (text, is_right, why), got {option!r}")
            text, ok, why = option
            if type(ok).__name__ not in ("bool", "bool_"):
                raise ValueError(f"choices: option {k}'s is_right must be True or False, got {ok!r}")
            text = _check_text(f"choices: option {k}'s text", text)
            why = _explanation(f"choices: option {k}'s explanation", why)
            clean.append((text, bool(ok), why))
        right = [k for k, c in enumerate(clean, start=1) if c[1]]
        if len(right) != 1:
            which = f" (options {' and '.join(map(str, right))})" if right else ""
            raise ValueError(f"choices must have exactly one right option, got {len(right)}{which}")
        if len({c[0] for c in clean}) != len(clean):
            raise ValueError("choices: two options have the same text")
        return QuickCheck(id=id, question=question, choices=tuple(clean))

    answer = _check_number("answer", answer)
    if tolerance is None:
        tolerance = abs(answer) * 0.01 or 0.01
    tolerance = _check_number("tolerance", tolerance, positive=True)
    if unit is not None and not isinstance(unit, str):
        raise ValueError(f"unit must be a string, got {unit!r}")
    if explain is None:
        raise ValueError("explain is required for a number question: say how to get the answer")
    explain = _explanation("explain", explain)
    if isinstance(wrong, (str, bytes)) or not isinstance(wrong, Sequence):
        raise ValueError(f"wrong must be a list of (value, tolerance, why), got {wrong!r}")
    clean_wrong = []
    for k, item in enumerate(wrong, start=1):
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise ValueError(f"wrong: entry {k} must be (value, tolerance, why), got {item!r}")
        value = _check_number(f"wrong: entry {k}'s value", item[0])
        tol = _check_number(f"wrong: entry {k}'s tolerance", item[1], positive=True)
        why = _explanation(f"wrong: entry {k}'s explanation", item[2])
        if abs(value - answer) <= tol + tolerance:
            raise ValueError(f"wrong: entry {k} ({value:g} ± {tol:g}) overlaps the right answer "
                             f"({answer:g} ± {tolerance:g})")
        clean_wrong.append((value, tol, why))
    return QuickCheck(id=id, question=question, answer=answer, tolerance=tolerance,
                      unit=(unit or "").strip(), explain=explain, wrong=tuple(clean_wrong))
