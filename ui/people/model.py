"""The People list: one row per person, read a page at a time by keyset, and the delegate that draws each person's kinds."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QStyledItemDelegate,
)

from app.clock import Clock
from app.domain.people import PeopleFilter, PersonRow
from app.domain.times import local_text, short_age
from app.services.customers import CHANNELS, PeoplePages
from ui.common import style
from ui.common.lists import KeysetListModel

PAGE = 200
_CACHED_PAGES = 8
COLUMNS = ("Person", "Wrote", "Kinds", "Last contact", "Strikes", "Prefers")
PERSON, WROTE, KINDS, LAST, STRIKES, PREFERS = range(len(COLUMNS))
KINDS_ORDER = ("praise", "question", "complaint", "other", "troll")

Index = QModelIndex | QPersistentModelIndex


class PeopleModel(KeysetListModel[str]):  # a row's key: the person's id
    IdRole = Qt.ItemDataRole.UserRole + 1
    KindsRole = Qt.ItemDataRole.UserRole + 2
    columns = COLUMNS
    page_size = PAGE

    def __init__(self, people: PeoplePages, clock: Clock, parent=None):
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
            page = self._people.rows(self._keys[number * PAGE : (number + 1) * PAGE])
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
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.TextAlignmentRole,
            self.KindsRole,
        ):
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
    return (
        ", ".join(
            f"{count} {(style.KIND_PLURALS if count > 1 else style.KIND_LABELS).get(kind, kind).lower()}"
            for kind, count in kinds.items()
        )
        or "—"
    )


class KindsDelegate(QStyledItemDelegate):
    """A person's mix of kinds at a glance: a bar in the kinds' colours, widths by count."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        kinds = index.data(PeopleModel.KindsRole) or {}
        total = sum(kinds.values())
        if not total:
            return
        rect = option.rect.adjusted(
            4, option.rect.height() // 2 - 5, -4, -(option.rect.height() // 2 - 5)
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = rect.left()
        width = rect.width()
        for kind in sorted(kinds, key=lambda k: KINDS_ORDER.index(k) if k in KINDS_ORDER else 9):
            w = max(3, round(width * kinds[kind] / total))
            painter.fillRect(
                QRect(x, rect.top(), min(w, rect.right() - x + 1), rect.height()),
                style.kind_colour(kind),
            )
            x += w
            if x > rect.right():
                break
        painter.restore()
