"""Forgiving answers: labels typed loosely, shares with "%", dates in the forms people type."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.dates import examples, read_moment
from bot.dialog_inputs import InvalidInput, Option, choose, parse_date, parse_number
from bot.ports import Channel, Incoming
from bot.texts import Texts

CONFIRM = [
    Option("yes", "✅ Xác nhận"),
    Option("edit", "✏️ Sửa lại"),
    Option("cancel", "✖️ Hủy"),
]
ROOT = Path(__file__).resolve().parents[2]


def typed(text: str) -> Incoming:
    return Incoming(Channel.CONSOLE, "c1", "u1", text=text)


def refusal(error: InvalidInput) -> str:
    return Texts.load().t(error.key, **error.params)


@pytest.mark.parametrize("text", ["xac nhan", "Xác nhận", "XAC NHAN", "✅ Xác nhận", "1"])
def test_a_label_typed_without_emoji_or_diacritics_picks_it(text: str) -> None:
    assert choose(typed(text), "n", 0, CONFIRM) == CONFIRM[0]


def test_a_label_that_folds_to_two_options_picks_neither() -> None:
    options = [Option("a", "Khác"), Option("b", "Khắc")]
    with pytest.raises(InvalidInput) as refused:
        choose(typed("khac"), "n", 0, options)
    assert "gõ số thứ tự từ 1 đến 2" in refusal(refused.value)
    assert choose(typed("Khắc"), "n", 0, options) == options[1]  # as shown still picks


@pytest.mark.parametrize("text", ["50", "50%", "50 %", " 50% "])
def test_a_share_is_read_with_or_without_the_percent_sign(text: str) -> None:
    assert parse_number(text, minimum=1, maximum=99) == 50


def test_a_percent_sign_alone_is_no_number() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_number("%", minimum=1, maximum=99)
    assert "Xin gõ một số" in refusal(refused.value)


@pytest.mark.parametrize("text", ["1/3/26", "01/03/2026", "1-3-2026", "1.3.2026", " 01/3/26 "])
def test_dates_are_read_in_the_forms_people_type(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 1)


def test_a_two_digit_year_is_of_this_century() -> None:
    assert parse_date("15/12/99") == date(2099, 12, 15)
    assert parse_date("15/12/00") == date(2000, 12, 15)


@pytest.mark.parametrize(
    ("text", "named"),
    [("31/02/2026", "31/02/2026"), ("31/2/26", "31/02/2026"), ("5-13-2026", "05/13/2026")],
)
def test_a_day_the_calendar_lacks_is_named(text: str, named: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text)
    assert f"ngày {named} không tồn tại" in refusal(refused.value)


@pytest.mark.parametrize("text", ["hôm qua", "2026-03-01", "1/3", "1/3/202"])
def test_other_text_is_no_date(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date(text)
    assert refused.value.key == "dialog.error.not_date"


def test_moments_take_the_same_days_and_either_order() -> None:
    day, hour, minute = read_moment("8h30 1/3/26") or (None, 0, 0)
    assert (day and day.date(), hour, minute) == (date(2026, 3, 1), 8, 30)
    day, hour, minute = read_moment("01-03-2026 08:30") or (None, 0, 0)
    assert (day and day.date(), hour, minute) == (date(2026, 3, 1), 8, 30)
    assert read_moment("08:30") is None


def test_example_dates_follow_today() -> None:
    assert examples(date(2026, 3, 2)) == {
        "example_day": "15/04/2026",
        "example_start": "01/01/2026",
        "example_end": "31/03/2026",
        "example_moment": "08:00 03/03/2026",
        "example_year": "2026",
        "example_today": "02/03/2026",
    }
    late = examples(date(2026, 12, 31), ["example_day", "example_end", "example_moment"])
    assert late == {
        "example_day": "15/01/2027",
        "example_end": "31/12/2026",
        "example_moment": "08:00 01/01/2027",
    }
    assert examples(date(2026, 3, 2), ["name"]) == {}


def test_no_example_date_is_written_into_the_catalogue() -> None:
    catalogue = (ROOT / "bot" / "texts" / "vi.toml").read_text(encoding="utf-8")
    assert re.findall(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", catalogue) == []
