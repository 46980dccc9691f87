"""Zalo Official Account webhook events, as the OA platform posts them, and their signature.

Shapes follow the Zalo developers documentation as quoted in platforms.md §D and public
integrations (the ``user_send_text`` body is verbatim there). Unverified, from integrations
only: the image and file attachment payloads, the ``follow``/``unfollow`` ``follower`` object,
and that ``user_received_message`` / ``user_seen_message`` come with the OA as ``sender``, the
person as ``recipient`` and the ids in ``message.msg_ids``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any, Final

JsonDict = dict[str, Any]

APP_ID: Final = "2553928453557884079"
OA_ID: Final = "579745863508352884"
OA_SECRET_KEY: Final = "FAKE-oa-secret-KEY-f1e2d3"
SIGNATURE_HEADER: Final = "X-ZEvent-Signature"


def signature(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    """The header value Zalo sends: ``mac=`` sha256(app_id + body + timestamp + secret)."""
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret_key.encode())
    return f"mac={digest.hexdigest()}"


def encode(event: JsonDict) -> bytes:
    """The raw body the platform posts (compact JSON, UTF-8)."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


class EventBuilder:
    """Builds the events of one OA; ``stamp()`` gives each its millisecond timestamp."""

    def __init__(self, app_id: str = APP_ID, oa_id: str = OA_ID) -> None:
        self.app_id = app_id
        self.oa_id = oa_id
        self._ids = itertools.count(1)

    def msg_id(self) -> str:
        """A fresh message id (32 hex characters, as Zalo's)."""
        return f"{next(self._ids):032x}"

    def _base(self, event: str, timestamp_ms: int) -> JsonDict:
        return {
            "app_id": self.app_id,
            "user_id_by_app": "979122185046046317",
            "event_name": event,
            "timestamp": str(timestamp_ms),
        }

    def _from_user(self, event: str, user: str, ts: int, message: JsonDict) -> JsonDict:
        return {
            **self._base(event, ts),
            "sender": {"id": user},
            "recipient": {"id": self.oa_id},
            "message": message,
        }

    def user_send_text(self, user: str, text: str, ts: int, msg_id: str | None = None) -> JsonDict:
        """A text the person sent to the OA."""
        message = {"text": text, "msg_id": msg_id or self.msg_id()}
        return self._from_user("user_send_text", user, ts, message)

    def user_send_image(self, user: str, url: str, ts: int, caption: str = "") -> JsonDict:
        """An image the person sent (Zalo hosts it at ``url``)."""
        payload = {"thumbnail": url, "url": url}
        message = {
            "text": caption,
            "msg_id": self.msg_id(),
            "attachments": [{"type": "image", "payload": payload}],
        }
        return self._from_user("user_send_image", user, ts, message)

    def user_send_file(self, user: str, url: str, name: str, size: int, ts: int) -> JsonDict:
        """A file the person sent (Zalo hosts it at ``url``)."""
        kind = name.rsplit(".", 1)[-1]
        payload = {"url": url, "size": str(size), "name": name, "checksum": "", "type": kind}
        message = {"msg_id": self.msg_id(), "attachments": [{"type": "file", "payload": payload}]}
        return self._from_user("user_send_file", user, ts, message)

    def follow(self, user: str, ts: int, *, event: str = "follow") -> JsonDict:
        """The person followed (or, ``event="unfollow"``, stopped following) the OA."""
        return {
            **self._base(event, ts),
            "oa_id": self.oa_id,
            "follower": {"id": user},
            "source": "oa_profile",
        }

    def oa_send_text(self, user: str, text: str, ts: int) -> JsonDict:
        """The echo of a text the OA sent (from the bot or an agent in the OA manager)."""
        return {
            **self._base("oa_send_text", ts),
            "sender": {"id": self.oa_id},
            "recipient": {"id": user},
            "message": {"text": text, "msg_id": self.msg_id()},
        }

    def receipt(self, user: str, msg_ids: list[str], ts: int, *, seen: bool) -> JsonDict:
        """``user_seen_message`` (``seen``) or ``user_received_message`` for OA messages."""
        event = "user_seen_message" if seen else "user_received_message"
        return {
            **self._base(event, ts),
            "sender": {"id": self.oa_id},
            "recipient": {"id": user},
            "message": {"msg_ids": list(msg_ids)},
        }
