"""A unit's first vote list of the year made on the web: the table, the meeting and its minutes
uploaded in one multipart POST. Every file is told by its bytes and size; nothing is stored
or sent until the whole form is right; the list reaches the Office as one made in chat, its
minutes attached as channel "web". Also: new minutes sent with a returned list replace the
old ones."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from io import BytesIO
from typing import Any

import pytest
from aiohttp import FormData, web
from markupsafe import Markup
from multidict import CIMultiDict, CIMultiDictProxy, MultiDict
from sqlalchemy import func, select

from bot.app import App
from bot.config_web import Web
from bot.roles import Role
from bot.services.vote_lists import ListState
from bot.web.forms import FormState
from bot.web.pages import vote_list_minutes
from models import AuditEntry, Delivery, StoredFile
from tests.factories import make_member
from tests.web.support import Client, session_csrf, sign_in, web_client
from tests.web.vote_list_seed import (
    YEAR,
    Unit,
    fresh_unit,
    returned_list,
    table,
    vote_list_settings,
)

NEW = "/web/binh-xet/lap"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app, Web(public_base_url="http://127.0.0.1", upload_max_mb=1)) as c:
        yield c


async def _post(
    client: Client,
    path: str,
    fields: Mapping[str, str],
    files: Sequence[tuple[str, bytes]] = (),
    *,
    token: bool = True,
) -> Any:
    """POST the form as the page's multipart form does (the token unless ``token`` is off)."""
    data = FormData()
    for name, value in fields.items():
        data.add_field(name, value)
    if token:
        data.add_field("_csrf", session_csrf(client))
    for name, content in files:
        data.add_field("minutes", BytesIO(content), filename=name, content_type="application/pdf")
    return await client.post(path, data=data)


def _new_table(unit: Unit, **changes: str) -> dict[str, str]:
    return {"year": str(YEAR), **table(unit, **changes)}


async def _stored(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count(StoredFile.id))) or 0


async def test_a_head_makes_the_list_with_its_minutes(app: App, client: Client) -> None:
    unit = await fresh_unit(app)
    await sign_in(client, app, unit.head)
    home = await (await client.get(f"/web/binh-xet?nam={YEAR}")).text()
    assert f'href="{NEW}?nam={YEAR}"' in home and "Lập danh sách bình xét" in home
    blank = await client.get(f"{NEW}?nam={YEAR}")
    text = await blank.text()
    assert (
        blank.status == 200
        and 'type="file"' in text
        and "Nguyễn &lt;i&gt;Văn&lt;/i&gt; An" in text
    )
    sent = await _post(client, NEW, _new_table(unit), [("bien-ban.pdf", PDF)])
    assert "Đã gửi danh sách bình xét" in await sent.text()
    view = await app.services.vote_lists.current(unit.office, YEAR, unit.head.unit.id)
    assert view is not None and sent.url.path == f"/web/binh-xet/{view.id}"
    assert view.state is ListState.SUBMITTED and view.minutes == 1
    assert {(r.row.member_id, r.row.award_code, r.row.vote_share) for r in view.rows} == {
        (None, "TTLDTT", 0.9),
        (unit.staff[0].id, "CSTDCS", 0.9),
        *((p.id, "LDTT", 0.9) for p in unit.people),
    }
    # The Office finds it as one sent in chat: told, listed, the minutes readable as sent.
    (minutes,) = await app.services.vote_lists.minutes(unit.office, view.id)
    assert (minutes.channel, minutes.name, minutes.mime_type) == (
        "web",
        "bien-ban.pdf",
        "application/pdf",
    )
    assert (await app.services.files.content(minutes)).content == PDF
    async with app.sessions() as session:
        told = list(await session.scalars(select(Delivery.member_id)))
        audit = await session.scalar(
            select(AuditEntry.action).where(AuditEntry.entity_id == view.code)
        )
    assert unit.office.id in told and audit == "vote_list.submit"
    await sign_in(client, app, unit.office)
    overview = await (await client.get(f"/web/binh-xet?nam={YEAR}")).text()
    assert f'href="/web/binh-xet/{view.id}"' in overview
    page = await (await client.get(f"/web/binh-xet/{view.id}")).text()
    assert "1 tệp" in page and "Tiếp nhận" in page
    await sign_in(client, app, unit.head)
    again = await client.get(f"{NEW}?nam={YEAR}")  # one list a year: the page leads to it
    assert again.url.path == f"/web/binh-xet/{view.id}"


async def test_a_program_named_pdf_is_refused_and_the_form_kept(app: App, client: Client) -> None:
    unit = await fresh_unit(app)
    await sign_in(client, app, unit.head)
    binh = unit.staff[1]
    typed = _new_table(unit, **{f"s-{binh.id}-LDTT": "77,5", "attendees": "15"})
    answer = await _post(client, NEW, typed, [("bien-ban.pdf", PDF), ("bien-ban-2.pdf", EXE)])
    text = await answer.text()
    assert answer.status == 400
    assert "Tệp «bien-ban-2.pdf» không phải PDF" in text and "chọn lại tệp" in text
    assert 'value="77,5"' in text and 'value="15"' in text and 'value="20/02/2026"' in text
    assert await app.services.vote_lists.current(unit.head, YEAR) is None
    assert await _stored(app) == 0
    missing = await _post(client, NEW, typed)
    assert missing.status == 400 and "Chọn ít nhất một tệp biên bản" in await missing.text()
    wrong_cell = await _post(client, NEW, {**typed, "attendees": "0"}, [("bb.pdf", PDF)])
    assert wrong_cell.status == 400 and await _stored(app) == 0  # stored only once all is right


