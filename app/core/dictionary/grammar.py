"""Readings the grammar around a word decides.

A few common words have two readings that are two words, and the words
around them tell which: 外 after より is ほか ("other than"), never そと
("outside"). MeCab looks only at each word's immediate neighbours' classes
and reads them one way everywhere; these rules read the neighbours
themselves. Each is a rule of Japanese grammar, true of any text, and each
changes only the analyser's usual reading (the other way round it trusts
the analyser):

* **外** is ほか in 外ならない; after より (より外に, より外はない); after a
  demonstrative in その外にも, or when a negative or 仕方 (方法, 手, 途, 道)
  follows in the sentence (その外には何も聞こえない); after a plain verb in the
  same way (思い出す外に何もない, ただ黙っている外はない). It stays そと before a
  verb of going out (門より外に出た, その外に出てはいけない), after an
  adjective or a past (暗い外に, 開けた外には), and elsewhere (家の外で).
* **風** is ふう ("manner") after a form of 言う (といった風に, そういう風な)
  or after こんな, そんな, あんな, どんな, except where it blows (どんな風が吹いても)
  or is a subject, an object or the owner of what follows (こんな風の日).
* **得る** right after a verb's continuative form is うる, "can" (愛し得る);
  anywhere else it is える, "to get" (地位を得る, 知識を得る), whichever the
  analyser said.
* **頃** right after a noun, a time or a number is the suffix ごろ (十時頃,
  九月頃, 昼頃).
* **質** right after a verb (or ない) and before the copula is たち, a
  person's nature (人を困らす質だ, いられない質でした), unless the clause has a
  subject with が (顧客が求める質だ: the quality sought); elsewhere しつ.
* **例** in the idiom for "has never happened" is ためし: a past or negative
  verb, 例, が/は/も and at once ない or ある with a negative (変った例がない,
  宅を空けた例はまだなかった, 例のない); elsewhere (述べた例は正しくない,
  例の男) it is れい.
* **良い** (好い, 善い) in dialogue, inside 「」 (a quote carried over from
  the paragraph before included), in its plain or attributive form, is いい,
  the form that is spoken (「それが好いでしょう」); in narration, in a title in
  『』, after より (より良い) and in 良いお年を it stays よい, and its other forms
  are よ- in speech too (良かった). It is still the same word, saved as 良い
  よい.
"""

from __future__ import annotations

from typing import Callable, Sequence

__all__ = ["READ_AFTER", "Around"]

_DEMONSTRATIVES = frozenset({"この", "その", "あの", "どの", "此の", "其の", "彼の"})
_OF_THIS_KIND = frozenset({"こんな", "そんな", "あんな", "どんな"})
_OTHER_THAN_BEFORE = frozenset({"に", "は", "ない", "無い"})
_NO_OTHER_WAY = frozenset({"仕方", "方法", "手", "途", "道", "術", "しかた"})
_GOING_OUT = frozenset({"出る", "出す", "行く", "逃げる", "飛び出す", "はみ出す", "出掛ける", "出かける",
                        "追い出す", "放り出す", "立つ"})
_PLAIN_AUXILIARIES = frozenset({"ない", "ぬ", "ず", "れる", "られる", "せる", "させる", "ます"})
_SAY = frozenset({"言う", "いう", "云う"})
_BLOW = frozenset({"吹く", "吹き回し"})
_NEGATIVE = frozenset({"ない", "無い", "ぬ", "ず", "ん"})
_NOUNS = frozenset({"名詞", "接尾辞", "代名詞"})
_COPULA = frozenset({"だ", "です", "である"})
_SENTENCE_END = frozenset({"。", "！", "？", "!", "?", "」", "』"})
_REACH = 4  # how many tokens back or ahead a rule looks for the next word (spaces skipped)
_CLAUSE = 10  # how many words ahead a rule looks for a negative, at most to the end of the sentence


