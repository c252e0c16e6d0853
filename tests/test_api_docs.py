"""The API reference (book/api/*.md), the glossary and the bibliography against the code and the book.

- every public name of ``infolib`` (``infolib.__all__``) and of ``infolib.plots``, ``infolib.widgets``
  and ``infolib.exercises`` is documented on an API page, and every documented name exists;
- every public function and class has an Examples section with a ``>>>`` line (the doctests run in
  ``make test`` via ``--doctest-modules infolib``, so the example's output is checked); a dataclass
  that is only a return value is exempt when the function returning it has an example and names it;
- the values written into ``py:data`` directives are the objects' real values;
- the glossary defines the book's key terms and keeps the ``notation`` label;
- every citation key exists in ``references.bib`` and every entry is cited.
"""
import inspect
import json
import re
from pathlib import Path

import pytest

import infolib
import infolib.exercises
import infolib.plots
import infolib.quiz
import infolib.widgets

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
API_PAGES = sorted((BOOK / "api").glob("*.md"))

DIRECTIVE = re.compile(r"^\s*\.\. (currentmodule|py:module|automodule|autofunction|autoclass|autodata"
                       r"|py:function|py:class|py:data):: *(\S+)", re.M)

#: Return types documented by the function that returns them (class -> that function).
RETURN_TYPES = {
    "infolib.GaussianFit": "infolib.fit_gaussian_forward_kl",
    "infolib.ReverseKLFit": "infolib.fit_gaussian_reverse_kl",
    "infolib.CarReadings": "infolib.Car.sample",
    "infolib.SampleSizeSearch": "infolib.samples_needed",
    "infolib.NeuronRecording": "infolib.simulate_neuron",
    "infolib.MIDFit": "infolib.fit_mid",
    "infolib.plots.RFEstimates": "infolib.plots.receptive_field_estimates",
}


def _package_names(pkg):
    """The public names of a package: everything in its namespace not starting with "_" but modules."""
    return [f"{pkg.__name__}.{n}" for n, obj in vars(pkg).items()
            if not n.startswith("_") and not inspect.ismodule(obj)]


PUBLIC = ([f"infolib.{n}" for n in infolib.__all__] + _package_names(infolib.plots)
          + _package_names(infolib.widgets) + _package_names(infolib.exercises)
          + [f"infolib.quiz.{n}" for n in infolib.quiz.__all__])


def _resolve(qualname):
    """The object a dotted name points at, walking attributes after the longest importable module."""
    parts = qualname.split(".")
    obj = infolib
    assert parts[0] == "infolib", qualname
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def _documented():
    """Fully qualified name -> (page, directive) of every object directive on the API pages."""
    found = {}
    for page in API_PAGES:
        module = None
        for kind, name in DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            if kind in ("currentmodule", "py:module", "automodule"):
                module = name
                continue
            qual = name if name.startswith("infolib") else f"{module}.{name}"
            found[qual] = (page.name, kind)
    return found


DOCUMENTED = _documented()


def test_pages_exist_and_parse():
    assert len(API_PAGES) >= 5
    assert len(DOCUMENTED) >= 100  # the parser found the directives, not nothing


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_is_documented(name):
    assert name in DOCUMENTED, f"{name} is public but on no page of book/api/"


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_documented_name_exists(name):
    try:
        _resolve(name)
    except AttributeError:
        pytest.fail(f"{name} is documented on {DOCUMENTED[name][0]} but does not exist")


def _examples(obj):
    doc = inspect.getdoc(obj) or ""
    match = re.search(r"^Examples\n-{8,}\n(.*)", doc, re.M | re.S)
    return match.group(1) if match else ""


CALLABLES = [n for n in PUBLIC if callable(_resolve(n))]


@pytest.mark.parametrize("name", CALLABLES)
def test_public_callable_has_an_example(name):
    obj = _resolve(name)
    if name in RETURN_TYPES:
        maker = _resolve(RETURN_TYPES[name])
        assert inspect.isclass(obj)
        assert name.rsplit(".", 1)[1] in (inspect.getdoc(maker) or ""), \
            f"{RETURN_TYPES[name]} should name its return type {name}"
        assert ">>>" in _examples(maker), f"{RETURN_TYPES[name]} needs an example"
        return
    assert ">>>" in _examples(obj), f"{name} has no Examples section with a >>> line"


