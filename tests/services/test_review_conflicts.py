"""Nobody judges their own item: an author of an initiative, and the nominee (or the nominated
collective, or its own unit's nominator) of a nomination, take no reviewer's step on it, at
any state, whatever their role; nothing about the item changes when they try."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from enum import StrEnum
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.domain import InitiativeState, NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind, resolve
from bot.services.common.views import MemberView
from bot.services.initiatives import Scores
from bot.services.initiatives.records import CoAuthor
from bot.services.initiatives.workflow import EVALUATE_STEP
from bot.services.initiatives.workflow import TRANSITIONS as INITIATIVE_STEPS
from bot.services.initiatives.workflow import Action as Step
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import BY_DECISION
from bot.services.nominations.workflow import TRANSITIONS as NOMINATION_STEPS
from bot.services.nominations.workflow import Action as Act
from models import AuditEntry, Delivery, Initiative, Nomination, Review, ScoreEvent, StateChange
from tests.conftest import make_settings
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.initiative_recognition import DECISION, INITIATIVE_COUNCIL, all_met, seated

AWARDS: list[dict[str, Any]] = [
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual", "adhoc"],
    }
]
SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm 2026."


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with a one-award catalogue."""
    core = await open_app(make_settings(database_url, awards=AWARDS), clock=clock)
    try:
        yield core
    finally:
        await core.close()


async def member(app: App, user: str, role: Role, unit: str) -> MemberView:
    return await make_member(app, user, role, unit, name=f"Cán bộ {user.title()}")


async def snapshot(app: App, entity: str, item_id: int) -> tuple[Any, ...]:
    """What a refused press must leave as it was: the item, its history, scores, ledger,
    notices and audit log."""
    table: Any = Initiative if entity == "initiative" else Nomination
    async with app.sessions() as session:
        item = (
            await session.execute(select(table.state, table.version).where(table.id == item_id))
        ).one()
        history = await session.scalar(
            select(func.count(StateChange.id)).where(
                StateChange.entity == entity, StateChange.entity_id == item_id
            )
        )
        ledger = (
            await session.execute(
                select(ScoreEvent.kind, ScoreEvent.member_id, ScoreEvent.share).order_by(
                    ScoreEvent.id
                )
            )
        ).all()
        scores = (await session.execute(select(Review.member_id, Review.novelty))).all()
        counts = [
            await session.scalar(select(func.count()).select_from(t))
            for t in (Delivery, AuditEntry)
        ]
    return (tuple(item), history, ledger, scores, counts)


Attempt = Callable[[MemberView, StrEnum], Awaitable[object]]
#: Every reviewer's step a conflicted person is refused along an initiative's path.
CHECKED = 30


class Extra(StrEnum):
    """Judging an initiative without changing its state."""

    EVALUATE = "evaluate"


async def refused_along(
    app: App,
    entity: str,
    item_id: int,
    *,
    path: Sequence[tuple[StrEnum, MemberView]],
    conflicted: list[MemberView],
    steps: dict[Any, Any],
    attempt: Attempt,
    own_item: type[errors.DomainError],
) -> int:
    """Walk the item along ``path`` (neutral reviewers), and at every state let each
    conflicted person try every reviewer step their role allows from it; return how many
    refusals were checked."""
    checked = 0
    for move, neutral in [*path, (None, None)]:
        state = (await snapshot(app, entity, item_id))[0][0]
        for person in conflicted:
            for action, step in steps.items():
                if step.by_author or person.role not in step.roles or state not in step.sources:
                    continue
                before = await snapshot(app, entity, item_id)
                with pytest.raises(own_item):
                    await attempt(person, action)
                assert await snapshot(app, entity, item_id) == before, (person.role, action)
                checked += 1
        if move is not None and neutral is not None:
            await attempt(neutral, move)
    return checked


