"""``python -m bot run`` with a SIGKILL at a chosen moment of a dialog's finish (tests only).

``THIDUA_TEST_KILL`` = ``after:<outcome key>`` kills the process once the use case committed the
result with that outcome and before the dialog is cleared; ``before:<outcome key>`` kills it in
the use case's transaction, before anything is committed. Product code never reads it.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
from typing import Any

from sqlalchemy import select

from bot.ports import Channel
from bot.services.conversation import drafts
from bot.services.conversation.dialog_states import DialogStateService
from models import DialogState

MOMENT, _, KEY = os.environ.get("THIDUA_TEST_KILL", "").partition(":")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


_clear = DialogStateService.clear
_close = drafts.close


async def _clear_or_die(self: DialogStateService, key: tuple[Channel, str, str]) -> None:
    channel, chat_id, user_id = key
    async with self._sessions() as session:
        outcome = await session.scalar(
            select(DialogState.outcome).where(
                DialogState.channel == channel.value,
                DialogState.chat_id == chat_id,
                DialogState.user_id == user_id,
            )
        )
    if outcome is not None and outcome.get("key") == KEY:
        _die()
    await _clear(self, key)


async def _close_or_die(session: Any, draft: Any, key: str, **kwargs: Any) -> None:
    if key == KEY:
        _die()
    await _close(session, draft, key, **kwargs)


if MOMENT == "after":
    DialogStateService.clear = _clear_or_die  # type: ignore[method-assign]
elif MOMENT == "before":
    drafts.close = _close_or_die
sys.argv = ["bot", "run", *sys.argv[1:]]  # e.g. --role updates
runpy.run_module("bot", run_name="__main__", alter_sys=True)
