"""The rules for verbs read by their dictionary form, in any of their forms (開く, 極める, 止める ...): see
grammar.py.

A verb with two readings is often two verbs, one that takes an object and
one that does not (戸を開く ひらく, 戸が開く あく), or one that takes に or と
(事に極める, "decide": きめる) and one that takes を (頂点を極める: きわめる).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .grammar_words import _NEGATIVE

if TYPE_CHECKING:
    from .grammar import Around

_VOICE_AUXILIARIES = frozenset({"れる", "られる", "せる", "させる"})
_OPENS_OUT = frozenset({"花", "蕾", "つぼみ", "差", "傘", "道", "路", "運", "未来", "展望", "心", "悟り"})
_DECISIONS = frozenset({"日", "日取り", "日取", "日限", "期日", "覚悟", "腹", "方針", "役", "役割", "順序", "値段",
                        "相場"})
_PLEASE = frozenset({"くれる", "くださる", "下さる", "おく", "呉れる", "ちょうだい", "頂戴"})


def _auxiliary_after(a: Around, i: int, lemmas: frozenset[str]) -> bool:
    n = i + 1
    return n < len(a.tokens) and a.tokens[n].pos == "助動詞" and a.tokens[n].lemma in lemmas


def _opens_by_itself(a: Around, i: int, k: int) -> bool:
    """開く with nothing opened (戸が開いた, 開いている隙間): あく. With an object, passive or causative, ひらく."""
    if a.has_object(i) or _auxiliary_after(a, i, _VOICE_AUXILIARIES):
        return False  # 口を開く, 会が開かれる
    return not any(t.lemma in _OPENS_OUT for t in a.clause_before(i))  # 花が開く, 差が開く


def _opens_out(a: Around, i: int, k: int) -> bool:
    """開ける with a subject (路が開けた, 視界が開ける): ひらける. With an object, passive or potential, あける."""
    if k < 0 or a.tokens[k].surface != "が" or a.tokens[k].pos != "助詞":
        return False
    return not a.has_object(i) and not _auxiliary_after(a, i, _VOICE_AUXILIARIES)


def _to(a: Around, k: int) -> bool:
    """Is tokens[k] the particle に or と (とも) that marks what is decided or certain?"""
    while k >= 0 and a.tokens[k].pos == "副詞":  # と、すぐ極めた
        k = a.before(k)
    if k < 0 or a.tokens[k].pos not in ("助詞", "接尾辞") or a.tokens[k].surface not in ("に", "と", "とも"):
        return False
    m = a.before(k)
    return m < 0 or a.tokens[m].surface not in ("ここ", "そこ", "此処", "其処")  # 進退ここに極まる


def _decided(a: Around, i: int, k: int) -> bool:
    """極める after に or と (行く事に極めた, 起らぬと極める), or with a day or a plan as its object: きめる."""
    if _to(a, k):
        return True
    tokens = a.tokens
    if k < 0 or tokens[k].surface != "を":
        return False
    m = a.before(k)
    return m >= 0 and tokens[m].lemma in _DECISIONS


def _settled(a: Around, i: int, k: int) -> bool:
    """極まる after に or と, or as a state (極まっている): きまる, "is sure to"; 失礼極まる stays きわまる."""
    if _to(a, k):
        return True
    tokens = a.tokens
    if k >= 0 and tokens[k].pos in ("名詞", "形状詞"):
        return False
    n = a.after(i)
    m = a.after(n) if n >= 0 else -1
    return n >= 0 and tokens[n].surface == "て" and m >= 0 and tokens[m].lemma in ("いる", "居る")


def _comes_tight(a: Around, i: int, k: int) -> bool:
    """詰る with no one rebuked (詰らない, 詰るところ, 日が詰って): つまる; なじる takes an object or words said
    (彼を詰る, 同じ事ではないかと詰った)."""
    return not any(t.pos == "助詞" and t.surface in ("を", "と") for t in a.clause_before(i))


def _needless(a: Around, i: int, k: int) -> bool:
    """入らぬ (入らない, 入らざる) before a noun and after nothing entered into: いらぬ, "needless"."""
    tokens = a.tokens
    if not _auxiliary_after(a, i, _NEGATIVE | {"ざる"}) or (k >= 0 and tokens[k].surface in ("に", "へ", "から")):
        return False
    n = a.after(i + 1)
    return n >= 0 and tokens[n].pos == "名詞"


def _leave_off(a: Around, i: int, k: int) -> bool:
    """止める with nothing stopped, as a wish or a request (もう止めよう, 止めてくれ): やめる."""
    if a.has_object(i):
        return False  # 足を止めよう
    t = a.tokens[i]
    if t.conj_form == "意志推量形":
        return True
    n = a.after(i)
    if n < 0:
        return False
    nxt = a.tokens[n]
    if nxt.lemma == "ます":
        return nxt.conj_form == "意志推量形"
    m = a.after(n)
    return nxt.surface == "て" and m >= 0 and a.tokens[m].lemma in _PLEASE and a.in_speech(i)
