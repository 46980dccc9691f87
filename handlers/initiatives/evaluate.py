"""The initiative council's evaluation and the head's decision, from an initiative's detail.

```mermaid
stateDiagram-v2
    [*] --> mark: 🧑‍⚖️ Đánh giá sáng kiến (a member seated on an initiative council)
    mark --> comment: ✅ Đạt / ❌ Không đạt on condition n of [initiatives] conditions
    comment --> mark: a comment or «-», while conditions remain
    comment --> novelty: after the last condition
    novelty --> applicability: 1–5
    applicability --> benefit: 1–5
    benefit --> note: 1–5
    note --> [*]: the evaluation recorded (again: replaced)
```

```mermaid
stateDiagram-v2
    [*] --> number: 🏆 Ghi quyết định công nhận (Office; the council concluded "đạt")
    number --> signed_on: 1–64 characters
    signed_on --> signer: a date, not after today
    signer --> sure: 3–200 characters
    sure --> [*]: recognised, certificate numbered, points written, authors told
```

Both start only after the same checks the services make (seat, stake, role, state), so nobody
types answers for nothing; the services check again, so forged buttons do nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import InitiativeAct
from bot.dates import day_text
from bot.dialog_inputs import InputKind, Option
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Reply
from bot.services.common import NUMBER_MAX, SIGNER_MAX, Signed
from bot.services.initiatives import EVALUATE_STEP, Mark, Scores, stake_in
from bot.services.workflow import REASON_MAX, require
from bot.turn import Turn
from handlers.common import member_of, not_after_today, sure_text
from handlers.initiatives.detail import detail, fresh

#: What a member types for "no comment" or "no note".
NO_TEXT = frozenset({"-", "không", "khong", "không có", "ko"})
MET = "1"
NOT_MET = "0"
#: What each kind of condition is called in the question.
KINDS = {
    "requirement": "initiative.evaluation.kind_requirement",
    "exclusion": "initiative.evaluation.kind_exclusion",
}


class EvaluationStep(StrEnum):
    """The evaluation's steps: each condition's mark and comment, then the three scores."""

    MARK = "mark"
    COMMENT = "comment"
    NOVELTY = "novelty"
    APPLICABILITY = "applicability"
    BENEFIT = "benefit"
    NOTE = "note"


class EvaluationAnswers(Answers):
    """A member's evaluation of one initiative; the conditions are those of its start.

    ``conditions`` holds ``(code, label, kind)``; ``marks`` holds ``(code, met, comment)``.
    """

    item: int
    code: str
    title: str
    conditions: tuple[tuple[str, str, str], ...]
    index: int = 0
    marks: tuple[tuple[str, bool, str], ...] = ()
    mark: str | None = None
    comment: str | None = None
    novelty: int | None = None
    applicability: int | None = None
    benefit: int | None = None
    note: str | None = None


async def start_evaluation(turn: Turn, payload: InitiativeAct) -> Reply:
    """The "🧑‍⚖️ Đánh giá sáng kiến" button: refused before any answer to whoever the service
    would refuse after."""
    member = member_of(turn)
    if not await turn.services.evaluations.seat(member):
        raise errors.NotOnInitiativeCouncil
    view = await turn.services.initiatives.view(member, payload.item)
    if view.version != payload.version:
        return detail(turn, view, intro=turn.t("initiative.error.already_handled"))
    require(
        EVALUATE_STEP,
        member.role,
        is_author=False,
        has_stake=stake_in(member, view),
        own_item=errors.OwnInitiative,
    )
    if view.state not in EVALUATE_STEP.sources:
        raise errors.IllegalTransition
    conditions = tuple((c.code, c.label, c.kind) for c in turn.services.evaluations.conditions)
    given = EvaluationAnswers(
        item=view.id, code=view.code, title=view.title, conditions=conditions
    )
    return await turn.dialogs.start(turn, turn.incoming, EVALUATION, given)


async def _mark_options(turn: Turn, _answers: EvaluationAnswers) -> Sequence[Option]:
    met, not_met = "initiative.evaluation.met", "initiative.evaluation.not_met"
    return [Option(MET, turn.t(met)), Option(NOT_MET, turn.t(not_met))]


async def _ask_mark(turn: Turn, answers: EvaluationAnswers) -> str:
    _code, label, kind = answers.conditions[answers.index]
    return turn.t(
        "initiative.evaluation.ask_mark",
        code=answers.code,
        title=answers.title,
        number=answers.index + 1,
        count=len(answers.conditions),
        kind=turn.t(KINDS[kind]),
        label=label,
    )


async def _ask_comment(turn: Turn, answers: EvaluationAnswers) -> str:
    return turn.t("initiative.evaluation.ask_comment", label=answers.conditions[answers.index][1])


async def _no_text(_turn: Turn, text: Any) -> str:
    return "" if str(text).strip().casefold() in NO_TEXT else str(text)


async def _after_comment(
    _turn: Turn, answers: EvaluationAnswers, value: Any
) -> Then[EvaluationAnswers]:
    """Keep the condition's mark, then ask the next condition or go on to the scores."""
    code = answers.conditions[answers.index][0]
    marks = (*answers.marks, (code, answers.mark == MET, str(value)))
    following = answers.but(marks=marks, index=answers.index + 1, mark=None, comment=None)
    if following.index < len(answers.conditions):
        return Then(EvaluationStep.MARK, following)
    return Then(answers=following)


