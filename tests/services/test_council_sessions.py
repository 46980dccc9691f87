"""Council sessions against the real database: the share of all members decides, a secret
ballot never keeps a choice, a member with a stake is left out, a vote is final, an item without
a threshold waits for the Office, one without the quorum stays under review; what waits for a
session, a member's open ballots, agreeing on every item left, the Office's list and results,
the notices through the outbox, the audit log, and the per-item conclusion refused for an award
a session decides."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.callbacks import BallotAct, BallotChoice
from bot.config import Settings
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.councils import Position
from bot.services.councils.tally import Result
from bot.services.nominations.workflow import Action
from models import AuditEntry, Ballot, Delivery
from tests.conftest import make_settings
from tests.factories import make_member
from tests.services.council_sessions_seed import COUNCILS, session_awards
from tests.services.nominations_seed import draft_for


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, councils=COUNCILS, awards=session_awards())


async def _under_review(app: App, office: MemberView, who: MemberView, award: str) -> int:
    head = await app.services.members.find(Channel.CONSOLE, f"head{who.id}")
    if head is None:
        head = await make_member(
            app, f"head{who.id}", Role.UNIT_HEAD, who.unit.code, name="Trưởng"
        )
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
    views = [await app.services.nominations.view(office, i) for i in (first, second)]
    assert [v.state for v in views] == [NominationState.RECOMMENDED, NominationState.REJECTED]
    async with app.sessions() as session:
        found = await session.execute(
            select(AuditEntry.action, AuditEntry.after).where(
                AuditEntry.entity == "nomination", AuditEntry.entity_id == opened.code
            )
        )
        moves = {row.action: row.after for row in found}
    # One audit entry per result of the session, naming each item it moved under its reason.
    assert list(moves["nomination.recommended"]["items"].values()) == [[views[0].code]]
    assert list(moves["nomination.rejected"]["items"].values()) == [[views[1].code]]
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
    with pytest.raises(errors.CouncilEmpty):
        await sessions.open(office, "HDTDKT", "Phiên họp", [item])  # nobody could vote
    await app.services.councils.seat(office, "HDTDKT", council.id, Position.MEMBER)
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


async def _seat(app: App, office: MemberView, *names: str, unit: str = "VP") -> list[MemberView]:
    seated = []
    for name in names:
        user = "tv-" + name.casefold().replace(" ", "-")
        member = await make_member(app, user, Role.COUNCIL, unit, name=name)
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
        seated.append(member)
    return seated


async def _payloads(app: App, member: MemberView) -> list[dict[str, Any]]:
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery.payload).where(Delivery.member_id == member.id).order_by(Delivery.id)
        )
        return [dict(payload) for payload in rows]


async def test_what_waits_for_a_session_is_grouped_by_award(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await _seat(app, office, "Thành Viên Một")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    binh = await make_member(app, "binh", name="Trần Thị Bình")
    cstd = await _under_review(app, office, an, "CSTDCS")
    gk = [await _under_review(app, office, who, "GK-GD") for who in (an, binh)]
    sessions = app.services.council_sessions
    groups = await sessions.reviewable(office, "HDTDKT")
    assert [(g.award_code, g.award_name, g.item_ids) for g in groups] == [
        ("CSTDCS", "Chiến sĩ thi đua cơ sở", (cstd,)),
        ("GK-GD", "Giấy khen của Giám đốc Sở", tuple(gk)),
    ]
    await sessions.open(office, "HDTDKT", "Phiên họp thứ nhất", [cstd])
    left = await sessions.reviewable(office, "HDTDKT")
    assert [g.award_code for g in left] == ["GK-GD"]  # on an open session already
    with pytest.raises(errors.SessionListChanged):
        await sessions.open(office, "HDTDKT", "Phiên họp thứ hai", [cstd, *gk])
    with pytest.raises(errors.InvalidSessionTitle):
        await sessions.open(office, "HDTDKT", "  PH ", gk)
    with pytest.raises(errors.NotAllowed):
        await sessions.reviewable(an, "HDTDKT")
    with pytest.raises(errors.UnknownCouncil):
        await sessions.reviewable(office, "HDSK")


async def test_opening_tells_each_member_and_closing_tells_the_results(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    seated = await _seat(app, office, "Thành Viên Một", "Thành Viên Hai", "Thành Viên Ba")
    colleague = (await _seat(app, office, "Đồng Nghiệp", unit="CNTT"))[0]
    an = await make_member(app, "an", name="Nguyễn Văn An")
    item = await _under_review(app, office, an, "CSTDCS")
    sessions = app.services.council_sessions
    opened = await sessions.open(office, "HDTDKT", "Phiên họp xét danh hiệu", [item])
    assert opened.told == 4
    (notice,) = await _payloads(app, seated[0])
    assert "mở phiên họp <b>PH-2026-001</b>" in notice["text"]
    assert "Đồng chí biểu quyết 1 hồ sơ" in notice["text"]
    assert notice["buttons"] == [
        [["🗳 Mở phiếu biểu quyết", BallotAct(BallotChoice.AGENDA, opened.id).pack()]]
    ]
    assert "Đồng chí biểu quyết 0 hồ sơ" in (await _payloads(app, colleague))[0]["text"]
    (agenda,) = await sessions.agenda(seated[0], opened.id)
    for member in seated:
        await sessions.vote(member, agenda.item_id, agree=member is not seated[2])
    (closed,) = await sessions.close(office, opened.id)
    # 2 of the 4 members agree: 50 % < the 60 % threshold, so it fails; the colleague counts.
    assert (closed.tally.agree, closed.tally.members, closed.result) == (2, 4, Result.FAILED)
    view = await app.services.nominations.view(office, item)
    assert view.history[-1].reason == (
        "Hội đồng biểu quyết: 2/4 thành viên đồng ý; ngưỡng 60% tổng số thành viên (cần 3/4)."
    )
    summary = (await _payloads(app, seated[0]))[-1]
    assert "đã kết thúc phiên họp <b>PH-2026-001</b>" in summary["text"]
    assert "Không đạt: 1" in summary["text"]
    assert summary["buttons"] == []
    office_summary = (await _payloads(app, office))[-1]
    assert office_summary["text"] == summary["text"]
    assert office_summary["buttons"][0][0][0] == "📋 Xem kết quả phiên họp"
    nominator = (await _payloads(app, await _head_of(app, an)))[-1]
    assert "Hội đồng không đề nghị khen thưởng hồ sơ" in nominator["text"]
    assert "Hội đồng biểu quyết: 2/4" in nominator["text"]


async def _head_of(app: App, who: MemberView) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, f"head{who.id}")
    assert found is not None
    return found


async def test_a_member_agrees_on_every_item_left_in_one_call(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    (member,) = await _seat(app, office, "Thành Viên Một")
    colleague = (await _seat(app, office, "Đồng Nghiệp", unit="CNTT"))[0]
    an = await make_member(app, "an", name="Nguyễn Văn An")
    vy = await make_member(app, "vy", Role.STAFF, "VHTT-VY", name="Lý Thị Vy")
    items = [
        await _under_review(app, office, an, "CSTDCS"),
        await _under_review(app, office, vy, "GK-GD"),
        await _under_review(app, office, vy, "CSTDCS"),
    ]
    sessions = app.services.council_sessions
    opened = await sessions.open(office, "HDTDKT", "Phiên họp", items)
    (ballot,) = await sessions.open_sessions(member)
    assert (ballot.code, ballot.items, ballot.waiting) == ("PH-2026-001", 3, 3)
    (mine,) = await sessions.open_sessions(colleague)
    assert mine.waiting == 2  # the CNTT nominee is not asked of a CNTT member
    first = (await sessions.agenda(member, opened.id))[0]
    await sessions.vote(member, first.item_id, agree=False)
    assert await sessions.vote_all(member, opened.id) == 2
    assert await sessions.vote_all(member, opened.id) == 0
    assert [a.voted for a in await sessions.agenda(member, opened.id)] == [True, True, True]
    assert (await sessions.open_sessions(member))[0].waiting == 0
    assert await sessions.vote_all(colleague, opened.id) == 2
    stake = [a.stake for a in await sessions.agenda(colleague, opened.id)]
    assert stake == [True, False, False]
    async with app.sessions() as session:
        votes = list(
            await session.execute(
                select(AuditEntry.entity_id, AuditEntry.after)
                .where(AuditEntry.action == "council.vote")
                .order_by(AuditEntry.id)
            )
        )
    # Giấy khen is an open ballot: its choice is audited; the secret ones keep none.
    gk = f"PH-2026-001:{(await app.services.nominations.view(office, items[1])).code}"
    assert [(entity == gk, after) for entity, after in votes] == [
        (False, None),  # the member's "no" on a secret item: no choice kept
        (True, {"choice": "agree"}),
        (False, None),
        (True, {"choice": "agree"}),
        (False, None),
    ]
    await sessions.close(office, opened.id)
    with pytest.raises(errors.SessionClosed):
        await sessions.vote_all(member, opened.id)
    with pytest.raises(errors.NotSeated):
        await sessions.open_sessions(an)


async def test_the_office_lists_sessions_and_reads_results(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    seated = await _seat(app, office, "Một", "Hai", "Ba", "Bốn")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    binh = await make_member(app, "binh", name="Trần Thị Bình")
    passed = await _under_review(app, office, an, "CSTDCS")
    waits = await _under_review(app, office, binh, "GK-GD")
    sessions = app.services.council_sessions
    opened = await sessions.open(office, "HDTDKT", "Phiên họp một", [passed, waits])
    progress = await sessions.progress(office, opened.id)
    assert [(i.voted, i.voters) for i in progress.items] == [(0, 4), (0, 4)]
    for member in seated[:3]:
        await sessions.vote_all(member, opened.id)
    progress = await sessions.progress(office, opened.id)
    assert [(i.voted, i.voters) for i in progress.items] == [(3, 4), (3, 4)]
    await sessions.close(office, opened.id)
    results = await sessions.results(office, opened.id)
    assert (results.members, results.quorum) == (4, 0.5)
    assert [(r.code, r.tally.agree, r.threshold, r.result) for r in results.items] == [
        (results.items[0].code, 3, 0.6, Result.PASSED),
        (results.items[1].code, 3, None, Result.UNRULED),
    ]
    # Too few vote in the second session: no quorum, the item stays for another session.
    third = await _under_review(
        app, office, await make_member(app, "c", name="Cao Văn C"), "GK-GD"
    )
    second = await sessions.open(office, "HDTDKT", "Phiên họp hai", [third])
    (item,) = await sessions.agenda(seated[0], second.id)
    await sessions.vote(seated[0], item.item_id, agree=True)
    (no_quorum,) = await sessions.close(office, second.id)
    assert no_quorum.result is Result.NO_QUORUM
    assert (await app.services.nominations.view(office, third)).state is (
        NominationState.UNDER_REVIEW
    )
    assert [g.item_ids for g in await sessions.reviewable(office, "HDTDKT")] == [(third, waits)]
    listed = await sessions.sessions(office)
    assert [(s.code, s.state, s.items) for s in listed] == [
        ("PH-2026-002", "closed", 1),
        ("PH-2026-001", "closed", 2),
    ]
    with pytest.raises(errors.NotAllowed):
        await sessions.sessions(seated[0])
    with pytest.raises(errors.NotAllowed):
        await sessions.results(seated[0], opened.id)
    async with app.sessions() as session:
        actions = list(
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like("council.session%"))
                .order_by(AuditEntry.id)
            )
        )
    assert actions == ["council.session_open", "council.session_close"] * 2


async def test_a_session_decides_an_award_with_a_threshold_not_one_reviewer(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    voted = await _under_review(app, office, an, "CSTDCS")
    free = await _under_review(app, office, an, "GK-GD")
    nominations = app.services.nominations
    with pytest.raises(errors.DecidedBySession):
        await nominations.act(office, voted, Action.RECOMMEND)
    with pytest.raises(errors.DecidedBySession):
        await nominations.act(office, voted, Action.REJECT, reason="Chưa đủ thành tích")
    view = await nominations.act(office, free, Action.RECOMMEND)  # no threshold: per item
    assert view.state is NominationState.RECOMMENDED
    assert nominations.by_session("CSTDCS") and not nominations.by_session("GK-GD")


async def test_reviewers_are_not_asked_to_decide_what_a_session_decides(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    reviewer = await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    an = await make_member(app, "an", name="Nguyễn Văn An")
    by_session = await _under_review(app, office, an, "CSTDCS")  # a vote threshold is set
    by_reviewer = await _under_review(app, office, an, "GK-GD")
    waiting = await app.services.inbox.inbox(reviewer)
    ids = {item.item for item in waiting.items if item.task == "nomination_decide"}
    assert ids == {by_reviewer} and by_session not in ids