class Around:
    """One paragraph's tokens as the rules read them; what takes a pass over the paragraph is made once."""

    def __init__(self, tokens: Sequence) -> None:
        self.tokens = tokens
        self._speech: list[bool] | None = None

    def reads_otherwise(self, i: int) -> bool:
        """Do the words around tokens[i] (a word of READ_AFTER, read the analyser's way) mean its other reading?"""
        t = self.tokens[i]
        return READ_AFTER[(t.surface, t.reading)][2](self, i, self.before(i))

    # -- the words around ------------------------------------------------------------

    def before(self, i: int) -> int:
        """The index of the word before tokens[i], or -1 (a space is skipped; punctuation is not a word)."""
        return self._next_word(i, -1)

    def after(self, i: int) -> int:
        """The index of the word after tokens[i], or -1."""
        return self._next_word(i, 1)

    def _next_word(self, i: int, step: int) -> int:
        tokens = self.tokens
        for k in range(i + step, i + step * _REACH, step):
            if not 0 <= k < len(tokens):
                break
            if tokens[k].is_word:
                return k
            if tokens[k].pos != "空白":
                return -1
        return -1

    def sentence_after(self, i: int) -> list:
        """The words after tokens[i] up to the end of its sentence (at most _CLAUSE)."""
        out = []
        tokens = self.tokens
        for k in range(i + 1, len(tokens)):
            t = tokens[k]
            if t.surface in _SENTENCE_END or len(out) >= _CLAUSE:
                break
            if t.is_word:
                out.append(t)
        return out

    def in_speech(self, i: int) -> bool:
        """Is tokens[i] inside 「」, or before a 」 the paragraph never opened (a quote carried over)?"""
        if self._speech is None:
            self._speech = _speech(self.tokens)
        return self._speech[i]


def _speech(tokens: Sequence) -> list[bool]:
    out = [False] * len(tokens)
    stack: list[str] = []
    carried = 0  # tokens from here to the next unopened 」 may be a quote carried over
    for j, t in enumerate(tokens):
        s = t.surface
        if s in ("「", "『"):
            stack.append(s)
        elif s == "」":
            if "「" in stack:
                while stack.pop() != "「":
                    pass
            elif not stack:
                for k in range(carried, j):
                    out[k] = True
            carried = j + 1
        elif s == "』" and "『" in stack:
            while stack.pop() != "『":
                pass
        out[j] = out[j] or "「" in stack
    return out


def _negative(t) -> bool:
    return t.lemma in _NEGATIVE and t.pos in ("形容詞", "助動詞")


def _going_out_after(a: Around, i: int) -> bool:
    """外に出る, 外へ行く, 外には出ない: the outside one goes to."""
    n = a.after(i)
    if n < 0 or a.tokens[n].surface not in ("に", "へ"):
        return False
    m = a.after(n)
    if m >= 0 and a.tokens[m].surface == "は":
        m = a.after(m)
    return m >= 0 and a.tokens[m].pos == "動詞" and a.tokens[m].lemma in _GOING_OUT


def _no_other(a: Around, i: int) -> bool:
    return any(_negative(t) or t.lemma in _NO_OTHER_WAY for t in a.sentence_after(i))


def _other_than(a: Around, i: int, k: int) -> bool:
    tokens = a.tokens
    n = a.after(i)
    if n < 0:
        return False
    nxt = tokens[n]
    if nxt.surface == "なら":  # 外ならない: nothing but (外なら涼しい: if outside)
        m = a.after(n)
        return m >= 0 and _negative(tokens[m])
    if k < 0 or nxt.surface not in _OTHER_THAN_BEFORE or _going_out_after(a, i):
        return False
    prev = tokens[k]
    if prev.surface == "より" and prev.pos == "助詞":
        return True
    if prev.pos == "連体詞" and prev.surface in _DEMONSTRATIVES:
        m = a.after(n)
        return (nxt.surface == "に" and m >= 0 and tokens[m].surface == "も") or _no_other(a, i)
    plain = prev.pos == "動詞" or (prev.pos == "助動詞" and prev.lemma in _PLAIN_AUXILIARIES)
    return plain and prev.conj_form.startswith("連体形") and _no_other(a, i)


def _manner(a: Around, i: int, k: int) -> bool:
    tokens = a.tokens
    if any(t.lemma in _BLOW for t in a.sentence_after(i)):
        return False  # どんな風が吹いても: the wind
    if k >= 0 and tokens[k].surface in _OF_THIS_KIND:
        n = a.after(i)
        return n < 0 or tokens[n].surface not in ("が", "を", "の")  # こんな風の日, あんな風を受けたら
    if k >= 0 and tokens[k].pos == "助動詞" and tokens[k].lemma == "た":  # といった風: the past of 言う
        k = a.before(k)
    return k >= 0 and tokens[k].pos == "動詞" and tokens[k].lemma in _SAY


