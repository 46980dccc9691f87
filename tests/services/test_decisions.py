"""Decisions against the real database: only a recorded decision awards (points, notices, the
published result); a dossier sent up waits for the higher level's result; cancelling an award
takes it back; a stale list, a reused number or a wrong role records nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import Role
from bot.services.decisions import Kind, Outcome, Signed
from bot.services.nominations.records import Nominee
from models import Decision, Delivery
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.services.nominations_seed import (
    AWARDS,
    GROUP,
    award,
    decide,
    deliveries_after,
    draft_for,
    last_delivery,
    ledger,
    member,
    nominations_app,  # noqa: F401 - the app fixture
    recommend,
)

SIGNER = "Nguyễn Văn Giám, Giám đốc Sở"
#: A catalogue whose provincial award is granted above the Sở.
GRANTED: dict[str, object] = {
    "authorities": [
        {"code": "GD", "name": "Giám đốc Sở", "decides_here": True},
        {"code": "CT-UBND", "name": "Chủ tịch Ủy ban nhân dân tỉnh"},
    ],
    "awards": [{**a, "granted_by": "GD"} for a in AWARDS]
    + [
        {
            "code": "BK-UBND",
            "name": "Bằng khen của Chủ tịch UBND tỉnh",
            "applies_to": "both",
            "tracks": ["annual"],
            "granted_by": "CT-UBND",
        }
    ],
}


@pytest.fixture
async def granted(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with a Director who decides here and a province that decides above."""
    settings = make_settings(database_url, announcements=GROUP, **GRANTED)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def _payload(app: App, chat: str) -> str:
    """Every text queued to ``chat``, oldest first."""
    async with app.sessions() as session:
        found = await session.scalars(
            select(Delivery.payload).where(Delivery.chat_id == chat).order_by(Delivery.id)
        )
        return "\n".join(str(payload["text"]) for payload in found)


async def test_a_decision_here_awards_scores_tells_and_publishes(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    annual = await app.services.nominations.submit(head, draft_for(an))
    adhoc = await app.services.nominations.submit(
        office,
        draft_for(
            head,
            track=Track.ADHOC,
            award_code="GK-GD",
            nominee=Nominee(NomineeKind.PERSON, head.unit.id, name="Bùi Văn Dũng"),
        ),
    )
    for item in (annual, adhoc):
        await recommend(app, office, item.id)
    pending = await app.services.decisions.pending(office)
    assert [(p.award_code, p.count, p.grantor.decides_here) for p in pending] == [
        ("CSTDCS", 1, True),
        ("GK-GD", 1, True),
    ]
    assert pending[0].grantor.name == "Thủ trưởng đơn vị"  # no authority configured
    start = await last_delivery(app)
    view = await decide(app, office, "CSTDCS", [annual.id], "125/QĐ-SKHCN")
    assert (view.kind, view.count(Outcome.AWARDED)) == (Kind.DECISION, 1)
    sent = await deliveries_after(app, start)
    assert ("-100123", True) in sent  # the announcement group
    people = sorted(chat for chat, group in sent if not group)
    # The nominator and the nominee are told; the result goes to each of the three members.
    assert people == sorted(["truong", "an", "truong", "an", "vp"])
    told = await _payload(app, "an")
    assert "KẾT QUẢ KHEN THƯỞNG" in told and "125/QĐ-SKHCN" in told
    assert "Nguyễn Văn An" in told and "Chiến sĩ thi đua cơ sở" in told
    assert await ledger(app) == [("nomination_awarded", an.id, an.unit.id, 100)]
    done = await app.services.nominations.view(head, annual.id)
    assert done.state is NominationState.AWARDED
    assert [(d.number, d.outcome) for d in done.decisions] == [("125/QĐ-SKHCN", "awarded")]
    # The same list again: nothing waits; the same number again: refused.
    with pytest.raises(errors.NothingToDecide):
        await decide(app, office, "CSTDCS", [annual.id], "126/QĐ-SKHCN")
    with pytest.raises(errors.DecisionNumberTaken):
        await decide(app, office, "GK-GD", [adhoc.id], "125/QĐ-SKHCN")
    # An ad-hoc award is decided like any other, but is not annual merit: no points.
    await decide(app, office, "GK-GD", [adhoc.id], "127/QĐ-SKHCN")
    assert len(await ledger(app)) == 1
    assert await app.services.decisions.pending(office) == ()


async def test_a_list_changed_meanwhile_records_nothing(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    first = await app.services.nominations.submit(head, draft_for(an))
    await recommend(app, office, first.id)
    seen = [i.id for i in await app.services.decisions.items(office, "CSTDCS", 2026)]
    second = await app.services.nominations.submit(head, draft_for(head))
    await recommend(app, office, second.id)
    with pytest.raises(errors.DecisionListChanged):
        await decide(app, office, "CSTDCS", seen)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Decision.id))) == 0
    assert (await app.services.nominations.view(office, first.id)).state is (
        NominationState.RECOMMENDED
    )
    assert await ledger(app) == []


