"""Nominations in /duyet through the router: the queue and its switch, the detail (the flag of
a track that is not annual merit, cited initiatives, history), actions with and without a
reason, resubmitting from the notice's button, the council's recommendation with its
confirmation (a recommendation, never an award), the Office's way to the decisions, the
published result of a recorded decision, cancelling an award through its dialog (reason,
whether the reward is recovered, confirmation; invalid answers, /quaylai and /huy), who may see
and act (forged presses of every lower role), and two reviewers pressing at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.callbacks import (
    DecisionChoice,
    DecisionMenu,
    NominationAct,
    NominationList,
    NominationOpen,
    NominationScope,
)
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
from tests.services.nominations_seed import AWARDS, GROUP, award, decide, ledger, recommend

SUMMARY = "Hoàn thành xuất sắc nhiệm vụ; chủ trì số hóa hồ sơ thi đua."
NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"
STALE = "Nút này đã hết hạn"
ALREADY = "đã được xử lý"
RECOMMENDED = "Hội đồng đề nghị, chờ quyết định"
AWARDED = "Đã có quyết định khen thưởng"
REASON = "Phát hiện kê khai thành tích không đúng sự thật."


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


async def state_of(app: App, person: Person, item_id: int) -> NominationState:
    view = await app.services.nominations.view(await view_of(app, person), item_id)
    return view.state


async def sent_to(app: App, chat_id: str) -> list[dict[str, Any]]:
    """The payloads queued for one chat, oldest first."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.id)
        )
        return [dict(d.payload) for d in rows]


async def texts_to(app: App, chat_id: str) -> list[str]:
    return [str(p["text"]) for p in await sent_to(app, chat_id)]


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
    assert not any("Quyết định khen thưởng" in label for label in labels(office))  # none waits
    await office.tap("DC-2026-0002")
    assert "⚡ Khen thưởng đột xuất — không tính vào thành tích hằng năm" in office.text
    assert "Cá nhân chưa tham gia bot" in office.text and "Đã nộp" in office.text
    assert "Tiếp nhận" in " ".join(labels(office))
    assert not any("Ghi nhận quyết định" in label for label in labels(office))
    await office.tap("Danh sách đề nghị")
    await office.tap("DC-2026-0003")
    assert "Tập thể đơn vị" in office.text and "không tính vào" not in office.text

    await office.tap("Danh sách đề nghị")
    await office.tap("Trạng thái")
    assert "Hội đồng đề nghị, chờ quyết định" in " ".join(labels(office))
    await office.tap("Đã tiếp nhận")
    assert "0 hồ sơ" in office.text and "Không có hồ sơ" in office.text
    await office.tap("Bỏ lọc")
    assert "3 hồ sơ" in office.text
    await office.tap("Sáng kiến")
    assert "Xét duyệt sáng kiến" in office.text


