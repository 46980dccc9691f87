"""The initiative council's evaluation, its conclusion and the head's decision, against the real
database: only seated members of the initiative council evaluate, never their own initiative;
nothing is recognised without the decision; the certificate, the points and the notices come
with the decision."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.common import MemberView, Signed
from bot.services.councils import Position
from bot.services.initiatives import Action, Scores, summarise
from bot.services.initiatives.records import CoAuthor
from models import AuditEntry, Delivery, ScoreEvent
from tests.factories import make_member, make_proposal
from tests.initiative_recognition import DECISION, all_met, recognise, seated, to_the_council


async def people(app: App) -> dict[str, MemberView]:
    found = {
        "an": await make_member(app, "an", name="Nguyễn Văn An"),
        "binh": await make_member(app, "binh", Role.COUNCIL, name="Trần Thị Bình"),
        "vp": await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng"),
        "hoi": await make_member(app, "hoi", Role.COUNCIL, "VP", name="Đỗ Văn Hội"),
        "sang": await make_member(app, "sang", Role.STAFF, "VP", name="Phan Văn Sáng"),
        "thi": await make_member(app, "thi", Role.COUNCIL, "VP", name="Hà Văn Thi"),
    }
    for name in ("binh", "hoi", "sang"):
        await seated(app, found["vp"], found[name])
    councils = app.services.councils
    await councils.seat(found["vp"], "HDTDKT", found["thi"].id, Position.MEMBER)
    return found


async def test_from_filing_to_the_heads_decision_and_the_certificate(app: App) -> None:
    p = await people(app)
    proposal = make_proposal(coauthors=(CoAuthor("Trần Thị Bình", 30, p["binh"].id),))
    item = await app.services.initiatives.submit(p["an"], proposal)
    await to_the_council(app, p["vp"], item.id)
    evaluations, reviews = app.services.evaluations, app.services.reviews
    # Two seated members evaluate; a plain staff member with a seat is a member like any other.
    await evaluations.evaluate(p["hoi"], item.id, all_met(app), Scores(4, 5, 3, "riêng"))
    failing = all_met(app, failing=("new",), comment="Đã có ở Sở khác")
    view = await evaluations.evaluate(p["sang"], item.id, failing, Scores(2, 4, 4))
    summary = {c.code: (c.met, c.not_met) for c in summarise(view.marks)}
    assert summary == {
        "new": (1, 1),
        "applied": (2, 0),
        "benefit": (2, 0),
        "public_order": (2, 0),
        "ip_protected": (2, 0),
    }
    new = summarise(view.marks)[0]
    assert new.comments == (("Phan Văn Sáng", False, "Đã có ở Sở khác"),)
    assert sorted((s.member, s.novelty) for s in view.scores) == [
        ("Phan Văn Sáng", 2),
        ("Đỗ Văn Hội", 4),
    ]
    # The conclusion: recorded by the Office, with its reason; no points yet.
    concluded = await reviews.act(
        p["vp"], item.id, Action.CONCLUDE_MET, reason="Hội đồng thống nhất: đạt"
    )
    assert concluded.state is InitiativeState.EVALUATED
    assert (concluded.conclusion, concluded.conclusion_reason) == (
        "pass",
        "Hội đồng thống nhất: đạt",
    )
    assert await kinds(app) == ["initiative_submitted"]
    # The head's decision recognises it: certificate, points, authors told.
    done = await reviews.recognize(p["vp"], item.id, DECISION)
    assert done.state is InitiativeState.RECOGNIZED
    assert (done.decision_number, done.decision_date, done.decision_signer) == (
        "15/QĐ-STTTT",
        date(2026, 3, 1),
        "Giám đốc Nguyễn Văn Bình",
    )
    assert done.certificate_number == "001/GCN-SK-2026"
    assert await kinds(app) == ["initiative_submitted", "initiative_recognized"]
    told = await notices(app)
    assert any(
        "Quyết định số 15/QĐ-STTTT ngày 01/03/2026" in t and "001/GCN-SK-2026" in t
        for chat, t in told
        if chat == "an"
    )
    assert any("chờ quyết định công nhận" in t for chat, t in told if chat == "binh")
    actions = await audited(app)
    assert actions.count("initiative.evaluate") == 2
    assert "initiative.decision" in actions
    # The next certificate of the year takes the next number.
    other = await app.services.initiatives.submit(p["an"], make_proposal(title="Ký số"))
    again = await recognise(
        app, p["vp"], other.id, evaluator=p["hoi"], signed=Signed("16/QĐ", date(2026, 3, 2), "GĐ")
    )
    assert again.certificate_number == "002/GCN-SK-2026"
    applied = await reviews.act(p["vp"], item.id, Action.MARK_APPLIED)
    assert applied.state is InitiativeState.APPLIED


async def test_who_may_not_evaluate(app: App) -> None:
    p = await people(app)
    proposal = make_proposal(coauthors=(CoAuthor("Trần Thị Bình", 30, p["binh"].id),))
    item = await app.services.initiatives.submit(p["an"], proposal)
    evaluate = app.services.evaluations.evaluate
    with pytest.raises(errors.IllegalTransition):  # not yet before the council
        await evaluate(p["hoi"], item.id, all_met(app), Scores(3, 3, 3))
    await to_the_council(app, p["vp"], item.id)
    # A seated co-author is refused, whatever their role.
    with pytest.raises(errors.OwnInitiative):
        await evaluate(p["binh"], item.id, all_met(app), Scores(5, 5, 5))
    # The emulation council's member, the Office and the author have no seat here.
    for outsider in (p["thi"], p["vp"], p["an"]):
        with pytest.raises(errors.NotOnInitiativeCouncil):
            await evaluate(outsider, item.id, all_met(app), Scores(3, 3, 3))
    # Marks must answer each configured condition once; scores stay 1–5.
    with pytest.raises(errors.InvalidEvaluation):
        await evaluate(p["hoi"], item.id, all_met(app)[1:], Scores(3, 3, 3))
    with pytest.raises(errors.InvalidScore):
        await evaluate(p["hoi"], item.id, all_met(app), Scores(6, 3, 3))
    view = await app.services.initiatives.view(p["vp"], item.id)
    assert view.marks == () and view.scores == ()


async def test_nothing_is_recognised_by_a_click(app: App) -> None:
    p = await people(app)
    item = await app.services.initiatives.submit(p["an"], make_proposal())
    await to_the_council(app, p["vp"], item.id)
    reviews = app.services.reviews
    for person in (p["vp"], p["hoi"]):
        with pytest.raises(errors.DecisionRequired):
            await reviews.act(person, item.id, Action.RECOGNIZE)
    # Under review, no decision is recorded: the council has not concluded.
    with pytest.raises(errors.IllegalTransition):
        await reviews.recognize(p["vp"], item.id, DECISION)
    # No conclusion before an evaluation; only the Office records it.
    with pytest.raises(errors.NotEvaluated):
        await reviews.act(p["vp"], item.id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    await app.services.evaluations.evaluate(p["hoi"], item.id, all_met(app), Scores(3, 3, 3))
    with pytest.raises(errors.NotAllowed):
        await reviews.act(p["hoi"], item.id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    await reviews.act(p["vp"], item.id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    # Only the Office records the head's decision, and a decision dated tomorrow is refused.
    with pytest.raises(errors.NotAllowed):
        await reviews.recognize(p["hoi"], item.id, DECISION)
    with pytest.raises(errors.InvalidDecision):
        await reviews.recognize(p["vp"], item.id, Signed("1/QĐ", date(2026, 12, 31), "GĐ"))
    assert await kinds(app) == ["initiative_submitted"]


async def test_not_met_and_a_head_who_does_not_recognise(app: App) -> None:
    p = await people(app)
    reviews, evaluations = app.services.reviews, app.services.evaluations
    first = await app.services.initiatives.submit(p["an"], make_proposal())
    second = await app.services.initiatives.submit(p["an"], make_proposal(title="Ký số"))
    for item in (first, second):
        await to_the_council(app, p["vp"], item.id)
        await evaluations.evaluate(p["hoi"], item.id, all_met(app), Scores(3, 3, 3))
    failed = await reviews.act(
        p["vp"], first.id, Action.CONCLUDE_NOT_MET, reason="Không có tính mới"
    )
    assert failed.state is InitiativeState.NOT_RECOGNIZED
    assert (failed.conclusion, failed.conclusion_reason) == ("fail", "Không có tính mới")
    await reviews.act(p["vp"], second.id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    refused = await reviews.act(
        p["vp"], second.id, Action.NOT_RECOGNIZE, reason="Thủ trưởng chưa đồng ý"
    )
    assert refused.state is InitiativeState.NOT_RECOGNIZED
    assert refused.certificate_number == "" and refused.decision_number == ""
    assert await kinds(app) == ["initiative_submitted"]
    told = [t for chat, t in await notices(app) if chat == "an"]
    assert sum("không được công nhận" in t for t in told) == 2


async def kinds(app: App) -> list[str]:
    async with app.sessions() as session:
        found = await session.scalars(select(ScoreEvent.kind).order_by(ScoreEvent.id))
        return list(dict.fromkeys(found))  # each kind once, in the order first written


async def notices(app: App) -> list[tuple[str, str]]:
    async with app.sessions() as session:
        rows = await session.execute(select(Delivery.chat_id, Delivery.payload))
        return [(chat, str(payload)) for chat, payload in rows]


async def audited(app: App) -> list[str]:
    async with app.sessions() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
