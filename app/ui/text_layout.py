"""Line breaking of analysed paragraphs into boxes, with Japanese rules; no painting.

The reader view paints what this computes and hit-tests against it, so the
layout is an object of its own that tests can drive with any font metrics.
Paragraphs are laid out lazily: only those the view asks for (the visible
ones) are broken into lines; the others have an estimated height until then,
which is what lets a novel show its first page at once. The paragraphs'
tops are prefix sums of their heights, kept in a Fenwick tree: a height
changes in O(log n), and a novel's twenty thousand tops are never summed
again because one paragraph came into view.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from .jukugo import split_reading
from .prefix_sums import PrefixSums, Tops
from .ruby_layout import GROUP, JUKUGO, MONO, PLAIN, place_line

# A line may not begin with these (JIS X 4051 gyoto kinsoku, the common set).
NO_LINE_START = frozenset("、。，．・：；？！ー）」』】〕〉》ぁぃぅぇぉっゃゅょゎ"
                          "ァィゥェォッャュョヮヵヶ,.:;?!)]}’”〟々ゝゞヽヾ")
# ... nor end with these (gyomatsu kinsoku).
NO_LINE_END = frozenset("（「『【〔〈《([{‘“〝")
# Punctuation that may hang into the margin instead of being pushed to the next line.
HANGING = frozenset("、。，．,.")

# Latin words and numbers stay whole (and !? pairs, which vertical text sets in one square).
_WORD_CHAR = re.compile(r"[!?0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u00C0-\u024F]")
_WORD_RUN = re.compile(r"[!?]{2}|[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u00C0-\u024F]+"
                       r"(?:[.,'’\-_/:][0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u00C0-\u024F]+)*")


class Metrics(Protocol):
    """Text measurement, in pixels along the line. `heading` selects the larger heading font."""

    def base_width(self, text: str, heading: bool = False) -> float: ...
    def ruby_width(self, text: str, heading: bool = False) -> float: ...
    def line_height(self, heading: bool = False) -> float: ...
    def em(self, heading: bool = False) -> float: ...


@dataclass(slots=True)
class Piece:
    """The smallest unbreakable unit: a base text, with the ruby over it if any.

    *x* and *width* are the piece's box on its line (what hit-testing and
    the marks use); *base_x* is where its base text starts (later than *x*
    when the base is spaced out for a long ruby), *base_gap* the room
    between its characters; *ruby_x* is where its ruby starts, which may be
    before *x* or end after the box when the ruby hangs over a neighbour,
    *ruby_gap* the room between ruby characters. All along the line.
    """

    x: float
    width: float
    text: str
    ruby: str | None
    start: int  # character offsets in the paragraph
    end: int
    token: int  # index into the paragraph's tokens, -1 before analysis
    base_width: float = 0.0  # the base text's own advance
    ruby_width: float = 0.0  # the ruby's own advance, set solid
    kind: int = PLAIN  # PLAIN, MONO, JUKUGO or GROUP (ruby_layout)
    compound: int = -1  # the jukugo a JUKUGO piece belongs to
    base_x: float = 0.0
    base_gap: float = 0.0
    ruby_x: float = 0.0
    ruby_gap: float = 0.0


@dataclass(slots=True)
class Run:
    """Consecutive pieces of one token on one line: what the mouse hits."""

    token: int
    x: float
    width: float
    pieces: list[Piece]

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


@dataclass(slots=True)
class Line:
    y: float  # top, relative to the paragraph
    height: float
    runs: list[Run]
    xs: list[float] = field(default_factory=list)  # run left edges, for bisect

    @property
    def start(self) -> int:
        return self.runs[0].start if self.runs else 0

    @property
    def end(self) -> int:
        return self.runs[-1].end if self.runs else 0

    @property
    def text(self) -> str:
        return "".join(p.text for r in self.runs for p in r.pieces)

    @property
    def pieces(self) -> list[Piece]:
        return [p for r in self.runs for p in r.pieces]


@dataclass(slots=True)
class ParagraphLayout:
    lines: list[Line]
    height: float
    heading: bool
    width: float


Unit = tuple[str, "str | None", int, int, int, int]  # text, ruby, start, token, kind, compound


def _units(text: str, tokens: Sequence | None, jukugo: bool = True) -> list[Unit]:
    """(text, ruby, start, token, kind, compound) units in reading order.

    A ruby over several kanji whose reading can be divided among them
    (*jukugo*) becomes one unit per kanji, each with its own reading, so
    that the compound may break between them; a ruby that cannot be divided
    is one unit, group ruby.
    """
    units: list[Unit] = []

    def plain(s: str, start: int, token: int) -> None:
        if len(s) == 1 and not _WORD_CHAR.match(s):
            units.append((s, None, start, token, PLAIN, -1))
            return
        pos = 0
        for m in _WORD_RUN.finditer(s):
            for i in range(pos, m.start()):
                units.append((s[i], None, start + i, token, PLAIN, -1))
            units.append((m.group(), None, start + m.start(), token, PLAIN, -1))
            pos = m.end()
        for i in range(pos, len(s)):
            units.append((s[i], None, start + i, token, PLAIN, -1))

    if tokens is None:
        plain(text, 0, -1)
        return units
    compound = 0
    for ti, tok in enumerate(tokens):
        offset = tok.start
        for seg, ruby in tok.furigana:
            if not ruby:
                plain(seg, offset, ti)
            elif len(seg) == 1:
                units.append((seg, ruby, offset, ti, MONO, -1))
            else:
                parts = split_reading(seg, ruby) if jukugo else None
                if parts is None:
                    units.append((seg, ruby, offset, ti, GROUP, -1))
                else:
                    for k, (ch, part) in enumerate(zip(seg, parts)):
                        units.append((ch, part, offset + k, ti, JUKUGO, compound))
                    compound += 1
            offset += len(seg)
    return units


def can_break(before: Piece, after: Piece) -> bool:
    """Whether a line may end after *before* and the next begin with *after* (kinsoku, Latin words)."""
    if after.text[:1] in NO_LINE_START or before.text[-1:] in NO_LINE_END:
        return False
    # inside a run of Latin text a break is only allowed at a space
    if before.text[-1:].isascii() and after.text[:1].isascii():
        return before.text[-1:].isspace() or after.text[:1].isspace()
    return True


def _pieces(text: str, tokens: Sequence | None, width: float, metrics: Metrics, heading: bool,
            policy: str) -> list[Piece]:
    pieces: list[Piece] = []
    widths: dict[str, float] = {}  # a paragraph measures the same few characters again and again
    measure = metrics.base_width
    for utext, ruby, start, token, kind, compound in _units(text, tokens, jukugo=policy == "jlreq"):
        bw = widths.get(utext)
        if bw is None:
            bw = widths[utext] = measure(utext, heading)
        if ruby is None and len(utext) == 1:
            pieces.append(Piece(0.0, bw, utext, None, start, start + 1, token, bw))
            continue
        if bw > width and ruby is None and len(utext) > 1:
            # a word longer than a line is split between characters
            for i, ch in enumerate(utext):
                cw = metrics.base_width(ch, heading)
                pieces.append(Piece(0.0, cw, ch, None, start + i, start + i + 1, token, cw))
            continue
        rw = metrics.ruby_width(ruby, heading) if ruby else 0.0
        pieces.append(Piece(0.0, bw, utext, ruby, start, start + len(utext), token, bw, rw, kind, compound))
    return pieces


def _overflows(line: Sequence[Piece], line_width: float, width: float) -> bool:
    """Whether a placed line is wider than *width*, a last 、。 that hangs in the margin aside."""
    if line_width <= width + 0.01:
        return False
    last = line[-1]
    return not (last.text in HANGING and line_width - last.width <= width + 0.01)


def _break_at(pieces: Sequence[Piece], i: int, k: int) -> int:
    """The last allowed break at or before *k* on a line starting at *i* (i when there is none)."""
    while k > i and not can_break(pieces[k - 1], pieces[k]):
        k -= 1
    return k


def _place_as_mid_line(line: Sequence[Piece], placed: Sequence[tuple], first: int) -> None:
    """Give the pieces of a line starting at piece *first* their mid-line places, moved to start at 0."""
    x0 = placed[first][0]
    for k, p in enumerate(line, first):
        x, p.width, base_x, ruby_x, p.base_gap, p.ruby_gap = placed[k]
        p.x, p.base_x, p.ruby_x = x - x0, base_x - x0, ruby_x - x0


def break_lines(pieces: list[Piece], width: float, ruby_em: float, policy: str = "jlreq") -> list[list[Piece]]:
    """Break placed pieces into lines no wider than *width*, each placed with its own edges.

    The pieces' widths depend on their neighbours (a ruby hangs over the
    kana beside it, but not past the end of a line), so each line is first
    filled with the widths the pieces have in the middle of a line, then
    placed again with its own edges when a ruby piece begins or ends it
    (otherwise those widths are already its own); a line that came out too
    wide gives back its last pieces, to the break before them.
    """
    n = len(pieces)
    if sum(max(p.base_width, p.ruby_width) for p in pieces) <= width + 0.01:
        # no placement is wider than every ruby widening its base: the paragraph is one line
        place_line(pieces, ruby_em, policy)
        return [pieces]
    place_line(pieces, ruby_em, policy, at_start=False, at_end=False)
    placed = [(p.x, p.width, p.base_x, p.ruby_x, p.base_gap, p.ruby_gap) for p in pieces]
    advance = [p.width for p in pieces]
    lines: list[list[Piece]] = []
    i = 0
    while i < n:
        x = advance[i]
        j = i + 1
        while j < n:
            if x + advance[j] <= width + 0.01:
                x += advance[j]
                j += 1
            elif pieces[j].text in HANGING and x <= width + 0.01:
                j += 1  # one 、。 may hang in the margin rather than start the next line
                break
            else:
                break
        k = j
        if j < n:
            k = _break_at(pieces, i, j)
            if k == i:
                k = j  # nowhere allowed: break here rather than overflow forever
        while True:
            line = pieces[i:k]
            moved = not line[0].ruby and not line[-1].ruby and line[0].text != " "
            if moved:
                # no ruby at either end: the widths mid-line are this line's own, to be moved to its start
                line_width = placed[k - 1][0] + placed[k - 1][1] - placed[i][0]
            elif lines and line[0].text == " ":
                line[0].base_width, saved = 0.0, line[0].base_width  # a space starting a wrapped line takes no room
                line_width = place_line(line, ruby_em, policy)
                line[0].base_width = saved
            else:
                line_width = place_line(line, ruby_em, policy)
            if k - i <= 1 or not _overflows(line, line_width, width):
                if moved:
                    _place_as_mid_line(line, placed, i)
                break
            back = _break_at(pieces, i, k - 1)
            if back == i:
                break  # no earlier break: the line overflows, as an unbreakable run must
            k = back
        lines.append(line)
        i = k
    if not lines:
        lines.append([])
    return lines


def layout_paragraph(text: str, tokens: Sequence | None, width: float, metrics: Metrics,
                     heading: bool = False, policy: str = "jlreq") -> ParagraphLayout:
    """Break one paragraph into lines no wider than *width*, ruby placed by *policy* (see ruby_layout).

    Ruby always takes its room, whether or not it is shown, so that turning
    furigana on and off never moves the text.
    """
    width = max(width, metrics.em(heading) * 2)
    line_h = metrics.line_height(heading)
    ruby_em = metrics.ruby_width("あ", heading)
    pieces = _pieces(text, tokens, width, metrics, heading, policy)
    lines: list[Line] = []
    y = 0.0
    for lp in break_lines(pieces, width, ruby_em, policy):
        runs: list[Run] = []
        for p in lp:
            if runs and runs[-1].token == p.token and p.token >= 0:
                r = runs[-1]
                r.pieces.append(p)
                r.width += p.width
            else:
                runs.append(Run(p.token, p.x, p.width, [p]))
        lines.append(Line(y, line_h, runs, [r.x for r in runs]))
        y += line_h
    return ParagraphLayout(lines, y, heading, width)


class DocumentLayout:
    """All paragraphs of a document, laid out on demand at one width.

    `tops` are the paragraphs' y positions, exact for laid-out paragraphs and
    estimated for the rest. *tokens* gives a paragraph's tokens (None while
    it is not analysed): the layout reads them from whoever holds them and
    is told by `tokens_changed` when they change.
    """

    def __init__(self, texts: Sequence[str], metrics: Metrics, width: float,
                 headings: Callable[[int], bool] | None = None, paragraph_gap: float = 0.0,
                 tokens: Callable[[int], Sequence | None] | None = None, policy: str = "jlreq") -> None:
        self.texts = texts
        self.policy = policy
        self.metrics = metrics
        self.width = width
        self.paragraph_gap = paragraph_gap
        self._heading = headings or (lambda i: False)
        self._tokens = tokens or (lambda i: None)
        self._layouts: list[ParagraphLayout | None] = [None] * len(texts)
        self._heights = PrefixSums(self._estimate(i) for i in range(len(texts)))
        self._tops = Tops(self._heights)
        self.laid_out_count = 0
        # the first paragraph whose height changed since the view last looked
        self.changed_from: int | None = None

    # -- geometry ------------------------------------------------------------

    def _estimate(self, i: int) -> float:
        heading = self._heading(i)
        per_line = max(1, int(self.width / self.metrics.em(heading)))
        lines = max(1, -(-len(self.texts[i]) // per_line))
        return lines * self.metrics.line_height(heading) + self.paragraph_gap

    @property
    def tops(self) -> Tops:
        return self._tops

    @property
    def height(self) -> float:
        return self._heights.prefix(len(self.texts))

    def paragraph_height(self, i: int) -> float:
        return self._heights.value(i)

    def is_heading(self, i: int) -> bool:
        return self._heading(i)

    def tokens(self, i: int) -> Sequence | None:
        return self._tokens(i)

    def set_width(self, width: float) -> None:
        if abs(width - self.width) < 0.5:
            return
        self.width = width
        self.invalidate()

    def invalidate(self) -> None:
        """Forget every layout (new width, font or zoom)."""
        self._layouts = [None] * len(self.texts)
        self._heights = PrefixSums(self._estimate(i) for i in range(len(self.texts)))
        self._tops = Tops(self._heights)
        self.laid_out_count = 0
        self.changed_from = 0 if self.texts else None

    def tokens_changed(self, i: int) -> None:
        """Paragraph *i* has new tokens: lay it out again when next asked (its height may change then)."""
        if self._layouts[i] is not None:
            self._layouts[i] = None
            self.laid_out_count -= 1

    def paragraph(self, i: int) -> ParagraphLayout:
        lay = self._layouts[i]
        if lay is None:
            lay = layout_paragraph(self.texts[i], self._tokens(i), self.width, self.metrics, self._heading(i),
                                   self.policy)
            self._layouts[i] = lay
            self.laid_out_count += 1
            h = lay.height + self.paragraph_gap
            if h != self._heights.value(i):
                self._heights.set(i, h)
                self.changed_from = i if self.changed_from is None else min(self.changed_from, i)
        return lay

    def is_laid_out(self, i: int) -> bool:
        return self._layouts[i] is not None

    def paragraph_at(self, y: float) -> int:
        """The paragraph at document height *y* (the first one above 0, the last one below the end)."""
        if not self.texts:
            return -1
        # the number of paragraphs whose top is at or above y, less one
        return min(max(self._heights.search(y), 0), len(self.texts) - 1)

    def visible(self, y0: float, y1: float) -> list[int]:
        """Lay out and return the paragraphs that intersect [y0, y1)."""
        if not self.texts:
            return []
        first = self.paragraph_at(y0)
        out = []
        i = first
        while i < len(self.texts):
            self.paragraph(i)
            if self.tops[i] >= y1:
                break
            out.append(i)
            i += 1
        return out

    # -- hit testing -----------------------------------------------------------

    def line_at(self, x: float, y: float) -> tuple[int, int] | None:
        p = self.paragraph_at(y)
        if p < 0:
            return None
        lay = self.paragraph(p)
        rel = y - self.tops[p]
        if rel < 0 or rel >= lay.height:
            return None
        li = min(int(rel // lay.lines[0].height), len(lay.lines) - 1) if lay.lines else -1
        return (p, li) if li >= 0 else None

    def token_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(paragraph, token index) of the run under the point, or None."""
        hit = self.line_at(x, y)
        if hit is None:
            return None
        p, li = hit
        line = self.paragraph(p).lines[li]
        ri = bisect_right(line.xs, x) - 1
        if ri < 0:
            return None
        run = line.runs[ri]
        if x >= run.x + run.width or run.token < 0:
            return None
        return p, run.token

    def char_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(paragraph, character offset) nearest the point, for selections."""
        hit = self.line_at(x, y)
        if hit is None:
            p = self.paragraph_at(y)
            if p < 0:
                return None
            return (p, 0) if y < self.tops[p] else (p, len(self.texts[p]))
        p, li = hit
        line = self.paragraph(p).lines[li]
        if not line.runs:
            return p, line.start
        for run in line.runs:
            for piece in run.pieces:
                if x < piece.x + piece.width:
                    n = piece.end - piece.start
                    frac = (x - piece.x) / piece.width if piece.width else 0.0
                    return p, piece.start + min(n, max(0, round(frac * n)))
        return p, line.end

    def token_boxes(self, p: int, token: int) -> list[tuple[float, float, float, float]]:
        """(x, y, w, h) in document coordinates of every run of the token (several when it wraps)."""
        lay = self.paragraph(p)
        top = self.tops[p]
        return [
            (run.x, top + line.y, run.width, line.height)
            for line in lay.lines for run in line.runs if run.token == token
        ]

    def line_of_token(self, p: int, token: int) -> int | None:
        for li, line in enumerate(self.paragraph(p).lines):
            if any(r.token == token for r in line.runs):
                return li
        return None


def piece_chars(piece: Piece, metrics: Metrics, heading: bool = False) -> list[tuple[str, int, float, float]]:
    """(character, offset, start, advance) of each base character of *piece*, along the line.

    A piece of several characters is shared among them by their own widths,
    scaled to the piece's base width, with the piece's spacing between them.
    """
    text = piece.text
    if len(text) == 1:
        return [(text, piece.start, piece.base_x, piece.base_width)]
    widths = [metrics.base_width(c, heading) for c in text]
    total = sum(widths)
    scale = piece.base_width / total if total else 0.0
    out = []
    u = piece.base_x
    for k, (ch, w) in enumerate(zip(text, widths)):
        out.append((ch, piece.start + k, u, w * scale))
        u += w * scale + piece.base_gap
    return out
