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
  よい. **好い**, the spelling of いい, is いい in narration too (好い天気だ).
* **家** in dialogue is うち, home (「家へ帰ろう」), unless a house is built,
  bought or described (「大きな家を建てた」); in narration it is うち only in
  家へ帰る and 家の者.
* **室** on its own is へや, a room (the analyser's dictionary spells 部屋 so
  too); the cellar after 氷の, 石の stays むろ.
* **後** after a length of time and の is のち (一週間の後).
* **身体** on its own is からだ (身体を拭く), in a compound or a list しんたい.
* **傍** of the onlookers is はた (傍のもの, 傍から見ると).
* **中** of a group one is picked from is うち (三人の中で一番).
* **床** one sleeps in or of the alcove is とこ (床に就く, 床を延べる, 床の中,
  床に花を活ける); the floor stays ゆか.
* **間** as time or a room is ま: いつの間に, 知らない間に, 間が抜ける, 間がない,
  六畳の間, 控えの間.
* **皆な**, the old spelling of みんな, is みん + な; **己** as a speaker's "I"
  (「己はもう駄目だ」) is おれ.
* A verb with two readings that are two verbs (grammar_verbs.py): **開く**
  with nothing opened is あく (戸が開いた, 開いている), with an object, a
  passive or a flower ひらく; **開ける** with a subject is ひらける (路が開けた);
  **極める** after に or と, or with a day as its object, is きめる (行く事に
  極めた), **極まる** so or as a state きまる (死ぬに極まっている); **詰る**
  with no object and no words said is つまる (詰らない); **入らぬ** before a
  noun is いらぬ (入らぬ心配); **止める** with nothing stopped, as a wish or a
  request in dialogue, is やめる (もう止めよう).
"""

from __future__ import annotations

from typing import Callable, Sequence

from .grammar_verbs import _comes_tight, _decided, _leave_off, _needless, _opens_by_itself, _opens_out, _settled
from .grammar_words import (_about_a_time, _after_a_while, _all_of_us, _bed, _can, _home, _i_say, _looking_on,
                            _manner, _nature, _one_of, _other_than, _precedent, _room, _said_ii, _spoken,
                            _the_body, _time_between, _to_get)

__all__ = ["READ_AFTER", "READ_INFLECTED", "Around", "rule_for", "other_form"]

_SENTENCE_END = frozenset({"。", "！", "？", "!", "?", "」", "』"})
_HIRAGANA = "".join(map(chr, range(0x3041, 0x3097)))
_REACH = 4  # how many tokens back or ahead a rule looks for the next word (spaces skipped)
_CLAUSE = 10  # how many words ahead a rule looks for a negative, at most to the end of the sentence


class Around:
    """One paragraph's tokens as the rules read them; what takes a pass over the paragraph is made once."""

    def __init__(self, tokens: Sequence) -> None:
        self.tokens = tokens
        self._speech: list[bool] | None = None

    def reads_otherwise(self, i: int) -> bool:
        """Do the words around tokens[i] (a word with a rule, read the analyser's way) mean its other reading?"""
        return rule_for(self.tokens[i])[2](self, i, self.before(i))

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

    def clause_before(self, i: int) -> list:
        """The words of tokens[i]'s clause before it: back to punctuation or another verb (at most _CLAUSE)."""
        out = []
        tokens = self.tokens
        for k in range(i - 1, max(-1, i - 1 - _CLAUSE), -1):
            t = tokens[k]
            if t.pos == "空白":
                continue
            if not t.is_word or t.pos == "動詞":
                break
            out.append(t)
        return out

    def has_object(self, i: int) -> bool:
        """Has the verb at tokens[i] an object of its own (a を in its clause: 戸を開く, not 戸が開く)?"""
        return any(t.surface == "を" and t.pos == "助詞" for t in self.clause_before(i))

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
    ("好い", "よい"): ("形容詞", "いい", _said_ii),
    ("善い", "よい"): ("形容詞", "いい", _spoken),
    ("床", "ゆか"): ("名詞", "とこ", _bed),
    ("家", "いえ"): ("名詞", "うち", _home),
    ("室", "むろ"): ("名詞", "へや", _room),
    ("身体", "しんたい"): ("名詞", "からだ", _the_body),
    ("傍", "そば"): ("名詞", "はた", _looking_on),
    ("中", "なか"): ("名詞", "うち", _one_of),
    ("皆", "みな"): ("名詞", "みん", _all_of_us),
    ("己", "おのれ"): ("代名詞", "おれ", _i_say),
    ("後", "あと"): ("名詞", "のち", _after_a_while),
    ("間", "あいだ"): ("名詞", "ま", _time_between),
}

# (lemma, the analyser's reading of it) -> (its part of speech, the lemma's other reading, when the other is meant);
# the other reading of an inflected form is its own with the stem changed (開い ひらい: あい)
READ_INFLECTED: dict[tuple[str, str], tuple[str, str, Rule]] = {
    ("開く", "ひらく"): ("動詞", "あく", _opens_by_itself),
    ("開ける", "あける"): ("動詞", "ひらける", _opens_out),
    ("極める", "きわめる"): ("動詞", "きめる", _decided),
    ("極まる", "きわまる"): ("動詞", "きまる", _settled),
    ("詰る", "なじる"): ("動詞", "つまる", _comes_tight),
    ("入る", "はいる"): ("動詞", "いる", _needless),
    ("止める", "とめる"): ("動詞", "やめる", _leave_off),
}


def rule_for(t) -> tuple[str, str, Rule] | None:
    """(part of speech, the token's other reading, when it is meant) for a word the grammar may read otherwise."""
    rule = READ_AFTER.get((t.surface, t.reading))
    if rule is not None:
        return rule
    rule = READ_INFLECTED.get((t.lemma, t.lemma_reading))
    if rule is None:
        return None
    other = other_form(t.lemma, t.lemma_reading, rule[1], t.reading)
    return None if other is None else (rule[0], other, rule[2])


def other_form(lemma: str, reading: str, other: str, form: str) -> str | None:
    """The reading of an inflected *form* (read *form*) of *lemma* when the lemma is read *other*, not *reading*.

    The okurigana that ends the lemma is kept, its stem changed: 極める
    きわめる read きめる makes 極め きわめ きめ; None when the form does not
    start with the stem.
    """
    tail = len(lemma) - len(lemma.rstrip(_HIRAGANA))
    stem, new = (reading[:-tail], other[:-tail]) if tail else (reading, other)
    if not form.startswith(stem):
        return None
    return new + form[len(stem):]
