"""The initiatives workbook: a title row, a frozen header and one row per initiative.

```text
row 1   organisation — list of initiatives · filters · generated at
row 2   STT | Mã sáng kiến | Tên sáng kiến, giải pháp | …     (bold, frozen, autofilter)
row 3…  one initiative per row; dates are Excel dates (dd/mm/yyyy), long texts wrap
```
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.exports.filters import period_words, stamp, state_and_unit_words
from bot.exports.sheet import DATE_FORMAT, DATETIME_FORMAT, Column, build, local, name, number
from bot.formatting import strip_html
from bot.services.initiatives import ExportFilter, ExportRow
from bot.texts import Texts


def _coauthors(row: ExportRow, _texts: Texts) -> str:
    return "; ".join(f"{a.name} ({a.share}%)" for a in row.coauthors)


def _filer(row: ExportRow, texts: Texts) -> str:
    if row.filer != "investor":
        return strip_html(texts.t("initiative.form.filer_author"))
    return strip_html(
        texts.t(
            "initiative.form.filer_investor", name=row.investor_name, address=row.investor_address
        )
    )


def _blank(texts: Texts, value: str) -> str:
    return value or texts.t("initiative.form.blank")


def _authors(row: ExportRow, texts: Texts) -> str:
    """Each author as the form's table row: name, birth, workplace, title, qualification, %."""
    lines = []
    for a in row.authors:
        born = a.details.birth
        lines.append(
            texts.t(
                "initiative.form.author_details",
                name=a.name,
                birth=_blank(texts, "" if born is None else born.strftime("%d/%m/%Y")),
                workplace=_blank(texts, a.details.workplace),
                job_title=_blank(texts, a.details.job_title),
                qualification=_blank(texts, a.details.qualification),
                share=a.share,
            )
        )
    return strip_html("\n".join(lines))


def _appliers(row: ExportRow, texts: Texts) -> str:
    lines = [
        texts.t("initiative.form.applier_line", name=a.name, address=a.address, benefit=a.benefit)
        for a in row.appliers
    ]
    return strip_html("\n".join(lines))


_CONCLUSIONS = {
    "pass": "initiative.export.conclusion_pass",
    "fail": "initiative.export.conclusion_fail",
}


def _conclusion(row: ExportRow, texts: Texts) -> str:
    """The council's conclusion in words; blank when none was recorded."""
    key = _CONCLUSIONS.get(row.conclusion)
    return "" if key is None else texts.t(key)


