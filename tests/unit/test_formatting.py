"""Tests for bot.formatting: Telegram-HTML length, plain text and splitting."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.formatting import (
    PAGE_HEADER_RESERVE,
    paginate,
    split_html,
    strip_html,
    visible_length,
)

HREF = "https://thidua.example.vn/bang-xep-hang?nam=2024&amp;don-vi=VP"
HREF_PLAIN = "https://thidua.example.vn/bang-xep-hang?nam=2024&don-vi=VP"

# Short enough that a two-word link label (at most 13 units) fits the smallest limit tested.
WORDS = [
    "Nguyễn",
    "Thị",
    "Hường",
    "Trần",
    "Văn",
    "Đức",
    "thi",
    "đua",
    "khen",
    "thưởng",
    "năm",
    "2024",
    "Sở",
    "🎉",
    "👍🏽",
    "&lt;b&gt;",
    "A&amp;B",
    "&quot;Tốt&quot;",
    "Đ&#7897;i",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n"]
CONTAINERS = ["b", "i", "u", "s", "code", "pre", "blockquote"]

_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|lt|gt|amp|quot);", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


class _TagBalance(HTMLParser):
    """Independent check (the stdlib parser) that a chunk's tags nest and close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def assert_well_formed(chunk: str) -> None:
    """Fail unless tags balance and every ``&`` starts a complete entity."""
    checker = _TagBalance()
    checker.feed(chunk)
    checker.close()
    assert checker.errors == [], chunk
    assert checker.stack == [], chunk
    text = _TAG_RE.sub("", chunk)
    assert "<" not in text, chunk
    assert ">" not in text, chunk
    assert text.count("&") == len(_ENTITY_RE.findall(text)), chunk


def squash(text: str) -> str:
    """Drop all whitespace, which a cut is allowed to remove."""
    return "".join(text.split())


def words_of(chunks: list[str]) -> list[str]:
    """The plain-text words of all chunks, in order."""
    return [word for chunk in chunks for word in strip_html(chunk).split()]


@st.composite
def _sequence(draw: st.DrawFn, nodes: st.SearchStrategy[str], max_size: int) -> str:
    parts = draw(st.lists(nodes, min_size=1, max_size=max_size))
    out = parts[0]
    for part in parts[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + part
    return out


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, inner: f"<{tag}>{inner}</{tag}>",
        st.sampled_from(CONTAINERS),
        _sequence(children, 6),
    )


def documents(*, long_words: bool) -> st.SearchStrategy[str]:
    """Well-formed messages: words, entities, emoji, line breaks and nested tags."""
    word: st.SearchStrategy[str] = st.sampled_from(WORDS)
    if long_words:
        long_word = st.builds(
            lambda base, count: base * count,
            st.sampled_from(["Hường", "🎉", "&lt;", "x"]),
            st.integers(min_value=10, max_value=80),
        )
        word = word | long_word
    link = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(
        lambda label: f'<a href="{HREF}">{" ".join(label)}</a>'
    )
    nodes = st.recursive(word | link, _element, max_leaves=30)
    return _sequence(nodes, 8)


LIMITS = st.integers(min_value=20, max_value=300)
PROPERTY_SETTINGS: Callable[[Callable[..., None]], Callable[..., None]] = settings(
    max_examples=100, deadline=None, database=None
)


# visible_length


def test_visible_length_ignores_tags_and_unescapes_entities() -> None:
    assert visible_length('<b>Hường</b> <a href="https://x.vn">&lt;3&amp;</a>') == 9


def test_visible_length_counts_emoji_as_two_utf16_units() -> None:
    assert visible_length("🎉") == 2
    assert visible_length("<i>Chúc mừng 🎉🎉</i>") == 14
    assert visible_length("&#127881;") == 2  # a numeric entity for 🎉 counts the same


def test_visible_length_of_decomposed_vietnamese_counts_each_code_point() -> None:
    # Telegram counts code units, so NFD text is longer than it looks.
    assert visible_length("Nguye\u0302\u0303n") == 8
    assert visible_length("Nguyễn") == 6


# strip_html


def test_strip_html_removes_tags_and_unescapes() -> None:
    text = "<b>Điểm:</b> <code>&lt;95&gt;</code> &quot;Tốt&quot; &amp; <s>cũ</s>"
    assert strip_html(text) == 'Điểm: <95> "Tốt" & cũ'


def test_strip_html_shows_link_address_after_label() -> None:
    assert strip_html(f'Xem <a href="{HREF}">bảng xếp hạng</a>.') == (
        f"Xem bảng xếp hạng ({HREF_PLAIN})."
    )


def test_strip_html_shows_link_once_when_label_is_the_address() -> None:
    assert strip_html('<a href="https://x.vn/a">https://x.vn/a</a>') == "https://x.vn/a"


# split_html: examples


def test_split_returns_fitting_text_unchanged() -> None:
    text = "  <b>Nguyễn Thị Hường</b>\n\n"
    assert split_html(text, visible_length(text)) == [text]
    assert split_html("") == [""]


def test_split_long_vietnamese_paragraph_cuts_at_spaces() -> None:
    sentence = "Phong trào thi đua yêu nước năm 2024 của Sở đã đạt nhiều kết quả nổi bật. "
    text = sentence * 12
    chunks = split_html(text, 100)
    assert len(chunks) > 1
    assert all(visible_length(chunk) <= 100 for chunk in chunks)
    assert all(chunk == chunk.strip() for chunk in chunks[:-1])
    assert words_of(chunks) == text.split()


