"""Horizontal bar charts laid out for a phone: the ranking and plan-confirmation coverage.

Each row is a label line ("3. Phòng Công nghệ thông tin") with its bar underneath, so a name
gets the picture's whole width instead of sharing it with the bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.charts import _style as s
from bot.charts import _text as tx
from bot.charts._style import ChartHeader, Line
from bot.charts._text import ELLIPSIS, distinct_labels, width_in, wrap
from bot.charts.rows import ChartRows

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ROW_IN = 0.5
"""Height of one row (label line and bar) in inches."""
GAP_ROWS = 0.6
"""Height, in rows, of the "…" line before a row shown after left-out ones."""
LABEL_GID = "unit-label"
"""``gid`` of the unit name texts (tests find them by it)."""
VALUE_GID = "bar-value"
NOTE_GID = "chart-note"
_LABEL_Y = -0.2
_BAR_Y = 0.17
_BAR_HEIGHT = 0.36
_VALUE_PAD_IN = 0.06


def _check(rows: ChartRows) -> list[float]:
    return [bar.value if math.isfinite(bar.value) else 0.0 for bar in rows.bars]


def _labels(rows: ChartRows) -> list[str]:
    """The rows' labels with their ranks, fitted to the width and never two alike."""
    prefixes = ["" if bar.rank is None else f"{bar.rank}. " for bar in rows.bars]
    weights = ["bold" if bar.mine else "regular" for bar in rows.bars]
    rooms = [
        s.ROOM_IN - width_in(prefix, s.LABEL_PT, weight)
        for prefix, weight in zip(prefixes, weights, strict=True)
    ]
    names = distinct_labels([bar.label for bar in rows.bars], rooms, s.LABEL_PT, weights)
    return [prefix + name for prefix, name in zip(prefixes, names, strict=True)]


def _positions(rows: ChartRows) -> tuple[list[float], float]:
    """Each row's y (in rows from the top) and the rows' total height in rows."""
    ys, y = [], 0.0
    for index in range(len(rows.bars)):
        if index == rows.gap_before:
            y += GAP_ROWS
        ys.append(y)
        y += 1
    return ys, max(y, 1.0)


def _figure(
    rows: ChartRows, header: ChartHeader, title: str, extra: tuple[Line, ...], notes: list[Line]
) -> tuple[Figure, Axes, list[float]]:
    """A figure sized for the header, the rows and the notes, with the rows' axes."""
    top = s.header_lines(header, title, extra)
    ys, span = _positions(rows)
    top_in = s.TOP_PAD_IN + s.block_height(top) + 0.1
    body_in = span * ROW_IN
    height = top_in + body_in + s.block_height(notes) + 0.1 + s.FOOTER_IN
    figure = s.new_figure(height)
    s.draw_lines(figure, top, s.TOP_PAD_IN)
    axes = figure.add_axes(
        (
            s.SIDE_IN / s.WIDTH_IN,
            1 - (top_in + body_in) / height,
            s.ROOM_IN / s.WIDTH_IN,
            body_in / height,
        )
    )
    axes.set_ylim(span - 0.5, -0.5)
    axes.set_axis_off()
    s.draw_lines(figure, notes, top_in + body_in + 0.05, gid=NOTE_GID)
    s.draw_footer(figure, header)
    if rows.gap_before is not None:
        gap_y = ys[rows.gap_before] - GAP_ROWS / 2 - 0.5
        axes.text(0, gap_y, ELLIPSIS, fontproperties=tx.font(s.LABEL_PT), color=s.MUTED_COLOR)
    return figure, axes, ys


def _draw_rows(
    axes: Axes,
    rows: ChartRows,
    ys: list[float],
    colors: list[str],
    texts: list[str],
    limit: tuple[float, float],
) -> None:
    """Labels above bars, each bar's value just past its end."""
    low, high = limit
    axes.set_xlim(low, high)
    values = _check(rows)
    bar_ys = [y + _BAR_Y for y in ys]
    axes.barh(bar_ys, values, height=_BAR_HEIGHT, color=colors)
    transform = axes.get_yaxis_transform()
    pad = (high - low) * _VALUE_PAD_IN / s.ROOM_IN
    for bar, label, y, value, text in zip(
        rows.bars, _labels(rows), ys, values, texts, strict=True
    ):
        weight = "bold" if bar.mine else "regular"
        axes.text(
            0,
            y + _LABEL_Y,
            label,
            transform=transform,
            fontproperties=tx.font(s.LABEL_PT, weight),
            color=s.TEXT_COLOR,
            gid=LABEL_GID,
            va="center",
        )
        axes.text(
            max(value, 0.0) + pad,
            y + _BAR_Y,
            text,
            fontproperties=tx.font(s.VALUE_PT, weight),
            color=s.TEXT_COLOR,
            gid=VALUE_GID,
            va="center",
            # Over the coverage chart's target mark, the number stays readable.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            zorder=3,
        )


