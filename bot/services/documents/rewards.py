"""The reward list (danh sách khen thưởng kèm tiền thưởng): each awarded row with its multiple
of the base salary and its amount, for the decision's list and the accountant's workbook.

An amount is ``reward_multiple`` × ``[rewards] base_salary`` rounded up to ``round_up_to``
(``Rewards.amount``); either unset leaves it blank, and the total is blank with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Fields
from bot.services.documents.council_rows import Row, award_name, money_of, total
from bot.services.documents.cycle_reads import AWARDED, items, meeting, passed_here, recorded
from bot.services.documents.records import Setting, Subject, SubjectKind


@dataclass(frozen=True, slots=True)
class RewardRow:
    """One awarded collective or person.

    Attributes:
        decision: The decision's number ("" on a draft).
        cancelled: The award was later cancelled: no amount, and marked so.
    """

    code: str
    name: str
    unit: str
    award_code: str
    award: str
    decision: str
    signed_on: date | None
    multiple: float | None
    base_salary: int | None
    amount: int | None
    year: int
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class RewardList:
    """The rows of a decision (or of a session's draft decisions) and their total.

    Attributes:
        total: The sum of the amounts of the rows not cancelled; ``None`` when one is blank.
        missing: The text keys of what is blank (the base salary, an award's multiple).
    """

    code: str
    year: int | None
    rows: tuple[RewardRow, ...]
    total: int | None
    missing: tuple[str, ...] = ()


def priced(
    rows: Sequence[tuple[Row, bool]],
    setting: Setting,
    fields: Fields,
    *,
    decision: str = "",
    signed_on: date | None = None,
) -> tuple[RewardRow, ...]:
    """``rows`` (each with whether it was cancelled) with their multiples and amounts."""
    out = []
    for row, cancelled in rows:
        money = money_of(setting, fields, row.award_code)
        out.append(
            RewardRow(
                row.code,
                row.name,
                row.unit,
                row.award_code,
                award_name(setting, row.award_code, row.award),
                decision,
                signed_on,
                money.multiple,
                setting.rewards.base_salary,
                None if cancelled else money.amount,
                row.year,
                cancelled,
            )
        )
    return tuple(out)


def total_of(rows: Sequence[RewardRow]) -> int | None:
    """The total of the rows not cancelled (blank if one of them is)."""
    return total([r.amount for r in rows if not r.cancelled])


async def reward_rows(session: AsyncSession, subject: Subject, setting: Setting) -> RewardList:
    """The reward list of a recorded decision (its awarded items), or of a session's draft
    decisions (its passed items the Office decides itself, without number or date).

    Raises:
        DocumentSubjectNotFound: No such session or decision.
    """
    fields = Fields()
    if subject.kind is SubjectKind.SESSION:
        opened = await meeting(session, subject.id, setting, subject.code)
        found = passed_here(await items(session, opened.id), setting, here=True)
        rows = priced([(r, False) for r in found], setting, fields)
    else:
        act = await recorded(session, subject)
        rows = priced(
            act.with_outcome(AWARDED),
            setting,
            fields,
            decision=act.number,
            signed_on=act.signed_on,
        )
    year = min((r.year for r in rows), default=None)
    return RewardList(subject.code, year, rows, total_of(rows), tuple(fields.missing))
