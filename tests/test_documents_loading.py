"""What load() tells the learner when it cannot open a file, and how it reports its progress."""

from __future__ import annotations

import os
import re
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.documents import (
    MAX_FILE_BYTES,
    DocumentError,
    LoadCancelled,
    from_text,
    load,
    loader,
)
from app.core.documents.model import describe_size

# ---------------------------------------------------------------------------
# Messages name the file as the learner gave it


class TestMessages:
    def test_missing_file_is_named_with_its_folders(self) -> None:
        with pytest.raises(DocumentError) as info:
            load("/nonexistent/file.txt")
        assert str(info.value) == "/nonexistent/file.txt: this file does not exist."

    def test_relative_path_stays_relative(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "books").mkdir()
        (tmp_path / "books" / "empty.txt").write_bytes(b"")
        with pytest.raises(DocumentError) as info:
            load(Path("books") / "empty.txt")
        assert str(info.value) == f"{Path('books') / 'empty.txt'}: this file is empty."

    def test_internal_error_names_the_path(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "ok.txt"
        path.write_text("本文", encoding="utf-8")

        def boom(*args: object) -> None:
            raise KeyError("bug")

        monkeypatch.setattr(loader.plain, "parse", boom)
        with pytest.raises(DocumentError) as info:
            load(path)
        assert str(info.value) == f"{path}: Shiori could not read this file (an internal error)."

    def test_too_large_gives_the_size_and_the_limit(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.txt"
        with open(path, "wb") as handle:
            handle.truncate(int(52.5 * 1024 * 1024))  # sparse: costs no disk
        with pytest.raises(DocumentError) as info:
            load(path)
        assert str(info.value) == f"{path}: this file is 52.5 MB, more than the 50 MB Shiori opens."

    def test_just_over_the_limit_does_not_read_as_within_it(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.txt"
        with open(path, "wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)
        with pytest.raises(DocumentError, match=r": this file is 50\.1 MB, more than the 50 MB"):
            load(path)

    def test_file_that_grows_while_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "log.txt"
        path.write_bytes(b"x" * 200)
        real_stat = os.stat

        def stat_before_it_grew(p, *args, **kwargs):
            st = real_stat(p, *args, **kwargs)
            fields = list(st)
            fields[6] = 10  # st_size
            return os.stat_result(fields)

        monkeypatch.setattr(loader.os, "stat", stat_before_it_grew)
        monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
        with pytest.raises(DocumentError) as info:
            load(path)
        assert str(info.value) == (
            f"{path}: this file grew past the 100 bytes Shiori opens while it was being read."
        )

    @pytest.mark.parametrize(
        ("size", "text"),
        [
            (0, "0 bytes"),
            (1, "1 byte"),
            (1023, "1023 bytes"),
            (1024, "1 KB"),
            (1536, "1.5 KB"),
            (50 * 1024 * 1024, "50 MB"),
            (50 * 1024 * 1024 + 1, "50.1 MB"),
            (int(52.5 * 1024 * 1024), "52.5 MB"),
            (200 * 1024 * 1024, "200 MB"),
        ],
    )
    def test_sizes_read_as_a_learner_reads_them(self, size: int, text: str) -> None:
        assert describe_size(size) == text

    def test_every_message_is_one_sentence_about_the_path(self, tmp_path: Path) -> None:
        for path in (tmp_path / "gone.txt", tmp_path):
            with pytest.raises(DocumentError) as info:
                load(path)
            message = str(info.value)
            assert message.startswith(f"{path}: ") and message.endswith(".")
            assert "\n" not in message and not re.search(r"Error|Traceback", message)


# ---------------------------------------------------------------------------
# Progress and stopping

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def book(path: Path, chapters: int, cover: bool = True) -> Path:
    """An EPUB of *chapters* chapters (a heading and a paragraph with ruby each), maybe a cover."""
    items = [
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in range(chapters)
    ]
    spine = [f'<itemref idref="c{i}"/>' for i in range(chapters)]
    if cover:
        items.append('<item id="cover" href="cover.jpg" media-type="image/jpeg"/>')
        spine.insert(0, '<itemref idref="cover"/>')
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>章の本</dc:title></metadata>'
        f"<manifest>{''.join(items)}</manifest><spine>{''.join(spine)}</spine></package>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/content.opf", opf)
        zf.writestr("OEBPS/cover.jpg", b"\xff\xd8\xff\xe0")
        for i in range(chapters):
            zf.writestr(
                f"OEBPS/c{i}.xhtml",
                f"<html><body><h1>第{i + 1}章</h1>"
                "<p><ruby>吾輩<rt>わがはい</rt></ruby>は猫である。</p></body></html>",
            )
    return path


def long_aozora(lines: int) -> str:
    return "\n".join(f"{i}行目の｜下人《げにん》が雨《あめ》を見る。" for i in range(lines)) + "\n"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def assert_well_formed(calls: list[tuple[int, int]]) -> None:
    assert calls, "no progress reported"
    dones = [done for done, _ in calls]
    assert dones == sorted(dones)
    assert all(0 <= done <= total for done, total in calls)
    assert calls[-1][0] == calls[-1][1] > 0


class TestProgress:
    def test_epub_reports_chapter_by_chapter_ending_at_total(self, tmp_path: Path) -> None:
        progress = Recorder()
        doc = load(book(tmp_path / "novel.epub", chapters=6), progress)
        assert len(doc.paragraphs) == 12 and len(doc.ruby) == 6
        # the cover page is one of the seven entries of the spine
        assert progress.calls == [(n, 7) for n in range(8)]

    def test_large_text_reports_lines_thinly(self, tmp_path: Path) -> None:
        path = tmp_path / "long.txt"
        path.write_text(long_aozora(20_000), encoding="utf-8")
        progress = Recorder()
        doc = load(path, progress)
        assert doc.format == "aozora" and len(doc.paragraphs) == 20_000
        assert_well_formed(progress.calls)
        assert {total for _, total in progress.calls} == {20_001}  # the lines, the last one empty
        assert 100 <= len(progress.calls) <= 202  # about one per half per cent, not one per line

    @pytest.mark.parametrize("name", ["article.txt", "page.html"])
    def test_every_format_ends_at_total(self, tmp_path: Path, name: str) -> None:
        path = tmp_path / name
        text = "<p>本文です。</p>" if name.endswith(".html") else "題\n\n本文です。\n"
        path.write_text(text, encoding="utf-8")
        progress = Recorder()
        load(path, progress)
        assert_well_formed(progress.calls)

    def test_without_a_callback_nothing_changes(self, tmp_path: Path) -> None:
        path = book(tmp_path / "novel.epub", chapters=3)
        assert load(path) == load(path, Recorder(), lambda: False)

    def test_pasted_text(self) -> None:
        progress = Recorder()
        doc = from_text(long_aozora(3_000), progress=progress)
        assert len(doc.paragraphs) == 3_000
        assert_well_formed(progress.calls)


class TestStopping:
    def test_stop_between_chapters(self, tmp_path: Path) -> None:
        path = book(tmp_path / "novel.epub", chapters=6)
        progress = Recorder()
        with pytest.raises(LoadCancelled) as info:
            load(path, progress, should_stop=lambda: len(progress.calls) >= 3)
        assert str(info.value) == f"{path}: opening this file was stopped."
        assert progress.calls == [(0, 7), (1, 7), (2, 7)]  # the rest was never read
        assert isinstance(info.value, DocumentError)

    def test_stop_before_the_file_is_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "a.txt"
        path.write_text("本文", encoding="utf-8")

        def no_open(*args: object, **kwargs: object) -> None:
            raise AssertionError("the file must not be read")

        monkeypatch.setattr(loader, "open", no_open, raising=False)
        with pytest.raises(LoadCancelled):
            load(path, should_stop=lambda: True)

    def test_stop_pasted_text(self) -> None:
        with pytest.raises(LoadCancelled, match=r"^Opening the pasted text was stopped\.$"):
            from_text(long_aozora(100), should_stop=lambda: True)

    def test_stop_from_another_thread(self, tmp_path: Path) -> None:
        """The reader's case: a worker loads, the window's thread presses Cancel."""
        path = tmp_path / "long.txt"
        path.write_text(long_aozora(20_000), encoding="utf-8")
        started, cancel, pressed = threading.Event(), threading.Event(), threading.Event()
        outcome: list[object] = []

        def progress(done: int, total: int) -> None:
            if not started.is_set():
                started.set()
                pressed.wait(10)  # hold the worker until Cancel has been pressed

        def work() -> None:
            try:
                outcome.append(load(path, progress, cancel.is_set))
            except DocumentError as e:
                outcome.append(e)

        worker = threading.Thread(target=work)
        worker.start()
        assert started.wait(10)
        cancel.set()
        pressed.set()
        worker.join(10)
        assert len(outcome) == 1 and isinstance(outcome[0], LoadCancelled)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.text(alphabet="漢字《》｜かな［＃］\n", max_size=10), max_size=30))
def test_progress_never_goes_back_and_ends_at_total(lines: list[str]) -> None:
    progress = Recorder()
    from_text("\n".join(lines), progress=progress)
    assert_well_formed(progress.calls)
