""" "Vì sao?" through the router: the Office picks any unit then any member from paged lists,
a unit head their own unit's members, staff only themselves; every line names its item."""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.callbacks import BoardAct, BoardWhy, BoardWhyList, WhyList, WhySubject
from bot.roles import Role
from models import Report, ReportingPeriod, ScoreEvent
from tests.factories import join, make_proposal
from tests.fakes.people import Person
from tests.handlers.test_leaderboards import member, seeded
from tests.services.broadcasts_seed import add_unit, unit_view

NOT_ALLOWED = "Đồng chí chỉ xem được «Vì sao?» của chính mình"


def earned(text: str) -> list[int]:
    return [int(p) for p in re.findall(r"^• .*: (-?\d+) điểm$", text, re.M)]


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def with_more_units(app: App, count: int = 10) -> None:
    """Units enough for the pick list to need a second page (8 a page)."""
    for n in range(1, count + 1):
        await add_unit(app, f"TT{n:02d}", f"Trung tâm số {n:02d}")


async def test_the_office_picks_a_unit_from_a_paged_list_then_a_member(app: App) -> None:
    people = await seeded(app)
    await with_more_units(app)
    office = people["office"]
    await office.send("/bangxephang")
    await office.tap("Vì sao?")
    assert "Vì sao Phạm Văn Phòng có 0 điểm?" in office.text
    await office.tap("Chọn đơn vị")
    assert "trang 1/2" in office.text and office.last.edit
    units = labels(office)
    assert units[:2] == [
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên · 12 điểm",
        "Phòng Công nghệ thông tin · 22 điểm",
    ]
    assert len([u for u in units if "điểm" in u]) == 8 and "Sau ▶" in units
    await office.tap("Sau ▶")
    assert "trang 2/2" in office.text
    assert len([u for u in labels(office) if "điểm" in u]) == 5
    assert "◀ Trước" in labels(office) and "Sau ▶" not in labels(office)
    await office.tap("◀ Trước")
    await office.tap("Phòng Công nghệ thông tin")
    assert "Vì sao Phòng Công nghệ thông tin có 22 điểm?" in office.text
    assert sum(earned(office.text)) == 22
    assert "· Nguyễn Thị Lan" in office.text and "· Trần Văn Hùng" in office.text
    await office.tap("Từng người trong đơn vị")
    assert "Phòng Công nghệ thông tin" in office.text and "trang 1/1" in office.text
    assert labels(office)[:2] == ["Nguyễn Thị Lan · 12 điểm", "Trần Văn Hùng · 10 điểm"]
    await office.tap("Nguyễn Thị Lan")
    assert "Vì sao Nguyễn Thị Lan có 12 điểm?" in office.text
    assert sorted(earned(office.text)) == [2, 10]
    await office.tap("Quay lại danh sách")
    assert labels(office)[0] == "Nguyễn Thị Lan · 12 điểm"
    await office.tap("Quay lại danh sách")
    assert "trang 1/2" in office.text
    await office.tap("Quay lại bảng")
    assert "Bảng xếp hạng đơn vị" in office.text


async def test_a_unit_head_picks_their_own_members_only(app: App) -> None:
    people = await seeded(app)
    hung, mai = people["hung"], people["mai"]
    await hung.send("/bangxephang")
    await hung.tap("Vì sao?")
    assert "Chọn đơn vị" not in " ".join(labels(hung))
    await hung.tap("Từng người trong đơn vị")
    assert labels(hung)[:2] == ["Nguyễn Thị Lan · 12 điểm", "Trần Văn Hùng · 10 điểm"]
    assert "Quay lại danh sách" not in " ".join(labels(hung))  # no list of every unit
    await hung.tap("Nguyễn Thị Lan")
    assert "Vì sao Nguyễn Thị Lan có 12 điểm?" in hung.text
    await hung.tap("Quay lại danh sách")
    await hung.tap("Cả đơn vị")
    assert "Vì sao Phòng Công nghệ thông tin có 22 điểm?" in hung.text
    cntt = (await member(app, hung)).unit.id
    vy = (await member(app, mai)).unit.id
    mai_id = (await member(app, mai)).id
    forged = [
        BoardWhyList(WhyList.UNITS, 0, 0, "year", "", "u"),
        BoardWhyList(WhyList.MEMBERS, vy, 0, "year", "", "u"),
        BoardWhy(WhySubject.UNIT, vy, 0, 0, "year", "", "u"),
        BoardWhy(WhySubject.MEMBER, mai_id, vy, 0, "year", "", "u"),
    ]
    for payload in forged:
        await hung.press(payload.pack())
        assert NOT_ALLOWED in hung.text, payload
        assert "Lê Thị Mai" not in hung.text
    await hung.press(BoardWhy(WhySubject.MEMBER, mai_id, cntt, 0, "year", "", "u").pack())
    assert "Không tìm thấy người hoặc đơn vị này" in hung.text


