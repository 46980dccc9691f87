"""``/congkhai`` through the router: the Office publishes a group (title, "chắc chắn?"), the
announcement chat and every member receive it, a member objects to a row (asked again on bad
input, /huy works), the nominee never learns who objected, the Office answers, a row goes to the
council only after the window (or after an override with a reason), and every Office step is
refused to the roles below, by command and by forged buttons."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.callbacks import (
    ListingChoice,
    ListingMenu,
    ListingOffice,
    ListingOfficeChoice,
    NominationOpen,
)
from bot.config import Settings
from bot.domain import NominationState
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.listings_seed import (
    CLOSES,
    STATE,
    audited,
    deliveries,
    listing_settings,
    received,
)

GROUP_CHAT = "-100123"
NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"
TITLE = "Danh sách đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2026"
OBJECTION = "Đồng chí An chưa có sáng kiến được công nhận trong năm."
ANSWER = "Đồng chí An có sáng kiến SK-2026-001 được công nhận ngày 15/01/2026."


@pytest.fixture
def settings(database_url: str) -> Settings:
    return listing_settings(database_url)


async def everyone(app: App) -> dict[str, Person]:
    return {
        "vp": await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng"),
        "truong": await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng"),
        "an": await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An"),
        "binh": await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình"),
        "khac": await join(app, "khac", "VP", Role.STAFF, "Vũ Thị Khác"),
        "hoi": await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội"),
        "lanh": await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh"),
    }


async def view_of(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def nominated(app: App, people: dict[str, Person], *names: str) -> list[int]:
    """The head's nominations of ``names`` for the state award, received by the Office."""
    office, head = await view_of(app, people["vp"]), await view_of(app, people["truong"])
    return [await received(app, office, head, await view_of(app, people[n])) for n in names]


async def publish(app: App, people: dict[str, Person], items: list[int]) -> int:
    office = await view_of(app, people["vp"])
    status = (Channel.CONSOLE, "vp")
    done = await app.services.listings.publish(office, STATE, 2026, items, TITLE, status)
    return done.listing.id


async def to_council(office: Person, item: int) -> None:
    await office.press(NominationOpen(item).pack())
    await office.tap("Chuyển Hội đồng xét")


