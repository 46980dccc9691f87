"""``/duyet``: the review queue of the Office and the Council, with filters.

The queue lists initiatives oldest change first. Filters (state, unit, field) travel in every
``InitiativeList`` button, so paging keeps them; each filter has its own choice screen, a scope
of its own (``fstate``, ``funit``, ``ffield``). The same ``InitiativeList`` handler,
:func:`open_list`, also pages the lists of ``/cuatoi`` (scopes ``mine`` and ``unit``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot import errors
from bot.callbacks import InitiativeList, InitiativeScope, NominationList, NominationScope
from bot.domain import InitiativeState
from bot.ports import Button, Reply
from bot.roles import REVIEWERS
from bot.services.common import UnitView
from bot.services.initiatives import QueueFilter
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import Rows, member_of, menu
from handlers.initiatives import mine as my_initiatives

#: The states reviewers filter by, in the order of the review.
REVIEW_STATES = (
    InitiativeState.SUBMITTED,
    InitiativeState.RECEIVED,
    InitiativeState.RESUBMITTED,
    InitiativeState.UNDER_REVIEW,
    InitiativeState.EVALUATED,
    InitiativeState.RECOGNIZED,
    InitiativeState.RETURNED,
    InitiativeState.NOT_RECOGNIZED,
    InitiativeState.APPLIED,
)


def _queue(payload: InitiativeList, **changes: Any) -> str:
    """The first page of the queue with the filters of ``payload``, some of them changed."""
    return replace(payload, scope=InitiativeScope.QUEUE, page=0, **changes).pack()


def _screen(payload: InitiativeList, scope: InitiativeScope) -> str:
    """A filter's choice screen; it keeps the other filters."""
    return replace(payload, scope=scope, page=0).pack()


async def show_queue(turn: Turn) -> Reply:
    """Answer ``/duyet`` with the first page of the whole queue."""
    return await queue_page(turn, InitiativeList(InitiativeScope.QUEUE, 0, "", 0, 0), edit=False)


async def queue_page(turn: Turn, payload: InitiativeList, *, edit: bool = True) -> Reply:
    """A page of the queue under the filters the payload carries."""
    units = await turn.services.units.list_active()
    where = _filter(turn, payload, units)
    if where is None:
        return await menu.refuse_stale_button(turn)
    size = turn.settings.initiatives.page_size
    page = await turn.services.initiatives.queue(member_of(turn), where, payload.page, size)
    filters = Safe(_describe(turn, payload, units))
    header = turn.t("initiative.review.header", total=page.total, filters=filters)
    body = my_initiatives.lines(turn, page, with_author=True) or turn.t("initiative.review.empty")
    text = f"{header}\n\n{body}"
    if page.total:
        text += f"\n\n{my_initiatives.page_footer(turn, page)}"
    rows = my_initiatives.item_rows(page)
    rows += my_initiatives.nav_row(turn, page, lambda n: replace(payload, page=n))
    rows += _filter_rows(turn, payload)
    nominations = NominationList(NominationScope.QUEUE, 0, "").pack()
    rows.append((Button(turn.t("nomination.review.button.to_nominations"), nominations),))
    return Reply(text, buttons=tuple(rows), edit=edit)


def _filter(turn: Turn, payload: InitiativeList, units: list[UnitView]) -> QueueFilter | None:
    """The filter a payload asks for, or ``None`` when a value is not one we offer."""
    fields = turn.settings.initiatives.fields
    known_state = not payload.state or payload.state in {s.value for s in REVIEW_STATES}
    known_unit = not payload.unit or any(u.id == payload.unit for u in units)
    if not (known_state and known_unit and 0 <= payload.field <= len(fields)):
        return None
    return QueueFilter(
        state=InitiativeState(payload.state) if payload.state else None,
        unit_id=payload.unit or None,
        field=fields[payload.field - 1] if payload.field else None,
    )


def _describe(turn: Turn, payload: InitiativeList, units: list[UnitView]) -> str:
    """The current filters by name, for the "Lọc: …" line."""
    every = turn.t("initiative.review.all")
    state = turn.t(f"initiative.state.{payload.state}") if payload.state else every
    unit = next((u.name for u in units if u.id == payload.unit), every)
    field = turn.settings.initiatives.fields[payload.field - 1] if payload.field else every
    return turn.t("initiative.review.filters", state=state, unit=unit, field=field)


