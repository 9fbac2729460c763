"""Inflection in words a learner understands: 'する, passive, past' for a click on さ of された."""

from __future__ import annotations

from typing import Sequence

from . import deinflect
from .candidates import is_chain, lexeme as lexeme_of
from .model import Match

__all__ = ["explain_inflection"]

_FORM_WORDS = {
    "連用形-促音便": "continuative (te/ta) form",
    "連用形-イ音便": "continuative (te/ta) form",
    "連用形-撥音便": "continuative (te/ta) form",
    "連用形-ウ音便": "continuative (te/ta) form",
    "連用形-一般": "continuative (masu stem)",
    "連用形-融合": "continuative (contracted)",
    "未然形-一般": "irrealis (nai) stem",
    "未然形-サ": "irrealis stem",
    "未然形-セ": "irrealis stem",
    "未然形-撥音便": "irrealis stem",
    "仮定形-一般": "conditional (ba) stem",
    "仮定形-融合": "conditional (contracted)",
    "命令形": "imperative",
    "意志推量形": "volitional",
    "語幹-一般": "stem",
}

_AUX_WORDS = {
    "た": "past", "だ": "past", "ない": "negative", "ぬ": "negative", "ず": "negative", "ん": "negative",
    "ます": "polite", "です": "polite", "れる": "passive", "られる": "passive or potential",
    "せる": "causative", "させる": "causative", "しめる": "causative (literary)",
    "たい": "want to (-tai)", "たがる": "wants to (-tagaru)", "う": "volitional", "よう": "volitional",
    "まい": "negative volitional", "らしい": "apparently (-rashii)", "べし": "should (-beki)",
    "そう": "looks like (-sou)", "ちゃう": "completely, or regrettably (-chau)",
    "じゃう": "completely, or regrettably (-chau)",
}

_AUX_BY_TYPE = {
    "助動詞-ナイ": "negative", "助動詞-ヌ": "negative", "助動詞-マス": "polite",
    "助動詞-レル": "passive", "助動詞-ラレル": "passive or potential", "助動詞-タイ": "want to (-tai)",
    "助動詞-マイ": "negative volitional", "助動詞-ラシイ": "apparently (-rashii)",
    "助動詞-ウ": "volitional", "助動詞-ヨウ": "volitional",
}


def _aux_word(t) -> str | None:
    """What one auxiliary token adds, in words (unidic's conjugation type says which auxiliary it is)."""
    ct, cf = t.conj_type, t.conj_form
    if ct == "助動詞-タ":
        return "conditional (-tara)" if cf.startswith("仮定形") else "past"
    if ct == "助動詞-ダ":  # the copula after a verb: だろう, だった
        return "probably (-darou)" if cf.startswith("意志推量形") else None
    if ct == "助動詞-デス":
        return "probably (polite, -deshou)" if cf.startswith("意志推量形") else "polite"
    if ct == "助動詞-マス" and cf.startswith("意志推量形"):
        return "polite volitional (let's)"
    return _AUX_BY_TYPE.get(ct) or _AUX_WORDS.get(t.lemma or t.surface)


_HELPER_WORDS = {
    "いる": "-te iru (ongoing action or resulting state)",
    "居る": "-te iru (ongoing action or resulting state)",
    "しまう": "-te shimau (completely, or regrettably)",
    "仕舞う": "-te shimau (completely, or regrettably)",
    "おく": "-te oku (in advance)", "置く": "-te oku (in advance)",
    "ある": "-te aru (left in a state)", "有る": "-te aru (left in a state)",
    "くる": "-te kuru (starting, or coming towards now)", "来る": "-te kuru (starting, or coming towards now)",
    "いく": "-te iku (going on, away from now)", "行く": "-te iku (going on, away from now)",
    "みる": "-te miru (try doing)", "見る": "-te miru (try doing)",
    "もらう": "-te morau (have it done for one)", "貰う": "-te morau (have it done for one)",
    "くれる": "-te kureru (someone does it for me)", "呉れる": "-te kureru (someone does it for me)",
    "あげる": "-te ageru (do it for someone)", "上げる": "-te ageru (do it for someone)",
    "くださる": "polite request (-te kudasai)", "下さる": "polite request (-te kudasai)",
    "ない": "negative", "無い": "negative", "すぎる": "too much (-sugiru)", "過ぎる": "too much (-sugiru)",
    "やすい": "easy to (-yasui)", "にくい": "hard to (-nikui)", "出す": "start to (-dasu)",
    "始める": "start to (-hajimeru)", "続ける": "keep doing (-tsuzukeru)", "できる": "potential",
    "出来る": "potential", "得る": "can (-uru)",
}

_PARTICLE_WORDS = {"て": "te-form", "で": "te-form", "ば": "conditional (-ba)", "たり": "-tari (listing)",
                   "だり": "-tari (listing)", "ながら": "while (-nagara)", "つつ": "while (-tsutsu)",
                   "ちゃ": "te-form + wa (contracted)", "じゃ": "te-form + wa (contracted)"}

_EUPHONIC = ("連用形-促音便", "連用形-イ音便", "連用形-撥音便", "連用形-ウ音便")