async def _finish_evaluation(turn: Turn, answers: EvaluationAnswers, draft: Draft) -> Reply:
    novelty, applicability, benefit = answers.novelty, answers.applicability, answers.benefit
    assert novelty is not None and applicability is not None and benefit is not None
    marks = [Mark(code, met, comment) for code, met, comment in answers.marks]
    scores = Scores(novelty, applicability, benefit, answers.note or "")
    try:
        view = await turn.services.evaluations.evaluate(
            member_of(turn), answers.item, marks, scores, dialog=draft
        )
    except errors.DomainError as problem:
        # Answered here so the dialog closes and the item shows as it is.
        text = turn.t(problem.text_key, **problem.params)
        return await fresh(turn, answers.item, text, edit=False)
    intro = turn.t(
        "initiative.evaluation.done",
        met=sum(1 for m in marks if m.met),
        count=len(marks),
        novelty=novelty,
        applicability=applicability,
        benefit=benefit,
    )
    return detail(turn, view, intro=intro, edit=False)


def _score(name: EvaluationStep, prompt: str) -> Step[Turn, EvaluationAnswers]:
    return Step(name, prompt, InputKind.NUMBER, minimum=1, maximum=5)


EVALUATION: Dialog[Turn, EvaluationAnswers] = Dialog(
    name="initiative_evaluation",
    answers=EvaluationAnswers,
    steps=(
        Step(
            EvaluationStep.MARK,
            "initiative.evaluation.ask_mark",
            InputKind.CHOICE,
            options=_mark_options,
            render=_ask_mark,
        ),
        Step(
            EvaluationStep.COMMENT,
            "initiative.evaluation.ask_comment",
            max_length=REASON_MAX,
            convert=_no_text,
            render=_ask_comment,
            after=_after_comment,
        ),
        _score(EvaluationStep.NOVELTY, "initiative.evaluation.ask_novelty"),
        _score(EvaluationStep.APPLICABILITY, "initiative.evaluation.ask_applicability"),
        _score(EvaluationStep.BENEFIT, "initiative.evaluation.ask_benefit"),
        Step(
            EvaluationStep.NOTE,
            "initiative.evaluation.ask_note",
            max_length=REASON_MAX,
            convert=_no_text,
        ),
    ),
    finish=_finish_evaluation,
    cancelled="initiative.evaluation.cancelled",
)


class DecisionStep(StrEnum):
    """The steps of recording the head's decision."""

    NUMBER = "number"
    SIGNED_ON = "signed_on"
    SIGNER = "signer"
    SURE = "sure"


class DecisionAnswers(Answers):
    """The head's decision on one initiative, as the Office saw the item."""

    item: int
    version: int
    code: str
    title: str
    told: str = ""
    number: str | None = None
    signed_on: date | None = None
    signer: str | None = None
    sure: bool | None = None


async def start_decision(turn: Turn, payload: InitiativeAct, told: str) -> Reply:
    """Ask the decision's number, date and signer (the caller checked the press)."""
    view = await turn.services.initiatives.view(member_of(turn), payload.item)
    given = DecisionAnswers(
        item=view.id, version=payload.version, code=view.code, title=view.title, told=told
    )
    return await turn.dialogs.start(turn, turn.incoming, DECISION, given)


async def _render_sure(turn: Turn, answers: DecisionAnswers) -> str:
    assert answers.signed_on is not None
    what = turn.t(
        "initiative.evaluation.sure_recognize",
        number=answers.number,
        day=day_text(answers.signed_on),
        signer=answers.signer,
        code=answers.code,
        title=answers.title,
    )
    effect = turn.t("initiative.evaluation.sure_recognize_effect")
    return sure_text(turn, what=what, effect=effect, told=answers.told)


async def _finish_decision(turn: Turn, answers: DecisionAnswers, draft: Draft) -> Reply:
    assert answers.number is not None and answers.signed_on is not None
    assert answers.signer is not None
    signed = Signed(answers.number, answers.signed_on, answers.signer)
    try:
        view = await turn.services.reviews.recognize(
            member_of(turn), answers.item, signed, seen_version=answers.version, dialog=draft
        )
    except errors.DomainError as problem:
        text = turn.t(problem.text_key, **problem.params)
        return await fresh(turn, answers.item, text, edit=False)
    intro = turn.t(
        "initiative.evaluation.recognized", code=view.code, certificate=view.certificate_number
    )
    return detail(turn, view, intro=intro, edit=False)


DECISION: Dialog[Turn, DecisionAnswers] = Dialog(
    name="initiative_decision",
    answers=DecisionAnswers,
    steps=(
        Step(DecisionStep.NUMBER, "initiative.evaluation.ask_number", max_length=NUMBER_MAX),
        Step(
            DecisionStep.SIGNED_ON,
            "initiative.evaluation.ask_signed_on",
            InputKind.DATE,
            convert=not_after_today("decision.error.future"),
        ),
        Step(
            DecisionStep.SIGNER,
            "initiative.evaluation.ask_signer",
            min_length=3,
            max_length=SIGNER_MAX,
        ),
        Step(DecisionStep.SURE, "common.sure.question", InputKind.CONFIRM, render=_render_sure),
    ),
    finish=_finish_decision,
    cancelled="initiative.evaluation.decision_cancelled",
)
