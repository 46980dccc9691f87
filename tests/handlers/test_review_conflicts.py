"""Nobody judges their own item, through the router: the judging buttons are not shown to an
author (initiatives) nor to the nominee or the nominated collective (nominations), and forged
presses are refused with the reason, before any reason or score is asked for."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App, open_app
from bot.callbacks import InitiativeAct, InitiativeOpen, NominationAct, NominationOpen
from bot.domain import InitiativeState, NominationState, NomineeKind, Track
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.councils import Position
from bot.services.initiatives.records import CoAuthor
from bot.services.initiatives.workflow import Action
from bot.services.nominations.records import NominationDraft, Nominee
from bot.services.nominations.workflow import Action as Decision
from tests.conftest import make_settings
from tests.factories import join, make_proposal
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.test_review_conflicts import AWARDS

OWN_INITIATIVE = "Đồng chí là tác giả (hoặc đồng tác giả) của sáng kiến này"
OWN_NOMINATION = "Đồng chí có liên quan trực tiếp đến đề nghị khen thưởng này"
INITIATIVE_JUDGING = ("Tiếp nhận", "Trả lại", "Chuyển Hội đồng", "Kết luận", "Đánh giá")
NOMINATION_JUDGING = ("Tiếp nhận", "Trả lại", "Chuyển Hội đồng", "Hội đồng đề nghị", "Hủy khen")


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with a one-award catalogue."""
    core = await open_app(make_settings(database_url, awards=AWARDS), clock=clock)
    try:
        yield core
    finally:
        await core.close()


async def view_of(app: App, person: Person) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, person.user_id)
    assert found is not None
    return found


def labels(person: Person) -> str:
    return " | ".join(b.label for b in person.last.flat_buttons())


def judging_shown(person: Person, judging: tuple[str, ...]) -> list[str]:
    return [label for label in judging if label in labels(person)]


async def test_authors_see_no_judging_buttons_and_forged_ones_are_refused(app: App) -> None:
    clerk = await join(app, "tac", "VP", Role.OFFICE, "Lê Thị Tác")
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    office = await join(app, "vp", "VP", Role.OFFICE, "Phạm Văn Phòng")
    dong = await join(app, "dong", "CNTT", Role.COUNCIL, "Vũ Thị Đồng")
    coauthor = CoAuthor("Đỗ Văn Hội", 40, (await view_of(app, hoi)).id)
    proposal = make_proposal(coauthors=(coauthor,))
    item = await app.services.initiatives.submit(await view_of(app, clerk), proposal)

    await clerk.press(InitiativeOpen(item.id).pack())
    assert judging_shown(clerk, INITIATIVE_JUDGING) == []
    assert "Rút sáng kiến" in labels(clerk)  # the author's own step stays
    await office.press(InitiativeOpen(item.id).pack())
    assert judging_shown(office, INITIATIVE_JUDGING) == ["Tiếp nhận", "Trả lại"]
    await clerk.press(InitiativeAct(item.id, "rcv", item.version).pack())  # forged
    assert OWN_INITIATIVE in clerk.text
    await clerk.press(InitiativeAct(item.id, "ret", item.version).pack())  # would ask a reason
    assert OWN_INITIATIVE in clerk.text and "lý do" not in clerk.text

    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")
    seen = await app.services.initiatives.view(await view_of(app, office), item.id)
    for person in (hoi, dong, clerk):  # seated on the initiative council
        member = await view_of(app, person)
        await app.services.councils.seat(
            await view_of(app, office), "HDSK", member.id, Position.MEMBER
        )
    await hoi.press(InitiativeOpen(item.id).pack())
    assert judging_shown(hoi, INITIATIVE_JUDGING) == []
    await dong.press(InitiativeOpen(item.id).pack())
    assert judging_shown(dong, INITIATIVE_JUDGING) == ["Đánh giá"]
    for person in (hoi, clerk):
        for forged in ("evl", Action.CONCLUDE_MET.value, Action.CONCLUDE_NOT_MET.value):
            await person.press(InitiativeAct(item.id, forged, seen.version).pack())
            assert OWN_INITIATIVE in person.text or "không được dùng" in person.text, forged
            assert "Điều kiện 1/" not in person.text and "lý do" not in person.text
    after = await app.services.initiatives.view(await view_of(app, office), item.id)
    assert (after.state, after.version, after.scores) == (
        InitiativeState.UNDER_REVIEW,
        seen.version,
        (),
    )


async def test_the_nominated_collective_sees_no_judging_buttons(app: App) -> None:
    clerk = await join(app, "tac", "VP", Role.OFFICE, "Lê Thị Tác")
    hoi = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    office = await join(app, "vp", "CNTT", Role.OFFICE, "Phạm Văn Phòng")
    dong = await join(app, "dong", "CNTT", Role.COUNCIL, "Vũ Thị Đồng")
    by = await view_of(app, clerk)
    draft = NominationDraft(
        Track.ANNUAL, Nominee(NomineeKind.COLLECTIVE, by.unit.id), "GK-GD", "Hoàn thành tốt."
    )
    item = await app.services.nominations.submit(by, draft)

    await clerk.press(NominationOpen(item.id).pack())
    assert judging_shown(clerk, NOMINATION_JUDGING) == []
    assert "Rút hồ sơ" in labels(clerk)  # the nominator may still withdraw
    await clerk.press(NominationAct(item.id, "ret", item.version).pack())  # forged
    assert OWN_NOMINATION in clerk.text and "lý do" not in clerk.text
    await office.press(NominationOpen(item.id).pack())
    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")
    seen = await app.services.nominations.view(await view_of(app, office), item.id)
    await hoi.press(NominationOpen(item.id).pack())
    assert judging_shown(hoi, NOMINATION_JUDGING) == []
    await dong.press(NominationOpen(item.id).pack())
    assert judging_shown(dong, NOMINATION_JUDGING) == ["Hội đồng đề nghị"]
    for forged in (Decision.RECOMMEND.value, Decision.REJECT.value):
        await hoi.press(NominationAct(item.id, forged, seen.version).pack())
        assert OWN_NOMINATION in hoi.text, forged
    after = await app.services.nominations.view(await view_of(app, office), item.id)
    assert (after.state, after.version) == (NominationState.UNDER_REVIEW, seen.version)
