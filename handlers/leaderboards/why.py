""" "Vì sao?": the events behind a score, each naming the item it came from.

Everyone sees their own explanation. A unit head also sees their unit's and picks any of its
members; the Office picks any unit of the board shown, then any of its members. The pick
lists page (``BoardWhyList`` carries the page, so "trang 2" typed on Zalo or the console
works too), and every press is checked again here and in the service: a forged button asking
about another unit gets a refusal, never the explanation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

from bot.callbacks import BoardAct, BoardWhy, BoardWhyList, WhyList, WhySubject
from bot.ports import Button, Reply
from bot.roles import OFFICE, Role
from bot.services.common import MemberView
from bot.services.leaderboards import Explanation, Period, ScoreLine, points
from bot.turn import Turn
from handlers.common import Rows, button, dates, member_of, menu
from handlers.leaderboards import board as boards

T = TypeVar("T")

#: Events listed by "Vì sao?" before "… and N more" (the total always counts them all).
WHY_LINES = 30
#: Units or members on one page of a pick list.
PAGE = 8
#: Longest item name in an explanation line (initiative titles run to 200 characters).
TITLE_SHOWN = 60
EVENTS: dict[str, str] = {
    "initiative_submitted": "board.event.initiative_submitted",
    "initiative_recognized": "board.event.initiative_recognized",
    "initiative_applied": "board.event.initiative_applied",
    "nomination_awarded": "board.event.nomination_awarded",
    "report_on_time": "board.event.report_on_time",
    "plan_confirmed": "board.event.plan_confirmed",
}
#: How an explanation line names the item an event came from, by the event's entity.
ITEMS: dict[str, str] = {
    "initiative": "board.why_item.initiative",
    "nomination": "board.why_item.nomination",
    "report": "board.why_item.report",
    "plan": "board.why_item.plan",
}


async def why(turn: Turn, state: BoardAct) -> Reply:
    """The viewer's score by its events; unit heads also see their unit's, and both they and
    the Office get a button to pick another."""
    member = member_of(turn)
    period = await boards.period_of(turn, state.period)
    assert period is not None, "checked by the caller"
    service = turn.services.leaderboards
    found = [await service.explain_member(member.id, period)]
    rows: Rows = []
    if member.role in OFFICE:
        pick = BoardWhyList(WhyList.UNITS, 0, 0, state.period, state.kind, state.back)
        rows.append((button(turn, "board.button.why_units", pick.pack()),))
    elif member.role is Role.UNIT_HEAD:
        found.append(await service.explain_unit(member.unit.id, period))
        pick = BoardWhyList(WhyList.MEMBERS, member.unit.id, 0, *_board(state))
        rows.append((button(turn, "board.button.why_members", pick.pack()),))
    rows.append(boards.back_row(turn, state))
    text = "\n\n".join(explanation_text(turn, e) for e in found)
    return Reply(text, buttons=tuple(rows))


async def pick(turn: Turn, payload: BoardWhyList) -> Reply:
    """A page of the units of the board shown (the Office), or of a unit's members."""
    period = await _checked(turn, payload.period, payload.kind, payload.back)
    if period is None:
        return await menu.refuse_stale_button(turn)
    member = member_of(turn)
    if payload.of is WhyList.UNITS:
        if member.role not in OFFICE:
            return Reply(turn.t("board.why_not_allowed"))
        return await _units_page(turn, payload, period)
    if not _may_see_unit(member, payload.unit):
        return Reply(turn.t("board.why_not_allowed"))
    return await _members_page(turn, payload, period)


async def explain(turn: Turn, payload: BoardWhy) -> Reply:
    """The explanation of the unit or member picked, with the way back to the list."""
    period = await _checked(turn, payload.period, payload.kind, payload.back)
    if period is None:
        return await menu.refuse_stale_button(turn)
    member = member_of(turn)
    service = turn.services.leaderboards
    state = BoardAct("w", payload.period, payload.kind, payload.back)
    rows: Rows = []
    if payload.subject is WhySubject.UNIT:
        if not _may_see_unit(member, payload.item):
            return Reply(turn.t("board.why_not_allowed"))
        found = await service.explain_unit(payload.item, period)
        people = BoardWhyList(WhyList.MEMBERS, payload.item, 0, *_board(state))
        rows.append((button(turn, "board.button.why_members", people.pack()),))
        back = BoardWhyList(WhyList.UNITS, 0, payload.at, *_board(state))
    elif member.role in OFFICE or member.role is Role.UNIT_HEAD:
        if not _may_see_unit(member, payload.unit):
            return Reply(turn.t("board.why_not_allowed"))
        found = await service.explain_member(payload.item, period, unit_id=payload.unit)
        back = BoardWhyList(WhyList.MEMBERS, payload.unit, payload.at, *_board(state))
    elif payload.item == member.id:
        found = await service.explain_member(member.id, period)
        return Reply(explanation_text(turn, found), buttons=(boards.back_row(turn, state),))
    else:
        return Reply(turn.t("board.why_not_allowed"))
    if member.role in OFFICE or back.of is WhyList.MEMBERS:
        rows.append((button(turn, "common.list.back_button", back.pack()),))
    rows.append(boards.back_row(turn, state))
    return Reply(explanation_text(turn, found), buttons=tuple(rows), edit=True)


