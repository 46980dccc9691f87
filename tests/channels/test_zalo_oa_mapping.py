"""Decoding OA webhook events."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.channels.zalo_oa.mapping import Followed, Receipt, Unfollowed, to_event
from bot.ports import Channel, Incoming
from tests.fakes.zalo_oa_events import EventBuilder

TS = 1699003881354
AT = datetime.fromtimestamp(TS / 1000, UTC)
events = EventBuilder()


def test_a_text_is_an_incoming_message_in_the_person_s_chat() -> None:
    decoded = to_event(events.user_send_text("u1", "kế hoạch", TS, msg_id="m1"))
    assert decoded == Incoming(
        channel=Channel.ZALO_OA, chat_id="u1", user_id="u1", text="kế hoạch", update_key="m1"
    )


def test_images_and_files_carry_their_zalo_urls() -> None:
    image = to_event(events.user_send_image("u1", "https://cdn.zalo/a.jpg", TS, "ảnh"))
    assert isinstance(image, Incoming) and image.file is not None
    assert (image.file.file_id, image.file.name, image.text) == (
        "https://cdn.zalo/a.jpg",
        "anh.jpg",
        "ảnh",
    )
    sent = to_event(events.user_send_file("u1", "https://cdn.zalo/k.pdf", "ke-hoach.pdf", 12, TS))
    assert isinstance(sent, Incoming) and sent.file is not None
    assert (sent.file.name, sent.file.mime_type, sent.file.size) == (
        "ke-hoach.pdf",
        "application/pdf",
        12,
    )


def test_follow_unfollow_and_receipts() -> None:
    assert to_event(events.follow("u1", TS)) == Followed("u1", AT)
    assert to_event(events.follow("u1", TS, event="unfollow")) == Unfollowed("u1", AT)
    assert to_event(events.receipt("u1", ["m1", "m2"], TS, seen=True)) == Receipt(
        "u1", ("m1", "m2"), seen=True, at=AT
    )


def test_echoes_stickers_and_broken_events() -> None:
    assert to_event(events.oa_send_text("u1", "xin chào", TS)) is None
    sticker = to_event({**events.user_send_text("u1", "", TS), "event_name": "user_send_sticker"})
    assert isinstance(sticker, Incoming) and sticker.unsupported == "sticker"
    assert to_event({"event_name": "user_send_text", "timestamp": "x"}) is None
    no_sender = events.user_send_text("u1", "hi", TS)
    del no_sender["sender"]
    assert to_event(no_sender) is None
    huge_id = events.user_send_text("u" * 65, "hi", TS)
    assert to_event(huge_id) is None
