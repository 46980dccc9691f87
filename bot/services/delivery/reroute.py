"""When an account blocks the bot, or its channel may not send now: send the delivery to the
member's best other account.

A member linked on several channels who blocks the bot on one (or whose Zalo OA reply window
is closed) still gets the message on the next. Every step runs inside the caller's
transaction (``OutboxService.mark_blocked`` and ``OutboxService.hold``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel
from bot.services.common import audit
from bot.services.delivery.recipients import addresses
from bot.texts import Texts
from models import ChannelAccount, Delivery, DeliveryStatus

REROUTED = "delivery.rerouted"
#: Names of the channels as people know them (literal keys for the catalogue test).
_CHANNEL_NAMES = {
    Channel.TELEGRAM: "linking.channel.telegram",
    Channel.ZALO: "linking.channel.zalo",
    Channel.ZALO_OA: "linking.channel.zalo_oa",
    Channel.CONSOLE: "linking.channel.console",
}


async def block_accounts(
    session: AsyncSession, channel: Channel, chat_id: str, why: str, now: datetime
) -> None:
    """Mark the accounts of a chat blocked (until the person writes again) and audit it."""
    accounts = await session.scalars(
        update(ChannelAccount)
        .where(
            ChannelAccount.channel == channel,
            ChannelAccount.chat_id == chat_id,
            ChannelAccount.blocked.is_(False),
        )
        .values(blocked=True, blocked_at=now)
        .returning(ChannelAccount.id)
    )
    for account_id in accounts.all():
        audit.record(
            session,
            at=now,
            actor=audit.SYSTEM,
            action="account.blocked",
            entity="channel_account",
            entity_id=account_id,
            before={"blocked": False},
            after={"blocked": True, "reason": why[:200]},
        )


@dataclass(frozen=True, slots=True)
class Held:
    """A delivery its channel may not send now, and why (``outcome``: the report's reason)."""

    delivery_id: int
    why: str
    outcome: str = ""


async def reroute(
    session: AsyncSession,
    delivery_id: int,
    why: str,
    now: datetime,
    texts: Texts | None,
    *,
    outcome: str = "",
    excluding: Collection[Channel] = (),
) -> bool:
    """Send a member's delivery to their best account left (not on a channel ``excluding``);
    ``False`` when none is left (see :func:`reroute_many`)."""
    moved = await reroute_many(
        session, [Held(delivery_id, why, outcome)], now, texts, excluding=excluding
    )
    return delivery_id in moved


async def reroute_many(
    session: AsyncSession,
    held: Sequence[Held],
    now: datetime,
    texts: Texts | None,
    *,
    excluding: Collection[Channel] = (),
) -> set[int]:
    """Send each member's delivery to their best account left (not on a channel
    ``excluding``); return the ids of those that moved (the others have no account left).

    A moved delivery goes back to the queue at once, addressed to the other account, with a
    file of the first channel replaced by a note (a file id means nothing on another
    channel); its ``outcome`` (why the first channel did not take it) stays on it. One read of
    the deliveries and one of the members' accounts for the whole batch.
    """
    wanted = {item.delivery_id: item for item in held}
    rows = (
        await session.execute(
            select(
                Delivery.id,
                Delivery.member_id,
                Delivery.channel,
                Delivery.chat_id,
                Delivery.payload,
                Delivery.rerouted_from,
            ).where(Delivery.id.in_(list(wanted)))
        )
    ).all()
    members = [row.member_id for row in rows if row.member_id is not None]
    found = await addresses(session, members, excluding=excluding) if members else {}
    changes: list[dict[str, Any]] = []
    for row in rows:
        target = found.get(row.member_id) if row.member_id is not None else None
        if target is None or target.blocked:
            continue
        if (target.channel.value, target.chat_id) == (row.channel, row.chat_id):
            continue
        item, first = wanted[row.id], row.rerouted_from or row.channel
        changes.append(
            {
                "id": row.id,
                "channel": target.channel.value,
                "chat_id": target.chat_id,
                "payload": _portable(row.payload, texts, Channel(row.channel)),
                "status": DeliveryStatus.PENDING,
                "not_before": now,
                "claimed_until": None,
                "attempts": 0,
                "last_error": item.why[:500],
                "outcome": item.outcome,
                # Back on the first channel (another one blocked meanwhile) is no reroute.
                "rerouted_from": "" if target.channel.value == first else first,
            }
        )
        audit.record(
            session,
            at=now,
            actor=audit.SYSTEM,
            action=REROUTED,
            entity="delivery",
            entity_id=row.id,
            before={"channel": row.channel},
            after={"channel": target.channel.value, "reason": item.why[:200]},
        )
    if changes:
        # An UPDATE by primary key for each row, sent as one batch.
        await session.execute(update(Delivery), changes)
    return {change["id"] for change in changes}


def _portable(payload: dict[str, Any], texts: Texts | None, first: Channel) -> dict[str, Any]:
    """The payload without what only the ``first`` channel understands."""
    moved = dict(payload)
    document = moved.pop("document", None)
    if document and texts is not None:
        moved["text"] = str(moved["text"]) + file_note(texts, str(document["name"]), first)
    if moved.get("photo"):
        moved["photo"] = {**moved["photo"], "file_id": ""}
    return moved


def channel_name(texts: Texts, channel: Channel) -> str:
    """The channel's name as people know it."""
    return texts.t(_CHANNEL_NAMES[channel])


def file_note(texts: Texts, name: str, channel: Channel) -> str:
    """The note that replaces a file which only exists on ``channel``."""
    return texts.t("broadcast.file_elsewhere", name=name, channel=channel_name(texts, channel))
