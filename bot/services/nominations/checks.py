"""The checks and the guarded state change behind :mod:`bot.services.nominations.service`: who the
nominee is, the movement of a thematic nomination, duplicates, and who may take a step (nobody
judges their own nomination)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import UNIT_HEADS, Role
from bot.services.common import MemberView, is_postgres
from bot.services.initiatives import fold
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import CLOSED, nomination_stake
from bot.services.workflow import Transition, require
from models import Member, Movement, Nomination, Unit

#: Which award ``applies_to`` values fit each kind of nominee.
FITS: dict[NomineeKind, frozenset[str]] = {
    NomineeKind.MEMBER: frozenset({"individual", "both"}),
    NomineeKind.PERSON: frozenset({"individual", "both"}),
    NomineeKind.COLLECTIVE: frozenset({"collective", "both"}),
}


@dataclass(frozen=True, slots=True)
class LiveNomination:
    """A nomination still pending or granted: the one a second of the same nominee for the
    same award in the same year would repeat."""

    code: str
    state: NominationState


def may_nominate(nominator: MemberView, unit_id: int) -> None:
    """Refuse a nominator who is neither a head of the unit nor of the Office (or an admin).

    Raises:
        NotAllowed: The nominator may not nominate for this unit.
    """
    if nominator.role not in UNIT_HEADS or (
        nominator.role is Role.UNIT_HEAD and unit_id != nominator.unit.id
    ):
        raise errors.NotAllowed


async def identify(
    session: AsyncSession, nominee: Nominee, unit: Unit, typed: str
) -> tuple[str, str]:
    """The nominee's name as shown, and the key that finds the same nominee again."""
    if nominee.kind is NomineeKind.MEMBER:
        member = await session.get(Member, nominee.member_id) if nominee.member_id else None
        if member is None or not member.active or member.unit_id != unit.id:
            raise errors.NomineeNotInUnit
        return member.full_name, f"m:{member.id}"
    if nominee.kind is NomineeKind.PERSON:
        return typed, f"p:{unit.id}:{fold(typed)}"[:240]
    return unit.name, f"u:{unit.id}"


async def movement_of(session: AsyncSession, draft: NominationDraft) -> int | None:
    """The movement of a thematic nomination (required); other tracks name none."""
    if draft.track is not Track.THEMATIC:
        return None
    found = await session.scalar(
        select(Movement.id).where(Movement.code == draft.movement, Movement.active.is_(True))
    )
    if found is None:
        raise errors.InvalidNomination
    return found


async def live_nomination(
    session: AsyncSession, year: int, award: str, key: str
) -> LiveNomination | None:
    """The live nomination of one nominee (``key``) for one award in one year, if any."""
    found = (
        await session.execute(
            select(Nomination.code, Nomination.state).where(
                Nomination.year == year,
                Nomination.award_code == award,
                Nomination.nominee_key == key,
                Nomination.state.not_in([s.value for s in CLOSED]),
            )
        )
    ).first()
    return None if found is None else LiveNomination(found[0], NominationState(found[1]))


async def refuse_duplicate(session: AsyncSession, year: int, award: str, key: str) -> None:
    """Refuse a second live nomination of one nominee for one award in one year."""
    if is_postgres(session):
        # Two unit heads submitting at once: the first to lock checks and inserts alone.
        await session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext(f"{year}{award}{key}")))
        )
    taken = await live_nomination(session, year, award, key)
    if taken is not None:
        raise errors.DuplicateNomination(code=taken.code)


def may_act(step: Transition[NominationState], actor: MemberView, item: Nomination) -> None:
    """Refuse a step the actor's role does not allow, or one judging their own nomination.

    Raises:
        NotAllowed: The role (or not being the nominator) does not allow the step.
        OwnNomination: The actor has a stake in the nomination.
    """
    stake = nomination_stake(
        actor.id,
        actor.unit.id,
        nominator_id=item.nominator_id,
        nominee_kind=NomineeKind(item.nominee_kind),
        nominee_member_id=item.nominee_member_id,
        unit_id=item.unit_id,
    )
    is_nominator = item.nominator_id == actor.id
    require(
        step, actor.role, is_author=is_nominator, has_stake=stake, own_item=errors.OwnNomination
    )
