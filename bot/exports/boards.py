"""The leaderboards as workbooks: the unit board and the individual board, one row per place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.exports.filters import stamp
from bot.exports.sheet import Column, build, number
from bot.formatting import strip_html
from bot.services.leaderboards import MemberBoard, MemberRow, Period, UnitBoard, UnitRow
from bot.texts import Texts

POINTS_FORMAT = "0.##"


def unit_columns(kind_names: Mapping[str, str]) -> tuple[Column[UnitRow], ...]:
    """The unit board's columns; a kind is named as ``[[unit_kinds]]`` names it."""
    return (
        Column("export.column.number", 6, number),
        Column("board.column.rank", 7, lambda r, t: r.rank),
        Column("board.column.code", 12, lambda r, t: r.code),
        Column("board.column.unit", 40, lambda r, t: r.name, wrap=True),
        Column("board.column.kind", 24, lambda r, t: kind_names.get(r.kind, r.kind)),
        Column("board.column.members", 10, lambda r, t: r.members),
        Column("board.column.points", 12, lambda r, t: r.points, POINTS_FORMAT),
        Column("board.column.per_member", 14, lambda r, t: r.per_member, POINTS_FORMAT),
    )


MEMBER_COLUMNS: tuple[Column[MemberRow], ...] = (
    Column("export.column.number", 6, number),
    Column("board.column.rank", 7, lambda r, t: r.rank),
    Column("board.column.name", 30, lambda r, t: r.full_name, wrap=True),
    Column("board.column.unit", 40, lambda r, t: r.unit_name, wrap=True),
    Column("board.column.points", 12, lambda r, t: r.points, POINTS_FORMAT),
)


def _title(
    texts: Texts, key: str, organisation: str, period: Period, kind: str, at: datetime
) -> str:
    words = texts.t("board.xlsx_kind", kind=kind) if kind else ""
    return strip_html(
        texts.t(
            key,
            org=organisation,
            period=period.label,
            kind=words,
            at=stamp(at),
        )
    )


def units_workbook(
    board: UnitBoard,
    texts: Texts,
    *,
    organisation: str,
    kind: str,
    generated: datetime,
    kind_names: Mapping[str, str],
) -> bytes:
    """The unit board as ``.xlsx``; ``kind`` names the unit kind filter ("" for all)."""
    return build(
        rows=board.rows,
        columns=unit_columns(kind_names),
        texts=texts,
        sheet=texts.t("board.xlsx_units_sheet"),
        title_line=_title(
            texts, "board.xlsx_units_title", organisation, board.period, kind, generated
        ),
        frozen_columns=4,
    )


def members_workbook(
    board: MemberBoard, texts: Texts, *, organisation: str, kind: str, generated: datetime
) -> bytes:
    """The individual board as ``.xlsx`` (every ranked member the board holds)."""
    return build(
        rows=board.rows,
        columns=MEMBER_COLUMNS,
        texts=texts,
        sheet=texts.t("board.xlsx_members_sheet"),
        title_line=_title(
            texts, "board.xlsx_members_title", organisation, board.period, kind, generated
        ),
        frozen_columns=3,
    )


def file_name(period: Period, *, members: bool) -> str:
    """An ASCII name: ``bang-xep-hang-don-vi-20260101-20261231.xlsx``."""
    what = "ca-nhan" if members else "don-vi"
    return f"bang-xep-hang-{what}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
