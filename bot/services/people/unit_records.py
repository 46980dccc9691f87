"""The parts of a unit change: the units it names, its record and audit entry, its result."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.config_organisation import UNIT_CODE_PATTERN
from bot.dialog_spec import Draft
from bot.services.common import MemberView, audit
from bot.services.conversation import drafts
from bot.services.people.carry import Carried
from bot.services.people.change_common import actor_of
from models import Unit, UnitChange, UnitChangeKind

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A unit a merge or a split makes, or an existing one it uses (then name and kind are
    ignored)."""

    code: str
    name: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class UnitChangeResult:
    """What a change did: its number, the units it touched, the members moved, the open items
    carried and those kept by the old unit."""

    id: int
    kind: UnitChangeKind
    effective_on: date
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    members_moved: int
    items: Carried


async def target_unit(
    session: AsyncSession,
    wanted: NewUnit,
    effective: date,
    *,
    kinds: frozenset[str],
    now: datetime,
) -> Unit:
    """The existing open unit ``wanted`` names, or the new unit it describes, opened on
    ``effective``.

    Raises:
        UnitClosed: The unit exists but is closed.
        UnitChangeInvalid: A new unit without a valid code, a name or a configured kind.
    """
    existing = await session.scalar(select(Unit).where(Unit.code == wanted.code))
    if existing is not None:
        if not existing.active:
            raise errors.UnitClosed(code=wanted.code)
        return existing
    name = wanted.name.strip()
    valid_code = re.fullmatch(UNIT_CODE_PATTERN, wanted.code) is not None
    if not valid_code or not name or len(name) > MAX_NAME or wanted.kind not in kinds:
        raise errors.UnitChangeInvalid
    unit = Unit(
        code=wanted.code,
        name=name,
        kind=wanted.kind,
        district="",
        active=True,
        opened_on=effective,
        created_at=now,
    )
    session.add(unit)
    await session.flush()
    return unit


async def record_change(
    session: AsyncSession,
    by: MemberView | None,
    kind: UnitChangeKind,
    effective: date,
    *,
    sources: Sequence[Unit],
    targets: Sequence[Unit],
    reason: str,
    dialog: Draft | None,
    old_name: str = "",
    new_name: str = "",
    now: datetime,
) -> UnitChange:
    """Write the change, its audit entry, and close the chat dialog that asked for it."""
    actor = actor_of(by)
    change = UnitChange(
        kind=kind,
        effective_on=effective,
        sources=[u.id for u in sources],
        targets=[u.id for u in targets],
        old_name=old_name,
        new_name=new_name,
        reason=reason.strip(),
        actor_id=actor.member_id,
        created_at=now,
    )
    session.add(change)
    await session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action=f"unit.{kind.value}",
        entity="unit_change",
        entity_id=change.id,
        before={"units": [u.code for u in sources], "name": old_name or None},
        after={
            "units": [u.code for u in targets],
            "name": new_name or None,
            "effective_on": effective.isoformat(),
            "reason": change.reason,
        },
    )
    await drafts.close(session, dialog, "org.again.unit", at=now, number=change.id)
    return change


async def open_unit(session: AsyncSession, code: str) -> Unit:
    """The open unit with ``code``.

    Raises:
        UnknownUnit: No unit has the code.
        UnitClosed: The unit was merged, split or closed.
    """
    unit = await session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise errors.UnknownUnit(code=code)
    if not unit.active:
        raise errors.UnitClosed(code=code)
    return unit


def close_unit(unit: Unit, effective: date) -> None:
    """Close a unit from ``effective`` (it stays, with its history)."""
    unit.active = False
    unit.closed_on = effective


def result_of(
    change: UnitChange, sources: list[str], targets: list[str], moved: int, items: Carried
) -> UnitChangeResult:
    """The frozen result of a recorded change."""
    return UnitChangeResult(
        change.id,
        UnitChangeKind(change.kind),
        change.effective_on,
        tuple(sources),
        tuple(targets),
        moved,
        items,
    )
