"""The web desk's service methods: who sees which rows, the accent-free search (kept up to
date on resubmission), the filters, and the dossier telling a forged address from an unknown
item."""

from __future__ import annotations

from typing import Any

import pytest

from bot import errors
from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.initiatives import Action, DeskFilter
from bot.services.initiatives.desk import SEARCH_TOTAL_FRESH
from bot.services.initiatives.records import CoAuthor
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock


async def test_search_filters_and_scopes(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "tp", Role.UNIT_HEAD, "CNTT", name="Trưởng Phòng")
    staff = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    lan = await make_member(app, "lan", Role.STAFF, "VHTT-VY", name="Phạm Thị Lan")
    binh = await make_member(app, "binh", Role.STAFF, "CNTT", name="Đặng Thị Bình")
    initiatives = app.services.initiatives
    coauthored = make_proposal(
        title="Ứng dụng ĐIỆN TOÁN đám mây", coauthors=(CoAuthor("Đặng Thị Bình", 20, binh.id),)
    )
    first = await initiatives.submit(staff, coauthored)
    other = await initiatives.submit(lan, make_proposal(title="Thư viện 50%_số"))

    async def codes(viewer: MemberView, **where: Any) -> list[str]:
        page = await initiatives.desk(viewer, DeskFilter(**where), 0, 10)
        return [row.code for row in page.items]

    assert await codes(office, search="dien toan") == [first.code]
    assert await codes(office, search="  DANG   thi binh ") == [first.code]
    assert await codes(office, search="50%_") == [other.code]
    assert await codes(office, search="5___s") == []  # no wildcards: "_" is a "_"
    nothing = await initiatives.desk(office, DeskFilter(search="khong co"), 3, 10)
    assert (nothing.items, nothing.page, nothing.pages, nothing.total) == ((), 0, 1, 0)
    assert await codes(office, search=first.code.lower()) == [first.code]
    assert await codes(office, unit_id=other.unit_id) == [other.code]
    assert await codes(head) == [first.code]
    assert await codes(head, unit_id=other.unit_id) == []
    page = await initiatives.desk(office, DeskFilter(), 0, 10)
    row = next(r for r in page.items if r.id == first.id)
    assert row.authors == ("Nguyễn Văn An", "Đặng Thị Bình") and row.unit == first.unit
    with pytest.raises(errors.NotAllowed):
        await initiatives.desk(staff, DeskFilter(), 0, 10)
    await app.services.reviews.act(office, first.id, Action.RETURN, reason="Thiếu số liệu")
    await initiatives.resubmit(staff, first.id, make_proposal(title="Máy chủ dùng chung"))
    assert await codes(office, search="dien toan") == []
    assert await codes(office, search="may chu") == [first.code]
    resubmitted = InitiativeState.RESUBMITTED
    assert await codes(office, state=resubmitted) == [first.code]


async def test_withdrawn_items_show_only_when_asked(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    staff = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    item = await app.services.initiatives.submit(staff, make_proposal())
    await app.services.reviews.act(staff, item.id, Action.WITHDRAW, reason="Không làm nữa")
    desk = app.services.initiatives.desk
    assert (await desk(office, DeskFilter(), 0, 10)).total == 0
    withdrawn = DeskFilter(state=InitiativeState.WITHDRAWN)
    assert (await desk(office, withdrawn, 0, 10)).items[0].id == item.id


async def test_the_dossier_refuses_another_units_item_and_knows_unknown_ones(app: App) -> None:
    head = await make_member(app, "tp", Role.UNIT_HEAD, "CNTT", name="Trưởng Phòng")
    lan = await make_member(app, "lan", Role.STAFF, "VHTT-VY", name="Phạm Thị Lan")
    item = await app.services.initiatives.submit(lan, make_proposal())
    with pytest.raises(errors.NotAllowed):
        await app.services.initiatives.dossier(head, item.id)
    with pytest.raises(errors.InitiativeNotFound):
        await app.services.initiatives.dossier(head, item.id + 1000)
    assert (await app.services.initiatives.dossier(lan, item.id)).code == item.code


async def test_a_search_total_is_reused_briefly_and_the_rows_are_always_fresh(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    staff = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    initiatives = app.services.initiatives
    first = await initiatives.submit(staff, make_proposal(title="Số hóa hồ sơ"))
    found = await initiatives.desk(office, DeskFilter(search="so hoa"), 0, 10)
    assert found.total == 1
    second = await initiatives.submit(staff, make_proposal(title="Số hóa lưu trữ"))
    again = await initiatives.desk(office, DeskFilter(search="so hoa"), 0, 10)
    assert {row.id for row in again.items} == {first.id, second.id}
    assert again.total == 1  # the search's total of a moment ago
    assert (await initiatives.desk(office, DeskFilter(), 0, 10)).total == 2  # no search: exact
    clock.advance(seconds=SEARCH_TOTAL_FRESH.total_seconds())
    assert (await initiatives.desk(office, DeskFilter(search="so hoa"), 0, 10)).total == 2
