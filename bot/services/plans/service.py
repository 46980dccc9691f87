"""The plan (Kế hoạch thi đua): versions, reading, confirming, coverage, publishing, nudging.

Versions are immutable once published; the highest version is the current one, and only
confirmations of the current version count. Coverage figures come from one grouped query.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from bot import errors
from bot.callbacks import PlanPage
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.plan_document import PlanDocument, PlanSection, parse_plan
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services.common import MemberView, audit, is_postgres, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService, outbox, reachable
from bot.texts import Texts
from models import Acknowledgement, Member, Movement, Plan, ScoreEvent
from models import PlanSection as SectionRow

#: How long this process trusts its idea of the current version (others may publish).
CURRENT_RECHECK = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class PlanView:
    """A published plan version."""

    id: int
    version: int
    title: str
    digest: str
    published_at: datetime
    sections: tuple[PlanSection, ...]


@dataclass(frozen=True, slots=True)
class MovementView:
    """An emulation movement."""

    code: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A member's confirmation of a version; ``new`` is False when it was already there."""

    version: int
    confirmed_at: datetime
    new: bool


@dataclass(frozen=True, slots=True)
class Published:
    """A newly published version and how many accounts were told about it."""

    version: int
    notified: int


class PlanService:
    """Use cases of the plan; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._versions: dict[int, PlanView] = {}
        self._current: tuple[datetime, PlanView] | None = None

    async def current(self) -> PlanView:
        """Return the current version.

        Published versions never change, so they are kept in memory; which one is current is
        asked again at most every few seconds (another process may have published one) and at
        once after a publication here.
        """
        now = self._clock.now()
        if self._current is not None and now - self._current[0] < CURRENT_RECHECK:
            return self._current[1]
        async with self._sessions.begin() as session:
            row = await latest(session)
            if row is None:
                raise errors.NoPlan
            if row.version not in self._versions:
                sections = await session.scalars(
                    select(SectionRow)
                    .where(SectionRow.plan_id == row.id)
                    .order_by(SectionRow.position)
                )
                self._versions[row.version] = PlanView(
                    row.id,
                    row.version,
                    row.title,
                    row.digest,
                    row.published_at,
                    tuple(PlanSection(s.number, s.title, s.body, s.items) for s in sections),
                )
        self._current = (now, self._versions[row.version])
        return self._current[1]

    async def movements(self) -> tuple[MovementView, ...]:
        """Return the active movements in the plan's order."""
        async with self._sessions.begin() as session:
            rows = await session.scalars(
                select(Movement).where(Movement.active.is_(True)).order_by(Movement.position)
            )
            return tuple(MovementView(m.code, m.name, m.description) for m in rows)

    async def confirmation(self, member_id: int) -> Confirmation | None:
        """Return the member's confirmation of the current version, if any."""
        plan = await self.current()
        async with self._sessions.begin() as session:
            at = await session.scalar(
                select(Acknowledgement.confirmed_at).where(
                    Acknowledgement.plan_id == plan.id, Acknowledgement.member_id == member_id
                )
            )
        return None if at is None else Confirmation(plan.version, at, new=False)

    async def confirm(self, member: MemberView, version: int) -> Confirmation:
        """Record "Tôi đã đọc và cam kết thực hiện" for ``version``, which must be current."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            plan = await latest_or_fail(session)
            if plan.version != version:
                raise errors.PlanOutdated(version=plan.version)
            at = await session.scalar(
                select(Acknowledgement.confirmed_at).where(
                    Acknowledgement.plan_id == plan.id, Acknowledgement.member_id == member.id
                )
            )
            if at is not None:
                return Confirmation(plan.version, at, new=False)
            row = {"plan_id": plan.id, "member_id": member.id, "confirmed_at": now}
            # A second process confirming the same member at the same time is harmless, but
            # only the call whose row went in may score, or the board would count it twice.
            inserted = await session.execute(_insert_new(session, row))
            if inserted.first() is None:
                return Confirmation(plan.version, now, new=False)
            session.add(
                ScoreEvent(
                    kind="plan_confirmed",
                    member_id=member.id,
                    unit_id=member.unit.id,
                    share=100,
                    entity="plan",
                    entity_id=plan.id,
                    at=now,
                )
            )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(member.full_name, member.id),
                action="plan.confirm",
                entity="plan",
                entity_id=plan.version,
            )
        return Confirmation(plan.version, now, new=True)

    async def publish(
        self,
        actor: MemberView | None,
        source: str,
        file_name: str,
        *,
        dialog: Draft | None = None,
    ) -> Published:
        """Publish a plan text as the next version and tell every member (``None``: the CLI).

        Raises:
            PlanFormatError: The text is not a valid plan document; nothing changes.
        """
        if actor is not None:
            require_role(actor, OFFICE)
        document = parse_plan(source)
        now = self._clock.now()
        who = audit.CLI if actor is None else audit.Actor(actor.full_name, actor.id)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            previous = await latest(session)
            if previous is not None and previous.digest == document.digest:
                raise errors.PlanUnchanged(version=previous.version)
            version = 1 if previous is None else previous.version + 1
            plan = _plan_row(document, source, version, file_name, now, actor)
            session.add(plan)
            await session.flush()
            session.add_all(_section_rows(plan.id, document))
            await _sync_movements(session, document, now)
            notified = await self._tell_everyone(session, version, now)
            audit.record(
                session,
                at=now,
                actor=who,
                action="plan.publish",
                entity="plan",
                entity_id=version,
                after={"title": document.title, "file": file_name, "digest": document.digest},
            )
            await drafts.close(session, dialog, "dialog.done.plan", at=now, version=version)
        self._current = None
        self._outbox.notify()
        return Published(version, notified)

    async def load_default(self, path: Path) -> Published | None:
        """Publish the configured plan file unless its content was published before.

        Raises:
            PlanFormatError: The file is not a valid plan document.
        """
        content = await asyncio.to_thread(path.read_bytes)
        document = parse_plan(content)
        source = content.decode("utf-8-sig")
        async with self._sessions.begin() as session:
            seen = await session.scalar(select(Plan.id).where(Plan.digest == document.digest))
        if seen is not None:
            return None
        return await self.publish(None, source, path.name)

    async def _tell_everyone(self, session: AsyncSession, version: int, now: datetime) -> int:
        members = await session.scalars(
            select(Member.id).where(Member.active.is_(True)).order_by(Member.id)
        )
        accounts = await reachable(session, members.all())
        text = self._texts.t("plan.new_version_message", version=version)
        return enqueue_notice(session, self._texts, accounts, text, version, now)


def enqueue_notice(
    session: AsyncSession,
    texts: Texts,
    accounts: Iterable[tuple[str, str, int]],
    text: str,
    version: int,
    now: datetime,
) -> int:
    """Queue ``text`` with a "read the plan" button to each ``(channel, chat, member)``."""
    button = Button(texts.t("plan.button.read"), PlanPage(version, 0).pack())
    reply = Reply(text, buttons=((button,),))
    return sum(
        outbox.enqueue(session, [Outgoing(Channel(ch), chat, reply)], now=now, member_id=member)
        for ch, chat, member in accounts
    )


async def latest(session: AsyncSession) -> Plan | None:
    return await session.scalar(select(Plan).order_by(Plan.version.desc()).limit(1))


async def latest_or_fail(session: AsyncSession) -> Plan:
    plan = await latest(session)
    if plan is None:
        raise errors.NoPlan
    return plan


def _plan_row(
    document: PlanDocument,
    source: str,
    version: int,
    file_name: str,
    now: datetime,
    actor: MemberView | None,
) -> Plan:
    return Plan(
        version=version,
        title=document.title[:400],
        file_name=file_name[:200],
        source=source,
        digest=document.digest,
        published_at=now,
        published_by=None if actor is None else actor.id,
    )


def _section_rows(plan_id: int, document: PlanDocument) -> list[SectionRow]:
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


async def _sync_movements(session: AsyncSession, document: PlanDocument, now: datetime) -> None:
    """Add or update the document's movements; those it no longer names become inactive."""
    if not document.movements:
        return  # a plan without a movements part leaves the known movements as they are
    known = {m.code: m for m in await session.scalars(select(Movement))}
    for position, item in enumerate(document.movements):
        row = known.pop(item.code, None) or Movement(code=item.code)
        row.name, row.description, row.position = item.name, item.description, position
        row.active, row.updated_at = True, now
        session.add(row)
    for row in known.values():
        row.active, row.updated_at = False, now


def _insert_new(session: AsyncSession, row: dict[str, object]) -> Executable:
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
