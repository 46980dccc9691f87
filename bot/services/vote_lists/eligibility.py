"""The rules of ``[awards.eligibility]`` applied to a unit's vote list (issue 16 point 3).

Pure functions over facts gathered in a few queries (:mod:`bot.services.vote_lists.facts`), so
a list of thousands of rows is checked without a query per row. Each rule is off unless the
award sets it; a datum the bot does not hold (a start of service never entered) is a warning
that names what is missing, never a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.config_awards import DISCIPLINE_LEVELS, Award

#: The row is for the unit itself.
COLLECTIVE = None


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a list as the head gives it.

    Attributes:
        member_id: The member proposed, or ``None`` for the unit's collective title.
        award_code: The title proposed.
        vote_share: The share of the unit meeting that voted for the row (0-1), if given.
        basis: For a title needing one of several achievements, the one claimed.
    """

    member_id: int | None
    award_code: str
    vote_share: float | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a row: a text key and its values; ``blocking`` ones stop the list."""

    key: str
    params: Mapping[str, str | int] = field(default_factory=dict)
    blocking: bool = True


@dataclass(frozen=True, slots=True)
class Person:
    """What the bot holds about a member for the checks."""

    service_start: date | None
    #: The heaviest disciplinary level of the year, or ``None``.
    discipline: str | None
    has_initiative: bool


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the checks read, gathered once for the whole list.

    Attributes:
        year: The year of achievement.
        people: The unit's active members by id.
        registered: Registered (member_id or None, award) pairs; ``None``: no registration
            was opened for the year, so nothing is checked against it.
        unregistered_blocks: A row not registered is refused (else a warning).
        taken: (member_id or None, award) pairs with a live nomination outside this list,
            with its code.
    """

    year: int
    people: Mapping[int, Person]
    registered: frozenset[tuple[int | None, str]] | None
    unregistered_blocks: bool
    taken: Mapping[tuple[int | None, str], str]


def months_in_service(start: date, year: int) -> int:
    """Whole months from ``start`` to the end of ``year``."""
    end = date(year, 12, 31)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if end.day >= start.day else months - 1


def heavier(level: str | None, than: str) -> bool:
    """Whether a disciplinary ``level`` is ``than`` or heavier."""
    return level is not None and DISCIPLINE_LEVELS.index(level) >= DISCIPLINE_LEVELS.index(than)


def check_rows(
    rows: Sequence[Row], awards: Mapping[str, Award], facts: Facts
) -> tuple[tuple[Problem, ...], ...]:
    """The problems of each row (an empty tuple: the row passes), in the rows' order."""
    proposed = {(row.member_id, row.award_code) for row in rows}
    counts = Counter(row.award_code for row in rows)
    return tuple(tuple(_problems(row, awards, facts, proposed, counts)) for row in rows)


def _problems(
    row: Row,
    awards: Mapping[str, Award],
    facts: Facts,
    proposed: set[tuple[int | None, str]],
    counts: Counter[str],
) -> list[Problem]:
    award = awards.get(row.award_code)
    if award is None:
        return [Problem("vote_list.check.unknown_award", {"code": row.award_code})]
    rules = award.eligibility
    found: list[Problem] = []
    taken = facts.taken.get((row.member_id, row.award_code))
    if taken is not None:
        found.append(Problem("vote_list.check.duplicate", {"code": taken}))
    if row.member_id is not None:
        found += _individual(row, award, facts)
    else:
        found += _collective(award, facts, proposed)
    for required in rules.requires:
        if (row.member_id, required) not in proposed and (
            row.member_id,
            required,
        ) not in facts.taken:
            found.append(Problem("vote_list.check.requires", {"award": _name(awards, required)}))
    found += _vote_share(row, award)
    found += _registration(row, award, facts)
    if rules.ratio_cap is not None:
        cap = int(counts[rules.ratio_cap.of] * rules.ratio_cap.share)
        if counts[award.code] > cap:
            params = {"count": counts[award.code], "cap": cap}
            found.append(Problem("vote_list.check.ratio", params))
    return found


def _individual(row: Row, award: Award, facts: Facts) -> list[Problem]:
    rules = award.eligibility
    person = facts.people.get(row.member_id or 0)
    if person is None:
        return [Problem("vote_list.check.not_member")]
    found: list[Problem] = []
    if rules.min_months_in_service is not None:
        if person.service_start is None:
            found.append(Problem("vote_list.check.no_service_start", blocking=False))
        elif months_in_service(person.service_start, facts.year) < rules.min_months_in_service:
            found.append(
                Problem("vote_list.check.months", {"months": rules.min_months_in_service})
            )
    if rules.discipline_from is not None and heavier(person.discipline, rules.discipline_from):
        found.append(Problem("vote_list.check.disciplined"))
    if rules.requires_one_of:
        found += _basis(row, rules.requires_one_of, person)
    return found


def _basis(row: Row, accepted: Sequence[str], person: Person) -> list[Problem]:
    if row.basis == "initiative" or (row.basis is None and "initiative" in accepted):
        if "initiative" in accepted and person.has_initiative:
            return []
        if row.basis == "initiative":
            return [Problem("vote_list.check.no_initiative")]
    if row.basis is not None and row.basis in accepted:
        return []
    return [Problem("vote_list.check.basis")]


def _collective(
    award: Award, facts: Facts, proposed: set[tuple[int | None, str]]
) -> list[Problem]:
    rules = award.eligibility
    found: list[Problem] = []
    share = rules.member_share
    if share is not None:
        holders = sum(1 for member in facts.people if (member, share.award) in proposed)
        needed = share.share * len(facts.people)
        if not facts.people or holders < needed:
            params = {"share": round(share.share * 100), "count": holders}
            found.append(Problem("vote_list.check.member_share", params))
    level = rules.member_discipline_from
    if level is not None and any(heavier(p.discipline, level) for p in facts.people.values()):
        found.append(Problem("vote_list.check.member_disciplined"))
    return found


def _vote_share(row: Row, award: Award) -> list[Problem]:
    least = award.eligibility.min_vote_share
    if least is None:
        return []
    if row.vote_share is None:
        return [Problem("vote_list.check.no_vote_share")]
    if row.vote_share < least:
        return [Problem("vote_list.check.vote_share", {"share": round(least * 100)})]
    return []


def _registration(row: Row, award: Award, facts: Facts) -> list[Problem]:
    """Emulation titles are registered at the start of the year; commendations are not."""
    if award.kind != "title" or facts.registered is None:
        return []
    if (row.member_id, row.award_code) in facts.registered:
        return []
    return [Problem("vote_list.check.unregistered", blocking=facts.unregistered_blocks)]


def _name(awards: Mapping[str, Award], code: str) -> str:
    award = awards.get(code)
    return award.name if award else code
