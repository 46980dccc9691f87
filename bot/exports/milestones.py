"""The year's milestones workbook (``/lichthidua`` as a sheet): one row per milestone, with
the Office's count of the units that have not acted and their names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.exports.filters import stamp
from bot.exports.sheet import DATE_FORMAT, CellValue, Column, build, number
from bot.formatting import strip_html
from bot.services.milestones import MilestoneState, MilestoneView, YearView
from bot.texts import Texts

#: Names of the states and of the reminders' recipients (literal keys, for the catalogue test).
STATES: dict[MilestoneState, str] = {
    MilestoneState.PAST: "milestone.export.state.past",
    MilestoneState.TODAY: "milestone.export.state.today",
    MilestoneState.COMING: "milestone.export.state.coming",
}
WHO: dict[str, str] = {
    "unit_heads_pending": "milestone.who.unit_heads_pending",
    "office": "milestone.who.office",
    "all": "milestone.who.all",
}


@dataclass(frozen=True, slots=True)
class Row:
    """A milestone and how many units are active (what its count is out of)."""

    milestone: MilestoneView
    units: int | None


def _pending(row: Row, texts: Texts) -> CellValue:
    milestone = row.milestone
    if not milestone.counted:
        return texts.t("milestone.export.not_counted")
    if milestone.pending is None:
        return texts.t("milestone.export.no_period")
    return len(milestone.pending)


def _units(row: Row, _texts: Texts) -> CellValue:
    return row.units if row.milestone.pending is not None else None


def _names(row: Row, _texts: Texts) -> CellValue:
    return "; ".join(row.milestone.pending or ())


def _remind(row: Row, _texts: Texts) -> CellValue:
    return ", ".join(str(days) for days in row.milestone.remind_days_before)


COLUMNS: tuple[Column[Row], ...] = (
    Column("export.column.number", 6, number),
    Column("milestone.export.column.on", 12, lambda r, t: r.milestone.on, DATE_FORMAT),
    Column("milestone.export.column.name", 50, lambda r, t: r.milestone.name, wrap=True),
    Column("milestone.export.column.state", 12, lambda r, t: t.t(STATES[r.milestone.state])),
    Column("milestone.export.column.remind", 14, _remind),
    Column("milestone.export.column.who", 28, lambda r, t: t.t(WHO[r.milestone.who]), wrap=True),
    Column("milestone.export.column.pending", 16, _pending, wrap=True),
    Column("milestone.export.column.units", 12, _units),
    Column("milestone.export.column.pending_units", 60, _names, wrap=True),
)


def workbook(view: YearView, texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of the year's milestones; see :func:`bot.exports.sheet.build`."""
    return build(
        rows=[Row(milestone, view.units) for milestone in view.milestones],
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("milestone.export.sheet"),
        title_line=title_line,
        frozen_columns=3,  # keep the day and the milestone in sight
    )


def title_line(texts: Texts, organisation: str, view: YearView, generated: datetime) -> str:
    """The first row: organisation, the year, when (plain text)."""
    return strip_html(
        texts.t("milestone.export.title", org=organisation, year=view.year, at=stamp(generated))
    )


def file_name(view: YearView) -> str:
    """An ASCII file name naming the year: ``lich-thi-dua-2026.xlsx``."""
    return f"lich-thi-dua-{view.year}.xlsx"
