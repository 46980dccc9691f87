"""``/bangxephang`` through the router: boards, periods, kinds, "Vì sao?", charts, Excel."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.callbacks import BoardAct
from bot.ports import ChatKind
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.leaderboards.records import PeriodKind
from models import ScoreEvent
from tests.factories import join
from tests.fakes.people import Person
from tests.services.broadcasts_seed import add_unit
from tests.services.leaderboards_seed import event

PNG = b"\x89PNG\r\n\x1a\n"
MARCH = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
JANUARY = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


async def member(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(person.channel, person.user_id)
    assert found is not None
    return found


async def score(
    app: App, person: Person, kind: str, *, at: datetime = MARCH, share: int = 100
) -> None:
    """Write one event to the ledger, as the capabilities do."""
    who = await member(app, person)
    async with app.sessions.begin() as session:
        session.add(
            ScoreEvent(
                kind=kind,
                member_id=who.id,
                unit_id=who.unit.id,
                share=share,
                entity="initiative",
                entity_id=1,
                at=at,
            )
        )


async def seeded(app: App) -> dict[str, Person]:
    """CNTT: two people, 22 points; VHTT-VY: one person, 12; VP: the Office, nothing."""
    people = {
        "lan": await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan"),
        "hung": await join(app, "hung", "CNTT", Role.UNIT_HEAD, "Trần Văn Hùng"),
        "mai": await join(app, "mai", "VHTT-VY", Role.STAFF, "Lê Thị Mai"),
        "office": await join(app, "office", "VP", Role.OFFICE, "Phạm Văn Phòng"),
    }
    await score(app, people["lan"], "initiative_recognized")  # 10
    await score(app, people["lan"], "initiative_submitted")  # 2
    await score(app, people["hung"], "initiative_recognized")  # 10
    await score(app, people["mai"], "initiative_recognized")  # 10
    await score(app, people["mai"], "initiative_submitted", at=JANUARY)  # 2
    return people


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"\d+\. ", line)]


async def test_board_is_a_chart_and_the_top_units_per_member_with_my_rank(app: App) -> None:
    people = await seeded(app)
    lan = people["lan"]
    await lan.send("/bangxephang")
    photo = lan.last.photo
    assert photo is not None and photo.content.startswith(PNG)
    assert photo.caption == "Bảng xếp hạng đơn vị · Năm 2026"
    assert "bình quân mỗi người" in lan.text
    ranked = lines_of(lan.text)
    assert ranked[0].startswith("1. Phòng Văn hóa và Thông tin thành phố Vĩnh Yên — 12 điểm")
    assert ranked[1].startswith("2. Phòng Công nghệ thông tin — 22 điểm · 11 điểm/người")
    assert "Đơn vị của đồng chí (Phòng Công nghệ thông tin) đứng thứ 2/3" in lan.text


async def test_total_points_and_individuals_with_my_own_rank(app: App) -> None:
    people = await seeded(app)
    lan, office = people["lan"], people["office"]
    await lan.send("/bangxephang")
    await lan.tap("Tổng điểm")
    assert lines_of(lan.text)[0].startswith("1. Phòng Công nghệ thông tin — 22 điểm")
    assert "tổng điểm" in lan.text
    await lan.tap("Cá nhân")
    assert lan.last.photo is None
    assert lines_of(lan.text)[:3] == [  # a tie shares its rank
        "1. Lê Thị Mai (Phòng Văn hóa và Thông tin thành phố Vĩnh Yên) — 12 điểm",
        "1. Nguyễn Thị Lan (Phòng Công nghệ thông tin) — 12 điểm",
        "3. Trần Văn Hùng (Phòng Công nghệ thông tin) — 10 điểm",
    ]
    assert "Đồng chí đứng thứ 1/3 với 12 điểm" in lan.text
    await office.send("/bangxephang")
    await office.tap("Cá nhân")
    assert "Đồng chí chưa có điểm" in office.text


async def test_periods_and_a_custom_range(app: App) -> None:
    people = await seeded(app)
    mai = people["mai"]
    await mai.send("/bangxephang")
    await mai.tap("Thời gian")
    assert "Chọn khoảng thời gian" in mai.text and mai.last.edit
    await mai.tap("Tháng này")
    assert "Tháng 3/2026" in mai.text
    assert "Vĩnh Yên — 10 điểm" in mai.text  # January's 2 points are not this month's
    await mai.tap("Thời gian")
    await mai.tap("Tùy chọn")
    assert "ngày bắt đầu" in mai.text
    await mai.send("01/01/2026")
    await mai.send("31/12/2025")  # before the start: asked again
    assert "không hợp lệ" in mai.text
    await mai.send("31/01/2026")
    assert mai.last.photo is not None
    assert "01/01/2026–31/01/2026" in mai.text
    assert "Vĩnh Yên — 2 điểm" in mai.text


async def test_unit_kind_filter(app: App) -> None:
    people = await seeded(app)
    lan = people["lan"]
    await lan.send("/bangxephang")
    await lan.tap("Loại đơn vị")
    await lan.tap("Phòng chuyên môn")
    assert "Chỉ gồm: Phòng chuyên môn" in lan.text
    assert [line.split(" — ")[0] for line in lines_of(lan.text)] == [
        "1. Phòng Công nghệ thông tin"
    ]


async def test_why_adds_up_to_the_score_shown_and_heads_see_their_unit(app: App) -> None:
    people = await seeded(app)
    lan, hung = people["lan"], people["hung"]
    await lan.send("/bangxephang")
    await lan.tap("Cá nhân")
    shown = re.search(r"Nguyễn Thị Lan \(.*\) — (\d+) điểm", lan.text)
    assert shown is not None
    await lan.tap("Vì sao?")
    assert f"Vì sao Nguyễn Thị Lan có {shown.group(1)} điểm?" in lan.text
    earned = [int(p) for p in re.findall(r"^• .*: (\d+) điểm$", lan.text, re.M)]
    assert sorted(earned) == [2, 10] and sum(earned) == int(shown.group(1))
    assert "Gửi sáng kiến" in lan.text and "Sáng kiến được công nhận" in lan.text
    assert "Phòng Công nghệ thông tin có" not in lan.text  # staff: their own score only
    await hung.send("/bangxephang")
    await hung.tap("Vì sao?")
    assert "Vì sao Trần Văn Hùng có 10 điểm?" in hung.text
    assert "Vì sao Phòng Công nghệ thông tin có 22 điểm?" in hung.text


async def test_coverage_and_trend_charts(app: App) -> None:
    people = await seeded(app)
    lan = people["lan"]
    await lan.send("/bangxephang")
    await lan.tap("Quán triệt")
    assert lan.last.photo is not None and lan.last.photo.content.startswith(PNG)
    assert "Phòng Công nghệ thông tin: 0/2 người (0%)" in lan.text
    await lan.tap("Quay lại")
    await lan.tap("Xu hướng")
    assert lan.last.photo is not None
    assert lan.last.photo.caption == "Sáng kiến theo tháng · Năm 2026"


async def test_unit_chart_is_rendered_once_until_the_ledger_changes(app: App) -> None:
    people = await seeded(app)
    boards, charts = app.services.leaderboards, app.services.board_charts
    period = boards.period(PeriodKind.YEAR)
    first = await charts.unit_chart(await boards.units(period))
    again = await charts.unit_chart(await boards.units(period))
    assert again.png is first.png
    await score(app, people["office"], "report_on_time")
    changed = await charts.unit_chart(await boards.units(period))
    assert changed.png is not first.png
    assert changed.fallback.startswith("1. Phòng Văn hóa")


async def test_office_downloads_the_boards_as_excel_cell_by_cell(app: App) -> None:
    people = await seeded(app)
    office = people["office"]
    await office.send("/bangxephang")
    await office.tap("Tải Excel")
    document = office.last.document
    assert document is not None and document.name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(document.content)).active
    assert "Bảng xếp hạng đơn vị · Năm 2026" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [
        "STT",
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Loại đơn vị",
        "Số người",
        "Tổng điểm",
        "Điểm bình quân/người",
    ]
    assert [c.value for c in sheet[3]] == [
        1,
        1,
        "VHTT-VY",
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        "Phòng Văn hóa và Thông tin cấp huyện",
        1,
        12,
        12,
    ]
    assert [c.value for c in sheet[4]][:4] == [2, 2, "CNTT", "Phòng Công nghệ thông tin"]
    assert [c.value for c in sheet[4]][5:] == [2, 22, 11]
    await office.tap("Quay lại")
    await office.tap("Cá nhân")
    await office.tap("Tải Excel")
    assert office.last.document is not None
    people_sheet = load_workbook(io.BytesIO(office.last.document.content)).active
    assert [c.value for c in people_sheet[2]] == [
        "STT",
        "Hạng",
        "Họ và tên",
        "Đơn vị",
        "Tổng điểm",
    ]
    assert [c.value for c in people_sheet[4]] == [
        2,
        1,
        "Nguyễn Thị Lan",
        "Phòng Công nghệ thông tin",
        12,
    ]
    assert [c.value for c in people_sheet[5]][:3] == [3, 3, "Trần Văn Hùng"]


async def test_staff_have_no_excel_button_and_a_forged_one_is_refused(app: App) -> None:
    people = await seeded(app)
    lan = people["lan"]
    await lan.send("/bangxephang")
    assert not [b for b in lan.last.flat_buttons() if "Excel" in b.label]
    await lan.press(BoardAct("x", "year", "", "u").pack())
    assert "Chỉ Văn phòng Sở" in lan.text and lan.last.document is None


@pytest.mark.parametrize(
    "forged",
    [
        BoardAct("u", "decade", "", "u"),
        BoardAct("u", "year", "castle", "u"),
        BoardAct("u", "20261301-20261231", "", "u"),
        BoardAct("z", "year", "", "u"),
        BoardAct("w", "year", "", "q"),
    ],
)
async def test_forged_board_buttons_are_refused(app: App, forged: BoardAct) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.press(forged.pack())
    assert "Nút này đã hết hạn" in lan.text


async def test_strangers_pressing_a_board_button_are_told_how_to_join(app: App) -> None:
    stranger = Person(app.router, "nobody")
    await stranger.press(BoardAct("u", "year", "", "u").pack())
    assert "lời mời" in stranger.text


async def test_in_a_group_the_board_is_a_chart_and_other_commands_go_private(app: App) -> None:
    await seeded(app)
    group = Person(app.router, "lan", chat_kind=ChatKind.GROUP)
    await group.send("/bangxephang@thidua_bot")
    photo = group.last.photo
    assert photo is not None and photo.content.startswith(PNG)
    assert photo.caption.startswith("Bảng xếp hạng đơn vị · Năm 2026")
    assert "1. Phòng Văn hóa và Thông tin thành phố Vĩnh Yên — 12" in photo.caption
    assert "Đơn vị của đồng chí" not in group.text  # nothing personal in a group
    await group.send("/sangkien")
    assert "tin nhắn riêng" in group.text and group.last.photo is None
    outsider = Person(app.router, "khach", chat_kind=ChatKind.GROUP)
    await outsider.send("/bangxephang")
    assert outsider.last.photo is not None


def png_height(data: bytes) -> int:
    return int.from_bytes(data[20:24], "big")


async def test_the_unit_chart_adds_the_viewers_unit_and_is_kept_per_viewer(app: App) -> None:
    people = await seeded(app)
    for n in range(1, 12):  # eleven more units with points: the Office's falls outside the top
        unit = await add_unit(app, f"TT{n:02d}", f"Trung tâm số {n:02d}")
        await event(app, unit.id, "report_on_time")
    boards, charts = app.services.leaderboards, app.services.board_charts
    board = await boards.units(boards.period(PeriodKind.YEAR), per_member=False)
    office, lan = await member(app, people["office"]), await member(app, people["lan"])
    nobody = await charts.unit_chart(board)
    outside = await charts.unit_chart(board, office.unit.id)
    inside = await charts.unit_chart(board, lan.unit.id)
    # In the top ten the viewer's unit is highlighted in place (and the colour explained);
    # outside it, it is added after a "…" as one more row.
    assert png_height(nobody.png) < png_height(inside.png) < png_height(outside.png)
    assert (await charts.unit_chart(board, office.unit.id)).png is outside.png
