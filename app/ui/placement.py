"""Where the lookup popup goes, as a pure function of rectangles.

The rule (below the word, else above it, never over it, inside the window;
beside the column in vertical text) is the part of the popup that has
cases worth testing; here it can be tested with rectangles alone, no
widget shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

__all__ = ["placement", "placement_beside"]


def placement(word: QRect, size: QSize, area: QRect, gap: int = 4, margin: int = 4) -> QRect:
    """The popup's rectangle for a word whose box is *word*, all in *area*'s coordinates.

    *size* is what the popup would like to be; it is made narrower to fit
    the area, and shorter (its content scrolls) when neither side of the
    word has that much room, taking the roomier side. *gap* separates the
    popup from the word, *margin* from the area's edges. A word taller than
    the whole area is the one case where the popup overlaps it.
    """
    left, top = area.x(), area.y()
    right, bottom = area.x() + area.width(), area.y() + area.height()  # exclusive edges
    w = max(1, min(size.width(), area.width() - 2 * margin))
    want = max(1, size.height())
    word_top = word.y()
    below_top = word.y() + word.height() + gap  # QRect.bottom() is inclusive: use y + height
    room_below = bottom - margin - below_top
    room_above = word_top - gap - margin - top
    if room_below >= want:
        place_below, h = True, want
    elif room_above >= want:
        place_below, h = False, want
    elif max(room_below, room_above) > 0:  # neither fits: the roomier side, shrunk
        place_below = room_below >= room_above
        h = room_below if place_below else room_above
    else:  # a word taller than the area: overlapping cannot be helped
        return QRect(left + margin, top + margin, w, max(1, min(want, area.height() - 2 * margin)))
    y = below_top if place_below else word_top - gap - h
    x = max(left + margin, min(word.x(), right - margin - w))
    return QRect(x, y, w, h)


def placement_beside(word: QRect, size: QSize, area: QRect, gap: int = 4, margin: int = 4) -> QRect:
    """The popup's rectangle beside a word of vertical text: left of it (where the text goes on), else right.

    The popup never covers the word's column: it is made narrower when
    neither side has room for it, taking the roomier side, and is as high
    as it likes (within the area), starting level with the word.
    """
    left, top = area.x(), area.y()
    right, bottom = area.x() + area.width(), area.y() + area.height()  # exclusive edges
    want = max(1, size.width())
    h = max(1, min(size.height(), area.height() - 2 * margin))
    room_left = word.x() - gap - margin - left
    room_right = right - margin - (word.x() + word.width() + gap)
    if room_left >= want:
        on_left, w = True, want
    elif room_right >= want:
        on_left, w = False, want
    elif max(room_left, room_right) > 0:
        on_left = room_left >= room_right
        w = room_left if on_left else room_right
    else:  # a column wider than the area: overlapping cannot be helped
        return QRect(left + margin, top + margin, max(1, min(want, area.width() - 2 * margin)), h)
    x = word.x() - gap - w if on_left else word.x() + word.width() + gap
    y = max(top + margin, min(word.y(), bottom - margin - h))
    return QRect(x, y, w, h)
