"""Where ruby goes on a line, by the rules Japanese books follow (JLREQ §3.3, Appendix F); no painting.

A ruby longer than its base used to widen the base's box, which opens a
gap inside the word (難 しい). Books do otherwise: the ruby may hang over
the kana or punctuation beside its base by up to one ruby character on
each side, never over a kanji and never over another ruby; only what
cannot hang over spaces the base out, and that space is spread around the
base characters (JLREQ's 1:2:1), not put on one side. A ruby shorter than
its base is spread over it the same way.

Three kinds of ruby:

- mono-ruby over one kanji;
- jukugo-ruby over a compound whose reading was divided among its kanji
  (see `jukugo`): the kanji may break across lines, each keeping its own
  reading; on one line, when every reading fits its kanji each sits over
  its own, otherwise the readings are set together over the compound;
- group ruby over bases that cannot be divided: one unbreakable piece.

`place_line` works on the pieces of one line, in the inline direction, so
the same rules serve horizontal lines and vertical columns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, Sequence

from ..core.chars import is_kana, is_kanji

__all__ = ["PLAIN", "MONO", "JUKUGO", "GROUP", "POLICIES", "PlacedPiece", "overhang_allowance", "place_line"]

PLAIN, MONO, JUKUGO, GROUP = 0, 1, 2, 3
# "jlreq": the rules above; "widen": every ruby piece as wide as the wider of
# base and ruby, ruby centred (what Shiori did before; the benchmarks compare)
POLICIES = ("jlreq", "widen")

# What ruby may hang over (JLREQ §3.3.8): kana (cl-15, cl-16), the long-vowel
# mark (cl-10), small kana (cl-11), brackets, full stops, commas and middle
# dots (cl-01, 02, 05, 06, 07), and spaces.
_OVERHANGABLE_PUNCTUATION = frozenset("、。，．・：；「」『』（）〔〕［］｛｝〈〉《》【】"
                                      "〘〙〖〗‘’“”〝〟\u3000 …‥")


class PlacedPiece(Protocol):
    """What place_line reads and writes on a piece (text_layout.Piece)."""

    x: float
    width: float
    text: str
    ruby: str | None
    base_width: float
    ruby_width: float
    kind: int
    compound: int
    base_x: float
    base_gap: float
    ruby_x: float
    ruby_gap: float


@lru_cache(maxsize=4096)
def _overhangable(text: str) -> bool:
    return len(text) == 1 and not is_kanji(text) and (is_kana(text) or text in _OVERHANGABLE_PUNCTUATION)


def overhang_allowance(piece: PlacedPiece | None, ruby_em: float) -> float:
    """How far a neighbouring ruby may hang over *piece*: one ruby character over kana and punctuation, else 0."""
    if piece is None or piece.ruby or not _overhangable(piece.text):
        return 0.0
    return min(ruby_em, piece.base_width)


def _clusters(pieces: Sequence[PlacedPiece]) -> list[tuple[int, int]]:
    """(first, end) of each run of pieces that takes its ruby as one: a ruby piece, or a jukugo's kanji on this line."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(pieces)
    while i < n:
        p = pieces[i]
        if p.kind == PLAIN:
            i += 1
            continue
        j = i + 1
        if p.kind == JUKUGO:
            while j < n and pieces[j].kind == JUKUGO and pieces[j].compound == p.compound:
                j += 1
        out.append((i, j))
        i = j
    return out


def _spread(total: float, weights: Sequence[float]) -> list[float]:
    s = sum(weights)
    if s <= 0:
        return [total / len(weights)] * len(weights) if weights else []
    return [total * w / s for w in weights]


def place_line(pieces: Sequence[PlacedPiece], ruby_em: float, policy: str = "jlreq",
               at_start: bool = True, at_end: bool = True) -> float:
    """Give every piece of one line its x, width and the positions of its base and ruby; return the line's width.

    *at_start* / *at_end*: whether the first / last piece touches the edge
    of the line (no overhang there: JLREQ aligns ruby with the line's head
    and end instead); False when measuring a piece of a line in the middle.
    """
    # while placing, base_x and ruby_x are offsets from the piece's own x; only
    # ruby pieces ever have them other than 0 (a long paragraph has hundreds of pieces)
    for p in pieces:
        p.width = p.base_width
        if p.ruby:
            p.base_gap = p.ruby_gap = p.base_x = p.ruby_x = 0.0
    if policy == "widen":
        for p in pieces:
            if p.ruby:
                p.width = max(p.base_width, p.ruby_width)
                p.base_x = (p.width - p.base_width) / 2
                p.ruby_x = (p.width - p.ruby_width) / 2
    else:
        _place_jlreq(pieces, ruby_em, at_start, at_end)
    x = 0.0
    for p in pieces:
        p.x = x
        if p.ruby:
            p.base_x += x
            p.ruby_x += x
        else:
            p.base_x = x
        x += p.width
    return x


