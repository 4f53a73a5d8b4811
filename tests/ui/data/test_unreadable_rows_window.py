"""The window on a file with rows it cannot read: it opens and works; File → Check database lists
the rows and removes them (after a backup)."""

from __future__ import annotations

from app.domain.models import InboxFilter
from tests.app.test_unreadable_rows import BAD_TIMES, spoil
from ui.common.changes import Changes
from ui.shell.main_window import MainWindow


def test_the_window_opens_on_unreadable_rows_and_check_removes_them(qtbot, demo, tmp_path):
    spoil(demo.path)
    window = MainWindow(demo, Changes())
    window.resize(1280, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Every row of the list is painted (the bad ones as blanks), and the stats page computes.
    for row in range(window.model.rowCount()):
        window.model.data(window.model.index(row, 0))
    window.show_page("stats")
    window.navigation.choose(InboxFilter.ALL)
    for row in range(window.model.rowCount()):
        window.model.data(window.model.index(row, 0))

    window.file_actions.check_action.trigger()
    dialog = window.file_actions.unreadable_dialog
    assert dialog.list.count() == len(BAD_TIMES) + 1
    assert "'yesterday'" in "\n".join(
        dialog.list.item(i).text() for i in range(dialog.list.count())
    )
    dialog.grab().save(str(tmp_path / "check-database.png"))
    dialog.remove_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.removed == len(BAD_TIMES) + 1
    assert list((demo.path.parent / "backups").glob("demo-backup-*.db"))
    assert demo.posts.counted(InboxFilter.ALL) == demo.posts.count(InboxFilter.ALL)
    assert "Removed" in window.statusBar().currentMessage()
