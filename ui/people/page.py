"""The People page: everyone who ever wrote, fans to thank, trolls and the troll policy.

The list is a model that holds only ids and pages by keyset (like the inbox); the panel on the
right edits what the owner knows: preferred contact and address, notes, strikes. Blocking happens
on X: "Open on X to block" opens their profile through the window's URL opener.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock
from app.domain.times import local_text, short_age
from app.errors import KindlyError
from app.services.customers import CHANNELS, Customers
from app.storage.people_list import PeopleFilter, PeopleList, PersonRow
from ui.common import style
from ui.common.changes import PEOPLE, POSTS, PROMISES, SETTINGS, SHOP, Changes
from ui.common.lists import KeysetListModel, make_list

PAGE = 200
_CACHED_PAGES = 8
COLUMNS = ("Person", "Wrote", "Kinds", "Last contact", "Strikes", "Prefers")
PERSON, WROTE, KINDS, LAST, STRIKES, PREFERS = range(len(COLUMNS))
KINDS_ORDER = ("praise", "question", "complaint", "other", "troll")

Index = QModelIndex | QPersistentModelIndex


class PeopleModel(KeysetListModel):
    IdRole = Qt.ItemDataRole.UserRole + 1
    KindsRole = Qt.ItemDataRole.UserRole + 2
    columns = COLUMNS
    page_size = PAGE

    def __init__(self, people: PeopleList, clock: Clock, parent=None):
        super().__init__(parent)
        self._people = people
        self._clock = clock
        self._filter = PeopleFilter.EVERYONE
        self._search = ""
        self._pages: OrderedDict[int, dict[str, PersonRow]] = OrderedDict()
        self.reload()

    @property
    def people_filter(self) -> PeopleFilter:
        return self._filter

    def show(self, people_filter: PeopleFilter, search: str = "") -> None:
        self._filter = people_filter
        self._search = search
        self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        wanted = max(PAGE, len(self._keys)) if keep_loaded else PAGE
        self.beginResetModel()
        self._pages.clear()
        self._read_first_keys(wanted)
        self.endResetModel()

    def _read_keys(self, after, limit):
        return self._people.page_keys(self._filter, self._search, after, limit)

    def id_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, person_id: str) -> int | None:
        try:
            return self._keys.index(person_id)
        except ValueError:
            return None

    def person(self, row: int) -> PersonRow | None:
        if not 0 <= row < len(self._keys):
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._people.rows(self._keys[number * PAGE:(number + 1) * PAGE])
            self._pages[number] = page
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._keys[row])

    # ----- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == self.IdRole:
            return self._keys[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.TextAlignmentRole,
                        self.KindsRole):
            return None
        person = self.person(index.row())
        if person is None:
            return None
        column = index.column()
        if role == self.KindsRole:
            return person.kinds
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(person, column, role == Qt.ItemDataRole.AccessibleTextRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (WROTE, STRIKES):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PERSON:
                return f"{person.name} (@{person.handle})" if person.name else f"@{person.handle}"
            if column == LAST and person.last_contact:
                return local_text(person.last_contact)
            if column == KINDS:
                return _kinds_text(person.kinds)
            if column == PREFERS and person.contact_address:
                return person.contact_address
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STRIKES and person.strikes:
                return style.kind_colour("complaint")
            if column == PERSON and (person.muted or person.blocked):
                return style.kind_colour("other")
            return None
        if role == Qt.ItemDataRole.FontRole and column == PERSON:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, person: PersonRow, column: int, spoken: bool) -> str:
        if column == PERSON:
            label = f"@{person.handle}"
            if person.name and person.name.lower() != person.handle.lower():
                label = f"{person.name}  @{person.handle}"
            if person.blocked:
                label += "  · blocked"
            elif person.muted:
                label += "  · muted"
            return label
        if column == WROTE:
            return f"{person.posts:,}" + (f" + {person.dms} DM" if person.dms else "")
        if column == KINDS:
            return _kinds_text(person.kinds) if spoken else ""
        if column == LAST:
            if person.last_contact is None:
                return "—"
            return short_age((self._clock.now() - person.last_contact).total_seconds()) + " ago"
        if column == STRIKES:
            return str(person.strikes) if person.strikes else ""
        if column == PREFERS:
            if not person.preferred_channel:
                return ""
            return CHANNELS.get(person.preferred_channel, person.preferred_channel)
        return ""


def _kinds_text(kinds: dict[str, int]) -> str:
    return ", ".join(
        f"{count} {(style.KIND_PLURALS if count > 1 else style.KIND_LABELS).get(kind, kind).lower()}"
        for kind, count in kinds.items()
    ) or "—"


class KindsDelegate(QStyledItemDelegate):
    """A person's mix of kinds at a glance: a bar in the kinds' colours, widths by count."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        kinds = index.data(PeopleModel.KindsRole) or {}
        total = sum(kinds.values())
        if not total:
            return
        rect = option.rect.adjusted(4, option.rect.height() // 2 - 5, -4, -(option.rect.height() // 2 - 5))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = rect.left()
        width = rect.width()
        for kind in sorted(kinds, key=lambda k: KINDS_ORDER.index(k) if k in KINDS_ORDER else 9):
            w = max(3, round(width * kinds[kind] / total))
            painter.fillRect(QRect(x, rect.top(), min(w, rect.right() - x + 1), rect.height()),
                             style.kind_colour(kind))
            x += w
            if x > rect.right():
                break
        painter.restore()


class PersonDetail(QFrame):
    """What the owner knows about one person, and what they can do about them."""

    thank_requested = Signal(str)  # person id
    profile_requested = Signal(str)  # handle

    def __init__(self, customers: Customers, changes: Changes, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("About this person")
        self._customers = customers
        self._changes = changes
        self._person: PersonRow | None = None

        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Name")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("History")
        self.thank = QPushButton("Thank them…")
        self.thank.setAccessibleName("Thank this fan")
        self.thank.setToolTip("Open their latest praise with a thank-you ready to send")
        self.thank.clicked.connect(self.on_thank_clicked)

        self.channel = QComboBox()
        self.channel.setAccessibleName("Preferred contact channel")
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.address = QLineEdit()
        self.address.setAccessibleName("Contact address")
        self.address.setPlaceholderText("e-mail, phone or handle they gave you")
        self.save_contact = QPushButton("Save")
        self.save_contact.setAccessibleName("Save contact")
        self.save_contact.clicked.connect(self.on_save_contact_clicked)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.channel)
        contact_row.addWidget(self.address, 1)
        contact_row.addWidget(self.save_contact)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes about this person")
        self.notes.setPlaceholderText("Sizes, past orders, anything worth remembering…")
        self.notes.setMaximumHeight(90)
        self.save_notes = QPushButton("Save note")
        self.save_notes.clicked.connect(self.on_save_notes_clicked)

        self.strikes = QListWidget()
        self.strikes.setAccessibleName("Strikes")
        self.strikes.setMaximumHeight(90)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for a strike")
        self.reason.setPlaceholderText("Why? e.g. insults, spam links")
        self.add_strike = QPushButton("Add strike")
        self.add_strike.clicked.connect(self.on_add_strike_clicked)
        self.reason.returnPressed.connect(self.on_add_strike_clicked)
        strike_row = QHBoxLayout()
        strike_row.addWidget(self.reason, 1)
        strike_row.addWidget(self.add_strike)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Troll policy advice")

        self.mute = QPushButton("Mute")
        self.mute.clicked.connect(self.on_mute_clicked)
        self.block = QPushButton("Open on X to block")
        self.block.setToolTip("Opens their profile on X; block them there, then mark them blocked")
        self.block.clicked.connect(self.on_block_clicked)
        self.mark_blocked = QPushButton("Mark blocked")
        self.mark_blocked.clicked.connect(self.on_mark_blocked_clicked)
        self.forget = QPushButton("Forget this person…")
        self.forget.setAccessibleName("Forget this person")
        self.forget.clicked.connect(self.on_forget_clicked)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.kind_colour('complaint').name()}")

        form = QFormLayout()
        form.addRow("Prefers:", contact_row)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.thank)
        trolls = QGroupBox("Strikes")
        trolls_layout = QVBoxLayout(trolls)
        trolls_layout.addWidget(self.strikes)
        trolls_layout.addLayout(strike_row)
        trolls_layout.addWidget(self.advice)
        moderation = QHBoxLayout()
        moderation.addWidget(self.mute)
        moderation.addWidget(self.block)
        moderation.addWidget(self.mark_blocked)
        moderation.addStretch(1)
        notes_row = QHBoxLayout()
        notes_row.addStretch(1)
        notes_row.addWidget(self.save_notes)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(self.notes)
        layout.addLayout(notes_row)
        layout.addWidget(trolls)
        layout.addLayout(moderation)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        forget_row = QHBoxLayout()
        forget_row.addStretch(1)
        forget_row.addWidget(self.forget)
        layout.addLayout(forget_row)
        self.show_person(None)

    @property
    def person(self) -> PersonRow | None:
        return self._person

    def show_person(self, person: PersonRow | None) -> None:
        self._person = person
        self.problem.setText("")
        for widget in (self.thank, self.channel, self.address, self.save_contact, self.notes,
                       self.save_notes, self.reason, self.add_strike, self.mute, self.block,
                       self.mark_blocked, self.forget):
            widget.setEnabled(person is not None)
        if person is None:
            self.name.setText("Choose someone on the left.")
            self.summary.setText("")
            self.notes.setPlainText("")
            self.strikes.clear()
            self.advice.setText("")
            self.thank.hide()
            return
        self.name.setText(person.name or f"@{person.handle}")
        times = "once" if person.posts == 1 else f"{person.posts:,} times"
        kinds = ", ".join(
            f"<span style='color:{style.kind_colour(kind).name()}'>{count} "
            f"{(style.KIND_PLURALS if count > 1 else style.KIND_LABELS).get(kind, kind).lower()}"
            "</span>" for kind, count in person.kinds.items()
        )
        last = local_text(person.last_contact) if person.last_contact else "—"
        state = " · <b>blocked</b>" if person.blocked else (" · <b>muted</b>" if person.muted else "")
        dms = f" and sent {person.dms} DM{'s' if person.dms != 1 else ''}" if person.dms else ""
        self.summary.setText(
            f"@{person.handle}{state}<br>Wrote {times}{dms}: {kinds or 'nothing public'}"
            f"<br>Last contact: {last}"
        )
        self.thank.setVisible(self._customers.people.is_fan(person.id))
        index = self.channel.findData(person.preferred_channel or "")
        self.channel.setCurrentIndex(max(0, index))
        self.address.setText(person.contact_address or "")
        self.notes.setPlainText(person.notes)
        self.mute.setText("Unmute" if person.muted else "Mute")
        self.mark_blocked.setText("Unblock" if person.blocked else "Mark blocked")
        self._show_strikes()

    def _show_strikes(self) -> None:
        self.strikes.clear()
        if self._person is None:
            return
        for strike in self._customers.strikes(self._person.id):
            self.strikes.addItem(f"{strike.created_at.astimezone().strftime('%d %b %Y')} — "
                                 f"{strike.reason}")
        advice = self._customers.advice(self._person.id)
        text = advice.text() or "No strikes."
        if advice.strikes and advice.policy:
            text += f"\nYour policy: {advice.policy}"
        self.advice.setText(text)
        colour = style.kind_colour("complaint" if advice.suggest_mute else "other").name()
        self.advice.setStyleSheet(f"color: {colour}")

    def _run(self, action, kind: str = PEOPLE) -> bool:
        try:
            action()
        except KindlyError as error:
            self.problem.setText(str(error))
            return False
        self.problem.setText("")
        self._changes.announce(kind, [self._person.id] if self._person else [])
        return True

    def on_thank_clicked(self) -> None:
        if self._person:
            self.thank_requested.emit(self._person.id)

    def on_save_contact_clicked(self) -> None:
        if self._person:
            pid = self._person.id
            self._run(lambda: self._customers.set_contact(
                pid, self.channel.currentData(), self.address.text()))

    def on_save_notes_clicked(self) -> None:
        if self._person:
            pid = self._person.id
            self._run(lambda: self._customers.set_notes(pid, self.notes.toPlainText()))

    def on_add_strike_clicked(self) -> None:
        if self._person and self._run(
            lambda: self._customers.add_strike(self._person.id, self.reason.text())
        ):
            self.reason.clear()

    def on_mute_clicked(self) -> None:
        if self._person:
            pid, muted = self._person.id, not self._person.muted
            self._run(lambda: self._customers.set_muted(pid, muted), POSTS)

    def on_block_clicked(self) -> None:
        if self._person:
            self.profile_requested.emit(self._person.handle)

    def on_mark_blocked_clicked(self) -> None:
        if self._person:
            pid, blocked = self._person.id, not self._person.blocked
            self._run(lambda: self._customers.set_blocked(pid, blocked), POSTS)

    def on_forget_clicked(self) -> None:
        if self._person is None:
            return
        person = self._person
        answer = QMessageBox.question(
            self,
            "Forget this person?",
            f"Delete everything Kindly knows about @{person.handle}: their posts and your replies "
            "to them, DMs, drafts, promises, strikes, notes and contact details. This cannot be "
            "undone. Backups from before today still hold them until they roll over.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._customers.forget(person.id)
        except KindlyError as error:
            self.problem.setText(str(error))
            return
        self._person = None
        for kind in (POSTS, PROMISES, PEOPLE):
            self._changes.announce(kind)


class PeoplePage(QWidget):
    """People: the list with its filters on the left, the person on the right."""

    thank_requested = Signal(str)  # person id

    def __init__(self, customers: Customers, clock: Clock, changes: Changes, opener=None,
                 parent=None):
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

        self.policy_box = QGroupBox("Your troll policy — written once, applied the same way every time")
        self.policy = QPlainTextEdit(customers.policy())
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
        for column, width in ((WROTE, 70), (KINDS, 110), (LAST, 96), (STRIKES, 58),
                              (PREFERS, 90)):
            self.list.setColumnWidth(column, width)
        self.detail = PersonDetail(customers, changes)
        self.detail.setMinimumWidth(330)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.policy_box)
        left_layout.addWidget(self.list, 1)
        self.legend = QLabel("Kinds:  " + "   ".join(
            f"<span style='color:{style.kind_colour(kind).name()}'>■</span> "
            f"{style.KIND_LABELS[kind].lower()}" for kind in KINDS_ORDER))
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
        try:
            self._customers.set_policy(self.policy.toPlainText())
        except KindlyError as error:
            self.detail.problem.setText(str(error))
            return
        self._changes.announce(SETTINGS)

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
