"""How a tone or privacy finding looks, wherever a reply is shown: the composer and Review."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from ui.common import style

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding

_FINDING_COLOURS = {
    "blame": ("#c0392b", "#ff7b6b"),
    "shouting": ("#b36b00", "#ffb340"),
    "private_info": ("#8e44ad", "#d7a6f0"),
    "no_empathy": ("#1f6fb2", "#6cb4ff"),
    "too_long": ("#c0392b", "#ff6b5b"),
}


def finding_colour(code: str) -> QColor:
    light, dark = _FINDING_COLOURS.get(code, ("#6b7280", "#a0a7b4"))
    return QColor(dark if style.is_dark() else light)


def grouped_findings(text: str, findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Findings that say the same thing, once each, with every stretch of words they point at."""
    groups: dict[tuple[str, str], tuple[Finding, list[str]]] = {}
    for finding in findings:
        key = (finding.code, finding.message)
        first, quotes = groups.setdefault(key, (finding, []))
        if finding.code not in ("no_empathy", "too_long"):
            words = " ".join(text[finding.start : finding.end].split())
            if words and words not in quotes and words.lower() not in finding.message.lower():
                quotes.append(words if len(words) <= 40 else words[:39] + "…")
    return list(groups.values())


def finding_html(finding: Finding, quotes: list[str], link: str = "") -> str:
    """One finding for a label: what, where, why and what to try instead."""
    colour = finding_colour(finding.code).name()
    label = html.escape(finding.label)
    if link:
        label = f"<a href='{link}' style='color:{colour}; text-decoration:none'><b>{label}</b></a>"
    else:
        label = f"<b style='color:{colour}'>{label}</b>"
    where = (" " + ", ".join(f"“{html.escape(q)}”" for q in quotes)) if quotes else ""
    return (
        f"<span style='color:{colour}'>●</span> {label}{where} — "
        f"{html.escape(finding.message)} <i>Try:</i> {html.escape(finding.suggestion)}"
    )


def utf16_offset(text: str, index: int) -> int:
    """Qt's text positions count UTF-16 units: an emoji beyond the BMP takes two."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)
