"""The sidebar: the vocabulary, the reading progress and the lookup history, in one dock.

It shows and edits what the core keeps; where the reader must move (a word's
next occurrence, a lookup's place) it says so by signal and the window does it.
"""

from __future__ import annotations

import html
import logging
import time
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDockWidget, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QSplitter, QStyledItemDelegate, QTableView, QTabWidget, QTextBrowser,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..core.progress import Coverage, DocumentRecord, Overview, Progress
from ..core.vocabulary import Lookup, StoredVocabulary
from ..core.words import Status, WordKey
from .vocabulary_model import STATUS_CHOICES, WORD_ROLE, VocabularyFilter, VocabularyModel

log = logging.getLogger(__name__)

__all__ = ["Sidebar", "VocabularyTab", "ProgressTab", "HistoryTab", "DailyChart"]

# the status filter: label -> statuses (None: all)
FILTERS: tuple[tuple[str, frozenset | None], ...] = (
    ("All words", None),
    ("Learning (1-5)", frozenset(s for s in Status if s.is_learning)),
    *((s.label, frozenset({s})) for s in STATUS_CHOICES),
)

def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class _StatusDelegate(QStyledItemDelegate):
    """A list of statuses to choose from, for the status column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        box = QComboBox(parent)
        box.setAccessibleName("Status")
        for s in STATUS_CHOICES:
            box.addItem(s.label, s.code)
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        i = editor.findData(index.data(Qt.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)


class VocabularyTab(QWidget):
    """The saved words: filter, sort, edit status and notes, delete; the selected word's sentences below."""

    word_activated = Signal(object)  # WordKey: jump to its next occurrence in the text
    change_made = Signal(object)  # a vocabulary Change, for the window's undo stack
    send_requested = Signal(list)  # WordKeys to send to Anki

    def __init__(self, vocabulary: StoredVocabulary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.model = VocabularyModel(vocabulary, self)
        self.model.change_made.connect(self.change_made)
        self.proxy = VocabularyFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_box = QComboBox(self)
        self.filter_box.setAccessibleName("Show words with status")
        for label, _ in FILTERS:
            self.filter_box.addItem(label)
        self.filter_box.currentIndexChanged.connect(lambda i: self.proxy.set_statuses(FILTERS[i][1]))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter: word, reading, meaning, notes")
        self.search.setAccessibleName("Filter the vocabulary")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.installEventFilter(self)

        self.table = QTableView(self)
        self.table.setAccessibleName("Vocabulary")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(VocabularyModel.ADDED, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.table.setItemDelegateForColumn(VocabularyModel.STATUS, _StatusDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        for col in (VocabularyModel.STATUS, VocabularyModel.WORD, VocabularyModel.READING):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(VocabularyModel.GLOSS, QHeaderView.Stretch)
        for col in (VocabularyModel.ADDED, VocabularyModel.LOOKUPS):
            self.table.setColumnHidden(col, True)  # the details pane below shows them; the header menu brings them back
        header.setContextMenuPolicy(Qt.ActionsContextMenu)
        for col, name in enumerate(VocabularyModel.COLUMNS):
            act = QAction(name, header)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
            header.addAction(act)
        self.table.installEventFilter(self)
        self.table.setContextMenuPolicy(Qt.ActionsContextMenu)
        for text, slot in (("Go to It in the Text", lambda: self.current_key() and self.word_activated.emit(
                self.current_key())), ("Send to Anki", lambda: self.send_requested.emit(self.selected_keys())),
                           ("Remove from Vocabulary", self.remove_selection)):
            act = QAction(text, self.table)
            act.triggered.connect(slot)
            self.table.addAction(act)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_contexts())

        self.contexts = QTextBrowser(self)
        self.contexts.setAccessibleName("Sentences of the selected word")
        self.contexts.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        split = QSplitter(Qt.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.contexts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._show_contexts()
        self.setTabOrder(self.filter_box, self.search)
        self.setTabOrder(self.search, self.table)
        self.setFocusProxy(self.table)

    # -- what is selected ------------------------------------------------------------

    def selected_keys(self) -> list[WordKey]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return [self.proxy.index(r, 0).data(WORD_ROLE).key for r in sorted(rows)]

    def current_key(self) -> WordKey | None:
        index = self.table.currentIndex()
        return index.data(WORD_ROLE).key if index.isValid() else None

    def select(self, key: WordKey) -> bool:
        """Make *key* the current row (clearing a filter that hides it)."""
        row = self.model.row_of(key)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter_box.setCurrentIndex(0)
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    # -- actions -------------------------------------------------------------------------

    def set_status_of_selection(self, status: Status) -> None:
        keys = self.selected_keys()
        if keys:
            self.model.apply(lambda: self.vocabulary.set_statuses(keys, status))

    def remove_selection(self) -> None:
        keys = self.selected_keys()
        if keys:
            row = self.table.currentIndex().row()
            self.model.apply(lambda: self.vocabulary.remove(keys))
            if self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(min(row, self.proxy.rowCount() - 1), 0))

    def go_to_current(self) -> None:
        """Enter: the current row's word in the text."""
        current = self.current_key()
        if current is not None:
            self.word_activated.emit(current)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.column() not in (VocabularyModel.STATUS, VocabularyModel.NOTES, VocabularyModel.GLOSS):
            self.word_activated.emit(index.data(WORD_ROLE).key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search and key in (Qt.Key_Down, Qt.Key_Return, Qt.Key_Enter):
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            return True
        if watched is self.table and self.table.state() != QAbstractItemView.EditingState:
            return self._table_key(event)
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            return False
        # Enter, Delete and the status keys are the window's actions (context "sidebar")
        text = event.text()
        if text and text.isprintable() and not text.isspace():  # typing filters
            self.search.setFocus()
            self.search.setText(self.search.text() + text)
            return True
        return False

    def _show_contexts(self) -> None:
        key = self.current_key()
        if key is None:
            self.contexts.setHtml("<p style='color:gray'>Choose a word to see the sentences it was saved and "
                                  "looked up in. Enter or a double-click goes to it in the text.</p>")
            return
        word = self.vocabulary.word(key)
        if word is None:
            self.contexts.clear()
            return
        added = f" · added {word.created[:10]}" if word.created else ""
        looked = f" · looked up {word.lookups}×" if word.lookups else ""
        parts = [f"<p><b>{html.escape(word.key.label())}</b> — {html.escape(word.status.label)}{added}{looked}"
                 + (f"<br>{html.escape(word.gloss)}" if word.gloss else "") + "</p>"]
        if word.notes:
            parts.append(f"<p><i>{html.escape(word.notes)}</i></p>")
        for c in reversed(word.contexts):  # newest first
            lemma = html.escape(word.key.lemma)
            sentence = html.escape(c.sentence).replace(lemma, f"<b>{lemma}</b>")
            source = f" <span style='color:gray'>— {html.escape(c.document_title)}</span>" if c.document_title else ""
            parts.append(f"<p>{sentence}{source}</p>")
        if not word.contexts:
            parts.append("<p style='color:gray'>No sentence saved yet.</p>")
        self.contexts.setHtml("".join(parts))


class DailyChart(QWidget):
    """Characters read per day, as bars: the last 30 days at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[tuple[str, int, float]] = []
        self.setMinimumHeight(90)
        self.setAccessibleName("Characters read per day, last 30 days")

    def set_days(self, days) -> None:
        self._days = list(days)
        total = sum(c for _, c, _ in self._days)
        best = max(self._days, key=lambda d: d[1], default=None)
        self.setAccessibleDescription(
            f"{total:,} characters in {len(self._days)} days" + (f"; most on {best[0]}: {best[1]:,}" if best and best[1]
                                                                 else ""))
        self.setToolTip(self.accessibleDescription())
        self.update()

    def days(self) -> list[tuple[str, int, float]]:
        return list(self._days)

    def bar_rects(self) -> list[QRectF]:
        """Where each day's bar is drawn (widget coordinates): what paintEvent fills."""
        n = len(self._days)
        if not n:
            return []
        top = max(c for _, c, _ in self._days) or 1
        label_h = self.fontMetrics().height() + 2
        h = max(self.height() - label_h - 4, 1)
        w = self.width() / n
        out = []
        for i, (_, chars, _) in enumerate(self._days):
            bh = h * chars / top
            out.append(QRectF(i * w + 1, 2 + h - bh, max(w - 2, 1), bh))
        return out

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, 110)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        pal = self.palette()
        bar = pal.color(QPalette.Highlight)
        today = QColor(bar)
        today.setAlpha(255)
        bar.setAlpha(170)
        for i, rect in enumerate(self.bar_rects()):
            painter.fillRect(rect, today if i == len(self._days) - 1 else bar)
        painter.setPen(pal.color(QPalette.PlaceholderText))
        top = max((c for _, c, _ in self._days), default=0)
        if top:
            painter.drawText(2, self.fontMetrics().ascent(), f"{top:,}")
        if self._days:
            y = self.height() - 3
            painter.drawText(2, y, self._days[0][0][5:])
            last = self._days[-1][0][5:]
            painter.drawText(self.width() - self.fontMetrics().horizontalAdvance(last) - 2, y, last)
        painter.end()


class ProgressTab(QWidget):
    """The open text's progress and coverage, and the figures over every text."""

    rename_requested = Signal(str)  # the reader gave the text a title

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title of this text")
        self.title.setPlaceholderText("Title of this text")
        self.title.editingFinished.connect(lambda: self.rename_requested.emit(self.title.text()))
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow("Title", self.title)
        for name, label in (("read", "Read"), ("time", "Reading time"), ("speed", "Speed"), ("left", "Time left"),
                            ("coverage", "Words"), ("vocabulary", "Vocabulary"), ("added", "Added"),
                            ("streak", "Streak"), ("total", "All texts")):
            lab = QLabel("—", self)
            lab.setWordWrap(True)
            lab.setTextInteractionFlags(Qt.TextSelectableByMouse)
            lab.setAccessibleName(label)
            self._labels[name] = lab
            form.addRow(label, lab)
        self.chart = DailyChart(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(QLabel("Characters read per day, last 30 days", self))
        layout.addWidget(self.chart)
        layout.addStretch(1)

    def figure(self, name: str) -> str:
        """The text of one figure (read, time, speed, left, coverage, vocabulary, added, streak, total)."""
        return self._labels[name].text()

    def set_document(self, record: DocumentRecord | None, progress: Progress | None,
                     coverage: Coverage | None) -> None:
        if not self.title.hasFocus():
            self.title.setText(record.display_title if record else "")
        self.title.setEnabled(record is not None)
        lab = self._labels
        if progress is None:
            for name in ("read", "time", "speed", "left"):
                lab[name].setText("—")
        else:
            lab["read"].setText(f"{progress.percent:.0f}% · {progress.chars_read:,} of {progress.char_count:,} "
                                "characters"
                                + (" · finished" if progress.finished else ""))
            lab["time"].setText(duration(progress.seconds))
            lab["speed"].setText(f"{progress.speed:,.0f} characters an hour" if progress.speed else "—")
            lab["left"].setText(duration(progress.seconds_left) if progress.seconds_left is not None else "—")
        lab["coverage"].setText(coverage.summary() if coverage is not None and coverage.total else "counting…"
                                if record is not None else "—")

    def set_overview(self, view: Overview) -> None:
        lab = self._labels
        total = sum(view.by_status.values())
        parts = " · ".join(f"{s.code}: {n:,}" for s, n in sorted(view.by_status.items()))
        lab["vocabulary"].setText(f"{total:,} words" + (f" ({parts})" if parts else ""))
        lab["added"].setText(f"{view.added_today} today · {view.added_this_week} this week")
        lab["streak"].setText(f"{view.streak} day{'s' if view.streak != 1 else ''} in a row")
        lab["total"].setText(f"{view.chars:,} characters in {duration(view.seconds)} · {view.documents} text"
                             f"{'s' if view.documents != 1 else ''}, {view.finished} finished")
        self.chart.set_days(view.daily)


class HistoryTab(QWidget):
    """The lookups of the open text, newest first, with their sentences; each one leads back to its place."""

    lookup_activated = Signal(object)  # Lookup

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Lookup history of this text")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(["Word", "Sentence", "When"])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.list.itemActivated.connect(lambda item, _col: self.lookup_activated.emit(item.data(0, Qt.UserRole)))
        self.empty = QLabel("Words you look up in this text are listed here; Enter goes back to one.", self)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.setFocusProxy(self.list)

    def set_lookups(self, lookups: list[Lookup], sentence_of: Callable[[Lookup], str] | None = None) -> None:
        """*sentence_of* gives a lookup's sentence in the open text (the history keeps only its place)."""
        self.list.clear()
        today = time.strftime("%Y-%m-%d")
        for lk in lookups:
            when = _local_time(lk.at)
            text = lk.surface if lk.surface == lk.key.lemma else f"{lk.surface}（{lk.key.lemma}）"
            sentence = sentence_of(lk) if sentence_of is not None else ""
            item = QTreeWidgetItem([text, sentence, when[11:16] if when[:10] == today else when[:10]])
            item.setData(0, Qt.UserRole, lk)
            item.setToolTip(0, lk.key.label())
            item.setToolTip(1, sentence)
            item.setToolTip(2, when)
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not lookups)
        if lookups:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def lookups(self) -> list[Lookup]:
        return [self.list.topLevelItem(i).data(0, Qt.UserRole) for i in range(self.list.topLevelItemCount())]

    def activate(self, row: int) -> None:
        """What Enter or a double-click on row *row* does."""
        item = self.list.topLevelItem(row)
        if item is not None:
            self.list.setCurrentItem(item)
            self.lookup_activated.emit(item.data(0, Qt.UserRole))


def _local_time(stamp: str) -> str:
    """A stored UTC timestamp (2026-12-02T07:55:00Z) as the reader's local 'YYYY-MM-DD HH:MM'."""
    try:
        utc = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return stamp
    return utc.astimezone().strftime("%Y-%m-%d %H:%M")


class Sidebar(QDockWidget):
    """Vocabulary, Progress and History tabs in one dock (Ctrl+3 focuses it)."""

    TABS = ("vocabulary", "progress", "history")

    def __init__(self, vocabulary: StoredVocabulary, parent: QWidget | None = None) -> None:
        super().__init__("Vocabulary and progress", parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Sidebar")
        self.tabs = QTabWidget(self)
        self.vocabulary_tab = VocabularyTab(vocabulary, self)
        self.progress_tab = ProgressTab(self)
        self.history_tab = HistoryTab(self)
        self.tabs.addTab(self.vocabulary_tab, "&Vocabulary")
        self.tabs.addTab(self.progress_tab, "&Progress")
        self.tabs.addTab(self.history_tab, "&History")
        self.setWidget(self.tabs)
        self.setFocusProxy(self.tabs)

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(self.TABS.index(name))
        self.tabs.currentWidget().setFocus()

    def current_tab(self) -> str:
        return self.TABS[self.tabs.currentIndex()]

    def set_status_colours(self, colours: dict[Status, QColor]) -> None:
        self.vocabulary_tab.model.set_status_colours(colours)
