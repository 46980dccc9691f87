"""The plan on Telegram: reading, confirming, coverage, new versions, bad files, long sections."""

from __future__ import annotations

from bot.config import DEFAULT_PLAN, plan_path
from bot.formatting import visible_length
from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser
from tests.factories import finish_registration_on_telegram, join_on_telegram
from tests.fakes.telegram import FakeTelegramApi
from tests.period_fixture import FIXTURE_2026

DEFAULT_TEXT = plan_path(DEFAULT_PLAN).read_text(encoding="utf-8")
ADMIN_ID = 1000  # a bootstrap administrator in the test settings


async def admin_of(fake: FakeTelegramApi) -> TgUser:
    admin = TgUser(fake, ADMIN_ID, "Quản")
    await admin.send("/start")
    registered = await finish_registration_on_telegram(admin, "Trần Văn Quản", "Chánh Văn phòng")
    assert "Đăng ký thành công" in registered
    return admin


async def read_all(user: TgUser, fake: FakeTelegramApi) -> list[str]:
    """Open /kehoach and page through with "Sau ▶"; check each step edits the same message."""
    await user.send("/kehoach")
    contents = fake.messages_to(user.user_id)[-1]
    pages = [await user.press(fake.buttons(user.user_id)[0][0][1])]  # the first section
    while any("Sau" in label for row in fake.buttons(user.user_id) for label, _ in row):
        pages.append(await user.tap("Sau"))
        last = fake.messages_to(user.user_id)[-1]
        assert last.edited and last.message_id == contents.message_id
    return pages


async def wait_text(fake: FakeTelegramApi, user: TgUser, needle: str) -> None:
    """Wait until a message containing ``needle`` reached ``user`` (e.g. from the outbox)."""
    await fake.wait_for(
        lambda: any(needle in (m.plain_text or "") for m in fake.messages_to(user.user_id)),
        description=f"{needle!r} sent to {user.user_id}",
    )
    user.seen = fake.sent_count_to(user.user_id)


async def test_staff_reads_every_section_and_confirms(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    lan = TgUser(fake, 3001, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    pages = await read_all(lan, fake)
    assert len(pages) >= 4
    assert "3. Thi đua đề xuất giải pháp, sáng kiến" in " ".join(pages)
    assert "## " not in " ".join(pages)  # the file's markup never shows
    assert "cam kết" in await lan.tap("Tôi đã đọc và cam kết thực hiện")
    assert "Cảm ơn đồng chí" in lan.text
    assert "Đồng chí đã xác nhận" in await lan.send("/kehoach")


async def test_coverage_for_the_unit_head_and_the_office(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = await admin_of(fake)
    head = TgUser(fake, 3101, "Trưởng")
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Lê Văn Trưởng")
    lan = TgUser(fake, 3102, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    await wait_text(fake, head, "Nguyễn Thị Lan")  # the head is told of the new member
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await head.send("/kehoach")
    shown = await head.tap("Tiến độ quán triệt của đơn vị")
    assert "1/2" in shown
    assert "Lê Văn Trưởng" in shown.split("Chưa xác nhận")[1]
    await admin.send("/kehoach")
    table = await admin.tap("Tiến độ quán triệt các đơn vị")
    assert "Toàn bộ: 1/3" in table
    assert "50% · 1/2 · Phòng Công nghệ thông tin" in table
    detail = await admin.tap("CNTT")
    assert "Lê Văn Trưởng" in detail
    assert "Nguyễn Thị Lan" not in detail.split("Chưa xác nhận")[1]


async def test_new_version_is_announced_and_must_be_confirmed_again(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = await admin_of(fake)
    lan = TgUser(fake, 3201, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await lan.send("/kehoach")
    stale = fake.button_data(lan.user_id, "Mở đầu")
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    changed = DEFAULT_TEXT.replace(
        "## [nong-thon-moi]", "- Thi đua chuyển đổi số trong từng phòng.\n\n## [nong-thon-moi]"
    )
    preview = await admin.send_document("ke-hoach-2.md", changed.encode())
    assert "II. NỘI DUNG THI ĐUA — 5 mục" in preview
    assert "phiên bản 2" in await admin.tap("Xác nhận")
    await wait_text(fake, lan, "phiên bản mới")
    assert fake.buttons(lan.user_id) == [[("📖 Đọc Kế hoạch", "kp:2:0")]]
    reopened = await lan.press(stale)  # a navigation button of version 1
    assert "phiên bản mới (phiên bản 2)" in reopened
    assert "Đồng chí chưa xác nhận" in reopened
    pages = await read_all(lan, fake)
    assert "Thi đua chuyển đổi số trong từng phòng." in pages[-1]
    assert "phiên bản 2" in await lan.tap("cam kết")


async def test_a_malformed_document_is_refused_with_the_reason(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = await admin_of(fake)
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    refused = await admin.send_document("sai.md", b"# K\n\n## II. Sai\nx\n")
    assert "Dòng 3" in refused
    assert "Gửi tệp văn bản" in refused
    refused = await admin.send_document("sai.md", b"# K\xe1\n## I. A\nx\n")
    assert "UTF-8" in refused
    await admin.send("/huy")
    assert (await bot.core.services.plans.current()).version == 1


async def test_a_section_longer_than_a_message_is_paginated_on_word_boundaries(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    long_body = "\n\n".join(
        f"{n}. Nội dung thi đua dài số {n}: <thẻ> & các phòng, đơn vị cùng thực hiện "
        + "phong trào thi đua yêu nước " * 12
        for n in range(1, 41)
    )
    text = f"# Kế hoạch dài\n\n## I. MỘT PHẦN RẤT DÀI\n\n{long_body}\n"
    await bot.core.services.plans.publish(None, text, "dai.md")
    lan = TgUser(fake, 3301, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    pages = await read_all(lan, fake)
    assert len(pages) >= 3
    for page in fake.messages_to(lan.user_id)[-len(pages) :]:
        assert visible_length(page.text or "") <= 4096
    bodies = [p.split("\n", 2)[2] for p in pages]  # drop the "Phần 1/1 · trang i/n" header
    assert " ".join(" ".join(bodies).split()) == " ".join(
        f"I. MỘT PHẦN RẤT DÀI {long_body}".split()
    )


async def test_the_office_opens_2026_2030_and_staff_read_both_periods(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = await admin_of(fake)
    lan = TgUser(fake, 3202, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    await admin.send("/kehoach")
    await admin.tap("Các giai đoạn thi đua")
    assert "Nhập năm đầu và năm cuối" in await admin.tap("Mở giai đoạn mới")
    await admin.send("2026-2030")
    preview = await admin.send_document("kiem-thu.md", FIXTURE_2026.encode())
    assert "kết thúc Giai đoạn 2021–2025" in preview
    assert "Đã mở giai đoạn 2026-2030" in await admin.tap("Xác nhận")
    await wait_text(fake, lan, "Bắt đầu Giai đoạn 2026–2030")
    assert fake.buttons(lan.user_id) == [[("📖 Đọc Kế hoạch", "kp:2:0")]]
    await lan.send("/kehoach")
    await lan.tap("Các giai đoạn thi đua")
    old = await lan.tap("Kế hoạch 2021–2025")
    assert "Kế hoạch này chỉ để đọc lại" in old
    assert not any("cam kết" in label for row in fake.buttons(lan.user_id) for label, _ in row)
