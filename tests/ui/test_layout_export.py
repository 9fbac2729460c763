"""`shiori --screenshot OUT.png --layout OUT.json`: what the render shows, checked from outside."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QImage

from app.core.chars import is_kana
from app.ui.text_layout import NO_LINE_START


def _render(tmp_path, *extra):
    from app.cli import main

    out, layout = tmp_path / "shot.png", tmp_path / "layout.json"
    args = ["--screenshot", str(out), "--layout", str(layout), "--size", "900x640",
            "--data-dir", str(tmp_path / "data"), *extra]
    assert main(args) == 0
    image = QImage(str(out))
    return json.loads(layout.read_text(encoding="utf-8")), image.width(), image.height()


def _bases(line, ruby):
    return [c for c in line["chars"]
            if c["paragraph"] == ruby["paragraph"] and ruby["start"] <= c["offset"] < ruby["end"]]


def _gap_share(lines, vertical):
    pos, size = ("y", "h") if vertical else ("x", "w")
    gaps = pairs = 0
    for line in lines:
        chars = line["chars"]
        for a, b in zip(chars, chars[1:]):
            if b["offset"] != a["offset"] + 1 or not (is_kana(a["char"]) or is_kana(b["char"])):
                continue
            em = (b if is_kana(b["char"]) else a)[size]
            pairs += 1
            gaps += b[pos] - (a[pos] + a[size]) > 0.15 * em
    return gaps / pairs


@pytest.mark.slow
def test_the_layout_of_a_horizontal_render(qapp, tmp_path):
    data, width, height = _render(tmp_path)
    assert data["direction"] == "horizontal"
    lines = data["lines"]
    assert len(lines) > 5 and sum(len(line["ruby"]) for line in lines) > 20
    for line in lines:
        for c in line["chars"]:
            assert 0 <= c["x"] and c["x"] + c["w"] <= width and 0 <= c["y"] < height
        if line["chars"] and line["chars"][0]["offset"] > 0:
            assert line["chars"][0]["char"] not in NO_LINE_START
        for r in line["ruby"]:
            bases = _bases(line, r)
            assert bases, r
            assert r["y"] + r["h"] <= min(b["y"] for b in bases) + 2  # above its base
            assert r["x"] < max(b["x"] + b["w"] for b in bases) and r["x"] + r["w"] > min(b["x"] for b in bases)
        rubies = sorted(line["ruby"], key=lambda r: r["x"])
        for a, b in zip(rubies, rubies[1:]):
            assert a["x"] + a["w"] <= b["x"] + 0.05
    assert _gap_share(lines, vertical=False) < 0.01


@pytest.mark.slow
def test_the_layout_of_a_vertical_render(qapp, tmp_path):
    data, width, height = _render(tmp_path, "--vertical")
    assert data["direction"] == "vertical"
    lines = [line for line in data["lines"] if line["chars"]]
    assert len(lines) > 5
    rights = [line["chars"][0]["x"] for line in lines]
    assert rights == sorted(rights, reverse=True)  # columns from right to left
    for line in lines:
        if line["chars"][0]["offset"] > 0:
            assert line["chars"][0]["char"] not in NO_LINE_START
        for r in line["ruby"]:
            bases = _bases(line, r)
            assert r["x"] >= max(b["x"] + b["w"] for b in bases) - 0.05  # to the right of its base
    assert _gap_share(lines, vertical=True) < 0.01


def test_layout_without_a_screenshot_is_refused(qapp, tmp_path, capsys):
    from app.cli import main

    assert main(["--layout", str(tmp_path / "x.json"), "--data-dir", str(tmp_path)]) == 2
    assert "--screenshot" in capsys.readouterr().err
