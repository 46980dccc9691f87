"""The nominations workbook: one row per nomination, the tracks that are not annual merit
flagged, and the decision that awarded it.

Ad-hoc and thematic rewards are not annual merit by default (``[nominations] merit_tracks``):
the column "Tính thành tích hằng năm" says so row by row (filter it to "Có" for the annual
list) and the title row repeats the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain import NominationState, NomineeKind, Track
from bot.exports.filters import period_words, stamp, state_and_unit_words
from bot.exports.sheet import DATE_FORMAT, DATETIME_FORMAT, Column, build, local, number
from bot.formatting import strip_html
from bot.services.nominations import NominationExportRow, NominationFilter
from bot.texts import Texts

Row = NominationExportRow
#: The short names of the tracks and states in a workbook (literal keys, so the catalogue
#: test sees them used).
TRACKS: dict[Track, str] = {
    Track.ANNUAL: "export.nominations.track.annual",
    Track.THEMATIC: "export.nominations.track.thematic",
    Track.ADHOC: "export.nominations.track.adhoc",
}
STATES: dict[NominationState, str] = {
    NominationState.SUBMITTED: "export.nominations.state.submitted",
    NominationState.RECEIVED: "export.nominations.state.received",
    NominationState.RETURNED: "export.nominations.state.returned",
    NominationState.RESUBMITTED: "export.nominations.state.resubmitted",
    NominationState.UNDER_REVIEW: "export.nominations.state.under_review",
    NominationState.RECOMMENDED: "export.nominations.state.recommended",
    NominationState.REJECTED: "export.nominations.state.rejected",
    NominationState.SENT_UP: "export.nominations.state.sent_up",
    NominationState.AWARDED: "export.nominations.state.awarded",
    NominationState.NOT_AWARDED: "export.nominations.state.not_awarded",
    NominationState.REVOKED: "export.nominations.state.revoked",
    NominationState.WITHDRAWN: "export.nominations.state.withdrawn",
}
KINDS: dict[NomineeKind, str] = {
    NomineeKind.MEMBER: "nomination.kind.member",
    NomineeKind.PERSON: "nomination.kind.person",
    NomineeKind.COLLECTIVE: "nomination.kind.collective",
}


def _annual_merit(row: Row, texts: Texts) -> str:
    return texts.t("export.flag.yes" if row.annual_merit else "export.flag.no")


COLUMNS: tuple[Column[Row], ...] = (
    Column("export.column.number", 6, number),
    Column("export.nominations.column.code", 14, lambda r, t: r.code),
    Column("export.nominations.column.year", 8, lambda r, t: r.year, "0"),
    Column(
        "export.nominations.column.track",
        18,
        lambda r, t: t.t(TRACKS[r.track]),
        wrap=True,
    ),
    Column(
        "export.nominations.column.annual_merit",
        14,
        _annual_merit,
    ),
    Column("export.column.movement", 30, lambda r, t: r.movement, wrap=True),
    Column("export.nominations.column.unit", 30, lambda r, t: r.unit, wrap=True),
    Column("export.nominations.column.nominee", 28, lambda r, t: r.nominee, wrap=True),
    Column(
        "export.nominations.column.nominee_kind",
        22,
        lambda r, t: t.t(KINDS[r.nominee_kind]),
        wrap=True,
    ),
    Column("export.nominations.column.award", 30, lambda r, t: r.award, wrap=True),
    Column(
        "export.column.state",
        22,
        lambda r, t: t.t(STATES[r.state]),
        wrap=True,
    ),
    Column("export.nominations.column.summary", 60, lambda r, t: r.summary, wrap=True),
    Column(
        "export.nominations.column.initiatives",
        20,
        lambda r, t: "; ".join(r.initiatives),
        wrap=True,
    ),
    Column("export.column.submitted_at", 17, lambda r, t: local(r.submitted_at), DATETIME_FORMAT),
    Column("export.column.updated_at", 17, lambda r, t: local(r.updated_at), DATETIME_FORMAT),
    Column("export.nominations.column.decision", 24, lambda r, t: r.decision, wrap=True),
    Column("export.nominations.column.decided_on", 12, lambda r, t: r.decided_on, DATE_FORMAT),
)


def workbook(rows: Sequence[Row], texts: Texts, title_line: str) -> bytes:
    """Build the ``.xlsx`` of ``rows``, in the order given (:func:`bot.exports.sheet.build`)."""
    return build(
        rows=rows,
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("export.nominations.sheet"),
        title_line=title_line,
    )


def describe(texts: Texts, filters: NominationFilter, *, unit: str | None = None) -> str:
    """The filters in words, as plain text: "Năm 2026 · Loại: Đột xuất · … · Tất cả đơn vị".

    Args:
        texts: The catalogue.
        filters: The filters applied.
        unit: The unit's name (``filters.unit_code`` is shown when it is not given).
    """
    parts = period_words(texts, filters.year, filters.start, filters.end)
    if filters.track is None:
        parts.append(texts.t("export.nominations.all_tracks"))
    else:
        track = texts.t(TRACKS[filters.track])
        parts.append(texts.t("export.nominations.filter_track", track=track))
    state = filters.state and texts.t(STATES[filters.state])
    parts += state_and_unit_words(texts, state, filters.unit_code, unit)
    return strip_html(" · ".join(parts))


def title_line(texts: Texts, organisation: str, filters: str, generated: datetime) -> str:
    """The first row: organisation, the filters, when, and the ad-hoc rule (plain text)."""
    at = stamp(generated)
    return strip_html(
        texts.t("export.nominations.title", org=organisation, filters=filters, at=at)
    )


def file_name(filters: NominationFilter) -> str:
    """An ASCII file name telling the filters: ``de-nghi-khen-thuong-2026-adhoc-cntt.xlsx``."""
    parts = ["de-nghi-khen-thuong"]
    if filters.year is not None:
        parts.append(str(filters.year))
    start, end = (f"{d:%Y%m%d}" if d else "" for d in (filters.start, filters.end))
    if start or end:
        parts.append(f"{start or 'dau'}-{end or 'nay'}")
    if len(parts) == 1:
        parts.append("tat-ca")
    for value in (filters.track, filters.state):
        if value is not None:
            parts.append(value.value.replace("_", "-"))
    if filters.unit_code is not None:
        parts.append(filters.unit_code.lower())
    return "-".join(parts) + ".xlsx"
