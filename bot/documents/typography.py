"""How official documents write numbers, dates, money and the blanks of missing data
(Nghị định 30/2020/NĐ-CP on the presentation of administrative documents)."""

from __future__ import annotations

from datetime import date
from typing import Final

#: What a document shows where a datum is missing: visible, never an invented value.
BLANK: Final = "…………"
#: A short blank, inside a date or a number ("ngày … tháng …").
SHORT_BLANK: Final = "……"
#: Keeps "Số:" and the number, and a number and its unit, on one line.
NBSP: Final = "\u00a0"


def day_month(value: date) -> tuple[str, str]:
    """The day and month as a date line writes them: a 0 before days under 10 and before
    months 1 and 2 (NĐ 30/2020, Phụ lục I)."""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return day, month


def place_date(place: str, day: date | None) -> str:
    """ "Phú Thọ, ngày 05 tháng 12 năm 2026"; what is missing stays a blank."""
    where = place or BLANK
    if day is None:
        return f"{where}, ngày {SHORT_BLANK} tháng {SHORT_BLANK} năm {SHORT_BLANK}"
    d, m = day_month(day)
    return f"{where}, ngày {d} tháng {m} năm {day.year}"


def long_date(day: date | None) -> str:
    """ "ngày 05 tháng 12 năm 2026" inside a sentence, or a blank."""
    if day is None:
        return f"ngày {SHORT_BLANK} tháng {SHORT_BLANK} năm {SHORT_BLANK}"
    d, m = day_month(day)
    return f"ngày {d} tháng {m} năm {day.year}"


def short_date(day: date | None) -> str:
    """ "05/12/2026", or a blank."""
    return BLANK if day is None else day.strftime("%d/%m/%Y")


def number_line(number: str, symbol: str, abbreviation: str) -> str:
    """ "Số: 12/QĐ-SKHCN"; a draft's number the clerk has not given yet stays a blank."""
    tail = f"{symbol}-{abbreviation or SHORT_BLANK}" if symbol else abbreviation or SHORT_BLANK
    if "/" in number:
        return f"Số:{NBSP}{number}"
    return f"Số:{NBSP}{number or SHORT_BLANK}/{tail}"


def money(amount: int | None) -> str:
    """ "1.404.000" (dots between thousands), or a blank."""
    return BLANK if amount is None else f"{amount:,}".replace(",", ".")


def share(value: float | None) -> str:
    """A vote share as "85,7%" (comma decimal), or a blank."""
    if value is None:
        return BLANK
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def multiple(value: float | None) -> str:
    """An award's multiple of the base salary as "0,3", or a blank."""
    if value is None:
        return BLANK
    return f"{value:g}".replace(".", ",")
