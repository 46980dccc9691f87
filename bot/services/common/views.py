"""Frozen views services hand out instead of ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.roles import Role


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit as shown to people."""

    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class MemberView:
    """A member and their unit."""

    id: int
    full_name: str
    position: str
    role: Role
    unit: UnitView


@dataclass(frozen=True, slots=True)
class DialogView:
    """Where a person is in a dialog."""

    dialog: str
    step: int
    nonce: str
    data: dict[str, Any]
    expires_at: datetime
    outcome: dict[str, Any] | None = None
    trail: tuple[int, ...] = ()
    prefilled: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Departure:
    """The member who left, behind an account that writes again (docs/organisation.md).

    Attributes:
        full_name: The member's name.
        left_on: The day they left.
        reason: Why, a ``LeaveReason`` value (``retired``, ``transferred``…).
    """

    full_name: str
    left_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class TurnState:
    """What the router needs to know before handling an update.

    Attributes:
        duplicate: The update was handled before; do nothing.
        member: The member behind the account, if registered.
        dialog: The person's open dialog in this chat, if any.
        departed: The member who left, when the account is theirs (``member`` is ``None``).
    """

    duplicate: bool
    member: MemberView | None
    dialog: DialogView | None
    departed: Departure | None = None


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A file a person sent; its bytes stay on the platform."""

    channel: str
    file_id: str
    name: str
    mime_type: str
    size: int


@dataclass(frozen=True, slots=True)
class AttachmentView:
    """A file attached to an initiative."""

    id: int
    channel: str
    file_id: str
    name: str
    mime_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One step of the history."""

    from_state: str
    to_state: str
    actor: str
    reason: str
    at: datetime
