"""The word model and the vocabulary's rules, without Qt."""

from __future__ import annotations

import pytest

from app.core.vocabulary import Vocabulary
from app.core.words import PLAIN, UNSAVED, Mark, Status, WordKey, mark_for

FALL = WordKey("陥る", "おちいる")
HARD = WordKey("難しい", "むずかしい")


def test_key_label_names_the_reading_only_when_it_differs():
    assert FALL.label() == "陥る【おちいる】"
    assert WordKey("これ", "これ").label() == "これ"


@pytest.mark.parametrize("text, status", [
    ("3", Status.LEARNING_3), (3, Status.LEARNING_3), ("known", Status.KNOWN), ("W", Status.KNOWN),
    ("well known", Status.KNOWN), ("i", Status.IGNORED), ("99", Status.KNOWN), (98, Status.IGNORED),
    ("none", Status.NONE), (Status.NEW, Status.NEW),
])
def test_status_parse(text, status):
    assert Status.parse(text) is status


@pytest.mark.parametrize("text", ["6", 7, "sometimes", True, ""])
def test_status_parse_refuses_with_a_sentence(text):
    with pytest.raises(ValueError, match="use 1-5, known, ignored or none"):
        Status.parse(text)


def test_status_codes_round_trip():
    for s in Status:
        assert Status.parse(s.code) is s


def test_marks_follow_the_lwt_rule():
    assert mark_for(Status.NONE) == UNSAVED
    assert [mark_for(Status(i)).tint for i in range(1, 6)] == [1, 2, 3, 4, 5]
    assert mark_for(Status.KNOWN) == PLAIN and mark_for(Status.IGNORED) == PLAIN
    assert PLAIN.plain and not UNSAVED.plain and not Mark(2, False).plain


def test_vocabulary_marks_no_word_as_plain():
    # punctuation has no key: it is not a word "never saved"
    vocab = Vocabulary()
    assert vocab.status(None) is Status.NONE
    assert vocab.mark(None) == PLAIN
    assert vocab.mark(FALL) == UNSAVED


def test_vocabulary_stores_statuses_as_the_enum():
    vocab = Vocabulary()
    vocab.set_statuses([FALL], 3)
    assert vocab.status(FALL) is Status.LEARNING_3
    assert vocab.mark(FALL) == Mark(3, False)
    # the same status again is no change
    assert vocab.set_statuses([FALL], "3") == frozenset()
    assert vocab.set_statuses([FALL], "none") == {FALL}
    assert FALL not in vocab and len(vocab) == 0


def test_listeners_hear_each_change_once_and_a_broken_one_does_not_stop_the_rest():
    vocab = Vocabulary()
    heard: list[frozenset] = []

    def broken(keys):
        raise RuntimeError("listener bug")

    vocab.add_listener(broken)
    vocab.add_listener(heard.append)
    vocab.set_statuses([FALL, HARD, FALL], Status.NEW)
    vocab.set_status(FALL, Status.NEW)  # unchanged: nobody hears
    assert heard == [frozenset({FALL, HARD})]
    vocab.remove_listener(heard.append)
    vocab.set_status(HARD, Status.KNOWN)
    assert len(heard) == 1


@pytest.mark.parametrize("status, threshold, hidden", [
    (Status.KNOWN, Status.KNOWN, True),
    (Status.LEARNED, Status.KNOWN, False),
    (Status.LEARNED, Status.LEARNING_4, True),
    (Status.LEARNING_4, Status.LEARNING_4, True),
    (Status.LEARNING_3, Status.LEARNING_4, False),
    (Status.IGNORED, Status.LEARNING_4, False),  # a name is still hard to read
    (Status.NONE, Status.NEW, False),
    (Status.LEARNED, 4, True),  # a threshold read back from settings as a number
])
def test_furigana_hides_at_the_threshold(status, threshold, hidden):
    vocab = Vocabulary({FALL: status} if status is not Status.NONE else {})
    assert vocab.hides_furigana(FALL, threshold) is hidden
