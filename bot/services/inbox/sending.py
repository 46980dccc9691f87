"""Queueing the inbox's notices: one message per member, to their one reachable account."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuAction
from bot.ports import Button, Channel, Outgoing, Reply
from bot.services.delivery import enqueue, reachable
from bot.texts import Texts


def with_inbox_button(texts: Texts, text: str) -> Reply:
    """``text`` with the button that opens ``/viecchoxuly``."""
    button = Button(texts.t("inbox.open_button"), MenuAction("viecchoxuly").pack())
    return Reply(text, buttons=((button,),))


async def tell(session: AsyncSession, replies: Mapping[int, Reply], now: datetime) -> int:
    """Queue each member's reply in the caller's transaction, held by the quiet hours and the
    calendar (one query finds every member's account); return how many members were reached."""
    if not replies:
        return 0
    accounts = await reachable(session, replies)
    for channel, chat_id, member_id in accounts:
        outgoing = Outgoing(Channel(channel), chat_id, replies[member_id])
        enqueue(session, [outgoing], now=now, member_id=member_id, quiet=True)
    return len(accounts)
