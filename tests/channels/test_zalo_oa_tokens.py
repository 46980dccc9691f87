"""The OA token keeper against the fake OAuth server and the real token table."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.zalo_oa.client import OaClient
from bot.channels.zalo_oa.tokens import (
    BACKOFF_CAP,
    BACKOFF_START,
    OaDisconnected,
    OaTokenUnavailable,
    TokenKeeper,
)
from bot.ports import Channel
from bot.roles import Role
from bot.services.oa_tokens import OaTokenService
from models import Delivery
from tests.e2e.zalo_harness import free_port
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.zalo_oa_events import APP_ID

MARGIN = timedelta(seconds=600)


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(now=clock.now) as server:
        yield server


@pytest.fixture
async def client(fake: FakeZaloOa) -> AsyncIterator[OaClient]:
    oa = OaClient(fake.base_url, fake.base_url)
    yield oa
    await oa.aclose()


def keeper(app: App, client: OaClient, store: OaTokenService | None = None) -> TokenKeeper:
    return TokenKeeper(
        client,
        store or app.services.oa_tokens,
        app.texts,
        app.clock,
        app_id=APP_ID,
        app_secret=APP_SECRET,
        margin=MARGIN,
    )


async def stored(app: App) -> str:
    tokens = await app.services.oa_tokens.current(APP_ID)
    assert tokens is not None
    return tokens.refresh_token


async def office_notes(app: App) -> list[Delivery]:
    async with app.sessions() as session:
        return list((await session.scalars(select(Delivery))).all())


async def test_the_token_is_refreshed_margin_before_the_expiry_zalo_gave(
    app: App, client: OaClient, fake: FakeZaloOa, clock: FakeClock
) -> None:
    fake.expires_in = 3600  # one source says an hour: the bot reads expires_in, never assumes
    tokens = keeper(app, client)
    await tokens.start(FIRST_REFRESH_TOKEN)
    first = await tokens.token()
    clock.advance(seconds=3000 - 1)
    assert await tokens.token() == first
    assert fake.refreshes == 1
    clock.advance(seconds=2)  # now within 600 s of the expiry
    second = await tokens.token()
    assert second != first and fake.refreshes == 2
    assert await stored(app) not in (FIRST_REFRESH_TOKEN, "")


async def test_an_invalid_token_is_refreshed_once_for_every_caller_that_saw_it(
    app: App, client: OaClient, fake: FakeZaloOa
) -> None:
    tokens = keeper(app, client)
    await tokens.start(FIRST_REFRESH_TOKEN)
    old = await tokens.token()
    fake.expire_access_tokens()
    new = await tokens.rejected(old)
    assert await tokens.rejected(old) == new  # a second sender that saw -216 on the old one
    assert fake.refreshes == 2


async def test_the_new_refresh_token_is_stored_before_the_access_token_is_used(
    app: App, client: OaClient, fake: FakeZaloOa
) -> None:
    class Failing(OaTokenService):
        async def rotate(self, *args: object, **kwargs: object) -> bool:
            raise RuntimeError("the database is down")

    store = Failing(app.sessions, app.clock, app.services.outbox)
    tokens = keeper(app, client, store)
    with pytest.raises(RuntimeError):
        await tokens.start(FIRST_REFRESH_TOKEN)
    assert fake.refreshes == 1  # Zalo used the token up, but the bot got no access token out


async def test_two_processes_refreshing_at_once_agree_on_one_pair(
    app: App, client: OaClient, fake: FakeZaloOa
) -> None:
    first, second = keeper(app, client), keeper(app, client)
    await first.start(FIRST_REFRESH_TOKEN)
    await second.start(None)
    old = await first.token()
    fake.expire_access_tokens()
    a, b = await asyncio.gather(first.rejected(old), second.rejected(old))
    assert a == b
    assert fake.oauth_calls - fake.refreshes in (0, 1)  # the loser's token was refused
    assert await app.services.oa_tokens.current(APP_ID) is not None
    assert (await app.services.oa_tokens.current(APP_ID)).failed_at is None  # type: ignore[union-attr]
    assert await office_notes(app) == []


async def test_the_guarded_update_lets_one_rotation_win(app: App) -> None:
    store = app.services.oa_tokens
    await store.seed(APP_ID, "r1")
    won = await store.rotate(
        APP_ID, "r1", access_token="a-one", expires_in_seconds=100, refresh_token="r2-one"
    )
    lost = await store.rotate(
        APP_ID, "r1", access_token="a-two", expires_in_seconds=100, refresh_token="r2-two"
    )
    assert (won, lost) == (True, False)
    assert await stored(app) == "r2-one"


async def test_a_refused_refresh_token_tells_the_office_once_and_is_not_retried(
    app: App, client: OaClient, fake: FakeZaloOa
) -> None:
    await make_member(app, "900", Role.OFFICE, "VP", name="Lê Văn Phòng", channel=Channel.TELEGRAM)
    tokens = keeper(app, client)
    with pytest.raises(OaDisconnected):
        await tokens.start("a-lost-refresh-token")
    for _ in range(3):
        with pytest.raises(OaDisconnected):
            await tokens.token()
    assert fake.oauth_calls == 1
    notes = await office_notes(app)
    assert [(d.channel, d.chat_id) for d in notes] == [("telegram", "900")]
    assert "zalo-oa-connect" in notes[0].payload["text"]
    # A restart asks once more (the app secret may have been fixed), without telling again.
    other = keeper(app, client)
    with pytest.raises(OaDisconnected):
        await other.start(None)
    assert len(await office_notes(app)) == 1 and fake.oauth_calls == 2
    # An operator stores a new token: the running keeper resumes on its own.
    fake.issue_refresh_token("refresh-from-a-new-login")
    grant = await client.refresh(APP_ID, APP_SECRET, "refresh-from-a-new-login")
    await app.services.oa_tokens.reconnect(
        APP_ID,
        access_token=grant.access_token,
        expires_in_seconds=grant.expires_in,
        refresh_token=grant.refresh_token,
    )
    assert await tokens.token() == grant.access_token
    assert fake.oauth_calls == 3


async def test_an_unreachable_oauth_server_backs_off_with_a_cap(
    app: App, clock: FakeClock, fake: FakeZaloOa
) -> None:
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(str(request.url))
        raise httpx.ConnectError("no route", request=request)

    client = OaClient(
        fake.base_url, f"http://127.0.0.1:{free_port()}", transport=httpx.MockTransport(refuse)
    )
    tokens = keeper(app, client)
    with pytest.raises(OaTokenUnavailable):
        await tokens.start(FIRST_REFRESH_TOKEN)
    clock.advance(seconds=BACKOFF_START.total_seconds() - 1)
    with pytest.raises(OaTokenUnavailable):
        await tokens.token()  # within the backoff: no new attempt
    assert len(attempts) == 1
    clock.advance(seconds=2)
    with pytest.raises(OaTokenUnavailable):
        await tokens.token()
    assert len(attempts) == 2
    for _ in range(10):  # the wait doubles up to the cap, then stays there
        clock.advance(seconds=BACKOFF_CAP.total_seconds())
        with pytest.raises(OaTokenUnavailable):
            await tokens.token()
    assert len(attempts) == 12
    clock.advance(seconds=BACKOFF_CAP.total_seconds() - 1)
    with pytest.raises(OaTokenUnavailable):
        await tokens.token()
    assert len(attempts) == 12
    await client.aclose()
