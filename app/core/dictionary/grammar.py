"""Readings the grammar around a word decides.

A few common words have two readings that are two words, and the words
around them tell which: 外 after より is ほか ("other than"), never そと
("outside"). MeCab looks only at each word's immediate neighbours' classes
and reads them one way everywhere; these rules read the neighbours
themselves. Each is a rule of Japanese grammar, true of any text:

* **外** is ほか in 外ならない, and before に, は or ない after より or a
  demonstrative (より外に, この外にも, その外には); after a verb too, when a
  negative or 仕方 (方法, 手, 途, 道) follows in the clause (思い出す外に何も
  ない, ただ黙っている外はない). Elsewhere (外に出た, 家の外で, 暗い外に,
  門より外へ, 外なら涼しい) it stays そと.
* **風** is ふう ("manner") after a form of 言う (といった風に, そういう風な)
  or after こんな, そんな, あんな, どんな.
* **得る** right after a verb's continuative form is うる, "can" (愛し得る);
  anywhere else it is える, "to get" (地位を得る, 知識を得る), whichever the
  analyser said.
* **頃** right after a noun, a time or a number is the suffix ごろ (十時頃,
  九月頃, 昼頃); after の, a demonstrative or a verb it is ころ (子供の頃,
  その頃, 若い頃).
* **質** right after a verb (or ない) and before the copula is たち, a
  person's nature (考える質だ, いられない質で); elsewhere it is しつ, quality
  (高い質, 変わらない質を保つ).
* **例** after a past or negative verb, followed by が, は or も and then a
  negative (or の and a negative at once), is ためし, "an instance": 変った
  例がない, the idiom for "has never happened"; elsewhere (例を挙げる, 述べた
  例, 昨日見た例の男) it is れい.
* **中** after a negative, before に, is うち: 知らない中に, "before one
  knew"; elsewhere it stays なか (箱の中に, 雨の降っている中に).
* **良い** (好い, 善い) in dialogue, in its plain or attributive form, is いい,
  the form that is spoken (「それが好いでしょう」); in narration it stays よい,
  and its other forms are よ- in speech too (良かった, 良くない). It is still
  the same word, saved as 良い よい.
"""

from __future__ import annotations

from typing import Callable, Sequence

__all__ = ["READ_AFTER", "reads_otherwise"]

_DEMONSTRATIVES = frozenset({"この", "その", "あの", "どの", "此の", "其の", "彼の"})
_OF_THIS_KIND = frozenset({"こんな", "そんな", "あんな", "どんな"})
_OTHER_THAN_BEFORE = frozenset({"に", "は", "ない", "無い"})
_NO_OTHER_WAY = frozenset({"仕方", "方法", "手", "途", "道", "術", "しかた"})
_SAY = frozenset({"言う", "いう", "云う"})
_NEGATIVE = frozenset({"ない", "無い", "ぬ", "ず", "ん"})
_NOUNS = frozenset({"名詞", "接尾辞", "代名詞"})
_COPULA = frozenset({"だ", "です", "である"})
_REACH = 4  # how many tokens back or ahead a rule looks for the next word (spaces skipped)
_CLAUSE = 10  # how many words ahead a rule looks for a negative, at most to the end of the sentence


def _word_before(tokens: Sequence, i: int) -> int:
    """The index of the word before tokens[i], or -1 (a space is skipped; punctuation is not a word)."""
    for k in range(i - 1, max(-1, i - _REACH), -1):
        if tokens[k].is_word:
            return k
        if tokens[k].pos != "空白":
            return -1
    return -1


def _word_after(tokens: Sequence, i: int) -> int:
    """The index of the word after tokens[i], or -1."""
    for k in range(i + 1, min(len(tokens), i + _REACH)):
        if tokens[k].is_word:
            return k
        if tokens[k].pos != "空白":
            return -1
    return -1


def _negative(t) -> bool:
    return t.lemma in _NEGATIVE and t.pos in ("形容詞", "助動詞")


def _clause_after(tokens: Sequence, i: int) -> list:
    """The words after tokens[i] up to the end of its sentence (at most _CLAUSE)."""
    out = []
    for t in tokens[i + 1:]:
        if t.surface in ("。", "！", "？", "」", "!", "?") or len(out) >= _CLAUSE:
            break
        if t.is_word:
            out.append(t)
    return out


