"""Emulation periods in /kehoach and /bangxephang: the Office opens 2026–2030 with its plan,
members confirm it, the 2021–2025 plan stays readable, lower roles are refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.callbacks import BoardAct, PlanAction, PlanChoice, PlanPage
from bot.channels.console import ConsoleMessenger
from bot.ports import Channel
from bot.roles import Role
from models import Acknowledgement, AuditEntry, Delivery
from tests.factories import join, make_admin
from tests.fakes.people import Person
from tests.period_fixture import write_fixture


def with_files(app: App) -> None:
    """Let console people send files of this machine, as in `python -m bot chat`."""
    app.messengers[Channel.CONSOLE] = ConsoleMessenger(app.texts, io.StringIO())


async def open_2026(admin: Person, tmp_path: Path) -> None:
    await admin.send("/kehoach")
    await admin.tap("Các giai đoạn thi đua")
    await admin.tap("Mở giai đoạn mới")
    assert "Giai đoạn 2021–2025" in admin.text
    await admin.send("2026-2030")
    assert "giai đoạn 2026-2030" in admin.text
    await admin.send_file(write_fixture(tmp_path))
    assert "kết thúc" in admin.text
    assert "Phong trào giả định" in admin.text  # the preview of the document
    await admin.tap("Xác nhận")


async def test_office_opens_a_period_and_members_confirm_its_plan(
    app: App, tmp_path: Path
) -> None:
    with_files(app)
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await open_2026(admin, tmp_path)
    assert "Đã mở giai đoạn 2026-2030" in admin.text
    assert "phiên bản 2" in admin.text
    async with app.sessions.begin() as session:
        notices = (await session.scalars(select(Delivery))).all()
        audit = set(await session.scalars(select(AuditEntry.action)))
    assert {d.chat_id for d in notices} == {"quantri", "lan"}
    assert all("Bắt đầu Giai đoạn 2026–2030" in d.payload["text"] for d in notices)
    assert {"period.open", "period.close", "plan.publish"} <= audit
    await lan.send("/kehoach")
    assert "kế hoạch giả định giai đoạn 2026-2030" in lan.text
    assert "Đồng chí chưa xác nhận" in lan.text
    await lan.tap("cam kết")
    assert "phiên bản 2" in lan.text
    async with app.sessions.begin() as session:
        kept = sorted(await session.scalars(select(Acknowledgement.plan_id)))
    assert len(kept) == 2  # the 2021–2025 confirmation is kept


async def test_the_past_period_plan_is_read_only(app: App, tmp_path: Path) -> None:
    with_files(app)
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await open_2026(admin, tmp_path)
    await lan.send("/kehoach")
    await lan.tap("Các giai đoạn thi đua")
    assert "Giai đoạn 2021–2025 — đã kết thúc" in lan.text
    assert not any("Mở giai đoạn" in b.label for b in lan.last.flat_buttons())
    await lan.tap("Kế hoạch 2021–2025")
    assert "đã kết thúc: Kế hoạch này chỉ để đọc lại" in lan.text
    labels = " ".join(b.label for b in lan.last.flat_buttons())
    assert "cam kết" not in labels
    assert "Tiến độ" not in labels
    await lan.tap("Mở đầu")
    assert "Vĩnh Phúc, ngày" in lan.text  # the 2021–2025 plan's preamble
    while any("Sau" in b.label for b in lan.last.flat_buttons()):
        await lan.tap("Sau")
    assert not any("cam kết" in b.label for b in lan.last.flat_buttons())
    await lan.press(PlanAction(1, PlanChoice.CONFIRM).pack())  # forged: confirm the old plan
    assert "phiên bản mới (phiên bản 2)" in lan.text
    async with app.sessions.begin() as session:
        assert await session.scalar(select(Acknowledgement.id)) is None


async def test_office_reads_the_past_period_coverage(app: App, tmp_path: Path) -> None:
    with_files(app)
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await open_2026(admin, tmp_path)
    await admin.press(PlanPage(1, -1).pack())
    await admin.tap("Tiến độ quán triệt các đơn vị")
    assert "phiên bản 1" in admin.text
    assert "100% · 1/1 · Phòng Công nghệ thông tin" in admin.text, admin.text
    assert not any("Nhắc" in b.label for b in admin.last.flat_buttons())


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_HEAD, Role.COUNCIL])
async def test_lower_roles_cannot_open_a_period(app: App, role: Role) -> None:
    person = await join(app, "lan", "CNTT", role, "Nguyễn Thị Lan")
    await person.send("/kehoach")
    await person.tap("Các giai đoạn thi đua")
    assert not any("Mở giai đoạn" in b.label for b in person.last.flat_buttons())
    await person.press(PlanAction(1, PlanChoice.OPEN_PERIOD).pack())  # forged
    assert "không được dùng" in person.text
    await person.send("2026-2030")  # no dialog was started
    assert len(await app.services.periods.periods()) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("2030-2026", "năm đầu không sau năm cuối"),
        ("năm sau", "2026-2030"),
        ("2026-2040", "không quá 10 năm"),
        ("2024-2028", "phải bắt đầu sau năm cuối của giai đoạn 2025"),
    ],
)
async def test_bad_years_are_asked_again(app: App, answer: str, expected: str) -> None:
    admin = await make_admin(app)
    await admin.send("/kehoach")
    await admin.tap("Các giai đoạn thi đua")
    await admin.tap("Mở giai đoạn mới")
    await admin.send(answer)
    assert expected in admin.text
    assert "Nhập năm đầu và năm cuối" in admin.text
    await admin.send("/huy")
    assert "Đã hủy mở giai đoạn mới" in admin.text
    assert len(await app.services.periods.periods()) == 1


async def test_a_plan_titled_for_other_years_is_refused(app: App, tmp_path: Path) -> None:
    with_files(app)
    admin = await make_admin(app)
    await admin.send("/kehoach")
    await admin.tap("Các giai đoạn thi đua")
    await admin.tap("Mở giai đoạn mới")
    await admin.send("2027-2031")
    await admin.send_file(write_fixture(tmp_path))
    assert "nêu giai đoạn 2026-2030, không phải giai đoạn 2027-2031" in admin.text
    assert "Gửi tệp Kế hoạch" in admin.text  # asked again
    assert len(await app.services.periods.periods()) == 1


async def test_the_board_offers_the_past_period(app: App, tmp_path: Path) -> None:
    with_files(app)
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("cam kết")  # the 2021–2025 plan
    await open_2026(admin, tmp_path)
    await lan.send("/bangxephang")
    await lan.tap("Thời gian")
    await lan.tap("Cả giai đoạn 2021–2025")
    assert "Kế hoạch 2021–2025" in lan.text
    await lan.tap("Quán triệt")  # of that period's plan, which Lan confirmed
    assert "1/1 người (100%)" in lan.text
    await lan.press(BoardAct("c", "plan", "", "u").pack())  # of the 2026–2030 plan: not yet
    assert "1/1 người" not in lan.text
    await lan.press(BoardAct("u", "plan", "", "u").pack())
    assert "Kế hoạch 2026–2030" in lan.text
    await lan.press(BoardAct("u", "2031-2035", "", "u").pack())  # no such period
    assert "hết hạn" in lan.text


async def test_a_unit_head_reads_their_unit_coverage_of_the_past_plan(
    app: App, tmp_path: Path
) -> None:
    with_files(app)
    admin = await make_admin(app)
    head = await join(app, "hoa", "CNTT", Role.UNIT_HEAD, "Trần Thị Hoa")
    await head.send("/kehoach")
    await head.tap("cam kết")
    await open_2026(admin, tmp_path)
    await head.press(PlanPage(1, -1).pack())
    await head.tap("Tiến độ quán triệt của đơn vị")
    assert "Đã xác nhận Kế hoạch (phiên bản 1): 1/1" in head.text
