"""Documents in chat: ``/vanban`` asks for a code, ``/vanban CODE`` offers a button per
document the person may have, a press sends the file, and the Office sees the dossier's blank
fields before "Vẫn tạo hồ sơ" sends the .zip; the 📄 button of detail screens opens the same
offer, shown only to those who may have something, and forged presses get nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.callbacks import (
    DocumentChoice,
    DocumentMenu,
    DocumentSubject,
    InitiativeOpen,
    NominationOpen,
    SessionChoice,
    SessionMenu,
)
from bot.config import Settings
from bot.documents import Draft
from bot.roles import Role
from bot.services.documents import MAKERS, DocumentKind, Setting, Subject, SubjectKind
from tests.factories import make_member
from tests.fakes.people import Person
from tests.services.documents_seed import (
    DECISION_NUMBER,
    PLACE_LABEL,
    SESSION_CODE,
    Seeded,
    documents_settings,
    docx_text,
    seed,
)

NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"
BUTTON = "📄 Văn bản"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App) -> Seeded:
    return await seed(app)


def person(app: App, user: str) -> Person:
    return Person(app.router, user)


def labels(who: Person) -> list[str]:
    return [b.label for b in who.last.flat_buttons()]


async def test_vanban_alone_asks_for_a_code_and_an_unknown_one_is_named(
    app: App, seeded: Seeded
) -> None:
    office = person(app, "vp")
    await office.send("/vanban")
    assert "/vanban PH-2026-001" in office.text
    await office.send("/vanban XY-1")
    assert "«XY-1»" in office.text


async def test_the_office_gets_a_sessions_minutes_then_its_dossier_after_the_warning(
    app: App, seeded: Seeded
) -> None:
    office = person(app, "vp")
    await office.send(f"vanban {SESSION_CODE.lower()}")  # typed without "/", as on Zalo
    assert f"Văn bản của Phiên họp {SESSION_CODE}" in office.text
    # Nothing passed at this session: no Tờ trình or draft decision is offered.
    assert labels(office) == [
        "Biên bản họp Hội đồng",
        "Danh sách khen thưởng (.xlsx)",
        "📦 Cả bộ hồ sơ (.zip)",
    ]
    reply = await office.tap("Biên bản họp Hội đồng")
    assert reply is not None and reply.document is not None
    assert "Phiên họp xét khen thưởng năm 2026" in docx_text(reply.document.content)
    assert PLACE_LABEL in office.text  # the blank field is told with the file

    await office.send(f"/vanban {SESSION_CODE}")
    await office.tap("Cả bộ hồ sơ")
    assert "gồm 2 văn bản" in office.text  # the minutes and the reward list: no item passed
    assert PLACE_LABEL in office.text
    assert office.last.document is None
    reply = await office.tap("Vẫn tạo hồ sơ")
    assert reply is not None and reply.document is not None
    assert reply.document.name == f"Ho-so-{SESSION_CODE}.zip"
    with zipfile.ZipFile(io.BytesIO(reply.document.content)) as archive:
        assert sorted(archive.namelist()) == [
            f"Bien-ban-hop-Hoi-dong-{SESSION_CODE}.docx",
            f"Danh-sach-khen-thuong-{SESSION_CODE}.xlsx",
            "THIEU-DU-LIEU.txt",
        ]


async def test_a_session_screen_carries_the_documents_button(app: App, seeded: Seeded) -> None:
    office = person(app, "vp")
    await office.press(SessionMenu(SessionChoice.SHOW, seeded.session).pack())
    await office.tap(BUTTON)
    assert f"Phiên họp {SESSION_CODE}" in office.text


async def test_a_unit_head_gets_their_nominees_report_from_its_screen(
    app: App, seeded: Seeded
) -> None:
    head = person(app, "truong")
    await head.press(NominationOpen(seeded.nomination).pack())
    await head.tap(BUTTON)
    assert labels(head) == ["Báo cáo thành tích"]
    reply = await head.tap("Báo cáo thành tích")
    assert reply is not None and reply.document is not None
    assert "Nguyễn Văn An" in docx_text(reply.document.content)


async def test_another_units_head_is_refused_by_command_and_by_forged_button(
    app: App, seeded: Seeded
) -> None:
    other = person(app, "khac")
    await other.send(f"/vanban {seeded.nomination_code}")
    assert NOT_ALLOWED in other.text
    forged = DocumentMenu(
        DocumentChoice.FILE, DocumentSubject.NOMINATION, seeded.nomination, "achievement"
    )
    reply = await other.press(forged.pack())
    assert reply is not None and reply.document is None
    assert NOT_ALLOWED in other.text
    dossier = DocumentMenu(DocumentChoice.DOSSIER, DocumentSubject.SESSION, seeded.session)
    reply = await other.press(dossier.pack())
    assert reply is not None and reply.document is None
    assert NOT_ALLOWED in other.text


async def test_the_author_sees_the_button_and_a_leader_reviewing_does_not(
    app: App, seeded: Seeded
) -> None:
    author = person(app, "an")
    await author.press(InitiativeOpen(seeded.initiative).pack())
    await author.tap(BUTTON)
    reply = await author.tap("Đơn yêu cầu công nhận sáng kiến")
    assert reply is not None and reply.document is not None
    assert "Số hóa hồ sơ thi đua" in docx_text(reply.document.content)
    await make_member(app, "lanh", Role.LEADER, "VP", name="Hoàng Văn Lãnh")
    leader = person(app, "lanh")
    await leader.press(InitiativeOpen(seeded.initiative).pack())
    assert "Số hóa hồ sơ thi đua" in leader.text
    assert BUTTON not in labels(leader)
    await leader.press(NominationOpen(seeded.nomination).pack())
    assert "Nguyễn Văn An" in leader.text
    assert BUTTON not in labels(leader)
    await leader.send(f"/vanban {seeded.nomination_code}")
    assert NOT_ALLOWED in leader.text


async def test_a_kind_no_button_offers_shows_the_offer_again(app: App, seeded: Seeded) -> None:
    office = person(app, "vp")
    stale = DocumentMenu(DocumentChoice.FILE, DocumentSubject.SESSION, seeded.session, "bogus")
    reply = await office.press(stale.pack())
    assert reply is not None and reply.document is None
    assert "Chọn văn bản cần lấy" in office.text


async def test_a_kind_of_several_files_comes_as_one_zip(
    app: App, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = MAKERS[DocumentKind.RESULT_NOTICE][1]

    async def two(session: AsyncSession, subject: Subject, setting: Setting) -> tuple[Draft, ...]:
        # The shipped result notice, twice: a kind that gives several files (as a session's
        # draft decisions do, one per award) without seeding a whole council cycle.
        first = await notice(session, subject, setting)
        return (*first, *await notice(session, subject, setting))

    monkeypatch.setitem(
        MAKERS, DocumentKind.RESULT_NOTICE, (frozenset({SubjectKind.DECISION}), two)
    )
    office = person(app, "vp")
    await office.send(f"/vanban {DECISION_NUMBER}")
    reply = await office.tap("Thông báo kết quả")
    assert reply is not None and reply.document is not None
    assert reply.document.name == "result-notice-1-QD-STTTT.zip"
    with zipfile.ZipFile(io.BytesIO(reply.document.content)) as archive:
        assert sorted(archive.namelist()) == [
            "THIEU-DU-LIEU.txt",
            "Thong-bao-ket-qua-1-QD-STTTT-2.docx",
            "Thong-bao-ket-qua-1-QD-STTTT.docx",
        ]
