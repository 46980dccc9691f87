"""Recording decisions in chat (/quyetdinh) through the router: the list of what waits, a
group's items, the dialog (number, date signed, signer, the items a higher level left out,
"Đồng chí chắc chắn …?"), its checks, /quaylai and /huy at each step, a restart in the middle, a
Tờ trình sent up then the higher level's result, a list changed meanwhile, a number used
before, and every role below the Office refused by command and by forged buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App, open_app
from bot.callbacks import DecisionChoice, DecisionMenu
from bot.config import Settings
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.nominations.records import NominationView
from models import Decision, Delivery
from tests.conftest import make_settings
from tests.factories import join, make_admin
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.nominations_seed import (
    AWARDS,
    GROUP,
    decide,
    draft_for,
    ledger,
    recommend,
)

GROUP_CHAT = "-100123"
YEAR = 2026  # the test clock starts on 02/03/2026, 09:00 in Vĩnh Phúc
TODAY = "02/03/2026"
SIGNER = "Nguyễn Văn Giám, Giám đốc Sở"
CANCELLED = "Đã hủy. Chưa ghi nhận văn bản nào; các hồ sơ giữ nguyên trạng thái."
#: The catalogue with a Director who decides here and a province that decides above.
AUTHORITIES: list[dict[str, Any]] = [
    {"code": "GD", "name": "Giám đốc Sở", "decides_here": True},
    {"code": "CT-UBND", "name": "Chủ tịch Ủy ban nhân dân tỉnh"},
]
GRANTED_AWARDS: list[dict[str, Any]] = [{**a, "granted_by": "GD"} for a in AWARDS] + [
    {
        "code": "BK-UBND",
        "name": "Bằng khen của Chủ tịch UBND tỉnh",
        "applies_to": "both",
        "tracks": ["annual"],
        "granted_by": "CT-UBND",
    }
]


@pytest.fixture
def settings(database_url: str) -> Settings:
    """An award catalogue (no authority: the organisation's head decides) and a group."""
    return make_settings(database_url, awards=AWARDS, announcements=GROUP)


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def higher(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core whose awards name who grants them, one of them above the Sở."""
    settings = make_settings(
        database_url, awards=GRANTED_AWARDS, authorities=AUTHORITIES, announcements=GROUP
    )
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def everyone(app: App) -> dict[str, Person]:
    """The Office, a unit head who nominates, two staff nominated, the council, a leader."""
    return {
        "vp": await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng"),
        "truong": await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng"),
        "an": await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An"),
        "binh": await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình"),
        "hoi": await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội"),
        "lanh": await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh"),
    }


@pytest.fixture
async def people(app: App) -> dict[str, Person]:
    return await everyone(app)


async def view_of(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def recommended(
    app: App, people: dict[str, Person], *nominees: str, award: str = "CSTDCS"
) -> list[NominationView]:
    """The unit head nominates each of ``nominees`` for ``award``; the council recommends."""
    head, office = await view_of(app, people["truong"]), await view_of(app, people["vp"])
    items = []
    for name in nominees:
        who = await view_of(app, people[name])
        item = await app.services.nominations.submit(head, draft_for(who, award_code=award))
        await recommend(app, office, item.id)
        items.append(item)
    return items


async def state_of(app: App, people: dict[str, Person], item: NominationView) -> NominationState:
    view = await app.services.nominations.view(await view_of(app, people["vp"]), item.id)
    return view.state


async def decisions_recorded(app: App) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count(Decision.id))) or 0)


async def last_delivery(app: App) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.max(Delivery.id))) or 0)


async def sent_since(app: App, after: int) -> dict[str, list[dict[str, Any]]]:
    """The payloads queued after delivery ``after``, per chat, oldest first."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.id > after).order_by(Delivery.id)
        )
        found: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            found.setdefault(row.chat_id, []).append(dict(row.payload))
        return found


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def open_record(office: Person, group: str) -> None:
    """From /quyetdinh, open ``group`` and press its record button."""
    await office.send("/quyetdinh")
    await office.tap(group)
    await office.tap("Ghi nhận")
    assert "Số " in office.text, office.text


async def answer(office: Person, *texts: str) -> None:
    """Type answers one after another (what the bot says between them is not checked)."""
    for text in texts:
        await office.send(text)


async def test_nothing_waits_for_a_decision(app: App, people: dict[str, Person]) -> None:
    admin = await make_admin(app)
    for someone in (people["vp"], admin):
        await someone.send("/quyetdinh")
        assert someone.text == (
            "🏛 Không có hồ sơ nào chờ ghi nhận quyết định. Hồ sơ chỉ chờ quyết định sau khi "
            "Hội đồng thống nhất đề nghị khen thưởng."
        )
        assert labels(someone) == []
    # Submitted but not yet recommended by the council: still nothing to decide.
    head = await view_of(app, people["truong"])
    await app.services.nominations.submit(head, draft_for(await view_of(app, people["an"])))
    await people["vp"].send("/quyetdinh")
    assert "Không có hồ sơ nào chờ ghi nhận quyết định" in people["vp"].text


async def test_a_decision_recorded_from_the_list_to_the_published_result(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    an_item, binh_item = await recommended(app, people, "an", "binh")
    (other,) = await recommended(app, people, "truong", award="GK-GD")

    await office.send("/quyetdinh")
    assert office.text.splitlines() == [
        "🏛 Quyết định khen thưởng · 3 hồ sơ chờ. Chọn một danh sách:",
        "1. Chiến sĩ thi đua cơ sở năm 2026 · 2 hồ sơ · chờ quyết định của Thủ trưởng đơn vị",
        "2. Giấy khen của Giám đốc Sở năm 2026 · 1 hồ sơ · chờ quyết định của Thủ trưởng đơn vị",
    ]
    assert labels(office) == [
        "Chiến sĩ thi đua cơ sở · 2026 · 2 hồ sơ",
        "Giấy khen của Giám đốc Sở · 2026 · 1 hồ sơ",
    ]
    await office.tap("Chiến sĩ thi đua cơ sở")
    assert office.last.edit  # the list becomes the group in place
    assert office.text.splitlines() == [
        "🏛 Chiến sĩ thi đua cơ sở năm 2026 · 2 hồ sơ",
        "chờ quyết định của Thủ trưởng đơn vị",
        "",
        f"1. {an_item.code} · Nguyễn Văn An — Phòng Công nghệ thông tin",
        f"2. {binh_item.code} · Trần Thị Bình — Phòng Công nghệ thông tin",
    ]
    assert labels(office) == ["📝 Ghi nhận quyết định", "◀ Quay lại danh sách"]
    await office.tap("Quay lại danh sách")
    assert "3 hồ sơ chờ" in office.text
    await office.tap("Chiến sĩ thi đua cơ sở")

    await office.tap("Ghi nhận quyết định")
    assert "📝 chờ quyết định của Thủ trưởng đơn vị" in office.text
    assert "Số Quyết định (ví dụ: 125/QĐ-SKHCN hoặc 45/TTr-SKHCN):" in office.text
    assert "/quaylai để quay lại bước trước · /huy để hủy" in office.text
    await office.send("125/QĐ-SKHCN")
    assert f"Ngày ký Quyết định (ví dụ: {TODAY}):" in office.text
    await office.send(TODAY)
    assert "Người ký Quyết định: họ tên và chức vụ" in office.text
    await office.send(SIGNER)
    assert "❓ Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 " in (
        office.text
    )
    assert f"({SIGNER}) về Chiến sĩ thi đua cơ sở, gồm 2 hồ sơ?" in office.text
    assert "2 hồ sơ được khen thưởng: điểm thi đua được ghi và kết quả được công bố" in (
        office.text
    )
    assert "không được khen thưởng" not in office.text  # none left out
    assert "📣 Sẽ báo cho: người đề nghị và người được đề nghị của từng hồ sơ." in office.text
    assert labels(office) == ["✅ Xác nhận", "✏️ Sửa lại", "✖️ Hủy"]
    start = await last_delivery(app)

    await office.tap("Xác nhận")
    assert office.text == (
        "✅ Đã ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị về "
        "Chiến sĩ thi đua cơ sở: 2 hồ sơ được khen thưởng, 0 hồ sơ không được khen thưởng. "
        "Kết quả đã được công bố."
    )
    assert labels(office) == ["🏛 Danh sách chờ quyết định"]
    for item in (an_item, binh_item):
        view = await app.services.nominations.view(await view_of(app, office), item.id)
        assert view.state is NominationState.AWARDED
        assert [(d.number, d.outcome) for d in view.decisions] == [("125/QĐ-SKHCN", "awarded")]
    assert await state_of(app, people, other) is NominationState.RECOMMENDED
    an, binh = await view_of(app, people["an"]), await view_of(app, people["binh"])
    assert await ledger(app) == [
        ("nomination_awarded", an.id, an.unit.id, 100),
        ("nomination_awarded", binh.id, binh.unit.id, 100),
    ]

    sent = await sent_since(app, start)
    (published,) = sent[GROUP_CHAT]
    assert "KẾT QUẢ KHEN THƯỞNG" in published["text"]
    header = "Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị"
    assert header in published["text"]
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in published["text"]
    assert "2. Trần Thị Bình — Phòng Công nghệ thông tin" in published["text"]
    # Everyone reads the result; the nominator is told of each item (with its button), each
    # nominee of their own.
    for user in ("vp", "truong", "an", "binh", "hoi", "lanh"):
        assert [p["text"] for p in sent[user]].count(published["text"]) == 1, user
    for user in ("vp", "hoi", "lanh"):  # neither nominator nor nominee: the result only
        assert [p["text"] for p in sent[user]] == [published["text"]], user
    head_notices = [p for p in sent["truong"] if "Chúc mừng" in p["text"]]
    assert len(head_notices) == 2
    assert an_item.code in head_notices[0]["text"]
    assert binh_item.code in head_notices[1]["text"]
    assert all(p["buttons"][0][0][0] == "🔎 Xem hồ sơ" for p in head_notices)
    for user, item in (("an", an_item), ("binh", binh_item)):
        (notice,) = [p for p in sent[user] if "Chúc mừng" in p["text"]]
        assert item.code in notice["text"] and "Chiến sĩ thi đua cơ sở" in notice["text"]
        assert "Quyết định số <b>125/QĐ-SKHCN</b> ngày 02/03/2026" in notice["text"]
    assert sorted(sent) == sorted([GROUP_CHAT, "vp", "truong", "an", "binh", "hoi", "lanh"])

    await office.tap("Danh sách chờ quyết định")
    assert "1 hồ sơ chờ" in office.text and "Giấy khen của Giám đốc Sở" in office.text
    assert "Chiến sĩ thi đua cơ sở" not in office.text


async def test_a_repeated_confirmation_records_nothing_more(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
    confirm = next(b.data for b in office.last.flat_buttons() if "Xác nhận" in b.label)
    await office.press(confirm)
    assert "Đã ghi nhận Quyết định số 125/QĐ-SKHCN" in office.text
    start = await last_delivery(app)
    await office.press(confirm)  # the dialog is closed: an old button
    assert office.text.startswith("Nút này đã hết hạn.")
    assert await decisions_recorded(app) == 1
    assert await last_delivery(app) == start  # nobody is told twice


class Killed(BaseException):
    """The process dying: no handler or router catches it."""


async def test_a_confirmation_repeated_after_a_crash_is_told_what_was_recorded(
    settings: Settings, clock: FakeClock
) -> None:
    first = await open_app(settings, clock=clock, run_migrations=False)
    try:
        people = await everyone(first)
        await recommended(first, people, "an")
        office = people["vp"]
        await open_record(office, "Chiến sĩ thi đua cơ sở")
        await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
        confirm = next(b.data for b in office.last.flat_buttons() if "Xác nhận" in b.label)

        async def die(_key: object) -> None:
            raise Killed

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(first.services.dialog_states, "clear", die)
            with pytest.raises(Killed):
                await office.press(confirm)  # recorded and committed; dies before clean-up
        assert await decisions_recorded(first) == 1
        start = await last_delivery(first)
    finally:
        await first.close()
    clock.advance(minutes=5)
    again = await open_app(settings, clock=clock, run_migrations=False)
    try:
        office = Person(again.router, "vp")
        await office.press(confirm)
        assert office.text == (
            "✅ Văn bản số 125/QĐ-SKHCN đã được ghi nhận lúc 09:00 ngày 02/03/2026. "
            "Lần bấm này không ghi nhận thêm lần nữa."
        )
        assert await decisions_recorded(again) == 1
        assert await last_delivery(again) == start
    finally:
        await again.close()


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("   ", "Bước này cần đồng chí gõ nội dung trả lời."),
        ("1" * 65, "Nội dung quá dài: 65 ký tự, tối đa 64 ký tự."),
    ],
)
async def test_a_bad_number_is_asked_again(
    app: App, people: dict[str, Person], typed: str, told: str
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await office.send(typed)
    assert office.text.startswith(told)
    assert "Số Quyết định (ví dụ: 125/QĐ-SKHCN" in office.text
    await office.press(DecisionMenu(DecisionChoice.LIST).pack())  # not the dialog's button
    assert "1 hồ sơ chờ" in office.text


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("An", "Nội dung quá ngắn: cần ít nhất 3 ký tự."),
        ("x" * 201, "Nội dung quá dài: 201 ký tự, tối đa 200 ký tự."),
    ],
)
async def test_a_bad_signer_is_asked_again(
    app: App, people: dict[str, Person], typed: str, told: str
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, "125/QĐ-SKHCN", TODAY)
    await office.send(typed)
    assert office.text.startswith(told)
    assert "Người ký Quyết định: họ tên và chức vụ" in office.text
    await office.send(SIGNER)
    assert "Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-SKHCN" in office.text


