"""Leaderboard charts: valid PNGs, rows that do not overlap, every Vietnamese letter drawn.

How they read on a phone (text sizes, top ten, short labels, equal series) is in
``test_charts_phone.py``.
"""

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
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from bot.charts import (
    DPI,
    WIDTH_IN,
    Bar,
    ChartHeader,
    ChartRows,
    coverage_figure,
    coverage_png,
    ranking_figure,
    ranking_png,
    select_rows,
    trend_figure,
    trend_png,
)
from bot.charts import _style as style
from bot.charts import _text as text
from bot.charts.bars import LABEL_GID, VALUE_GID

HEADER = ChartHeader("Sở Văn hóa tỉnh Vĩnh Phúc", "Quý I/2026", "lập lúc 09:00 02/03/2026")
LONG = "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên"
UNITS = [f"{LONG} số {i}" if i % 3 else f"Ủy ban nhân dân xã Đạo Trù {i}" for i in range(12)]
MONTHS = [str(m) for m in range(1, 13)]


def rows_of(names: list[str], values: list[float], *, ranked: bool = True) -> ChartRows:
    """Every row drawn, best first, ranked 1, 2, 3 … unless ``ranked`` is false."""
    return ChartRows(
        tuple(
            Bar(name, value, i + 1 if ranked else None)
            for i, (name, value) in enumerate(zip(names, values, strict=True))
        )
    )


def ranking() -> Figure:
    scores = [round(100 - i * 7.37, 2) for i in range(12)]
    return ranking_figure(
        rows_of(UNITS, scores), HEADER, title="Bảng xếp hạng", value_label="Điểm"
    )


def coverage() -> Figure:
    percents = [100 - i * 8.5 for i in range(12)]
    return coverage_figure(
        rows_of(UNITS, percents, ranked=False),
        HEADER,
        title="Xác nhận",
        target_percent=80,
        target_label="Mục tiêu",
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
        month_label="Tháng",
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "ranking": ranking,
    "coverage": coverage,
    "trend": trend,
}

