"""Council sessions through the router: the Office opens a session with ``/phienhop`` (council →
award groups → title → "Đồng chí chắc chắn …?"), the members vote with ``/bophieu`` (a
conflicted member is not asked, a secret ballot shows that a member voted and never how, "Đồng ý
tất cả còn lại", a double press votes once, a vote after the close is refused), the Office
closes it and reads the tally; every other role is refused by command and by forged buttons,
and a nomination whose award a session decides offers no per-item conclusion."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.callbacks import (
    BallotAct,
    BallotChoice,
    NominationAct,
    NominationOpen,
    SessionChoice,
    SessionMenu,
)
from bot.config import Settings
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.councils import Position
from bot.services.nominations.workflow import Action
from models import AuditEntry, Ballot, Delivery, SessionItem
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.people import Person
from tests.services.council_sessions_seed import COUNCILS, session_awards
from tests.services.nominations_seed import draft_for

NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"
NOT_SEATED = "Chỉ thành viên Hội đồng mới biểu quyết tại phiên họp"
TITLE = "Phiên họp xét khen thưởng năm 2025"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, councils=COUNCILS, awards=session_awards(0.5))


async def view_of(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


@pytest.fixture
async def people(app: App) -> dict[str, Person]:
    """The Office, a unit head, two staff nominated, three council members of the Office's
    unit and one of the nominees' unit (seated), a leader and a staff member not seated."""
    found = {
        "vp": await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng"),
        "truong": await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng"),
        "an": await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An"),
        "binh": await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình"),
        "hoi1": await join(app, "hoi1", "VP", Role.COUNCIL, "Đỗ Văn Một"),
        "hoi2": await join(app, "hoi2", "VP", Role.COUNCIL, "Đỗ Văn Hai"),
        "hoi3": await join(app, "hoi3", "VP", Role.COUNCIL, "Đỗ Văn Ba"),
        "dong": await join(app, "dong", "CNTT", Role.COUNCIL, "Vũ Văn Đồng"),
        "lanh": await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh"),
        "khac": await join(app, "khac", "VP", Role.STAFF, "Vũ Thị Khác"),
    }
    office = await view_of(app, found["vp"])
    for name in ("hoi1", "hoi2", "hoi3", "dong"):
        member = await view_of(app, found[name])
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
    return found


async def under_review(app: App, people: dict[str, Person]) -> list[int]:
    """An for CSTĐCS, Bình for CSTĐCS, An for the Giấy khen, each sent to the council: on the
    agenda (by unit and name) An's CSTĐCS is 1, An's Giấy khen 2, Bình's CSTĐCS 3."""
    head, office = await view_of(app, people["truong"]), await view_of(app, people["vp"])
    ids = []
    for name, award in (("an", "CSTDCS"), ("binh", "CSTDCS"), ("an", "GK-GD")):
        who = await view_of(app, people[name])
        item = await app.services.nominations.submit(head, draft_for(who, award_code=award))
        for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
            await app.services.nominations.act(office, item.id, action)
        ids.append(item.id)
    return ids


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def open_session(office: Person) -> None:
    """Walk the Office through opening a session of every group."""
    await office.send("/phienhop")
    await office.tap("Mở phiên họp")
    await office.tap("Hội đồng Thi đua")
    await office.tap("Tiếp tục")
    await office.send(TITLE)
    await office.tap("Xác nhận")
    assert "Đã mở phiên họp PH-2026-001" in office.text


