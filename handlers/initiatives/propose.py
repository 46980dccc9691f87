"""``/sangkien``: propose an initiative by chat (DESIGN §3.3), or edit a returned one.

The questions follow the application form (Đơn yêu cầu công nhận sáng kiến, TT 18/2013/TT-BKHCN,
Phụ lục I; docs/initiatives.md).

```mermaid
stateDiagram-v2
    [*] --> title --> filer
    filer --> author_details: an author files (birth, workplace, title, qualification)
    filer --> investor: the investor files (name, address)
    author_details --> kind
    investor --> kind
    kind --> field --> movement --> problem --> solution --> confidential --> conditions
    conditions --> applied_where --> applied_since --> benefit --> appliers
    appliers --> applier: add one (name, address, assessment)
    applier --> appliers
    appliers --> coauthors: done
    coauthors --> search: add a member
    search --> pick --> coauthor_details
    coauthors --> outsider: add an outsider
    outsider --> coauthor_details --> share --> coauthors
    coauthors --> files: done (details given, shares add up)
    files --> file: add a file
    file --> files
    files --> preview: done
    preview --> edit_menu --> title: edit a field (then back to the preview)
    preview --> [*]: submit → SK-<year>-<nnnn>
```

The draft is a dialog position in the database: it survives restarts for 30 days, and
``/sangkien`` offers to resume it. A draft stored before the form had all its fields is asked
the fields it lacks first (:mod:`handlers.initiatives.proposal_upgrade`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import DraftChoice, InitiativeOpen, ProposalDraft
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Dialog, Draft, OptionsFn, Step, Then
from bot.ports import Button, Reply
from bot.services.initiatives import InitiativeView
from bot.turn import Turn
from handlers.common import FileStep, dialog_steps
from handlers.initiatives import form_steps as fs
from handlers.initiatives import proposal_steps as ps
from handlers.initiatives.proposal_answers import (
    ProposalAnswers,
    ProposalStep,
    back_to_preview,
    lacking,
)
from handlers.initiatives.proposal_convert import draft_of, proposal_of
from handlers.initiatives.proposal_preview import render_preview
from handlers.initiatives.proposal_upgrade import upgrade

DRAFT_DAYS = 30
After = Callable[[Turn, ProposalAnswers, Any], Awaitable[Then[ProposalAnswers]]]


async def propose(turn: Turn) -> Reply:
    """Answer ``/sangkien``: offer to resume a draft, or start a new proposal."""
    assert turn.member is not None
    draft = PROPOSAL.answers_of(turn.dialog)
    if draft is not None:
        title = draft.title or turn.t("initiative.propose.untitled")
        resume = Button(
            turn.t("initiative.propose.button.resume"), ProposalDraft(DraftChoice.RESUME).pack()
        )
        anew = Button(
            turn.t("initiative.propose.button.new"), ProposalDraft(DraftChoice.NEW).pack()
        )
        return Reply(
            turn.t("initiative.propose.draft_found", title=title), buttons=((resume,), (anew,))
        )
    return await _start(turn)


async def answer_draft(turn: Turn, payload: ProposalDraft) -> Reply:
    """The person chose to resume their draft or to start again."""
    if (
        payload.choice is DraftChoice.RESUME
        and turn.dialog is not None
        and turn.dialog.dialog == PROPOSAL.name
    ):
        return await turn.dialogs.reask(turn, turn.incoming, turn.dialog)
    return await _start(turn)


async def _start(turn: Turn) -> Reply:
    assert turn.member is not None
    if await turn.services.initiatives.remaining_today(turn.member) == 0:
        raise errors.DailyCapReached(cap=turn.settings.initiatives.daily_cap)
    return await turn.dialogs.start(turn, turn.incoming, PROPOSAL, ProposalAnswers())


async def start_edit(turn: Turn, item: InitiativeView) -> Reply:
    """Open a returned initiative in the dialog, at its preview, to edit and resubmit it (at
    the first field it lacks, when it was filed before the form had all its fields)."""
    answers = draft_of(item)
    missing = lacking(answers)
    if not missing:
        return await turn.dialogs.start(
            turn, turn.incoming, PROPOSAL, answers, at=FileStep.PREVIEW
        )
    todo = tuple(str(s) for s in (*missing[1:], FileStep.PREVIEW))
    return await turn.dialogs.start(
        turn, turn.incoming, PROPOSAL, answers.but(todo=todo), at=missing[0]
    )


async def _finish(turn: Turn, answers: ProposalAnswers, draft: Draft) -> Reply:
    assert turn.member is not None
    proposal = proposal_of(answers, turn.incoming.channel.value)
    service = turn.services.initiatives
    if answers.resubmit:
        item = await service.resubmit(turn.member, answers.resubmit, proposal, dialog=draft)
        key = "initiative.propose.resubmitted"
    else:
        item = await service.submit(turn.member, proposal, dialog=draft)
        key = "initiative.propose.submitted"
    button = Button(turn.t("initiative.button.open"), InitiativeOpen(item.id).pack())
    return Reply(turn.t(key, code=item.code, title=item.title), buttons=((button,),))


def _text(
    name: ProposalStep, prompt: str, minimum: int, maximum: int, **more: Any
) -> Step[Turn, ProposalAnswers]:
    more.setdefault("after", back_to_preview)
    return Step(name, prompt, min_length=minimum, max_length=maximum, **more)


def _birth(name: ProposalStep, prompt: str) -> Step[Turn, ProposalAnswers]:
    return Step(name, prompt, InputKind.DATE, convert=fs.check_birth)


def _choice(
    name: ProposalStep,
    prompt: str,
    options: OptionsFn[Turn, ProposalAnswers],
    after: After = back_to_preview,
) -> Step[Turn, ProposalAnswers]:
    return Step(name, prompt, InputKind.CHOICE, options=options, after=after)


def _menu(name: StrEnum, **hooks: Any) -> Step[Turn, ProposalAnswers]:
    return Step(name, "", InputKind.CHOICE, **hooks)


async def _check_date(turn: Turn, value: Any) -> Any:
    if (
        str(value)
        > turn.clock.now().astimezone(turn.settings.organisation.zone).date().isoformat()
    ):
        raise InvalidInput("initiative.propose.error.future_date")
    return value


def _upgrade(data: Mapping[str, Any], step: int) -> tuple[ProposalAnswers, StrEnum] | None:
    return upgrade(PROPOSAL, data, step)


PROPOSAL: Dialog[Turn, ProposalAnswers] = Dialog(
    name="initiative",
    answers=ProposalAnswers,
    steps=(
        _text(ProposalStep.TITLE, "initiative.propose.ask.title", 5, 200),
        _choice(ProposalStep.FILER, "initiative.form.ask.filer", fs.filer_options, fs.after_filer),
        _birth(ProposalStep.AUTHOR_BIRTH, "initiative.form.ask.author_birth"),
        _text(
            ProposalStep.AUTHOR_WORKPLACE,
            "initiative.form.ask.author_workplace",
            2,
            200,
            options=fs.author_workplace_options,
            after=None,
        ),
        _text(
            ProposalStep.AUTHOR_TITLE,
            "initiative.form.ask.author_title",
            2,
            100,
            options=fs.author_title_options,
            after=None,
        ),
        _text(
            ProposalStep.AUTHOR_QUALIFICATION,
            "initiative.form.ask.author_qualification",
            2,
            100,
            after=fs.after_author_details,
        ),
        _text(ProposalStep.INVESTOR_NAME, "initiative.form.ask.investor_name", 3, 200, after=None),
        _text(ProposalStep.INVESTOR_ADDRESS, "initiative.form.ask.investor_address", 5, 300),
        _choice(ProposalStep.KIND, "initiative.propose.ask.kind", ps.kind_options),
        _choice(ProposalStep.FIELD, "initiative.propose.ask.field", ps.field_options),
        _choice(ProposalStep.MOVEMENT, "initiative.propose.ask.movement", ps.movement_options),
        _text(ProposalStep.PROBLEM, "initiative.propose.ask.problem", 10, 3000),
        _text(ProposalStep.SOLUTION, "initiative.propose.ask.solution", 10, 3000),
        _text(
            ProposalStep.CONFIDENTIAL,
            "initiative.form.ask.confidential",
            2,
            3000,
            options=fs.skip_options,
        ),
        _text(ProposalStep.CONDITIONS, "initiative.form.ask.conditions", 5, 3000),
        _text(ProposalStep.APPLIED_WHERE, "initiative.propose.ask.applied_where", 2, 300),
        Step(
            ProposalStep.APPLIED_SINCE,
            "initiative.propose.ask.applied_since",
            InputKind.DATE,
            convert=_check_date,
            after=back_to_preview,
        ),
        _text(ProposalStep.BENEFIT, "initiative.propose.ask.benefit", 10, 3000),
        _menu(
            ProposalStep.APPLIER_MENU,
            options=fs.applier_menu_options,
            render=fs.render_appliers,
            after=fs.after_applier_menu,
        ),
        _text(ProposalStep.APPLIER_NAME, "initiative.form.ask.applier_name", 3, 200, after=None),
        _text(
            ProposalStep.APPLIER_ADDRESS, "initiative.form.ask.applier_address", 5, 300, after=None
        ),
        _text(
            ProposalStep.APPLIER_BENEFIT,
            "initiative.form.ask.applier_benefit",
            10,
            3000,
            after=fs.after_applier,
        ),
        _menu(
            ProposalStep.COAUTHOR_MENU,
            options=ps.coauthor_menu_options,
            render=ps.render_coauthors,
            after=ps.after_coauthor_menu,
        ),
        Step(
            ProposalStep.COAUTHOR_SEARCH,
            "initiative.propose.ask.coauthor_search",
            min_length=2,
            max_length=100,
            convert=ps.check_search,
        ),
        Step(
            ProposalStep.COAUTHOR_PICK,
            "initiative.propose.ask.coauthor_pick",
            InputKind.CHOICE,
            options=ps.match_options,
            after=ps.after_pick,
        ),
        Step(
            ProposalStep.OUTSIDER,
            "initiative.propose.ask.outsider",
            min_length=3,
            max_length=100,
            convert=dialog_steps.check_outsider,
            after=ps.after_outsider,
        ),
        _birth(ProposalStep.COAUTHOR_BIRTH, "initiative.form.ask.coauthor_birth"),
        _text(
            ProposalStep.COAUTHOR_WORKPLACE,
            "initiative.form.ask.coauthor_workplace",
            2,
            200,
            options=fs.coauthor_workplace_options,
            after=None,
        ),
        _text(
            ProposalStep.COAUTHOR_TITLE,
            "initiative.form.ask.coauthor_title",
            2,
            100,
            options=fs.coauthor_title_options,
            after=None,
        ),
        _text(
            ProposalStep.COAUTHOR_QUALIFICATION,
            "initiative.form.ask.coauthor_qualification",
            2,
            100,
            after=None,
        ),
        Step(
            ProposalStep.SHARE,
            "initiative.propose.ask.share",
            InputKind.NUMBER,
            minimum=1,
            maximum=100,
            after=ps.after_share,
        ),
        *dialog_steps.attachment_steps(ProposalAnswers),
        _menu(
            FileStep.PREVIEW,
            options=ps.preview_options,
            render=render_preview,
            after=ps.after_preview,
        ),
        Step(
            ProposalStep.EDIT_MENU,
            "initiative.form.edit_menu",
            InputKind.CHOICE,
            options=ps.edit_options,
            after=ps.after_edit_menu,
        ),
    ),
    finish=_finish,
    cancelled="initiative.propose.cancelled",
    timeout=timedelta(days=DRAFT_DAYS),
    upgrade=_upgrade,
    upgraded="initiative.form.upgraded",
)
