"""The export dialog, driven from the keyboard alone: Tab order, Enter, Esc, and asking before replacing a file."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.ui.export_dialog import ExportDialog


@pytest.fixture
def context(filled_context):
    return filled_context


@pytest.fixture
def dialog(qtbot, context, tmp_path):
    d = ExportDialog(context, fmt="csv", folder=tmp_path)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.format_box)
    return d


def key(qtbot, k, modifier=Qt.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def type_text(qtbot, text: str):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def tab_to(qtbot, dialog, widget, limit: int = 30):
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        key(qtbot, Qt.Key_Tab)
    raise AssertionError(f"Tab never reached {widget}")


def test_tab_order_follows_the_layout(qtbot, dialog):
    seen = []
    for _ in range(16):
        w = QApplication.focusWidget()
        if w in seen:
            break
        seen.append(w)
        key(qtbot, Qt.Key_Tab)
    assert seen[0] is dialog.format_box and dialog.path_edit in seen and dialog.export_button in seen
    places = [w.mapTo(dialog, QPoint(0, 0)) for w in seen]
    rows = [(p.y(), p.x()) for p in places]
    # top to bottom; within a row (the statuses, the path and Browse, the buttons) left to right
    for (y0, x0), (y1, x1), w in zip(rows, rows[1:], seen[1:]):
        assert y1 > y0 or (abs(y1 - y0) < 8 and x1 > x0), f"Tab jumps back to {w.__class__.__name__}"
    assert QApplication.focusWidget() is seen[0]  # and wraps round to the first


def test_enter_exports_with_the_keyboard_choices(qtbot, dialog, tmp_path):
    out = tmp_path / "mine.csv"
    tab_to(qtbot, dialog, dialog.status_boxes[next(iter(dialog.status_boxes))])
    # untick 1 (難しい), tick Ignored (犬), with Space as a keyboard user does
    key(qtbot, Qt.Key_Space)
    for status, box in dialog.status_boxes.items():
        if status.code == "ignored":
            tab_to(qtbot, dialog, box)
            key(qtbot, Qt.Key_Space)
    assert "3 words will be exported" in dialog.count_label.text()
    tab_to(qtbot, dialog, dialog.path_edit)
    key(qtbot, Qt.Key_A, Qt.ControlModifier)
    type_text(qtbot, str(out))
    with qtbot.waitSignal(dialog.exported, timeout=10000) as signal:
        key(qtbot, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted and signal.args[0].words == 3
    with open(out, encoding="utf-8", newline="") as f:
        assert sorted(r["term"] for r in csv.DictReader(f)) == ["犬", "猫", "陥る"]


def test_the_format_follows_the_file_name_and_escape_cancels(qtbot, dialog, tmp_path):
    assert dialog.path_edit.text().endswith("shiori.csv")
    key(qtbot, Qt.Key_Down)  # csv -> json
    assert dialog.format == "json" and dialog.path_edit.text().endswith("shiori.json")
    key(qtbot, Qt.Key_Escape)
    assert dialog.result() == QDialog.Rejected and not dialog.isVisible()
    assert not (tmp_path / "shiori.json").exists()


def answer_when_asked(qtbot, answer_key, seen: list):
    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        qtbot.keyClick(box, answer_key)

    QTimer.singleShot(20, answer)


@pytest.mark.parametrize("answer_key", [Qt.Key_N, Qt.Key_Escape, Qt.Key_Return])
def test_an_existing_file_is_kept_unless_replacing_is_confirmed(qtbot, dialog, tmp_path, answer_key):
    out = tmp_path / "shiori.csv"
    out.write_text("precious", encoding="utf-8")
    asked: list = []
    answer_when_asked(qtbot, answer_key, asked)
    tab_to(qtbot, dialog, dialog.path_edit)
    key(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "shiori.csv already exists" in asked[0] and "Replace it?" in asked[0]
    assert out.read_text(encoding="utf-8") == "precious"
    assert dialog.isVisible() and dialog.result_value is None  # still open, to choose another name


def test_an_existing_file_is_replaced_when_confirmed(qtbot, dialog, tmp_path):
    out = tmp_path / "shiori.csv"
    out.write_text("precious", encoding="utf-8")
    asked: list = []
    answer_when_asked(qtbot, Qt.Key_Y, asked)
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        key(qtbot, Qt.Key_Return)
    assert asked and out.read_text(encoding="utf-8").startswith("term,")


def test_since_last_and_a_text_narrow_the_count(qtbot, dialog, context, tmp_path):
    assert "3 words will be exported" in dialog.count_label.text()
    tab_to(qtbot, dialog, dialog.document_box)
    key(qtbot, Qt.Key_Down)
    assert dialog.document_id() is not None and "1 word will be exported" in dialog.count_label.text()
    key(qtbot, Qt.Key_Up)
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        key(qtbot, Qt.Key_Return)
    again = ExportDialog(context, fmt="csv", folder=tmp_path)
    qtbot.addWidget(again)
    with context.store.write() as conn:  # the words were saved long before that export
        conn.execute("UPDATE words SET created = '2020-01-01T00:00:00Z', status_changed = '2020-01-01T00:00:00Z'")
    again.since_box.setChecked(True)
    assert "No saved word matches" in again.count_label.text() and not again.export_button.isEnabled()
