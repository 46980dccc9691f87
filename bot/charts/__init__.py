"""Leaderboard charts rendered with a matplotlib ``Figure`` (never pyplot) to PNG bytes.

Every chart is laid out for a phone: 5 inches wide, so every text is at least 12 px tall when
the picture is shown 400 px wide (see :mod:`bot.charts._style`). Rankings show the top ten
and the viewer's own row (:func:`select_rows`); names are shortened at word boundaries,
never two alike.

Every text that is not data (titles, axis and legend labels, notes) is passed in by the
caller, who takes it from ``bot/texts/vi.toml``. The functions are synchronous and CPU-bound:
call them off the event loop.
"""

from bot.charts._style import DPI, PHONE_PX, WIDTH_IN, ChartHeader
from bot.charts.bars import coverage_figure, coverage_png, ranking_figure, ranking_png
from bot.charts.rows import TOP, Bar, ChartRows, select_rows
from bot.charts.trend import trend_figure, trend_png

__all__ = [
    "DPI",
    "PHONE_PX",
    "TOP",
    "WIDTH_IN",
    "Bar",
    "ChartHeader",
    "ChartRows",
    "coverage_figure",
    "coverage_png",
    "ranking_figure",
    "ranking_png",
    "select_rows",
    "trend_figure",
    "trend_png",
]
