"""Telling the people concerned of a change, through the outbox.

The rows go out once the service's transaction commits and it wakes the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Button, Channel, Outgoing, Reply
from bot.services.delivery import enqueue, reachable
from bot.texts import Texts


async def tell(
    session: AsyncSession,
    members: Iterable[int | None],
    replies: Sequence[Reply],
    now: datetime,
) -> int:
    """Queue ``replies`` to the one account each member is reached on; return the rows added.

    The rows go out once the caller's transaction commits and it wakes the outbox.
    """
    wanted = sorted({m for m in members if m is not None})
    accounts = await reachable(session, wanted)
    return sum(
        enqueue(
            session, [Outgoing(Channel(ch), chat, r) for r in replies], now=now, member_id=member
        )
        for ch, chat, member in accounts
    )


def notice(texts: Texts, text: str, reason: str, button: Button | None = None) -> Reply:
    """A notice of a change: its text, then the reason when there is one, then a button."""
    if reason:
        text += "\n" + texts.t("workflow.notice.reason", reason=reason)
    return Reply(text, buttons=((button,),) if button else ())
