"""Plan coverage (who has confirmed the current version, or a past period's last one, unit by
unit) and reminding those who have not. The figures come from one grouped query, and one more
for who saw the plan's notice on the Zalo OA (its read receipts) without confirming yet:
Telegram reports no reading, so the confirmation stays the proof of commitment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Exists, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import collation_key
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services.common import MemberView, audit, require_role
from bot.services.delivery import OutboxService, reachable
from bot.services.plans.rows import enqueue_notice, latest_or_fail, notice_topic
from bot.texts import Texts
from models import Acknowledgement, AuditEntry, Delivery, Member, Plan, Unit

NUDGE_ACTION = "plan.nudge"


@dataclass(frozen=True, slots=True)
class UnitCoverage:
    """How many active members of a unit confirmed the current version."""

    unit_id: int
    code: str
    name: str
    members: int
    confirmed: int
    #: Members who saw the version's notice on the Zalo OA but have not confirmed.
    seen: int = 0

    @property
    def ratio(self) -> float:
        """Confirmed ÷ members (0 for a unit without members)."""
        return self.confirmed / self.members if self.members else 0.0


@dataclass(frozen=True, slots=True)
class UnitDetail:
    """A unit's coverage and the names of its members who have not confirmed: those who saw
    the notice on the Zalo OA apart (``seen``), the others in ``missing``."""

    coverage: UnitCoverage
    missing: tuple[str, ...]
    seen: tuple[str, ...] = ()


class PlanCoverageService:
    """Coverage per unit and nudges; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        nudge_cooldown: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._nudge_cooldown = nudge_cooldown

    async def coverage(
        self, actor: MemberView, version: int | None = None
    ) -> tuple[UnitCoverage, ...]:
        """All active units, lowest coverage first (units without members last), for the
        current version or ``version`` (a past period's plan)."""
        require_role(actor, REVIEWERS)
        return await self.coverage_all(version)

    async def coverage_all(self, version: int | None = None) -> tuple[UnitCoverage, ...]:
        """The same figures without a role check: counts only, public on the leaderboard."""
        async with self._sessions.begin() as session:
            plan = await _plan(session, version)
            rows = await session.execute(
                select(
                    Unit.id,
                    Unit.code,
                    Unit.name,
                    func.count(Member.id),
                    func.count(Acknowledgement.id),
                )
                .select_from(Unit)
                .outerjoin(Member, and_(Member.unit_id == Unit.id, Member.active.is_(True)))
                .outerjoin(
                    Acknowledgement,
                    and_(
                        Acknowledgement.member_id == Member.id,
                        Acknowledgement.plan_id == plan.id,
                    ),
                )
                .where(Unit.active.is_(True))
                .group_by(Unit.id, Unit.code, Unit.name)
            )
            seen = await _seen_per_unit(session, plan)
            units = [UnitCoverage(*row, seen=seen.get(row[0], 0)) for row in rows]
        return tuple(sorted(units, key=lambda u: (u.members == 0, u.ratio, collation_key(u.name))))

    async def unit_detail(
        self, actor: MemberView, unit_id: int, version: int | None = None
    ) -> UnitDetail:
        """One unit's coverage and who has not confirmed (unit heads: their own unit only), of
        the current version or ``version``."""
        if actor.role not in REVIEWERS and not (
            actor.role is Role.UNIT_HEAD and actor.unit.id == unit_id
        ):
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            plan = await _plan(session, version)
            rows = (
                await session.execute(
                    select(Unit.code, Unit.name, Member.full_name, Acknowledgement.id, _saw(plan))
                    .select_from(Unit)
                    .outerjoin(Member, and_(Member.unit_id == Unit.id, Member.active.is_(True)))
                    .outerjoin(
                        Acknowledgement,
                        and_(
                            Acknowledgement.member_id == Member.id,
                            Acknowledgement.plan_id == plan.id,
                        ),
                    )
                    .where(Unit.id == unit_id)
                )
            ).all()
        if not rows:
            raise errors.UnknownUnit(code=unit_id)
        names = [(name, ack is not None, saw) for _, _, name, ack, saw in rows if name is not None]
        seen = tuple(sorted(name for name, done, saw in names if saw and not done))
        missing = tuple(sorted(name for name, done, saw in names if not done and not saw))
        confirmed = sum(done for _, done, _ in names)
        coverage = UnitCoverage(
            unit_id, rows[0][0], rows[0][1], len(names), confirmed, seen=len(seen)
        )
        return UnitDetail(coverage, missing, seen)

    async def nudge(self, actor: MemberView) -> int:
        """Remind everyone who has not confirmed the current version; return how many."""
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            plan = await latest_or_fail(session)
            last = await session.scalar(
                select(func.max(AuditEntry.at)).where(
                    AuditEntry.action == NUDGE_ACTION, AuditEntry.entity_id == str(plan.version)
                )
            )
            if last is not None and now - last < self._nudge_cooldown:
                wait = self._nudge_cooldown - (now - last)
                raise errors.NudgeTooSoon(minutes=max(1, round(wait.total_seconds() / 60)))
            accounts = await _unconfirmed_accounts(session, plan.id)
            text = self._texts.t("plan.nudge_message", version=plan.version)
            count = enqueue_notice(session, self._texts, accounts, text, plan.version, now)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action=NUDGE_ACTION,
                entity="plan",
                entity_id=plan.version,
                after={"sent": count},
            )
        self._outbox.notify()
        return count


async def _plan(session: AsyncSession, version: int | None) -> Plan:
    if version is None:
        return await latest_or_fail(session)
    plan = await session.scalar(select(Plan).where(Plan.version == version))
    if plan is None:
        raise errors.NoPlan
    return plan


def _saw(plan: Plan) -> Exists:
    """Whether the member saw a notice of ``plan`` (a read receipt from the Zalo OA)."""
    return exists().where(
        Delivery.member_id == Member.id,
        Delivery.topic == notice_topic(plan.version),
        Delivery.seen_at.is_not(None),
    )


async def _seen_per_unit(session: AsyncSession, plan: Plan) -> dict[int, int]:
    """Per unit, the active members who saw a notice of ``plan`` and have not confirmed."""
    rows = await session.execute(
        select(Member.unit_id, func.count(Member.id))
        .outerjoin(
            Acknowledgement,
            and_(Acknowledgement.member_id == Member.id, Acknowledgement.plan_id == plan.id),
        )
        .where(Member.active.is_(True), Acknowledgement.id.is_(None), _saw(plan))
        .group_by(Member.unit_id)
    )
    return {unit_id: int(count) for unit_id, count in rows.all()}


async def _unconfirmed_accounts(
    session: AsyncSession, plan_id: int
) -> Iterable[tuple[str, str, int]]:
    members = await session.scalars(
        select(Member.id)
        .outerjoin(
            Acknowledgement,
            and_(Acknowledgement.member_id == Member.id, Acknowledgement.plan_id == plan_id),
        )
        .where(Member.active.is_(True), Acknowledgement.id.is_(None))
        .order_by(Member.id)
    )
    return await reachable(session, members.all())
