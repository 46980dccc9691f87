"""The broadcast runner: starts due broadcasts and keeps each sender's status message current.

It wakes when a broadcast is created or a reminder fires, and otherwise every few seconds
while something is being sent. The status message is sent once and then edited ("Đã gửi
1.200/5.000 · 3 lỗi"); it ends as the delivery report with buttons for the list of people not
reached and its ``.xlsx``. Channels that cannot edit get only the first and the last message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

from bot.callbacks import BroadcastAct, BroadcastChoice
from bot.ports import Button, Channel, DeliveryError, Messenger, Reply
from bot.services.broadcasts import BroadcastService, DeliveryCounts, StatusNote, outcome_text
from bot.services.leaderboards import BoardPostService
from bot.texts import Texts, vn_number

logger = logging.getLogger(__name__)


def status_reply(texts: Texts, note: StatusNote) -> Reply:
    """The sender's status message: progress, or the final delivery report."""
    counts = note.counts
    if not note.final:
        text = texts.t(
            "broadcast.progress",
            id=note.broadcast_id,
            sent=vn_number(counts.settled),
            total=vn_number(counts.total),
            problems=vn_number(counts.problems),
        )
        if counts.waiting:
            text += texts.t("reply_window.progress_waiting", count=vn_number(counts.waiting))
        return Reply(text)
    text = texts.t(
        "broadcast.report",
        id=note.broadcast_id,
        total=vn_number(counts.total),
        sent=vn_number(counts.sent),
        blocked=vn_number(counts.blocked),
        unreachable=vn_number(counts.unreachable),
        failed=vn_number(counts.failed),
    ) + "".join("\n" + line for line in reply_window_lines(texts, counts))
    if not counts.problems and not counts.waiting:
        return Reply(text)
    buttons = (
        (
            Button(
                texts.t("broadcast.button.list"),
                BroadcastAct(note.broadcast_id, BroadcastChoice.LIST).pack(),
            ),
            Button(
                texts.t("broadcast.button.xlsx"),
                BroadcastAct(note.broadcast_id, BroadcastChoice.XLSX).pack(),
            ),
        ),
    )
    return Reply(text, buttons=buttons)


def reply_window_lines(texts: Texts, counts: DeliveryCounts) -> list[str]:
    """The report's lines on the Zalo OA: who waits for the person to write again and why,
    what went by another channel, and what the OA's readers saw (nothing when none)."""
    lines: list[str] = []
    if counts.rerouted:
        lines.append(texts.t("reply_window.report_rerouted", count=vn_number(counts.rerouted)))
    if counts.seen:
        lines.append(texts.t("reply_window.report_seen", count=vn_number(counts.seen)))
    if counts.waiting:
        lines.append(texts.t("reply_window.report_waiting", count=vn_number(counts.waiting)))
        lines.extend(
            texts.t(
                "reply_window.report_reason",
                reason=outcome_text(texts, outcome),
                count=vn_number(count),
            )
            for outcome, count in counts.waiting_by
        )
        lines.append(texts.t("reply_window.report_waiting_note"))
    return lines


class BroadcastRunner:
    """Runs :meth:`tick` when woken and every ``interval`` seconds."""

    def __init__(
        self,
        broadcasts: BroadcastService,
        posts: BoardPostService | None,
        messengers: Mapping[Channel, Messenger],
        texts: Texts,
        *,
        interval: float,
        wake_outbox: Callable[[], None],
    ) -> None:
        self._broadcasts = broadcasts
        self._posts = posts
        self._messengers = messengers
        self._texts = texts
        self._interval = interval
        self._wake_outbox = wake_outbox
        self._bell = asyncio.Event()
        self._stopping = False

    def wake(self) -> None:
        """Look at the broadcasts now."""
        self._bell.set()

    def stop(self) -> None:
        """Ask :meth:`run` to return."""
        self._stopping = True
        self._bell.set()

    async def run(self) -> None:
        """Tick until :meth:`stop`; a failing tick is logged and retried at the next one."""
        while not self._stopping:
            self._bell.clear()
            try:
                await self.tick()
            except Exception:
                logger.exception("broadcast runner tick failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._bell.wait(), self._interval)

    async def tick(self, *, last: bool = False) -> None:
        """Start what is due, then update the status messages that changed.

        Args:
            last: The process is about to stop: look at every broadcast now.
        """
        if not last:
            started = await self._broadcasts.start_due()
            if self._posts is not None:
                started += await self._posts.start_due()
            if started:
                self._wake_outbox()
        for note in await self._broadcasts.progress(now_or_never=last):
            await self._show(note)

    async def _show(self, note: StatusNote) -> None:
        messenger = self._messengers.get(note.channel)
        if messenger is None:
            return
        reply = status_reply(self._texts, note)
        try:
            if note.message_id is None:
                message_id = await messenger.send(note.chat_id, reply)
                await self._broadcasts.set_status_message(note.broadcast_id, message_id)
            elif messenger.capabilities.edit:
                await messenger.edit(note.chat_id, note.message_id, reply)
            elif note.final:
                await messenger.send(note.chat_id, reply)
        except DeliveryError as exc:
            # The next tick shows the state again; nothing here needs to be kept.
            logger.warning("broadcast %s: status message not updated: %s", note.broadcast_id, exc)
