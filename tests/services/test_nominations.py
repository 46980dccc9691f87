"""Submitting nominations against the real database: who may nominate whom, award and
content checks, duplicates and the initiatives a nomination may cite."""

from __future__ import annotations

import asyncio

import pytest

from bot import errors
from bot.app import App
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.initiatives.records import CoAuthor
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import Action
from tests.factories import make_proposal
from tests.initiative_recognition import recognise
from tests.services.nominations_seed import (
    draft_for,
    member,
    nominations_app,  # noqa: F401 - the app fixture
)


async def test_a_unit_head_nominates_a_member_of_their_unit(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    view = await app.services.nominations.submit(head, draft_for(an))
    assert view.code == "DC-2026-0001"
    assert (view.state, view.nominee_name, view.award_name) == (
        NominationState.SUBMITTED,
        "Nguyễn Văn An",
        "Chiến sĩ thi đua cơ sở",
    )
    assert (view.nominator, view.unit, view.year) == (
        "Phạm Văn Trưởng",
        "Phòng Công nghệ thông tin",
        2026,
    )
    assert [(c.from_state, c.to_state) for c in view.history] == [("draft", "submitted")]
    second = await app.services.nominations.submit(
        head, draft_for(an, award_code="GK-GD", track=Track.ADHOC)
    )
    assert second.code == "DC-2026-0002"


async def test_a_person_not_registered_and_the_unit_itself(app: App) -> None:
    office = await member(app, "vp", Role.OFFICE, "VP")
    cntt = (await member(app, "truong", Role.UNIT_HEAD)).unit
    person = await app.services.nominations.submit(
        office,
        NominationDraft(
            track=Track.ADHOC,
            nominee=Nominee(NomineeKind.PERSON, cntt.id, name="  Bùi   Văn  Dũng "),
            award_code="GK-GD",
            summary="Dũng cảm cứu người trong lũ.",
        ),
    )
    assert (person.nominee_kind, person.nominee_name, person.nominee_member_id) == (
        NomineeKind.PERSON,
        "Bùi Văn Dũng",
        None,
    )
    unit = await app.services.nominations.submit(
        office,
        NominationDraft(
            track=Track.ANNUAL,
            nominee=Nominee(NomineeKind.COLLECTIVE, cntt.id),
            award_code="TTLDTT",
            summary="Hoàn thành tốt nhiệm vụ năm.",
        ),
    )
    assert (unit.nominee_kind, unit.nominee_name) == (
        NomineeKind.COLLECTIVE,
        "Phòng Công nghệ thông tin",
    )
    # The same person typed differently is the same nominee.
    with pytest.raises(errors.DuplicateNomination):
        await app.services.nominations.submit(
            office,
            NominationDraft(
                track=Track.ADHOC,
                nominee=Nominee(NomineeKind.PERSON, cntt.id, name="bui van dung"),
                award_code="GK-GD",
                summary="Lần hai.",
            ),
        )


async def test_who_may_nominate_whom(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    other = await member(app, "khac", Role.STAFF, "VHTT-VY")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.submit(an, draft_for(an))
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.submit(council, draft_for(an))
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.submit(head, draft_for(other))
    outside = Nominee(NomineeKind.MEMBER, head.unit.id, member_id=other.id)
    with pytest.raises(errors.NomineeNotInUnit):
        await app.services.nominations.submit(head, draft_for(an, nominee=outside))
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.nominee_choices(head, other.unit.id)
    choices = await app.services.nominations.nominee_choices(head, head.unit.id)
    assert [c.name for c in choices] == ["Nguyễn Văn An", "Phạm Văn Trưởng"]


async def test_award_track_kind_and_content_are_checked(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    unit = Nominee(NomineeKind.COLLECTIVE, head.unit.id)
    mismatches = [
        draft_for(an, award_code="KHONG-CO"),
        draft_for(an, track=Track.ADHOC),  # CSTĐCS is annual only
        draft_for(an, award_code="TTLDTT"),  # a collective award for a person
        draft_for(an, nominee=unit),  # an individual award for the unit
    ]
    for bad in mismatches:
        with pytest.raises(errors.AwardMismatch):
            await app.services.nominations.submit(head, bad)
    invalid = [
        draft_for(an, summary="   "),
        draft_for(an, summary="x" * 3001),
        draft_for(an, award_code="GK-GD", track=Track.THEMATIC),  # no movement
        draft_for(an, award_code="GK-GD", track=Track.THEMATIC, movement="khong-co"),
        draft_for(an, award_code="GK-GD", nominee=Nominee(NomineeKind.PERSON, head.unit.id)),
    ]
    for bad in invalid:
        with pytest.raises(errors.InvalidNomination):
            await app.services.nominations.submit(head, bad)
    thematic = await app.services.nominations.submit(
        head, draft_for(an, award_code="GK-GD", track=Track.THEMATIC, movement="chuyen-doi-so")
    )
    assert thematic.movement == "Thi đua thực hiện chuyển đổi số quốc gia"
    assert [a.code for a in app.services.nominations.awards_for(Track.ANNUAL, unit.kind)] == [
        "GK-GD",
        "TTLDTT",
    ]


async def test_a_second_live_nomination_is_a_duplicate_until_the_first_is_closed(
    app: App,
) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    first = await app.services.nominations.submit(head, draft_for(an))
    with pytest.raises(errors.DuplicateNomination) as refused:
        await app.services.nominations.submit(office, draft_for(an))
    assert refused.value.params == {"code": first.code}
    await app.services.nominations.act(head, first.id, Action.WITHDRAW, reason="Nhầm hồ sơ")
    again = await app.services.nominations.submit(head, draft_for(an))
    assert again.code == "DC-2026-0002"


async def test_only_recognised_initiatives_of_the_nominee_may_be_cited(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    binh = await member(app, "binh", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    proposal = make_proposal(coauthors=(CoAuthor("Bùi Văn Dũng", 20),))
    recognised = await app.services.initiatives.submit(an, proposal)
    await recognise(app, office, recognised.id)
    pending = await app.services.initiatives.submit(an, proposal)
    nominations = app.services.nominations
    mine = await nominations.recognised_initiatives(Nominee(NomineeKind.MEMBER, an.unit.id, an.id))
    assert [c.code for c in mine] == [recognised.code]
    unit = await nominations.recognised_initiatives(Nominee(NomineeKind.COLLECTIVE, an.unit.id))
    assert [c.id for c in unit] == [recognised.id]
    person = Nominee(NomineeKind.PERSON, an.unit.id, name="bùi văn dũng")
    assert [c.id for c in await nominations.recognised_initiatives(person)] == [recognised.id]
    binhs = Nominee(NomineeKind.MEMBER, an.unit.id, binh.id)
    assert await nominations.recognised_initiatives(binhs) == ()
    for bad in ((pending.id,), (recognised.id, 999)):
        with pytest.raises(errors.InitiativeNotEligible):
            await nominations.submit(head, draft_for(an, initiative_ids=bad))
    with pytest.raises(errors.InitiativeNotEligible):
        await nominations.submit(head, draft_for(binh, initiative_ids=(recognised.id,)))
    cited = await nominations.submit(head, draft_for(an, initiative_ids=(recognised.id,)))
    assert [(c.code, c.title) for c in cited.initiatives] == [
        (recognised.code, "Số hóa hồ sơ thi đua")
    ]


async def test_two_submissions_of_one_nominee_at_once_make_one_nomination(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    an = await member(app, "an", Role.STAFF)
    results = await asyncio.gather(
        app.services.nominations.submit(head, draft_for(an)),
        app.services.nominations.submit(office, draft_for(an)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.DuplicateNomination) for r in results) == 1
