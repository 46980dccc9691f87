"""The documents service: codes resolved whatever their case, who may have which document
(the Office everything; a unit head their unit's achievement report and application, not
another unit's; an author their application; nobody else), forged codes and kinds refused,
files filled from the database, and a decision's dossier packed with its blank fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot import errors
from bot.app import App, open_app
from bot.config import Settings
from bot.services.documents import DocumentKind, SubjectKind, SubjectRef
from tests.fakes.clock import FakeClock
from tests.services.documents_seed import (
    DECISION_NUMBER,
    DOCUMENTS,
    PLACE_BLANK,
    PLACE_LABEL,
    SESSION_CODE,
    Seeded,
    documents_settings,
    docx_text,
    seed,
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App) -> Seeded:
    return await seed(app)


async def test_the_office_gets_a_nominees_achievement_report_by_its_code_in_any_case(
    app: App, seeded: Seeded
) -> None:
    typed = f"  {seeded.nomination_code.lower()} "
    result = await app.services.documents.files(seeded.office, typed, DocumentKind.ACHIEVEMENT)
    assert result.subject.code == seeded.nomination_code
    [file] = result.files
    text = docx_text(file.content)
    assert "Nguyễn Văn An" in text
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in text.upper()
    assert file.name == f"Bao-cao-thanh-tich-Nguyen-Van-An-{seeded.nomination_code}.docx"
    assert PLACE_BLANK in file.missing


async def test_a_unit_head_gets_their_nominees_report_but_not_another_units(
    app: App, seeded: Seeded
) -> None:
    documents = app.services.documents
    mine = await documents.files(seeded.head, seeded.nomination_code, DocumentKind.ACHIEVEMENT)
    assert "Nguyễn Văn An" in docx_text(mine.files[0].content)
    for refused in (seeded.other_head, seeded.author, seeded.colleague):
        with pytest.raises(errors.NotAllowed):
            await documents.files(refused, seeded.nomination_code, DocumentKind.ACHIEVEMENT)


async def test_the_application_goes_to_its_author_and_unit_head_only(
    app: App, seeded: Seeded
) -> None:
    documents, code = app.services.documents, seeded.initiative_code
    for allowed in (seeded.author, seeded.head, seeded.office):
        result = await documents.files(allowed, code, DocumentKind.APPLICATION)
        assert "Số hóa hồ sơ thi đua" in docx_text(result.files[0].content)
    for refused in (seeded.colleague, seeded.other_head):
        with pytest.raises(errors.NotAllowed):
            await documents.files(refused, code, DocumentKind.APPLICATION)
        with pytest.raises(errors.NotAllowed):
            await documents.offer(refused, code)


async def test_what_each_person_is_offered(app: App, seeded: Seeded) -> None:
    documents = app.services.documents
    head = await documents.offer(seeded.head, seeded.nomination_code)
    assert (head.kinds, head.dossier, head.title) == (
        (DocumentKind.ACHIEVEMENT,),
        False,
        "Nguyễn Văn An",
    )
    office = await documents.offer(seeded.office, SESSION_CODE)
    assert (office.kinds, office.dossier) == (
        # Nothing passed at this session: no Tờ trình or draft decision to offer.
        (DocumentKind.COUNCIL_MINUTES, DocumentKind.REWARD_LIST),
        True,
    )
    by_button = await documents.offer(
        seeded.office, SubjectRef(SubjectKind.SESSION, seeded.session)
    )
    assert by_button.subject.code == SESSION_CODE
    with pytest.raises(errors.NotAllowed):
        await documents.offer(seeded.head, SESSION_CODE)
    assert await documents.kinds(seeded.author, seeded.nomination_code) == ()


async def test_forged_codes_and_kinds_are_refused(app: App, seeded: Seeded) -> None:
    documents = app.services.documents
    for code in ("DC-2026-9999", "SK-", "99/QĐ-STTTT", ""):
        with pytest.raises(errors.DocumentSubjectNotFound):
            await documents.files(seeded.office, code, DocumentKind.ACHIEVEMENT)
    with pytest.raises(errors.DocumentSubjectNotFound):
        await documents.offer(seeded.office, SubjectRef(SubjectKind.NOMINATION, 9999))
    with pytest.raises(errors.DocumentKindUnavailable):
        await documents.files(seeded.office, seeded.nomination_code, DocumentKind.PUBLIC_NOTICE)
    with pytest.raises(errors.DocumentKindUnavailable):
        await documents.files(seeded.office, seeded.initiative_code, DocumentKind.REWARD_LIST)
    with pytest.raises(errors.DocumentKindUnavailable):  # a decision, not a Tờ trình
        await documents.files(seeded.office, DECISION_NUMBER, DocumentKind.SUBMISSION)
    with pytest.raises(errors.DocumentKindUnavailable):
        await documents.dossier(seeded.office, seeded.nomination_code)


async def test_a_decisions_number_is_found_whatever_its_case(app: App, seeded: Seeded) -> None:
    subject = await app.services.documents.subject(seeded.office, DECISION_NUMBER.lower())
    assert (subject.kind, subject.code) == (SubjectKind.DECISION, DECISION_NUMBER)


async def test_a_decisions_dossier_is_for_the_office_and_notes_the_blanks(
    app: App, seeded: Seeded
) -> None:
    # The contents of a whole cycle's dossiers: test_documents_dossier.py.
    documents = app.services.documents
    plan = await documents.plan(seeded.office, DECISION_NUMBER)
    assert all(PLACE_BLANK in d.missing for d in plan.incomplete if d.name.endswith(".docx"))
    dossier = await documents.dossier(seeded.office, DECISION_NUMBER)
    assert dossier.name == "Ho-so-1-QD-STTTT.zip"
    with zipfile.ZipFile(io.BytesIO(dossier.content)) as archive:
        names = archive.namelist()
        notice = docx_text(archive.read("Thong-bao-ket-qua-1-QD-STTTT.docx"))
        notes = archive.read("THIEU-DU-LIEU.txt").decode("utf-8-sig")
    report = f"Bao-cao-thanh-tich-Tran-Thi-Binh-{seeded.awarded_code}.docx"
    assert report in names and "Danh-sach-khen-thuong-1-QD-STTTT.xlsx" in names
    assert "Trần Thị Bình" in notice
    assert notes.count(PLACE_LABEL) == len([n for n in names if n.endswith(".docx")])
    assert f"{report}:" in notes
    for refused in (seeded.head, seeded.author):
        with pytest.raises(errors.NotAllowed):
            await documents.dossier(refused, DECISION_NUMBER)


async def test_a_broken_template_of_the_office_is_a_clear_error(
    database_url: str, seeded: Seeded, tmp_path: Path, clock: FakeClock
) -> None:
    (tmp_path / "council_minutes.docx").write_bytes(b"not a word file")
    documents = {**DOCUMENTS, "templates_dir": str(tmp_path)}
    settings = documents_settings(database_url, documents=documents)
    office_app = await open_app(settings, clock=clock, run_migrations=False)
    try:
        with pytest.raises(errors.TemplateBroken):
            await office_app.services.documents.files(
                seeded.office, SESSION_CODE, DocumentKind.COUNCIL_MINUTES
            )
    finally:
        await office_app.close()


async def test_screens_offer_the_button_only_to_who_may_have_something(
    app: App, seeded: Seeded
) -> None:
    documents = app.services.documents
    nomination, session = SubjectKind.NOMINATION, SubjectKind.SESSION
    unit = seeded.head.unit.id
    assert documents.shows_documents(seeded.head, nomination, unit_id=unit)
    assert not documents.shows_documents(seeded.other_head, nomination, unit_id=unit)
    assert not documents.shows_documents(seeded.author, nomination, unit_id=unit)
    assert documents.shows_documents(
        seeded.author, SubjectKind.INITIATIVE, unit_id=unit, authored=True
    )
    assert not documents.shows_documents(seeded.colleague, SubjectKind.INITIATIVE, unit_id=unit)
    assert documents.shows_documents(seeded.office, session)
    assert documents.shows_documents(seeded.office, SubjectKind.LISTING)
    assert not documents.shows_documents(seeded.head, session)
    assert not documents.shows_documents(seeded.head, SubjectKind.VOTE_LIST, unit_id=unit)
