"""Reviewing initiatives through the router: the detail, actions with and without reasons,
council scores, /cuatoi, the /duyet queue with its filters, attachments and forged buttons."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.app import App
from bot.callbacks import (
    InitiativeAct,
    InitiativeFile,
    InitiativeList,
    InitiativeOpen,
    InitiativeScope,
)
from bot.domain import InitiativeState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import FileInfo, MemberView
from bot.services.initiatives.records import CoAuthor, InitiativeView, Proposal
from bot.services.initiatives.workflow import Action
from models import Delivery
from tests.factories import join, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person


async def member_view(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def submit(app: App, author: Person, proposal: Proposal | None = None) -> InitiativeView:
    """Submit through the service, as the proposal dialog would (the default proposal unless
    told)."""
    chosen = make_proposal() if proposal is None else proposal
    return await app.services.initiatives.submit(await member_view(app, author), chosen)


async def notices_to(app: App, chat_id: str) -> list[str]:
    """The texts queued in the outbox for one chat, oldest first."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return [str(d.payload["text"]) for d in rows]


async def state_of(app: App, office: Person, item: InitiativeView) -> InitiativeState:
    viewed = await app.services.initiatives.view(await member_view(app, office), item.id)
    return viewed.state


async def score(person: Person, item: InitiativeView, *answers: str) -> None:
    await person.press(InitiativeOpen(item.id).pack())
    await person.tap("Chấm điểm")
    assert "1/4. Tính mới" in person.text
    for answer in answers:
        await person.send(answer)


