"""Fonts and text measurement for the reader, backed by Qt's font metrics.

`text_layout` breaks lines with any object that has these methods; this is
the one the reader uses, with a width cache because a novel measures the
same few thousand strings over and over.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF

__all__ = ["SERIF_FAMILIES", "SANS_FAMILIES", "make_font", "QtMetrics"]

SERIF_FAMILIES = ["Noto Serif CJK JP", "Noto Serif JP", "IPAexMincho", "IPAMincho", "Hiragino Mincho ProN",
                  "Yu Mincho", "MS Mincho", "serif"]
SANS_FAMILIES = ["Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Hiragino Sans",
                 "Yu Gothic", "Meiryo", "sans-serif"]


def make_font(family: str, point_size: float) -> QFont:
    """The reader's font: the first installed Japanese family of the kind ("serif" or "sans")."""
    font = QFont()
    font.setFamilies(SERIF_FAMILIES if family == "serif" else SANS_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.Serif if family == "serif" else QFont.SansSerif)
    return font


class QtMetrics:
    """text_layout.Metrics backed by QFontMetricsF, with a width cache per string."""

    HEADING_SCALE = 1.35
    RUBY_SCALE = 0.5

    def __init__(self, base: QFont) -> None:
        self.base_font = QFont(base)
        self.ruby_font = QFont(base)
        self.ruby_font.setPointSizeF(base.pointSizeF() * self.RUBY_SCALE)
        self.heading_font = QFont(base)
        self.heading_font.setPointSizeF(base.pointSizeF() * self.HEADING_SCALE)
        self.heading_font.setBold(True)
        self.heading_ruby_font = QFont(self.ruby_font)
        self.heading_ruby_font.setPointSizeF(self.heading_font.pointSizeF() * self.RUBY_SCALE)
        self._fonts = {
            (False, False): self.base_font, (False, True): self.ruby_font,
            (True, False): self.heading_font, (True, True): self.heading_ruby_font,
        }
        self._fm = {key: QFontMetricsF(font) for key, font in self._fonts.items()}
        self._widths: dict[tuple[str, bool, bool], float] = {}
        self._vertical_fonts: dict[tuple[bool, bool], QFont] = {}

    def font(self, heading: bool, ruby: bool) -> QFont:
        return self._fonts[(heading, ruby)]

    def fm(self, heading: bool, ruby: bool) -> QFontMetricsF:
        return self._fm[(heading, ruby)]

    def vertical_font(self, heading: bool, ruby: bool) -> QFont:
        """The font with its vertical alternates on (OpenType `vert`): 、。 and brackets as columns want them."""
        font = self._vertical_fonts.get((heading, ruby))
        if font is None:
            font = QFont(self._fonts[(heading, ruby)])
            font.setFeature(QFont.Tag("vert"), 1)
            self._vertical_fonts[(heading, ruby)] = font
        return font

    def _width(self, text: str, heading: bool, ruby: bool) -> float:
        key = (text, heading, ruby)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self._fm[(heading, ruby)].horizontalAdvance(text)
        return w

    def base_width(self, text: str, heading: bool = False) -> float:
        return self._width(text, heading, False)

    def ruby_width(self, text: str, heading: bool = False) -> float:
        return self._width(text, heading, True)

    def ruby_band(self, heading: bool = False) -> float:
        return self._fm[(heading, True)].height()

    def line_height(self, heading: bool = False) -> float:
        # ruby band + base line + a little air; the same for every line of
        # the kind, whether or not it carries ruby
        base = self._fm[(heading, False)].height()
        return round(self.ruby_band(heading) + base * 1.25)

    def em(self, heading: bool = False) -> float:
        return self._width("あ", heading, False)

    def ruby_em(self, heading: bool = False) -> float:
        return self._width("あ", heading, True)

    def baselines(self, heading: bool, line_top: float, line_height: float) -> tuple[float, float]:
        """(base baseline, ruby baseline) of a line whose top is at *line_top*."""
        band = self.ruby_band(heading)
        base_fm = self._fm[(heading, False)]
        base_y = line_top + band + base_fm.ascent() + (line_height - band - base_fm.height()) * 0.35
        ruby_y = line_top + self._fm[(heading, True)].ascent() + 1
        return base_y, ruby_y
