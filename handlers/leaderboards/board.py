"""``/bangxephang``: the unit board as a chart and text, the individual board, and the choices.

Every button carries the whole view (:class:`BoardAct`: view, period, unit kind), so a board
needs no stored state; a forged or stale payload gets the "expired" answer. "Vì sao?", the
coverage and trend charts, the Excel file and the custom period live in
:mod:`handlers.leaderboards.extras`.
"""

from __future__ import annotations

import re
from datetime import date

from bot.callbacks import BoardAct
from bot.ports import Button, Photo, Reply
from bot.roles import OFFICE
from bot.route_table import split_command
from bot.services.leaderboards import MemberBoard, Period, PeriodKind, UnitBoard, points
from bot.services.plans import PeriodView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import menu

PERIODS: dict[str, str] = {
    PeriodKind.MONTH.value: "board.button.month",
    PeriodKind.QUARTER.value: "board.button.quarter",
    PeriodKind.YEAR.value: "board.button.year",
    PeriodKind.PLAN.value: "board.button.plan",
}
UNITS, TOTAL, MEMBERS = "u", "t", "m"
BOARDS = (UNITS, TOTAL, MEMBERS)
TOP = 10
#: Telegram's longest photo caption (Zalo allows more).
CAPTION_LIMIT = 1024
_RANGE = re.compile(r"(\d{8})-(\d{8})")
#: A past emulation period's code on a button.
_PERIOD = re.compile(r"\d{4}-\d{4}")


async def period_of(turn: Turn, code: str) -> Period | None:
    """The period a button names, or ``None`` when the code is not one we make.

    Raises:
        BadBoardPeriod: A custom range that is reversed or too long.
    """
    if code == PeriodKind.PLAN.value or is_period(code):
        return await plan_window(turn, code)
    if code in PERIODS:
        return turn.services.leaderboards.period(PeriodKind(code))
    found = _RANGE.fullmatch(code)
    if found is None:
        return None
    try:
        start, end = (date(int(g[:4]), int(g[4:6]), int(g[6:])) for g in found.groups())
    except ValueError:
        return None
    return turn.services.leaderboards.period(PeriodKind.CUSTOM, start=start, end=end)


def is_period(code: str) -> bool:
    """Whether a button's period is an emulation period by its code (``2021-2025``)."""
    return _PERIOD.fullmatch(code) is not None


async def plan_window(turn: Turn, code: str) -> Period | None:
    """The whole emulation period: the open one for ``plan``, else the one of that code."""
    if code == PeriodKind.PLAN.value:
        chosen: PeriodView | None = await turn.services.periods.current()
    else:
        chosen = await turn.services.periods.find(code)
    if chosen is None:
        return None
    return turn.services.leaderboards.period(PeriodKind.PLAN, years=chosen.years)


def range_code(start: date, end: date) -> str:
    """The period field of a custom range: ``20260101-20260331``."""
    return f"{start:%Y%m%d}-{end:%Y%m%d}"


async def show_board(turn: Turn) -> Reply:
    """Answer ``/bangxephang``: this year's unit board per member."""
    return await board(turn, BoardAct(UNITS, PeriodKind.YEAR.value, "", UNITS))


async def board(turn: Turn, state: BoardAct) -> Reply:
    """The board ``state`` names: units (a chart and the top of the list) or individuals."""
    period = await period_of(turn, state.period)
    if period is None:
        return await menu.refuse_stale_button(turn)
    kind = state.kind or None
    if state.view == MEMBERS:
        viewer = turn.member.id if turn.member else None
        people = await turn.services.leaderboards.members(
            period, top=TOP, viewer_id=viewer, unit_kind=kind
        )
        return Reply(members_text(turn, people), buttons=buttons(turn, state))
    units = await turn.services.leaderboards.units(
        period, per_member=state.view != TOTAL, unit_kind=kind
    )
    viewer_unit = turn.member.unit.id if turn.member else None
    chart = await turn.services.board_charts.unit_chart(units, viewer_unit)
    return Reply(
        units_text(turn, units),
        buttons=buttons(turn, state),
        photo=Photo(chart.png, chart.caption),
    )


def kind_codes(turn: Turn) -> frozenset[str]:
    """The codes of the configured unit kinds."""
    return frozenset(kind.code for kind in turn.settings.unit_kinds)


def kind_words(turn: Turn, kind: str | None) -> str:
    """The name of a unit kind filter, or "" for every kind."""
    return turn.settings.unit_kind_name(kind) if kind in kind_codes(turn) else ""


def units_text(turn: Turn, units: UnitBoard) -> str:
    """The top units, and where the viewer's unit stands."""
    basis = "board.basis_per_member" if units.per_member else "board.basis_total"
    kind = kind_words(turn, units.unit_kind)
    lines = [
        turn.t(
            "board.units_title",
            period=units.period.label,
            basis=turn.t(basis),
            kind=Safe(turn.t("board.kind_filter", kind=kind) if kind else ""),
        ),
        "",
    ]
    lines += [
        turn.t(
            "board.unit_line",
            rank=row.rank,
            name=row.name,
            points=points(row.points),
            per_member=points(row.per_member),
            members=row.members,
        )
        for row in units.rows[:TOP]
    ]
    if not units.rows:
        lines.append(turn.t("board.empty"))
    if len(units.rows) > TOP:
        lines.append(turn.t("board.more", count=len(units.rows) - TOP))
    if turn.member is not None:
        mine = next((r for r in units.rows if r.unit_id == turn.member.unit.id), None)
        lines.append("")
        if mine is None:
            lines.append(turn.t("board.my_unit_missing", unit=turn.member.unit.name))
        else:
            lines.append(
                turn.t("board.my_unit", unit=mine.name, rank=mine.rank, count=len(units.rows))
            )
    return "\n".join(lines)


