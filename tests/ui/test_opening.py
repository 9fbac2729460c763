"""Opening files in the background: the window stays live, errors keep the document, newer opens win."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from app.core import documents
from app.ui.opening import DocumentOpener, loader_reports_progress


@pytest.fixture
def big_file(tmp_path):
    from app.bench.corpus import long_paragraphs

    path = tmp_path / "big-novel.txt"
    path.write_text("\n".join(long_paragraphs() * 4), encoding="utf-8")  # about 1.2 million characters
    return path


def test_opening_a_large_file_leaves_the_event_loop_running(window, qtbot, big_file):
    before = window.document
    seen_loading = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: seen_loading.append(window.is_loading()))
    timer.start()
    with qtbot.waitSignal(window.load_finished, timeout=60000) as finished:
        assert window.open_path(big_file)  # returns at once
        assert window.is_loading() and window.document is before
        assert window.status_message() == "Opening big-novel.txt…"
    timer.stop()
    assert finished.args == [True]
    # the timer fired while the file was being read: nothing blocked the GUI thread
    assert any(seen_loading)
    assert not window.is_loading() and window.document is not before
    assert window.document.source and window.document.source.endswith("big-novel.txt")


def test_the_first_screen_appears_after_the_load(window, qtbot, rashomon_path):
    painted = window.reader.paint_count
    with qtbot.waitSignal(window.load_finished, timeout=60000):
        window.open_path(rashomon_path)
    assert window.reader.analysed.document is window.document
    assert window.reader.tokens(0) is not None  # the first screen is analysed before it shows
    qtbot.waitUntil(lambda: window.reader.paint_count > painted)
    assert window.reader.top_anchor().paragraph == 0
    assert window.windowTitle().startswith(window.document.title)
    assert window.recent_files()[0] == str(rashomon_path.resolve())


def test_a_bad_file_shows_the_error_and_keeps_the_document(window, qtbot, tmp_path):
    bad = tmp_path / "broken.epub"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    doc, title = window.document, window.windowTitle()
    with qtbot.waitSignal(window.load_finished, timeout=60000) as finished:
        window.open_path(bad)
    assert finished.args == [False]
    assert window.last_error and "broken.epub" in window.last_error
    assert window.document is doc and window.windowTitle() == title
    assert window.reader.analysed.document is doc
    assert "broken.epub" not in window.recent_files()[0]


def test_a_second_open_supersedes_the_first(window, qtbot, big_file, rashomon_path):
    outcomes = []
    window.load_finished.connect(outcomes.append)
    window.open_path(big_file)
    with qtbot.waitSignal(window.load_finished, timeout=60000):
        window.open_path(rashomon_path)
    assert window.document.format == "aozora"
    assert window.wait_for_loads(60000)  # the first load ends too; its document must not replace the second
    QCoreApplication.processEvents()  # its answer, queued before its thread ended, arrives now
    assert window.document.format == "aozora" and outcomes == [True]


# -- the opener by itself, with loaders the test controls ---------------------------------------


def test_a_superseded_result_is_dropped(qtbot):
    release = threading.Event()

    def loader(path):
        if path == "slow":
            release.wait(30)
        return documents.from_text(f"{path}です。")

    opener = DocumentOpener(loader=loader)
    got = []
    opener.loaded.connect(lambda path, doc: got.append(path))
    opener.open("slow")
    with qtbot.waitSignal(opener.loaded):
        opener.open("fast")
    release.set()
    assert opener.wait(30000)
    QCoreApplication.processEvents()  # the slow one's answer, queued before its thread ended
    assert got == ["fast"] and not opener.busy


def test_progress_is_reported_when_the_loader_can(qtbot):
    def loader(path, progress=None):
        for done in range(1, 5):
            progress(done, 4)
        return documents.from_text("本文です。")

    assert loader_reports_progress(loader) and not loader_reports_progress(lambda path: None)
    opener = DocumentOpener(loader=loader)
    fractions = []
    opener.progress.connect(fractions.append)
    with qtbot.waitSignal(opener.loaded):
        opener.open("x")
    assert fractions == [0.25, 0.5, 0.75, 1.0]


def test_an_unexpected_failure_is_a_sentence(qtbot):
    def loader(path):
        raise RuntimeError("parser bug")

    opener = DocumentOpener(loader=loader)
    with qtbot.waitSignal(opener.failed) as failed:
        opener.open("/tmp/odd.txt")
    assert failed.args == ["/tmp/odd.txt", "odd.txt: Shiori could not open this file."]


def test_a_superseded_load_that_reports_progress_is_stopped(qtbot):
    started, release = threading.Event(), threading.Event()
    reports_after_release = []

    def loader(path, progress=None):
        if path == "slow":
            started.set()
            release.wait(30)
            for i in range(100):
                progress(i, 100)
                reports_after_release.append(i)
        return documents.from_text(f"{path}です。")

    opener = DocumentOpener(loader=loader)
    opener.open("slow")
    assert started.wait(30)
    with qtbot.waitSignal(opener.loaded) as loaded:
        opener.open("fast")
    release.set()
    assert opener.wait(30000)
    assert loaded.args[0] == "fast" and reports_after_release == []  # stopped at its first report


def test_a_superseded_load_is_asked_to_stop(qtbot):
    started = threading.Event()
    stopped = []

    def loader(path, should_stop=None):
        if path == "slow":
            started.set()
            for _ in range(3000):  # at most 30 s, polling as documents.load does
                if should_stop():
                    stopped.append(path)
                    raise documents.DocumentError("slow: opening this file was stopped.")
                threading.Event().wait(0.01)
        return documents.from_text(f"{path}です。")

    opener = DocumentOpener(loader=loader)
    failures = []
    opener.failed.connect(lambda path, message: failures.append(path))
    opener.open("slow")
    assert started.wait(30)
    with qtbot.waitSignal(opener.loaded):
        opener.open("fast")
    assert opener.wait(30000)
    QCoreApplication.processEvents()
    assert stopped == ["slow"] and failures == []  # stopped, and its stopping is no error to show


def test_documents_load_can_be_stopped_and_report():
    from app.ui.opening import _accepts

    assert loader_reports_progress(documents.load) and _accepts(documents.load, "should_stop")
