"""Monthly trend of initiatives submitted and recognised, laid out for a phone.

Months where both series are equal would hide one line under the other, so the two are drawn
unlike each other: submitted as a thick line with large hollow rings, recognised as a thin
dashed line with small filled squares on top. Where they coincide the ring shows round the
square and the thick line round the thin one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.charts import _style as s
from bot.charts import _text as tx
from bot.charts._style import ChartHeader
from bot.charts._text import width_in

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_IN = 3.0
"""Height of the plotting area in inches."""
SUBMITTED_COLOR = "#1f6fb2"
RECOGNISED_COLOR = "#2e9d4c"
LEGEND_IN = 0.35
AXIS_LEFT_IN = 0.45
TICKS_IN = 0.3


def _ticks_fit(months: Sequence[str]) -> bool:
    """Whether the month labels fit side by side without turning them."""
    room = (s.ROOM_IN - AXIS_LEFT_IN) / max(len(months), 1)
    return all(width_in(m, s.LABEL_PT) <= room * 0.9 for m in months)


def trend_figure(
    months: Sequence[str],
    submitted: Sequence[int],
    recognised: Sequence[int],
    header: ChartHeader,
    *,
    title: str,
    submitted_label: str,
    recognised_label: str,
    month_label: str = "",
) -> Figure:
    """Build the trend chart: one line per series over the months, with a legend."""
    from matplotlib.ticker import MaxNLocator

    if not len(months) == len(submitted) == len(recognised):
        msg = f"{len(months)} months, {len(submitted)} submitted, {len(recognised)} recognised"
        raise ValueError(msg)
    top_lines = s.header_lines(header, title)
    top_in = s.TOP_PAD_IN + s.block_height(top_lines) + LEGEND_IN
    flat = _ticks_fit(months)
    below_in = TICKS_IN * (1 if flat else 2.2) + (0.3 if month_label else 0) + s.FOOTER_IN
    height = top_in + PLOT_IN + below_in
    figure = s.new_figure(height)
    s.draw_lines(figure, top_lines, s.TOP_PAD_IN)
    axes = figure.add_axes(
        (
            (s.SIDE_IN + AXIS_LEFT_IN) / s.WIDTH_IN,
            below_in / height,
            (s.ROOM_IN - AXIS_LEFT_IN) / s.WIDTH_IN,
            PLOT_IN / height,
        )
    )
    x = range(len(months))
    regular = tx.font(s.LABEL_PT)
    axes.plot(
        x,
        submitted,
        marker="o",
        markersize=10,
        markerfacecolor="white",
        markeredgewidth=2.5,
        linewidth=4.5,
        color=SUBMITTED_COLOR,
        label=submitted_label,
        zorder=2,
    )
    axes.plot(
        x,
        recognised,
        marker="s",
        markersize=5,
        linewidth=1.8,
        linestyle="--",
        color=RECOGNISED_COLOR,
        label=recognised_label,
        zorder=3,
    )
    axes.set_xticks(
        x,
        list(months),
        fontproperties=regular,
        rotation=0 if flat else 60,
        ha="center" if flat else "right",
    )
    if month_label:
        axes.set_xlabel(month_label, fontproperties=regular, color=s.MUTED_COLOR)
    top = max([*submitted, *recognised, 1]) * 1.15
    ticks = [t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, top) if 0 <= t <= top]
    axes.set_yticks(ticks, [s.decimal(t, 0) for t in ticks], fontproperties=regular)
    axes.set_ylim(-top * 0.04, top)
    axes.set_xlim(-0.5, len(months) - 0.5)
    axes.grid(axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        prop=regular,
        loc="lower left",
        bbox_to_anchor=(-AXIS_LEFT_IN / (s.ROOM_IN - AXIS_LEFT_IN), 1.0),
        frameon=False,
        ncols=2,
        borderaxespad=0.2,
        handlelength=2.2,
        columnspacing=1.2,
    )
    s.draw_footer(figure, header)
    return figure


def trend_png(
    months: Sequence[str],
    submitted: Sequence[int],
    recognised: Sequence[int],
    header: ChartHeader,
    *,
    title: str,
    submitted_label: str,
    recognised_label: str,
    month_label: str = "",
) -> bytes:
    """The trend chart as PNG bytes."""
    figure = trend_figure(
        months,
        submitted,
        recognised,
        header,
        title=title,
        submitted_label=submitted_label,
        recognised_label=recognised_label,
        month_label=month_label,
    )
    return s.to_png(figure)
