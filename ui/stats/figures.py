"""Fills the Stats page's charts from the figures: which series, colours, axes and tooltips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from app.domain.stats import (
    BENCHMARK_WITHIN_1H,
    BENCHMARK_WITHIN_24H,
    HOUR,
    KINDS,
    ShopStats,
)
from app.domain.times import english
from ui.common import style
from ui.stats.chart import Benchmark, Series, exact_duration, hours_axis

if TYPE_CHECKING:
    from ui.stats.page import StatsPage

KIND_LABELS = {
    "complaint": "complaints",
    "question": "questions",
    "praise": "praise",
    "troll": "trolls",
    "spam": "spam",
    "other": "other",
}


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _count(value: float) -> str:
    return f"{value:,.0f}"


def kind_colour(kind: str) -> QColor:
    if kind == "spam":
        colour = style.kind_colour("troll")
        return colour.lighter(135) if not style.is_dark() else colour.darker(140)
    return style.kind_colour(kind)


def fill_charts(page: StatsPage, stats: ShopStats) -> None:
    weeks = stats.weeks
    labels = [english(w.week, "%d %b") for w in weeks]
    titles = [
        f"Week of {english(w.week, '%d %b %Y')} — {w.response.mentions:,} mention"
        f"{'s' if w.response.mentions != 1 else ''}, {w.response.answered:,} answered"
        for w in weeks
    ]
    blue = style.kind_colour("question")
    green = style.kind_colour("praise")
    purple = style.kind_colour("troll")
    amber = style.age_colour("amber") or QColor("#b36b00")

    medians = [w.response.median_first_response_s for w in weeks]
    opens = [w.response_open.median_first_response_s if w.response_open else None for w in weeks]
    p90s = [w.response.p90_first_response_s for w in weeks]
    top = max([v for v in medians + opens + p90s if v is not None] or [HOUR])
    series = [Series("median", medians, blue, "bar")]
    if stats.response_open is not None:
        series.append(Series("open hours", opens, green, "bar"))
    series.append(Series("9 in 10", p90s, amber, "tick"))
    page.response_chart.set_data(
        labels,
        series,
        top,
        hours_axis,
        [Benchmark(HOUR, "1 h", green)] if top >= HOUR else [],
        unit="duration",
        exact=exact_duration,
        week_titles=titles,
    )
    page.share_chart.set_data(
        labels,
        [
            Series("within 1 h", [w.response.within_1h for w in weeks], blue, "line"),
            Series("within 24 h", [w.response.within_24h for w in weeks], green, "line"),
        ],
        1.0,
        _percent,
        [
            Benchmark(BENCHMARK_WITHIN_1H, "~40% within 1 h", blue),
            Benchmark(BENCHMARK_WITHIN_24H, "~80% within 24 h", green),
        ],
        unit="share",
        exact=lambda v: f"{v * 100:.1f}%",
        week_titles=titles,
    )
    resolve = [w.median_resolve_s for w in weeks]
    page.resolve_chart.set_data(
        labels,
        [
            Series(
                "median",
                resolve,
                purple,
                "bar",
                [f"{w.resolved} resolved" if w.resolved else "" for w in weeks],
            )
        ],
        max([v for v in resolve if v is not None] or [HOUR]),
        hours_axis,
        unit="duration",
        exact=exact_duration,
        week_titles=titles,
    )
    page.kinds_chart.set_data(
        labels,
        [
            Series(
                KIND_LABELS[kind],
                [float(w.by_kind.get(kind, 0)) for w in weeks],
                kind_colour(kind),
                "stack",
            )
            for kind in KINDS
        ],
        0,
        _count,
        exact=_count,
        week_titles=titles,
    )
    page.channel_chart.set_data(
        labels,
        [
            Series("public", [float(w.public) for w in weeks], blue, "stack"),
            Series("DMs", [float(w.dms) for w in weeks], amber, "stack"),
        ],
        0,
        _count,
        exact=_count,
        week_titles=titles,
    )
    backlog: list[float | None] = [float(w.backlog) for w in weeks]
    page.backlog_chart.set_data(
        labels,
        [Series("waiting", backlog, purple, "bar")],
        max([v for v in backlog if v is not None] or [0.0]),
        _count,
        exact=_count,
        week_titles=titles,
    )
    page.promise_chart.set_data(
        labels,
        [
            Series(
                "kept on time",
                [w.promises_kept_share for w in weeks],
                green,
                "bar",
                [f"{w.promises_kept} of {w.promises_due}" if w.promises_due else "" for w in weeks],
            )
        ],
        1.0,
        _percent,
        unit="share",
        exact=lambda v: f"{v * 100:.1f}%",
        week_titles=titles,
    )
