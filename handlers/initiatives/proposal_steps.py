"""The parts of the ``/sangkien`` dialog: its steps and answers, choices, checks, the co-author
and file loops, the preview with "edit this field", and the conversion between the answers and
a proposal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from bot import errors
from bot.dates import day_text
from bot.dialog_inputs import InvalidInput, Option
from bot.dialog_spec import Then
from bot.services.initiatives import KINDS, CoAuthor, InitiativeView, Proposal
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import FileAnswer, FileStep, WithFiles

MAX_SHARE_OF_OTHERS = 99  # the proposing author keeps at least 1%


class ProposalStep(StrEnum):
    """The proposal dialog's own steps (the attachment loop's are :class:`FileStep`)."""

    TITLE = "title"
    KIND = "kind"
    FIELD = "field"
    MOVEMENT = "movement"
    PROBLEM = "problem"
    SOLUTION = "solution"
    APPLIED_WHERE = "applied_where"
    APPLIED_SINCE = "applied_since"
    BENEFIT = "benefit"
    COAUTHOR_MENU = "coauthor_menu"
    COAUTHOR_SEARCH = "coauthor_search"
    COAUTHOR_PICK = "coauthor_pick"
    OUTSIDER = "outsider"
    SHARE = "share"


class PendingCoAuthor(BaseModel):
    """A co-author chosen or typed whose share is still to be given."""

    model_config = ConfigDict(frozen=True)

    member_id: int | None = None
    name: str


class CoAuthorAnswer(PendingCoAuthor):
    """A co-author listed in the proposal: a member (``member_id``) or an outsider."""

    share: int


class ProposalAnswers(WithFiles):
    """What the proposal dialog collected so far, or the returned initiative being edited."""

    title: str | None = None
    kind: str | None = None
    field: str | None = None
    movement: str | None = None
    movement_name: str | None = None
    problem: str | None = None
    solution: str | None = None
    applied_where: str | None = None
    applied_since: date | None = None
    benefit: str | None = None
    coauthors: tuple[CoAuthorAnswer, ...] = ()
    coauthor_search: str | None = None
    outsider: str | None = None
    share: int | None = None
    #: Shown in the share question as ``{pending_name}``.
    pending: PendingCoAuthor | None = None
    #: The returned initiative being edited, to resubmit rather than submit.
    resubmit: int | None = Field(
        default=None, validation_alias=AliasChoices("resubmit", "_resubmit")
    )


#: Preview edits: the step to jump to (its value is the option's) and the label's text key.
EDITS: tuple[tuple[StrEnum, str], ...] = (
    (ProposalStep.TITLE, "initiative.propose.edit.title"),
    (ProposalStep.KIND, "initiative.propose.edit.kind"),
    (ProposalStep.FIELD, "initiative.propose.edit.field"),
    (ProposalStep.MOVEMENT, "initiative.propose.edit.movement"),
    (ProposalStep.PROBLEM, "initiative.propose.edit.problem"),
    (ProposalStep.SOLUTION, "initiative.propose.edit.solution"),
    (ProposalStep.APPLIED_WHERE, "initiative.propose.edit.applied_where"),
    (ProposalStep.APPLIED_SINCE, "initiative.propose.edit.applied_since"),
    (ProposalStep.BENEFIT, "initiative.propose.edit.benefit"),
    (ProposalStep.COAUTHOR_MENU, "initiative.propose.edit.coauthors"),
    (FileStep.MENU, "initiative.propose.edit.files"),
)
_EDIT_STEPS = {str(step): step for step, _key in EDITS}


async def back_to_preview(
    _turn: Turn, answers: ProposalAnswers, _value: Any
) -> Then[ProposalAnswers]:
    """After a field edited from the preview, return to the preview."""
    if answers.editing:
        return Then(FileStep.PREVIEW, answers.but(editing=False))
    return Then()


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
    """Add a member, add an outsider, remove the last one, or go on."""
    options = [
        Option("member", turn.t("initiative.propose.button.add_member")),
        Option("outsider", turn.t("initiative.propose.button.add_outsider")),
    ]
    if answers.coauthors:
        options.append(Option("remove", turn.t("initiative.propose.button.remove_coauthor")))
    options.append(Option("done", turn.t("initiative.propose.button.coauthors_done")))
    return options


async def render_coauthors(turn: Turn, answers: ProposalAnswers) -> str:
    """The co-author step: who is listed so far and what share the author keeps."""
    return turn.t("initiative.propose.ask.coauthors", authors=Safe(_authors_text(turn, answers)))


async def after_coauthor_menu(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Go where the chosen menu entry leads."""
    if value == "remove":
        return Then(ProposalStep.COAUTHOR_MENU, answers.but(coauthors=answers.coauthors[:-1]))
    if value == "done":
        if answers.editing:
            return Then(FileStep.PREVIEW, answers.but(editing=False))
        return Then(FileStep.MENU)
    return Then(ProposalStep.COAUTHOR_SEARCH if value == "member" else ProposalStep.OUTSIDER)


async def check_search(turn: Turn, value: Any) -> Any:
    """Refuse a search that finds nobody, so the person can type another name at once."""
    if not await turn.services.initiatives.find_members(str(value)):
        raise InvalidInput("initiative.propose.error.no_member", query=value)
    return value


