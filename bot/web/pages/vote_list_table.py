"""The vote-list editor's table: one row per active member of the unit, a cell per annual
title (proposed or not, the share of the meeting's votes, the basis where the title needs
one), the unit's own title, and the meeting. Reading it back checks every cell and says what
is wrong next to it; rows come out only when every cell is right."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.config_awards import Award
from bot.dates import day_text, examples, read_day
from bot.services.vote_lists import ListForm, Meeting, Row, RowView, VoteListView
from bot.texts import Texts
from bot.web.forms import FormState

#: The bases a title may require, and their names (the chat's words).
BASES: dict[str, str] = {
    "initiative": "vote_list.basis.initiative",
    "excellent": "vote_list.basis.excellent",
    "research": "vote_list.basis.research",
}
#: The most people a meeting may have (a typo guard, far above any unit).
ATTENDEES_MAX = 100_000
TICK = "1"


def tick(member_id: int, code: str) -> str:
    """The checkbox of proposing a member for a title."""
    return f"t-{member_id}-{code}"


def share(member_id: int, code: str) -> str:
    """The share (%) of the meeting's votes of a member for a title."""
    return f"s-{member_id}-{code}"


def basis(member_id: int, code: str) -> str:
    """The basis a member's title claims."""
    return f"b-{member_id}-{code}"


COLLECTIVE, COLLECTIVE_SHARE = "c-award", "c-share"
MEETING, ATTENDEES, VERSION = "meeting_on", "attendees", "version"


@dataclass(frozen=True, slots=True)
class Table:
    """The unit's members and the titles of the table's columns."""

    form: ListForm

    @property
    def columns(self) -> tuple[Award, ...]:
        """The individual annual titles, one column each."""
        return self.form.individual

    def field_of(self, row: Row) -> str:
        """The field a row's problems are shown next to."""
        return COLLECTIVE if row.member_id is None else tick(row.member_id, row.award_code)


def share_text(value: float | None) -> str:
    """A share as typed: 0.85 → "85", 2/3 → "66,7"."""
    return "" if value is None else f"{round(value * 100, 1):g}".replace(".", ",")


def initial(view: VoteListView) -> FormState:
    """The table filled with the list as it stands."""
    values: dict[str, str] = {VERSION: str(view.version)}
    for found in view.rows:
        row = found.row
        if row.member_id is None:
            values[COLLECTIVE] = row.award_code
            values[COLLECTIVE_SHARE] = share_text(row.vote_share)
            continue
        values[tick(row.member_id, row.award_code)] = TICK
        values[share(row.member_id, row.award_code)] = share_text(row.vote_share)
        if row.basis:
            values[basis(row.member_id, row.award_code)] = row.basis
    if view.meeting is not None:
        values[MEETING] = day_text(view.meeting.held_on)
        values[ATTENDEES] = str(view.meeting.attendees)
    return FormState(values=values)


def read(form: FormState, table: Table, texts: Texts, today: date) -> tuple[list[Row], Meeting]:
    """The rows and the meeting typed; every wrong cell gets its message in ``form``."""
    rows: list[Row] = []
    collective = form.value(COLLECTIVE)
    if collective:
        if collective not in {a.code for a in table.form.collective}:
            form.refuse(COLLECTIVE, texts.t("web.vote_lists.bad_title"))
        else:
            rows.append(Row(None, collective, _share(form, COLLECTIVE_SHARE, texts)))
    for award in table.columns:
        for member in table.form.members:
            if form.value(tick(member.id, award.code)) != TICK:
                continue
            value = _share(form, share(member.id, award.code), texts)
            claimed = _basis(form, basis(member.id, award.code), award, texts)
            rows.append(Row(member.id, award.code, value, claimed))
    if not rows:
        form.refuse("table", texts.t("vote_list.check_empty"))
    return rows, _meeting(form, texts, today)


def _share(form: FormState, name: str, texts: Texts) -> float | None:
    typed = form.value(name).strip().replace(",", ".").removesuffix("%").strip()
    try:
        value = float(typed)
    except ValueError:
        form.refuse(name, texts.t("web.vote_lists.bad_share"))
        return None
    if not 0 <= value <= 100:
        form.refuse(name, texts.t("web.vote_lists.bad_share"))
        return None
    return value / 100


def _basis(form: FormState, name: str, award: Award, texts: Texts) -> str | None:
    accepted = award.eligibility.requires_one_of
    if not accepted:
        return None
    typed = form.value(name)
    if typed not in accepted:
        form.refuse(name, texts.t("web.vote_lists.bad_basis"))
        return None
    return typed


def _meeting(form: FormState, texts: Texts, today: date) -> Meeting:
    typed = read_day(form.value(MEETING))
    held = typed.date() if typed is not None else None
    if held is None:
        form.refuse(
            MEETING, texts.t("web.vote_lists.bad_day", **examples(today, {"example_today"}))
        )
    elif held > today:
        form.refuse(MEETING, texts.t("web.vote_lists.future_day"))
    count = form.value(ATTENDEES).strip()
    count = count if count.isascii() else ""
    if not count.isdigit() or not 1 <= int(count) <= ATTENDEES_MAX:
        form.refuse(ATTENDEES, texts.t("web.vote_lists.bad_attendees"))
    return Meeting(held or today, int(count) if count.isdigit() else 0)


def mark_problems(form: FormState, table: Table, checked: Iterable[RowView], texts: Texts) -> None:
    """Put each blocking problem the rules find next to its row's cell."""
    for found in checked:
        for problem in found.problems:
            if problem.blocking:
                form.refuse(table.field_of(found.row), texts.t(problem.key, **problem.params))
