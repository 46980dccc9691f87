"""The web desk's reads of nominations against the real database: scoping by role, filters,
accent-free search (also of a name stored decomposed), paging, and an item that tells a
forged address (NotAllowed) from an unknown one (NominationNotFound)."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import update

from bot import errors
from bot.app import App
from bot.domain import NominationState
from bot.roles import Role
from bot.services.nominations import Action, NominationQuery
from models import Nomination
from tests.factories import make_member
from tests.services.nominations_seed import (
    draft_for,
    nominations_app,  # noqa: F401 - the app fixture
)


async def test_scoping_filters_search_and_paging(app: App) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    staff = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    binh = await make_member(app, "binh", Role.STAFF, "CNTT", name="Đặng Thị Bình")
    other = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác")
    theirs = await make_member(app, "vy", Role.STAFF, "VHTT-VY", name="Hoàng Văn Vỹ")
    nominations = app.services.nominations
    first = await nominations.submit(head, draft_for(staff))
    second = await nominations.submit(head, draft_for(binh))
    third = await nominations.submit(other, draft_for(theirs))
    await nominations.act(office, first.id, Action.RECEIVE)

    def codes(page: object) -> list[str]:
        return [i.code for i in page.items]  # type: ignore[attr-defined]

    everything = await nominations.browse(office, NominationQuery())
    assert everything.total == 3
    assert codes(await nominations.browse(head, NominationQuery())) == [first.code, second.code]
    assert codes(await nominations.browse(staff, NominationQuery())) == []
    received = NominationQuery(state=NominationState.RECEIVED)
    assert codes(await nominations.browse(office, received)) == [first.code]
    by_unit = NominationQuery(unit_id=theirs.unit.id)
    assert codes(await nominations.browse(office, by_unit)) == [third.code]
    for typed in ("dang thi binh", "ĐẶNG  thị", first.code.lower()[-4:]):
        found = await nominations.browse(office, NominationQuery(text=typed))
        assert found.total == 1, typed
    assert (await nominations.browse(office, NominationQuery(text="100%_"))).total == 0
    paged = await nominations.browse(office, NominationQuery(size=2, page=7))
    assert paged.page == 1 and paged.pages == 2 and len(paged.items) == 1
    async with app.sessions.begin() as session:
        decomposed = unicodedata.normalize("NFD", "Hoàng Văn Vỹ")
        await session.execute(
            update(Nomination).where(Nomination.id == third.id).values(nominee_name=decomposed)
        )
    assert codes(await nominations.browse(office, NominationQuery(text="hoang van vy"))) == [
        third.code
    ]


async def test_the_dossier_tells_forged_from_unknown(app: App) -> None:
    head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    staff = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    other = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác")
    item = await app.services.nominations.submit(head, draft_for(staff))
    assert (await app.services.nominations.dossier(head, item.id)).code == item.code
    with pytest.raises(errors.NotAllowed):
        await app.services.nominations.dossier(other, item.id)
    with pytest.raises(errors.NominationNotFound):
        await app.services.nominations.dossier(head, item.id + 100)
    units, awards = await app.services.nominations.filter_choices(other)
    assert [u.name for u in units] == [other.unit.name]
    assert "CSTDCS" in [a.value for a in awards]
