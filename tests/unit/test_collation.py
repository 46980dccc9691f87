"""Vietnamese alphabetical order."""

from __future__ import annotations

from bot.collation import collation_key, sorted_vi


def names(*texts: str) -> list[str]:
    return sorted_vi(texts, key=lambda t: t)


def test_letters_with_marks_come_after_their_base_letter() -> None:
    assert names("Đông", "Ấp", "Anh", "Ẩn", "Ăn", "Dương", "Zê") == [
        "Anh",
        "Ăn",
        "Ẩn",
        "Ấp",
        "Dương",
        "Đông",
        "Zê",
    ]
    assert names("Ơn", "Ôn", "On", "Ưu", "Uy") == ["On", "Ôn", "Ơn", "Uy", "Ưu"]


def test_tones_break_ties_in_dictionary_order() -> None:
    assert names("Bạn", "Bán", "Bàn", "Bãn", "Ban", "Bản") == [
        "Ban",
        "Bàn",
        "Bản",
        "Bãn",
        "Bán",
        "Bạn",
    ]
    assert names("Bắc", "Bán", "Cà") == ["Bán", "Bắc", "Cà"]  # the letter before the tone


def test_units_as_a_merged_province_names_them() -> None:
    units = [
        "Phòng Tổ chức cán bộ",
        "Văn phòng Sở",
        "Phòng Công nghệ thông tin",
        "Phòng Đổi mới sáng tạo",
        "Phòng Bưu chính",
        "Phòng Chuyển đổi số",
    ]
    assert names(*units) == [
        "Phòng Bưu chính",
        "Phòng Chuyển đổi số",
        "Phòng Công nghệ thông tin",
        "Phòng Đổi mới sáng tạo",
        "Phòng Tổ chức cán bộ",
        "Văn phòng Sở",
    ]


def test_case_and_spacing_do_not_change_the_order_but_texts_stay_distinct() -> None:
    assert collation_key("an  bình")[:2] == collation_key("An Bình")[:2]
    assert collation_key("an bình") != collation_key("An Bình")
    assert names("b", "A", "a") == ["A", "a", "b"]
