"""The Stats page: how fast the shop answers, week by week, beside what customers expect.

Figures come from ``StatsStore.compute`` in a worker (its own connection); the charts are drawn
with QPainter (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QScrollArea,
    QMessageBox,
    QPushButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.stats import (
    BENCHMARK_WITHIN_1H,
    BENCHMARK_WITHIN_24H,
    ShopStats,
    WeekStats,
    duration_text,
    opening_of,
    share_text,
)
from app.domain.times import english
from app.services.stats import figures_for_weeks
from app.workspace import Workspace
from ui.common.changes import POSTS, PROMISES, Changes
from ui.common.workers import Worker, run_job
from ui.stats.chart import Tile, WeekChart
from ui.stats.figures import fill_charts

PERIODS = [(4, "Last 4 weeks"), (12, "Last 12 weeks"), (26, "Last 26 weeks")]


class StatsPage(QWidget):
    def __init__(self, workspace: Workspace, changes: Changes, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Stats")
        self._workspace = workspace
        self.stats: ShopStats | None = None
        self.worker: Worker | None = None
        self._stale = True

        title = QLabel("How fast you answer")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for weeks, label in PERIODS:
            self.period.addItem(label, weeks)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setAccessibleName("What these figures cover")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.period)
        self.save_csv = QPushButton("Save weekly table…")
        self.save_csv.setAccessibleName("Save the weekly table as a CSV file")
        self.save_csv.setToolTip("The figures of each week shown, for a spreadsheet")
        self.save_csv.clicked.connect(self.on_save_csv_clicked)
        head.addWidget(self.save_csv)
        self.shown_weeks: list[WeekStats] = []
        self.ask_path = self._ask_path  # tests answer the save dialog

        self.median = Tile("Typical first reply (median)")
        self.median_open = Tile("… counting opening hours only")
        self.resolve = Tile("Typical time to resolve")
        self.within_1h = Tile("Answered within 1 hour")
        self.within_24h = Tile("Answered within 24 hours")
        self.backlog = Tile("Waiting for a reply now")
        self.promises = Tile("Promises kept on time")
        tiles = QHBoxLayout()
        for tile in (
            self.median,
            self.median_open,
            self.within_1h,
            self.within_24h,
            self.resolve,
            self.backlog,
            self.promises,
        ):
            tiles.addWidget(tile, 1)

        self.response_chart = WeekChart("First reply time per week")
        self.share_chart = WeekChart("Share answered in time, per week")
        self.backlog_chart = WeekChart("Still waiting at the end of each week")
        self.promise_chart = WeekChart("Promises kept on time, per week")
        self.promise_chart.empty_text = "No promises were due in these weeks."
        self.resolve_chart = WeekChart("Time to resolve, per week")
        self.kinds_chart = WeekChart("Incoming mentions per week, by kind")
        self.channel_chart = WeekChart("Public mentions and DMs per week")
        grid = QGridLayout()
        grid.addWidget(self.response_chart, 0, 0)
        grid.addWidget(self.share_chart, 0, 1)
        grid.addWidget(self.resolve_chart, 0, 2)
        grid.addWidget(self.promise_chart, 0, 3)
        grid.addWidget(self.kinds_chart, 1, 0, 1, 2)
        grid.addWidget(self.channel_chart, 1, 2)
        grid.addWidget(self.backlog_chart, 1, 3)
        for chart in (
            self.response_chart,
            self.share_chart,
            self.resolve_chart,
            self.promise_chart,
            self.channel_chart,
            self.backlog_chart,
        ):
            chart.setMinimumWidth(200)
        self.problem = QLabel()
        self.problem.setWordWrap(True)

        # A short window scrolls the page rather than squeeze two rows of charts into each other.
        self.body = QWidget()
        scroll = QScrollArea()
        scroll.setWidget(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(self.body)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        layout.addWidget(self.problem)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.refresh)
        changes.changed.connect(self.on_changes_changed)

    # ----- loading ------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def on_changes_changed(self, kind: str, _ids: list) -> None:
        if kind in (POSTS, PROMISES, "shop"):
            self._stale = True
            if self.isVisible():
                self._debounce.start()

    def weeks(self) -> int:
        return int(self.period.currentData())

    def refresh(self) -> None:
        """Recompute in a worker (its own connection); the page shows the result when ready."""
        self._stale = False
        weeks = self.weeks()
        now = self._workspace.clock.now()
        path = self._workspace.path
        opening = opening_of(self._workspace.settings.load().opening_hours)
        zone = self._workspace.reminders.zone

        def compute(db):
            return figures_for_weeks(db, now, weeks, opening=opening, zone=zone)

        if path is None:
            self.show_stats(compute(self._workspace.db))
            return
        if self.worker is not None:
            self.worker.cancel.set()
        self.worker = run_job(
            lambda context: compute(context.db),
            db_path=path,
            owner=self,
            settled=self.on_worker_settled,
            done=self.show_stats,
            expected=lambda error: self.problem.setText(str(error)),
        )

    def on_worker_settled(self) -> None:
        self.worker = None

    # ----- showing ------------------------------------------------------------------------------

    def show_stats(self, stats: ShopStats) -> None:
        self.stats = stats
        self.problem.setText("")
        r = stats.response
        weeks = list(stats.weeks)
        while (
            len(weeks) > 4
            and not weeks[0].response.mentions
            and not weeks[0].backlog
            and not weeks[0].promises_due
        ):
            weeks.pop(0)  # a new shop's chart starts where its history does
        first = weeks[0].week if weeks else stats.since
        stats = replace(stats, weeks=weeks)
        period = (
            f"{english(first, '%d %b %Y')} – {english(stats.until, '%d %b %Y')}"
            if first and stats.until
            else "all time"
        )
        self.subtitle.setText(
            f"{period}: {r.mentions:,} mention{'s' if r.mentions != 1 else ''}, "
            f"{r.answered:,} answered. First reply time is from their post to your first reply "
            "to it; dashed lines show what customers expect."
        )
        self.median.set(
            duration_text(r.median_first_response_s),
            f"half came faster; 9 in 10 within {duration_text(r.p90_first_response_s)}",
        )
        if stats.response_open is not None:
            closed = stats.answered_while_closed
            self.median_open.set(
                duration_text(stats.response_open.median_first_response_s),
                f"open time only; {closed:,} of {stats.response_open.answered:,} answered while"
                " you were closed"
                if closed
                else "open time only: nights, weekends and closed days not counted",
            )
        else:
            self.median_open.set("—", "set your opening hours in Settings")
        self.resolve.set(
            duration_text(stats.median_resolve_s),
            f"{stats.resolved:,} resolved; {stats.dms:,} DMs came in"
            if stats.resolved
            else f"none resolved yet; {stats.dms:,} DMs came in",
        )
        self.within_1h.set(
            share_text(r.within_1h),
            f"customers expect about {share_text(BENCHMARK_WITHIN_1H)}",
            None if r.within_1h is None else r.within_1h >= BENCHMARK_WITHIN_1H,
        )
        self.within_24h.set(
            share_text(r.within_24h),
            f"customers expect about {share_text(BENCHMARK_WITHIN_24H)}",
            None if r.within_24h is None else r.within_24h >= BENCHMARK_WITHIN_24H,
        )
        self.backlog.set(
            f"{stats.open_backlog:,}",
            "need a reply in your inbox",
            None if stats.open_backlog else True,
        )
        if stats.promises_due:
            self.promises.set(
                share_text(stats.promises_kept_share),
                f"{stats.promises_kept} of {stats.promises_due} e-mails on time",
                stats.promises_kept == stats.promises_due,
            )
        else:
            self.promises.set("—", "none were due")

        self.shown_weeks = list(stats.weeks)
        fill_charts(self, stats)

    # ----- the weekly table ---------------------------------------------------------------------

    def _ask_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the weekly table", suggested, "CSV files (*.csv)"
        )
        return path

    def on_save_csv_clicked(self) -> None:
        from pathlib import Path

        from app.errors import KindlyError
        from app.services.stats_csv import save_weekly_csv

        if not self.shown_weeks:
            return
        day = self._workspace.clock.now().date().isoformat()
        folder = Path.home() / "Documents"
        suggested = str((folder if folder.is_dir() else Path.home()) / f"kindly-weeks-{day}.csv")
        path = self.ask_path(suggested)
        if not path:
            return
        try:
            saved = save_weekly_csv(path, self.shown_weeks)
        except KindlyError as exc:
            QMessageBox.warning(self, "The table was not saved", str(exc))
            return
        self.problem.setText(f"Saved {len(self.shown_weeks)} weeks to {saved}.")
