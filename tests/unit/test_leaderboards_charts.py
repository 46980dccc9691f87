"""Leaderboard charts: valid PNGs, readable on a phone, every Vietnamese letter drawn."""

from __future__ import annotations

import io
import itertools
import struct
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from bot.charts import (
    DPI,
    WIDTH_IN,
    ChartHeader,
    coverage_figure,
    coverage_png,
    ranking_figure,
    ranking_png,
    ranking_size,
    trend_figure,
    trend_png,
)
from bot.charts import _style as style
from bot.charts.bars import LABEL_GID, VALUE_GID

HEADER = ChartHeader("Sở Văn hóa tỉnh Vĩnh Phúc", "Quý I/2026", "lập lúc 09:00 02/03/2026")
LONG = "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên"
UNITS = [f"{LONG} số {i}" if i % 3 else f"Ủy ban nhân dân xã Đạo Trù {i}" for i in range(40)]
SCORES = [round(100 - i * 2.37, 2) for i in range(40)]
MONTHS = [f"T{m}/2026" for m in range(1, 13)]

_BASES = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u"]
_BASES += ["u\u031b", "y"]
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter with every tone mark, both cases, precomposed."""
    lower = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES] + ["đ"]
    letters = lower + [letter.upper() for letter in lower]
    assert all(len(letter) == 1 for letter in letters)
    return letters


def ranking() -> Figure:
    return ranking_figure(UNITS, SCORES, HEADER, title="Bảng xếp hạng", value_label="Điểm")


def coverage() -> Figure:
    percents = [100 - i * 2.5 for i in range(40)]
    return coverage_figure(
        UNITS, percents, HEADER, title="Xác nhận", target_percent=80, target_label="Mục tiêu"
    )


def trend() -> Figure:
    submitted = [i * 7 % 30 for i in range(12)]
    recognised = [i * 3 % 11 for i in range(12)]
    return trend_figure(
        MONTHS,
        submitted,
        recognised,
        HEADER,
        title="Sáng kiến",
        submitted_label="Đã gửi",
        recognised_label="Được công nhận",
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "ranking": ranking,
    "coverage": coverage,
    "trend": trend,
}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def shown_texts(figure: Figure) -> Iterator[Text]:
    for artist in figure.findobj(Text):
        assert isinstance(artist, Text)
        if artist.get_visible() and artist.get_text():
            yield artist


def missing_glyphs(figure: Figure) -> list[str]:
    """Draw ``figure`` and return the missing-glyph warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="rgba")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_ranking_png_is_a_wide_png() -> None:
    data = ranking_png(UNITS, SCORES, HEADER, title="Bảng xếp hạng", value_label="Điểm")
    width, height = png_size(data)
    assert width >= 1200
    assert (width, height) == (round(WIDTH_IN * DPI), round(ranking_size(40)[1] * DPI))
    assert data.endswith(b"IEND\xaeB`\x82")


def test_coverage_and_trend_png_are_wide_pngs() -> None:
    cover = coverage_png(UNITS[:5], [10, 50, 80, 95, 100], HEADER, title="X", target_percent=80)
    line = trend_png(
        MONTHS, [1] * 12, [0] * 12, HEADER, title="T", submitted_label="A", recognised_label="B"
    )
    assert png_size(cover)[0] >= 1200
    assert png_size(line)[0] >= 1200


def test_height_grows_with_rows() -> None:
    heights = [ranking_size(rows)[1] for rows in (1, 10, 40)]
    assert heights == sorted(heights)
    assert heights[0] < heights[2]
    assert ranking_size(40)[0] == WIDTH_IN


