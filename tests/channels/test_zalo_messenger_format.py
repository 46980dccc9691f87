"""Zalo messages are formatted (parse_mode "html") where it helps, and only there: titles
show bold, user values show literally, captions are plain and left out when empty."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.messenger import ZaloMessenger
from bot.ports import Button, Document, Photo, Reply
from bot.texts import Texts, escape
from tests.channels.test_zalo_messenger import Choices, Counter, PhotoServer
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi

HOSTILE = "Lê *Văn* _An_ <b>sếp</b> & {red}đỏ{/red}"


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
def messenger(
    client: ZaloClient, choices: Choices, photos: PhotoServer, counter: Counter
) -> ZaloMessenger:
    return ZaloMessenger(client, Texts.load(), choices=choices, photos=photos, counter=counter)


async def test_a_bold_title_shows_bold_and_a_user_value_literally(
    messenger: ZaloMessenger, fake: FakeZaloApi
) -> None:
    await messenger.send("u1", Reply(f"<b>📘 Kế hoạch</b>\nNgười gửi: {escape(HOSTILE)}"))
    [sent] = fake.sent
    assert sent.parse_mode == "html"
    assert sent.text == f"📘 Kế hoạch\nNgười gửi: {HOSTILE}"
    assert sent.bold == ("📘 Kế hoạch",)  # the name's <b> is text, not bold


async def test_numbered_choices_are_formatted_with_their_labels_literal(
    messenger: ZaloMessenger, fake: FakeZaloApi, choices: Choices
) -> None:
    buttons = ((Button(escape("A & <B>"), "x:1"),), (Button("<b>Đọc</b>", "x:2"),))
    await messenger.send("u1", Reply("<b>Chọn</b>", buttons=buttons))
    [sent] = fake.sent
    assert sent.text is not None and sent.text.endswith("1. A & <B>\n2. Đọc")
    assert sent.bold == ("Chọn", "Đọc")


async def test_pieces_are_cut_by_what_the_person_reads(
    messenger: ZaloMessenger, fake: FakeZaloApi, counter: Counter
) -> None:
    # 1,900 characters on screen, over 4,000 of markup: one message, not three.
    dense = "<b>" + escape("&<") * 950 + "</b>"
    await messenger.send("u1", Reply(dense))
    assert fake.texts_to("u1") == ["&<" * 950]
    # Bold paragraphs over three messages: each piece well-formed (the fake parses each).
    long = "\n\n".join(f"<b>Mục {i}</b> " + escape("a<b> ") * 120 for i in range(12))
    await messenger.send("u2", Reply(long))
    pieces = [s for s in fake.sent if s.chat_id == "u2"]
    assert len(pieces) >= 3 and all(len(p.text or "") <= 2000 for p in pieces)
    assert sum(len(p.bold) for p in pieces) == 12
    assert sum(counter.counts.values()) == 1 + len(pieces)


async def test_a_formatted_piece_zalo_refuses_goes_again_plain(
    messenger: ZaloMessenger, fake: FakeZaloApi, counter: Counter
) -> None:
    fake.fail_next("sendMessage", 400)
    await messenger.send("u1", Reply(f"<b>Thông báo</b> {escape(HOSTILE)}"))
    [sent] = fake.sent
    assert (sent.parse_mode, sent.text) == ("", f"Thông báo {HOSTILE}")
    assert sum(counter.counts.values()) == 1


async def test_plain_mode_sends_no_parse_mode(
    client: ZaloClient, choices: Choices, fake: FakeZaloApi
) -> None:
    plain = ZaloMessenger(client, Texts.load(), choices=choices, html=False)
    await plain.send("u1", Reply(f"<b>Tiêu đề</b> {escape(HOSTILE)}"))
    [sent] = fake.sent
    assert (sent.parse_mode, sent.raw, sent.bold) == ("", f"Tiêu đề {HOSTILE}", ())
    assert "parse_mode" not in fake.calls[-1][1]


async def test_a_caption_is_sent_only_when_there_is_one(
    messenger: ZaloMessenger, fake: FakeZaloApi, photos: PhotoServer
) -> None:
    await messenger.send("u1", Reply("", photo=Photo(b"png1", caption=" ")))
    await messenger.send("u1", Reply("", photo=Photo(b"png2", caption="<b>Biểu đồ</b>")))
    image = Document(file_id=fake.host_file(b"jpg"), name="", caption="")
    await messenger.send("u1", Reply("", document=image))
    sent = [(s.photo_bytes, s.caption_sent, s.caption) for s in fake.sent]
    assert sent == [(b"png1", False, ""), (b"png2", True, "Biểu đồ"), (b"jpg", False, "")]