async def state_of(app: App, people: dict[str, Person], item: int) -> NominationState:
    office = await view_of(app, people["vp"])
    return (await app.services.nominations.view(office, item)).state


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def test_publish_object_answer_then_the_council_after_the_window(
    app: App, clock: FakeClock
) -> None:
    people = await everyone(app)
    office, khac, an = people["vp"], people["khac"], people["an"]
    first, second = await nominated(app, people, "an", "binh")
    await to_council(office, first)
    assert "phải được công khai lấy ý kiến trước khi trình Hội đồng" in office.text
    assert await state_of(app, people, first) is NominationState.RECEIVED

    await office.send("/congkhai")
    assert office.text == "📋 Hiện không có danh sách nào đang công khai lấy ý kiến."
    await office.tap("Công khai danh sách")
    assert office.text.splitlines() == [
        "📢 Công khai danh sách · chọn danh hiệu thi đua hoặc hình thức khen thưởng và năm:",
        "1. Bằng khen của Thủ tướng Chính phủ năm 2026 · 2 hồ sơ · bắt buộc công khai 10 ngày "
        "làm việc trước khi trình Hội đồng",
    ]
    await office.tap("Bằng khen của Thủ tướng")
    assert "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in office.text
    assert "2. Trần Thị Bình — Phòng Công nghệ thông tin" in office.text
    assert f"thời hạn góp ý đến hết ngày {CLOSES}" in office.text
    await office.send("  ")
    assert office.text.startswith("Bước này cần đồng chí gõ nội dung trả lời.")
    assert "Gõ tiêu đề của danh sách" in office.text
    await office.send("x" * 201)
    assert office.text.startswith("Nội dung quá dài")
    await office.send(TITLE)
    assert f"Đồng chí chắc chắn muốn công khai danh sách «{TITLE}» gồm 2 hồ sơ" in office.text
    assert "📣 Sẽ báo cho: nhóm thông báo và tất cả cán bộ." in office.text
    confirm = next(b.data for b in office.last.flat_buttons() if "Xác nhận" in b.label)
    await office.press(confirm)
    assert office.text.startswith(
        f"✅ Đã công khai danh sách CK-2026-001 «{TITLE}» gồm 2 hồ sơ; nhận góp ý đến hết "
        f"ngày {CLOSES}. Danh sách được gửi tới mọi người qua Thông báo #1"
    )
    await office.press(confirm)  # a repeated press publishes nothing more
    assert office.text.startswith("Nút này đã hết hạn.")
    assert [a for a, _ in await audited(app)] == ["listing.publish"]
    (group,) = [text for chat, text in await deliveries(app) if chat == GROUP_CHAT]
    assert TITLE in group and "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in group
    await app.services.broadcasts.start_due()
    reached = {chat for chat, text in await deliveries(app) if TITLE in text}
    assert reached == {GROUP_CHAT, *people}

    await khac.send("/congkhai")
    assert f"1. CK-2026-001 · {TITLE} · 2 hồ sơ · nhận góp ý đến hết ngày {CLOSES}" in khac.text
    assert "Công khai danh sách" not in labels(khac)[-1]
    await khac.tap("CK-2026-001")
    assert "Người được đề nghị không được biết ai đã góp ý." in khac.text
    assert labels(khac) == ["1. Nguyễn Văn An", "2. Trần Thị Bình", "◀ Quay lại danh sách"]
    await khac.tap("Nguyễn Văn An")
    assert "Tóm tắt thành tích" in khac.text and "chủ trì số hóa hồ sơ thi đua" in khac.text
    await khac.tap("Góp ý")
    assert "Góp ý về Nguyễn Văn An (danh sách CK-2026-001)" in khac.text
    await khac.send("   ")
    assert khac.text.startswith("Bước này cần đồng chí gõ nội dung trả lời.")
    await khac.send("x" * 2001)
    assert khac.text.startswith("Nội dung quá dài")
    await khac.send("/huy")
    assert khac.text == "Đã hủy. Chưa gửi ý kiến nào."
    await khac.press(ListingMenu(ListingChoice.OBJECT, 1, first).pack())
    start = len(await deliveries(app))
    await khac.send(OBJECTION)
    assert khac.text.startswith("✅ Đã gửi ý kiến của đồng chí về Nguyễn Văn An tới Văn phòng Sở.")
    assert "Ý kiến của đồng chí" in khac.text and OBJECTION in khac.text
    assert "Văn phòng Sở chưa trả lời." in khac.text
    (notice,) = (await deliveries(app))[start:]
    assert notice[0] == "vp" and "Vũ Thị Khác" in notice[1]

    # The nominee reads the row and never learns that anyone, or who, objected.
    await an.send("/congkhai")
    await an.tap("CK-2026-001")
    await an.tap("Nguyễn Văn An")
    assert "Ý kiến" not in an.text and OBJECTION not in an.text
    for reply in an.replies:
        assert "Vũ Thị Khác" not in reply.text and OBJECTION not in reply.text
    assert not any("Vũ Thị Khác" in text for chat, text in await deliveries(app) if chat == "an")

    await office.send("/congkhai")
    assert "💬 1 ý kiến, 1 chưa trả lời" in office.text
    await office.tap("CK-2026-001")
    await office.tap("Ý kiến (1)")
    assert "1. ⏳ Nguyễn Văn An — Vũ Thị Khác (Văn phòng Sở)" in office.text
    await office.tap("1. Nguyễn Văn An")
    assert "Người góp ý: Vũ Thị Khác — Văn phòng Sở" in office.text and OBJECTION in office.text
    await office.tap("Trả lời")
    await office.send("")
    assert office.text.startswith("Bước này cần đồng chí gõ nội dung trả lời.")
    start = len(await deliveries(app))
    await office.send(ANSWER)
    assert office.text.startswith("✅ Đã gửi câu trả lời tới người góp ý.")
    assert "Đã trả lời" in office.text and labels(office)[0] == "✍️ Sửa câu trả lời"
    (told,) = (await deliveries(app))[start:]
    assert told[0] == "khac" and ANSWER in told[1] and OBJECTION in told[1]
    await khac.press(ListingMenu(ListingChoice.ROW, 1, first).pack())
    assert f"Văn phòng Sở trả lời: {ANSWER}" in khac.text

    await to_council(office, first)
    assert f"đang được công khai lấy ý kiến đến hết ngày {CLOSES}" in office.text
    clock.advance(days=16)  # Wednesday 18/03: the window closed
    await to_council(office, first)
    assert await state_of(app, people, first) is NominationState.UNDER_REVIEW
    await khac.press(ListingMenu(ListingChoice.ROW, 1, second).pack())
    assert "Góp ý" not in labels(khac)[0]
    await khac.press(ListingMenu(ListingChoice.OBJECT, 1, second).pack())
    assert khac.text.startswith(f"Danh sách này đã hết hạn góp ý (hết ngày {CLOSES})")
    assert [a for a, _ in await audited(app)] == [
        "listing.publish",
        "listing.object",
        "listing.answer",
    ]


