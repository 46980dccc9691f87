"""What a vote list tells: the Office that a unit's list arrived, the unit's head that the
Office received it or returned it (with the reason)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import VoteListChoice, VoteListMenu
from bot.ports import Button
from bot.roles import OFFICE, UNIT_HEADS
from bot.services import workflow
from bot.services.vote_lists.records import VoteListView
from bot.texts import Texts
from models import Member


@dataclass(frozen=True, slots=True)
class VoteListNotices:
    """The notices of lists, queued in the caller's transaction."""

    texts: Texts

    def _button(self, view: VoteListView) -> Button:
        payload = VoteListMenu(VoteListChoice.SHOW, view.id, year=view.year)
        return Button(self.texts.t("vote_list.button.open"), payload.pack())

    async def submitted(self, session: AsyncSession, view: VoteListView, now: datetime) -> None:
        """Tell the Office a unit's list arrived."""
        office = await session.scalars(
            select(Member.id).where(Member.active.is_(True), Member.role.in_(list(OFFICE)))
        )
        text = self.texts.t(
            "vote_list.notice.submitted",
            unit=view.unit_name,
            code=view.code,
            year=view.year,
            count=len(view.rows),
        )
        reply = workflow.notice(self.texts, text, "", self._button(view))
        await workflow.tell(session, list(office), [reply], now)

    async def received(
        self, session: AsyncSession, view: VoteListView, now: datetime, *, skip: int
    ) -> None:
        """Tell the unit's heads the Office took the list in."""
        text = self.texts.t("vote_list.notice.received", code=view.code, year=view.year)
        await self._heads(session, view, text, "", now, skip)

    async def returned(
        self, session: AsyncSession, view: VoteListView, now: datetime, *, skip: int
    ) -> None:
        """Tell the unit's heads the list came back, and why."""
        text = self.texts.t("vote_list.notice.returned", code=view.code, year=view.year)
        await self._heads(session, view, text, view.return_reason, now, skip)

    async def _heads(
        self,
        session: AsyncSession,
        view: VoteListView,
        text: str,
        reason: str,
        now: datetime,
        skip: int,
    ) -> None:
        heads = await session.scalars(
            select(Member.id).where(
                Member.active.is_(True),
                Member.unit_id == view.unit_id,
                Member.role.in_(list(UNIT_HEADS - OFFICE)),
                Member.id != skip,
            )
        )
        reply = workflow.notice(self.texts, text, reason, self._button(view))
        await workflow.tell(session, list(heads), [reply], now)
