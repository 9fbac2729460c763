"""Measures of how the text is set, computed from the layout: gaps inside words, room taken by ruby.

A Japanese reader sees at once a gap inside a word (難 しい) where a ruby
longer than its kanji pushed the kana away; `gap_share` counts them, as the
share of pairs of neighbouring base characters, one of them a kana, that
are further apart than 0.15 em. `ruby_space_share` is how much of the
lines' length ruby adds to the text's own advance. Tests and `shiori bench`
call both on the same layouts the reader paints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..core.chars import is_kana
from .text_layout import Metrics, ParagraphLayout, layout_paragraph, piece_chars

__all__ = ["GAP_EM", "GapCount", "gap_count", "ruby_space_share", "layouts"]

GAP_EM = 0.15


@dataclass(frozen=True)
class GapCount:
    gaps: int
    pairs: int

    @property
    def share(self) -> float:
        return self.gaps / self.pairs if self.pairs else 0.0


def gap_count(layouts: Iterable[ParagraphLayout], metrics: Metrics, threshold_em: float = GAP_EM) -> GapCount:
    """Pairs of neighbouring base characters on a line, one a kana, and how many lie over *threshold_em* apart."""
    gaps = pairs = 0
    for lay in layouts:
        limit = metrics.em(lay.heading) * threshold_em
        for line in lay.lines:
            chars = [c for p in line.pieces for c in piece_chars(p, metrics, lay.heading)]
            for (a, _, ua, wa), (b, _, ub, _) in zip(chars, chars[1:]):
                if not (is_kana(a) or is_kana(b)):
                    continue
                pairs += 1
                if ub - (ua + wa) > limit:
                    gaps += 1
    return GapCount(gaps, pairs)


def ruby_space_share(layouts: Iterable[ParagraphLayout]) -> float:
    """The advance ruby adds to the base text, as a share of the length of the lines it is on."""
    extra = total = 0.0
    for lay in layouts:
        for line in lay.lines:
            pieces = line.pieces
            if not any(p.ruby for p in pieces):
                continue
            extra += sum(p.width - p.base_width for p in pieces)
            total += lay.width
    return extra / total if total else 0.0


def layouts(paragraphs: Sequence[str], tokens: Sequence[Sequence | None], metrics: Metrics, width: float,
            policy: str = "jlreq") -> list[ParagraphLayout]:
    """Every paragraph laid out at *width* with *metrics* (VerticalMetrics for columns) by *policy*."""
    return [layout_paragraph(text, toks, width, metrics, policy=policy) for text, toks in zip(paragraphs, tokens)]
