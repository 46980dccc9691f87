"""Initiatives as rows for a spreadsheet (DESIGN §3.8): the Office's lists for the Council.

One call reads every matching initiative with a fixed number of queries (the items, their
authors, their attachment counts, their average council scores and their first appliers),
whatever their number. The application form's fields (docs/initiatives.md) come after the older
ones in a row, then the council's conclusion and the head's decision, read from the item itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.clock import Clock
from bot.dates import day_text
from bot.domain import InitiativeState
from bot.roles import OFFICE
from bot.services.common import MemberView, NameHistory, name_history
from bot.services.initiatives import export_queries as queries
from bot.services.initiatives.form import NO_DETAILS, Applier, AuthorDetails, Filer, details_of
from models import (
    Initiative,
    InitiativeAuthor,
)

__all__ = [
    "EXPORTABLE_STATES",
    "AuthorShare",
    "ExportFilter",
    "ExportRow",
    "InitiativeExportService",
    "InitiativeState",
    "InvalidPeriod",
]

#: States an exported initiative can be in (drafts are never stored), in workflow order.
EXPORTABLE_STATES: tuple[InitiativeState, ...] = tuple(
    s for s in InitiativeState if s is not InitiativeState.DRAFT
)


class InvalidPeriod(errors.DomainError):
    """The first day of the period comes after its last day."""

    text_key = "export.error.period"


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which initiatives to export; ``None`` means any.

    Attributes:
        year: The year of submission (in the organisation's zone).
        start: The first day of submission, inclusive.
        end: The last day of submission, inclusive.
        state: The current state.
        unit_code: The code of the authors' unit.
    """

    year: int | None = None
    start: date | None = None
    end: date | None = None
    state: InitiativeState | None = None
    unit_code: str | None = None

    def days(self) -> tuple[date | None, date | None]:
        """The first and last day of submission the filter allows (year and range together).

        Raises:
            InvalidPeriod: ``start`` comes after ``end``.
        """
        if self.start is not None and self.end is not None and self.start > self.end:
            raise InvalidPeriod(start=day_text(self.start), end=day_text(self.end))
        first = [d for d in (self.start, _year_day(self.year, 1, 1)) if d is not None]
        last = [d for d in (self.end, _year_day(self.year, 12, 31)) if d is not None]
        return (max(first) if first else None, min(last) if last else None)


