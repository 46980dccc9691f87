"""``/sangkien``: propose an initiative by chat (DESIGN §3.3), or edit a returned one.

```mermaid
stateDiagram-v2
    [*] --> title
    title --> kind --> field --> movement --> problem --> solution --> applied_where
    applied_where --> applied_since --> benefit --> coauthors
    coauthors --> search: add a member
    search --> pick --> share
    coauthors --> outsider: add an outsider
    outsider --> share --> coauthors
    coauthors --> files: done
    files --> file: add a file
    file --> files
    files --> preview: done
    preview --> title: edit a field (then back to the preview)
    preview --> [*]: submit → SK-<year>-<nnnn>
```

The draft is a dialog position in the database: it survives restarts for 30 days, and
``/sangkien`` offers to resume it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import errors
from bot.callbacks import DraftChoice, InitiativeOpen, ProposalDraft
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.services.initiatives import InitiativeView
from bot.turn import Turn
from handlers.common import FileStep, dialog_steps
from handlers.initiatives import proposal_steps as ps
from handlers.initiatives.proposal_steps import ProposalAnswers, ProposalStep

DRAFT_DAYS = 30


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
    """Open a returned initiative in the dialog, at its preview, to edit and resubmit it."""
    return await turn.dialogs.start(
        turn, turn.incoming, PROPOSAL, ps.draft_of(item), at=FileStep.PREVIEW
    )


async def _finish(turn: Turn, answers: ProposalAnswers, draft: Draft) -> Reply:
    assert turn.member is not None
    proposal = ps.proposal_of(answers, turn.incoming.channel.value)
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
    name: ProposalStep, prompt: str, minimum: int, maximum: int
) -> Step[Turn, ProposalAnswers]:
    return Step(
        name,
        prompt,
        min_length=minimum,
        max_length=maximum,
        after=ps.back_to_preview,
    )


async def _check_date(turn: Turn, value: Any) -> Any:
    if (
        str(value)
        > turn.clock.now().astimezone(turn.settings.organisation.zone).date().isoformat()
    ):
        raise InvalidInput("initiative.propose.error.future_date")
    return value


PROPOSAL: Dialog[Turn, ProposalAnswers] = Dialog(
    name="initiative",
    answers=ProposalAnswers,
    steps=(
        _text(ProposalStep.TITLE, "initiative.propose.ask.title", 5, 200),
        Step(
            ProposalStep.KIND,
            "initiative.propose.ask.kind",
            InputKind.CHOICE,
            options=ps.kind_options,
            after=ps.back_to_preview,
        ),
        Step(
            ProposalStep.FIELD,
            "initiative.propose.ask.field",
            InputKind.CHOICE,
            options=ps.field_options,
            after=ps.back_to_preview,
        ),
        Step(
            ProposalStep.MOVEMENT,
            "initiative.propose.ask.movement",
            InputKind.CHOICE,
            options=ps.movement_options,
            after=ps.back_to_preview,
        ),
        _text(ProposalStep.PROBLEM, "initiative.propose.ask.problem", 10, 3000),
        _text(ProposalStep.SOLUTION, "initiative.propose.ask.solution", 10, 3000),
        _text(ProposalStep.APPLIED_WHERE, "initiative.propose.ask.applied_where", 2, 300),
        Step(
            ProposalStep.APPLIED_SINCE,
            "initiative.propose.ask.applied_since",
            InputKind.DATE,
            convert=_check_date,
            after=ps.back_to_preview,
        ),
        _text(ProposalStep.BENEFIT, "initiative.propose.ask.benefit", 10, 3000),
        Step(
            ProposalStep.COAUTHOR_MENU,
            "",
            InputKind.CHOICE,
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
        Step(
            ProposalStep.SHARE,
            "initiative.propose.ask.share",
            InputKind.NUMBER,
            minimum=1,
            maximum=99,
            after=ps.after_share,
        ),
        *dialog_steps.attachment_steps(ProposalAnswers),
        Step(
            FileStep.PREVIEW,
            "",
            InputKind.CHOICE,
            options=ps.preview_options,
            render=ps.render_preview,
            after=ps.after_preview,
        ),
    ),
    finish=_finish,
    cancelled="initiative.propose.cancelled",
    timeout=timedelta(days=DRAFT_DAYS),
)
