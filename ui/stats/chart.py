"""The Stats page's pieces: a week-by-week chart (bars, stacked bars, ticks or a line, with
benchmark lines, round axis ticks and a tooltip with each week's exact values) and a figure tile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QToolTip,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.stats import DAY, HOUR, round_ticks
from ui.common import style


@dataclass
class Series:
    name: str
    values: Sequence[float | None]  # None: no figure that week
    colour: QColor
    kind: str = "bar"  # 'bar' | 'stack' (stacked on the previous stacks) | 'line' | 'tick'
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
        self.ticks: list[float] = [0.0, 1.0]
        self.y_format = lambda v: f"{v:g}"
        self.exact = self.y_format  # the tooltip's words for one value
        self.week_titles: list[str] = []  # the tooltip's first line per week
        self.empty_text = "No data for these weeks."
        self.setMinimumSize(300, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_data(
        self,
        labels,
        series,
        top,
        y_format,
        benchmarks=(),
        unit: str = "count",
        exact=None,
        week_titles: list[str] | None = None,
    ) -> None:
        """``top``: the largest value to show; the axis goes to the round tick at or above it."""
        self.labels = labels
        self.series = series
        self.benchmarks = list(benchmarks)
        stacked = [s for s in series if s.kind == "stack"]
        if stacked:
            totals = [sum(s.values[i] or 0 for s in stacked) for i in range(len(labels))]
            top = max([top or 0, *totals])
        self.ticks = round_ticks(top or 0, unit)
        self.y_max = self.ticks[-1] or 1.0
        self.y_format = y_format
        self.exact = exact or y_format
        self.week_titles = week_titles or [f"Week of {label}" for label in labels]
        self.setAccessibleDescription(self.describe())
        self.update()

    def index_at(self, x: float) -> int | None:
        """The week under ``x`` (widget coordinates), or None."""
        plot = self._plot_rect()
        if not self.labels or not plot.left() <= x < plot.right():
            return None
        return min(len(self.labels) - 1, int((x - plot.left()) / (plot.width() / len(self.labels))))

    def tooltip_at(self, x: float) -> str:
        """The week under ``x``, every series' exact value in it."""
        i = self.index_at(x)
        if i is None:
            return ""
        lines = [self.week_titles[i] if i < len(self.week_titles) else self.labels[i]]
        for s in self.series:
            value = s.values[i] if i < len(s.values) else None
            text = self.exact(value) if value is not None else "none"
            note = f" ({s.notes[i]})" if s.notes and i < len(s.notes) and s.notes[i] else ""
            lines.append(f"{s.name}: {text}{note}")
        return "\n".join(lines)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _legend_width(self) -> float:
        metrics = self.fontMetrics()
        return sum(metrics.horizontalAdvance(s.name) + 30 for s in self.series)

    def _legend_below(self) -> bool:
        """The legend goes under the title when both do not fit on one line."""
        title = QFont(self.font())
        title.setBold(True)

        width = QFontMetrics(title).horizontalAdvance(self.title)
        return width + 16 + self._legend_width() > self.width()

    def _plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        top = metrics.height() * (2 if self._legend_below() else 1) + 14
        left = max(metrics.horizontalAdvance(self.y_format(t)) for t in self.ticks) + 10
        bottom = self.height() - metrics.height() - 8
        right = self.width() - 8
        return QRectF(left, top, max(10, right - left), max(10, bottom - top))

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
        painter.drawText(
            QRectF(0, 0, self.width(), metrics.height() + 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.setFont(font)
        metrics = painter.fontMetrics()
        # legend, right-aligned on the title line (or the line under it, when narrow)
        x = self.width() - 4
        baseline = metrics.ascent() + 2 + (metrics.height() if self._legend_below() else 0)
        for s in reversed(self.series):
            width = metrics.horizontalAdvance(s.name)
            x -= width
            painter.setPen(muted)
            painter.drawText(QPointF(x, baseline), s.name)
            x -= 16
            painter.fillRect(QRectF(x, baseline - 9, 11, 8), s.colour)
            x -= 14
        plot = self._plot_rect()
        left = plot.left()
        # grid: one line per round tick
        for tick in self.ticks:
            y = plot.bottom() - tick / self.y_max * plot.height()
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.y_format(tick),
            )
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
                painter.drawText(
                    QRectF(
                        plot.left() + i * slot - 20, plot.bottom() + 3, slot + 40, metrics.height()
                    ),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )

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
                painter.fillRect(
                    QRectF(x0, y, bar_width - 1, max(2.0, plot.bottom() - y)), s.colour
                )
                if s.notes and i < len(s.notes) and s.notes[i]:
                    painter.setPen(text_colour)
                    note, lines = s.notes[i], 1  # "18 resolved", on two lines where it would
                    if metrics.horizontalAdvance(note) > slot - 2:  # cross its neighbour's
                        note, lines = note.replace(" ", "\n", 1), 2
                    height = metrics.height() * lines
                    painter.drawText(
                        QRectF(x0 - 20, y - height - 2, bar_width + 40, height),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        note,
                    )
        stacks = [s for s in self.series if s.kind == "stack"]
        if stacks:
            base = [0.0] * n
            for s in stacks:
                for i, value in enumerate(s.values[:n]):
                    if not value:
                        continue
                    x0 = plot.left() + i * slot + slot * 0.15
                    y_low, y_high = y_of(base[i]), y_of(base[i] + value)
                    painter.fillRect(QRectF(x0, y_high, slot * 0.7 - 1, y_low - y_high), s.colour)
                    base[i] += value
        for s in self.series:
            if s.kind == "tick":
                painter.setPen(QPen(s.colour, 3))
                for i, value in enumerate(s.values):
                    if value is None:
                        continue
                    y = y_of(value)
                    painter.drawLine(
                        QPointF(plot.left() + i * slot + slot * 0.12, y),
                        QPointF(plot.left() + (i + 1) * slot - slot * 0.12, y),
                    )
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
            # A narrow chart cuts the label with "…" inside the plot rather than past its edge.
            label = metrics.elidedText(
                bench.label, Qt.TextElideMode.ElideRight, int(plot.width()) - 12
            )
            box = QRectF(
                plot.left() + 4,
                y - metrics.height() - 1,
                metrics.horizontalAdvance(label) + 6,
                metrics.height(),
            )
            painter.fillRect(box, palette.color(QPalette.ColorRole.Window))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
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


def hours_axis(seconds: float) -> str:
    """A round tick's label: '0', '15 min', '2 h', '3 d'."""
    if seconds == 0:
        return "0"
    if seconds >= 2 * DAY and seconds % DAY == 0:
        return f"{seconds / DAY:.0f} d"
    if seconds >= HOUR:
        hours = seconds / HOUR
        return f"{hours:.0f} h" if hours == int(hours) else f"{hours:.1f} h"
    return f"{seconds / 60:.0f} min"


def exact_duration(seconds: float) -> str:
    """A tooltip's duration, to the minute: '8 h 37 min', '2 d 3 h 5 min', '45 s'."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    return " ".join(parts)
