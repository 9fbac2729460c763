"""Click lookup on real words: longest match, deinflection, ranking, kanji, names, pitch, threads."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from app.cli.lookup import format_text, run_lookup
from app.core.analysis import Token, analyze
from app.core.dictionary import DictionaryService, DictionaryUnavailable, pitch_patterns
from app.core.dictionary.readings import split_reading

# The service these tests look words up in; tests of caches, threads and
# broken files make their own.
SERVICE = DictionaryService()
lookup_at = SERVICE.lookup_at
lookup_word = SERVICE.lookup_word
refine_readings = SERVICE.refine_readings

pytestmark = pytest.mark.skipif(SERVICE.status() is not None, reason="jamdict-data not installed")


@pytest.fixture(scope="module")
def article(article_path: Path) -> list[list[Token]]:
    text = article_path.read_text(encoding="utf-8")
    return [analyze(p) for p in text.splitlines() if p.strip()]


def _find(paragraphs: list[list[Token]], *surfaces: str) -> tuple[list[Token], int]:
    """The first place where tokens with these surfaces follow each other."""
    n = len(surfaces)
    for toks in paragraphs:
        for i in range(len(toks) - n + 1):
            if tuple(t.surface for t in toks[i:i + n]) == surfaces:
                return toks, i
    raise AssertionError(f"{surfaces} not in the article")


def _heads(result) -> list[str]:
    return [f.text for e in result.matches[0].entries for f in e.kanji + e.kana]


def _first_entry(result):
    assert result.matches, "expected a match"
    return result.matches[0].entries[0]


def _tok(surface, start, lemma, reading, lemma_reading, pos, conj_type="", conj_form="", lexeme="") -> Token:
    return Token(surface, start, start + len(surface), lemma, reading, lemma_reading, pos, "",
                 conj_type, conj_form, "", True, ((surface, reading),), "generated", lexeme or lemma)


# --- the article's words --------------------------------------------------------


def test_article_ochii_is_ochiiru_in_continuative_form(article) -> None:
    toks, i = _find(article, "陥っ")
    result = lookup_at(toks, i)
    entry = _first_entry(result)
    assert "陥る" in [f.text for f in entry.kanji]
    assert result.matches[0].start == i
    assert result.inflection is not None
    assert result.inflection.startswith("陥る")
    assert "continuative" in result.inflection


def test_ochii_alone_gives_the_exact_phrase() -> None:
    tokens = [t for t in analyze("陥っ") if t.is_word]
    assert tokens[0].surface == "陥っ"
    assert lookup_at(tokens, 0).inflection == "陥る, continuative (te/ta) form"


def test_article_torishimariyakukai_is_one_word(article) -> None:
    toks, i = _find(article, "取締", "役", "会")
    result = lookup_at(toks, i)
    first = result.matches[0]
    assert first.text == "取締役会"
    assert (first.start, first.end) == (i, i + 3)
    assert "取締役会" in [f.text for f in first.entries[0].kanji]
    # shorter matches follow
    assert any(m.text == "取締役" for m in result.matches[1:])
    assert any(m.text == "取締" for m in result.matches[1:])


def test_clicking_inside_a_split_compound_finds_the_compound(article) -> None:
    toks, i = _find(article, "取締", "役", "会")
    result = lookup_at(toks, i + 1)  # 役
    assert result.matches[0].text == "取締役会"
    assert any(m.text == "役" for m in result.matches)


def test_kyoudou_sousetsusha_longest_match(article) -> None:
    toks, i = _find(article, "共同", "創設", "者")
    result = lookup_at(toks, i)
    assert result.matches[0].text == "共同創設者"


def test_muzukashii_common_and_pitch() -> None:
    result = lookup_word("難しい")
    entry = _first_entry(result)
    assert "難しい" in [f.text for f in entry.kanji]
    assert entry.common
    assert [p.downstep for p in result.pitch] == [0, 4]
    assert result.pitch[0].pattern == "LHHHH"
    assert result.pitch[1].pattern == "LHHHL"
    assert entry.freq_band is not None


def test_hizuke_reading() -> None:
    entry = _first_entry(lookup_word("日付"))
    assert entry.kana[0].text == "ひづけ"
    assert "日付" in [f.text for f in entry.kanji]


def test_suru_and_sareta() -> None:
    entry = _first_entry(lookup_word("する"))
    assert entry.kana[0].text == "する"
    assert entry.common
    result = lookup_word("された")
    assert _first_entry(result).kana[0].text == "する"
    assert result.inflection == "する, passive, past"


def test_article_sareta_in_context(article) -> None:
    toks, i = _find(article, "さ", "れ", "た")
    result = lookup_at(toks, i)
    assert result.inflection == "する, passive, past"
    assert result.matches[0].text == "された"


@pytest.mark.parametrize("order", [("いった", "おこなった"), ("おこなった", "いった")])
def test_itta_vs_okonatta_by_reading(order) -> None:
    expected = {"いった": "行く", "おこなった": "行う"}
    for reading in order:
        stem = reading[:-1]  # いっ / おこなっ
        lemma = expected[reading]
        base_reading = "いく" if lemma == "行く" else "おこなう"
        tokens = [
            _tok("行っ", 0, lemma, stem, base_reading, "動詞", "五段-カ行" if lemma == "行く" else "五段-ワア行",
                 "連用形-促音便"),
            _tok("た", 2, "た", "た", "た", "助動詞", "助動詞-タ", "終止形-一般"),
        ]
        result = lookup_at(tokens, 0)
        entries = [e for m in result.matches for e in m.entries]
        heads = [e.kanji[0].text for e in entries if e.kanji]
        assert heads[0] == lemma, (reading, heads)
        other = "行う" if lemma == "行く" else "行く"
        assert other in heads, "the other verb spelt 行 is still offered"
        assert result.inflection and "past" in result.inflection


def test_itte_read_okonatte() -> None:
    tokens = [
        _tok("行っ", 0, "行う", "おこなっ", "おこなう", "動詞", "五段-ワア行", "連用形-促音便"),
        _tok("て", 2, "て", "て", "て", "助詞"),
    ]
    tokens[1] = tokens[1]._replace(pos_fine="接続助詞")
    heads = [e.kanji[0].text for m in lookup_at(tokens, 0).matches for e in m.entries if e.kanji]
    assert heads[0] == "行う"


def test_karai_vs_tsurai_by_reading() -> None:
    for reading in ("からい", "つらい"):
        tokens = [_tok("辛い", 0, "辛い", reading, reading, "形容詞", "形容詞", "終止形-一般")]
        entry = _first_entry(lookup_at(tokens, 0))
        assert reading in [k.text for k in entry.kana]


def test_altman_is_a_name(article) -> None:
    result = lookup_word("アルトマン")
    assert any("アルトマン" in n.kana for n in result.names)
    assert any("Altman" in g for n in result.names for t in n.translations for g in t.glosses)
    toks, i = _find(article, "アルトマン", "氏")
    assert any("アルトマン" in n.kana for n in lookup_at(toks, i).names)


def test_brockman_is_a_name() -> None:
    assert any("ブロックマン" in n.kana for n in lookup_word("ブロックマン").names)


def test_kanji_nan() -> None:
    result = lookup_word("難")
    info = next(k for k in result.kanji if k.literal == "難")
    assert info.strokes == 18
    assert info.grade == 6
    assert "difficult" in info.meanings
    assert "ナン" in info.on
    assert any(k.startswith("むずか") for k in info.kun)
    assert info.jlpt == 2  # KANJIDIC2's former four-level JLPT
    assert info.freq == 330


def test_kanji_listed_for_every_kanji_of_the_match(article) -> None:
    toks, i = _find(article, "取締", "役", "会")
    assert [k.literal for k in lookup_at(toks, i).kanji] == ["取", "締", "役", "会"]


@pytest.mark.parametrize("word, gloss", [("メルトダウン", "meltdown"), ("コンテンツ", "content")])
def test_katakana_loanwords(word: str, gloss: str) -> None:
    entry = _first_entry(lookup_word(word))
    assert word in [k.text for k in entry.kana]
    assert any(gloss in g for s in entry.senses for g in s.glosses)


def test_oyogenakatta_is_oyogu() -> None:
    result = lookup_word("泳げなかった")
    entry = _first_entry(result)
    assert "泳ぐ" in [f.text for f in entry.kanji]
    assert result.matches[0].text == "泳げなかった"
    assert result.inflection == "泳ぐ, potential, negative, past"
    assert result.matches[0].reasons_for(entry.id) == ("potential", "negative", "past")


@pytest.mark.parametrize("word", ["ＸＹＺＺＹ", "ぺぬぽぬ", "ヴョヴョ"])
def test_no_entry_is_no_crash(word: str) -> None:
    result = lookup_word(word)
    assert result.matches == ()
    assert not result.found


def test_punctuation_and_out_of_range() -> None:
    tokens = analyze("難しい。")
    assert lookup_at(tokens, len(tokens) - 1).matches == ()
    assert lookup_at(tokens, 99).matches == ()
    assert lookup_at([], 0).matches == ()


def test_homographs_follow_part_of_speech(article) -> None:
    # なく after 共同 is the adjective ない, not 泣く; おり is the verb おる, not 折
    toks, i = _find(article, "なく", "、")
    assert "ない" in [k.text for k in _first_entry(lookup_at(toks, i)).kana]
    toks, i = _find(article, "なる", "と")
    assert lookup_at(toks, i).matches[0].text == "なる"


def test_result_json_is_plain_data(article) -> None:
    toks, i = _find(article, "陥っ")
    data = lookup_at(toks, i).to_json()
    text = json.dumps(data, ensure_ascii=False)
    back = json.loads(text)
    entry = back["matches"][0]["entries"][0]
    assert {"id", "kanji", "kana", "senses", "common", "freq_band"} <= set(entry)
    assert entry["senses"][0]["pos"] and entry["senses"][0]["glosses"]
    assert back["kanji"][0]["literal"] == "陥"
    assert back["pitch"]


def test_format_text_has_the_parts_a_learner_reads() -> None:
    text = format_text(lookup_word("難しい"))
    assert "難しい【むずかしい" in text
    assert "★" in text
    assert "1. (adjective (keiyoushi)) difficult" in text
    assert "Kanji 難" in text and "18 strokes" in text
    assert "Pitch: むずかしい [0] LHHHH" in text


# --- pitch -------------------------------------------------------------------------


def test_pitch_small_kana_join_the_mora_before() -> None:
    (p,) = pitch_patterns("きょう", "1")
    assert p.pattern == "HL"  # きょ・う
    (p,) = pitch_patterns("しゃしん", "0")
    assert p.pattern == "LHH"  # しゃ・し・ん
    (p,) = pitch_patterns("がっこう", "0")
    assert p.pattern == "LHHH"  # が・っ・こ・う
    (p,) = pitch_patterns("おとうと", "4")
    assert (p.pattern, p.kind) == ("LHHH", "odaka")
    assert pitch_patterns("ひ", "") == []
    assert pitch_patterns("ひ", "9") == []  # beyond the word: ignored


# --- readings cross-checked -----------------------------------------------------------


def test_refine_isshougai() -> None:
    text = "一生涯"
    raw = analyze(text)
    assert "".join(t.reading for t in raw) == "いちしょうがい"  # what the analyser says
    refined = refine_readings(raw, text)
    assert "".join(t.reading for t in refined) == "いっしょうがい"
    for t in refined:
        assert "".join(seg for seg, _ in t.furigana) == t.surface
        assert t.ruby_source == "generated"
    assert refined[0].furigana == (("一", "いっ"),)


def test_refine_rendaku_in_compounds(article) -> None:
    toks, i = _find(article, "金曜", "日")
    refined = refine_readings(toks, "")
    assert refined[i + 1].reading == "び"  # きんようび, not きんようひ
    assert refined[i].reading == toks[i].reading


def test_refine_leaves_author_ruby_alone() -> None:
    text = "一生涯"
    tokens = analyze(text, ruby=[(0, 3, "いちしょうがい")])
    assert all(t.ruby_source == "author" for t in tokens)
    assert refine_readings(tokens, text) == tokens


def test_refine_leaves_good_readings_alone(article) -> None:
    for toks in article[:6]:
        refined = refine_readings(toks, "")
        assert len(refined) == len(toks)
        for a, b in zip(toks, refined):
            assert a.surface == b.surface and a.start == b.start
    toks = analyze("日付を確認する")
    assert refine_readings(toks, "日付を確認する") == toks


# --- threads, caches, missing database ----------------------------------------------


def test_lookup_from_a_worker_thread_and_two_at_once() -> None:
    service = DictionaryService()
    results: dict[str, object] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(word: str) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(3):
                results[word] = service.lookup_word(word)
            results[word + ":db"] = service._reads().db  # the connection this thread used
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(w,)) for w in ("難しい", "取締役会")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert _first_entry(results["難しい"]).kanji[0].text == "難しい"
    assert results["取締役会"].matches[0].text == "取締役会"
    # each thread had its own connection, and this one has another
    mine = service._reads().db
    assert results["難しい:db"] is not results["取締役会:db"]
    assert mine is not results["難しい:db"] and mine is not results["取締役会:db"]


def test_a_connection_refuses_another_thread() -> None:
    mine = DictionaryService()._reads().db
    caught: list[BaseException] = []

    def misuse() -> None:
        try:
            mine.headword_ids(["難しい"])
        except sqlite3.ProgrammingError as e:
            caught.append(e)

    t = threading.Thread(target=misuse)
    t.start()
    t.join()
    assert caught, "a connection used from another thread must fail loudly"


def test_prefetch_in_a_worker_warms_lookups_here() -> None:
    service = DictionaryService()
    words = ["陥る", "難しい", "取締役会"]
    assert not service.cache_snapshot(words)["entries"]  # a fresh service has read nothing
    t = threading.Thread(target=service.prefetch, args=(words,))
    t.start()
    t.join()
    held = service.cache_snapshot(words)
    ids = held["kanji_ids"].get("取締役会")
    assert ids and all(i in held["entries"] for i in ids)
    assert "難" in held["kanji"]
    assert _first_entry(service.lookup_word("取締役会")).id in ids


def test_missing_database(tmp_path) -> None:
    service = DictionaryService(tmp_path / "nowhere" / "jamdict.db")
    status = service.status()
    assert status and "pip install jamdict-data" in status
    assert status.count("\n") == 0
    assert not service.available
    tokens = analyze("一生涯")
    calls = [lambda: service.lookup_word("難しい"), lambda: service.lookup_at(tokens, 0),
             lambda: service.refine_readings(tokens, "一生涯"), lambda: service.prefetch(["難しい"]),
             lambda: service.resolve_words(tokens)]
    for call in calls:
        with pytest.raises(DictionaryUnavailable) as caught:
            call()
        assert str(caught.value) == status
    err = io.StringIO()
    assert run_lookup(["難しい"], False, io.StringIO(), service, err=err) == 1
    assert err.getvalue().strip() == status
    assert not (tmp_path / "nowhere").exists()  # nothing created


def test_damaged_database(tmp_path) -> None:
    bad = tmp_path / "jamdict.db"
    bad.write_bytes(b"this is not a database" * 100)
    service = DictionaryService(bad)
    status = service.status()
    assert status and "cannot be read" in status and str(bad) in status
    with pytest.raises(DictionaryUnavailable, match="cannot be read"):
        service.lookup_word("難しい")


def test_a_database_that_breaks_halfway_says_so(tmp_path) -> None:
    """The check passes (the tables it probes exist) but a lookup needs more: one sentence, from then on."""
    thin = tmp_path / "jamdict.db"
    conn = sqlite3.connect(thin)
    conn.executescript("CREATE TABLE Entry (idseq INTEGER); CREATE TABLE Kanji (ID INTEGER, idseq INTEGER, text TEXT);"
                       "CREATE TABLE character (ID INTEGER, literal TEXT);")
    conn.close()
    service = DictionaryService(thin)
    assert service.status() is None
    with pytest.raises(DictionaryUnavailable, match="cannot be read") as caught:
        service.lookup_word("難しい")
    assert service.status() == str(caught.value)
    with pytest.raises(DictionaryUnavailable):
        service.lookup_word("取締役会")


def test_module_functions_still_answer() -> None:
    """Scripts that used the module's functions get the default service's answers."""
    from app.core import dictionary

    assert dictionary.dictionary_status() is None
    assert _first_entry(dictionary.lookup_word("難しい")).kanji[0].text == "難しい"
    refined = dictionary.refine_readings(analyze("一生涯"), "一生涯")
    assert "".join(t.reading for t in refined) == "いっしょうがい"


# --- the CLI entry point ----------------------------------------------------------------


def test_run_lookup_text_with_a_missing_word_in_the_middle() -> None:
    out = io.StringIO()
    assert run_lookup(["難しい", "ＸＹＺＺＹ", "取締役会"], False, out, SERVICE) == 0
    text = out.getvalue()
    assert "ＸＹＺＺＹ: no entry" in text
    assert text.index("難しい【") < text.index("ＸＹＺＺＹ: no entry") < text.index("取締役会【")


def test_run_lookup_fails_when_no_word_has_an_entry() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_lookup(["ＸＹＺＺＹ", "ぺぬぽぬ"], True, out, SERVICE, err=err) == 1
    assert [json.loads(line)["found"] for line in out.getvalue().splitlines()] == [False, False]
    assert err.getvalue().count("\n") == 1 and "No dictionary entry" in err.getvalue()
    assert run_lookup([], False, io.StringIO(), SERVICE, err=io.StringIO()) == 1


def test_run_lookup_json_lines() -> None:
    out = io.StringIO()
    assert run_lookup(["陥っ", "ＸＹＺＺＹ", "された"], True, out, SERVICE) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["word"] for d in lines] == ["陥っ", "ＸＹＺＺＹ", "された"]
    assert [d["found"] for d in lines] == [True, False, True]
    assert lines[0]["inflection"] == "陥る, continuative (te/ta) form"
    assert lines[1]["matches"] == []
    assert lines[2]["inflection"] == "する, passive, past"


def test_run_lookup_in_a_sentence_is_the_click_there() -> None:
    """With a sentence, a word is looked up where it occurs: 会 of 取締役会 is the compound."""
    out = io.StringIO()
    assert run_lookup(["役", "陥っ"], True, out, SERVICE, sentence="取締役会は危機に陥った。") == 0
    yaku, ochii = (json.loads(line) for line in out.getvalue().splitlines())
    assert yaku["matches"][0]["text"] == "取締役会"
    assert (yaku["matches"][0]["start"], yaku["matches"][0]["end"]) == (0, 3)  # token indices
    assert ochii["inflection"] == "陥る, continuative (te/ta) form, past"
    err = io.StringIO()
    assert run_lookup(["犬"], False, io.StringIO(), SERVICE, sentence="取締役会は危機に陥った。", err=err) == 1
    assert "not in the sentence" in err.getvalue()


def test_cache_snapshot_carries_entries_to_another_process() -> None:
    """The analysis process warms its caches and hands them over; merged, they answer the same."""
    import pickle

    there = DictionaryService(SERVICE.path)
    tokens = analyze("マイクロソフトは難しい状況に陥っている。")
    index = next(i for i, t in enumerate(tokens) if t.surface == "陥っ")
    words = [t.lemma for t in tokens if t.is_word]
    there.prefetch(words)
    before = there.lookup_at(tokens, index)
    snapshot = pickle.loads(pickle.dumps(there.cache_snapshot(words)))
    assert snapshot["entries"] and "陥る" in snapshot["kanji_ids"]
    here = DictionaryService(SERVICE.path)
    here.merge_cache(snapshot)
    assert set(snapshot["entries"]) <= set(here.cache_snapshot(words)["entries"])
    assert here.lookup_at(tokens, index).to_json() == before.to_json()
    # a snapshot made from another database is not mixed in
    elsewhere = DictionaryService(Path("/elsewhere/jamdict.db"))
    elsewhere.merge_cache(snapshot)
    assert not elsewhere.cache_snapshot(words)["entries"]


# --- review fixes: what a learner sees for particles, auxiliaries and suffixes --------


_HELPER_OK_POS = ("particle", "auxiliary", "expressions", "conjunction", "copula")


def _click(text: str, surface: str, nth: int = 0, ruby=None) -> tuple[list[Token], int]:
    """The tokens of ``text`` and the index of the nth token spelt ``surface``."""
    toks = analyze(text, ruby=ruby) if ruby else analyze(text)
    hits = [i for i, t in enumerate(toks) if t.surface == surface]
    assert len(hits) > nth, (surface, [t.surface for t in toks])
    return toks, hits[nth]


def _pos_of(entry) -> list[str]:
    return [p for s in entry.senses for p in s.pos]


@pytest.mark.parametrize("text, surface, wrong", [
    ("それはありません", "は", "羽蟻"),
    ("食べていない", "て", "弟"),
    ("読んでいた", "で", "てく"),
    ("田中さんが", "さん", "山河"),
    ("知っていたように", "た", "たる"),
])
def test_a_run_starting_at_a_particle_is_not_a_noun(text: str, surface: str, wrong: str) -> None:
    toks, i = _click(text, surface)
    result = lookup_at(toks, i)
    entry = _first_entry(result)
    assert wrong not in [f.text for f in entry.kanji + entry.kana]
    assert result.matches[0].text == surface
    if toks[i].pos in ("助詞", "助動詞"):
        assert any(p.startswith(_HELPER_OK_POS) for p in _pos_of(entry)), _pos_of(entry)
    else:  # さん, a suffix
        assert any(p.startswith("suffix") for p in _pos_of(entry))


def test_ta_of_shitteita_you_ni_is_past_not_taru() -> None:
    toks, i = _click("知っていたように", "た")
    result = lookup_at(toks, i)
    assert _first_entry(result).kana[0].text == "た"
    assert result.inflection != "たる, volitional"
    assert "たる" not in (result.inflection or "")


@pytest.mark.parametrize("surfaces, offset, wrong", [
    (("会", "と", "の"), 1, "殿"),  # 取締役会との
    (("築い", "て", "き"), 1, "敵"),
    (("いる", "から", "で"), 1, "体"),
])
def test_article_particles_are_particles(article, surfaces, offset: int, wrong: str) -> None:
    toks, i = _find(article, *surfaces)
    result = lookup_at(toks, i + offset)
    entry = _first_entry(result)
    assert wrong not in [f.text for f in entry.kanji]
    assert any(p.startswith(_HELPER_OK_POS) for p in _pos_of(entry))


def test_rashomon_ni_of_ki_ni_shinagara_is_not_nishi(rashomon_path) -> None:
    from app.core.documents import load

    para = next(p for p in load(rashomon_path).paragraphs if "気にしながら" in p)
    toks = analyze(para)
    i = next(k for k in range(len(toks) - 1) if toks[k].surface == "気" and toks[k + 1].surface == "に") + 1
    entry = _first_entry(lookup_at(toks, i))
    assert "西" not in [f.text for f in entry.kanji]
    assert any(p.startswith(_HELPER_OK_POS) for p in _pos_of(entry))


@pytest.mark.parametrize("text, surface, phrase", [
    ("という話", "と", "という"),
    ("私にとって大切だ", "に", "にとって"),
    ("学生ではない", "で", "ではない"),
])
def test_set_phrases_starting_at_a_particle_still_win(text: str, surface: str, phrase: str) -> None:
    toks, i = _click(text, surface)
    result = lookup_at(toks, i)
    assert result.matches[0].text == phrase
    entry = _first_entry(result)
    assert phrase in [f.text for f in entry.kana]
    assert any(p.startswith("expressions") for p in _pos_of(entry))


def test_te_form_particle_is_not_tte_you_said() -> None:
    toks, i = _click("食べている", "て")
    entry = _first_entry(lookup_at(toks, i))
    assert entry.kana[0].text == "て"
    assert "you said" not in entry.senses[0].glosses
    assert "indicates continuing action" in entry.senses[0].glosses


def test_misspelt_warui_is_warui() -> None:
    entry = _first_entry(lookup_word("悪るい"))
    assert "悪い" in [f.text for f in entry.kanji]
    assert entry.kana[0].text == "わるい"
    toks, i = _click("気味を悪るがって", "悪る")
    result = lookup_at(toks, i)
    entry = _first_entry(result)
    assert "悪い" in [f.text for f in entry.kanji]
    assert entry.kana[0].text == "わるい"
    assert result.inflection and result.inflection.startswith("悪い")


@pytest.mark.parametrize("surface, head", [
    ("CEO", "ＣＥＯ"), ("AI", "ＡＩ"), ("IT", "ＩＴ"), ("GPT", "ＧＰＴ"),
    ("1", "１"), ("10", "１０"), ("700", "７００"),
])
def test_half_width_latin_and_digits_in_the_article(article, surface: str, head: str) -> None:
    toks, i = _find(article, surface)
    result = lookup_at(toks, i)
    assert result.found, surface
    assert head in [f.text for f in _first_entry(result).kanji]


def test_half_width_katakana() -> None:
    entry = _first_entry(lookup_word("ｶﾀｶﾅ"))
    assert "カタカナ" in [f.text for f in entry.kana]
    entry = _first_entry(lookup_word("ﾃﾚﾋﾞ"))
    assert "テレビ" in [f.text for f in entry.kana]


def test_pitch_left_out_for_the_authors_reading() -> None:
    toks = analyze("今日は晴れ", ruby=[(0, 2, "こんにち")])
    assert toks[0].reading == "こんにち" and toks[0].ruby_source == "author"
    assert lookup_at(toks, 0).pitch == ()
    # the author's ruby that is the analyser's own reading keeps it
    toks = analyze("今日は晴れ", ruby=[(0, 2, "きょう")])
    assert [p.reading for p in lookup_at(toks, 0).pitch] == ["きょう"]


def test_pitch_left_out_for_a_refined_reading() -> None:
    refined = refine_readings(analyze("一生涯"), "一生涯")
    assert refined[0].reading == "いっ"
    assert lookup_at(refined, 0).pitch == ()


def test_pitch_only_for_the_whole_matched_word(article) -> None:
    toks, i = _find(article, "取締", "役", "会")
    result = lookup_at(toks, i)
    assert result.matches[0].text == "取締役会"
    assert result.pitch == ()  # とりしまり's accent is not 取締役会's
    toks = analyze("一生涯")
    result = lookup_at(toks, 0)
    assert result.matches[0].text == "一生涯"
    assert result.pitch == ()  # not いち's
    # a match of several tokens that is the clicked word inflected keeps its pitch
    toks, i = _click("食べている", "食べ")
    result = lookup_at(toks, i)
    assert [p.reading for p in result.pitch] == ["たべる"]


@pytest.mark.parametrize("word, reading", [
    ("山田", "やまだ"), ("鈴木", "すずき"), ("一郎", "いちろう"),
])
def test_names_read_as_the_text_come_first(word: str, reading: str) -> None:
    result = lookup_word(word)
    assert result.names
    assert reading in result.names[0].kana


def test_copula_inflection_of_a_na_adjective() -> None:
    toks, i = _click("静かだった", "静か")
    assert lookup_at(toks, i).inflection == "静か, past (だった)"


def test_de_wa_nakatta_says_past() -> None:
    toks, i = _click("学生ではなかった", "で")
    result = lookup_at(toks, i)
    assert "ではない" in [f.text for f in _first_entry(result).kana]
    assert result.inflection == "ではない, past"


# --- review fixes: readings of compounds ------------------------------------------------

_NO_START = set("ゃゅょぁぃぅぇぉゎっんー")


def _refined_words(text: str) -> list[Token]:
    toks = refine_readings(analyze(text), text)
    for t in toks:
        assert "".join(seg for seg, _ in t.furigana) == t.surface
        assert text[t.start:t.end] == t.surface
        for _, ruby in t.furigana:
            assert not ruby or ruby[0] not in _NO_START, (t.surface, t.furigana)
    return [t for t in toks if t.is_word]


@pytest.mark.parametrize("word, furigana", [
    ("町村", [("町村", (("町村", "ちょうそん"),))]),
    ("御社", [("御", (("御", "おん"),)), ("社", (("社", "しゃ"),))]),
    ("新西蘭", [("新西蘭", (("新西蘭", "にゅーじらんど"),))]),
    ("心意気", [("心", (("心", "こころ"),)), ("意気", (("意気", "いき"),))]),
    ("饑死", [("饑死", (("饑死", "うえじに"),))]),
])
def test_refine_never_splits_a_reading_mid_sound(word: str, furigana) -> None:
    words = _refined_words(word + "を見た。")
    assert [(t.surface, tuple(t.furigana)) for t in words[:len(furigana)]] == furigana
    assert words[len(furigana)].surface == "を"


def test_refine_nanoka_is_never_na_noka() -> None:
    # a numeral and its counter keep the analyser's readings; what matters is
    # that no reading is cut in the middle of a sound
    words = _refined_words("七日を見た。")
    assert "".join(t.surface for t in words[:2]) == "七日"
    assert [r for t in words[:2] for _, r in t.furigana] != ["な", "のか"]
    # the division itself would be a guess: one ruby over the whole word
    parts, trusted = split_reading(analyze("七日")[:2], "なのか")
    assert not trusted


def test_refine_merged_compound_is_one_word_for_lookup() -> None:
    text = "饑死をする"
    toks = refine_readings(analyze(text), text)
    assert toks[0].surface == "饑死" and (toks[0].start, toks[0].end) == (0, 2)
    assert toks[0].reading == "うえじに" and toks[0].accent == ""
    entry = _first_entry(lookup_at(toks, 0))
    assert "うえじに" in [f.text for f in entry.kana]


def test_refine_rashomon_without_ruby(rashomon_path) -> None:
    from app.core.documents import load

    paragraphs = load(rashomon_path).paragraphs
    para = next(p for p in paragraphs if "饑死" in p)
    toks = refine_readings(analyze(para), para)
    hit = next(t for t in toks if t.start <= para.index("饑死") < t.end)
    assert hit.surface == "饑死"
    assert hit.furigana == (("饑死", "うえじに"),)
    # 行手 is read ゆくて (行く手), not ゆきて
    para = next(p for p in paragraphs if "行手" in p)
    toks = refine_readings(analyze(para), para)
    assert next(t for t in toks if t.surface == "行手").reading == "ゆくて"


@pytest.mark.parametrize("text, wrong", [
    ("一分毎を見た。", "いちぶん"), ("六分の恐怖", "ろっぷん"),
])
def test_refine_leaves_a_numeral_and_counter_jmdict_reads_several_ways(text: str, wrong: str) -> None:
    # 一分 is いっぷん, いちぶ or いちぶん in JMdict: the dictionary cannot choose (六分 is not a headword)
    raw = analyze(text)
    refined = refine_readings(raw, text)
    assert "".join(t.reading for t in refined[:2]) != wrong
    assert [t.reading for t in refined[:2]] == [t.reading for t in raw[:2]]


@pytest.mark.parametrize("word, head", [("棲む", "棲む"), ("帰る", "帰る"), ("言えない", "言う")])
def test_spelling_as_written_unless_the_lexeme_is_another_word(word: str, head: str) -> None:
    # 棲む is not 住む (unidic's lexeme, another kanji for it); 言え is still 言う, potential
    assert head in [f.text for f in _first_entry(lookup_word(word)).kanji]


def test_causative_auxiliary_is_the_auxiliary() -> None:
    toks, i = _click("辞めさせようとした", "させよう")
    entry = _first_entry(lookup_at(toks, i))
    assert any(p.startswith("auxiliary") for p in _pos_of(entry))


# --- the key a saved entry keeps ------------------------------------------------------


def test_entry_key_is_the_spelling_and_reading_of_the_text() -> None:
    kyou = _first_entry(lookup_word("今日"))
    assert kyou.key("今日", "きょう") == ("今日", "きょう")
    assert kyou.key("今日", "こんにち") == ("今日", "こんにち")  # the author's ruby said so
    assert kyou.key("今日") == ("今日", "きょう")
    ochiitta = lookup_word("陥った")
    m = ochiitta.matches[0]
    assert m.entries[0].key(m.text, "おちいった") == ("陥る", "おちいる")  # not 落ち入る
    wakatta = lookup_word("解った").matches[0]
    assert wakatta.entries[0].key(wakatta.text, "わかった") == ("解る", "わかる")  # as written, not 分かる
    suru = lookup_word("された").matches[0]
    assert suru.entries[0].key(suru.text, "された") == ("する", "する")
    assert _first_entry(lookup_word("カタカナ")).key("カタカナ") == ("カタカナ", "かたかな")
    abc = lookup_word("ABC").matches[0]
    assert abc.entries[0].key(abc.text) == ("ＡＢＣ", "えーびーしー")  # JMdict's full-width spelling


def test_one_json_form_for_every_result_type() -> None:
    """Fields as they are, except: empty restrictions left out, word types internal, reasons per entry."""
    from app.core.dictionary import to_json

    result = lookup_word("泳げなかった")
    data = to_json(result)
    assert data == result.to_json() and list(data) == ["matches", "kanji", "names", "inflection", "pitch"]
    entry = data["matches"][0]["entries"][0]
    assert list(entry) == ["id", "kanji", "kana", "senses", "common", "freq_band", "deinflection"]
    assert entry["deinflection"] == ["potential", "negative", "past"]
    assert "reasons" not in data["matches"][0]
    assert all("applies_to" not in f and "no_kanji" not in f for f in entry["kana"])
    katakana = next(f for f in _first_entry(lookup_word("カタカナ")).kana if f.text == "カタカナ")
    assert katakana.no_kanji and to_json(katakana)["no_kanji"] is True
    are = next(f for e in lookup_word("彼").matches[0].entries for f in e.kana if f.applies_to)
    assert to_json(are)["applies_to"] == list(are.applies_to)
