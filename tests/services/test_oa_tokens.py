"""The OA token table: seeded once, rotated by one process, a failure told to the Office once,
on an account off the OA."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from models import Delivery
from tests.factories import make_member

APP = "2553928453557884079"


async def test_a_seed_never_replaces_a_stored_token(app: App) -> None:
    store = app.services.oa_tokens
    assert (await store.seed(APP, "from-env")).refresh_token == "from-env"
    assert await store.rotate(
        APP, "from-env", access_token="a1", expires_in_seconds=90000, refresh_token="r2"
    )
    again = await store.seed(APP, "from-env")  # a restart with the stale environment
    assert (again.refresh_token, again.access_token) == ("r2", "a1")
    assert "r2" not in repr(again) and "a1" not in repr(again)


async def test_a_failure_is_told_once_to_the_office_off_the_oa(app: App) -> None:
    await make_member(
        app, "oa-only", Role.OFFICE, "VP", name="Chỉ Zalo OA", channel=Channel.ZALO_OA
    )
    await make_member(app, "901", Role.ADMIN, "VP", name="Trên Telegram", channel=Channel.TELEGRAM)
    await make_member(app, "902", Role.STAFF, "CNTT", name="Cán bộ", channel=Channel.TELEGRAM)
    store = app.services.oa_tokens
    await store.seed(APP, "r1")
    assert await store.failed(APP, "r1", "refused: Invalid refresh token (-14014)", "Mất kết nối")
    assert not await store.failed(APP, "r1", "refused: again", "Mất kết nối")
    async with app.sessions() as session:
        notes = (await session.scalars(select(Delivery))).all()
    assert [(d.channel, d.chat_id, d.payload["text"]) for d in notes] == [
        ("telegram", "901", "Mất kết nối")
    ]
    tokens = await store.current(APP)
    assert tokens is not None and tokens.failure.startswith("refused")
    await store.reconnect(APP, access_token="a9", expires_in_seconds=60, refresh_token="r9")
    tokens = await store.current(APP)
    assert tokens is not None and (tokens.failed_at, tokens.refresh_token) == (None, "r9")
