"""What tests read back: counters, recorded calls and messages, keyboards, waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tests.fakes.telegram.protocol import CANONICAL_METHODS
from tests.fakes.telegram.records import ApiCall, SentMessage
from tests.fakes.telegram.state import FakeState
from tests.fakes.telegram.validation import inline_keyboard


class InspectionMixin(FakeState):
    """Queries on what the bot did, and waiting for it to do something."""

    @property
    def confirmed_offset(self) -> int:
        """Highest ``offset`` any ``getUpdates`` call has passed (0 before the first)."""
        return self._confirmed_offset

    @property
    def pending_updates(self) -> int:
        """Number of queued updates not yet confirmed by a ``getUpdates`` offset."""
        return len(self._pending)

    @property
    def active_polls(self) -> int:
        """Number of ``getUpdates`` requests currently waiting (long polling)."""
        return self._active_polls

    @property
    def sent_count(self) -> int:
        """Number of messages sent or edited successfully (kept even with ``record=False``)."""
        return self._sent_total

    def sent_count_to(self, chat_id: int) -> int:
        """Number of messages sent or edited successfully in ``chat_id``.

        Args:
            chat_id: Chat id.

        Returns:
            The count (0 for an unknown chat).
        """
        return self._sent_counts[chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method.

        Args:
            method: Method name, any case.

        Returns:
            The matching ``ApiCall`` records in order.
        """
        canonical = CANONICAL_METHODS.get(method.lower(), method)
        return [call for call in self.calls if call.method == canonical]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent or edited in ``chat_id``, in order.

        Args:
            chat_id: Chat id.

        Returns:
            The ``SentMessage`` records (edits are separate records with ``edited=True``).

        Raises:
            RuntimeError: If the fake was created with ``record=False``.
        """
        if not self._record:
            raise RuntimeError("messages_to needs FakeTelegramApi(record=True)")
        return list(self._sent_by_chat.get(chat_id, ()))

    def last_text(self, chat_id: int) -> str:
        """Current text (or caption) of the bot's most recent message in ``chat_id``.

        Edits are reflected. The text is returned as the bot sent it, HTML markup included.

        Args:
            chat_id: Chat id.

        Returns:
            The text ("" for a media message without caption).

        Raises:
            AssertionError: If the bot sent nothing to the chat.
        """
        message = self._last_bot_message_in(chat_id)
        if message is None:
            raise AssertionError(f"bot sent no message to chat {chat_id}")
        return message.text or ""

    def buttons(self, chat_id: int) -> list[list[tuple[str, str]]]:
        """Inline keyboard of the bot's last message in ``chat_id`` that still has one.

        Args:
            chat_id: Chat id.

        Returns:
            Rows of ``(label, callback_data)``; ``callback_data`` is "" for buttons without it
            (e.g. URL buttons). Empty if no message in the chat has a keyboard.
        """
        for message in self._bot_messages_newest_first(chat_id):
            keyboard = inline_keyboard(message.reply_markup)
            if keyboard is not None:
                return [
                    [(button["text"], button.get("callback_data", "")) for button in row]
                    for row in keyboard
                ]
        return []

    def button_data(self, chat_id: int, label: str) -> str:
        """Callback data of the button labelled ``label`` on the last keyboard in the chat.

        Args:
            chat_id: Chat id.
            label: Exact label, or else a case-insensitive substring matching one button only.

        Returns:
            The button's callback data.

        Raises:
            AssertionError: If there is no keyboard, no matching button, or several match.
        """
        rows = self.buttons(chat_id)
        if not rows:
            raise AssertionError(f"no bot message with an inline keyboard in chat {chat_id}")
        flat = [button for row in rows for button in row]
        exact = [data for text, data in flat if text == label]
        if exact:
            return exact[0]
        folded = label.casefold()
        partial = [(text, data) for text, data in flat if folded in text.casefold()]
        if len(partial) == 1:
            return partial[0][1]
        labels = [text for text, _ in flat]
        problem = "several buttons match" if partial else "no button matches"
        raise AssertionError(f"{problem} {label!r} in chat {chat_id}; buttons: {labels}")

    def assert_no_unknown_calls(self) -> None:
        """Fail if the bot called methods the fake does not implement.

        Raises:
            AssertionError: Listing the unknown methods and their parameters.
        """
        if self.unknown_calls:
            listed = ", ".join(f"{call.method}({call.params})" for call in self.unknown_calls)
            raise AssertionError(f"bot called Bot API methods the fake does not know: {listed}")

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a plain argument keeps test code short
        *,
        description: str = "",
    ) -> None:
        """Wait until ``predicate()`` is true, re-checking after every request and update.

        Args:
            predicate: Condition on the fake's (or the test's) state.
            timeout: Seconds to wait.
            description: What is awaited, for the failure message.

        Raises:
            AssertionError: If the predicate is still false after ``timeout`` seconds.
        """
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    await self._changed.wait()
        except TimeoutError:
            what = description or getattr(predicate, "__qualname__", repr(predicate))
            recent = "; ".join(f"{c.method}->{c.status}" for c in self._recent_calls)
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; recent calls: [{recent}]"
            ) from None

    async def wait_sent(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - same style as wait_for
    ) -> None:
        """Wait until at least ``count`` messages were sent or edited in ``chat_id``.

        Args:
            chat_id: Chat id.
            count: Minimum value of ``sent_count_to(chat_id)``.
            timeout: Seconds to wait.

        Raises:
            AssertionError: On timeout, with the count reached.
        """
        try:
            await self.wait_for(
                lambda: self._sent_counts[chat_id] >= count,
                timeout,
                description=f"{count} message(s) sent/edited in chat {chat_id}",
            )
        except AssertionError as err:
            got = self._sent_counts[chat_id]
            raise AssertionError(f"{err} (got {got})") from None
