"""The first paint shows furigana on everything in view, while no more than a screenful is analysed in the window."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(900, 600), (1600, 1000)])
def test_everything_in_view_is_analysed_at_the_first_paint(qtbot, tmp_path, rashomon_path, size):
    from app.ui.app import create_window

    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(*size)
    seen = {}

    def painted():
        reader = win.reader
        top = reader.layout.paragraph_at(reader.doc_y(0))
        bottom = reader.layout.paragraph_at(reader.doc_y(reader.viewport().height()))
        visible = {p for p in range(top, bottom + 1) if reader.analysed.paragraphs[p].strip()}
        seen["visible"] = visible
        seen["analysed"] = {p for p in range(len(reader.analysed)) if reader.analysed.tokens(p) is not None}

    win.reader.first_paint.connect(painted)
    assert win.open_path(rashomon_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: "visible" in seen, timeout=30000)
    paragraphs = len(win.reader.analysed)
    # on screen: all there; the window analysed far less than the whole text itself
    assert len(seen["visible"]) >= 2 and seen["visible"] <= seen["analysed"]
    assert len(seen["analysed"]) < paragraphs / 2
    win.close()


def test_a_word_saved_before_the_analysis_arrives_has_the_key_the_text_keeps(qtbot, tmp_path, article_path,
                                                                               monkeypatch):
    from app.core.words import Status
    from app.ui import analysis_runner
    from app.ui.app import create_window

    monkeypatch.setattr(analysis_runner.AnalysisRunner, "start", lambda self: None)  # no analysis process
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(1000, 700)
    assert win.open_path(article_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    reader = win.reader
    p, t = next((p, i) for p in range(len(reader.analysed)) for i, tok in enumerate(reader.tokens(p) or ())
                if tok.surface == "研究")  # in the first screen: 研究室の役員や同僚の何人かは…
    qtbot.waitUntil(lambda: reader.analysed.span_at(p, t).end - reader.analysed.span_at(p, t).first > 1)
    win.study.actions.set_status(p, t, Status.LEARNING_3)
    assert [k.lemma for k in reader.vocabulary.statuses()] == ["研究室"]
    win.close()