@pytest.mark.parametrize("build", [ranking, coverage])
def test_forty_unit_labels_do_not_overlap(build: Callable[[], Figure]) -> None:
    figure = build()
    labels = [t for t in shown_texts(figure) if t.get_gid() == LABEL_GID]
    values = [t for t in shown_texts(figure) if t.get_gid() == VALUE_GID]
    assert len(labels) == len(values) == 40
    boxes = [t.get_window_extent() for t in labels]
    boxes.sort(key=lambda box: box.y0)
    for lower, upper in itertools.pairwise(boxes):
        assert lower.y1 < upper.y0, "unit labels overlap"
    axes_box = figure.axes[0].get_window_extent()
    width = figure.bbox.width
    assert all(box.x0 >= 0 and box.x1 <= axes_box.x0 for box in boxes)
    assert all(t.get_window_extent().x1 <= width for t in values)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_fonts_are_at_least_12_points(name: str) -> None:
    sizes = [float(t.get_fontsize()) for t in shown_texts(FIGURES[name]())]
    assert sizes
    assert min(sizes) >= 12


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_header_on_every_chart(name: str) -> None:
    texts = " | ".join(t.get_text() for t in shown_texts(FIGURES[name]()))
    for part in (HEADER.organisation, HEADER.period, HEADER.generated_at):
        assert part in texts


def test_ranking_is_best_first_with_decimal_comma() -> None:
    figure = ranking_figure(
        ["Thấp", "Cao", "Giữa"], [1.0, 12.5, 3.4], HEADER, title="X", value_label="Điểm"
    )
    labels = [t for t in shown_texts(figure) if t.get_gid() == LABEL_GID]
    values = [t for t in shown_texts(figure) if t.get_gid() == VALUE_GID]
    by_row = sorted(zip(labels, values, strict=True), key=lambda pair: pair[0].get_position()[1])
    assert [(label.get_text(), value.get_text()) for label, value in by_row] == [
        ("Cao", "12,5"),
        ("Giữa", "3,4"),
        ("Thấp", "1"),
    ]


def test_coverage_draws_the_target_line_and_its_label() -> None:
    figure = coverage_figure(
        ["A", "B"], [40.0, 90.0], HEADER, title="X", target_percent=80, target_label="Mục tiêu"
    )
    axes = figure.axes[0]
    assert any(
        np.asarray(line.get_xdata(), dtype=float).tolist() == [80.0, 80.0]
        for line in axes.get_lines()
    )
    assert "Mục tiêu 80%" in [t.get_text() for t in axes.texts]


def test_long_names_are_cut_with_an_ellipsis() -> None:
    name = LONG + " tỉnh Vĩnh Phúc"
    cut = style.clean_label(name)
    assert len(cut) == style.MAX_LABEL_CHARS
    assert cut.endswith("…")
    assert style.clean_label(LONG) == LONG
    decomposed = unicodedata.normalize("NFD", LONG)
    assert style.clean_label(decomposed) == LONG


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.5, "12,5"), (12.0, "12"), (1234.5, "1.234,5"), (0.375, "0,38"), (-0.001, "0")],
)
def test_decimal_comma(value: float, text: str) -> None:
    assert style.decimal(value) == text


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="labels"):
        ranking_png(["A"], [1.0, 2.0], HEADER, title="X", value_label="Y")
    with pytest.raises(ValueError, match="months"):
        trend_png(["T1"], [1], [], HEADER, title="X", submitted_label="A", recognised_label="B")


def _every_letter_figures() -> list[Figure]:
    letters = vietnamese_letters()
    chunks = ["".join(letters[i : i + 40]) for i in range(0, len(letters), 40)]
    header = ChartHeader(chunks[0], chunks[1], chunks[2])
    title = " ".join(chunks)
    return [
        ranking_figure(chunks, range(len(chunks)), header, title=title, value_label=chunks[3]),
        coverage_figure(chunks, [50.0] * len(chunks), header, title=title, target_percent=60),
        trend_figure(
            chunks,
            [1] * 4,
            [0] * 4,
            header,
            title=title,
            submitted_label=title,
            recognised_label="",
        ),
    ]


def test_every_vietnamese_letter_renders_without_missing_glyphs() -> None:
    for figure in _every_letter_figures():
        assert missing_glyphs(figure) == []


@cache
def _latin_only_font(size: float, weight: str = "regular") -> FontProperties:
    return FontProperties(fname=str(Path(mpl.get_data_path(), "fonts/ttf/cmr10.ttf")), size=size)


def test_the_glyph_check_catches_a_font_without_vietnamese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(style, "font", _latin_only_font)
    for figure in _every_letter_figures():
        assert missing_glyphs(figure)