async def test_the_whole_session_from_opening_to_the_tally(
    app: App, people: dict[str, Person]
) -> None:
    items = await under_review(app, people)
    office = people["vp"]
    await office.send("/phienhop")
    assert "Chưa có phiên họp nào" in office.text
    await office.tap("Mở phiên họp")
    assert "Mở phiên họp của Hội đồng nào?" in office.text
    assert labels(office) == ["Hội đồng Thi đua - Khen thưởng Sở"]  # not the initiative one
    await office.tap("Hội đồng Thi đua")
    assert "✔️ Chiến sĩ thi đua cơ sở: 2 hồ sơ" in office.text
    assert "✔️ Giấy khen của Giám đốc Sở: 1 hồ sơ" in office.text
    await office.tap("Giấy khen")  # left out, then chosen again
    assert "▫️ Giấy khen của Giám đốc Sở: 1 hồ sơ" in office.text
    assert "Tiếp tục với 2 hồ sơ" in labels(office)[-1]
    await office.tap("Giấy khen")
    await office.tap("Tiếp tục với 3 hồ sơ")
    assert "Phiên họp gồm 3 hồ sơ của Hội đồng Thi đua - Khen thưởng Sở" in office.text
    await office.send("PH")
    assert "Nội dung quá ngắn: cần ít nhất 3 ký tự." in office.text  # asked again
    assert "Gõ tên phiên họp" in office.text
    await office.send(TITLE)
    assert (
        f"Đồng chí chắc chắn muốn mở phiên họp «{TITLE}» của Hội đồng Thi đua - Khen thưởng "
        "Sở với 3 hồ sơ?" in office.text
    )
    assert "Sẽ báo cho: 4 thành viên Hội đồng Thi đua" in office.text
    await office.tap("Xác nhận")
    assert f"Đã mở phiên họp PH-2026-001 «{TITLE}» với 3 hồ sơ" in office.text
    assert "Đã gửi tin mời biểu quyết tới 4 thành viên Hội đồng" in office.text
    assert ": 0/3" in office.text

    # Each member got a notice with the button to the ballot.
    notice = await last_payload(app, people["hoi1"])
    assert "Đồng chí biểu quyết 3 hồ sơ" in notice["text"]
    one = people["hoi1"]
    await one.press(notice["buttons"][0][0][1])
    assert "Đồng chí còn 3/3 hồ sơ chưa biểu quyết" in one.text
    assert "Bỏ phiếu kín" in one.text
    await one.tap("1. Đồng ý")
    assert "Đã ghi nhận phiếu của đồng chí cho hồ sơ" in one.text
    await one.tap("Đồng ý tất cả còn lại (2)")
    assert "Đồng chí chắc chắn muốn đồng ý tất cả 2 hồ sơ còn lại" in one.text
    await one.tap("Đồng ý tất cả còn lại")
    assert "Đã ghi nhận phiếu đồng ý của đồng chí cho 2 hồ sơ" in one.text
    assert not any("Đồng ý" in label for label in labels(one))

    two = people["hoi2"]
    await two.send("/bophieu")
    await two.tap("1. Đồng ý")
    await two.tap("2. Không đồng ý")
    await two.tap("3. Đồng ý")
    three = people["hoi3"]
    await three.send("/bophieu")
    await three.tap("1. Đồng ý")
    late = next(b.data for b in three.last.flat_buttons() if "2. Đồng ý" in b.label)

    await office.send("/phienhop")
    await office.tap("PH-2026-001")
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở: 3/3" in office.text
    assert "Trần Thị Bình — Chiến sĩ thi đua cơ sở: 2/3" in office.text
    await office.tap("Kết thúc phiên họp")
    assert "Đồng chí chắc chắn muốn kết thúc phiên họp PH-2026-001" in office.text
    await office.tap("Kết thúc phiên họp")
    assert "Đã kết thúc phiên họp PH-2026-001" in office.text
    assert "Tổng số thành viên Hội đồng: 4" in office.text
    assert "Số thành viên tối thiểu tham gia biểu quyết: 50% (2 thành viên)" in office.text
    assert "Đồng ý 3/4 · ngưỡng 60% (cần 3/4) · Đạt" in office.text
    assert "Đồng ý 1/4 · ngưỡng 50% (cần 2/4) · Không đạt" in office.text
    assert "Đồng ý 2/4 · ngưỡng 60% (cần 3/4) · Không đạt" in office.text

    # A vote after the close is refused with a clear message.
    await three.press(late)
    assert "Phiên họp này đã kết thúc nên không nhận thêm phiếu" in three.text
    states = [
        (await app.services.nominations.view(await view_of(app, office), i)).state for i in items
    ]
    assert states == [
        NominationState.RECOMMENDED,
        NominationState.REJECTED,
        NominationState.REJECTED,
    ]
    async with app.sessions() as session:
        actions = list(
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like("council.%"))
                .order_by(AuditEntry.id)
            )
        )
    assert actions[-9:] == [
        "council.session_open",
        *["council.vote"] * 7,
        "council.session_close",
    ]
    # The council and the Office are told the results; the Office with its button.
    summary = await last_payload(app, people["dong"])
    assert "Đạt: 1 · Không đạt: 2" in summary["text"]
    assert (await last_payload(app, office))["buttons"][0][0][1] == SessionMenu(
        SessionChoice.SHOW, 1
    ).pack()


async def last_payload(app: App, person: Person) -> dict[str, Any]:
    member = await view_of(app, person)
    async with app.sessions() as session:
        found = await session.scalar(
            select(Delivery.payload)
            .where(Delivery.member_id == member.id)
            .order_by(Delivery.id.desc())
            .limit(1)
        )
    assert found is not None
    return dict(found)


