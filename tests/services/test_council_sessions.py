"""Council sessions against the real database: the share of all members decides, a secret
ballot never keeps a choice, a member with a stake is left out, a vote is final, an item without
a threshold waits for the Office."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.config import Settings
from bot.domain import NominationState
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.councils import Position
from bot.services.councils.tally import Result
from bot.services.nominations.workflow import Action
from models import Ballot
from tests.conftest import make_settings
from tests.factories import make_member
from tests.services.nominations_seed import draft_for

COUNCILS = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
    {"code": "HDSK", "name": "Hội đồng sáng kiến", "kind": "initiative"},
]
AWARDS = [
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "applies_to": "individual",
        "tracks": ["annual"],
        "kind": "title",
        "council": "HDTDKT",
        "vote_threshold": 0.6,
        "secret_vote": True,
    },
    {
        "code": "GK-GD",
        "name": "Giấy khen của Giám đốc Sở",
        "applies_to": "both",
        "tracks": ["annual"],
        "council": "HDTDKT",
    },
]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, councils=COUNCILS, awards=AWARDS)


async def _under_review(app: App, office: MemberView, who: MemberView, award: str) -> int:
    head = await make_member(app, f"head{who.id}", Role.UNIT_HEAD, who.unit.code, name="Trưởng")
    item = await app.services.nominations.submit(head, draft_for(who, award_code=award))
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        await app.services.nominations.act(office, item.id, action)
    return item.id


async def test_a_secret_vote_decides_by_the_share_of_all_members(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    seated = [
        await make_member(app, f"hd{n}", Role.COUNCIL, "VP", name=f"Thành Viên {n}")
        for n in range(5)
    ]
    for member in seated:
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
    an = await make_member(app, "an", name="Nguyễn Văn An")
    binh = await make_member(app, "binh", name="Trần Thị Bình")
    first = await _under_review(app, office, an, "CSTDCS")
    second = await _under_review(app, office, binh, "CSTDCS")
    sessions = app.services.council_sessions
    opened = await sessions.open(
        office, "HDTDKT", "Phiên họp xét danh hiệu năm 2026", [first, second]
    )
    agenda = await sessions.agenda(seated[0], opened.id)
    assert [a.may_vote for a in agenda] == [True, True]
    ids = {a.nomination_id: a.item_id for a in agenda}
    # First: 3 of 5 agree (60 %, the threshold); second: 2 of 5 (40 %).
    for n, member in enumerate(seated):
        await sessions.vote(member, ids[first], agree=n < 3)
        await sessions.vote(member, ids[second], agree=n < 2)
    with pytest.raises(errors.NominationAlreadyHandled):
        await sessions.vote(seated[0], ids[first], agree=False)  # a vote is final
    async with app.sessions() as session:
        choices = set(await session.scalars(select(Ballot.choice)))
    assert choices == {None}  # secret: only that each member voted
    results = {r.nomination_id: r for r in await sessions.close(office, opened.id)}
    assert results[first].result is Result.PASSED
    assert (results[first].tally.agree, results[first].tally.members) == (3, 5)
    assert results[second].result is Result.FAILED
    states = [(await app.services.nominations.view(office, i)).state for i in (first, second)]
    assert states == [NominationState.RECOMMENDED, NominationState.REJECTED]
    with pytest.raises(errors.NominationAlreadyHandled):
        await sessions.close(office, opened.id)


async def test_conflicted_members_are_left_out_and_unruled_items_wait(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    colleague = await make_member(app, "dong", Role.COUNCIL, "CNTT", name="Đồng Nghiệp")
    outsider = await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    for member in (colleague, outsider):
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
    an = await make_member(app, "an", name="Nguyễn Văn An")
    item = await _under_review(app, office, an, "GK-GD")
    sessions = app.services.council_sessions
    opened = await sessions.open(office, "HDTDKT", "Phiên họp", [item])
    (mine,) = await sessions.agenda(colleague, opened.id)
    assert not mine.may_vote  # in the nominee's unit
    with pytest.raises(errors.OwnNomination):
        await sessions.vote(colleague, mine.item_id, agree=True)
    with pytest.raises(errors.NotAllowed):
        await sessions.vote(an, mine.item_id, agree=True)  # not seated
    await sessions.vote(outsider, mine.item_id, agree=True)
    (closed,) = await sessions.close(office, opened.id)
    assert closed.result is Result.UNRULED  # no threshold: the Office concludes
    view = await app.services.nominations.view(office, item)
    assert view.state is NominationState.UNDER_REVIEW


async def test_only_the_office_opens_and_closes(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    council = await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    item = await _under_review(app, office, an, "GK-GD")
    sessions = app.services.council_sessions
    with pytest.raises(errors.NotAllowed):
        await sessions.open(council, "HDTDKT", "Phiên họp", [item])
    with pytest.raises(errors.UnknownCouncil):
        await sessions.open(office, "HDSK", "Phiên họp", [item])  # not an emulation council
    opened = await sessions.open(office, "HDTDKT", "Phiên họp", [item])
    with pytest.raises(errors.NotAllowed):
        await sessions.close(council, opened.id)
    with pytest.raises(errors.NotAllowed):
        await sessions.agenda(an, opened.id)
    with pytest.raises(errors.SessionNotFound):
        await sessions.close(office, opened.id + 1)
    assert opened.code == "PH-2026-001"
