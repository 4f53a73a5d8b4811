"""The inbox list paints its rows from kept, laid-out cells, and looks exactly as Qt paints them."""

from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from app.domain.models import InboxFilter
from ui.inbox.delegate import InboxDelegate
from ui.inbox.model import AUTHOR


def painted(window, delegate):
    window.list.setItemDelegate(delegate)
    return window.list.viewport().grab().toImage()


def assert_looks_like_qt(window):
    first = painted(window, InboxDelegate(window.model, window.list))  # texts cut and drawn
    again = window.list.viewport().grab().toImage()  # the same texts, kept laid out
    qt = painted(window, QStyledItemDelegate(window.list))
    assert first == qt
    assert again == qt


def test_the_inbox_looks_exactly_as_qt_paints_it(window):
    # Bold rows and coloured ages (needs reply), the status column (all), plain rows (resolved);
    # the current row with and without the focus.
    for inbox_filter in (InboxFilter.NEEDS_REPLY, InboxFilter.ALL, InboxFilter.RESOLVED):
        window.navigation.choose(inbox_filter)
        window.select_row(2)
        for focused in (window.list, window.search):
            focused.setFocus()
            assert_looks_like_qt(window)


def test_texts_are_cut_where_qt_cuts_them_at_any_width(window):
    window.navigation.choose(InboxFilter.ALL)
    for width, author in ((900, 60), (1600, 200)):
        window.resize(width, 800)
        window.list.setColumnWidth(AUTHOR, author)
        QApplication.processEvents()  # the new sizes laid out
        assert_looks_like_qt(window)


def test_a_changed_row_is_painted_anew(window, demo):
    window.navigation.choose(InboxFilter.NEEDS_REPLY)
    window.list.viewport().grab()  # the first rows are laid out and kept
    n = window.model.n_at(1)
    demo.inbox.resolve(n)
    window.model.reload(keep_loaded=True)
    assert_looks_like_qt(window)
