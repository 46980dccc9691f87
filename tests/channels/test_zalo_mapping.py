"""Zalo updates (wrapped or flat) decode into channel-neutral :class:`Incoming` values."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.zalo.mapping import to_incoming, unwrap
from bot.ports import Channel, ChatKind, FileRef, Incoming
from tests.fakes.fake_zalo_api import FakeZaloApi

TEXT_UPDATE: dict[str, Any] = {
    "event_name": "message.text.received",
    "message": {
        "from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Ted", "is_bot": False},
        "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
        "text": "Xin chào",
        "message_id": "2d758cb5e222177a4e35",
        "date": 1750316131602,
    },
}


@pytest.fixture
def fake() -> FakeZaloApi:
    return FakeZaloApi()  # only its update builders; no server is started


def test_unwrap_accepts_the_wrapped_and_the_flat_shape() -> None:
    assert unwrap({"ok": True, "result": TEXT_UPDATE}) == TEXT_UPDATE
    assert unwrap(TEXT_UPDATE) == TEXT_UPDATE


@pytest.mark.parametrize(
    "body",
    [
        None,
        "text",
        [TEXT_UPDATE],
        {"ok": False, "result": TEXT_UPDATE},
        {"ok": True, "result": "x"},
        {"ok": False, "error_code": 408, "description": "Request timeout"},
        {"message": TEXT_UPDATE["message"]},
    ],
)
def test_unwrap_refuses_anything_else(body: object) -> None:
    assert unwrap(body) is None


def test_a_text_message() -> None:
    assert to_incoming(TEXT_UPDATE) == Incoming(
        channel=Channel.ZALO,
        chat_id="6ede9afa66b88fe6d6a9",
        user_id="6ede9afa66b88fe6d6a9",
        text="Xin chào",
        update_key="2d758cb5e222177a4e35",
        display_name="Ted",
        chat_kind=ChatKind.PRIVATE,
    )


def test_a_group_message_answers_in_the_group(fake: FakeZaloApi) -> None:
    incoming = to_incoming(fake.text_update("u1", "@Bot báo cáo", group="g1"))
    assert incoming is not None
    assert (incoming.chat_id, incoming.user_id, incoming.chat_kind) == ("g1", "u1", ChatKind.GROUP)


@pytest.mark.parametrize("field", ["photo_url", "photo"])
def test_an_image_with_either_url_field(fake: FakeZaloApi, field: str) -> None:
    update = fake.image_update("u1", "https://photo.zdn.vn/abc.jpg", "ai đây", field=field)
    incoming = to_incoming(update)
    assert incoming is not None
    assert incoming.file == FileRef("https://photo.zdn.vn/abc.jpg", "anh.jpg", "image/jpeg", 0)
    assert incoming.text == "ai đây"
    assert incoming.unsupported is None


def test_an_image_without_caption_has_no_text(fake: FakeZaloApi) -> None:
    incoming = to_incoming(fake.image_update("u1", "https://photo.zdn.vn/abc.jpg"))
    assert incoming is not None
    assert incoming.text is None
    assert incoming.file is not None


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("sticker", "sticker"), ("voice", "voice"), ("unsupported", "other")],
)
def test_content_the_bot_cannot_read(fake: FakeZaloApi, kind: str, expected: str) -> None:
    update = getattr(fake, f"{kind}_update")("u1")
    incoming = to_incoming(update)
    assert incoming is not None
    assert (incoming.unsupported, incoming.text, incoming.file) == (expected, None, None)
    assert incoming.update_key == update["message"]["message_id"]


def test_an_unknown_event_is_other() -> None:
    update = {**TEXT_UPDATE, "event_name": "message.link.received"}
    incoming = to_incoming(update)
    assert incoming is not None
    assert incoming.unsupported == "other"


def test_unsupported_without_message_is_ignored(fake: FakeZaloApi) -> None:
    assert to_incoming(fake.unsupported_update()) is None


def test_bots_and_incomplete_messages_are_ignored() -> None:
    message = TEXT_UPDATE["message"]
    bot = {**message, "from": {**message["from"], "is_bot": True}}
    assert to_incoming({**TEXT_UPDATE, "message": bot}) is None
    for missing in ("from", "chat"):
        partial = {k: v for k, v in message.items() if k != missing}
        assert to_incoming({**TEXT_UPDATE, "message": partial}) is None


def test_a_missing_message_id_gives_no_update_key() -> None:
    message = {k: v for k, v in TEXT_UPDATE["message"].items() if k != "message_id"}
    incoming = to_incoming({**TEXT_UPDATE, "message": message})
    assert incoming is not None
    assert incoming.update_key is None


def test_overlong_ids_never_reach_the_database_as_they_are() -> None:
    update = {
        "event_name": "message.text.received",
        "message": {
            "from": {"id": "u1", "is_bot": False},
            "chat": {"id": "u1", "chat_type": "PRIVATE"},
            "text": "xin chào",
            "message_id": "m" * 500,
        },
    }
    incoming = to_incoming(update)
    assert incoming is not None and incoming.update_key is not None
    assert len(incoming.update_key) == 64
    assert to_incoming(update) == incoming  # the same key each time: redeliveries still match
    update["message"]["from"]["id"] = "u" * 65  # type: ignore[index]
    assert to_incoming(update) is None
