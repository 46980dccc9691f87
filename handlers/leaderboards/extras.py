"""The leaderboard's extras: the coverage and trend charts, Excel, a custom period (and the
entry to "Vì sao?", :mod:`handlers.leaderboards.why`).

```mermaid
stateDiagram-v2
    [*] --> start: 🗓 Thời gian → Tùy chọn…
    start --> end: a date dd/mm/yyyy (else re-asked)
    end --> end: before the start, or too long (re-asked)
    end --> [*]: the board for that range
```
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum
from typing import Any

from bot.callbacks import BoardAct
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.errors import BadBoardPeriod
from bot.exports.boards import file_name, members_workbook, units_workbook
from bot.ports import Document, Photo, Reply
from bot.roles import OFFICE
from bot.services.leaderboards import Period, PeriodKind
from bot.turn import Turn
from handlers.leaderboards import board as boards
from handlers.leaderboards.why import why

#: Enough for every member of a large organisation in the individual workbook.
ALL_MEMBERS = 100_000


class PeriodStep(StrEnum):
    """The custom period dialog's steps."""

    START = "start"
    END = "end"


class CustomPeriod(Answers):
    """The two days of a custom period, and the board (view and unit kind) to show it on."""

    start: date | None = None
    end: date | None = None
    kind: str = ""
    back: str = boards.UNITS


async def _period(turn: Turn, state: BoardAct) -> Period:
    period = await boards.period_of(turn, state.period)
    assert period is not None, "checked by the caller"
    return period


async def coverage(turn: Turn, state: BoardAct) -> Reply:
    """Each unit's share of members who confirmed the plan, as a chart and as text: on the
    board of a past emulation period, its last plan."""
    past = (
        await turn.services.periods.find(state.period) if boards.is_period(state.period) else None
    )
    version = past.plan_version if past is not None and not past.open else None
    chart = await turn.services.board_charts.coverage_chart(version)
    return Reply(
        f"<b>{chart.caption}</b>\n\n{chart.fallback}",
        buttons=(boards.back_row(turn, state),),
        photo=Photo(chart.png, chart.caption),
    )


async def trend(turn: Turn, state: BoardAct) -> Reply:
    """Initiatives submitted and recognised per month of this year."""
    year = turn.clock.now().astimezone(turn.settings.organisation.zone).year
    chart = await turn.services.board_charts.trend_chart(year)
    return Reply(
        f"<b>{chart.caption}</b>\n\n{chart.fallback}".strip(),
        buttons=(boards.back_row(turn, state),),
        photo=Photo(chart.png, chart.caption),
    )


async def excel(turn: Turn, state: BoardAct) -> Reply:
    """The board shown (units or individuals) as a workbook; the Office only."""
    if turn.member is None or turn.member.role not in OFFICE:
        return Reply(turn.t("board.not_allowed"))
    period = await _period(turn, state)
    kind = state.kind or None
    words = boards.kind_words(turn, kind)
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    service = turn.services.leaderboards
    members = state.back == boards.MEMBERS
    if members:
        people = await service.members(period, top=ALL_MEMBERS, unit_kind=kind)
        content = await asyncio.to_thread(
            members_workbook,
            people,
            turn.texts,
            organisation=organisation.name,
            kind=words,
            generated=now,
        )
    else:
        units = await service.units(period, per_member=state.back != boards.TOTAL, unit_kind=kind)
        content = await asyncio.to_thread(
            functools.partial(
                units_workbook,
                kind_names={k.code: k.name for k in turn.settings.unit_kinds},
            ),
            units,
            turn.texts,
            organisation=organisation.name,
            kind=words,
            generated=now,
        )
    return Reply(
        turn.t("board.xlsx_done", period=period.label),
        buttons=(boards.back_row(turn, state),),
        document=Document(file_name(period, members=members), content),
    )


async def custom(turn: Turn, state: BoardAct) -> Reply:
    """Ask the two dates of a custom period."""
    given = CustomPeriod(kind=state.kind, back=state.back)
    return await turn.dialogs.start(turn, turn.incoming, PERIOD, given)


async def _after_end(turn: Turn, answers: CustomPeriod, _value: Any) -> Then[CustomPeriod]:
    start, end = answers.start, answers.end
    assert start is not None and end is not None, "asked before"
    try:
        turn.services.leaderboards.period(PeriodKind.CUSTOM, start=start, end=end)
    except BadBoardPeriod as problem:
        raise InvalidInput(problem.text_key, **problem.params) from None
    return Then()


async def _finish(turn: Turn, answers: CustomPeriod, _draft: Draft) -> Reply:
    start, end = answers.start, answers.end
    assert start is not None and end is not None, "asked before"
    back = answers.back
    state = BoardAct(back, boards.range_code(start, end), answers.kind, back)
    return await boards.board(turn, state)


VIEWS: dict[str, Callable[[Turn, BoardAct], Awaitable[Reply]]] = {
    "w": why,
    "c": coverage,
    "r": trend,
    "x": excel,
    "pc": custom,
}

PERIOD: Dialog[Turn, CustomPeriod] = Dialog(
    name="board_period",
    answers=CustomPeriod,
    steps=(
        Step(PeriodStep.START, "board.ask_start", InputKind.DATE),
        Step(PeriodStep.END, "board.ask_end", InputKind.DATE, after=_after_end),
    ),
    finish=_finish,
    cancelled="board.custom_cancelled",
)
