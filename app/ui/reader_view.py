"""The reader: a custom-painted scroll area that typesets furigana over clickable words.

Qt's rich text cannot draw ruby, so the view paints token boxes computed by
`text_layout.DocumentLayout`, and only those intersecting the exposed rect;
`line_paint` says what each line holds, `navigation` where the keys go. The
tokens and words live in the `AnalysedDocument` the view is given, what the
reader knows of each word in the `Vocabulary`. The view reports what the
reader does through signals; it never calls into the dictionary itself.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QPainter, QPaintEvent, QPalette

from ..core.analysed import AnalysedDocument
from ..core.vocabulary import FURIGANA_HIDE_DEFAULT, Vocabulary
from ..core.words import PLAIN, Mark, Position, Status
from . import navigation as nav
from .frame import Frame
from .line_paint import LinePaint, line_chars, line_paint, paint_line
from .reader_input import ReaderInput
from .reader_text import ReaderText
from .selection import Selection
from .text_layout import DocumentLayout
from .text_scroll import TypesetScrollArea
from .theme import LIGHT, ReaderTheme, reader_theme

log = logging.getLogger(__name__)

FURIGANA_MODES = ("all", "unknown", "off")
Pos = nav.Pos


class ReaderView(ReaderInput, ReaderText, TypesetScrollArea):
    """The document typeset as token boxes.

    Positions are (paragraph, token index) pairs; the current word and the
    hovered one are named by their first token. Signals:
    token_hovered(p, t) (-1, -1 when leaving a word), token_clicked(p, t),
    lookup_requested(p, t) (click, Shift-hover, context menu), activated(p, t) (Enter),
    dismiss_requested() (Esc), paste_requested(text) (Ctrl+V),
    furigana_mode_changed(mode), zoom_changed(point size),
    recoloured(n) (n words on screen repainted after their status changed).
    """

    token_hovered = Signal(int, int)
    token_clicked = Signal(int, int)
    lookup_requested = Signal(int, int)
    activated = Signal(int, int)  # Enter: a lookup the keyboard wants to walk through
    help_requested = Signal()  # ? (whatever keys type it on this keyboard)
    dismiss_requested = Signal()
    paste_requested = Signal(str)
    furigana_mode_changed = Signal(str)
    current_changed = Signal(int, int)
    recoloured = Signal(int)
    first_paint = Signal()

    def __init__(self, parent=None, vocabulary: Vocabulary | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setAttribute(Qt.WA_InputMethodEnabled, False)
        self.setAccessibleName("Text")
        self._analysed: AnalysedDocument | None = None
        self._heading_levels: dict[int, int] = {}
        self._theme: ReaderTheme = LIGHT
        self.furigana_mode = "all"
        self._furigana_threshold: Status = FURIGANA_HIDE_DEFAULT
        self._vocabulary = Vocabulary()
        self._hover: Pos | None = None
        self._current: Pos | None = None
        self._pending: tuple[Position, int] | None = None  # a go_to waiting for its paragraph's tokens
        self._selection = Selection()
        self._vocabulary_changes = 0  # counts vocabulary changes, for the paint tables
        self._tables_key: tuple | None = None
        self._tables: dict[int, tuple] = {}
        self._painted_once = False
        self.paint_count = 0
        self.set_vocabulary(vocabulary if vocabulary is not None else Vocabulary())

    # -- document and words --------------------------------------------------------

    def set_document(self, analysed: AnalysedDocument, heading_levels: dict[int, int] | None = None,
                     vertical: bool | None = None) -> None:
        """Show *analysed*, in columns if *vertical* (None: as before); its tokens may still be arriving."""
        turned = vertical is not None and bool(vertical) != self.vertical
        if turned:
            self._apply_direction(bool(vertical))
        self._analysed = analysed
        self._heading_levels = dict(heading_levels or {})
        self._hover = self._current = None
        self._announce()
        self._pending = None
        self._selection.clear()
        self._tables_key = None
        self.layout = DocumentLayout(analysed.paragraphs, self.layout_metrics(), self._text_width(),
                                     headings=lambda i: i in self._heading_levels,
                                     paragraph_gap=0.0, tokens=analysed.tokens)
        self._block_bar().setValue(0)
        self._update_scrollbar()
        self.viewport().update()
        self._settle()
        if turned:
            self.direction_changed.emit(self.vertical)

    @property
    def analysed(self) -> AnalysedDocument | None:
        return self._analysed

    @property
    def heading_levels(self) -> dict[int, int]:
        """Paragraph -> heading level (1-3) of the document shown."""
        return dict(self._heading_levels)

    def set_tokens_batch(self, start: int, batch: Sequence[Sequence], words: Sequence | None = None) -> None:
        """Tokens for paragraphs start, start+1, ... arrived (from the analysis worker).

        *words*, when given, holds each paragraph's resolved word spans (a
        compound over several tokens is one span); otherwise every word
        token is a word of its own. New tokens may be cut differently (the
        dictionary joins a compound): the current word stays the word at
        the same character offset.
        """
        a = self._analysed
        if a is None:
            return
        visible = False
        for k, tokens in enumerate(batch):
            i = start + k
            if i >= len(a):
                break
            visible = visible or self._is_paragraph_visible(i)
            kept = self._current_offset(i)
            if self._hover is not None and self._hover[0] == i:
                self._hover = None
            a.set_tokens(i, tokens, words[k] if words is not None else None)
            self.layout.tokens_changed(i)
            if kept is not None:
                t = a.token_at_offset(i, kept)
                if t is not None:
                    self._current = (i, nav.word_start(a, i, t))
                    self._announce()  # re-cut: the word (its reading, its key) may be another now
            if self._pending is not None and self._pending[0].paragraph == i:
                position, scroll_value = self._pending
                self._pending = None
                t = a.token_at_offset(i, position.offset)
                if t is not None:
                    self.set_current(i, t, scroll=self._block_bar().value() == scroll_value)
        if visible:
            self.viewport().update()
        self._settle()

    def _current_offset(self, p: int) -> int | None:
        if self._current is None or self._current[0] != p:
            return None
        tok = self.token(*self._current)
        return tok.start if tok is not None else None

    def tokens(self, p: int) -> Sequence | None:
        return self._analysed.tokens(p) if self._analysed is not None else None

    def token(self, p: int, t: int):
        return self._analysed.token(p, t) if self._analysed is not None else None

    def word_range(self, p: int, t: int) -> tuple[int, int]:
        """Tokens (first, end) of the word token *t* of paragraph *p* belongs to."""
        return nav.word_range(self._analysed, p, t) if self._analysed is not None else (t, t + 1)

    # -- what the reader knows -----------------------------------------------------------

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Colour and hide furigana by *vocabulary*; its changes recolour the text at once."""
        old = getattr(self, "_vocabulary", None)
        if old is not None:
            old.remove_listener(self._on_vocabulary_changed)
        self._vocabulary = vocabulary
        self._vocabulary_changes += 1
        vocabulary.add_listener(self._on_vocabulary_changed)
        self.viewport().update()

    def detach(self) -> None:
        """Stop listening to the vocabulary (the window is closing; the vocabulary lives on)."""
        self._vocabulary.remove_listener(self._on_vocabulary_changed)

    def word_mark(self, p: int, t: int) -> Mark:
        """How the word at token *t* of paragraph *p* is marked: a learning tint, never saved, or plain."""
        if self._analysed is None:
            return PLAIN
        return self._vocabulary.mark(self._analysed.key_at(p, t))

    def ruby_shown(self, p: int, t: int) -> bool:
        """Whether token *t*'s furigana is painted in the current furigana mode."""
        if self.furigana_mode == "all":
            return True
        if self.furigana_mode == "off" or self._analysed is None:
            return False
        return not self._vocabulary.hides_furigana(self._analysed.key_at(p, t), self._furigana_threshold)

    @property
    def furigana_threshold(self) -> Status:
        return self._furigana_threshold

    def set_furigana_threshold(self, status: Status) -> None:
        """From which status on "only words not known" hides furigana: KNOWN (default), 5 or 4."""
        status = Status.parse(status)
        if status != self._furigana_threshold:
            self._furigana_threshold = status
            if self.furigana_mode == "unknown":
                self.viewport().update()

    def _on_vocabulary_changed(self, keys: frozenset) -> None:
        """Repaint every occurrence of the changed words that is on screen."""
        self._vocabulary_changes += 1
        if self._analysed is None:
            return
        count = 0
        for p in self._visible_paragraphs():
            for w in self._analysed.words(p):
                if w.key in keys:
                    for box in nav.word_boxes(self.layout, p, w.first, w.end):
                        self._update_box(box)
                    count += 1
        if count:
            self.recoloured.emit(count)
        if self._current is not None and self._analysed.key_at(*self._current) in keys:
            self._announce()

    # -- appearance -------------------------------------------------------------

    @property
    def theme(self) -> ReaderTheme:
        return self._theme

    def set_theme(self, name: str) -> None:
        self._theme = reader_theme(name)
        pal = self.viewport().palette()
        pal.setColor(QPalette.Window, self._theme.background)
        pal.setColor(QPalette.Base, self._theme.background)
        self.viewport().setPalette(pal)
        self.viewport().update()

    def set_furigana_mode(self, mode: str) -> None:
        if mode in FURIGANA_MODES and mode != self.furigana_mode:
            self.furigana_mode = mode
            self.viewport().update()  # layout reserves ruby room in every mode: nothing moves
            self.furigana_mode_changed.emit(mode)

    def cycle_furigana(self) -> str:
        i = FURIGANA_MODES.index(self.furigana_mode)
        self.set_furigana_mode(FURIGANA_MODES[(i + 1) % len(FURIGANA_MODES)])
        return self.furigana_mode

    # -- geometry -------------------------------------------------------------

    def word_boxes(self, p: int, t: int) -> list[QRectF]:
        """One box per line of the whole word token *t* belongs to, in viewport coordinates."""
        return [self._view_rect(b) for b in nav.word_boxes(self.layout, p, *self.word_range(p, t))]

    def word_rect(self, p: int, t: int) -> QRect:
        """The word's first box, in whole viewport pixels (empty if unknown)."""
        boxes = self.word_boxes(p, t)
        return boxes[0].toAlignedRect() if boxes else QRect()

    def token_at(self, pos: QPoint | QPointF) -> Pos | None:
        """(paragraph, token) of the word token under a viewport point, or None (punctuation, margins)."""
        hit = self.layout.token_at(*self.frame().to_layout(pos.x(), pos.y()))
        if hit is None or self._analysed is None or not nav.is_wordlike(self._analysed, *hit):
            return None
        return hit

    def word_at(self, pos: QPoint | QPointF) -> Pos | None:
        """The word under a viewport point, named by its first token."""
        hit = self.token_at(pos)
        return (hit[0], nav.word_start(self._analysed, *hit)) if hit is not None else None

    # -- painting ---------------------------------------------------------------

    def _word_range_at(self, pos: Pos | None):
        if pos is None or self._analysed is None:
            return None
        return (pos[0], *self.word_range(*pos))

    def _word_table(self, p: int):
        """Paragraph *p*'s words for painting: token -> word range, word -> mark, words without furigana.

        Worked out by the same rules as word_range, word_mark and ruby_shown,
        once per paragraph until the tokens, the vocabulary or the furigana
        setting change: a long paragraph has hundreds of words, a paint
        shows a few lines of it.
        """
        a = self._analysed
        key = (id(a), a.version, self._vocabulary_changes, self.furigana_mode, self._furigana_threshold)
        if key != self._tables_key:
            self._tables_key, self._tables = key, {}
        table = self._tables.get(p)
        if table is None:
            toks = a.tokens(p) or ()
            ranges: dict[int, tuple[int, int]] = {}
            marks: dict[int, Mark] = {}
            hidden: set[int] = set()
            unknown_mode = self.furigana_mode == "unknown"
            for w in a.words(p):
                for t in range(w.first, min(w.end, len(toks))):
                    ranges[t] = (w.first, w.end)
                marks[w.first] = self._vocabulary.mark(w.key)
                if unknown_mode and self._vocabulary.hides_furigana(w.key, self._furigana_threshold):
                    hidden.add(w.first)
            for t, tok in enumerate(toks):
                if tok.is_word and t not in ranges:
                    ranges[t] = (t, t + 1)
            table = self._tables[p] = (ranges, marks, hidden)
        return table

    def _line_paints(self, p: int, frame: Frame, lines=None) -> list[LinePaint]:
        """The LinePaint of each line of paragraph *p* (or of *lines*), on *frame*."""
        lay = self.layout.paragraph(p)
        ranges, marks, hidden = self._word_table(p)
        mode = self.furigana_mode

        def ruby_shown(t: int) -> bool:
            return mode == "all" or (mode == "unknown" and ranges.get(t, (t,))[0] not in hidden)

        current, hover = self._word_range_at(self._current), self._word_range_at(self._hover)
        selection = self._selection.range()
        top = self.layout.tops[p]
        return [
            line_paint(p, li, line, lay.heading, self.metrics, frame, top + line.y,
                       word_of=ranges.get, mark=lambda first: marks.get(first, PLAIN),
                       ruby_shown=ruby_shown, current=current, hover=hover, selection=selection)
            for li, line in enumerate(lay.lines) if lines is None or li in lines
        ]

    def paint_geometry(self, p: int) -> list[LinePaint]:
        """What the painter draws for paragraph *p* at the current scroll position, in viewport coordinates."""
        return self._line_paints(p, self.frame())

    def ruby_boxes(self, p: int) -> list[tuple[QRectF, QRectF]]:
        """(base box, ruby box) of every ruby shown in paragraph *p*, in document coordinates.

        Document coordinates are the layout's, unscrolled and without margins:
        x along the line and y down for horizontal text; for columns, x runs
        leftwards from 0 (the first column's right edge) and y down.
        """
        return [(r.base, r.box) for lp in self._line_paints(p, Frame(self.vertical)) for r in lp.ruby]

    def char_boxes(self, p: int) -> list[list[tuple[str, int, QRectF]]]:
        """(character, offset, box) of each base character of paragraph *p*, line by line, in viewport coordinates."""
        lay = self.layout.paragraph(p)
        frame, top = self.frame(), self.layout.tops[p]
        return [line_chars(line, lay.heading, self.metrics, frame, top + line.y) for line in lay.lines]

    def visible_lines(self) -> list[tuple[int, int]]:
        """(paragraph, line) of every line at least partly in view, in reading order."""
        y0, y1 = self.doc_y(0), self.doc_y(self._block_extent())
        out = []
        for p in self.layout.visible(y0, y1):
            top = self.layout.tops[p]
            for li, line in enumerate(self.layout.paragraph(p).lines):
                if top + line.y + line.height > y0 and top + line.y < y1:
                    out.append((p, li))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        theme = self._theme
        painter.fillRect(event.rect(), theme.background)
        if not self._texts:
            painter.end()
            return
        exposed = event.rect()
        if self.vertical:  # columns: the exposed strip's right edge is nearer the start
            width = self.viewport().width()
            y0 = self.doc_y(width - exposed.right() - 1)
            y1 = self.doc_y(width - exposed.left())
        else:
            y0 = self.doc_y(exposed.top())
            y1 = self.doc_y(exposed.bottom() + 1)
        frame = self.frame()
        for p in self.layout.visible(y0, y1):
            top = self.layout.tops[p]
            lines = {li for li, line in enumerate(self.layout.paragraph(p).lines)
                     if not (top + line.y + line.height < y0 or top + line.y > y1)}
            for lp in self._line_paints(p, frame, lines):
                paint_line(painter, lp, theme, self.metrics)
        painter.end()
        self.paint_count += 1
        if self.layout.changed_from is not None:
            # painting laid out paragraphs that were only estimated: settle after this paint
            QTimer.singleShot(0, self._check_layout_changes)
        if not self._painted_once:
            self._painted_once = True
            self.first_paint.emit()

    # -- the current word, positions and keyboard navigation ------------------------------

    @property
    def current(self) -> Pos | None:
        """The current word (the keyboard's cursor), by its first token."""
        return self._current

    @property
    def hover(self) -> Pos | None:
        """The word under the mouse, by its first token."""
        return self._hover

    def set_hover(self, pos: Pos | None) -> bool:
        """The mouse is over the word *pos* (None: over none); True if that changed, with token_hovered."""
        if pos == self._hover:
            return False
        old, self._hover = self._hover, pos
        self._update_word(old)
        self._update_word(pos)
        self.token_hovered.emit(*(pos or (-1, -1)))
        return True

    def set_current(self, p: int, t: int, scroll: bool = True) -> None:
        if self._analysed is not None and self.tokens(p) is not None:
            t = nav.word_start(self._analysed, p, t)
        old, self._current = self._current, (p, t)
        if scroll:
            self.ensure_visible(p, t)
        self._update_word(old)
        self._update_word(self._current)
        self._announce()
        self.current_changed.emit(p, t)

    def current_description(self) -> str:
        """The current word as a screen reader says it: the text, its reading, its status."""
        a = self._analysed
        if self._current is None or a is None or self.token(*self._current) is None:
            return ""
        p, t = self._current
        first, end = self.word_range(p, t)
        toks = self.tokens(p)
        surface = self.word_text(p, t)
        reading = "".join(tok.reading or tok.surface for tok in toks[first:end])
        key = a.key_at(p, t)
        parts = [surface]
        if reading and reading != surface:
            parts.append(f"reading {reading}")
        if key is not None and key.lemma != surface:
            parts.append(f"dictionary form {key.lemma}")
        if key is not None:
            status = self._vocabulary.status(key)
            parts.append("not saved" if status is Status.NONE else f"status {status.label}")
        return ", ".join(parts)

    def _announce(self) -> None:
        """Tell the accessibility interface which word is current now."""
        text = self.current_description()
        if text == self.accessibleDescription():
            return
        self.setAccessibleDescription(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    def current_position(self) -> Position | None:
        """Where the reader is: the current word's start, else the first character in view."""
        a = self._analysed
        if a is None or not len(a):
            return None
        if self._current is not None and self.token(*self._current) is not None:
            return a.position(*self._current)
        y = max(self.doc_y(0), 0.0)
        p = self.layout.paragraph_at(y)
        top = self.layout.tops[p]
        for line in self.layout.paragraph(p).lines:
            if top + line.y + line.height > y + 1:
                return Position(a.id, p, line.start)
        return Position(a.id, p, 0)

    def go_to(self, position: Position) -> bool:
        """Scroll to *position* and make the word at its offset current.

        Offsets survive re-analysis, so a position saved before readings
        were refined still finds its word. If the paragraph is not analysed
        yet, the view goes there and the word becomes current when its
        tokens arrive. False when the document has no such paragraph.
        """
        a = self._analysed
        if a is None or not 0 <= position.paragraph < len(a):
            return False
        p = position.paragraph
        lay = self.layout.paragraph(p)
        self._check_layout_changes()
        line = next((ln for ln in lay.lines if ln.end > position.offset), lay.lines[-1])
        sb = self._block_bar()
        sb.setValue(round(self.layout.tops[p] + line.y - line.height + self.top_margin))
        self._settle()
        t = a.token_at_offset(p, position.offset)
        if t is None:
            self._pending = (position, sb.value())
        else:
            self.set_current(p, t, scroll=True)
        return True

    def move_to(self, pos: Pos | None, scroll: bool = True) -> bool:
        if pos is None:
            return False
        self.set_current(*pos, scroll=scroll)
        return True

    def move_word(self, step: int, predicate: Callable[[int, int], bool] | None = None) -> bool:
        """To the next (step 1) or previous (-1) word, or the next satisfying *predicate(p, t)*."""
        if self._analysed is None:
            return False
        if self._current is None:
            return self.move_to(nav.first_visible_word(self.layout, self._analysed, self.doc_y(0)))
        return self.move_to(nav.next_word(self._analysed, self._current, step, predicate))

    def move_to_unsaved(self, step: int) -> bool:
        """Tab / Shift+Tab: the next (previous) word never saved, one stop per word."""
        a = self._analysed
        return self.move_word(step, lambda p, t: self._vocabulary.status(a.key_at(p, t)) is Status.NONE)

    def move_line(self, direction: int) -> bool:
        """The word on the line above/below, nearest to the current word's x."""
        if self._current is None:
            return self.move_word(1)
        return self.move_to(nav.word_on_next_line(self.layout, self._analysed, self._current, direction))

    def move_line_edge(self, end: bool) -> bool:
        if self._current is None:
            return self.move_word(1)
        return self.move_to(nav.line_edge_word(self.layout, self._analysed, self._current, end))

    def move_page(self, direction: int) -> None:
        sb = self._block_bar()
        sb.setValue(sb.value() + direction * sb.pageStep())
        if self._analysed is not None:
            self.move_to(nav.first_visible_word(self.layout, self._analysed, self.doc_y(0)), scroll=False)

    def move_document_edge(self, end: bool) -> None:
        if not self._texts:
            return
        sb = self._block_bar()
        sb.setValue(sb.maximum() if end else 0)
        self.move_to(nav.document_edge_word(self._analysed, end))

    def visible_words(self) -> list[Pos]:
        """Every word at least partly on screen, by its first token, in reading order."""
        a = self._analysed
        if a is None:
            return []
        y0, y1 = self.doc_y(0), self.doc_y(self.viewport().height())
        out: list[Pos] = []
        seen: set[Pos] = set()
        for p in self._visible_paragraphs():
            if a.tokens(p) is None:
                continue
            top = self.layout.tops[p]
            for line in self.layout.paragraph(p).lines:  # only the lines in view: a paragraph can be a novel
                if top + line.y + line.height <= y0 or top + line.y >= y1:
                    continue
                for run in line.runs:
                    if run.token >= 0 and a.span_at(p, run.token) is not None:
                        pos = (p, nav.word_start(a, p, run.token))
                        if pos not in seen:
                            seen.add(pos)
                            out.append(pos)
        return out

    def _update_word(self, pos: Pos | None) -> None:
        """Repaint just the boxes of one word (hover and cursor moves)."""
        if pos is None or self._analysed is None:
            return
        for box in nav.word_boxes(self.layout, pos[0], *self.word_range(*pos)):
            self._update_box(box)
