"""The parts of the application form (Đơn yêu cầu công nhận sáng kiến, TT 18/2013/TT-BKHCN,
Phụ lục I) beyond the initiative's content: who files it, each author's details, and the
organisations or people who applied it first with their assessment of its benefit.

The limits here are the dialog's and the service's alike; the dialog asks for every field, the
service accepts blanks (initiatives filed before the form had these fields keep them) but
refuses what is too long or malformed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import InitiativeApplier, InitiativeAuthor

NAME_MAX = 200
ADDRESS_MAX = 300
WORKPLACE_MAX = 200
TITLE_MAX = 100
QUALIFICATION_MAX = 100
TEXT_MAX = 3000
#: The most appliers one proposal lists (a screen-size limit, not a legal one).
APPLIERS_MAX = 10
#: The youngest and oldest age an author's date of birth may give (a sanity check).
AGE_MIN = 15
AGE_MAX = 100


class Filer(StrEnum):
    """Who files the application: an author, or the investor who paid for creating the
    initiative (chủ đầu tư tạo ra sáng kiến), who need not be an author."""

    AUTHOR = "author"
    INVESTOR = "investor"


@dataclass(frozen=True, slots=True)
class AuthorDetails:
    """The form's columns for one author (``birth_date`` as ``YYYY-MM-DD``, or blank)."""

    birth_date: str = ""
    workplace: str = ""
    job_title: str = ""
    qualification: str = ""

    def valid(self) -> bool:
        """Whether each part is within its limit and the date, if any, is a date."""
        if self.birth_date:
            try:
                date.fromisoformat(self.birth_date)
            except ValueError:
                return False
        return (
            len(self.workplace) <= WORKPLACE_MAX
            and len(self.job_title) <= TITLE_MAX
            and len(self.qualification) <= QUALIFICATION_MAX
        )

    @property
    def birth(self) -> date | None:
        """The date of birth, or ``None`` when not given."""
        return date.fromisoformat(self.birth_date) if self.birth_date else None


@dataclass(frozen=True, slots=True)
class Applier:
    """An organisation or person who applied or trial-applied the initiative first."""

    name: str
    address: str
    benefit: str

    def valid(self) -> bool:
        """Whether each part is given and within its limit."""
        return (
            1 <= len(self.name) <= NAME_MAX
            and 1 <= len(self.address) <= ADDRESS_MAX
            and 1 <= len(self.benefit) <= TEXT_MAX
        )


def birth_range(today: date) -> tuple[date, date]:
    """The earliest and latest date of birth accepted on ``today``."""
    return _years_before(today, AGE_MAX), _years_before(today, AGE_MIN)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


#: An author listed before the form had its columns (or not yet told).
NO_DETAILS = AuthorDetails()


def details_of(author: InitiativeAuthor) -> AuthorDetails:
    """The form's columns of a stored author."""
    born = "" if author.birth_date is None else author.birth_date.isoformat()
    return AuthorDetails(born, author.workplace, author.job_title, author.qualification)


async def appliers_of(session: AsyncSession, item_id: int) -> tuple[Applier, ...]:
    """The first appliers of an initiative, in their order."""
    rows = await session.scalars(_appliers_query(), {"item": item_id})
    return tuple(Applier(a.name, a.address, a.benefit) for a in rows)


@cache
def _appliers_query() -> Select[InitiativeApplier]:
    """Built on first use and kept: every dossier reads it (see ``records.load_view``)."""
    return (
        select(InitiativeApplier)
        .where(InitiativeApplier.initiative_id == bindparam("item"))
        .order_by(InitiativeApplier.position)
    )
