"""What a decision tells: each nominator and nominee their item's outcome, everyone the
published result (a text of its own, after the decision, distinct from any listing before it),
and the Office and the people concerned a cancelled award."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NominationOpen
from bot.config_organisation import ChatTarget
from bot.dates import day_text
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services import workflow
from bot.services.common import MemberView
from bot.services.decisions.records import DecidedItem, DecisionView, Kind, Outcome
from bot.services.delivery import outbox
from bot.services.nominations import NominationView, load_view
from bot.texts import Texts
from models import Member, Nomination

#: The notice of each outcome to the nominator and the nominee (literal keys for the catalogue).
OUTCOME_NOTICES: dict[Outcome, str] = {
    Outcome.AWARDED: "decision.notice.awarded",
    Outcome.NOT_AWARDED: "decision.notice.not_awarded",
    Outcome.SENT_UP: "decision.notice.sent_up",
}


@dataclass(frozen=True, slots=True)
class DecisionNotices:
    """The texts of decisions, in the organisation's zone.

    Attributes:
        head: Who decides when the catalogue names no authority (the organisation's head).
    """

    texts: Texts
    zone: ZoneInfo

    @property
    def head(self) -> str:
        """The default authority's name."""
        return self.texts.t("decision.default_authority")

    async def decided(
        self,
        session: AsyncSession,
        view: DecisionView,
        now: datetime,
        chat: ChatTarget | None,
        *,
        skip: int,
    ) -> None:
        """Tell each item's nominator and nominee member (not ``skip``, who recorded it), then
        publish the awarded ones to everyone."""
        ids = [item.nomination_id for item in view.items]
        found = await session.execute(
            select(Nomination.id, Nomination.nominator_id, Nomination.nominee_member_id).where(
                Nomination.id.in_(ids)
            )
        )
        people = {
            row[0]: (None if row[1] == skip else row[1], None if row[2] == skip else row[2])
            for row in found
        }
        for item in view.items:
            nominator, nominee = people[item.nomination_id]
            await self._tell_item(session, view, item, nominator, nominee, now)
        awarded = [item for item in view.items if item.outcome is Outcome.AWARDED]
        if view.kind is Kind.DECISION and awarded:
            listing = Reply(self.result(view, awarded))
            if chat is not None:
                target = Outgoing(Channel(chat.channel), chat.id, listing, is_group=True)
                outbox.enqueue(session, [target], now=now)
            everyone = await session.scalars(select(Member.id).where(Member.active.is_(True)))
            await workflow.tell(session, everyone, [listing], now)

    def result(self, view: DecisionView, awarded: list[DecidedItem]) -> str:
        """The published result of a decision: what it awards, to whom."""
        lines = [
            self.texts.t(
                "decision.published.header",
                number=view.number,
                day=day_text(view.signed_on),
                authority=view.authority,
                award=view.award_name,
                count=len(awarded),
            )
        ]
        lines += [
            self.texts.t(
                "decision.published.line"
                if item.nominee_name != item.unit
                else "decision.published.collective",
                number=n,
                name=item.nominee_name,
                unit=item.unit,
            )
            for n, item in enumerate(awarded, start=1)
        ]
        return "\n".join(lines)

    async def _tell_item(
        self,
        session: AsyncSession,
        view: DecisionView,
        item: DecidedItem,
        nominator: int | None,
        nominee: int | None,
        now: datetime,
    ) -> None:
        text = self.texts.t(
            OUTCOME_NOTICES[item.outcome],
            code=item.code,
            name=item.nominee_name,
            award=view.award_name,
            number=view.number,
            day=day_text(view.signed_on),
            authority=view.authority,
        )
        opens = self._open(text, item.nomination_id)
        await workflow.tell(session, [nominator], [opens], now)
        if nominee != nominator:
            await workflow.tell(session, [nominee], [Reply(text)], now)

    async def cancelled(
        self,
        session: AsyncSession,
        item_id: int,
        reason: str,
        now: datetime,
        actor: MemberView,
        *,
        recovered: bool,
    ) -> NominationView:
        """Tell the nominator, the nominee member and the Office that an award was cancelled."""
        view = await load_view(session, item_id)
        money = self.texts.t("decision.recovered.yes" if recovered else "decision.recovered.no")
        text = self.texts.t(
            "decision.notice.cancelled",
            code=view.code,
            name=view.nominee_name,
            award=view.award_name,
            money=money,
        )
        reply = workflow.notice(self.texts, text, reason)
        office = await session.scalars(
            select(Member.id).where(Member.active.is_(True), Member.role.in_(list(OFFICE)))
        )
        others = {view.nominee_member_id, *office} - {view.nominator_id, actor.id}
        await workflow.tell(session, sorted(m for m in others if m is not None), [reply], now)
        if view.nominator_id != actor.id:
            opens = workflow.notice(self.texts, text, reason, self._button(item_id))
            await workflow.tell(session, [view.nominator_id], [opens], now)
        return view

    def _open(self, text: str, item_id: int) -> Reply:
        return Reply(text, buttons=((self._button(item_id),),))

    def _button(self, item_id: int) -> Button:
        return Button(
            self.texts.t("nomination.review.button.open"), NominationOpen(item_id).pack()
        )
