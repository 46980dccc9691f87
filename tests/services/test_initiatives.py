"""Initiative use cases against the real database: codes, caps, the state machine, the ledger."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.common.views import FileInfo, MemberView
from bot.services.initiatives import Scores
from bot.services.initiatives.records import CoAuthor, Proposal
from bot.services.initiatives.workflow import TRANSITIONS, Action, actions_for
from models import Delivery, ScoreEvent, StateChange
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.initiative_recognition import all_met, recognise

NAMES = {"an": "Nguyễn Văn An", "binh": "Trần Thị Bình", "vp": "Lê Văn Phòng"}


async def member(app: App, user: str, role: Role, unit: str = "CNTT") -> MemberView:
    name = NAMES.get(user, "Đỗ Văn Hội")
    return await make_member(app, user, role, unit, name=name, position="CV")


async def test_submission_gets_a_code_shares_events_and_tells_coauthors(app: App) -> None:
    an = await member(app, "an", Role.STAFF)
    binh = await member(app, "binh", Role.STAFF)
    proposal = make_proposal(
        coauthors=(CoAuthor("Trần Thị Bình", 30, binh.id), CoAuthor("Ông Ngoài", 10)),
        files=(FileInfo("console", "/tmp/x.pdf", "x.pdf", "application/pdf", 10),),
    )
    view = await app.services.initiatives.submit(an, proposal)
    assert view.code == "SK-2026-0001"
    assert view.state is InitiativeState.SUBMITTED
    assert [(a.name, a.share) for a in view.authors] == [
        ("Nguyễn Văn An", 60),
        ("Trần Thị Bình", 30),
        ("Ông Ngoài", 10),
    ]
    assert view.movement == "Thi đua thực hiện chuyển đổi số quốc gia"
    assert [f.name for f in view.files] == ["x.pdf"]
    async with app.sessions() as session:
        events = (await session.execute(select(ScoreEvent.member_id, ScoreEvent.share))).all()
        notices = (await session.scalars(select(Delivery.chat_id))).all()
    assert sorted(events) == sorted([(an.id, 60), (binh.id, 30)])
    assert notices == ["binh"]


async def test_concurrent_submissions_get_distinct_codes(app: App, clock: FakeClock) -> None:
    people = [await member(app, u, Role.STAFF) for u in ("an", "binh", "vp")]
    results = await asyncio.gather(
        *(app.services.initiatives.submit(p, make_proposal()) for p in people for _ in range(3))
    )
    codes = sorted(r.code for r in results)
    assert codes == [f"SK-2026-{n:04d}" for n in range(1, 10)]


async def test_the_daily_cap_refuses_politely(app: App, clock: FakeClock) -> None:
    an = await member(app, "an", Role.STAFF)
    for _ in range(3):
        await app.services.initiatives.submit(an, make_proposal())
    with pytest.raises(errors.DailyCapReached):
        await app.services.initiatives.submit(an, make_proposal())
    clock.advance(days=1)
    await app.services.initiatives.submit(an, make_proposal())


@pytest.mark.parametrize(
    "bad",
    [
        make_proposal(title=""),
        make_proposal(title="x" * 201),
        make_proposal(kind="khac"),
        make_proposal(coauthors=(CoAuthor("A", 60), CoAuthor("B", 40))),
        make_proposal(coauthors=(CoAuthor("A", 0),)),
    ],
)
async def test_a_tampered_proposal_is_refused(app: App, bad: Proposal) -> None:
    an = await member(app, "an", Role.STAFF)
    with pytest.raises(errors.InvalidProposal):
        await app.services.initiatives.submit(an, bad)


async def test_the_whole_path_to_recognised_and_applied(app: App) -> None:
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.initiatives.submit(an, make_proposal())
    reviews = app.services.reviews
    done = await recognise(app, office, item.id)
    assert done.state is InitiativeState.RECOGNIZED
    done = await reviews.act(office, item.id, Action.MARK_APPLIED)
    assert [c.to_state for c in done.history] == [
        "submitted",
        "received",
        "under_review",
        "evaluated",
        "recognized",
        "applied",
    ]
    async with app.sessions() as session:
        kinds = (await session.scalars(select(ScoreEvent.kind).order_by(ScoreEvent.id))).all()
        told = await session.scalar(
            select(func.count(Delivery.id)).where(Delivery.chat_id == "an")
        )
    assert kinds == ["initiative_submitted", "initiative_recognized", "initiative_applied"]
    assert told == 5  # received, under review, evaluated, recognised, applied


async def test_illegal_steps_and_wrong_roles_are_refused_whatever_the_caller(app: App) -> None:
    an = await member(app, "an", Role.STAFF)
    binh = await member(app, "binh", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.initiatives.submit(an, make_proposal())
    with pytest.raises(errors.NotAllowed):
        await app.services.reviews.act(an, item.id, Action.RECEIVE)
    with pytest.raises(errors.NotAllowed):
        await app.services.reviews.act(binh, item.id, Action.WITHDRAW, reason="không phải của tôi")
    with pytest.raises(errors.IllegalTransition):
        await app.services.reviews.act(office, item.id, Action.NOT_RECOGNIZE, reason="Chưa đạt")
    with pytest.raises(errors.ReasonRequired):
        await app.services.reviews.act(office, item.id, Action.RETURN, reason="   ")
    with pytest.raises(errors.NotOnInitiativeCouncil):
        await app.services.evaluations.evaluate(office, item.id, all_met(app), Scores(3, 3, 3))


async def test_return_resubmit_and_withdraw_take_points_back(app: App) -> None:
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.initiatives.submit(an, make_proposal(benefit="Tiết kiệm thời gian."))
    returned = await app.services.reviews.act(
        office, item.id, Action.RETURN, reason="Thiếu số liệu"
    )
    assert returned.history[-1].reason == "Thiếu số liệu"
    fixed = make_proposal(benefit="Tiết kiệm 200 giờ công mỗi năm.")
    again = await app.services.initiatives.resubmit(an, item.id, fixed)
    assert (again.state, again.benefit) == (InitiativeState.RESUBMITTED, fixed.benefit)
    await app.services.reviews.act(an, item.id, Action.WITHDRAW, reason="Trùng ý tưởng")
    async with app.sessions() as session:
        total = await session.scalar(select(func.sum(ScoreEvent.share)))
        steps = await session.scalar(select(func.count(StateChange.id)))
    assert total == 0
    assert steps == 4


async def test_two_reviewers_at_once_only_one_wins(app: App) -> None:
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.initiatives.submit(an, make_proposal())
    results = await asyncio.gather(
        app.services.reviews.act(office, item.id, Action.RECEIVE, seen_version=item.version),
        app.services.reviews.act(
            office, item.id, Action.RETURN, reason="thiếu", seen_version=item.version
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, errors.AlreadyHandled) for r in results) == 1


def test_every_action_has_a_place_in_the_machine() -> None:
    assert actions_for(InitiativeState.RETURNED, Role.STAFF, is_author=True, has_stake=False) == [
        Action.WITHDRAW,
        Action.RESUBMIT,
    ]
    assert actions_for(
        InitiativeState.SUBMITTED, Role.OFFICE, is_author=False, has_stake=False
    ) == [
        Action.RECEIVE,
        Action.RETURN,
    ]
    assert {t.target for t in TRANSITIONS.values()} == set(InitiativeState) - {
        InitiativeState.DRAFT,
        InitiativeState.SUBMITTED,
    }
