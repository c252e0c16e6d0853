"""A kernel-free player: pictures precomputed over a grid of control values.

The website has no Python kernel behind it, so a live slider there would do
nothing.  Instead the book's build renders each widget's picture for a small
grid of each control's values and this module writes self-contained HTML: one
``<img>``, one labelled ``<input type="range">`` per control and a few lines of
inline JavaScript that swap the picture as the reader moves a control.  No file
or script is loaded from anywhere else.

This module knows nothing of matplotlib: it is given encoded images.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from typing import Sequence

__all__ = ["PlayerControl", "player_html", "picture_html"]


@dataclass(frozen=True)
class PlayerControl:
    """One control of a player: its label and the labels of its grid values."""

    label: str
    value_labels: Sequence[str]
    default_index: int = 0


_SCRIPT = """(function () {
  var root = document.getElementById(%(id)s);
  var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var img = root.querySelector("img");
  var inputs = root.querySelectorAll("input[type=range]");
  function show() {
    var k = 0;
    inputs.forEach(function (input, j) {
      var i = Number(input.value);
      k = k * data.sizes[j] + i;
      root.querySelector('output[for="' + input.id + '"]').textContent = data.labels[j][i];
      input.setAttribute("aria-valuetext", data.labels[j][i]);
    });
    img.src = data.images[data.frames[k]];
    img.alt = data.alts[k];
  }
  inputs.forEach(function (input) { input.addEventListener("input", show); });
})();"""

_STYLE = """<style>
.infobook-player { margin: 1em 0; }
.infobook-player img { max-width: 100%%; height: auto; display: block; background: #fff; }
.infobook-player .infobook-controls { display: flex; flex-wrap: wrap; gap: 0.4em 2em; margin: 0.4em 0; }
.infobook-player label { display: flex; align-items: center; gap: 0.6em; }
.infobook-player output { font-variant-numeric: tabular-nums; min-width: 3.5em; }
.infobook-player .infobook-caption { font-size: 0.9em; opacity: 0.8; }
</style>"""


def data_uri(image: bytes, mime: str = "image/png") -> str:
    """Encode ``image`` as a ``data:`` URI."""
    return f"data:{mime};base64," + base64.b64encode(image).decode("ascii")


def picture_html(image: bytes, alt: str, mime: str = "image/png") -> str:
    """A single picture as an ``<img>`` with alt text and its data inline."""
    return (
        f'<img class="infobook-figure" src="{data_uri(image, mime)}" '
        f'alt="{html.escape(alt)}" style="max-width:100%;height:auto;background:#fff">'
    )


def player_html(
    controls: Sequence[PlayerControl],
    frames: Sequence[bytes],
    alts: Sequence[str],
    caption: str = "",
    mime: str = "image/png",
) -> str:
    """Self-contained HTML for a player.

    Parameters
    ----------
    controls : sequence of PlayerControl
        One or more controls; the grid is their product.
    frames, alts : sequences
        One encoded image and one alt text per grid point, in row-major order
        (the last control varies fastest).  Identical images are stored once.
    caption : str
        Shown under the controls.

    Returns
    -------
    str
        HTML with inline CSS and JavaScript only.  Element ids are derived from
        the content, so the same player always gives the same HTML.
    """
    if not controls:
        raise ValueError("controls must name at least one control")
    sizes = [len(c.value_labels) for c in controls]
    expected = 1
    for s in sizes:
        if s < 1:
            raise ValueError("controls: every control needs at least one value")
        expected *= s
    if len(frames) != expected or len(alts) != expected:
        raise ValueError(
            f"frames and alts must have one entry per grid point ({expected}), "
            f"got {len(frames)} and {len(alts)}"
        )
    images: list[str] = []
    seen: dict[bytes, int] = {}
    index = []
    digest = hashlib.sha256(caption.encode())
    for frame in frames:
        if frame not in seen:
            seen[frame] = len(images)
            images.append(data_uri(frame, mime))
            digest.update(frame)
        index.append(seen[frame])
    uid = "ibp-" + digest.hexdigest()[:12]

    k0 = 0
    for c, s in zip(controls, sizes):
        if not 0 <= c.default_index < s:
            raise ValueError(f"controls: default_index of {c.label!r} is outside 0..{s - 1}")
        k0 = k0 * s + c.default_index
    data = {
        "sizes": sizes,
        "labels": [list(c.value_labels) for c in controls],
        "images": images,
        "frames": index,
        "alts": list(alts),
    }
    inputs = []
    for j, c in enumerate(controls):
        cid = f"{uid}-c{j}"
        current = html.escape(c.value_labels[c.default_index])
        inputs.append(
            f'<label for="{cid}">{html.escape(c.label)}'
            f'<input type="range" id="{cid}" min="0" max="{len(c.value_labels) - 1}" step="1" '
            f'value="{c.default_index}" aria-valuetext="{current}">'
            f'<output for="{cid}">{current}</output></label>'
        )
    # JSON inside <script> must not contain "</": escape the slash.
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return "\n".join(
        [
            _STYLE % (),
            f'<div class="infobook-player" id="{uid}">',
            f'<img src="{images[index[k0]]}" alt="{html.escape(alts[k0])}">',
            '<div class="infobook-controls">' + "".join(inputs) + "</div>",
            f'<div class="infobook-caption">{html.escape(caption)}</div>' if caption else "",
            f'<script type="application/json">{payload}</script>',
            "<script>" + _SCRIPT % {"id": json.dumps(uid)} + "</script>",
            "</div>",
        ]
    )
