"""``/lichthidua``: the emulation year's milestones in order, the next one marked; the Office
also sees how many units have not acted, who they are, and can export the year.

```mermaid
stateDiagram-v2
    [*] --> year: /lichthidua (this year; every role reads)
    year --> year: 🗓 next year / this year
    year --> pending: 👥 a counted milestone (the Office)
    pending --> year: ⬅️ back
    year --> [*]: 📥 the year as a workbook (the Office)
```
"""

from __future__ import annotations

import asyncio

from bot.callbacks import MilestoneChoice, MilestoneMenu
from bot.exports import milestones as sheet
from bot.ports import Button, Document, Reply
from bot.services.milestones import MilestoneState, MilestoneView, PendingView, YearView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import Rows, day, member_of

#: How many units the pending screen lists (the workbook lists them all).
SHOWN_UNITS = 30
#: The mark of a milestone (literal keys, so the catalogue test sees them used).
MARKS: dict[MilestoneState, str] = {
    MilestoneState.PAST: "milestone.mark_past",
    MilestoneState.TODAY: "milestone.mark_today",
    MilestoneState.COMING: "milestone.mark_coming",
}


async def show_calendar(turn: Turn) -> Reply:
    """Answer ``/lichthidua``: this year's milestones."""
    return await show_year(turn, turn.services.milestones.this_year())


async def show_year(turn: Turn, year: int) -> Reply:
    """A year's milestones; the Office's screen has the counts and their buttons."""
    view = await turn.services.milestones.year(member_of(turn), year)
    if not view.milestones:
        return Reply(
            turn.t("milestone.none", year=year), buttons=tuple(_year_switch(turn, year)), edit=True
        )
    lines = [turn.t("milestone.title", year=year, today=day(turn, view.today))]
    for milestone in view.milestones:
        lines += _lines(turn, view, milestone)
    lines.append(turn.t("milestone.footer_office" if view.for_office else "milestone.footer"))
    rows: Rows = []
    if view.for_office:
        rows += [
            (
                Button(
                    turn.t("milestone.button.pending", name=m.name, count=len(m.pending)),
                    MilestoneMenu(MilestoneChoice.PENDING, year, m.key).pack(),
                ),
            )
            for m in view.milestones
            if m.pending
        ]
        rows.append((_export_button(turn, year),))
    rows += _year_switch(turn, year)
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _lines(turn: Turn, view: YearView, milestone: MilestoneView) -> list[str]:
    """A milestone's line and, for the Office, its count and its reminders."""
    mark = "milestone.mark_next" if milestone.is_next else MARKS[milestone.state]
    if milestone.state is MilestoneState.TODAY:
        state = turn.t("milestone.state_today")
    elif milestone.is_next:
        state = turn.t("milestone.state_next", days=(milestone.on - view.today).days)
    else:
        state = turn.t("milestone.state_past") if milestone.state is MilestoneState.PAST else ""
    found = [
        turn.t(
            "milestone.line",
            mark=turn.t(mark),
            day=day(turn, milestone.on),
            name=milestone.name,
            state=Safe(state),
        )
    ]
    if view.units is None:
        return found
    if milestone.counted:
        found.append(_count(turn, milestone, view.units))
    if milestone.remind_days_before:
        days = ", ".join(str(d) for d in milestone.remind_days_before)
        found.append(turn.t("milestone.reminds", days=days, who=turn.t(sheet.WHO[milestone.who])))
    return found


def _count(turn: Turn, milestone: MilestoneView, units: int) -> str:
    if milestone.pending is None:
        return turn.t("milestone.no_period")
    if not milestone.can_act:
        return turn.t("milestone.period_closed", period=milestone.period)
    if not milestone.pending:
        return turn.t("milestone.pending_none", units=units)
    return turn.t("milestone.pending_count", count=len(milestone.pending), units=units)


def _year_switch(turn: Turn, year: int) -> Rows:
    this = turn.services.milestones.this_year()
    if year == this:
        other, key = this + 1, "milestone.button.next_year"
    else:
        other, key = this, "milestone.button.this_year"
    data = MilestoneMenu(MilestoneChoice.YEAR, other).pack()
    return [(Button(turn.t(key, year=other), data),)]


def _export_button(turn: Turn, year: int) -> Button:
    data = MilestoneMenu(MilestoneChoice.EXPORT, year).pack()
    return Button(turn.t("milestone.button.export", year=year), data)


async def show_pending(turn: Turn, year: int, key: str) -> Reply:
    """The units that have not acted for a counted milestone, with their heads (the Office)."""
    found = await turn.services.milestones.pending(member_of(turn), year, key)
    milestone = found.milestone
    lines = [
        turn.t(
            "milestone.pending.title",
            name=milestone.name,
            day=day(turn, milestone.on),
            count=len(found.pending),
            units=found.units,
        )
    ]
    lines += _pending_lines(turn, found)
    if milestone.remind_days_before and milestone.who == "unit_heads_pending":
        days = ", ".join(str(d) for d in milestone.remind_days_before)
        lines.append(turn.t("milestone.pending.reminded", days=days))
    back = MilestoneMenu(MilestoneChoice.YEAR, year).pack()
    rows: Rows = [
        (_export_button(turn, year),),
        (Button(turn.t("milestone.button.back", year=year), back),),
    ]
    return Reply("\n".join(lines), buttons=tuple(rows), edit=True)


def _pending_lines(turn: Turn, found: PendingView) -> list[str]:
    if found.milestone.pending is None:
        return [turn.t("milestone.pending.no_period")]
    if not found.pending:
        return [turn.t("milestone.pending.none")]
    lines = [
        turn.t(
            "milestone.pending.line",
            number=number,
            unit=unit.name,
            heads=", ".join(unit.heads) or turn.t("milestone.pending.no_head"),
        )
        for number, unit in enumerate(found.pending[:SHOWN_UNITS], start=1)
    ]
    if len(found.pending) > SHOWN_UNITS:
        lines.append(turn.t("milestone.pending.more", count=len(found.pending) - SHOWN_UNITS))
    return lines


async def send_workbook(turn: Turn, year: int) -> Reply:
    """The year's milestones as a workbook (the Office; the service checks)."""
    view = await turn.services.milestones.export(member_of(turn), year)
    if not view.milestones:
        return Reply(turn.t("milestone.export.none", year=year))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = sheet.title_line(turn.texts, organisation.name, view, now)
    content = await asyncio.to_thread(sheet.workbook, view, turn.texts, title)
    return Reply(
        turn.t("milestone.export.done", year=year, count=len(view.milestones)),
        document=Document(sheet.file_name(view), content),
    )


async def open_menu(turn: Turn, payload: MilestoneMenu) -> Reply:
    """A ``MilestoneMenu`` button (the service checks the Office's parts)."""
    if payload.choice is MilestoneChoice.PENDING:
        return await show_pending(turn, payload.year, payload.key)
    if payload.choice is MilestoneChoice.EXPORT:
        return await send_workbook(turn, payload.year)
    return await show_year(turn, payload.year)