async def test_wrong_roles_and_bad_values_record_nothing(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    council = await member(app, "hoi", Role.COUNCIL, "VP")
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.nominations.submit(head, draft_for(head))
    await recommend(app, office, item.id)
    today = app.clock.now().date()
    good = Signed("1/QĐ-SKHCN", today, SIGNER)
    for someone in (head, council):
        with pytest.raises(errors.NotAllowed):
            await app.services.decisions.pending(someone)
        with pytest.raises(errors.NotAllowed):
            await app.services.decisions.record(someone, "CSTDCS", 2026, good, [item.id])
        with pytest.raises(errors.NotAllowed):
            await app.services.decisions.cancel(someone, item.id, "Sai", recovered=False)
    for bad in (
        Signed("  ", today, SIGNER),
        Signed("1/QĐ", today, ""),
        Signed("1/QĐ", today + timedelta(days=2), SIGNER),
        Signed("x" * 65, today, SIGNER),
    ):
        with pytest.raises(errors.InvalidDecision):
            await app.services.decisions.record(office, "CSTDCS", 2026, bad, [item.id])
    assert (await app.services.nominations.view(office, item.id)).state is (
        NominationState.RECOMMENDED
    )


async def test_sent_up_then_the_higher_levels_result(granted: App) -> None:
    app = granted
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    binh = await member(app, "binh", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    items = [
        await app.services.nominations.submit(head, draft_for(who, award_code="BK-UBND"))
        for who in (an, binh)
    ]
    for item in items:
        await recommend(app, office, item.id)
    (group,) = await app.services.decisions.pending(office)
    assert (group.grantor.name, group.grantor.decides_here) == (
        "Chủ tịch Ủy ban nhân dân tỉnh",
        False,
    )
    ids = [i.id for i in await app.services.decisions.items(office, "BK-UBND", 2026)]
    start = await last_delivery(app)
    submission = await decide(app, office, "BK-UBND", ids, "45/TTr-SKHCN")
    assert (submission.kind, submission.count(Outcome.SENT_UP)) == (Kind.SUBMISSION, 2)
    assert "đã được trình Chủ tịch Ủy ban nhân dân tỉnh" in await _payload(app, "truong")
    # Sent up is not awarded: no points, no published result.
    assert await ledger(app) == []
    assert all(not group for _, group in await deliveries_after(app, start))
    (waiting,) = await app.services.decisions.pending(office)
    assert (waiting.submission_id, waiting.submission) == (submission.id, "45/TTr-SKHCN")
    signed = Signed("2001/QĐ-UBND", app.clock.now().date(), "Chủ tịch UBND tỉnh")
    result = await app.services.decisions.record_result(
        office, submission.id, signed, frozenset({items[1].id}), ids
    )
    assert (result.count(Outcome.AWARDED), result.count(Outcome.NOT_AWARDED)) == (1, 1)
    assert result.authority == "Chủ tịch Ủy ban nhân dân tỉnh"
    states = [(await app.services.nominations.view(office, i.id)).state for i in items]
    assert states == [NominationState.AWARDED, NominationState.NOT_AWARDED]
    assert await ledger(app) == [("nomination_awarded", an.id, an.unit.id, 100)]
    assert "không được khen thưởng" in await _payload(app, "binh")
    assert await app.services.decisions.pending(office) == ()
    # Not awarded closes the item: the nominee may be proposed again.
    await app.services.nominations.submit(head, draft_for(binh, award_code="BK-UBND"))


async def test_cancelling_an_award_takes_it_back_and_tells_everyone(app: App) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    an = await member(app, "an", Role.STAFF)
    office = await member(app, "vp", Role.OFFICE, "VP")
    await member(app, "lanh", Role.OFFICE, "VP")
    item = await app.services.nominations.submit(head, draft_for(an))
    await award(app, office, item.id)
    with pytest.raises(errors.ReasonRequired):
        await app.services.decisions.cancel(office, item.id, " ", recovered=True)
    start = await last_delivery(app)
    cancelled = await app.services.decisions.cancel(
        office, item.id, "Kê khai không trung thực", recovered=True
    )
    assert cancelled.state is NominationState.REVOKED
    assert cancelled.history[-1].reason == "Kê khai không trung thực"
    (ref,) = cancelled.decisions
    assert (ref.cancel_reason, ref.recovered) == ("Kê khai không trung thực", True)
    assert sorted(chat for chat, _ in await deliveries_after(app, start)) == [
        "an",
        "lanh",
        "truong",
    ]
    assert "đã bị hủy bỏ" in await _payload(app, "an")
    assert "thu hồi" in await _payload(app, "an")
    assert [(k, s) for k, _, _, s in await ledger(app)] == [
        ("nomination_awarded", 100),
        ("nomination_awarded", -100),
    ]
    with pytest.raises(errors.NominationIllegalTransition):
        await app.services.decisions.cancel(office, item.id, "Lần nữa", recovered=False)
    # Revoked is closed: the nominee may be nominated again.
    await app.services.nominations.submit(head, draft_for(an))


async def test_a_decision_dated_today_in_vietnam_is_not_in_the_future(
    app: App, clock: FakeClock
) -> None:
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    item = await app.services.nominations.submit(head, draft_for(head))
    await recommend(app, office, item.id)
    # 23:30 UTC is already the next day in Vĩnh Phúc.
    clock.advance(hours=21, minutes=30)
    assert (clock.now().hour, clock.now().minute) == (23, 30)
    vietnam = (clock.now() + timedelta(hours=7)).date()
    assert vietnam > clock.now().date()
    signed = Signed("9/QĐ-SKHCN", vietnam, SIGNER)
    view = await app.services.decisions.record(office, "CSTDCS", item.year, signed, [item.id])
    assert view.signed_on == vietnam and isinstance(view.signed_on, date)


async def test_nobody_cancels_an_award_they_have_a_stake_in(app: App) -> None:
    office = await member(app, "vp", Role.OFFICE, "VP")
    clerk = await member(app, "lanh", Role.OFFICE, "VP")
    outsider = await member(app, "khac", Role.OFFICE, "CNTT")
    unit = Nominee(NomineeKind.COLLECTIVE, clerk.unit.id)
    item = await app.services.nominations.submit(
        office, draft_for(office, award_code="TTLDTT", nominee=unit)
    )
    await award(app, outsider, item.id)
    # The Office's own unit was awarded: its members cancel nothing of it, whatever their role.
    for insider in (office, clerk):
        with pytest.raises(errors.OwnNomination):
            await app.services.decisions.cancel(insider, item.id, "Sai sót", recovered=False)
    assert (await app.services.nominations.view(office, item.id)).state is (
        NominationState.AWARDED
    )
    done = await app.services.decisions.cancel(outsider, item.id, "Sai sót", recovered=False)
    assert done.state is NominationState.REVOKED