def _room_for(values: list[float], texts: list[str], top: float) -> tuple[float, float]:
    """x limits that leave the longest value text room past the longest bar."""
    low = min([*values, 0.0])
    widest = max((width_in(t, s.VALUE_PT, "bold") for t in texts), default=0.0)
    share = max(0.3, 1 - (widest + 2 * _VALUE_PAD_IN) / s.ROOM_IN)
    high = max([*values, top, 0.0]) or 1.0
    return low, low + (high - low) / share


def ranking_figure(
    rows: ChartRows,
    header: ChartHeader,
    *,
    title: str,
    value_label: str,
    notes: Sequence[str] = (),
    mine_note: str = "",
) -> Figure:
    """Build the ranking chart: rank and name above each bar, the value past its end.

    ``notes`` (e.g. how many units are left out, how many are at zero) are written under the
    bars; ``mine_note`` explains the highlight colour when the viewer's row is shown.
    """
    values = _check(rows)
    texts = [s.decimal(v, 1) for v in values]
    extra = (Line(value_label, s.SUBTITLE_PT),)
    lines = _note_lines(notes)
    if mine_note and any(bar.mine for bar in rows.bars):
        lines.append(Line(f"■ {mine_note}", s.NOTE_PT, color=s.MINE_COLOR))
    figure, axes, ys = _figure(rows, header, title, extra, lines)
    colors = [s.MINE_COLOR if bar.mine else s.BAR_COLOR for bar in rows.bars]
    _draw_rows(axes, rows, ys, colors, texts, _room_for(values, texts, 0.0))
    return figure


def ranking_png(
    rows: ChartRows,
    header: ChartHeader,
    *,
    title: str,
    value_label: str,
    notes: Sequence[str] = (),
    mine_note: str = "",
) -> bytes:
    """The ranking chart as PNG bytes."""
    figure = ranking_figure(
        rows, header, title=title, value_label=value_label, notes=notes, mine_note=mine_note
    )
    return s.to_png(figure)


def coverage_figure(
    rows: ChartRows,
    header: ChartHeader,
    *,
    title: str,
    target_percent: float,
    target_label: str = "",
    notes: Sequence[str] = (),
) -> Figure:
    """Build the coverage chart: percent bars (0-100) in the given order and the target.

    Units below the target are drawn in a warning colour; a dashed mark on each bar's line
    shows the target, named in the header ("Mục tiêu 100%").
    """
    percents = [min(max(p, 0.0), 100.0) for p in _check(rows)]
    bars = tuple(replace(bar, value=p) for bar, p in zip(rows.bars, percents, strict=True))
    rows = replace(rows, bars=bars)
    marker = f"{target_label} {s.decimal(target_percent, 1)}%".strip()
    extra = (Line(f"┆ {marker}", s.SUBTITLE_PT, "bold", s.TARGET_COLOR),)
    figure, axes, ys = _figure(rows, header, title, extra, _note_lines(notes))
    colors = [s.BAR_COLOR if p >= target_percent else s.BELOW_COLOR for p in percents]
    texts = [f"{s.decimal(p, 1)}%" for p in percents]
    _draw_rows(axes, rows, ys, colors, texts, _room_for(percents, texts, 100.0))
    axes.vlines(
        [target_percent] * len(ys),
        [y + _BAR_Y - _BAR_HEIGHT / 2 - 0.08 for y in ys],
        [y + _BAR_Y + _BAR_HEIGHT / 2 + 0.08 for y in ys],
        colors=s.TARGET_COLOR,
        linewidth=1.5,
        linestyles="--",
    )
    return figure


def coverage_png(
    rows: ChartRows,
    header: ChartHeader,
    *,
    title: str,
    target_percent: float,
    target_label: str = "",
    notes: Sequence[str] = (),
) -> bytes:
    """The coverage chart as PNG bytes."""
    figure = coverage_figure(
        rows,
        header,
        title=title,
        target_percent=target_percent,
        target_label=target_label,
        notes=notes,
    )
    return s.to_png(figure)


def _note_lines(notes: Sequence[str]) -> list[Line]:
    return [Line(text, s.NOTE_PT) for note in notes for text in wrap(note, s.ROOM_IN, s.NOTE_PT)]