async def _units_page(turn: Turn, payload: BoardWhyList, period: Period) -> Reply:
    board = await turn.services.leaderboards.units(
        period, per_member=payload.back != boards.TOTAL, unit_kind=payload.kind or None
    )
    shown, page, pages = _page(board.rows, payload.page)
    state = BoardAct("w", payload.period, payload.kind, payload.back)
    rows: Rows = [
        (
            Button(
                turn.t("board.why_unit_button", name=row.name, points=points(row.points)),
                BoardWhy(WhySubject.UNIT, row.unit_id, 0, page, *_board(state)).pack(),
            ),
        )
        for row in shown
    ]
    rows += _nav(turn, payload, page, pages)
    rows.append(boards.back_row(turn, state))
    text = turn.t("board.why_units_title", period=period.label, page=page + 1, pages=pages)
    return Reply(text, buttons=tuple(rows), edit=True)


async def _members_page(turn: Turn, payload: BoardWhyList, period: Period) -> Reply:
    found = await turn.services.leaderboards.unit_members(payload.unit, period)
    shown, page, pages = _page(found.rows, payload.page)
    state = BoardAct("w", payload.period, payload.kind, payload.back)
    rows: Rows = [
        (
            Button(
                turn.t("board.why_member_button", name=row.full_name, points=points(row.points)),
                BoardWhy(
                    WhySubject.MEMBER, row.member_id, payload.unit, page, *_board(state)
                ).pack(),
            ),
        )
        for row in shown
    ]
    rows += _nav(turn, payload, page, pages)
    whole = BoardWhy(WhySubject.UNIT, payload.unit, 0, 0, *_board(state))
    rows.append((button(turn, "board.button.why_unit", whole.pack()),))
    if member_of(turn).role in OFFICE:
        units = BoardWhyList(WhyList.UNITS, 0, 0, *_board(state))
        rows.append((button(turn, "common.list.back_button", units.pack()),))
    rows.append(boards.back_row(turn, state))
    title = turn.t(
        "board.why_members_title",
        unit=found.unit_name,
        period=period.label,
        page=page + 1,
        pages=pages,
    )
    text = title if found.rows else f"{title}\n\n{turn.t('board.why_members_empty')}"
    return Reply(text, buttons=tuple(rows), edit=True)


def explanation_text(turn: Turn, explanation: Explanation) -> str:
    """The events behind a score, newest first; their points add up to the total shown."""
    total = points(explanation.total)
    lines = [
        turn.t(
            "board.why_title",
            subject=explanation.subject,
            total=total,
            period=explanation.period.label,
        )
    ]
    lines += [_line(turn, line) for line in explanation.lines[:WHY_LINES]]
    if len(explanation.lines) > WHY_LINES:
        lines.append(turn.t("board.why_more", count=len(explanation.lines) - WHY_LINES))
    if not explanation.lines:
        lines.append(turn.t("board.why_none"))
    lines.append(turn.t("board.why_total", total=total))
    return "\n".join(lines)


def _line(turn: Turn, line: ScoreLine) -> str:
    """ "• 01/03/2026 — Sáng kiến được công nhận · SK-2026-0001 «…» · Lan (phần 50%): 5 điểm"."""
    event = EVENTS.get(line.kind)
    item = ITEMS.get(line.entity)
    named = bool(line.code or line.title)
    return turn.t(
        "board.why_line",
        date=dates.day(turn, line.at),
        event=turn.t(event) if event else line.kind,
        item=turn.t(item, code=line.code, title=_short(line.title)) if item and named else "",
        who=turn.t("board.why_who", name=line.member) if line.member else "",
        share=turn.t("board.why_share", share=line.share) if line.share != 100 else "",
        points=points(line.points),
    )


async def _checked(turn: Turn, period: str, kind: str, back: str) -> Period | None:
    """The board's period, or ``None`` when the button names a board we never make."""
    if (kind and kind not in boards.kind_codes(turn)) or back not in boards.BOARDS:
        return None
    return await boards.period_of(turn, period)


def _may_see_unit(member: MemberView, unit_id: int) -> bool:
    """The Office sees every unit; a unit head their own."""
    return member.role in OFFICE or (member.role is Role.UNIT_HEAD and member.unit.id == unit_id)


def _board(state: BoardAct) -> tuple[str, str, str]:
    """The board fields every "Vì sao?" button carries."""
    return state.period, state.kind, state.back


def _page(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    """Page ``page`` (from 0, clamped) of ``items``, the page and the number of pages."""
    pages = max(1, -(-len(items) // PAGE))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE : (page + 1) * PAGE], page, pages


def _nav(turn: Turn, payload: BoardWhyList, page: int, pages: int) -> Rows:
    row = []
    if page > 0:
        earlier = dataclasses.replace(payload, page=page - 1).pack()
        row.append(button(turn, "common.list.previous_button", earlier))
    if page + 1 < pages:
        later = dataclasses.replace(payload, page=page + 1).pack()
        row.append(button(turn, "common.list.next_button", later))
    return [tuple(row)] if row else []


def _short(text: str) -> str:
    """Cut at a word boundary, with an ellipsis, when longer than ``TITLE_SHOWN``."""
    if len(text) <= TITLE_SHOWN:
        return text
    return (text[: TITLE_SHOWN - 1].rsplit(" ", 1)[0] or text[: TITLE_SHOWN - 1]) + "…"
