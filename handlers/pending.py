"""Commands whose capability is not built yet: a polite answer, never silence."""

from __future__ import annotations

from bot.ports import Reply
from bot.routing import Handler, Turn


def not_built(command: str) -> Handler:
    """Return a handler telling the person the feature behind ``command`` is coming."""

    async def answer(turn: Turn) -> Reply:
        return Reply(turn.t("pending.not_built", feature=turn.t(f"commands.{command}")))

    return answer
