"""The right pane: the whole thread in order, what triage thought, the actions on it, and the
composer for the reply."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changed
from app.domain.drafts import draft_of_local_id
from app.domain.models import InboxFilter, Picked, Post
from app.domain.times import local_text
from app.domain.triage import Kind
from app.errors import KindlyError
from app.services.inbox import BulkAction
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import DRAFTS, POSTS, Changes
from ui.common.lists import quick_scroll_bars
from ui.common.opener import UrlOpener
from ui.common.operation import apply_change
from ui.common.sending import ApiSending
from ui.conversation.composer import Composer
from ui.conversation.earlier_replies import EarlierRepliesPanel
from ui.conversation.person_links import PersonLinks
from ui.conversation.person_panel import PersonPanel
from ui.inbox.mute import ask_before_muting

# A thread's first bubbles are laid out at once (more, two at a time, while they do not fill the
# view); a long thread's others follow as soon as the window has painted (laying out a bubble
# costs about 0.2 ms, and a thread can be dozens long).
FIRST_BUBBLES = 4
_BUBBLE_PADDING = 24  # a bubble's padding and the space below it
_BUBBLE_MARKUP = 380  # about the characters of a bubble's HTML other than its text


class ConversationPane(QWidget):
    """Shows one mention's conversation; writes go through the inbox service, then announce."""

    link_opened = Signal(str)  # a URL the owner asked to open (tests capture it)
    post_requested = Signal(int)  # the owner asked for another of this person's conversations
    # The conversation's view. The name hides QObject.thread() from Python code only (Qt's C++
    # still reaches it) and nothing asks this pane for its thread, so the override is safe;
    # renaming it would touch every line that draws the thread.
    thread: QTextBrowser  # type: ignore[assignment]

    def __init__(
        self,
        workspace: Workspace,
        changes: Changes,
        parent=None,
        opener: UrlOpener | None = None,
        api: ApiSending | None = None,
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._changes = changes
        self._post: Post | None = None
        self.shown = 0  # how many times a post was (re)read and shown: one refill per change
        self._rest_of_thread: list[str] = []  # bubbles still to add below the thread shown
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(0)
        self._rest_timer.timeout.connect(self.finish_thread)
        # Every web address Kindly opens goes through this one object (tests replace its handler).
        self.opener = opener or UrlOpener(self)
        self.link_dialog: QInputDialog | None = None

        self.title = QLabel()
        self.title.setAccessibleName("Conversation title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.triage = QLabel()
        self.triage.setAccessibleName("Why Kindly chose this kind")
        self.triage.setWordWrap(True)
        self.triage.setTextFormat(Qt.TextFormat.RichText)

        self.resolve = QPushButton("Resolve")
        self.resolve.setAccessibleName("Resolve conversation")
        self.resolve.setToolTip("Mark this conversation done (E)")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of mention")
        for kind in Kind:
            self.kind.addItem(style.KIND_LABELS[str(kind)], str(kind))
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)
        self.open_on_x = QPushButton("Open on X")
        self.open_on_x.setAccessibleName("Open this post on X")

        actions = QHBoxLayout()
        actions.addWidget(self.resolve)
        actions.addSpacing(12)
        actions.addWidget(kind_label)
        actions.addWidget(self.kind)
        actions.addStretch(1)
        actions.addWidget(self.open_on_x)

        self.thread = QTextBrowser()
        self.thread.setAccessibleName("Conversation")
        self.thread.setOpenLinks(False)
        self.thread.setUndoRedoEnabled(False)  # read only; a long thread is added in two steps
        # The bubbles wrap to the pane's width; a sideways scrollbar would only ever show padding.
        self.thread.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        quick_scroll_bars(self.thread)
        self.composer = Composer(workspace, changes, self.opener, api=api)
        self.thread_and_reply = QSplitter(Qt.Orientation.Vertical)
        self.thread_and_reply.addWidget(self.thread)
        self.thread_and_reply.addWidget(self.composer)
        self.thread_and_reply.setStretchFactor(0, 3)
        self.thread_and_reply.setStretchFactor(1, 2)
        self.thread_and_reply.setChildrenCollapsible(False)
        self.thread_and_reply.setSizes([300, 340])
        # Replying to someone with strikes: their count and the troll policy beside the reply.
        self.person = PersonPanel(workspace.customers.policy_reminder)
        self.person.setMinimumWidth(200)
        self.person_links = PersonLinks()  # their DM thread ↔ their mentions
        self.person.add_section(self.person_links)
        # Under it, beside the composer: the shop's replies to mentions like this one.
        self.earlier = EarlierRepliesPanel(workspace)
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.addWidget(self.person)
        self.side.addWidget(self.earlier)
        self.side.setChildrenCollapsible(False)
        self.side.setStretchFactor(0, 2)
        self.side.setStretchFactor(1, 3)
        self.side.setSizes([400, 300])  # the person panel whole, with a follow-up line or two

        # Said so that it also reads right while the list on the left is still empty.
        self.empty = QLabel("A conversation opens here when you choose a mention on the left.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No conversation open")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.title)
        left_layout.addWidget(self.triage)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.thread_and_reply, 1)
        self.body = left

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter)

        self.resolve.clicked.connect(self.on_resolve_clicked)
        self.kind.activated.connect(self.on_kind_activated)
        self.open_on_x.clicked.connect(self.on_open_on_x_clicked)
        self.person.notes_edited.connect(self.on_person_notes_edited)
        self.person.mute_toggled.connect(self.on_person_mute_toggled)
        self.person_links.post_chosen.connect(self.post_requested)
        self.earlier.reply_chosen.connect(self.on_earlier_reply_chosen)
        self.thread.anchorClicked.connect(self.on_thread_anchor_clicked)
        self._changes.changed.connect(self.on_changes_changed)
        reply = QShortcut(QKeySequence("R"), self)
        reply.setContext(Qt.ShortcutContext.WindowShortcut)
        reply.activated.connect(self.focus_reply)
        self.show_post(None)

    @property
    def post(self) -> Post | None:
        return self._post

    def needed_width(self) -> int:
        """The width the thread, the composer's buttons and the person panel need side by side,
        whether or not a conversation is open now."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else self.contentsMargins()
        return self.splitter.minimumSizeHint().width() + margins.left() + margins.right()

    def show_post(self, n: int | None) -> None:
        """Show the conversation of the post with row key ``n`` (None: nothing chosen)."""
        post = self._workspace.posts.get(n) if n is not None else None
        self._post = post
        self.shown += 1
        self.empty.setVisible(post is None)
        self.splitter.setVisible(post is not None)
        self._rest_timer.stop()
        self._rest_of_thread = []
        if post is None:
            self.thread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.person.show_person(None)
            self.person_links.show_for(None, None)
            self.composer.set_post(None)
            self.earlier.show_for(None)
            return
        name = post.author_name or f"@{post.author_handle}"
        self.title.setText(f"{name}  ·  @{post.author_handle}" + ("  ·  DM" if post.is_dm else ""))
        kind = post.kind or "other"
        colour = style.kind_colour(kind).name()
        reason = html.escape(post.kind_reason or "")
        self.triage.setText(
            f"<b style='color:{colour}'>{style.KIND_LABELS.get(kind, kind)}</b>"
            f" — {reason} &nbsp;·&nbsp; {style.STATUS_LABELS.get(post.status or '', '')}"
        )
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        resolved = post.status == "resolved"
        self.resolve.setText("Reopen" if resolved else "Resolve")
        self.resolve.setAccessibleName(
            "Reopen conversation" if resolved else "Resolve conversation"
        )
        self.open_on_x.setEnabled(bool(post.url or post.id.isdigit()))
        self._show_thread(post)
        self.person.show_person(self._workspace.people.summary(post.author_id))
        self.person_links.show_for(post, self._workspace.inbox.elsewhere(post))
        self.composer.set_post(post)
        self.earlier.show_for(post)

    def finish_thread(self) -> None:
        """Add the bubbles of a long thread not laid out yet (the timer does it by itself)."""
        self._rest_timer.stop()
        rest, self._rest_of_thread = self._rest_of_thread, []
        self._add_bubbles(rest)
        self.thread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def refresh(self) -> None:
        self.show_post(self._post.n if self._post else None)

    def toggle_resolved(self) -> None:
        self.on_resolve_clicked()

    def focus_reply(self) -> None:
        """R: write the reply."""
        if self._post is not None and self.isVisible():
            self.composer.editor.setFocus()

    # ----- slots --------------------------------------------------------------------------------

    def on_resolve_clicked(self) -> None:
        post = self._post
        if post is None:
            return
        action = BulkAction.REOPEN if post.status == "resolved" else BulkAction.RESOLVE
        picked = Picked(InboxFilter.ALL, (post.n,))
        apply_change(  # one mention, with its Undo
            self._changes, lambda: self._workspace.inbox.act(picked, action), self._show_problem
        )

    def on_kind_activated(self, index: int) -> None:
        if self._post is None:
            return
        kind = Kind(self.kind.itemData(index))
        if kind == self._post.kind and self._post.kind_by_owner:
            return
        n = self._post.n
        apply_change(
            self._changes, lambda: self._workspace.inbox.set_kind([n], kind), self._show_problem
        )

    def _show_problem(self, message: str) -> None:
        if message:  # a write of the conversation's own buttons failed: said under the reply
            self.composer.show_problem(message)

    def on_open_on_x_clicked(self) -> None:
        if self._post is None:
            return
        url = self._post.url or f"https://x.com/{self._post.author_handle}/status/{self._post.id}"
        self.link_opened.emit(url)
        self.opener.open(url)

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == DRAFTS and self._post is not None:
            self.composer.set_post(self._post)

    def on_thread_anchor_clicked(self, url: QUrl) -> None:
        """'Add its link' under a sent reply Kindly only knows by a local id."""
        if url.scheme() != "kindly" or not url.path().startswith("reply-link/"):
            if url.scheme() in ("http", "https"):
                self.opener.open(url.toString())
            return
        draft_id = int(url.path().split("/", 1)[1])
        self.link_dialog = QInputDialog(self)
        self.link_dialog.setWindowTitle("Link your reply")
        self.link_dialog.setLabelText(
            "Paste the link of your reply on X (Share → Copy link), so the thread points at it:"
        )
        self.link_dialog.setTextValue("")
        self.link_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.link_dialog.textValueSelected.connect(
            lambda link: self.on_link_dialog_text_value_selected(draft_id, link)
        )
        self.link_dialog.open()

    def on_link_dialog_text_value_selected(self, draft_id: int, link: str) -> None:
        try:
            self._workspace.drafting.link_sent_reply(draft_id, link)
        except KindlyError as error:
            self.composer.show_problem(str(error))
            return
        self._changes.publish(Changed.of(POSTS) | Changed.of(DRAFTS, [draft_id]))

    def on_person_notes_edited(self, person_id: str, notes: str) -> None:
        apply_change(
            self._changes,
            lambda: self._workspace.inbox.set_notes(person_id, notes),
            self.person.show_problem,
        )

    def on_earlier_reply_chosen(self, text: str) -> None:
        self.composer.insert_text(text)
        self.composer.editor.setFocus()

    def on_person_mute_toggled(self, person_id: str, muted: bool) -> None:
        inbox = self._workspace.inbox

        def mute() -> None:
            apply_change(
                self._changes, lambda: inbox.mute(person_id, muted), self.person.show_problem
            )

        warning = inbox.mute_warning([person_id]) if muted else None
        if warning is None:
            mute()
        else:  # their complaint would leave Needs reply: say so first
            self.confirm_mute = ask_before_muting(self, warning, mute, self.refresh)

    # ----- rendering ------------------------------------------------------------------------------

    def _show_thread(self, post: Post) -> None:
        bubbles = self._thread_bubbles(post)
        visible = self.thread.viewport().height()
        # A thread too long for the view gets its scroll bar before it is laid out, so it is
        # laid out once, at the width it keeps. (Qt would lay it out at the full width, find it
        # too long, add the bar and lay it all out again, narrower.) The bar is left to Qt again
        # once the whole thread is in.
        too_long = self._estimated_height(bubbles) > visible
        bar = self.thread.verticalScrollBar()
        if too_long and not bar.isVisible():
            self.thread.clear()
            self.thread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        elif not too_long:
            self.thread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.thread.setHtml("".join(bubbles[:FIRST_BUBBLES]))
        self._rest_of_thread = bubbles[FIRST_BUBBLES:]
        while self._rest_of_thread and self.thread.document().size().height() < visible:
            more, self._rest_of_thread = self._rest_of_thread[:2], self._rest_of_thread[2:]
            self._add_bubbles(more)
        if self._rest_of_thread:
            self._rest_timer.start()
        else:
            self.thread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def _estimated_height(self, bubbles: list[str]) -> float:
        """About how tall these bubbles are laid out: a header of a line or two, the text's lines
        in the large font across the bubble's width, the padding and the space below."""
        metrics = self.thread.fontMetrics()
        line = metrics.height()
        letters_per_line = max(
            1.0, (self.thread.viewport().width() * 0.82 - 16) / (metrics.averageCharWidth() * 1.2)
        )
        return sum(
            (2 + math.ceil(max(0, len(bubble) - _BUBBLE_MARKUP) / letters_per_line)) * line * 1.35
            + _BUBBLE_PADDING
            for bubble in bubbles
        )

    def _add_bubbles(self, bubbles: list[str]) -> None:
        """Bubbles below the thread shown: the same document as one setHtml of them all."""
        if bubbles:
            cursor = QTextCursor(self.thread.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertHtml("".join(bubbles))

    def _thread_bubbles(self, current: Post) -> list[str]:
        """The thread as HTML, one table per post (and per reply sent by DM), oldest first."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        customer_bg = "#2b313a" if dark else "#f1f3f6"
        shop_bg = "#1f3b2d" if dark else "#e6f4ea"
        current_bg = "#3a3320" if dark else "#fff6db"
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        parts = []
        # A mention's replies sent by DM show under it; a DM thread holds the shop's DMs itself.
        dm_replies = [
            d
            for d in self._workspace.drafts.sent_in_conversation(current.conversation_id)
            if d.is_dm and not current.is_dm
        ]
        for post in self._workspace.posts.thread(current.conversation_id):
            who = html.escape(post.author_name or post.author_handle)
            handle = html.escape(post.author_handle)
            body = html.escape(post.text).replace("\n", "<br>")
            when = html.escape(local_text(post.created_at))
            if post.is_shop:
                bg, left, right = shop_bg, "18%", "0%"
                who = f"{who} (you)"
                draft_id = draft_of_local_id(post.id)
                if draft_id is not None:
                    when += f" · <a href='kindly:reply-link/{draft_id}'>add its link from X</a>"
            else:
                bg, left, right = (current_bg if post.n == current.n else customer_bg), "0%", "18%"
            parts.append(
                f"<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:8px'><tr>"
                f"<td width='{left}'></td>"
                f"<td bgcolor='{bg}' style='padding:8px'>"
                f"<b>{who}</b> <span style='color:{muted}'>@{handle} · {when}</span><br>"
                f"<span style='font-size:large'>{body}</span></td>"
                f"<td width='{right}'></td></tr></table>"
            )
        for draft in dm_replies:
            body = html.escape(draft.text).replace("\n", "<br>")
            when = html.escape(local_text(draft.sent_at)) if draft.sent_at else ""
            parts.append(
                f"<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:8px'><tr>"
                f"<td width='18%'></td>"
                f"<td bgcolor='{shop_bg}' style='padding:8px'>"
                f"<b>You, by DM</b> <span style='color:{muted}'>{when}</span><br>"
                f"<span style='font-size:large'>{body}</span></td>"
                f"<td width='0%'></td></tr></table>"
            )
        return parts
