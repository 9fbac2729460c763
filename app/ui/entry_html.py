"""A dictionary entry as Qt rich text: a pure function of the lookup result.

What the learner reads can then be tested without a widget. Qt's rich text
is a subset of HTML 4 (no ``<ruby>``, no ``border-radius``, no flexbox), so
furigana is a two-row table and the pitch accent is drawn with
``text-decoration: overline`` on each mora.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from app.core.furigana import align, has_kanji, to_hiragana

from .theme import entry_colours

if TYPE_CHECKING:
    from app.core.dictionary import Entry, KanjiInfo, LookupResult, Match, NameEntry, Pitch, Sense

__all__ = ["render_html", "message_html", "match_strip_html", "DOWNSTEP_MARK"]

DOWNSTEP_MARK = "\ua71c"  # ꜜ: the conventional mark after the mora where pitch falls
MAX_OTHER_FORMS = 4


def morae(kana: str) -> list[str]:
    """The dictionary's mora split, imported on first use: the window opens without the dictionary."""
    from app.core import dictionary

    return dictionary.morae(kana)


_NAME_TYPES = {
    "surname": "surname", "given": "given name", "fem": "female given name",
    "masc": "male given name", "person": "person", "place": "place", "company": "company",
    "organization": "organization", "station": "station", "product": "product",
    "work": "work", "unclass": "name",
}



def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _style(c: dict[str, str]) -> str:
    # Qt's CSS understands class selectors, colours, font sizes, margins and
    # cell padding; anything fancier is silently ignored.
    return f"""<style>
body {{ color: {c['text']}; }}
p {{ margin-top: 0px; margin-bottom: 2px; }}
.grey {{ color: {c['grey']}; font-size: small; }}
.pos {{ color: {c['pos']}; font-size: small; font-style: italic; }}
.num {{ color: {c['num']}; font-weight: bold; }}
.common {{ background-color: {c['common_bg']}; color: {c['common_fg']}; font-size: small; font-weight: bold; }}
.freq {{ background-color: {c['freq_bg']}; color: {c['freq_fg']}; font-size: small; }}
.ruby {{ color: {c['grey']}; font-size: small; }}
.head {{ font-size: x-large; }}
.head2 {{ font-size: large; }}
.hi {{ text-decoration: overline; }}
.drop {{ color: {c['pitch']}; font-weight: bold; font-size: large; }}
.reading {{ margin-top: 3px; margin-bottom: 3px; }}
.section {{ color: {c['heading']}; font-size: small; font-weight: bold; }}
.literal {{ font-size: xx-large; }}
.infl {{ color: {c['grey']}; }}
.msg {{ color: {c['grey']}; }}
</style>"""


def _frequency_text(band: int) -> str:
    """JMdict's nfXX bands hold 500 words each: nf03 is among the 1,500 most frequent."""
    return f"top {band * 500:,}"


def _readings(e: Entry, head: str) -> list[str]:
    """The kana forms that read ``head`` (a kana headword reads as itself)."""
    if not e.kanji or head in {k.text for k in e.kana}:
        return [head]
    return e.readings_for(head) or [k.text for k in e.kana]


def _pitch_html(kana: str, p: Pitch) -> str:
    """One accent drawn over the morae of ``kana`` (katakana stays katakana)."""
    m = morae(kana)
    if len(m) != len(p.pattern):
        m = morae(p.reading)
    parts = []
    for i, mora in enumerate(m):
        high = i < len(p.pattern) and p.pattern[i] == "H"
        cls = "hi" if high else "lo"
        parts.append(f'<span class="{cls}">{_e(mora)}</span>')
        if p.downstep and i + 1 == p.downstep:
            parts.append(f'<span class="drop">{DOWNSTEP_MARK}</span>')
    return "".join(parts) + f' <span class="grey">[{p.downstep}]</span>'


def _pitches_for(kana: str, pitch: tuple[Pitch, ...]) -> list[Pitch]:
    h = to_hiragana(kana)
    return [p for p in pitch if p.reading == h]


def _reading_line(readings: list[str], pitch: tuple[Pitch, ...]) -> str:
    """Each reading with every accent the analyser knows for it."""
    out = []
    for r in readings:
        ps = _pitches_for(r, pitch)
        if ps:
            out.append("&nbsp;&nbsp;".join(_pitch_html(r, p) for p in ps))
        else:
            out.append(_e(r))
    return "、".join(out)


