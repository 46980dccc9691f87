"""``/donvi``: the Office renames a unit, merges one into another (an open unit or a new one),
splits one, placing each of its working members in one of the new units, or closes one, each
with the day it took effect (DESIGN §3.11).

```mermaid
stateDiagram-v2
    [*] --> action
    action --> unit
    unit --> name: rename
    unit --> into: merge
    unit --> target: split
    unit --> day: close
    name --> day
    into --> day
    into --> new_code: a new unit
    into --> also: one more unit merged
    also --> into
    target --> target: another unit
    target --> new_code: a new unit
    new_code --> new_kind
    new_kind --> new_name
    new_name --> day: merge
    new_name --> target: split
    target --> place: enough units
    place --> place: members left
    place --> day
    day --> reason
    reason --> confirm
    confirm --> [*]: change recorded
```"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.services.people import UnitChangeResult
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dates, member_of
from handlers.people import unit_split as parts
from handlers.people.unit_answers import UnitChange, UnitStep

#: The changes made in chat and their texts (literal keys, so the catalogue test sees them).
ACTIONS = {
    "rename": "org.unit.action.rename",
    "merge": "org.unit.action.merge",
    "split": "org.unit.split.action",
    "close": "org.unit.action.close",
}
SUMMARIES = {
    "rename": "org.unit.summary.rename",
    "merge": "org.unit.summary.merge",
    "close": "org.unit.summary.close",
}


async def _actions(turn: Turn, _answers: UnitChange) -> Sequence[Option]:
    return [Option(action, turn.t(key)) for action, key in ACTIONS.items()]


async def _units(turn: Turn, _answers: UnitChange) -> Sequence[Option]:
    return [Option(u.code, u.name) for u in await turn.services.units.list_active()]


async def _after_unit(_turn: Turn, answers: UnitChange, _value: Any) -> Then[UnitChange]:
    following = {"rename": UnitStep.NAME, "merge": UnitStep.INTO, "split": UnitStep.TARGET}
    return Then(following.get(answers.action or "", UnitStep.DAY))


async def _to_day(_turn: Turn, _answers: UnitChange, _value: Any) -> Then[UnitChange]:
    return Then(UnitStep.DAY)


async def _render_confirm(turn: Turn, answers: UnitChange) -> str:
    assert answers.day is not None
    if answers.action == "split":
        first = answers.targets[0][1] if answers.targets else ""
        what = turn.t(
            "org.unit.split.summary",
            unit=answers.unit_name or "",
            counts=Safe(parts.placement(turn, answers)),
            first=first,
        )
    elif answers.action == "merge" and answers.into == answers.new_code:
        what = turn.t(
            "org.unit.new.summary_merge",
            unit=parts.merged_names(answers),
            into=answers.into_name or "",
            code=answers.into or "",
            kind=answers.new_kind_name or "",
        )
    else:
        what = turn.t(
            SUMMARIES[answers.action or "close"],
            unit=parts.merged_names(answers),
            name=answers.name or "",
            into=answers.into_name or "",
        )
    day = dates.day(turn, date.fromisoformat(answers.day))
    return turn.t("org.unit.confirm", what=Safe(what), day=day, reason=answers.reason or "")


async def _record(turn: Turn, answers: UnitChange, draft: Draft) -> UnitChangeResult:
    assert answers.unit is not None and answers.day is not None
    changes, by, day = turn.services.unit_changes, member_of(turn), date.fromisoformat(answers.day)
    reason, unit = answers.reason or "", answers.unit
    if answers.action == "rename":
        return await changes.rename(by, unit, answers.name or "", day, reason, dialog=draft)
    if answers.action == "merge":
        into = parts.new_unit(answers)
        sources = parts.merged_codes(answers)
        return await changes.merge(by, sources, into, day, reason, dialog=draft)
    if answers.action == "split":
        targets = parts.split_targets(answers)
        placed = {int(member): code for member, code in answers.placed.items()}
        return await changes.split(by, unit, targets, placed, day, reason, dialog=draft)
    return await changes.close(by, unit, day, reason, dialog=draft)


async def _finish(turn: Turn, answers: UnitChange, draft: Draft) -> Reply:
    try:
        done = await _record(turn, answers, draft)
    except errors.SplitUnassigned:
        raise  # the router answers it and the draft stays: /quaylai leads back to the placing
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    if done.kind not in ("merge", "split"):
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


#: The steps of the dialog before split and merge into a new unit, by their stored numbers.
_OLD_STEPS = (
    UnitStep.ACTION,
    UnitStep.UNIT,
    UnitStep.NAME,
    UnitStep.INTO,
    UnitStep.DAY,
    UnitStep.REASON,
    UnitStep.CONFIRM,
)


def _upgrade(data: Mapping[str, Any], step: int) -> tuple[UnitChange, StrEnum] | None:
    """A draft stored before the split steps (it lacks their answers) resumes at the step it
    was at; its numbers mean other steps now."""
    if "targets" in data or not 0 <= step < len(_OLD_STEPS):
        return None
    return UNIT_CHANGE.load(data), _OLD_STEPS[step]


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
        Step(
            UnitStep.INTO,
            "org.unit.ask_into",
            InputKind.CHOICE,
            options=parts.into_options,
            after=parts.after_into,
            render=parts.render_into,
        ),
        Step(
            UnitStep.ALSO,
            "org.unit.merge.ask_also",
            InputKind.CHOICE,
            options=parts.also_options,
            after=parts.after_also,
        ),
        Step(
            UnitStep.TARGET,
            "",
            InputKind.CHOICE,
            options=parts.target_options,
            after=parts.after_target,
            render=parts.render_target,
        ),
        Step(
            UnitStep.NEW_CODE,
            "org.unit.new.ask_code",
            max_length=32,
            convert=parts.check_code,
            after=parts.after_code,
        ),
        Step(
            UnitStep.NEW_KIND,
            "org.unit.new.ask_kind",
            InputKind.CHOICE,
            options=parts.kind_options,
        ),
        Step(
            UnitStep.NEW_NAME, "org.unit.new.ask_name", max_length=200, after=parts.after_new_name
        ),
        Step(
            UnitStep.PLACE,
            "",
            InputKind.CHOICE,
            options=parts.place_options,
            after=parts.after_place,
            render=parts.render_place,
        ),
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
    upgrade=_upgrade,
    upgraded="org.unit.split.upgraded",
)


async def change_unit(turn: Turn) -> Reply:
    """Answer ``/donvi`` (the Office) by starting the dialog."""
    return await turn.dialogs.start(turn, turn.incoming, UNIT_CHANGE, UnitChange())
