"""The fields of a word's Anki note, without Anki: furigana notation, the bold word, the dictionary's absence."""

from __future__ import annotations

import pytest

from app.core.analysis import analyze
from app.core.context import create_context
from app.core.export.notes import NoteBuilder, furigana_notation, note_guid, sentence_html
from app.core.vocabulary import Context, SavedWord
from app.core.words import Status, WordKey


@pytest.mark.parametrize("segments, notation", [
    ([("陥", "おちい"), ("る", None)], "陥[おちい]る"),
    ([("事故", "じこ"), ("に", None), ("陥", "おちい"), ("った", None)], "事故[じこ]に 陥[おちい]った"),
    ([("<b>", None), ("猫", "ねこ")], "&lt;b&gt; 猫[ねこ]"),
    ([("[注]", None), ("本", "ほん")], "&#91;注&#93; 本[ほん]"),  # a bracket of the text is not a reading
    ([("ねこ", None)], "ねこ"),
])
def test_furigana_notation_puts_a_space_before_each_base(segments, notation):
    assert furigana_notation(segments) == notation


@pytest.mark.parametrize("sentence, key, bold", [
    ("事故に陥った。", WordKey("陥る", "おちいる"), "事故に<b>陥った</b>。"),
    ("それは難しかった。", WordKey("難しい", "むずかしい"), "それは<b>難しかった</b>。"),
    ("猫と猫。", WordKey("猫", "ねこ"), "<b>猫</b>と<b>猫</b>。"),
    ("取締役会で決まった。", WordKey("取締役会", "とりしまりやくかい"), "<b>取締役会</b>で決まった。"),
    ("A&B <c>", WordKey("猫", "ねこ"), "A&amp;B &lt;c&gt;"),
])
def test_the_word_is_bold_in_its_sentence(sentence, key, bold):
    plain, ruby = sentence_html(sentence, analyze(sentence), key)
    assert plain == bold
    assert ruby.count("<b>") == plain.count("<b>")


def test_the_guid_depends_on_the_word_alone():
    assert note_guid(WordKey("辛い", "からい")) == note_guid(WordKey("辛い", "からい"))
    assert note_guid(WordKey("辛い", "からい")) != note_guid(WordKey("辛い", "つらい"))


class MissingDictionary:
    def __init__(self):
        self.asked = []

    def status(self):
        return "The dictionary is not installed."

    def lookup_word(self, word):
        self.asked.append(word)
        raise OSError("no such file")


def test_without_a_dictionary_the_meaning_is_the_saved_gloss(tmp_path):
    word = SavedWord(WordKey("陥る", "おちいる"), Status.LEARNING_3, 1216120, "to fall <in>",
                     contexts=(Context("穴に陥った。", document_title="T"),))
    missing = MissingDictionary()
    note = NoteBuilder(missing).build(word)
    assert missing.asked == []  # a dictionary that says it is missing is not asked
    assert note.meaning == '<div class="gloss">to fall &lt;in&gt;</div>'
    assert note.pitch_accent == "" and note.part_of_speech == ""
    assert note.sentence == "穴に<b>陥った</b>。" and note.source == "T"
    with_dictionary = NoteBuilder(create_context(tmp_path).dictionary).build(word)
    assert with_dictionary.meaning.startswith(note.meaning) and "<ol" in with_dictionary.meaning