def test_split_prefers_blank_line_then_newline_then_space() -> None:
    first = "Mở đầu báo cáo tổng kết năm"  # 27 units, past half of 40
    assert split_html(f"{first}\n\nĐoạn hai\ndòng ba", 40) == [first, "Đoạn hai\ndòng ba"]
    assert split_html(f"{first}\nDòng hai tiếp theo", 40) == [first, "Dòng hai tiếp theo"]


def test_split_does_not_cut_a_short_heading_off_alone() -> None:
    # A break in the first half of the window is worth no more than a space.
    text = "Kết quả\n" + "thi đua " * 10
    chunks = split_html(text.strip(), 40)
    assert chunks[0].startswith("Kết quả\nthi đua")
    assert all(visible_length(chunk) <= 40 for chunk in chunks)


def test_split_reopens_bold_that_spans_the_cut() -> None:
    text = "Danh sách: <b>" + "Nguyễn Thị Hường " * 6 + "</b>xong"
    chunks = split_html(text, 40)
    assert len(chunks) == 3
    assert chunks[0].startswith("Danh sách: <b>")
    assert chunks[0].endswith("</b>")
    assert chunks[1].startswith("<b>")
    assert chunks[1].endswith("</b>")
    for chunk in chunks:
        assert_well_formed(chunk)
    assert words_of(chunks) == strip_html(text).split()


def test_split_reopens_nested_tags_with_attributes() -> None:
    label = "Bảng xếp hạng thi đua toàn tỉnh năm 2024 theo từng đơn vị"
    text = f'<blockquote><a href="{HREF}"><b>{label}</b></a></blockquote>'
    chunks = split_html(text, 25)
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.startswith(f'<blockquote><a href="{HREF}"><b>')
        assert chunk.endswith("</b></a></blockquote>")
        assert visible_length(chunk) <= 25
    assert [strip_html(chunk).rsplit(" (", 1)[0] for chunk in chunks] == [
        "Bảng xếp hạng thi đua",
        "toàn tỉnh năm 2024 theo",
        "từng đơn vị",
    ]


def test_split_keeps_a_link_that_fits_whole() -> None:
    text = f'Mời các đồng chí xem <a href="{HREF}">bảng xếp hạng</a> ngay'
    chunks = split_html(text, 30)
    assert f'<a href="{HREF}">bảng xếp hạng</a>' in chunks[1]
    assert "<a" not in chunks[0]


def test_split_never_breaks_an_entity_near_the_cut() -> None:
    text = "Ký hiệu: " + "&lt;&amp;&gt;" * 10
    chunks = split_html(text, 12)
    assert chunks[0] == "Ký hiệu:"
    assert all(re.fullmatch(r"(?:&(?:lt|amp|gt);)+", chunk) for chunk in chunks[1:])
    assert "".join(chunks[1:]) == "&lt;&amp;&gt;" * 10


def test_split_cuts_an_over_long_word_without_splitting_emoji() -> None:
    word = "🎉" * 25  # 50 UTF-16 units
    chunks = split_html(f"Chúc mừng {word}", 20)
    assert chunks == ["Chúc mừng", "🎉" * 10, "🎉" * 10, "🎉" * 5]


def test_split_does_not_strand_a_combining_mark() -> None:
    word = "Nguye\u0302\u0303n" * 5  # decomposed: 8 units per name
    chunks = split_html(word, 10)
    assert "".join(chunks) == word
    assert not any(chunk[0] in "\u0302\u0303" for chunk in chunks)


def test_split_drops_whitespace_only_overflow() -> None:
    assert split_html("Xong" + " " * 50, 20) == ["Xong"]
    assert split_html("\n" * 50, 20) == []


def test_split_rejects_non_positive_limit() -> None:
    with pytest.raises(ValueError, match="limit"):
        split_html("x", 0)


# paginate


def test_paginate_reserves_room_for_the_page_header() -> None:
    text = "Đơn vị thi đua xuất sắc " * 20
    pages = paginate(text, 100)
    assert len(pages) > 1
    assert all(visible_length(page) <= 100 - PAGE_HEADER_RESERVE for page in pages)
    assert pages == split_html(text, 100 - PAGE_HEADER_RESERVE)


def test_paginate_rejects_limit_without_room_for_text() -> None:
    with pytest.raises(ValueError, match="header"):
        paginate("x", PAGE_HEADER_RESERVE)


# split_html: properties


@PROPERTY_SETTINGS
@given(documents(long_words=True), LIMITS)
def test_property_chunks_fit_are_well_formed_and_keep_the_text(text: str, limit: int) -> None:
    assert_well_formed(text)  # guards the generator itself
    chunks = split_html(text, limit)
    assert chunks
    for chunk in chunks:
        assert 0 < visible_length(chunk) <= limit
        assert_well_formed(chunk)
    # Only whitespace at the cuts may go; links that fit are never cut, so no address repeats.
    assert squash("".join(strip_html(chunk) for chunk in chunks)) == squash(strip_html(text))


@PROPERTY_SETTINGS
@given(documents(long_words=False), LIMITS)
def test_property_no_word_lost_duplicated_or_cut(text: str, limit: int) -> None:
    # With every word shorter than the limit a cut always finds whitespace.
    assert words_of(split_html(text, limit)) == strip_html(text).split()


@settings(max_examples=50, deadline=None, database=None)
@given(documents(long_words=True), st.integers(min_value=60, max_value=340))
def test_property_paginate_pages_leave_header_room(text: str, limit: int) -> None:
    for page in paginate(text, limit):
        assert visible_length(page) <= limit - PAGE_HEADER_RESERVE
