"""Tests for bot.plan_document: the plan text format, its parser and the section renderer."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.formatting import split_html, strip_html, visible_length
from bot.plan_document import (
    MAX_TEXT_LENGTH,
    PlanDocument,
    PlanFormatError,
    PlanSection,
    parse_plan,
    render_section,
)
from tests.unit.test_plans_document_errors import OK

SOURCE = Path(__file__).resolve().parents[1] / "data" / "ke-hoach-thi-dua-2021-2025.txt"
MOVEMENT_CODES = [
    "nong-thon-moi",
    "vi-nguoi-ngheo",
    "van-hoa-cong-so",
    "covid-19",
    "chuyen-doi-so",
]


def _default_plan_text() -> str:
    path = resources.files("bot").joinpath("plans", "ke-hoach-thi-dua-2021-2025.md")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    return parse_plan(_default_plan_text())


def _compact(text: str) -> str:
    return " ".join(text.split())


def _as_read(section: PlanSection) -> str:
    return strip_html(render_section(section))


def _source_lines() -> list[str]:
    """The source's non-blank lines as a reader sees them: a "- " bullet is shown as "• "."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return [
        _compact(re.sub(r"^- ", "• ", line)) for line in lines if line.strip()
    ]  # fmt: skip


def _missing_lines(lines: list[str], rendered: str) -> list[str]:
    """Return the lines not found in ``rendered``, each searched after the previous one."""
    missing: list[str] = []
    position = 0
    for line in lines:
        found = rendered.find(line, position)
        if found < 0:
            missing.append(line)
        else:
            position = found + len(line)
    return missing


def _rendered_plan(document: PlanDocument) -> str:
    return _compact("\n\n".join(_as_read(section) for section in document.sections))


# The default plan


