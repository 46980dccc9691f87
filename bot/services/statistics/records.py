"""What the yearly statistics service returns: the year's awarded items, the tables of
TT 02/2023/TT-BNV as rows of figures, and the check the Office reads before sending them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain import StaffCategory, Track

#: The Vietnamese name of each staff category (also accepted when one is typed or imported).
CATEGORY_LABELS: dict[StaffCategory, str] = {
    StaffCategory.PROVINCE_LEADER: "statistics.category.province_leader",
    StaffCategory.DEPARTMENT_LEADER: "statistics.category.department_leader",
    StaffCategory.ENTREPRENEUR: "statistics.category.entrepreneur",
    StaffCategory.OTHER_LEADER: "statistics.category.other_leader",
    StaffCategory.FRONTLINE: "statistics.category.frontline",
}
UNKNOWN_CATEGORY = "statistics.category.unknown"


class Subject(StrEnum):
    """Who an award went to, as the tables split it (tập thể / cá nhân)."""

    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"


@dataclass(frozen=True, slots=True)
class AwardedItem:
    """One item a decision of the year awarded (and nobody cancelled).

    Attributes:
        nomination_code: The nomination's code, for the check's lines.
        nominee_name: The person or unit awarded.
        unit_name: The proposing unit.
        subject: A collective or an individual.
        member_id: The member awarded, or ``None`` (a unit, or a person not registered).
        category: The member's staff category; ``None``: unknown (or not a member).
        track: Annual (thường xuyên), thematic (chuyên đề) or ad-hoc (đột xuất).
        award_code: The award's code as decided.
        award_name: The award's name as decided.
        form: The award's ``statistics_form`` in the catalogue; ``None``: unclassified.
    """

    nomination_code: str
    nominee_name: str
    unit_name: str
    subject: Subject
    member_id: int | None
    category: StaffCategory | None
    track: Track
    award_code: str
    award_name: str
    form: str | None


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A row of a table: its Mã số, label and unit (text keys), and one figure per column.

    A figure is ``None`` where the bot holds nothing for it (an empty cell), a number where
    it holds the data (0 included). A heading row has no code and no figures.
    """

    code: str
    label: str
    unit: str
    values: tuple[int | None, ...]
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One Biểu: ``form`` is its number (``0601`` …), ``rows`` in the form's order."""

    form: str
    rows: tuple[FigureRow, ...]

    def row(self, code: str) -> FigureRow:
        """The row with Mã số ``code``."""
        return next(r for r in self.rows if r.code == code)


@dataclass(frozen=True, slots=True)
class Unclassified:
    """An award whose column is unknown: no ``statistics_form`` (or no longer catalogued)."""

    code: str
    name: str
    awarded: int


@dataclass(frozen=True, slots=True)
class UnknownPerson:
    """A person whose staff category is unknown; ``award`` is set for one awarded this year."""

    name: str
    unit_name: str
    award: str = ""
    nomination_code: str = ""


@dataclass(frozen=True, slots=True)
class Check:
    """What the Office should fix before sending the tables.

    Attributes:
        awarded_unknown: Individuals awarded this year whose category is unknown (they count
            as individuals but in none of the category rows).
        active_unknown: Active members whose category is unknown.
        unclassified: Awards counted in no column for want of a classification.
    """

    awarded_unknown: tuple[UnknownPerson, ...]
    active_unknown: tuple[UnknownPerson, ...]
    unclassified: tuple[Unclassified, ...]

    @property
    def problems(self) -> int:
        """How many lines the check lists."""
        return len(self.awarded_unknown) + len(self.active_unknown) + len(self.unclassified)


@dataclass(frozen=True, slots=True)
class YearStatistics:
    """The tables of one year and their check.

    Attributes:
        year: The year reported (decisions signed in it; movements of its periods).
        items: The awarded items counted.
        movements: How many movements the bot holds for the year; ``None``: no period
            covers the year.
        tables: Biểu 0601.N, 0602.N and 0603.N, in that order.
        check: The problems to fix first.
    """

    year: int
    items: tuple[AwardedItem, ...]
    movements: int | None
    tables: tuple[Table, ...]
    check: Check

    def table(self, form: str) -> Table:
        """The table numbered ``form`` (``0602`` …)."""
        return next(t for t in self.tables if t.form == form)
