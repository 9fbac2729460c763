"""The rules for words read by their spelling (外, 風, 良い, 家, 間 ...): see grammar.py.

Each rule is called with the paragraph's tokens as the grammar reads them
(an :class:`~.grammar.Around`), the word's index and the index of the word
before it (-1 if none), and says whether the other reading is meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grammar import Around

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
_MAKE_BED = frozenset({"上げる", "敷く", "延べる", "並べる", "取る", "とる", "払う", "離れる", "のべる", "しく"})
_GO_TO_BED = frozenset({"就く", "つく", "着く", "入る", "はいる", "這入る", "臥す", "伏す", "寝る", "戻る"})
_TIMING = frozenset({"抜ける", "抜く", "悪い", "わるい", "ない", "無い", "ある", "有る", "持てる"})
_OTHERS = frozenset({"人", "人々", "人達", "者", "事", "こと", "物", "もの", "連中"})
_HOUSE_AS_BUILDING = frozenset({"建てる", "建つ", "買う", "売る", "借りる", "貸す", "探す", "壊す", "焼く", "焼ける",
                                "直す", "普請", "建築"})
_CELLARS = frozenset({"氷", "花", "麹", "石", "岩", "土", "穴"})
_SPANS = frozenset({"時間", "週間", "年間", "日間", "箇月", "ヶ月", "か月", "カ月", "分間", "秒間", "数日", "数年",
                    "数ヶ月", "数時間", "暫く", "しばらく", "少時"})
_SPAN_COUNTERS = frozenset({"年", "日", "月", "分", "秒", "時間", "週間", "年間", "日間", "箇月", "ヶ月", "か月",
                            "カ月", "月間", "分間"})
_RETURN = frozenset({"帰る", "戻る", "帰す", "かえる", "もどる", "帰り着く", "逃げ帰る"})
_LISTING = frozenset({"、", "・", "，", "や", "及び", "並びに", "又は", "または", "および"})
_PICKED = frozenset({"一番", "最も", "もっとも", "一人", "一つ", "只一人", "唯一人", "ただ一人", "何れ", "いずれ",
                     "どれ", "誰", "一", "随一", "第一"})
_ALCOVE = frozenset({"活ける", "生ける", "掛ける", "掛かる", "かかる", "かける", "飾る"})  # the 床 of 床の間
_ROOMS = frozenset({"畳", "控え", "奥", "次", "茶", "客", "居", "隣", "板"})


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
    if nxt.surface == "の":  # 外の人, 外の事, 外の二、三人: the others
        m = a.after(n)
        return m >= 0 and (tokens[m].lemma in _OTHERS or "数詞" in tokens[m].pos_fine)
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


def _said_ii(a: Around, i: int, k: int) -> bool:
    """良い in its plain or attributive form, not in より良い or 良いお年を: the forms said いい (好い, the spelling
    of いい, is read so in narration too: 好い天気だ)."""
    tokens = a.tokens
    if not tokens[i].conj_form.startswith(("終止形", "連体形")):
        return False
    if k >= 0 and tokens[k].surface == "より":
        return False  # より良い
    n = a.after(i)
    m = a.after(n) if n >= 0 else -1
    return not (n >= 0 and tokens[n].surface == "お" and m >= 0 and tokens[m].surface == "年")  # 良いお年を


def _spoken(a: Around, i: int, k: int) -> bool:
    """In dialogue, in its plain or attributive form: いい, as it is said."""
    return _said_ii(a, i, k) and a.in_speech(i)


def _going_home(a: Around, i: int) -> bool:
    """家へ帰る, 家に戻る: home, うち, in narration too."""
    tokens = a.tokens
    n = a.after(i)
    if n < 0 or tokens[n].surface not in ("へ", "に"):
        return False
    m = a.after(n)
    return m >= 0 and tokens[m].pos == "動詞" and tokens[m].lemma in _RETURN


def _household(a: Around, i: int) -> bool:
    """家の者, 家の人: the household, うち."""
    tokens = a.tokens
    n = a.after(i)
    m = a.after(n) if n >= 0 else -1
    return n >= 0 and tokens[n].surface == "の" and m >= 0 and tokens[m].surface in ("者", "もの", "人", "人達", "連中")


def _home(a: Around, i: int, k: int) -> bool:
    """家 in dialogue, one's home (「家へ帰ろう」, 「君の家に」): うち, as it is said; a house built, bought or
    described (「大きな家を建てた」) stays いえ, and so does 家 in narration."""
    tokens = a.tokens
    if not a.in_speech(i):
        return _going_home(a, i) or _household(a, i)
    if k >= 0:
        prev = tokens[k]
        if (prev.pos in ("形容詞", "形状詞") or prev.lemma in _OF_THIS_KIND
                or (prev.pos == "連体詞" and prev.surface not in _DEMONSTRATIVES)
                or (prev.pos in ("動詞", "助動詞") and prev.conj_form.startswith("連体形"))):
            return False  # 大きな家, 立派な家, こんな家, 特色のある家
    return not any(t.lemma in _HOUSE_AS_BUILDING for t in a.sentence_after(i)[:3])


def _room(a: Around, i: int, k: int) -> bool:
    """室 on its own is a room (室へ入った): へや, as the analyser's dictionary also spells it; the cellar or
    hothouse (氷の室, 石の室) stays むろ."""
    tokens = a.tokens
    if k >= 0 and tokens[k].surface == "の":
        m = a.before(k)
        return not (m >= 0 and tokens[m].lemma in _CELLARS)
    return True


def _after_a_while(a: Around, i: int, k: int) -> bool:
    """後 after a length of time and の (一週間の後, 三百年の後): のち, "later"."""
    tokens = a.tokens
    if k < 0 or tokens[k].surface != "の":
        return False
    m = a.before(k)
    if m < 0:
        return False
    t = tokens[m]
    return t.lemma in _SPANS or (t.lemma in _SPAN_COUNTERS and m > 0 and "数詞" in tokens[m - 1].pos_fine)


def _the_body(a: Around, i: int, k: int) -> bool:
    """身体 on its own, the body one washes, tires or rests (身体を拭く, 身体が疲れる): からだ, the everyday word
    JMdict also spells 身体; in a compound (身体検査, 身体的) or a list (生命、身体、財産) it stays しんたい."""
    tokens = a.tokens
    n = i + 1
    if n < len(tokens) and (tokens[n].pos in ("名詞", "接尾辞") or tokens[n].surface in _LISTING):
        return False
    return not (k >= 0 and tokens[k].surface in _LISTING)


def _looking_on(a: Around, i: int, k: int) -> bool:
    """傍 of the onlookers (傍のもの, 傍から見ると): はた; beside someone (傍に坐る) stays そば."""
    tokens = a.tokens
    n = a.after(i)
    if n < 0:
        return False
    m = a.after(n)
    if m < 0:
        return False
    if tokens[n].surface == "の":
        return tokens[m].surface in ("もの", "者", "人々", "人達")
    return tokens[n].surface == "から" and tokens[m].lemma in ("見る", "眺める")


def _one_of(a: Around, i: int, k: int) -> bool:
    """中 of a group one is picked from (三人の中で一番, その中の一人, 百獣の中でもっとも): うち."""
    tokens = a.tokens
    n = a.after(i)
    if n < 0 or tokens[n].surface not in ("で", "の", "から", "では", "でも"):
        return False
    m = a.after(n)
    if m >= 0 and tokens[m].surface in ("も", "は"):
        m = a.after(m)
    if m < 0:
        return False
    t = tokens[m]
    return t.lemma in _PICKED or ("数詞" in t.pos_fine and m + 1 < len(tokens)
                                  and tokens[m + 1].lemma in ("人", "つ", "個", "匹", "疋", "冊", "本"))


def _all_of_us(a: Around, i: int, k: int) -> bool:
    """皆な, the old spelling of みんな (皆なの前に立つ): 皆 is みん, な its okurigana; 皆なのだ ("that is all")
    stays みな."""
    tokens = a.tokens
    n = i + 1
    if n >= len(tokens) or tokens[n].surface != "な" or tokens[n].pos != "助動詞":
        return False
    m = a.after(n)
    if m >= 0 and tokens[m].surface in ("の", "ん"):
        after = a.after(m)
        return not (after >= 0 and tokens[after].pos == "助動詞")  # 皆なのだ, 皆なんです
    return True


def _i_say(a: Around, i: int, k: int) -> bool:
    """己 as the speaker says "I" (「己はもう駄目だ」, 「己の身体は」): おれ; おのれ, oneself, is kept where it
    is done to (己を知る), in 己が and in narration."""
    n = a.after(i)
    return a.in_speech(i) and n >= 0 and a.tokens[n].surface in ("は", "も", "と", "に", "の", "じゃ", "だって")


def _bed(a: Around, i: int, k: int) -> bool:
    """床 one sleeps in (床に就く, 床を延べる, 床の中), or of the alcove (床に花を活ける, 床に掛かる): とこ; the floor
    (床に落ちる) stays ゆか."""
    tokens = a.tokens
    n = a.after(i)
    if n < 0:
        return False
    m = a.after(n)
    if tokens[n].surface == "の":
        return m >= 0 and tokens[m].surface in ("中", "内", "うち")
    if m >= 0 and tokens[m].surface == "は":
        m = a.after(m)
    if m < 0 or tokens[m].pos != "動詞":
        return False
    verb = tokens[m].lemma
    if tokens[n].surface == "を":
        return verb in _MAKE_BED or verb == "飾る"
    return tokens[n].surface in ("に", "へ") and verb in _GO_TO_BED | _ALCOVE


def _time_between(a: Around, i: int, k: int) -> bool:
    """間 as time or a room: いつの間, 知らない間に, 間が抜ける, 間がない, 六畳の間, 控えの間: ま."""
    tokens = a.tokens
    if k >= 0 and tokens[k].surface == "の":
        m = a.before(k)
        if m >= 0 and (tokens[m].surface in ("いつ", "何時") or tokens[m].lemma in _ROOMS):
            return True  # いつの間に, 六畳の間, 控えの間
    if k >= 0 and tokens[k].pos == "助動詞" and tokens[k].lemma in ("ない", "ぬ"):
        m = a.before(k)
        if m >= 0 and tokens[m].lemma == "知る":
            return True  # 知らない間に, 知らぬ間に
    n = a.after(i)
    if n < 0 or tokens[n].surface not in ("が", "の", "も"):
        return False
    m = a.after(n)
    return m >= 0 and tokens[m].lemma in _TIMING and (tokens[n].surface != "も" or tokens[m].lemma in ("ない", "無い"))
