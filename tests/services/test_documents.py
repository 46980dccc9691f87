"""The documents service: codes resolved whatever their case, who may have which document
(the Office everything; a unit head their unit's achievement report and application, not
another unit's; an author their application; nobody else), forged codes and kinds refused,
files filled from the database, and a decision's dossier packed with its blank fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.app import App
from bot.config import Settings
from bot.documents import Letterhead, Rendered, TemplateStore
from bot.services.documents import (
    Catalogue,
    DocumentKind,
    DocumentService,
    Setting,
    Subject,
    SubjectKind,
    SubjectRef,
)
from models import Nomination
from tests.services.documents_seed import (
    DECISION_NUMBER,
    PLACE_BLANK,
    PLACE_LABEL,
    SESSION_CODE,
    TEST_MAKERS,
    Seeded,
    documents_settings,
    docx_text,
    install,
    seed,
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    install(monkeypatch)
    return await seed(app)


def service(app: App, store: TemplateStore | None = None, **hooks: object) -> DocumentService:
    """The service over the test makers, as the wiring builds it, with ``hooks``."""
    settings = app.settings
    return DocumentService(
        app.sessions,
        app.clock,
        app.texts,
        makers=hooks.pop("makers", TEST_MAKERS),  # type: ignore[arg-type]
        store=store or TemplateStore(settings.documents.templates_dir),
        catalogue=Catalogue(
            letterhead=Letterhead.of(settings.documents, settings.organisation.name),
            rewards=settings.rewards,
            awards=settings.awards,
            authorities=settings.authorities,
            councils=settings.councils,
        ),
        zone=settings.organisation.zone,
        **hooks,  # type: ignore[arg-type]
    )


async def test_the_office_gets_a_nominees_achievement_report_by_its_code_in_any_case(
    app: App, seeded: Seeded
) -> None:
    typed = f"  {seeded.nomination_code.lower()} "
    result = await app.services.documents.files(seeded.office, typed, DocumentKind.ACHIEVEMENT)
    assert result.subject.code == seeded.nomination_code
    [file] = result.files
    text = docx_text(file.content)
    assert "Nguyễn Văn An" in text
    assert seeded.nomination_code in text
    assert "UBND TỈNH VĨNH PHÚC" in text
    assert file.name == f"Bao-cao-{seeded.nomination_code}.docx"
    assert file.missing == (PLACE_BLANK,)


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
    assert (office.kinds, office.dossier) == ((DocumentKind.PUBLIC_NOTICE,), True)
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
        await documents.files(seeded.office, SESSION_CODE, DocumentKind.REWARD_LIST)
    with pytest.raises(errors.DocumentKindUnavailable):
        await documents.dossier(seeded.office, seeded.nomination_code)


async def test_a_decisions_number_is_found_whatever_its_case(app: App, seeded: Seeded) -> None:
    subject = await app.services.documents.subject(seeded.office, DECISION_NUMBER.lower())
    assert (subject.kind, subject.code) == (SubjectKind.DECISION, DECISION_NUMBER)


async def test_the_dossier_holds_the_related_items_and_notes_the_blanks(
    app: App, seeded: Seeded
) -> None:
    async def related(session: AsyncSession, subject: Subject) -> tuple[Subject, ...]:
        assert subject.kind is SubjectKind.DECISION
        nomination = await session.get(Nomination, seeded.nomination)
        assert nomination is not None
        return (
            Subject(SubjectKind.NOMINATION, nomination.id, nomination.code, nomination.unit_id),
        )

    async def extras(_s: AsyncSession, subject: Subject, _setting: Setting) -> object:
        return lambda: (Rendered(f"Danh-sach-{subject.id}.xlsx", b"xlsx"),)

    documents = service(app, related=related, extras=extras)
    plan = await documents.plan(seeded.office, DECISION_NUMBER)
    assert [d.missing for d in plan.incomplete] == [(PLACE_BLANK,), (PLACE_BLANK,)]
    dossier = await documents.dossier(seeded.office, DECISION_NUMBER)
    assert dossier.name == "Ho-so-1-QD-STTTT.zip"
    with zipfile.ZipFile(io.BytesIO(dossier.content)) as archive:
        names = archive.namelist()
        notice = docx_text(archive.read("Thong-bao-1-QD-STTTT.docx"))
        report = docx_text(archive.read(f"Bao-cao-{seeded.nomination_code}.docx"))
        notes = archive.read("THIEU-DU-LIEU.txt").decode("utf-8-sig")
    assert len(names) == 4
    assert f"Danh-sach-{dossier.subject.id}.xlsx" in names
    assert DECISION_NUMBER in notice
    assert "Nguyễn Văn An" in report
    assert notes.count(PLACE_LABEL) == 2
    assert f"Bao-cao-{seeded.nomination_code}.docx:" in notes
    for refused in (seeded.head, seeded.author):
        with pytest.raises(errors.NotAllowed):
            await documents.dossier(refused, DECISION_NUMBER)


async def test_a_broken_template_of_the_office_is_a_clear_error(
    app: App, seeded: Seeded, tmp_path: Path
) -> None:
    (tmp_path / "public_notice.docx").write_bytes(b"not a word file")
    documents = service(app, TemplateStore(tmp_path))
    with pytest.raises(errors.TemplateBroken):
        await documents.files(seeded.office, SESSION_CODE, DocumentKind.PUBLIC_NOTICE)


async def test_screens_offer_the_button_only_to_who_may_have_something(
    app: App, seeded: Seeded
) -> None:
    documents = service(app)
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
    assert not documents.shows_documents(seeded.head, session)
    empty = service(app, makers={})
    assert not empty.shows_documents(seeded.office, session)
    assert not empty.shows_documents(seeded.head, nomination, unit_id=unit)
