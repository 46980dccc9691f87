"""The tables of TT 02/2023/TT-BNV as the bot can fill them: pure counting of the year's
awarded items (Biểu 0602.N, 0603.N) and movements (0601.N).

A row the bot holds no data for (households, enterprises, the ways of rewarding it does not
record …) is ``None`` throughout: an empty cell, never a zero. Layout: docs/statistics.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain import StaffCategory, Track
from bot.services.statistics.records import AwardedItem, FigureRow, Subject, Table

Match = Callable[[AwardedItem], bool]
C, IND = Subject.COLLECTIVE, Subject.INDIVIDUAL


@dataclass(frozen=True, slots=True)
class Column:
    """A figure column of an award table: the forms it counts, for whom (``None``: both)."""

    forms: frozenset[str]
    subject: Subject | None = None


def _pair(*forms: str) -> tuple[Column, Column]:
    return Column(frozenset(forms), C), Column(frozenset(forms), IND)


#: Biểu 0602.N after "Tổng số": huân/huy chương, the two prizes, the honorary titles, the
#: Government's flag, the Prime Minister's certificate, the national title, the others.
STATE_COLUMNS: tuple[Column, ...] = (
    *_pair("huan_chuong", "huy_chuong"),
    Column(frozenset({"giai_thuong_ho_chi_minh"}), IND),
    Column(frozenset({"giai_thuong_nha_nuoc"}), IND),
    *_pair("danh_hieu_vinh_du"),
    Column(frozenset({"co_thi_dua_chinh_phu"}), C),
    *_pair("bang_khen_thu_tuong"),
    Column(frozenset({"chien_si_thi_dua_toan_quoc"}), IND),
    *_pair("khac_nha_nuoc"),
)
#: Biểu 0603.N after "Tổng số": Bằng khen, Chiến sĩ thi đua, Cờ thi đua, Huy hiệu.
PROVINCE_COLUMNS: tuple[Column, ...] = tuple(
    Column(frozenset({form}))
    for form in ("bang_khen", "chien_si_thi_dua", "co_thi_dua", "huy_hieu")
)
#: Biểu 0601.N's columns after "Tổng số": the level that launched the movement.
MOVEMENT_COLUMNS = 3


@dataclass(frozen=True, slots=True)
class _Spec:
    """A row: Mã số, label and unit keys, which items it counts (``None``: the bot holds no
    data for it), and whether it is about collectives or individuals only."""

    code: str
    label: str
    unit: str = ""
    match: Match | None = None
    subject: Subject | None = None
    heading: bool = False


def _heading(label: str) -> _Spec:
    return _Spec("", label, heading=True)


def _everything(_item: AwardedItem) -> bool:
    return True


def _of(subject: Subject) -> Match:
    return lambda item: item.subject is subject


def _category(category: StaffCategory) -> Match:
    return lambda item: item.subject is IND and item.category is category


def _track(track: Track) -> Match:
    return lambda item: item.track is track


#: The category rows (rows 06–10 of 0603.N, 10–14 of 0602.N), as literal text keys.
CATEGORY_ROWS: dict[StaffCategory, str] = {
    StaffCategory.PROVINCE_LEADER: "statistics.row.province_leader",
    StaffCategory.DEPARTMENT_LEADER: "statistics.row.department_leader",
    StaffCategory.ENTREPRENEUR: "statistics.row.entrepreneur",
    StaffCategory.OTHER_LEADER: "statistics.row.other_leader",
    StaffCategory.FRONTLINE: "statistics.row.frontline",
}
TRACK_ROWS: dict[Track, str] = {
    Track.ANNUAL: "statistics.row.annual",
    Track.THEMATIC: "statistics.row.thematic",
    Track.ADHOC: "statistics.row.adhoc",
}
#: Ways of rewarding the bot does not record (đối ngoại, cống hiến, niên hạn, kháng chiến).
UNHELD_METHODS = (
    "statistics.row.foreign",
    "statistics.row.dedication",
    "statistics.row.seniority",
    "statistics.row.resistance",
)
#: 0602.N numbers its parts 1–3 (its first part is by submitter); 0603.N numbers them 1–2.
_PARTS = {
    True: ("statistics.heading.state_by_subject", "statistics.heading.state_by_method"),
    False: ("statistics.heading.province_by_subject", "statistics.heading.province_by_method"),
}


def _award_rows(codes: Sequence[str], *, submitters: bool) -> tuple[_Spec, ...]:
    """The rows 0602.N and 0603.N share; ``codes`` numbers them in order."""
    by_subject, by_method = _PARTS[submitters]
    specs: list[_Spec] = [_Spec("", "statistics.row.total", "", _everything)]
    if submitters:
        specs += [
            _heading("statistics.heading.by_submitter"),
            _Spec("", "statistics.row.ministries", "statistics.unit.ministry"),
            _Spec("", "statistics.row.provinces", "statistics.unit.province"),
        ]
    specs += [
        _heading(by_subject),
        _Spec("", "statistics.row.collective", "statistics.unit.collective", _of(C), C),
        _Spec("", "statistics.row.enterprise", "statistics.unit.enterprise", None, C),
        _Spec("", "statistics.row.household", "statistics.unit.household"),
        _Spec("", "statistics.row.individual", "statistics.unit.person", _of(IND), IND),
    ]
    specs += [
        _Spec("", key, "statistics.unit.person", _category(c), IND)
        for c, key in CATEGORY_ROWS.items()
    ]
    specs.append(_heading(by_method))
    specs += [_Spec("", key, "", _track(t)) for t, key in TRACK_ROWS.items()]
    specs += [_Spec("", key) for key in UNHELD_METHODS]
    numbered = iter(codes)
    return tuple(s if s.heading else _numbered(s, next(numbered)) for s in specs)


def _numbered(spec: _Spec, code: str) -> _Spec:
    return _Spec(code, spec.label, spec.unit, spec.match, spec.subject)


#: The Mã số of the reference rendering: 0602.N skips 04 and 05.
_STATE_CODES = ("01", "02", "03", *(f"{n:02d}" for n in range(6, 22)))
_PROVINCE_CODES = tuple(f"{n:02d}" for n in range(1, 18))


def state_table(items: Sequence[AwardedItem]) -> Table:
    """Biểu 0602.N: awards of the State level."""
    return _award_table("0602", _award_rows(_STATE_CODES, submitters=True), STATE_COLUMNS, items)


def province_table(items: Sequence[AwardedItem]) -> Table:
    """Biểu 0603.N: awards of a ministry, a central body or a province."""
    specs = _award_rows(_PROVINCE_CODES, submitters=False)
    return _award_table("0603", specs, PROVINCE_COLUMNS, items)


def _award_table(
    form: str, specs: Sequence[_Spec], columns: Sequence[Column], items: Sequence[AwardedItem]
) -> Table:
    forms = frozenset().union(*(c.forms for c in columns))
    counted = [i for i in items if i.form in forms]
    rows = tuple(_award_row(spec, columns, counted) for spec in specs)
    return Table(form, rows)


def _award_row(spec: _Spec, columns: Sequence[Column], items: Sequence[AwardedItem]) -> FigureRow:
    if spec.heading:
        return FigureRow("", spec.label, "", (), heading=True)
    match = spec.match
    if match is None:
        return FigureRow(spec.code, spec.label, spec.unit, (None,) * (len(columns) + 1))
    mine = [i for i in items if match(i)]
    values: list[int | None] = [len(mine)]
    for column in columns:
        crossed = column.subject is not None and spec.subject not in (None, column.subject)
        values.append(None if crossed else sum(1 for i in mine if _in(i, column)))
    return FigureRow(spec.code, spec.label, spec.unit, tuple(values))


def _in(item: AwardedItem, column: Column) -> bool:
    return item.form in column.forms and column.subject in (None, item.subject)


DURATIONS = (
    "statistics.row.under_year",
    "statistics.row.one_year",
    "statistics.row.one_to_three",
    "statistics.row.three_to_five",
    "statistics.row.five_plus",
)


def movement_table(count: int | None) -> Table:
    """Biểu 0601.N: the Sở's own movements are counted as launched by an agency (column 4)
    and organised within it (row 05); what the bot does not hold stays empty."""
    own = (count, None, None, count) if count is not None else (None,) * 4
    blank = (None,) * (MOVEMENT_COLUMNS + 1)
    rows = [
        FigureRow("01", "statistics.row.total", "", own),
        FigureRow("", "statistics.heading.by_scope", "", (), heading=True),
        FigureRow("02", "statistics.row.nationwide", "", blank),
        FigureRow("03", "statistics.row.sector", "", blank),
        FigureRow("04", "statistics.row.clusters", "", blank),
        FigureRow("05", "statistics.row.agency", "", own),
        FigureRow("", "statistics.heading.by_duration", "", (), heading=True),
    ]
    rows += [FigureRow(f"{n:02d}", key, "", blank) for n, key in enumerate(DURATIONS, start=6)]
    rows.append(FigureRow("", "statistics.heading.by_organisation", "", (), heading=True))
    rows.append(FigureRow("11", "statistics.row.movement_thematic", "", blank))
    rows.append(FigureRow("12", "statistics.row.movement_annual", "", blank))
    return Table("0601", tuple(rows))