def _can(a: Around, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and a.tokens[k].pos == "動詞" and a.tokens[k].conj_form.startswith("連用形")


def _to_get(a: Around, i: int, k: int) -> bool:
    return not _can(a, i, k)


def _about_a_time(a: Around, i: int, k: int) -> bool:
    return k == i - 1 >= 0 and a.tokens[k].pos in _NOUNS


def _nature(a: Around, i: int, k: int) -> bool:
    if k != i - 1 or k < 0:
        return False
    prev = a.tokens[k]
    verb = prev.pos == "動詞" or (prev.pos == "助動詞" and prev.lemma == "ない")
    return verb and prev.conj_form.startswith("連体形") and _copula_after(a, i) and not _subject_before(a, k)


def _copula_after(a: Around, i: int) -> bool:
    """Is the word after tokens[i] the copula (だ, です, である; で before は or も: 質ではない, 質でもない)?"""
    n = a.after(i)
    if n < 0:
        return False
    t = a.tokens[n]
    if t.pos == "助動詞" and t.lemma in _COPULA:
        return True
    m = a.after(n)
    return t.surface == "で" and m >= 0 and a.tokens[m].surface in ("は", "も")


def _subject_before(a: Around, k: int) -> bool:
    """Has the clause that ends at tokens[k] a subject of its own (顧客が求める), back to は, も or punctuation?"""
    for j in range(k - 1, max(-1, k - 12), -1):
        t = a.tokens[j]
        if not t.is_word or t.surface in ("は", "も"):
            return False
        if t.surface == "が" and t.pos == "助詞":
            return True
    return False


def _precedent(a: Around, i: int, k: int) -> bool:
    tokens = a.tokens
    if k != i - 1 or k < 0 or not (tokens[k].pos == "助動詞" and tokens[k].lemma in ("た", "ない")):
        return False
    n = a.after(i)
    if n < 0:
        return False
    if tokens[n].surface == "の":  # 成立した例のない: only with the negative right after
        m = a.after(n)
        return m >= 0 and _negative(tokens[m])
    if tokens[n].surface not in ("が", "は", "も"):
        return False
    m = a.after(n)
    while m >= 0 and tokens[m].pos == "副詞":  # まだ, ほとんど, かつて
        m = a.after(m)
    if m < 0:
        return False
    t = tokens[m]
    if t.pos == "形容詞" and t.lemma in ("ない", "無い"):
        return True
    return t.pos == "動詞" and t.lemma in ("ある", "有る") and any(_negative(x) for x in tokens[m + 1:m + 4])


def _spoken(a: Around, i: int, k: int) -> bool:
    """In dialogue, in its plain or attributive form: いい, as it is said."""
    tokens = a.tokens
    if not tokens[i].conj_form.startswith(("終止形", "連体形")):
        return False
    if k >= 0 and tokens[k].surface == "より":
        return False  # より良い
    n = a.after(i)
    m = a.after(n) if n >= 0 else -1
    if n >= 0 and tokens[n].surface == "お" and m >= 0 and tokens[m].surface == "年":
        return False  # 良いお年を
    return a.in_speech(i)


Rule = Callable[[Around, int, int], bool]

# (surface, the analyser's reading) -> (its part of speech, the other reading, when the other is meant)
READ_AFTER: dict[tuple[str, str], tuple[str, str, Rule]] = {
    ("外", "そと"): ("名詞", "ほか", _other_than),
    ("風", "かぜ"): ("名詞", "ふう", _manner),
    ("得る", "える"): ("動詞", "うる", _can),
    ("得る", "うる"): ("動詞", "える", _to_get),
    ("頃", "ころ"): ("名詞", "ごろ", _about_a_time),
    ("質", "しつ"): ("名詞", "たち", _nature),
    ("例", "れい"): ("名詞", "ためし", _precedent),
    ("良い", "よい"): ("形容詞", "いい", _spoken),
    ("好い", "よい"): ("形容詞", "いい", _spoken),
    ("善い", "よい"): ("形容詞", "いい", _spoken),
}
