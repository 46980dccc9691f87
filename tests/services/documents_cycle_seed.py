"""The rows of the documents tests' cycle (see documents_council_seed): a unit's vote list, a
public listing, a council session of five items with its ballots, a recognised initiative, a
recorded decision with one award later cancelled, and the Tờ trình sent up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.documents import Subject, SubjectKind
from models import (
    Ballot,
    CouncilSeat,
    CouncilSession,
    Decision,
    DecisionItem,
    Initiative,
    Listing,
    ListingItem,
    Nomination,
    NominationInitiative,
    SessionItem,
    VoteList,
)
from tests.factories import make_member
from tests.services.nominations_seed import draft_for, member

MEETING = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Cycle:
    """The subjects of the seeded cycle and the nominations by nominee."""

    vote_list: Subject
    listing: Subject
    session: Subject
    decision: Subject
    submission: Subject
    items: dict[str, int]
    initiative: int


#: nominee → (award, agree, disagree, result, vote share on the unit's list)
PLAN: dict[str, tuple[str, int, int, str, float | None]] = {
    "an": ("CSTDCS", 4, 1, "passed", 12 / 14),
    "binh": ("GK-GD", 3, 1, "passed", 0.75),
    "truong": ("BK-UBND", 4, 0, "passed", 1.0),
    "khac": ("GK-GD", 1, 3, "failed", None),
    "lanh": ("GK-GD", 3, 0, "passed", None),
}


#: The council's five seats: the chair first.
SEATS = {
    "hoi": "Đỗ Văn Hội",
    "tv1": "Mai Thị Lan",
    "tv2": "Đinh Văn Tùng",
    "tv3": "Lương Thị Huệ",
    "tv4": "Cao Văn Sơn",
}


async def _nominations(app: App, head: MemberView) -> dict[str, int]:
    ids = {}
    for user, (award, *_rest) in PLAN.items():
        who = head if user == "truong" else await member(app, user, Role.STAFF)
        item = await app.services.nominations.submit(head, draft_for(who, award_code=award))
        ids[user] = item.id
    return ids


async def _seats(app: App) -> list[int]:
    seated = []
    for user, name in SEATS.items():
        seated.append((await make_member(app, user, Role.STAFF, "VP", name=name)).id)
    return seated


async def _unit_rows(
    session: AsyncSession, head: MemberView, ids: dict[str, int], now: datetime
) -> tuple[VoteList, Listing]:
    """The unit's vote list of three rows and the province award's public listing."""
    vote_list = VoteList(
        code="BX-2026-0001",
        year=2026,
        unit_id=head.unit.id,
        state="received",
        meeting_on=date(2026, 12, 1),
        attendees=14,
        created_at=now,
    )
    listing = Listing(
        code="CK-2026-0001",
        title="Đề nghị Bằng khen của Chủ tịch UBND tỉnh",
        year=2026,
        published_at=datetime(2026, 12, 2, 2, 0, tzinfo=UTC),
        closes_on=date(2026, 12, 10),
    )
    session.add_all([vote_list, listing])
    await session.flush()
    for user in ("an", "binh", "truong"):
        await session.execute(
            update(Nomination)
            .where(Nomination.id == ids[user])
            .values(list_id=vote_list.id, vote_share=PLAN[user][4])
        )
    session.add(ListingItem(listing_id=listing.id, nomination_id=ids["truong"]))
    return vote_list, listing


async def _session_rows(
    session: AsyncSession, ids: dict[str, int], seats: list[int], state: str
) -> CouncilSession:
    """The council's seats and a session of every nomination, with a ballot per vote."""
    closed = state == "closed"
    opened = CouncilSession(
        code="PH-2026-0001",
        council_code="HDTDKT",
        title="Xét khen thưởng năm 2026",
        state=state,
        opened_at=MEETING,
        closed_at=MEETING if closed else None,
        members_total=len(seats) if closed else None,
    )
    session.add(opened)
    for at, seat in enumerate(seats):
        position = "chair" if at == 0 else "member"
        session.add(
            CouncilSeat(council_code="HDTDKT", member_id=seat, position=position, added_at=MEETING)
        )
    await session.flush()
    for user, (_award, agree, disagree, result, _share) in PLAN.items():
        item = SessionItem(
            session_id=opened.id,
            nomination_id=ids[user],
            threshold=0.5,
            secret=user == "an",
            agree=agree,
            disagree=disagree,
            result=result if closed else "",
        )
        session.add(item)
        await session.flush()
        session.add_all(
            Ballot(item_id=item.id, member_id=m, choice=None, cast_at=MEETING)
            for m in seats[: agree + disagree]
        )
    return opened


