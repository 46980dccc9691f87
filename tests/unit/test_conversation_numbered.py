"""Answers to numbered choices: a number, the option's text, or "trang N"."""

from __future__ import annotations

from bot.callbacks import InitiativeList, InitiativeScope, PlanPage, unpack
from bot.numbered import plain, press
from bot.ports import Button

CHOICES = [
    Button("📖 Mục lục", PlanPage(3, -1).pack()),
    Button("◀ Trước", PlanPage(3, 0).pack()),
    Button("Tôi đã đọc và cam kết thực hiện", "ka:3:ack"),
]


def test_plain_folds_case_diacritics_and_spaces() -> None:
    assert plain("Kế Hoạch") == "kehoach"
    assert plain("  Đề_cử ") == "decu"
    assert plain("BẢNG XẾP HẠNG") == "bangxephang"


def test_a_number_presses_that_choice_and_nothing_outside_the_list() -> None:
    assert press("2", CHOICES) == CHOICES[1]
    assert press(" 3 ", CHOICES) == CHOICES[2]
    assert press("0", CHOICES) is None
    assert press("4", CHOICES) is None
    assert press("2", []) is None


def test_the_option_text_presses_it_with_or_without_diacritics() -> None:
    assert press("tôi đã đọc và cam kết thực hiện", CHOICES) == CHOICES[2]
    assert press("toi da doc va cam ket thuc hien", CHOICES) == CHOICES[2]
    assert press("muc luc", CHOICES) == CHOICES[0]
    assert press("cam kết", CHOICES) is None  # a part of a label is not an answer


def test_trang_n_turns_a_paged_list_to_that_page() -> None:
    pressed = press("trang 5", CHOICES)
    assert pressed is not None
    assert unpack(pressed.data) == PlanPage(3, 4)
    listing = [Button("Sau ▶", InitiativeList(InitiativeScope.QUEUE, 1, "", 0, 0).pack())]
    pressed = press("Trang 1", listing)
    assert pressed is not None and unpack(pressed.data) == InitiativeList(
        InitiativeScope.QUEUE, 0, "", 0, 0
    )


def test_trang_without_a_paged_list_presses_nothing() -> None:
    assert press("trang 2", [CHOICES[2]]) is None
