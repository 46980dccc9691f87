"""The refusals of ``/lienket`` and the checks behind them (code, account, guess limit)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import DomainError
from bot.ports import Channel
from bot.services.common import is_postgres
from models import AuditEntry, ChannelAccount, LinkCode

CODE_PATTERN = re.compile(r"[0-9]{6}")
#: The audit action of a wrong code; counted per account for the guess limit.
FAILED = "link.failed"
GUESS_ENTITY = "account"


class LinkCodeMalformed(DomainError):
    """The code is not six digits."""

    text_key = "linking.error.malformed"


class LinkCodeUnknown(DomainError):
    """No code like this was ever made."""

    text_key = "linking.error.unknown"


class LinkCodeExpired(DomainError):
    """The code is past its ten minutes (or a newer code replaced it)."""

    text_key = "linking.error.expired"


class LinkCodeUsed(DomainError):
    """The code has linked an account already."""

    text_key = "linking.error.used"


class LinkSameChannel(DomainError):
    """The code was typed on the channel it was made on."""

    text_key = "linking.error.same_channel"


class LinkTakenByOther(DomainError):
    """The account typing the code belongs to another member."""

    text_key = "linking.error.other_member"


class LinkAlreadyDone(DomainError):
    """The account typing the code already belongs to the code's member."""

    text_key = "linking.error.already_linked"


class LinkChannelTaken(DomainError):
    """The code's member already has another account on this channel."""

    text_key = "linking.error.channel_taken"


class LinkLocked(DomainError):
    """Too many wrong codes from this account lately."""

    text_key = "linking.error.locked"


class LinkNoAccount(DomainError):
    """The member has no account on the channel they chose to be told on."""

    text_key = "linking.error.no_account"


#: Refusals that count as a wrong guess toward the limit.
GUESSES = (LinkCodeUnknown, LinkCodeExpired, LinkCodeUsed)


def guess_key(channel: Channel, user_id: str) -> str:
    """The audit entity id of an account guessing codes."""
    return f"{channel.value}:{user_id}"[:64]


async def recent_failures(
    session: AsyncSession, channel: Channel, user_id: str, since: datetime
) -> int:
    """Count the account's wrong codes since ``since`` (kept in the audit log, so a restart
    does not reset the count)."""
    count = await session.scalar(
        select(func.count()).where(
            AuditEntry.action == FAILED,
            AuditEntry.entity == GUESS_ENTITY,
            AuditEntry.entity_id == guess_key(channel, user_id),
            AuditEntry.at > since,
        )
    )
    return int(count or 0)


async def redeemable(
    session: AsyncSession, text: str, channel: Channel, user_id: str, now: datetime
) -> LinkCode:
    """Return the code ``text`` if it can link the account ``user_id`` on ``channel``.

    An account that is a member's already learns nothing about other members' codes, and a
    stranger learns only whether the digits are a live code (at most a few guesses at a time).
    """
    if not CODE_PATTERN.fullmatch(text):
        raise LinkCodeMalformed
    owner = await session.scalar(
        select(ChannelAccount.member_id).where(
            ChannelAccount.channel == channel.value, ChannelAccount.external_id == user_id
        )
    )
    query = select(LinkCode).where(LinkCode.code == text).order_by(LinkCode.id.desc()).limit(1)
    if is_postgres(session):
        query = query.with_for_update()
    code = await session.scalar(query)
    if owner is not None:
        if code is None or code.member_id != owner:
            raise LinkTakenByOther
        raise LinkSameChannel if code.channel == channel.value else LinkAlreadyDone
    if code is None or code.channel == channel.value:
        raise LinkCodeUnknown
    if code.used_at is not None:
        raise LinkCodeUsed
    if code.expires_at <= now:
        raise LinkCodeExpired
    await _refuse_second_account(session, code.member_id, channel)
    return code


async def _refuse_second_account(session: AsyncSession, member_id: int, channel: Channel) -> None:
    other = await session.scalar(
        select(ChannelAccount.id).where(
            ChannelAccount.member_id == member_id, ChannelAccount.channel == channel.value
        )
    )
    if other is not None:
        raise LinkChannelTaken
