"""Sphinx extension: let the ``singlehtml`` builder draw every node the ``html`` builder draws.

Sphinx looks up the visit/depart functions of extension nodes by builder *name* first and falls
back to the builder's *format* ("html") only when no handler at all is registered for that name.
sphinx-exercise 1.2.1 registers its nodes for ``singlehtml`` explicitly, so for that builder the
fallback never happens and the nodes of every other extension (MyST-NB's hidden-input cells,
sphinx-proof's theorems, ...) are "unknown node types": the single-page build that ``make pdf``
prints fails.  This copies each ``html`` handler that ``singlehtml`` lacks, once all extensions
are set up.

Second, Sphinx's singlehtml builder writes the page at ``<root_doc>.html`` (``book/intro.html``
here) but computes every relative link in it (``_static/...``, ``_images/...``) as if the page
were at the top of the output folder: in a subfolder, MathJax, the stylesheets and the pictures
would not load.  So once the build is done the page is moved to ``index.html`` at the top, where
its links resolve (Jupyter Book's redirect ``index.html`` is replaced), and a redirect to it is
left at the old place.

Neither step changes anything for the ``html`` builder.
"""
from __future__ import annotations

from pathlib import Path


def _copy_html_handlers(app):
    handlers = app.registry.translation_handlers
    single = handlers.get("singlehtml")
    if single is None:  # nobody registered singlehtml: Sphinx's own fallback to html works
        return
    for node_name, pair in handlers.get("html", {}).items():
        single.setdefault(node_name, pair)


def _page_to_top(app, exception):
    if exception is not None or app.builder.name != "singlehtml":
        return
    root_doc = app.config.root_doc
    if "/" not in root_doc:  # already at the top
        return
    outdir = Path(app.outdir)
    page = outdir / (root_doc + app.builder.out_suffix)
    if not page.is_file():
        return
    index = outdir / "index.html"
    index.write_bytes(page.read_bytes())
    back = "../" * root_doc.count("/") + "index.html"
    page.write_text(f'<meta http-equiv="Refresh" content="0; url={back}" />\n', encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _copy_html_handlers)
    # Early (priority < 500), so that any later handler sees index.html already there.
    app.connect("build-finished", _page_to_top, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
