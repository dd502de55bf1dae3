"""Plots of dyad series with periods and change points (matplotlib, Agg; PNG and SVG).

Uses ``matplotlib.figure.Figure`` directly (no pyplot global state), so it is safe in servers and threads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from dyadwatch.records import SeriesPoint
from dyadwatch.relations.periods import ChangePoint, Period

log = logging.getLogger(__name__)

QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
QUAD_COLOURS = ("#4c9be8", "#1f5fa8", "#f0a04b", "#c0392b")


def plot_series(
    points: Sequence[SeriesPoint],
    stem: Path,
    title: str,
    periods: Sequence[Period] = (),
    changes: Sequence[ChangePoint] = (),
    highlight: tuple | None = None,
) -> tuple[Path, Path]:
    """Events by quad class (stacked bars) and summed Goldstein (line), with period bands and change points.

    Writes ``stem.png`` and ``stem.svg`` and returns both paths. ``highlight`` = (start, end) dates to shade.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 4.2), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    xs = [date2num(p.start) for p in points]
    widths = [max(0.8, (date2num(p.end) - date2num(p.start) + 1) * 0.8) for p in points]
    bottom = [0.0] * len(points)
    for q in range(4):
        heights = [p.counts[q] for p in points]
        if any(heights):
            ax.bar(xs, heights, widths, bottom=bottom, color=QUAD_COLOURS[q], label=QUAD_NAMES[q], align="edge")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("events")
    ax2 = ax.twinx()
    if points:
        ax2.plot([x + w / 2 for x, w in zip(xs, widths, strict=True)], [p.goldstein_sum for p in points],
                 color="black", marker="o", markersize=3, linewidth=1.2, label="Goldstein (sum)")  # fmt: skip
        ax2.axhline(0, color="grey", linewidth=0.6)
    ax2.set_ylabel("Goldstein score, summed")
    if points:
        lo, hi = xs[0], date2num(points[-1].end) + 1
        ax.set_xlim(lo, hi)
        _draw_periods(ax, periods, lo, hi, date2num)
    for k, cp in enumerate(changes):
        ax.axvline(date2num(cp.start), color="#8e44ad", linewidth=1.4, linestyle="--")
        ax.text(date2num(cp.start), 0.02 + 0.06 * (k % 3), f" {cp.direction}", transform=ax.get_xaxis_transform(),
                fontsize=7, color="#8e44ad", clip_on=True)  # fmt: skip
    if highlight is not None:
        ax.axvspan(date2num(highlight[0]), date2num(highlight[1]) + 1, color="#f1c40f", alpha=0.15)
    ax.xaxis_date()
    fig.autofmt_xdate()
    ax.set_title(title, fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    if handles or h2:
        ax.legend(handles + h2, labels + l2, fontsize=7, loc="upper left")
    fig.tight_layout()
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    fig.savefig(png, format="png")
    fig.savefig(svg, format="svg")
    log.debug("wrote %s and %s", png, svg)
    return png, svg


def _draw_periods(ax, periods: Sequence[Period], lo: float, hi: float, date2num) -> None:  # type: ignore[no-untyped-def]
    """Alternate shading per period within [lo, hi]; a label only where the band is wide enough to hold it."""
    span = hi - lo
    shown = 0
    for per in periods:
        a = max(lo, date2num(per.start))
        b = min(hi, date2num(per.end) + 1 if per.end else hi)
        if b <= a:
            continue
        ax.axvspan(a, b, color="#888888", alpha=0.10 if shown % 2 else 0.03, linewidth=0)
        if a > lo:
            ax.axvline(a, color="#555555", linewidth=0.6, linestyle=":")
        if (b - a) / span >= 0.12:
            label = per.label if len(per.label) <= 34 else per.label[:33] + "…"
            ax.text(a + span * 0.005, 0.985 - 0.05 * (shown % 2), label, transform=ax.get_xaxis_transform(),
                    fontsize=6.5, va="top", color="#333333", clip_on=True)  # fmt: skip
        shown += 1
