"""Opening one initiative: everything about it, its files, and the buttons the viewer may press.

The detail is Telegram HTML built from text keys, so every user value is escaped. Who sees what:
reviewers see each council member's scores and private notes; authors and unit heads see only
the averages. Action buttons come from the state machine (:func:`actions_for`), so nobody
sees the buttons judging their own initiative; pressing them is handled in
:mod:`handlers.initiatives.actions`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import errors
from bot.callbacks import (
    DocumentSubject,
    InitiativeAct,
    InitiativeFile,
    InitiativeList,
    InitiativeOpen,
    InitiativeScope,
)
from bot.ports import Button, Reply
from bot.roles import REVIEWERS
from bot.services.common import MemberView
from bot.services.initiatives import (
    ACTION_LABELS,
    EVALUATE_STEP,
    InitiativeView,
    ScoreView,
    actions_for,
    stake_in,
)
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import ItemScreen, attached_document, day, documents_rows, member_of, when
from handlers.initiatives.evaluation_view import evaluation_text
from handlers.initiatives.form_detail import form_part

#: The pseudo-action of the "🧑‍⚖️ Đánh giá sáng kiến" button (evaluating is not a state change).
EVALUATE = "evl"
#: The initiative council evaluates what awaits its conclusion.
EVALUABLE = EVALUATE_STEP.sources


def render(turn: Turn, view: InitiativeView) -> str:
    """Everything about an initiative, as the viewer may see it."""
    authors = ", ".join(
        turn.t("initiative.detail.author", name=a.name, share=a.share) for a in view.authors
    )
    parts = [
        turn.t(
            "initiative.detail.body",
            code=view.code,
            title=view.title,
            state=turn.t(f"initiative.state.{view.state.value}"),
            kind=turn.t(f"initiative.kind.{view.kind}"),
            field=view.field,
            movement=view.movement or turn.t("initiative.detail.no_movement"),
            unit=view.unit,
            authors=Safe(authors),
            submitted=when(turn, view.submitted_at),
            updated=when(turn, view.updated_at),
            problem=view.problem,
            solution=view.solution,
            where=view.applied_where,
            since=day(turn, view.applied_since),
            benefit=view.benefit,
        ),
        form_part(turn, view),
        _history(turn, view),
    ]
    judge = member_of(turn).role in REVIEWERS or bool(view.viewer_seat)
    scores = _scores(turn, view, reviewer=judge)
    evaluation = evaluation_text(turn, view, reviewer=judge)
    files = _files(turn, view)
    return "\n\n".join([*parts, *(p for p in (evaluation, scores, files) if p)])


def _history(turn: Turn, view: InitiativeView) -> str:
    lines = [turn.t("common.history.header")]
    for change in view.history:
        lines.append(
            turn.t(
                "initiative.detail.history_line",
                at=when(turn, change.at),
                state=turn.t(f"initiative.state.{change.to_state}"),
                actor=change.actor,
            )
        )
        if change.reason:
            lines.append(turn.t("common.history.reason", reason=change.reason))
    return "\n".join(lines)


def _scores(turn: Turn, view: InitiativeView, *, reviewer: bool) -> str:
    """Reviewers: every score and note, then the averages; others: the averages only."""
    if not view.scores:
        return ""  # the evaluation's part says nobody evaluated yet
    lines = [turn.t("initiative.detail.scores_header")]
    if reviewer:
        for score in view.scores:
            lines.append(
                turn.t(
                    "initiative.detail.score_line",
                    member=score.member,
                    novelty=score.novelty,
                    applicability=score.applicability,
                    benefit=score.benefit,
                    total=score.novelty + score.applicability + score.benefit,
                )
            )
            if score.note:
                lines.append(turn.t("initiative.detail.score_note", note=score.note))
    lines.append(_averages(turn, view.scores))
    return "\n".join(lines)


def _averages(turn: Turn, scores: Sequence[ScoreView]) -> str:
    count = len(scores)
    means = [
        sum(getattr(s, part) for s in scores) / count
        for part in ("novelty", "applicability", "benefit")
    ]
    shown = [_decimal(m) for m in (*means, sum(means))]
    return turn.t(
        "initiative.detail.scores_average",
        count=count,
        novelty=shown[0],
        applicability=shown[1],
        benefit=shown[2],
        total=shown[3],
    )


def _decimal(value: float) -> str:
    """One decimal with the Vietnamese comma: 4,5."""
    return f"{value:.1f}".replace(".", ",")


def _files(turn: Turn, view: InitiativeView) -> str:
    if not view.files:
        return ""
    channel = turn.incoming.channel.value
    here = [f for f in view.files if f.channel == channel]
    lines = [turn.t("initiative.detail.files_header", count=len(here))] if here else []
    elsewhere = [f.name for f in view.files if f.channel != channel]
    if elsewhere:
        lines.append(turn.t("initiative.detail.files_elsewhere", names=", ".join(elsewhere)))
    return "\n".join(lines)


def buttons(turn: Turn, view: InitiativeView) -> tuple[tuple[Button, ...], ...]:
    """Files of the viewer's channel, the actions the viewer may take, and a way back."""
    member = member_of(turn)
    channel = turn.incoming.channel.value
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                turn.t("common.files.send_button", name=f.name),
                InitiativeFile(view.id, f.id).pack(),
            ),
        )
        for f in view.files
        if f.channel == channel
    ]
    stake = stake_in(member, view)
    mine = member.id == view.author_id
    for action in actions_for(view.state, member.role, is_author=mine, has_stake=stake):
        data = InitiativeAct(view.id, action.value, view.version).pack()
        rows.append((Button(turn.t(ACTION_LABELS[action]), data),))
    if view.viewer_seat and view.state in EVALUABLE and not stake:
        data = InitiativeAct(view.id, EVALUATE, view.version).pack()
        rows.append((Button(turn.t("initiative.evaluation.button.evaluate"), data),))
    authored = member.id == view.author_id or any(a.member_id == member.id for a in view.authors)
    rows += documents_rows(
        turn, DocumentSubject.INITIATIVE, view.id, unit_id=view.unit_id, authored=authored
    )
    rows.append(_back(turn, member))
    return tuple(rows)


