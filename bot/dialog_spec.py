"""What a dialog is: its steps, its finish, and what the engine stores and hands over.

Handlers describe their dialogs with these values; :mod:`bot.dialogs` runs them. A finish that
creates something receives the run's :class:`Draft` (``draft_of(data)``) and passes it to its
use case, which closes the draft in the same transaction as it saves the result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from bot.dialog_inputs import InputKind, Option
from bot.ports import Channel, Incoming, Reply

C = TypeVar("C")
#: Data key listing the values given when the dialog started (their steps are skipped).
PREFILLED = "_prefilled"
#: Data key listing the steps asked so far, so /quaylai retraces jumps and loops.
TRAIL = "_trail"
#: What ``Step.after`` returns to finish the dialog at once (a branch that ends early).
FINISH = "_finish"
#: Data key under which ``finish`` finds the run's :class:`Draft` (never stored).
DRAFT = "_draft"


OptionsFn = Callable[[C, Mapping[str, Any]], Awaitable[Sequence[Option]]]


@dataclass(frozen=True)
class Step(Generic[C]):
    """One question of a dialog.

    Attributes:
        name: The key the answer is stored under.
        prompt: The text key of the question; data collected so far fills its placeholders.
        kind: The input kind, which decides the validation.
        min_length: Shortest text accepted.
        max_length: Longest text accepted.
        minimum: Smallest number accepted.
        maximum: Largest number accepted.
        options: For choice steps: the options, computed from the context and data.
        file_types: For file steps: accepted MIME types (empty: any).
        max_file_bytes: For file steps: the largest file accepted.
        skip_when_set: Skip the step when its value was given when the dialog started.
        check: An extra check of a valid answer; returns the text key of the problem or None.
        convert: An async step after the checks that may fetch or parse the answer (e.g. a
            file's content); it returns the value to store or raises ``InvalidInput``.
        after: Runs once the answer is stored; may change the data (e.g. add a co-author to a
            list) and returns the name of the step to ask next, ``None`` for the next one, or
            ``FINISH`` to finish now.
            Loops and "edit this field, then back to the preview" are built with it.
        render: Builds the question itself (already markup) instead of ``prompt``.
    """

    name: str
    prompt: str
    kind: InputKind = InputKind.TEXT
    min_length: int = 1
    max_length: int = 200
    minimum: int = 0
    maximum: int = 1_000_000
    options: OptionsFn[C] | None = None
    file_types: frozenset[str] = frozenset()
    max_file_bytes: int = 20 * 1024 * 1024
    skip_when_set: bool = False
    check: Callable[[Any], str | None] | None = None
    convert: Callable[[C, Any], Awaitable[Any]] | None = None
    after: Callable[[C, dict[str, Any], Any], Awaitable[str | None]] | None = None
    render: Callable[[C, Mapping[str, Any]], Awaitable[str]] | None = None


@dataclass(frozen=True)
class Dialog(Generic[C]):
    """A named sequence of steps and what to do with the answers."""

    name: str
    steps: tuple[Step[C], ...]
    finish: Callable[[C, dict[str, Any]], Awaitable[Reply]]
    cancelled: str = "dialog.cancelled"
    timeout: timedelta | None = None

    def index(self, name: str) -> int:
        """The position of the step called ``name``."""
        return next(i for i, step in enumerate(self.steps) if step.name == name)


@dataclass(frozen=True, slots=True)
class Draft:
    """One run of a dialog of one person in one chat: what a use case closes as it saves."""

    channel: Channel
    chat_id: str
    user_id: str
    nonce: str


def draft_of(data: Mapping[str, Any]) -> Draft | None:
    """The draft a ``finish`` was given (``None`` when called outside the engine)."""
    draft = data.get(DRAFT)
    return draft if isinstance(draft, Draft) else None


class Position(Protocol):
    """Where a person is in a dialog (as stored)."""

    @property
    def dialog(self) -> str: ...
    @property
    def step(self) -> int: ...
    @property
    def nonce(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def expires_at(self) -> datetime: ...
    @property
    def outcome(self) -> Mapping[str, Any] | None: ...


class DialogStore(Protocol):
    """Persists dialog positions."""

    async def save(
        self,
        key: tuple[Channel, str, str],
        *,
        dialog: str,
        step: int,
        nonce: str,
        data: dict[str, Any],
        expires_at: datetime,
    ) -> None: ...

    async def clear(self, key: tuple[Channel, str, str]) -> None: ...


def key_of(incoming: Incoming) -> tuple[Channel, str, str]:
    """The store key of the person in this chat."""
    return (incoming.channel, incoming.chat_id, incoming.user_id)