async def test_a_file_over_the_limit_is_refused(app: App, client: Client) -> None:
    unit = await fresh_unit(app)
    await sign_in(client, app, unit.head)
    big = PDF + b"0" * (1024 * 1024)
    answer = await _post(client, NEW, _new_table(unit), [("bien-ban.pdf", big)])
    assert answer.status == 413 and "lớn hơn 1 MB" in await answer.text()
    assert await app.services.vote_lists.current(unit.head, YEAR) is None
    assert await _stored(app) == 0


def test_each_file_is_checked_against_the_limit_next_to_the_field(app: App) -> None:
    form, none = FormState(), CIMultiDictProxy(CIMultiDict[str]())
    posted = MultiDict[Any](
        [
            ("minutes", web.FileField("minutes", "a.pdf", BytesIO(PDF), "", none)),
            ("minutes", web.FileField("minutes", "b.pdf", BytesIO(PDF * 9), "", none)),
        ]
    )
    kept = vote_list_minutes.read(posted, form, app.texts, len(PDF), required=True)
    assert [u.name for u in kept] == ["a.pdf"] and "Tệp «b.pdf» lớn hơn" in form.errors["minutes"]
    form = FormState()
    html = web.FileField("minutes", "<b>c.pdf", BytesIO(EXE), "", none)
    vote_list_minutes.read(MultiDict([("minutes", html)]), form, app.texts, 999, required=True)
    assert Markup(form.errors["minutes"]).startswith("Tệp «&lt;b&gt;c.pdf» không phải")  # once
    many = MultiDict[Any](
        ("minutes", web.FileField("minutes", f"{n}.pdf", BytesIO(PDF), "", none)) for n in range(6)
    )
    form = FormState()
    assert vote_list_minutes.read(many, form, app.texts, len(PDF), required=True) == []
    assert "tối đa 5 tệp" in form.errors["minutes"]


async def test_only_the_units_head_or_the_office_may_make_it(app: App, client: Client) -> None:
    unit = await fresh_unit(app)
    cntt = unit.head.unit.id
    others = {"year": str(YEAR), "unit": str(cntt)}
    await sign_in(client, app, unit.other)
    assert (await client.get(f"{NEW}?nam={YEAR}&don-vi={cntt}")).status == 403
    forged = await _post(client, NEW, {**_new_table(unit), **others}, [("bb.pdf", PDF)])
    assert forged.status == 403
    council = await make_member(app, "hd", Role.COUNCIL, "VP", name="Hội Đồng")  # no list role
    await sign_in(client, app, council)
    assert (await client.get(NEW)).status == 403
    assert (await _post(client, NEW, _new_table(unit), [("bb.pdf", PDF)])).status == 403
    await sign_in(client, app, unit.head)
    no_token = await _post(client, NEW, _new_table(unit), [("bb.pdf", PDF)], token=False)
    assert no_token.status == 403
    assert await app.services.vote_lists.current(unit.head, YEAR) is None
    assert await _stored(app) == 0
    # The Office makes it for a unit whose head has not (a link from its overview).
    await sign_in(client, app, unit.office)
    overview = await (await client.get(f"/web/binh-xet?nam={YEAR}")).text()
    assert f"{NEW}?nam={YEAR}&amp;don-vi={cntt}" in overview
    sent = await _post(
        client, NEW, {**_new_table(unit), **others}, [("bb.png", b"\x89PNG\r\n\x1a\n")]
    )
    assert "Đã gửi danh sách bình xét" in await sent.text()
    assert await app.services.vote_lists.current(unit.head, YEAR) is not None


async def test_new_minutes_replace_those_of_a_returned_list(app: App, client: Client) -> None:
    unit = await returned_list(app)
    await sign_in(client, app, unit.head)
    path = f"/web/binh-xet/{unit.list_id}"
    form = await (await client.get(path)).text()
    assert 'enctype="multipart/form-data"' in form and 'name="minutes"' in form
    version = str((await app.services.vote_lists.view(unit.head, unit.list_id)).version)
    bad = await _post(client, path, table(unit, version=version), [("bb.pdf", EXE)])
    assert bad.status == 400 and "không phải PDF" in await bad.text()
    sent = await _post(client, path, table(unit, version=version), [("moi.pdf", PDF)])
    assert "Đã gửi lại danh sách" in await sent.text()
    (minutes,) = await app.services.vote_lists.minutes(unit.head, unit.list_id)
    assert (minutes.channel, minutes.name) == ("web", "moi.pdf")
