"""Recording a decision, a Tờ trình or a higher level's result: number, date, signer, (for a
result) the items not awarded, then "Bạn chắc chắn …?".

```mermaid
stateDiagram-v2
    [*] --> number: 📝 Ghi nhận … (Office, on a group of /quyetdinh)
    number --> signed_on: 1–64 characters (125/QĐ-SKHCN)
    signed_on --> signer: a date, not after today
    signer --> excluded: 3–200 characters (a result of a Tờ trình only)
    signer --> sure
    excluded --> sure: the numbers not awarded, or «không»
    sure --> [*]: recorded; the people concerned told, the result published
```

The items are those the Office saw when it pressed the button; if someone acted on the group
meanwhile, the service refuses and nothing is recorded.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from bot import errors
from bot.callbacks import DecisionChoice, DecisionMenu
from bot.dates import day_text
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.decisions import NUMBER_MAX, SIGNER_MAX, DecisionView, Kind, Outcome, Signed
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import member_of, not_after_today, sure_text
from handlers.decisions.screens import (
    find_group,
    group_items,
    item_lines,
    show_group,
    show_pending,
    what_waits,
)

#: What a decision and a Tờ trình are called, and what recording each answers (literal keys,
#: so the catalogue test sees them used).
DOCUMENTS: dict[Kind, str] = {
    Kind.DECISION: "decision.document.decision",
    Kind.SUBMISSION: "decision.document.submission",
}
RECORDED: dict[Kind, str] = {
    Kind.DECISION: "decision.recorded.decision",
    Kind.SUBMISSION: "decision.recorded.submission",
}
#: Words that mean "none of them" at the step asking which items were not awarded.
NONE_WORDS = frozenset({"không", "khong", "0", "none"})


class RecordStep(StrEnum):
    """The steps of recording a decision or a Tờ trình."""

    NUMBER = "number"
    SIGNED_ON = "signed_on"
    SIGNER = "signer"
    EXCLUDED = "excluded_text"
    SURE = "sure"


class DecisionAnswers(Answers):
    """A decision being recorded for one pending group, as the Office saw it."""

    award: str = ""
    award_name: str = ""
    year: int = 0
    submission: int = 0
    authority: str = ""
    kind: Kind = Kind.DECISION
    document: str = ""
    waits: str = ""
    expected: tuple[int, ...] = ()
    number: str | None = None
    signed_on: date | None = None
    signer: str | None = None
    excluded_text: str | None = None
    excluded: tuple[int, ...] = ()
    sure: bool | None = None


async def start_record(turn: Turn, payload: DecisionMenu) -> Reply:
    """Start recording the act a group waits for, with the items it covers now."""
    group = await find_group(turn, payload)
    if group is None:
        return await show_pending(turn)
    items = await group_items(turn, group)
    here = group.submission_id is not None or group.grantor.decides_here
    kind = Kind.DECISION if here else Kind.SUBMISSION
    given = DecisionAnswers(
        award=group.award_code,
        award_name=group.award_name,
        year=group.year,
        submission=group.submission_id or 0,
        authority=group.grantor.name,
        kind=kind,
        document=turn.t(DOCUMENTS[kind]),
        waits=what_waits(turn, group),
        expected=tuple(item.id for item in items),
    )
    if group.submission_id is None:
        given = given.but(excluded_text="")  # only a higher level's result leaves items out
    return await turn.dialogs.start(turn, turn.incoming, RECORD, given)


not_future = not_after_today("decision.error.future")


async def _render_excluded(turn: Turn, answers: DecisionAnswers) -> str:
    items = await turn.services.decisions.items(
        member_of(turn), answers.award, answers.year, answers.submission or None
    )
    listed = Safe(item_lines(turn, items, limit=len(items)))
    return turn.t("decision.ask.excluded", items=listed)


async def _after_excluded(
    _turn: Turn, answers: DecisionAnswers, value: Any
) -> Then[DecisionAnswers]:
    text = str(value).strip().casefold()
    if text in NONE_WORDS:
        return Then(answers=answers.but(excluded=()))
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    count = len(answers.expected)
    if (
        not numbers
        or re.search(r"[^\d\s,;.và]", text)
        or any(not 1 <= n <= count for n in numbers)
    ):
        raise InvalidInput("decision.error.excluded", count=count)
    return Then(answers=answers.but(excluded=tuple(sorted(set(numbers)))))


async def _render_sure(turn: Turn, answers: DecisionAnswers) -> str:
    assert answers.signed_on is not None
    left_out = len(answers.excluded)
    count = len(answers.expected) - left_out
    if answers.kind is Kind.SUBMISSION:
        effect = turn.t("decision.sure.effect_sent_up", count=count)
    elif count:
        effect = turn.t("decision.sure.effect_awarded", count=count)
    else:
        effect = turn.t("decision.sure.effect_nobody")
    if left_out:
        effect += " " + turn.t("decision.sure.left_out", left_out=left_out)
    what = turn.t(
        "decision.sure.what",
        document=answers.document,
        number=answers.number,
        day=day_text(answers.signed_on),
        signer=answers.signer,
        award=answers.award_name,
        count=len(answers.expected),
    )
    return sure_text(turn, what=what, effect=effect, told=turn.t("decision.sure.told"))


async def _finish(turn: Turn, answers: DecisionAnswers, draft: Draft) -> Reply:
    assert answers.number is not None and answers.signed_on is not None
    assert answers.signer is not None
    signed = Signed(answers.number, answers.signed_on, answers.signer)
    service, member = turn.services.decisions, member_of(turn)
    try:
        if answers.submission:
            left_out = {answers.expected[n - 1] for n in answers.excluded}
            view = await service.record_result(
                member,
                answers.submission,
                signed,
                frozenset(left_out),
                answers.expected,
                dialog=draft,
            )
        else:
            view = await service.record(
                member, answers.award, answers.year, signed, answers.expected, dialog=draft
            )
    except errors.DomainError as problem:
        # Answered here so the dialog closes; the group shows as it is now.
        reply = await show_pending(turn)
        text = turn.t(problem.text_key, **problem.params) + "\n\n" + reply.text
        return Reply(text, buttons=reply.buttons)
    return _recorded(turn, view)


def _recorded(turn: Turn, view: DecisionView) -> Reply:
    nobody = view.kind is Kind.DECISION and not view.count(Outcome.AWARDED)
    text = turn.t(
        "decision.recorded.nobody" if nobody else RECORDED[view.kind],
        number=view.number,
        day=day_text(view.signed_on),
        authority=view.authority,
        award=view.award_name,
        awarded=view.count(Outcome.AWARDED),
        not_awarded=view.count(Outcome.NOT_AWARDED),
        sent_up=view.count(Outcome.SENT_UP),
    )
    back = Button(turn.t("decision.button.list"), DecisionMenu(DecisionChoice.LIST).pack())
    return Reply(text, buttons=((back,),))


async def open_menu(turn: Turn, payload: DecisionMenu) -> Reply:
    """A ``DecisionMenu`` button (the service re-checks the Office's role)."""
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    if payload.choice is DecisionChoice.LIST:
        return await show_pending(turn)
    if payload.choice is DecisionChoice.GROUP:
        return await show_group(turn, payload)
    return await start_record(turn, payload)


RECORD: Dialog[Turn, DecisionAnswers] = Dialog(
    name="decision_record",
    answers=DecisionAnswers,
    steps=(
        Step(RecordStep.NUMBER, "decision.ask.number", max_length=NUMBER_MAX),
        Step(RecordStep.SIGNED_ON, "decision.ask.signed_on", InputKind.DATE, convert=not_future),
        Step(RecordStep.SIGNER, "decision.ask.signer", min_length=3, max_length=SIGNER_MAX),
        Step(
            RecordStep.EXCLUDED,
            "decision.ask.excluded",
            max_length=2000,
            skip_when_set=True,
            render=_render_excluded,
            after=_after_excluded,
        ),
        Step(RecordStep.SURE, "common.sure.question", InputKind.CONFIRM, render=_render_sure),
    ),
    finish=_finish,
    cancelled="decision.cancelled",
)
