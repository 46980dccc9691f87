"""A messenger that records what it sends and fails on cue (outbox and worker tests)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from bot.formatting import strip_html
from bot.ports import Capabilities, DeliveryError, RecipientBlocked, Reply


class FakeMessenger:
    """Implements :class:`bot.ports.Messenger` in memory.

    Every successful send is recorded in order as ``(chat_id, reply)``. Failures are scripted
    per chat: :meth:`block` makes a chat refuse everything, :meth:`fail` queues errors for the
    next sends to a chat. ``on_send`` runs at the start of every send, before anything is
    recorded; a test can make it raise to simulate the process dying mid-send.

    Attributes:
        capabilities: Buttons, edits and HTML are all supported.
        sent: Every message delivered, as ``(chat_id, reply)``, in the order sent.
        edits: Every edit, as ``(chat_id, message_id, reply)``, in order.
        attempts: Every chat a send was attempted to, failed or not, in order.
        on_send: Called with ``(chat_id, reply)`` before each send is handled.
    """

    def __init__(self, *, on_send: Callable[[str, Reply], None] | None = None) -> None:
        """Create a messenger that delivers everything until told otherwise.

        Args:
            on_send: Optional hook called with ``(chat_id, reply)`` before each send.
        """
        self.capabilities = Capabilities(buttons=True, edit=True, html=True)
        self.sent: list[tuple[str, Reply]] = []
        self.attempts: list[str] = []
        self.edits: list[tuple[str, str, Reply]] = []
        self.on_send = on_send
        self._blocked: dict[str, bool] = {}
        self._failures: dict[str, deque[DeliveryError]] = {}

    def block(self, chat_id: str, *, never_started: bool = False) -> None:
        """Make every send to ``chat_id`` raise :class:`RecipientBlocked` from now on.

        Args:
            chat_id: The chat that blocked the bot.
            never_started: Say the person never opened a chat with the bot (rather than
                blocked it later).
        """
        self._blocked[chat_id] = never_started

    def fail(self, chat_id: str, *errors: DeliveryError) -> None:
        """Make the next sends to ``chat_id`` raise ``errors``, one per send, in order.

        Once the errors are used up, sends to the chat succeed again. Calling it again adds
        to the errors still queued.

        Args:
            chat_id: The chat whose sends fail.
            *errors: The errors to raise, first one on the next send.
        """
        self._failures.setdefault(chat_id, deque()).extend(errors)

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Deliver ``reply`` to ``chat_id``, or raise the scripted error.

        Returns:
            The message id: the 1-based position of the message in :attr:`sent`.

        Raises:
            RecipientBlocked: The chat was blocked with :meth:`block`.
            DeliveryError: The next error queued with :meth:`fail` for the chat.
        """
        self.attempts.append(chat_id)
        if self.on_send is not None:
            self.on_send(chat_id, reply)
        if chat_id in self._blocked:
            never_started = self._blocked[chat_id]
            raise RecipientBlocked("Forbidden: bot was blocked", never_started=never_started)
        queued = self._failures.get(chat_id)
        if queued:
            raise queued.popleft()
        self.sent.append((chat_id, reply))
        return str(len(self.sent))

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Record an edit of message ``message_id`` as ``(chat_id, message_id, reply)``."""
        self.edits.append((chat_id, message_id, reply))

    def texts_to(self, chat_id: str) -> list[str]:
        """Return the plain text of every message delivered to ``chat_id``, in order."""
        return [strip_html(reply.text) for chat, reply in self.sent if chat == chat_id]

    def texts(self) -> list[str]:
        """Return the plain text of every message delivered, in order."""
        return [strip_html(reply.text) for _, reply in self.sent]
