"""The first start on a new database: the set-up, skipping it, and the path to a first reply."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain.models import InboxFilter
from app.workspace import open_workspace
from ui.common.changes import Changes
from ui.inbox.add_mention import AddMentionDialog
from ui.shell.main_window import MainWindow


@pytest.fixture
def fresh(tmp_path, clock):
    """A new, empty database in a file, as a first start opens it."""
    workspace = open_workspace(tmp_path / "kindly.db", clock)
    yield workspace
    workspace.close()


def new_window(qtbot, workspace):
    win = MainWindow(workspace, Changes())
    win.resize(1280, 800)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_demo_opens_without_the_set_up(window):
    assert window.settings_actions.open_setup_if_new() is None


def test_a_new_database_opens_the_set_up(qtbot, fresh):
    workspace, win = fresh, new_window(qtbot, fresh)
    assert win.windowTitle() == "Kindly"
    dialog = win.settings_actions.open_setup_if_new()
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.skip_button)
    assert not dialog.isVisible()
    assert win.settings_actions.open_setup_if_new() is None  # skipped: not asked again
    again = win.settings_actions.open_setup()  # File → Set up your shop… still opens it
    assert again.isVisible()
    again.reject()


def test_the_set_up_needs_a_name_and_shows_a_problem_under_its_field(qtbot, fresh):
    workspace, win = fresh, new_window(qtbot, fresh)
    dialog = win.settings_actions.open_setup()
    click(qtbot, dialog.next_button)
    assert dialog.form.errors["name"].isVisibleTo(dialog)
    dialog.form.fields["name"].setText("Fern & Fable")
    dialog.form.fields["handle"].setText("fern and fable")
    click(qtbot, dialog.next_button)
    assert dialog.form.errors["handle"].isVisibleTo(dialog)
    assert workspace.shop.get().name == ""  # nothing kept while a field is wrong
    dialog.reject()


def test_the_demo_link_opens_the_demo(qtbot, fresh):
    from ui.setup.dialog import SetupDialog

    opened = []
    dialog = SetupDialog(fresh, Changes(), open_demo=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    dialog.demo_link.linkActivated.emit("demo")
    assert opened == [True]


def test_from_an_empty_database_to_a_reply_that_fills_itself(qtbot, fresh, clock):
    """Set up the shop, add a first mention by hand, answer it with a template: no question
    asked on the way that the set-up already answered."""
    workspace, win = fresh, new_window(qtbot, fresh)
    assert workspace.posts.count(InboxFilter.ALL) == 0
    setup = win.settings_actions.open_setup_if_new()
    assert setup is not None
    form = setup.form
    form.fields["name"].setText("Fern & Fable")
    form.fields["handle"].setText("@fernandfable")
    form.fields["owner_name"].setText("Maya")
    form.fields["email"].setText("hello@fernandfable.example")
    form.fields["website"].setText("fernandfable.example")
    form.fields["phone"].setText("+44 20 7946 0000")
    click(qtbot, setup.next_button)
    assert setup.pages.currentIndex() == 1
    assert win.windowTitle() == "Kindly — Fern & Fable"

    # "Add one by hand" closes the set-up and opens the add-mention dialog over the window.
    added: list[int | None] = []

    def fill_the_mention() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddMentionDialog)
        dialog.link.setText("https://x.com/newfriend/status/1999999999999999999")
        dialog.text.setPlainText("@fernandfable how long does shipping take to Leeds?")
        from PySide6.QtCore import QDateTime

        dialog.when.setDateTime(QDateTime(clock.now().astimezone()).addSecs(-300))
        dialog.on_buttons_accepted()  # Save
        added.append(dialog.added_n)

    QTimer.singleShot(0, fill_the_mention)
    click(qtbot, setup.way_buttons["add_by_hand_requested"])
    assert not setup.isVisible()
    assert added and added[0] is not None
    assert workspace.posts.count(InboxFilter.ALL) == 1

    composer = win.conversation.composer
    assert composer.post is not None and composer.post.n == added[0]
    composer.open_templates()
    picker = composer.picker
    assert picker is not None
    qtbot.keyClicks(picker.filter, "Shipping")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert composer.fields_dialog is None  # nothing asked
    text = composer.text()
    assert "Orders leave us within 2 working days" in text
    assert text.rstrip().endswith("— Maya at Fern & Fable")
    assert "{" not in text


def test_the_second_page_closes_one_way_only(qtbot, fresh):
    """Past the shop's details, "Later" beside "Done" would close it just the same: one button."""
    win = new_window(qtbot, fresh)
    dialog = win.settings_actions.open_setup()
    dialog.form.fields["name"].setText("Fern & Fable")
    click(qtbot, dialog.next_button)
    assert dialog.pages.currentIndex() == 1
    assert dialog.next_button.text() == "Done" and dialog.next_button.isVisibleTo(dialog)
    assert not dialog.skip_button.isVisibleTo(dialog)
    click(qtbot, dialog.back_button)
    assert dialog.skip_button.isVisibleTo(dialog)
    assert dialog.skip_button.text() == "Skip for now"
    dialog.reject()