async def test_staff_see_only_their_own_explanation(app: App) -> None:
    people = await seeded(app)
    lan, hung = people["lan"], people["hung"]
    await lan.send("/bangxephang")
    await lan.tap("Vì sao?")
    assert labels(lan) == ["↩️ Quay lại bảng"]
    me, head = await member(app, lan), await member(app, hung)
    await lan.press(BoardWhy(WhySubject.MEMBER, me.id, 0, 0, "year", "", "u").pack())
    assert "Vì sao Nguyễn Thị Lan có 12 điểm?" in lan.text
    for payload in (
        BoardWhy(WhySubject.MEMBER, head.id, me.unit.id, 0, "year", "", "u"),
        BoardWhy(WhySubject.UNIT, me.unit.id, 0, 0, "year", "", "u"),
        BoardWhyList(WhyList.MEMBERS, me.unit.id, 0, "year", "", "u"),
    ):
        await lan.press(payload.pack())
        assert NOT_ALLOWED in lan.text
        assert "Trần Văn Hùng" not in lan.text


@pytest.mark.parametrize(
    "forged",
    [
        BoardWhyList(WhyList.UNITS, 0, 0, "decade", "", "u"),
        BoardWhyList(WhyList.UNITS, 0, 0, "year", "castle", "u"),
        BoardWhy(WhySubject.UNIT, 1, 0, 0, "year", "", "q"),
    ],
)
async def test_forged_why_buttons_are_refused(app: App, forged: BoardWhy | BoardWhyList) -> None:
    office = await join(app, "office", "VP", Role.OFFICE, "Phạm Văn Phòng")
    await office.press(forged.pack())
    assert "Nút này đã hết hạn" in office.text


async def test_each_line_names_the_item_its_points_came_from(app: App) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    office = await join(app, "office", "VP", Role.OFFICE, "Phạm Văn Phòng")
    me = await member(app, lan)
    await app.services.initiatives.submit(me, make_proposal(title="Số hóa hồ sơ thi đua"))
    plan = await app.services.plans.current()
    await app.services.plans.confirm(me, plan.version)
    cntt = await unit_view(app, "CNTT")
    now = app.clock.now()
    async with app.sessions.begin() as session:
        period = ReportingPeriod(name="Báo cáo quý I/2026", deadline=now.date(), opened_at=now)
        session.add(period)
        await session.flush()
        report = Report(
            period_id=period.id,
            unit_id=cntt.id,
            summary="s",
            results="r",
            state="accepted",
            submitted_at=now,
            updated_at=now,
        )
        session.add(report)
        await session.flush()
        session.add(
            ScoreEvent(
                kind="report_on_time",
                member_id=None,
                unit_id=cntt.id,
                share=100,
                entity="report",
                entity_id=report.id,
                at=now,
            )
        )
    await lan.send("/bangxephang")
    await lan.tap("Vì sao?")
    assert re.search(r"Gửi sáng kiến · SK-2026-\d{4} «Số hóa hồ sơ thi đua»: 2 điểm", lan.text)
    assert f"Xác nhận quán triệt Kế hoạch · phiên bản {plan.version}: 1 điểm" in lan.text
    await office.send("/bangxephang")
    await office.tap("Vì sao?")
    await office.tap("Chọn đơn vị")
    await office.tap("Phòng Công nghệ thông tin")
    assert "Nộp báo cáo đúng hạn · «Báo cáo quý I/2026»: 10 điểm" in office.text
    assert re.search(
        r"Gửi sáng kiến · SK-2026-\d{4} «Số hóa hồ sơ thi đua» · Nguyễn Thị Lan", office.text
    )


async def test_the_period_of_the_board_carries_into_why(app: App) -> None:
    people = await seeded(app)
    office = people["office"]
    await office.press(BoardAct("w", "month", "", "u").pack())
    await office.tap("Chọn đơn vị")
    await office.tap("Phòng Văn hóa và Thông tin thành phố Vĩnh Yên")
    assert "có 10 điểm?" in office.text and "Tháng 3/2026" in office.text  # January's 2 left out


async def test_a_unit_without_members_says_so_in_its_list(app: App) -> None:
    people = await seeded(app)
    await with_more_units(app, 1)
    office = people["office"]
    await office.press(BoardAct("w", "year", "", "t").pack())
    await office.tap("Chọn đơn vị")
    await office.tap("Trung tâm số 01")
    assert "Vì sao Trung tâm số 01 có 0 điểm?" in office.text
    await office.tap("Từng người trong đơn vị")
    assert "Đơn vị này chưa có thành viên nào." in office.text
    assert not [label for label in labels(office) if "điểm" in label]
