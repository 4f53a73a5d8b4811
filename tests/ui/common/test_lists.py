"""Kindly's lists: scroll bars that keep their groove look exactly like the style's own."""

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication

from ui.common.lists import make_list


def shown_list(qtbot):
    view = make_list(QStandardItemModel(5_000, 3), "Rows")
    qtbot.addWidget(view)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_list_scroll_bar_looks_as_the_style_paints_it(qtbot):
    views = shown_list(qtbot), shown_list(qtbot)
    kept, plain = (view.verticalScrollBar() for view in views)
    plain.setStyle(QApplication.style())
    assert kept.style() is not plain.style()
    for value in (0, 1, kept.maximum() // 2, kept.maximum()):  # the groove is painted once
        kept.setValue(value)
        plain.setValue(value)
        assert kept.grab().toImage() == plain.grab().toImage()
    kept.setEnabled(False)  # another state: a groove of its own
    plain.setEnabled(False)
    assert kept.grab().toImage() == plain.grab().toImage()
