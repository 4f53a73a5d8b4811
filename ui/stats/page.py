"""The Stats page: how fast the shop answers, week by week, beside what customers expect.

Figures come from ``StatsStore.compute`` in a worker (its own connection); the charts are drawn
with QPainter (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
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
from app.errors import KindlyError
from app.storage.stats import StatsStore
from app.workspace import Workspace
from ui.common import style
from ui.common.changes import POSTS, PROMISES, Changes
from ui.common.workers import Worker, start

PERIODS = [(4, "Last 4 weeks"), (12, "Last 12 weeks"), (26, "Last 26 weeks")]


@dataclass
class Series:
    name: str
    values: list[float | None]
    colour: QColor
    kind: str = "bar"  # 'bar' | 'line' | 'tick'
    notes: list[str] | None = None  # small text above each bar ("2 of 3")


@dataclass
class Benchmark:
    value: float
    label: str
    colour: QColor


class WeekChart(QWidget):
    """A small weekly chart: bars, lines and ticks over week labels, with benchmark lines."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.benchmarks: list[Benchmark] = []
        self.y_max = 1.0
        self.y_format = lambda v: f"{v:g}"
        self.empty_text = "No data for these weeks."
        self.setMinimumSize(300, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_data(self, labels, series, y_max, y_format, benchmarks=()) -> None:
        self.labels = labels
        self.series = series
        self.benchmarks = list(benchmarks)
        self.y_max = y_max if y_max and y_max > 0 else 1.0
        self.y_format = y_format
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words (screen readers, tooltips)."""
        parts = []
        for s in self.series:
            values = [self.y_format(v) if v is not None else "none" for v in s.values[-4:]]
            parts.append(f"{s.name}, last weeks: {', '.join(values)}")
        return "; ".join(parts)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(text_colour)
        faint.setAlpha(50)
        muted = QColor(text_colour)
        muted.setAlpha(150)
        font = QFont(self.font())
        title_font = QFont(font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        metrics = painter.fontMetrics()
        painter.drawText(QRectF(0, 0, self.width(), metrics.height() + 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        # legend, right-aligned on the title line
        x = self.width() - 4
        for s in reversed(self.series):
            width = metrics.horizontalAdvance(s.name)
            x -= width
            painter.setPen(muted)
            painter.drawText(QPointF(x, metrics.ascent() + 2), s.name)
            x -= 16
            painter.fillRect(QRectF(x, metrics.ascent() - 7, 11, 8), s.colour)
            x -= 14
        top = metrics.height() + 14
        left = max(metrics.horizontalAdvance(self.y_format(self.y_max)),
                   metrics.horizontalAdvance("100%")) + 10
        bottom = self.height() - metrics.height() - 8
        right = self.width() - 8
        plot = QRectF(left, top, max(10, right - left), max(10, bottom - top))
        # grid: 0, half, max
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.y_format(fraction * self.y_max))
        n = len(self.labels)
        if n == 0 or all(v is None for s in self.series for v in s.values):
            painter.setPen(muted)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        slot = plot.width() / n
        # week labels (thinned to fit)
        step = max(1, int((metrics.horizontalAdvance("00 Mmm") + 8) // slot) + 1)
        painter.setPen(muted)
        for i, label in enumerate(self.labels):
            if (n - 1 - i) % step == 0:
                painter.drawText(QRectF(plot.left() + i * slot - 20, plot.bottom() + 3,
                                        slot + 40, metrics.height()),
                                 Qt.AlignmentFlag.AlignHCenter, label)

        def y_of(value: float) -> float:
            return plot.bottom() - min(1.0, max(0.0, value / self.y_max)) * plot.height()

        bars = [s for s in self.series if s.kind == "bar"]
        bar_width = slot * 0.7 / max(1, len(bars))
        for b_index, s in enumerate(bars):
            for i, value in enumerate(s.values):
                if value is None:
                    continue
                x0 = plot.left() + i * slot + slot * 0.15 + b_index * bar_width
                y = y_of(value)
                painter.fillRect(QRectF(x0, y, bar_width - 1, max(2.0, plot.bottom() - y)),
                                 s.colour)
                if s.notes and i < len(s.notes) and s.notes[i]:
                    painter.setPen(text_colour)
                    painter.drawText(QRectF(x0 - 20, y - metrics.height() - 2, bar_width + 40,
                                            metrics.height()),
                                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                     s.notes[i])
        for s in self.series:
            if s.kind == "tick":
                painter.setPen(QPen(s.colour, 3))
                for i, value in enumerate(s.values):
                    if value is None:
                        continue
                    y = y_of(value)
                    painter.drawLine(QPointF(plot.left() + i * slot + slot * 0.12, y),
                                     QPointF(plot.left() + (i + 1) * slot - slot * 0.12, y))
            elif s.kind == "line":
                painter.setPen(QPen(s.colour, 2.2))
                path = QPainterPath()
                started = False
                for i, value in enumerate(s.values):
                    if value is None:
                        started = False
                        continue
                    point = QPointF(plot.left() + (i + 0.5) * slot, y_of(value))
                    if started:
                        path.lineTo(point)
                    else:
                        path.moveTo(point)
                        started = True
                    painter.setBrush(s.colour)
                    painter.drawEllipse(point, 2.8, 2.8)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
        for bench in self.benchmarks:
            y = y_of(bench.value)
            pen = QPen(bench.colour, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            box = QRectF(plot.left() + 4, y - metrics.height() - 1,
                         metrics.horizontalAdvance(bench.label) + 6, metrics.height())
            painter.fillRect(box, palette.color(QPalette.ColorRole.Window))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, bench.label)
        painter.end()


class Tile(QFrame):
    """One figure, big, with what it means underneath."""

    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setAccessibleName(caption)

    def set(self, value: str, note: str = "", good: bool | None = None) -> None:
        self.value.setText(value)
        self.note.setText(note)
        if good is None:
            self.value.setStyleSheet("")
        else:
            colour = style.kind_colour("praise" if good else "complaint").name()
            self.value.setStyleSheet(f"color: {colour}")
        self.setAccessibleDescription(f"{value}. {note}")


def _hours_axis(seconds: float) -> str:
    hours = seconds / HOUR
    if hours >= 48:
        return f"{hours / 24:.0f} d"
    if hours >= 1 or hours == 0:
        return f"{hours:.0f} h" if hours >= 10 or hours == 0 else f"{hours:.1f} h"
    return f"{seconds / 60:.0f} min"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (60, 300, 900, 1800, HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR,
                 48 * HOUR, 96 * HOUR, 7 * 24 * HOUR):
        if value <= step:
            return float(step)
    return float(value)


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
        for tile in (self.median, self.p90, self.within_1h, self.within_24h, self.backlog,
                     self.promises):
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
            store = StatsStore(db)
            latest = store.latest_mention()
            end = now if latest is None or latest > now - timedelta(weeks=weeks) else latest
            since = (end - timedelta(weeks=weeks - 1)).date()
            since = since - timedelta(days=since.weekday())
            return store.compute(now, since=since, until=end.date())

        if path is None:
            self.show_stats(compute(self._workspace.db))
            return
        if self.worker is not None:
            self.worker.cancel.set()
        self.worker = Worker(lambda context: compute(context.db), path)
        self.worker.signals.finished.connect(self.on_worker_finished)
        self.worker.signals.failed.connect(self.on_worker_failed)
        start(self.worker)

    def on_worker_finished(self, stats: ShopStats) -> None:
        if not shiboken6.isValid(self):
            return
        self.worker = None
        self.show_stats(stats)

    def on_worker_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.worker = None
        if isinstance(error, KindlyError):
            self.problem.setText(str(error))
        else:
            raise error

    # ----- showing ------------------------------------------------------------------------------

    def show_stats(self, stats: ShopStats) -> None:
        self.stats = stats
        self.problem.setText("")
        r = stats.response
        weeks = list(stats.weeks)
        while len(weeks) > 4 and not weeks[0].response.mentions and not weeks[0].backlog \
                and not weeks[0].promises_due:
            weeks.pop(0)  # a new shop's chart starts where its history does
        first = weeks[0].week if weeks else stats.since
        stats = replace(stats, weeks=weeks)
        period = (f"{first.strftime('%d %b %Y')} – {stats.until.strftime('%d %b %Y')}"
                  if first and stats.until else "all time")
        self.subtitle.setText(
            f"{period}: {r.mentions:,} mention{'s' if r.mentions != 1 else ''}, "
            f"{r.answered:,} answered. First reply time is from their post to your first reply "
            "to it; dashed lines show what customers expect."
        )
        self.median.set(duration_text(r.median_first_response_s),
                        f"half of your first replies came faster")
        self.p90.set(duration_text(r.p90_first_response_s), "90th percentile")
        self.within_1h.set(share_text(r.within_1h),
                           f"customers expect about {share_text(BENCHMARK_WITHIN_1H)}",
                           None if r.within_1h is None else r.within_1h >= BENCHMARK_WITHIN_1H)
        self.within_24h.set(share_text(r.within_24h),
                            f"customers expect about {share_text(BENCHMARK_WITHIN_24H)}",
                            None if r.within_24h is None else r.within_24h >= BENCHMARK_WITHIN_24H)
        self.backlog.set(f"{stats.open_backlog:,}", "need a reply in your inbox",
                         None if stats.open_backlog else True)
        if stats.promises_due:
            self.promises.set(share_text(stats.promises_kept_share),
                              f"{stats.promises_kept} of {stats.promises_due} e-mails on time",
                              stats.promises_kept == stats.promises_due)
        else:
            self.promises.set("—", "none were due")

        labels = [w.week.strftime("%d %b") for w in stats.weeks]
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
            _nice_max(top * 1.1), _hours_axis,
            [Benchmark(HOUR, "1 h", green)] if top >= HOUR else [],
        )
        self.share_chart.set_data(
            labels,
            [Series("within 1 h", [w.response.within_1h for w in stats.weeks], blue, "line"),
             Series("within 24 h", [w.response.within_24h for w in stats.weeks], green, "line")],
            1.0, lambda v: f"{v * 100:.0f}%",
            [Benchmark(BENCHMARK_WITHIN_1H, "customers expect ~40% within 1 h", blue),
             Benchmark(BENCHMARK_WITHIN_24H, "~80% within 24 h", green)],
        )
        backlog = [float(w.backlog) for w in stats.weeks]
        self.backlog_chart.set_data(
            labels, [Series("waiting", backlog, purple, "bar")],
            max(4.0, max(backlog or [0]) * 1.15), lambda v: f"{v:.0f}",
        )
        self.promise_chart.set_data(
            labels,
            [Series("kept on time", [w.promises_kept_share for w in stats.weeks], green, "bar",
                    [f"{w.promises_kept} of {w.promises_due}" if w.promises_due else ""
                     for w in stats.weeks])],
            1.0, lambda v: f"{v * 100:.0f}%",
        )