async def test_a_conflicted_member_is_not_asked(app: App, people: dict[str, Person]) -> None:
    await under_review(app, people)
    await open_session(people["vp"])
    dong = people["dong"]
    await dong.send("/bophieu")
    assert "Đồng chí còn 0/3 hồ sơ chưa biểu quyết" in dong.text
    assert dong.text.count("Không tham gia biểu quyết (có liên quan)") == 3
    assert not any("Đồng ý" in label for label in labels(dong))
    async with app.sessions() as session:
        first = await session.scalar(select(SessionItem.id).order_by(SessionItem.id))
    assert first is not None
    await dong.press(BallotAct(BallotChoice.AGREE, 1, first).pack())  # forged
    assert "Đồng chí có liên quan trực tiếp đến đề nghị khen thưởng này" in dong.text
    async with app.sessions() as session:
        assert await session.scalar(select(Ballot.id)) is None


async def test_a_secret_ballot_shows_that_a_member_voted_never_how(
    app: App, people: dict[str, Person]
) -> None:
    await under_review(app, people)
    await open_session(people["vp"])
    two = people["hoi2"]
    await two.send("/bophieu")
    await two.tap("1. Không đồng ý")
    await two.tap("2. Không đồng ý")
    assert two.text.count("Đã biểu quyết") == 2
    assert "Không đồng ý" not in two.text
    assert "Đồng chí còn 1/3 hồ sơ chưa biểu quyết" in two.text
    office = people["vp"]
    await office.send("/phienhop")
    await office.tap("PH-2026-001")
    assert "Không đồng ý" not in office.text and "Đỗ Văn Hai" not in office.text
    async with app.sessions() as session:
        choices = sorted(str(c) for c in await session.scalars(select(Ballot.choice)))
        audited = list(
            await session.scalars(
                select(AuditEntry.after).where(AuditEntry.action == "council.vote")
            )
        )
    assert choices == ["None", "disagree"]  # the secret CSTĐCS keeps none; the Giấy khen does
    assert sorted(map(str, audited)) == ["None", "{'choice': 'disagree'}"]


async def test_a_double_press_votes_once(app: App, people: dict[str, Person]) -> None:
    await under_review(app, people)
    await open_session(people["vp"])
    one = people["hoi1"]
    await one.send("/bophieu")
    data = next(b.data for b in one.last.flat_buttons() if "1. Đồng ý" in b.label)
    await one.press(data)
    await one.press(data)
    assert "Đồng chí đã biểu quyết hồ sơ này" in one.text
    async with app.sessions() as session:
        agree = await session.scalar(select(SessionItem.agree).order_by(SessionItem.id))
        ballots = list(await session.scalars(select(Ballot.id)))
    assert (agree, len(ballots)) == (1, 1)


async def test_lower_roles_are_refused_by_command_and_by_forged_buttons(
    app: App, people: dict[str, Person]
) -> None:
    await under_review(app, people)
    await open_session(people["vp"])
    for name in ("truong", "an", "hoi1", "lanh"):
        person = people[name]
        await person.send("/phienhop")
        assert NOT_ALLOWED in person.text, name
        for office_choice in SessionChoice:
            await person.press(SessionMenu(office_choice, 1).pack())
            assert NOT_ALLOWED in person.text, (name, office_choice)
    for name in ("khac", "truong", "lanh", "vp"):
        person = people[name]
        await person.send("/bophieu")
        assert NOT_SEATED in person.text, name
        for choice in BallotChoice:
            await person.press(BallotAct(choice, 1, 1).pack())
            assert NOT_SEATED in person.text, (name, choice)
    async with app.sessions() as session:
        assert await session.scalar(select(Ballot.id)) is None
        state = await session.scalar(select(SessionItem.result).order_by(SessionItem.id))
    assert state == ""  # still open


async def test_an_award_a_session_decides_has_no_per_item_conclusion(
    app: App, people: dict[str, Person]
) -> None:
    items = await under_review(app, people)
    office = people["vp"]
    await office.press(NominationOpen(items[0]).pack())
    assert "Hồ sơ này do Hội đồng biểu quyết tại phiên họp" in office.text
    assert not any("Hội đồng đề nghị" in label for label in labels(office))
    assert not any("Hội đồng không đề nghị" in label for label in labels(office))
    view = await app.services.nominations.view(await view_of(app, office), items[0])
    await office.press(NominationAct(items[0], Action.RECOMMEND.value, view.version).pack())
    assert "do Hội đồng biểu quyết tại phiên họp" in office.text
    await office.press(NominationAct(items[0], Action.REJECT.value, view.version).pack())
    assert "do Hội đồng biểu quyết tại phiên họp" in office.text
    after = await app.services.nominations.view(await view_of(app, office), items[0])
    assert after.state is NominationState.UNDER_REVIEW
