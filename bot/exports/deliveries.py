"""Who a broadcast did not reach: one row per person, with the reason and the last error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.exports.filters import stamp
from bot.exports.sheet import Column, build, number
from bot.formatting import strip_html
from bot.services.broadcasts import Undelivered, outcome_text
from bot.texts import Texts

#: Names of the reasons, in the order rows are listed (literal keys for the catalogue test).
REASONS: dict[str, str] = {
    "blocked": "export.deliveries.reason.blocked",
    "unreachable": "export.deliveries.reason.unreachable",
    "failed": "export.deliveries.reason.failed",
    "waiting": "reply_window.export_reason",
}


def _reason(row: Undelivered, texts: Texts) -> str:
    key = REASONS.get(str(row.status))
    if key is None:
        return str(row.status)
    if str(row.status) == "waiting":
        return texts.t(key, reason=outcome_text(texts, row.outcome))
    return texts.t(key)


def _error(row: Undelivered, _texts: Texts) -> str:
    # Only a failure's error helps anyone; "not sent: blocked" repeats the reason.
    return row.error if str(row.status) == "failed" else ""


COLUMNS: tuple[Column[Undelivered], ...] = (
    Column("export.column.number", 6, number),
    Column("export.deliveries.column.name", 28, lambda r, t: r.full_name, wrap=True),
    Column("export.deliveries.column.unit", 36, lambda r, t: r.unit, wrap=True),
    Column("export.deliveries.column.reason", 24, _reason),
    Column("export.deliveries.column.error", 40, _error, wrap=True),
)


def workbook(rows: Sequence[Undelivered], texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of the people not reached; see :func:`bot.exports.sheet.build`."""
    # The same order as the chat list: blocked, never started, failed, waiting; by unit and
    # name within.
    order = list(REASONS)
    ranked = sorted(
        rows, key=lambda r: order.index(str(r.status)) if str(r.status) in order else 9
    )
    return build(
        rows=ranked,
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("export.deliveries.sheet"),
        title_line=title_line,
    )


def title_line(texts: Texts, organisation: str, broadcast_id: int, generated: datetime) -> str:
    """The first row: organisation, which broadcast, when (plain text)."""
    return strip_html(
        texts.t(
            "export.deliveries.title",
            org=organisation,
            id=broadcast_id,
            at=stamp(generated),
        )
    )


def file_name(broadcast_id: int) -> str:
    """An ASCII file name: ``chua-nhan-thong-bao-12.xlsx``."""
    return f"chua-nhan-thong-bao-{broadcast_id}.xlsx"
