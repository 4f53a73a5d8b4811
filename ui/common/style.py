"""Colours that read in both the light and the dark system palette."""

from __future__ import annotations

from typing import Literal, overload

from PySide6.QtGui import QColor, QGuiApplication, QPalette

KIND_LABELS = {
    "complaint": "Complaint",
    "question": "Question",
    "praise": "Praise",
    "troll": "Troll / spam",
    "other": "Other",
}

KIND_PLURALS = {
    "complaint": "complaints",
    "question": "questions",
    "praise": "praise",
    "troll": "troll / spam",
    "other": "other",
}

STATUS_LABELS = {"open": "Needs reply", "waiting": "Waiting", "resolved": "Resolved"}

_KIND_COLOURS = {
    "complaint": ("#c0392b", "#ff7b6b"),
    "question": ("#1f6fb2", "#6cb4ff"),
    "praise": ("#2e8b57", "#6fdc9c"),
    "troll": ("#7f6a93", "#b9a3d0"),
    "other": ("#6b7280", "#a0a7b4"),
}
_AGE_COLOURS = {"amber": ("#b36b00", "#ffb340"), "red": ("#c0392b", "#ff6b5b")}


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def kind_colour(kind: str | None) -> QColor:
    light, dark = _KIND_COLOURS.get(kind or "other", _KIND_COLOURS["other"])
    return QColor(dark if is_dark() else light)


@overload
def age_colour(level: Literal["amber", "red"]) -> QColor: ...


@overload
def age_colour(level: str | None) -> QColor | None: ...


def age_colour(level: str | None) -> QColor | None:
    """The colour of an age level ("amber", "red"); None for a level shown uncoloured."""
    if level not in _AGE_COLOURS:
        return None
    light, dark = _AGE_COLOURS[level]
    return QColor(dark if is_dark() else light)
