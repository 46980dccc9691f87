"""Nomination use cases against the real database: who may nominate what, duplicates, the
state machine, the ledger (never for ad-hoc rewards) and the public announcement."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.initiatives.records import CoAuthor
from bot.services.initiatives.workflow import Action as InitiativeAction
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import TRANSITIONS, Action, actions_for
from models import Delivery, ScoreEvent, StateChange
from tests.conftest import make_settings
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock

AWARDS: list[dict[str, Any]] = [
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual", "thematic", "adhoc"],
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "note": "Đạt Lao động tiên tiến và có sáng kiến được công nhận.",
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "applies_to": "collective",
        "tracks": ["annual"],
    },
]
GROUP = {"chat": {"channel": "telegram", "id": "-100123"}}
NAMES = {
    "an": "Nguyễn Văn An",
    "binh": "Trần Thị Bình",
    "truong": "Phạm Văn Trưởng",
    "vp": "Lê Văn Phòng",
    "hoi": "Đỗ Văn Hội",
    "lanh": "Hoàng Văn Lãnh",
    "khac": "Vũ Thị Khác",
}


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with an award catalogue and an announcement group."""
    settings = make_settings(database_url, awards=AWARDS, announcements=GROUP)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def member(app: App, user: str, role: Role, unit: str = "CNTT") -> MemberView:
    return await make_member(app, user, role, unit, name=NAMES[user])


def draft_for(who: MemberView, **changes: Any) -> NominationDraft:
    base = NominationDraft(
        track=Track.ANNUAL,
        nominee=Nominee(NomineeKind.MEMBER, who.unit.id, member_id=who.id),
        award_code="CSTDCS",
        summary="Hoàn thành xuất sắc nhiệm vụ; chủ trì số hóa hồ sơ thi đua.",
    )
    return replace(base, **changes)


async def last_delivery(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.max(Delivery.id))) or 0


async def deliveries_after(app: App, after: int) -> list[tuple[str, bool]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Delivery.is_group)
            .where(Delivery.id > after)
            .order_by(Delivery.id)
        )
        return [(chat, group) for chat, group in rows]


async def ledger(app: App) -> list[tuple[str, int | None, int, int]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(ScoreEvent.kind, ScoreEvent.member_id, ScoreEvent.unit_id, ScoreEvent.share)
            .where(ScoreEvent.entity == "nomination")
            .order_by(ScoreEvent.id)
        )
        return [(k, m, u, s) for k, m, u, s in rows]


async def approve(app: App, office: MemberView, item_id: int) -> None:
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL, Action.APPROVE):
        await app.services.nominations.act(office, item_id, action)


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
    for step in (
        InitiativeAction.RECEIVE,
        InitiativeAction.SEND_TO_COUNCIL,
        InitiativeAction.RECOGNIZE,
    ):
        await app.services.reviews.act(office, recognised.id, step)
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


