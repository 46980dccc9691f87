"""Decoding Zalo OA webhook events (already verified) into what the channel acts on.

A person's message becomes an :class:`Incoming` on :attr:`Channel.ZALO_OA` whose chat is the
person's user id (the OA talks to followers one to one); ``follow``, ``unfollow`` and the read
receipts become :class:`Followed`, :class:`Unfollowed` and :class:`Receipt`. The OA's own
messages (``oa_*`` echoes) and events the bot does not use give ``None``.

Unverified (integrations only, no official text at hand): the attachment payloads of images
and files, and that the receipts name the person as ``recipient`` (the OA's message went to
them); the person is also taken from ``sender`` when ``recipient`` is absent.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from bot.ports import Channel, FileRef, Incoming

__all__ = ["Followed", "Receipt", "Unfollowed", "event_time", "to_event"]

#: The longest user or message id kept as it is (the database keeps 64 characters).
MAX_ID: Final = 64
PHOTO_NAME: Final = "anh.jpg"
PHOTO_MIME: Final = "image/jpeg"
#: Message events the bot cannot read, and what :attr:`Incoming.unsupported` says.
UNSUPPORTED: Final = {
    "user_send_sticker": "sticker",
    "user_send_audio": "voice",
}


@dataclass(frozen=True, slots=True)
class Followed:
    """The person followed the OA."""

    user_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Unfollowed:
    """The person stopped following the OA."""

    user_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Receipt:
    """The OA's messages ``msg_ids`` reached the person (``seen``: were read)."""

    user_id: str
    msg_ids: tuple[str, ...]
    seen: bool
    at: datetime


Event = Incoming | Followed | Unfollowed | Receipt


def event_time(event: Mapping[str, Any]) -> datetime | None:
    """The event's ``timestamp`` (milliseconds, a string on the wire) as a UTC moment."""
    raw = event.get("timestamp")
    try:
        millis = int(str(raw))
    except ValueError:
        return None
    try:
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = _text(value)
    return text if 0 < len(text) <= MAX_ID else ""


def _party(event: Mapping[str, Any], key: str) -> str:
    party = event.get(key)
    return _id(party.get("id")) if isinstance(party, Mapping) else ""


def to_event(event: Mapping[str, Any]) -> Event | None:  # noqa: PLR0911 - one per kind
    """Decode one verified event; ``None`` for what the bot ignores or cannot read."""
    name, at = _text(event.get("event_name")), event_time(event)
    if at is None or name.startswith("oa_"):
        return None
    if name in ("follow", "unfollow"):
        user = _party(event, "follower")
        if not user:
            return None
        return Followed(user, at) if name == "follow" else Unfollowed(user, at)
    message = event.get("message")
    if not isinstance(message, Mapping):
        return None
    if name in ("user_received_message", "user_seen_message"):
        user = _party(event, "recipient") or _party(event, "sender")
        ids = message.get("msg_ids")
        if not user or not isinstance(ids, list):
            return None
        msg_ids = tuple(i for i in (_id(x) for x in ids[:100]) if i)
        return Receipt(user, msg_ids, seen=name == "user_seen_message", at=at)
    if name.startswith("user_send_"):
        return _incoming(name, _party(event, "sender"), message)
    return None


def _incoming(name: str, user: str, message: Mapping[str, Any]) -> Incoming | None:
    if not user:
        return None
    msg_id = _text(message.get("msg_id"))
    if len(msg_id) > MAX_ID:
        msg_id = hashlib.sha256(msg_id.encode()).hexdigest()
    return Incoming(
        channel=Channel.ZALO_OA,
        chat_id=user,
        user_id=user,
        update_key=msg_id or None,
        **_content(name, message),
    )


def _content(name: str, message: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :class:`Incoming` that carry what was sent."""
    if name == "user_send_text":
        return {"text": _text(message.get("text"))}
    if name not in ("user_send_image", "user_send_file"):
        return {"unsupported": UNSUPPORTED.get(name, "other")}
    attachments = message.get("attachments")
    first = attachments[0] if isinstance(attachments, list) and attachments else None
    payload = first.get("payload") if isinstance(first, Mapping) else None
    url = _text(payload.get("url")) if isinstance(payload, Mapping) else ""
    if not url or not isinstance(payload, Mapping):
        return {"unsupported": "other"}
    if name == "user_send_image":
        photo = FileRef(file_id=url, name=PHOTO_NAME, mime_type=PHOTO_MIME, size=0)
        return {"file": photo, "text": _text(message.get("text")) or None}
    file_name = _text(payload.get("name"))[:200] or "tep"
    mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    try:
        size = max(0, int(str(payload.get("size") or 0)))
    except ValueError:
        size = 0
    return {"file": FileRef(file_id=url, name=file_name, mime_type=mime, size=size)}
