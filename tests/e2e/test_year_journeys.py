"""One unit's emulation year end to end on Telegram, over real HTTP against the fake Bot API
(issue 16, point 11), every step typed or pressed in chat.

March 2026: the Office opens the registration, the unit head registers the unit. January 2027:
the head builds the 2026 vote list, sees a new recruit's row fail the months of service and
takes it off, sends; the Office receives it and publishes the CSTĐCS row for objections; a
member objects and is answered, the nominee never learns who; the row goes to the council only
once the window has closed; a secret session (a member of the nominee's unit left out) passes
it; the Director's decision is recorded; the points reach the board and the result the
announcement group. The ballots keep no choice, the audit log every step.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy import select

from bot.roles import Role
from models import AuditEntry, Ballot
from tests.e2e.harness import TgUser
from tests.e2e.year_harness import GROUP_CHAT, Year, code_in, running_year
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.cycle_seed import started
from tests.services.nominations_seed import ledger

LISTING_TITLE = "Danh sách đề nghị xét tặng Chiến sĩ thi đua cơ sở năm 2026"
OBJECTION = "Đồng chí An chưa có sáng kiến được công nhận trong năm 2026."
ANSWER = "Đồng chí An hoàn thành xuất sắc nhiệm vụ, được Hội nghị đơn vị bình xét 85% phiếu."
SESSION_TITLE = "Phiên họp xét danh hiệu thi đua năm 2026"


@pytest.fixture
async def year(fake: FakeTelegramApi, database_url: str, clock: FakeClock) -> AsyncIterator[Year]:
    async with running_year(fake, database_url, clock) as running:
        yield running


async def test_one_units_whole_year_by_chat(year: Year) -> None:
    office = await year.join("vp", 8001, Role.OFFICE, "Lê Văn Phòng", "VP")
    await year.join("mot", 8002, Role.COUNCIL, "Đỗ Văn Một", "VP")
    await year.join("hai", 8003, Role.COUNCIL, "Đỗ Văn Hai", "VP")
    khac = await year.join("khac", 8004, Role.STAFF, "Vũ Thị Khác", "VHTT-VY")
    an = await year.join("an", 8005, Role.STAFF, "Nguyễn Văn An", "CNTT")
    await year.join("dong", 8006, Role.COUNCIL, "Vũ Văn Đồng", "CNTT")
    # The head joins last: a head is told of each newcomer to the unit.
    head = await year.join("truong", 8007, Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT")
    for key in ("an", "dong", "truong"):
        await started(year.bot.core, await year.member_id(key), date(2019, 5, 1))

    await register_the_unit(year, office, head, an)
    year.clock.advance(weeks=45)  # Monday 11/01/2027: the vote lists of 2026
    # Recruited on 01/09/2026: short of the 6 months LĐTT needs by the end of 2026.
    await year.join("binh", 8008, Role.STAFF, "Trần Thị Bình", "CNTT")
    await started(year.bot.core, await year.member_id("binh"), date(2026, 9, 1))
    await send_the_vote_list(year, office, head)
    await publish_and_answer_an_objection(year, office, khac, an)
    await to_the_council_after_the_window(year, office)
    await a_secret_session_passes_the_row(year, office)
    await the_director_decides(year, office, an)

    async with year.bot.core.sessions() as session:
        ballots = list(await session.scalars(select(Ballot.choice)))
        actions = set(await session.scalars(select(AuditEntry.action)))
        votes = list(
            await session.scalars(
                select(AuditEntry.after).where(AuditEntry.action == "council.vote")
            )
        )
    assert ballots == [None, None]  # two members voted; a secret ballot keeps no choice
    assert votes == [None, None]  # nor does the audit log: who voted, never what
    assert {
        "registration.open",
        "registration.register",
        "vote_list.submit",
        "vote_list.receive",
        "listing.publish",
        "listing.object",
        "listing.answer",
        "nomination.under_review",
        "council.seat",
        "council.session_open",
        "council.vote",
        "council.session_close",
        "nomination.recommended",
        "decision.decision",
        "nomination.awarded",
    } <= actions


async def register_the_unit(year: Year, office: TgUser, head: TgUser, an: TgUser) -> None:
    """March 2026: the Office opens the year, the head registers the unit, An sees his titles."""
    assert "chưa mở đăng ký thi đua năm 2026" in await office.send("/dangkythidua")
    await office.tap("Mở đăng ký")
    assert "Hạn đăng ký thi đua năm 2026" in await office.tap("Năm 2026")
    opened = await office.send("31/03/2026")
    assert "Đã mở đăng ký thi đua năm 2026, hạn 31/03/2026" in opened
    await year.settle()
    assert year.got(head.user_id, "Văn phòng Sở đã mở đăng ký thi đua năm 2026")

    assert "Phòng Công nghệ thông tin chưa đăng ký" in await head.send("/dangkythidua")
    assert "Bước 1/3" in await head.tap("Đăng ký cho đơn vị")
    members = await head.tap("Tập thể lao động tiên tiến")
    assert "Lao động tiên tiến: 3; không đăng ký: 0 người" in members
    assert "Lao động tiên tiến: 3, Chiến sĩ thi đua cơ sở: 1" in await head.tap("Nguyễn Văn An")
    await head.tap("Xong, xem lại")
    assert "Đã lưu đăng ký thi đua năm 2026" in await head.tap("Xác nhận")
    await year.settle()
    mine = await an.send("/dangkythidua")
    assert "Danh hiệu đăng ký của đồng chí: Lao động tiên tiến, Chiến sĩ thi đua cơ sở" in mine


async def send_the_vote_list(year: Year, office: TgUser, head: TgUser) -> None:
    """January 2027: the head's list for 2026; Bình (recruited 01/09/2026) fails LĐTT."""
    home = await head.send("/binhxet")
    assert "Bình xét thi đua năm 2026" in home
    assert "Đơn vị chưa gửi danh sách bình xét năm 2026" in home
    assert "Bước 1/6" in await head.tap("Lập danh sách bình xét")
    people = await head.tap("Tập thể lao động tiên tiến")
    assert "«Lao động tiên tiến» (1/2)" in people
    assert "3. ▫️ Trần Thị Bình" in people  # not registered: not preselected
    assert "«Chiến sĩ thi đua cơ sở» (2/2)" in await head.send("tất cả")
    shares = await head.send("giữ")
    assert "Bước 3/6" in shares and "6. Nguyễn Văn An — Chiến sĩ thi đua cơ sở" in shares
    basis = await head.send("100\n6: 85")
    assert "Bước 4/6" in basis
    assert "Bước 5/6" in await head.tap("Hoàn thành xuất sắc nhiệm vụ")
    assert "Bao nhiêu người dự" in await head.send("08/01/2027")
    assert "Đính kèm biên bản cuộc họp bình xét (bắt buộc)" in await head.send("4")
    await head.send_document(
        "bien-ban-binh-xet-2026.pdf", b"%PDF-1.4 minutes", mime_type="application/pdf"
    )
    check = await head.tap("Xem lại và nộp")
    assert "Kiểm tra danh sách bình xét năm 2026" in check
    assert "❌ Trần Thị Bình — Lao động tiên tiến — 100% phiếu" in check
    assert "Chưa đủ 6 tháng công tác tính đến hết năm" in check
    assert "❌ Còn 1 dòng chưa đạt điều kiện" in check
    assert not any("Gửi danh sách" in label for label in year.labels(head))

    await head.tap("Sửa người được đề nghị")
    await head.send("1, 2, 4")  # Bình off the LĐTT rows
    check = await head.send("giữ")
    assert "Trần Thị Bình" not in check and "✅ Mọi dòng đều đạt điều kiện" in check
    sent = await head.tap("Gửi danh sách")
    assert "Đã gửi danh sách bình xét BX-2026-001 (5 dòng)" in sent
    await year.settle()
    assert year.got(office.user_id, "đã gửi danh sách bình xét BX-2026-001")

    assert "1/3 đơn vị đã gửi" in await office.send("/binhxet")
    shown = await office.tap("Phòng Công nghệ thông tin (5 dòng)")
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở — 85% phiếu" in shown
    assert "Đã tiếp nhận danh sách BX-2026-001" in await office.tap("Tiếp nhận danh sách")
    await year.settle()
    assert year.got(head.user_id, "Văn phòng đã tiếp nhận danh sách bình xét BX-2026-001")


