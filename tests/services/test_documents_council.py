"""The minutes of a unit's vote and of a council session, the public notice and a dossier's
related subjects, made from real rows and opened with python-docx."""

from __future__ import annotations

from sqlalchemy import update

from bot.app import App
from bot.documents import Draft
from bot.services.documents import MAKERS, DocumentKind, Subject, SubjectKind, related
from models import VoteList
from tests.services.documents_council_seed import (
    documents_app,  # noqa: F401 - the app fixture
    setting_of,
    text_of,
)
from tests.services.documents_cycle_seed import seed_cycle


async def _make(app: App, kind: DocumentKind, subject: Subject) -> tuple[Draft, ...]:
    async with app.sessions() as session:
        return await MAKERS[kind][1](session, subject, setting_of(app))


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


async def test_the_vote_minutes_give_the_meeting_and_each_rows_votes(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.VOTE_MINUTES, cycle.vote_list)
    text = text_of(draft)
    assert "PHÒNG CÔNG NGHỆ THÔNG TIN" in text and "Số:\u00a0……/BB-STTTT" in text
    assert "Họp bình xét thi đua, khen thưởng năm 2026" in text
    assert "Hôm nay, ngày 01 tháng 12 năm 2026, vào hồi …………, tại …………" in text
    assert "Số người dự họp: 14 người." in text
    assert _row(text, "1 |") == "1 | Nguyễn Văn An | Chiến sĩ thi đua cơ sở | 12 / 85,7%"
    assert _row(text, "3 |").endswith("Bằng khen của Chủ tịch UBND tỉnh | 14 / 100%")
    assert "CHỦ TRÌ" in text and "THƯ KÝ" in text
    # The hour, place, chair and secretary are never held: blanks the Office is told of.
    assert "documents.council_field.chair" in draft.missing
    assert "documents.council_field.meeting_on" not in draft.missing
    assert draft.file_name == "Bien-ban-binh-xet-BX-2026-0001.docx"


async def test_vote_minutes_without_the_day_or_attendance_leave_blanks(app: App) -> None:
    cycle = await seed_cycle(app)
    async with app.sessions.begin() as session:
        await session.execute(
            update(VoteList)
            .where(VoteList.id == cycle.vote_list.id)
            .values(meeting_on=None, attendees=None)
        )
    (draft,) = await _make(app, DocumentKind.VOTE_MINUTES, cycle.vote_list)
    text = text_of(draft)
    assert "Hôm nay, ngày …… tháng …… năm ……" in text
    assert "Số người dự họp: ………… người." in text
    # The share is known, the count is not without the attendance.
    assert _row(text, "1 |") == "1 | Nguyễn Văn An | Chiến sĩ thi đua cơ sở | ………… / 85,7%"
    for field in ("meeting_on", "attendees", "votes"):
        assert f"documents.council_field.{field}" in draft.missing


async def test_the_council_minutes_give_the_tally_of_all_members(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.COUNCIL_MINUTES, cycle.session)
    text = text_of(draft)
    assert "Họp Hội đồng Thi đua - Khen thưởng Sở" in text
    assert "Hôm nay, ngày 15 tháng 12 năm 2026" in text
    assert "Chủ trì: Đỗ Văn Hội." in text
    assert "Tổng số thành viên Hội đồng: 5 người; số thành viên tham gia biểu quyết: 5 người." in (
        text
    )
    assert "bỏ phiếu kín đối với các nội dung ghi “bỏ phiếu kín”" in text
    assert _row(text, "1 |") == (
        "1 | Nguyễn Văn An | Phòng Công nghệ thông tin | Chiến sĩ thi đua cơ sở (bỏ phiếu kín)"
        " | 4 | 1 | 80% | Đạt"
    )
    assert _row(text, "4 |").endswith("Giấy khen của Giám đốc Sở | 1 | 3 | 20% | Không đạt")
    assert "Số tập thể, cá nhân đạt: 4/5." in text
    assert "chưa kết thúc" not in text
    assert "documents.council_field.members_total" not in draft.missing


async def test_an_open_session_gives_the_tally_so_far_marked_not_closed(app: App) -> None:
    cycle = await seed_cycle(app, session_state="open")
    (draft,) = await _make(app, DocumentKind.COUNCIL_MINUTES, cycle.session)
    text = text_of(draft)
    assert "Phiên họp chưa kết thúc: số phiếu tính đến 22/12/2026" in text
    # The roll as it stands counts while no total was fixed by closing.
    assert "Tổng số thành viên Hội đồng: 5 người" in text
    assert _row(text, "2 |").endswith("| 3 | 1 | 60% | Đang biểu quyết")
    assert "Số tập thể, cá nhân đạt: …………/5." in text


async def test_the_public_notice_lists_the_rows_and_the_objection_deadline(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.PUBLIC_NOTICE, cycle.listing)
    text = text_of(draft)
    assert "Vĩnh Phúc, ngày 02 tháng 12 năm 2026" in text
    assert "Đề nghị Bằng khen của Chủ tịch UBND tỉnh" in text
    assert _row(text, "1 |") == (
        "1 | Phạm Văn Trưởng | Phòng Công nghệ thông tin | Bằng khen của Chủ tịch UBND tỉnh"
    )
    assert "đến hết ngày 10 tháng 12 năm 2026" in text
    assert draft.missing == ()


async def test_a_sessions_dossier_names_its_nominations_initiatives_lists_and_listings(
    app: App,
) -> None:
    cycle = await seed_cycle(app)
    async with app.sessions() as session:
        found = await related(session, cycle.session)
        decided = await related(session, cycle.decision)
    kinds = [(s.kind, s.id) for s in found]
    ids = cycle.items
    assert kinds == [
        *((SubjectKind.NOMINATION, ids[u]) for u in ("an", "binh", "truong", "khac", "lanh")),
        (SubjectKind.INITIATIVE, cycle.initiative),
        (SubjectKind.VOTE_LIST, cycle.vote_list.id),
        (SubjectKind.LISTING, cycle.listing.id),
    ]
    assert [s.code for s in found][-2:] == ["BX-2026-0001", "CK-2026-0001"]
    assert [(s.kind, s.id) for s in decided] == [
        (SubjectKind.SESSION, cycle.session.id),
        (SubjectKind.NOMINATION, ids["binh"]),
        (SubjectKind.NOMINATION, ids["lanh"]),
        (SubjectKind.VOTE_LIST, cycle.vote_list.id),
    ]
