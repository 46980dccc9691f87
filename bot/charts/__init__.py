"""Leaderboard charts rendered with a matplotlib ``Figure`` (never pyplot) to PNG bytes.

Every text that is not data (titles, axis and legend labels) is passed in by the caller, who
takes it from ``bot/texts/vi.toml``. The functions are synchronous and CPU-bound: call them off
the event loop.
"""

from bot.charts._style import DPI, WIDTH_IN, ChartHeader
from bot.charts.bars import (
    coverage_figure,
    coverage_png,
    ranking_figure,
    ranking_png,
    ranking_size,
)
from bot.charts.trend import trend_figure, trend_png

__all__ = [
    "DPI",
    "WIDTH_IN",
    "ChartHeader",
    "coverage_figure",
    "coverage_png",
    "ranking_figure",
    "ranking_png",
    "ranking_size",
    "trend_figure",
    "trend_png",
]
