"""``/thongbao``: the Office and unit heads send announcements and follow their delivery.

```mermaid
stateDiagram-v2
    [*] --> menu: /thongbao
    menu --> compose: ✍️ Soạn thông báo mới (see handlers.broadcasts.steps)
    menu --> status: #id (state and counts)
    status --> cancelled: Huỷ (scheduled only)
    status --> list: Danh sách chưa nhận
    status --> xlsx: Tải Excel
```

The service checks every broadcast id against the person (its sender or the Office), so a
forged button shows "not found" and nothing else.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from bot import errors
from bot.callbacks import BroadcastAct, BroadcastChoice
from bot.exports import deliveries
from bot.formatting import paginate
from bot.ports import TEXT_LIMITS, Button, Document, Reply
from bot.roles import OFFICE, UNIT_HEADS
from bot.services.broadcasts import (
    OFFICE_AUDIENCES,
    AudienceKind,
    BroadcastView,
    DeliveryCounts,
    Undelivered,
    outcome_text,
)
from bot.services.common import MemberView
from bot.turn import Turn
from handlers.broadcasts.preview import Compose, Composition
from handlers.broadcasts.steps import BROADCAST
from handlers.common import ask_sure, moment

#: Names of the states (literal keys, so the catalogue test sees them used).
STATES = {
    "scheduled": "broadcast.state.scheduled",
    "sending": "broadcast.state.sending",
    "done": "broadcast.state.done",
    "cancelled": "broadcast.state.cancelled",
}
#: Why someone was not reached, in the order the list shows them.
REASONS = {
    "blocked": "broadcast.menu.reason_blocked",
    "unreachable": "broadcast.menu.reason_unreachable",
    "failed": "broadcast.menu.reason_failed",
    "waiting": "reply_window.reason_waiting",
}
RECENT = 8


def _member(turn: Turn) -> MemberView:
    assert turn.member is not None  # the route table and members_only let members only
    return turn.member


def _line(turn: Turn, view: BroadcastView) -> str:
    c = view.counts
    line = turn.t(
        "broadcast.menu.line",
        id=view.id,
        state=turn.t(STATES.get(str(view.state), STATES["done"])),
        time=moment(turn, view.starts_at),
        sent=c.sent,
        total=c.total,
        preview=view.preview,
    )
    if not c.waiting:
        return line
    # "… đã gửi 40/45 · 5 chờ người nhận nhắn lại", before the preview's line.
    head, _, preview = line.partition("\n")
    waiting = turn.t("reply_window.progress_waiting", count=c.waiting)
    return f"{head}{waiting}\n{preview}" if preview else head + waiting


async def show_menu(turn: Turn) -> Reply:
    """``/thongbao``: compose a new broadcast, or open one of the latest."""
    views = await turn.services.broadcasts.recent(_member(turn), RECENT)
    new = Button(turn.t("broadcast.button.new"), BroadcastAct(0, BroadcastChoice.NEW).pack())
    opens = [Button(f"#{v.id}", BroadcastAct(v.id, BroadcastChoice.OPEN).pack()) for v in views]
    rows = [(new,), *(tuple(opens[i : i + 4]) for i in range(0, len(opens), 4))]
    body = "\n".join(_line(turn, v) for v in views) or turn.t("broadcast.menu.none")
    return Reply(turn.t("broadcast.menu.title", body=body), buttons=tuple(rows))


async def act(turn: Turn, payload: BroadcastAct) -> Reply:
    """A broadcast button: compose, open, cancel, list or download who was not reached."""
    member = _member(turn)
    if payload.action in (BroadcastChoice.NEW, BroadcastChoice.TARGETS_MISSING):
        return await _compose(turn, member, payload)
    if payload.action is BroadcastChoice.CANCEL:
        return await _ask_cancel(turn, member, payload.item)
    if payload.action is BroadcastChoice.CANCEL_NOW:
        await turn.services.broadcasts.cancel(member, payload.item)
        return Reply(turn.t("broadcast.menu.cancelled", id=payload.item))
    if payload.action is BroadcastChoice.LIST:
        return await _list(turn, member, payload.item)
    if payload.action is BroadcastChoice.XLSX:
        return await _workbook(turn, member, payload.item)
    return await _status(turn, member, payload.item)


async def _compose(turn: Turn, member: MemberView, payload: BroadcastAct) -> Reply:
    """Start composing a broadcast; or, from /dangkythidua, a reminder to the heads of the
    units that have not registered their targets for year ``payload.item``: the audience
    chosen and a text proposed, which the Office may still edit at the preview."""
    if payload.action is BroadcastChoice.NEW:
        if member.role not in UNIT_HEADS:
            raise errors.NotAllowed
        return await turn.dialogs.start(turn, turn.incoming, BROADCAST)
    if member.role not in OFFICE:
        raise errors.NotAllowed
    kind = AudienceKind.TARGETS_MISSING
    given = Composition(
        text=turn.t("targets.remind_text", year=payload.item),
        audience=kind.value,
        audience_name=turn.t(OFFICE_AUDIENCES[kind]),
    )
    return await turn.dialogs.start(turn, turn.incoming, BROADCAST, given, at=Compose.WHEN)


async def _ask_cancel(turn: Turn, member: MemberView, item: int) -> Reply:
    """ "Bạn chắc chắn …?" before a scheduled broadcast is cancelled."""
    view = await turn.services.broadcasts.view(member, item)
    if str(view.state) != "scheduled":
        raise errors.BroadcastStarted
    return ask_sure(
        turn,
        what=turn.t("broadcast.sure.cancel", id=item),
        effect=turn.t(
            "broadcast.sure.cancel_effect",
            time=moment(turn, view.starts_at),
            total=view.counts.total,
        ),
        told="",
        yes=Button(turn.t("broadcast.button.cancel"), _data(item, BroadcastChoice.CANCEL_NOW)),
        back=Button(turn.t("common.sure.back"), _data(item, BroadcastChoice.OPEN)),
    )


async def _status(turn: Turn, member: MemberView, item: int) -> Reply:
    view = await turn.services.broadcasts.view(member, item)
    state = str(view.state)
    lines = [
        turn.t("broadcast.menu.status", id=item, state=turn.t(STATES.get(state, STATES["done"]))),
        turn.t("broadcast.menu.starts", time=moment(turn, view.starts_at)),
        turn.t("broadcast.menu.preview", preview=view.preview),
    ]
    if state != "scheduled":
        lines.append(_counts(turn, view.counts))
    buttons: list[tuple[Button, ...]] = []
    if state == "scheduled":
        buttons.append(
            (Button(turn.t("broadcast.button.cancel"), _data(item, BroadcastChoice.CANCEL)),)
        )
    elif view.counts.problems or view.counts.waiting:
        buttons.append(
            (
                Button(turn.t("broadcast.button.list"), _data(item, BroadcastChoice.LIST)),
                Button(turn.t("broadcast.button.xlsx"), _data(item, BroadcastChoice.XLSX)),
            )
        )
    return Reply("\n".join(lines), buttons=tuple(buttons))


def _data(item: int, action: BroadcastChoice) -> str:
    return BroadcastAct(item, action).pack()


def _counts(turn: Turn, c: DeliveryCounts) -> str:
    text = turn.t(
        "broadcast.menu.counts",
        total=c.total,
        sent=c.sent,
        blocked=c.blocked,
        unreachable=c.unreachable,
        failed=c.failed,
    )
    if not (c.waiting or c.rerouted or c.seen):
        return text
    extra = turn.t("reply_window.menu_counts", waiting=c.waiting, rerouted=c.rerouted, seen=c.seen)
    return f"{text}\n{extra}"


async def _list(turn: Turn, member: MemberView, item: int) -> Reply:
    missed = await turn.services.broadcasts.undelivered(member, item)
    if not missed:
        return Reply(turn.t("broadcast.menu.all_reached", id=item))
    groups: dict[str, list[Undelivered]] = defaultdict(list)
    for row in missed:
        groups[str(row.status)].append(row)
    parts = [turn.t("broadcast.menu.list_title", id=item, count=len(missed))]
    for status, key in REASONS.items():
        if groups[status]:
            names = "\n".join(_person(turn, r) for r in groups[status])
            parts.append(turn.t(key, count=len(groups[status])) + "\n" + names)
    limit = TEXT_LIMITS.get(turn.incoming.channel, TEXT_LIMITS[min(TEXT_LIMITS)])
    pages = paginate("\n\n".join(parts), limit - 200)
    xlsx = ((Button(turn.t("broadcast.button.xlsx"), _data(item, BroadcastChoice.XLSX)),),)
    if len(pages) == 1:
        return Reply(pages[0], buttons=xlsx)
    # Long lists are cut to one message; the workbook has everyone.
    more = turn.t("broadcast.menu.list_more", shown=1, pages=len(pages))
    return Reply(pages[0] + "\n\n" + more, buttons=xlsx)


def _person(turn: Turn, row: Undelivered) -> str:
    if str(row.status) == "waiting":
        reason = outcome_text(turn.texts, row.outcome)
        return turn.t(
            "reply_window.person_waiting", name=row.full_name, unit=row.unit, reason=reason
        )
    return turn.t("broadcast.menu.person", name=row.full_name, unit=row.unit)


async def _workbook(turn: Turn, member: MemberView, item: int) -> Reply:
    missed = await turn.services.broadcasts.undelivered(member, item)
    if not missed:
        return Reply(turn.t("broadcast.menu.all_reached", id=item))
    organisation = turn.settings.organisation
    now = turn.clock.now().astimezone(organisation.zone)
    title = deliveries.title_line(turn.texts, organisation.name, item, now)
    content = await asyncio.to_thread(deliveries.workbook, missed, turn.texts, title)
    return Reply(
        turn.t("broadcast.menu.xlsx_done", id=item, count=len(missed)),
        document=Document(deliveries.file_name(item), content),
    )
