"""Opening a dossier's attachments on the web: an upload shown in the browser with headers a
browser cannot misread, a file sent on Telegram fetched through the (fake) Bot API, and every
address one may not open refused as the pages are (signed out, another unit, another item's
file, a channel not running here) — never with the bytes, never with an error page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from urllib.parse import quote

import pytest
from telegram import Bot

from bot.app import App
from bot.channels.telegram.messenger import TelegramMessenger
from bot.channels.telegram.transport import AiohttpRequest
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import FileInfo, MemberView
from tests.factories import make_member, make_proposal
from tests.fakes.telegram import FakeTelegramApi
from tests.web.initiatives_support import desk
from tests.web.support import Client, sign_in, web_client

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PDF_NAME = "Thuyết minh sáng kiến «số hóa».pdf"
DOCX = b"PK\x03\x04" + b"\x00" * 40
DOCX_NAME = "Báo cáo tổng kết năm.docx"


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app) as client:
        yield client


@pytest.fixture
async def telegram(app: App) -> AsyncIterator[FakeTelegramApi]:
    """The Telegram channel running in this process, on the fake Bot API server."""
    async with FakeTelegramApi(bot_username="thidua_test_bot") as fake:
        bot = Bot(
            "123:FILES",
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            request=AiohttpRequest(2),
            get_updates_request=AiohttpRequest(1),
        )
        async with bot:
            app.messengers[Channel.TELEGRAM] = TelegramMessenger(bot)
            yield fake
        assert fake.internal_errors == []


async def uploaded(app: App, by: MemberView, name: str, content: bytes, mime: str) -> FileInfo:
    return await app.services.files.store(by, name, mime, content)


async def initiative_with(app: App, author: MemberView, *files: FileInfo) -> tuple[int, int]:
    """A submitted initiative with ``files``; its id and its first file's attachment id."""
    view = await app.services.initiatives.submit(author, make_proposal(files=files))
    return view.id, view.files[0].id


async def test_an_upload_opens_in_the_browser_with_safe_headers(app: App, client: Client) -> None:
    d = await desk(app)
    pdf = await uploaded(app, d.author, PDF_NAME, PDF, "application/pdf")
    item, file = await initiative_with(app, d.author, pdf)
    await sign_in(client, app, d.office)
    page = await (await client.get(f"/web/sang-kien/{item}")).text()
    address = f"/web/sang-kien/{item}/tep/{file}"
    assert f'href="{address}" target="_blank"' in page and ">Xem</a>" in page
    assert f'href="{address}?tai-ve=1">Tải về</a>' in page
    assert "tải lên trên trang web" in page
    shown = await client.get(address)
    assert shown.status == 200 and await shown.read() == PDF
    assert shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert "default-src 'none'" in shown.headers["Content-Security-Policy"]
    disposition = shown.headers["Content-Disposition"]
    assert disposition.startswith("inline; filename=")
    assert f"filename*=UTF-8''{quote(PDF_NAME, safe='')}" in disposition
    assert 'filename="Thuyet minh sang kien _so hoa_.pdf"' in disposition
    saved = await client.get(address + "?tai-ve=1")
    assert saved.headers["Content-Disposition"].startswith("attachment; ")
    assert saved.headers["Content-Type"] == "application/pdf"


async def test_a_page_named_like_a_pdf_is_only_downloaded(app: App, client: Client) -> None:
    d = await desk(app)
    html = b"<html><script>alert(document.cookie)</script></html>"
    fake_pdf = await uploaded(app, d.author, "hoa-don.pdf", html, "application/pdf")
    item, file = await initiative_with(app, d.author, fake_pdf)
    await sign_in(client, app, d.office)
    got = await client.get(f"/web/sang-kien/{item}/tep/{file}")
    assert got.status == 200 and await got.read() == html
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment; ")
    assert got.headers["X-Content-Type-Options"] == "nosniff"


