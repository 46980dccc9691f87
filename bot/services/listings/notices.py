"""What a listing tells: the published list (the announcement chat and everyone), the Office a
new objection, and the objector the Office's answer. The nominee is never told who objected,
nor that anyone did: the Office answers and acts (docs/awards.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ListingChoice, ListingMenu, ListingOffice, ListingOfficeChoice
from bot.config_organisation import ChatTarget
from bot.dates import day_text
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services import workflow
from bot.services.delivery import outbox
from bot.services.listings.records import ListedRow
from bot.texts import Texts
from models import Listing, Member, Nomination, Objection

#: Rows written out in the published text; the rest are counted (all are in /congkhai).
ROWS_IN_TEXT = 100


@dataclass(frozen=True, slots=True)
class ListingNotices:
    """The texts of listings."""

    texts: Texts

    def published(self, listing: Listing, award: str, rows: Sequence[ListedRow]) -> str:
        """The published listing (markup): title, rows, closing day and how to object."""
        t = self.texts.t
        lines = [
            t(
                "listing.published.header",
                title=listing.title,
                code=listing.code,
                award=award,
                year=listing.year,
                count=len(rows),
            ),
            "",
        ]
        for number, row in enumerate(rows[:ROWS_IN_TEXT], start=1):
            key = "listing.published.collective" if row.collective else "listing.published.line"
            lines.append(t(key, number=number, name=row.nominee_name, unit=row.unit))
        if len(rows) > ROWS_IN_TEXT:
            lines.append(t("listing.published.more", count=len(rows) - ROWS_IN_TEXT))
        lines += ["", t("listing.published.footer", day=day_text(listing.closes_on))]
        return "\n".join(lines)

    def to_chat(
        self, session: AsyncSession, chat: ChatTarget | None, text: str, now: datetime
    ) -> None:
        """Queue the published listing to the announcement chat, when one is configured."""
        if chat is not None:
            target = Outgoing(Channel(chat.channel), chat.id, Reply(text), is_group=True)
            outbox.enqueue(session, [target], now=now)

    async def objected(
        self, session: AsyncSession, objection: Objection, listing: Listing, now: datetime
    ) -> None:
        """Tell the Office (not the objector) of a new objection, with a button to it."""
        item = await session.get_one(Nomination, objection.nomination_id)
        objector = await session.get_one(Member, objection.member_id)
        text = self.texts.t(
            "listing.notice.objection",
            name=item.nominee_name,
            code=item.code,
            listing=listing.code,
            objector=objector.full_name,
        )
        data = ListingOffice(
            ListingOfficeChoice.OBJECTION, listing=listing.id, item=objection.id
        ).pack()
        reply = Reply(text, buttons=((Button(self.texts.t("listing.notice.open_button"), data),),))
        office = await session.scalars(
            select(Member.id).where(
                Member.active.is_(True),
                Member.role.in_([role.value for role in OFFICE]),
                Member.id != objection.member_id,
            )
        )
        await workflow.tell(session, office, [reply], now)

    async def answered(
        self, session: AsyncSession, objection: Objection, listing: Listing, now: datetime
    ) -> None:
        """Tell the objector the Office's answer, with a button to the row."""
        item = await session.get_one(Nomination, objection.nomination_id)
        text = self.texts.t(
            "listing.notice.answer",
            name=item.nominee_name,
            listing=listing.code,
            objection=objection.text,
            answer=objection.answer,
        )
        data = ListingMenu(ListingChoice.ROW, listing.id, item.id).pack()
        reply = Reply(text, buttons=((Button(self.texts.t("listing.notice.row_button"), data),),))
        await workflow.tell(session, [objection.member_id], [reply], now)
