"""The values the vote-list service returns, and reading a list with its rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.config_awards import Award
from bot.domain import NominationState
from bot.services.vote_lists.eligibility import Problem, Row
from models import Attachment, Member, Nomination, Unit, VoteList

#: The entity name of a list's minutes in ``attachments``.
MINUTES = "vote_list"


class ListState(StrEnum):
    """Where a unit's list is: sent, received by the Office, or returned whole to the head."""

    SUBMITTED = "submitted"
    RECEIVED = "received"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class Meeting:
    """The unit meeting that voted: its day and how many attended."""

    held_on: date
    attendees: int


@dataclass(frozen=True, slots=True)
class RowView:
    """A row as shown: who, which title, the vote, and what the checks found.

    Attributes:
        nomination_id: The nomination the row became (``None`` before the list is sent).
        state: The nomination's state, once sent.
    """

    row: Row
    name: str
    award_name: str
    problems: tuple[Problem, ...]
    nomination_id: int | None = None
    code: str | None = None
    state: NominationState | None = None

    @property
    def blocked(self) -> bool:
        """A problem stops the list."""
        return any(p.blocking for p in self.problems)


@dataclass(frozen=True, slots=True)
class FormMember:
    """An active member of the unit and the titles registered for them."""

    id: int
    full_name: str
    position: str
    registered: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ListForm:
    """What a head needs to build the unit's list."""

    unit_id: int
    unit_name: str
    year: int
    members: tuple[FormMember, ...]
    unit_registered: tuple[str, ...]
    individual: tuple[Award, ...]
    collective: tuple[Award, ...]


@dataclass(frozen=True, slots=True)
class VoteListView:
    """A unit's list for a year, with its rows in order."""

    id: int
    code: str
    year: int
    unit_id: int
    unit_name: str
    state: ListState
    meeting: Meeting | None
    submitted_at: datetime | None
    return_reason: str
    version: int
    minutes: int
    rows: tuple[RowView, ...]

    @property
    def blocked(self) -> int:
        """How many rows a rule stops."""
        return sum(1 for r in self.rows if r.blocked)


async def find(session: AsyncSession, list_id: int) -> VoteList:
    """The list, or :class:`~bot.errors.VoteListNotFound`."""
    found = await session.get(VoteList, list_id)
    if found is None:
        raise errors.VoteListNotFound
    return found


async def load(
    session: AsyncSession,
    voted: VoteList,
    awards: Mapping[str, Award],
    checks: Mapping[int, tuple[Problem, ...]] | None = None,
) -> VoteListView:
    """The list with its live rows (withdrawn rows left out), with ``checks`` by nomination."""
    unit_name = await session.scalar(select(Unit.name).where(Unit.id == voted.unit_id)) or ""
    rows = await session.scalars(
        select(Nomination)
        .where(
            Nomination.list_id == voted.id,
            Nomination.state != NominationState.WITHDRAWN.value,
        )
        .order_by(Nomination.nominee_kind.desc(), Nomination.nominee_name, Nomination.id)
    )
    minutes = await session.scalar(
        select(func.count(Attachment.id)).where(
            Attachment.entity == MINUTES, Attachment.entity_id == voted.id
        )
    )
    meeting = (
        Meeting(voted.meeting_on, voted.attendees or 0) if voted.meeting_on is not None else None
    )
    return VoteListView(
        voted.id,
        voted.code,
        voted.year,
        voted.unit_id,
        unit_name,
        ListState(voted.state),
        meeting,
        voted.submitted_at,
        voted.return_reason,
        voted.version,
        minutes or 0,
        tuple(_row_view(n, awards, (checks or {}).get(n.id, ())) for n in rows),
    )


def _row_view(
    item: Nomination, awards: Mapping[str, Award], problems: tuple[Problem, ...]
) -> RowView:
    award = awards.get(item.award_code)
    row = Row(item.nominee_member_id, item.award_code, item.vote_share, item.basis)
    return RowView(
        row,
        item.nominee_name,
        award.name if award else item.award_name,
        problems,
        item.id,
        item.code,
        NominationState(item.state),
    )


async def names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Members' names by id."""
    found = await session.execute(select(Member.id, Member.full_name).where(Member.id.in_(ids)))
    return {row.id: row.full_name for row in found}
