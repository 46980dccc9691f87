"""Values of the broadcast capability and the pieces its service is built from: rendering the
message as recipients see it and building the delivery rows (counting them:
:mod:`bot.services.broadcasts.delivery_counts`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel, Document, Reply
from bot.services.broadcasts.audiences import Audience, AudienceKind, Reach, Recipient
from bot.services.broadcasts.delivery_counts import DeliveryCounts
from bot.services.common import MemberView
from bot.services.delivery import encode_reply, file_note
from bot.texts import Texts
from models import Broadcast, BroadcastState, Delivery, DeliveryStatus

#: Words a sender may write in braces to have each recipient's own value filled in.
PLACEHOLDERS = ("ho_ten", "don_vi", "ky_bao_cao", "han_nop")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
#: The placeholders only some audiences fill: the report's period and deadline are known for
#: the heads of units that have not sent, and for no one else.
AUDIENCE_PLACEHOLDERS: dict[AudienceKind, frozenset[str]] = {
    AudienceKind.REPORT_MISSING: frozenset({"ky_bao_cao", "han_nop"}),
}
#: A word in braces: a placeholder, or one the sender meant as such (``{nguoi_gui}``).
_BRACED = re.compile(r"\{\s*[^\W\d_]\w*\s*\}")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a broadcast (its bytes stay on the sender's channel)."""

    channel: str
    file_id: str
    name: str
    mime_type: str
    size: int


@dataclass(frozen=True, slots=True)
class BroadcastDraft:
    """What the sender composed.

    Attributes:
        text: The message as typed (plain text; ``{ho_ten}`` and friends are filled in).
        audience: Who it is for.
        urgent: Urgent messages ignore quiet hours, weekends and holidays.
        send_at: When to send; ``None`` means now.
        attachment: A file sent after the text.
    """

    text: str
    audience: Audience
    urgent: bool = False
    send_at: datetime | None = None
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class BroadcastPreview:
    """What the sender sees before confirming.

    Attributes:
        message: The message exactly as a recipient sees it (filled in for the sender).
        recipients: How many people the audience means now.
        blocked: Of them, how many blocked the bot (they will not receive it).
        unreachable: Of them, how many never started the bot.
        starts_at: When sending will start (after quiet hours and days off if not urgent).
        postponed: Whether the calendar moved the start.
    """

    message: str
    recipients: int
    blocked: int
    unreachable: int
    starts_at: datetime
    postponed: bool


@dataclass(frozen=True, slots=True)
class BroadcastView:
    """A broadcast as shown in lists."""

    id: int
    state: str
    urgent: bool
    starts_at: datetime
    preview: str
    counts: DeliveryCounts
    from_reminder: bool


@dataclass(frozen=True, slots=True)
class StatusNote:
    """A status message to send or edit for a broadcast's sender.

    Attributes:
        message_id: The status message to edit; ``None`` to send a new one.
        final: Sending finished; this is the delivery report.
    """

    broadcast_id: int
    channel: Channel
    chat_id: str
    message_id: str | None
    counts: DeliveryCounts
    final: bool


def fill(text: str, values: Mapping[str, str]) -> str:
    """Fill the known placeholders; other braces stay as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str) -> tuple[str, ...]:
    """The words in braces that are no placeholder, as typed and once each: they would
    reach every recipient unfilled."""
    known = {f"{{{name}}}" for name in PLACEHOLDERS}
    found = (m.group(0) for m in _BRACED.finditer(text))
    return tuple(dict.fromkeys(word for word in found if word not in known))


def unfilled_placeholders(text: str, audience: AudienceKind) -> tuple[str, ...]:
    """The placeholders of ``text`` that ``audience`` leaves unfilled: every recipient would
    read them in braces."""
    filled = {"ho_ten", "don_vi"} | AUDIENCE_PLACEHOLDERS.get(audience, frozenset())
    used = (m.group(1) for m in _PLACEHOLDER.finditer(text))
    return tuple(dict.fromkeys(f"{{{name}}}" for name in used if name not in filled))


def render(texts: Texts, broadcast: Broadcast, values: Mapping[str, str], sender: str) -> str:
    """The message a recipient sees."""
    body = fill(broadcast.text, values)
    if broadcast.reminder_id is not None:
        return texts.t("reminder.message", text=body)
    key = "broadcast.message_urgent" if broadcast.urgent else "broadcast.message"
    return texts.t(key, text=body, sender=sender)


def recipient_reply(
    texts: Texts, broadcast: Broadcast, recipient: Recipient, sender: str
) -> Reply:
    """The reply queued for one recipient (the file only on the channel it came from)."""
    text = render(texts, broadcast, recipient.context, sender)
    file = broadcast.attachment
    if not file:
        return Reply(text)
    if recipient.channel is not None and recipient.channel.value == file["channel"]:
        return Reply(text, document=Document(str(file["name"]), file_id=str(file["file_id"])))
    return Reply(text + file_note(texts, str(file["name"]), _channel(str(file["channel"]))))


def _channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        return Channel.TELEGRAM


_STATUS_OF_REACH = {
    Reach.OK: DeliveryStatus.PENDING,
    Reach.BLOCKED: DeliveryStatus.BLOCKED,
    Reach.UNREACHABLE: DeliveryStatus.UNREACHABLE,
}


async def insert_deliveries(
    session: AsyncSession,
    texts: Texts,
    broadcast: Broadcast,
    recipients: Sequence[Recipient],
    *,
    sender: str,
    now: datetime,
) -> None:
    """Write one delivery per recipient; those who cannot receive it are settled at once."""
    rows: list[dict[str, Any]] = [
        {
            "channel": (r.channel or Channel.TELEGRAM).value,
            "chat_id": r.chat_id or "",
            "member_id": r.member_id,
            "is_group": False,
            "broadcast_id": broadcast.id,
            "quiet": not broadcast.urgent,
            "payload": encode_reply(recipient_reply(texts, broadcast, r, sender)),
            "status": _STATUS_OF_REACH[r.reach],
            "attempts": 0,
            "not_before": now,
            "last_error": "" if r.reach is Reach.OK else "not sent: " + r.reach.value,
            "created_at": now,
        }
        for r in recipients
    ]
    for start in range(0, len(rows), 1000):
        await session.execute(insert(Delivery), rows[start : start + 1000])


def audience_of(broadcast: Broadcast) -> Audience:
    """The broadcast's stored audience."""
    return Audience.from_json(broadcast.audience)


def new_row(
    draft: BroadcastDraft, actor: MemberView, send_at: datetime, starts_at: datetime
) -> Broadcast:
    """The row of a broadcast the sender composed (not yet added to a session)."""
    file = draft.attachment
    return Broadcast(
        sender_id=actor.id,
        text=draft.text,
        attachment=None
        if file is None
        else {
            "channel": file.channel,
            "file_id": file.file_id,
            "name": file.name,
            "mime": file.mime_type,
            "size": file.size,
        },
        audience=draft.audience.to_json(),
        urgent=draft.urgent,
        state=BroadcastState.SCHEDULED,
        send_at=send_at,
        starts_at=starts_at,
        total=0,
        progress_text="",
    )


def view_of(row: Broadcast, counts: DeliveryCounts) -> BroadcastView:
    """A broadcast as shown in lists."""
    return BroadcastView(
        id=row.id,
        state=row.state,
        urgent=row.urgent,
        starts_at=row.starts_at,
        preview=row.text[:80],
        counts=counts,
        from_reminder=row.reminder_id is not None,
    )
