"""The three-pane main window: filters | the list | the conversation. Keyboard first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import InboxFilter
from app.workspace import Workspace
from ui.changes import PEOPLE, POSTS, SETTINGS, Changes
from ui.conversation import ConversationPane
from ui.inbox_delegate import InboxDelegate
from ui.inbox_model import AGE, AUTHOR, KIND, MESSAGE, STATUS, InboxModel
from ui.followups_controller import install_followups
from ui.navigation import Navigation
from ui.review import install_drafting_views
from ui.triage_backlog import install_triage_backlog
from ui.updates_controller import install_update_check
from ui.data_views import install_data_views
from ui.x_account import install_x_connection
from ui.lists import make_list


_ONE_STATUS = {InboxFilter.NEEDS_REPLY, InboxFilter.WAITING, InboxFilter.RESOLVED}


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, changes: Changes, log_path: str | None = None):
        super().__init__()
        self.workspace = workspace
        self.changes = changes
        self.log_path = log_path
        self.settings = workspace.settings.load()
        shop = workspace.shop.get()
        title = shop.name or "Kindly"
        self.setWindowTitle(f"{title} — Kindly" + (" (demo)" if shop.is_demo else ""))
        self.setAccessibleName("Kindly main window")

        self.navigation = Navigation()
        self.model = InboxModel(workspace.posts, workspace.clock, self.settings, self)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search mentions")
        self.search.setPlaceholderText("Search  ( / )")
        self.search.setClearButtonEnabled(True)
        self.list = make_list(self.model, "Mentions")
        self.list.setItemDelegate(InboxDelegate(self.model, self.list))
        header = self.list.horizontalHeader()
        header.setAccessibleName("Mention columns")
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((AUTHOR, 122), (KIND, 104), (AGE, 44), (STATUS, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.list.setColumnWidth(column, width)
        self.conversation = ConversationPane(workspace, changes)

        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(4, 4, 4, 4)
        list_layout.addWidget(self.search)
        list_layout.addWidget(self.list, 1)

        # The inbox is one page; other views (Review, Follow-ups, People, Stats, Settings) are
        # registered with add_page and shown in the same place.
        self.inbox_page = QSplitter(Qt.Orientation.Horizontal)
        self.inbox_page.addWidget(list_panel)
        self.inbox_page.addWidget(self.conversation)
        self.inbox_page.setSizes([555, 560])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.inbox_page)
        self._page_widgets: dict[str, QWidget] = {}
        self._page_builders: dict[str, Callable[[], QWidget]] = {}

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.pages)
        self.splitter.setSizes([175, 1105])
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.status_text = QLabel()
        self.status_text.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_text, 1)
        if shop.is_demo:
            demo = QLabel("Demo shop — nothing here is real, try anything.")
            demo.setAccessibleName("Demo notice")
            self.statusBar().addPermanentWidget(demo)

        self._build_menu()
        self._build_shortcuts()
        install_drafting_views(self)  # Review (with its count) and Templates
        install_data_views(self)  # People, Stats; File → Import, Export, backups
        install_x_connection(self)  # Settings → X account, sync status line, API sending

        self.navigation.filter_chosen.connect(self.on_navigation_filter_chosen)
        self.navigation.page_chosen.connect(self.on_navigation_page_chosen)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.list.selectionModel().currentRowChanged.connect(self.on_list_current_row_changed)
        self.list.activated.connect(self.on_list_activated)
        self.changes.changed.connect(self.on_changes_changed)

        self.age_timer = QTimer(self)
        self.age_timer.setInterval(60_000)
        self.age_timer.timeout.connect(self.model.refresh_ages)
        self.age_timer.start()

        self.list.setColumnHidden(STATUS, True)
        self.refresh_counts()
        self.select_row(0)
        install_followups(self)  # Follow-ups page and menu, reminders, tray or banner
        install_triage_backlog(self)  # imported mentions still to sort, in the background
        install_update_check(self)  # Help → Check for updates (opt-in), a quiet line when newer

    # ----- building -------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.add_mention_action = QAction("&Add mention by hand…", self)
        self.add_mention_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_mention_action.triggered.connect(self.on_add_mention_triggered)
        file_menu.addAction(self.add_mention_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        keys = QAction("&Keyboard shortcuts", self)
        keys.triggered.connect(self.on_keys_triggered)
        help_menu.addAction(keys)
        logs = QAction("Open &log folder", self)
        logs.triggered.connect(self.on_logs_triggered)
        help_menu.addAction(logs)
        about = QAction("&About Kindly", self)
        about.triggered.connect(self.on_about_triggered)
        help_menu.addAction(about)

    def _build_shortcuts(self) -> None:
        for key, slot in (
            ("J", lambda: self.move(1)),
            ("K", lambda: self.move(-1)),
            ("E", self.conversation.toggle_resolved),
            ("/", self.focus_search),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.leave_search)

    def add_page(self, key: str, label: str, page: QWidget | Callable[[], QWidget]) -> None:
        """Add a view to the navigation (below the inbox filters) and to the page stack.

        ``page`` is the widget, or a function that builds it: then it is built the first time
        it is shown or asked for with ``page()``, so the window opens without building (and
        loading) views nobody has looked at yet.
        """
        if isinstance(page, QWidget):
            widget = page
        else:
            widget = QWidget()  # holds the page's place in the stack until it is built
            self._page_builders[key] = page
        self._page_widgets[key] = widget
        self.pages.addWidget(widget)
        self.navigation.add_page(key, label)

    def page(self, key: str) -> QWidget:
        """The view registered as ``key``, built now if it was not yet."""
        build = self._page_builders.pop(key, None)
        if build is not None:
            placeholder = self._page_widgets[key]
            widget = build()
            self._page_widgets[key] = widget
            self.pages.insertWidget(self.pages.indexOf(placeholder), widget)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        return self._page_widgets[key]

    def page_built(self, key: str) -> bool:
        return key in self._page_widgets and key not in self._page_builders

    # The views by name (for menus, tests and screenshots); each is built on first use.
    review_page = property(lambda self: self.page("review"))
    templates_page = property(lambda self: self.page("templates"))
    people_page = property(lambda self: self.page("people"))
    stats_page = property(lambda self: self.page("stats"))
    x_account = property(lambda self: self.page("x_account"))

    def open_post(self, n: int) -> None:
        """Show post ``n``'s conversation in the inbox (from People, Review, anywhere)."""
        from ui.review import open_in_inbox

        open_in_inbox(self, n)

    def show_page(self, key: str) -> None:
        self.navigation.choose_page(key)

    def current_page(self) -> str:
        widget = self.pages.currentWidget()
        for key, page in self._page_widgets.items():
            if page is widget:
                return key
        return "inbox"

    # ----- actions --------------------------------------------------------------------------------

    def move(self, step: int) -> None:
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

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def leave_search(self) -> None:
        self.search.clear()
        self.list.setFocus()

    def refresh_counts(self) -> None:
        counts = self.workspace.posts.counts()
        self.navigation.set_counts(counts)
        waiting = counts[InboxFilter.NEEDS_REPLY]
        self.status_text.setText(
            "Nothing needs a reply — lovely." if waiting == 0
            else f"{waiting:,} mention{'s' if waiting != 1 else ''} need{'s' if waiting == 1 else ''} a reply."
        )

    # ----- slots -----------------------------------------------------------------------------------

    def on_navigation_page_chosen(self, key: str) -> None:
        self.pages.setCurrentWidget(self.page(key))

    def on_navigation_filter_chosen(self, inbox_filter: InboxFilter) -> None:
        self.pages.setCurrentWidget(self.inbox_page)
        self.model.show(inbox_filter, self.search.text())
        # Where the filter already says the status, the column would only repeat it.
        self.list.setColumnHidden(STATUS, inbox_filter in _ONE_STATUS)
        self.select_row(0)

    def on_search_text_changed(self, text: str) -> None:
        self.model.show(self.navigation.current_filter(), text)
        self.select_row(0)

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.conversation.show_post(self.model.n_at(current.row()) if current.isValid() else None)

    def on_list_activated(self, _index: QModelIndex) -> None:
        self.conversation.thread.setFocus()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind == SETTINGS:
            self.settings = self.workspace.settings.load()
            self.model.set_settings(self.settings)
            return
        if kind not in (POSTS, PEOPLE):
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

    def on_add_mention_triggered(self) -> None:
        from ui.add_mention import AddMentionDialog

        dialog = AddMentionDialog(self.workspace.inbox, self)
        if dialog.exec() != AddMentionDialog.DialogCode.Accepted:
            return
        n = dialog.added_n or dialog.existing_n
        if dialog.added_n:
            self.changes.announce(POSTS, [dialog.added_n])
        if n is not None and not self.select_post(n):
            self.navigation.choose(InboxFilter.ALL)
            self.search.clear()
            self.select_post(n)

    def on_keys_triggered(self) -> None:
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            "J / K — next / previous mention\nEnter — read the conversation\n"
            "E — resolve or reopen\n/ — search, Esc — leave the search\n"
            "Ctrl+N — add a mention by hand\n"
            "R — write the reply, Ctrl+T — insert a template\n"
            "Ctrl+Enter — post the reply on X",
        )

    def on_logs_triggered(self) -> None:
        if self.log_path:
            from pathlib import Path

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.log_path).parent)))

    def on_about_triggered(self) -> None:
        from app import __version__

        where = self.workspace.path or "memory"
        QMessageBox.about(
            self,
            "About Kindly",
            f"Kindly {__version__}\nA kind, local inbox for your shop's mentions on X.\n\n"
            f"Your data: {where}",
        )

    def closeEvent(self, event) -> None:
        self.conversation.person.commit_notes()
        self.conversation.composer.save_now()
        super().closeEvent(event)
