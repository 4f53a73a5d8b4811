"""The Stats page, on the demo shop: every chart filled, round ticks, tooltips with the exact
values, and the weekly table saved as CSV (or a plain message when the disk is full)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QMessageBox

from app.domain.stats import KINDS, WEEKLY_COLUMNS
from app.errors import DiskFull


@pytest.fixture
def page(window, qtbot):
    window.show_page("stats")
    page = window.stats_page
    qtbot.waitUntil(lambda: page.stats is not None and page.worker is None, timeout=20_000)
    return page


def _centre_of(chart, i: int) -> float:
    plot = chart._plot_rect()
    slot = plot.width() / len(chart.labels)
    return plot.left() + (i + 0.5) * slot


def test_the_charts_show_the_weeks_with_exact_tooltips(page):
    weeks = page.shown_weeks
    assert weeks and page.kinds_chart.labels
    last = weeks[-1]
    tip = page.kinds_chart.tooltip_at(_centre_of(page.kinds_chart, len(weeks) - 1))
    lines = tip.splitlines()
    assert lines[0].startswith(f"Week of {last.week.strftime('%d %b %Y')}")
    assert f"complaints: {last.by_kind['complaint']}" in lines
    assert f"questions: {last.by_kind['question']}" in lines
    assert sum(last.by_kind[k] for k in KINDS) == last.response.mentions
    # the axis reaches the tallest stack in a round step
    ticks = page.kinds_chart.ticks
    assert ticks[0] == 0 and ticks[-1] >= max(w.response.mentions for w in weeks)
    step = ticks[1] - ticks[0]
    assert all(abs((b - a) - step) < 1e-9 for a, b in zip(ticks, ticks[1:]))
    assert step in (1, 2, 5, 10, 20, 50, 100, 200, 500)
    # a duration tooltip to the minute
    tip = page.response_chart.tooltip_at(_centre_of(page.response_chart, len(weeks) - 1))
    assert "median: " in tip and " min" in tip
    assert page.kinds_chart.tooltip_at(0) == ""  # left of the plot: no week
    assert page.channel_chart.series[1].name == "DMs"
    assert page.median_open.value.text() != ""
    # a median of no open time says why: how many were answered while the shop was closed
    stats = page.stats
    closed = f"{stats.answered_while_closed} of {stats.response_open.answered} answered while"
    assert (closed in page.median_open.note.text()) == (stats.answered_while_closed > 0)


def test_the_weekly_table_is_saved_as_csv(page, tmp_path):
    target = tmp_path / "weeks.csv"
    page.ask_path = lambda _suggested: str(target)
    page.save_csv.click()
    with open(target, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == WEEKLY_COLUMNS
    assert len(rows) == len(page.shown_weeks) + 1
    assert rows[-1][0] == page.shown_weeks[-1].week.isoformat()
    assert "Saved" in page.problem.text()


def test_a_full_disk_is_said_plainly(page, tmp_path, monkeypatch):
    import app.services.stats_csv as stats_csv

    def full(_path, _weeks):
        raise DiskFull("Your disk is full, so Kindly could not save weeks.csv.")

    said = []
    monkeypatch.setattr(stats_csv, "save_weekly_csv", full)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: said.append(text))
    page.ask_path = lambda _suggested: str(tmp_path / "weeks.csv")
    page.save_csv.click()
    assert said == ["Your disk is full, so Kindly could not save weeks.csv."]
    assert not (tmp_path / "weeks.csv").exists()


def test_cancelling_the_save_dialog_writes_nothing(page, tmp_path):
    page.ask_path = lambda _suggested: ""
    page.save_csv.click()
    assert list(tmp_path.iterdir()) == [] or all(p.suffix != ".csv" for p in tmp_path.iterdir())


def test_hovering_a_week_shows_its_tooltip(page, qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    chart = page.kinds_chart
    x = int(_centre_of(chart, len(chart.labels) - 1))
    point = QPoint(x, chart.height() // 2)
    event = QHelpEvent(QEvent.Type.ToolTip, point, chart.mapToGlobal(point))
    QApplication.sendEvent(chart, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5_000)
    assert QToolTip.text() == chart.tooltip_at(x)
    QToolTip.hideText()
