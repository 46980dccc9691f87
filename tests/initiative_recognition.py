"""Bringing an initiative to "recognised" the only way there is: a seated member of the
initiative council evaluates it, the Office records the council's conclusion "đạt", then the
head's decision. For tests whose subject is what comes after recognition."""

from __future__ import annotations

from datetime import date

from bot.app import App
from bot.domain import InitiativeState
from bot.roles import Role
from bot.services.common import MemberView, Signed
from bot.services.councils import Position
from bot.services.initiatives import Action, InitiativeView, Mark, Scores
from tests.factories import make_member

#: The initiative council of the test settings (``tests.conftest.COUNCILS``).
INITIATIVE_COUNCIL = "HDSK"
DECISION = Signed("15/QĐ-STTTT", date(2026, 3, 1), "Giám đốc Nguyễn Văn Bình")


def all_met(app: App, *, failing: tuple[str, ...] = (), comment: str = "") -> list[Mark]:
    """A mark for every configured condition: met, except the codes in ``failing``."""
    return [
        Mark(c.code, c.code not in failing, comment) for c in app.services.evaluations.conditions
    ]


async def seated(app: App, office: MemberView, member: MemberView) -> MemberView:
    """Seat ``member`` on the initiative council."""
    await app.services.councils.seat(office, INITIATIVE_COUNCIL, member.id, Position.MEMBER)
    return member


async def to_the_council(app: App, office: MemberView, item_id: int) -> InitiativeView:
    """Receive the item and send it to the council."""
    view = await app.services.initiatives.view(office, item_id)
    if view.state in (InitiativeState.SUBMITTED, InitiativeState.RESUBMITTED):
        view = await app.services.reviews.act(office, item_id, Action.RECEIVE)
    return await app.services.reviews.act(office, item_id, Action.SEND_TO_COUNCIL)


async def recognise(
    app: App,
    office: MemberView,
    item_id: int,
    *,
    evaluator: MemberView | None = None,
    signed: Signed | None = None,
) -> InitiativeView:
    """Take a submitted (or received) item to "recognised" by the head's decision."""
    if evaluator is None:
        evaluator = await make_member(app, f"sk{item_id}", Role.COUNCIL, "VP", name="Đỗ Văn Hội")
    await seated(app, office, evaluator)
    await to_the_council(app, office, item_id)
    await app.services.evaluations.evaluate(evaluator, item_id, all_met(app), Scores(4, 4, 4))
    await app.services.reviews.act(office, item_id, Action.CONCLUDE_MET, reason="Đạt đủ điều kiện")
    return await app.services.reviews.recognize(office, item_id, signed or decided_today(app))


def decided_today(app: App, number: str = "15/QĐ-STTTT") -> Signed:
    """The head's decision signed today (the test clock's day), under ``number``."""
    return Signed(number, app.clock.now().date(), DECISION.signer)
