"""The parts of the ``/sangkien`` dialog: choices, checks, the co-author loop (each with the
form's details), the preview with "edit a field", and the conversion between the answers and
a proposal. The answers themselves are in :mod:`handlers.initiatives.proposal_answers`, the
form's own steps in :mod:`handlers.initiatives.form_steps`."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from bot.dialog_inputs import InvalidInput, Option
from bot.dialog_spec import FINISH, Then
from bot.services.initiatives import KINDS
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import FileStep
from handlers.initiatives.proposal_answers import (
    CoAuthorAnswer,
    PendingCoAuthor,
    ProposalAnswers,
    ProposalStep,
    lacking,
    proceed,
)
from handlers.initiatives.proposal_preview import authors_text

MAX_SHARE_OF_OTHERS = 99  # the filing author keeps at least 1%

#: Edits offered from the preview: the step to jump to (its value is the option's) and the
#: label's text key, in the form's order.
EDITS: tuple[tuple[StrEnum, str], ...] = (
    (ProposalStep.TITLE, "initiative.propose.edit.title"),
    (ProposalStep.FILER, "initiative.form.edit.filer"),
    (ProposalStep.COAUTHOR_MENU, "initiative.propose.edit.coauthors"),
    (ProposalStep.KIND, "initiative.propose.edit.kind"),
    (ProposalStep.FIELD, "initiative.propose.edit.field"),
    (ProposalStep.MOVEMENT, "initiative.propose.edit.movement"),
    (ProposalStep.PROBLEM, "initiative.propose.edit.problem"),
    (ProposalStep.SOLUTION, "initiative.propose.edit.solution"),
    (ProposalStep.CONFIDENTIAL, "initiative.form.edit.confidential"),
    (ProposalStep.CONDITIONS, "initiative.form.edit.conditions"),
    (ProposalStep.APPLIED_WHERE, "initiative.propose.edit.applied_where"),
    (ProposalStep.APPLIED_SINCE, "initiative.propose.edit.applied_since"),
    (ProposalStep.BENEFIT, "initiative.propose.edit.benefit"),
    (ProposalStep.APPLIER_MENU, "initiative.form.edit.appliers"),
    (FileStep.MENU, "initiative.propose.edit.files"),
)
_EDIT_STEPS = {str(step): step for step, _key in EDITS}


async def kind_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The four kinds of solution."""
    return [Option(kind, turn.t(f"initiative.kind.{kind}")) for kind in KINDS]


async def field_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The fields of application from ``config.toml``."""
    return [Option(name, name) for name in turn.settings.initiatives.fields]


async def movement_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The plan's movements, and "none"."""
    moves = await turn.services.initiatives.movement_choices()
    none = Option("", turn.t("initiative.propose.no_movement"))
    return [*(Option(code, name) for code, name in moves), none]


async def coauthor_menu_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """Add a member or an outsider, complete one listed without the form's details, remove the
    last one, or go on."""
    options = [
        Option("member", turn.t("initiative.propose.button.add_member")),
        Option("outsider", turn.t("initiative.propose.button.add_outsider")),
    ]
    options += [
        Option(f"complete:{n}", turn.t("initiative.form.button.complete", name=c.name))
        for n, c in enumerate(answers.coauthors)
        if not c.complete
    ]
    if answers.coauthors:
        options.append(Option("remove", turn.t("initiative.propose.button.remove_coauthor")))
    options.append(Option("done", turn.t("initiative.propose.button.coauthors_done")))
    return options


async def render_coauthors(turn: Turn, answers: ProposalAnswers) -> str:
    """The co-author step: who is listed so far and what share the filing author keeps."""
    return turn.t("initiative.propose.ask.coauthors", authors=Safe(authors_text(turn, answers)))


