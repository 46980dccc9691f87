"""Shared look of the charts: fonts, sizes, number formats, header and PNG encoding.

Nothing happens at import time: fonts are resolved lazily and cached on first use.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported on first use: importing it costs ~0.5 s
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

WIDTH_IN = 12.0
"""Figure width in inches; with ``DPI`` this gives a 1200 px wide image."""
DPI = 100
"""Resolution of every chart."""

LABEL_PT = 13.0
VALUE_PT = 12.0
TITLE_PT = 18.0
SUBTITLE_PT = 13.0
FOOTER_PT = 12.0

MAX_LABEL_CHARS = 45
"""Longer unit names are cut and end with an ellipsis."""
ELLIPSIS = "…"

BAR_COLOR = "#1f6fb2"
BELOW_COLOR = "#e08a1e"
TARGET_COLOR = "#c0392b"
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"

# Vertical bands of the layout, in inches.
TOP_IN = 1.25
BOTTOM_IN = 0.55
RIGHT_IN = 0.9
LEFT_PAD_IN = 0.3
# Average advance of a DejaVu Sans character in ems (generous, so labels never clip).
_EM_PER_CHAR = 0.6

_FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True, slots=True)
class ChartHeader:
    """Who and what a chart is about, shown on every chart."""

    organisation: str
    period: str
    generated_at: str
    """Already formatted, e.g. ``"lập lúc 09:00 02/03/2026"``."""


@cache
def font_path(weight: str = "regular") -> str:
    """Path of the bundled DejaVu Sans file, which has every Vietnamese letter."""
    import matplotlib as mpl

    return str(Path(mpl.get_data_path(), "fonts", "ttf", _FONT_FILES[weight]))


@cache
def font(size: float, weight: str = "regular") -> FontProperties:
    """A font of ``size`` points; built once per size and weight."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font_path(weight), size=size)


def clean_label(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """Compose diacritics (NFC) and cut past ``limit`` characters with an ellipsis."""
    text = " ".join(unicodedata.normalize("NFC", label).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def decimal(value: float, digits: int = 2) -> str:
    """Write a number the Vietnamese way: ``12,5``, ``1.234``, ``0,38``."""
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return "0" if text in {"-0", ""} else text


def text_width_in(text: str, size_pt: float) -> float:
    """Estimated width of ``text`` in inches, without a renderer."""
    return len(text) * _EM_PER_CHAR * size_pt / 72.0


def new_figure(width_in: float, height_in: float) -> Figure:
    """A white figure attached to an Agg canvas (no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def draw_header(figure: Figure, header: ChartHeader, title: str) -> None:
    """Title and subtitle at the top, generation time in the footer."""
    height = figure.get_figheight()
    figure.text(
        0.5 / WIDTH_IN,
        1 - 0.45 / height,
        title,
        fontproperties=font(TITLE_PT, "bold"),
        color=TEXT_COLOR,
        va="baseline",
    )
    figure.text(
        0.5 / WIDTH_IN,
        1 - 0.8 / height,
        f"{header.organisation} — {header.period}",
        fontproperties=font(SUBTITLE_PT),
        color=MUTED_COLOR,
        va="baseline",
    )
    figure.text(
        1 - 0.3 / WIDTH_IN,
        0.2 / height,
        header.generated_at,
        fontproperties=font(FOOTER_PT),
        color=MUTED_COLOR,
        ha="right",
        va="baseline",
    )


def to_png(figure: Figure) -> bytes:
    """Encode ``figure`` as PNG; fast zlib level since images are small and short-lived."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
