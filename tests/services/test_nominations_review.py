"""Reviewing nominations against the real database: the state machine, the ledger (never for
ad-hoc rewards), the public announcement and who may read what."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import TRANSITIONS, Action, actions_for
from models import Delivery, StateChange
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.services.nominations_seed import (
    AWARDS,
    approve,
    deliveries_after,
    draft_for,
    last_delivery,
    ledger,
    member,
    nominations_app,  # noqa: F401 - the app fixture
)


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