async def after_coauthor_menu(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Go where the chosen menu entry leads; "done" only once the authors fit the form."""
    if value == "remove":
        return Then(ProposalStep.COAUTHOR_MENU, answers.but(coauthors=answers.coauthors[:-1]))
    if value == "done":
        _check_authors(answers)
        return proceed(answers, FileStep.MENU)
    if str(value).startswith("complete:"):
        return _complete(answers, int(str(value).partition(":")[2]))
    return Then(ProposalStep.COAUTHOR_SEARCH if value == "member" else ProposalStep.OUTSIDER)


def _check_authors(answers: ProposalAnswers) -> None:
    missing = [c.name for c in answers.coauthors if not c.complete]
    if missing:
        raise InvalidInput("initiative.form.error.incomplete_coauthor", names=", ".join(missing))
    total = answers.others_total
    if answers.investor and total != 100:
        raise InvalidInput("initiative.form.error.shares_not_full", total=total)
    if not answers.investor and total > MAX_SHARE_OF_OTHERS:
        raise InvalidInput("initiative.form.error.author_keeps_none", total=total)


def _complete(answers: ProposalAnswers, slot: int) -> Then[ProposalAnswers]:
    """Ask a listed co-author's details again (kept as current values), then their share."""
    if not 0 <= slot < len(answers.coauthors):
        raise InvalidInput("dialog.error.stale_button")
    c = answers.coauthors[slot]
    pending = PendingCoAuthor(member_id=c.member_id, name=c.name, slot=slot)
    return Then(ProposalStep.COAUTHOR_BIRTH, _pending(answers, pending, c))


def _pending(
    answers: ProposalAnswers, pending: PendingCoAuthor, known: CoAuthorAnswer | None = None
) -> ProposalAnswers:
    """The answers with ``pending`` to ask about, and what is known of them as current values."""
    return answers.but(
        pending=pending,
        coauthor_birth=None if known is None else known.birth,
        coauthor_workplace=(known.workplace or None) if known else None,
        coauthor_title=(known.job_title or None) if known else None,
        coauthor_qualification=(known.qualification or None) if known else None,
        share=None if known is None else known.share,
    )


async def check_search(turn: Turn, value: Any) -> Any:
    """Refuse a search that finds nobody, so the person can type another name at once."""
    if not await turn.services.initiatives.find_members(str(value)):
        raise InvalidInput("initiative.propose.error.no_member", query=value)
    return value


async def match_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """Members matching the search, except those already listed and the filing author (one
    filing for the investor may list themselves)."""
    assert turn.member is not None
    taken = {c.member_id for c in answers.coauthors}
    if not answers.investor:
        taken.add(turn.member.id)
    found = await turn.services.initiatives.find_members(answers.coauthor_search or "")
    options = [Option(str(m.id), f"{m.name} ({m.unit})") for m in found if m.id not in taken]
    return [*options, Option("again", turn.t("initiative.propose.button.search_again"))]


async def after_pick(turn: Turn, answers: ProposalAnswers, value: Any) -> Then[ProposalAnswers]:
    """Remember the chosen member (their unit and position are offered) for their details."""
    if value == "again":
        return Then(ProposalStep.COAUTHOR_SEARCH)
    found = await turn.services.initiatives.find_members(answers.coauthor_search or "")
    match = next(m for m in found if str(m.id) == value)
    pending = PendingCoAuthor(
        member_id=match.id, name=match.name, unit=match.unit, position=match.position
    )
    return Then(ProposalStep.COAUTHOR_BIRTH, _pending(answers, pending))


async def after_outsider(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Remember the outsider for their details and share."""
    pending = PendingCoAuthor(member_id=None, name=str(value))
    return Then(ProposalStep.COAUTHOR_BIRTH, _pending(answers, pending))


async def after_share(_turn: Turn, answers: ProposalAnswers, value: Any) -> Then[ProposalAnswers]:
    """List the pending co-author with their details and share (in their place when they were
    being completed); the shares stay within what is left."""
    pending = answers.pending
    if pending is None:  # a stale answer: nothing to attach it to
        return Then(ProposalStep.COAUTHOR_MENU)
    others = [c for n, c in enumerate(answers.coauthors) if n != pending.slot]
    used = sum(c.share for c in others)
    most = 100 if answers.investor else MAX_SHARE_OF_OTHERS
    if used + int(value) > most:
        key = "initiative.form.error.share_over_full" if answers.investor else None
        raise InvalidInput(key or "initiative.propose.error.share_too_big", left=most - used)
    added = CoAuthorAnswer(
        member_id=pending.member_id,
        name=pending.name,
        share=int(value),
        birth=answers.coauthor_birth,
        workplace=answers.coauthor_workplace or "",
        job_title=answers.coauthor_title or "",
        qualification=answers.coauthor_qualification or "",
    )
    listed = list(answers.coauthors)
    if pending.slot is not None and pending.slot < len(listed):
        listed[pending.slot] = added
    else:
        listed.append(added)
    changed = answers.but(coauthors=tuple(listed), pending=None, share=None)
    return Then(ProposalStep.COAUTHOR_MENU, changed)


async def preview_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """Submit, or choose a field to edit."""
    return [
        Option("submit", turn.t("initiative.propose.button.submit")),
        Option("edit", turn.t("initiative.form.button.edit")),
    ]


async def after_preview(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Submit (the dialog's finish) once nothing the form needs is lacking, else ask what is;
    or choose a field to edit."""
    if value == "edit":
        return Then(ProposalStep.EDIT_MENU)
    missing = lacking(answers)
    if missing:
        todo = tuple(str(s) for s in (*missing[1:], FileStep.PREVIEW))
        return Then(missing[0], answers.but(todo=todo))
    return Then(FINISH)


async def edit_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The fields of the form, to edit one and come back to the preview."""
    return [Option(str(step), turn.t(key)) for step, key in EDITS]


async def after_edit_menu(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Jump to the field to edit, to come back to the preview."""
    step = _EDIT_STEPS.get(str(value))
    if step is None:
        raise InvalidInput("dialog.error.stale_button")
    return Then(step, answers.but(editing=True))
