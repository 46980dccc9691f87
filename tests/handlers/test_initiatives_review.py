"""Reviewing initiatives through the router: the detail, actions with and without reasons,
the initiative council's evaluation and the head's decision, /cuatoi, the /duyet queue with
its filters, attachments and forged buttons."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update

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
from bot.services.councils import Position
from bot.services.initiatives.records import CoAuthor, InitiativeView, Proposal
from bot.services.initiatives.workflow import Action
from models import Delivery, Initiative
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


async def evaluate(person: Person, item: InitiativeView, *answers: str) -> None:
    """Open the item, press "Đánh giá sáng kiến" and answer: a "✅ Đạt" / "❌ Không đạt" tap
    and a comment per condition (five of the default), then the scores and the note."""
    await person.press(InitiativeOpen(item.id).pack())
    await person.tap("Đánh giá sáng kiến")
    assert "Điều kiện 1/5" in person.text and "Có tính mới trong phạm vi cơ sở" in person.text
    for answer in answers:
        if answer.startswith(("✅", "❌")):
            await person.tap(answer)
        else:
            await person.send(answer)


ALL_MET = [step for _ in range(5) for step in ("✅ Đạt", "-")]


async def test_the_council_evaluates_and_the_head_decides(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    dong = await join(app, "dong", "VP", Role.STAFF, "Vũ Thị Đồng")
    thi = await join(app, "thi", "VP", Role.COUNCIL, "Hà Văn Thi")
    vp = await member_view(app, office)
    for person, council in ((hoi, "HDSK"), (dong, "HDSK"), (thi, "HDTDKT")):
        seated = await member_view(app, person)
        await app.services.councils.seat(vp, council, seated.id, Position.MEMBER)
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
    labels = [b.label for b in office.last.flat_buttons()]
    assert not any("Đánh giá" in label or "quyết định" in label for label in labels)
    # Nothing to conclude before anyone evaluated.
    await office.tap("Kết luận Hội đồng: Đạt")
    await office.send("Hội đồng thống nhất đạt")
    assert "Chưa có thành viên Hội đồng sáng kiến nào đánh giá" in office.text

    await evaluate(hoi, item, *ALL_MET[:1], "Áp dụng tại 3 phòng", *ALL_MET[2:], "6", "4")
    assert "từ 1 đến 5" in hoi.text  # the 6 was refused, the question asked again
    await hoi.send("5")
    await hoi.send("3")
    await hoi.send("Cần thêm số liệu minh chứng")
    assert "Đã ghi đánh giá của đồng chí: 5/5 điều kiện đạt · tính mới 4" in hoi.text
    not_new = ["❌ Không đạt", "Đã có ở Sở Nội vụ", *ALL_MET[2:], "3", "4", "4", "-"]
    await evaluate(dong, item, *not_new)
    assert "4/5 điều kiện đạt" in dong.text
    assert "Có tính mới trong phạm vi cơ sở: 1 đạt · 1 không đạt" in dong.text
    assert "Vũ Thị Đồng (không đạt): Đã có ở Sở Nội vụ" in dong.text
    assert "Đỗ Văn Hội (đạt): Áp dụng tại 3 phòng" in dong.text
    assert "tính mới 3,5 · khả năng áp dụng 4,5 · hiệu quả 3,5 · tổng 11,5/15" in dong.text

    # The emulation council's member sees no evaluation button and a forged one is refused.
    await thi.press(InitiativeOpen(item.id).pack())
    assert not any("Đánh giá" in b.label for b in thi.last.flat_buttons())
    await thi.press(InitiativeAct(item.id, "evl", item.version + 2).pack())
    assert "Chỉ thành viên Hội đồng sáng kiến" in thi.text

    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Kết luận Hội đồng: Đạt")
    await office.send("Hội đồng thống nhất đạt")
    assert "Hội đồng đánh giá đạt, chờ quyết định công nhận" in office.text
    assert "Kết luận của Hội đồng sáng kiến: ĐẠT. Hội đồng thống nhất đạt" in office.text
    assert "chờ quyết định công nhận" in (await notices_to(app, "an"))[-1]
    await office.send("/duyet")
    await office.tap("Trạng thái")
    await office.tap("chờ quyết định công nhận")  # what waits for the head's decision
    assert "1 sáng kiến" in office.text and "SK-2026-0001" in office.text
    await office.tap("SK-2026-0001")
    await office.tap("Ghi quyết định công nhận")
    await office.send("15/QĐ-STTTT")
    await office.send("03/03/2026")
    assert "không sau hôm nay" in office.text or "02/03/2026" in office.text  # tomorrow: no
    await office.send("01/03/2026")
    await office.send("Giám đốc Nguyễn Văn Bình")
    assert "Đồng chí chắc chắn muốn ghi nhận quyết định số 15/QĐ-STTTT" in office.text
    assert "Sẽ báo cho: tác giả Nguyễn Văn An" in office.text
    await office.tap("Xác nhận")
    assert "giấy chứng nhận sáng kiến số 001/GCN-SK-2026" in office.text
    assert "Được công nhận" in office.text

    await an.press(InitiativeOpen(item.id).pack())
    assert "Quyết định số 15/QĐ-STTTT ngày 01/03/2026 của Giám đốc Nguyễn Văn Bình" in an.text
    assert "Giấy chứng nhận sáng kiến số: 001/GCN-SK-2026" in an.text
    assert "Trung bình (2 lượt chấm)" in an.text
    assert "Cần thêm số liệu" not in an.text and "Đã có ở Sở Nội vụ" not in an.text
    history = an.text.split("Quá trình xử lý")[1]
    for step in ("Văn phòng đã tiếp nhận", "chờ quyết định công nhận", "Được công nhận"):
        assert step in history
    told = await notices_to(app, "an")
    assert len(told) == 4
    assert "Quyết định số 15/QĐ-STTTT ngày 01/03/2026" in told[-1]
    # A forged "recognise" by a council member, sure or not, changes nothing.
    before = await app.services.initiatives.view(vp, item.id)
    await hoi.press(InitiativeAct(item.id, Action.RECOGNIZE.value, before.version, sure=1).pack())
    assert (await app.services.initiatives.view(vp, item.id)).version == before.version


async def test_a_seated_author_is_refused_by_button_and_by_forged_data(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.COUNCIL, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    vp = await member_view(app, office)
    await app.services.councils.seat(vp, "HDSK", (await member_view(app, an)).id, Position.CHAIR)
    item = await submit(app, an)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        item = await app.services.reviews.act(vp, item.id, action)
    await an.press(InitiativeOpen(item.id).pack())
    assert not any("Đánh giá" in b.label for b in an.last.flat_buttons())
    await an.press(InitiativeAct(item.id, "evl", item.version).pack())
    assert "tác giả (hoặc đồng tác giả) của sáng kiến này" in an.text
    assert (await app.services.initiatives.view(vp, item.id)).marks == ()


async def test_not_met_needs_a_reason_the_author_reads(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    vp = await member_view(app, office)
    await app.services.councils.seat(vp, "HDSK", (await member_view(app, hoi)).id, Position.MEMBER)
    item = await submit(app, an)
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")
    await evaluate(hoi, item, *ALL_MET, "2", "2", "2", "-")
    await office.press(InitiativeOpen(item.id).pack())
    await office.tap("Kết luận Hội đồng: Không đạt")
    assert "Xin ghi rõ lý do" in office.text
    await office.send("Sai")
    assert "quá ngắn" in office.text
    await office.send("Giải pháp đã được áp dụng rộng rãi từ năm 2020.")
    assert "Đồng chí chắc chắn muốn ghi kết luận «không đạt»" in office.text
    assert "Giải pháp đã được áp dụng rộng rãi từ năm 2020." in office.text
    await office.tap("Xác nhận")
    assert "Không được công nhận" in office.text
    assert "Lý do: Giải pháp đã được áp dụng rộng rãi từ năm 2020." in office.text
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
    await an.press(InitiativeAct(item.id, "scr", item.version).pack())  # the old scoring
    assert "Nút này đã hết hạn" in an.text
    await an.press(InitiativeAct(item.id, "evl", item.version).pack())  # no seat
    assert "Chỉ thành viên Hội đồng sáng kiến" in an.text
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
    # The head may have the application of their unit's initiative (not the author's alone).
    assert [b.label for b in head.last.flat_buttons()] == ["📄 Văn bản", "☰ Sáng kiến của tôi"]
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


async def test_one_recognised_before_the_decisions_were_kept_shows_a_blank(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    item = await submit(app, an)
    async with app.sessions.begin() as session:  # as migration 0016 leaves it
        await session.execute(
            update(Initiative).where(Initiative.id == item.id).values(state="recognized")
        )
    await an.press(InitiativeOpen(item.id).pack())
    assert "Được công nhận" in an.text
    assert "Quyết định công nhận: chưa ghi số, ngày" in an.text
    assert "Giấy chứng nhận" not in an.text
