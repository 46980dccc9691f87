"""The report status workbook: one reporting period, one row per active unit."""

from __future__ import annotations

from datetime import datetime

from bot.dates import day_text
from bot.domain import ReportState
from bot.exports.filters import stamp
from bot.exports.sheet import DATETIME_FORMAT, Column, build, local, number
from bot.formatting import strip_html
from bot.services.reports import ReportExport, ReportStatusRow, UnitStatus
from bot.texts import Texts

Row = ReportStatusRow
#: Names of the statuses and decisions (literal keys, so the catalogue test sees them used).
STATUSES: dict[UnitStatus, str] = {
    UnitStatus.MISSING: "export.reports.status.missing",
    UnitStatus.LATE: "export.reports.status.late",
    UnitStatus.SUBMITTED: "export.reports.status.submitted",
    UnitStatus.RETURNED: "export.reports.status.returned",
    UnitStatus.ACCEPTED: "export.reports.status.accepted",
}
DECISIONS: dict[ReportState, str] = {
    ReportState.ACCEPTED: "export.reports.decision.accepted",
    ReportState.RETURNED: "export.reports.decision.returned",
}


def _late(row: Row, texts: Texts) -> str:
    # A unit that has not sent yet is neither late nor on time: the cell stays empty.
    if row.status is UnitStatus.MISSING:
        return ""
    return texts.t("export.flag.yes" if row.late else "export.flag.no")


def _decision(row: Row, texts: Texts) -> str:
    if row.decision is None:
        return ""
    key = DECISIONS.get(row.decision)
    return row.decision.value if key is None else texts.t(key)


COLUMNS: tuple[Column[Row], ...] = (
    Column("export.column.number", 6, number),
    Column("export.reports.column.code", 12, lambda r, t: r.code),
    Column("export.reports.column.unit", 40, lambda r, t: r.unit, wrap=True),
    Column(
        "export.reports.column.status",
        16,
        lambda r, t: t.t(STATUSES[r.status]),
    ),
    Column(
        "export.reports.column.submitted_at",
        17,
        lambda r, t: local(r.submitted_at),
        DATETIME_FORMAT,
    ),
    Column("export.reports.column.late", 10, _late),
    Column("export.reports.column.submitter", 26, lambda r, t: r.submitter, wrap=True),
    Column("export.reports.column.decision", 22, _decision, wrap=True),
    Column(
        "export.reports.column.decided_at", 17, lambda r, t: local(r.decided_at), DATETIME_FORMAT
    ),
    Column("export.reports.column.reason", 50, lambda r, t: r.reason, wrap=True),
)


def workbook(export: ReportExport, texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of the period's rows; see :func:`bot.exports.sheet.build`."""
    return build(
        rows=export.rows,
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("export.reports.sheet"),
        title_line=title_line,
        frozen_columns=3,  # keep the unit's code and name in sight
    )


def received(export: ReportExport) -> int:
    """How many units sent a report (whatever became of it)."""
    return sum(row.status is not UnitStatus.MISSING for row in export.rows)


def title_line(texts: Texts, organisation: str, export: ReportExport, generated: datetime) -> str:
    """The first row: organisation, the period and its deadline, the count, when (plain text)."""
    return strip_html(
        texts.t(
            "export.reports.title",
            org=organisation,
            period=export.period.name,
            deadline=day_text(export.period.deadline),
            received=received(export),
            units=len(export.rows),
            at=stamp(generated),
        )
    )


def file_name(export: ReportExport) -> str:
    """An ASCII file name naming the period by its number: ``tinh-hinh-bao-cao-ky-3.xlsx``."""
    return f"tinh-hinh-bao-cao-ky-{export.period.id}.xlsx"
