"""The line above the reply that says where the draft stands: ready, opened on X, sent, not sent."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.domain.drafts import Draft, DraftState
from app.domain.times import local_text
from ui.common import style


class DraftBanner(QFrame):
    """Hidden for a plain draft; otherwise its state in words, and "Answer…" while X has it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setAccessibleName("Reply state")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.action = QPushButton()
        self.action.setAccessibleName("Answer: did it post?")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.action)

    def show_draft(self, draft: Draft | None) -> None:
        self.action.hide()
        if draft is None or draft.state == DraftState.DRAFT:
            self.hide()
            return
        state = draft.state
        if state == DraftState.READY:
            text, tone = (
                "<b>Ready for review.</b> It waits on the Review page; you can still edit it here.",
                "praise",
            )
        elif state == DraftState.SENDING:
            text, tone = ("<b>Opened on X.</b> Did it post?", "question")
            self.action.setText("Answer…")
            self.action.show()
        elif state == DraftState.SENT:
            when = local_text(draft.sent_at) if draft.sent_at else ""
            where = "by DM" if draft.is_dm else "on X — it is in the thread above"
            text, tone = (f"<b>Sent</b> {html.escape(when)} {where}.", "praise")
        else:
            reason = html.escape(draft.failure or "It was not sent.")
            text, tone = (f"<b>Not sent:</b> {reason} Edit it, or post it again.", "complaint")
        colour = style.kind_colour(tone).name()
        self.label.setText(f"<span style='color:{colour}'>{text}</span>")
        self.show()
