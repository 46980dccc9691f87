"""Reviewing nominations against the real database: the state machine up to the council's
recommendation (never an award by itself), conflicts of two reviewers, and who may read what.
Decisions are tested in ``test_decisions``."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.domain import NominationState
from bot.roles import Role
from bot.services.nominations.workflow import TRANSITIONS, Action, actions_for
from models import Delivery, StateChange
from tests.services.nominations_seed import (
    deliveries_after,
    draft_for,
    last_delivery,
    ledger,
    member,
    nominations_app,  # noqa: F401 - the app fixture
)


async def test_the_path_to_the_councils_recommendation(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    nominations = app.services.nominations
    annual = await nominations.submit(head, draft_for(an))
    start = await last_delivery(app)
    await nominations.act(office, annual.id, Action.RECEIVE)
    await nominations.act(office, annual.id, Action.SEND_TO_COUNCIL)
    done = await nominations.act(council, annual.id, Action.RECOMMEND)
    assert done.state is NominationState.RECOMMENDED
    # The nominator is told of each step, the nominee too when the council recommends.
    assert await deliveries_after(app, start) == [
        ("truong", False),
        ("truong", False),
        ("truong", False),
        ("an", False),
    ]
    async with app.sessions() as session:
        told = await session.scalar(
            select(Delivery.payload).where(Delivery.chat_id == "an").order_by(Delivery.id.desc())
        )
    assert told is not None
    assert "Hội đồng đã thống nhất đề nghị" in told["text"]
    assert "kết quả chính thức theo quyết định của cấp có thẩm quyền" in told["text"]
    assert "Chúc mừng" not in told["text"]
    # A recommendation is not an award: no points, nothing published.
    assert await ledger(app) == []
    queue = await nominations.queue(council, NominationState.RECOMMENDED, 0, 10)
    assert [i.code for i in queue.items] == [annual.code]
    final = await nominations.view(head, annual.id)
    assert [c.to_state for c in final.history] == [
        "submitted",
        "received",
        "under_review",
        "recommended",
    ]
    assert [i.code for i in (await nominations.mine(head, 0, 10)).items] == [annual.code]


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


async def test_two_reviewers_at_once_only_one_wins(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    item = await app.services.nominations.submit(head, draft_for(head))
    await app.services.nominations.act(office, item.id, Action.RECEIVE)
    seen = await app.services.nominations.act(office, item.id, Action.SEND_TO_COUNCIL)
    results = await asyncio.gather(
        app.services.nominations.act(
            council, item.id, Action.RECOMMEND, seen_version=seen.version
        ),
        app.services.nominations.act(
            office, item.id, Action.REJECT, reason="Chưa đủ", seen_version=seen.version
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.AlreadyHandled) for r in results) == 1
    async with app.sessions() as session:
        moves = await session.scalar(
            select(func.count(StateChange.id)).where(StateChange.entity_id == item.id)
        )
    assert moves == 4  # submitted, received, under review, and one of the two


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
        await app.services.nominations.act(council, 999, Action.RECOMMEND)
    with pytest.raises(errors.IllegalTransition):
        await app.services.nominations.act(council, item.id, Action.RECOMMEND)
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.act(an, item.id, Action.WITHDRAW, reason="không")
    # The decision's steps and cancelling an award are never one reviewer's click.
    for action in (Action.AWARD, Action.SEND_UP, Action.NOT_AWARD):
        with pytest.raises(errors.NominationIllegalTransition):
            await app.services.nominations.act(office, item.id, action)
    with pytest.raises(errors.NominationIllegalTransition):
        await app.services.nominations.act(office, item.id, Action.REVOKE, reason="Sai")
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
        NominationState.AWARDED, Role.OFFICE, is_nominator=False, has_stake=False
    ) == [Action.REVOKE]
    # Waiting for a decision, an item has no per-item button: the decision covers a list.
    assert (
        actions_for(NominationState.RECOMMENDED, Role.OFFICE, is_nominator=False, has_stake=False)
        == []
    )
    assert actions_for(
        NominationState.UNDER_REVIEW, Role.COUNCIL, is_nominator=False, has_stake=False
    ) == [
        Action.RECOMMEND,
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
