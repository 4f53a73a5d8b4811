"""Mentions an import left unsorted are sorted in the background while the window is open, the
status bar says so meanwhile, and the list and counts follow."""

from app.domain.models import InboxFilter
from app.services.triage_backlog import TriageBacklog
from ui.common.changes import Changes, POSTS
from ui.shell.main_window import MainWindow


def test_the_window_sorts_what_an_import_left(qtbot, demo):
    demo.db.execute("UPDATE posts SET kind = 'other', kind_reason = NULL WHERE is_shop = 0")
    assert TriageBacklog(demo.db).pending() > 0
    window = MainWindow(demo, Changes())
    qtbot.addWidget(window)
    window.show()
    runner = window.triage_backlog
    qtbot.waitUntil(lambda: runner.line.isVisible(), timeout=5000)
    assert "imported mention" in runner.line.text()
    with qtbot.waitSignal(window.changes.changed, check_params_cb=lambda k, _: k == POSTS):
        pass
    qtbot.waitUntil(
        lambda: TriageBacklog(demo.db).pending() == 0 and not runner.running(), timeout=20_000
    )
    qtbot.waitUntil(lambda: not runner.line.isVisible(), timeout=5000)
    assert demo.posts.count(InboxFilter.TROLLS) > 0  # kinds are back, and counted
    assert window.navigation.count_text(InboxFilter.TROLLS) == (
        f"{demo.posts.count(InboxFilter.TROLLS):,}"
    )
