"""Each dialog whose finish creates something, walked up to its last press.

Shared by the exactly-once tests: how to reach the press, how to repeat it, what it makes, and
what a repeated press is told.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.app import App
from bot.callbacks import InitiativeOpen, NominationOpen
from bot.channels.console import ConsoleMessenger
from bot.config import DEFAULT_PLAN, plan_path
from bot.domain import NomineeKind, Track
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.councils import Position
from bot.services.initiatives.workflow import Action
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import Action as NominationAction
from models import (
    AuditEntry,
    Broadcast,
    Initiative,
    Invite,
    Member,
    MemberChange,
    Nomination,
    Plan,
    Reminder,
    Report,
    ReportingPeriod,
    StateChange,
    UnitChange,
    VoteList,
)
from tests.factories import invite_token, join, make_admin, make_proposal
from tests.fakes.people import Person
from tests.handlers.test_initiatives_propose import fill_content
from tests.handlers.test_nominations_nominate import nominate_an
from tests.handlers.test_reports import RESULTS, SUMMARY, open_period

Press = Callable[[Person], Awaitable[Any]]


@dataclass(frozen=True)
class Kind:
    """One dialog: how to reach its last press, what it makes, and what a repeat is told."""

    reach: Callable[[App, Path], Awaitable[tuple[Person, Press]]]
    made: Callable[[App], Awaitable[int]]
    told: str


def tap_again(person: Person, label: str) -> Press:
    """Pressing, now and later, the button of the last reply labelled ``label``."""
    data = next(b.data for b in person.last.flat_buttons() if label in b.label)
    return lambda p: p.press(data)


def count(model: type, *where: Any) -> Callable[[App], Awaitable[int]]:
    async def made(app: App) -> int:
        async with app.sessions() as session:
            found = await session.scalar(select(func.count()).select_from(model).where(*where))
            return int(found or 0)

    return made


async def registration(app: App, _tmp: Path) -> tuple[Person, Press]:
    lan = Person(app.router, "lan")
    await lan.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await lan.send("Nguyễn Thị Lan")
    await lan.send("Chuyên viên")
    return lan, tap_again(lan, "Xác nhận")


async def proposal(app: App, _tmp: Path) -> tuple[Person, Press]:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await fill_content(an)
    await an.tap("Tiếp tục")
    await an.tap("Xem lại và nộp")
    return an, tap_again(an, "Nộp sáng kiến")


async def resubmit(app: App, _tmp: Path) -> tuple[Person, Press]:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    author = await app.services.members.find(Channel.CONSOLE, "an")
    office = await app.services.members.find(Channel.CONSOLE, "vp")
    assert author is not None and office is not None
    item = await app.services.initiatives.submit(author, make_proposal())
    await app.services.reviews.act(office, item.id, Action.RETURN, reason="Bổ sung số liệu")
    await an.press(InitiativeOpen(item.id).pack())
    await an.tap("Sửa và nộp lại")
    return an, tap_again(an, "Nộp sáng kiến")


async def invite(app: App, _tmp: Path) -> tuple[Person, Press]:
    admin = await make_admin(app)
    await admin.send("/moi")
    await admin.tap("Phòng Công nghệ thông tin")
    await admin.tap("Cán bộ")
    return admin, lambda p: p.send("1")


async def unit_change(app: App, _tmp: Path) -> tuple[Person, Press]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/donvi")
    await office.tap("Đổi tên")
    await office.tap("Phòng Công nghệ thông tin")
    await office.send("Phòng Khoa học và Công nghệ")
    await office.send("01/03/2026")
    await office.send("Quyết định số 12/QĐ-SKHCN")
    return office, tap_again(office, "Xác nhận")


async def unit_split(app: App, _tmp: Path) -> tuple[Person, Press]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await office.send("/donvi")
    await office.tap("Chia tách")
    await office.tap("Phòng Công nghệ thông tin")
    await office.tap("Vĩnh Yên")
    await office.tap("Đơn vị mới")
    await office.send("KHCN")
    await office.tap("Phòng chuyên môn")
    await office.send("Phòng Khoa học và Công nghệ")
    await office.tap("Đủ đơn vị")
    await office.tap("➡️ Phòng Khoa học")
    await office.send("01/03/2026")
    await office.send("Quyết định số 15/QĐ-SKHCN")
    return office, tap_again(office, "Xác nhận")


async def member_change(app: App, _tmp: Path) -> tuple[Person, Press]:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await head.send("/canbo")
    await head.tap("Nguyễn Văn An")
    await head.tap("Điều chuyển")
    await head.tap("Vĩnh Yên")
    await head.send("02/03/2026")
    return head, tap_again(head, "Xác nhận")


async def nomination(app: App, _tmp: Path) -> tuple[Person, Press]:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await nominate_an(head)
    return head, tap_again(head, "Xác nhận")


async def period(app: App, _tmp: Path) -> tuple[Person, Press]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/baocao")
    await office.tap("Mở kỳ báo cáo")
    await office.send("Báo cáo kết quả thi đua năm 2026")
    return office, lambda p: p.send("05/03/2026")


async def report(app: App, _tmp: Path) -> tuple[Person, Press]:
    await open_period(await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng"))
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await head.send("/baocao")
    await head.tap("Nộp báo cáo")
    await head.send(SUMMARY)
    await head.send(RESULTS)
    await head.tap("Không đính kèm")
    return head, tap_again(head, "Xác nhận")


async def report_return(app: App, _tmp: Path) -> tuple[Person, Press]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await open_period(office)
    head = await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    member = await app.services.members.find(Channel.CONSOLE, "cntt")
    assert member is not None
    period = await app.services.reports.current_period()
    assert period is not None
    await app.services.reports.submit(member, period.id, SUMMARY, RESULTS)
    await office.send("/baocao")
    await office.tap("CNTT")
    await office.tap("Trả lại")
    del head
    return office, lambda p: p.send("Thiếu số liệu quý IV")


async def reminder(app: App, _tmp: Path) -> tuple[Person, Press]:
    vp = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await vp.send("/nhacviec")
    await vp.tap("Thêm lịch nhắc")
    await vp.send("Nhắc cập nhật tiến độ")
    await vp.send("Kính gửi {ho_ten}: hãy cập nhật tiến độ thi đua tuần này.")
    await vp.tap("Tất cả mọi người")
    await vp.tap("Hằng ngày")
    await vp.send("8:30")
    await vp.tap("Không khẩn")
    return vp, tap_again(vp, "Xác nhận")


async def plan(app: App, tmp: Path) -> tuple[Person, Press]:
    app.messengers[Channel.CONSOLE] = ConsoleMessenger(app.texts, io.StringIO())
    admin = await make_admin(app)
    text = plan_path(DEFAULT_PLAN).read_text(encoding="utf-8")
    document = tmp / "ke-hoach-moi.md"
    document.write_text(text.replace("## [nong-thon-moi]", "- Bổ sung.\n\n## [nong-thon-moi]", 1))
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    await admin.send_file(document)
    return admin, tap_again(admin, "Xác nhận")


async def broadcast(app: App, _tmp: Path) -> tuple[Person, Press]:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send("Kính gửi {ho_ten}: họp sơ kết thi đua lúc 14:00.")
    await office.tap("Không đính kèm")
    await office.tap("Tất cả mọi người")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    return office, tap_again(office, "Xác nhận")


async def _people(app: App, *names: tuple[str, str, Role, str]) -> list[MemberView]:
    found = []
    for user, unit, role, name in names:
        await join(app, user, unit, role, name)
        view = await app.services.members.find(Channel.CONSOLE, user)
        assert view is not None
        found.append(view)
    return found


async def _submitted(app: App) -> tuple[Person, int]:
    [author] = await _people(app, ("an", "CNTT", Role.STAFF, "Nguyễn Văn An"))
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    item = await app.services.initiatives.submit(author, make_proposal())
    return office, item.id


async def review_return(app: App, _tmp: Path) -> tuple[Person, Press]:
    office, item = await _submitted(app)
    await office.press(InitiativeOpen(item).pack())
    await office.tap("Trả lại")
    return office, lambda p: p.send("Bổ sung số liệu về hiệu quả")


async def scoring(app: App, _tmp: Path) -> tuple[Person, Press]:
    _office, item = await _submitted(app)
    office = await app.services.members.find(Channel.CONSOLE, "vp")
    assert office is not None
    await app.services.reviews.act(office, item, Action.RECEIVE)
    await app.services.reviews.act(office, item, Action.SEND_TO_COUNCIL)
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    seat = await app.services.members.find(Channel.CONSOLE, "hoi")
    assert seat is not None
    await app.services.councils.seat(office, "HDSK", seat.id, Position.MEMBER)
    await hoi.press(InitiativeOpen(item).pack())
    await hoi.tap("Đánh giá sáng kiến")
    for _condition in app.services.evaluations.conditions:
        await hoi.tap("✅ Đạt")
        await hoi.send("-")
    for answer in ("4", "5", "3"):
        await hoi.send(answer)
    return hoi, lambda p: p.send("Cần thêm số liệu minh chứng")


async def _nominated(app: App) -> tuple[MemberView, MemberView, int]:
    office, head = await _people(
        app,
        ("vp", "VP", Role.OFFICE, "Lê Văn Phòng"),
        ("truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng"),
    )
    nominee = Nominee(NomineeKind.PERSON, head.unit.id, name="Bùi Văn Dũng")
    draft = NominationDraft(Track.ADHOC, nominee, "GK-GD", "Hoàn thành xuất sắc nhiệm vụ.")
    item = await app.services.nominations.submit(head, draft)
    return office, head, item.id


async def nomination_return(app: App, _tmp: Path) -> tuple[Person, Press]:
    _office, _head, item = await _nominated(app)
    office = Person(app.router, "vp")
    await office.press(NominationOpen(item).pack())
    await office.tap("Trả lại")
    return office, lambda p: p.send("Thiếu minh chứng về thành tích.")


async def nomination_resubmit(app: App, _tmp: Path) -> tuple[Person, Press]:
    office, _head, item = await _nominated(app)
    await app.services.nominations.act(
        office, item, NominationAction.RETURN, reason="Thiếu minh chứng."
    )
    head = Person(app.router, "truong")
    await head.press(NominationOpen(item).pack())
    await head.tap("Bổ sung và nộp lại")
    return head, lambda p: p.send("Đã bổ sung quyết định khen thưởng của xã.")


async def vote_list(app: App, tmp: Path) -> tuple[Person, Press]:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await head.send("/binhxet")
    await head.tap("Lập danh sách bình xét")
    await head.tap("Không đề nghị danh hiệu tập thể")
    await head.send("tất cả")
    await head.send("100")
    await head.send("20/02/2026")
    await head.send("2")
    minutes = tmp / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    await head.tap("Đính kèm tệp")
    await head.send_file(minutes, "application/pdf")
    await head.tap("Xem lại và nộp")
    return head, tap_again(head, "Gửi danh sách")


KINDS = {
    "registration": Kind(
        registration,
        count(Member, Member.full_name == "Nguyễn Thị Lan"),
        "Đồng chí đã đăng ký xong lúc",
    ),
    "proposal": Kind(proposal, count(Initiative), "Sáng kiến SK-2026-0001 đã được nộp lúc"),
    "resubmit": Kind(
        resubmit,
        count(StateChange, StateChange.to_state == "resubmitted"),
        "SK-2026-0001 đã được nộp lại lúc",
    ),
    "invite": Kind(
        invite,
        count(Invite, Invite.created_by.is_not(None)),
        "Lời mời vào Phòng Công nghệ thông tin đã được tạo lúc",
    ),
    "nomination": Kind(nomination, count(Nomination), "DC-2026-0001 đã được gửi lúc"),
    "unit_change": Kind(unit_change, count(UnitChange), "Thay đổi đơn vị số 1 đã được ghi lúc"),
    "unit_split": Kind(unit_split, count(UnitChange), "Thay đổi đơn vị số 1 đã được ghi lúc"),
    "member_change": Kind(
        member_change, count(MemberChange), "Thay đổi của đồng chí Nguyễn Văn An đã được ghi lúc"
    ),
    "period": Kind(period, count(ReportingPeriod), "đã được mở lúc"),
    "report": Kind(report, count(Report), "đã được nộp lúc"),
    "report_return": Kind(
        report_return,
        count(StateChange, StateChange.to_state == "returned"),
        "của Phòng Công nghệ thông tin đã được trả lại lúc",
    ),
    "reminder": Kind(
        reminder,
        count(Reminder, Reminder.created_by.is_not(None)),
        "Lời nhắc «Nhắc cập nhật tiến độ» đã được tạo lúc",
    ),
    "plan": Kind(plan, count(Plan, Plan.version == 2), "phiên bản 2 đã được đăng lúc"),
    "review_return": Kind(
        review_return,
        count(StateChange, StateChange.to_state == "returned"),
        "Sáng kiến SK-2026-0001 đã được cập nhật lúc",
    ),
    "scoring": Kind(
        scoring,
        count(AuditEntry, AuditEntry.action == "initiative.evaluate"),
        "Điểm chấm sáng kiến SK-2026-0001 của đồng chí đã được lưu lúc",
    ),
    "nomination_return": Kind(
        nomination_return,
        count(StateChange, StateChange.to_state == "returned"),
        "DC-2026-0001 đã được cập nhật lúc",
    ),
    "nomination_resubmit": Kind(
        nomination_resubmit,
        count(StateChange, StateChange.to_state == "resubmitted"),
        "DC-2026-0001 đã được bổ sung và nộp lại lúc",
    ),
    "broadcast": Kind(
        broadcast, count(Broadcast), "Thông báo #1 đã được đưa vào hàng đợi gửi lúc"
    ),
    "vote_list": Kind(
        vote_list, count(VoteList), "Danh sách bình xét BX-2025-001 đã được gửi Văn phòng lúc"
    ),
}
