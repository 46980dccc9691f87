"""What follows an initiative's change, inside its transaction: the ledger's events of its
member authors by their share, and the notices to its authors and its filer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import InitiativeOpen
from bot.ports import Button
from bot.services import workflow
from bot.services.initiatives.records import ENTITY, InitiativeView
from bot.texts import Texts
from models import Initiative, InitiativeAuthor, Member, ScoreEvent


async def write_events(
    session: AsyncSession, item: Initiative, kind: str, now: datetime, *, sign: int = 1
) -> None:
    """Add ledger events of ``kind`` for every member author, by their share.

    ``sign=-1`` writes compensating events (a withdrawn item takes its points back).
    """
    rows = await session.execute(
        select(InitiativeAuthor.member_id, InitiativeAuthor.share, Member.unit_id)
        .join(Member, Member.id == InitiativeAuthor.member_id)
        .where(InitiativeAuthor.initiative_id == item.id)
    )
    session.add_all(
        ScoreEvent(
            kind=kind,
            member_id=member_id,
            unit_id=unit_id,
            share=sign * share,
            entity=ENTITY,
            entity_id=item.id,
            at=now,
        )
        for member_id, share, unit_id in rows
    )


async def notify_authors(
    session: AsyncSession,
    texts: Texts,
    view: InitiativeView,
    event: str,
    reason: str,
    now: datetime,
    *,
    skip: int | None = None,
    key: str = "",
    **params: object,
) -> int:
    """Queue the notice of ``event`` to every member author and the filer (except ``skip``),
    once each; ``key`` names another text than ``initiative.notice.<event>``, filled with
    ``params``.

    The filer is told even when they filed for the investor without being an author: they
    alone may amend and resubmit or withdraw the filing, so a return must reach them.
    """
    listed = (view.author_id, *(a.member_id for a in view.authors))
    members = [m for m in listed if m not in (None, skip)]
    if not members:
        return 0
    text = texts.t(key or f"initiative.notice.{event}", code=view.code, title=view.title, **params)
    button = Button(texts.t("initiative.button.open"), InitiativeOpen(view.id).pack())
    return await workflow.tell(
        session, members, [workflow.notice(texts, text, reason, button)], now
    )