async def test_an_uploaded_image_is_previewed_on_the_dossier(app: App, client: Client) -> None:
    d = await desk(app)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
    image = await uploaded(app, d.author, "ảnh hiện trường.png", png, "image/png")
    item, file = await initiative_with(app, d.author, image)
    await sign_in(client, app, d.head)
    page = await (await client.get(f"/web/sang-kien/{item}")).text()
    assert f'<img class="thumb" src="/web/sang-kien/{item}/tep/{file}"' in page
    got = await client.get(f"/web/sang-kien/{item}/tep/{file}")
    assert got.headers["Content-Type"] == "image/png"
    assert got.headers["Content-Disposition"].startswith("inline; ")


async def test_a_file_sent_on_telegram_is_fetched_from_the_platform(
    app: App, client: Client, telegram: FakeTelegramApi
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "cntt", Role.UNIT_HEAD, "CNTT", name="Trưởng CNTT")
    sent = telegram.push_document(5001, DOCX_NAME, DOCX, mime_type="application/zip", queue=False)
    document = sent["message"]["document"]
    file = FileInfo("telegram", document["file_id"], DOCX_NAME, "application/zip", len(DOCX))
    reports = app.services.reports
    period = await reports.open_period(office, "Báo cáo năm 2026", date(2026, 12, 31))
    report = await reports.submit(
        head, period.id, "Đơn vị hoàn thành các chỉ tiêu.", "Số hóa toàn bộ hồ sơ.", [file]
    )
    address = f"/web/bao-cao/{report.id}/tep/{report.files[0].id}"
    await sign_in(client, app, office)
    page = await (await client.get(f"/web/bao-cao/{report.id}")).text()
    assert f'href="{address}?tai-ve=1"' in page and "gửi qua Telegram" in page
    assert f'href="{address}" target' not in page  # a Word file has nothing to preview
    got = await client.get(address)
    assert got.status == 200 and await got.read() == DOCX
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment; ")
    assert quote(DOCX_NAME, safe="") in got.headers["Content-Disposition"]


async def test_a_chat_file_without_its_channel_here_is_refused_in_vietnamese(
    app: App, client: Client
) -> None:
    d = await desk(app)
    file = FileInfo("telegram", "BQACgone", "Quyết định.pdf", "application/pdf", 900)
    item, attachment = await initiative_with(app, d.author, file)
    await sign_in(client, app, d.office)
    got = await client.get(f"/web/sang-kien/{item}/tep/{attachment}")
    text = await got.text()
    assert got.status == 409 and "Chưa lấy được tệp «Quyết định.pdf»" in text
    assert got.headers["Content-Type"].startswith("text/html")


async def test_the_file_of_another_item_or_a_forged_id_is_not_found(
    app: App, client: Client
) -> None:
    d = await desk(app)
    mine = await uploaded(app, d.author, "cua-toi.pdf", PDF, "application/pdf")
    theirs = await uploaded(app, d.author, "cua-nguoi-khac.pdf", PDF, "application/pdf")
    item, _ = await initiative_with(app, d.author, mine)
    _, other_file = await initiative_with(app, d.author, theirs)
    await sign_in(client, app, d.office)
    base = f"/web/sang-kien/{item}/tep/"
    for forged in (str(other_file), "999999", "abc", "1" * 12, "%C2%B2"):
        got = await client.get(base + forged)
        assert got.status == 404, forged
        assert "không có tệp đính kèm đó" in await got.text()
    assert (await client.get(f"/web/sang-kien/999999/tep/{other_file}")).status == 404


async def test_another_units_item_or_a_signed_out_visitor_gets_no_bytes(
    app: App, client: Client
) -> None:
    d = await desk(app)
    pdf = await uploaded(app, d.author, "mat.pdf", PDF, "application/pdf")
    item, file = await initiative_with(app, d.author, pdf)
    address = f"/web/sang-kien/{item}/tep/{file}"
    signed_out = await client.get(address, allow_redirects=False)
    assert signed_out.status == 303 and signed_out.headers["Location"] == "/web/het-han"
    outsider = await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Trưởng VY")
    await sign_in(client, app, outsider)
    refused = await client.get(address)
    assert refused.status == 403 and PDF not in await refused.read()
