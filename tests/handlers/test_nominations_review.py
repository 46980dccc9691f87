"""Nominations in /duyet through the router: the queue and its switch, the detail (ad-hoc
flag, cited initiatives, history), actions with and without a reason, resubmitting from the
notice's button, announcing with a confirmation, revoking, permissions and stale presses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.callbacks import NominationAct, NominationList, NominationOpen, NominationScope
from bot.domain import NominationState, NomineeKind, Track
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.nominations.records import NominationDraft, NominationView, Nominee
from bot.services.nominations.workflow import Action
from models import Delivery
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.nominations_seed import AWARDS, GROUP

SUMMARY = "Hoàn thành xuất sắc nhiệm vụ; chủ trì số hóa hồ sơ thi đua."


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with an award catalogue and an announcement group."""
    settings = make_settings(database_url, awards=AWARDS, announcements=GROUP)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def view_of(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


async def nominate(app: App, by: Person, kind: NomineeKind, **changes: Any) -> NominationView:
    """Submit a nomination through the service: a member, a person or the unit."""
    who = await view_of(app, by)
    nominee = Nominee(kind, who.unit.id, **changes)
    award = {NomineeKind.MEMBER: "CSTDCS", NomineeKind.COLLECTIVE: "TTLDTT"}.get(kind, "GK-GD")
    track = Track.ADHOC if kind is NomineeKind.PERSON else Track.ANNUAL
    draft = NominationDraft(track, nominee, award, SUMMARY)
    return await app.services.nominations.submit(who, draft)


async def sent_to(app: App, chat_id: str) -> list[dict[str, Any]]:
    """The payloads queued for one chat, oldest first."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return [dict(d.payload) for d in rows]


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


@pytest.fixture
async def people(app: App) -> dict[str, Person]:
    return {
        "vp": await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng"),
        "truong": await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng"),
        "an": await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An"),
        "hoi": await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội"),
    }


async def test_the_queue_switches_filters_and_opens_each_kind(
    app: App, people: dict[str, Person]
) -> None:
    office, head, an = people["vp"], people["truong"], people["an"]
    await nominate(app, head, NomineeKind.MEMBER, member_id=(await view_of(app, an)).id)
    await nominate(app, head, NomineeKind.PERSON, name="Bùi Văn Dũng")
    await nominate(app, head, NomineeKind.COLLECTIVE)

    await office.send("/duyet")
    assert "phiên bản sau" not in office.text
    await office.tap("Đề nghị khen thưởng")
    assert "Xét duyệt đề nghị khen thưởng" in office.text and "3 hồ sơ" in office.text
    items = [label for label in labels(office) if label.startswith("DC-")]
    assert items == [
        "DC-2026-0001 · Nguyễn Văn An · Chiến sĩ thi đua cơ sở · thường xuyên",
        "DC-2026-0002 · Bùi Văn Dũng · Giấy khen của Giám đốc Sở · ⚡ đột xuất",
        "DC-2026-0003 · Phòng Công nghệ thông tin · Tập thể lao động tiên tiến · thường xuyên",
    ]
    await office.tap("DC-2026-0002")
    assert "Khen thưởng đột xuất — không tính vào thành tích hằng năm" in office.text
    assert "Cá nhân chưa tham gia bot" in office.text and "Đã nộp" in office.text
    assert "Tiếp nhận" in " ".join(labels(office))
    await office.tap("Danh sách đề nghị")
    await office.tap("DC-2026-0003")
    assert "Tập thể đơn vị" in office.text and "không tính vào" not in office.text

    await office.tap("Danh sách đề nghị")
    await office.tap("Trạng thái")
    await office.tap("Đã tiếp nhận")
    assert "0 hồ sơ" in office.text and "Không có hồ sơ" in office.text
    await office.tap("Bỏ lọc")
    assert "3 hồ sơ" in office.text
    await office.tap("Sáng kiến")
    assert "Xét duyệt sáng kiến" in office.text


async def test_receive_council_approve_and_announce_to_everyone(
    app: App, people: dict[str, Person]
) -> None:
    office, head, an, council = people["vp"], people["truong"], people["an"], people["hoi"]
    item = await nominate(app, head, NomineeKind.MEMBER, member_id=(await view_of(app, an)).id)
    await office.press(NominationOpen(item.id).pack())
    assert "Công bố" not in " ".join(labels(office))
    await office.tap("Tiếp nhận")
    assert "Đã cập nhật" in office.text and "Đã tiếp nhận" in office.text
    await office.tap("Chuyển Hội đồng")
    assert "Hội đồng đang xét" in office.text
    await council.press(NominationOpen(item.id).pack())
    await council.tap("🏆 Thông qua")
    assert "Bạn chắc chắn muốn thông qua đề nghị" in council.text
    assert "Sẽ báo cho: người đề nghị" in council.text
    await council.tap("🏆 Thông qua")
    assert "Đã được thông qua" in council.text
    assert not any("Công bố" in label for label in labels(council))  # not the Office

    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    await office.tap("Công bố danh sách đã duyệt (1)")
    assert "Công bố 1 đề nghị" in office.text
    await office.tap("Công bố ngay")
    assert "Đã công bố 1 đề nghị khen thưởng" in office.text
    assert not any("Công bố danh sách" in label for label in labels(office))
    group = await sent_to(app, "-100123")
    assert len(group) == 1 and "Nguyễn Văn An" in group[0]["text"]
    for user in ("vp", "truong", "an", "hoi"):
        assert any("CÔNG KHAI" in p["text"] for p in await sent_to(app, user)), user
    # A second press of the old confirmation finds nothing left to announce.
    await office.press(NominationList(NominationScope.ANNOUNCE_NOW, 0, "").pack())
    assert "Không có đề nghị khen thưởng nào đã được duyệt" in office.text


async def test_return_with_a_reason_then_resubmit_from_the_notice(
    app: App, people: dict[str, Person]
) -> None:
    office, head = people["vp"], people["truong"]
    item = await nominate(app, head, NomineeKind.PERSON, name="Bùi Văn Dũng")
    await office.press(NominationOpen(item.id).pack())
    await office.tap("Trả lại")
    assert "Xin ghi rõ lý do" in office.text
    await office.send("ngắn")
    await office.send("Thiếu minh chứng về thành tích.")
    assert "Trả lại để bổ sung" in office.text and "Thiếu minh chứng" in office.text

    notice = (await sent_to(app, "truong"))[-1]
    assert "trả lại" in notice["text"] and "Thiếu minh chứng" in notice["text"]
    [[[label, data]]] = notice["buttons"]
    assert label == "🔎 Xem hồ sơ"
    await head.press(data)
    assert "Thiếu minh chứng" in head.text  # the history with the reason
    await head.tap("Bổ sung và nộp lại")
    await head.send("Đã bổ sung quyết định khen thưởng của xã và xác nhận của công an.")
    assert "Đã bổ sung, nộp lại" in head.text
    view = await app.services.nominations.view(await view_of(app, head), item.id)
    assert view.state is NominationState.RESUBMITTED and "công an" in view.summary


async def test_revoking_an_announced_award_tells_the_office(
    app: App, people: dict[str, Person]
) -> None:
    office, head, an = people["vp"], people["truong"], people["an"]
    other = await join(app, "vp2", "VP", Role.OFFICE, "Vũ Thị Khác")
    item = await nominate(app, head, NomineeKind.MEMBER, member_id=(await view_of(app, an)).id)
    reviewer = await view_of(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL, Action.APPROVE):
        await app.services.nominations.act(reviewer, item.id, action)
    assert await app.services.nominations.announce(reviewer) == 1

    await office.press(NominationOpen(item.id).pack())
    assert "Đã công khai" in office.text
    await office.tap("Thu hồi")
    await office.send("Phát hiện kê khai thành tích không đúng.")
    assert "Bạn chắc chắn muốn thu hồi khen thưởng" in office.text
    assert "Văn phòng" in office.text.split("Sẽ báo cho:")[1]  # announced: the Office is told
    await office.tap("Xác nhận")
    assert "Đã thu hồi" in office.text and "kê khai" in office.text
    told = [p["text"] for p in await sent_to(app, other.user_id)]
    assert any("vừa bị thu hồi" in t and "kê khai" in t for t in told)
    assert any("đã bị thu hồi" in p["text"] for p in await sent_to(app, "truong"))


async def test_who_may_see_and_act(app: App, people: dict[str, Person]) -> None:
    office, head, an = people["vp"], people["truong"], people["an"]
    stranger_head = await join(app, "khac", "VP", Role.UNIT_HEAD, "Vũ Văn Khác")
    item = await nominate(app, head, NomineeKind.COLLECTIVE)

    await an.send("/duyet")
    assert "không được dùng" in an.text
    await an.press(NominationList(NominationScope.QUEUE, 0, "").pack())
    assert "không được dùng" in an.text
    await an.press(NominationList(NominationScope.STATE_FILTER, 0, "").pack())
    assert "không được dùng" in an.text
    await head.press(NominationList(NominationScope.ANNOUNCE, 0, "").pack())
    assert "không được dùng" in head.text
    await stranger_head.press(NominationOpen(item.id).pack())
    assert "không có quyền xem" in stranger_head.text

    await head.press(NominationOpen(item.id).pack())
    assert "Phòng Công nghệ thông tin" in head.text
    # The nominator may only withdraw, and go back to their nominations.
    assert labels(head) == ["🗑 Rút hồ sơ", "🏅 Đề nghị khen thưởng của tôi"]
    await head.press(NominationAct(item.id, Action.APPROVE.value, item.version).pack())
    assert "không được dùng" in head.text
    await head.press(NominationAct(item.id, Action.RETURN.value, item.version).pack())
    assert "không được dùng" in head.text
    await office.press(NominationAct(item.id, Action.ANNOUNCE.value, item.version).pack())
    assert "hết hạn" in office.text
    await office.press(NominationAct(item.id, "zzz", item.version).pack())
    assert "hết hạn" in office.text
    await office.press(NominationList(NominationScope.QUEUE, 0, "bogus").pack())
    assert "hết hạn" in office.text
    view = await app.services.nominations.view(await view_of(app, office), item.id)
    assert view.state is NominationState.SUBMITTED


async def test_two_reviewers_approve_at_once_and_one_is_told(
    app: App, people: dict[str, Person]
) -> None:
    office, head, council = people["vp"], people["truong"], people["hoi"]
    item = await nominate(app, head, NomineeKind.COLLECTIVE)
    reviewer = await view_of(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        item = await app.services.nominations.act(reviewer, item.id, action)
    # Both answered "yes" to "Bạn chắc chắn …?" on the same version.
    data = NominationAct(item.id, Action.APPROVE.value, item.version, sure=1).pack()
    await asyncio.gather(office.press(data), council.press(data))
    texts = [office.text, council.text]
    assert sum("đã được xử lý" in t for t in texts) == 1
    assert sum("Đã cập nhật" in t for t in texts) == 1
    assert all("Đã được thông qua" in t for t in texts)  # both see the item as it is now
    # A stale press on a reason action is refused before any reason is asked.
    await office.press(NominationAct(item.id, Action.REJECT.value, item.version).pack())
    assert "đã được xử lý" in office.text and "Xin ghi rõ lý do" not in office.text


async def test_a_nominator_follows_their_nominations_from_cuatoi(
    app: App, people: dict[str, Person], clock: FakeClock
) -> None:
    head, an = people["truong"], people["an"]
    await an.send("/cuatoi")
    assert not any("Đề nghị khen thưởng" in label for label in labels(an))  # staff nominate not
    await head.send("/cuatoi")
    await head.tap("Đề nghị khen thưởng của tôi")
    assert "chưa gửi đề nghị" in head.text
    await nominate(app, head, NomineeKind.COLLECTIVE)
    clock.advance(minutes=5)
    await nominate(app, head, NomineeKind.PERSON, name="Bùi Văn Dũng")
    await head.send("/cuatoi")
    await head.tap("Đề nghị khen thưởng của tôi")
    assert "2 hồ sơ" in head.text
    assert head.text.index("DC-2026-0002") < head.text.index("DC-2026-0001")  # newest first
    await head.tap("Bùi Văn Dũng")
    assert "Khen thưởng đột xuất" in head.text and "Đã nộp" in head.text
    await head.tap("Rút hồ sơ")
    await head.send("Đơn vị đề nghị lại vào đợt sau.")
    await head.tap("Xác nhận")
    assert "Đã rút" in head.text
    await head.tap("Đề nghị khen thưởng của tôi")
    assert "Đã rút" in head.text and "2 hồ sơ" in head.text


async def test_the_queue_pages_and_keeps_its_filter(database_url: str, clock: FakeClock) -> None:
    settings = make_settings(
        database_url, awards=AWARDS, announcements=GROUP, initiatives={"page_size": 2}
    )
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        office = await join(core, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
        head = await join(core, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
        for name in ("Bùi Văn Dũng", "Hà Thị Em", "Lý Văn Giang"):
            await nominate(core, head, NomineeKind.PERSON, name=name)
            clock.advance(minutes=1)
        await office.press(NominationList(NominationScope.QUEUE, 0, "submitted").pack())
        assert "3 hồ sơ" in office.text and "Trang 1/2" in office.text
        assert "Lý Văn Giang" not in office.text  # the newest waits least: last page
        await office.tap("Sau")
        assert "Trang 2/2" in office.text and "Lý Văn Giang" in office.text
        assert "trạng thái Đã nộp" in office.text  # the filter travels with the page
        await office.tap("Trước")
        assert "Trang 1/2" in office.text and "Bùi Văn Dũng" in office.text
    finally:
        await core.close()
