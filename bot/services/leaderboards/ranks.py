"""Ranking helpers of the boards: competition ranks, sort keys, the viewer's unranked row."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.leaderboards.records import MemberRow
from models import Member, Unit


async def unranked(session: AsyncSession, member_id: int, rank: int) -> MemberRow | None:
    """The viewer's row when they have no points: after everyone ranked."""
    found = (
        await session.execute(
            select(Member.full_name, Unit.name)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.id == member_id)
        )
    ).first()
    return None if found is None else MemberRow(rank, member_id, found[0], found[1], 0.0)


def best_first(key: tuple[bool, float]) -> tuple[bool, float]:
    """Sort key for "best first": True before False, higher before lower."""
    return (not key[0], -key[1])


def competition_ranks(keys: Sequence[object]) -> list[int]:
    """Competition ranks of keys already sorted best first: ties share (1, 1, 3)."""
    found: list[int] = []
    for index, key in enumerate(keys):
        found.append(found[-1] if index and key == keys[index - 1] else index + 1)
    return found
