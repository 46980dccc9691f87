"""Horizontal bar charts: the unit ranking and plan-confirmation coverage per unit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.charts import _style as s
from bot.charts._style import ChartHeader

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ROW_IN = 0.34
"""Height of one bar row in inches; roomy enough for a 13 pt label."""
MIN_ROWS = 3
LABEL_PAD_IN = 0.08
LABEL_GID = "unit-label"
"""``gid`` of the unit name texts (tests find them by it)."""
VALUE_GID = "bar-value"


def ranking_size(rows: int) -> tuple[float, float]:
    """Figure size in inches (width, height) of a bar chart with ``rows`` bars."""
    return s.WIDTH_IN, s.TOP_IN + s.BOTTOM_IN + max(rows, MIN_ROWS) * ROW_IN


def _check(labels: Sequence[str], values: Sequence[float]) -> list[float]:
    if len(labels) != len(values):
        msg = f"{len(labels)} labels for {len(values)} values"
        raise ValueError(msg)
    return [float(v) if math.isfinite(v) else 0.0 for v in values]


def _bar_axes(figure: Figure, labels: Sequence[str]) -> tuple[Axes, list[str]]:
    """Axes with margins computed from the label lengths (no text measurement)."""
    width, height = figure.get_figwidth(), figure.get_figheight()
    shown = [s.clean_label(label) for label in labels]
    longest = max((s.text_width_in(label, s.LABEL_PT) for label in shown), default=0.0)
    left = min(s.LEFT_PAD_IN + longest + 0.1, width * 0.5)
    figure.subplots_adjust(
        left=left / width,
        right=1 - s.RIGHT_IN / width,
        top=1 - s.TOP_IN / height,
        bottom=s.BOTTOM_IN / height,
    )
    axes = figure.add_subplot()
    rows = max(len(shown), MIN_ROWS)
    axes.set_ylim(rows - 0.5, -0.5)
    # Plain texts rather than tick labels: 40 Tick objects cost more than the labels themselves.
    axes.set_yticks([])
    axes.set_xticks([])
    to_left = -LABEL_PAD_IN / (figure.subplotpars.right * width - left)
    label_font = s.font(s.LABEL_PT)
    transform = axes.get_yaxis_transform()
    for row, label in enumerate(shown):
        axes.text(
            to_left,
            row,
            label,
            transform=transform,
            fontproperties=label_font,
            color=s.TEXT_COLOR,
            gid=LABEL_GID,
            ha="right",
            va="center",
        )
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    return axes, shown


def _value_labels(axes: Axes, values: Sequence[float], texts: Sequence[str], span: float) -> None:
    """Write each bar's value just past its end."""
    offset = span * 0.008
    for row, (value, text) in enumerate(zip(values, texts, strict=True)):
        axes.text(
            max(value, 0.0) + offset,
            row,
            text,
            fontproperties=s.font(s.VALUE_PT),
            color=s.TEXT_COLOR,
            gid=VALUE_GID,
            va="center",
        )


def ranking_figure(
    labels: Sequence[str],
    values: Sequence[float],
    header: ChartHeader,
    *,
    title: str,
    value_label: str,
) -> Figure:
    """Build the unit ranking chart: best at the top, each bar labelled with its value."""
    numbers = _check(labels, values)
    order = sorted(range(len(numbers)), key=lambda i: -numbers[i])
    ranked = [numbers[i] for i in order]
    figure = s.new_figure(*ranking_size(len(ranked)))
    axes, _ = _bar_axes(figure, [labels[i] for i in order])
    high = max([*ranked, 0.0])
    low = min([*ranked, 0.0])
    span = (high - low) or 1.0
    axes.barh(range(len(ranked)), ranked, height=0.7, color=s.BAR_COLOR)
    axes.set_xlim(low, high + span * 0.12)
    axes.set_xlabel(value_label, fontproperties=s.font(s.VALUE_PT), color=s.MUTED_COLOR)
    axes.xaxis.set_label_position("top")
    _value_labels(axes, ranked, [s.decimal(v, 1) for v in ranked], span)
    s.draw_header(figure, header, title)
    return figure


def ranking_png(
    labels: Sequence[str],
    values: Sequence[float],
    header: ChartHeader,
    *,
    title: str,
    value_label: str,
) -> bytes:
    """The unit ranking chart as PNG bytes."""
    return s.to_png(ranking_figure(labels, values, header, title=title, value_label=value_label))


def coverage_figure(
    labels: Sequence[str],
    percents: Sequence[float],
    header: ChartHeader,
    *,
    title: str,
    target_percent: float,
    target_label: str = "",
) -> Figure:
    """Build the coverage chart: percent bars (0-100) in the given order and a target line.

    Units below the target are drawn in a warning colour. ``target_label`` (e.g. "Mục tiêu")
    is written before the target percentage.
    """
    from matplotlib.transforms import blended_transform_factory

    numbers = [min(max(p, 0.0), 100.0) for p in _check(labels, percents)]
    figure = s.new_figure(*ranking_size(len(numbers)))
    axes, _ = _bar_axes(figure, labels)
    colors = [s.BAR_COLOR if p >= target_percent else s.BELOW_COLOR for p in numbers]
    axes.barh(range(len(numbers)), numbers, height=0.7, color=colors)
    axes.set_xlim(0, 112)
    axes.axvline(target_percent, color=s.TARGET_COLOR, linewidth=2, linestyle="--")
    marker = f"{target_label} {s.decimal(target_percent, 1)}%".strip()
    axes.text(
        target_percent,
        1.005,
        marker,
        transform=blended_transform_factory(axes.transData, axes.transAxes),
        fontproperties=s.font(s.VALUE_PT, "bold"),
        color=s.TARGET_COLOR,
        ha="center",
        va="bottom",
    )
    _value_labels(axes, numbers, [f"{s.decimal(p, 1)}%" for p in numbers], 100.0)
    s.draw_header(figure, header, title)
    return figure


def coverage_png(
    labels: Sequence[str],
    percents: Sequence[float],
    header: ChartHeader,
    *,
    title: str,
    target_percent: float,
    target_label: str = "",
) -> bytes:
    """The coverage chart as PNG bytes."""
    figure = coverage_figure(
        labels,
        percents,
        header,
        title=title,
        target_percent=target_percent,
        target_label=target_label,
    )
    return s.to_png(figure)
