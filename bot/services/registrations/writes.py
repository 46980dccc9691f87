"""Saving a unit's registration: its row moved to the next version under a guard, and its
targets replaced whole."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.services.registrations import queries
from models import RegisteredTarget, UnitRegistration


async def claim(
    session: AsyncSession, year: int, unit_id: int, expected: int, actor: int, now: datetime
) -> UnitRegistration:
    """The unit's registration moved on from version ``expected`` (0: a new one, at 1).

    Raises:
        RegistrationChanged: Someone saved the unit's registration since ``expected``.
    """
    row = await queries.unit_registration(session, year, unit_id)
    if row is None and expected == 0:
        row = UnitRegistration(
            year=year, unit_id=unit_id, version=1, registered_by=actor, registered_at=now
        )
        session.add(row)
        try:
            await session.flush()
        except IntegrityError:  # another head registered the unit meanwhile
            raise errors.RegistrationChanged from None
        return row
    if row is None:
        raise errors.RegistrationChanged
    moved = await session.execute(
        update(UnitRegistration)
        .where(UnitRegistration.id == row.id, UnitRegistration.version == expected)
        .values(version=expected + 1, registered_by=actor, registered_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise errors.RegistrationChanged
    await session.refresh(row)
    return row


async def replace(
    session: AsyncSession,
    row: UnitRegistration,
    collective: str | None,
    chosen: Mapping[int, tuple[str, ...]],
) -> None:
    """Replace the registration's targets: each member's titles, and the unit's own."""
    await session.execute(
        delete(RegisteredTarget).where(RegisteredTarget.registration_id == row.id)
    )
    targets: list[tuple[int | None, str]] = [(m, c) for m, codes in chosen.items() for c in codes]
    if collective is not None:
        targets.append((None, collective))
    if not targets:
        return
    await session.execute(
        insert(RegisteredTarget),
        [
            {
                "registration_id": row.id,
                "year": row.year,
                "unit_id": row.unit_id,
                "member_id": member,
                "award_code": code,
            }
            for member, code in targets
        ],
    )
