"""The bot's own HTTP server, exercised over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import ClientSession, web
from yarl import URL

from bot.channels.webhook import HttpServer
from bot.channels.zalo.http import AUTH_HEADER, MediaStore, build_web_app
from bot.channels.zalo.mapping import unwrap

SECRET = "s3cret-token_ABC"
UPDATE: dict[str, Any] = {
    "event_name": "message.text.received",
    "message": {
        "message_id": "2d7a9c0e1f3b4a5c6d7e",
        "date": 1785647889461,
        "text": "Xin chào",
        "from": {"id": "979122185046046317", "display_name": "Lan", "is_bot": False},
        "chat": {"id": "979122185046046317", "chat_type": "PRIVATE"},
    },
}
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Recorder:
    """An update handler that records what it receives."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []

    async def __call__(self, update: dict[str, Any]) -> None:
        self.updates.append(update)


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_app(
    on_update: Handler,
    *,
    media: MediaStore | None = None,
    secret: str | None = SECRET,
    max_body_bytes: int = 1024 * 1024,
) -> web.Application:
    return build_web_app(
        webhook_path="zalo",
        secret=secret,
        on_update=on_update,
        media=media,
        unwrap=unwrap,
        max_body_bytes=max_body_bytes,
    )


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[tuple[HttpServer, str]]:
    server = HttpServer(app, "127.0.0.1", 0)
    await server.start()
    try:
        assert server.port != 0
        yield server, f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


