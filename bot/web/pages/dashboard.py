"""What the dashboard shows, gathered from the services and scoped as the chat scopes it:
reviewers (the Office, the council, leaders, administrators) see every unit; a unit head sees
their own unit's coverage and pipeline. The year's milestones and the charts are everyone's,
as ``/lichthidua`` and ``/bangxephang`` are in chat."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from bot import errors
from bot.clock import Clock
from bot.roles import OFFICE, REVIEWERS
from bot.services import Services
from bot.services.common import MemberView, StateCounts
from bot.services.milestones import MilestoneView
from bot.texts import Texts
from bot.web.recent import Recent


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One unit's confirmations of the current plan."""

    name: str
    confirmed: int
    members: int

    @property
    def percent(self) -> int:
        """A whole-number percentage, as the chat shows it (0 for a unit without members)."""
        return round(100 * self.confirmed / self.members) if self.members else 0


@dataclass(frozen=True, slots=True)
class Coverage:
    """The plan's coverage: ``version`` is ``None`` while no plan is published."""

    version: int | None
    rows: tuple[CoverageRow, ...] = ()
    #: Active units without members (left out of the table).
    empty_units: int = 0

    @property
    def total(self) -> CoverageRow:
        """Every shown unit together."""
        return CoverageRow(
            "", sum(r.confirmed for r in self.rows), sum(r.members for r in self.rows)
        )


@dataclass(frozen=True, slots=True)
class StateLink:
    """A state, how many items are in it, and the queue filtered by it."""

    label: str
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class Pipeline:
    """One kind of item (initiatives, nominations, unit reports) counted by state."""

    title: str
    queue: str
    total: int
    states: tuple[StateLink, ...]


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A milestone of the year and how far it is from today (negative: past)."""

    name: str
    on: date
    days: int
    is_next: bool
    #: For the Office, how many units have not acted yet (``None``: not counted).
    pending: int | None


#: Each kind's queue (built by the queue pages), its title and the catalogue's names of its
#: states.
QUEUES = {
    "initiatives": ("/web/sang-kien", "web.dashboard.pipeline_initiatives", "initiative.state."),
    "nominations": (
        "/web/khen-thuong",
        "web.dashboard.pipeline_nominations",
        "nomination.review.state.",
    ),
    "reports": ("/web/bao-cao", "web.dashboard.pipeline_reports", "report.state."),
}
#: The query parameter the queues filter by state with.
STATE_PARAMETER = "trang-thai"


#: How long the Office's all-units coverage is reused: the grouped query over every member is
#: the page's dearest, and many reviewers open the dashboard at the same moments.
COVERAGE_FRESH = timedelta(seconds=10)


class CoverageFigures:
    """The plan's coverage as the viewer may see it; all units' figures kept briefly."""

    def __init__(self, services: Services, clock: Clock) -> None:
        """Figures come from ``services``; ``clock`` ages the kept ones."""
        self._services = services
        self._kept = Recent[Coverage](clock, COVERAGE_FRESH)

    async def of(self, member: MemberView) -> Coverage:
        """Every unit's coverage for reviewers; a unit head's own unit (never kept)."""
        try:
            plan = await self._services.plans.current()
        except errors.NoPlan:
            return Coverage(None)
        if member.role not in REVIEWERS:
            detail = await self._services.plan_coverage.unit_detail(member, member.unit.id)
            unit = detail.coverage
            return Coverage(plan.version, (CoverageRow(unit.name, unit.confirmed, unit.members),))

        async def every_unit() -> Coverage:
            units = await self._services.plan_coverage.coverage(member, plan.version)
            rows = tuple(CoverageRow(u.name, u.confirmed, u.members) for u in units if u.members)
            return Coverage(plan.version, rows, len(units) - len(rows))

        return await self._kept.get(plan.version, every_unit)


def pipelines_key(member: MemberView) -> Hashable | None:
    """Reviewers all see every unit's pipeline (kept once); a unit head's is their own."""
    return "every unit" if member.role in REVIEWERS else None


def milestones_key(member: MemberView) -> Hashable | None:
    """The Office's milestones count the units (kept once); the others' cost no query."""
    return "office" if member.role in OFFICE else None


async def pipelines(services: Services, texts: Texts, member: MemberView) -> tuple[Pipeline, ...]:
    """Initiatives, nominations and unit reports by state, each state linking to its queue."""
    counted = {
        "initiatives": await services.initiatives.state_counts(member),
        "nominations": await services.nominations.state_counts(member),
        "reports": await services.reports.state_counts(member),
    }
    return tuple(_pipeline(texts, kind, counts) for kind, counts in counted.items())


def _pipeline(texts: Texts, kind: str, counts: StateCounts) -> Pipeline:
    queue, title, prefix = QUEUES[kind]
    states = tuple(
        StateLink(texts.t(prefix + state), count, f"{queue}?{urlencode({STATE_PARAMETER: state})}")
        for state, count in counts.counts
    )
    return Pipeline(texts.t(title), queue, counts.total, states)


async def milestones(services: Services, member: MemberView) -> tuple[MilestoneRow, ...]:
    """This year's milestones in date order, with the days left (or past)."""
    year = await services.milestones.year(member, services.milestones.this_year())
    return tuple(_milestone(view, year.today) for view in year.milestones)


def _milestone(view: MilestoneView, today: date) -> MilestoneRow:
    pending = None if view.pending is None else len(view.pending)
    return MilestoneRow(view.name, view.on, (view.on - today).days, view.is_next, pending)
