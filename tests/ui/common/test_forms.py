"""Tab leaves every multi-line box, as it leaves every other field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.followups.add_dm import AddDmDialog
from ui.inbox.add_mention import AddMentionDialog


def _templates_body(window):
    window.show_page("templates")
    window.templates_page.new()
    return window.templates_page.body


def _person_notes(window):
    window.select_row(0)
    return window.conversation.person.notes


def _people_page(window, part):
    window.show_page("people")
    page = window.people_page
    if part == "policy":
        trolls = next(f for f in page._filter_buttons if "troll" in str(f).lower())
        page.choose(trolls)
        return page.policy
    page.list.setCurrentIndex(page.model.index(0, 0))
    return page.detail.notes


def _dialog_text(window, qtbot, make):
    dialog = make(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog.text


BOXES = {
    "template body": lambda window, qtbot: _templates_body(window),
    "notes beside a conversation": lambda window, qtbot: _person_notes(window),
    "troll policy": lambda window, qtbot: _people_page(window, "policy"),
    "notes on People": lambda window, qtbot: _people_page(window, "notes"),
    "add mention": lambda window, qtbot: _dialog_text(
        window, qtbot, lambda w: AddMentionDialog(w.workspace.inbox, w)
    ),
    "add DM": lambda window, qtbot: _dialog_text(
        window, qtbot, lambda w: AddDmDialog(w.workspace.followups, "anna", [], w)
    ),
}


@pytest.mark.parametrize("name", list(BOXES))
def test_tab_moves_focus_out_of_the_box(window, qtbot, name) -> None:
    box = BOXES[name](window, qtbot)
    assert box.isVisible() and not box.isReadOnly()
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(box.hasFocus)
    before = box.toPlainText()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == before  # no tab character typed in
    assert QApplication.focusWidget() is not box
    # Shift+Tab comes back, and leaves again the other way.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(box, Qt.Key.Key_Backtab)
    assert box.toPlainText() == before and QApplication.focusWidget() is not box


def test_no_new_box_forgets_it() -> None:
    """Every editable multi-line box in ui/ is a PlainTextBox (or the composer's ReplyEditor)."""
    from pathlib import Path

    ui = Path(__file__).resolve().parents[3] / "ui"
    allowed = {"common/forms.py", "conversation/reply_editor.py", "data/import_dialog.py"}
    bare = [
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if "QPlainTextEdit(" in path.read_text(encoding="utf-8")
        and str(path.relative_to(ui)) not in allowed
    ]
    assert bare == []