async def test_an_author_judges_nothing_of_their_initiative(app: App) -> None:
    author = await member(app, "tac", Role.OFFICE, "VP")  # an Office clerk who proposes
    hoi = await member(app, "hoi", Role.COUNCIL, "VP")
    lanh = await member(app, "lanh", Role.LEADER, "VP")
    quan = await member(app, "quan", Role.ADMIN, "VP")
    binh = await member(app, "binh", Role.STAFF, "CNTT")
    office = await member(app, "vp", Role.OFFICE, "VP")
    dong = await member(app, "dong", Role.COUNCIL, "CNTT")
    coauthors = tuple(CoAuthor(p.full_name, 10, p.id) for p in (hoi, lanh, quan, binh))
    item = await app.services.initiatives.submit(author, make_proposal(coauthors=coauthors))
    reviews = app.services.reviews
    for person in (author, hoi, lanh, quan, dong):  # a seat does not let anyone judge their own
        await seated(app, office, person)

    async def attempt(person: MemberView, action: StrEnum) -> object:
        if action == Extra.EVALUATE:
            marks = all_met(app)
            return await app.services.evaluations.evaluate(person, item.id, marks, Scores(5, 5, 5))
        if action == Step.RECOGNIZE:
            return await reviews.recognize(person, item.id, DECISION)
        reason = "Đủ điều kiện" if INITIATIVE_STEPS[Step(action)].needs_reason else ""
        return await reviews.act(person, item.id, Step(action), reason=reason)

    steps: dict[Any, Any] = {**INITIATIVE_STEPS, Extra.EVALUATE: EVALUATE_STEP}
    path: list[tuple[StrEnum, MemberView]] = [
        (Step.RECEIVE, office),
        (Step.SEND_TO_COUNCIL, office),
    ]
    path += [(Extra.EVALUATE, dong), (Step.CONCLUDE_MET, office)]
    path += [(Step.RECOGNIZE, office), (Step.MARK_APPLIED, office)]
    people = [author, hoi, lanh, quan]
    checked = await refused_along(
        app,
        "initiative",
        item.id,
        path=path,
        conflicted=people,
        steps=steps,
        attempt=attempt,
        own_item=errors.OwnInitiative,
    )
    assert checked == CHECKED  # every reviewer step of every conflicted role, at every state
    # A co-author of a lower role is refused for the role, as before.
    with pytest.raises(errors.NotAllowed) as refused:
        await reviews.act(binh, item.id, Step.MARK_APPLIED)
    assert type(refused.value) is errors.NotAllowed
    view = await app.services.initiatives.view(office, item.id)
    assert view.state is InitiativeState.APPLIED
    assert [c.actor for c in view.history[1:]] == [office.full_name] * 5


async def test_the_author_still_withdraws_and_others_still_score(app: App) -> None:
    author = await member(app, "hoi", Role.COUNCIL, "VP")
    office = await member(app, "vp", Role.OFFICE, "VP")
    dong = await member(app, "dong", Role.COUNCIL, "VP")
    item = await app.services.initiatives.submit(author, make_proposal())
    for step in (Step.RECEIVE, Step.SEND_TO_COUNCIL):
        await app.services.reviews.act(office, item.id, step)
    evaluate = app.services.evaluations.evaluate
    for person in (author, dong):
        await seated(app, office, person)
    with pytest.raises(errors.OwnInitiative):
        await evaluate(author, item.id, all_met(app), Scores(5, 5, 5))
    scored = await evaluate(dong, item.id, all_met(app), Scores(3, 4, 2))
    assert [(s.member_id, s.novelty) for s in scored.scores] == [(dong.id, 3)]
    gone = await app.services.reviews.act(author, item.id, Step.WITHDRAW, reason="Trùng ý tưởng")
    assert gone.state is InitiativeState.WITHDRAWN


async def _nominate(app: App, by: MemberView, nominee: Nominee) -> int:
    draft = NominationDraft(Track.ANNUAL, nominee, "GK-GD", SUMMARY)
    return (await app.services.nominations.submit(by, draft)).id


#: The steps one person takes on a nomination; the decision's steps cover a list
#: (``test_decisions``).
NOMINATION_PATH = [Act.RECEIVE, Act.SEND_TO_COUNCIL, Act.RECOMMEND]


async def _walk_nomination(
    app: App, item_id: int, conflicted: list[MemberView], office: MemberView
) -> int:
    nominations = app.services.nominations

    async def attempt(person: MemberView, action: StrEnum) -> object:
        reason = "Đủ điều kiện" if NOMINATION_STEPS[Act(action)].needs_reason else ""
        return await nominations.act(person, item_id, Act(action), reason=reason)

    steps = {a: s for a, s in NOMINATION_STEPS.items() if a not in (*BY_DECISION, Act.REVOKE)}
    path: list[tuple[StrEnum, MemberView]] = [(a, office) for a in NOMINATION_PATH]
    return await refused_along(
        app,
        "nomination",
        item_id,
        path=path,
        conflicted=conflicted,
        steps=steps,
        attempt=attempt,
        own_item=errors.OwnNomination,
    )


