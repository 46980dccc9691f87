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
from bot.dialog_spec import Dialog, Step, draft_of
from bot.ports import Button, Reply
from bot.routing import Turn
from bot.services.initiatives.records import InitiativeView
from handlers.common import dialog_steps
from handlers.initiatives import proposal_steps as ps

DIALOG = "initiative"
DRAFT_DAYS = 30


async def propose(turn: Turn) -> Reply:
    """Answer ``/sangkien``: offer to resume a draft, or start a new proposal."""
    assert turn.member is not None
    if turn.dialog is not None and turn.dialog.dialog == DIALOG:
        title = str(turn.dialog.data.get("title") or turn.t("initiative.propose.untitled"))
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
        and turn.dialog.dialog == DIALOG
    ):
        return await turn.dialogs.reask(turn, turn.incoming, turn.dialog)
    return await _start(turn)


async def _start(turn: Turn) -> Reply:
    assert turn.member is not None
    if await turn.services.initiatives.remaining_today(turn.member) == 0:
        raise errors.DailyCapReached(cap=turn.settings.initiatives.daily_cap)
    return await turn.dialogs.start(turn, turn.incoming, DIALOG, {"coauthors": [], "files": []})


async def start_edit(turn: Turn, item: InitiativeView) -> Reply:
    """Open a returned initiative in the dialog, at its preview, to edit and resubmit it."""
    return await turn.dialogs.start(turn, turn.incoming, DIALOG, ps.draft_of(item), at="preview")


async def _finish(turn: Turn, data: dict[str, Any]) -> Reply:
    assert turn.member is not None
    proposal = ps.proposal_of(data, turn.incoming.channel.value)
    service = turn.services.initiatives
    if data.get("_resubmit"):
        item = await service.resubmit(
            turn.member, int(data["_resubmit"]), proposal, dialog=draft_of(data)
        )
        key = "initiative.propose.resubmitted"
    else:
        item = await service.submit(turn.member, proposal, dialog=draft_of(data))
        key = "initiative.propose.submitted"
    button = Button(turn.t("initiative.button.open"), InitiativeOpen(item.id).pack())
    return Reply(turn.t(key, code=item.code, title=item.title), buttons=((button,),))


def _text(name: str, prompt: str, minimum: int, maximum: int) -> Step[Turn]:
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


PROPOSAL: Dialog[Turn] = Dialog(
    name=DIALOG,
    steps=(
        _text("title", "initiative.propose.ask.title", 5, 200),
        Step(
            "kind",
            "initiative.propose.ask.kind",
            InputKind.CHOICE,
            options=ps.kind_options,
            after=ps.back_to_preview,
        ),
        Step(
            "field",
            "initiative.propose.ask.field",
            InputKind.CHOICE,
            options=ps.field_options,
            after=ps.back_to_preview,
        ),
        Step(
            "movement",
            "initiative.propose.ask.movement",
            InputKind.CHOICE,
            options=ps.movement_options,
            after=ps.back_to_preview,
        ),
        _text("problem", "initiative.propose.ask.problem", 10, 3000),
        _text("solution", "initiative.propose.ask.solution", 10, 3000),
        _text("applied_where", "initiative.propose.ask.applied_where", 2, 300),
        Step(
            "applied_since",
            "initiative.propose.ask.applied_since",
            InputKind.DATE,
            convert=_check_date,
            after=ps.back_to_preview,
        ),
        _text("benefit", "initiative.propose.ask.benefit", 10, 3000),
        Step(
            "coauthor_menu",
            "",
            InputKind.CHOICE,
            options=ps.coauthor_menu_options,
            render=ps.render_coauthors,
            after=ps.after_coauthor_menu,
        ),
        Step(
            "coauthor_search",
            "initiative.propose.ask.coauthor_search",
            min_length=2,
            max_length=100,
            convert=ps.check_search,
        ),
        Step(
            "coauthor_pick",
            "initiative.propose.ask.coauthor_pick",
            InputKind.CHOICE,
            options=ps.match_options,
            after=ps.after_pick,
        ),
        Step(
            "outsider",
            "initiative.propose.ask.outsider",
            min_length=3,
            max_length=100,
            convert=dialog_steps.check_outsider,
            after=ps.after_outsider,
        ),
        Step(
            "share",
            "initiative.propose.ask.share",
            InputKind.NUMBER,
            minimum=1,
            maximum=99,
            after=ps.after_share,
        ),
        Step(
            "file_menu",
            "",
            InputKind.CHOICE,
            options=dialog_steps.file_menu_options,
            render=dialog_steps.render_files,
            after=dialog_steps.after_file_menu,
        ),
        Step(
            "file",
            "common.files.ask",
            InputKind.FILE,
            max_file_bytes=20 * 1024 * 1024,
            convert=dialog_steps.check_file,
            after=dialog_steps.after_file,
        ),
        Step(
            "preview",
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
