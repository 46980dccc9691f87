"""The values of the registration of targets: the year's round, the titles one may register,
a unit head's form, what a unit registered, and the Office's overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.config_awards import Award
from bot.config_registration import titles_for


@dataclass(frozen=True, slots=True)
class Title:
    """A title one may register: its catalogue code and name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Titles:
    """The titles of the catalogue that are registered, as the form offers them.

    Attributes:
        individual: Members' titles, the default one first.
        collective: Units' titles.
        default: The title every member starts on (``None``: nobody is preselected).
        requires: Per individual title, the other individual titles it needs in the same
            year (CSTĐCS needs LĐTT): registering it registers them too.
    """

    individual: tuple[Title, ...]
    collective: tuple[Title, ...]
    default: str | None
    requires: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, awards: tuple[Award, ...], default: str) -> Titles:
        """The registered titles of ``awards``, ``default`` first."""
        individual = titles_for(awards, "individual")
        first = sorted(individual, key=lambda award: award.code != default)
        codes = {award.code for award in individual}
        requires = {
            award.code: tuple(c for c in award.eligibility.requires if c in codes)
            for award in individual
        }
        return cls(
            tuple(Title(a.code, a.name) for a in first),
            tuple(Title(a.code, a.name) for a in titles_for(awards, "collective")),
            default or None,
            requires,
        )

    def name(self, code: str) -> str:
        """A title's name (its code when the catalogue no longer has it)."""
        for title in (*self.individual, *self.collective):
            if title.code == code:
                return title.name
        return code

    def closure(self, code: str) -> tuple[str, ...]:
        """``code`` and every individual title it needs, in the form's order."""
        wanted, todo = {code}, [code]
        while todo:
            for needed in self.requires.get(todo.pop(), ()):
                if needed not in wanted:
                    wanted.add(needed)
                    todo.append(needed)
        return tuple(t.code for t in self.individual if t.code in wanted)

    def highest(self, codes: set[str]) -> str | None:
        """Of a member's registered titles, the one the form shows (the last in its order)."""
        found = [t.code for t in self.individual if t.code in codes]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class RoundView:
    """The registration of a year, as the Office opened it."""

    year: int
    deadline: date
    opened_at: datetime

    def closed_on(self, today: date) -> bool:
        """Tell whether the deadline has passed on ``today`` (the deadline day is open)."""
        return today > self.deadline


@dataclass(frozen=True, slots=True)
class Opened:
    """A year's registration as the Office just opened it; ``previous`` is the deadline it
    had before (``None``: newly opened)."""

    round: RoundView
    previous: date | None


@dataclass(frozen=True, slots=True)
class FormMember:
    """An active member of the unit and the title the form puts them on (``None``: not on
    the list)."""

    id: int
    full_name: str
    title: str | None


@dataclass(frozen=True, slots=True)
class RegistrationForm:
    """What a unit head edits: the unit's registration as saved, or the default.

    Attributes:
        version: The registration's version the head saw (0: never registered); saving
            with another version is refused.
        registered_at: When the unit last registered (``None``: never).
        collective: The unit's title code (``None``: none).
    """

    round: RoundView
    closed: bool
    unit_id: int
    unit: str
    version: int
    registered_at: datetime | None
    collective: str | None
    members: tuple[FormMember, ...]
    titles: Titles


@dataclass(frozen=True, slots=True)
class Registered:
    """A unit's saved registration: per title how many members, and the unit's title."""

    year: int
    unit: str
    version: int
    registered_at: datetime
    collective: str | None
    counts: tuple[tuple[str, int], ...]
    not_listed: int


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """One active unit on the Office's overview.

    Attributes:
        registered_at: When its head registered (``None``: not yet).
        counts: Members per individual title code, in the form's order.
        collective: The unit's title code, if it registered one.
    """

    unit_id: int
    unit: str
    registered_at: datetime | None
    registered_by: str
    counts: tuple[tuple[str, int], ...]
    collective: str | None


@dataclass(frozen=True, slots=True)
class RegistrationStatus:
    """The Office's overview of a year: every active unit, those not registered first."""

    round: RoundView
    units: tuple[UnitStatus, ...]

    @property
    def registered(self) -> int:
        """How many units have registered."""
        return sum(1 for unit in self.units if unit.registered_at is not None)


@dataclass(frozen=True, slots=True)
class MemberTargets:
    """What was registered for a member and their unit in a year.

    Attributes:
        round: The year's round (``None``: not opened).
        registered_at: When the unit registered (``None``: not yet).
        titles: The member's titles, in the form's order.
        collective: The unit's title code, if any.
    """

    year: int
    round: RoundView | None
    unit: str
    registered_at: datetime | None
    titles: tuple[str, ...]
    collective: str | None
