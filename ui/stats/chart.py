"""The Stats page's pieces: a week-by-week chart (bars, ticks or a line, with benchmark lines) and a figure tile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.stats import (
    HOUR,
)
from ui.common import style


@dataclass
class Series:
    name: str
    values: Sequence[float | None]  # None: no figure that week
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
        painter.drawText(
            QRectF(0, 0, self.width(), metrics.height() + 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
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
        left = (
            max(
                metrics.horizontalAdvance(self.y_format(self.y_max)),
                metrics.horizontalAdvance("100%"),
            )
            + 10
        )
        bottom = self.height() - metrics.height() - 8
        right = self.width() - 8
        plot = QRectF(left, top, max(10, right - left), max(10, bottom - top))
        # grid: 0, half, max
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.y_format(fraction * self.y_max),
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
                    painter.drawText(
                        QRectF(x0 - 20, y - metrics.height() - 2, bar_width + 40, metrics.height()),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        s.notes[i],
                    )
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
            box = QRectF(
                plot.left() + 4,
                y - metrics.height() - 1,
                metrics.horizontalAdvance(bench.label) + 6,
                metrics.height(),
            )
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


def hours_axis(seconds: float) -> str:
    hours = seconds / HOUR
    if hours >= 48:
        return f"{hours / 24:.0f} d"
    if hours >= 1 or hours == 0:
        return f"{hours:.0f} h" if hours >= 10 or hours == 0 else f"{hours:.1f} h"
    return f"{seconds / 60:.0f} min"


def nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (
        60,
        300,
        900,
        1800,
        HOUR,
        2 * HOUR,
        4 * HOUR,
        6 * HOUR,
        12 * HOUR,
        24 * HOUR,
        48 * HOUR,
        96 * HOUR,
        7 * 24 * HOUR,
    ):
        if value <= step:
            return float(step)
    return float(value)
