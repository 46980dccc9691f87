"""The parts of ``/donvi`` that name units a change makes: a new unit (its code, kind and name)
as a merge's target or a split's, the split's targets, and the placing of each of the split
unit's working members in one of them (DESIGN §3.11; the service checks it all again)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.config_organisation import UNIT_CODE_PATTERN
from bot.dialog_inputs import InvalidInput, Option
from bot.dialog_spec import Then
from bot.services.people import NewUnit, RosterEntry
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import member_of
from handlers.people.unit_answers import UnitChange, UnitStep

NEW = "new"
MORE = "more"
DONE = "done"
RESET = "reset"
UNDO = "undo"
NEXT = "next"


async def open_units(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """Every open unit but the one changed."""
    units = await turn.services.units.list_active()
    return [Option(u.code, u.name) for u in units if u.code != answers.unit]


def _added(answers: UnitChange) -> list[tuple[str, str]]:
    # A unit chosen first after going back may be among those added before.
    return [(code, name) for code, name in answers.merged if code != answers.unit]


def merged_codes(answers: UnitChange) -> list[str]:
    """The units a merge closes: the one chosen first, then those added."""
    return [answers.unit or "", *(code for code, _name in _added(answers))]


def merged_names(answers: UnitChange) -> str:
    """The names of the units a merge closes (the unit's alone for other changes)."""
    # Unit names may hold commas ("Phòng Bưu chính, Viễn thông").
    return "; ".join([answers.unit_name or "", *(name for _code, name in _added(answers))])


async def into_options(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """A merge's target (an open unit not merged, or a new one), or one more unit to merge."""
    sources = merged_codes(answers)
    units = [o for o in await open_units(turn, answers) if o.value not in sources]
    # The new unit first: the open units may fill several pages.
    return [
        Option(NEW, turn.t("org.unit.new.option")),
        Option(MORE, turn.t("org.unit.merge.more")),
        *units,
    ]


async def render_into(turn: Turn, answers: UnitChange) -> str:
    if not answers.merged:
        return turn.t("org.unit.ask_into", unit_name=answers.unit_name or "")
    return turn.t("org.unit.merge.ask_into", units=merged_names(answers))


async def after_into(_turn: Turn, _answers: UnitChange, value: Any) -> Then[UnitChange]:
    following = {NEW: UnitStep.NEW_CODE, MORE: UnitStep.ALSO}
    return Then(following.get(str(value), UnitStep.DAY))


async def also_options(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """One more unit to merge: an open unit not merged yet."""
    sources = merged_codes(answers)
    return [o for o in await open_units(turn, answers) if o.value not in sources]


async def after_also(turn: Turn, answers: UnitChange, value: Any) -> Then[UnitChange]:
    names = {o.value: o.label for o in await also_options(turn, answers)}
    merged = (*answers.merged, (str(value), names[str(value)]))
    return Then(UnitStep.INTO, answers.but(merged=merged))


async def target_options(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """A split's next target: an open unit not chosen yet, a new one, or enough chosen."""
    chosen = {code for code, _name, _kind in answers.targets}
    # Enough and new first: the open units may fill several pages.
    found = (
        [Option(DONE, turn.t("org.unit.split.done_targets"))] if len(answers.targets) >= 2 else []
    )
    found.append(Option(NEW, turn.t("org.unit.new.option")))
    return found + [o for o in await open_units(turn, answers) if o.value not in chosen]


async def render_target(turn: Turn, answers: UnitChange) -> str:
    chosen = "; ".join(name for _code, name, _kind in answers.targets) or "—"
    return turn.t("org.unit.split.ask_target", unit=answers.unit_name or "", chosen=chosen)


async def after_target(turn: Turn, answers: UnitChange, value: Any) -> Then[UnitChange]:
    if value == NEW:
        return Then(UnitStep.NEW_CODE)
    if value == DONE:
        return Then(UnitStep.PLACE if await members(turn, answers) else UnitStep.DAY)
    names = {o.value: o.label for o in await open_units(turn, answers)}
    targets = (*answers.targets, (str(value), names[str(value)], ""))
    return Then(UnitStep.TARGET, answers.but(targets=targets))


async def check_code(turn: Turn, value: Any) -> str:
    """A new unit's code: as the configuration's, and used by no unit, open or closed."""
    code = str(value).strip()
    if re.fullmatch(UNIT_CODE_PATTERN, code) is None:
        raise InvalidInput("org.unit.new.bad_code")
    if await turn.services.units.taken(code):
        raise InvalidInput("org.unit.new.taken", code=code)
    return code


async def after_code(_turn: Turn, answers: UnitChange, value: Any) -> Then[UnitChange]:
    if any(code == value for code, _name, _kind in answers.targets):
        raise InvalidInput("org.unit.new.taken", code=str(value))
    return Then(UnitStep.NEW_KIND)


async def kind_options(turn: Turn, _answers: UnitChange) -> Sequence[Option]:
    return [Option(kind.code, kind.name) for kind in turn.settings.unit_kinds]


async def after_new_name(_turn: Turn, answers: UnitChange, value: Any) -> Then[UnitChange]:
    code, kind = answers.new_code or "", answers.new_kind or ""
    if answers.action == "merge":
        return Then(UnitStep.DAY, answers.but(into=code, into_name=str(value)))
    targets = (*answers.targets, (code, str(value), kind))
    # Forgotten so that a second new unit is not offered this one's answers as current.
    cleared = answers.but(targets=targets, new_code=None, new_kind=None, new_name=None)
    return Then(UnitStep.TARGET, cleared)


def new_unit(answers: UnitChange) -> NewUnit:
    """A merge's target as the service takes it."""
    if answers.into is not None and answers.into == answers.new_code:
        return NewUnit(answers.into, answers.new_name or "", answers.new_kind or "")
    return NewUnit(answers.into or "")


def split_targets(answers: UnitChange) -> list[NewUnit]:
    return [NewUnit(code, name, kind) for code, name, kind in answers.targets]


async def members(turn: Turn, answers: UnitChange) -> tuple[RosterEntry, ...]:
    """The working members of the unit split (the Office sees every unit)."""
    return await turn.services.roster.roster(member_of(turn), answers.unit)


async def _waiting(turn: Turn, answers: UnitChange) -> tuple[list[RosterEntry], int]:
    found = await members(turn, answers)
    return [m for m in found if str(m.id) not in answers.placed], len(found)


async def place_options(turn: Turn, answers: UnitChange) -> Sequence[Option]:
    """Where the next member goes, all the rest at once, or start placing again."""
    waiting, _total = await _waiting(turn, answers)
    found: list[Option] = []
    if waiting:
        first = waiting[0]
        for code, name, _kind in answers.targets:
            found.append(Option(f"one.{first.id}.{code}", f"➡️ {name}"))
        for code, name, _kind in answers.targets:
            label = turn.t("org.unit.split.all_rest", count=len(waiting), unit=name)
            found.append(Option(f"all.{code}", label))
    else:
        found.append(Option(NEXT, turn.t("org.unit.split.go_on")))
    if answers.placed:
        found.append(Option(UNDO, turn.t("org.unit.split.undo")))
        found.append(Option(RESET, turn.t("org.unit.split.reset")))
    return found


async def render_place(turn: Turn, answers: UnitChange) -> str:
    waiting, total = await _waiting(turn, answers)
    counts = placement(turn, answers)
    if not waiting:
        return turn.t("org.unit.split.all_placed", counts=Safe(counts))
    return turn.t(
        "org.unit.split.ask_place",
        unit=answers.unit_name or "",
        done=total - len(waiting),
        total=total,
        member=waiting[0].full_name,
        counts=Safe(counts),
    )


async def after_place(turn: Turn, answers: UnitChange, value: Any) -> Then[UnitChange]:
    choice = str(value)
    if choice == NEXT:
        return Then(UnitStep.DAY)
    if choice == RESET:
        return Then(UnitStep.PLACE, answers.but(placed={}))
    if choice == UNDO:
        # The placements keep their order (JSON objects do), so the last is the latest.
        return Then(UnitStep.PLACE, answers.but(placed=dict(list(answers.placed.items())[:-1])))
    placed = dict(answers.placed)
    if choice.startswith("one."):
        _one, member, code = choice.split(".", 2)
        placed[member] = code
    else:
        waiting, _total = await _waiting(turn, answers)
        placed |= {str(m.id): choice.removeprefix("all.") for m in waiting}
    done = answers.but(placed=placed)
    left, _total = await _waiting(turn, done)
    return Then(UnitStep.PLACE if left else UnitStep.DAY, done)


def placement(turn: Turn, answers: UnitChange) -> str:
    """How many members go to each target, one line each (a new unit marked as such)."""
    lines = []
    for code, name, kind in answers.targets:
        count = sum(1 for target in answers.placed.values() if target == code)
        key = "org.unit.split.line_new" if kind else "org.unit.split.line"
        lines.append(turn.t(key, unit=name, code=code, count=count))
    return "\n".join(lines)
