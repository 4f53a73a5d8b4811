"""Follow-ups at the edges in the window: the look off the GUI thread, the settings' refusals."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.promises import EMAIL_OWED


def test_the_timers_look_runs_on_a_worker_and_the_window_takes_in_its_result(window, demo, qtbot):
    controller = window.followups_controller
    window.show_page("followups")
    qtbot.waitUntil(lambda: controller._looking is None, timeout=10_000)  # the start-up look
    person = demo.people.ensure("maya_k")
    pid = demo.promises.add(
        kind=EMAIL_OWED,
        person_id=person,
        created_at=demo.clock.now(),
        due_at=demo.clock.now() + timedelta(minutes=5),
        email="maya@example.com",
        note="Ring size — swap",
    )
    demo.clock.advance(minutes=5)
    shown = []
    controller.notifier.notify = shown.append
    controller._last_look = demo.clock.now()  # an ordinary look, not a catch-up
    controller.on_timer_timeout()
    assert controller._looking is not None  # started, not done on the GUI thread
    qtbot.waitUntil(lambda: controller._looking is None, timeout=10_000)
    assert [n.title for n in shown] == ["E-mail to @maya_k is due now"]
    assert window.followups_page.model.row_of(pid) is not None  # the page shows the new list
    controller.on_timer_timeout()
    qtbot.waitUntil(lambda: controller._looking is None, timeout=10_000)
    assert len(shown) == 1  # once only


def test_the_settings_refuse_hours_that_put_a_promise_more_than_a_week_away(
    window, demo, qtbot, tmp_path
):
    settings_window = window.settings_actions.open_settings("reminders")
    dialog = settings_window.reminders
    save = settings_window.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.in_opening_hours.setChecked(True)
    dialog.window_hours.setValue(24)
    dialog.opening_hours.setText("Sun 10:00-11:00")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.hours_problem.isVisibleTo(dialog)
    assert "24 weeks later" in dialog.hours_problem.text()
    assert demo.settings.load().promise_window_in_opening_hours is False  # nothing saved
    settings_window.grab().save(str(tmp_path / "settings-refused.png"))
    dialog.window_hours.setValue(1)  # one hour a week, answered within the hour: fine
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    settings = demo.settings.load()
    assert settings.opening_hours == "Sun 10:00-11:00" and settings.promise_window_hours == 1


def test_a_look_skips_the_page_off_screen_and_reads_it_when_it_is_shown(window, demo, qtbot):
    controller = window.followups_controller
    qtbot.waitUntil(lambda: controller._looking is None, timeout=10_000)
    window.show_page("people")
    assert not window.followups_page.isVisible()
    person = demo.people.ensure("maya_k")
    pid = demo.promises.add(
        kind=EMAIL_OWED,
        person_id=person,
        created_at=demo.clock.now(),
        due_at=demo.clock.now() + timedelta(minutes=5),
        email="maya@example.com",
        note="Ring size — swap",
    )
    controller.notifier.notify = lambda notice: None
    controller._last_look = demo.clock.now()
    controller.on_timer_timeout()
    qtbot.waitUntil(lambda: controller._looking is None, timeout=10_000)
    assert window.followups_page.model.row_of(pid) is None  # not read for nobody
    assert controller._page_stale
    window.show_page("followups")
    qtbot.waitUntil(lambda: window.followups_page.model.row_of(pid) is not None, timeout=10_000)
    assert not controller._page_stale
