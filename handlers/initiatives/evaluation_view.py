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

_KINDS = ("requirement", "exclusion")


def evaluation_text(turn: Turn, view: InitiativeView, *, reviewer: bool) -> str:
    """The evaluation's part of the detail ("" when there is nothing to show)."""
    parts = []
    if reviewer and view.marks:
        parts.append(_summary(turn, view))
    elif reviewer and view.state is InitiativeState.UNDER_REVIEW:
        parts.append(turn.t("initiative.evaluation.none"))
    if view.conclusion:
        key = f"initiative.evaluation.conclusion_{view.conclusion}"
        parts.append(turn.t(key, reason=view.conclusion_reason))
    decided = (InitiativeState.RECOGNIZED, InitiativeState.APPLIED)
    if view.state in decided:
        parts.append(_decision(turn, view))
    return "\n".join(parts)


def _summary(turn: Turn, view: InitiativeView) -> str:
    members = len({m.member_id for m in view.marks})
    lines = [turn.t("initiative.evaluation.summary_header", count=members)]
    conditions = summarise(view.marks)
    for kind in _KINDS:
        found = [c for c in conditions if c.kind == kind]
        if found:
            lines.append(turn.t(f"initiative.evaluation.{kind}_header"))
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
        verdict = turn.t(f"initiative.evaluation.verdict_{'met' if met else 'not_met'}")
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