async def post(
    base: str, body: bytes | str, secret: str | None = SECRET, path: str = "/zalo"
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[AUTH_HEADER] = secret
    data = body.encode() if isinstance(body, str) else body
    async with ClientSession() as http, http.post(base + path, data=data, headers=headers) as r:
        return r.status, await r.read()


async def get(base: str, path: str) -> tuple[int, bytes, dict[str, str]]:
    async with ClientSession() as http, http.get(base + path) as r:
        return r.status, await r.read(), dict(r.headers)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-000", SECRET + "x", SECRET[:-1]])
async def test_missing_or_wrong_secret_is_forbidden(secret: str | None) -> None:
    handler = Recorder()
    async with serving(make_app(handler)) as (server, base):
        status, _ = await post(base, json.dumps(UPDATE), secret=secret)
        await server.stop()
    assert status == 403
    assert handler.updates == []


async def test_right_secret_answers_ok_and_hands_over_the_update() -> None:
    handler = Recorder()
    async with serving(make_app(handler)) as (server, base):
        status, body = await post(base, json.dumps({"ok": True, "result": UPDATE}))
        await server.stop()
    assert status == 200
    assert json.loads(body) == {"ok": True}
    assert handler.updates == [UPDATE]


async def test_flat_and_wrapped_bodies_give_the_same_update() -> None:
    handler = Recorder()
    async with serving(make_app(handler)) as (server, base):
        assert (await post(base, json.dumps(UPDATE)))[0] == 200
        assert (await post(base, json.dumps({"ok": True, "result": UPDATE})))[0] == 200
        await server.stop()
    assert handler.updates == [UPDATE, UPDATE]


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe\x00"])
async def test_bad_json_is_rejected(body: bytes) -> None:
    handler = Recorder()
    async with serving(make_app(handler)) as (server, base):
        status, _ = await post(base, body)
        await server.stop()
    assert status == 400
    assert handler.updates == []


@pytest.mark.parametrize(
    "body",
    ["not an update", [UPDATE], {"ok": False, "result": UPDATE}, {"message": UPDATE["message"]}],
)
async def test_a_body_that_is_not_an_update_is_refused(body: object) -> None:
    handler = Recorder()
    async with serving(make_app(handler)) as (server, base):
        status, _ = await post(base, json.dumps(body))
        await server.stop()
    assert status == 400
    assert handler.updates == []


async def test_oversize_body_is_rejected() -> None:
    handler = Recorder()
    headers = {AUTH_HEADER: SECRET, "Content-Type": "application/json"}
    async with serving(make_app(handler)) as (server, base):
        body = io.BytesIO(b" " * (1024 * 1024 + 1))
        async with (
            ClientSession() as http,
            http.post(base + "/zalo", data=body, headers=headers) as r,
        ):
            status = r.status
        await server.stop()
    assert status == 413
    assert handler.updates == []


async def test_a_body_at_the_limit_is_accepted() -> None:
    handler = Recorder()
    body = json.dumps(UPDATE).encode().ljust(1000)
    async with serving(make_app(handler, max_body_bytes=1000)) as (server, base):
        assert (await post(base, body))[0] == 200
        assert (await post(base, body + b" "))[0] == 413
        await server.stop()
    assert handler.updates == [UPDATE]


async def test_oversize_chunked_body_is_rejected() -> None:
    handler = Recorder()

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b" " * 400

    async with serving(make_app(handler, max_body_bytes=1000)) as (server, base):
        headers = {AUTH_HEADER: SECRET, "Content-Type": "application/json"}
        async with (
            ClientSession() as http,
            http.post(base + "/zalo", data=chunks(), headers=headers) as r,
        ):
            status = r.status
        await server.stop()
    assert status == 413
    assert handler.updates == []


async def test_answers_before_the_update_is_handled() -> None:
    started, release, finished = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow(update: dict[str, Any]) -> None:
        started.set()
        await release.wait()
        finished.set()

    async with serving(make_app(slow)) as (_, base):
        status, _ = await post(base, json.dumps(UPDATE))
        assert status == 200
        await asyncio.wait_for(started.wait(), 5)
        assert not finished.is_set()
        release.set()
        await asyncio.wait_for(finished.wait(), 5)


async def test_stop_waits_for_updates_still_being_handled() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[bool] = []

    async def slow(update: dict[str, Any]) -> None:
        started.set()
        await release.wait()
        finished.append(True)

    async def release_at_the_last_moment(_: web.Application) -> None:
        release.set()  # no await: the handler can only finish if stop() waits for it

    app = make_app(slow)
    app.on_cleanup.insert(0, release_at_the_last_moment)
    async with serving(app) as (server, base):
        assert (await post(base, json.dumps(UPDATE)))[0] == 200
        await asyncio.wait_for(started.wait(), 5)
        await server.stop()
        assert finished == [True]


async def test_a_failing_handler_is_logged_and_the_server_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[dict[str, Any]] = []

    async def failing(update: dict[str, Any]) -> None:
        calls.append(update)
        raise RuntimeError("boom")

    caplog.set_level(logging.ERROR, logger="bot.channels.webhook")
    async with serving(make_app(failing)) as (server, base):
        assert (await post(base, json.dumps(UPDATE)))[0] == 200
        assert (await post(base, json.dumps(UPDATE)))[0] == 200
        await server.stop()
    assert len(calls) == 2
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert all(r.exc_info and isinstance(r.exc_info[1], RuntimeError) for r in errors)


async def test_unknown_routes_and_methods_are_not_found() -> None:
    handler = Recorder()
    media = MediaStore(public_base_url="https://bot.example.vn", ttl_seconds=300)
    async with serving(make_app(handler, media=media)) as (_, base):
        assert (await get(base, "/zalo"))[0] == 404
        assert (await get(base, "/"))[0] == 404
        assert (await post(base, json.dumps(UPDATE), path="/other"))[0] == 404
        url = await media.publish(b"png")
        assert (await post(base, b"", path=URL(url).path))[0] == 404
    assert handler.updates == []


async def test_routes_are_only_registered_when_configured() -> None:
    handler = Recorder()
    async with serving(make_app(handler, secret=None)) as (_, base):
        assert (await post(base, json.dumps(UPDATE)))[0] == 404
        assert (await get(base, "/media/abc.png"))[0] == 404
    assert handler.updates == []


async def test_published_image_is_served_byte_identical() -> None:
    media = MediaStore(public_base_url="https://bot.example.vn/", ttl_seconds=300)
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50
    url = await media.publish(content)
    assert url.startswith("https://bot.example.vn/media/")
    async with serving(make_app(Recorder(), media=media)) as (_, base):
        status, body, headers = await get(base, URL(url).path)
        assert (await get(base, "/media/unknown-token.png"))[0] == 404
    assert status == 200
    assert body == content
    assert headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "no-store"


async def test_expired_image_is_gone() -> None:
    clock = FakeMonotonic()
    media = MediaStore(public_base_url="https://bot.example.vn", ttl_seconds=300, monotonic=clock)
    url = await media.publish(b"chart")
    async with serving(make_app(Recorder(), media=media)) as (_, base):
        clock.now += 299
        assert (await get(base, URL(url).path))[0] == 200
        clock.now += 1
        assert (await get(base, URL(url).path))[0] == 404


async def test_urls_are_distinct_and_unguessable() -> None:
    media = MediaStore(public_base_url="https://bot.example.vn", ttl_seconds=300)
    first, second = await media.publish(b"same"), await media.publish(b"same")
    assert first != second
    pattern = re.compile(r"https://bot\.example\.vn/media/([A-Za-z0-9_-]{32,})\.png")
    for url in (first, second):
        assert pattern.fullmatch(url), url


async def test_expired_images_are_pruned_on_publish() -> None:
    clock = FakeMonotonic()
    media = MediaStore(public_base_url="https://x", ttl_seconds=60, monotonic=clock)
    await media.publish(b"a")
    await media.publish(b"b")
    clock.now += 60
    await media.publish(b"c")
    assert len(media) == 1


async def test_oldest_images_are_evicted_beyond_max_items() -> None:
    media = MediaStore(public_base_url="https://x", ttl_seconds=300, max_items=3)
    urls = [await media.publish(bytes([i])) for i in range(5)]
    tokens = [URL(url).name.removesuffix(".png") for url in urls]
    assert len(media) == 3
    assert [media.get(token) for token in tokens] == [None, None, b"\x02", b"\x03", b"\x04"]
    async with serving(make_app(Recorder(), media=media)) as (_, base):
        assert (await get(base, URL(urls[0]).path))[0] == 404
        assert (await get(base, URL(urls[4]).path))[1] == b"\x04"


def test_max_items_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_items"):
        MediaStore(public_base_url="https://x", ttl_seconds=1, max_items=0)