async def test_the_nominated_collective_judges_nothing_of_its_nomination(app: App) -> None:
    clerk = await member(app, "tac", Role.OFFICE, "VP")  # nominates her own unit
    hoi = await member(app, "hoi", Role.COUNCIL, "VP")
    quan = await member(app, "quan", Role.ADMIN, "VP")
    office = await member(app, "vp", Role.OFFICE, "CNTT")
    item_id = await _nominate(app, clerk, Nominee(NomineeKind.COLLECTIVE, clerk.unit.id))
    checked = await _walk_nomination(app, item_id, [clerk, hoi, quan], office)
    assert checked == 14
    assert (await snapshot(app, "nomination", item_id))[0][0] == NominationState.RECOMMENDED


async def test_the_nominee_and_their_unit_head_judge_nothing(app: App) -> None:
    nominee = await member(app, "hoi", Role.COUNCIL, "CNTT")
    head = await member(app, "tac", Role.OFFICE, "CNTT")  # the unit's head, an Office clerk
    colleague = await member(app, "dong", Role.COUNCIL, "CNTT")
    staff = await member(app, "binh", Role.STAFF, "CNTT")
    office = await member(app, "vp", Role.OFFICE, "VP")
    nominee_of = Nominee(NomineeKind.MEMBER, nominee.unit.id, member_id=nominee.id)
    item_id = await _nominate(app, head, nominee_of)
    # The nominator may still withdraw a nomination; a colleague of an individual may judge.
    for step in (Act.RECEIVE, Act.SEND_TO_COUNCIL):
        with pytest.raises(errors.OwnNomination):
            await app.services.nominations.act(head, item_id, step)
    checked = await _walk_nomination(app, item_id, [nominee, head], office)
    assert checked == 8
    with pytest.raises(errors.NotAllowed) as refused:
        await app.services.nominations.act(staff, item_id, Act.RECEIVE)
    assert type(refused.value) is errors.NotAllowed
    other_id = await _nominate(
        app, head, Nominee(NomineeKind.MEMBER, staff.unit.id, member_id=staff.id)
    )
    await app.services.nominations.act(office, other_id, Act.RECEIVE)
    await app.services.nominations.act(office, other_id, Act.SEND_TO_COUNCIL)
    recommended = await app.services.nominations.act(colleague, other_id, Act.RECOMMEND)
    assert recommended.state is NominationState.RECOMMENDED
    own = await _nominate(
        app, head, Nominee(NomineeKind.PERSON, head.unit.id, name="Bùi Văn Dũng")
    )
    gone = await app.services.nominations.act(head, own, Act.WITHDRAW, reason="Nhầm hồ sơ")
    assert gone.state is NominationState.WITHDRAWN


async def test_reviews_pending_never_asks_for_ones_own_items(app: App) -> None:
    author = await member(app, "hoi", Role.COUNCIL, "VP")
    dong = await member(app, "dong", Role.COUNCIL, "VP")
    clerk = await member(app, "tac", Role.OFFICE, "CNTT")
    office = await member(app, "vp", Role.OFFICE, "VP")
    judged = await app.services.initiatives.submit(author, make_proposal())
    for step in (Step.RECEIVE, Step.SEND_TO_COUNCIL):
        await app.services.reviews.act(office, judged.id, step)
    nominated = await _nominate(app, clerk, Nominee(NomineeKind.COLLECTIVE, clerk.unit.id))

    async def pending() -> set[str]:
        async with app.sessions() as session:
            found = await resolve(
                session,
                Audience(AudienceKind.REVIEWS_PENDING),
                now=app.clock.now(),
                zone=app.settings.organisation.zone,
                initiative_councils=(INITIATIVE_COUNCIL,),
            )
        return {r.full_name for r in found}

    await seated(app, office, author)
    await seated(app, office, dong)
    # Hội, though seated, is not asked to score his own initiative, the clerk not to receive
    # her unit's nomination.
    assert await pending() == {dong.full_name, office.full_name}
    await app.services.evaluations.evaluate(dong, judged.id, all_met(app), Scores(4, 4, 4))
    await app.services.nominations.act(office, nominated, Act.RECEIVE)
    assert await pending() == set()
    await app.services.initiatives.submit(office, make_proposal())
    assert await pending() == {clerk.full_name}
