"""The reward list for the accountant (danh sách chi tiền thưởng): one row per awarded
collective or person with the decision, the multiple, the base salary and the amount, a column
to sign on receipt, and the total.

```text
row 1   organisation — reward list of … · generated at                       (bold)
row 2   STT | Họ và tên / Tập thể | … | Số tiền (đồng) | Ký nhận     (bold, frozen)
row 3…  one awarded row each; amounts are numbers (#,##0), blank where not configured
last    Tổng cộng … total (blank when an amount is)
```
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from bot.exports.filters import stamp
from bot.exports.sheet import DATE_FORMAT, HEADER_ROW, CellValue, Column, build, number
from bot.services.documents import RewardList, RewardRow
from bot.texts import Texts

MONEY_FORMAT = "#,##0"
MULTIPLE_FORMAT = "0.0##"


def _name(row: RewardRow, texts: Texts) -> CellValue:
    if row.cancelled:
        return texts.t("documents.rewards.cancelled", name=row.name)
    return row.name


def _empty(_row: RewardRow, _texts: Texts) -> CellValue:
    return None


COLUMNS: tuple[Column[RewardRow], ...] = (
    Column("documents.rewards.number", 6, number),
    Column("documents.rewards.name", 30, _name, wrap=True),
    Column("documents.rewards.unit", 28, lambda r, _t: r.unit, wrap=True),
    Column("documents.rewards.award", 28, lambda r, _t: r.award, wrap=True),
    Column("documents.rewards.decision", 18, lambda r, _t: r.decision or None),
    Column("documents.rewards.signed_on", 12, lambda r, _t: r.signed_on, DATE_FORMAT),
    Column("documents.rewards.multiple", 8, lambda r, _t: r.multiple, MULTIPLE_FORMAT),
    Column("documents.rewards.base_salary", 14, lambda r, _t: r.base_salary, MONEY_FORMAT),
    Column("documents.rewards.amount", 14, lambda r, _t: r.amount, MONEY_FORMAT),
    Column("documents.rewards.receipt", 16, _empty),
)
#: The amount column (1-based), where the total goes.
AMOUNT_COLUMN = 9


def reward_workbook(
    rewards: RewardList, texts: Texts, *, organisation: str, generated: datetime
) -> bytes:
    """The ``.xlsx`` of ``rewards`` (a recorded decision's, or a session's drafts')."""
    title = texts.t(
        "documents.rewards.title",
        organisation=organisation,
        code=rewards.code,
        generated=stamp(generated),
    )
    data = build(
        rows=rewards.rows,
        columns=COLUMNS,
        texts=texts,
        sheet=texts.t("documents.rewards.sheet"),
        title_line=title,
    )
    return _with_total(data, rewards, texts)


def _with_total(data: bytes, rewards: RewardList, texts: Texts) -> bytes:
    """``data`` with the total row after the last item."""
    book = load_workbook(io.BytesIO(data))
    page = book.active
    at = HEADER_ROW + len(rewards.rows) + 1
    label = page.cell(at, 2, texts.t("documents.rewards.total"))
    label.font = Font(bold=True)
    total = page.cell(at, AMOUNT_COLUMN, rewards.total)
    total.number_format = MONEY_FORMAT
    total.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