def explain_inflection(tokens: Sequence, index: int, match: Match | None = None) -> str | None:
    """'陥る, continuative (te/ta) form'; 'する, passive, past': the clicked form in plain words.

    Read from the clicked token's conjugation form and the auxiliaries that
    follow it (unidic splits された into さ/れ/た), falling back on the
    deinflector's reasons when the analyser's dictionary form is not a
    headword (泳げ -> 泳げる, which JMdict lacks: 泳ぐ, potential).
    """
    tok = tokens[index]
    inflecting = tok.pos in ("動詞", "形容詞", "助動詞") or bool(tok.conj_type)
    if not inflecting:
        return _copula_inflection(tokens, index) or _phrase_inflection(tokens, index, match)
    base = tok.lemma or tok.surface
    parts: list[str] = []
    lexeme = lexeme_of(tok)
    if tok.pos == "動詞" and lexeme and lexeme != base and tok.conj_type.startswith("下一段"):
        for d in deinflect.deinflect(base):
            if d.term == lexeme and d.reasons == ("potential",):
                base = lexeme
                parts.append("potential")
                break
    if match is not None and match.entries and match.start == index and lexeme and base != lexeme:
        heads = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
        if base not in heads and lexeme in heads:
            base = lexeme  # 悪るい is the word 悪い, as the entry shown says
    if match is not None and match.entries and match.end - match.start > 1 and not match.entries[0].word_types \
            and match.start <= index and not match.reasons_for(match.entries[0].id):
        return None  # a compound noun (やり方): the verb stem inside it is not the point
    if match is not None and match.entries and match.start == index:
        reasons = match.reasons_for(match.entries[0].id)
        heads = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
        if reasons and base not in heads:
            top = match.entries[0]
            return f"{top.headword(None)}, {', '.join(reasons)}"
    chain: list[str] = []
    prev = tok
    j = index + 1
    while j < len(tokens) and tokens[j].is_word and is_chain(tokens[j], prev):
        t = tokens[j]
        word = None
        if t.pos == "助動詞":
            word = _aux_word(t)
        elif t.pos == "形状詞":
            word = "looks like (-sou)" if t.surface == "そう" else None
        elif t.pos == "助詞":
            word = _PARTICLE_WORDS.get(t.surface)
            if word == "te-form" and prev is tok and tok.conj_form in _EUPHONIC:
                word = None  # already said by "continuative (te/ta) form"
        else:
            word = _HELPER_WORDS.get(t.lemma) or _HELPER_WORDS.get(lexeme_of(t))
            if word is None:
                break
        if word and word not in chain[-1:]:
            chain.append(word)
        prev = t
        j += 1
    form = _FORM_WORDS.get(tok.conj_form)
    if tok.conj_type == "助動詞-タ" and tok.conj_form.startswith("意志推量形"):
        form = "presumptive (-tarou)"
    if tok.pos == "形容詞" and tok.conj_form == "連用形-一般":
        form = "adverbial (-ku) form"
    if tok.pos == "形容詞" and tok.conj_form in _EUPHONIC:
        form = None if chain else "continuative (past stem)"
    if tok.conj_form.startswith("語幹") and tok.pos == "形容詞":
        form = "stem"
    if form and chain and tok.conj_form not in _EUPHONIC:
        form = None  # a bare stem says nothing the auxiliaries do not
    if form:
        parts.append(form)
    parts.extend(chain)
    if not parts:
        return None
    return f"{base}, {', '.join(parts)}"


def _copula_inflection(tokens: Sequence, index: int) -> str | None:
    """'静か, past (だった)': a na-adjective inflects through the copula after it."""
    tok = tokens[index]
    na_adjective = tok.pos == "形状詞" or (tok.pos == "名詞" and "形状詞可能" in tok.pos_fine)
    if not na_adjective or "助動詞語幹" in tok.pos_fine:
        return None
    words: list[str] = []
    text = ""
    j = index + 1
    while j < len(tokens) and tokens[j].is_word and tokens[j].pos == "助動詞":
        t = tokens[j]
        if j == index + 1 and t.conj_type not in ("助動詞-ダ", "助動詞-デス"):
            return None
        word = _aux_word(t)
        if word and word not in words:
            words.append(word)
        text += t.surface
        j += 1
    if not words:
        return None  # 静かな, 静かに: the copula's plain attributive or adverbial form
    return f"{tok.lemma or tok.surface}, {', '.join(words)} ({text})"


def _phrase_inflection(tokens: Sequence, index: int, match: Match | None) -> str | None:
    """'ではない, past' for で of ではなかった: a set phrase that ends in an inflected word."""
    if match is None or match.start != index or match.end - match.start < 2 or not match.entries:
        return None
    k = match.end - 1
    last = tokens[k]
    if not (last.pos in ("動詞", "形容詞", "助動詞") or last.conj_type):
        return None
    if last.pos == "助動詞" and not (match.end < len(tokens) and tokens[match.end].is_word
                                    and is_chain(tokens[match.end], last)):
        return None  # にもかかわらず ends in ず, a form of the phrase itself
    prefix = "".join(t.surface for t in tokens[index:k])
    forms = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
    head = next((prefix + x for x in (last.lemma, lexeme_of(last)) if x and prefix + x in forms), None)
    if head is None:
        return None
    said = explain_inflection(tokens, k)
    if not said:
        return None
    _, sep, rest = said.partition(", ")
    return f"{head}, {rest}" if sep else None
