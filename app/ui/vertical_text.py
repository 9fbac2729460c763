"""Vertical writing (tategaki): how far each piece of text advances down a column, and how it stands there.

Japanese characters stand upright, one em each, drawn with the font's
vertical alternates (the OpenType `vert` feature: 、。 in the upper right
of their square, brackets turned, small kana moved to the upper right, ー
vertical). A run of one or two half-width digits stands upright side by
side in one square (tate-chu-yoko: 第12回), as do ! and ?, alone or paired
(!?); longer numbers and Latin words
lie on their side, turned 90° clockwise, as books set them. The layout
breaks columns with `VerticalMetrics`, which measures along the column;
`piece_draws` says where the painter puts each glyph.
"""

from __future__ import annotations

import re
__all__ = ["UPRIGHT", "ROTATED", "TATE_CHU_YOKO", "EM_BOX_ASCENT", "orientation", "column_offsets", "VerticalMetrics"]

UPRIGHT, ROTATED, TATE_CHU_YOKO = "upright", "rotated", "tcy"
# the top of the ideographic em box above the baseline, in em (CJK fonts:
# 880 of 1000 units above, 120 below); glyphs are centred in that box
EM_BOX_ASCENT = 0.88
_TCY = re.compile(r"[0-9]{1,2}|[!?]{1,2}")
# half-width text: ASCII, Latin letters with accents, half-width forms
_HALF_WIDTH = re.compile(r"[\u0020-\u024f\u2010-\u2027\u2030-\u205e\uff61-\uff9f]")


def orientation(text: str) -> str:
    """How *text* (one layout unit) stands in a column: UPRIGHT, ROTATED or TATE_CHU_YOKO."""
    if _TCY.fullmatch(text):
        return TATE_CHU_YOKO
    if _HALF_WIDTH.match(text):
        return ROTATED
    return UPRIGHT


def column_offsets(metrics, heading: bool = False) -> tuple[float, float]:
    """Across a column (from its right edge): where the ruby's square starts, and where the base's does."""
    return 1.0, metrics.ruby_em(heading) * 1.1 + 1.0


class VerticalMetrics:
    """text_layout.Metrics for columns: a piece's width is how far it advances down the column.

    Upright characters advance one em, a tate-chu-yoko pair one em, a
    turned Latin word by its own width. Ruby advances one ruby em a kana.
    Wraps the horizontal metrics (fonts, caches) it is made from.
    """

    def __init__(self, base) -> None:
        self.base = base
        self._cache: dict[tuple[str, bool], float] = {}

    def __getattr__(self, name: str):
        return getattr(self.base, name)

    def base_width(self, text: str, heading: bool = False) -> float:
        key = (text, heading)
        w = self._cache.get(key)
        if w is None:
            kind = orientation(text)
            em = self.base.em(heading)
            if kind == ROTATED:
                w = self.base.base_width(text, heading)
            elif kind == TATE_CHU_YOKO:
                w = em
            else:
                w = em * len(text)
            self._cache[key] = w
        return w

    def ruby_width(self, text: str, heading: bool = False) -> float:
        return self.base.ruby_em(heading) * len(text)

    def em(self, heading: bool = False) -> float:
        return self.base.em(heading)

    def line_height(self, heading: bool = False) -> float:
        """The pitch of the columns: ruby, the column itself, and air before the next column's ruby."""
        return round(self.base.ruby_em(heading) * 1.1 + self.base.em(heading) * 1.75)


