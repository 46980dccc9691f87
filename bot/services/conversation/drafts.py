"""Closing a dialog's draft in the transaction that saves its result.

A use case finishing a dialog calls :func:`close` inside its own transaction. The guarded
UPDATE marks the draft's row finished (same person, same run, not finished yet) and stores what
was saved, so saving and closing commit together: after a crash between the commit and the
engine's clean-up, the next press finds the row finished and is told about the first result
instead of making a second. On PostgreSQL the row lock also serialises two presses racing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialog_spec import Draft
from bot.errors import DraftFinished
from models import DialogState


async def claim(session: AsyncSession, draft: Draft | None) -> None:
    """Refuse at once, before the use case's own checks, a draft that was finished before.

    Call it first in the transaction of a use case whose checks would refuse a second run
    (e.g. "already registered"), so the person is told what was saved instead. On PostgreSQL
    it locks the draft's row until the transaction ends.
    """
    if draft is None:
        return
    earlier = await session.scalar(
        select(DialogState.outcome).where(*_of(draft)).with_for_update()
    )
    if earlier is not None:
        raise DraftFinished(dict(earlier))


async def close(
    session: AsyncSession, draft: Draft | None, key: str, *, at: datetime, **params: Any
) -> None:
    """Mark ``draft`` finished with the outcome ``key`` (a text key), ``params`` and ``at``.

    Call it after the result is written and before the transaction ends. Raises
    :class:`DraftFinished` with the earlier outcome (the caller's transaction then rolls back,
    so nothing is saved twice) when the draft was finished before. A draft never stored (a
    dialog finished at its start) or none (a call from the CLI) is not guarded.
    """
    if draft is None:
        return
    outcome = {"key": key, "params": {k: str(v) for k, v in params.items()}, "at": at.isoformat()}
    mine = _of(draft)
    result = await session.execute(
        update(DialogState).where(*mine, DialogState.outcome.is_(None)).values(outcome=outcome)
    )
    if getattr(result, "rowcount", 0) == 1:
        return
    earlier = await session.scalar(select(DialogState.outcome).where(*mine))
    if earlier is not None:
        raise DraftFinished(dict(earlier))


def _of(draft: Draft) -> tuple[Any, ...]:
    return (
        DialogState.channel == draft.channel.value,
        DialogState.chat_id == draft.chat_id,
        DialogState.user_id == draft.user_id,
        DialogState.nonce == draft.nonce,
    )
