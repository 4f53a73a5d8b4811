"""The composer under a conversation: write a reply, see X's count and the tone checks, send it.

The rules live in ``app/``: the weighted count (``app.domain.length``), the checks
(``app.domain.tone``), the draft's states and sending (``app.services.drafting``). The composer
shows them and asks:

- the draft saves itself at most a second after each change, on every focus change, when the
  conversation changes and when Kindly quits — a crash or a power cut loses at most a second;
- the checks run in the thread pool a moment after typing stops, so the window never waits;
- Ctrl+T inserts a template, Ctrl+Enter opens X's reply window and asks "Did it post?".
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from app.domain.drafts import Channel, Draft, DraftState
from app.domain.length import PostLength, measure
from app.domain.models import Post
from app.errors import DatabaseUnavailable, KindlyError, autosave_retry_message
from app.services.drafting import draft_change
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import Changes
from ui.common.opener import UrlOpener
from ui.common.sending import ApiSending, SendFlow
from ui.conversation.checks import CheckRequest, ReplyChecker
from ui.conversation.draft_banner import DraftBanner
from ui.conversation.findings_view import FindingsView
from ui.conversation.reply_actions import ReplyActions, ReplyHeading
from ui.conversation.reply_editor import ReplyEditor, show_length
from ui.templates.insert import TemplateInserter
from ui.templates.picker import FieldsDialog, TemplatePicker

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding

AUTOSAVE_MS = 1000
AUTOSAVE_RETRY_MS = 3000  # after a failed autosave (full disk, busy database): try again
# Up to this many characters the count is taken at every key press; past it, with the checks.
_COUNT_NOW_CHARS = 2000

EMPATHY_OPENING = "Oh no, we're so sorry to hear that! "


class Composer(QFrame):
    """Writes one reply to the customer post the conversation shows."""

    draft_saved = Signal(object)  # the saved Draft, or None when an empty draft was removed
    findings_shown = Signal(list)  # the findings now highlighted
    problem_shown = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        opener: UrlOpener,
        parent: QWidget | None = None,
        *,
        api: ApiSending | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName("Reply")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._workspace = workspace
        self._changes = changes
        self._opener = opener
        self._post: Post | None = None
        self._draft: Draft | None = None
        self._loading = False
        self._dirty = False
        self._shop = workspace.shop.get()
        self._limits: dict[str, int] = {}
        self.findings: list[Finding] = []
        self.length: PostLength = measure("")

        self.heading_row = ReplyHeading()
        self.heading = self.heading_row.heading
        self.channel = self.heading_row.channel
        self.saved = self.heading_row.saved

        self.banner_box = DraftBanner()
        self.banner = self.banner_box.label
        self.banner_action = self.banner_box.action

        self.editor = ReplyEditor()

        self.findings_area = FindingsView(EMPATHY_OPENING)
        self.findings_label = self.findings_area.label

        self.actions_row = ReplyActions(self.channel, self.editor)
        self.templates_button = self.actions_row.templates_button
        self.copy_button = self.actions_row.copy_button
        self.counter = self.actions_row.counter
        self.ready_button = self.actions_row.ready_button
        self.send_button = self.actions_row.send_button
        self.send_and_resolve_action = self.actions_row.send_and_resolve_action

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading_row)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.findings_area)
        layout.addWidget(self.actions_row)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.checker = ReplyChecker(self._check_request, self)
        self.checker.checked.connect(self.on_checker_checked)
        self.checker.failed.connect(self.on_checker_failed)
        self.send_flow = SendFlow(workspace, changes, opener, self, api=api)
        self.templates = TemplateInserter(workspace, self)
        self.templates.filled.connect(self.insert_text)
        self.templates.problem.connect(self.show_problem)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.send)
        templates = QShortcut(QKeySequence("Ctrl+T"), self)
        templates.setContext(Qt.ShortcutContext.WindowShortcut)
        templates.activated.connect(self.open_templates)

        self.editor.textChanged.connect(self.on_editor_text_changed)
        self.editor.focus_left.connect(self.save_now)
        self.channel.activated.connect(self.on_channel_activated)
        self.autosave.timeout.connect(self.save_now)
        self.templates_button.clicked.connect(self.open_templates)
        self.copy_button.clicked.connect(self.copy)
        self.ready_button.clicked.connect(self.on_ready_button_clicked)
        self.send_button.clicked.connect(self.send)
        self.send_and_resolve_action.triggered.connect(self.send_and_resolve)
        self.banner_action.clicked.connect(self.on_banner_action_clicked)
        self.findings_area.finding_chosen.connect(self.on_findings_area_finding_chosen)
        self.findings_area.opening_chosen.connect(self.insert_empathy_opening)
        self.send_flow.sent.connect(self.on_send_flow_changed)
        self.send_flow.kept.connect(self.on_send_flow_changed)
        self.send_flow.problem.connect(self.show_problem)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save_now)
        self.set_post(None)

    # ----- what it shows ---------------------------------------------------------------------------

    @property
    def post(self) -> Post | None:
        return self._post

    @property
    def draft(self) -> Draft | None:
        return self._draft

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_post(self, post: Post | None) -> None:
        """Answer ``post`` (None: nothing). The draft of the previous post is saved first."""
        if not self._alive():
            return
        same = post is not None and self._post is not None and post.id == self._post.id
        if not same:
            self.save_now()
        self._post = post
        self._shop = self._workspace.shop.get()
        self._limits = {
            str(channel): self._workspace.drafting.limit_for(channel) for channel in Channel
        }
        self.setEnabled(post is not None)
        if post is None:
            self._draft = None
            self._set_text("")
            self.heading.setText("Reply")
            self._show_state()
            return
        self.heading.setText(f"{'DM' if post.is_dm else 'Reply'} to @{post.author_handle}")
        if same:
            self._refresh_from_db(post)
            return
        self._draft = self._workspace.drafting.draft_for(post.id)
        self._set_text(self._draft.text if self._draft else "")
        channel = self._draft.channel if self._draft else post.channel  # a DM is answered by DM
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self.saved.setText(self._saved_text())
        self._show_state()
        self.check_later()

    def _refresh_from_db(self, post: Post) -> None:
        """Something else changed the draft (Review, a send): show it, keep unsaved typing."""
        draft = self._workspace.drafting.draft_for(post.id)
        changed_elsewhere = (draft is None) != (self._draft is None) or (
            draft is not None
            and self._draft is not None
            and (draft.state != self._draft.state or draft.text != self._draft.text)
        )
        self._draft = draft
        if changed_elsewhere and not self._dirty:
            self._set_text(draft.text if draft else "")
            self.check_later()
        self._show_state()

    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.editor.setPlainText(text)
            cursor = self.editor.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            self.editor.setTextCursor(cursor)
        finally:
            self._loading = False
        self._dirty = False
        self.autosave.stop()
        self._update_counter_now()

    def _channel(self) -> str:
        return self.channel.currentData() or str(Channel.PUBLIC)

    def _limit(self) -> int:
        return self._limits.get(self._channel(), 280)

    def _show_state(self) -> None:
        draft = self._draft
        state = draft.state if draft else DraftState.DRAFT
        editable = self._post is not None and (draft is None or draft.editable)
        self.editor.setReadOnly(not editable)
        self.channel.setEnabled(editable and not (self._post and self._post.is_dm))
        self.actions_row.show_state(editable, state == DraftState.READY)
        self.banner_box.show_draft(draft)

    def _saved_text(self) -> str:
        if self._draft is None:
            return ""
        return f"Saved {self._draft.updated_at.astimezone().strftime('%H:%M:%S')}"

    def _alive(self) -> bool:
        """False while Qt tears the composer down (its children may be gone already)."""
        widgets: tuple[QWidget, ...] = (self, self.editor, self.channel, self.heading, self.saved)
        widgets += (self.findings_label, self.counter, self.banner, self.send_button)
        return all(shiboken6.isValid(widget) for widget in widgets)

    # ----- saving ----------------------------------------------------------------------------------

    def save_now(self) -> None:
        """Write what is typed, if anything changed (also called on focus changes and quitting)."""
        self.autosave.stop()
        # Being destroyed: the last change was saved on focus out or by the timer.
        if not self._dirty or self._post is None or not self._alive():
            return
        if self._draft is not None and not self._draft.editable:
            self._dirty = False
            return
        try:
            draft = self._workspace.drafting.save(self._post.id, self.text(), self._channel())
        except KindlyError as error:  # a full disk or a database kept busy: tried again soon
            again = isinstance(error, DatabaseUnavailable)
            self.show_problem(autosave_retry_message(error) if again else str(error))
            if again:
                self.autosave.start(AUTOSAVE_RETRY_MS)
            return
        self.autosave.setInterval(AUTOSAVE_MS)
        self._dirty = False
        was = self._draft
        self._draft = draft
        self.saved.setText(self._saved_text() if draft else "")
        self._changes.publish(draft_change(was, draft))
        if was is not None and draft is not None and was.state != draft.state:
            self._show_state()
        self.draft_saved.emit(draft)

    # ----- checks ----------------------------------------------------------------------------------

    def check_later(self) -> None:
        """Start the checks on the current text in the thread pool."""
        self.checker.start()

    def check_now(self) -> None:
        """Run the checks here and now (screenshots, tests)."""
        self.checker.run_now()

    def _check_request(self) -> CheckRequest:
        post = self._post
        return CheckRequest(
            self.text(),
            post.text if post else None,
            bool(post and post.kind == "complaint"),
            self._shop,
            self._channel(),
            self._limit(),
        )

    def on_checker_checked(self, findings: list[Finding], length: PostLength) -> None:
        if not self._alive():
            return  # the composer is gone
        self.findings = findings
        self.length = length
        show_length(self.counter, length)
        self.editor.highlight(findings)
        self.findings_area.show_findings(self.text(), findings)
        self.findings_area.fit()
        self.findings_shown.emit(findings)

    def on_checker_failed(self) -> None:
        if self._alive():
            self.findings_label.setText("The checks could not run on this text; it is saved.")

    @property
    def checked_text(self) -> str:
        """The text the findings shown belong to."""
        return self.checker.checked_text

    @property
    def checks_current(self) -> bool:
        """Whether the findings shown are those of the text and channel now in the composer."""
        return self.checker.is_current(self.text())

    def _update_counter_now(self) -> None:
        text = self.text()
        if len(text) <= _COUNT_NOW_CHARS:
            self.length = measure(text, self._limit())
            show_length(self.counter, self.length)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.findings_area.fit()

    def on_findings_area_finding_chosen(self, index: int) -> None:
        if 0 <= index < len(self.findings):
            self.select_finding(self.findings[index])

    def select_finding(self, finding: Finding) -> None:
        self.editor.select_finding(finding)

    def insert_empathy_opening(self) -> None:
        self.editor.insert_at_start(EMPATHY_OPENING)

    # ----- slots -----------------------------------------------------------------------------------

    def on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        if not self.autosave.isActive():
            self.autosave.start()  # not restarted by later keys: at most a second unsaved
        self.checker.schedule()
        self._update_counter_now()

    def on_channel_activated(self, _index: int) -> None:
        self._dirty = True
        self.save_now()
        self._update_counter_now()
        self.check_later()

    def on_ready_button_clicked(self) -> None:
        self.save_now()
        draft = self._draft
        try:
            if draft is None:
                raise KindlyError("Write the reply first; then it can wait for review.")
            if draft.state == DraftState.READY:
                self._draft = self._workspace.drafting.back_to_draft(draft.id)
            else:
                self._draft = self._workspace.drafting.mark_ready(draft.id)
        except KindlyError as error:
            self.show_problem(str(error))
            return
        self._changes.publish(draft_change(draft, self._draft))
        self._show_state()

    def on_banner_action_clicked(self) -> None:
        if self._draft is not None and self._draft.state == DraftState.SENDING:
            try:
                self.send_flow.confirm(self._draft.id)
            except KindlyError as error:
                self.show_problem(str(error))

    def on_send_flow_changed(self, _draft_id: int) -> None:
        if self._post is not None:
            self._draft = self._workspace.drafting.draft_for(self._post.id)
            self._show_state()

    # ----- actions ---------------------------------------------------------------------------------

    def send(self, resolve: bool | None = None) -> None:
        """Post on X by web intent (Ctrl+Enter); ``resolve`` also resolves the conversation."""
        if self._post is None or self.editor.isReadOnly():
            return
        if not self.text().strip():
            self.show_problem("There is nothing to send yet: write the reply first.")
            return
        self.save_now()
        if self._draft is None:
            return
        self.send_flow.send([self._draft.id], resolve=resolve if resolve else None)
        self.on_send_flow_changed(self._draft.id)

    def send_and_resolve(self) -> None:
        self.send(resolve=True)

    def copy(self) -> None:
        text = self.text()
        if not text.strip():
            self.show_problem("There is nothing to copy yet.")
            return
        QGuiApplication.clipboard().setText(text)
        self.saved.setText("Copied — paste it anywhere.")

    def show_problem(self, message: str) -> None:
        colour = style.kind_colour("complaint").name()
        self.saved.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")
        self.problem_shown.emit(message)

    def open_templates(self) -> None:
        """Ctrl+T: choose a template; fields Kindly cannot fill are asked for, then inserted."""
        if self._post is None or self.editor.isReadOnly() or not self.isVisible():
            return
        self.templates.open(self._post)

    @property
    def picker(self) -> TemplatePicker | None:
        return self.templates.picker

    @property
    def fields_dialog(self) -> FieldsDialog | None:
        return self.templates.fields_dialog

    def insert_text(self, text: str) -> None:
        """Put ``text`` at the cursor (replacing a selection), with a space before if needed."""
        self.editor.insert_text(text)

    # ----- Qt overrides ----------------------------------------------------------------------------

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.checker.timer.stop()
        self.save_now()
        super().hideEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.findings_area.show_findings(self.text(), self.findings)
        return super().event(event)
