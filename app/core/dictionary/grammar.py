"""Readings the grammar around a word decides.

A few common words have two readings that are two words, and the words
around them tell which: 外 after より is ほか ("other than"), never そと
("outside"). MeCab looks only at each word's immediate neighbours' classes
and reads them one way everywhere; these rules read the neighbours
themselves. Each is a rule of Japanese grammar, true of any text:

* **外** is ほか after より, after a demonstrative (この外, その外), before
  ならない (外ならない), and after a clause ending in a verb, adjective or
  auxiliary when に, は or ない follows (思い出す外に, ただ黙っている外はない).
  Elsewhere (外に出た, 家の外で, 見える外の景色) it stays そと.
* **風** is ふう ("manner") after a form of 言う (といった風に, そういう風な).
* **得る** right after a verb's continuative form is うる, "can" (愛し得る);
  after an object it is える, "to get" (地位を得る).
* **頃** right after a noun, a time or a number is the suffix ごろ (十時頃,
  九月頃, 昼頃); after の, a demonstrative or a verb it is ころ (子供の頃,
  その頃, 若い頃).
* **質** right after a verb (or ない) is たち, a person's nature (考える質,
  いられない質); after an adjective or a noun it is しつ, quality (高い質).
* **例** after a past or negative verb, followed by が/は/も/の and then a
  negative, is ためし, "an instance": 変った例がない, the idiom for "has never
  happened"; elsewhere (例を挙げる, 述べた例) it is れい.
* **中** after ている or ない, before に or は, is うち, "while" (待っている中に,
  知らない中に); elsewhere it stays なか (箱の中に, 雨の降る中に).
"""

from __future__ import annotations

from typing import Callable, Sequence

__all__ = ["READ_AFTER", "reads_otherwise"]

_DEMONSTRATIVES = frozenset({"この", "その", "あの", "どの", "此の", "其の", "彼の"})
_ATTRIBUTIVE = frozenset({"動詞", "形容詞", "助動詞"})
_OTHER_THAN_BEFORE = frozenset({"に", "は", "ない", "無い", "なら"})
_SAY = frozenset({"言う", "いう", "云う"})
_NEGATIVE = frozenset({"ない", "無い", "ぬ", "ず", "ん"})
_DURING = frozenset({"いる", "居る", "おる", "ない", "ぬ"})  # している中に, 知らない中に: while
_NOUNS = frozenset({"名詞", "接尾辞", "代名詞"})
_REACH = 4  # how many tokens back or ahead a rule looks (spaces between words skipped)


def _word_before(tokens: Sequence, i: int) -> int:
    """The index of the word before tokens[i], or -1."""
    for k in range(i - 1, max(-1, i - _REACH), -1):
        if tokens[k].is_word:
            return k
    return -1


def _word_after(tokens: Sequence, i: int) -> int:
    """The index of the word after tokens[i], or -1."""
    for k in range(i + 1, min(len(tokens), i + _REACH)):
        if tokens[k].is_word:
            return k
    return -1


def _attributive(t) -> bool:
    return t.pos in _ATTRIBUTIVE and t.conj_form.startswith("連体形")


def _other_than(tokens: Sequence, i: int, k: int) -> bool:
    n = _word_after(tokens, i)
    nxt = tokens[n] if n >= 0 else None
    if nxt is not None and nxt.surface == "なら":
        return True  # 外ならない: nothing but
    if k < 0:
        return False
    prev = tokens[k]
    if prev.surface == "より" and prev.pos == "助詞":
        return True
    if prev.pos == "連体詞" and prev.surface in _DEMONSTRATIVES:
        return True
    return _attributive(prev) and nxt is not None and nxt.surface in _OTHER_THAN_BEFORE


def _manner(tokens: Sequence, i: int, k: int) -> bool:
    if k >= 0 and tokens[k].pos == "助動詞" and tokens[k].lemma == "た":  # といった風: the past of 言う
        k = _word_before(tokens, k)
    return k >= 0 and tokens[k].pos == "動詞" and tokens[k].lemma in _SAY


def _can(tokens: Sequence, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and tokens[k].pos == "動詞" and tokens[k].conj_form.startswith("連用形")


def _about_a_time(tokens: Sequence, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and tokens[k].pos in _NOUNS


def _nature(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0:
        return False
    prev = tokens[k]
    verb = prev.pos == "動詞" or (prev.pos == "助動詞" and prev.lemma == "ない")
    return verb and prev.conj_form.startswith("連体形")


def _precedent(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0 or not (tokens[k].pos == "助動詞" and tokens[k].lemma in ("た", "ない")):
        return False
    n = _word_after(tokens, i)
    if n < 0 or tokens[n].surface not in ("が", "は", "も", "の"):
        return False
    ahead = [t for t in tokens[n + 1:n + 1 + _REACH + 2] if t.is_word]
    return any(t.lemma in _NEGATIVE and t.pos in ("形容詞", "助動詞") for t in ahead)


def _while(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0 or not _attributive(tokens[k]) or tokens[k].lemma not in _DURING:
        return False
    n = _word_after(tokens, i)
    return n >= 0 and tokens[n].surface in ("に", "は")


# surface -> (the analyser's part of speech, its reading, the other reading, when the other is meant)
READ_AFTER: dict[str, tuple[str, str, str, Callable[[Sequence, int, int], bool]]] = {
    "外": ("名詞", "そと", "ほか", _other_than),
    "風": ("名詞", "かぜ", "ふう", _manner),
    "得る": ("動詞", "える", "うる", _can),
    "頃": ("名詞", "ころ", "ごろ", _about_a_time),
    "質": ("名詞", "しつ", "たち", _nature),
    "例": ("名詞", "れい", "ためし", _precedent),
    "中": ("名詞", "なか", "うち", _while),
}


def reads_otherwise(tokens: Sequence, i: int) -> bool:
    """Do the words around tokens[i] (a word of READ_AFTER, read the analyser's way) mean its other reading?"""
    return READ_AFTER[tokens[i].surface][3](tokens, i, _word_before(tokens, i))
