"""Which bars a phone-width ranking shows: the top, the viewer's own, the rest counted.

Thirty bars on a phone are thirty unreadable slivers; the top ten and the viewer's own place
say what people look for, and one line each counts the units left out and those at zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOP = 10
"""Bars a ranking shows, besides the viewer's own."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart.

    Attributes:
        label: The unit's (or person's) name; the chart shortens it to fit.
        value: The bar's length.
        rank: The place in the ranking, ties sharing one (1, 1, 3); ``None`` for charts that
            are not a ranking.
        mine: The viewer's own: highlighted, and shown even when outside the top.
    """

    label: str
    value: float
    rank: int | None = None
    mine: bool = False


@dataclass(frozen=True, slots=True)
class ChartRows:
    """What a chart draws, in order, and what it leaves out.

    Attributes:
        bars: The bars, best first.
        gap_before: Index in ``bars`` of a row shown after left-out ones (the viewer's own
            when it is outside the top), drawn after a "…" line; ``None`` when none is.
        hidden: Ranked rows with a value that are not drawn.
        zeros: Rows at zero that are not drawn (summarised in one line).
    """

    bars: tuple[Bar, ...]
    gap_before: int | None = None
    hidden: int = 0
    zeros: int = 0


def select_rows(ranked: Sequence[Bar], top: int | None = TOP) -> ChartRows:
    """The bars of ``ranked`` (best first) a phone shows: up to ``top`` that are not zero (all
    when ``top`` is ``None``), then the viewer's own if it is not among them."""
    scored = [i for i, bar in enumerate(ranked) if bar.value != 0]
    shown = scored if top is None else scored[:top]
    mine = next((i for i, bar in enumerate(ranked) if bar.mine), None)
    gap = None
    if mine is not None and mine not in shown:
        # Right after the last bar shown, the viewer's row needs no "…" before it.
        gap = None if mine == (shown[-1] + 1 if shown else 0) else len(shown)
        shown = [*shown, mine]
    zeros = sum(1 for i, bar in enumerate(ranked) if bar.value == 0 and i not in shown)
    hidden = len(ranked) - len(shown) - zeros
    return ChartRows(tuple(ranked[i] for i in shown), gap, hidden, zeros)
