"""What load() tells the learner when it cannot open a file, and how it reports its progress."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app.core.documents import MAX_FILE_BYTES, DocumentError, load, loader
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
