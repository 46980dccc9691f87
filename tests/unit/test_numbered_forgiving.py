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
