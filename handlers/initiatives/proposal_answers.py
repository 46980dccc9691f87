"""What the ``/sangkien`` dialog keeps: its step names, its answers, and how a draft goes on
after a step (back to the preview, or on to the next field still lacking).

The answers follow the application form (TT 18/2013/TT-BKHCN, Phụ lục I). A draft stored
before the form had all its fields lacks the ``form`` key; :func:`lacking` names the steps it
still needs, and ``todo`` chains them: each step's hook goes on to the next one listed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from bot.dialog_spec import Then
from bot.services.initiatives import Filer
from bot.turn import Turn
from handlers.common import FileStep, WithFiles

#: The shape of the answers: stored with every draft since the application form.
FORM = 2


class ProposalStep(StrEnum):
    """The proposal dialog's own steps (the attachment loop's are :class:`FileStep`)."""

    TITLE = "title"
    FILER = "filer"
    AUTHOR_BIRTH = "author_birth"
    AUTHOR_WORKPLACE = "author_workplace"
    AUTHOR_TITLE = "author_title"
    AUTHOR_QUALIFICATION = "author_qualification"
    INVESTOR_NAME = "investor_name"
    INVESTOR_ADDRESS = "investor_address"
    KIND = "kind"
    FIELD = "field"
    MOVEMENT = "movement"
    PROBLEM = "problem"
    SOLUTION = "solution"
    CONFIDENTIAL = "confidential"
    CONDITIONS = "conditions"
    APPLIED_WHERE = "applied_where"
    APPLIED_SINCE = "applied_since"
    BENEFIT = "benefit"
    APPLIER_MENU = "applier_menu"
    APPLIER_NAME = "applier_name"
    APPLIER_ADDRESS = "applier_address"
    APPLIER_BENEFIT = "applier_benefit"
    COAUTHOR_MENU = "coauthor_menu"
    COAUTHOR_SEARCH = "coauthor_search"
    COAUTHOR_PICK = "coauthor_pick"
    OUTSIDER = "outsider"
    COAUTHOR_BIRTH = "coauthor_birth"
    COAUTHOR_WORKPLACE = "coauthor_workplace"
    COAUTHOR_TITLE = "coauthor_title"
    COAUTHOR_QUALIFICATION = "coauthor_qualification"
    SHARE = "share"
    EDIT_MENU = "edit_menu"


STEPS: dict[str, StrEnum] = {str(s): s for s in (*ProposalStep, *FileStep)}


class PendingCoAuthor(BaseModel):
    """A co-author chosen or typed whose details and share are still to be given; ``slot``
    is the place of a listed co-author whose details are being completed."""

    model_config = ConfigDict(frozen=True)

    member_id: int | None = None
    name: str
    unit: str = ""
    position: str = ""
    slot: int | None = None


class CoAuthorAnswer(BaseModel):
    """A co-author listed in the proposal: a member (``member_id``) or an outsider, with the
    form's details (absent in drafts stored before the form had them)."""

    model_config = ConfigDict(frozen=True)

    member_id: int | None = None
    name: str
    share: int
    birth: date | None = None
    workplace: str = ""
    job_title: str = ""
    qualification: str = ""

    @property
    def complete(self) -> bool:
        """Whether every detail the form asks for is given."""
        return bool(self.birth and self.workplace and self.job_title and self.qualification)


class ApplierAnswer(BaseModel):
    """An organisation or person who applied the initiative first, and their assessment."""

    model_config = ConfigDict(frozen=True)

    name: str
    address: str
    benefit: str


class ProposalAnswers(WithFiles):
    """What the proposal dialog collected so far, or the returned initiative being edited."""

    form: int = FORM
    title: str | None = None
    filer: str | None = None
    author_birth: date | None = None
    author_workplace: str | None = None
    author_title: str | None = None
    author_qualification: str | None = None
    investor_name: str | None = None
    investor_address: str | None = None
    kind: str | None = None
    field: str | None = None
    movement: str | None = None
    movement_name: str | None = None
    problem: str | None = None
    solution: str | None = None
    #: "" once skipped ("nothing confidential").
    confidential: str | None = None
    conditions: str | None = None
    applied_where: str | None = None
    applied_since: date | None = None
    benefit: str | None = None
    appliers: tuple[ApplierAnswer, ...] = ()
    applier_name: str | None = None
    applier_address: str | None = None
    applier_benefit: str | None = None
    coauthors: tuple[CoAuthorAnswer, ...] = ()
    coauthor_search: str | None = None
    outsider: str | None = None
    coauthor_birth: date | None = None
    coauthor_workplace: str | None = None
    coauthor_title: str | None = None
    coauthor_qualification: str | None = None
    share: int | None = None
    #: Shown in the co-author questions as ``{pending_name}``.
    pending: PendingCoAuthor | None = None
    #: The returned initiative being edited, to resubmit rather than submit.
    resubmit: int | None = Field(
        default=None, validation_alias=AliasChoices("resubmit", "_resubmit")
    )
    #: The steps still to ask, in order, before the draft goes on as usual.
    todo: tuple[str, ...] = ()

    @property
    def investor(self) -> bool:
        """Whether the investor files (the person filing need not be an author)."""
        return self.filer == Filer.INVESTOR

    @property
    def others_total(self) -> int:
        """The co-authors' shares together."""
        return sum(c.share for c in self.coauthors)

    def authors_fit(self) -> bool:
        """Whether the co-authors have their details and their shares add up."""
        if any(not c.complete for c in self.coauthors):
            return False
        if self.investor:
            return self.others_total == 100
        return self.others_total <= 99


def proceed(answers: ProposalAnswers, default: StrEnum | None = None) -> Then[ProposalAnswers]:
    """Where a draft goes after the last step of a field: the next step still lacking, else
    back to the preview when a field was edited from it, else ``default`` (the next step)."""
    if answers.todo:
        step, *rest = answers.todo
        return Then(STEPS[step], answers.but(todo=tuple(rest)))
    if answers.editing:
        return Then(FileStep.PREVIEW, answers.but(editing=False))
    return Then(default, answers)


async def back_to_preview(
    _turn: Turn, answers: ProposalAnswers, _value: Any
) -> Then[ProposalAnswers]:
    """After a field: the next lacking one, the preview it was edited from, or the next."""
    return proceed(answers)


def lacking(answers: ProposalAnswers) -> list[StrEnum]:
    """The first step of each field the form needs that the answers lack, in dialog order."""
    found: list[StrEnum] = [] if answers.title else [ProposalStep.TITLE]
    details = (
        answers.author_birth,
        answers.author_workplace,
        answers.author_title,
        answers.author_qualification,
    )
    if answers.filer is None:
        found.append(ProposalStep.FILER)
    elif answers.investor and not (answers.investor_name and answers.investor_address):
        found.append(ProposalStep.INVESTOR_NAME)
    elif not answers.investor and not all(details):
        found.append(ProposalStep.AUTHOR_BIRTH)
    found += [
        step
        for step in (
            ProposalStep.KIND,
            ProposalStep.FIELD,
            ProposalStep.MOVEMENT,
            ProposalStep.PROBLEM,
            ProposalStep.SOLUTION,
            ProposalStep.CONFIDENTIAL,
            ProposalStep.CONDITIONS,
            ProposalStep.APPLIED_WHERE,
            ProposalStep.APPLIED_SINCE,
            ProposalStep.BENEFIT,
        )
        if getattr(answers, step.value) is None
    ]
    if not answers.authors_fit():
        found.append(ProposalStep.COAUTHOR_MENU)
    return found
