"""Staff list workbooks for the web tests."""

from __future__ import annotations

import io

from aiohttp import FormData
from openpyxl import Workbook  # type: ignore[import-untyped]

from tests.web.support import Client, session_csrf

HEADERS = ["Mã đơn vị", "Họ và tên", "Chức vụ", "Vai trò", "Phân loại"]


def workbook(*rows: tuple[str, ...]) -> bytes:
    """An .xlsx with the template's headers and ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(client: Client, data: bytes, name: str = "danh-sach.xlsx") -> object:
    """Post ``data`` to the import form as the browser does."""
    form = FormData()
    form.add_field("_csrf", session_csrf(client))
    form.add_field(
        "file", io.BytesIO(data), filename=name, content_type="application/octet-stream"
    )
    return await client.post("/web/nhap-danh-sach", data=form)
