"""The People page: everyone who ever wrote, fans to thank, trolls and the troll policy.

The list is a model that holds only ids and pages by keyset (like the inbox); the panel on the
right edits what the owner knows: preferred contact and address, notes, strikes. Blocking happens
on X: "Open on X to block" opens their profile through the window's URL opener.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock
from app.services.customers import Customers
from app.domain.people import PeopleFilter
from ui.common import style
from ui.common.changes import PEOPLE, POSTS, PROMISES, SETTINGS, SHOP, Changes
from ui.common.empty import EmptyNote, people_empty_text
from ui.common.forms import PlainTextBox
from ui.common.lists import make_list
from ui.common.operation import apply_change
from ui.people.detail import PersonDetail
from ui.people.model import (
    KINDS,
    KINDS_ORDER,
    LAST,
    PERSON,
    PREFERS,
    STRIKES,
    WROTE,
    KindsDelegate,
    PeopleModel,
)


class PeoplePage(QWidget):
    """People: the list with its filters on the left, the person on the right."""

    thank_requested = Signal(str)  # person id

    def __init__(
        self, customers: Customers, clock: Clock, changes: Changes, opener=None, parent=None
    ):
        super().__init__(parent)
        self.setAccessibleName("People")
        self._customers = customers
        self._changes = changes
        self._opener = opener
        self.model = PeopleModel(customers.people, clock, self)

        self.filters = QButtonGroup(self)
        filter_row = QHBoxLayout()
        self._filter_buttons: dict[PeopleFilter, QToolButton] = {}
        for people_filter in PeopleFilter:
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setAccessibleName(people_filter.label)
            button.clicked.connect(lambda _=False, f=people_filter: self.choose(f))
            self.filters.addButton(button)
            self._filter_buttons[people_filter] = button
            filter_row.addWidget(button)
        filter_row.addStretch(1)
        self._filter_buttons[PeopleFilter.EVERYONE].setChecked(True)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search people")
        self.search.setPlaceholderText("Search by name or handle")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search_text_changed)
        filter_row.addWidget(self.search)

        self.policy_box = QGroupBox(
            "Your troll policy — written once, applied the same way every time"
        )
        self.policy = PlainTextBox(customers.policy())
        self.policy.setAccessibleName("Troll policy")
        self.policy.setPlaceholderText(
            "e.g. We answer every real problem. Insults get one polite answer and a strike; "
            "at three strikes we mute, and block repeat abusers on X."
        )
        self.policy.setMaximumHeight(70)
        self.save_policy = QPushButton("Save policy")
        self.save_policy.clicked.connect(self.on_save_policy_clicked)
        policy_layout = QHBoxLayout(self.policy_box)
        policy_layout.addWidget(self.policy, 1)
        policy_layout.addWidget(self.save_policy, 0, Qt.AlignmentFlag.AlignBottom)
        self.policy_box.hide()

        self.list = make_list(self.model, "People list")
        self.list.setItemDelegateForColumn(KINDS, KindsDelegate(self.list))
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(PERSON, QHeaderView.ResizeMode.Stretch)
        for column, width in ((WROTE, 70), (KINDS, 110), (LAST, 96), (STRIKES, 58), (PREFERS, 90)):
            self.list.setColumnWidth(column, width)
        self.detail = PersonDetail(customers, changes)
        self.detail.setMinimumWidth(330)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.policy_box)
        left_layout.addWidget(self.list, 1)
        self.empty_note = EmptyNote(self.list, self.empty_text)  # an empty list says why
        self.legend = QLabel(
            "Kinds:  "
            + "   ".join(
                f"<span style='color:{style.kind_colour(kind).name()}'>■</span> "
                f"{style.KIND_LABELS[kind].lower()}"
                for kind in KINDS_ORDER
            )
        )
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName("What the colours mean")
        left_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.list.selectionModel().currentRowChanged.connect(self.on_list_current_row_changed)
        self.detail.thank_requested.connect(self.thank_requested)
        self.detail.profile_requested.connect(self.on_detail_profile_requested)
        # Changes are noted here and applied by refresh(): at once when the page is on screen
        # (a 0-ms timer, so "posts", "people" and "promises" from one write refresh it once),
        # otherwise when it is next shown. Counting the lists at 1M people takes 200 ms.
        self._pending: set[str] = set()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        changes.changed.connect(self.on_changes_changed)
        self.refresh_counts()
        self.select_row(0)

    # ----- state --------------------------------------------------------------------------------

    def choose(self, people_filter: PeopleFilter) -> None:
        self._filter_buttons[people_filter].setChecked(True)
        self.policy_box.setVisible(people_filter == PeopleFilter.TROLLS)
        self.model.show(people_filter, self.search.text())
        self.select_row(0)

    def empty_text(self) -> str:
        chosen = [f for f, button in self._filter_buttons.items() if button.isChecked()]
        people_filter = chosen[0] if chosen else PeopleFilter.EVERYONE
        return people_empty_text(str(people_filter), people_filter.label, self.search.text())

    def refresh_counts(self) -> None:
        for people_filter, button in self._filter_buttons.items():
            count = self._customers.people.count(people_filter)
            button.setText(f"{people_filter.label}  {count:,}")

    def select_row(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self.detail.show_person(None)
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        index = self.model.index(row, PERSON)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def select_person(self, person_id: str) -> bool:
        row = self.model.row_of(person_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    # ----- slots --------------------------------------------------------------------------------

    def on_search_text_changed(self, text: str) -> None:
        self.model.show(self.model.people_filter, text)
        self.select_row(0)

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_person(self.model.person(current.row()) if current.isValid() else None)

    def on_detail_profile_requested(self, handle: str) -> None:
        url = self._customers.profile_url(handle)
        if self._opener is not None:
            self._opener.open(url)

    def on_save_policy_clicked(self) -> None:
        apply_change(
            self._changes,
            lambda: self._customers.set_policy(self.policy.toPlainText()),
            self.detail.problem.setText,
        )

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pending:
            self.refresh()  # before the first paint: the page never shows stale lists
        super().showEvent(event)

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind not in (PEOPLE, POSTS, PROMISES, SETTINGS, SHOP):
            return
        self._pending.add(SETTINGS if kind == SETTINGS else PEOPLE)
        if self.isVisible():
            self._refresh_timer.start()

    @property
    def stale(self) -> bool:
        return bool(self._pending)

    def refresh(self) -> None:
        """Apply the changes heard since the last refresh: once, however many there were."""
        self._refresh_timer.stop()
        pending, self._pending = self._pending, set()
        if SETTINGS in pending and not self.policy.hasFocus():
            self.policy.setPlainText(self._customers.policy())
        if PEOPLE not in pending:
            if pending and self.detail.person:
                self.detail.show_person(self.model.person(self.list.currentIndex().row()))
            return
        current = self.list.currentIndex()
        row = current.row() if current.isValid() else 0
        person_id = self.model.id_at(row)
        self.model.reload(keep_loaded=True)
        if person_id is None or not self.select_person(person_id):
            self.select_row(row)
        else:
            self.detail.show_person(self.model.person(self.list.currentIndex().row()))
        self.refresh_counts()
