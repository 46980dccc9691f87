"""What became of a broadcast's deliveries: the counts its status and report show, the
people it did not reach, and why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import Texts
from models import Delivery, DeliveryStatus

#: Why a delivery waits for the person, as the delivery report says it (literal keys).
OUTCOME_KEYS = {
    "not_following": "reply_window.outcome.not_following",
    "inactive": "reply_window.outcome.inactive",
    "out_of_window": "reply_window.outcome.out_of_window",
    "out_of_quota": "reply_window.outcome.out_of_quota",
    "rate_limited": "reply_window.outcome.rate_limited",
}


@dataclass(frozen=True, slots=True)
class DeliveryCounts:
    """Where a broadcast's deliveries are.

    A delivery waiting for its Zalo OA reply window (the person has not written to the OA
    lately, and has no other channel) is settled for the report: the broadcast is done when
    nothing else is left, and the waiting ones go out by themselves when the person writes.
    """

    total: int
    sent: int
    blocked: int
    unreachable: int
    failed: int
    #: Not sent because the member left meanwhile (DESIGN §3.11): settled, not a problem.
    skipped: int = 0
    #: Waiting for the person to write to the OA, by outcome (``(outcome, count)``).
    waiting_by: tuple[tuple[str, int], ...] = ()
    #: Of the sent, how many went by another channel than the first one chosen.
    rerouted: int = 0
    #: Of the sent, how many the person saw (the OA's read receipts).
    seen: int = 0

    @property
    def waiting(self) -> int:
        """Deliveries waiting for the person to write to the OA again."""
        return sum(count for _, count in self.waiting_by)

    @property
    def settled(self) -> int:
        """Deliveries that reached an end, or wait for the person (sent or not)."""
        return (
            self.sent + self.blocked + self.unreachable + self.failed + self.skipped + self.waiting
        )

    @property
    def done(self) -> bool:
        """Whether nothing is left for the outbox (what waits for the person excepted)."""
        return self.settled >= self.total

    @property
    def problems(self) -> int:
        """Deliveries that did not reach their recipient and will not by themselves."""
        return self.blocked + self.unreachable + self.failed


@dataclass(frozen=True, slots=True)
class Undelivered:
    """A recipient the broadcast did not reach, and why."""

    full_name: str
    unit: str
    status: DeliveryStatus
    error: str
    #: Why the platform refused or held it (a ``DeliveryOutcome`` value), or empty.
    outcome: str = ""


def outcome_text(texts: Texts, outcome: str) -> str:
    """Why a delivery waits (or was refused), in words."""
    return texts.t(OUTCOME_KEYS.get(outcome, "reply_window.outcome.other"))


async def count_deliveries(session: AsyncSession, broadcast_id: int, total: int) -> DeliveryCounts:
    """Count a broadcast's deliveries by status (and outcome, for those waiting), with how
    many went by another channel and how many were seen, in one grouped query."""
    rows = await session.execute(
        select(
            Delivery.status,
            Delivery.outcome,
            func.count(),
            func.count(case((Delivery.rerouted_from != "", 1))),
            func.count(Delivery.seen_at),
        )
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status, Delivery.outcome)
    )
    by_status: dict[str, int] = {}
    waiting: dict[str, int] = {}
    rerouted = seen = 0
    for status, outcome, count, moved, read in rows.all():
        by_status[str(status)] = by_status.get(str(status), 0) + int(count)
        if status == DeliveryStatus.WAITING:
            waiting[str(outcome)] = waiting.get(str(outcome), 0) + int(count)
        if status == DeliveryStatus.SENT:
            rerouted, seen = rerouted + int(moved), seen + int(read)
    return DeliveryCounts(
        total=total,
        sent=by_status.get(DeliveryStatus.SENT, 0),
        blocked=by_status.get(DeliveryStatus.BLOCKED, 0),
        unreachable=by_status.get(DeliveryStatus.UNREACHABLE, 0),
        failed=by_status.get(DeliveryStatus.FAILED, 0),
        skipped=by_status.get(DeliveryStatus.SKIPPED, 0),
        waiting_by=tuple(sorted(waiting.items())),
        rerouted=rerouted,
        seen=seen,
    )
