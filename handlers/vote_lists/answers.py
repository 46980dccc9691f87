"""The answers of the vote-list dialog, and the list's rows they make."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from pydantic import Field

from bot.services.vote_lists import ListForm, Row
from bot.turn import Turn
from handlers.common import WithFiles, member_of
from handlers.vote_lists.rows import row_key


class BuildStep(StrEnum):
    """The steps of building a list."""

    COLLECTIVE = "collective"
    PEOPLE = "people_text"
    SHARES = "shares_text"
    BASIS = "basis_choice"
    MEETING = "meeting"
    ATTENDEES = "attendees"
    CHECK = "preview"  # where the attachment loop's "done" leads


class BuildAnswers(WithFiles):
    """A list being built for one unit and year."""

    year: int = 0
    unit: int | None = None
    collective: str | None = None
    collective_name: str | None = None
    #: Which individual title the people step is at (an index of the form's titles).
    title_at: int = 0
    picked: dict[str, tuple[int, ...]] = Field(default_factory=dict)
    people_text: str | None = None
    shares: dict[str, float] = Field(default_factory=dict)
    shares_text: str | None = None
    basis: dict[str, str] = Field(default_factory=dict)
    basis_choice: str | None = None
    meeting: date | None = None
    attendees: int | None = None
    #: Minutes sent with the list before (kept unless new ones are sent).
    kept_minutes: int = 0


async def form_of(turn: Turn, answers: BuildAnswers) -> ListForm:
    """The unit's members and titles (read again each step: someone may have left)."""
    return await turn.services.vote_lists.form(member_of(turn), answers.year, answers.unit)


def rows_of(form: ListForm, answers: BuildAnswers) -> list[Row]:
    """The list's rows in order: the unit's title first, then each title's people."""
    rows: list[Row] = []
    if answers.collective:
        key = row_key(None, answers.collective)
        rows.append(Row(None, answers.collective, answers.shares.get(key)))
    for award in form.individual:
        for member in form.members:
            if member.id in answers.picked.get(award.code, ()):
                key = row_key(member.id, award.code)
                rows.append(
                    Row(member.id, award.code, answers.shares.get(key), answers.basis.get(key))
                )
    return rows


def names_of(form: ListForm, rows: Sequence[Row]) -> list[str]:
    """Each row as "name — title"."""
    people = {m.id: m.full_name for m in form.members}
    titles = {a.code: a.name for a in (*form.individual, *form.collective)}
    return [
        f"{form.unit_name if r.member_id is None else people.get(r.member_id, '?')} — "
        f"{titles.get(r.award_code, r.award_code)}"
        for r in rows
    ]
