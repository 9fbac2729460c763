"""The stored vocabulary: saving with context, statuses, removal, undo, history, two windows on one store."""

from __future__ import annotations

import pytest

from app.core.progress import Library
from app.core.store import open_store
from app.core.vocabulary import Context, StoredVocabulary
from app.core.words import Status, WordKey

OCHIIRU = WordKey("陥る", "おちいる")
NEKO = WordKey("猫", "ねこ")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path) as s:
        Library(s).open_document("doc", "記事", char_count=100)
        yield s


@pytest.fixture
def vocab(store):
    return StoredVocabulary(store)


def test_add_saves_status_1_with_the_sentence_and_gloss(vocab, store):
    vocab.add(OCHIIRU, entry_id=1590830, gloss="to fall into; to lapse into",
              context=Context("窮地に陥った。", "doc", 3, 10))
    word = vocab.word(OCHIIRU)
    assert word.status is Status.NEW and word.entry_id == 1590830 and word.gloss.startswith("to fall into")
    assert [(c.sentence, c.document_id, c.paragraph, c.offset, c.document_title) for c in word.contexts] == [
        ("窮地に陥った。", "doc", 3, 10, "記事")]
    # a new connection (a new run) finds the same
    assert StoredVocabulary(store).status(OCHIIRU) is Status.NEW


def test_adding_again_keeps_the_status_and_takes_the_chosen_entry(vocab):
    vocab.add(OCHIIRU, entry_id=1, gloss="first", context=Context("一。", "doc"))
    vocab.set_status(OCHIIRU, Status.LEARNING_3)
    vocab.add(OCHIIRU, entry_id=2, gloss="second", context=Context("二。", "doc"))
    vocab.add(OCHIIRU, context=Context("二。", "doc"))  # the same sentence is kept once
    word = vocab.word(OCHIIRU)
    assert word.status is Status.LEARNING_3 and (word.entry_id, word.gloss) == (2, "second")
    assert [c.sentence for c in word.contexts] == ["一。", "二。"]


def test_setting_a_status_saves_an_unsaved_word_and_none_removes_it(vocab):
    vocab.set_status(NEKO, Status.KNOWN)
    assert vocab.word(NEKO).status is Status.KNOWN
    vocab.set_status(NEKO, "none")
    assert vocab.word(NEKO) is None and vocab.status(NEKO) is Status.NONE


def test_remove_and_undo_restore_everything(vocab):
    vocab.add(OCHIIRU, entry_id=5, gloss="g", context=Context("窮地に陥った。", "doc", 1, 2))
    vocab.set_notes(OCHIIRU, "メモ")
    vocab.record_lookup(OCHIIRU, "陥っ", "doc", 1, 2, "窮地に陥った。")
    before = vocab.word(OCHIIRU)
    change = vocab.remove([OCHIIRU])
    assert vocab.word(OCHIIRU) is None
    vocab.undo(change)
    after = vocab.word(OCHIIRU)
    assert after == before


def test_undo_of_a_bulk_change_puts_each_word_back_as_it_was(vocab):
    vocab.set_status(NEKO, Status.LEARNING_2)
    words = [NEKO, OCHIIRU, WordKey("犬", "いぬ")]
    change = vocab.set_statuses(words, Status.KNOWN)
    assert len(change) == 3 and all(vocab.status(k) is Status.KNOWN for k in words)
    redo = vocab.undo(change)
    assert redo.keys == frozenset(words)
    assert vocab.status(NEKO) is Status.LEARNING_2
    assert vocab.status(OCHIIRU) is Status.NONE and vocab.word(OCHIIRU) is None
    assert StoredVocabulary(vocab.store).statuses() == {NEKO: Status.LEARNING_2}
    vocab.undo(redo)  # redo: all known again
    assert all(vocab.status(k) is Status.KNOWN for k in words)


def test_a_status_already_set_is_no_change(vocab):
    vocab.set_status(NEKO, Status.KNOWN)
    heard = []
    vocab.add_listener(heard.append)
    change = vocab.set_statuses([NEKO], Status.KNOWN)
    assert len(change) == 0 and heard == []


