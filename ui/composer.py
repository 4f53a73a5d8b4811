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
import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.drafts import Channel, Draft, DraftState
from app.domain.length import PostLength, measure
from app.domain.models import Post, Shop
from app.domain.times import local_text
from app.errors import DatabaseUnavailable, KindlyError, autosave_retry_message
from app.workspace import Workspace
from ui import style
from ui.changes import DRAFTS, Changes
from ui.opener import UrlOpener
from ui.sending import SendFlow
from ui.templates_picker import FieldsDialog, TemplatePicker

if TYPE_CHECKING:  # the tone checks load on the first check, not when the window opens
    from app.domain.tone import Finding

log = logging.getLogger("kindly.ui.composer")

AUTOSAVE_MS = 1000
AUTOSAVE_RETRY_MS = 3000  # after a failed autosave (full disk, busy database): try again
CHECK_DELAY_MS = 250
# Up to this many characters the count is taken at every key press; past it, with the checks.
_COUNT_NOW_CHARS = 2000

EMPATHY_OPENING = "Oh no, we're so sorry to hear that! "

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
            words = " ".join(text[finding.start:finding.end].split())
            if words and words not in quotes and words.lower() not in finding.message.lower():
                quotes.append(words if len(words) <= 40 else words[:39] + "…")
    return list(groups.values())


def finding_html(finding: Finding, quotes: list[str], link: str = "") -> str:
    """One finding for a label: what, where, why and what to try instead."""
    colour = finding_colour(finding.code).name()
    label = html.escape(finding.label)
    if link:
        label = (f"<a href='{link}' style='color:{colour}; text-decoration:none'>"
                 f"<b>{label}</b></a>")
    else:
        label = f"<b style='color:{colour}'>{label}</b>"
    where = (" " + ", ".join(f"“{html.escape(q)}”" for q in quotes)) if quotes else ""
    return (f"<span style='color:{colour}'>●</span> {label}{where} — "
            f"{html.escape(finding.message)} <i>Try:</i> {html.escape(finding.suggestion)}")


