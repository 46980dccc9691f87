"""One nomination: everything about it and the buttons the viewer may press.

Pressing them is handled in :mod:`handlers.nominations.actions`. The service re-checks roles,
states and who may see the item, so forged buttons do nothing.
"""

from __future__ import annotations

from bot import errors
from bot.callbacks import (
    DecisionChoice,
    DecisionMenu,
    DocumentSubject,
    NominationAct,
    NominationFile,
    NominationList,
    NominationOpen,
    NominationScope,
)
from bot.dates import day_text
from bot.domain import NominationState, NomineeKind
from bot.ports import Button, Reply
from bot.roles import OFFICE, REVIEWERS
from bot.services.nominations import (
    ACTION_LABELS,
    DECIDED,
    KINDS,
    STATE_NAMES,
    TRACK_NAMES,
    TRACKS,
    WAITING_FOR_DECISION,
    DecisionRef,
    NominationView,
    actions_for,
    stake_in,
)
from bot.turn import Turn
from handlers.common import ItemScreen, attached_document, documents_rows, member_of, when


def render(turn: Turn, view: NominationView) -> str:
    """Everything about a nomination, with the ad-hoc flag on top when it applies."""
    parts = [
        turn.t(
            "nomination.review.body",
            code=view.code,
            state=turn.t(STATE_NAMES[view.state]),
            track=turn.t(TRACK_NAMES[view.track]),
            movement=view.movement or turn.t("nomination.review.no_movement"),
            unit=view.unit,
            nominee=view.nominee_name,
            kind=turn.t(KINDS[NomineeKind(view.nominee_kind)]),
            award=view.award_name,
            nominator=view.nominator or turn.t("nomination.review.no_nominator"),
            submitted=when(turn, view.submitted_at),
            updated=when(turn, view.updated_at),
            summary=view.summary,
        )
    ]
    if view.track not in turn.settings.nominations.merit_tracks:
        track = turn.t(TRACKS[view.track])
        parts.insert(1, turn.t("nomination.review.not_merit", track=track))
    cited = [
        turn.t("nomination.review.cited_line", code=c.code, title=c.title)
        for c in view.initiatives
    ]
    cited = cited or [turn.t("nomination.review.cited_none")]
    parts.append("\n".join([turn.t("nomination.review.cited_header"), *cited]))
    if view.files:
        names = ", ".join(f.name for f in view.files)
        parts.append(turn.t("nomination.review.files", count=len(view.files), names=names))
    if view.decisions:
        parts.append("\n".join(_decision_line(turn, ref) for ref in view.decisions))
    if view.state is NominationState.UNDER_REVIEW and turn.services.nominations.by_session(
        view.award_code
    ):
        parts.append(turn.t("council.session.goes_to_session"))
    parts.append(_history(turn, view))
    return "\n\n".join(parts)


def _decision_line(turn: Turn, ref: DecisionRef) -> str:
    line = turn.t(
        DECIDED[ref.outcome],
        number=ref.number,
        day=day_text(ref.signed_on),
        authority=ref.authority,
    )
    if ref.cancel_reason:
        money = "decision.recovered.yes" if ref.recovered else "decision.recovered.no"
        line += "\n" + turn.t(
            "nomination.review.decision.cancelled", reason=ref.cancel_reason, money=turn.t(money)
        )
    return line


def _history(turn: Turn, view: NominationView) -> str:
    names = {state.value: key for state, key in STATE_NAMES.items()}
    lines = [turn.t("common.history.header")]
    for change in view.history:
        state = turn.t(names[change.to_state]) if change.to_state in names else change.to_state
        at = when(turn, change.at)
        lines.append(
            turn.t("nomination.review.history_line", at=at, state=state, actor=change.actor)
        )
        if change.reason:
            lines.append(turn.t("common.history.reason", reason=change.reason))
    return "\n".join(lines)


def buttons(turn: Turn, view: NominationView) -> tuple[tuple[Button, ...], ...]:
    """The actions the viewer may take (with the version seen), and the queue for reviewers."""
    member = member_of(turn)
    channel = turn.incoming.channel.value
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                turn.t("common.files.send_button", name=f.name),
                NominationFile(view.id, f.id).pack(),
            ),
        )
        for f in view.files
        if f.channel == channel  # a platform's file id only works on that platform
    ]
    nominator, stake = member.id == view.nominator_id, stake_in(member, view)
    by_session = turn.services.nominations.by_session(view.award_code)
    rows += [
        (Button(turn.t(ACTION_LABELS[a]), NominationAct(view.id, a.value, view.version).pack()),)
        for a in actions_for(
            view.state, member.role, is_nominator=nominator, has_stake=stake, by_session=by_session
        )
    ]
    if member.role in OFFICE and view.state in WAITING_FOR_DECISION:
        record = DecisionMenu(DecisionChoice.LIST).pack()
        rows.append((Button(turn.t("nomination.review.button.record_decision"), record),))
    rows += documents_rows(turn, DocumentSubject.NOMINATION, view.id, unit_id=view.unit_id)
    if member.role in REVIEWERS:
        queue = NominationList(NominationScope.QUEUE, 0, "").pack()
        rows.append((Button(turn.t("nomination.review.button.queue"), queue),))
    elif nominator:
        mine = NominationList(NominationScope.MINE, 0, "").pack()
        rows.append((Button(turn.t("nomination.review.button.mine"), mine),))
    return tuple(rows)


async def _load(turn: Turn, item_id: int) -> NominationView:
    return await turn.services.nominations.view(member_of(turn), item_id)


SCREEN = ItemScreen(_load, render, buttons, errors.NominationNotFound)
detail = SCREEN.detail
fresh = SCREEN.fresh


async def open_item(turn: Turn, payload: NominationOpen) -> Reply:
    """A ``NominationOpen`` button: the detail, if the person may see the item."""
    return await SCREEN.open(turn, payload.item)


async def send_file(turn: Turn, payload: NominationFile) -> Reply:
    """A 📎 button: send an evidence file, re-checking that the person may see the item."""
    view = await turn.services.nominations.view(member_of(turn), payload.item)
    file = next((f for f in view.files if f.id == payload.attachment), None)
    document = None if file is None else await attached_document(turn, file)
    if file is None or document is None:
        return detail(turn, view, edit=False)
    caption = turn.t("nomination.review.file_sent", name=file.name, code=view.code)
    return Reply(caption, document=document)
