"""The Stats page: how fast the shop answers, week by week, beside what customers expect.

Figures come from ``StatsStore.compute`` in a worker (its own connection); the charts are drawn
with QPainter (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.stats import (
    BENCHMARK_WITHIN_1H,
    BENCHMARK_WITHIN_24H,
    HOUR,
    ShopStats,
    duration_text,
    share_text,
)
from app.domain.times import english
from app.services.stats import figures_for_weeks
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import POSTS, PROMISES, Changes
from ui.common.workers import Worker, run_job
from ui.stats.chart import Benchmark, Series, Tile, WeekChart, hours_axis, nice_max

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

        self.median = Tile("Typical first reply (median)")
        self.p90 = Tile("9 in 10 answered within")
        self.within_1h = Tile("Answered within 1 hour")
        self.within_24h = Tile("Answered within 24 hours")
        self.backlog = Tile("Waiting for a reply now")
        self.promises = Tile("Promises kept on time")
        tiles = QHBoxLayout()
        for tile in (
            self.median,
            self.p90,
            self.within_1h,
            self.within_24h,
            self.backlog,
            self.promises,
        ):
            tiles.addWidget(tile, 1)

        self.response_chart = WeekChart("First reply time per week")
        self.share_chart = WeekChart("Share answered in time, per week")
        self.backlog_chart = WeekChart("Still waiting at the end of each week")
        self.promise_chart = WeekChart("Promises kept on time, per week")
        self.promise_chart.empty_text = "No promises were due in these weeks."
        grid = QGridLayout()
        grid.addWidget(self.response_chart, 0, 0)
        grid.addWidget(self.share_chart, 0, 1)
        grid.addWidget(self.backlog_chart, 1, 0)
        grid.addWidget(self.promise_chart, 1, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)

        layout = QVBoxLayout(self)
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

        def compute(db):
            return figures_for_weeks(db, now, weeks)

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
            duration_text(r.median_first_response_s), "half of your first replies came faster"
        )
        self.p90.set(duration_text(r.p90_first_response_s), "90th percentile")
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

        labels = [english(w.week, "%d %b") for w in stats.weeks]
        medians = [w.response.median_first_response_s for w in stats.weeks]
        p90s = [w.response.p90_first_response_s for w in stats.weeks]
        top = max([v for v in medians + p90s if v is not None] or [HOUR])
        blue = style.kind_colour("question")
        green = style.kind_colour("praise")
        purple = style.kind_colour("troll")
        amber = style.age_colour("amber") or QColor("#b36b00")
        self.response_chart.set_data(
            labels,
            [Series("median", medians, blue, "bar"), Series("90% within", p90s, amber, "tick")],
            nice_max(top * 1.1),
            hours_axis,
            [Benchmark(HOUR, "1 h", green)] if top >= HOUR else [],
        )
        self.share_chart.set_data(
            labels,
            [
                Series("within 1 h", [w.response.within_1h for w in stats.weeks], blue, "line"),
                Series("within 24 h", [w.response.within_24h for w in stats.weeks], green, "line"),
            ],
            1.0,
            lambda v: f"{v * 100:.0f}%",
            [
                Benchmark(BENCHMARK_WITHIN_1H, "customers expect ~40% within 1 h", blue),
                Benchmark(BENCHMARK_WITHIN_24H, "~80% within 24 h", green),
            ],
        )
        backlog = [float(w.backlog) for w in stats.weeks]
        self.backlog_chart.set_data(
            labels,
            [Series("waiting", backlog, purple, "bar")],
            max(4.0, max(backlog or [0]) * 1.15),
            lambda v: f"{v:.0f}",
        )
        self.promise_chart.set_data(
            labels,
            [
                Series(
                    "kept on time",
                    [w.promises_kept_share for w in stats.weeks],
                    green,
                    "bar",
                    [
                        f"{w.promises_kept} of {w.promises_due}" if w.promises_due else ""
                        for w in stats.weeks
                    ],
                )
            ],
            1.0,
            lambda v: f"{v * 100:.0f}%",
        )
