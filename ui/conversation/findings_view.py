"""Under the reply: what the tone and privacy checks found, each a link to the words it means."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea

from ui.common import style
from ui.common.findings import finding_html, grouped_findings

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding


class FindingsView(QScrollArea):
    """The findings as rich text; a finding's link is ``finding:<index>``, the fix ``open:``."""

    finding_chosen = Signal(int)  # the finding's index in the findings shown
    opening_chosen = Signal()  # "Add <the empathy opening>"

    def __init__(self, empathy_opening: str) -> None:
        super().__init__()
        self.empathy_opening = empathy_opening
        self.label = QLabel()
        self.label.setAccessibleName("Tone and privacy checks")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMaximumHeight(190)
        self._count = 0
        self.label.linkActivated.connect(self.on_label_link_activated)

    def on_label_link_activated(self, link: str) -> None:
        if link == "open:":
            self.opening_chosen.emit()
            return
        if link.startswith("finding:"):
            index = int(link.split(":", 1)[1])
            if 0 <= index < self._count:
                self.finding_chosen.emit(index)

    def show_findings(self, text: str, findings: list[Finding]) -> None:
        self._count = len(findings)
        if not text.strip():
            muted = self.palette().color(self.palette().ColorRole.PlaceholderText).name()
            self.label.setText(
                f"<span style='color:{muted}'>Kindly checks tone and privacy as you write.</span>"
            )
            return
        if not findings:
            colour = style.kind_colour("praise").name()
            self.label.setText(
                f"<span style='color:{colour}'>✓ Kind, clear and nothing private.</span>"
            )
            return
        rows = []
        for finding, quotes in grouped_findings(text, findings):
            fix = ""
            if finding.code == "no_empathy":
                fix = f" <a href='open:'>Add “{html.escape(self.empathy_opening.strip())}”</a>"
            link = f"finding:{findings.index(finding)}"
            rows.append(
                f"<div style='margin-bottom:3px'>{finding_html(finding, quotes, link)}{fix}</div>"
            )
        self.label.setText("".join(rows))

    def fit(self) -> None:
        """Give the findings the room they need (up to a few), the editor keeps the rest."""
        width = max(200, self.viewport().width())
        needed = self.label.heightForWidth(width)
        self.setMinimumHeight(min(self.maximumHeight(), max(24, needed + 4)))
