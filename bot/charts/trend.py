"""Monthly trend of initiatives submitted and recognised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.charts import _style as s
from bot.charts._style import ChartHeader

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TREND_HEIGHT_IN = 6.75
SUBMITTED_COLOR = "#1f6fb2"
RECOGNISED_COLOR = "#2e9d4c"
_ROTATE_AFTER = 9
LEGEND_IN = 0.35


def trend_figure(
    months: Sequence[str],
    submitted: Sequence[int],
    recognised: Sequence[int],
    header: ChartHeader,
    *,
    title: str,
    submitted_label: str,
    recognised_label: str,
) -> Figure:
    """Build the trend chart: one line per series over the months, with a legend."""
    from matplotlib.ticker import MaxNLocator

    if not len(months) == len(submitted) == len(recognised):
        msg = f"{len(months)} months, {len(submitted)} submitted, {len(recognised)} recognised"
        raise ValueError(msg)
    figure = s.new_figure(s.WIDTH_IN, TREND_HEIGHT_IN)
    rotate = len(months) > _ROTATE_AFTER
    bottom_in = s.BOTTOM_IN + (1.0 if rotate else 0.45)
    figure.subplots_adjust(
        left=1.0 / s.WIDTH_IN,
        right=1 - 0.4 / s.WIDTH_IN,
        top=1 - (s.TOP_IN + LEGEND_IN) / TREND_HEIGHT_IN,
        bottom=bottom_in / TREND_HEIGHT_IN,
    )
    axes = figure.add_subplot()
    x = range(len(months))
    regular = s.font(s.LABEL_PT)
    axes.plot(
        x, submitted, marker="o", linewidth=2.5, color=SUBMITTED_COLOR, label=submitted_label
    )
    axes.plot(
        x, recognised, marker="s", linewidth=2.5, color=RECOGNISED_COLOR, label=recognised_label
    )
    axes.set_xticks(
        x,
        [s.clean_label(m, 12) for m in months],
        fontproperties=regular,
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )
    top = max([*submitted, *recognised, 1]) * 1.15
    ticks = [t for t in MaxNLocator(nbins=6, integer=True).tick_values(0, top) if 0 <= t <= top]
    axes.set_yticks(ticks, [s.decimal(t, 0) for t in ticks], fontproperties=regular)
    axes.set_ylim(0, top)
    axes.grid(axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        prop=regular,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        frameon=False,
        ncols=2,
        borderaxespad=0.2,
    )
    s.draw_header(figure, header, title)
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
    )
    return s.to_png(figure)
