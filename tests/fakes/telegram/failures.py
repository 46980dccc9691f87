"""Making Telegram misbehave: blocked chats, users who never started the bot, errors."""

from __future__ import annotations

import asyncio
from http import HTTPStatus

from tests.fakes.telegram.protocol import CANONICAL_METHODS, ApiError, default_description
from tests.fakes.telegram.records import Failure
from tests.fakes.telegram.state import FakeState


class FailureInjectionMixin(FakeState):
    """``block``, ``unblock``, ``never_started``, ``fail_next`` and ``hold_calls``."""

    def block(self, chat_id: int) -> None:
        """Make every send/edit to ``chat_id`` fail with 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Undo ``block`` and ``never_started`` for ``chat_id``."""
        self._blocked.discard(chat_id)
        self._never_started.discard(chat_id)

    def never_started(self, chat_id: int) -> None:
        """Make sends to ``chat_id`` fail with 403 "bot can't initiate conversation"."""
        self._never_started.add(chat_id)

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer an error.

        Args:
            method: Bot API method name (any case); must be one the fake implements.
            status: HTTP status and ``error_code``, e.g. 429, 500, 502.
            description: Error description; defaults to Telegram's wording for the status
                ("Too Many Requests: retry after N" for 429).
            retry_after: ``parameters.retry_after``; defaults to 1 for status 429.
            chat_id: Only fail calls for this chat (other calls pass untouched).
            times: How many calls fail.

        Raises:
            ValueError: For a method the fake does not implement or ``times < 1``.
        """
        canonical = CANONICAL_METHODS.get(method.lower())
        if canonical is None:
            raise ValueError(f"FakeTelegramApi does not implement {method!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if retry_after is None and status == HTTPStatus.TOO_MANY_REQUESTS:
            retry_after = 1
        text = description or default_description(status, retry_after)
        failure = Failure(status, text, retry_after, chat_id, times)
        self._failures.setdefault(canonical, []).append(failure)

    def hold_calls(self, chat_id: int) -> asyncio.Event:
        """Keep every call about ``chat_id`` waiting, unanswered, until the returned event is
        set (``waiting_calls`` counts the calls waiting): a bot busy sending, made visible."""
        self._held[chat_id] = asyncio.Event()
        return self._held[chat_id]

    async def _wait_if_held(self, chat_id: int | None) -> None:
        held = None if chat_id is None else self._held.get(chat_id)
        if held is None or held.is_set():
            return
        self.waiting_calls += 1
        self._notify()
        try:
            await held.wait()
        finally:
            self.waiting_calls -= 1

    def _take_failure(self, method: str, chat_id: int | None) -> ApiError | None:
        failures = self._failures.get(method)
        if not failures:
            return None
        for index, failure in enumerate(failures):
            if failure.chat_id is None or failure.chat_id == chat_id:
                failure.remaining -= 1
                if failure.remaining == 0:
                    del failures[index]
                return failure.error()
        return None