_BASES = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u"]
_BASES += ["u\u031b", "y"]
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter with every tone mark, both cases, precomposed."""
    lower = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES] + ["đ"]
    letters = lower + [letter.upper() for letter in lower]
    assert all(len(letter) == 1 for letter in letters)
    return letters


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


def test_every_chart_is_a_phone_width_png() -> None:
    scores = [50.0, 40.0, 30.0]
    bars = ranking_png(rows_of(UNITS[:3], scores), HEADER, title="Bảng", value_label="Điểm")
    cover = coverage_png(
        rows_of(UNITS[:5], [10, 50, 80, 95, 100], ranked=False),
        HEADER,
        title="X",
        target_percent=80,
    )
    line = trend_png(
        MONTHS, [1] * 12, [0] * 12, HEADER, title="T", submitted_label="A", recognised_label="B"
    )
    for data in (bars, cover, line):
        assert png_size(data)[0] == round(WIDTH_IN * DPI) == 800
        assert data.endswith(b"IEND\xaeB`\x82")


def test_height_grows_with_rows() -> None:
    heights = [
        ranking_figure(
            rows_of(UNITS[:n], [1.0] * n), HEADER, title="X", value_label="Y"
        ).get_figheight()
        for n in (1, 5, 11)
    ]
    assert heights == sorted(heights) and heights[0] < heights[2]


@pytest.mark.parametrize("build", [ranking, coverage])
def test_unit_labels_and_values_do_not_overlap_and_stay_inside(
    build: Callable[[], Figure],
) -> None:
    figure = build()
    figure.canvas.draw()
    labels = [t for t in shown_texts(figure) if t.get_gid() == LABEL_GID]
    values = [t for t in shown_texts(figure) if t.get_gid() == VALUE_GID]
    assert len(labels) == len(values) == 12
    boxes = sorted((t.get_window_extent() for t in [*labels, *values]), key=lambda b: b.y0)
    for label in labels:
        box = label.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width
    label_boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.y0)
    for lower, upper in itertools.pairwise(label_boxes):
        assert lower.y1 < upper.y0, "unit labels overlap"
    assert all(box.x1 <= figure.bbox.width for box in boxes)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_header_on_every_chart(name: str) -> None:
    texts = " | ".join(t.get_text() for t in shown_texts(FIGURES[name]()))
    for part in (HEADER.organisation, HEADER.period, HEADER.generated_at):
        assert part in texts


def test_ranking_keeps_the_given_order_with_ranks_and_decimal_commas() -> None:
    rows = ChartRows((Bar("Cao", 12.5, 1), Bar("Giữa", 12.5, 1), Bar("Thấp", 1.0, 3)))
    figure = ranking_figure(rows, HEADER, title="X", value_label="Điểm")
    labels = [t for t in shown_texts(figure) if t.get_gid() == LABEL_GID]
    values = [t for t in shown_texts(figure) if t.get_gid() == VALUE_GID]
    by_row = sorted(zip(labels, values, strict=True), key=lambda pair: pair[0].get_position()[1])
    assert [(label.get_text(), value.get_text()) for label, value in by_row] == [
        ("1. Cao", "12,5"),
        ("1. Giữa", "12,5"),
        ("3. Thấp", "1"),
    ]


def test_coverage_marks_the_target_on_every_bar_and_names_it() -> None:
    rows = rows_of(["A", "B"], [40.0, 90.0], ranked=False)
    figure = coverage_figure(rows, HEADER, title="X", target_percent=80, target_label="Mục tiêu")
    [marks] = [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]
    xs = {float(x) for segment in marks.get_segments() for x in np.asarray(segment)[:, 0]}
    assert xs == {80.0} and len(marks.get_segments()) == 2
    assert any("Mục tiêu 80%" in t.get_text() for t in shown_texts(figure))


def test_the_viewer_row_is_bold_and_explained() -> None:
    rows = select_rows([Bar(f"Đơn vị {i}", 20.0 - i, i + 1, mine=i == 14) for i in range(20)])
    figure = ranking_figure(
        rows, HEADER, title="X", value_label="Y", mine_note="Đơn vị của đồng chí"
    )
    bold = [
        t.get_text()
        for t in shown_texts(figure)
        if str(t.get_fontproperties().get_file()).endswith("Bold.ttf")
    ]
    assert "15. Đơn vị 14" in bold
    assert "■ Đơn vị của đồng chí" in [t.get_text() for t in shown_texts(figure)]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12.5, "12,5"), (12.0, "12"), (1234.5, "1.234,5"), (0.375, "0,38"), (-0.001, "0")],
)
def test_decimal_comma(value: float, shown: str) -> None:
    assert style.decimal(value) == shown


def test_mismatched_trend_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="months"):
        trend_png(["T1"], [1], [], HEADER, title="X", submitted_label="A", recognised_label="B")


def _every_letter_figures() -> list[Figure]:
    letters = vietnamese_letters()
    chunks = ["".join(letters[i : i + 20]) for i in range(0, len(letters), 20)]
    header = ChartHeader(chunks[0], chunks[1], chunks[2])
    title = " ".join(chunks[:2])
    rows = rows_of(chunks, [float(n) for n in range(len(chunks), 0, -1)])
    return [
        ranking_figure(rows, header, title=title, value_label=chunks[3], notes=chunks[4:6]),
        coverage_figure(rows, header, title=title, target_percent=60, notes=chunks[6:]),
        trend_figure(
            chunks[:4],
            [1] * 4,
            [0] * 4,
            header,
            title=title,
            submitted_label=chunks[5],
            recognised_label=chunks[6],
            month_label=chunks[7],
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
    monkeypatch.setattr(text, "font", _latin_only_font)
    for figure in _every_letter_figures():
        assert missing_glyphs(figure)
