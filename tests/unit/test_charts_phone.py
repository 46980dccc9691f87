"""Charts read on a phone 400 px wide: text at least 12 px there, the top ten and the viewer's
own unit with their ranks, units at zero in one line, short labels never alike, and equal
trend series both visible.

Sizes are measured from the figure's own Text objects: a text of ``s`` points in a picture
``w`` px wide shown 400 px wide is ``s × dpi / 72 × 400 / w`` px tall.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.charts import (
    PHONE_PX,
    Bar,
    ChartHeader,
    ChartRows,
    coverage_figure,
    ranking_figure,
    select_rows,
    trend_figure,
)
from bot.charts.bars import LABEL_GID, NOTE_GID
from bot.charts.trend import RECOGNISED_COLOR, SUBMITTED_COLOR

HEADER = ChartHeader(
    "Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc", "Năm 2026", "lập lúc 09:00 02/03/2026"
)
PLACES = ["thành phố Vĩnh Yên", "thành phố Phúc Yên", "huyện Tam Đảo", "huyện Tam Dương"]
PLACES += ["huyện Bình Xuyên", "huyện Lập Thạch", "huyện Sông Lô", "huyện Vĩnh Tường"]
PLACES += ["huyện Yên Lạc"]
#: Thirty units as in the shipped configuration: long names alike but for their ends.
NAMES = (
    [f"Phòng Văn hóa và Thông tin {p}" for p in PLACES]
    + [f"Trung tâm Văn hóa - Thông tin - Thể thao {p}" for p in PLACES]
    + [f"Phòng chuyên môn số {n}" for n in range(1, 13)]
)
#: 12 units with points (two ties), then 18 at zero.
SCORES = [40.0, 35.0, 35.0, 30.0, 22.5, 20.0, 18.0, 18.0, 12.0, 9.0, 4.0, 2.5] + [0.0] * 18
RANKS = [1, 2, 2, 4, 5, 6, 7, 7, 9, 10, 11, 12] + [13] * 18
MONTHS = [str(m) for m in range(1, 13)]


def ranked(mine: int | None = None) -> list[Bar]:
    return [
        Bar(name, score, rank, mine=index == mine)
        for index, (name, score, rank) in enumerate(zip(NAMES, SCORES, RANKS, strict=True))
    ]


def ranking(mine: int | None = 11) -> Figure:
    rows = select_rows(ranked(mine))
    notes = [f"… và {rows.hidden} đơn vị khác có điểm.", f"{rows.zeros} đơn vị ở mức 0 điểm."]
    return ranking_figure(
        rows,
        HEADER,
        title="Xếp hạng đơn vị",
        value_label="Điểm bình quân mỗi người",
        notes=notes,
        mine_note="Đơn vị của đồng chí",
    )


def coverage() -> Figure:
    percents = [100.0 - 7 * i for i in range(12)] + [0.0] * 18
    rows = select_rows([Bar(n, p) for n, p in zip(NAMES, percents, strict=True)], None)
    return coverage_figure(
        rows,
        HEADER,
        title="Tỷ lệ cán bộ đã xác nhận quán triệt Kế hoạch",
        target_percent=100,
        target_label="Mục tiêu",
        notes=[f"{rows.zeros} đơn vị chưa có ai xác nhận."],
    )


def trend(submitted: list[int] | None = None, recognised: list[int] | None = None) -> Figure:
    return trend_figure(
        MONTHS,
        submitted or [1, 5, 3, 8, 2, 9, 4, 4, 6, 1, 0, 7],
        recognised or [1, 2, 3, 8, 2, 0, 4, 1, 6, 1, 0, 7],
        HEADER,
        title="Sáng kiến gửi và được công nhận theo tháng",
        submitted_label="Đã gửi",
        recognised_label="Được công nhận",
        month_label="Tháng",
    )


CHARTS: dict[str, Callable[[], Figure]] = {
    "ranking": ranking,
    "coverage": coverage,
    "trend": trend,
}


def png_width(figure: Figure) -> int:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return int(struct.unpack(">I", buffer.getvalue()[16:20])[0])


def drawn_texts(figure: Figure) -> list[Text]:
    found = [t for t in figure.findobj(Text) if isinstance(t, Text)]
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def labels(figure: Figure) -> list[str]:
    texts = [t for t in drawn_texts(figure) if t.get_gid() == LABEL_GID]
    return [t.get_text() for t in sorted(texts, key=lambda t: -t.get_window_extent().y0)]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_text_is_at_least_12_px_on_a_400_px_phone(name: str) -> None:
    figure = CHARTS[name]()
    scale = PHONE_PX / png_width(figure)
    texts = drawn_texts(figure)
    assert len(texts) >= 10
    smallest = min(texts, key=lambda t: t.get_fontsize())
    shown_px = float(smallest.get_fontsize()) * figure.dpi / 72 * scale
    assert shown_px >= 12, f"{smallest.get_text()!r} is {shown_px:.1f} px on a phone"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_text_runs_off_the_picture(name: str) -> None:
    figure = CHARTS[name]()
    figure.canvas.draw()
    for text in drawn_texts(figure):
        box = text.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width, text.get_text()


def test_the_ranking_shows_the_top_ten_and_the_viewers_unit_with_their_ranks() -> None:
    figure = ranking(mine=11)  # 12th: outside the top ten
    shown = labels(figure)
    assert len(shown) == 11
    assert [int(label.split(".")[0]) for label in shown] == [*RANKS[:10], 12]
    assert shown[1].startswith("2. ") and shown[2].startswith("2. ")  # a tie shares its rank
    assert shown[-1].startswith("12. Trung tâm")
    bars = [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]
    assert len(bars) == 11
    notes = [t.get_text() for t in drawn_texts(figure) if t.get_gid() == NOTE_GID]
    assert notes == [
        "… và 1 đơn vị khác có điểm.",
        "18 đơn vị ở mức 0 điểm.",
        "■ Đơn vị của đồng chí",
    ]


def test_without_a_viewer_only_the_top_ten_and_units_at_zero_in_one_line() -> None:
    rows = select_rows(ranked(None))
    assert (len(rows.bars), rows.hidden, rows.zeros, rows.gap_before) == (10, 2, 18, None)
    figure = ranking_figure(rows, HEADER, title="X", value_label="Y", notes=["18 ở mức 0."])
    assert len(labels(figure)) == 10
    assert not any("Văn phòng" in t for t in labels(figure))


@pytest.mark.parametrize(
    ("mine", "expected"),
    [
        (3, (10, None, 2, 18)),  # in the top ten: nothing added
        (10, (11, None, 1, 18)),  # right after the top ten: no "…" before it
        (20, (11, 10, 2, 17)),  # at zero, far down: shown after a "…"
    ],
)
def test_the_viewers_unit_is_added_only_when_outside_the_top(
    mine: int, expected: tuple[int, int | None, int, int]
) -> None:
    rows = select_rows(ranked(mine))
    assert (len(rows.bars), rows.gap_before, rows.hidden, rows.zeros) == expected
    assert sum(bar.mine for bar in rows.bars) == 1


def test_coverage_summarises_units_at_zero_in_one_line() -> None:
    figure = coverage()
    assert len(labels(figure)) == 12
    notes = [t.get_text() for t in drawn_texts(figure) if t.get_gid() == NOTE_GID]
    assert notes == ["18 đơn vị chưa có ai xác nhận."]


def test_long_labels_are_shortened_at_word_boundaries_and_never_alike() -> None:
    # Same start, same end: only the middle tells these apart.
    alike = [
        f"Trung tâm Văn hóa - Thông tin - Thể thao và Du lịch {what} huyện Tam Đảo"
        for what in ("vùng núi phía Bắc tỉnh", "vùng núi phía Nam tỉnh", "vùng hồ phía Bắc tỉnh")
    ]
    names = alike + [f"{n} tỉnh Vĩnh Phúc cũ" for n in NAMES[:8]]
    rows = ChartRows(tuple(Bar(n, 10.0 - i, i + 1) for i, n in enumerate(names)))
    figure = ranking_figure(rows, HEADER, title="X", value_label="Y")
    shown = [re.sub(r"^\d+\. ", "", label) for label in labels(figure)]
    assert len(set(shown)) == len(names), shown
    assert any("…" in label for label in shown)
    for name, label in zip(names, shown, strict=True):
        head, _, tail = label.partition(" … ")
        if not tail:
            head = head.removesuffix(" …")
        words = name.split()
        assert words[: len(head.split())] == head.split(), label  # whole words from the start
        if tail:
            assert words[-len(tail.split()) :] == tail.split(), label  # and from the end


def _series_pixels(figure: Figure) -> tuple[int, int]:
    """Pixels of each series' colour inside the plotting area."""
    figure.canvas.draw()
    image = np.asarray(figure.canvas.buffer_rgba())[:, :, :3].astype(int)  # type: ignore[attr-defined]
    box = figure.axes[0].get_window_extent()
    height = image.shape[0]
    inside = image[int(height - box.y1) : int(height - box.y0), int(box.x0) : int(box.x1)]
    found = []
    for color in (SUBMITTED_COLOR, RECOGNISED_COLOR):
        target = np.array(to_rgb(color)) * 255
        found.append(int((np.abs(inside - target).sum(axis=2) < 60).sum()))
    return found[0], found[1]


def test_equal_trend_series_both_stay_visible() -> None:
    apart = _series_pixels(trend([10] * 12, [0] * 12))
    equal = _series_pixels(trend([10] * 12, [10] * 12))
    assert min(apart) > 1000
    assert equal[0] >= apart[0] * 0.5, "the submitted line is hidden under the recognised one"
    assert equal[1] >= apart[1] * 0.5, "the recognised line is hidden under the submitted one"
