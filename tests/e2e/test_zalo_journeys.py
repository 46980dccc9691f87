"""Journeys on Zalo through the fake Zalo Bot API: the same bot, with numbered choices."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.ports import Channel
from bot.roles import Role
from models import Acknowledgement, Attachment, Initiative
from tests.e2e.zalo_harness import ZaloBot, ZaloUser
from tests.fakes.fake_zalo_api import FakeZaloApi

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
CONFIRM = "tôi đã đọc và cam kết thực hiện"
CONTENT = [
    "Số hóa hồ sơ thi đua",
    "1",  # an author files, by its number
    "25/04/1985",
    "Phòng Công nghệ thông tin",
    "Chuyên viên",
    "Kỹ sư Công nghệ thông tin",
    "2",  # Giải pháp quản lý, by its number
    "chuyen doi so",  # the option's text without diacritics
    "Không gắn với phong trào cụ thể",
    "Hồ sơ giấy chậm và dễ thất lạc.",
    "Nộp và duyệt hồ sơ qua Thi đua bot.",
    "bo qua",  # nothing confidential: "⏭ Bỏ qua" typed without diacritics
    "Máy tính nối mạng và tài khoản Thi đua bot.",
    "Văn phòng Sở",
    "15/01/2026",
    "Tiết kiệm 200 giờ công mỗi năm.",
    "tiep tuc",  # no applier listed
]
FIELD = 7  # where the field of application is in CONTENT


async def joined(bot: ZaloBot, fake: FakeZaloApi, user_id: str = "zu1") -> ZaloUser:
    """Invite a Zalo user as staff of CNTT and walk the registration."""
    invite = await bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = ZaloUser(fake, user_id)
    assert "Bước 1/3" in await user.send(f"thamgia {invite.token}")
    await user.send("Nguyễn Thị Lan")
    await user.send("Chuyên viên")
    confirm = user.text
    assert "Trả lời" in confirm
    assert "Đăng ký thành công" in await user.send("1")
    return user


def assert_plain_and_short(user: ZaloUser) -> None:
    """Zalo shows text as typed: every message fits 2,000 characters and has no HTML tag."""
    for message in user.messages():
        shown = message.text if message.text is not None else message.caption or ""
        assert 1 <= len(shown) <= 2000, shown[:80]
        assert TAG.search(shown) is None, TAG.search(shown)
        assert "&lt;" not in shown and "&amp;" not in shown


async def test_join_with_thamgia_and_register_with_numbered_choices(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    assert_plain_and_short(user)


async def test_read_the_plan_by_number_and_page_then_confirm_by_option_text(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    contents = await user.send("kế hoạch")
    assert "Mục lục" in contents
    assert "2. I. MỤC ĐÍCH, YÊU CẦU" in contents
    assert "6. ✅ Tôi đã đọc và cam kết thực hiện" in contents
    assert re.search(r"Phần 2/4 · trang 2/\d+\n\nI\. MỤC ĐÍCH, YÊU CẦU", await user.send("2"))
    assert "II. NỘI DUNG THI ĐUA" in await user.send("trang 3")  # the plan's third page
    assert "Đồng chí chưa xác nhận" in await user.send("/kehoach")
    thanks = await user.send("toi da doc va cam ket thuc hien")
    assert "Cảm ơn đồng chí! Đã ghi nhận" in thanks and "phiên bản 1" in thanks
    reopened = await user.send("Kế Hoạch")
    assert "Đồng chí đã xác nhận" in reopened and "✅ Tôi đã đọc" not in reopened
    assert "Đồng chí đã xác nhận" not in await user.send(CONFIRM)  # no longer a choice: the help
    member = await zalo_bot.core.services.members.find(Channel.ZALO, user.user_id)
    assert member is not None
    async with zalo_bot.core.sessions() as session:
        rows = await session.scalar(select(func.count()).select_from(Acknowledgement))
    assert rows == 1
    cntt = [
        u for u in await zalo_bot.core.services.plan_coverage.coverage_all() if u.code == "CNTT"
    ]
    assert [(u.confirmed, u.members) for u in cntt] == [(1, 1)]
    assert_plain_and_short(user)


async def test_trang_n_means_the_page_number_the_header_shows(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    await user.send("kế hoạch")
    part = await user.send("3")
    found = re.search(r"Phần 3/4 · trang (\d+)/(\d+)", part)
    assert found is not None
    page, pages = int(found[1]), int(found[2])
    assert f"Phần 3/4 · trang {page + 1}/{pages}" in await user.send(f"trang {page + 1}")


async def test_a_long_part_arrives_in_several_short_plain_messages(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    body = "\n\n".join(
        f"{n}. Nội dung thi đua số {n}: các phòng & đơn vị cùng thực hiện "
        + "phong trào thi đua yêu nước " * 12
        for n in range(1, 41)
    )
    await zalo_bot.core.services.plans.publish(
        None, f"# Dài\n\n## I. PHẦN DÀI\n\n{body}\n", "d.md"
    )
    user = await joined(zalo_bot, fake_zalo)
    await user.send("kehoach")
    first = await user.send("1")
    pages = int(re.findall(r"trang 1/(\d+)", first)[0])
    assert pages >= 5
    assert f"trang 3/{pages}" in await user.send("trang 3")
    read = [first]
    for n in range(1, pages + 1):
        read.append(await user.send(f"trang {n}"))
        assert f"Phần 1/1 · trang {n}/{pages}" in read[-1]
    assert "40. Nội dung thi đua số 40" in read[-1]
    assert "các phòng & đơn vị" in read[1]
    assert_plain_and_short(user)


async def test_a_proposal_with_an_image_numbers_option_text_and_back(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    assert "(1/14)" in await user.send("/sangkien")
    for answer in CONTENT[: FIELD + 1]:
        await user.send(answer)
    assert "5/14" in user.text
    again = await user.send("quay lại")
    assert again.startswith("4/14. Lĩnh vực áp dụng")
    assert "6. Chuyển đổi số" in again
    assert "5/14" in await user.send("6")
    for answer in CONTENT[FIELD + 1 :]:
        await user.send(answer)
    assert "➡️ Tiếp tục" in user.text
    assert "Tệp đính kèm" in await user.send("tiep tuc")
    assert "Gửi tệp" in await user.send("1")
    refused = await user.send_update(fake_zalo.unsupported_update(user.user_id))
    assert "Zalo không chuyển nó cho bot" in refused
    assert refused.rstrip().endswith("/huy để hủy") and "Gửi tệp" in refused
    url = fake_zalo.host_file(PNG)
    attached = await user.send_update(fake_zalo.image_update(user.user_id, url))
    assert "• anh.jpg" in attached
    assert "Xem lại sáng kiến" in await user.send("Xem lại và nộp")
    assert "Đã nộp sáng kiến SK-2026-0001" in await user.send("Nộp sáng kiến")
    async with zalo_bot.core.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        files = (await session.scalars(select(Attachment))).all()
    assert (item.title, item.kind, item.field) == (CONTENT[0], "quan_ly", "Chuyển đổi số")
    assert [(f.channel, f.name) for f in files] == [("zalo", "anh.jpg")]
    assert "SK-2026-0001" in await user.send("cuatoi")
    assert_plain_and_short(user)


async def test_huy_cancels_a_proposal_and_nothing_is_saved(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    sticker = await user.send_update(fake_zalo.sticker_update(user.user_id))
    assert sticker.startswith("Bot chưa hiểu nhãn dán")
    await user.send("sangkien")
    await user.send(CONTENT[0])
    assert "1/14" in await user.send("quaylai")
    voice = await user.send_update(fake_zalo.voice_update(user.user_id))
    assert "tin nhắn thoại" in voice and "1/14" in voice
    assert "Đã hủy đề xuất sáng kiến" in await user.send("hủy")
    assert "Đồng chí chưa có sáng kiến nào" in await user.send("/cuatoi")
    async with zalo_bot.core.sessions() as session:
        assert (await session.scalars(select(Initiative))).first() is None


async def test_the_same_update_twice_is_answered_once(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    update = fake_zalo.text_update(user.user_id, "kế hoạch", message_id="dup-0001")
    fake_zalo.push(update)
    fake_zalo.push(update)
    assert "Mục lục" in await user.wait()
    assert "Phần 1/4" in await user.send("1")  # handled after the redelivery
    assert len(user.messages()) == user.seen


async def test_numbered_choices_survive_a_restart(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    await user.send("kế hoạch")
    await zalo_bot.stop()
    restarted = ZaloBot(zalo_bot.settings, zalo_bot.clock)
    await restarted.start()
    try:
        assert "Phần 1/4 · trang 1/" in await user.send("1")
    finally:
        await restarted.stop()


async def test_an_image_that_cannot_be_fetched_is_refused(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    await user.send("sangkien")
    for answer in CONTENT:
        await user.send(answer)
    await user.send("tiep tuc")
    assert "Gửi tệp" in await user.send("1")
    gone = f"{fake_zalo.base_url}/files/gone.jpg"  # answers 404
    refused = await user.send_update(fake_zalo.image_update(user.user_id, gone))
    assert "không tải được ảnh" in refused and "• anh.jpg" not in refused


async def test_labels_typed_without_emoji_or_diacritics_press_their_buttons(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    invite = await zalo_bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = ZaloUser(fake_zalo, "zu2")
    await user.send(f"thamgia {invite.token}")
    asked = await user.send("tran van quan")
    assert "dùng «tran van quan» như vậy?" in asked and "1. ✅ Dùng như vậy" in asked
    assert "Bước 2/3" in await user.send("dung nhu vay")  # "✅ Dùng như vậy"
    confirm = await user.send("Chuyên viên")
    assert "1. ✅ Xác nhận" in confirm
    assert "Đăng ký thành công" in await user.send("xac nhan")  # "✅ Xác nhận"
    member = await zalo_bot.core.services.members.find(Channel.ZALO, "zu2")
    assert member is not None and member.full_name == "tran van quan"
    assert_plain_and_short(user)
