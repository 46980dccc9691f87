"""The application form in the initiative service: the investor filing, each author's
details, the first appliers, and the checks that refuse a malformed form."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.initiatives import Applier, AuthorDetails, CoAuthor, Filer
from bot.services.initiatives.workflow import Action
from models import Delivery, ScoreEvent
from tests.factories import make_member, make_proposal

BINH = AuthorDetails("1990-09-02", "Văn phòng Sở", "Chuyên viên chính", "Thạc sĩ")
APPLIER = Applier("Văn phòng Sở", "Số 1 đường Nguyễn Trãi", "Rút ngắn thời gian xét hồ sơ.")


async def member(app: App, user: str, unit: str = "CNTT", role: Role = Role.STAFF) -> MemberView:
    names = {"an": "Nguyễn Văn An", "binh": "Trần Thị Bình", "vp": "Lê Văn Phòng"}
    return await make_member(app, user, role, unit, name=names[user], position="CV")


def invested(binh: MemberView, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "filer": Filer.INVESTOR,
        "investor_name": "Công ty Phần mềm Vĩnh Phúc",
        "investor_address": "Số 8 đường Nguyễn Trãi",
        "author": AuthorDetails(),
        "coauthors": (CoAuthor("Trần Thị Bình", 100, binh.id, BINH),),
    }
    return {**form, **changes}


async def test_the_investor_files_and_only_the_authors_get_points(app: App) -> None:
    an, binh = await member(app, "an"), await member(app, "binh", "VP")
    proposal = make_proposal(**invested(binh), appliers=(APPLIER,), confidential="Mã nguồn.")
    view = await app.services.initiatives.submit(an, proposal)
    assert (view.filer, view.investor_name, view.investor_address) == (
        "investor",
        "Công ty Phần mềm Vĩnh Phúc",
        "Số 8 đường Nguyễn Trãi",
    )
    assert [(a.name, a.share, a.details) for a in view.authors] == [("Trần Thị Bình", 100, BINH)]
    assert (view.appliers, view.confidential) == ((APPLIER,), "Mã nguồn.")
    async with app.sessions() as session:
        events = (await session.execute(select(ScoreEvent.member_id, ScoreEvent.share))).all()
    assert events == [(binh.id, 100)]  # the filer is not an author
    # The filer still sees what they filed, among their initiatives and on its screen.
    assert [s.code for s in (await app.services.initiatives.mine(an, 0, 10)).items] == [view.code]
    assert (await app.services.initiatives.view(an, view.id)).code == view.code


@pytest.mark.parametrize(
    "changes",
    [
        {"coauthors": ()},  # the authors' shares must make 100
        {"investor_name": ""},
        {"investor_name": "x" * 201},
        {"investor_address": "x" * 301},
        {"filer": "someone"},
    ],
)
async def test_a_malformed_investor_filing_is_refused(app: App, changes: dict[str, Any]) -> None:
    an, binh = await member(app, "an"), await member(app, "binh", "VP")
    with pytest.raises(errors.InvalidProposal):
        await app.services.initiatives.submit(an, make_proposal(**invested(binh, **changes)))


@pytest.mark.parametrize(
    "changes",
    [
        {"investor_name": "Công ty X"},  # an author files: no investor named
        {"author": AuthorDetails("1985-02-30")},
        {"author": AuthorDetails(workplace="x" * 201)},
        {"author": AuthorDetails(job_title="x" * 101)},
        {"conditions": "x" * 3001},
        {"confidential": "x" * 3001},
        {"appliers": (Applier("", "Số 1", "Tốt hơn."),)},
        {"appliers": (APPLIER,) * 11},
        {"coauthors": (CoAuthor("Ông Ngoài", 100),)},  # the filing author keeps nothing
    ],
)
async def test_a_malformed_author_filing_is_refused(app: App, changes: dict[str, Any]) -> None:
    an = await member(app, "an")
    with pytest.raises(errors.InvalidProposal):
        await app.services.initiatives.submit(an, make_proposal(**changes))


async def test_the_filing_author_is_not_listed_again_as_a_coauthor(app: App) -> None:
    an = await member(app, "an")
    twice = make_proposal(coauthors=(CoAuthor("Nguyễn Văn An", 30, an.id, BINH),))
    with pytest.raises(errors.InvalidProposal):
        await app.services.initiatives.submit(an, twice)


async def test_a_resubmission_replaces_authors_and_appliers(app: App) -> None:
    an, vp = await member(app, "an"), await member(app, "vp", "VP", Role.OFFICE)
    first = make_proposal(appliers=(APPLIER,), coauthors=(CoAuthor("Ông Ngoài", 10),))
    item = await app.services.initiatives.submit(an, first)
    await app.services.reviews.act(vp, item.id, Action.RETURN, reason="Bổ sung mẫu đơn")
    other = Applier("Phòng Văn hóa", "Số 2 đường Lê Lợi", "Tiết kiệm giấy in.")
    again = make_proposal(appliers=(other,), coauthors=(CoAuthor("Ông Ngoài", 10, None, BINH),))
    view = await app.services.initiatives.resubmit(an, item.id, again)
    assert view.appliers == (other,)
    assert [a.details for a in view.authors] == [make_proposal().author, BINH]


async def test_the_investors_filer_is_told_of_a_return_once_and_not_of_their_own_steps(
    app: App,
) -> None:
    an, binh = await member(app, "an"), await member(app, "binh", "VP")
    vp = await member(app, "vp", "VP", Role.OFFICE)
    item = await app.services.initiatives.submit(an, make_proposal(**invested(binh)))
    await app.services.reviews.act(vp, item.id, Action.RETURN, reason="Bổ sung mẫu đơn")
    await app.services.initiatives.resubmit(an, item.id, make_proposal(**invested(binh)))
    async with app.sessions() as session:
        queued = (await session.execute(select(Delivery.chat_id, Delivery.payload))).all()
    told = {chat: [str(p["text"]) for c, p in queued if c == chat] for chat in ("an", "binh")}
    # The filer alone may amend it, so the return reaches them though they are no author.
    assert len(told["an"]) == 1 and "trả lại để bổ sung" in told["an"][0]
    assert "Bổ sung mẫu đơn" in told["an"][0]
    assert len(told["binh"]) == 3  # filed, returned, filed again
