"""Rule-based deinflection (Yomitan-style suffix rules, chained).

MeCab/unidic usually gives the dictionary form of a word, but not always the
one JMdict lists (泳げ -> 泳げる, a potential verb JMdict does not have), and
when several tokens form one inflected word the analyser's lemma only covers
the first.  A popup dictionary solves this by undoing suffixes until a
headword appears; we do the same as a fallback and to explain the inflection.

Each rule replaces a kana ending (``kana_in``) by another (``kana_out``).  The
*word type* bits say what kind of word the inflected form is (``rules_in``)
and what the result must be (``rules_out``), so rules chain only where the
grammar allows: 泳げなかった -past-> 泳げない (an i-adjective) -negative->
泳げる (ichidan) -potential-> 泳ぐ (godan).  At the top level (the text as
written) every rule may apply, exactly as Yomitan does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# Word-type bits.  ``0`` as rules_in means "only on the text as written".
V1 = 1 << 0  # ichidan verb
V5 = 1 << 1  # godan verb
VK = 1 << 2  # kuru
VS = 1 << 3  # suru
ADJ = 1 << 4  # i-adjective
TE = 1 << 5  # a te-form (て/で), which auxiliaries like いる attach to
MASU = 1 << 6  # a polite ます form, which inflects further (ました, ません)

VERB = V1 | V5 | VK | VS
ANY_TYPE = VERB | ADJ

TYPE_NAMES = {V1: "v1", V5: "v5", VK: "vk", VS: "vs", ADJ: "adj-i", TE: "te", MASU: "masu"}


@dataclass(frozen=True, slots=True)
class Rule:
    kana_in: str
    kana_out: str
    rules_in: int
    rules_out: int
    reason: str


@dataclass(frozen=True, slots=True)
class Deinflection:
    """One candidate dictionary form.

    ``reasons`` read from the dictionary form outwards (泳ぐ: potential,
    negative, past), the order a learner builds the word in.
    """

    term: str
    types: int  # 0: as written, no constraint; else the word must be one of these
    reasons: tuple[str, ...]


# Godan rows: dictionary ending, i-row, a-row, e-row, o-row, te-form, ta-form.
_GODAN = [
    ("う", "い", "わ", "え", "お", "って", "った"),
    ("く", "き", "か", "け", "こ", "いて", "いた"),
    ("ぐ", "ぎ", "が", "げ", "ご", "いで", "いだ"),
    ("す", "し", "さ", "せ", "そ", "して", "した"),
    ("つ", "ち", "た", "て", "と", "って", "った"),
    ("ぬ", "に", "な", "ね", "の", "んで", "んだ"),
    ("ぶ", "び", "ば", "べ", "ぼ", "んで", "んだ"),
    ("む", "み", "ま", "め", "も", "んで", "んだ"),
    ("る", "り", "ら", "れ", "ろ", "って", "った"),
]

# 行く and its kanji spellings conjugate いって/いった, not いいて.
_IKU = ["行く", "いく", "逝く", "往く"]
# kuru written in kana and with 来 (来る, 来た, 来ない are all read with 来).
_KURU = [("くる", "き", "こ", "くれ"), ("来る", "来", "来", "来れ")]
_SURU = "する"


def _stem_rules(suffix: str, reason: str, form_type: int = 0, *, stem: str,
                include_irregular: bool = True, ichidan: bool = True) -> list[Rule]:
    """Rules for ``<verb stem> + suffix`` for every verb class.

    ``stem`` is the stem the suffix attaches to: "i" (masu stem), "a"
    (negative stem), "e" (conditional stem).  ``form_type`` is what the whole
    inflected form behaves as (食べたい is an i-adjective), which decides
    what may be peeled off before this rule.
    """
    idx = {"i": 1, "a": 2, "e": 3}[stem]
    out = [Rule(row[idx] + suffix, row[0], form_type, V5, reason) for row in _GODAN]
    if stem in ("i", "a") and suffix and ichidan:
        out.append(Rule(suffix, "る", form_type, V1, reason))
    if stem == "e":
        out.append(Rule("れ" + suffix, "る", form_type, V1, reason))
    if include_irregular:
        for kana, masu, nai, ba in _KURU:
            kuru_stem = {"i": masu, "a": nai, "e": ba}[stem]
            out.append(Rule(kuru_stem + suffix, kana, form_type, VK, reason))
        suru_stem = {"i": "し", "a": "し", "e": "すれ"}[stem]
        out.append(Rule(suru_stem + suffix, _SURU, form_type, VS, reason))
    return out


def _te_ta_rules(base: str, suffix: str, reason: str, form_type: int = 0) -> list[Rule]:
    """Rules for forms built on the te-form (``base`` "て") or the ta-form ("た")."""
    col = 5 if base == "て" else 6
    out = [Rule(row[col] + suffix, row[0], form_type, V5, reason) for row in _GODAN]
    out.append(Rule(base + suffix, "る", form_type, V1, reason))
    for iku in _IKU:
        out.append(Rule(iku[:-1] + "っ" + base + suffix, iku, form_type, V5, reason))
    for kana, masu, _nai, _ba in _KURU:
        out.append(Rule(masu + base + suffix, kana, form_type, VK, reason))
    out.append(Rule("し" + base + suffix, _SURU, form_type, VS, reason))
    return out


def _build_rules() -> list[Rule]:
    r: list[Rule] = []
    add = r.extend
    # i-adjectives
    add([
        Rule("かった", "い", 0, ADJ, "past"),
        Rule("くない", "い", ADJ, ADJ, "negative"),
        Rule("くて", "い", TE, ADJ, "te-form"),
        Rule("く", "い", 0, ADJ, "adverbial (-ku)"),
        Rule("ければ", "い", 0, ADJ, "conditional (-ba)"),
        Rule("かったら", "い", 0, ADJ, "conditional (-tara)"),
        Rule("かったり", "い", 0, ADJ, "-tari (listing)"),
        Rule("さ", "い", 0, ADJ, "noun (-sa)"),
        Rule("そう", "い", 0, ADJ, "looks like (-sou)"),
        Rule("すぎる", "い", V1, ADJ, "too much (-sugiru)"),
        Rule("かろう", "い", 0, ADJ, "presumptive (-karou)"),
        Rule("き", "い", 0, ADJ, "attributive (archaic -ki)"),
        Rule("げ", "い", 0, ADJ, "seeming (-ge)"),
        Rule("くなる", "い", V5, ADJ, "becoming (-ku naru)"),
    ])
    # te-form, past, and what is built on them
    add(_te_ta_rules("て", "", "te-form", TE))
    add(_te_ta_rules("た", "", "past"))
    add(_te_ta_rules("た", "ら", "conditional (-tara)"))
    add(_te_ta_rules("た", "り", "-tari (listing)"))
    for te in ("て", "で"):
        add([
            Rule(te + "いる", te, V1, TE, "-te iru (ongoing action or resulting state)"),
            Rule(te + "る", te, V1, TE, "-te iru (ongoing; colloquial -teru)"),
            Rule(te + "しまう", te, V5, TE, "-te shimau (completely, or regrettably)"),
            Rule(te + "おく", te, V5, TE, "-te oku (in advance)"),
            Rule(te + "ある", te, V5, TE, "-te aru (left in a state)"),
            Rule(te + "ください", te, 0, TE, "polite request (-te kudasai)"),
        ])
    add([
        Rule("ちゃう", "て", V5, TE, "-chau (completely, or regrettably; colloquial)"),
        Rule("じゃう", "で", V5, TE, "-chau (completely, or regrettably; colloquial)"),
        Rule("とく", "て", V5, TE, "-te oku (in advance; colloquial)"),
        Rule("どく", "で", V5, TE, "-te oku (in advance; colloquial)"),
    ])
    # masu stem + suffix
    add(_stem_rules("ます", "polite", MASU, stem="i"))
    add([
        Rule("ました", "ます", 0, MASU, "past"),
        Rule("ません", "ます", 0, MASU, "negative"),
        Rule("ませんでした", "ます", 0, MASU, "negative, past"),
        Rule("ましょう", "ます", 0, MASU, "volitional (let's)"),
        Rule("まして", "ます", 0, MASU, "te-form"),
    ])
    add(_stem_rules("たい", "want to (-tai)", ADJ, stem="i"))
    add(_stem_rules("ながら", "while (-nagara)", stem="i"))
    add(_stem_rules("なさい", "polite command (-nasai)", stem="i"))
    add(_stem_rules("そう", "looks like (-sou)", stem="i"))
    add(_stem_rules("すぎる", "too much (-sugiru)", V1, stem="i"))
    add(_stem_rules("やすい", "easy to (-yasui)", ADJ, stem="i"))
    add(_stem_rules("にくい", "hard to (-nikui)", ADJ, stem="i"))
    add(_stem_rules("たがる", "wants to (-tagaru)", V5, stem="i"))
    add(_stem_rules("", "continuative (masu stem)", stem="i", include_irregular=False))
    # negative stem + suffix
    add(_stem_rules("ない", "negative", ADJ, stem="a"))
    add(_stem_rules("ないで", "without doing (-naide)", stem="a"))
    add(_stem_rules("ず", "negative (-zu)", stem="a"))
    add(_stem_rules("ずに", "without doing (-zu ni)", stem="a"))
    add(_stem_rules("ぬ", "negative (archaic -nu)", stem="a"))
    add(_stem_rules("ん", "negative (colloquial -n)", stem="a"))
    add(_stem_rules("なければ", "must (-nakereba)", stem="a"))
    add(_stem_rules("なきゃ", "must (colloquial -nakya)", stem="a"))
    # godan only: ichidan verbs, する and くる take られる/させる (below)
    add(_stem_rules("れる", "passive", V1, stem="a", include_irregular=False, ichidan=False))
    add(_stem_rules("せる", "causative", V1, stem="a", include_irregular=False, ichidan=False))
    add(_stem_rules("す", "causative (short form)", V5, stem="a", include_irregular=False, ichidan=False))
    add([
        Rule("られる", "る", V1, V1, "passive or potential"),
        Rule("させる", "る", V1, V1, "causative"),
        Rule("される", "する", V1, VS, "passive"),
        Rule("させる", "する", V1, VS, "causative"),
        Rule("せず", "する", 0, VS, "negative (-zu)"),
        Rule("せずに", "する", 0, VS, "without doing (-zu ni)"),
        Rule("せぬ", "する", 0, VS, "negative (archaic -nu)"),
        Rule("せねば", "する", 0, VS, "must (-neba)"),
        Rule("こられる", "くる", V1, VK, "passive or potential"),
        Rule("来られる", "来る", V1, VK, "passive or potential"),
        Rule("こさせる", "くる", V1, VK, "causative"),
        Rule("来させる", "来る", V1, VK, "causative"),
        Rule("できる", "する", V1, VS, "potential"),
    ])
    for row in _GODAN:
        if row[0] != "す":  # 書かされる: short causative passive
            r.append(Rule(row[2] + "される", row[0], V1, V5, "causative passive"))
    # potential of godan verbs: e-row + る (泳げる)
    for row in _GODAN:
        r.append(Rule(row[3] + "る", row[0], V1, V5, "potential"))
    r.append(Rule("これる", "くる", V1, VK, "potential (colloquial)"))
    r.append(Rule("来れる", "来る", V1, VK, "potential (colloquial)"))
    # conditional -ba
    add(_stem_rules("ば", "conditional (-ba)", stem="e"))
    # imperative
    for row in _GODAN:
        r.append(Rule(row[3], row[0], 0, V5, "imperative"))
    add([
        Rule("ろ", "る", 0, V1, "imperative"),
        Rule("よ", "る", 0, V1, "imperative"),
        Rule("しろ", "する", 0, VS, "imperative"),
        Rule("せよ", "する", 0, VS, "imperative"),
        Rule("こい", "くる", 0, VK, "imperative"),
        Rule("来い", "来る", 0, VK, "imperative"),
    ])
    # volitional
    for row in _GODAN:
        r.append(Rule(row[4] + "う", row[0], 0, V5, "volitional"))
        r.append(Rule(row[0] + "まい", row[0], 0, V5, "negative volitional"))
        r.append(Rule(row[0] + "な", row[0], 0, V5, "negative imperative"))
    add([
        Rule("よう", "る", 0, V1, "volitional"),
        Rule("しよう", "する", 0, VS, "volitional"),
        Rule("こよう", "くる", 0, VK, "volitional"),
        Rule("来よう", "来る", 0, VK, "volitional"),
        Rule("まい", "る", 0, V1, "negative volitional"),
        Rule("るな", "る", 0, V1 | VK | VS, "negative imperative"),
    ])
    # an empty ending would match everything; drop it and exact duplicates
    seen: set[Rule] = set()
    rules = []
    for x in r:
        if x.kana_in and x.kana_in != x.kana_out and x not in seen:
            seen.add(x)
            rules.append(x)
    return rules


RULES: tuple[Rule, ...] = tuple(_build_rules())
_BY_LAST_CHAR: dict[str, list[Rule]] = {}
for _rule in RULES:
    _BY_LAST_CHAR.setdefault(_rule.kana_in[-1], []).append(_rule)
_MAX_DEPTH = 6


@lru_cache(maxsize=4096)
def deinflect(text: str) -> tuple[Deinflection, ...]:
    """All candidate dictionary forms of ``text`` (the text itself first).

    The caller checks each candidate against the dictionary and keeps those
    whose part of speech agrees with ``types``: that check is what makes a
    generous rule set safe.
    """
    results = [Deinflection(text, 0, ())]
    seen = {(text, 0)}
    i = 0
    while i < len(results):
        cur = results[i]
        i += 1
        if len(cur.reasons) >= _MAX_DEPTH:
            continue
        for rule in _BY_LAST_CHAR.get(cur.term[-1:], ()):
            if cur.types and not (cur.types & rule.rules_in):
                continue
            if not cur.term.endswith(rule.kana_in):
                continue
            stem_len = len(cur.term) - len(rule.kana_in)
            if stem_len == 0 and len(rule.kana_out) <= 1:
                continue  # a bare ending is not a word (る, う)
            term = cur.term[:stem_len] + rule.kana_out
            key = (term, rule.rules_out)
            if key in seen:
                continue
            seen.add(key)
            results.append(Deinflection(term, rule.rules_out, (rule.reason,) + cur.reasons))
    return tuple(results)


def types_from_pos(pos_texts: "list[str] | tuple[str, ...]") -> int:
    """Word-type bits for JMdict part-of-speech descriptions (English, as the DB stores them)."""
    bits = 0
    for p in pos_texts:
        pl = p.lower()
        if pl.startswith("ichidan verb"):
            bits |= V1
        elif pl.startswith("godan verb"):
            bits |= V5
        elif pl.startswith("kuru verb"):
            bits |= VK
        elif pl.startswith(("suru verb", "su verb")):
            bits |= VS
        elif pl.startswith("adjective (keiyoushi)") or pl == "auxiliary adjective":
            bits |= ADJ
        elif pl in ("auxiliary verb", "verb unspecified"):  # (得る うる, "can": a verb of no one class)
            bits |= VERB
    return bits
