"""The lookup's first entry is the word the reader clicked, in the sense the sentence uses.

Each case is a click in a real sentence, through what `shiori lookup --sentence` does.
"""

from pathlib import Path

import pytest

from app.cli.lookup import lookup_in_sentence, run_lookup
from app.core import documents
from app.core.analysis import analyze, analyze_document
from app.core.word_keys import saved_key

DATA = Path(__file__).parent / "data"


def _first(service, sentence: str, word: str):
    result = lookup_in_sentence(service, word, sentence)
    match = result.matches[0]
    return match, match.entries[0]


def _kana(entry) -> set[str]:
    return {k.text for k in entry.kana}


def test_the_past_auxiliary_before_no_is_not_dano(dictionary_service):
    match, entry = _first(dictionary_service, "彼を追い込んだのは誰だ。", "だ")
    assert match.text == "だ" and "だの" not in _kana(entry)


def test_tsu_of_ikutsuka_is_ikutsuka(dictionary_service):
    match, entry = _first(dictionary_service, "幾つかの例がある。", "つ")
    assert match.text == "幾つか" and "いくつか" in _kana(entry)


@pytest.mark.parametrize("sentence", ["そうします。", "そうしたらいい。"])
def test_the_adverb_sou_before_shi_is_not_soushi(dictionary_service, sentence):
    match, entry = _first(dictionary_service, sentence, "そう")
    assert all(e.kanji == () or e.usually_kana for e in match.entries[:1])
    assert not {f.text for f in entry.kanji} & {"創始", "草紙"}


def test_furu_in_rashomon_is_a_verb(dictionary_service, rashomon_path):
    doc = documents.load(rashomon_path)
    sentence = next(p for p in doc.paragraphs if "にふる雨" in p)
    match, entry = _first(dictionary_service, sentence, "ふる")
    assert "降る" in {f.text for f in match.entries[0].kanji + match.entries[1].kanji}
    assert entry.word_types and "負" not in {f.text for f in entry.kanji}


def test_beki_is_the_auxiliary_beki(dictionary_service):
    tokens = dictionary_service.refine_readings(analyze("できるだけ早く構築されるべきだと信じている。"))
    i = next(k for k, t in enumerate(tokens) if t.surface == "べき")
    entry = dictionary_service.lookup_at(tokens, i).best
    assert "べき" in _kana(entry) and any(p.startswith("auxiliary") for s in entry.senses for p in s.pos)
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.key == ("べき", "べき") and span.entry_id == entry.id


def test_zutsu_resolves_to_zutsu(dictionary_service):
    # JMdict has ずつ only as a suffix; it is still ずつ, not a counter or a noun of that sound
    tokens = dictionary_service.refine_readings(analyze("一つずつ取る。"))
    i = next(k for k, t in enumerate(tokens) if t.surface == "ずつ")
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.key == ("ずつ", "ずつ") and span.entry_id == dictionary_service.lookup_at(tokens, i).best.id


def test_obocchan_is_the_longest_match_and_read_o(dictionary_service):
    match, entry = _first(dictionary_service, "御坊っちゃんは泣いた。", "御坊")
    assert match.text == "御坊っちゃん" and "おぼっちゃん" in _kana(entry)
    tokens = dictionary_service.refine_readings(analyze("御坊っちゃんは泣いた。"))
    assert tokens[0].surface == "御" and list(tokens[0].furigana) == [("御", "お")]


@pytest.mark.parametrize("sentence", ["日本語を話す。", "日本に来た。", "日本の首都は東京だ。"])
def test_nihon_is_nihon(dictionary_service, sentence):
    tokens = dictionary_service.refine_readings(analyze(sentence))
    assert tokens[0].surface == "日本" and tokens[0].reading == "にほん"


@pytest.mark.parametrize("sentence, ruby, reading", [
    ("会議の最中に電話が鳴った。", None, "さいちゅう"), ("お茶と最中を出した。", (3, 5, "もなか"), "もなか"),
])
def test_the_reading_in_context_picks_the_entry(dictionary_service, sentence, ruby, reading):
    tokens = dictionary_service.refine_readings(analyze(sentence, [ruby] if ruby else None))
    i = next(k for k, t in enumerate(tokens) if t.surface == "最中")
    entry = dictionary_service.lookup_at(tokens, i).best
    assert reading in _kana(entry)
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.entry_id == entry.id and span.key == ("最中", reading)


@pytest.mark.parametrize("sentence, reading", [("四月一日に会った。", "ついたち"), ("その一日は長かった。", "いちにち")])
def test_ichinichi_and_tsuitachi_are_two_entries(dictionary_service, sentence, reading):
    match, entry = _first(dictionary_service, sentence, "一日")
    assert reading in _kana(entry)