def _filter_rows(turn: Turn, payload: InitiativeList) -> Rows:
    rows: Rows = [
        (
            Button(
                turn.t("initiative.review.button.state"),
                _screen(payload, InitiativeScope.STATE_FILTER),
            ),
            Button(
                turn.t("initiative.review.button.unit"),
                _screen(payload, InitiativeScope.UNIT_FILTER),
            ),
            Button(
                turn.t("initiative.review.button.field"),
                _screen(payload, InitiativeScope.FIELD_FILTER),
            ),
        )
    ]
    if payload.state or payload.unit or payload.field:
        rows.append(
            (
                Button(
                    turn.t("initiative.review.button.clear"),
                    _queue(payload, state="", unit=0, field=0),
                ),
            )
        )
    return rows


def _choice(turn: Turn, label: str, data: str, *, current: bool) -> tuple[Button, ...]:
    return (Button(turn.t("common.list.chosen", label=label) if current else label, data),)


def _chooser(turn: Turn, payload: InitiativeList, prompt: str, rows: Rows) -> Reply:
    back = (Button(turn.t("common.list.back_button"), _queue(payload)),)
    return Reply(turn.t(prompt), buttons=(*rows, back), edit=True)


async def choose_state(turn: Turn, payload: InitiativeList) -> Reply:
    """The states to filter by, and "all"."""
    every = turn.t("common.list.all_button")
    rows = [_choice(turn, every, _queue(payload, state=""), current=not payload.state)]
    rows += [
        _choice(
            turn,
            turn.t(f"initiative.state.{s.value}"),
            _queue(payload, state=s.value),
            current=payload.state == s.value,
        )
        for s in REVIEW_STATES
    ]
    return _chooser(turn, payload, "initiative.review.choose_state", rows)


async def choose_unit(turn: Turn, payload: InitiativeList) -> Reply:
    """The units that have initiatives (with how many), and "all"."""
    every = turn.t("common.list.all_button")
    rows = [_choice(turn, every, _queue(payload, unit=0), current=not payload.unit)]
    rows += [
        _choice(
            turn,
            turn.t("initiative.review.unit_option", name=unit.name, count=count),
            _queue(payload, unit=unit.id),
            current=payload.unit == unit.id,
        )
        for unit, count in await _units_with_items(turn)
    ]
    prompt = "initiative.review.choose_unit" if len(rows) > 1 else "initiative.review.no_units"
    return _chooser(turn, payload, prompt, rows)


async def _units_with_items(turn: Turn) -> list[tuple[UnitView, int]]:
    """Active units with initiatives in the queue, and how many."""
    counts = await turn.services.initiatives.queue_by_unit(member_of(turn))
    units = await turn.services.units.list_active()
    return [(unit, counts[unit.id]) for unit in units if counts.get(unit.id)]


async def choose_field(turn: Turn, payload: InitiativeList) -> Reply:
    """The configured fields, and "all"."""
    every = turn.t("common.list.all_button")
    rows = [_choice(turn, every, _queue(payload, field=0), current=not payload.field)]
    rows += [
        _choice(turn, name, _queue(payload, field=n), current=payload.field == n)
        for n, name in enumerate(turn.settings.initiatives.fields, start=1)
    ]
    return _chooser(turn, payload, "initiative.review.choose_field", rows)


_QUEUE_SCREENS: dict[str, Callable[[Turn, InitiativeList], Awaitable[Reply]]] = {
    "queue": queue_page,
    "fstate": choose_state,
    "funit": choose_unit,
    "ffield": choose_field,
}


async def open_list(turn: Turn, payload: InitiativeList) -> Reply:
    """An ``InitiativeList`` button of any list: ``mine``, ``unit``, the queue or a filter."""
    if payload.scope is InitiativeScope.MINE:
        return await my_initiatives.mine_page(turn, payload.page)
    if payload.scope is InitiativeScope.UNIT:
        return await my_initiatives.unit_page(turn, payload.page)
    screen = _QUEUE_SCREENS.get(payload.scope)
    if screen is None:
        return await menu.refuse_stale_button(turn)
    if screen is not queue_page and member_of(turn).role not in REVIEWERS:
        raise errors.NotAllowed
    return await screen(turn, payload)
