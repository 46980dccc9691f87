"""The words every list's title row uses for its filters: the period, the state, the unit."""

from __future__ import annotations

from datetime import date, datetime

from bot.dates import MOMENT_FORMAT, day_text
from bot.texts import Texts


def period_words(
    texts: Texts, year: int | None, start: date | None, end: date | None
) -> list[str]:
    """The period in words (year, range), or "all time"."""
    first, last = (day_text(d) if d else "" for d in (start, end))
    parts = [] if year is None else [texts.t("export.filter.year", year=year)]
    if first and last:
        parts.append(texts.t("export.filter.range", start=first, end=last))
    elif first:
        parts.append(texts.t("export.filter.since", start=first))
    elif last:
        parts.append(texts.t("export.filter.until", end=last))
    return parts or [texts.t("export.filter.all_time")]


def state_and_unit_words(
    texts: Texts, state: str | None, unit_code: str | None, unit: str | None
) -> list[str]:
    """ "Mọi trạng thái" or the state's name, then "Tất cả đơn vị" or the unit's name."""
    return [
        texts.t("export.filter.all_states")
        if state is None
        else texts.t("export.filter.state", state=state),
        texts.t("export.filter.all_units")
        if unit_code is None
        else texts.t("export.filter.unit", unit=unit or unit_code),
    ]


def stamp(generated: datetime) -> str:
    """When a list was made, as its title row says it."""
    return generated.strftime(MOMENT_FORMAT)
