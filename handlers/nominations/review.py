"""``/duyet`` for nominations: the queue with a state filter, and the way to the decisions.

The initiatives queue (:mod:`handlers.initiatives.review`) and this one switch to each other
with a button; the Office sees how many items wait for a decision (``/quyetdinh``).
Every ``NominationList`` button carries the page and the state filter, so paging keeps it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.callbacks import (
    DecisionChoice,
    DecisionMenu,
    InitiativeList,
    InitiativeScope,
    NominationList,
    NominationOpen,
    NominationScope,
)
from bot.domain import NominationState
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.nominations import STATE_NAMES, TRACK_NAMES, NominationPage, NominationSummary
from bot.turn import Turn
from handlers.common import Rows, member_of, menu

#: The states reviewers filter by, in the order of the review.
FILTER_STATES = tuple(s for s in STATE_NAMES if s is not NominationState.WITHDRAWN)


def _to(payload: NominationList, scope: NominationScope, **changes: Any) -> str:
    return replace(payload, scope=scope, **changes).pack()


async def queue_page(turn: Turn, payload: NominationList, *, intro: str = "") -> Reply:
    """A page of the nominations queue under the state filter the payload carries."""
    known = {s.value: s for s in FILTER_STATES}
    if payload.state and payload.state not in known:
        return await menu.refuse_stale_button(turn)
    state = known.get(payload.state)
    size = turn.settings.initiatives.page_size
    page = await turn.services.nominations.queue(member_of(turn), state, payload.page, size)
    every = turn.t("nomination.review.all")
    shown = turn.t(STATE_NAMES[state]) if state else every
    parts = [turn.t("nomination.review.header", total=page.total, state=shown)]
    parts.append(_lines(turn, page) or turn.t("nomination.review.empty"))
    if page.total:
        parts.append(turn.t("nomination.review.page", page=page.page + 1, pages=page.pages))
    text = "\n\n".join([intro, *parts] if intro else parts)
    rows: Rows = [
        (Button(_label(turn, item), NominationOpen(item.id).pack()),) for item in page.items
    ]
    rows += _nav(turn, payload, page)
    rows.append(
        (
            Button(
                turn.t("nomination.review.button.state"),
                _to(payload, NominationScope.STATE_FILTER, page=0),
            ),
        )
    )
    if payload.state:
        rows.append(
            (
                Button(
                    turn.t("nomination.review.button.clear"),
                    _to(payload, NominationScope.QUEUE, state=""),
                ),
            )
        )
    if member_of(turn).role in OFFICE:
        count = await _waiting_for_decision(turn)
        if count:
            label = turn.t("nomination.review.button.decisions", count=count)
            rows.append((Button(label, DecisionMenu(DecisionChoice.LIST).pack()),))
    initiatives = InitiativeList(InitiativeScope.QUEUE, 0, "", 0, 0).pack()
    rows.append((Button(turn.t("nomination.review.button.to_initiatives"), initiatives),))
    return Reply(text, buttons=tuple(rows), edit=True)


def _lines(turn: Turn, page: NominationPage) -> str:
    first = page.page * turn.settings.initiatives.page_size
    return "\n".join(
        turn.t(
            "nomination.review.line",
            number=first + n,
            code=item.code,
            name=item.nominee_name,
            award=item.award_name,
            track=turn.t(TRACK_NAMES[item.track]),
            state=turn.t(STATE_NAMES[item.state]),
        )
        for n, item in enumerate(page.items, start=1)
    )


def _label(turn: Turn, item: NominationSummary) -> str:
    return turn.t(
        "nomination.review.item_button",
        code=item.code,
        name=item.nominee_name,
        award=item.award_name,
        track=turn.t(TRACK_NAMES[item.track]),
    )


def _nav(turn: Turn, payload: NominationList, page: NominationPage) -> Rows:
    scope = (
        NominationScope.MINE if payload.scope is NominationScope.MINE else NominationScope.QUEUE
    )
    row = []
    if page.page > 0:
        row.append(
            Button(
                turn.t("common.list.previous_button"),
                _to(payload, scope, page=page.page - 1),
            )
        )
    if page.page + 1 < page.pages:
        row.append(
            Button(turn.t("common.list.next_button"), _to(payload, scope, page=page.page + 1))
        )
    return [tuple(row)] if row else []


async def _waiting_for_decision(turn: Turn) -> int:
    """How many items wait for the Office to record a decision or a Tờ trình."""
    pending = await turn.services.decisions.pending(member_of(turn))
    return sum(group.count for group in pending)


async def choose_state(turn: Turn, payload: NominationList) -> Reply:
    """The states to filter by, and "all"."""
    options = [("", turn.t("common.list.all_button"))]
    options += [(s.value, turn.t(STATE_NAMES[s])) for s in FILTER_STATES]
    rows: Rows = [
        (
            Button(
                turn.t("common.list.chosen", label=label) if value == payload.state else label,
                _to(payload, NominationScope.QUEUE, state=value, page=0),
            ),
        )
        for value, label in options
    ]
    rows.append((Button(turn.t("common.list.back_button"), _to(payload, NominationScope.QUEUE)),))
    return Reply(turn.t("nomination.review.choose_state"), buttons=tuple(rows), edit=True)


async def mine_page(turn: Turn, payload: NominationList) -> Reply:
    """A page of the nominations the member submitted, newest change first."""
    size = turn.settings.initiatives.page_size
    page = await turn.services.nominations.mine(member_of(turn), payload.page, size)
    if not page.total:
        return Reply(turn.t("nomination.review.mine_empty"), edit=True)
    parts = [turn.t("nomination.review.mine_header", total=page.total), _lines(turn, page)]
    parts.append(turn.t("nomination.review.page", page=page.page + 1, pages=page.pages))
    rows: Rows = [
        (Button(_label(turn, item), NominationOpen(item.id).pack()),) for item in page.items
    ]
    rows += _nav(turn, payload, page)
    return Reply("\n\n".join(parts), buttons=tuple(rows), edit=True)


async def open_list(turn: Turn, payload: NominationList) -> Reply:
    """A ``NominationList`` button: the queue, the state filter or "mine"."""
    if payload.scope is NominationScope.MINE:
        return await mine_page(turn, payload)
    if payload.scope is NominationScope.QUEUE:
        return await queue_page(turn, payload)
    # NominationScope.STATE_FILTER: the queue call checks the reviewer's role; so must this.
    await turn.services.nominations.queue(member_of(turn), None, 0, 1)
    return await choose_state(turn, payload)