@dataclass(frozen=True, slots=True)
class AuthorShare:
    """An author, their % contribution and the form's details (blank when not given)."""

    name: str
    share: int
    details: AuthorDetails = NO_DETAILS


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One initiative as a spreadsheet row.

    Datetimes are timezone-aware in the organisation's zone, so a workbook can write their
    wall-clock time as people there read it. Average scores are ``None`` before any council
    member scored.
    """

    code: str
    title: str
    kind: str
    field: str
    movement: str
    unit: str
    author: str
    author_share: int
    coauthors: tuple[AuthorShare, ...]
    state: InitiativeState
    submitted_at: datetime
    updated_at: datetime
    applied_where: str
    applied_since: date
    problem: str
    solution: str
    benefit: str
    attachments: int
    novelty: float | None
    applicability: float | None
    benefit_score: float | None
    filer: str = Filer.AUTHOR
    investor_name: str = ""
    investor_address: str = ""
    #: Every author in the form's order, with their details.
    authors: tuple[AuthorShare, ...] = ()
    confidential: str = ""
    conditions: str = ""
    appliers: tuple[Applier, ...] = ()
    #: The council's conclusion, ``"pass"`` or ``"fail"``; blank before it (and on items
    #: recognised before migration 0016, whose conclusion and decision were never recorded).
    conclusion: str = ""
    conclusion_reason: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    decision_signer: str = ""
    certificate_number: str = ""


class InitiativeExportService:
    """Reads initiatives for export; only the Office, administrators and the CLI may."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, *, zone: ZoneInfo
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._zone = zone

    async def rows(self, actor: MemberView | None, filters: ExportFilter) -> tuple[ExportRow, ...]:
        """Every initiative matching ``filters``, oldest submission first.

        Args:
            actor: The member asking, or ``None`` for the command line (the server owner).
            filters: What to export.

        Raises:
            NotAllowed: The actor is neither of the Office nor an administrator.
            UnknownUnit: No unit has ``filters.unit_code``.
            InvalidPeriod: The period's first day comes after its last day.
        """
        if actor is not None and actor.role not in OFFICE:
            raise errors.NotAllowed
        first, last = filters.days()
        async with self._sessions.begin() as session:
            conditions = self._submitted_between(first, last)
            if filters.state is not None:
                conditions.append(Initiative.state == filters.state)
            if filters.unit_code is not None:
                unit_id = await queries.unit_id_of(session, filters.unit_code)
                conditions.append(Initiative.unit_id == unit_id)
            condition = and_(true(), *conditions)
            found = await queries.items(session, condition)
            if not found:
                return ()
            authors = await queries.authors_of(session, condition)
            files = await queries.attachment_counts(session, condition)
            scores = await queries.average_scores(session, condition)
            appliers = await queries.appliers_of(session, condition)
            names = await name_history(session)
            return tuple(
                replace(
                    self._row(
                        item,
                        self._unit_then(names, item, unit),
                        movement or "",
                        author,
                        authors[item.id],
                        files,
                        scores,
                    ),
                    appliers=appliers.get(item.id, ()),
                )
                for item, unit, movement, author in found
            )

    def _unit_then(self, names: NameHistory, item: Initiative, unit: str) -> str:
        """The unit's name when the initiative was submitted (DESIGN §3.11)."""
        return names.name(item.unit_id, unit, item.submitted_at.astimezone(self._zone).date())

    def _submitted_between(
        self, first: date | None, last: date | None
    ) -> list[ColumnElement[bool]]:
        """Submission between the local midnights that open ``first`` and close ``last``."""
        conditions: list[ColumnElement[bool]] = []
        if first is not None:
            conditions.append(Initiative.submitted_at >= self._midnight(first))
        if last is not None:
            conditions.append(Initiative.submitted_at < self._midnight(last + timedelta(days=1)))
        return conditions

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self._zone)

    def _row(
        self,
        item: Initiative,
        unit: str,
        movement: str,
        author: str,
        authors: Sequence[InitiativeAuthor],
        files: dict[int, int],
        scores: dict[int, queries.Scores],
    ) -> ExportRow:
        if item.filer == Filer.INVESTOR:  # the filer need not be an author: the first one is
            main = authors[0] if authors else None
        else:
            main = next((a for a in authors if a.member_id == item.author_id), None)
        others = tuple(AuthorShare(a.name, a.share) for a in authors if a is not main)
        score = scores.get(item.id, queries.Scores())
        return ExportRow(
            code=item.code,
            title=item.title,
            kind=item.kind,
            field=item.field,
            movement=movement,
            unit=unit,
            author=main.name if main is not None else author,
            author_share=main.share if main is not None else 100 - sum(a.share for a in others),
            coauthors=others,
            state=InitiativeState(item.state),
            submitted_at=item.submitted_at.astimezone(self._zone),
            updated_at=item.updated_at.astimezone(self._zone),
            applied_where=item.applied_where,
            applied_since=item.applied_since,
            problem=item.problem,
            solution=item.solution,
            benefit=item.benefit,
            attachments=files.get(item.id, 0),
            novelty=score.novelty,
            applicability=score.applicability,
            benefit_score=score.benefit,
            filer=item.filer,
            investor_name=item.investor_name,
            investor_address=item.investor_address,
            authors=tuple(AuthorShare(a.name, a.share, details_of(a)) for a in authors),
            confidential=item.confidential,
            conditions=item.conditions,
            conclusion=item.conclusion,
            conclusion_reason=item.conclusion_reason,
            decision_number=item.decision_number,
            decision_date=item.decision_date,
            decision_signer=item.decision_signer,
            certificate_number=item.certificate_number or "",
        )


def _year_day(year: int | None, month: int, day: int) -> date | None:
    return None if year is None else date(year, month, day)
