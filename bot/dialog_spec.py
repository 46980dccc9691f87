"""What a dialog is: its steps, its typed answers, its finish, and what the engine stores.

Handlers describe their dialogs with these values; :mod:`bot.dialogs` runs them. Each dialog
has an :class:`Answers` model (one optional field per step whose answer it keeps, plus what its
hooks remember) and a :class:`~enum.StrEnum` of its step names, so steps refer to each other by
a typed name. The engine's own bookkeeping (the steps asked so far, the values given at the
start) is stored beside the answers, never in them. A finish that creates something receives
the run's :class:`Draft` and passes it to its use case, which closes the draft in the same
transaction as it saves the result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.dialog_inputs import InputKind, Option
from bot.ports import Channel, Incoming, Reply


class Answers(BaseModel):
    """A dialog's answers so far; each dialog subclasses it with its own optional fields.

    A step's answer is kept in the field named after the step, a chosen option's label in
    ``<step>_name``, when the model has such a field; menus and confirmations keep nothing.
    Unknown keys are ignored so a draft stored by an older shape still loads.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    def but(self: A, **changes: Any) -> A:
        """A copy with ``changes``, validated as the model's fields are."""
        # Nested answers are passed as the instances they are, which pydantic does not
        # validate again: only the changes are.
        return type(self).model_validate({**dict(self), **changes})


C = TypeVar("C")
A = TypeVar("A", bound=Answers)


class Finish(Enum):
    """What a hook names instead of a step to finish the dialog at once."""

    NOW = "finish"


#: Returned as ``Then.step`` to finish the dialog at once (a branch that ends early).
FINISH = Finish.NOW


@dataclass(frozen=True, slots=True)
class Then(Generic[A]):
    """What an ``after`` hook decided: the answers to keep and the step to ask next.

    Attributes:
        step: The step to ask next, ``None`` for the following one, or :data:`FINISH`.
        answers: The answers changed by the hook (``None``: as the engine stored them).
    """

    step: StrEnum | Finish | None = None
    answers: A | None = None


OptionsFn = Callable[[C, A], Awaitable[Sequence[Option]]]


@dataclass(frozen=True)
class Step(Generic[C, A]):
    """One question of a dialog.

    Attributes:
        name: The step's name; its answer is kept in the answers' field of that name.
        prompt: The text key of the question; the answers so far fill its placeholders.
        kind: The input kind, which decides the validation.
        min_length: Shortest text accepted.
        max_length: Longest text accepted.
        minimum: Smallest number accepted.
        maximum: Largest number accepted.
        options: For choice steps: the options, computed from the context and answers. For
            text steps: suggested answers shown as buttons (a pressed one is the answer as it
            is, e.g. "" for "skip"; a typed text is checked as usual).
        file_types: For file steps: accepted MIME types (empty: any).
        max_file_bytes: For file steps: the largest file accepted.
        skip_when_set: Skip the step when its value was given when the dialog started.
        check: An extra check of a valid answer; returns the text key of the problem or None.
        convert: An async step after the checks that may fetch or parse the answer (e.g. a
            file's content); it returns the value to store or raises ``InvalidInput``.
        after: Runs once the answer is stored; may change the answers (e.g. add a co-author
            to a list) and say which step comes next (:class:`Then`). Loops and "edit this
            field, then back to the preview" are built with it.
        render: Builds the question itself (already markup) instead of ``prompt``.
    """

    name: StrEnum
    prompt: str
    kind: InputKind = InputKind.TEXT
    min_length: int = 1
    max_length: int = 200
    minimum: int = 0
    maximum: int = 1_000_000
    options: OptionsFn[C, A] | None = None
    file_types: frozenset[str] = frozenset()
    max_file_bytes: int = 20 * 1024 * 1024
    skip_when_set: bool = False
    check: Callable[[Any], str | None] | None = None
    convert: Callable[[C, Any], Awaitable[Any]] | None = None
    after: Callable[[C, A, Any], Awaitable[Then[A]]] | None = None
    render: Callable[[C, A], Awaitable[str]] | None = None


@dataclass(frozen=True)
class Dialog(Generic[C, A]):
    """A named sequence of steps, the model of its answers, and what to do with them."""

    name: str
    answers: type[A]
    steps: tuple[Step[C, A], ...]
    finish: Callable[[C, A, Draft], Awaitable[Reply]]
    cancelled: str = "dialog.cancelled"
    timeout: timedelta | None = None
    #: Brings a draft stored by an older shape of the dialog up to date: given its stored
    #: answers and step index, the answers and the step to ask now, or ``None`` when it needs
    #: nothing. Its step is then asked afresh (with ``upgraded``, a text key, above it).
    upgrade: Callable[[Mapping[str, Any], int], tuple[A, StrEnum] | None] | None = None
    upgraded: str = ""

    def index(self, name: StrEnum) -> int:
        """The position of the step called ``name``."""
        return next(i for i, step in enumerate(self.steps) if step.name == name)

    def load(self, data: Mapping[str, Any]) -> A:
        """The answers stored as ``data`` (as :meth:`Answers.model_dump` gave them)."""
        return self.answers.model_validate(dict(data))

    def answers_of(self, position: Position | None) -> A | None:
        """The answers of a stored position of this dialog, or ``None`` (another dialog, or a
        draft that no longer fits the model)."""
        if position is None or position.dialog != self.name:
            return None
        try:
            return self.load(position.data)
        except ValidationError:
            return None


@dataclass(frozen=True, slots=True)
class Draft:
    """One run of a dialog of one person in one chat: what a use case closes as it saves."""

    channel: Channel
    chat_id: str
    user_id: str
    nonce: str


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
    def trail(self) -> tuple[int, ...]: ...
    @property
    def prefilled(self) -> tuple[str, ...]: ...
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
        trail: Sequence[int],
        prefilled: Sequence[str],
        expires_at: datetime,
    ) -> None: ...

    async def clear(self, key: tuple[Channel, str, str]) -> None: ...


def key_of(incoming: Incoming) -> tuple[Channel, str, str]:
    """The store key of the person in this chat."""
    return (incoming.channel, incoming.chat_id, incoming.user_id)
