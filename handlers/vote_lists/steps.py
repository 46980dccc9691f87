"""The vote-list dialog's steps before the check: the collective title, the people of each
title, the shares of the votes and the basis of titles that need one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.config_awards import Award
from bot.dialog_inputs import InvalidInput, Option
from bot.dialog_spec import Then
from bot.services.vote_lists import ListForm, Row
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import FileStep
from handlers.vote_lists.answers import BuildAnswers, BuildStep, form_of, names_of, rows_of
from handlers.vote_lists.rows import parse_numbers, parse_shares, row_key

NONE = "none"
#: What each basis of a title is called (literal keys, so the catalogue test sees them).
BASES: dict[str, str] = {
    "initiative": "vote_list.basis.initiative",
    "excellent": "vote_list.basis.excellent",
    "research": "vote_list.basis.research",
}


async def collective_options(turn: Turn, answers: BuildAnswers) -> Sequence[Option]:
    form = await form_of(turn, answers)
    options = [Option(a.code, a.name) for a in form.collective]
    return [*options, Option(NONE, turn.t("vote_list.button.no_collective"))]


async def after_collective(turn: Turn, answers: BuildAnswers, value: Any) -> Then[BuildAnswers]:
    chosen = None if value == NONE else str(value)
    answers = answers.but(collective=chosen)
    if answers.editing:
        return Then(BuildStep.CHECK, answers.but(editing=False))
    return Then(BuildStep.PEOPLE, answers.but(title_at=0))


async def render_people(turn: Turn, answers: BuildAnswers) -> str:
    form = await form_of(turn, answers)
    award = form.individual[min(answers.title_at, len(form.individual) - 1)]
    chosen = set(answers.picked.get(award.code, ()))
    lines = [
        turn.t(
            "vote_list.people_line",
            number=n,
            mark="✅" if m.id in chosen else "▫️",
            name=m.full_name,
        )
        for n, m in enumerate(form.members, start=1)
    ]
    return turn.t(
        "vote_list.ask.people",
        award=award.name,
        at=answers.title_at + 1,
        total=len(form.individual),
        members=Safe("\n".join(lines) or turn.t("common.none")),
        count=len(chosen),
    )


async def after_people(turn: Turn, answers: BuildAnswers, value: Any) -> Then[BuildAnswers]:
    form = await form_of(turn, answers)
    award = form.individual[min(answers.title_at, len(form.individual) - 1)]
    kept = answers.picked.get(award.code, ())
    numbers = parse_numbers(str(value), len(form.members), kept=_positions(form, kept))
    chosen = tuple(form.members[n - 1].id for n in sorted(numbers))
    answers = answers.but(picked={**answers.picked, award.code: chosen}, people_text=None)
    if answers.title_at + 1 < len(form.individual):
        return Then(BuildStep.PEOPLE, answers.but(title_at=answers.title_at + 1))
    unshared = any(
        row_key(r.member_id, r.award_code) not in answers.shares for r in rows_of(form, answers)
    )
    if answers.editing and not unshared:
        # Someone added to a title that needs a basis is asked it; the rest go to the check.
        return Then(_next_basis(form, answers) or BuildStep.CHECK, answers.but(editing=False))
    return Then(BuildStep.SHARES, answers.but(editing=False))


def _positions(form: ListForm, ids: Sequence[int]) -> set[int]:
    wanted = set(ids)
    return {n for n, m in enumerate(form.members, start=1) if m.id in wanted}


async def render_shares(turn: Turn, answers: BuildAnswers) -> str:
    form = await form_of(turn, answers)
    rows = rows_of(form, answers)
    lines = [
        turn.t("vote_list.share_line", number=n, row=row, share=_share_text(answers, r))
        for n, (r, row) in enumerate(zip(rows, names_of(form, rows), strict=True), start=1)
    ]
    return turn.t("vote_list.ask.shares", rows=Safe("\n".join(lines)))


def _share_text(answers: BuildAnswers, row: Row) -> str:
    share = answers.shares.get(row_key(row.member_id, row.award_code))
    return "…" if share is None else f"{round(share * 100, 1):g}%"


async def after_shares(turn: Turn, answers: BuildAnswers, value: Any) -> Then[BuildAnswers]:
    form = await form_of(turn, answers)
    rows = rows_of(form, answers)
    typed = parse_shares(str(value), len(rows))
    shares = dict(answers.shares)
    for number, share in typed.items():
        row = rows[number - 1]
        shares[row_key(row.member_id, row.award_code)] = share
    missing = [
        n for n, r in enumerate(rows, 1) if row_key(r.member_id, r.award_code) not in shares
    ]
    if missing:
        raise InvalidInput("vote_list.error.shares_missing", rows=_numbers_text(missing))
    answers = answers.but(shares=shares, shares_text=None)
    follows = _next_basis(form, answers)
    if follows is None and (answers.editing or answers.meeting is not None):
        return Then(BuildStep.CHECK, answers.but(editing=False))
    return Then(follows or BuildStep.MEETING, answers.but(editing=False))


def _numbers_text(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + ("…" if len(numbers) > 20 else "")


def needs_basis(form: ListForm, answers: BuildAnswers) -> list[Row]:
    accepted = {a.code for a in form.individual if a.eligibility.requires_one_of}
    return [r for r in rows_of(form, answers) if r.award_code in accepted]


def _next_basis(form: ListForm, answers: BuildAnswers) -> BuildStep | None:
    pending = [
        r
        for r in needs_basis(form, answers)
        if row_key(r.member_id, r.award_code) not in answers.basis
    ]
    return BuildStep.BASIS if pending else None


async def _basis_row(turn: Turn, answers: BuildAnswers) -> tuple[ListForm, Row, Award]:
    form = await form_of(turn, answers)
    row = next(
        r
        for r in needs_basis(form, answers)
        if row_key(r.member_id, r.award_code) not in answers.basis
    )
    award = next(a for a in form.individual if a.code == row.award_code)
    return form, row, award


async def basis_options(turn: Turn, answers: BuildAnswers) -> Sequence[Option]:
    _form, _row, award = await _basis_row(turn, answers)
    return [Option(b, turn.t(BASES[b])) for b in award.eligibility.requires_one_of]


async def render_basis(turn: Turn, answers: BuildAnswers) -> str:
    form, row, award = await _basis_row(turn, answers)
    return turn.t("vote_list.ask.basis", row=names_of(form, [row])[0], award=award.name)


async def after_basis(turn: Turn, answers: BuildAnswers, value: Any) -> Then[BuildAnswers]:
    form, row, _award = await _basis_row(turn, answers)
    key = row_key(row.member_id, row.award_code)
    answers = answers.but(basis={**answers.basis, key: str(value)}, basis_choice=None)
    follows = _next_basis(form, answers)
    if follows is not None:
        return Then(follows, answers)
    return Then(BuildStep.CHECK if answers.meeting else BuildStep.MEETING, answers)


async def after_attendees(_turn: Turn, answers: BuildAnswers, _value: Any) -> Then[BuildAnswers]:
    has_minutes = answers.files or answers.kept_minutes
    return Then(BuildStep.CHECK if has_minutes else FileStep.MENU)