def _place_jlreq(pieces: Sequence[PlacedPiece], ruby_em: float, at_start: bool, at_end: bool) -> None:
    """Widths, base pads and ruby offsets (relative to each piece's x) for every cluster on the line."""
    n = len(pieces)
    taken = [0.0] * n  # how much of each plain piece a ruby before it already hangs over
    for first, end in _clusters(pieces):
        group = pieces[first:end]
        left = pieces[first - 1] if first > 0 else None
        right = pieces[end] if end < n else None
        head = first == 0 and at_start
        tail = end == n and at_end
        a_left = overhang_allowance(left, ruby_em)
        if left is not None and taken[first - 1] > 0:
            # keep one ruby character between two rubies over the same kana (JLREQ 3.3.8 c)
            a_left = max(0.0, min(a_left, left.base_width - ruby_em - taken[first - 1]))
        a_right = overhang_allowance(right, ruby_em)
        over_right = _place_cluster(group, a_left, a_right, ruby_em, head, tail)
        if right is not None and over_right > 0:
            taken[end] = over_right


def _place_cluster(group: Sequence[PlacedPiece], a_left: float, a_right: float, ruby_em: float,
                   head: bool, tail: bool) -> float:
    """Place one cluster's base and ruby; return how far its ruby hangs over the piece after it."""
    if len(group) == 1:
        base, ruby = group[0].base_width, group[0].ruby_width
    else:
        base = sum(p.base_width for p in group)
        ruby = sum(p.ruby_width for p in group)
    jukugo = group[0].kind == JUKUGO
    if jukugo and all(p.ruby_width <= p.base_width + 0.01 for p in group):
        for p in group:  # every reading fits its own kanji: each sits over it, centred
            p.ruby_x = (p.base_width - p.ruby_width) / 2
        return 0.0
    excess = ruby - base
    if excess <= 0.01:
        _spread_ruby(group, base, ruby, ruby_em)
        return 0.0
    # Hang over the neighbours as far as they allow, centred when both can take
    # half; the side after the base takes what the other cannot (JLREQ's
    # preference). At the head or end of a line the ruby may not pass the
    # edge: what would hang there becomes room between the edge and the base
    # (JLREQ 3.3.9, its first method), outside the word rather than inside it.
    if head:
        a_left = excess
    if tail:
        a_right = excess
    over_l = min(a_left, excess / 2)
    over_r = min(a_right, excess / 2)
    rest = excess - over_l - over_r
    more = min(a_right - over_r, rest)
    over_r += more
    rest -= more
    more = min(a_left - over_l, rest)
    over_l += more
    rest -= more
    _space_bases(group, max(rest, 0.0), jukugo)
    edge_before = over_l if head else 0.0
    edge_after = over_r if tail else 0.0
    if edge_before:
        group[0].base_x += edge_before  # while placing, base_x is the room before the base
        group[0].width += edge_before
    if edge_after:
        group[-1].width += edge_after
    # the ruby, set solid, starts where it hangs over the piece before (or at the line's head)
    offset = -(over_l - edge_before)
    for p in group:
        p.ruby_x = offset
        offset += p.ruby_width - p.width
    return 0.0 if tail else over_r


def _spread_ruby(group: Sequence[PlacedPiece], base: float, ruby: float, ruby_em: float) -> None:
    """A ruby no longer than its base: spread over it, ends to gaps 1:2 (JLREQ 3.3.6), ends at most one ruby em."""
    if len(group) > 1:  # a jukugo whose readings do not each fit: set together, centred
        offset = (base - ruby) / 2
        for p in group:
            p.ruby_x = offset
            offset += p.ruby_width - p.width
        return
    p = group[0]
    m = len(p.ruby)
    room = base - ruby
    if m < 2 or room <= 0.01:
        p.ruby_x = room / 2
        return
    unit = room / (2 * m)
    ends = min(unit, ruby_em)
    p.ruby_gap = (room - 2 * ends) / (m - 1)
    p.ruby_x = ends


def _space_bases(group: Sequence[PlacedPiece], space: float, jukugo: bool) -> None:
    """Spread *space* around the bases: 1:2:1 for group and mono ruby; for jukugo, around its long readings."""
    if space <= 0:
        return
    if jukugo:
        # Appendix F: only kanji with more than two ruby characters are spaced
        # out, by their share of the ruby's length, half before and half after
        long = [p.ruby_width - p.base_width if p.ruby_width > p.base_width + 0.01 else 0.0 for p in group]
        for p, share in zip(group, _spread(space, long)):
            p.base_x = share / 2
            p.width = p.base_width + share
        return
    for p in group:  # mono or group ruby: one piece
        chars = max(1, len(p.text))
        slots = _spread(space, [1.0] + [2.0] * (chars - 1) + [1.0])
        p.base_x = slots[0]
        p.base_gap = slots[1] if chars > 1 else 0.0
        p.width = p.base_width + space