def test_lookups_join_the_history_and_count_for_saved_words(vocab):
    vocab.record_lookup(NEKO, "猫", "doc", 0, 1, "猫がいる。")
    vocab.record_lookup(OCHIIRU, "陥っ", "doc", 2, 5, "陥った。")
    assert [h.surface for h in vocab.history("doc")] == ["陥っ", "猫"]  # newest first
    vocab.add(NEKO)
    assert vocab.word(NEKO).lookups == 1  # the lookup before it was saved counts too
    vocab.record_lookup(NEKO, "猫", "doc", 4, 0, "また猫だ。")
    word = vocab.word(NEKO)
    assert word.lookups == 2 and [c.sentence for c in word.contexts] == ["また猫だ。"]
    assert vocab.history("elsewhere") == []


def test_listeners_hear_each_change_once(vocab):
    heard = []
    vocab.add_listener(heard.append)
    vocab.add(NEKO)
    vocab.set_statuses([NEKO, OCHIIRU], Status.LEARNING_4)
    vocab.remove([NEKO, OCHIIRU])
    assert heard == [frozenset({NEKO}), frozenset({NEKO, OCHIIRU}), frozenset({NEKO, OCHIIRU})]


def test_a_second_window_sees_the_first_ones_changes_on_refresh(store, tmp_path):
    first = StoredVocabulary(store)
    with open_store(tmp_path) as other_store:
        second = StoredVocabulary(other_store)
        heard = []
        second.add_listener(heard.append)
        first.set_status(NEKO, Status.LEARNING_3)
        assert second.status(NEKO) is Status.NONE  # not yet: it answers from memory
        assert second.refresh() == frozenset({NEKO})
        assert second.status(NEKO) is Status.LEARNING_3 and heard == [frozenset({NEKO})]
        assert second.refresh() == frozenset()  # nothing new


def test_words_filtered_by_status_document_and_time(vocab):
    vocab.add(NEKO, context=Context("猫。", "doc"))
    vocab.set_status(OCHIIRU, Status.IGNORED)
    assert [w.key for w in vocab.words([Status.NEW])] == [NEKO]
    assert [w.key for w in vocab.words(document_id="doc")] == [NEKO]
    assert {w.key for w in vocab.words()} == {NEKO, OCHIIRU}
    with_contexts = vocab.words([Status.NEW], with_contexts=True)
    assert with_contexts[0].contexts[0].sentence == "猫。"
    assert vocab.words(changed_since="2999-01-01T00:00:00Z") == []


def test_awkward_text_survives(vocab):
    key = WordKey("\"引用\"、<b>&amp;", "いんよう\t\n")
    vocab.add(key, gloss="a, \"quoted\"; <tag> & tab\t", context=Context("改行\nと,カンマ", None))
    vocab.set_notes(key, "'single' \"double\" \\ back")
    word = StoredVocabulary(vocab.store).word(key)
    assert word.key == key and word.gloss == "a, \"quoted\"; <tag> & tab\t"
    assert word.notes == "'single' \"double\" \\ back" and word.contexts[0].sentence == "改行\nと,カンマ"


def test_undo_of_a_status_keeps_what_happened_to_the_word_since(vocab):
    vocab.add(NEKO, context=Context("猫がいる。", "doc"))
    change = vocab.set_status(NEKO, Status.LEARNING_3)
    vocab.record_lookup(NEKO, "猫", "doc", 5, 0, "また猫だ。")  # looked up after the status was set
    vocab.set_notes(NEKO, "よく見る")
    redo = vocab.undo(change)
    word = vocab.word(NEKO)
    assert word.status is Status.NEW
    assert word.lookups == 1 and [c.sentence for c in word.contexts] == ["猫がいる。", "また猫だ。"]
    assert word.notes == "よく見る"
    vocab.undo(redo)
    assert vocab.word(NEKO).status is Status.LEARNING_3 and vocab.word(NEKO).lookups == 1


def test_a_change_reads_the_word_under_the_write_lock(vocab, tmp_path):
    """Another window saves the word between this one's last look and its write: no error, nothing lost."""
    with open_store(tmp_path) as other_store:
        other = StoredVocabulary(other_store)
        assert vocab.status(NEKO) is Status.NONE
        other.add(NEKO, gloss="cat", context=Context("猫がいる。", "doc"))
        change = vocab.add(NEKO, context=Context("猫だ。", "doc"))  # this window still thinks it unsaved
        word = vocab.word(NEKO)
        assert word.gloss == "cat" and len(word.contexts) == 2
        assert change.before[NEKO] is not None  # undo knows the word was there before
        vocab.undo(change)
        assert vocab.word(NEKO) is not None