async def test_the_whole_review_path_to_recognised(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    dong = await join(app, "dong", "VP", Role.COUNCIL, "Vũ Thị Đồng")
    item = await submit(app, an)

    await office.send("/duyet")
    assert "SK-2026-0001" in office.text and "Lọc: trạng thái tất cả" in office.text
    await office.tap("SK-2026-0001")
    for shown in ("Số hóa hồ sơ thi đua", "Giải pháp quản lý", "Chuyển đổi số", "15/01/2026"):
        assert shown in office.text
    assert "Nguyễn Văn An (100%)" in office.text and "Đã nộp" in office.text
    await office.tap("Tiếp nhận")
    assert office.last.edit and "Văn phòng đã tiếp nhận" in office.text
    await office.tap("Chuyển Hội đồng")
    assert "Hội đồng sáng kiến đang thẩm định" in office.text
    assert not any("Chấm điểm" in b.label for b in office.last.flat_buttons())

    await score(hoi, item, "6", "4", "5", "3", "Cần thêm số liệu minh chứng")
    assert "Đã ghi điểm của đồng chí: tính mới 4" in hoi.text
    await score(dong, item, "5", "4", "4", "-")
    assert "Đã ghi điểm" in dong.text and "Ghi chú riêng" in dong.text  # hội's note
    assert "tính mới 4,5 · khả năng áp dụng 4,5 · hiệu quả 3,5 · tổng 12,5/15" in dong.text
    assert "Đỗ Văn Hội: tính mới 4 · khả năng áp dụng 5 · hiệu quả 3 · tổng 12/15" in dong.text
    told_before = await notices_to(app, "an")
    await hoi.tap("Công nhận sáng kiến")
    assert "Đồng chí chắc chắn muốn công nhận sáng kiến" in hoi.text
    assert "Sẽ báo cho: tác giả Nguyễn Văn An" in hoi.text
    assert await notices_to(app, "an") == told_before  # nothing happened yet
    await hoi.tap("Công nhận sáng kiến")
    assert "Được công nhận" in hoi.text and "Đồng chí chắc chắn" not in hoi.text

    await an.press(InitiativeOpen(item.id).pack())
    assert "Trung bình (2 lượt chấm)" in an.text
    assert "Cần thêm số liệu" not in an.text and "Đỗ Văn Hội:" not in an.text
    history = an.text.split("Quá trình xử lý")[1]
    for step in (
        "Đã nộp",
        "Văn phòng đã tiếp nhận",
        "Hội đồng sáng kiến đang thẩm định",
        "Được công nhận",
    ):
        assert step in history
    told = await notices_to(app, "an")
    assert len(told) == 3
    assert "đã được công nhận" in told[-1]


async def test_not_recognised_needs_a_reason_the_author_reads(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    leader = await join(app, "lanh", "VP", Role.LEADER, "Vũ Văn Lãnh")
    item = await submit(app, an)
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")
    await leader.press(InitiativeOpen(item.id).pack())
    await leader.tap("Không công nhận")
    assert "Xin ghi rõ lý do" in leader.text
    await leader.send("Sai")
    assert "quá ngắn" in leader.text
    await leader.send("Giải pháp đã được áp dụng rộng rãi từ năm 2020.")
    assert "Đồng chí chắc chắn muốn không công nhận sáng kiến" in leader.text
    assert "Giải pháp đã được áp dụng rộng rãi từ năm 2020." in leader.text
    await leader.tap("Xác nhận")
    assert "Không được công nhận" in leader.text
    assert "Lý do: Giải pháp đã được áp dụng rộng rãi từ năm 2020." in leader.text
    assert "không được công nhận" in (told := await notices_to(app, "an"))[-1]
    assert "Giải pháp đã được áp dụng rộng rãi" in told[-1]


async def test_return_with_a_reason_then_resubmit(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    item = await submit(app, an)
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Trả lại")
    await office.send("/huy")
    assert "giữ nguyên trạng thái" in office.text
    assert await state_of(app, office, item) is InitiativeState.SUBMITTED
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Trả lại")
    await office.send("Bổ sung số liệu về hiệu quả")
    assert "Trả lại để bổ sung" in office.text
    assert "Lý do: Bổ sung số liệu" in (await notices_to(app, "an"))[-1]

    await an.press(InitiativeOpen(item.id).pack())
    labels = [b.label for b in an.last.flat_buttons()]
    assert any("Sửa và nộp lại" in label for label in labels)
    assert any("Rút sáng kiến" in label for label in labels)
    await an.tap("Sửa và nộp lại")  # the proposal dialog, at its preview
    assert "Số hóa hồ sơ thi đua" in an.text
    await an.tap("Nộp sáng kiến")
    assert "nộp lại" in an.text
    assert await state_of(app, office, item) is InitiativeState.RESUBMITTED
    await office.press(InitiativeOpen(item.id).pack())
    assert "Tiếp nhận" in " ".join(b.label for b in office.last.flat_buttons())


async def test_only_the_author_withdraws_with_a_reason(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    binh = await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    binh_view = await member_view(app, binh)
    coauthored = make_proposal(coauthors=(CoAuthor("Trần Thị Bình", 30, binh_view.id),))
    item = await submit(app, an, coauthored)
    await binh.press(InitiativeOpen(item.id).pack())
    assert "Trần Thị Bình (30%)" in binh.text
    assert not any("Rút" in b.label for b in binh.last.flat_buttons())
    await binh.press(InitiativeAct(item.id, "wdr", item.version).pack())  # forged
    assert "không được dùng" in binh.text
    await an.press(InitiativeOpen(item.id).pack())
    await an.tap("Rút sáng kiến")
    await an.send("Trùng ý tưởng với phòng khác")
    assert "Đồng chí chắc chắn muốn rút sáng kiến" in an.text
    assert "Sẽ báo cho: tác giả Trần Thị Bình." in an.text  # not the author withdrawing
    await an.tap("Xác nhận")
    assert "Đã rút" in an.text and "Lý do: Trùng ý tưởng" in an.text
    assert "rút lại" in (await notices_to(app, "binh"))[-1]


async def test_staff_cannot_review_nor_forge_review_buttons(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    binh = await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    item = await submit(app, an)
    await binh.send("/duyet")
    assert "không được dùng" in binh.text
    await binh.press(InitiativeList(InitiativeScope.QUEUE, 0, "", 0, 0).pack())
    assert "không được dùng" in binh.text
    await binh.press(InitiativeList(InitiativeScope.STATE_FILTER, 0, "", 0, 0).pack())
    assert "không được dùng" in binh.text
    await binh.press("il:zzz:0::0:0")
    assert "Nút này đã hết hạn" in binh.text
    await binh.press(InitiativeOpen(item.id).pack())  # not theirs
    assert "Không tìm thấy sáng kiến này" in binh.text
    await an.press(InitiativeAct(item.id, "rcv", item.version).pack())  # the author, forged
    assert "không được dùng" in an.text
    await an.press(InitiativeAct(item.id, "scr", item.version).pack())
    assert "không được dùng" in an.text
    await an.press(InitiativeAct(item.id, "zzz", item.version).pack())
    assert "Nút này đã hết hạn" in an.text
    stranger = Person(app.router, "nguoila")
    await stranger.press(InitiativeOpen(item.id).pack())
    assert "lời mời" in stranger.text


async def test_unit_head_sees_their_unit_only(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Lê Văn Trưởng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    xa = await join(app, "xa", "VP", Role.STAFF, "Đỗ Văn Xa")
    ours = await submit(app, an)
    theirs = await submit(app, xa, make_proposal(title="Hộp thư góp ý điện tử"))
    await head.send("/cuatoi")
    assert "chưa có sáng kiến" in head.text and "/sangkien" in head.text
    await head.tap("Sáng kiến của đơn vị")
    assert "Phòng Công nghệ thông tin" in head.text
    assert ours.code in head.text and "Nguyễn Văn An" in head.text
    assert theirs.code not in head.text
    await head.tap(ours.code)
    assert "Số hóa hồ sơ thi đua" in head.text
    assert [b.label for b in head.last.flat_buttons()] == ["☰ Sáng kiến của tôi"]
    await head.press(InitiativeOpen(theirs.id).pack())
    assert "Không tìm thấy sáng kiến này" in head.text
    await an.press(InitiativeList(InitiativeScope.UNIT, 0, "", 0, 0).pack())  # staff: no unit list
    assert "không được dùng" in an.text


async def test_my_list_pages_newest_first(app: App, clock: FakeClock) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/cuatoi")
    assert "Gõ /sangkien" in an.text
    for n in range(10):
        await submit(app, an, make_proposal(title=f"Sáng kiến số {n + 1}"))
        clock.advance(days=1)
    await an.send("/cuatoi")
    assert "10 sáng kiến" in an.text and "Trang 1/2" in an.text
    assert an.text.index("Sáng kiến số 10") < an.text.index("Sáng kiến số 3")
    assert "Sáng kiến số 2" not in an.text and "Đã nộp" in an.text
    await an.tap("Sau")
    assert an.last.edit and "Trang 2/2" in an.text
    assert "9. " in an.text and "Sáng kiến số 1" in an.text
    await an.tap("Trước")
    assert "Trang 1/2" in an.text


async def test_two_office_members_press_the_same_button(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    first = await join(app, "vp1", "VP", Role.OFFICE, "Phạm Văn Một")
    second = await join(app, "vp2", "VP", Role.OFFICE, "Phạm Văn Hai")
    item = await submit(app, an)
    for office in (first, second):
        await office.press(InitiativeOpen(item.id).pack())
    await first.tap("Tiếp nhận")
    await second.tap("Trả lại")  # made for the version before the receipt
    assert "đã được xử lý" in second.text
    assert "Văn phòng đã tiếp nhận" in second.text  # and the item as it is now
    assert any("Chuyển Hội đồng" in b.label for b in second.last.flat_buttons())

    other = await submit(app, an, make_proposal(title="Hộp thư góp ý điện tử"))
    receive = InitiativeAct(other.id, "rcv", other.version).pack()
    replies = await asyncio.gather(first.press(receive), second.press(receive))
    texts = [r.text for r in replies if r is not None]
    assert sum("đã được xử lý" in t for t in texts) == 1
    assert sum("Đã cập nhật" in t for t in texts) == 1
    assert len(await notices_to(app, "an")) == 2  # one receipt each, never twice


async def test_the_queue_pages_and_filters(app: App, clock: FakeClock) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    xa = await join(app, "xa", "VP", Role.STAFF, "Đỗ Văn Xa")
    items = []
    for n in range(10):
        author, field = (an, "Chuyển đổi số") if n % 2 else (xa, "Bưu chính")
        proposal = make_proposal(title=f"Sáng kiến số {n + 1}", field=field)
        items.append(await submit(app, author, proposal))
        clock.advance(days=1)
    reviewer = await member_view(app, office)
    for item in items[:3]:
        await app.services.reviews.act(reviewer, item.id, Action.RECEIVE)

    await office.send("/duyet")
    assert "10 sáng kiến" in office.text and "Trang 1/2" in office.text
    assert any("Đề nghị khen thưởng" in b.label for b in office.last.flat_buttons())
    assert office.text.index("SK-2026-0004") < office.text.index("SK-2026-0010")
    assert "SK-2026-0002" not in office.text  # received last, so on the last page
    await office.tap("Sau")
    assert "Trang 2/2" in office.text and "SK-2026-0003" in office.text

    await office.tap("Đơn vị")
    labels = [b.label for b in office.last.flat_buttons()]
    assert "Văn phòng Sở (5)" in labels and "Phòng Công nghệ thông tin (5)" in labels
    assert not any("Vĩnh Yên" in label for label in labels)
    await office.tap("Văn phòng Sở (5)")
    assert "5 sáng kiến" in office.text and "đơn vị Văn phòng Sở" in office.text
    assert "Đỗ Văn Xa" in office.text and "Nguyễn Văn An" not in office.text
    await office.tap("Trạng thái")
    await office.tap("Văn phòng đã tiếp nhận")
    assert (
        "trạng thái Văn phòng đã tiếp nhận" in office.text and "đơn vị Văn phòng Sở" in office.text
    )
    assert "2 sáng kiến" in office.text  # items 1 and 3 are Văn phòng Sở's
    await office.tap("Bỏ lọc")
    await office.tap("Lĩnh vực")
    assert "✔️ Tất cả" in [b.label for b in office.last.flat_buttons()]
    await office.tap("Chuyển đổi số")
    assert "5 sáng kiến" in office.text and "lĩnh vực Chuyển đổi số" in office.text
    await office.press(InitiativeList(InitiativeScope.QUEUE, 0, "draft", 0, 0).pack())
    assert "Nút này đã hết hạn" in office.text
    await office.press(InitiativeList(InitiativeScope.QUEUE, 0, "", 0, 99).pack())
    assert "Nút này đã hết hạn" in office.text
    await office.press(InitiativeList(InitiativeScope.QUEUE, 0, "applied", 0, 0).pack())
    assert "Không có sáng kiến nào khớp" in office.text


async def test_files_of_the_channel_are_sent_others_are_named(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    binh = await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    files = (
        FileInfo("console", "/tmp/bao-cao.pdf", "bao-cao.pdf", "application/pdf", 1200),
        FileInfo("telegram", "BQACtelegram1", "anh-minh-hoa.jpg", "image/jpeg", 800),
    )
    item = await submit(app, an, make_proposal(files=files))
    await office.press(InitiativeOpen(item.id).pack())
    assert "anh-minh-hoa.jpg" in office.text.split("kênh khác")[1]
    labels = [b.label for b in office.last.flat_buttons()]
    assert "📎 bao-cao.pdf" in labels and not any("anh-minh-hoa" in label for label in labels)
    await office.tap("bao-cao.pdf")
    document = office.last.document
    assert document is not None
    assert (document.name, document.file_id) == ("bao-cao.pdf", "/tmp/bao-cao.pdf")
    telegram_file = next(f.id for f in item.files if f.channel == "telegram")
    await office.press(InitiativeFile(item.id, telegram_file).pack())
    assert "kênh khác" in office.text and office.last.document is None
    await office.press(InitiativeFile(item.id, 999_999).pack())
    assert "không còn trong hồ sơ" in office.text
    await binh.press(InitiativeFile(item.id, item.files[0].id).pack())  # not theirs
    assert "Không tìm thấy" in binh.text and binh.last.document is None