def _ruby_table(head: str, reading: str | None, cls: str) -> str:
    """Furigana as a two-row table: Qt's rich text has no ``<ruby>``."""
    segments = align(head, reading) if reading and has_kanji(head) else [(head, None)]
    top = "".join(
        f'<td align="center" class="ruby">{_e(ruby) if ruby else "&nbsp;"}</td>' for _, ruby in segments)
    bottom = "".join(f'<td align="center" class="{cls}">{_e(text)}</td>' for text, _ in segments)
    return (f'<table cellspacing="0" cellpadding="0"><tr>{top}</tr>'
            f"<tr>{bottom}</tr></table>")


def _badges(e: Entry) -> str:
    out = []
    if e.common:
        out.append('<span class="common">&nbsp;common&nbsp;</span>')
    if e.freq_band:
        out.append(f'<span class="freq">&nbsp;{_e(_frequency_text(e.freq_band))}&nbsp;</span>')
    return "&nbsp;".join(out)


def _xref_text(ref: str) -> str:
    """JMdict writes cross-references as '寄る・よる・6'; a learner reads '寄る【よる】 sense 6'."""
    parts = ref.split("・")
    word = parts[0]
    rest = parts[1:]
    sense = rest.pop() if rest and rest[-1].isdigit() else None
    text = word + (f"【{rest[0]}】" if rest else "")
    if sense:
        text += f" sense {sense}"
    return text


def _sense_rows(senses: tuple[Sense, ...]) -> str:
    rows = []
    last_pos: tuple[str, ...] = ()
    for i, s in enumerate(senses, 1):
        if s.pos and s.pos != last_pos:
            rows.append(f'<tr><td colspan="2" class="pos" style="padding-top: 3px">{_e("; ".join(s.pos))}</td></tr>')
        last_pos = s.pos or last_pos
        text = _e("; ".join(s.glosses))
        notes = []
        tags = list(s.misc) + list(s.field) + [f"{d} dialect" if not d.endswith("-ben") else d for d in s.dialect]
        if tags:
            notes.append(", ".join(tags))
        if s.only_kanji or s.only_kana:
            notes.append("only " + "、".join(s.only_kanji + s.only_kana))
        if s.info:
            notes.append("; ".join(s.info))
        if s.xrefs:
            notes.append("see " + ", ".join(_xref_text(x) for x in s.xrefs))
        if s.antonyms:
            notes.append("antonym " + ", ".join(_xref_text(x) for x in s.antonyms))
        if notes:
            text += f' <span class="grey">({_e(" — ".join(notes))})</span>'
        rows.append(f'<tr><td align="right" valign="top" width="22" class="num">{i}.</td>'
                    f'<td valign="top" style="padding-left: 4px">{text}</td></tr>')
    return ('<table width="100%" cellspacing="0" cellpadding="1" style="margin-top: 2px; margin-bottom: 6px">'
            + "".join(rows) + "</table>")


def _entry_html(e: Entry, match: Match, pitch: tuple[Pitch, ...], inflection: str | None, main: bool) -> str:
    kanji_texts = {f.text for f in e.kanji}
    head = e.headword(match.text if match.text in kanji_texts else None)
    readings = _readings(e, head)
    ruby = readings[0] if head in kanji_texts else None
    cls = "head" if main else "head2"
    parts = [
        '<table cellspacing="0" cellpadding="0" style="margin-top: 6px"><tr>'
        f'<td valign="bottom">{_ruby_table(head, ruby, cls)}</td>'
        f'<td valign="bottom" style="padding-left: 10px; padding-bottom: 4px">{_badges(e)}</td>'
        "</tr></table>"
    ]
    if ruby or any(_pitches_for(r, pitch) for r in readings):  # a bare kana repeat says nothing
        parts.append(f'<p class="reading">{_reading_line(readings, pitch)}</p>')
    others = [f.text for f in e.kanji if f.text != head][:MAX_OTHER_FORMS]
    if others:
        parts.append(f'<p class="grey">also written {_e("、".join(others))}</p>')
    reasons = match.reasons_for(e.id)
    if main and inflection:
        parts.append(f'<p class="infl">← {_e(inflection)}</p>')
    elif reasons:
        parts.append(f'<p class="infl">← {_e(", ".join(reasons))}</p>')
    parts.append(_sense_rows(e.senses))
    return "".join(parts)


