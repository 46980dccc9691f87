"""The reply a delivery row carries, as JSON: what the outbox stores and sends again."""

from __future__ import annotations

import base64
from typing import Any

from bot.ports import Button, Document, Photo, Reply


def encode_reply(reply: Reply) -> dict[str, Any]:
    """Turn a reply into the JSON stored on a delivery row."""
    encoded: dict[str, Any] = {
        "text": reply.text,
        "buttons": [[[b.label, b.data] for b in row] for row in reply.buttons],
    }
    if reply.document is not None and reply.document.file_id:
        # Only files already on the channel: delivery rows do not carry file bytes.
        encoded["document"] = {"name": reply.document.name, "file_id": reply.document.file_id}
    if reply.photo is not None:
        # A chart is a few hundred kilobytes: kept on the row so a restart can still send it.
        encoded["photo"] = {
            "png": base64.b64encode(reply.photo.content).decode("ascii"),
            "caption": reply.photo.caption,
            "file_id": reply.photo.file_id,
        }
    return encoded


def decode_reply(payload: dict[str, Any]) -> Reply:
    """Rebuild the reply stored on a delivery row."""
    rows = tuple(
        tuple(Button(str(label), str(data)) for label, data in row)
        for row in payload.get("buttons", [])
    )
    file = payload.get("document")
    document = None if not file else Document(str(file["name"]), file_id=str(file["file_id"]))
    image = payload.get("photo")
    photo = (
        None
        if not image
        else Photo(
            base64.b64decode(str(image["png"])), str(image["caption"]), str(image["file_id"])
        )
    )
    return Reply(str(payload["text"]), buttons=rows, document=document, photo=photo)
