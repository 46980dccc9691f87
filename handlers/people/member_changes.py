"""``/canbo``: the Office (any member) or a unit head (the staff of their own unit) moves a
member to another unit, gives them another role (the Office), or records that they left, each
from a day (DESIGN §3.11); the Office also records who a member is for the statistics tables
of TT 02/2023/TT-BNV (the staff category, no day).

```mermaid
stateDiagram-v2
    [*] --> unit: Office
    [*] --> member: unit head (own unit)
    unit --> member
    member --> action
    action --> to: move
    action --> role: role (Office)
    action --> why: leave
    action --> category: category (Office)
    category --> [*]: category recorded
    to --> day
    role --> day
    why --> day
    day --> confirm
    confirm --> [*]: change recorded
```
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import FINISH, Answers, Dialog, Draft, Step, Then
from bot.domain import LeaveReason, StaffCategory
from bot.ports import Reply
from bot.roles import INVITABLE, OFFICE, Role
from bot.services.statistics import CATEGORY_LABELS, UNKNOWN_CATEGORY
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dates, member_of

#: The changes and their texts (literal keys, so the catalogue test sees them used).
ACTIONS = {
    "move": "org.member.action.move",
    "role": "org.member.action.role",
    "leave": "org.member.action.leave",
    "category": "statistics.canbo.action",
}
#: The answer "category unknown" (the member is counted in no category row).
UNKNOWN = "unknown"
SUMMARIES = {
    "move": "org.member.summary.move",
    "role": "org.member.summary.role",
    "leave": "org.member.summary.leave",
}
DONE = {
    "move": "org.member.done.move",
    "role": "org.member.done.role",
    "leave": "org.member.done.leave",
}
REASONS = {
    LeaveReason.RETIRED: "org.leave_reason.retired",
    LeaveReason.TRANSFERRED: "org.leave_reason.transferred",
    LeaveReason.RESIGNED: "org.leave_reason.resigned",
    LeaveReason.DECEASED: "org.leave_reason.deceased",
    LeaveReason.OTHER: "org.leave_reason.other",
}


class MemberStep(StrEnum):
    """The steps of ``/canbo``."""

    UNIT = "unit"
    MEMBER = "member"
    ACTION = "action"
    TO = "to"
    ROLE = "role"
    WHY = "why"
    CATEGORY = "category"
    DAY = "day"
    CONFIRM = "confirm"


class MemberChange(Answers):
    """The change being recorded."""

    unit: str | None = None
    unit_name: str | None = None
    member: str | None = None
    member_name: str | None = None
    action: str | None = None
    action_name: str | None = None
    to: str | None = None
    to_name: str | None = None
    role: str | None = None
    role_name: str | None = None
    why: str | None = None
    why_name: str | None = None
    category: str | None = None
    day: str | None = None


async def _units(turn: Turn, _answers: MemberChange) -> Sequence[Option]:
    return [Option(u.code, u.name) for u in await turn.services.units.list_active()]


async def _staffed(turn: Turn, answers: MemberChange) -> Sequence[Option]:
    """The units where someone other than the person asking works: where there is a choice."""
    me = member_of(turn)
    working = {e.unit for e in await turn.services.roster.roster(me, None) if e.id != me.id}
    return [o for o in await _units(turn, answers) if o.value in working]


async def _members(turn: Turn, answers: MemberChange) -> Sequence[Option]:
    # The roster refuses a unit head another unit, so a forged unit shows nobody.
    me = member_of(turn)
    found = await turn.services.roster.roster(me, answers.unit)
    # A unit head acts for the staff only; nobody records their own change here.
    return [
        Option(str(e.id), f"{e.full_name} · {turn.t(f'roles.{e.role.value}')}")
        for e in found
        if e.id != me.id and (me.role in OFFICE or e.role is Role.STAFF)
    ]


async def _actions(turn: Turn, _answers: MemberChange) -> Sequence[Option]:
    office = member_of(turn).role in OFFICE
    allowed = ("move", "role", "leave", "category") if office else ("move", "leave")
    return [Option(a, turn.t(ACTIONS[a])) for a in allowed]


async def _after_action(_turn: Turn, _answers: MemberChange, value: Any) -> Then[MemberChange]:
    following = {"move": MemberStep.TO, "role": MemberStep.ROLE, "category": MemberStep.CATEGORY}
    return Then(following.get(str(value), MemberStep.WHY))


async def _targets(turn: Turn, answers: MemberChange) -> Sequence[Option]:
    return [o for o in await _units(turn, answers) if o.value != answers.unit]


async def _roles(turn: Turn, _answers: MemberChange) -> Sequence[Option]:
    allowed = INVITABLE.get(member_of(turn).role, frozenset())
    return [Option(r.value, turn.t(f"roles.{r.value}")) for r in Role if r in allowed]


async def _reasons(turn: Turn, _answers: MemberChange) -> Sequence[Option]:
    return [Option(reason.value, turn.t(key)) for reason, key in REASONS.items()]


async def _categories(turn: Turn, _answers: MemberChange) -> Sequence[Option]:
    known = [Option(c.value, turn.t(key)) for c, key in CATEGORY_LABELS.items()]
    return [*known, Option(UNKNOWN, turn.t(UNKNOWN_CATEGORY))]


async def _finish_now(_turn: Turn, _answers: MemberChange, _value: Any) -> Then[MemberChange]:
    return Then(FINISH)  # a category has no day to take effect from


async def _set_category(turn: Turn, answers: MemberChange) -> Reply:
    assert answers.member is not None and answers.category is not None
    chosen = None if answers.category == UNKNOWN else StaffCategory(answers.category)
    changes = turn.services.member_changes
    name = await changes.set_category(member_of(turn), int(answers.member), chosen)
    label = turn.t(CATEGORY_LABELS[chosen] if chosen else UNKNOWN_CATEGORY)
    return Reply(turn.t("statistics.members.category_set", name=name, category=label))


async def _to_day(_turn: Turn, _answers: MemberChange, _value: Any) -> Then[MemberChange]:
    return Then(MemberStep.DAY)


async def _render_confirm(turn: Turn, answers: MemberChange) -> str:
    assert answers.day is not None
    what = turn.t(
        SUMMARIES[answers.action or "leave"],
        name=answers.member_name or "",
        unit=answers.to_name or "",
        role=answers.role_name or "",
        why=answers.why_name or "",
    )
    day = dates.day(turn, date.fromisoformat(answers.day))
    return turn.t("org.member.confirm", what=Safe(what), day=day)


async def _finish(turn: Turn, answers: MemberChange, draft: Draft) -> Reply:
    if answers.action == "category":
        return await _set_category(turn, answers)
    assert answers.member is not None and answers.day is not None
    changes, by = turn.services.member_changes, member_of(turn)
    member, day = int(answers.member), date.fromisoformat(answers.day)
    try:
        if answers.action == "move":
            done = await changes.move(by, member, answers.to or "", day, dialog=draft)
        elif answers.action == "role":
            done = await changes.set_role(by, member, Role(answers.role or ""), day, dialog=draft)
        else:
            done = await changes.leave(
                by, member, LeaveReason(answers.why or ""), day, dialog=draft
            )
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    return Reply(turn.t(DONE[done.kind.value], name=done.full_name, skipped=done.skipped))


MEMBER_CHANGE: Dialog[Turn, MemberChange] = Dialog(
    name="member_change",
    answers=MemberChange,
    steps=(
        Step(
            MemberStep.UNIT,
            "org.member.ask_unit",
            InputKind.CHOICE,
            options=_staffed,
            skip_when_set=True,
        ),
        Step(MemberStep.MEMBER, "org.member.ask_member", InputKind.CHOICE, options=_members),
        Step(
            MemberStep.ACTION,
            "org.member.ask_action",
            InputKind.CHOICE,
            options=_actions,
            after=_after_action,
        ),
        Step(
            MemberStep.TO, "org.member.ask_to", InputKind.CHOICE, options=_targets, after=_to_day
        ),
        Step(
            MemberStep.ROLE, "org.member.ask_role", InputKind.CHOICE, options=_roles, after=_to_day
        ),
        Step(
            MemberStep.WHY, "org.member.ask_why", InputKind.CHOICE, options=_reasons, after=_to_day
        ),
        Step(
            MemberStep.CATEGORY,
            "statistics.canbo.ask",
            InputKind.CHOICE,
            options=_categories,
            after=_finish_now,
        ),
        Step(
            MemberStep.DAY,
            "org.member.ask_day",
            InputKind.DATE,
            convert=dates.not_after_today("org.unit.future_day"),
        ),
        Step(MemberStep.CONFIRM, "", InputKind.CONFIRM, render=_render_confirm),
    ),
    finish=_finish,
    cancelled="org.member.cancelled",
)


async def change_member(turn: Turn) -> Reply:
    """Answer ``/canbo``: a unit head starts at their own unit's members, the Office at units."""
    member = member_of(turn)
    given = MemberChange()
    if member.role not in OFFICE:
        given = MemberChange(unit=member.unit.code, unit_name=member.unit.name)
        if not await _members(turn, given):
            return Reply(turn.t("org.member.nobody", unit=member.unit.name))
    elif not await _staffed(turn, given):
        return Reply(turn.t("org.member.nobody", unit=turn.settings.organisation.name))
    return await turn.dialogs.start(turn, turn.incoming, MEMBER_CHANGE, given)