COLUMNS: tuple[Column[ExportRow], ...] = (
    Column("export.column.number", 6, number),
    Column("export.column.code", 14, lambda r, t: r.code),
    Column("export.column.title", 40, lambda r, t: r.title, wrap=True),
    Column(
        "export.column.kind",
        24,
        lambda r, t: name(t, f"initiative.kind.{r.kind}", r.kind),
        wrap=True,
    ),
    Column("export.column.field", 20, lambda r, t: r.field, wrap=True),
    Column("export.column.movement", 30, lambda r, t: r.movement, wrap=True),
    Column("export.column.unit", 30, lambda r, t: r.unit, wrap=True),
    Column("export.column.author", 24, lambda r, t: r.author, wrap=True),
    Column("export.column.coauthors", 34, _coauthors, wrap=True),
    Column("export.column.author_share", 14, lambda r, t: r.author_share, "0"),
    Column(
        "export.column.state",
        22,
        lambda r, t: name(t, f"initiative.state.{r.state.value}", r.state.value),
        wrap=True,
    ),
    Column("export.column.submitted_at", 17, lambda r, t: local(r.submitted_at), DATETIME_FORMAT),
    Column("export.column.updated_at", 17, lambda r, t: local(r.updated_at), DATETIME_FORMAT),
    Column("export.column.applied_where", 30, lambda r, t: r.applied_where, wrap=True),
    Column("export.column.applied_since", 13, lambda r, t: r.applied_since, DATE_FORMAT),
    Column("export.column.problem", 50, lambda r, t: r.problem, wrap=True),
    Column("export.column.solution", 60, lambda r, t: r.solution, wrap=True),
    Column("export.column.benefit", 50, lambda r, t: r.benefit, wrap=True),
    Column("export.column.attachments", 11, lambda r, t: r.attachments, "0"),
    Column("export.column.novelty", 12, lambda r, t: r.novelty, "0.00"),
    Column("export.column.applicability", 13, lambda r, t: r.applicability, "0.00"),
    Column("export.column.benefit_score", 12, lambda r, t: r.benefit_score, "0.00"),
    # The application form's fields (TT 18/2013/TT-BKHCN, Phụ lục I), after the older columns.
    Column("initiative.form.column.filer", 30, _filer, wrap=True),
    Column("initiative.form.column.authors", 60, _authors, wrap=True),
    Column("initiative.form.column.confidential", 40, lambda r, t: r.confidential, wrap=True),
    Column("initiative.form.column.conditions", 50, lambda r, t: r.conditions, wrap=True),
    Column("initiative.form.column.appliers", 60, _appliers, wrap=True),
    # The council's conclusion and the head's decision (Decree 13/2012 Art. 8), after the form's
    # columns so that no earlier column letter moves; blank where nothing was recorded.
    Column("initiative.export.column.conclusion", 14, _conclusion),
    Column(
        "initiative.export.column.conclusion_reason",
        40,
        lambda r, t: r.conclusion_reason,
        wrap=True,
    ),
    Column("initiative.export.column.decision_number", 18, lambda r, t: r.decision_number),
    Column(
        "initiative.export.column.decision_date", 13, lambda r, t: r.decision_date, DATE_FORMAT
    ),
    Column(
        "initiative.export.column.decision_signer", 30, lambda r, t: r.decision_signer, wrap=True
    ),
    Column("initiative.export.column.certificate", 20, lambda r, t: r.certificate_number),
)


def workbook(rows: Sequence[ExportRow], texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of ``rows``.

    Args:
        rows: The initiatives, in the order to show them.
        texts: The catalogue the column and state names come from.
        title_line: Plain text for the first row (organisation, filters, generation time).

    Returns:
        The workbook file's bytes.
    """
    return build(
        rows=rows,
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("export.sheet"),
        title_line=title_line,
    )


def describe(texts: Texts, filters: ExportFilter, *, unit: str | None = None) -> str:
    """The filters in words, as plain text: "Năm 2026 · Mọi trạng thái · Tất cả đơn vị".

    Args:
        texts: The catalogue.
        filters: The filters applied.
        unit: The unit's name (``filters.unit_code`` is shown when it is not given).
    """
    state = filters.state and texts.t(f"initiative.state.{filters.state.value}")
    parts = period_words(texts, filters.year, filters.start, filters.end)
    parts += state_and_unit_words(texts, state, filters.unit_code, unit)
    return strip_html(" · ".join(parts))


def title_line(texts: Texts, organisation: str, filters: str, generated: datetime) -> str:
    """The first row: organisation, what is listed, the filters and when (plain text)."""
    at = stamp(generated)
    return strip_html(texts.t("export.title", org=organisation, filters=filters, at=at))


def file_name(filters: ExportFilter) -> str:
    """An ASCII file name telling the filters: ``sang-kien-2026-recognized-cntt.xlsx``."""
    parts = ["sang-kien"]
    if filters.year is not None:
        parts.append(str(filters.year))
    start, end = (f"{d:%Y%m%d}" if d else "" for d in (filters.start, filters.end))
    if start and end:
        parts.append(f"{start}-{end}")
    elif start or end:
        parts.append(f"tu-{start}" if start else f"den-{end}")
    if len(parts) == 1:
        parts.append("tat-ca")
    if filters.state is not None:
        parts.append(filters.state.value.replace("_", "-"))
    if filters.unit_code is not None:
        parts.append(filters.unit_code.lower())
    return "-".join(parts) + ".xlsx"
