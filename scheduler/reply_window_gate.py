"""The Zalo OA's reply window, looked at before its deliveries are sent.

An OA may answer a person freely for ``window_hours`` after the person's last message, up to
``window_messages`` messages (``[zalo_oa.outbox]``). For each claimed batch the gate reads the
windows of the batch's OA chats at once and says, per delivery: send it (the window is open);
send it as a proactive message (the window is closed but this month's proactive quota has
room: the worker counts it once sent); or hold it (the outbox then sends it by another of the
member's channels, or keeps it waiting until the person writes again).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.config_zalo_oa import ZaloOaOutbox
from bot.ports import Channel
from bot.services.delivery import ChannelQuotaService, Claimed, ReplyWindow, ReplyWindowService
from models import DeliveryOutcome

logger = logging.getLogger(__name__)
#: Channels whose messages are free only inside a reply window.
WINDOWED = frozenset({Channel.ZALO_OA})
_NEVER = ReplyWindow(None, 0)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with a delivery whose window is closed.

    Attributes:
        proactive: Send it as a proactive message (and count it against the monthly quota).
        outcome: Hold it for this reason (a :class:`models.DeliveryOutcome` value).
    """

    proactive: bool = False
    outcome: str = ""


class WindowGate:
    """Sorts a claimed batch by the reply windows of its chats (one read per batch)."""

    def __init__(
        self,
        windows: ReplyWindowService | None,
        quota: ChannelQuotaService | None,
        limits: ZaloOaOutbox,
        clock: Clock,
    ) -> None:
        """Without ``windows`` every delivery goes (the platform's refusals still count);
        without ``quota`` nothing is sent proactively (it could not be counted)."""
        self._windows = windows
        self._quota = quota
        self._limits = limits
        self._clock = clock
        self._proactive_in_flight = 0

    async def sort(self, batch: Sequence[Claimed]) -> dict[int, Verdict]:
        """The verdict of each delivery whose window is closed, by delivery id; the ones left
        out may be sent as they are."""
        chats = [item for item in batch if item.channel in WINDOWED and not item.is_group]
        if not chats or self._windows is None:
            return {}
        found = await self._windows.windows(Channel.ZALO_OA, {item.chat_id for item in chats})
        now = self._clock.now()
        hours, messages = self._limits.window_hours, self._limits.window_messages
        taken: Counter[str] = Counter()
        room = await self._proactive_room()
        verdicts: dict[int, Verdict] = {}
        for item in chats:
            known = found.get(item.chat_id, _NEVER)
            window = ReplyWindow(known.last_inbound_at, known.sent + taken[item.chat_id])
            if window.is_open(now, hours=hours, messages=messages):
                taken[item.chat_id] += 1  # later deliveries of the batch to the chat count it
            elif room > 0:
                room -= 1
                self._proactive_in_flight += 1
                verdicts[item.id] = Verdict(proactive=True)
            else:
                verdicts[item.id] = Verdict(outcome=self._why_closed(window, now))
        return verdicts

    async def count_proactive(self, delivery_id: int) -> None:
        """Count a message sent outside the window against the month's proactive quota. A
        failure to count must not send the message again, so it is only logged."""
        if self._quota is None:
            return
        try:
            await self._quota.count_sent(Channel.ZALO_OA, 1)
        except Exception:
            logger.exception("delivery %s: proactive message not counted", delivery_id)

    def settled(self) -> None:
        """A proactive send ended (sent or not): its place in the quota is no longer held."""
        self._proactive_in_flight = max(0, self._proactive_in_flight - 1)

    async def _proactive_room(self) -> int:
        """Proactive messages that may still go this month, less the ones being sent."""
        if self._quota is None or self._limits.proactive_monthly_quota == 0:
            return 0
        left = await self._quota.remaining(Channel.ZALO_OA)
        if left is None:  # the quota service does not count the OA: nothing can be counted
            return 0
        return left - self._proactive_in_flight

    def _why_closed(self, window: ReplyWindow, now: datetime) -> str:
        """Out of quota while the person wrote recently but the window's messages are used up;
        out of window otherwise (more than ``window_hours`` ago, or never)."""
        last = window.last_inbound_at
        recent = last is not None and now - last < timedelta(hours=self._limits.window_hours)
        if recent and window.sent >= self._limits.window_messages:
            return DeliveryOutcome.OUT_OF_QUOTA.value
        return DeliveryOutcome.OUT_OF_WINDOW.value
