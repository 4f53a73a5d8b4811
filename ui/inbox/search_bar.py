"""The inbox's search box and what it says: how many it found and where, the current filter one
click away, a mistyped operator in plain words, and "Save search" to the navigation.

A search spans every mention (All) unless the owner narrows it to the filter they are in. The
window keeps its ``search`` line edit (this bar's ``edit``) and asks ``scope`` which list to show;
``SearchController`` keeps the count line, the saved searches and the navigation in step.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import InboxFilter
from app.domain.search import OPERATOR_HELP
from app.errors import KindlyError
from app.services.search import count_text
from ui.common import style
from ui.common.changes import PEOPLE, SETTINGS
from ui.common.workers import Worker, run_job

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

COUNT_AFTER_MS = 150
_TOO_CLOSE = 8  # px: the count line's width is measured exactly this near the bar's width


class SearchBar(QWidget):
    scope_toggled = Signal()
    save_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Search mentions")
        self.edit.setPlaceholderText(
            "Search all mentions  ( / )   from:@name  kind:complaint  is:open"
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(
            "Words find mentions that have them all. Narrow with "
            f"{OPERATOR_HELP}. Dates are your own calendar days."
        )
        self.found = QLabel()
        self.found.setAccessibleName("Search results count")
        self.only_here = QPushButton()
        self.only_here.setCheckable(True)
        self.only_here.setFlat(True)
        self.only_here.setCursor(Qt.CursorShape.PointingHandCursor)
        self.only_here.setAccessibleName("Search only in the current filter")
        self.save = QPushButton("Save search…")
        self.save.setFlat(True)
        self.save.setAccessibleName("Save this search to the navigation")
        for link in (self.only_here, self.save):
            link.setStyleSheet(
                "QPushButton { color: palette(link); border: none; padding: 0 4px; }"
                " QPushButton:hover { text-decoration: underline; }"
            )
        self.problem = QLabel()
        self.problem.setAccessibleName("Search problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.kind_colour('complaint').name()}")

        # One line when the list is wide enough; else "Only in …" goes under the count, so that
        # neither "6 found in all mentions" nor the links are cut in a list 350 px wide.
        self.status = QWidget()
        self.status_lines = QGridLayout(self.status)
        self.status_lines.setContentsMargins(2, 0, 0, 0)
        self.status_lines.setVerticalSpacing(0)
        self.status_lines.addWidget(self.found, 0, 0)
        self.status_lines.setColumnStretch(1, 1)
        self.status_lines.addWidget(self.save, 0, 3)
        self._measured: tuple = ()
        self._links = 0
        self._found_words = ("", "")
        self._found_margin: int | None = None
        self._metrics: tuple[QFontMetricsF, QFontMetricsF] | None = None
        self._lay_out_status()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        self.status.hide()
        self.problem.hide()
        self._here = InboxFilter.ALL
        self.only_here.toggled.connect(self.on_only_here_toggled)
        self.save.clicked.connect(self.save_requested)

    def scope(self, current: InboxFilter) -> InboxFilter:
        """The list a search reads: every mention, or only the current filter's."""
        self._here = current
        self._label_scope()
        searching = bool(self.edit.text().strip())
        if searching and not (self.only_here.isChecked() and current != InboxFilter.ALL):
            return InboxFilter.ALL
        return current

    def show_found(self, count: int | None, scope: InboxFilter, problems: tuple[str, ...]) -> None:
        """The count line (``count`` None: still counting) and any problem with the search."""
        searching = bool(self.edit.text().strip())
        self.status.setVisible(searching)
        where = "in all mentions" if scope == InboxFilter.ALL else f"in {scope.label}"
        counted = "…" if count is None else count_text(count)
        self._found_words = (counted, f" found {where}")
        self.found.setText(f"<b>{counted}</b> found {where}")
        self.found.setAccessibleDescription(f"{counted} found {where}")
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(searching and bool(problems))
        self._lay_out_status()

    def _label_scope(self) -> None:
        self.only_here.setVisible(self._here != InboxFilter.ALL)
        self.only_here.setText(
            "Search all mentions" if self.only_here.isChecked() else f"Only in {self._here.label}"
        )
        self._lay_out_status()

    def _lay_out_status(self) -> None:
        """The count, "Only in …" and "Save search…" on one line if they fit, else on two."""
        # The links' widths are asked only when what they say changed. The count changes with
        # each search, and its rich text's size hint lays the text out again (0.3 ms): it is
        # measured as its two plain parts, and exactly only when that is too close to call.
        links = (self.only_here, self.save)
        shown = tuple((p.text(), p.isHidden()) for p in links)
        if shown != self._measured:
            self._measured = shown
            self._links = sum(p.sizeHint().width() for p in links if not p.isHidden())
        needed = self._links + self._found_width() + 16
        if abs(needed - self.width()) <= _TOO_CLOSE:
            needed = self._links + self._found_width(exact=True) + 16
        one_line = needed <= self.width()
        if one_line == getattr(self, "_one_line", None):
            return
        self._one_line = one_line
        self.status_lines.removeWidget(self.only_here)
        if one_line:
            self.status_lines.addWidget(self.only_here, 0, 2)
        else:
            self.status_lines.addWidget(self.only_here, 1, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)

    def _found_width(self, exact: bool = False) -> int:
        """The count's width: "N" in bold and " found in …" measured apart, plus what the label
        puts around its text (taken once from its exact size hint)."""
        if self.found.isHidden():
            return 0
        if exact or self._found_margin is None:
            width = self.found.sizeHint().width()
            if any(self._found_words):
                self._found_margin = width - self._plain_found_width()
            return width
        return self._plain_found_width() + self._found_margin

    def _plain_found_width(self) -> int:
        if self._metrics is None:
            font = QFont(self.found.font())
            font.setBold(True)
            self._metrics = (QFontMetricsF(font), QFontMetricsF(self.found.font()))
        counted, rest = self._found_words
        bold, plain = self._metrics
        return math.ceil(bold.horizontalAdvance(counted) + plain.horizontalAdvance(rest))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._lay_out_status()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measured = ()  # the same words, other widths
            self._metrics = self._found_margin = None
            self._lay_out_status()

    def on_only_here_toggled(self, _checked: bool) -> None:
        self._label_scope()
        self.scope_toggled.emit()


