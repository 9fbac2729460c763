"""The word model: what identifies a word, what the reader knows of it, where a reader is.

These types cross every boundary (analysis process, reader, store, export),
so each has exactly one definition, here.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

__all__ = ["WordKey", "Status", "Position", "WordSpan", "Mark", "PLAIN", "UNSAVED", "mark_for"]


class WordKey(NamedTuple):
    """A word as the vocabulary knows it: dictionary form and its reading (hiragana).

    陥った, 陥って and 陥る are all ``WordKey("陥る", "おちいる")``; 辛い read
    からい and 辛い read つらい are two words.
    """

    lemma: str
    reading: str

    def label(self) -> str:
        """陥る【おちいる】, or just the kana when the word is written in kana."""
        if not self.reading or self.reading == self.lemma:
            return self.lemma
        return f"{self.lemma}【{self.reading}】"


class Status(IntEnum):
    """How well the reader knows a word, as LWT and Lute count it.

    NONE: never saved. 1-5: learning (1 = new, 5 = learned). KNOWN: well
    known. IGNORED: not worth learning (names, typos, foreign words). The
    numbers 98 and 99 are LWT's own, so exports line up with theirs.
    """

    NONE = 0
    NEW = 1
    LEARNING_2 = 2
    LEARNING_3 = 3
    LEARNING_4 = 4
    LEARNED = 5
    IGNORED = 98
    KNOWN = 99

    @property
    def is_learning(self) -> bool:
        return 1 <= self.value <= 5

    @property
    def is_saved(self) -> bool:
        return self is not Status.NONE

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def code(self) -> str:
        """The short name the command line and files use: 1-5, known, ignored, none."""
        return _CODES[self]

    @classmethod
    def parse(cls, text: "str | int | Status") -> "Status":
        """'3', 3, 'known', 'w', 'well-known', 'ignored', 'i', 'none', '99' ... -> Status.

        Raises ValueError with a sentence naming what is accepted.
        """
        if isinstance(text, Status):
            return text
        if isinstance(text, int) and not isinstance(text, bool):  # True is not status 1
            try:
                return cls(text)
            except ValueError:
                pass
        else:
            key = str(text).strip().lower().replace("_", "-").replace(" ", "-")
            if key in _ALIASES:
                return _ALIASES[key]
        raise ValueError(f"{text!r} is not a status: use 1-5, known, ignored or none")


_LABELS = {
    Status.NONE: "not saved", Status.NEW: "1 new", Status.LEARNING_2: "2 learning",
    Status.LEARNING_3: "3 learning", Status.LEARNING_4: "4 learning", Status.LEARNED: "5 learned",
    Status.IGNORED: "ignored", Status.KNOWN: "known",
}
_CODES = {s: (str(s.value) if s.is_learning else s.name.lower()) for s in Status}
_ALIASES: dict[str, Status] = {
    **{str(i): Status(i) for i in range(1, 6)},
    "0": Status.NONE, "none": Status.NONE, "remove": Status.NONE, "unsaved": Status.NONE,
    "new": Status.NEW, "learned": Status.LEARNED,
    "99": Status.KNOWN, "known": Status.KNOWN, "w": Status.KNOWN, "well-known": Status.KNOWN,
    "wellknown": Status.KNOWN,
    "98": Status.IGNORED, "ignored": Status.IGNORED, "ignore": Status.IGNORED, "i": Status.IGNORED,
}


class Position(NamedTuple):
    """A place in a document that survives re-analysis: paragraph and character offset.

    Token indices change when readings are refined (a compound becomes one
    token); character offsets into a paragraph's text do not.
    """

    document: str
    paragraph: int
    offset: int


class WordSpan(NamedTuple):
    """One word of a paragraph as the vocabulary sees it: tokens first..end-1 (end exclusive).

    Usually one token; a compound the analyser cut in pieces (取締役会 as
    取締 + 役 + 会) is one span over all of them, with one key. *entry_id* is
    the JMdict entry the dictionary resolved the word to, or None.
    """

    first: int
    end: int
    key: WordKey
    entry_id: int | None = None


class Mark(NamedTuple):
    """How the reader marks a word: a learning tint 1-5, the never-saved mark, or plain."""

    tint: int  # 1-5, or 0 for none
    unsaved: bool

    @property
    def plain(self) -> bool:
        return not self.tint and not self.unsaved


PLAIN = Mark(0, False)
UNSAVED = Mark(0, True)
_TINTS = {s: Mark(s.value, False) for s in Status if s.is_learning}


def mark_for(status: Status) -> Mark:
    """The colouring rule learners know from LWT and Lute.

    Learning words get a graded tint, never-saved words a subtle mark, and
    known and ignored words are plain text.
    """
    if status is Status.NONE:
        return UNSAVED
    return _TINTS.get(status, PLAIN)
