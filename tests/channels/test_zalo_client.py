"""The Zalo Bot API client against the fake API over real HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.zalo.client import (
    ZaloBadRequest,
    ZaloClient,
    ZaloForbidden,
    ZaloQuotaExceeded,
    ZaloServerError,
    ZaloUnauthorized,
)
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi


class Sleeps:
    """Records backoff waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi(max_wait=0.05) as server:
        yield server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(fake: FakeZaloApi, sleeps: Sleeps) -> AsyncIterator[ZaloClient]:
    zalo = ZaloClient(TOKEN, fake.base_url, sleep=sleeps)
    yield zalo
    await zalo.aclose()


async def test_get_me_describes_the_bot(client: ZaloClient, fake: FakeZaloApi) -> None:
    me = await client.get_me()
    assert (me.id, me.account_name, me.display_name) == (
        fake.bot_id,
        "bot.ThiDua",
        "Bot Thi đua",
    )


@pytest.mark.parametrize("idle_status", [200, 408])
async def test_an_empty_long_poll_is_none_and_an_update_is_returned(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps, idle_status: int
) -> None:
    fake.idle_status = idle_status  # the live API answers HTTP 200, a fixture shows 408
    assert await client.get_update(timeout=30) is None
    assert await client.get_update(timeout=30) is None
    assert [method for method, _ in fake.calls] == ["getUpdates"] * 2
    assert sleeps.waits == []  # nothing retried: an idle poll is not an error
    update = fake.text_update("u1", "Xin chào")
    fake.push(update)
    assert await client.get_update(timeout=30) == update
    assert fake.calls[-1] == ("getUpdates", {"timeout": 30})


