"""The Zalo messenger over real HTTP: splitting, numbered choices, photos and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest
from aiohttp import web

from bot.channels.media import MediaStore
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.messenger import ZaloMessenger
from bot.ports import (
    Button,
    Channel,
    Document,
    PermanentFailure,
    Photo,
    QuotaExhausted,
    RecipientBlocked,
    Reply,
    ShownChoices,
    TransientFailure,
)
from bot.texts import Texts
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi


class Choices:
    """An in-memory :class:`bot.ports.ChoiceMemory`."""

    def __init__(self) -> None:
        self.by_chat: dict[tuple[Channel, str], list[Button]] = {}

    async def remember(self, channel: Channel, chat_id: str, buttons: Sequence[Button]) -> None:
        self.by_chat[channel, chat_id] = list(buttons)

    async def recall(self, channel: Channel, chat_id: str) -> ShownChoices:
        return ShownChoices(tuple(self.by_chat.get((channel, chat_id), [])))


class Counter:
    """An in-memory :class:`bot.ports.SendCounter`."""

    def __init__(self) -> None:
        self.counts: dict[Channel, int] = {}

    async def count_sent(self, channel: Channel, messages: int) -> None:
        self.counts[channel] = self.counts.get(channel, 0) + messages


class PhotoServer:
    """A :class:`bot.ports.PhotoHost` serving published images from a tiny aiohttp server."""

    def __init__(self) -> None:
        self.images: dict[str, bytes] = {}
        self._runner: web.AppRunner | None = None
        self._base = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/media/{name}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def publish(self, content: bytes) -> str:
        name = f"chart-{len(self.images)}.png"
        self.images[name] = content
        return f"{self._base}/media/{name}"

    async def _serve(self, request: web.Request) -> web.Response:
        return web.Response(body=self.images[request.match_info["name"]], content_type="image/png")


async def _no_wait(seconds: float) -> None:
    return None


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as server:
        yield server


@pytest.fixture
async def client(fake: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    zalo = ZaloClient(TOKEN, fake.base_url, sleep=_no_wait, retries=1)
    yield zalo
    await zalo.aclose()


@pytest.fixture
async def photos() -> AsyncIterator[PhotoServer]:
    server = PhotoServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def choices() -> Choices:
    return Choices()


@pytest.fixture
def counter() -> Counter:
    return Counter()


@pytest.fixture
def texts() -> Texts:
    return Texts.load()


@pytest.fixture
def messenger(
    client: ZaloClient, texts: Texts, choices: Choices, photos: PhotoServer, counter: Counter
) -> ZaloMessenger:
    return ZaloMessenger(client, texts, choices=choices, photos=photos, counter=counter)


async def test_a_long_text_is_split_at_paragraphs_with_nothing_lost(
    messenger: ZaloMessenger, fake: FakeZaloApi, counter: Counter
) -> None:
    paragraphs = [f"Đoạn {i}: " + "thi đua yêu nước " * (10 + 7 * i) for i in range(12)]
    paragraphs = [p.strip() for p in paragraphs]
    text = "\n\n".join(paragraphs)
    assert len(text) > 4500
    message_id = await messenger.send("u1", Reply(f"<b>{text}</b>"))
    chunks = fake.texts_to("u1")
    assert len(chunks) >= 3
    assert all(len(chunk) <= 2000 for chunk in chunks)
    assert "\n\n".join(chunks) == text
    assert all(set(chunk.split("\n\n")) <= set(paragraphs) for chunk in chunks)
    assert message_id
    assert counter.counts == {Channel.ZALO: len(chunks)}


async def test_buttons_become_numbered_choices_that_are_remembered(
    messenger: ZaloMessenger, fake: FakeZaloApi, choices: Choices
) -> None:
    buttons = ((Button("Đồng ý", "y"), Button("<b>Từ chối</b>", "n")), (Button("Hủy", "c"),))
    await messenger.send("u1", Reply("Đồng chí có đồng ý &amp; <i>gửi</i>?", buttons=buttons))
    [text] = fake.texts_to("u1")
    assert text == (
        "Đồng chí có đồng ý & gửi?\n\nTrả lời bằng một số từ 1 đến 3:\n"
        "1. Đồng ý\n2. Từ chối\n3. Hủy"
    )
    assert choices.by_chat[Channel.ZALO, "u1"] == [b for row in buttons for b in row]


async def test_one_button_and_a_long_text_keep_the_choice_whole(
    messenger: ZaloMessenger, fake: FakeZaloApi
) -> None:
    await messenger.send("u1", Reply("a" * 1995, buttons=((Button("Tiếp", "n"),),)))
    first, second = fake.texts_to("u1")
    assert first == "a" * 1995
    assert second == "Trả lời số 1 để chọn:\n1. Tiếp"


async def test_an_image_a_person_sent_on_zalo_is_sent_again_by_its_url(
    messenger: ZaloMessenger, fake: FakeZaloApi
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    image = Document("anh.jpg", file_id=fake.host_file(png))
    await messenger.send("u1", Reply("Tệp của hồ sơ:", document=image))
    photo, text = await fake.wait_sent(2)
    assert (photo.method, photo.photo_bytes) == ("sendPhoto", png)
    assert text.text == "Tệp của hồ sơ:"  # no "cannot send the file" notice


async def test_a_photo_is_published_and_fetched_by_zalo(
    messenger: ZaloMessenger, fake: FakeZaloApi, counter: Counter
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    reply = Reply("Điểm theo tháng: 10, 12, 15", photo=Photo(png, caption="<b>Biểu đồ</b>"))
    message_id = await messenger.send("u1", reply)
    photo, text = await fake.wait_sent(2)  # the picture first: the choices end the chat
    assert text.text == "Điểm theo tháng: 10, 12, 15"
    assert (photo.method, photo.photo_bytes, photo.caption) == ("sendPhoto", png, "Biểu đồ")
    assert message_id
    assert counter.counts == {Channel.ZALO: 2}


@pytest.mark.parametrize("status", [400, 404])
async def test_a_refused_photo_still_delivers_the_text_and_the_choices(
    messenger: ZaloMessenger,
    fake: FakeZaloApi,
    choices: Choices,
    counter: Counter,
    texts: Texts,
    status: int,
) -> None:
    fake.fail_next("sendPhoto", status)
    buttons = ((Button("Tháng", "m"), Button("Năm", "y")),)
    reply = Reply("Điểm: 10, 12", photo=Photo(b"png", caption="Biểu đồ"), buttons=buttons)
    await messenger.send("u1", reply)
    notice = texts.t("zalo.delivery.photo_unavailable")
    assert fake.texts_to("u1") == [
        f"Điểm: 10, 12\n\nBiểu đồ\n\n{notice}\n\nTrả lời bằng một số từ 1 đến 2:\n1. Tháng\n2. Năm"
    ]
    assert [s.method for s in fake.sent] == ["sendMessage"]
    assert choices.by_chat[Channel.ZALO, "u1"] == list(buttons[0])
    assert counter.counts == {Channel.ZALO: 1}


async def test_a_refused_image_from_zalo_is_named_in_the_text(
    messenger: ZaloMessenger, fake: FakeZaloApi
) -> None:
    gone = fake.host_file(b"jpeg").replace("/files/", "/files/gone-")  # Zalo's CDN: 404
    await messenger.send("u1", Reply("Tệp của hồ sơ:", document=Document("anh.jpg", file_id=gone)))
    [text] = fake.texts_to("u1")
    assert text.startswith("Tệp của hồ sơ:\n\n") and "«anh.jpg»" in text


async def test_without_a_photo_host_the_caption_is_sent_as_text(
    client: ZaloClient, texts: Texts, choices: Choices, fake: FakeZaloApi
) -> None:
    messenger = ZaloMessenger(client, texts, choices=choices)
    await messenger.send("u1", Reply("Bảng điểm", photo=Photo(b"png", caption="<i>Biểu đồ</i>")))
    assert fake.texts_to("u1") == ["Bảng điểm\n\nBiểu đồ"]
    assert [s.method for s in fake.sent] == ["sendMessage"]


async def test_a_document_is_replaced_by_a_notice(
    messenger: ZaloMessenger, fake: FakeZaloApi
) -> None:
    await messenger.send("u1", Reply("Báo cáo tháng", document=Document("bao-cao.xlsx", b"x")))
    [text] = fake.texts_to("u1")
    assert text.startswith("Báo cáo tháng\n\n")
    assert "«bao-cao.xlsx»" in text
    assert "Telegram" in text


async def test_with_a_public_address_a_document_comes_as_a_link_to_it(
    client: ZaloClient, texts: Texts, choices: Choices, fake: FakeZaloApi
) -> None:
    files = MediaStore(public_base_url="https://bot.example.vn/zalo", ttl_seconds=300)
    messenger = ZaloMessenger(client, texts, choices=choices, files=files)
    content = b"PK\x03\x04 workbook"
    await messenger.send("u1", Reply("Báo cáo tháng", document=Document("Báo cáo.xlsx", content)))
    [text] = fake.texts_to("u1")
    assert "Tải tệp «Báo cáo.xlsx» tại: https://bot.example.vn/zalo/files/" in text
    assert "5 phút" in text
    token = text.split("/files/")[1].split("/")[0]
    assert files.get(token) == content


async def test_edit_sends_a_new_message(messenger: ZaloMessenger, fake: FakeZaloApi) -> None:
    await messenger.edit("u1", "old-id", Reply("Mới"))
    assert fake.texts_to("u1") == ["Mới"]


async def test_download_reads_the_image_url(messenger: ZaloMessenger, fake: FakeZaloApi) -> None:
    assert await messenger.download(fake.host_file(b"jpeg")) == b"jpeg"
    with pytest.raises(PermanentFailure):
        await messenger.download("file:///etc/passwd")


async def test_platform_errors_map_to_delivery_errors(
    messenger: ZaloMessenger, fake: FakeZaloApi, counter: Counter
) -> None:
    fake.block("u2")
    with pytest.raises(RecipientBlocked) as blocked:
        await messenger.send("u2", Reply("Chào"))
    assert blocked.value.never_started is False
    fake.fail_next("sendMessage", 400, times=2)  # refused formatted, then plain
    with pytest.raises(PermanentFailure):
        await messenger.send("u1", Reply("Chào"))
    fake.fail_next("sendMessage", 500, times=2)
    with pytest.raises(TransientFailure):
        await messenger.send("u1", Reply("Chào"))
    fake.quota = 0
    with pytest.raises(QuotaExhausted):
        await messenger.send("u1", Reply("Chào"))
    assert counter.counts == {}


async def test_a_wrong_token_is_a_transient_failure(
    fake: FakeZaloApi, texts: Texts, choices: Choices
) -> None:
    client = ZaloClient("1:wrong-token", fake.base_url, sleep=_no_wait)
    try:
        with pytest.raises(TransientFailure):
            await ZaloMessenger(client, texts, choices=choices).send("u1", Reply("Chào"))
    finally:
        await client.aclose()