def utf16_offset(text: str, index: int) -> int:
    """Qt's text positions count UTF-16 units: an emoji beyond the BMP takes two."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


# ----- the checks, off the GUI thread -------------------------------------------------------------


class _CheckSignals(QObject):
    done = Signal(int, object)  # generation, (findings, length) or None when the check failed


class _CheckTask(QRunnable):
    """Runs the tone checks and the count on plain data; never touches a widget or the DB."""

    def __init__(self, signals: _CheckSignals, generation: int, text: str,
                 mention_text: str | None, complaint: bool, shop: Shop, channel: str, limit: int):
        super().__init__()
        self.signals = signals
        self.generation = generation
        self.args = (text, mention_text, complaint, shop, channel, limit)

    def run(self) -> None:
        text, mention_text, complaint, shop, channel, limit = self.args
        try:
            from app.domain.tone import review_reply

            findings = review_reply(
                text, mention_text, shop, channel=channel, limit=limit, complaint=complaint
            )
            result = (findings, measure(text, limit))
        except Exception:  # noqa: BLE001 - a bug in a check must not take the window down
            log.exception("the tone checks failed")
            result = None
        self.signals.done.emit(self.generation, result)


# ----- the editor ---------------------------------------------------------------------------------


class ReplyEditor(QPlainTextEdit):
    focus_left = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.focus_left.emit()


class Composer(QFrame):
    """Writes one reply to the customer post the conversation shows."""

    draft_saved = Signal(object)  # the saved Draft, or None when an empty draft was removed
    findings_shown = Signal(list)  # the findings now highlighted
    problem_shown = Signal(str)

    def __init__(self, workspace: Workspace, changes: Changes, opener: UrlOpener,
                 parent: QWidget | None = None):
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
        self._generation = 0
        self._shop = workspace.shop.get()
        self._limits: dict[str, int] = {}
        self.findings: list[Finding] = []
        self.checked_text = ""  # the text the findings shown belong to
        self._checking_text = ""
        self._shown_generation = -1
        self.length: PostLength = measure("")
        self.picker: TemplatePicker | None = None
        self.fields_dialog: FieldsDialog | None = None

        self.heading = QLabel()
        self.heading.setAccessibleName("Replying to")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.channel = QComboBox()
        self.channel.setAccessibleName("Reply in public or by DM")
        self.channel.addItem("Public reply", str(Channel.PUBLIC))
        self.channel.addItem("Direct message", str(Channel.DM))
        self.channel.setToolTip("A public reply is seen by everyone; a DM only by them.")
        self.saved = QLabel()
        self.saved.setAccessibleName("Saved")
        self.saved.setStyleSheet("color: palette(placeholder-text);")

        self.banner = QLabel()
        self.banner.setAccessibleName("Reply state")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner_action = QPushButton()
        self.banner_action.setAccessibleName("Answer: did it post?")
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(0, 0, 0, 0)
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_action)
        self.banner_box = QFrame()
        self.banner_box.setObjectName("banner")
        self.banner_box.setLayout(banner_row)

        self.editor = ReplyEditor()
        self.editor.setAccessibleName("Your reply")
        self.editor.setPlaceholderText(
            "Write a kind reply…   Ctrl+T inserts a template, Ctrl+Enter posts it on X."
        )
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(64)
        editor_font = self.editor.font()
        editor_font.setPointSizeF(editor_font.pointSizeF() * 1.1)
        self.editor.setFont(editor_font)

        self.findings_label = QLabel()
        self.findings_label.setAccessibleName("Tone and privacy checks")
        self.findings_label.setWordWrap(True)
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.findings_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.findings_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.findings_area = QScrollArea()
        self.findings_area.setWidget(self.findings_label)
        self.findings_area.setWidgetResizable(True)
        self.findings_area.setFrameShape(QFrame.Shape.NoFrame)
        self.findings_area.setMaximumHeight(190)

        self.templates_button = QPushButton("&Templates…")
        self.templates_button.setAccessibleName("Insert a template")
        self.templates_button.setToolTip("Insert a saved reply (Ctrl+T)")
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the reply")
        self.copy_button.setToolTip("Put the text on the clipboard, to paste anywhere")
        self.counter = QLabel()
        self.counter.setAccessibleName("Length")
        self.counter.setToolTip("Counted the way X counts: links 23, emoji and most CJK 2.")
        self.ready_button = QPushButton("Ready for &review")
        self.ready_button.setAccessibleName("Ready for review")
        self.send_button = QToolButton()
        self.send_button.setText("Post on X")
        self.send_button.setAccessibleName("Post on X")
        self.send_button.setToolTip("Open X's reply window with this text (Ctrl+Enter)")
        self.send_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.send_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        send_menu = QMenu(self.send_button)
        self.send_and_resolve_action = send_menu.addAction("Post on X and resolve")
        self.send_button.setMenu(send_menu)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.channel)
        top.addStretch(1)
        top.addWidget(self.saved)
        bottom = QHBoxLayout()
        bottom.addWidget(self.templates_button)
        bottom.addWidget(self.copy_button)
        bottom.addStretch(1)
        bottom.addWidget(self.counter)
        bottom.addSpacing(8)
        bottom.addWidget(self.ready_button)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.findings_area)
        layout.addLayout(bottom)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self._signals = _CheckSignals()  # no parent: a running check may outlive the composer
        self._signals.done.connect(self.on_check_done)
        self.send_flow = SendFlow(workspace, changes, opener, self)

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
        self.check_timer.timeout.connect(self.check_later)
        self.templates_button.clicked.connect(self.open_templates)
        self.copy_button.clicked.connect(self.copy)
        self.ready_button.clicked.connect(self.on_ready_button_clicked)
        self.send_button.clicked.connect(self.send)
        self.send_and_resolve_action.triggered.connect(self.send_and_resolve)
        self.banner_action.clicked.connect(self.on_banner_action_clicked)
        self.findings_label.linkActivated.connect(self.on_findings_label_link_activated)
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
        self.heading.setText(f"Reply to @{post.author_handle}")
        if same:
            self._refresh_from_db()
            return
        self._draft = self._workspace.drafting.draft_for(post.id)
        self._set_text(self._draft.text if self._draft else "")
        channel = self._draft.channel if self._draft else str(Channel.PUBLIC)
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self.saved.setText(self._saved_text())
        self._show_state()
        self.check_later()

    def _refresh_from_db(self) -> None:
        """Something else changed the draft (Review, a send): show it, keep unsaved typing."""
        draft = self._workspace.drafting.draft_for(self._post.id)
        changed_elsewhere = (draft is None) != (self._draft is None) or (
            draft is not None and self._draft is not None
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
        editable = self._post is not None and state in (
            DraftState.DRAFT, DraftState.READY, DraftState.FAILED
        )
        self.editor.setReadOnly(not editable)
        self.channel.setEnabled(editable)
        self.templates_button.setEnabled(editable)
        self.send_button.setEnabled(editable)
        self.ready_button.setEnabled(editable)
        self.ready_button.setText("Not ready &yet" if state == DraftState.READY
                                  else "Ready for &review")
        self.ready_button.setAccessibleName(
            "Back to drafts" if state == DraftState.READY else "Ready for review"
        )
        self.banner_action.hide()
        tone = None
        if draft is None or state == DraftState.DRAFT:
            self.banner_box.hide()
            return
        if state == DraftState.READY:
            text, tone = ("<b>Ready for review.</b> It waits on the Review page; you can still "
                          "edit it here.", "praise")
        elif state == DraftState.SENDING:
            text, tone = ("<b>Opened on X.</b> Did it post?", "question")
            self.banner_action.setText("Answer…")
            self.banner_action.show()
        elif state == DraftState.SENT:
            when = local_text(draft.sent_at) if draft.sent_at else ""
            where = "by DM" if draft.is_dm else "on X — it is in the thread above"
            text, tone = (f"<b>Sent</b> {html.escape(when)} {where}.", "praise")
        else:
            reason = html.escape(draft.failure or "It was not sent.")
            text, tone = (f"<b>Not sent:</b> {reason} Edit it, or post it again.", "complaint")
        colour = style.kind_colour(tone).name()
        self.banner.setText(f"<span style='color:{colour}'>{text}</span>")
        self.banner_box.show()

    def _saved_text(self) -> str:
        if self._draft is None:
            return ""
        return f"Saved {self._draft.updated_at.astimezone().strftime('%H:%M:%S')}"

    def _alive(self) -> bool:
        """False while Qt tears the composer down (its children may be gone already)."""
        return all(
            shiboken6.isValid(widget)
            for widget in (self, self.editor, self.channel, self.heading, self.saved,
                           self.findings_label, self.counter, self.banner, self.send_button)
        )

    # ----- saving ----------------------------------------------------------------------------------

    def save_now(self) -> None:
        """Write what is typed, if anything changed (also called on focus changes and quitting)."""
        self.autosave.stop()
        if not self._dirty or self._post is None:
            return
        if not self._alive():
            return  # being destroyed: the last change was saved on focus out or by the timer
        if self._draft is not None and not self._draft.editable:
            self._dirty = False
            return
        try:
            draft = self._workspace.drafting.save(self._post.id, self.text(), self._channel())
        except DatabaseUnavailable as error:  # a full disk, a database kept busy: try again
            self.show_problem(autosave_retry_message(error))
            self.autosave.start(AUTOSAVE_RETRY_MS)
            return
        except KindlyError as error:
            self.show_problem(str(error))
            return
        self.autosave.setInterval(AUTOSAVE_MS)
        self._dirty = False
        was = self._draft
        self._draft = draft
        self.saved.setText(self._saved_text() if draft else "")
        if (was is None) != (draft is None) or (draft and draft.state != DraftState.DRAFT):
            self._changes.announce(DRAFTS, [draft.id if draft else was.id])
        if was is not None and draft is not None and was.state != draft.state:
            self._show_state()
        self.draft_saved.emit(draft)

    # ----- checks ----------------------------------------------------------------------------------

    def check_later(self) -> None:
        """Start the checks on the current text in the thread pool."""
        self.check_timer.stop()
        self._generation += 1
        self._checking_text = self.text()
        if not self._checking_text:  # nothing written: nothing to find, nothing to count
            self._show_check([], measure("", self._limit()))
            return
        post = self._post
        task = _CheckTask(
            self._signals,
            self._generation,
            self._checking_text,
            post.text if post else None,
            bool(post and post.kind == "complaint"),
            self._shop,
            self._channel(),
            self._limit(),
        )
        QThreadPool.globalInstance().start(task)

    def check_now(self) -> None:
        """Run the checks here and now (screenshots, tests)."""
        self.check_timer.stop()
        self._generation += 1
        self._checking_text = self.text()
        post = self._post
        from app.domain.tone import review_reply

        findings = review_reply(
            self.text(), post.text if post else None, self._shop, channel=self._channel(),
            limit=self._limit(), complaint=bool(post and post.kind == "complaint"),
        )
        self._show_check(findings, measure(self.text(), self._limit()))

    def on_check_done(self, generation: int, result) -> None:
        if generation != self._generation or not self._alive():
            return  # an older text's answer, or the composer is gone
        if result is None:
            self.findings_label.setText("The checks could not run on this text; it is saved.")
            return
        self._show_check(*result)

    @property
    def checks_current(self) -> bool:
        """Whether the findings shown are those of the text and channel now in the composer."""
        return (
            self._shown_generation == self._generation
            and self.checked_text == self.text()
            and not self.check_timer.isActive()
        )

    def _show_check(self, findings: list[Finding], length: PostLength) -> None:
        self._shown_generation = self._generation
        self.checked_text = self._checking_text
        self.findings = findings
        self.length = length
        self._show_counter(length)
        self._highlight(findings)
        self._show_findings(findings)
        self._fit_findings()
        self.findings_shown.emit(findings)

    def _update_counter_now(self) -> None:
        text = self.text()
        if len(text) <= _COUNT_NOW_CHARS:
            self.length = measure(text, self._limit())
            self._show_counter(self.length)

    def _show_counter(self, length: PostLength) -> None:
        if length.level == "over":
            colour = style.age_colour("red").name()
            text = f"{length.weighted:,} / {length.limit:,} — {length.over_by:,} over"
        elif length.level == "near":
            colour = style.age_colour("amber").name()
            text = f"{length.weighted:,} / {length.limit:,}"
        else:
            colour = self.palette().color(self.palette().ColorRole.PlaceholderText).name()
            text = f"{length.weighted:,} / {length.limit:,}"
        weight = "bold" if length.level != "ok" else "normal"
        self.counter.setStyleSheet(f"color: {colour}; font-weight: {weight};")
        self.counter.setText(text)
        self.counter.setProperty("level", length.level)

    def _highlight(self, findings: list[Finding]) -> None:
        text = self.text()
        selections = []
        for finding in findings:
            start = utf16_offset(text, min(finding.start, len(text)))
            end = utf16_offset(text, min(finding.end, len(text)))
            if end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char_format = QTextCharFormat()
            colour = finding_colour(finding.code)
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            char_format.setUnderlineColor(colour)
            tint = QColor(colour)
            tint.setAlpha(45 if finding.code != "no_empathy" else 25)
            char_format.setBackground(tint)
            char_format.setToolTip(f"{finding.label}: {finding.message}")
            selection.format = char_format
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def _show_findings(self, findings: list[Finding]) -> None:
        text = self.text()
        if not text.strip():
            muted = self.palette().color(self.palette().ColorRole.PlaceholderText).name()
            self.findings_label.setText(
                f"<span style='color:{muted}'>Kindly checks tone and privacy as you write.</span>"
            )
            return
        if not findings:
            colour = style.kind_colour("praise").name()
            self.findings_label.setText(
                f"<span style='color:{colour}'>✓ Kind, clear and nothing private.</span>"
            )
            return
        rows = []
        for finding, quotes in grouped_findings(text, findings):
            fix = ""
            if finding.code == "no_empathy":
                fix = (f" <a href='open:'>Add “{html.escape(EMPATHY_OPENING.strip())}”</a>")
            link = f"finding:{findings.index(finding)}"
            rows.append(f"<div style='margin-bottom:3px'>{finding_html(finding, quotes, link)}"
                        f"{fix}</div>")
        self.findings_label.setText("".join(rows))

    def _fit_findings(self) -> None:
        """Give the findings the room they need (up to a few), the editor keeps the rest."""
        width = max(200, self.findings_area.viewport().width())
        needed = self.findings_label.heightForWidth(width)
        self.findings_area.setMinimumHeight(min(self.findings_area.maximumHeight(),
                                                max(24, needed + 4)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_findings()

    def on_findings_label_link_activated(self, link: str) -> None:
        if link == "open:":
            self.insert_empathy_opening()
            return
        if link.startswith("finding:"):
            index = int(link.split(":", 1)[1])
            if 0 <= index < len(self.findings):
                self.select_finding(self.findings[index])

    def select_finding(self, finding: Finding) -> None:
        text = self.text()
        cursor = self.editor.textCursor()
        cursor.setPosition(utf16_offset(text, min(finding.start, len(text))))
        cursor.setPosition(utf16_offset(text, min(finding.end, len(text))),
                           QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def insert_empathy_opening(self) -> None:
        if self.editor.isReadOnly():
            return
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.insertText(EMPATHY_OPENING)
        self.editor.setFocus()

    # ----- slots -----------------------------------------------------------------------------------

    def on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        if not self.autosave.isActive():
            self.autosave.start()  # not restarted by later keys: at most a second unsaved
        self.check_timer.start()
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
        self._changes.announce(DRAFTS, [self._draft.id])
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
        post = self._post
        templates = self._workspace.templates.list()
        self.picker = TemplatePicker(
            templates,
            lambda template: self._workspace.drafting.fill_template(template, post).text,
            self.window(),
        )
        self.picker.chosen.connect(self.on_picker_chosen)
        self.picker.open()

    def on_picker_chosen(self, template_id: int) -> None:
        try:
            template = self._workspace.templates.get(template_id)
        except KindlyError as error:
            self.show_problem(str(error))
            return
        filled = self._workspace.drafting.fill_template(template, self._post)
        if not filled.missing:
            self.insert_text(filled.text)
            return
        self.fields_dialog = FieldsDialog(template.name, filled.missing, self.window())
        self.fields_dialog.filled.connect(
            lambda typed: self.insert_text(
                self._workspace.drafting.fill_template(template, self._post, typed).text
            )
        )
        self.fields_dialog.open()

    def insert_text(self, text: str) -> None:
        """Put ``text`` at the cursor (replacing a selection), with a space before if needed."""
        if self.editor.isReadOnly():
            return
        cursor = self.editor.textCursor()
        if not cursor.hasSelection() and cursor.position() > 0:
            before = self.editor.document().characterAt(cursor.position() - 1)
            if not before.isspace() and before != "\u2029":  # not after a space or line break
                text = " " + text
        cursor.insertText(text)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # ----- Qt overrides ----------------------------------------------------------------------------

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.check_timer.stop()
        self.save_now()
        super().hideEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self._show_findings(self.findings)
        return super().event(event)
