"""Reading progress: the active-time clock, positions and the furthest point, the daily log, coverage."""

from __future__ import annotations

from datetime import date

import pytest

from app.core import documents
from app.core.analysed import AnalysedDocument
from app.core.analysis import analyze
from app.core.progress import (
    IDLE_SECONDS, READING_RATE, CharCounter, Library, ReadingClock, ReadingSession, coverage, word_counts,
)
from app.core.store import local_day, open_store
from app.core.vocabulary import StoredVocabulary, Vocabulary
from app.core.words import Status, WordKey


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_counts_only_active_time_with_recent_input():
    t = FakeClock()
    clock = ReadingClock(t)
    t.now += 50  # window not active yet
    assert clock.take() == 0
    clock.set_active(True)
    t.now += 30
    clock.touch()
    t.now += 20
    assert clock.take() == pytest.approx(50)
    t.now += 200  # the reader went away: only the first minute after the last input counts
    assert clock.take() == pytest.approx(IDLE_SECONDS - 20)
    clock.touch()
    t.now += 10
    clock.set_active(False)  # another window took the focus
    t.now += 100
    assert clock.take() == pytest.approx(10)
    assert not clock.running


def test_chars_are_counted_as_reading_trackers_count_them():
    counter = CharCounter(["「吾輩は猫である。」", "名前はまだ無い。 ABC"])
    assert counter.total == 7 + 7  # 吾輩は猫である, 名前はまだ無い
    assert counter.before(0, 0) == 0
    assert counter.before(0, 3) == 2  # 「 does not count
    assert counter.before(1, 0) == 7
    assert counter.before(1, len("名前はまだ無い。 ABC")) == 14
    assert counter.position_of(7) == (1, 0)
    assert counter.before(*counter.position_of(10)) == 10


@pytest.fixture
def library(tmp_path):
    with open_store(tmp_path) as store:
        lib = Library(store)
        lib.open_document("doc", "こころ", "夏目漱石", "/books/kokoro.txt", char_count=1000, paragraph_count=50)
        yield lib


def test_the_furthest_point_only_moves_forward_and_feeds_the_daily_log(library):
    assert library.save_position("doc", 5, 0, 300) == 300
    assert library.save_position("doc", 2, 0, 100) == 0  # going back reads nothing new
    p = library.progress("doc")
    assert (p.paragraph, p.offset) == (2, 0) and (p.furthest_paragraph, p.chars_read) == (5, 300)
    assert library.save_position("doc", 6, 4, 350) == 50
    assert library.progress("doc").percent == pytest.approx(35.0)
    today = library.daily(1)[0]
    assert today[0] == local_day() and today[1] == 350


def test_speed_and_time_left(library):
    library.save_position("doc", 10, 0, 500)
    library.add_time("doc", 1800)  # 500 characters in half an hour
    p = library.progress("doc")
    assert p.speed == pytest.approx(1000)
    assert p.seconds_left == pytest.approx(1800)


def test_a_session_writes_time_every_ten_seconds_and_positions_when_they_move(library):
    t = FakeClock()
    session = ReadingSession(library, "doc", clock=t)
    session.set_active(True)
    for _ in range(9):
        t.now += 1
        session.touch()
        session.tick()
    assert library.progress("doc").seconds == 0  # not yet ten seconds
    t.now += 1
    session.tick()
    assert library.progress("doc").seconds == pytest.approx(10)
    session.move_to(3, 7, 120)
    session.tick()
    assert (library.progress("doc").paragraph, library.progress("doc").offset) == (3, 7)
    t.now += 4
    session.flush()
    assert library.progress("doc").seconds == pytest.approx(14)


def test_daily_log_streak_and_overview(library):
    store = library.store
    with store.write() as conn:
        conn.executemany("INSERT INTO reading_log (day, chars, seconds) VALUES (?, ?, ?)", [
            ("2026-11-28", 400, 600), ("2026-11-29", 0, 10), ("2026-11-30", 800, 1200), ("2026-12-01", 200, 300)])
    today = date(2026, 12, 2)
    days = library.daily(30, today)
    assert len(days) == 30 and days[-1] == ("2026-12-02", 0, 0.0) and days[-2] == ("2026-12-01", 200, 300.0)
    assert library.streak(today) == 2  # 30 Nov and 1 Dec; the 29th had ten seconds and no text
    assert library.streak(date(2026, 12, 4)) == 0
    vocab = StoredVocabulary(store)
    vocab.set_statuses([WordKey("a", "a"), WordKey("b", "b")], Status.KNOWN)
    vocab.add(WordKey("c", "c"))
    view = library.overview(date.today())
    assert view.by_status == {Status.KNOWN: 2, Status.NEW: 1}
    assert view.added_today == 3 and view.added_this_week == 3
    assert view.documents == 1


def test_titles_the_reader_gives_replace_the_found_one(library):
    assert library.document("doc").display_title == "こころ"
    library.set_title("doc", "先生と私")
    assert library.document("doc").display_title == "先生と私"
    library.set_title("doc", "  ")
    assert library.document("doc").display_title == "こころ"


def test_opening_again_keeps_progress_and_updates_the_path(library):
    library.save_position("doc", 4, 0, 200)
    library.open_document("doc", "こころ", "夏目漱石", "/elsewhere/kokoro.txt", char_count=1000)
    assert library.document("doc").path == "/elsewhere/kokoro.txt"
    assert library.progress("doc").chars_read == 200


def test_finishing_and_undoing_it(library):
    before = library.set_finished("doc")
    assert before is None and library.progress("doc").finished
    library.restore_finished("doc", before)
    assert library.progress("doc").finished is None


def test_coverage_of_a_small_text_checked_by_hand():
    doc = documents.from_text("猫が猫を見た。犬は見なかった。")
    a = AnalysedDocument(doc)
    a.set_tokens(0, analyze(doc.paragraphs[0]))
    # 猫 が 猫 を 見 た 。 犬 は 見 なかっ た 。: 11 words (。 is not one), 8 distinct
    counts = word_counts(w.key for _, w in a.iter_words())
    assert sum(counts.values()) == 11 and len(counts) == 8
    vocab = Vocabulary({WordKey("猫", "ねこ"): Status.KNOWN, WordKey("見る", "みる"): Status.LEARNING_3,
                        WordKey("が", "が"): Status.IGNORED})
    cov = coverage(counts, vocab.status)
    assert (cov.known, cov.learning, cov.new) == (3, 2, 6)  # 猫 ×2 and が; 見 ×2; the rest
    assert cov.new_words == 5  # を た 犬 は ない
    assert cov.summary() == "27% known, 18% learning, 5 new words"


def test_a_jump_is_not_reading(library):
    """Ctrl+End a second after opening moves the place, not the characters read or the daily log."""
    t = FakeClock()
    session = ReadingSession(library, "doc", clock=t)
    session.set_active(True)
    t.now += 1
    session.touch()
    session.move_to(49, 10, 990)  # the end of a 1,000-character text
    session.tick()
    p = library.progress("doc")
    assert (p.paragraph, p.furthest_paragraph) == (49, 49)
    assert p.chars_read <= 1 * READING_RATE and library.daily(1)[0][1] == p.chars_read
    for _ in range(30):  # half a minute of reading from there earns characters again
        t.now += 1
        session.touch()
        session.move_to(49, 12, 1000)
        session.tick()
    assert library.progress("doc").chars_read == 1 * READING_RATE + 30 * READING_RATE  # the time, not the jump