async def test_a_merit_track_is_not_flagged(database_url: str, clock: FakeClock) -> None:
    settings = make_settings(
        database_url,
        awards=AWARDS,
        announcements=GROUP,
        nominations={"merit_tracks": ["annual", "adhoc"]},
    )
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        office = await join(core, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
        head = await join(core, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
        item = await nominate(core, head, NomineeKind.PERSON, name="Bùi Văn Dũng")
        await office.press(NominationOpen(item.id).pack())
        assert "Loại khen thưởng: ⚡ đột xuất" in office.text
        assert "không tính vào thành tích hằng năm" not in office.text
    finally:
        await core.close()


async def test_receive_council_recommend_then_a_decision_is_published_to_everyone(
    app: App, people: dict[str, Person]
) -> None:
    office, head, an, council = people["vp"], people["truong"], people["an"], people["hoi"]
    item = await nominate(app, head, NomineeKind.MEMBER, member_id=(await view_of(app, an)).id)
    await office.press(NominationOpen(item.id).pack())
    assert not any("Quyết định" in label for label in labels(office))
    await office.tap("Tiếp nhận")
    assert "Đã cập nhật" in office.text and "Đã tiếp nhận" in office.text
    await office.tap("Chuyển Hội đồng")
    assert "Hội đồng đang xét" in office.text

    await council.press(NominationOpen(item.id).pack())
    assert labels(council) == [
        "🤝 Hội đồng đề nghị khen thưởng",
        "🚫 Hội đồng không đề nghị",
        "☰ Danh sách đề nghị khen thưởng",
    ]
    await council.tap("🤝 Hội đồng đề nghị khen thưởng")
    assert (
        "❓ Đồng chí chắc chắn muốn ghi nhận Hội đồng thống nhất đề nghị khen thưởng "
        "DC-2026-0001: Nguyễn Văn An — Chiến sĩ thi đua cơ sở?"
    ) in council.text
    assert "Chưa phải khen thưởng" in council.text
    told = council.text.split("Sẽ báo cho:")[1]
    assert "người đề nghị Phạm Văn Trưởng" in told and "người được đề nghị Nguyễn Văn An" in told
    assert labels(council) == ["🤝 Hội đồng đề nghị khen thưởng", "↩️ Không, quay lại"]
    assert await state_of(app, office, item.id) is NominationState.UNDER_REVIEW  # not yet
    await council.tap("🤝 Hội đồng đề nghị khen thưởng")
    assert "Đã cập nhật" in council.text and RECOMMENDED in council.text
    assert not any("Quyết định" in label for label in labels(council))  # not the Office
    assert await state_of(app, office, item.id) is NominationState.RECOMMENDED
    for user in ("truong", "an"):
        told_them = await texts_to(app, user)
        assert any(
            "🤝 Hội đồng đã thống nhất đề nghị khen thưởng" in t and "cấp có thẩm quyền" in t
            for t in told_them
        ), user
        assert not any("Chúc mừng" in t for t in told_them), user
    assert await ledger(app) == []  # a recommendation earns no points
    assert await sent_to(app, "-100123") == []

    # The council's queue has no way to the decisions; the Office's has, from the queue and
    # from the item.
    await council.press(NominationList(NominationScope.QUEUE, 0, "").pack())
    assert not any("Quyết định khen thưởng" in label for label in labels(council))
    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    assert "🏛 Quyết định khen thưởng (1 hồ sơ chờ)" in labels(office)
    await office.tap("Quyết định khen thưởng (1 hồ sơ chờ)")
    assert "1 hồ sơ chờ" in office.text and "Chiến sĩ thi đua cơ sở năm 2026" in office.text
    assert "chờ quyết định của Thủ trưởng đơn vị" in office.text
    await office.press(NominationOpen(item.id).pack())
    assert RECOMMENDED in office.text
    assert labels(office) == [
        "🏛 Ghi nhận quyết định (/quyetdinh)",
        "📄 Văn bản",  # the Office may have every document; the council member above may not
        "☰ Danh sách đề nghị khen thưởng",
    ]
    await office.tap("Ghi nhận quyết định")
    assert "Chiến sĩ thi đua cơ sở" in " ".join(labels(office))

    await decide(app, await view_of(app, office), "CSTDCS", [item.id], "125/QĐ-SKHCN")
    group = await sent_to(app, "-100123")
    assert len(group) == 1
    assert "📣 <b>KẾT QUẢ KHEN THƯỞNG</b>" in group[0]["text"]
    assert "Quyết định số 125/QĐ-SKHCN ngày 02/03/2026" in group[0]["text"]
    assert "Nguyễn Văn An — Phòng Công nghệ thông tin" in group[0]["text"]
    for user in ("vp", "truong", "an", "hoi"):
        results = [t for t in await texts_to(app, user) if "KẾT QUẢ KHEN THƯỞNG" in t]
        assert len(results) == 1 and "Nguyễn Văn An" in results[0], user
    congratulation = (
        "🏆 Chúc mừng! Theo Quyết định số <b>125/QĐ-SKHCN</b> ngày 02/03/2026 "
        "của Thủ trưởng đơn vị, Nguyễn Văn An được tặng <b>Chiến sĩ thi đua cơ sở</b>"
    )
    for user in ("truong", "an"):
        assert any(congratulation in t for t in await texts_to(app, user)), user
    for user in ("vp", "hoi"):
        assert not any("Chúc mừng" in t for t in await texts_to(app, user)), user
    member = (await view_of(app, an)).id
    assert [(k, m, s) for k, m, _, s in await ledger(app)] == [("nomination_awarded", member, 100)]

    # The nominator opens the item from the congratulation's button.
    notice = next(p for p in await sent_to(app, "truong") if "Chúc mừng" in p["text"])
    [[[label, data]]] = notice["buttons"]
    assert label == "🔎 Xem hồ sơ"
    await head.press(data)
    assert AWARDED in head.text
    assert (
        "🏛 Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị: được khen thưởng."
    ) in head.text
    assert labels(head) == ["📄 Văn bản", "🏅 Đề nghị khen thưởng của tôi"]  # their unit's item

    # Nothing waits any more: the queue has no decisions button and /quyetdinh says so.
    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    assert not any("Quyết định khen thưởng" in label for label in labels(office))
    await office.press(DecisionMenu(DecisionChoice.LIST).pack())
    assert "Không có hồ sơ nào chờ ghi nhận quyết định" in office.text


async def test_going_back_from_the_recommendation_changes_nothing(
    app: App, people: dict[str, Person]
) -> None:
    office, head, council = people["vp"], people["truong"], people["hoi"]
    item = await nominate(app, head, NomineeKind.COLLECTIVE)
    reviewer = await view_of(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        await app.services.nominations.act(reviewer, item.id, action)
    told = await sent_to(app, "truong")
    await council.press(NominationOpen(item.id).pack())
    await council.tap("🤝")
    await council.tap("Không, quay lại")
    assert "Hội đồng đang xét" in council.text
    assert await state_of(app, office, item.id) is NominationState.UNDER_REVIEW
    assert await sent_to(app, "truong") == told

    # Not recommending asks a reason, then a confirmation.
    await council.tap("Hội đồng không đề nghị")
    assert "Xin ghi rõ lý do" in council.text
    await council.send("Thành tích chưa nổi bật so với các tập thể khác.")
    assert "Đồng chí chắc chắn muốn ghi nhận Hội đồng không đề nghị khen thưởng" in council.text
    await council.tap("Xác nhận")
    assert "Đã cập nhật" in council.text and "Hội đồng không đề nghị" in council.text
    notice = (await texts_to(app, "truong"))[-1]
    assert "Hội đồng không đề nghị khen thưởng" in notice and "chưa nổi bật" in notice
    assert await ledger(app) == []


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


async def test_cancelling_an_award_takes_it_back_and_tells_who_it_concerns(
    app: App, people: dict[str, Person]
) -> None:
    office, head, an = people["vp"], people["truong"], people["an"]
    await join(app, "vp2", "VP", Role.OFFICE, "Vũ Thị Khác")
    nominee = (await view_of(app, an)).id
    item = await nominate(app, head, NomineeKind.MEMBER, member_id=nominee)
    await award(app, await view_of(app, office), item.id, "125/QĐ-SKHCN")
    assert [s for _, _, _, s in await ledger(app)] == [100]
    before = {user: len(await sent_to(app, user)) for user in ("truong", "an", "vp", "vp2")}

    await office.press(NominationOpen(item.id).pack())
    assert AWARDED in office.text and "Quyết định số 125/QĐ-SKHCN" in office.text
    assert "⛔ Hủy khen thưởng" in labels(office)
    await office.tap("Hủy khen thưởng")
    assert "Xin ghi rõ lý do" in office.text
    await office.send(REASON)
    assert (
        "Khi hủy bỏ quyết định khen thưởng, có thu hồi hiện vật và tiền thưởng đã nhận không?"
    ) in office.text
    assert labels(office) == ["💸 Có, thu hồi", "Không thu hồi"]
    await office.tap("Có, thu hồi")
    assert (
        "❓ Đồng chí chắc chắn muốn hủy bỏ quyết định khen thưởng DC-2026-0001: "
        "Nguyễn Văn An — Chiến sĩ thi đua cơ sở?"
    ) in office.text
    assert "Tiền thưởng: thu hồi" in office.text and REASON in office.text
    told = office.text.split("Sẽ báo cho:")[1]
    assert "người đề nghị Phạm Văn Trưởng" in told
    assert "người được đề nghị Nguyễn Văn An" in told and "Văn phòng" in told
    assert await state_of(app, office, item.id) is NominationState.AWARDED  # not yet
    await office.tap("Xác nhận")
    assert "Đã cập nhật" in office.text and "Đã hủy khen thưởng" in office.text
    assert "⛔ Đã hủy bỏ quyết định khen thưởng. Lý do: «" + REASON + "»" in office.text
    assert "Tiền thưởng: thu hồi" in office.text
    assert "Hủy khen thưởng" not in " ".join(labels(office))  # nothing more to cancel

    assert await state_of(app, office, item.id) is NominationState.REVOKED
    assert [(k, m, s) for k, m, _, s in await ledger(app)] == [
        ("nomination_awarded", nominee, 100),
        ("nomination_awarded", nominee, -100),
    ]
    cancelled = "⛔ Quyết định khen thưởng <b>Chiến sĩ thi đua cơ sở</b> đối với Nguyễn Văn An"
    for user in ("truong", "an", "vp2"):
        new = (await sent_to(app, user))[before[user] :]
        assert len(new) == 1, user
        assert cancelled in new[0]["text"] and "đã bị hủy bỏ" in new[0]["text"], user
        assert "Tiền thưởng: thu hồi." in new[0]["text"], user
        assert "Lý do: " + REASON in new[0]["text"], user
    assert len(await sent_to(app, "vp")) == before["vp"]  # not the one who cancelled
    # Only the nominator's notice opens the item.
    notice = (await sent_to(app, "truong"))[-1]
    [[[label, data]]] = notice["buttons"]
    assert label == "🔎 Xem hồ sơ"
    assert not (await sent_to(app, "an"))[-1].get("buttons")
    await head.press(data)
    assert "Đã hủy khen thưởng" in head.text and "Đã hủy bỏ quyết định khen thưởng" in head.text
    assert len(await sent_to(app, "-100123")) == 1  # the result only: nothing more published


async def test_the_cancel_dialog_re_asks_goes_back_and_is_cancelled(
    app: App, people: dict[str, Person]
) -> None:
    office, head = people["vp"], people["truong"]
    item = await nominate(app, head, NomineeKind.COLLECTIVE)
    await award(app, await view_of(app, office), item.id)
    told = await sent_to(app, "truong")

    await office.press(NominationOpen(item.id).pack())
    await office.tap("Hủy khen thưởng")
    await office.send("Sai")
    assert "quá ngắn" in office.text and "Xin ghi rõ lý do" in office.text
    await office.send(REASON)
    assert "có thu hồi hiện vật và tiền thưởng" in office.text
    await office.send("chưa rõ")
    assert "Xin chọn một nút bên dưới" in office.text
    assert "có thu hồi hiện vật và tiền thưởng" in office.text
    assert labels(office) == ["💸 Có, thu hồi", "Không thu hồi"]

    await office.send("/quaylai")
    assert "Xin ghi rõ lý do" in office.text and REASON in office.text  # the reason typed
    await office.send("Đơn vị đề nghị đã bị kỷ luật trong năm.")
    assert "có thu hồi hiện vật và tiền thưởng" in office.text
    await office.tap("Không thu hồi")
    assert "Đồng chí chắc chắn muốn hủy bỏ quyết định khen thưởng" in office.text
    assert "bị kỷ luật" in office.text and "Tiền thưởng: không thu hồi" in office.text
    told_now = office.text.split("Sẽ báo cho:")[1]
    assert "người đề nghị Phạm Văn Trưởng" in told_now and "Văn phòng" in told_now
    assert "người được đề nghị" not in told_now  # a collective: no member is the nominee

    await office.send("/huy")
    assert "Đã hủy thao tác" in office.text and "giữ nguyên trạng thái" in office.text
    assert await state_of(app, office, item.id) is NominationState.AWARDED
    assert [s for _, _, _, s in await ledger(app)] == [100]
    assert await sent_to(app, "truong") == told
    await office.press(NominationOpen(item.id).pack())
    assert AWARDED in office.text and "Đã hủy bỏ" not in office.text


async def test_a_cancel_confirmed_after_another_is_refused(
    app: App, people: dict[str, Person]
) -> None:
    office, head = people["vp"], people["truong"]
    second = await join(app, "vp2", "VP", Role.OFFICE, "Vũ Thị Khác")
    item = await nominate(app, head, NomineeKind.COLLECTIVE)
    await award(app, await view_of(app, office), item.id)
    for person in (office, second):  # both have the question on screen
        await person.press(NominationOpen(item.id).pack())
        await person.tap("Hủy khen thưởng")
        await person.send(REASON)
        await person.tap("Không thu hồi")
        assert "Đồng chí chắc chắn muốn hủy bỏ" in person.text
    await office.tap("Xác nhận")
    assert "Đã hủy khen thưởng" in office.text
    before = len(await sent_to(app, "truong"))
    await second.tap("Xác nhận")
    assert ALREADY in second.text and "Đã hủy khen thưởng" in second.text
    assert await state_of(app, office, item.id) is NominationState.REVOKED
    assert [s for _, _, _, s in await ledger(app)] == [100, -100]  # taken back once
    assert len(await sent_to(app, "truong")) == before  # told once


async def test_who_may_see_and_act(app: App, people: dict[str, Person]) -> None:
    office, head, an, council = people["vp"], people["truong"], people["an"], people["hoi"]
    stranger_head = await join(app, "khac", "VP", Role.UNIT_HEAD, "Vũ Văn Khác")
    leader = await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh")
    lower = (an, head, stranger_head, council, leader)
    item = await nominate(app, head, NomineeKind.COLLECTIVE)

    await an.send("/duyet")
    assert NOT_ALLOWED in an.text
    await an.press(NominationList(NominationScope.QUEUE, 0, "").pack())
    assert NOT_ALLOWED in an.text
    await an.press(NominationList(NominationScope.STATE_FILTER, 0, "").pack())
    assert NOT_ALLOWED in an.text
    await stranger_head.press(NominationOpen(item.id).pack())
    assert "không có quyền xem" in stranger_head.text

    await head.press(NominationOpen(item.id).pack())
    assert "Phòng Công nghệ thông tin" in head.text
    # The nominator may only withdraw, get the achievement report of their unit's nominee, and
    # go back to their nominations.
    assert labels(head) == ["🗑 Rút hồ sơ", "📄 Văn bản", "🏅 Đề nghị khen thưởng của tôi"]
    await head.press(NominationAct(item.id, Action.RECOMMEND.value, item.version).pack())
    assert NOT_ALLOWED in head.text
    await head.press(NominationAct(item.id, Action.RETURN.value, item.version).pack())
    assert NOT_ALLOWED in head.text
    await office.press(NominationAct(item.id, "zzz", item.version).pack())
    assert STALE in office.text
    await office.press(NominationList(NominationScope.QUEUE, 0, "bogus").pack())
    assert STALE in office.text
    # The decision steps have no per-item button: a forged one is stale for everyone.
    for person in (*lower, office):
        for step in (Action.AWARD, Action.SEND_UP, Action.NOT_AWARD):
            for sure in (0, 1):
                await person.press(NominationAct(item.id, step.value, item.version, sure).pack())
                assert STALE in person.text, (person.user_id, step, sure)
    # The decisions are the Office's: every lower role is refused each of their buttons.
    forged_menus = (
        DecisionMenu(DecisionChoice.LIST),
        DecisionMenu(DecisionChoice.GROUP, "TTLDTT", 2026),
        DecisionMenu(DecisionChoice.RECORD, "TTLDTT", 2026),
    )
    for person in lower:
        await person.send("/quyetdinh")
        assert NOT_ALLOWED in person.text, person.user_id
        for menu in forged_menus:
            await person.press(menu.pack())
            assert NOT_ALLOWED in person.text, (person.user_id, menu)
    assert await state_of(app, office, item.id) is NominationState.SUBMITTED

    # Recommended and then awarded: only the Office may record and cancel.
    reviewer = await view_of(app, office)
    await recommend(app, reviewer, item.id)
    await council.press(NominationOpen(item.id).pack())
    assert labels(council) == ["☰ Danh sách đề nghị khen thưởng"]
    for person in lower:
        for menu in forged_menus:
            await person.press(menu.pack())
            assert NOT_ALLOWED in person.text, (person.user_id, menu)
    await decide(app, reviewer, "TTLDTT", [item.id])
    done = await app.services.nominations.view(reviewer, item.id)
    assert done.state is NominationState.AWARDED
    await council.press(NominationOpen(item.id).pack())
    assert not any("Hủy khen thưởng" in label for label in labels(council))
    revoke = NominationAct(item.id, Action.REVOKE.value, done.version).pack()
    for person in (head, council, leader):
        await person.press(revoke)
        assert NOT_ALLOWED in person.text, person.user_id
        assert "Xin ghi rõ lý do" not in person.text
    for person in (an, stranger_head):  # who may not even see the item
        await person.press(revoke)
        assert "không có quyền xem" in person.text, person.user_id
    await council.press(NominationAct(item.id, Action.REVOKE.value, done.version, sure=1).pack())
    assert NOT_ALLOWED in council.text
    assert await state_of(app, office, item.id) is NominationState.AWARDED
    assert [s for _, _, _, s in await ledger(app)] == [100]


async def test_two_reviewers_recommend_at_once_and_one_is_told(
    app: App, people: dict[str, Person]
) -> None:
    office, head, council = people["vp"], people["truong"], people["hoi"]
    item = await nominate(app, head, NomineeKind.COLLECTIVE)
    reviewer = await view_of(app, office)
    for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
        item = await app.services.nominations.act(reviewer, item.id, action)
    # Both answered "yes" to "Đồng chí chắc chắn …?" on the same version.
    data = NominationAct(item.id, Action.RECOMMEND.value, item.version, sure=1).pack()
    await asyncio.gather(office.press(data), council.press(data))
    texts = [office.text, council.text]
    assert sum(ALREADY in t for t in texts) == 1
    assert sum("Đã cập nhật" in t for t in texts) == 1
    assert all(RECOMMENDED in t for t in texts)  # both see the item as it is now
    recommended = [t for t in await texts_to(app, "truong") if "thống nhất đề nghị" in t]
    assert len(recommended) == 1  # the nominator is told once
    # A stale press on a reason action is refused before any reason is asked.
    await office.press(NominationAct(item.id, Action.REJECT.value, item.version).pack())
    assert ALREADY in office.text and "Xin ghi rõ lý do" not in office.text
    assert await state_of(app, office, item.id) is NominationState.RECOMMENDED


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