def test_default_plan_has_preamble_three_sections_and_five_movements(plan: PlanDocument) -> None:
    assert plan.title.startswith("Kế hoạch phát động phong trào thi đua thực hiện thắng lợi")
    assert plan.title.endswith("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    assert [(s.number, s.title) for s in plan.sections] == [
        ("", "Mở đầu"),
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NỘI DUNG THI ĐUA"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [s.items for s in plan.sections[1:]] == [2, 5, 2]
    assert [m.code for m in plan.movements] == MOVEMENT_CODES
    assert plan.movements[4].name == "Thi đua thực hiện chuyển đổi số quốc gia"
    for movement in plan.movements:
        assert 0 < len(movement.description) <= 400
        assert unicodedata.is_normalized("NFC", movement.description)


def test_default_plan_starts_with_its_title_line() -> None:
    assert _default_plan_text().startswith("# Kế hoạch phát động phong trào thi đua")


def test_preamble_keeps_the_header_of_the_official_document(plan: PlanDocument) -> None:
    preamble = _as_read(plan.sections[0])
    assert preamble.startswith("Số: /KH-STTTT\n\nVĩnh Phúc, ngày tháng 11 năm 2021\n\nKẾ HOẠCH")
    assert "Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021" in preamble
    assert preamble.endswith("xây dựng Kế hoạch phát động phong trào thi đua cụ thể như sau:")


def test_every_line_of_the_source_is_shown_in_order(plan: PlanDocument) -> None:
    assert _missing_lines(_source_lines(), _rendered_plan(plan)) == []


def test_the_sections_read_exactly_as_the_source(plan: PlanDocument) -> None:
    # Not a word added, changed or dropped: only "- " is shown as "• ".
    assert _rendered_plan(plan) == _compact(" ".join(_source_lines()))


def test_losing_any_line_of_the_default_plan_is_detected() -> None:
    lines = _default_plan_text().split("\n")
    first_movement = next(i for i, line in enumerate(lines) if line.startswith("## ["))
    expected = _source_lines()
    for index in range(first_movement):
        if not lines[index].strip():
            continue
        damaged = "\n".join(lines[:index] + lines[index + 1 :])
        try:
            document = parse_plan(damaged)
        except PlanFormatError:
            continue
        assert _missing_lines(expected, _rendered_plan(document)), lines[index]


# Rendering


def test_a_section_renders_as_telegram_html() -> None:
    document = parse_plan(
        "# K\n\n## I. MỤC ĐÍCH, YÊU CẦU\n\n### 1. Mục đích\n\n- một\n- hai\n\nĐoạn văn\ndòng hai\n"
    )
    assert render_section(document.sections[0]) == (
        "<b>I. MỤC ĐÍCH, YÊU CẦU</b>\n\n<b>1. Mục đích</b>\n\n• một\n• hai\n\nĐoạn văn\ndòng hai"
    )
    assert document.sections[0].body == "### 1. Mục đích\n\n- một\n- hai\n\nĐoạn văn\ndòng hai"


def test_the_preamble_has_no_heading_line() -> None:
    document = parse_plan("# K\nSố: 12/KH\n\nKẾ HOẠCH\n## I. A\nx\n")
    preamble = document.sections[0]
    assert (preamble.number, preamble.title) == ("", "Mở đầu")
    assert render_section(preamble) == "Số: 12/KH\n\nKẾ HOẠCH"


def test_without_text_before_the_first_section_there_is_no_preamble() -> None:
    document = parse_plan("\n\n# K\n\n\n## [ab] Phong trào\nMô tả.\n## I. A\nx\n")
    assert [s.number for s in document.sections] == ["I"]


def test_html_in_the_text_is_escaped() -> None:
    document = parse_plan(
        "# K <b>\n<script>alert(1)</script>\n## I. A & B <i>\n"
        "### <u>x</u>\n- Bộ TT&TT\n1 < 2 > 0\n"
    )
    rendered = "\n".join(render_section(s) for s in document.sections)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "<b>I. A &amp; B &lt;i&gt;</b>" in rendered
    assert "<b>&lt;u&gt;x&lt;/u&gt;</b>" in rendered
    assert "• Bộ TT&amp;TT" in rendered
    assert "1 &lt; 2 &gt; 0" in rendered
    assert set(re.findall(r"</?([a-z]+)", rendered)) == {"b"}
    assert document.title == "K <b>"


def test_items_count_subheadings_and_numbered_paragraphs() -> None:
    document = parse_plan(
        "# K\n## I. A\n### a\n1. một\n\n2. hai\ntiếp\n\n- 3. gạch đầu dòng\n\nNăm 2021. x\n### b\n"
    )
    # "### a" (whose paragraph starts with the heading), "2. hai" and "### b".
    assert document.sections[0].items == 3


def test_movement_description_is_plain_text() -> None:
    document = parse_plan(
        OK + "## [chuyen-doi-so]   Chuyển đổi số\nDòng một\n  dòng   hai\n\nĐoạn hai\n"
    )
    movement = document.movements[0]
    assert (movement.code, movement.name) == ("chuyen-doi-so", "Chuyển đổi số")
    assert movement.description == "Dòng một dòng hai\nĐoạn hai"


def test_movements_do_not_become_sections_or_swallow_them() -> None:
    document = parse_plan("# K\n## [ab] X\nmô tả\n## I. A\nx\n## [cd] Y\nmô tả\n## II. B\ny\n")
    assert [s.number for s in document.sections] == ["I", "II"]
    assert [m.code for m in document.movements] == ["ab", "cd"]
    assert document.sections[0].body == "x"


def test_the_longest_accepted_values_parse() -> None:
    text = f"# {'a' * 400}\n## I. {'B' * 200}\nx\n## [{'c' * 32}] {'n' * 200}\n{'đ' * 600}\n"
    document = parse_plan(text)
    assert len(document.movements[0].description) == 600
    long_text = "# K\n## I. A\n" + "x" * (MAX_TEXT_LENGTH - len("# K\n## I. A\n"))
    assert parse_plan(long_text).sections[0].body.startswith("xxx")


# Normalisation


def test_bom_crlf_and_trailing_spaces_parse_the_same_as_clean_text() -> None:
    clean = _default_plan_text()
    expected = parse_plan(clean)
    variants: list[str | bytes] = [
        "\ufeff" + clean,
        ("\ufeff" + clean.replace("\n", "\r\n")).encode("utf-8"),
        clean.replace("\n", "\r"),
        clean.encode("utf-8"),
        clean.replace("\n", "  \t\n"),
        "\n\n" + clean + "\n\n\n",
        unicodedata.normalize("NFD", clean),
    ]
    for variant in variants:
        assert parse_plan(variant) == expected


def test_a_change_of_text_changes_the_digest() -> None:
    assert parse_plan(OK).digest != parse_plan(OK.replace("Nội dung", "Nội  dung")).digest
    assert re.fullmatch(r"[0-9a-f]{64}", parse_plan(OK).digest)


# Properties

_CHARS = st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S"]) | st.sampled_from(
    list(" <>&;#-•\"'")
)
_WORDS = st.text(_CHARS, min_size=1, max_size=80).map(str.strip).filter(bool)
_TEXT_LINE = _WORDS.filter(lambda s: not s.startswith("#"))
_LINE = _TEXT_LINE | _WORDS.map(lambda s: f"### {s}") | _WORDS.map(lambda s: f"- {s}")
_BODY = st.lists(st.lists(_LINE, min_size=1, max_size=4).map("\n".join), min_size=1, max_size=6)
ROMANS = ["I", "II", "III", "IV", "V", "VI"]


@st.composite
def _plan_texts(draw: st.DrawFn) -> str:
    parts = [f"# {draw(_TEXT_LINE)}"]
    if draw(st.booleans()):
        parts.extend(draw(_BODY))
    for index in range(draw(st.integers(1, len(ROMANS)))):
        parts.append(f"## {ROMANS[index]}. {draw(_WORDS)}")
        parts.extend(draw(_BODY))
        if draw(st.booleans()):
            parts.append(f"## [pt-{index}] {draw(_WORDS)}")
            parts.append(draw(st.lists(_TEXT_LINE, min_size=1, max_size=5).map("\n".join)))
    return "\n\n".join(parts)


@settings(max_examples=150, deadline=None)
@given(_plan_texts())
def test_rendered_sections_split_into_pages_without_losing_text(text: str) -> None:
    document = parse_plan(text)
    numbers = [s.number for s in document.sections if s.number]
    assert numbers == ROMANS[: len(numbers)]
    for section in document.sections:
        rendered = render_section(section)
        heading = f"{section.number}. {section.title}" if section.number else ""
        body = re.sub(r"^### ", "", re.sub(r"^- ", "• ", section.body, flags=re.M), flags=re.M)
        assert _compact(strip_html(rendered)) == _compact(f"{heading} {body}")
        pages = split_html(rendered, 500)
        assert all(visible_length(page) <= 500 for page in pages)
        joined = "".join(strip_html(page) for page in pages)
        assert "".join(joined.split()) == "".join(strip_html(rendered).split())
