"""The OA webhook refuses forged, unsigned, stale and replayed events: nothing happens."""

from __future__ import annotations

from tests.e2e.zalo_oa_harness import OaBot, OaUser
from tests.fakes.fake_zalo_oa import FakeZaloOa
from tests.fakes.zalo_oa_events import SIGNATURE_HEADER, encode, signature


async def test_a_forged_or_unsigned_event_is_refused_and_nothing_is_sent(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    event = fake_oa.events.follow("oa-x", fake_oa.stamp())
    assert await fake_oa.push(event, mac="mac=" + "0" * 64) == 403
    assert await fake_oa.push(event, signed=False) == 403
    body = encode(event)
    wrong_key = signature(fake_oa.app_id, body, event["timestamp"], "not-the-oa-secret")
    assert await fake_oa.post_raw(body, {SIGNATURE_HEADER: wrong_key}) == 403
    await oa_bot.settled()
    assert fake_oa.sent == []
    assert oa_bot.interactions.calls == []


async def test_a_replayed_event_is_handled_once(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    event = fake_oa.events.follow("oa-r", fake_oa.stamp())
    body = encode(event)
    headers = {
        SIGNATURE_HEADER: signature(
            fake_oa.app_id, body, event["timestamp"], fake_oa.oa_secret_key
        )
    }
    fake_oa.followers.add("oa-r")
    fake_oa.last_inbound["oa-r"] = fake_oa.now()
    assert await fake_oa.post_raw(body, headers) == 200
    assert await fake_oa.post_raw(body, headers) == 200
    await oa_bot.settled()
    assert len(fake_oa.texts_to("oa-r")) == 1
    assert len(oa_bot.interactions.of("inbound", "oa-r")) == 1


async def test_an_event_with_a_stale_or_tampered_timestamp_is_refused(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    old = fake_oa.stamp() - 10 * 60 * 1000  # ten minutes ago; the default limit is five
    assert await fake_oa.push(fake_oa.events.user_send_text("oa-s", "menu", old)) == 403
    event = fake_oa.events.user_send_text("oa-s", "menu", fake_oa.stamp())
    body = encode(event)
    headers = {
        SIGNATURE_HEADER: signature(
            fake_oa.app_id, body, event["timestamp"], fake_oa.oa_secret_key
        )
    }
    tampered = body.replace(b'"menu"', b'"huy"')
    assert await fake_oa.post_raw(tampered, headers) == 403
    await oa_bot.settled()
    assert fake_oa.sent == []


async def test_an_unfollow_stops_and_a_receipt_is_recorded(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    user = OaUser(fake_oa, "oa-f")
    await user.push(fake_oa.events.follow("oa-f", fake_oa.stamp()))
    sent_id = user.messages()[0].message_id
    assert (
        await fake_oa.push(fake_oa.events.receipt("oa-f", [sent_id], fake_oa.stamp(), seen=False))
        == 200
    )
    assert (
        await fake_oa.push(fake_oa.events.receipt("oa-f", [sent_id], fake_oa.stamp(), seen=True))
        == 200
    )
    assert await fake_oa.push(fake_oa.events.oa_send_text("oa-f", "echo", fake_oa.stamp())) == 200
    assert (
        await fake_oa.push(fake_oa.events.follow("oa-f", fake_oa.stamp(), event="unfollow")) == 200
    )
    await oa_bot.settled()
    calls = [(kind, detail) for kind, chat, detail in oa_bot.interactions.calls if chat == "oa-f"]
    assert [kind for kind, _ in calls] == ["inbound", "sent", "received", "seen", "left"]
    assert calls[2][1] == (sent_id,)
