"""The initiative council's evaluation as an initiative's detail shows it: per condition how
many members marked it "đạt" and "không đạt" with their comments (for reviewers and the
council), then the council's conclusion and the head's decision with the certificate number
(for everyone who sees the item). A decision never recorded shows as a blank, never invented.
"""

from __future__ import annotations

from bot.domain import InitiativeState
from bot.services.common import Signed
from bot.services.initiatives import ConditionSummary, InitiativeView, decision_line, summarise
from bot.turn import Turn

#: The kinds of condition in the order shown, with their headings.
HEADERS = {
    "requirement": "initiative.evaluation.requirement_header",
    "exclusion": "initiative.evaluation.exclusion_header",
}
CONCLUSIONS = {
    "pass": "initiative.evaluation.conclusion_pass",
    "fail": "initiative.evaluation.conclusion_fail",
}
VERDICTS = {
    True: "initiative.evaluation.verdict_met",
    False: "initiative.evaluation.verdict_not_met",
}


def evaluation_text(turn: Turn, view: InitiativeView, *, reviewer: bool) -> str:
    """The evaluation's part of the detail ("" when there is nothing to show)."""
    parts = []
    if reviewer and view.marks:
        parts.append(_summary(turn, view))
    elif reviewer and view.state is InitiativeState.UNDER_REVIEW:
        parts.append(turn.t("initiative.evaluation.none"))
    if view.conclusion in CONCLUSIONS:
        parts.append(turn.t(CONCLUSIONS[view.conclusion], reason=view.conclusion_reason))
    decided = (InitiativeState.RECOGNIZED, InitiativeState.APPLIED)
    if view.state in decided:
        parts.append(_decision(turn, view))
    return "\n".join(parts)


def _summary(turn: Turn, view: InitiativeView) -> str:
    members = len({m.member_id for m in view.marks})
    lines = [turn.t("initiative.evaluation.summary_header", count=members)]
    conditions = summarise(view.marks)
    for kind, header in HEADERS.items():
        found = [c for c in conditions if c.kind == kind]
        if found:
            lines.append(turn.t(header))
            lines += [line for c in found for line in _condition(turn, c)]
    return "\n".join(lines)


def _condition(turn: Turn, condition: ConditionSummary) -> list[str]:
    lines = [
        turn.t(
            "initiative.evaluation.condition_line",
            label=condition.label,
            met=condition.met,
            not_met=condition.not_met,
        )
    ]
    for member, met, comment in condition.comments:
        verdict = turn.t(VERDICTS[met])
        lines.append(
            turn.t(
                "initiative.evaluation.comment_line",
                member=member,
                verdict=verdict,
                comment=comment,
            )
        )
    return lines


def _decision(turn: Turn, view: InitiativeView) -> str:
    if not view.decision_number or view.decision_date is None:
        return turn.t("initiative.evaluation.decision_blank")
    signed = Signed(view.decision_number, view.decision_date, view.decision_signer)
    return turn.t(
        "initiative.evaluation.decision",
        decision=decision_line(turn.texts, signed),
        certificate=view.certificate_number,
    )
