"""The Tờ trình, the (draft) decision with its list and amounts, and the result notice, made
from a seeded session and recorded decisions and opened with python-docx."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot import errors
from bot.app import App, open_app
from bot.documents import Draft
from bot.services.documents import MAKERS, DocumentKind, Subject
from tests.fakes.clock import FakeClock
from tests.services.documents_council_seed import (
    documents_app,  # noqa: F401 - the app fixture
    documents_settings,
    setting_of,
    text_of,
)
from tests.services.documents_cycle_seed import seed_cycle

BASE_SALARY = "documents.council_field.base_salary"


@pytest.fixture
async def unpaid(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The same cycle with no base salary configured."""
    settings = documents_settings(database_url, rewards={})
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def _make(app: App, kind: DocumentKind, subject: Subject) -> tuple[Draft, ...]:
    async with app.sessions() as session:
        return await MAKERS[kind][1](session, subject, setting_of(app))


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


async def test_a_session_gives_one_submission_per_granting_authority(app: App) -> None:
    cycle = await seed_cycle(app)
    here, above = await _make(app, DocumentKind.SUBMISSION, cycle.session)
    director = text_of(here)
    assert "TỜ TRÌNH" in director and "Kính gửi: Giám đốc Sở." in director
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in director
    assert "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Sở ngày 15 tháng 12 năm 2026," in (
        director
    )
    assert "khen thưởng cho 3 tập thể, cá nhân" in director
    # The passed items granted here, each with its amount; the failed one is not proposed.
    assert _lines(director, "2 |") == [
        "2 | Trần Thị Bình | Phòng Công nghệ thông tin | Giấy khen của Giám đốc Sở | 0,3 | 710.000"
    ]
    assert "Vũ Thị Khác" not in director
    assert _lines(director, " | Tổng cộng") == [" | Tổng cộng |  |  |  | 3.760.000"]
    assert "GIÁM ĐỐC" in director and "Nguyễn Văn Giám" in director
    province = text_of(above)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh." in province
    assert "Phạm Văn Trưởng" in province and "Nguyễn Văn An" not in province
    # The province's award has no multiple configured: blank, and the Office is told.
    assert "documents.council_field.reward_multiple" in above.missing
    assert {"documents.council_field.number", "documents.council_field.signed_on"} <= set(
        above.missing
    )


async def test_a_recorded_submission_keeps_its_number_and_date(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.SUBMISSION, cycle.submission)
    text = text_of(draft)
    assert "Số:\u00a0130/TTr-STTTT" in text and "Vĩnh Phúc, ngày 18 tháng 12 năm 2026" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh." in text
    with pytest.raises(errors.DocumentKindUnavailable):
        await _make(app, DocumentKind.SUBMISSION, cycle.decision)


async def test_a_session_drafts_a_decision_per_award_granted_here(app: App) -> None:
    cycle = await seed_cycle(app)
    drafts = await _make(app, DocumentKind.DECISION, cycle.session)
    assert [d.file_name for d in drafts] == [
        "Quyet-dinh-PH-2026-0001-CSTDCS.docx",
        "Quyet-dinh-PH-2026-0001-GK-GD.docx",
    ]
    text = text_of(drafts[1])
    assert "Số:\u00a0……/QĐ-STTTT" in text and "ngày …… tháng …… năm ……" in text
    assert "Về việc tặng Giấy khen của Giám đốc Sở năm 2026" in text
    assert "GIÁM ĐỐC SỞ" in text
    assert "Điều 1. Tặng Giấy khen của Giám đốc Sở năm 2026 cho 2 tập thể, cá nhân" in text
    # 0,3 × 2.340.000 = 702.000, rounded up to the next 10.000.
    assert "được thưởng 710.000 đồng (hệ số 0,3 × mức lương cơ sở 2.340.000 đồng)" in text
    assert "Điều 3." in text and "Như Điều 3;" in text
    assert _lines(text, "1 |") == ["1 | Trần Thị Bình | Phòng Công nghệ thông tin | 0,3 | 710.000"]
    assert _lines(text, " | Tổng cộng") == [" | Tổng cộng |  |  | 1.420.000"]
    assert "documents.council_field.number" in drafts[1].missing


async def test_a_recorded_decision_leaves_a_cancelled_award_out_of_the_amounts(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.DECISION, cycle.decision)
    text = text_of(draft)
    assert "Số:\u00a0125/QĐ-STTTT" in text and "Vĩnh Phúc, ngày 20 tháng 12 năm 2026" in text
    assert "(Kèm theo Quyết định số 125/QĐ-STTTT ngày 20 tháng 12 năm 2026 của Giám đốc Sở)" in (
        text
    )
    assert _lines(text, "2 |") == [
        "2 | Hoàng Văn Lãnh (đã hủy khen thưởng) | Phòng Công nghệ thông tin | 0,3 | -"
    ]
    assert _lines(text, " | Tổng cộng") == [" | Tổng cộng |  |  | 710.000"]
    assert draft.missing == ()


async def test_without_a_base_salary_the_amounts_and_total_are_blank(unpaid: App) -> None:
    cycle = await seed_cycle(unpaid)
    drafts = await _make(unpaid, DocumentKind.DECISION, cycle.session)
    text = text_of(drafts[1])
    assert _lines(text, "1 |") == ["1 | Trần Thị Bình | Phòng Công nghệ thông tin | 0,3 | …………"]
    assert _lines(text, " | Tổng cộng") == [" | Tổng cộng |  |  | …………"]
    assert "được thưởng ………… đồng (hệ số 0,3 × mức lương cơ sở ………… đồng)" in text
    assert BASE_SALARY in drafts[1].missing


async def test_the_result_notice_lists_who_was_awarded(app: App) -> None:
    cycle = await seed_cycle(app)
    (draft,) = await _make(app, DocumentKind.RESULT_NOTICE, cycle.decision)
    text = text_of(draft)
    assert "Kết quả khen thưởng năm 2026" in text
    assert "Căn cứ Quyết định số 125/QĐ-STTTT ngày 20 tháng 12 năm 2026 của Giám đốc Sở" in text
    assert _lines(text, "1 |") == [
        "1 | Trần Thị Bình | Phòng Công nghệ thông tin | Giấy khen của Giám đốc Sở"
    ]
    assert "Hoàng Văn Lãnh" not in text  # cancelled
    with pytest.raises(errors.DocumentKindUnavailable):
        await _make(app, DocumentKind.RESULT_NOTICE, cycle.submission)


async def test_an_open_session_has_no_submission_or_decision_yet(app: App) -> None:
    cycle = await seed_cycle(app, session_state="open")
    for kind in (DocumentKind.SUBMISSION, DocumentKind.DECISION):
        with pytest.raises(errors.DocumentKindUnavailable):
            await _make(app, kind, cycle.session)