def _back(turn: Turn, member: MemberView) -> tuple[Button, ...]:
    if member.role in REVIEWERS:
        return (
            Button(
                turn.t("initiative.detail.button.queue"),
                InitiativeList(InitiativeScope.QUEUE, 0, "", 0, 0).pack(),
            ),
        )
    return (
        Button(
            turn.t("initiative.detail.button.mine"),
            InitiativeList(InitiativeScope.MINE, 0, "", 0, 0).pack(),
        ),
    )


async def _load(turn: Turn, item_id: int) -> InitiativeView:
    return await turn.services.initiatives.view(member_of(turn), item_id)


SCREEN = ItemScreen(_load, render, buttons, errors.InitiativeNotFound)
detail = SCREEN.detail
fresh = SCREEN.fresh


async def open_item(turn: Turn, payload: InitiativeOpen) -> Reply:
    """An ``InitiativeOpen`` button: the detail, if the person may see the item."""
    return await SCREEN.open(turn, payload.item)


async def send_file(turn: Turn, payload: InitiativeFile) -> Reply:
    """A 📎 button: send the file, re-checking that the person may see the item."""
    view = await turn.services.initiatives.view(member_of(turn), payload.item)
    file = next((f for f in view.files if f.id == payload.attachment), None)
    if file is None:
        return detail(turn, view, intro=turn.t("initiative.detail.file_missing"), edit=False)
    document = await attached_document(turn, file)
    if document is None:
        return Reply(turn.t("common.files.other_channel", name=file.name))
    text = turn.t("initiative.detail.file_sent", name=file.name, code=view.code)
    return Reply(text, document=document)
