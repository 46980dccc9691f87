"""The list a decision or a Tờ trình carries: each row with its multiple and amount, the
total, and the sentence of Điều 2 (one award, so one multiple and one amount per row)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.documents import BLANK, money, multiple
from bot.services.documents.council_rows import Row
from bot.services.documents.records import Setting
from bot.services.documents.rewards import RewardRow, total_of

#: What an amount cell of a cancelled award shows: it is not paid.
CANCELLED = "-"


def by_award(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """``rows`` grouped by award, in the order the awards first appear."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.award_code, []).append(row)
    return groups


def list_context(rows: Sequence[RewardRow], setting: Setting) -> dict[str, object]:
    """The table rows, the total and the per-row amount of a list."""
    first = rows[0] if rows else None
    return {
        "rows": [
            {
                "number": n,
                "name": r.name,
                "unit": r.unit,
                "award": r.award,
                "multiple": multiple(r.multiple),
                "amount": CANCELLED if r.cancelled else money(r.amount),
                "cancelled": r.cancelled,
            }
            for n, r in enumerate(rows, start=1)
        ],
        "count": sum(not r.cancelled for r in rows),
        "total": money(total_of(rows)),
        "multiple": multiple(first.multiple) if first else BLANK,
        "amount": money(setting.rewards.amount(first.multiple)) if first else BLANK,
        "base_salary": money(setting.rewards.base_salary),
    }
