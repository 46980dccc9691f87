"""The rows of the plan: the latest version, what a published version writes (the version, its
sections, its period's movements), a member's confirmation (inserted at most once), and the
"read the plan" notice queued to members."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from bot import errors
from bot.callbacks import PlanPage
from bot.plan_document import PlanDocument
from bot.ports import Button, Channel, Outgoing, Reply
from bot.services.common import MemberView, is_postgres
from bot.services.delivery import outbox
from bot.texts import Texts
from models import Acknowledgement, Movement, Plan
from models import PlanSection as SectionRow


def plan_row(
    document: PlanDocument,
    source: str,
    version: int,
    file_name: str,
    now: datetime,
    actor: MemberView | None,
    period_id: int,
) -> Plan:
    """The row of a new version of ``period_id``'s plan."""
    return Plan(
        version=version,
        period_id=period_id,
        title=document.title[:400],
        file_name=file_name[:200],
        source=source,
        digest=document.digest,
        published_at=now,
        published_by=None if actor is None else actor.id,
    )


def section_rows(plan_id: int, document: PlanDocument) -> list[SectionRow]:
    """The document's sections in reading order."""
    return [
        SectionRow(
            plan_id=plan_id,
            position=position,
            number=section.number,
            title=section.title,
            body=section.body,
            items=section.items,
        )
        for position, section in enumerate(document.sections)
    ]


async def sync_movements(
    session: AsyncSession, document: PlanDocument, now: datetime, period_id: int
) -> None:
    """Add or update the period's movements the document names; the period's others, and every
    other period's, become inactive (initiatives keep naming them as they were)."""
    if not document.movements:
        return  # a plan without a movements part leaves the known movements as they are
    await session.execute(
        update(Movement)
        .where(Movement.period_id != period_id, Movement.active.is_(True))
        .values(active=False, updated_at=now)
    )
    known = {
        m.code: m
        for m in await session.scalars(select(Movement).where(Movement.period_id == period_id))
    }
    for position, item in enumerate(document.movements):
        row = known.pop(item.code, None) or Movement(code=item.code, period_id=period_id)
        row.name, row.description, row.position = item.name, item.description, position
        row.active, row.updated_at = True, now
        session.add(row)
    for row in known.values():
        row.active, row.updated_at = False, now


def insert_new(session: AsyncSession, row: dict[str, object]) -> Executable:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: a row comes back only if this one went in."""
    if is_postgres(session):
        return (
            pg_insert(Acknowledgement)
            .values(row)
            .on_conflict_do_nothing()
            .returning(Acknowledgement.member_id)
        )
    return (
        sqlite_insert(Acknowledgement)
        .values(row)
        .on_conflict_do_nothing()
        .returning(Acknowledgement.member_id)
    )


def enqueue_notice(
    session: AsyncSession,
    texts: Texts,
    accounts: Iterable[tuple[str, str, int]],
    text: str,
    version: int,
    now: datetime,
) -> int:
    """Queue ``text`` with a "read the plan" button to each ``(channel, chat, member)``, under
    the version's topic (so the plan's coverage finds who saw it on the Zalo OA)."""
    button = Button(texts.t("plan.button.read"), PlanPage(version, 0).pack())
    reply = Reply(text, buttons=((button,),))
    topic = notice_topic(version)
    return sum(
        outbox.enqueue(
            session,
            [Outgoing(Channel(ch), chat, reply)],
            now=now,
            member_id=member,
            topic=topic,
        )
        for ch, chat, member in accounts
    )


def notice_topic(version: int) -> str:
    """The topic of the notices of plan ``version`` on their deliveries."""
    return f"plan:{version}"


async def latest(session: AsyncSession) -> Plan | None:
    """The highest version, the current one (``None`` before any was published)."""
    return await session.scalar(select(Plan).order_by(Plan.version.desc()).limit(1))


async def latest_or_fail(session: AsyncSession) -> Plan:
    """The current version.

    Raises:
        NoPlan: None was published yet.
    """
    plan = await latest(session)
    if plan is None:
        raise errors.NoPlan
    return plan