def members_text(turn: Turn, people: MemberBoard) -> str:
    """The top members, and the viewer's own rank even outside the top."""
    kind = kind_words(turn, people.unit_kind)
    lines = [
        turn.t(
            "board.members_title",
            period=people.period.label,
            kind=Safe(turn.t("board.kind_filter", kind=kind) if kind else ""),
        ),
        "",
    ]
    lines += [
        turn.t(
            "board.member_line",
            rank=row.rank,
            name=row.full_name,
            unit=row.unit_name,
            points=points(row.points),
        )
        for row in people.rows
    ]
    if not people.rows:
        lines.append(turn.t("board.members_empty"))
    if turn.member is not None:
        mine = people.mine or next((r for r in people.rows if r.member_id == turn.member.id), None)
        lines.append("")
        if mine is None or mine.points <= 0:
            lines.append(turn.t("board.my_rank_unranked"))
        else:
            lines.append(
                turn.t(
                    "board.my_rank",
                    rank=mine.rank,
                    count=people.ranked,
                    points=points(mine.points),
                )
            )
    return "\n".join(lines)


def _press(turn: Turn, key: str, state: BoardAct, **change: str) -> Button:
    fields = {"view": state.view, "period": state.period, "kind": state.kind, "back": state.back}
    fields.update(change)
    return Button(turn.t(key), BoardAct(**fields).pack())


def buttons(turn: Turn, state: BoardAct) -> tuple[tuple[Button, ...], ...]:
    """The board's buttons: which board, the period, the kind, and the extras."""
    shown = state.view if state.view in BOARDS else state.back
    boards = [
        _press(turn, key, state, view=view, back=view)
        for view, key in (
            (UNITS, "board.button.per_member"),
            (TOTAL, "board.button.total"),
            (MEMBERS, "board.button.members"),
        )
        if view != shown
    ]
    extras = [
        _press(turn, "board.button.coverage", state, view="c", back=shown),
        _press(turn, "board.button.trend", state, view="r", back=shown),
    ]
    if turn.member is not None and turn.member.role in OFFICE:
        extras.append(_press(turn, "board.button.excel", state, view="x", back=shown))
    return (
        tuple(boards),
        (
            _press(turn, "board.button.period", state, view="p", back=shown),
            _press(turn, "board.button.kind", state, view="k", back=shown),
            _press(turn, "board.button.why", state, view="w", back=shown),
        ),
        tuple(extras),
    )


def back_row(turn: Turn, state: BoardAct) -> tuple[Button, ...]:
    """One button back to the board the person came from."""
    return (_press(turn, "board.button.back", state, view=state.back),)


async def choose_period(turn: Turn, state: BoardAct) -> Reply:
    """This month, quarter, year, the whole (open) period, a past period, or a custom range."""
    choices = [
        _press(turn, key, state, view=state.back, period=code) for code, key in PERIODS.items()
    ]
    choices.append(_press(turn, "board.button.custom", state, view="pc"))
    found = await turn.services.periods.periods()
    past = [(_past_period(turn, state, p),) for p in found if not p.open]
    rows = (tuple(choices[:2]), tuple(choices[2:]), *past, back_row(turn, state))
    return Reply(turn.t("board.ask_period"), buttons=rows, edit=True)


def _past_period(turn: Turn, state: BoardAct, period: PeriodView) -> Button:
    fields = {"view": state.back, "period": period.code, "kind": state.kind, "back": state.back}
    label = turn.t("period.button.board", first=period.first_year, last=period.last_year)
    return Button(label, BoardAct(**fields).pack())


async def choose_kind(turn: Turn, state: BoardAct) -> Reply:
    """Every unit, or one kind of unit among those of the open units (names from
    ``[[unit_kinds]]``, in its order)."""
    used = {unit.kind for unit in await turn.services.units.list_active()}
    choices = [_press(turn, "board.button.all_kinds", state, view=state.back, kind="")]
    choices += [
        Button(kind.name, BoardAct(state.back, state.period, kind.code, state.back).pack())
        for kind in turn.settings.unit_kinds
        if kind.code in used
    ]
    rows = (*((button,) for button in choices), back_row(turn, state))
    return Reply(turn.t("board.ask_kind"), buttons=rows, edit=True)


async def group_board(turn: Turn) -> Reply:
    """``/bangxephang`` in a group: this year's unit chart, its caption listing the top units
    (groups have no member behind them, so nothing personal is shown)."""
    period = turn.services.leaderboards.period(PeriodKind.YEAR)
    units = await turn.services.leaderboards.units(period)
    chart = await turn.services.board_charts.unit_chart(units)
    caption, lines = Safe(chart.caption), list[str]()
    for line in chart.fallback.splitlines():  # as many of the top units as the caption holds
        longer = turn.t(
            "board.group_caption", caption=caption, lines=Safe("\n".join([*lines, line]))
        )
        if len(longer) > CAPTION_LIMIT:
            break
        lines.append(line)
    text = turn.t("board.group_caption", caption=caption, lines=Safe("\n".join(lines)))
    return Reply("", photo=Photo(chart.png, text))


async def answer_group(turn: Turn) -> Reply:
    """A command in a group: ``/bangxephang`` gets the unit chart, any other a pointer to a
    private chat."""
    command = split_command(turn.incoming.text or "")
    if command is not None and command[0] == "bangxephang":
        return await group_board(turn)
    return Reply(turn.t("group.private_only"))