def _other_than(tokens: Sequence, i: int, k: int) -> bool:
    n = _word_after(tokens, i)
    nxt = tokens[n] if n >= 0 else None
    if nxt is None:
        return False
    if nxt.surface == "なら":  # 外ならない: nothing but (外なら涼しい: if outside)
        m = _word_after(tokens, n)
        return m >= 0 and _negative(tokens[m])
    if k < 0 or nxt.surface not in _OTHER_THAN_BEFORE:
        return False
    prev = tokens[k]
    if (prev.surface == "より" and prev.pos == "助詞") or (prev.pos == "連体詞" and prev.surface in _DEMONSTRATIVES):
        return True
    if prev.pos in ("動詞", "助動詞") and prev.conj_form.startswith("連体形"):
        return any(_negative(t) or t.lemma in _NO_OTHER_WAY for t in _clause_after(tokens, i))
    return False


def _manner(tokens: Sequence, i: int, k: int) -> bool:
    if k >= 0 and tokens[k].surface in _OF_THIS_KIND:
        return True
    if k >= 0 and tokens[k].pos == "助動詞" and tokens[k].lemma == "た":  # といった風: the past of 言う
        k = _word_before(tokens, k)
    return k >= 0 and tokens[k].pos == "動詞" and tokens[k].lemma in _SAY


def _can(tokens: Sequence, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and tokens[k].pos == "動詞" and tokens[k].conj_form.startswith("連用形")


def _to_get(tokens: Sequence, i: int, k: int) -> bool:
    return not _can(tokens, i, k)


def _about_a_time(tokens: Sequence, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and tokens[k].pos in _NOUNS


def _nature(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0:
        return False
    prev = tokens[k]
    verb = prev.pos == "動詞" or (prev.pos == "助動詞" and prev.lemma == "ない")
    return verb and prev.conj_form.startswith("連体形") and _copula_after(tokens, i)


def _copula_after(tokens: Sequence, i: int) -> bool:
    """Is the word after tokens[i] the copula (だ, です, である; で before は or も: 質ではない, 質でもない)?"""
    n = _word_after(tokens, i)
    if n < 0:
        return False
    t = tokens[n]
    if t.pos == "助動詞" and t.lemma in _COPULA:
        return True
    m = _word_after(tokens, n)
    return t.surface == "で" and m >= 0 and tokens[m].surface in ("は", "も")


def _precedent(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0 or not (tokens[k].pos == "助動詞" and tokens[k].lemma in ("た", "ない")):
        return False
    n = _word_after(tokens, i)
    if n < 0:
        return False
    if tokens[n].surface == "の":  # 成立した例のない: only with the negative right after
        m = _word_after(tokens, n)
        return m >= 0 and _negative(tokens[m])
    return tokens[n].surface in ("が", "は", "も") and any(_negative(t) for t in _clause_after(tokens, n))


def _before_one_knew(tokens: Sequence, i: int, k: int) -> bool:
    if k != i - 1 or k < 0 or not _negative(tokens[k]) or not tokens[k].conj_form.startswith("連体形"):
        return False
    n = _word_after(tokens, i)
    return n >= 0 and tokens[n].surface == "に"


def _spoken(tokens: Sequence, i: int, k: int) -> bool:
    """In dialogue (after a 「 or 『 not yet closed), in its plain or attributive form: いい, as it is said."""
    if not tokens[i].conj_form.startswith(("終止形", "連体形")):
        return False
    for j in range(i - 1, -1, -1):
        s = tokens[j].surface
        if s in ("「", "『"):
            return True
        if s in ("」", "』"):
            return False
    return False


# (surface, the analyser's reading) -> (its part of speech, the other reading, when the other is meant)
READ_AFTER: dict[tuple[str, str], tuple[str, str, Callable[[Sequence, int, int], bool]]] = {
    ("外", "そと"): ("名詞", "ほか", _other_than),
    ("風", "かぜ"): ("名詞", "ふう", _manner),
    ("得る", "える"): ("動詞", "うる", _can),
    ("得る", "うる"): ("動詞", "える", _to_get),
    ("頃", "ころ"): ("名詞", "ごろ", _about_a_time),
    ("質", "しつ"): ("名詞", "たち", _nature),
    ("例", "れい"): ("名詞", "ためし", _precedent),
    ("中", "なか"): ("名詞", "うち", _before_one_knew),
    ("良い", "よい"): ("形容詞", "いい", _spoken),
    ("好い", "よい"): ("形容詞", "いい", _spoken),
    ("善い", "よい"): ("形容詞", "いい", _spoken),
}


def reads_otherwise(tokens: Sequence, i: int) -> bool:
    """Do the words around tokens[i] (a word of READ_AFTER, read the analyser's way) mean its other reading?"""
    t = tokens[i]
    return READ_AFTER[(t.surface, t.reading)][2](tokens, i, _word_before(tokens, i))
