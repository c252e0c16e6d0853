"""The widget pattern: live ipywidgets in Jupyter, a kernel-free player on the website."""
import base64
import re
from html.parser import HTMLParser

import pytest

from infolib import plots, widgets
from infolib.widgets import _core
from infolib.player import PlayerControl, player_html

WIDGETS = sorted(widgets.WIDGETS)


def _extremes(control):
    if control.options is not None:
        return [control.options[0], control.options[-1]]
    return [control.low, control.high]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html):
    p = _Tags()
    p.feed(html)
    return p.tags


@pytest.fixture
def live(monkeypatch):
    monkeypatch.delenv(widgets.STATIC_ENV, raising=False)


@pytest.fixture
def static(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")


@pytest.mark.parametrize("name", WIDGETS)
def test_live_widget_redraws_at_extremes(name, live):
    explorer = widgets.WIDGETS[name]()
    box = explorer.live()
    first = bytes(box.image.value)
    assert first.startswith(b"\x89PNG")
    seen = {first}
    for control, spec in explorer.controls.items():
        slider = box.sliders[control]
        for value in _extremes(spec):
            slider.value = value  # triggers the redraw, as a learner's drag does
            assert bytes(box.image.value).startswith(b"\x89PNG")
            seen.add(bytes(box.image.value))
    assert len(seen) >= 1 + len(explorer.controls), "moving a control did not change the picture"


def _coarser(explorer):
    """``explorer`` with every other value (and the default) of each control that has more than
    four, when it has two controls or more: about a quarter of the website's frames. A player's
    markup and determinism do not depend on the grid's size, and the book's notebooks draw
    every player at full size (nbval, then the site build, whose players the site tests move
    in Chromium)."""
    if len(explorer.controls) > 1:
        for control in explorer.controls.values():
            values = control.grid(_core._GRID[len(explorer.controls)])
            if len(values) > 4:
                control.frames = [v for i, v in enumerate(values) if i % 2 == 0 or v == control.default]
    return explorer


@pytest.mark.parametrize("name", WIDGETS)
def test_static_mode_gives_a_player(name, static):
    explorer = _coarser(widgets.WIDGETS[name]())
    html = explorer.display_object().data
    tags = _tags(html)
    inputs = [a for t, a in tags if t == "input"]
    assert len(inputs) == len(explorer.controls)
    assert all(a["type"] == "range" for a in inputs)
    labels = [a for t, a in tags if t == "label"]
    assert {a["for"] for a in labels} == {a["id"] for a in inputs}, "every control is labelled"
    imgs = [a for t, a in tags if t == "img"]
    assert len(imgs) == 1 and imgs[0]["alt"] and imgs[0]["src"].startswith("data:image/png;base64,")
    assert "widget-view+json" not in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "the player loads nothing from outside"
    # the frames differ: the grid is not one picture repeated
    frames = re.findall(r'data:image/png;base64,[A-Za-z0-9+/=]+', html)
    assert len(set(frames)) > 10


def test_static_output_is_deterministic(static):
    def player():
        return _coarser(widgets.WIDGETS["noisy_sensors"]()).display_object().data

    assert player() == player()


def test_player_dedupes_identical_frames():
    png = b"\x89PNG-same"
    html = player_html([PlayerControl("a", ["1", "2", "3"], 1)], [png, png, png], ["x", "y", "z"])
    assert html.count(base64.b64encode(png).decode()) == 2  # the <img> and the one stored frame


@pytest.mark.parametrize("frames, alts, message", [
    ([b"a"], ["x", "y"], "one entry per grid point"),
    ([b"a", b"b"], ["x", "y"], "one entry per grid point"),
])
def test_player_rejects_bad_frames(frames, alts, message):
    with pytest.raises(ValueError, match=message):
        player_html([PlayerControl("a", ["1"], 0)], frames, alts)


def test_explore_needs_a_control():
    with pytest.raises(ValueError, match="at least one control"):
        widgets.explore(plots.car_readings, gps_reading=70.0)


@pytest.mark.parametrize("spec, message", [
    ((3.0, 1.0), "low < high"),
    (widgets.Control(0.0, 1.0, default=0.5, options=None), None),
])
def test_control_validation(spec, message):
    if message is None:
        assert widgets.Control.coerce(spec) is spec
    else:
        with pytest.raises(ValueError, match=message):
            widgets.Control.coerce(spec)


def test_plot_updates_in_place_and_describes_itself():
    fig = plots.car_readings(speedometer_sd=2.0, gps_sd=2.0)
    again = plots.car_readings(speedometer_sd=15.0, gps_sd=2.0, fig=fig)
    assert again is fig
    assert "speedometer noise 15 km/h" in fig.infobook_alt
    assert len(fig.axes) == 2


def test_show_has_alt_text(static):
    pic = widgets.show(plots.car_readings(gps_working=False))
    img = [a for t, a in _tags(pic._repr_html_()) if t == "img"][0]
    assert "broken GPS" in img["alt"] and "Mutual information 0.00 bits" in img["alt"]


@pytest.mark.parametrize("name", WIDGETS)
def test_redraw_is_fast(name, live):
    # The benchmark's own sweep; the bound is the non-negotiable 100 ms (the benchmark's
    # stricter targets, median 50 ms and p95 100 ms, are reported by benchmarks/widget_latency.py
    # in wall time). CPU time of this process, so that other programs cannot make it flaky.
    import time

    from benchmarks.widget_latency import measure

    median, p95, n = measure(widgets.WIDGETS[name](), steps=7, repeat=1, clock=time.process_time)
    assert n >= 7
    assert median <= 100.0, f"{name}: median redraw {median:.0f} ms"