@pytest.mark.parametrize("reading", ["かざぐるま", "ふうしゃ"])
def test_one_entry_two_readings_keys_the_reading_read(dictionary_service, reading):
    # 風車 is one JMdict entry read ふうしゃ or かざぐるま: the word saved is the one read
    tokens = dictionary_service.refine_readings(analyze("風車が回る。", [(0, 2, reading)]))
    span = dictionary_service.resolve_words(tokens)[0]
    result = dictionary_service.lookup_at(tokens, 0)
    assert span.key == ("風車", reading)
    assert span.key == saved_key(tokens, 0, result.matches[0], result.best)


@pytest.mark.parametrize("sentence, verb", [("話しに行く。", True), ("楽しい話しをした。", False)])
def test_a_continuative_is_the_verb_unless_used_as_a_noun(dictionary_service, sentence, verb):
    tokens = dictionary_service.refine_readings(analyze(sentence))
    i = next(k for k, t in enumerate(tokens) if t.surface == "話し")
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.key == (("話す", "はなす") if verb else ("話し", "はなし"))


def test_iu_in_kana_is_iu(dictionary_service):
    # といって: the analyser's 言う, not いる (to need) whose past is spelt the same
    match, entry = _first(dictionary_service, "先生は有難うといって、それを受け取った。", "いっ")
    assert "言う" in {f.text for f in entry.kanji}


def test_kokoro_lookups_agree_with_word_resolution(dictionary_service):
    """In こころ's first chapters, as the reader has them, the popup's first entry is the word's entry."""
    doc = documents.load(DATA / "kokoro_start_aozora_sjis.txt")
    compared = 0
    for tokens in dictionary_service.refine_many(analyze_document(doc)):
        for span in dictionary_service.resolve_words(tokens):
            result = dictionary_service.lookup_at(tokens, span.first)
            if not result.matches or (result.matches[0].start, result.matches[0].end) != (span.first, span.end):
                continue
            m = result.matches[0]
            assert (span.key, span.entry_id) == (saved_key(tokens, m.start, m, m.entries[0]), m.entries[0].id)
            compared += 1
    assert compared > 1000


def test_lookup_sentence_prints_the_click(dictionary_service, capsys):
    import io
    import json

    out = io.StringIO()
    assert run_lookup(["日本"], True, out, dictionary_service, sentence="日本語を話す。") == 0
    data = json.loads(out.getvalue())
    assert data["matches"][0]["text"] == "日本語"
    assert data["matches"][0]["entries"][0]["kana"][0]["text"] == "にほんご"


def test_obocchan_comes_first_before_the_readings_are_checked(dictionary_service):
    # the reader's first screen is the analyser's alone: the compound still leads
    tokens = analyze("御坊っちゃんは泣いた。")
    assert dictionary_service.lookup_at(tokens, 0).matches[0].text == "御坊っちゃん"


def test_a_word_read_as_the_author_reads_it_is_that_word(dictionary_service):
    # JMdict reads 宅 たく only; the author's うち is the word the text has, and the one saved
    tokens = dictionary_service.refine_readings(analyze("先生の宅を訪ねた。", [(3, 4, "うち")]))
    i = next(k for k, t in enumerate(tokens) if t.surface == "宅")
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    result = dictionary_service.lookup_at(tokens, i)
    assert span.key == ("宅", "うち") == saved_key(tokens, i, result.matches[0], result.best)


@pytest.mark.parametrize("sentence, reading, gloss", [
    ("人間を愛し得る人もいる。", "うる", "to be able to ..."), ("相当の地位を得るために働いた。", "える", "to get"),
    ("知識を得る。", "える", "to get"), ("人の信頼を得るだろう。", "える", "to get"),
])
def test_eru_after_a_verb_is_uru_can(dictionary_service, sentence, reading, gloss):
    # 得る after a verb's continuative is うる, "can" (a verb JMdict gives no class), not える, "to get"
    tokens = dictionary_service.refine_readings(analyze(sentence))
    i = next(k for k, t in enumerate(tokens) if t.surface == "得る")
    assert tokens[i].reading == reading
    entry = dictionary_service.lookup_at(tokens, i).best
    assert reading in _kana(entry) and entry.senses[0].glosses[0] == gloss
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.entry_id == entry.id


@pytest.mark.parametrize("sentence, surface, reading", [
    ("もうその話は止めよう。", "止めよう", "やめる"), ("足を止めよう。", "止めよう", "とめる"),
    ("襖が開いた。", "開い", "あく"), ("戸を開いた。", "開い", "ひらく"),
    ("行く事に極めた。", "極め", "きめる"), ("私は室へ入った。", "室", "へや"),
    ("三人の中で一番背が高い。", "中", "うち"),
])
def test_the_entry_follows_the_reading_the_grammar_chose(dictionary_service, sentence, surface, reading):
    tokens = dictionary_service.refine_readings(analyze(sentence))
    i = next(k for k, t in enumerate(tokens) if t.surface == surface)
    entry = dictionary_service.lookup_at(tokens, i).best
    assert reading in _kana(entry)
    span = next(s for s in dictionary_service.resolve_words(tokens) if s.first == i)
    assert span.key[1] == reading