class SearchController:
    """Keeps the search's count line, the saved searches in the navigation and the window's list
    in step (built by the main window once its list and navigation exist)."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.bar: SearchBar = window.search_bar
        self.search = window.workspace.search
        self.save_dialog: QInputDialog | None = None
        self.counting: Worker | None = None
        self._counted: tuple[InboxFilter, str] | None = None  # what the count line shows
        self._wanted: tuple[InboxFilter, str] | None = None  # what is being counted
        # Counting waits for a pause in the typing: one count per search, not per letter.
        self.count_timer = QTimer(self.bar)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(COUNT_AFTER_MS)
        self.count_timer.timeout.connect(self.count_now)
        window.model.modelReset.connect(self.on_model_reset)
        self.bar.scope_toggled.connect(self.on_bar_scope_toggled)
        self.bar.save_requested.connect(self.on_bar_save_requested)
        window.navigation.saved_search_chosen.connect(self.on_navigation_saved_search_chosen)
        window.navigation.saved_search_removed.connect(self.on_navigation_saved_search_removed)
        window.changes.changed.connect(self.on_changes_changed)
        self.show_saved()
        self.on_model_reset()

    def show_saved(self) -> None:
        self.window.navigation.set_saved_searches(
            [(s.id, s.name, s.query) for s in self.search.saved_searches()]
        )

    def on_model_reset(self) -> None:
        """Count the search again (in a worker: a sparse search counts thousands of rows)."""
        model = self.window.model
        text, scope = model.search, model.inbox_filter
        self._wanted = (scope, text)
        problems = self.search.parse(text).problems
        if not text.strip():
            self.bar.show_found(0, scope, ())
            return
        path = self.window.workspace.path
        if path is None:  # an in-memory database cannot leave this thread
            self.show_count(scope, text, problems, self.search.count(scope, text))
            return
        if self._counted != self._wanted:
            self.bar.show_found(None, scope, problems)
        self.count_timer.start()

    def count_now(self) -> None:
        self.count_timer.stop()
        if self._wanted is None or not self._wanted[1].strip():
            return
        scope, text = self._wanted
        path = self.window.workspace.path
        problems = self.search.parse(text).problems
        count = self.search.counter(scope, text)
        self.counting = run_job(
            lambda context: count(context.db),
            db_path=path,
            owner=self.bar,
            done=lambda found: self.show_count(scope, text, problems, found),
            expected=lambda error: self.bar.problem.setText(str(error)),
        )

    def show_count(
        self, scope: InboxFilter, text: str, problems: tuple[str, ...], count: int
    ) -> None:
        if (scope, text) != self._wanted:
            return  # the owner typed on while it was counted
        self._counted = (scope, text)
        self.bar.show_found(count, scope, problems)

    def on_bar_scope_toggled(self) -> None:
        self.window.on_search_text_changed(self.bar.edit.text())

    def on_bar_save_requested(self) -> None:
        query = self.bar.edit.text().strip()
        if not query:
            return
        self.save_dialog = QInputDialog(self.window)
        self.save_dialog.setWindowTitle("Save search")
        self.save_dialog.setLabelText("Name it for the navigation:")
        self.save_dialog.setTextValue(query[:60])
        self.save_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.save_dialog.textValueSelected.connect(lambda name: self.save(name, query))
        self.save_dialog.open()

    def save(self, name: str, query: str) -> None:
        try:
            change = self.search.save(name, query)
        except KindlyError as error:
            self.window.status_text.setText(str(error))
            return
        self.window.changes.publish(change)

    def on_navigation_saved_search_chosen(self, query: str) -> None:
        self.bar.only_here.setChecked(False)
        self.window.pages.setCurrentWidget(self.window.inbox_page)
        self.bar.edit.setText(query)

    def on_navigation_saved_search_removed(self, search_id: int) -> None:
        self.window.changes.publish(self.search.remove_saved(search_id))

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind in (SETTINGS, PEOPLE):  # forgetting a person removes the searches naming them
            self.show_saved()
