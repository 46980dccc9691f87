"""A list's rows in chat: reading the numbers and shares a head types, and the lines that
show each row with what the rules found."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bot.dialog_inputs import InvalidInput
from bot.services.vote_lists import ListForm, Problem, RowView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import day

#: Words that keep, take all or take none of the people of a title.
KEEP = frozenset({"giữ", "giu", "giữ nguyên", "giu nguyen", "ok", "."})
ALL = frozenset({"tất cả", "tat ca", "all"})
NOBODY = frozenset({"không", "khong", "0", "none"})
_RANGE = re.compile(r"^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$")
_SHARE = re.compile(r"^(\d{1,5})\s*[:=]\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%?$")
_ALL_SHARE = re.compile(r"^(\d{1,3}(?:[.,]\d{1,2})?)\s*%?$")


def row_key(member_id: int | None, award_code: str) -> str:
    """The key of a row in a dialog's answers."""
    return f"{member_id if member_id is not None else 'u'}:{award_code}"


def parse_numbers(text: str, count: int, *, kept: set[int]) -> set[int]:
    """The row numbers a head typed ("1-5, 8"), or all, none, or the ones ``kept``.

    Raises:
        InvalidInput: A number outside 1..``count``, or words that are none of these.
    """
    typed = " ".join(text.lower().split())
    if typed in KEEP:
        return kept
    if typed in ALL:
        return set(range(1, count + 1))
    if typed in NOBODY:
        return set()
    numbers: set[int] = set()
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", typed)):
        if not part:
            continue
        found = _RANGE.match(part)
        if found is None:
            raise InvalidInput("vote_list.error.numbers")
        first = int(found.group(1))
        last = int(found.group(2) or first)
        if not 1 <= first <= last <= count:
            raise InvalidInput("vote_list.error.number_range", count=count)
        numbers.update(range(first, last + 1))
    return numbers


def parse_shares(text: str, count: int) -> dict[int, float]:
    """The shares typed: one number for every row, then "row: share" lines (0-100 %).

    Raises:
        InvalidInput: A line that is neither, a row outside 1..``count``, or over 100 %.
    """
    shares: dict[int, float] = {}
    for line in (part.strip() for part in re.split(r"[\n;]+", text)):
        if not line:
            continue
        whole = _ALL_SHARE.match(line)
        one = _SHARE.match(line)
        if whole is not None:
            shares = {n: _percent(whole.group(1)) for n in range(1, count + 1)} | shares
        elif one is not None:
            number = int(one.group(1))
            if not 1 <= number <= count:
                raise InvalidInput("vote_list.error.number_range", count=count)
            shares[number] = _percent(one.group(2))
        else:
            raise InvalidInput("vote_list.error.shares")
    return shares


def _percent(text: str) -> float:
    value = float(text.replace(",", "."))
    if value > 100:
        raise InvalidInput("vote_list.error.shares")
    return round(value / 100, 4)


def problem_text(turn: Turn, problem: Problem) -> str:
    """A problem as one line, marked ❌ when it stops the list and ⚠️ when it warns."""
    mark = "❌" if problem.blocking else "⚠️"
    return turn.t(
        "vote_list.problem_line", mark=mark, problem=turn.t(problem.key, **problem.params)
    )


def row_lines(turn: Turn, rows: Sequence[RowView], *, start: int = 1) -> list[str]:
    """Each row with its share and its problems under it."""
    lines: list[str] = []
    for number, view in enumerate(rows, start=start):
        share = view.row.vote_share
        mark = "❌" if view.blocked else ("⚠️" if view.problems else "✅")
        lines.append(
            turn.t(
                "vote_list.row_line",
                number=number,
                mark=mark,
                name=view.name,
                award=view.award_name,
                share="…" if share is None else f"{round(share * 100, 1):g}",
            )
        )
        lines += [problem_text(turn, p) for p in view.problems]
    return lines


def check_lines(
    turn: Turn,
    form: ListForm,
    rows: Sequence[RowView],
    meeting: date | None,
    attendees: int | None,
    files: int,
) -> str:
    """The check step: the meeting, each row, and whether the list can be sent."""
    blocked = sum(1 for r in rows if r.blocked)
    verdict = (
        turn.t("vote_list.blocked_count", count=blocked)
        if blocked
        else turn.t("vote_list.all_pass")
    )
    if not files:
        verdict += "\n" + turn.t("vote_list.minutes_needed")
    return turn.t(
        "vote_list.check_screen",
        unit=form.unit_name,
        year=form.year,
        meeting=day(turn, meeting) if meeting else "…",
        attendees=attendees or "…",
        files=files,
        rows=Safe("\n".join(row_lines(turn, rows))),
        verdict=Safe(verdict),
    )
