"""Moments between Qt's date-time editors (local wall time) and Kindly's aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from PySide6.QtCore import QDate, QDateTime, QTime


def editor_time(when: datetime) -> QDateTime:
    """``when`` as an editor shows it: the local wall time, to the second."""
    local = when.astimezone()
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )


def utc_of(value: QDateTime) -> datetime:
    """The moment an editor shows (local wall time), in UTC."""
    # toPython() gives a naive local datetime; PySide6's stubs call it object.
    return cast(datetime, value.toPython()).astimezone(UTC)
