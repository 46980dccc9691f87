"""The OA client over real HTTP against the fake platform: calls, codes, no token leaks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.zalo_oa.client import OaClient, OaRefused, OaUnreachable
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.zalo_oa_events import APP_ID

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(now=clock.now) as server:
        server.followers.add("u1")
        server.last_inbound["u1"] = clock.now()
        yield server


@pytest.fixture
async def client(fake: FakeZaloOa) -> AsyncIterator[OaClient]:
    oa = OaClient(fake.base_url, fake.base_url)
    yield oa
    await oa.aclose()


async def test_a_refresh_returns_a_new_pair_and_uses_the_old_token_up(
    client: OaClient, fake: FakeZaloOa
) -> None:
    grant = await client.refresh(APP_ID, APP_SECRET, FIRST_REFRESH_TOKEN)
    assert grant.expires_in == 90000  # "90000" on the wire
    assert grant.refresh_token != FIRST_REFRESH_TOKEN
    with pytest.raises(OaRefused) as refused:
        await client.refresh(APP_ID, APP_SECRET, FIRST_REFRESH_TOKEN)
    assert refused.value.code == -14014
    assert FIRST_REFRESH_TOKEN not in str(refused.value) and "token" not in repr(grant)


async def test_a_wrong_app_secret_is_refused(client: OaClient) -> None:
    with pytest.raises(OaRefused) as refused:
        await client.refresh(APP_ID, "wrong-secret", FIRST_REFRESH_TOKEN)
    assert refused.value.code == -14002
    assert "wrong-secret" not in str(refused.value)


async def test_text_image_and_file_are_sent_with_their_ids(
    client: OaClient, fake: FakeZaloOa
) -> None:
    token = (await client.refresh(APP_ID, APP_SECRET, FIRST_REFRESH_TOKEN)).access_token
    text_id = await client.send_text(token, "u1", "Xin chào")
    attachment = await client.upload_image(token, PNG, "bieudo.png")
    image_id = await client.send_image(token, "u1", attachment_id=attachment)
    file_token = await client.upload_file(token, b"%PDF-1.4", "ke-hoach.pdf")
    file_id = await client.send_file(token, "u1", file_token)
    assert [(s.kind, s.message_id) for s in fake.sent] == [
        ("text", text_id),
        ("image", image_id),
        ("file", file_id),
    ]
    assert fake.sent[1].image == PNG and fake.sent[2].file_name == "ke-hoach.pdf"


async def test_zalo_codes_are_carried_and_the_token_never_shown(
    client: OaClient, fake: FakeZaloOa
) -> None:
    token = (await client.refresh(APP_ID, APP_SECRET, FIRST_REFRESH_TOKEN)).access_token
    with pytest.raises(OaRefused) as not_following:
        await client.send_text(token, "stranger", "Xin chào")
    assert not_following.value.code == -213
    with pytest.raises(OaRefused) as too_long:
        await client.send_text(token, "u1", "x" * 2001)
    assert too_long.value.code == -201
    with pytest.raises(OaRefused) as xlsx:
        await client.upload_file(token, b"PK", "danh-sach.xlsx")  # not a type the OA sends
    assert xlsx.value.code == -201
    fake.expire_access_tokens()
    with pytest.raises(OaRefused) as expired:
        await client.send_text(token, "u1", "Xin chào")
    assert expired.value.code == -216
    for error in (not_following, too_long, xlsx, expired):
        assert token not in str(error.value)


async def test_network_errors_and_http_failures_are_unreachable() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/cs"):
            return httpx.Response(502, text="Bad Gateway")
        raise httpx.ConnectError("down", request=request)

    client = OaClient(
        "http://api.test", "http://oauth.test", transport=httpx.MockTransport(broken)
    )
    with pytest.raises(OaUnreachable):
        await client.refresh(APP_ID, APP_SECRET, "r")
    with pytest.raises(OaUnreachable):
        await client.send_text("secret-access", "u1", "x")
    with pytest.raises(OaRefused):
        await client.download("file:///etc/passwd")
    await client.aclose()


async def test_a_file_a_person_sent_is_downloaded_within_a_cap(
    client: OaClient, fake: FakeZaloOa
) -> None:
    url = fake.host_file(PNG)
    assert await client.download(url) == PNG
    with pytest.raises(OaRefused):
        await client.download(url, max_bytes=10)