def test_exemptions_are_current():
    """Exempt names are still public (a stale exemption would hide nothing, but mislead)."""
    assert set(RETURN_TYPES) <= set(PUBLIC)


PY_DATA = re.compile(r"^\.\. py:data:: (\S+)\n((?:   :\w+:.*\n)*)", re.M)


def test_data_values_written_on_the_pages_are_the_real_ones():
    checked = 0
    for page in API_PAGES:
        text = page.read_text(encoding="utf-8")
        modules = [(m.start(), m.group(2)) for m in DIRECTIVE.finditer(text)
                   if m.group(1) in ("currentmodule", "py:module")]
        for match in PY_DATA.finditer(text):
            module = [mod for pos, mod in modules if pos < match.start()][-1]
            obj = _resolve(f"{module}.{match.group(1)}")
            value = re.search(r":value: (.*)", match.group(2))
            if value:
                assert value.group(1) == repr(obj), f"{page.name}: {match.group(1)} is {obj!r}"
                checked += 1
    assert checked >= 5


# -- glossary -------------------------------------------------------------------------------------
GLOSSARY = (BOOK / "glossary.md").read_text(encoding="utf-8")


def _glossary_terms():
    block = re.search(r"```\{glossary\}\n(.*?)\n```", GLOSSARY, re.S)
    assert block, "glossary.md has no {glossary} directive"
    return [line.strip() for line in block.group(1).splitlines() if line and not line[0].isspace()]


@pytest.mark.parametrize("term", [
    "entropy", "joint entropy", "conditional entropy", "mutual information",
    "pointwise mutual information", "KL divergence", "cross entropy", "Jensen–Shannon divergence",
    "differential entropy", "data-processing inequality", "plug-in estimator", "KSG estimator",
    "importance sampling", "effective sample size", "maximally informative dimension",
    "spike-triggered average", "bit", "nat",
])
def test_glossary_defines_the_key_terms(term):
    terms = [t.lower() for t in _glossary_terms()]
    assert any(t == term.lower() or t.startswith(term.lower() + " (") for t in terms), term


def test_every_glossary_entry_links_to_where_it_is_defined():
    block = re.search(r"```\{glossary\}\n(.*?)\n```", GLOSSARY, re.S).group(1)
    entries = re.split(r"\n(?=\S)", block.strip())
    for entry in entries:
        term, _, body = entry.partition("\n")
        assert body.strip(), f"{term} has no definition"
        assert re.search(r"\{(ref|prf:ref|doc|numref|eq)\}`", body), f"{term} links to no chapter"


def test_notation_lives_in_the_glossary_page():
    assert "(notation)=" in GLOSSARY
    assert "(notation)=" not in (BOOK / "intro.md").read_text(encoding="utf-8")


# -- bibliography ---------------------------------------------------------------------------------
def _markdown_sources():
    for path in sorted(BOOK.glob("*.md")) + sorted((BOOK / "api").glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        yield path.name, "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _cited():
    keys = {}
    for name, text in _markdown_sources():
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            for key in group.split(","):
                keys.setdefault(key.strip(), name)
    return keys


BIB_KEYS = re.findall(r"^@\w+\{([^,\s]+),", (BOOK / "references.bib").read_text(encoding="utf-8"), re.M)


def test_every_citation_is_in_the_bibliography():
    cited = _cited()
    assert len(cited) >= 10
    missing = {k: page for k, page in cited.items() if k not in BIB_KEYS}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_every_bibliography_entry_is_cited_once_defined():
    assert len(BIB_KEYS) == len(set(BIB_KEYS)), "a key is defined twice in references.bib"
    uncited = set(BIB_KEYS) - set(_cited())
    assert not uncited, f"in references.bib but cited nowhere (the bibliography page would omit it): {uncited}"
