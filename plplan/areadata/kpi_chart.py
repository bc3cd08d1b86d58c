"""Geometry of a KPI's chart over time: its values, its target (or band) as a step line;
templates/areadata/_kpi_chart.html draws it, like the goals charts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext, ngettext

from plplan.areadata.kpi_rules import target_for
from plplan.chart_variants import CHART_WIDTH


@dataclass
class KpiPoint:
    x: float
    y: float
    label: str  # what a screen reader and a tooltip say


@dataclass
class KpiChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: list[KpiPoint]
    target: str  # polyline points of the target step line ("" when none)
    band: tuple[float, float] | None  # y of the band's top and bottom
    gridlines: list[tuple[float, str]]
    ticks: list[tuple[float, str, str]]  # x, text, text-anchor
    summary: str

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def kpi_chart(row, periods: list[date], width: int = CHART_WIDTH) -> KpiChart:
    """One point per period with an entry; the target in force in each period."""
    height, left, top, bottom = 240, 80, 16, 40
    right = 24 if width == CHART_WIDTH else 16
    plot_w, plot_h = width - left - right, height - top - bottom
    kpi = row.kpi
    values = {p: row.entries[p].value for p in periods if p in row.entries}
    targets = {p: target_for(row.targets, p) for p in periods}
    band = (kpi.band_low, kpi.band_high) if kpi.direction == "band" else (None, None)
    seen = [*values.values(), *(t for t in targets.values() if t is not None)]
    seen += [b for b in band if b is not None]
    low, high = (min(seen), max(seen)) if seen else (Decimal(0), Decimal(1))
    low = min(low, Decimal(0))
    high = high if high > low else low + 1
    span = high - low

    def x(index: int) -> float:
        return left + (plot_w * index / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y(value: Decimal) -> float:
        return top + plot_h * float(1 - (value - low) / span)

    points = [
        KpiPoint(x(i), y(values[p]), f"{row.label(p)}: {row.show(values[p])}")
        for i, p in enumerate(periods)
        if p in values
    ]
    steps = []
    for i, p in enumerate(periods):
        if targets[p] is not None:
            steps.append(f"{x(i):.1f},{y(targets[p]):.1f}")
    band_y = (y(band[1]), y(band[0])) if None not in band else None
    grid = [(y(low + span * k / 4), row.show(low + span * k / 4)) for k in range(5)]
    ticks = [(left, row.label(periods[0]), "start")]
    if len(periods) > 1:
        ticks.append((left + plot_w, row.label(periods[-1]), "end"))
    latest = row.reading
    summary = (
        ngettext(
            "%(num)d entry from %(start)s; latest %(latest)s, target %(target)s.",
            "%(num)d entries from %(start)s; latest %(latest)s, target %(target)s.",
            len(points),
            start=row.label(periods[0]),
            latest=row.show(latest.latest),
            target=row.target_text,
        )
        if points
        else gettext("No entries yet.")
    )
    return KpiChart(
        width,
        height,
        left,
        top,
        plot_w,
        plot_h,
        points,
        " ".join(steps),
        band_y,
        grid,
        ticks,
        summary,
    )
