"""Decoding Zalo Bot API updates (getUpdates results and webhook bodies) into :class:`Incoming`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final

from bot.ports import Channel, ChatKind, FileRef, Incoming

__all__ = ["to_incoming", "unwrap"]

TEXT_EVENT: Final = "message.text.received"
IMAGE_EVENT: Final = "message.image.received"
#: Events the bot cannot read, and what :attr:`Incoming.unsupported` says about them.
UNSUPPORTED_EVENTS: Final = {
    "message.sticker.received": "sticker",
    "message.voice.received": "voice",
    "message.unsupported.received": "other",
}
PHOTO_NAME: Final = "anh.jpg"
PHOTO_MIME: Final = "image/jpeg"


def unwrap(body: object) -> dict[str, Any] | None:
    """Return the update in a webhook body or getUpdates answer, wrapped or flat.

    Zalo documents ``{"ok": true, "result": {...update...}}`` but has been seen posting the
    bare update; anything else (``ok`` false, no ``event_name``) gives ``None``.
    """
    if not isinstance(body, Mapping):
        return None
    if "result" in body:
        result = body.get("result")
        if body.get("ok") is not True or not isinstance(result, Mapping):
            return None
        body = result
    if not isinstance(body.get("event_name"), str):
        return None
    return dict(body)


#: The longest account, chat or message id kept as it is.
MAX_ID = 64


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _id(value: object) -> str:
    # Ids are strings on the wire; accept numbers too rather than drop the update.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _content(event: str, message: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :class:`Incoming` that carry what was sent."""
    if event == TEXT_EVENT:
        return {"text": _text(message.get("text"))}
    if event == IMAGE_EVENT:
        url = _text(message.get("photo_url")) or _text(message.get("photo"))
        if not url:
            return {"unsupported": "other"}
        photo = FileRef(file_id=url, name=PHOTO_NAME, mime_type=PHOTO_MIME, size=0)
        return {"file": photo, "text": _text(message.get("caption")) or None}
    return {"unsupported": UNSUPPORTED_EVENTS.get(event, "other")}


def to_incoming(update: Mapping[str, Any]) -> Incoming | None:
    """Decode one update; ``None`` for bots' messages and updates without a sender or chat."""
    message = update.get("message")
    if not isinstance(message, Mapping):
        return None
    sender, chat = message.get("from"), message.get("chat")
    if not isinstance(sender, Mapping) or not isinstance(chat, Mapping):
        return None
    if sender.get("is_bot") is True:
        return None
    user_id, chat_id = _id(sender.get("id")), _id(chat.get("id"))
    if not 0 < len(user_id) <= MAX_ID or not 0 < len(chat_id) <= MAX_ID:
        return None  # Zalo ids are about 20 characters; the database keeps up to 64
    message_id = _id(message.get("message_id"))
    if len(message_id) > MAX_ID:
        message_id = hashlib.sha256(message_id.encode()).hexdigest()
    return Incoming(
        channel=Channel.ZALO,
        chat_id=chat_id,
        user_id=user_id,
        update_key=message_id or None,
        display_name=_text(sender.get("display_name")),
        chat_kind=ChatKind.GROUP if chat.get("chat_type") == "GROUP" else ChatKind.PRIVATE,
        **_content(_text(update.get("event_name")), message),
    )
