"""Numbered choices answered by a label typed loosely: no emoji, no diacritics, no count."""

from __future__ import annotations

from bot.numbered import press
from bot.ports import Button

CHOICES = [
    Button("✅ Xác nhận", "d:1:0:yes"),
    Button("✏️ Sửa lại", "d:1:0:edit"),
    Button("📥 Việc chờ xử lý (5)", "m:inbox"),
]


def test_a_label_without_its_emoji_and_diacritics_presses_it() -> None:
    assert press("xac nhan", CHOICES) == CHOICES[0]
    assert press("Sửa lại", CHOICES) == CHOICES[1]


def test_a_count_in_brackets_may_be_left_out() -> None:
    assert press("viec cho xu ly", CHOICES) == CHOICES[2]
    assert press("Việc chờ xử lý (5)", CHOICES) == CHOICES[2]


def test_a_label_the_loose_forms_of_two_buttons_share_presses_neither() -> None:
    twins = [Button("Báo cáo (2)", "a"), Button("Báo cáo (3)", "b")]
    assert press("bao cao", twins) is None
    exact = [Button("Báo cáo", "a"), Button("Báo cáo (3)", "b")]
    assert press("bao cao", exact) == exact[0]  # the label as shown comes first


def test_emoji_alone_presses_nothing() -> None:
    assert press("✅", CHOICES) is None


def test_the_first_words_of_a_label_press_it_when_no_other_label_begins_so() -> None:
    actions = [
        Button("↩️ Trả lại để bổ sung", "ia:1:ret:2:0"),
        Button("🧑‍⚖️ Chuyển Hội đồng thẩm định", "ia:1:cnl:2:0"),
        Button("☰ Danh sách xét duyệt", "il:queue:0::0:0"),
    ]
    assert press("chuyen hoi dong", actions) == actions[1]
    assert press("tra lai", actions) == actions[0]
    assert press("chuyen hoi d", actions) is None  # whole words only
    assert press("hoi dong", actions) is None  # not words from the middle
    assert press("danh", actions) == actions[2]
    assert press("dan", actions) is None  # too few letters to name a label


def test_words_two_labels_hold_press_neither() -> None:
    twins = [Button("Tiếp nhận báo cáo", "a"), Button("Tiếp nhận sáng kiến", "b")]
    assert press("tiep nhan", twins) is None
    assert press("tiep nhan sang", twins) == twins[1]
