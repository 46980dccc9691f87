"""``/donvi``: the Office renames a unit, merges one into another, or closes one, each with the
day it took effect (DESIGN §3.11). A split places every member, so it is done from a file with
``python -m bot units split`` (docs/cli.md); so is a merge into a unit that does not exist yet.

```mermaid
stateDiagram-v2
    [*] --> action
    action --> unit
    unit --> name: rename
    unit --> into: merge
    unit --> day: close
    name --> day
    into --> day
    day --> reason
    reason --> confirm
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
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.services.people import NewUnit
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dates, member_of

#: The changes made in chat and their texts (literal keys, so the catalogue test sees them).
ACTIONS = {
    "rename": "org.unit.action.rename",
    "merge": "org.unit.action.merge",
    "close": "org.unit.action.close",
}
SUMMARIES = {
    "rename": "org.unit.summary.rename",
    "merge": "org.unit.summary.merge",
    "close": "org.unit.summary.close",
}


class UnitStep(StrEnum):
    """The steps of ``/donvi``."""

    ACTION = "action"
    UNIT = "unit"
    NAME = "name"
    INTO = "into"
    DAY = "day"
    REASON = "reason"
    CONFIRM = "confirm"


class UnitChange(Answers):
    """The change being recorded."""

    action: str | None = None
    action_name: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    name: str | None = None
    into: str | None = None
    into_name: str | None = None
    day: str | None = None
    reason: str | None = None


async def _actions(turn: Turn, _answers: UnitChange) -> Sequence[Option]:
    return [Option(action, turn.t(key)) for action, key in ACTIONS.items()]


async def _units(turn: Turn, _answers: UnitChange) -> Sequence[Option]:
    return [Option(u.code, u.name) for u in await turn.services.units.list_active()]


async def _others(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """The units another may merge into: every open unit but itself."""
    return [o for o in await _units(turn, answers) if o.value != answers.unit]


async def _after_unit(_turn: Turn, answers: UnitChange, _value: Any) -> Then[UnitChange]:
    following = {"rename": UnitStep.NAME, "merge": UnitStep.INTO}
    return Then(following.get(answers.action or "", UnitStep.DAY))


async def _to_day(_turn: Turn, _answers: UnitChange, _value: Any) -> Then[UnitChange]:
    return Then(UnitStep.DAY)


async def _render_confirm(turn: Turn, answers: UnitChange) -> str:
    assert answers.day is not None
    what = turn.t(
        SUMMARIES[answers.action or "close"],
        unit=answers.unit_name or "",
        name=answers.name or "",
        into=answers.into_name or "",
    )
    day = dates.day(turn, date.fromisoformat(answers.day))
    return turn.t("org.unit.confirm", what=Safe(what), day=day, reason=answers.reason or "")


async def _finish(turn: Turn, answers: UnitChange, draft: Draft) -> Reply:
    assert answers.unit is not None and answers.day is not None
    changes, by, day = turn.services.unit_changes, member_of(turn), date.fromisoformat(answers.day)
    reason = answers.reason or ""
    try:
        if answers.action == "rename":
            done = await changes.rename(
                by, answers.unit, answers.name or "", day, reason, dialog=draft
            )
        elif answers.action == "merge":
            into = NewUnit(answers.into or "")
            done = await changes.merge(by, [answers.unit], into, day, reason, dialog=draft)
        else:
            done = await changes.close(by, answers.unit, day, reason, dialog=draft)
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    if done.kind != "merge":
        return Reply(turn.t("org.unit.done_plain", number=done.id))
    return Reply(
        turn.t(
            "org.unit.done",
            number=done.id,
            members=done.members_moved,
            moved=done.items.moved,
            kept=done.items.kept,
        )
    )


UNIT_CHANGE: Dialog[Turn, UnitChange] = Dialog(
    name="unit_change",
    answers=UnitChange,
    steps=(
        Step(UnitStep.ACTION, "org.unit.ask_action", InputKind.CHOICE, options=_actions),
        Step(
            UnitStep.UNIT,
            "org.unit.ask_unit",
            InputKind.CHOICE,
            options=_units,
            after=_after_unit,
        ),
        Step(UnitStep.NAME, "org.unit.ask_name", max_length=200, after=_to_day),
        Step(UnitStep.INTO, "org.unit.ask_into", InputKind.CHOICE, options=_others),
        Step(
            UnitStep.DAY,
            "org.unit.ask_day",
            InputKind.DATE,
            convert=dates.not_after_today("org.unit.future_day"),
        ),
        Step(UnitStep.REASON, "org.unit.ask_reason", min_length=3, max_length=300),
        Step(UnitStep.CONFIRM, "", InputKind.CONFIRM, render=_render_confirm),
    ),
    finish=_finish,
    cancelled="org.unit.cancelled",
)


async def change_unit(turn: Turn) -> Reply:
    """Answer ``/donvi`` (the Office) by starting the dialog."""
    return await turn.dialogs.start(turn, turn.incoming, UNIT_CHANGE, UnitChange())
