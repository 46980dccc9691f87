"""Shared look of the charts: phone-width page, fonts, number formats, header and PNG encoding.

A chart is read on a phone about 400 px wide, where the picture is scaled to that width: a
text of ``s`` points then shows ``s × 400 / (72 × WIDTH_IN)`` px tall. At 5 inches every
font of 11 points or more is at least 12 px there. The picture itself is ``DPI`` × 5 = 800 px
wide, so it stays sharp on dense screens and when zoomed.

Nothing happens at import time: fonts are resolved lazily and cached on first use.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.charts import _text as tx

if TYPE_CHECKING:  # matplotlib is imported on first use: importing it costs ~0.5 s
    from matplotlib.figure import Figure

WIDTH_IN = 5.0
"""Figure width in inches; with ``DPI`` this gives an 800 px wide image."""
DPI = 160
"""Resolution of every chart."""
PHONE_PX = 400
"""The width a chart must be readable at."""

TITLE_PT = 14.0
LABEL_PT = 11.5
VALUE_PT = 11.0
SUBTITLE_PT = 11.0
NOTE_PT = 11.0
FOOTER_PT = 11.0

BAR_COLOR = "#1f6fb2"
MINE_COLOR = "#e08a1e"
BELOW_COLOR = "#e08a1e"
TARGET_COLOR = "#c0392b"
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"

SIDE_IN = 0.2
"""Left and right margin."""
ROOM_IN = WIDTH_IN - 2 * SIDE_IN
"""Width left for texts and bars."""
TOP_PAD_IN = 0.15
FOOTER_IN = 0.4
LINE_SPACING = 1.35


@dataclass(frozen=True, slots=True)
class ChartHeader:
    """Who and what a chart is about, shown on every chart."""

    organisation: str
    period: str
    generated_at: str
    """Already formatted, e.g. ``"lập lúc 09:00 02/03/2026"``."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text in a stacked block (header, notes)."""

    text: str
    size: float
    weight: str = "regular"
    color: str = MUTED_COLOR

    @property
    def height_in(self) -> float:
        """The room the line takes, spacing included."""
        return self.size * LINE_SPACING / 72


def decimal(value: float, digits: int = 2) -> str:
    """Write a number the Vietnamese way: ``12,5``, ``1.234``, ``0,38``."""
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return "0" if text in {"-0", ""} else text


def header_lines(header: ChartHeader, title: str, extra: tuple[Line, ...] = ()) -> list[Line]:
    """The title (up to two lines), the organisation, the period, then ``extra`` lines."""
    lines = [
        Line(x, TITLE_PT, "bold", TEXT_COLOR) for x in tx.wrap(title, ROOM_IN, TITLE_PT, "bold")
    ]
    lines += [Line(x, SUBTITLE_PT) for x in tx.wrap(header.organisation, ROOM_IN, SUBTITLE_PT)]
    lines += [Line(x, SUBTITLE_PT) for x in tx.wrap(header.period, ROOM_IN, SUBTITLE_PT, lines=1)]
    return lines + list(extra)


def block_height(lines: list[Line]) -> float:
    """Height in inches of ``lines`` stacked."""
    return sum(line.height_in for line in lines)


def new_figure(height_in: float) -> Figure:
    """A white phone-width figure attached to an Agg canvas (no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def draw_lines(figure: Figure, lines: list[Line], top_in: float, gid: str = "") -> float:
    """Write ``lines`` from ``top_in`` inches below the top edge; return where they end."""
    height = figure.get_figheight()
    at = top_in
    for line in lines:
        at += line.height_in
        figure.text(
            SIDE_IN / WIDTH_IN,
            1 - (at - line.height_in * 0.25) / height,
            line.text,
            fontproperties=tx.font(line.size, line.weight),
            color=line.color,
            va="baseline",
            gid=gid or None,
        )
    return at


def draw_footer(figure: Figure, header: ChartHeader) -> None:
    """The generation time in the bottom right corner."""
    figure.text(
        1 - SIDE_IN / WIDTH_IN,
        0.14 / figure.get_figheight(),
        header.generated_at,
        fontproperties=tx.font(FOOTER_PT),
        color=MUTED_COLOR,
        ha="right",
        va="baseline",
    )


def to_png(figure: Figure) -> bytes:
    """Encode ``figure`` as PNG; fast zlib level since images are small and short-lived."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