async def _initiative(
    session: AsyncSession, head: MemberView, nomination: int, now: datetime
) -> Initiative:
    """A recognised initiative cited by ``nomination``."""
    initiative = Initiative(
        code="SK-2026-0001",
        year=2026,
        author_id=head.id,
        unit_id=head.unit.id,
        title="Số hóa hồ sơ thi đua",
        kind="technical",
        field="cntt",
        problem="",
        solution="",
        applied_where="Sở",
        applied_since=date(2026, 3, 1),
        benefit="",
        state="recognized",
        submitted_at=now,
        updated_at=now,
    )
    session.add(initiative)
    await session.flush()
    session.add(NominationInitiative(nomination_id=nomination, initiative_id=initiative.id))
    return initiative


def _act(kind: str, number: str, day: date, code: str, name: str, award: str) -> Decision:
    return Decision(
        kind=kind,
        number=number,
        signed_on=day,
        signer="Nguyễn Văn Giám",
        authority_code=code,
        authority_name=name,
        award_code=award,
        recorded_at=MEETING,
    )


async def _decision_rows(
    session: AsyncSession, ids: dict[str, int], now: datetime
) -> tuple[Decision, Decision]:
    """The Director's Giấy khen (Lãnh's later cancelled) and the Tờ trình to the province."""
    decision = _act("decision", "125/QĐ-STTTT", date(2026, 12, 20), "GD", "Giám đốc Sở", "GK-GD")
    submission = _act(
        "submission",
        "130/TTr-STTTT",
        date(2026, 12, 18),
        "CT-UBND",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "BK-UBND",
    )
    session.add_all([decision, submission])
    await session.flush()
    session.add_all(
        [
            DecisionItem(decision_id=decision.id, nomination_id=ids["binh"], outcome="awarded"),
            DecisionItem(
                decision_id=decision.id,
                nomination_id=ids["lanh"],
                outcome="awarded",
                cancelled_at=now,
                cancel_reason="Khai không đúng thành tích",
            ),
            DecisionItem(
                decision_id=submission.id, nomination_id=ids["truong"], outcome="sent_up"
            ),
        ]
    )
    return decision, submission


async def seed_cycle(app: App, *, session_state: str = "closed") -> Cycle:
    """The cycle of the module's docstring, written as the services leave it."""
    head = await member(app, "truong", Role.UNIT_HEAD)
    ids = await _nominations(app, head)
    seats = await _seats(app)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        vote_list, listing = await _unit_rows(session, head, ids, now)
        opened = await _session_rows(session, ids, seats, session_state)
        initiative = await _initiative(session, head, ids["an"], now)
        decision, submission = await _decision_rows(session, ids, now)
    return Cycle(
        Subject(SubjectKind.VOTE_LIST, vote_list.id, vote_list.code, head.unit.id),
        Subject(SubjectKind.LISTING, listing.id, listing.code),
        Subject(SubjectKind.SESSION, opened.id, opened.code),
        Subject(SubjectKind.DECISION, decision.id, decision.number),
        Subject(SubjectKind.DECISION, submission.id, submission.number),
        ids,
        initiative.id,
    )
