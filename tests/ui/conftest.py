from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def window(qtbot, tmp_path, article_path):
    from app.ui.app import create_window

    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(1000, 700)
    assert win.open_path(article_path, wait=True)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
    yield win
    win.close()


@pytest.fixture(scope="module")
def article_paragraphs(article_path):
    return [p for p in article_path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def find_token():
    return _find_token


def _find_token(reader, surface: str) -> tuple[int, int]:
    for p in range(len(reader.layout.texts)):
        toks = reader.tokens(p)
        for i, t in enumerate(toks or ()):
            if t.surface == surface:
                return p, i
    raise AssertionError(f"{surface} not in the document")
