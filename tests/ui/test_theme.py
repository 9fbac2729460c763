"""The colours: the current word's outline stands apart in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from app.ui.theme import DARK, LIGHT, THEMES, reader_theme, warning_colour


def _over(colour: QColor, background: QColor) -> tuple[float, float, float]:
    """A translucent colour as it shows over the background."""
    a = colour.alphaF()
    return tuple(a * c + (1 - a) * b for c, b in zip(colour.getRgbF()[:3], background.getRgbF()[:3]))


def _distance(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_the_current_outline_stands_apart_from_every_fill(theme):
    current = _over(theme.current, theme.background)
    fills = [theme.hover, theme.selection, *theme.status_tints, theme.background]
    assert min(_distance(current, _over(f, theme.background)) for f in fills) > 0.35


def test_themes_by_name():
    assert reader_theme("dark") is DARK and reader_theme("sepia") is LIGHT
    assert set(THEMES) == {"light", "dark"} and DARK.dark and not LIGHT.dark
    assert warning_colour(True) != warning_colour(False)
