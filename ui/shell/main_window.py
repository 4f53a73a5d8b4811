"""The three-pane main window: filters | the list | the conversation. Keyboard first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from app.changes import Changed
from app.domain.models import InboxFilter
from app.domain.templates import thank_you_template
from app.services.inbox import BulkAction
from app.workspace import Workspace
from ui.common.changes import DRAFTS, PEOPLE, POSTS, READ, SETTINGS, Changes
from ui.common.empty import EmptyNote, inbox_empty_text, needs_reply_text
from ui.common.opener import UrlOpener
from ui.common.undo_bar import UndoBar
from ui.conversation.pane import ConversationPane
from ui.data.actions import FileActions
from ui.followups.controller import FollowUpsController
from ui.shell.alerts import AlertsController
from ui.followups.page import FollowUpsPage
from ui.inbox.list_panel import InboxListPanel
from ui.inbox.model import MESSAGE, InboxModel
from ui.inbox.search_bar import SearchController
from ui.inbox.triage_backlog import TriageBacklogRunner
from ui.shell.help import add_help_menu
from ui.shell.navigation import Navigation
from ui.shell.page_stack import PageStack
from ui.settings.actions import SettingsActions
from ui.shell.updates_controller import UpdateCheck
from ui.x.api_sender import ApiSender
from ui.x.sync_status import SyncStatus

if TYPE_CHECKING:
    from ui.people.page import PeoplePage
    from ui.review.page import ReviewPage
    from ui.stats.page import StatsPage
    from ui.templates.page import TemplatesPage
    from ui.x.account import XAccountPage

CONVERSATION_MIN_WIDTH = 520  # whatever the composer holds, the list keeps the rest


class MainWindow(QMainWindow):
    """Builds every view and controller with what it needs, and owns each one by name."""

    def __init__(self, workspace: Workspace, changes: Changes, log_path: str | None = None):
        super().__init__()
        self.workspace = workspace
        self.changes = changes
        self.log_path = log_path
        self.customers = workspace.customers
        self.settings = workspace.settings.load()
        shop = workspace.shop.get()
        self.setAccessibleName("Kindly main window")

        self.navigation = Navigation()
        self.model = InboxModel(workspace.posts, workspace.clock, self.settings, self)
        self.status_text = QLabel()
        self.list_panel = InboxListPanel(
            self.model, workspace.inbox, changes, self.status_text.setText
        )
        self.search_bar = self.list_panel.search_bar
        self.search = self.search_bar.edit
        self.list = self.list_panel.list
        # Every web address Kindly opens goes through this one object (tests replace its handler).
        self.opener = UrlOpener(self)
        # The sync line in the status bar; sending goes through X's API while X is connected.
        self.x_sync = SyncStatus(workspace, changes, self)
        self.api_sender = ApiSender(workspace, self.x_sync)
        self.conversation = ConversationPane(
            workspace, changes, opener=self.opener, api=self.api_sender
        )
        self.conversation.post_requested.connect(self.open_post)  # DM thread ↔ mentions

        self.empty_note = EmptyNote(self.list, self.inbox_empty_text)  # an empty list says why
        # An explicit minimum on both sides: the splitter then ignores what the panes' contents
        # ask for (a 2,000-character paste, a long name) and never squeezes the list.
        # At least what the composer's buttons and the person panel beside them need, so that a
        # small window never cuts "Post on X" or "Templates…" in half.
        needed = self.conversation.needed_width()
        self.conversation.setMinimumWidth(max(CONVERSATION_MIN_WIDTH, needed))

        # The inbox is one page; other views (Review, Follow-ups, People, Stats, Settings) are
        # registered with add_page and shown in the same place.
        self.inbox_page = QSplitter(Qt.Orientation.Horizontal)
        self.inbox_page.addWidget(self.list_panel)
        self.inbox_page.addWidget(self.conversation)
        self.inbox_page.setCollapsible(0, False)
        self.inbox_page.setSizes([410, 685])
        self.pages = PageStack(self.inbox_page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.pages)
        self.splitter.setSizes([max(175, self.navigation.minimumWidth()), 1105])
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.status_text.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_text, 1)
        self.undo_bar = UndoBar(changes, self.status_text.setText, self)
        self.statusBar().addWidget(self.undo_bar)
        if shop.is_demo:
            demo = QLabel("Demo shop — nothing here is real, try anything.")
            demo.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(demo)

        self._build_menu()
        self._build_shortcuts()
        # Built when first shown: People counts its lists over every post, which a window that
        # opens on the inbox need not wait for; Review's count in the navigation is kept from the
        # start.
        self.add_page("review", "Review", self._build_review)
        self.add_page("templates", "Templates", self._build_templates)
        self.add_page("people", "People", self._build_people)
        self.add_page("stats", "Stats", self._build_stats)
        self.file_actions = FileActions(workspace, changes, self, self.file_menu, self.quit_action)
        self.statusBar().addPermanentWidget(self.x_sync)
        self.add_page("x_account", "X account", self._build_x_account)

        self.navigation.filter_chosen.connect(self.on_navigation_filter_chosen)
        self.navigation.page_chosen.connect(self.on_navigation_page_chosen)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.list.selectionModel().currentRowChanged.connect(self.on_list_current_row_changed)
        self.list.activated.connect(self.on_list_activated)
        self.changes.published.connect(self.on_changes_published)

        self.age_timer = QTimer(self)
        self.age_timer.setInterval(60_000)
        self.age_timer.timeout.connect(self.model.refresh_ages)
        self.age_timer.start()

        self.refresh_counts()
        self.refresh_review_count()
        self.select_row(0)
        # Follow-ups page and menu, reminders, tray or banner.
        self.followups_controller = FollowUpsController(self, self.opener, self.quit_action)
        self.followups_page: FollowUpsPage = self.followups_controller.page
        self.followups_page.nudge_written.connect(self.on_followups_page_nudge_written)
        # New complaints and questions, the 24-hour nudge, the tray and badge counts.
        self.alerts = AlertsController(self, self.followups_controller.notifier)
        # Imported mentions still to sort, in the background.
        self.triage_backlog = TriageBacklogRunner(self)
        # The search's count line, its scope and the saved searches in the navigation.
        self.search_controller = SearchController(self)
        # Help → Check for updates (opt-in), a quiet line when a newer Kindly is out.
        self.update_check = UpdateCheck(
            self, self.workspace, self.changes, self.opener, self.help_menu, self.statusBar()
        )
        # File → Settings… (Kindly → Settings… on macOS) and Set up your shop…; the title.
        self.settings_actions = SettingsActions(self)

    # ----- building -------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self.add_mention_action = QAction("&Add mention by hand…", self)
        self.add_mention_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_mention_action.triggered.connect(self.on_add_mention_triggered)
        file_menu.addAction(self.add_mention_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.help_menu = add_help_menu(self, self.menuBar(), self.log_path, self.workspace.path)

    def _build_shortcuts(self) -> None:
        for key, slot in (
            ("J", lambda: self.move_selection(1)),
            ("K", lambda: self.move_selection(-1)),
            ("E", self.toggle_resolved),
            ("/", self.focus_search),
            ("Ctrl+Z", self.undo_bar.undo),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.leave_search)

    def add_page(self, key: str, label: str, page: QWidget | Callable[[], QWidget]) -> None:
        """Add a view (or a function that builds it when first shown) to the navigation, below
        the inbox filters, and to the page stack."""
        self.pages.add(key, page)
        self.navigation.add_page(key, label)

    def page(self, key: str) -> QWidget:
        """The view registered as ``key``, built now if it was not yet."""
        return self.pages.page(key)

    def page_built(self, key: str) -> bool:
        return self.pages.is_built(key)

    # The views by name (for menus, tests and screenshots); each is built on first use.
    @property
    def review_page(self) -> ReviewPage:
        return cast("ReviewPage", self.page("review"))

    @property
    def templates_page(self) -> TemplatesPage:
        return cast("TemplatesPage", self.page("templates"))

    @property
    def people_page(self) -> PeoplePage:
        return cast("PeoplePage", self.page("people"))

    @property
    def stats_page(self) -> StatsPage:
        return cast("StatsPage", self.page("stats"))

    @property
    def x_account(self) -> XAccountPage:
        return cast("XAccountPage", self.page("x_account"))

    def _build_review(self) -> ReviewPage:
        from ui.review.page import ReviewPage

        page = ReviewPage(self.workspace, self.changes, self.opener, api=self.api_sender)
        page.edit_requested.connect(self.open_post)
        return page

    def _build_templates(self) -> TemplatesPage:
        from ui.templates.page import TemplatesPage

        return TemplatesPage(self.workspace, self.changes)

    def _build_people(self) -> PeoplePage:
        from ui.people.page import PeoplePage

        page = PeoplePage(self.customers, self.workspace.clock, self.changes, self.opener)
        page.thank_requested.connect(self.thank)
        return page

    def _build_stats(self) -> StatsPage:
        from ui.stats.page import StatsPage

        return StatsPage(self.workspace, self.changes)

    def _build_x_account(self) -> XAccountPage:
        from ui.x.account import XAccountPage

        return XAccountPage(
            self.workspace,
            self.changes,
            pool=self.x_sync.pool,
            sync_now=self.x_sync.start,
            parent=self,
        )

    def refresh_review_count(self) -> None:
        count = self.workspace.drafting.review_count()
        self.navigation.set_page_count("review", count, urgent=count > 0)

    def open_post(self, n: int) -> None:
        """Show post ``n``'s conversation in the inbox (from People, Review, anywhere), with the
        composer ready."""
        post = self.workspace.posts.get(n)
        if post is None:
            return
        self.search.clear()
        preferred = {
            "open": InboxFilter.NEEDS_REPLY,
            "waiting": InboxFilter.WAITING,
            "resolved": InboxFilter.RESOLVED,
        }.get(post.status or "", InboxFilter.ALL)
        if post.is_dm:
            preferred = InboxFilter.DMS
        for inbox_filter in (preferred, InboxFilter.ALL):
            self.navigation.choose(inbox_filter)
            if self.select_post(n):
                break
        self.conversation.focus_reply()

    def thank(self, person_id: str) -> None:
        """Open the fan's latest praise in the inbox with the thank-you template in the composer."""
        n = self.customers.thank_target(person_id)
        if n is None:
            return
        self.open_post(n)
        composer = self.conversation.composer
        chosen = thank_you_template(self.workspace.templates.list())
        if chosen is None or composer.text().strip():
            return  # no such template, or the owner already started: they write the thanks
        filled = self.workspace.drafting.fill_template(chosen, composer.post)
        if not filled.missing:
            composer.insert_text(filled.text)

    def show_page(self, key: str) -> None:
        self.navigation.choose_page(key)

    def current_page(self) -> str:
        return self.pages.current_key()

    # ----- actions --------------------------------------------------------------------------------

    def move_selection(self, step: int) -> None:
        """J and K: the next or previous mention (``move`` is QWidget's, the window's position)."""
        if self.pages.currentWidget() is not self.inbox_page:
            return
        row = self.list.currentIndex().row()
        target = 0 if row < 0 else row + step
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        self.select_row(max(0, min(target, self.model.rowCount() - 1)))
        self.list.setFocus()

    def select_row(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self.list.setCurrentIndex(QModelIndex())
            self.conversation.show_post(None)
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        index = self.model.index(row, MESSAGE)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def select_post(self, n: int) -> bool:
        row = self.model.row_of(n)
        if row is None:
            return False
        self.select_row(row)
        return True

    def toggle_resolved(self) -> None:
        """E: resolve (or reopen) the picked mentions, or the one shown."""
        if self.list_panel.several():
            resolved = self.model.inbox_filter == InboxFilter.RESOLVED
            self.list_panel.act(BulkAction.REOPEN if resolved else BulkAction.RESOLVE)
        else:
            self.conversation.toggle_resolved()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def leave_search(self) -> None:
        self.search.clear()
        self.list.setFocus()

    def inbox_empty_text(self) -> str:
        has_mentions = self.workspace.posts.counts()[InboxFilter.ALL] > 0
        return inbox_empty_text(self.navigation.current_filter(), self.search.text(), has_mentions)

    def refresh_counts(self) -> None:
        counts = self.workspace.posts.counts()
        self.navigation.set_counts(counts)
        unread = self.workspace.posts.unread_counts()
        self.navigation.set_unread_counts(unread)
        self.list_panel.show_unread(unread.get(self.model.inbox_filter, 0))
        waiting = counts[InboxFilter.NEEDS_REPLY]
        self.status_text.setText(needs_reply_text(waiting))

    # ----- slots -----------------------------------------------------------------------------------

    def on_navigation_page_chosen(self, key: str) -> None:
        self.pages.setCurrentWidget(self.page(key))

    def on_navigation_filter_chosen(self, inbox_filter: InboxFilter) -> None:
        self.pages.setCurrentWidget(self.inbox_page)
        self.model.show(self.search_bar.scope(inbox_filter), self.search.text())
        self.list_panel.show_filter(self.model.inbox_filter)
        self.list_panel.show_unread(self.navigation.unread(inbox_filter))
        self.select_row(0)

    def on_search_text_changed(self, text: str) -> None:
        self.model.show(self.search_bar.scope(self.navigation.current_filter()), text)
        self.list_panel.show_filter(self.model.inbox_filter)
        self.select_row(0)

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        n = self.model.n_at(current.row()) if current.isValid() else None
        self.conversation.show_post(n)
        cells = self.model.cells(current.row()) if n is not None else None
        if n is not None and cells is not None and cells[5][1]:  # unread: opened now
            self.changes.publish(self.workspace.inbox.mark_read([n]))

    def on_list_activated(self, _index: QModelIndex) -> None:
        self.conversation.thread.setFocus()

    def on_changes_published(self, change: Changed) -> None:
        """Once per write, however many kinds it changed: a sync's posts and people reload the
        list once."""
        kinds = change.kinds
        if kinds & {DRAFTS, POSTS}:
            self.refresh_review_count()
        if SETTINGS in kinds:
            self.settings = self.workspace.settings.load()
            self.model.set_settings(self.settings)
        if not kinds & {POSTS, PEOPLE}:
            if READ in kinds:
                self.model.forget_read()
                self.refresh_counts()
            return
        current = self.list.currentIndex()
        row = current.row() if current.isValid() else 0
        n = self.model.n_at(row)
        shown = self.conversation.shown
        self.model.reload(keep_loaded=True)
        if n is None or not self.select_post(n):
            self.select_row(row)
        if self.conversation.shown == shown:  # the selection did not already show it afresh
            self.conversation.refresh()
        self.refresh_counts()

    def on_followups_page_nudge_written(self, text: str) -> None:
        composer = self.conversation.composer
        if not composer.text().strip():  # the owner's own words come first
            composer.insert_text(text)

    def on_add_mention_triggered(self) -> None:
        from ui.inbox.add_mention import AddMentionDialog

        dialog = AddMentionDialog(self.workspace.inbox, self)
        if dialog.exec() != AddMentionDialog.DialogCode.Accepted:
            return
        n = dialog.added_n or dialog.existing_n
        self.changes.publish(dialog.change)
        if n is not None and not self.select_post(n):
            self.navigation.choose(InboxFilter.ALL)
            self.search.clear()
            self.select_post(n)

    def closeEvent(self, event) -> None:
        self.conversation.person.commit_notes()
        self.conversation.composer.save_now()
        super().closeEvent(event)
