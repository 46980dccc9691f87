"""How many items of a workflow are in each state, from one grouped query, scoped as the chat
scopes the item lists: reviewers count every unit, a unit head their own unit only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from bot import errors
from bot.roles import REVIEWERS, Role
from bot.services.common.views import MemberView


@dataclass(frozen=True, slots=True)
class StateCounts:
    """Items per state, every state of the workflow in its order (zero included).

    Attributes:
        counts: ``(state, count)`` pairs.
        unit_id: The unit counted, or ``None`` when every unit is.
    """

    counts: tuple[tuple[str, int], ...]
    unit_id: int | None = None

    def of(self, state: str) -> int:
        """How many items are in ``state``."""
        return next((count for name, count in self.counts if name == state), 0)

    @property
    def total(self) -> int:
        """How many items there are in all."""
        return sum(count for _, count in self.counts)


def counted_unit(viewer: MemberView) -> int | None:
    """The unit a viewer's counts cover: ``None`` (all) for reviewers, a head's own unit.

    Raises:
        NotAllowed: Any other role (a staff member has no queue to count).
    """
    if viewer.role in REVIEWERS:
        return None
    if viewer.role is Role.UNIT_HEAD:
        return viewer.unit.id
    raise errors.NotAllowed


async def count_states(
    sessions: async_sessionmaker[AsyncSession],
    viewer: MemberView,
    state: InstrumentedAttribute[str],
    unit: InstrumentedAttribute[int],
    order: Iterable[str],
) -> StateCounts:
    """Count the rows of ``state``'s table per state in one query (``unit`` scopes them).

    Raises:
        NotAllowed: The viewer is neither a reviewer nor a unit head.
    """
    unit_id = counted_unit(viewer)
    query = select(state, func.count()).group_by(state)
    if unit_id is not None:
        query = query.where(unit == unit_id)
    async with sessions.begin() as session:
        found = {str(name): int(count) for name, count in (await session.execute(query)).all()}
    return StateCounts(tuple((name, found.get(name, 0)) for name in order), unit_id)
