"""A sending broadcast's progress: finishing it when nothing is left to send, and the status
message its sender's chat should show (only when something changed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel
from bot.services.broadcasts.delivery_counts import count_deliveries
from bot.services.broadcasts.records import StatusNote
from models import Broadcast, BroadcastState


async def look_at(
    session: AsyncSession, broadcast_id: int, now: datetime, every: timedelta
) -> StatusNote | None:
    """Look at a sending broadcast at most once per ``every`` (the guarded UPDATE wins for one
    process); finish it when done, and return the status note to send, if any."""
    row = await session.scalar(
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.state == BroadcastState.SENDING,
            or_(
                Broadcast.progress_at.is_(None),
                Broadcast.progress_at <= now - every,
            ),
        )
        .values(progress_at=now)
        .returning(Broadcast)
    )
    if row is None:
        return None
    counts = await count_deliveries(session, row.id, row.total)
    if counts.done:
        row.state, row.finished_at = BroadcastState.DONE, now
    fingerprint = f"{counts.settled}/{counts.problems}/{counts.waiting}/{counts.done}"
    unchanged = fingerprint == row.progress_text and row.status_message_id is not None
    row.progress_text = fingerprint
    if row.status_chat_id is None or row.status_channel is None or unchanged:
        return None
    return StatusNote(
        row.id,
        Channel(row.status_channel),
        row.status_chat_id,
        row.status_message_id,
        counts,
        final=counts.done,
    )
