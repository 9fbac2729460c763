"""Shiori's .apkg and notes text file, imported with Anki's own importers into a real, empty collection."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from anki_support import (AWKWARD_GLOSS, AWKWARD_NOTES, AWKWARD_SENTENCE, AWKWARD_TITLE, create_shiori_notetype,
                          import_apkg, import_tsv, new_collection, notes_by_expression)
from app.core.export import ExportRequest, export_vocabulary
from app.core.words import Status, WordKey


@pytest.fixture
def context(filled_context):
    return filled_context


@pytest.fixture
def col(tmp_path):
    c = new_collection(tmp_path / "anki")
    yield c
    c.close()


def export(context, fmt: str, path: Path, **kw):
    return export_vocabulary(context, ExportRequest(fmt, path, overwrite=True, **kw))


def shown(field_html: str) -> str:
    """What a field shows, as text: tags dropped, line breaks back, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", field_html.replace("<br>", "\n")))


def test_apkg_imports_into_anki_with_the_fields_of_each_word(context, col, tmp_path):
    result = export(context, "apkg", tmp_path / "shiori.apkg")
    assert result.words == 3  # 陥る, 猫, 難しい: the ignored 犬 is left out
    import_apkg(col, result.path)
    notes = notes_by_expression(col)
    assert set(notes) == {"陥る", "猫", "難しい"} and len(col.find_notes("")) == 3
    fall = notes["陥る"]
    assert fall.note_type()["name"] == "Shiori"
    assert fall["Reading"] == "おちいる"
    assert fall["Furigana"] == "陥[おちい]る"
    assert "<b>陥った</b>" in fall["Sentence"]
    # awkward characters are escaped in the HTML and come back as they were
    assert shown(fall["Sentence"]) == AWKWARD_SENTENCE
    assert shown(fall["Notes"]) == AWKWARD_NOTES
    assert shown(fall["Source"]) == AWKWARD_TITLE
    assert shown(fall["Meaning"]).startswith(AWKWARD_GLOSS)
    assert "to fall into (a trap, etc.)" in fall["Meaning"]  # the entry's other senses follow
    assert "nakadaka" in fall["PitchAccent"] and "verb" in fall["PartOfSpeech"]
    assert sorted(fall.tags) == ["shiori", "shiori::status::3"]
    assert sorted(notes["猫"].tags) == ["shiori", "shiori::status::known"]
    assert col.decks.name(fall.cards()[0].did) == "Shiori"


def test_anki_renders_the_furigana_as_ruby(context, col, tmp_path):
    import_apkg(col, export(context, "apkg", tmp_path / "shiori.apkg").path)
    card = notes_by_expression(col)["陥る"].cards()[0]
    question, answer = card.question(), card.answer()
    assert "陥る" in question and "<ruby>" not in question  # the front asks for the reading
    assert "<ruby><rb>陥</rb><rt>おちい</rt></ruby>る" in answer
    # the sentence keeps its bold word inside the ruby, and no bracket is left unrendered
    assert "<b><ruby><rb>陥</rb><rt>おちい</rt></ruby>った</b>" in answer
    assert '"<ruby><rb>罠</rb><rt>わな</rt></ruby>"' in answer  # only the kanji under the reading
    assert "[" not in re.sub(r"<style>.*?</style>", "", answer, flags=re.S).replace("[3]", "").replace("[0]", "")


def test_a_second_apkg_updates_the_notes_instead_of_adding_them(context, col, tmp_path):
    import_apkg(col, export(context, "apkg", tmp_path / "first.apkg").path)
    before = {n["Expression"]: n.id for n in notes_by_expression(col).values()}
    context.vocabulary.set_status(WordKey("陥る", "おちいる"), Status.LEARNED)
    context.vocabulary.set_notes(WordKey("猫", "ねこ"), "ねこ is written 猫")
    time.sleep(max(0.0, 1.05 - time.time() % 1))  # Anki updates a note when the imported one is newer, by the second
    import_apkg(col, export(context, "apkg", tmp_path / "second.apkg").path)
    notes = notes_by_expression(col)
    assert len(col.find_notes("")) == 3
    assert {e: n.id for e, n in notes.items()} == before  # the same notes...
    assert "shiori::status::5" in notes["陥る"].tags and "shiori::status::3" not in notes["陥る"].tags
    assert notes["猫"]["Notes"] == "ねこ is written 猫"  # ...with the new fields


def test_the_deck_name_is_the_one_asked_for(context, col, tmp_path):
    import_apkg(col, export(context, "apkg", tmp_path / "d.apkg", deck="Japanese::Mined").path)
    card = notes_by_expression(col)["猫"].cards()[0]
    assert col.decks.name(card.did) == "Japanese::Mined"


def test_tsv_goes_through_anki_text_import_and_updates_on_the_second(context, col, tmp_path):
    create_shiori_notetype(col)
    path = export(context, "tsv", tmp_path / "shiori.txt").path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#separator:tab\n#html:true\n#notetype:Shiori\n#deck:Shiori\n")
    assert "#columns:Expression\tReading\tFurigana\tMeaning\tSentence\tSentenceFurigana\tPitchAccent\t" in text
    import_tsv(col, path)
    notes = notes_by_expression(col)
    assert set(notes) == {"陥る", "猫", "難しい"}
    fall = notes["陥る"]
    assert fall.note_type()["name"] == "Shiori" and fall["Reading"] == "おちいる"
    assert "<b>陥った</b>" in fall["Sentence"]
    assert shown(fall["Notes"]) == AWKWARD_NOTES and shown(fall["Sentence"]) == AWKWARD_SENTENCE
    assert shown(fall["Meaning"]).startswith(AWKWARD_GLOSS)
    assert sorted(fall.tags) == ["shiori", "shiori::status::3"]
    assert "<ruby><rb>陥</rb><rt>おちい</rt></ruby>る" in fall.cards()[0].answer()
    ids = {e: n.id for e, n in notes.items()}

    context.vocabulary.set_status(WordKey("陥る", "おちいる"), Status.KNOWN)
    import_tsv(col, export(context, "tsv", tmp_path / "again.txt").path)
    notes = notes_by_expression(col)
    assert len(col.find_notes("")) == 3 and {e: n.id for e, n in notes.items()} == ids
    assert sorted(notes["陥る"].tags) == ["shiori", "shiori::status::known"]
