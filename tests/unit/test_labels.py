"""Labels shortened between words."""

from __future__ import annotations

from bot.labels import shorten


def test_a_label_that_fits_is_kept_with_its_spacing_tidied() -> None:
    assert shorten("Nhắc  nộp báo cáo", 40) == "Nhắc nộp báo cáo"


def test_a_long_label_is_cut_between_words() -> None:
    label = shorten("Nhắc các đơn vị nộp báo cáo thi đua quý, hạn cuối tháng", 30)
    assert label == "Nhắc các đơn vị nộp báo cáo…"
    assert len(label) <= 30


def test_a_word_that_ends_exactly_at_the_limit_is_kept_whole() -> None:
    assert shorten("Báo cáo quý một năm", 13) == "Báo cáo quý…"


def test_one_overlong_word_is_cut_inside_as_nothing_else_fits() -> None:
    assert shorten("Khôngcókhoảngtrắngnàocả", 10) == "Khôngcókh…"
