"""How Kindly's lists look: whole-row selection, no grid, one line per row, a calm header."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def make_list(
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    several: bool = False,
    striped: bool = True,
    row_padding: int = 12,
) -> QTableView:
    """A table view over ``model`` in the look every list in Kindly shares.

    ``several`` lets the owner select more than one row (Review sends or discards several).
    """
    view = QTableView()
    view.setAccessibleName(accessible_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if several
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(striped)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + row_padding)
    view.horizontalHeader().setHighlightSections(False)
    return view