async def test_the_whole_path_to_a_public_announcement(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    nominations = app.services.nominations
    annual = await nominations.submit(head, draft_for(an))
    adhoc = await nominations.submit(
        office,
        NominationDraft(
            track=Track.ADHOC,
            nominee=Nominee(NomineeKind.PERSON, head.unit.id, name="Bùi Văn Dũng"),
            award_code="GK-GD",
            summary="Dũng cảm cứu người.",
        ),
    )
    start = await last_delivery(app)
    await nominations.act(office, annual.id, Action.RECEIVE)
    await nominations.act(office, annual.id, Action.SEND_TO_COUNCIL)
    done = await nominations.act(council, annual.id, Action.APPROVE)
    assert done.state is NominationState.APPROVED
    # The nominator is told of each step, the nominee too when approved.
    assert await deliveries_after(app, start) == [
        ("truong", False),
        ("truong", False),
        ("truong", False),
        ("an", False),
    ]
    await approve(app, office, adhoc.id)
    assert await ledger(app) == [("nomination_approved", an.id, an.unit.id, 100)]
    queue = await nominations.queue(council, NominationState.APPROVED, 0, 10)
    assert [i.code for i in queue.items] == [annual.code, adhoc.code]

    start = await last_delivery(app)
    assert await nominations.announce(office) == 2
    assert await nominations.announce(office) == 0
    sent = await deliveries_after(app, start)
    group = [chat for chat, is_group in sent if is_group]
    people = sorted(chat for chat, is_group in sent if not is_group)
    assert group == ["-100123"]
    # The announced notice (nominator, nominee) and the list to each of the four members.
    assert people == sorted(["truong", "truong", "an", "an", "vp", "hoi"])
    async with app.sessions() as session:
        text = await session.scalar(select(Delivery.payload).where(Delivery.is_group.is_(True)))
    assert text is not None
    assert "Nguyễn Văn An" in text["text"] and "Chiến sĩ thi đua cơ sở" in text["text"]
    assert "Bùi Văn Dũng" in text["text"] and "khen thưởng đột xuất" in text["text"]
    assert text["text"].count("đột xuất") == 1
    final = await nominations.view(head, annual.id)
    assert final.state is NominationState.ANNOUNCED and final.announced_at is not None
    assert [c.to_state for c in final.history] == [
        "submitted",
        "received",
        "under_review",
        "approved",
        "announced",
    ]
    assert [i.code for i in (await nominations.mine(head, 0, 10)).items] == [annual.code]


async def test_announcing_without_a_group_reaches_members_only(
    database_url: str, clock: FakeClock
) -> None:
    settings = make_settings(database_url, awards=AWARDS)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        head = await member(core, "truong", Role.UNIT_HEAD)
        office = await member(core, "vp", Role.OFFICE, "VP")
        item = await core.services.nominations.submit(head, draft_for(head))
        await approve(core, office, item.id)
        with pytest.raises(errors.NotAllowed):
            await core.services.nominations.announce(head)
        start = await last_delivery(core)
        assert await core.services.nominations.announce(office) == 1
        sent = await deliveries_after(core, start)
        assert sorted(sent) == [("truong", False), ("truong", False), ("vp", False)]
    finally:
        await core.close()


async def test_return_and_resubmit(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.nominations.submit(head, draft_for(head))
    with pytest.raises(errors.ReasonRequired):
        await app.services.nominations.act(office, item.id, Action.RETURN, reason="  ")
    returned = await app.services.nominations.act(
        office, item.id, Action.RETURN, reason="Thiếu biên bản họp"
    )
    assert (returned.state, returned.history[-1].reason) == (
        NominationState.RETURNED,
        "Thiếu biên bản họp",
    )
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.act(office, item.id, Action.RESUBMIT)
    again = await app.services.nominations.act(head, item.id, Action.RESUBMIT)
    assert again.state is NominationState.RESUBMITTED
    received = await app.services.nominations.act(office, item.id, Action.RECEIVE)
    assert received.state is NominationState.RECEIVED
    async with app.sessions() as session:
        told = await session.scalar(
            select(func.count(Delivery.id)).where(Delivery.chat_id == "truong")
        )
    assert told == 2  # returned (with the reason) and received; not their own resubmission


async def test_revoking_takes_points_back_and_tells_the_office(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    other_office = await member(app, "lanh", Role.OFFICE, "VP")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    item = await app.services.nominations.submit(head, draft_for(an))
    await approve(app, office, item.id)
    await app.services.nominations.announce(office)
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.act(council, item.id, Action.REVOKE, reason="Sai")
    with pytest.raises(errors.ReasonRequired):
        await app.services.nominations.act(office, item.id, Action.REVOKE)
    start = await last_delivery(app)
    revoked = await app.services.nominations.act(
        office, item.id, Action.REVOKE, reason="Kê khai không trung thực"
    )
    assert revoked.state is NominationState.REVOKED
    assert revoked.history[-1].reason == "Kê khai không trung thực"
    assert sorted(await deliveries_after(app, start)) == [
        ("lanh", False),
        ("truong", False),
    ]
    assert other_office.role is Role.OFFICE
    assert [(k, s) for k, _, _, s in await ledger(app)] == [
        ("nomination_approved", 100),
        ("nomination_approved", -100),
    ]
    # Revoked is closed: the nominee may be nominated again.
    await app.services.nominations.submit(head, draft_for(an))


async def test_ad_hoc_approvals_never_reach_the_ledger(app: App) -> None:
    office = await member(app, "vp", Role.OFFICE, "VP")
    head = await member(app, "truong", Role.UNIT_HEAD)
    unit = Nominee(NomineeKind.COLLECTIVE, head.unit.id)
    adhoc = await app.services.nominations.submit(
        office, draft_for(head, track=Track.ADHOC, award_code="GK-GD", nominee=unit)
    )
    annual = await app.services.nominations.submit(
        office, draft_for(head, award_code="TTLDTT", nominee=unit)
    )
    await approve(app, office, adhoc.id)
    assert await ledger(app) == []
    await approve(app, office, annual.id)
    assert await ledger(app) == [("nomination_approved", None, head.unit.id, 100)]
    await app.services.nominations.act(office, adhoc.id, Action.REVOKE, reason="Nhầm")
    assert len(await ledger(app)) == 1


async def test_two_reviewers_at_once_only_one_wins(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    item = await app.services.nominations.submit(head, draft_for(head))
    await app.services.nominations.act(office, item.id, Action.RECEIVE)
    seen = await app.services.nominations.act(office, item.id, Action.SEND_TO_COUNCIL)
    results = await asyncio.gather(
        app.services.nominations.act(council, item.id, Action.APPROVE, seen_version=seen.version),
        app.services.nominations.act(office, item.id, Action.APPROVE, seen_version=seen.version),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.AlreadyHandled) for r in results) == 1
    assert await ledger(app) != [] and len(await ledger(app)) == 1


async def test_reading_rights_and_refusals(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    other = await member(app, "khac", Role.UNIT_HEAD, "VHTT-VY")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.nominations.submit(head, draft_for(an))
    assert (await app.services.nominations.view(council, item.id)).code == item.code
    for outsider in (an, other):
        with pytest.raises(errors.NominationNotFound):
            await app.services.nominations.view(outsider, item.id)
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.queue(head, None, 0, 10)
    with pytest.raises(errors.NominationNotFound):
        await app.services.nominations.act(council, 999, Action.APPROVE)
    with pytest.raises(errors.IllegalTransition):
        await app.services.nominations.act(council, item.id, Action.APPROVE)
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.act(an, item.id, Action.WITHDRAW, reason="không")
    with pytest.raises(errors.NominationIllegalTransition):
        await app.services.nominations.act(office, item.id, Action.ANNOUNCE)
    async with app.sessions() as session:
        steps = await session.scalar(
            select(func.count(StateChange.id)).where(StateChange.entity == "nomination")
        )
    assert steps == 1


def test_the_machine_offers_the_right_buttons() -> None:
    assert actions_for(
        NominationState.RETURNED, Role.UNIT_HEAD, is_nominator=True, has_stake=False
    ) == [
        Action.WITHDRAW,
        Action.RESUBMIT,
    ]
    assert actions_for(
        NominationState.APPROVED, Role.OFFICE, is_nominator=False, has_stake=False
    ) == [Action.REVOKE]
    assert actions_for(
        NominationState.UNDER_REVIEW, Role.COUNCIL, is_nominator=False, has_stake=False
    ) == [
        Action.APPROVE,
        Action.REJECT,
    ]
    assert {t.target for t in TRANSITIONS.values()} == set(NominationState) - {
        NominationState.SUBMITTED
    }


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


async def test_a_returned_nomination_is_completed_and_resubmitted(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    nominations = app.services.nominations
    item = await nominations.submit(head, draft_for(head))
    with pytest.raises(errors.NominationIllegalTransition):
        await nominations.resubmit(head, item.id, "Bổ sung.")
    await nominations.act(office, item.id, Action.RETURN, reason="Thiếu số liệu")
    with pytest.raises(errors.NominationNotFound):
        await nominations.resubmit(office, item.id, "Bổ sung.")
    with pytest.raises(errors.InvalidNomination):
        await nominations.resubmit(head, item.id, " ")
    with pytest.raises(errors.InitiativeNotEligible):
        await nominations.resubmit(head, item.id, "Bổ sung.", (999,))
    again = await nominations.resubmit(head, item.id, "Bổ sung: vượt 120% chỉ tiêu.")
    assert (again.state, again.summary) == (
        NominationState.RESUBMITTED,
        "Bổ sung: vượt 120% chỉ tiêu.",
    )
    assert again.version == item.version + 2
    assert [c.to_state for c in again.history][-2:] == ["returned", "resubmitted"]
