"""A year's decision cycle for the documents tests: a unit's vote list, a public listing, a
closed council session of five items (a secret CSTĐCS, open Giấy khen, a province award), a
recorded decision with one award later cancelled, and the Tờ trình sent up.

Base salary 2,340,000 đ rounded up to 10,000 đ: Giấy khen (0,3) pays 710.000, CSTĐCS (1,0)
pays 2.340.000.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import update

from bot.app import App, open_app
from bot.documents import Draft, Letterhead, TemplateStore, render
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.documents import Setting, Subject, SubjectKind
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
from tests.conftest import make_settings
from tests.documents_text import document_text
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.council_sessions_seed import COUNCILS
from tests.services.nominations_seed import draft_for, member

AUTHORITIES = [
    {"code": "GD", "name": "Giám đốc Sở", "decides_here": True},
    {"code": "CT-UBND", "name": "Chủ tịch Ủy ban nhân dân tỉnh"},
]
AWARDS: list[dict[str, Any]] = [
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "council": "HDTDKT",
        "vote_threshold": 0.6,
        "secret_vote": True,
        "granted_by": "GD",
        "reward_multiple": 1.0,
    },
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual"],
        "council": "HDTDKT",
        "vote_threshold": 0.5,
        "granted_by": "GD",
        "reward_multiple": 0.3,
    },
    {
        "code": "BK-UBND",
        "name": "Bằng khen của Chủ tịch UBND tỉnh",
        "applies_to": "both",
        "tracks": ["annual"],
        "level": "province",
        "council": "HDTDKT",
        "vote_threshold": 0.6,
        "granted_by": "CT-UBND",
    },
]
DOCUMENTS = {
    "governing_body": "UBND tỉnh Vĩnh Phúc",
    "issuing_body": "Sở Thông tin và Truyền thông",
    "abbreviation": "STTTT",
    "place": "Vĩnh Phúc",
    "head_title": "Giám đốc",
    "head_name": "Nguyễn Văn Giám",
    "office_name": "Văn phòng Sở",
}
REWARDS = {"base_salary": 2_340_000, "round_up_to": 10_000}
TODAY = date(2026, 12, 22)
MEETING = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)


def documents_settings(database_url: str, **overrides: Any) -> Any:
    """The settings of the cycle above (``overrides`` replace whole sections)."""
    raw: dict[str, Any] = {
        "councils": COUNCILS,
        "authorities": AUTHORITIES,
        "awards": AWARDS,
        "documents": DOCUMENTS,
        "rewards": REWARDS,
    }
    return make_settings(database_url, **(raw | overrides))


@pytest.fixture(name="app")
async def documents_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with the catalogue, the letterhead and the base salary above."""
    core = await open_app(documents_settings(database_url), clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


def setting_of(app: App) -> Setting:
    """What the makers are given, from the app's settings."""
    s = app.settings
    return Setting(
        letterhead=Letterhead.of(s.documents, s.organisation.name),
        rewards=s.rewards,
        awards={a.code: a for a in s.awards},
        authorities={a.code: a for a in s.authorities},
        councils={c.code: c for c in s.councils},
        zone=s.organisation.zone,
        today=TODAY,
    )


def text_of(draft: Draft) -> str:
    """The rendered draft's text."""
    return document_text(render(TemplateStore(), draft).content)


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


async def seed_cycle(app: App, *, session_state: str = "closed") -> Cycle:
    """The cycle of the module's docstring, written as the services leave it."""
    head = await member(app, "truong", Role.UNIT_HEAD)
    ids = await _nominations(app, head)
    seats = await _seats(app)
    now = app.clock.now()
    async with app.sessions.begin() as session:
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
        opened = CouncilSession(
            code="PH-2026-0001",
            council_code="HDTDKT",
            title="Xét khen thưởng năm 2026",
            state=session_state,
            opened_at=MEETING,
            closed_at=MEETING if session_state == "closed" else None,
            members_total=5 if session_state == "closed" else None,
        )
        session.add_all([vote_list, listing, opened])
        for at, seat in enumerate(seats):
            position = "chair" if at == 0 else "member"
            session.add(
                CouncilSeat(council_code="HDTDKT", member_id=seat, position=position, added_at=now)
            )
        await session.flush()
        for user in ("an", "binh", "truong"):
            await session.execute(
                update(Nomination)
                .where(Nomination.id == ids[user])
                .values(list_id=vote_list.id, vote_share=PLAN[user][4])
            )
        session.add(ListingItem(listing_id=listing.id, nomination_id=ids["truong"]))
        for user, (_award, agree, disagree, result, _share) in PLAN.items():
            item = SessionItem(
                session_id=opened.id,
                nomination_id=ids[user],
                threshold=0.5,
                secret=user == "an",
                agree=agree,
                disagree=disagree,
                result=result if session_state == "closed" else "",
            )
            session.add(item)
            await session.flush()
            session.add_all(
                Ballot(item_id=item.id, member_id=m, choice=None, cast_at=MEETING)
                for m in seats[: agree + disagree]
            )
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
        session.add(NominationInitiative(nomination_id=ids["an"], initiative_id=initiative.id))
        decision = Decision(
            kind="decision",
            number="125/QĐ-STTTT",
            signed_on=date(2026, 12, 20),
            signer="Nguyễn Văn Giám",
            authority_code="GD",
            authority_name="Giám đốc Sở",
            award_code="GK-GD",
            recorded_at=now,
        )
        submission = Decision(
            kind="submission",
            number="130/TTr-STTTT",
            signed_on=date(2026, 12, 18),
            signer="Nguyễn Văn Giám",
            authority_code="CT-UBND",
            authority_name="Chủ tịch Ủy ban nhân dân tỉnh",
            award_code="BK-UBND",
            recorded_at=now,
        )
        session.add_all([decision, submission])
        await session.flush()
        session.add_all(
            [
                DecisionItem(
                    decision_id=decision.id, nomination_id=ids["binh"], outcome="awarded"
                ),
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
    return Cycle(
        Subject(SubjectKind.VOTE_LIST, vote_list.id, vote_list.code, head.unit.id),
        Subject(SubjectKind.LISTING, listing.id, listing.code),
        Subject(SubjectKind.SESSION, opened.id, opened.code),
        Subject(SubjectKind.DECISION, decision.id, decision.number),
        Subject(SubjectKind.DECISION, submission.id, submission.number),
        ids,
        initiative.id,
    )
