"""The staff list import over HTTP: the template, a preview that names every row's problem
and writes nothing, an import making one invite per person, and refused uploads."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientResponse
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select

from bot.app import App
from bot.config_web import Web
from bot.roles import Role
from models import Invite, Member
from tests.factories import make_member
from tests.web.staff_files import upload, workbook
from tests.web.support import Client, post_form, sign_in, web_client

GOOD = ("CNTT", "Lê Văn <script>An</script>", "Chuyên viên", "Cán bộ", "")


@pytest.fixture
async def office(app: App) -> AsyncIterator[Client]:
    member = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    async with web_client(app) as client:
        await sign_in(client, app, member)
        yield client


async def counts(app: App) -> tuple[int, int]:
    async with app.sessions() as session:
        members = await session.scalar(select(func.count(Member.id)))
        invites = await session.scalar(
            select(func.count(Invite.id)).where(Invite.member_id.is_not(None))
        )
    return int(members or 0), int(invites or 0)


def hidden(text: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', text)
    assert found is not None, name
    return found.group(1)


async def test_the_template_is_a_workbook_with_vietnamese_headers(office: Client) -> None:
    answer = await office.get("/web/nhap-danh-sach/mau.xlsx")
    assert answer.status == 200
    sheet = load_workbook(io.BytesIO(await answer.read())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã đơn vị", "Họ và tên") and rows[1][0] == "CNTT"


async def test_one_bad_row_is_previewed_and_nothing_is_written_then_the_fix_imports(
    app: App, office: Client
) -> None:
    before = await counts(app)
    bad = workbook(
        GOOD, ("KHONGCO", "Phạm Văn Cường", "", "", ""), ("CNTT", "", "Kế toán", "", "")
    )
    answer = await upload(office, bad)
    assert isinstance(answer, ClientResponse) and answer.status == 200
    text = await answer.text()
    assert "Không có đơn vị mang mã này" in text and "Thiếu họ và tên" in text
    assert "3 dòng: 1 dòng hợp lệ, 2 dòng có lỗi." in text
    assert "Lê Văn &lt;script&gt;An&lt;/script&gt;" in text and "<script>An" not in text
    assert await counts(app) == before
    fixed = workbook(GOOD, ("VHTT-VY", "Phạm Văn Cường", "", "", ""))
    preview = await upload(office, fixed)
    assert isinstance(preview, ClientResponse)
    page = await preview.text()
    assert "2 dòng: 2 dòng hợp lệ, 0 dòng có lỗi." in page
    done = await post_form(
        office,
        "/web/nhap-danh-sach/nhap",
        {"rows": hidden(page, "rows"), "sig": hidden(page, "sig")},
    )
    cards = await done.text()
    assert done.status == 200 and "Đã thêm 2 cán bộ" in cards
    assert cards.count('class="invite-card"') == 2 and "thamgia " in cards
    assert await counts(app) == (before[0] + 2, 2)
    again = await upload(office, fixed)
    assert isinstance(again, ClientResponse) and "Đã là cán bộ của đơn vị" in await again.text()


async def test_a_tampered_confirmation_writes_nothing(app: App, office: Client) -> None:
    preview = await upload(office, workbook(GOOD))
    assert isinstance(preview, ClientResponse)
    page = await preview.text()
    before = await counts(app)
    forged = await post_form(
        office,
        "/web/nhap-danh-sach/nhap",
        {"rows": hidden(page, "rows") + "x", "sig": hidden(page, "sig")},
    )
    assert forged.status == 400 and "Bản xem trước không còn dùng được" in await forged.text()
    assert await counts(app) == before


async def test_a_file_that_is_not_xlsx_is_refused_with_a_message(app: App, office: Client) -> None:
    answer = await upload(office, b"Ma don vi,Ho va ten\nCNTT,An\n", name="danh-sach.xlsx")
    assert isinstance(answer, ClientResponse) and answer.status == 400
    assert "không phải bảng tính Excel .xlsx" in await answer.text()


async def test_an_oversized_upload_and_a_missing_token_are_refused(app: App) -> None:
    member = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    settings = Web(public_base_url="http://127.0.0.1", upload_max_mb=1)
    async with web_client(app, settings) as client:
        await sign_in(client, app, member)
        big = workbook(GOOD) + b"\0" * (1024 * 1024 + 10)
        answer = await upload(client, big)
        assert isinstance(answer, ClientResponse) and answer.status == 413
        assert "lớn hơn 1 MB" in await answer.text()
        no_csrf = await client.post("/web/nhap-danh-sach/nhap", data={"rows": "", "sig": ""})
        assert no_csrf.status == 403
    assert (await counts(app))[1] == 0