async def match_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """Members matching the search, except the author and those already listed."""
    assert turn.member is not None
    taken = {c.member_id for c in answers.coauthors} | {turn.member.id}
    found = await turn.services.initiatives.find_members(answers.coauthor_search or "")
    options = [Option(str(m.id), f"{m.name} ({m.unit})") for m in found if m.id not in taken]
    return [*options, Option("again", turn.t("initiative.propose.button.search_again"))]


async def after_pick(turn: Turn, answers: ProposalAnswers, value: Any) -> Then[ProposalAnswers]:
    """Remember the chosen member until their share is given."""
    if value == "again":
        return Then(ProposalStep.COAUTHOR_SEARCH)
    found = await turn.services.initiatives.find_members(answers.coauthor_search or "")
    name = next(m.name for m in found if str(m.id) == value)
    pending = PendingCoAuthor(member_id=int(value), name=name)
    return Then(ProposalStep.SHARE, answers.but(pending=pending))


async def after_outsider(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Remember the outsider until their share is given."""
    pending = PendingCoAuthor(member_id=None, name=str(value))
    return Then(ProposalStep.SHARE, answers.but(pending=pending))


async def after_share(_turn: Turn, answers: ProposalAnswers, value: Any) -> Then[ProposalAnswers]:
    """Add the pending co-author with their share; shares of others stay ≤ 99%."""
    used = sum(c.share for c in answers.coauthors)
    if used + int(value) > MAX_SHARE_OF_OTHERS:
        raise InvalidInput(
            "initiative.propose.error.share_too_big", left=MAX_SHARE_OF_OTHERS - used
        )
    pending = answers.pending
    if pending is None:  # a stale answer: nothing to attach it to
        return Then(ProposalStep.COAUTHOR_MENU)
    added = CoAuthorAnswer(member_id=pending.member_id, name=pending.name, share=int(value))
    changed = answers.but(coauthors=(*answers.coauthors, added), pending=None)
    return Then(ProposalStep.COAUTHOR_MENU, changed)


async def preview_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """Submit, or edit one field."""
    edits = [Option(str(step), turn.t(key)) for step, key in EDITS]
    return [Option("submit", turn.t("initiative.propose.button.submit")), *edits]


async def after_preview(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Submit (the dialog's finish), or jump to the field to edit and come back."""
    if value == "submit":
        return Then()
    step = _EDIT_STEPS.get(str(value))
    if step is None:
        raise InvalidInput("dialog.error.stale_button")
    return Then(step, answers.but(editing=True))


async def render_preview(turn: Turn, answers: ProposalAnswers) -> str:
    """Everything the proposal holds, as the Office will read it."""
    since = "" if answers.applied_since is None else day_text(answers.applied_since)
    files = ", ".join(f.name for f in answers.files)
    return turn.t(
        "initiative.propose.preview",
        title=answers.title,
        kind=turn.t(f"initiative.kind.{answers.kind}"),
        field=answers.field,
        movement=answers.movement_name or turn.t("initiative.propose.no_movement"),
        problem=answers.problem,
        solution=answers.solution,
        applied_where=answers.applied_where,
        applied_since=since,
        benefit=answers.benefit,
        authors=Safe(_authors_text(turn, answers)),
        files=files or turn.t("common.none"),
    )


def _authors_text(turn: Turn, answers: ProposalAnswers) -> str:
    assert turn.member is not None
    keep = 100 - sum(c.share for c in answers.coauthors)
    lines = [turn.t("initiative.propose.author_line", name=turn.member.full_name, share=keep)]
    lines += [
        turn.t("initiative.propose.coauthor_line", name=c.name, share=c.share)
        for c in answers.coauthors
    ]
    return "\n".join(lines)


def proposal_of(answers: ProposalAnswers, channel: str) -> Proposal:
    """The proposal the answers describe (``channel``: where files without one were sent)."""
    if answers.applied_since is None:
        raise errors.InvalidProposal
    return Proposal(
        title=answers.title or "",
        kind=answers.kind or "",
        field=answers.field or "",
        movement=answers.movement or "",
        problem=answers.problem or "",
        solution=answers.solution or "",
        applied_where=answers.applied_where or "",
        applied_since=answers.applied_since.isoformat(),
        benefit=answers.benefit or "",
        coauthors=tuple(CoAuthor(c.name, c.share, c.member_id) for c in answers.coauthors),
        files=tuple(f.info(channel) for f in answers.files),
    )


def draft_of(item: InitiativeView) -> ProposalAnswers:
    """Answers holding a submitted initiative, to edit and resubmit it."""
    return ProposalAnswers(
        resubmit=item.id,
        title=item.title,
        kind=item.kind,
        field=item.field,
        movement=item.movement_code,
        movement_name=item.movement,
        problem=item.problem,
        solution=item.solution,
        applied_where=item.applied_where,
        applied_since=item.applied_since,
        benefit=item.benefit,
        coauthors=tuple(
            CoAuthorAnswer(member_id=a.member_id, name=a.name, share=a.share)
            for a in item.authors[1:]
        ),
        files=tuple(
            FileAnswer(
                channel=f.channel, file_id=f.file_id, name=f.name, mime=f.mime_type, size=f.size
            )
            for f in item.files
        ),
    )
