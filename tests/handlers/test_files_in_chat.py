"""A file uploaded on the web app sent back in chat: the 📎 buttons of an initiative, a
report, a nomination and a vote list's minutes send its bytes as a document (the chat has no
platform id for it), a file of another chat channel is still refused, and an upload whose
bytes are gone is said in Vietnamese."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete

from bot.app import App
from bot.callbacks import InitiativeFile, NominationFile, ReportFile
from bot.callbacks.year import VoteListChoice, VoteListMenu
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import FileInfo, MemberView
from models import StoredFile
from tests.factories import join, make_proposal
from tests.fakes.people import Person
from tests.services.nominations_seed import draft_for
from tests.web.vote_list_seed import MEETING, YEAR, returned_list, vote_list_settings

PDF = b"%PDF-1.7\n% thuyet minh\n%%EOF\n"
NAME = "Thuyết minh sáng kiến.pdf"


@pytest.fixture
def settings(database_url: str) -> Any:
    """The test organisation with an award catalogue (nominations, vote lists)."""
    return vote_list_settings(database_url)


async def member(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def test_an_initiatives_web_upload_is_sent_with_its_bytes(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    author = await member(app, an)
    upload = await app.services.files.store(author, NAME, "application/pdf", PDF)
    other = FileInfo("telegram", "BQACx", "anh.jpg", "image/jpeg", 10)
    item = await app.services.initiatives.submit(author, make_proposal(files=(upload, other)))
    web_file, telegram_file = item.files
    await office.press(InitiativeFile(item.id, web_file.id).pack())
    document = office.last.document
    assert document is not None and (document.name, document.content) == (NAME, PDF)
    assert document.file_id == "" and NAME in office.text
    await office.press(InitiativeFile(item.id, telegram_file.id).pack())
    assert "kênh khác" in office.text and office.last.document is None
    async with app.sessions.begin() as session:
        await session.execute(delete(StoredFile))
    await office.press(InitiativeFile(item.id, web_file.id).pack())
    assert f"Chưa lấy được tệp «{NAME}»" in office.text and office.last.document is None


async def test_a_reports_web_upload_is_sent_with_its_bytes(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "tp", "CNTT", Role.UNIT_HEAD, "Trưởng Phòng")
    head_view = await member(app, head)
    upload = await app.services.files.store(head_view, "Báo cáo.pdf", "application/pdf", PDF)
    reports = app.services.reports
    period = await reports.open_period(await member(app, office), "Năm 2026", date(2026, 12, 31))
    report = await reports.submit(
        head_view, period.id, "Đơn vị hoàn thành chỉ tiêu.", "Số hóa toàn bộ.", [upload]
    )
    await office.press(ReportFile(report.id, report.files[0].id).pack())
    document = office.last.document
    assert document is not None and (document.name, document.content) == ("Báo cáo.pdf", PDF)


async def test_a_nominations_web_evidence_is_sent_with_its_bytes(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "tp", "CNTT", Role.UNIT_HEAD, "Trưởng Phòng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    head_view = await member(app, head)
    upload = await app.services.files.store(head_view, "Minh chứng.pdf", "application/pdf", PDF)
    draft = draft_for(await member(app, an), award_code="GK-GD", files=(upload,))
    nomination = await app.services.nominations.submit(head_view, draft)
    await office.press(NominationFile(nomination.id, nomination.files[0].id).pack())
    document = office.last.document
    assert document is not None and document.content == PDF


async def test_a_lists_web_minutes_are_sent_with_their_bytes(app: App) -> None:
    unit = await returned_list(app)
    minutes = await app.services.files.store(unit.head, "Biên bản.pdf", "application/pdf", PDF)
    service = app.services.vote_lists
    view = await service.view(unit.head, unit.list_id)
    await service.submit(
        unit.head,
        YEAR,
        [r.row for r in view.rows],
        MEETING,
        [minutes],
        unit_id=view.unit_id,
        seen_version=view.version,
    )
    sent = await service.minutes(unit.office, unit.list_id)
    office = Person(app.router, "vp")
    await office.press(
        VoteListMenu(VoteListChoice.MINUTES, list_id=unit.list_id, item=sent[0].id).pack()
    )
    document = office.last.document
    assert document is not None and (document.name, document.content) == ("Biên bản.pdf", PDF)
