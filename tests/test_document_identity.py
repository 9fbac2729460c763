"""A Document is immutable, and its id is its text: same text, same id, wherever it came from."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.chars import readable_count
from app.core.documents import Document, Heading, RubySpan, from_text, load

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
RASHOMON = ROOT / "tests" / "data" / "rashomon_aozora_sjis.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The same text is the same document


class TestSameText:
    def test_bundled_article_opened_and_pasted(self) -> None:
        opened, pasted = load(SEED), from_text(seed_text())
        assert opened.paragraphs == pasted.paragraphs
        assert opened.id == pasted.id
        assert (opened.source, pasted.source) == (str(SEED), None)

    @pytest.mark.parametrize(
        ("variant", "data"),
        [
            ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
            ("cr", lambda t: t.replace("\n", "\r").encode("utf-8")),
            ("bom", lambda t: t.encode("utf-8-sig")),
            ("bom+crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8-sig")),
            ("utf-16", lambda t: t.replace("\n", "\r\n").encode("utf-16")),
            ("no final newline", lambda t: t.rstrip("\n").encode("utf-8")),
        ],
    )
    def test_line_endings_and_bom_do_not_change_the_id(
        self, tmp_path: Path, variant: str, data
    ) -> None:
        path = tmp_path / f"article ({variant}).txt"
        raw = data(seed_text())
        path.write_bytes(raw)
        opened = load(path)
        assert opened.paragraphs == load(SEED).paragraphs
        assert opened.id == load(SEED).id
        # the same bytes pasted (as the clipboard would give them) agree too
        pasted = from_text(raw.decode(opened.encoding))
        assert pasted.id == opened.id

    def test_path_name_and_title_are_not_part_of_it(self, tmp_path: Path) -> None:
        elsewhere = tmp_path / "another folder" / "renamed.text"
        elsewhere.parent.mkdir()
        shutil.copy(SEED, elsewhere)
        moved = load(elsewhere)
        assert moved.source == str(elsewhere) and moved.title == load(SEED).title
        assert moved.id == load(SEED).id
        assert from_text(seed_text(), title="My article").id == load(SEED).id

    def test_aozora_file_and_paste(self) -> None:
        text = RASHOMON.read_bytes().decode("cp932")
        assert from_text(text).id == load(RASHOMON).id

    def test_id_is_sha256_of_the_paragraphs(self) -> None:
        doc = load(SEED)
        expected = hashlib.sha256("\n".join(doc.paragraphs).encode("utf-8")).hexdigest()[:32]
        assert doc.id == expected
        assert len(doc.id) == 32 and int(doc.id, 16) >= 0

    def test_ruby_is_not_part_of_it(self) -> None:
        # the text a learner reads is the same; the author's readings are an extra
        assert from_text("漢字《かんじ》").id == from_text("漢字").id


class TestDifferentText:
    def test_different_texts(self) -> None:
        ids = {load(SEED).id, load(RASHOMON).id, from_text("吾輩は猫である。").id}
        assert len(ids) == 3

    def test_one_character_changed(self) -> None:
        text = seed_text()
        changed = text.replace("陥っ", "陥る", 1)
        assert changed != text
        assert from_text(changed).id != from_text(text).id

    def test_paragraph_boundaries_count(self) -> None:
        assert from_text("一行目\n二行目").id != from_text("一行目二行目").id
        assert from_text("一\n\n二").id != from_text("一\n二").id


# ---------------------------------------------------------------------------
# Immutable


class TestImmutable:
    def test_fields_cannot_be_set(self) -> None:
        doc = load(SEED)
        with pytest.raises(dataclasses.FrozenInstanceError):
            doc.title = "other"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            doc.paragraphs = ()  # type: ignore[misc]

    def test_sequences_are_tuples(self) -> None:
        doc = from_text("一［＃「一」は中見出し］\n漢字《かんじ》")
        assert isinstance(doc.paragraphs, tuple)
        assert isinstance(doc.headings, tuple) and isinstance(doc.ruby, tuple)
        assert isinstance(doc.ruby_for(1), tuple)
        with pytest.raises(dataclasses.FrozenInstanceError):
            doc.ruby[0].ruby = "かな"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            doc.headings[0].level = 3  # type: ignore[misc]

    def test_lists_handed_in_are_copied(self) -> None:
        paragraphs = ["漢字"]
        ruby = [RubySpan(0, 0, 2, "かんじ")]
        doc = Document("t", None, "text", None, paragraphs, [Heading(0, 1)], ruby)
        paragraphs.append("後から")
        ruby.clear()
        assert doc.paragraphs == ("漢字",) and len(doc.ruby) == 1

    def test_replace_gives_a_new_document_with_its_own_id(self) -> None:
        doc = from_text("一行目")
        other = dataclasses.replace(doc, paragraphs=("二行目",))
        assert other.id == from_text("二行目").id != doc.id
        assert dataclasses.replace(doc, title="x").id == doc.id

    def test_hashable_and_equal_by_value(self) -> None:
        a, b = from_text("漢字《かんじ》"), from_text("漢字《かんじ》")
        assert a == b and hash(a) == hash(b)
        assert {a: 1}[b] == 1
        assert a != from_text("漢字《かんじ》", title="別")  # same id, different document


# ---------------------------------------------------------------------------
# char_count


class TestCharCount:
    def test_counts_what_a_reader_reads(self) -> None:
        # 漢字と カナ ＡＢＣ: 8; the punctuation, the space and ASCII are not read
        doc = from_text("漢字とカナ、ＡＢＣ。\n\nabc 123")
        assert doc.char_count == 8

    def test_matches_chars_readable_count_on_real_texts(self) -> None:
        for doc in (load(SEED), load(RASHOMON)):
            assert doc.char_count == sum(readable_count(p) for p in doc.paragraphs)
            assert 0 < doc.char_count < sum(map(len, doc.paragraphs))

    def test_ruby_is_not_counted(self) -> None:
        assert from_text("漢字《かんじ》").char_count == 2


# ---------------------------------------------------------------------------
# Properties

LINE = st.text(alphabet="漢字かなカナＡａb 　、。《》｜［＃］", max_size=12)
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, max_size=8), sep=st.sampled_from(BREAKS), bom=st.booleans())
def test_id_is_stable_under_line_endings_and_bom(lines: list[str], sep: str, bom: bool) -> None:
    reference = from_text("\n".join(lines))
    variant = from_text(("\ufeff" if bom else "") + sep.join(lines))
    assert variant.paragraphs == reference.paragraphs
    assert variant.id == reference.id


@settings(max_examples=200, deadline=None)
@given(a=st.lists(LINE, max_size=5), b=st.lists(LINE, max_size=5))
def test_different_paragraphs_have_different_ids(a: list[str], b: list[str]) -> None:
    x, y = from_text("\n".join(a)), from_text("\n".join(b))
    assert (x.id == y.id) == (x.paragraphs == y.paragraphs)
