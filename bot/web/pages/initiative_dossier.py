"""An initiative's whole dossier as a page: the application form, the authors, the council's
marks and scores, the conclusion and the head's decision, the history, the files, and the
forms of the steps the viewer may take now (the chat's buttons, from the same state machine).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from bot import errors
from bot.domain import InitiativeState
from bot.roles import REVIEWERS
from bot.services.common import MemberView, Signed
from bot.services.documents import SubjectKind
from bot.services.initiatives import (
    ACTION_LABELS,
    EVALUATE_STEP,
    TRANSITIONS,
    Action,
    InitiativeView,
    ScoreView,
    actions_for,
    decision_line,
    stake_in,
    summarise,
)
from bot.web.forms import FormState
from bot.web.pages_core import Pages, Viewer

#: The pseudo-action of the council member's evaluation form.
EVALUATE = "evl"
#: The steps the web offers, with the chat's button labels. Resubmitting is the author's
#: proposal dialog in chat, so the web does not offer it.
LABELS: dict[Action, str] = {a: k for a, k in ACTION_LABELS.items() if a is not Action.RESUBMIT}

#: The council's conclusion, by its stored value.
CONCLUSIONS = {
    "pass": "web.initiatives.conclusion.pass",
    "fail": "web.initiatives.conclusion.fail",
}


@dataclass(frozen=True, slots=True)
class Step:
    """A form of the page: its action value, label, and what it asks."""

    value: str
    label: str
    reason: bool
    decisive: bool


def item_id(request: web.Request) -> int:
    """The item's id in the address; anything but a number is an unknown item."""
    text = request.match_info["id"]
    if not text.isdecimal() or len(text) > 9:
        raise errors.InitiativeNotFound
    return int(text)


def steps_for(member: MemberView, view: InitiativeView) -> list[Action]:
    """The state changes ``member`` may take on ``view`` now (as the chat's buttons)."""
    mine, stake = member.id == view.author_id, stake_in(member, view)
    found = actions_for(view.state, member.role, is_author=mine, has_stake=stake)
    return [action for action in found if action in LABELS]


def may_evaluate(member: MemberView, view: InitiativeView) -> bool:
    """A member seated on an initiative council evaluates an item under review, not their own."""
    return (
        bool(view.viewer_seat)
        and view.state in EVALUATE_STEP.sources
        and not stake_in(member, view)
    )


def _means(scores: tuple[ScoreView, ...]) -> tuple[str, ...]:
    count = len(scores)
    means = [
        sum(getattr(s, part) for s in scores) / count
        for part in ("novelty", "applicability", "benefit")
    ]
    return tuple(f"{m:.1f}".replace(".", ",") for m in (*means, sum(means)))


async def show_dossier(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    item_id: int,
    *,
    forms: Mapping[str, FormState] | None = None,
    problem: str = "",
    status: int = 200,
    view: InitiativeView | None = None,
) -> web.Response:
    """The dossier of ``item_id``, with the forms typed so far (``forms`` by action) and a
    ``problem`` shown above them."""
    services, member = pages.ctx.services, viewer.member
    if view is None:
        view = await services.initiatives.dossier(member, item_id)
    steps = [
        Step(a.value, LABELS[a], TRANSITIONS[a].needs_reason, TRANSITIONS[a].decisive)
        for a in steps_for(member, view)
    ]
    judge = member.role in REVIEWERS or bool(view.viewer_seat)
    authored = any(a.member_id == member.id for a in view.authors) or member.id == view.author_id
    documents = services.documents.shows_documents(
        member, SubjectKind.INITIATIVE, unit_id=view.unit_id, authored=authored
    )
    decision = ""
    if view.decision_number and view.decision_date is not None:
        signed = Signed(view.decision_number, view.decision_date, view.decision_signer)
        decision = decision_line(pages.ctx.texts, signed)
    return pages.render(
        request,
        viewer,
        "initiatives_item.html",
        status=status,
        title=f"{view.code} · {view.title}",
        item=view,
        judge=judge,
        conditions=summarise(view.marks) if judge else (),
        means=_means(view.scores) if view.scores else (),
        decision=decision,
        decided=view.state in (InitiativeState.RECOGNIZED, InitiativeState.APPLIED),
        documents=documents,
        steps=steps,
        evaluate=may_evaluate(member, view),
        evaluation_conditions=services.evaluations.conditions,
        forms=forms or {},
        empty=FormState(),
        problem=problem,
        conclusions=CONCLUSIONS,
    )
