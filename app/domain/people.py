"""What the People page shows: its filters and one line of its list (``app/storage/people_list.py``
reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PeopleFilter(StrEnum):
    EVERYONE = "everyone"
    FANS = "fans"
    TROLLS = "trolls"
    MUTED = "muted"

    @property
    def label(self) -> str:
        return {
            "everyone": "Everyone",
            "fans": "Fans",
            "trolls": "Trolls and strikes",
            "muted": "Muted and blocked",
        }[self.value]


@dataclass(frozen=True)
class PersonRow:
    """One line of the People list."""

    id: str
    handle: str
    name: str
    posts: int
    dms: int
    last_contact: datetime | None
    kinds: dict[str, int] = field(default_factory=dict)
    strikes: int = 0
    muted: bool = False
    blocked: bool = False
    preferred_channel: str | None = None
    contact_address: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Strike:
    id: int
    person_id: str
    reason: str
    created_at: datetime