async def publish_and_answer_an_objection(
    year: Year, office: TgUser, khac: TgUser, an: TgUser
) -> None:
    """The Office lists the CSTĐCS row for 10 working days; Khác objects, is answered."""
    await office.send("/congkhai")
    groups = await office.tap("Công khai danh sách")
    assert "Chiến sĩ thi đua cơ sở năm 2026 · 1 hồ sơ · bắt buộc công khai 10 ngày" in groups
    asked = await office.tap("Chiến sĩ thi đua cơ sở")
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in asked
    assert "thời hạn góp ý đến hết ngày 25/01/2027" in asked
    assert "Đồng chí chắc chắn muốn công khai danh sách" in await office.send(LISTING_TITLE)
    await office.tap("Xác nhận")
    # The broadcast's progress may come before the answer.
    await year.received(office, "Đã công khai danh sách")
    (done,) = year.got(office.user_id, "Đã công khai danh sách")
    listing = code_in(done, "CK")
    assert f"Đã công khai danh sách {listing} «{LISTING_TITLE}» gồm 1 hồ sơ" in done
    await year.broadcast_sent(office, done)
    assert year.got(GROUP_CHAT, "CÔNG KHAI DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    assert year.got(khac.user_id, "Góp ý gửi qua bot đến hết ngày 25/01/2027")

    assert listing in await khac.send("/congkhai")
    await khac.tap(listing)
    assert "Tóm tắt thành tích" in await khac.tap("Nguyễn Văn An")
    assert "Gõ nội dung ý kiến" in await khac.tap("Góp ý")
    objected = await khac.send(OBJECTION)
    assert "Đã gửi ý kiến của đồng chí về Nguyễn Văn An tới Văn phòng Sở" in objected
    await year.settle()
    assert year.got(office.user_id, "Có ý kiến mới về Nguyễn Văn An")

    await office.send("/congkhai")
    await office.tap(listing)
    await office.tap("Ý kiến (1)")
    shown = await office.tap("1. Nguyễn Văn An")
    assert "Người góp ý: Vũ Thị Khác" in shown and OBJECTION in shown
    await office.tap("Trả lời")
    assert "Đã gửi câu trả lời tới người góp ý" in await office.send(ANSWER)
    await year.settle()
    (answered,) = year.got(khac.user_id, "Văn phòng Sở đã trả lời ý kiến của đồng chí")
    assert ANSWER in answered

    await an.send("/congkhai")
    await an.tap(listing)
    own = await an.tap("Nguyễn Văn An")
    assert "Tóm tắt thành tích" in own
    to_an = [m.plain_text or "" for m in year.fake.messages_to(an.user_id)]
    assert not any("Vũ Thị Khác" in text or OBJECTION in text for text in to_an)


async def to_the_council_after_the_window(year: Year, office: TgUser) -> None:
    """The row cannot go to the council while the window is open; it can once it closed."""
    await office.send("/binhxet")
    await office.tap("Phòng Công nghệ thông tin (5 dòng)")
    await office.tap("Nguyễn Văn An — Chiến sĩ")
    refused = await office.tap("Chuyển Hội đồng xét")
    assert "đang được công khai lấy ý kiến đến hết ngày 25/01/2027" in refused
    year.clock.advance(days=15)  # Tuesday 26/01/2027: the window closed on 25/01
    await office.send("/binhxet")
    await office.tap("Phòng Công nghệ thông tin (5 dòng)")
    await office.tap("Nguyễn Văn An — Chiến sĩ")
    assert "Hội đồng đang xét" in await office.tap("Chuyển Hội đồng xét")
    await year.settle()


async def a_secret_session_passes_the_row(year: Year, office: TgUser) -> None:
    """The Office seats three members (Đồng in the nominee's unit), opens a session; two
    agree, Đồng is not asked; the Office closes it: 2/3 reach the 60 % threshold."""
    mot, hai, dong = year.people["mot"], year.people["hai"], year.people["dong"]
    await office.send("/hoidong")
    assert "Chưa có thành viên nào" in await office.tap("Hội đồng Thi đua")
    for unit, name, position in (
        ("Văn phòng Sở", "Đỗ Văn Một", "Chủ tịch Hội đồng"),
        ("Văn phòng Sở", "Đỗ Văn Hai", "Ủy viên"),
        ("Phòng Công nghệ thông tin", "Vũ Văn Đồng", "Ủy viên"),
    ):
        await office.tap("Thêm thành viên")
        await office.tap(unit)
        await office.tap(name)
        assert f"Đã ghi nhận: {name} — {position}" in await office.tap(position)
        await year.settle()

    await office.send("/phienhop")
    assert "Mở phiên họp của Hội đồng nào?" in await office.tap("Mở phiên họp")
    assert "✔️ Chiến sĩ thi đua cơ sở: 1 hồ sơ" in await office.tap("Hội đồng Thi đua")
    assert "Gõ tên phiên họp" in await office.tap("Tiếp tục với 1 hồ sơ")
    assert "Đồng chí chắc chắn muốn mở phiên họp" in await office.send(SESSION_TITLE)
    opened = await office.tap("Xác nhận")
    session = code_in(opened, "PH")
    assert f"Đã mở phiên họp {session} «{SESSION_TITLE}» với 1 hồ sơ" in opened
    assert "Đã gửi tin mời biểu quyết tới 3 thành viên Hội đồng" in opened
    await year.settle()

    agenda = await mot.tap("Mở phiếu biểu quyết")
    assert "Đồng chí còn 1/1 hồ sơ chưa biểu quyết" in agenda and "Bỏ phiếu kín" in agenda
    assert "Đã ghi nhận phiếu của đồng chí cho hồ sơ" in await mot.tap("1. Đồng ý")
    await hai.send("/bophieu")
    await hai.tap("tất cả còn lại")
    assert "cho 1 hồ sơ" in await hai.tap("Đồng ý tất cả còn lại")
    assert year.got(dong.user_id, "Đồng chí biểu quyết 0 hồ sơ")
    assert "Không tham gia biểu quyết (có liên quan)" in await dong.send("/bophieu")

    await office.send("/phienhop")
    assert ": 2/2" in await office.tap(session)
    await office.tap("Kết thúc phiên họp")
    await office.tap("Kết thúc phiên họp")
    await year.settle()  # the Office is told the results too: they may come in either order
    (results,) = year.got(office.user_id, f"Đã kết thúc phiên họp {session}")
    assert "Đồng ý 2/3 · ngưỡng 60% (cần 2/3) · Đạt" in results
    told = "Hội đồng đã thống nhất đề nghị khen thưởng"
    assert year.got(year.people["truong"].user_id, told)  # the head, who sent the list
    assert not year.got(year.people["an"].user_id, told)  # a list's row hears the decision
    for key in ("an", "truong"):
        assert not year.got(year.people[key].user_id, "Chúc mừng")


async def the_director_decides(year: Year, office: TgUser, an: TgUser) -> None:
    """The Office records the Director's decision; An is told, the group gets the result,
    the board counts the points."""
    listed = await office.send("/quyetdinh")
    assert "Chiến sĩ thi đua cơ sở năm 2026 · 1 hồ sơ · chờ quyết định của Giám đốc Sở" in listed
    await office.tap("Chiến sĩ thi đua cơ sở")
    assert "Số Quyết định" in await office.tap("Ghi nhận quyết định")
    assert "Ngày ký Quyết định" in await office.send("15/QĐ-SKHCN")
    assert "Người ký Quyết định" in await office.send("26/01/2027")
    sure = await office.send("Nguyễn Văn Giám, Giám đốc Sở")
    assert (
        "Đồng chí chắc chắn muốn ghi nhận Quyết định số 15/QĐ-SKHCN ngày 26/01/2027 "
        "(Nguyễn Văn Giám, Giám đốc Sở) về Chiến sĩ thi đua cơ sở, gồm 1 hồ sơ?" in sure
    )
    await office.tap("Xác nhận")
    await year.settle()
    assert year.got(
        office.user_id,
        "Đã ghi nhận Quyết định số 15/QĐ-SKHCN ngày 26/01/2027 của Giám đốc Sở về Chiến sĩ "
        "thi đua cơ sở: 1 hồ sơ được khen thưởng",
    )
    (published,) = year.got(GROUP_CHAT, "KẾT QUẢ KHEN THƯỞNG")
    assert "Quyết định số 15/QĐ-SKHCN ngày 26/01/2027 của Giám đốc Sở" in published
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in published
    assert len(year.fake.messages_to(GROUP_CHAT)) == 2  # the listing, then the result
    assert year.got(an.user_id, "Chúc mừng! Theo Quyết định số 15/QĐ-SKHCN ngày 26/01/2027")
    assert [share for *_, share in await ledger(year.bot.core)] == [100]

    assert "Bảng xếp hạng đơn vị" in await an.send("/bangxephang", replies=2)  # text, chart
    board = year.fake.messages_to(an.user_id)[-2].plain_text or ""
    assert "1. Phòng Công nghệ thông tin — 20 điểm" in board