async def test_the_confirmation_takes_only_its_choices(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    (item,) = await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
    await office.send("chắc chắn rồi")
    assert office.text.startswith("Xin chọn một nút bên dưới, hoặc gõ số thứ tự từ 1 đến 3.")
    assert "Đồng chí chắc chắn muốn ghi nhận Quyết định" in office.text
    assert await state_of(app, people, item) is NominationState.RECOMMENDED
    await office.send("xac nhan")  # typed, without diacritics
    assert "Đã ghi nhận Quyết định số 125/QĐ-SKHCN" in office.text
    assert await state_of(app, people, item) is NominationState.AWARDED


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("hôm qua", "Xin gõ ngày theo dạng ngày/tháng/năm, ví dụ: 15/04/2026."),
        ("31/02/2026", "Xin lỗi, ngày 31/02/2026 không tồn tại."),
        (
            "03/03/2026",
            "Ngày 03/03/2026 là ngày sau hôm nay (02/03/2026): chỉ ghi nhận văn bản đã ký. "
            "Xin gõ lại ngày ký.",
        ),
    ],
)
async def test_a_bad_date_is_asked_again(
    app: App, people: dict[str, Person], typed: str, told: str
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await office.send("125/QĐ-SKHCN")
    await office.send(typed)
    assert office.text.startswith(told)
    assert f"Ngày ký Quyết định (ví dụ: {TODAY}):" in office.text
    await office.send("2/3/26")  # the short way is read too
    assert "Người ký Quyết định" in office.text
    await office.send(SIGNER)
    assert "Quyết định số 125/QĐ-SKHCN ngày 02/03/2026" in office.text


async def test_a_date_after_today_in_vietnam_is_refused(
    app: App, people: dict[str, Person], clock: FakeClock
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    clock.advance(hours=21, minutes=30)  # 23:30 UTC on 02/03: 06:30 on 03/03 in Vĩnh Phúc
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await office.send("125/QĐ-SKHCN")
    await office.send("04/03/2026")
    assert office.text.startswith(
        "Ngày 04/03/2026 là ngày sau hôm nay (03/03/2026): chỉ ghi nhận văn bản đã ký."
    )
    assert "Ngày ký Quyết định (ví dụ: 03/03/2026):" in office.text
    await office.send("03/03/2026")  # today in Vietnam, tomorrow nowhere else
    assert "Người ký Quyết định" in office.text
    await office.send(SIGNER)
    assert "Quyết định số 125/QĐ-SKHCN ngày 03/03/2026" in office.text
    await office.tap("Xác nhận")
    assert "Đã ghi nhận Quyết định số 125/QĐ-SKHCN ngày 03/03/2026" in office.text


async def test_back_goes_one_step_up_and_keeps_the_answers(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await office.send("/quaylai")
    assert office.text.startswith("Đây là bước đầu tiên, không thể quay lại nữa.")
    assert "Số Quyết định (ví dụ" in office.text
    await office.send("125/QĐ-SKHCN")
    await office.send("/quaylai")  # from the date, back to the number
    assert "Số Quyết định (ví dụ" in office.text
    assert "Giá trị hiện tại: 125/QĐ-SKHCN" in office.text
    await answer(office, "126/QĐ-SKHCN", TODAY)
    await office.send("/quaylai")  # from the signer, back to the date
    assert f"Ngày ký Quyết định (ví dụ: {TODAY}):" in office.text
    await answer(office, TODAY, SIGNER)
    await office.send("/quaylai")  # from "Đồng chí chắc chắn …?", back to the signer
    assert "Người ký Quyết định" in office.text
    assert f"Giá trị hiện tại: {SIGNER}" in office.text
    await office.send("Trần Văn Phó, Phó Giám đốc Sở")
    assert "Quyết định số 126/QĐ-SKHCN ngày 02/03/2026 (Trần Văn Phó, Phó Giám đốc Sở)" in (
        office.text
    )
    await office.tap("Sửa lại")  # every answer again, each shown as it is
    assert "Số Quyết định (ví dụ" in office.text
    assert "Giá trị hiện tại: 126/QĐ-SKHCN" in office.text
    await answer(office, "127/QĐ-SKHCN", "01/03/2026", SIGNER)
    assert f"Quyết định số 127/QĐ-SKHCN ngày 01/03/2026 ({SIGNER})" in office.text
    await office.tap("Xác nhận")
    assert "Đã ghi nhận Quyết định số 127/QĐ-SKHCN ngày 01/03/2026" in office.text


@pytest.mark.parametrize("answered", [0, 1, 2, 3])
async def test_cancel_at_each_step_records_nothing(
    app: App, people: dict[str, Person], answered: int
) -> None:
    office = people["vp"]
    (item,) = await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, *["125/QĐ-SKHCN", TODAY, SIGNER][:answered])
    if answered == 3:
        await office.tap("✖️ Hủy")
    else:
        await office.send("/huy")
    assert office.text == CANCELLED
    assert await decisions_recorded(app) == 0
    assert await state_of(app, people, item) is NominationState.RECOMMENDED
    await office.send("125/QĐ-SKHCN")  # the dialog is closed: not taken as an answer
    assert "Đồng chí chắc chắn" not in office.text and "Người ký" not in office.text
    await office.send("/quyetdinh")
    assert "1 hồ sơ chờ" in office.text


async def test_a_restart_in_the_middle_resumes_where_the_office_was(
    settings: Settings, clock: FakeClock
) -> None:
    first = await open_app(settings, clock=clock, run_migrations=False)
    try:
        people = await everyone(first)
        (item,) = await recommended(first, people, "an")
        await open_record(people["vp"], "Chiến sĩ thi đua cơ sở")
        await answer(people["vp"], "125/QĐ-SKHCN", TODAY)
        assert "Người ký Quyết định" in people["vp"].text
    finally:
        await first.close()

    second = await open_app(settings, clock=clock, run_migrations=False)
    try:
        office = Person(second.router, "vp")
        await office.send(SIGNER)
        assert "Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026" in (
            office.text
        )
        confirm = next(b.data for b in office.last.flat_buttons() if "Xác nhận" in b.label)
    finally:
        await second.close()

    third = await open_app(settings, clock=clock, run_migrations=False)
    try:
        office = Person(third.router, "vp")
        await office.press(confirm)  # the button shown before the restart
        assert "Đã ghi nhận Quyết định số 125/QĐ-SKHCN" in office.text
        view = await third.services.nominations.view(await view_of(third, office), item.id)
        assert view.state is NominationState.AWARDED
    finally:
        await third.close()


async def test_sent_up_then_the_higher_levels_result_leaves_one_out(higher: App) -> None:
    app = higher
    people = await everyone(app)
    office = people["vp"]
    people["khac"] = await join(app, "khac", "CNTT", Role.STAFF, "Vũ Thị Khác")
    items = await recommended(app, people, "an", "binh", "khac", award="BK-UBND")
    (here,) = await recommended(app, people, "truong", award="GK-GD")

    await office.send("/quyetdinh")
    assert (
        "1. Bằng khen của Chủ tịch UBND tỉnh năm 2026 · 3 hồ sơ · chờ trình Chủ tịch Ủy ban "
        "nhân dân tỉnh (cấp trên quyết định)" in office.text
    )
    assert "2. Giấy khen của Giám đốc Sở năm 2026 · 1 hồ sơ · chờ quyết định của Giám đốc Sở" in (
        office.text
    )
    await office.tap("Giấy khen")
    assert labels(office)[0] == "📝 Ghi nhận quyết định"  # the Director decides here
    await office.tap("Quay lại danh sách")
    await office.tap("Bằng khen")
    assert labels(office) == ["📤 Ghi nhận tờ trình cấp trên", "◀ Quay lại danh sách"]

    await office.tap("Ghi nhận tờ trình cấp trên")
    assert "📝 chờ trình Chủ tịch Ủy ban nhân dân tỉnh (cấp trên quyết định)" in office.text
    assert "Số Tờ trình (ví dụ" in office.text
    await office.send("45/TTr-SKHCN")
    await office.send(TODAY)
    assert "Người ký Tờ trình" in office.text
    await office.send(SIGNER)  # no question about items left out: a Tờ trình sends all
    assert (
        "Đồng chí chắc chắn muốn ghi nhận Tờ trình số 45/TTr-SKHCN ngày 02/03/2026" in office.text
    )
    assert "về Bằng khen của Chủ tịch UBND tỉnh, gồm 3 hồ sơ?" in office.text
    assert "3 hồ sơ chuyển sang «Đã trình cấp trên»" in office.text
    start = await last_delivery(app)
    await office.tap("Xác nhận")
    assert office.text == (
        "✅ Đã ghi nhận Tờ trình số 45/TTr-SKHCN ngày 02/03/2026 trình Chủ tịch Ủy ban nhân dân "
        "tỉnh về Bằng khen của Chủ tịch UBND tỉnh: 3 hồ sơ. Khi có quyết định của cấp trên, "
        "ghi nhận kết quả tại /quyetdinh."
    )
    assert [await state_of(app, people, i) for i in items] == [NominationState.SENT_UP] * 3
    sent = await sent_since(app, start)
    assert GROUP_CHAT not in sent  # sent up is not awarded: nothing published
    assert sorted(sent) == ["an", "binh", "khac", "truong"]
    assert all("đã được trình Chủ tịch Ủy ban nhân dân tỉnh" in p["text"] for p in sent["an"])

    await office.tap("Danh sách chờ quyết định")
    assert (
        "đã trình theo Tờ trình số 45/TTr-SKHCN, chờ kết quả của Chủ tịch Ủy ban nhân dân tỉnh"
        in office.text
    )
    await office.tap("Bằng khen")
    assert labels(office)[0] == "📥 Ghi nhận kết quả của cấp trên"
    await office.tap("Ghi nhận kết quả")
    await answer(office, "2001/QĐ-UBND", TODAY, "Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh")
    assert "Danh sách trong tờ trình:" in office.text
    await office.send("/huy")  # cancelled at the items left out: still sent up
    assert office.text == CANCELLED
    assert [await state_of(app, people, i) for i in items] == [NominationState.SENT_UP] * 3

    await office.send("/quyetdinh")
    await office.tap("Bằng khen")
    await office.tap("Ghi nhận kết quả")
    assert "Số Quyết định (ví dụ" in office.text
    await answer(office, "2001/QĐ-UBND", TODAY)
    await office.send("Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh")
    assert "Danh sách trong tờ trình:" in office.text
    # Numbered as the group's screen lists them.
    listed = office.text.split("Danh sách trong tờ trình:")[1]
    assert listed.index("1. ") < listed.index("Nguyễn Văn An — Phòng Công nghệ thông tin")
    assert listed.index("2. ") < listed.index("Trần Thị Bình — Phòng Công nghệ thông tin")
    assert listed.index("3. ") < listed.index("Vũ Thị Khác — Phòng Công nghệ thông tin")
    assert listed.index("Trần Thị Bình") < listed.index("3. ")
    assert "hoặc gửi «không» nếu tất cả đều được khen thưởng" in office.text
    await office.send("/quaylai")  # back to the signer, kept
    assert "Người ký Quyết định" in office.text
    assert "Giá trị hiện tại: Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh" in office.text
    await office.send("Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh")
    assert "Danh sách trong tờ trình:" in office.text
    for bad in ("Bình", "4", "0, 2", "1-2"):
        await office.send(bad)
        assert office.text.startswith(
            "Xin gõ số thứ tự từ 1 đến 3, cách nhau bởi dấu phẩy (ví dụ: 2, 5), hoặc «không»."
        ), bad
        assert "Danh sách trong tờ trình:" in office.text
    await office.send("không")
    assert "3 hồ sơ được khen thưởng" in office.text
    await office.send("/quaylai")  # back to the items left out
    assert "Danh sách trong tờ trình:" in office.text
    assert "Giá trị hiện tại: không" in office.text
    await office.send("2")
    assert "ghi nhận Quyết định số 2001/QĐ-UBND ngày 02/03/2026" in office.text
    assert "về Bằng khen của Chủ tịch UBND tỉnh, gồm 3 hồ sơ?" in office.text
    assert "2 hồ sơ được khen thưởng" in office.text
    assert "1 hồ sơ không được khen thưởng" in office.text
    start = await last_delivery(app)
    await office.tap("Xác nhận")
    assert office.text == (
        "✅ Đã ghi nhận Quyết định số 2001/QĐ-UBND ngày 02/03/2026 của Chủ tịch Ủy ban nhân "
        "dân tỉnh về Bằng khen của Chủ tịch UBND tỉnh: 2 hồ sơ được khen thưởng, 1 hồ sơ "
        "không được khen thưởng. Kết quả đã được công bố."
    )
    assert [await state_of(app, people, i) for i in items] == [
        NominationState.AWARDED,
        NominationState.NOT_AWARDED,
        NominationState.AWARDED,
    ]
    assert await state_of(app, people, here) is NominationState.RECOMMENDED
    sent = await sent_since(app, start)
    (published,) = sent[GROUP_CHAT]
    assert "Nguyễn Văn An" in published["text"] and "Vũ Thị Khác" in published["text"]
    assert "Trần Thị Bình" not in published["text"]
    assert "cho 2 cá nhân, tập thể" in published["text"]
    binh = [p["text"] for p in sent["binh"]]
    left_out = f"hồ sơ <b>{items[1].code}</b>"
    assert any(left_out in t and "không được khen thưởng" in t for t in binh)
    assert not any("Chúc mừng" in t for t in binh)
    assert any("Chúc mừng" in p["text"] for p in sent["an"])

    await office.send("/quyetdinh")
    assert "Tờ trình" not in office.text and "Bằng khen" not in office.text
    assert "Giấy khen của Giám đốc Sở" in office.text


async def test_the_items_a_result_may_leave_out_read_as_on_the_group_screen(
    higher: App,
) -> None:
    app = higher
    people = await everyone(app)
    office = people["vp"]
    items = await recommended(app, people, "an", "binh", award="BK-UBND")
    await open_record(office, "Bằng khen")
    await answer(office, "45/TTr-SKHCN", TODAY, SIGNER)
    await office.tap("Xác nhận")
    await open_record(office, "Bằng khen")
    await answer(office, "2001/QĐ-UBND", TODAY, "Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh")
    assert f"1. {items[0].code} · Nguyễn Văn An — Phòng Công nghệ thông tin" in office.text
    assert f"2. {items[1].code} · Trần Thị Bình — Phòng Công nghệ thông tin" in office.text
    assert "<b>" not in office.text


async def test_a_result_that_awards_nobody_does_not_claim_a_publication(higher: App) -> None:
    app = higher
    people = await everyone(app)
    office = people["vp"]
    items = await recommended(app, people, "an", "binh", award="BK-UBND")
    await open_record(office, "Bằng khen")
    await answer(office, "45/TTr-SKHCN", TODAY, SIGNER)
    await office.tap("Xác nhận")
    await open_record(office, "Bằng khen")
    await answer(office, "2001/QĐ-UBND", TODAY, "Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh", "1, 2")
    sure = office.text
    start = await last_delivery(app)
    await office.tap("Xác nhận")
    assert "2 hồ sơ không được khen thưởng. Không có kết quả để công bố." in office.text
    states = [await state_of(app, people, i) for i in items]
    assert states == [NominationState.NOT_AWARDED] * 2
    sent = await sent_since(app, start)
    assert sorted(sent) == ["an", "binh", "truong"]  # told each item's outcome; none published
    assert "kết quả được công bố" not in sure
    assert "Kết quả đã được công bố" not in office.text


async def test_a_number_and_a_signer_with_an_ampersand_read_as_typed(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, "125/QĐ-KH&CN", TODAY, "Nguyễn Văn Giám, Giám đốc Sở KH&CN")
    assert "&amp;" not in office.text
    assert (
        "Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-KH&CN ngày 02/03/2026 "
        "(Nguyễn Văn Giám, Giám đốc Sở KH&CN)" in office.text
    )


async def test_a_list_changed_meanwhile_records_nothing(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    (first,) = await recommended(app, people, "an")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
    assert "gồm 1 hồ sơ" in office.text
    (second,) = await recommended(app, people, "binh")  # while the Office was typing
    start = await last_delivery(app)
    await office.tap("Xác nhận")
    assert office.text.startswith(
        "Danh sách chờ quyết định vừa thay đổi (có hồ sơ được xử lý hoặc bổ sung). Chưa ghi "
        "nhận gì; mời đồng chí xem lại danh sách và ghi nhận lại."
    )
    assert "Quyết định khen thưởng · 2 hồ sơ chờ" in office.text  # the list as it is now
    assert await decisions_recorded(app) == 0
    assert await last_delivery(app) == start
    for item in (first, second):
        assert await state_of(app, people, item) is NominationState.RECOMMENDED
    await office.send(SIGNER)  # the dialog is closed
    assert "Đồng chí chắc chắn" not in office.text

    await office.send("/quyetdinh")
    await office.tap("Chiến sĩ thi đua cơ sở")
    await office.tap("Ghi nhận quyết định")
    await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
    await office.tap("Xác nhận")
    assert "2 hồ sơ được khen thưởng" in office.text


async def test_a_group_decided_by_someone_else_meanwhile(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    (item,) = await recommended(app, people, "an")
    other = await view_of(app, await join(app, "vp2", "VP", Role.OFFICE, "Vũ Thị Hai"))
    await office.send("/quyetdinh")
    await office.tap("Chiến sĩ thi đua cơ sở")
    record = next(b.data for b in office.last.flat_buttons() if "Ghi nhận" in b.label)
    await office.tap("Ghi nhận quyết định")
    await answer(office, "125/QĐ-SKHCN", TODAY, SIGNER)
    await decide(app, other, "CSTDCS", [item.id], "99/QĐ-SKHCN")
    await office.tap("Xác nhận")
    assert office.text.startswith("Không còn hồ sơ nào chờ văn bản này.")
    assert "Không có hồ sơ nào chờ ghi nhận quyết định" in office.text
    assert await decisions_recorded(app) == 1
    # The group's old button opens nothing: the list, as it is now.
    await office.press(record)
    assert "Không có hồ sơ nào chờ ghi nhận quyết định" in office.text
    await office.send("126/QĐ-SKHCN")
    assert "Đồng chí chắc chắn" not in office.text and "Người ký" not in office.text


async def test_a_number_recorded_before_is_refused(app: App, people: dict[str, Person]) -> None:
    office = people["vp"]
    (item,) = await recommended(app, people, "an")
    (other,) = await recommended(app, people, "truong", award="GK-GD")
    await decide(app, await view_of(app, office), "GK-GD", [other.id], "125/QĐ-SKHCN")
    await open_record(office, "Chiến sĩ thi đua cơ sở")
    await answer(office, " 125/QĐ-SKHCN ", TODAY, SIGNER)
    start = await last_delivery(app)
    await office.tap("Xác nhận")
    assert office.text.startswith(
        "Số văn bản 125/QĐ-SKHCN đã được ghi nhận trước đó. Xin kiểm tra lại số văn bản."
    )
    assert "1 hồ sơ chờ" in office.text
    assert await decisions_recorded(app) == 1
    assert await last_delivery(app) == start
    assert await state_of(app, people, item) is NominationState.RECOMMENDED

    await office.tap("Chiến sĩ thi đua cơ sở")
    await office.tap("Ghi nhận quyết định")
    await answer(office, "126/QĐ-SKHCN", TODAY, SIGNER)
    await office.tap("Xác nhận")
    assert "Đã ghi nhận Quyết định số 126/QĐ-SKHCN" in office.text
    assert await state_of(app, people, item) is NominationState.AWARDED


async def test_a_forged_group_shows_the_list_and_starts_nothing(
    app: App, people: dict[str, Person]
) -> None:
    office = people["vp"]
    (item,) = await recommended(app, people, "an")
    for forged in (
        DecisionMenu(DecisionChoice.GROUP, "KHONG-CO", YEAR),
        DecisionMenu(DecisionChoice.GROUP, "CSTDCS", YEAR - 1),
        DecisionMenu(DecisionChoice.RECORD, "CSTDCS", YEAR + 1),
        DecisionMenu(DecisionChoice.RECORD, "CSTDCS", YEAR, 999),
    ):
        await office.press(forged.pack())
        assert "Quyết định khen thưởng · 1 hồ sơ chờ" in office.text, forged
        await office.send("125/QĐ-SKHCN")  # no dialog was started
        assert "Người ký" not in office.text and "Ngày ký" not in office.text
    assert await state_of(app, people, item) is NominationState.RECOMMENDED


@pytest.mark.parametrize("user", ["an", "truong", "hoi", "lanh"])
async def test_roles_below_the_office_are_refused(
    app: App, people: dict[str, Person], user: str
) -> None:
    (item,) = await recommended(app, people, "an")
    someone = people[user]
    refused = app.texts.t("errors.not_allowed")
    await someone.send("/quyetdinh")
    assert someone.text == refused
    for choice in DecisionChoice:
        await someone.press(DecisionMenu(choice, "CSTDCS", YEAR).pack())
        assert someone.text == refused, choice
        await someone.send("125/QĐ-SKHCN")  # no dialog was started
        assert "Ngày ký" not in someone.text and "Người ký" not in someone.text
    assert await decisions_recorded(app) == 0
    assert await state_of(app, people, item) is NominationState.RECOMMENDED
    await people["vp"].send("/quyetdinh")  # the Office still sees it
    assert "1 hồ sơ chờ" in people["vp"].text


async def test_an_admin_records_a_decision(app: App, people: dict[str, Person]) -> None:
    admin = await make_admin(app)
    (item,) = await recommended(app, people, "an")
    await open_record(admin, "Chiến sĩ thi đua cơ sở")
    await answer(admin, "125/QĐ-SKHCN", TODAY, SIGNER)
    await admin.tap("Xác nhận")
    assert "Đã ghi nhận Quyết định số 125/QĐ-SKHCN" in admin.text
    assert await state_of(app, people, item) is NominationState.AWARDED