async def test_a_wrong_token_is_fatal_and_never_shown(
    fake: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "999:WRONG-secret-value"
    client = ZaloClient(secret, fake.base_url)
    try:
        with pytest.raises(ZaloUnauthorized) as raised:
            await client.get_me()
    finally:
        await client.aclose()
    assert raised.value.status == 401
    assert "ZALO_BOT_TOKEN" in str(raised.value)
    for shown in (str(raised.value), repr(raised.value), repr(client), caplog.text):
        assert "WRONG-secret" not in shown


async def test_the_token_never_reaches_any_log_record(
    client: ZaloClient, fake: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.get_me()
    await client.send_message("u1", "Chào")
    await client.get_update(timeout=1)
    assert any("getMe" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert "FAKE-zalo-secret" not in f"{record.msg} {record.args}"
    assert "FAKE-zalo-secret" not in repr(client)


@pytest.mark.parametrize("status", [403, 429])
async def test_a_403_or_429_is_retried_with_backoff_and_the_message_goes(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps, status: int
) -> None:
    fake.fail_next("sendMessage", status)
    assert await client.send_message("u1", "Chào")
    assert fake.texts_to("u1") == ["Chào"]
    assert sleeps.waits == [0.5]


async def test_a_lasting_429_is_raised_after_the_retries(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps
) -> None:
    fake.quota = 0
    with pytest.raises(ZaloQuotaExceeded) as raised:
        await client.send_message("u1", "Chào")
    assert raised.value.status == 429
    assert sleeps.waits == [0.5, 1.0, 2.0]
    assert fake.sent == []


async def test_a_lasting_403_is_raised_after_the_retries(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps
) -> None:
    fake.block("u1")
    with pytest.raises(ZaloForbidden):
        await client.send_message("u1", "Chào")
    assert sleeps.waits == [0.5, 1.0, 2.0]
    assert [method for method, _ in fake.calls] == ["sendMessage"] * 4


async def test_bad_requests_are_not_retried(client: ZaloClient, sleeps: Sleeps) -> None:
    with pytest.raises(ZaloBadRequest):
        await client.send_message("u1", "x" * 2001)
    assert sleeps.waits == []


async def test_server_errors_are_retried_with_backoff(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps
) -> None:
    fake.fail_next("sendMessage", 502, times=2)
    assert await client.send_message("u1", "Chào")
    assert fake.texts_to("u1") == ["Chào"]
    assert sleeps.waits == [0.5, 1.0]


async def test_server_errors_give_up_after_the_retries(
    client: ZaloClient, fake: FakeZaloApi, sleeps: Sleeps
) -> None:
    fake.fail_next("getMe", 503, times=10)
    with pytest.raises(ZaloServerError) as raised:
        await client.get_me()
    assert raised.value.status == 503
    assert len(sleeps.waits) == 3
    assert sleeps.waits == sorted(sleeps.waits)


async def test_an_unreachable_server_is_a_server_error(fake: FakeZaloApi, sleeps: Sleeps) -> None:
    url = fake.base_url
    await fake.stop()
    client = ZaloClient(TOKEN, url, sleep=sleeps, retries=1)
    try:
        with pytest.raises(ZaloServerError) as raised:
            await client.get_me()
    finally:
        await client.aclose()
    assert raised.value.status == 0
    assert "FAKE-zalo-secret" not in str(raised.value)
    assert len(sleeps.waits) == 1


async def test_webhook_set_get_and_delete(client: ZaloClient, fake: FakeZaloApi) -> None:
    assert await client.get_webhook_info() == ""
    await client.set_webhook("https://bot.example.vn/zalo/webhook", "bi-mat-123")
    assert await client.get_webhook_info() == "https://bot.example.vn/zalo/webhook"
    assert fake.webhook_secret == "bi-mat-123"
    await client.delete_webhook()
    assert await client.get_webhook_info() == ""
    with pytest.raises(ZaloBadRequest):
        await client.set_webhook("https://bot.example.vn/zalo/webhook", "short")


async def test_photo_and_chat_action(client: ZaloClient, fake: FakeZaloApi) -> None:
    url = fake.host_file(b"\x89PNG-bytes")
    assert await client.send_photo("u1", url, "Doanh thu")
    await client.send_chat_action("u1")
    [photo] = fake.sent
    assert (photo.photo_bytes, photo.caption) == (b"\x89PNG-bytes", "Doanh thu")
    assert fake.actions == [("u1", "typing")]


async def test_download_fetches_http_urls_only(client: ZaloClient, fake: FakeZaloApi) -> None:
    content = bytes(range(256)) * 100
    assert await client.download(fake.host_file(content)) == content
    for url in ("file:///etc/passwd", "ftp://example.com/a.jpg"):
        with pytest.raises(ZaloBadRequest):
            await client.download(url)
    with pytest.raises(ZaloBadRequest):
        await client.download(f"{fake.base_url}/files/missing.jpg")


async def test_download_refuses_oversized_files(client: ZaloClient, fake: FakeZaloApi) -> None:
    url = fake.host_file(b"x" * 5000)
    with pytest.raises(ZaloBadRequest, match="larger"):
        await client.download(url, max_bytes=4999)
    assert len(await client.download(url, max_bytes=5000)) == 5000


async def test_a_webhook_url_that_is_not_https_is_refused(
    client: ZaloClient, fake: FakeZaloApi
) -> None:
    with pytest.raises(ZaloBadRequest, match="https://"):
        await client.set_webhook("http://bot.example.vn/zalo", "s3cret-token")
    assert fake.calls == []  # refused before Zalo was asked
    await client.set_webhook("https://bot.example.vn/zalo", "s3cret-token")
    assert fake.webhook_url == "https://bot.example.vn/zalo"


async def test_the_fake_refuses_a_plain_http_webhook_as_zalo_does(fake: FakeZaloApi) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{fake.base_url}/bot{TOKEN}/setWebhook",
            json={"url": "http://bot.example.vn/zalo", "secret_token": "s3cret-token"},
        )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error_code"] == 400 and "HTTPS" in body["description"]
    assert fake.webhook_url == ""


async def test_parse_mode_is_sent_only_when_asked_and_checked_by_zalo(
    client: ZaloClient, fake: FakeZaloApi
) -> None:
    await client.send_message("u1", "<b>Đậm</b> &amp; thường", parse_mode="html")
    await client.send_message("u1", "<b>không</b>")
    assert [s.text for s in fake.sent] == ["Đậm & thường", "<b>không</b>"]
    assert "parse_mode" not in fake.calls[-1][1]
    with pytest.raises(ZaloBadRequest, match="parse_mode"):
        await client.send_message("u1", "x", parse_mode="MarkdownV2")
    with pytest.raises(ZaloBadRequest, match="code"):
        await client.send_message("u1", "<code>x</code>", parse_mode="html")
    with pytest.raises(ZaloBadRequest, match="unclosed"):
        await client.send_message("u1", "<b>x", parse_mode="html")
