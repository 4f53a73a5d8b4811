"""The inbox list stays readable: two-line rows whose message keeps the list's width in every
filter, at 1280×800 and 1366×768, whatever the composer holds."""

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.domain.models import InboxFilter
from ui.inbox.delegate import row_height
from ui.inbox.list_panel import LIST_MIN_WIDTH
from ui.inbox.model import MESSAGE

READABLE_CHARS = 40  # of a long message, shown on its line at the narrowest


def shown_message(window, row: int) -> str:
    """The message as the row paints it: cut to the width its line has."""
    delegate = window.list_panel.delegate
    rect = window.list.visualRect(window.model.index(row, MESSAGE))
    width = rect.width() - 2 * 8 - 14  # the row's padding and the unread gutter
    text = window.model.cells(row)[0][MESSAGE]
    return delegate._cut(text, False, width)


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_every_filter_keeps_the_message_readable_whatever_the_composer_holds(window, size):
    window.resize(*size)
    QApplication.processEvents()
    panes = window.inbox_page.sizes()
    for inbox_filter in InboxFilter:
        window.navigation.choose(inbox_filter)
        window.conversation.composer.editor.setPlainText("A long reply. " * 150)  # 2,100 chars
        QApplication.processEvents()
        assert window.inbox_page.sizes() == panes, inbox_filter  # the paste moved nothing
        assert window.list.columnWidth(MESSAGE) >= LIST_MIN_WIDTH - 40
        longest = max(
            range(min(window.model.rowCount(), 30)),
            key=lambda row: len(window.model.cells(row)[0][MESSAGE]),
            default=None,
        )
        if longest is None:
            continue
        message = window.model.cells(longest)[0][MESSAGE]
        shown = shown_message(window, longest)
        assert len(shown.rstrip("…")) >= min(READABLE_CHARS, len(message)), inbox_filter


def test_a_row_is_two_lines_with_the_author_and_age_above_the_message(window):
    height = window.list.rowHeight(0)
    assert height == row_height(window.list.font())
    assert height >= 2 * QFontMetrics(window.list.font()).height()
    # Only the message's column shows; the row paints the author, kind and age itself.
    shown = [c for c in range(window.model.columnCount()) if not window.list.isColumnHidden(c)]
    assert shown == [MESSAGE]


def test_the_list_keeps_its_width_when_the_window_is_dragged_narrow(window):
    window.resize(1100, 800)
    QApplication.processEvents()
    assert window.list_panel.width() >= LIST_MIN_WIDTH


def test_a_changed_row_is_painted_anew(window, demo):
    window.navigation.choose(InboxFilter.ALL)
    window.select_row(0)
    before = window.list.viewport().grab().toImage()
    n = window.model.n_at(1)
    demo.inbox.resolve(n)
    window.model.reload(keep_loaded=True)
    QApplication.processEvents()
    assert window.list.viewport().grab().toImage() != before
