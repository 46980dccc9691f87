"""Tests for bot.plan_document's errors: each malformed plan names its problem and line,
every error has a Vietnamese text, and any input parses or raises a PlanFormatError."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.plan_document
from bot.plan_document import MAX_TEXT_LENGTH, PlanFormatError, parse_plan
from bot.texts import Texts, placeholders

# Every error key and the placeholders it is raised with, besides ``line``.
ERROR_PARAMS: dict[str, frozenset[str]] = {
    "plan.format.empty": frozenset(),
    "plan.format.not_unicode": frozenset(),
    "plan.format.too_long": frozenset(),
    "plan.format.no_title": frozenset(),
    "plan.format.second_title": frozenset(),
    "plan.format.no_sections": frozenset(),
    "plan.format.bad_heading": frozenset({"text"}),
    "plan.format.numbering": frozenset({"expected", "got"}),
    "plan.format.empty_section": frozenset({"number"}),
    "plan.format.bad_movement_code": frozenset({"code"}),
    "plan.format.duplicate_movement": frozenset({"code"}),
    "plan.format.movement_too_long": frozenset({"code", "max"}),
    "plan.format.empty_movement": frozenset({"code"}),
    "plan.format.deep_heading": frozenset(),
    "plan.format.title_too_long": frozenset(),
}

OK = "# Kế hoạch\n## I. MỤC ĐÍCH\nNội dung.\n"

# (key, source, line, params): a small malformed plan and the error a user should get.
ERROR_CASES: list[tuple[str, str | bytes, int, dict[str, object]]] = [
    ("plan.format.empty", "", 0, {}),
    ("plan.format.empty", b"\xef\xbb\xbf \r\n\t\r\n", 0, {}),
    ("plan.format.not_unicode", b"# K\xe1 ho\xe1ch\n## I. A\nx\n", 0, {}),
    ("plan.format.too_long", "# K\n## I. A\n" + "x" * MAX_TEXT_LENGTH, 0, {}),
    ("plan.format.too_long", b"x" * (4 * MAX_TEXT_LENGTH + 1), 0, {}),
    ("plan.format.no_title", "\n\nSố: /KH-STTTT\n## I. A\nx\n", 3, {}),
    ("plan.format.no_title", "## I. MỤC ĐÍCH\nx\n", 1, {}),
    ("plan.format.no_title", "#\n## I. A\nx\n", 1, {}),
    ("plan.format.title_too_long", "# " + "a" * 401 + "\n## I. A\nx\n", 1, {}),
    ("plan.format.title_too_long", "# K\n## I. " + "A" * 201 + "\nx\n", 2, {}),
    ("plan.format.title_too_long", OK + "## [ab] " + "n" * 201 + "\nmô tả\n", 4, {}),
    ("plan.format.second_title", OK + "# Kế hoạch khác\n", 4, {}),
    ("plan.format.no_sections", "# Kế hoạch\nChỉ có lời mở đầu.\n", 0, {}),
    ("plan.format.no_sections", "# Kế hoạch\n## [ab] Phong trào\nMô tả.\n", 0, {}),
    ("plan.format.bad_heading", OK + "## Phụ lục\ny\n", 4, {"text": "## Phụ lục"}),
    ("plan.format.bad_heading", OK + "## II.\ny\n", 4, {"text": "## II."}),
    ("plan.format.bad_heading", OK + "## [ab]\ny\n", 4, {"text": "## [ab]"}),
    ("plan.format.bad_heading", OK + "###\ny\n", 4, {"text": "###"}),
    ("plan.format.numbering", OK + "## III. C\ny\n", 4, {"expected": "II", "got": "III"}),
    ("plan.format.numbering", "# K\n## II. B\ny\n", 2, {"expected": "I", "got": "II"}),
    ("plan.format.numbering", OK + "## I. A\ny\n", 4, {"expected": "II", "got": "I"}),
    ("plan.format.empty_section", "# K\n## I. A\n\n## II. B\ny\n", 2, {"number": "I"}),
    ("plan.format.empty_section", OK + "## II. B\n   \n\n", 4, {"number": "II"}),
    (
        "plan.format.bad_movement_code",
        OK + "## [Chuyen Doi So] Tên\nmô tả\n",
        4,
        {"code": "Chuyen Doi So"},
    ),
    ("plan.format.bad_movement_code", OK + "## [a] Tên\nmô tả\n", 4, {"code": "a"}),
    ("plan.format.bad_movement_code", OK + f"## [{'a' * 33}] Tên\nmô tả\n", 4, {"code": "a" * 33}),
    (
        "plan.format.bad_movement_code",
        OK + "## [chuyển-đổi-số] Tên\nmô tả\n",
        4,
        {"code": "chuyển-đổi-số"},
    ),
    ("plan.format.duplicate_movement", OK + "## [ab] X\nx\n## [ab] Y\ny\n", 6, {"code": "ab"}),
    (
        "plan.format.movement_too_long",
        OK + "## [ab] X\n" + "á" * 601,
        4,
        {"code": "ab", "max": 600},
    ),
    ("plan.format.empty_movement", OK + "## [ab] X\n\n## II. B\ny\n", 4, {"code": "ab"}),
    ("plan.format.empty_movement", OK + "## [ab] X\n", 4, {"code": "ab"}),
    ("plan.format.deep_heading", OK + "#### Chi tiết\n", 4, {}),
    ("plan.format.deep_heading", "# K\n##### x\n## I. A\nx\n", 2, {}),
]


# Errors


@pytest.mark.parametrize(
    ("key", "source", "line", "params"),
    ERROR_CASES,
    ids=[f"{case[0].rsplit('.', 1)[1]}-{i}" for i, case in enumerate(ERROR_CASES)],
)
def test_malformed_plan_names_the_problem_and_line(
    key: str, source: str | bytes, line: int, params: dict[str, object]
) -> None:
    with pytest.raises(PlanFormatError) as caught:
        parse_plan(source)
    assert (caught.value.key, caught.value.line, caught.value.params) == (key, line, params)


def test_every_error_key_is_tested() -> None:
    assert {case[0] for case in ERROR_CASES} == set(ERROR_PARAMS)
    for key, _, _, params in ERROR_CASES:
        assert set(params) == ERROR_PARAMS[key], key


def test_every_key_the_parser_can_raise_is_listed() -> None:
    code = Path(bot.plan_document.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r'"(plan\.format\.[a-z0-9_]+)"', code)) == set(ERROR_PARAMS)


def test_every_error_has_a_vietnamese_text_with_matching_placeholders() -> None:
    texts = Texts.load()
    assert {k for k in texts.keys if k.startswith("plan.format.")} == set(ERROR_PARAMS)
    with_line = {key for key, _, line, _ in ERROR_CASES if line}
    for key, names in ERROR_PARAMS.items():
        expected = names | {"line"} if key in with_line else names
        assert placeholders(texts.raw(key)) == expected, key
        message = texts.t(key, line=7, **{name: f"<{name}>" for name in names})
        assert "{" not in message
        assert ("Dòng 7" in message) == (key in with_line), key


# Properties

_FRAGMENTS = st.sampled_from(
    ["# K", "#", "## I. A", "## II. B", "## IV. D", "### x", "###", "#### y", "- b", "", " ",
     "1. x", "## [ab] N", "## [AB] N", "## [ab]", "## foo", "\ufeff", "\r", "<b>&"]
)  # fmt: skip


@settings(max_examples=300)
@given(
    st.text()
    | st.lists(_FRAGMENTS | st.text(max_size=12), max_size=12).map("\n".join)
    | st.binary()
)
def test_any_input_parses_or_raises_a_plan_format_error(source: str | bytes) -> None:
    try:
        document = parse_plan(source)
    except PlanFormatError as error:
        assert error.key in ERROR_PARAMS
        assert set(error.params) == ERROR_PARAMS[error.key]
    else:
        assert any(section.number == "I" for section in document.sections)
