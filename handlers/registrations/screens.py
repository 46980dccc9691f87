"""``/dangkythidua``: what was registered for the person and their unit, the way into the unit
head's registration and the Office's opening, and the Office's overview of the units.

```mermaid
stateDiagram-v2
    [*] --> home: /dangkythidua (everyone: their titles and their unit's)
    home --> register: 📝 Đăng ký cho đơn vị (unit heads, until the deadline; a dialog)
    home --> open: 📅 Mở đăng ký, đổi hạn (Office; a dialog: year, deadline)
    home --> status: 📊 Tình hình đăng ký (Office; the units a page at a time)
    status --> remind: 📣 Nhắc đơn vị chưa đăng ký (a /thongbao to their heads)
```
"""

from __future__ import annotations

import math
from datetime import date

from bot.callbacks import BroadcastAct, BroadcastChoice, RegistrationChoice, RegistrationMenu
from bot.ports import Button, Reply
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.registrations import MemberTargets, Titles, UnitStatus
from bot.turn import Turn
from handlers.common import Rows, day, member_of, when

#: Units on one page of the Office's overview.
PER_PAGE = 10


def today(turn: Turn) -> date:
    """Today in the organisation's zone."""
    return turn.clock.now().astimezone(turn.settings.organisation.zone).date()


def _button(turn: Turn, key: str, choice: RegistrationChoice, year: int, page: int = 0) -> Button:
    return Button(turn.t(key), RegistrationMenu(choice, year, page).pack())


def counts_text(turn: Turn, titles: Titles, counts: tuple[tuple[str, int], ...]) -> str:
    """Members per title, as a phrase ("Lao động tiên tiến: 12, Chiến sĩ thi đua cơ sở: 2")."""
    parts = [turn.t("targets.count", title=titles.name(c), count=n) for c, n in counts]
    return ", ".join(parts) or turn.t("targets.count_none")


def _mine(turn: Turn, mine: MemberTargets) -> list[str]:
    titles = turn.services.targets.titles
    if mine.registered_at is None:
        return [turn.t("targets.unit_not_registered", unit=mine.unit)]
    names = ", ".join(titles.name(code) for code in mine.titles)
    collective = mine.collective
    return [
        turn.t("targets.unit_registered", unit=mine.unit, at=when(turn, mine.registered_at)),
        turn.t("targets.mine", titles=names) if names else turn.t("targets.mine_none"),
        turn.t("targets.collective", title=titles.name(collective))
        if collective
        else turn.t("targets.collective_none"),
    ]


async def show_home(turn: Turn) -> Reply:
    """Answer ``/dangkythidua``: the year's registration as it concerns the person, and the
    buttons of their role."""
    member = member_of(turn)
    mine = await turn.services.targets.targets_of(member)
    lines = [turn.t("targets.header", year=mine.year)]
    rows: Rows = []
    if mine.round is None:
        lines.append(turn.t("targets.not_open", year=mine.year))
    else:
        closed = mine.round.closed_on(today(turn))
        key = "targets.closed" if closed else "targets.deadline"
        lines.append(turn.t(key, deadline=day(turn, mine.round.deadline)))
        lines += _mine(turn, mine)
        if member.role in UNIT_HEADS and not closed:
            register = RegistrationChoice.REGISTER
            rows.append((_button(turn, "targets.button.register", register, mine.year),))
    if member.role in OFFICE:
        rows.append((_button(turn, "targets.button.open", RegistrationChoice.OPEN, 0),))
        if mine.round is not None:
            status = RegistrationChoice.STATUS
            rows.append((_button(turn, "targets.button.status", status, mine.year),))
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _unit_line(turn: Turn, unit: UnitStatus) -> str:
    if unit.registered_at is None:
        return turn.t("targets.status.missing", unit=unit.unit)
    titles = turn.services.targets.titles
    text = counts_text(turn, titles, unit.counts)
    if unit.collective:
        text += "; " + turn.t("targets.status.collective", title=titles.name(unit.collective))
    return turn.t(
        "targets.status.done", unit=unit.unit, day=day(turn, unit.registered_at), counts=text
    )


async def show_status(turn: Turn, year: int, page: int) -> Reply:
    """The Office's overview of ``year``: the units not registered first, a page at a time,
    and the button that reminds them."""
    status = await turn.services.targets.status(member_of(turn), year)
    units = status.units
    pages = max(1, math.ceil(len(units) / PER_PAGE))
    page = min(max(page, 0), pages - 1)
    lines = [
        turn.t(
            "targets.status.header",
            year=year,
            deadline=day(turn, status.round.deadline),
            registered=status.registered,
            total=len(units),
        )
    ]
    lines += [_unit_line(turn, u) for u in units[page * PER_PAGE : (page + 1) * PER_PAGE]]
    rows: Rows = []
    turns = []
    if page > 0:
        turns.append(
            _button(turn, "common.list.previous_button", RegistrationChoice.STATUS, year, page - 1)
        )
    if page < pages - 1:
        turns.append(
            _button(turn, "common.list.next_button", RegistrationChoice.STATUS, year, page + 1)
        )
    if turns:
        lines.append(turn.t("targets.status.page", page=page + 1, pages=pages))
        rows.append(tuple(turns))
    # The reminder's audience is this year's heads (the milestones' TARGETS_MISSING).
    if status.registered < len(units) and year == today(turn).year:
        remind = BroadcastAct(year, BroadcastChoice.TARGETS_MISSING).pack()
        rows.append((Button(turn.t("targets.button.remind"), remind),))
    rows.append((_button(turn, "targets.button.back", RegistrationChoice.HOME, year),))
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)