def _kanji_html(k: KanjiInfo) -> str:
    facts = k.facts()
    lines = [f"<b>{_e(', '.join(k.meanings)) or '&nbsp;'}</b>"]
    if k.on:
        lines.append(f'<span class="grey">on</span> {_e("、".join(k.on))}')
    if k.kun:
        lines.append(f'<span class="grey">kun</span> {_e("、".join(k.kun))}')
    if k.nanori:
        lines.append(f'<span class="grey">names</span> {_e("、".join(k.nanori[:6]))}')
    if facts:
        lines.append(f'<span class="grey">{_e(" · ".join(facts))}</span>')
    return ('<tr><td valign="top" align="center" class="literal" style="padding-right: 8px">'
            f'{_e(k.literal)}</td><td valign="top">{"<br>".join(lines)}</td></tr>')


def _name_html(n: NameEntry) -> str:
    forms = "・".join(n.kanji + n.kana) or n.text
    trans = []
    for t in n.translations:
        types = ", ".join(_NAME_TYPES.get(x, x) for x in t.types)
        item = _e("; ".join(t.glosses))
        if types:
            item += f' <span class="grey">({_e(types)})</span>'
        trans.append(item)
    return f'<p><span class="head2">{_e(forms)}</span>&nbsp;&nbsp;{"; ".join(trans)}</p>'


def message_html(text: str, dark: bool = False) -> str:
    """One sentence in the entry's place (nothing looked up yet, no dictionary)."""
    c = entry_colours(dark)
    return f'<html><head>{_style(c)}</head><body><p class="msg">{_e(text)}</p></body></html>'


def render_html(result: LookupResult, match_index: int = 0, dark: bool = False, surface: str = "",
                status: str | None = None) -> str:
    """The entry as Qt rich text.

    ``surface`` names the clicked word when nothing is found; ``status`` is
    the dictionary's own sentence when it cannot be used (not installed,
    damaged), shown instead of the entry. Whoever looked the word up passes
    it in, so the same arguments always give the same page.
    """
    c = entry_colours(dark)
    if status:
        return message_html(status, dark)
    if not result.found:
        word = f"「{surface}」" if surface else "this word"
        return message_html(f"No dictionary entry for {word}.", dark)

    sections: list[str] = []
    names = ""
    if result.names:
        names = '<p class="section">Names</p>' + "".join(_name_html(n) for n in result.names)
    if result.matches:
        match_index = max(0, min(match_index, len(result.matches) - 1))
        match = result.matches[match_index]
        # The analyser's inflection sentence is about the clicked form; it
        # belongs with the match that starts at the click (the first).
        inflection = result.inflection if match_index == 0 else None
        sections.append(_entry_html(match.entries[0], match, result.pitch, inflection, main=True)
                        if match.entries else "")
        if len(match.entries) > 1:
            sections.append(f'<p class="section">Other entries for {_e(match.text)}</p>'
                            + "".join(_entry_html(e, match, result.pitch, None, main=False)
                                      for e in match.entries[1:]))
    else:
        # Only names: they are the answer, so they come first, with what the
        # analyser knows about the clicked word's sound and form.
        head = [names]
        names = ""
        if result.pitch:
            p0 = result.pitch[0]
            kana = surface if surface and to_hiragana(surface) == p0.reading else p0.reading
            head.append(f'<p class="reading"><span class="grey">pitch</span> '
                        f'{_reading_line([kana], result.pitch)}</p>')
        if result.inflection:
            head.append(f'<p class="infl">← {_e(result.inflection)}</p>')
        sections.append("".join(head))
    if result.kanji:
        sections.append('<p class="section">Kanji</p><table cellspacing="0" cellpadding="3">'
                        + "".join(_kanji_html(k) for k in result.kanji) + "</table>")
    if names:
        sections.append(names)
    body = "<hr>".join(s for s in sections if s)
    return f"<html><head>{_style(c)}</head><body>{body}</body></html>"


def match_strip_html(result: LookupResult, index: int) -> str:
    """The spans the click could mean (取締役会 · 取締役 · 取締), the one shown in bold."""
    items = []
    for i, m in enumerate(result.matches):
        text = _e(m.text)
        items.append(f"<b>{text}</b>" if i == index
                     else f'<a href="match:{i}" style="text-decoration: none">{text}</a>')
    return " · ".join(items)