async def test_an_override_with_a_reason_lets_the_rows_go_early(app: App) -> None:
    people = await everyone(app)
    office = people["vp"]
    (item,) = await nominated(app, people, "an")
    listing = await publish(app, people, [item])
    await office.send("/congkhai")
    await office.tap("CK-2026-001")
    await office.tap("Cho phép trình Hội đồng trước hạn")
    assert f"nhận góp ý đến hết ngày {CLOSES}. Gõ lý do" in office.text
    await office.send("ab")
    assert office.text.startswith("Nội dung quá ngắn: cần ít nhất 3 ký tự.")
    await office.send("Bộ Nội vụ yêu cầu nộp hồ sơ trước ngày 10/03/2026.")
    assert "Đồng chí chắc chắn muốn cho phép trình Hội đồng các hồ sơ" in office.text
    await office.tap("Hủy")
    assert office.text == "Đã hủy. Thời hạn góp ý giữ nguyên."
    await to_council(office, item)
    assert "đang được công khai lấy ý kiến" in office.text

    await office.press(ListingOffice(ListingOfficeChoice.OVERRIDE, listing=listing).pack())
    await office.send("Bộ Nội vụ yêu cầu nộp hồ sơ trước ngày 10/03/2026.")
    await office.tap("Xác nhận")
    assert office.text.startswith("✅ Đã cho phép trình Hội đồng trước hạn")
    assert "Lý do: Bộ Nội vụ yêu cầu nộp hồ sơ trước ngày 10/03/2026." in office.text
    assert "Cho phép trình Hội đồng trước hạn" not in " ".join(labels(office))
    await office.press(ListingOffice(ListingOfficeChoice.OVERRIDE, listing=listing).pack())
    assert office.text.startswith("Danh sách này đã hết hạn góp ý hoặc đã được cho phép")
    await to_council(office, item)
    assert await state_of(app, people, item) is NominationState.UNDER_REVIEW
    assert [a for a, _ in await audited(app)] == ["listing.publish", "listing.override"]


async def test_every_office_step_is_refused_to_the_roles_below(app: App) -> None:
    people = await everyone(app)
    (item,) = await nominated(app, people, "an")
    listing = await publish(app, people, [item])
    objector = await view_of(app, people["khac"])
    objection = await app.services.listings.object(objector, listing, item, OBJECTION)
    forged = [
        ListingOffice(ListingOfficeChoice.GROUPS),
        ListingOffice(ListingOfficeChoice.PUBLISH, STATE, 2026),
        ListingOffice(ListingOfficeChoice.OBJECTIONS, listing=listing),
        ListingOffice(ListingOfficeChoice.OBJECTION, listing=listing, item=objection.id),
        ListingOffice(ListingOfficeChoice.ANSWER, listing=listing, item=objection.id),
        ListingOffice(ListingOfficeChoice.OVERRIDE, listing=listing),
    ]
    for name in ("truong", "an", "binh", "hoi", "lanh"):
        person = people[name]
        await person.send("/congkhai")
        assert labels(person) == ["📋 CK-2026-001 · " + TITLE[:39] + "…"], name
        await person.tap("CK-2026-001")
        assert not any("Ý kiến" in label or "trước hạn" in label for label in labels(person))
        for payload in forged:
            await person.press(payload.pack())
            assert NOT_ALLOWED in person.text, (name, payload)
        # Typed while a dialog of theirs is open, an Office step is refused just the same.
        await person.press(ListingMenu(ListingChoice.OBJECT, listing, item).pack())
        await person.press(forged[4].pack())
        assert NOT_ALLOWED in person.text
        await person.send("/huy")
    assert [a for a, _ in await audited(app)] == ["listing.publish", "listing.object"]
    assert (
        await app.services.listings.objection(await view_of(app, people["vp"]), objection.id)
    ).answer == ""
