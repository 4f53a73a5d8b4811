"""The Review page: every reply marked ready, beside the post it answers, with what the checks found.

The owner reads each once more (offline is fine), then posts it on X, opens it to edit, sends it
back to drafts or discards it — one at a time or several at once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.drafts import Draft, DraftState
from app.domain.times import local_text
from app.errors import KindlyError
from app.changes import NOTHING
from app.services.drafting import ReviewItem, draft_change
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import DRAFTS, POSTS, Changes
from ui.common.findings import finding_colour, finding_html, grouped_findings
from ui.common.lists import make_list
from ui.common.opener import UrlOpener
from ui.common.sending import ApiSending, SendFlow
from ui.review.model import CHECKS, REPLY, STATE, TO, ReviewModel


class ReviewPage(QWidget):
    """Drafts ready to send, each beside the post it answers."""

    edit_requested = Signal(int)  # the row key (n) of the post whose conversation to open

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        opener: UrlOpener,
        parent=None,
        *,
        api: ApiSending | None = None,
    ):
        super().__init__(parent)
        self.setAccessibleName("Review")
        self._workspace = workspace
        self._changes = changes
        self._stale = True
        self.confirm_discard: QMessageBox | None = None

        title = QLabel("Review")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Read each reply once more beside the post it answers, then post it on X."
            " Select several to send or discard them together."
        )
        intro.setWordWrap(True)

        self.model = ReviewModel(workspace, self)
        self.table = make_list(self.model, "Replies to review", several=True, row_padding=14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(REPLY, QHeaderView.ResizeMode.Stretch)
        for column, width in ((TO, 120), (CHECKS, 150), (STATE, 86)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The post and your reply")
        self.detail.setOpenLinks(False)

        self.send_button = QPushButton("&Post on X")
        self.send_button.setAccessibleName("Post the selected replies on X")
        self.send_button.setToolTip("Open X's reply window for each selected reply (Ctrl+Enter)")
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the reply")
        self.edit_button = QPushButton("&Edit")
        self.edit_button.setAccessibleName("Edit in the conversation")
        self.edit_button.setToolTip("Open the conversation with this reply in the composer")
        self.back_button = QPushButton("&Back to drafts")
        self.back_button.setAccessibleName("Back to drafts")
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setAccessibleName("Discard the selected replies")
        self.status = QLabel()
        self.status.setAccessibleName("Review status")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.discard_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.status)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setSizes([600, 480])
        self.splitter.setChildrenCollapsible(False)

        self.empty = QLabel(
            "Nothing is waiting for review.\n\nIn a conversation, write a reply and choose"
            " “Ready for review”: it waits here for one last look before you send it."
        )
        self.empty.setAccessibleName("Nothing to review")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)

        self.send_flow = SendFlow(workspace, changes, opener, self, api=api)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.send_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.discard_selected)

        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.table.activated.connect(self.on_table_activated)
        self.send_button.clicked.connect(self.send_selected)
        self.copy_button.clicked.connect(self.copy_selected)
        self.edit_button.clicked.connect(self.edit_current)
        self.back_button.clicked.connect(self.back_to_drafts)
        self.discard_button.clicked.connect(self.discard_selected)
        self.send_flow.problem.connect(self.show_problem)
        self.send_flow.sent.connect(self.on_send_flow_sent)
        changes.changed.connect(self.on_changes_changed)
        self.reload()

    # ----- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_ids()
        self.model.reload()
        self._stale = False
        self.stack.setCurrentWidget(self.splitter if self.model.rowCount() else self.empty)
        rows = [r for r in (self.model.row_of(i) for i in selected) if r is not None]
        if not rows and self.model.rowCount():
            rows = [0]
        selection = self.table.selectionModel()
        for row in rows:
            selection.select(
                self.model.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], REPLY))
        self._show_detail()

    def selected_drafts(self) -> list[Draft]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.items[row].draft for row in rows if row < len(self.model.items)]

    def selected_ids(self) -> list[int]:
        return [draft.id for draft in self.selected_drafts()]

    def select_draft(self, draft_id: int) -> bool:
        row = self.model.row_of(draft_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def current_item(self) -> ReviewItem | None:
        index = self.table.currentIndex()
        selected = self.selected_ids()
        if (
            index.isValid()
            and self.model.item(index.row())
            and (not selected or self.model.items[index.row()].draft.id in selected)
        ):
            return self.model.item(index.row())
        if selected:
            row = self.model.row_of(selected[0])
            return self.model.item(row) if row is not None else None
        return None

    # ----- the detail ------------------------------------------------------------------------------

    def _show_detail(self) -> None:
        ids = self.selected_ids()
        item = self.current_item()
        self.send_button.setEnabled(bool(ids))
        self.discard_button.setEnabled(bool(ids))
        self.back_button.setEnabled(bool(ids))
        self.copy_button.setEnabled(item is not None)
        self.edit_button.setEnabled(item is not None)
        many = len(ids) > 1
        self.send_button.setText(_send_words(self.selected_drafts()))
        self.discard_button.setText(f"&Discard {len(ids)}" if many else "&Discard")
        if item is None:
            self.detail.setHtml("")
            return
        self.detail.setHtml(self._detail_html(item, len(ids)))

    def _detail_html(self, item: ReviewItem, selected: int) -> str:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        customer_bg = "#2b313a" if dark else "#f1f3f6"
        shop_bg = "#1f3b2d" if dark else "#e6f4ea"
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        post = item.post
        who = html.escape(post.author_name or post.author_handle)
        kind = post.kind or "other"
        kind_html = (
            f"<span style='color:{style.kind_colour(kind).name()}'>"
            f"{style.KIND_LABELS.get(kind, kind)}</span>"
        )
        body = html.escape(post.text).replace("\n", "<br>")
        reply = _highlighted(item, base).replace("\n", "<br>")
        channel = "a DM" if item.draft.is_dm else "a public reply"
        length = item.length
        if length.level == "over":
            count_colour = style.age_colour("red").name()
        elif length.level == "near":
            count_colour = style.age_colour("amber").name()
        else:
            count_colour = muted
        parts = []
        if selected > 1:
            parts.append(
                f"<p style='color:{muted}'>{selected} replies selected — showing the"
                " one you clicked.</p>"
            )
        parts.append(
            f"<p style='color:{muted}; margin-bottom:2px'>They wrote</p>"
            f"<table width='100%' cellpadding='0' cellspacing='0'><tr>"
            f"<td bgcolor='{customer_bg}' style='padding:8px'><b>{who}</b> "
            f"<span style='color:{muted}'>@{html.escape(post.author_handle)} · "
            f"{html.escape(local_text(post.created_at))}</span> · {kind_html}<br>"
            f"<span style='font-size:large'>{body}</span></td><td width='14%'></td></tr></table>"
            f"<p style='color:{muted}; margin-bottom:2px'>You answer, in {channel}</p>"
            f"<table width='100%' cellpadding='0' cellspacing='0'><tr><td width='14%'></td>"
            f"<td bgcolor='{shop_bg}' style='padding:8px'>"
            f"<span style='font-size:large'>{reply}</span><br>"
            f"<span style='color:{count_colour}'>{length.weighted:,} / {length.limit:,}"
            f"</span></td></tr></table>"
        )
        if item.draft.state == DraftState.FAILED:
            parts.append(
                f"<p style='color:{style.kind_colour('complaint').name()}'><b>Not sent:</b> "
                f"{html.escape(item.draft.failure or '')}</p>"
            )
        elif item.draft.state == DraftState.SENDING:
            parts.append("<p><b>Opened on X.</b> Post it again to answer “Did it post?”.</p>")
        if item.findings:
            rows = [
                f"<p style='margin-top:0'>{finding_html(finding, quotes)}</p>"
                for finding, quotes in grouped_findings(item.draft.text, item.findings)
            ]
            parts.append("<p><b>Worth a second look</b></p>" + "".join(rows))
        else:
            parts.append(
                f"<p style='color:{style.kind_colour('praise').name()}'>"
                "✓ Kind, clear and nothing private.</p>"
            )
        return "".join(parts)

    # ----- actions ---------------------------------------------------------------------------------

    def send_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.status.clear()
        self.send_flow.send(ids)

    def copy_selected(self) -> None:
        item = self.current_item()
        if item is None:
            return
        QGuiApplication.clipboard().setText(item.draft.text)
        self.status.setText("Copied — paste it anywhere.")

    def edit_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.edit_requested.emit(item.post.n)

    def back_to_drafts(self) -> None:
        change = NOTHING
        for draft in self.selected_drafts():
            try:
                change |= draft_change(draft, self._workspace.drafting.back_to_draft(draft.id))
            except KindlyError as error:
                self.show_problem(str(error))
        self._changes.publish(change)

    def discard_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        what = "this reply" if len(ids) == 1 else f"these {len(ids)} replies"
        self.confirm_discard = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard",
            f"Discard {what}? The text is thrown away; the posts still need an answer.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm_discard.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_discard.finished.connect(
            lambda result: self.on_confirm_discard_finished(result, ids)
        )
        self.confirm_discard.open()

    def on_confirm_discard_finished(self, result: int, ids: list[int]) -> None:
        if result != QMessageBox.StandardButton.Discard:
            return
        self._changes.publish_done(self._workspace.drafting.discard_with_undo(ids))
        self.status.setText("Discarded." if len(ids) == 1 else f"{len(ids)} replies discarded.")

    def show_problem(self, message: str) -> None:
        colour = style.kind_colour("complaint").name()
        self.status.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    # ----- slots -----------------------------------------------------------------------------------

    def on_table_selection_changed(self, _selected, _deselected) -> None:
        self._show_detail()

    def on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_current()

    def on_send_flow_sent(self, _draft_id: int) -> None:
        self.status.setText("Sent — it is in the conversation, waiting on the customer.")

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind not in (DRAFTS, POSTS):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self.reload()
        super().showEvent(event)


def _highlighted(item: ReviewItem, base: QColor) -> str:
    """The reply as HTML, each finding's words tinted in its colour."""
    text = item.draft.text
    owner: list[str | None] = [None] * len(text)
    from app.domain.tone import CODES

    # Narrow findings win over the sentence-wide "no word of care".
    ranked = sorted(item.findings, key=lambda f: (f.code == "no_empathy", CODES.index(f.code)))
    for finding in ranked:
        for index in range(max(0, finding.start), min(len(text), finding.end)):
            if owner[index] is None:
                owner[index] = finding.code
    out, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or owner[index] != owner[start]:
            piece = html.escape(text[start:index])
            code = owner[start]
            if code is None:
                out.append(piece)
            else:
                colour = finding_colour(code)
                tint = _mix(colour, base, 0.22 if code != "no_empathy" else 0.12)
                out.append(
                    f"<span style='background-color:{tint}; "
                    f"text-decoration: underline; color:inherit'>{piece}</span>"
                )
            start = index
    return "".join(out)


def _mix(colour: QColor, base: QColor, amount: float) -> str:
    r = round(colour.red() * amount + base.red() * (1 - amount))
    g = round(colour.green() * amount + base.green() * (1 - amount))
    b = round(colour.blue() * amount + base.blue() * (1 - amount))
    return QColor(r, g, b).name()


# ----- wiring into the main window ----------------------------------------------------------------


def _send_words(drafts: list[Draft]) -> str:
    """A public reply is posted, a DM sent: "Post on X", "Send DM", "Post 3 on X", "Send 3 DMs",
    and "Send 3 on X" for replies of both kinds."""
    dms = sum(1 for draft in drafts if draft.is_dm)
    if len(drafts) <= 1:
        return "&Send DM" if dms else "&Post on X"
    if dms == len(drafts):
        return f"&Send {dms} DMs"
    return f"&Send {len(drafts)} on X" if dms else f"&Post {len(drafts)} on X"
