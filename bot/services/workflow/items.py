"""The items a workflow moves: the guarded state change, its record, the history and the files.

One conditional UPDATE on state and version moves an item, so two reviewers pressing at once
cannot both win; the change is recorded with actor, time and reason into the history and the
audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.services.common import AttachmentView, ChangeView, FileInfo, MemberView, audit
from bot.services.workflow.transitions import ActionT, StateT, Transition
from models import Attachment, StateChange

REASON_MAX = 1000
#: Items moved by one UPDATE of :meth:`Workflow.advance_all` (bound parameters stay few).
CHUNK = 500


class Tracked(Protocol):
    """A row a workflow moves: its state is guarded by ``version``."""

    id: Any
    state: Any
    version: Any


RowT = TypeVar("RowT", bound=Tracked)


class Moving(Protocol):
    """An item moved with others (:meth:`Workflow.advance_all`): a row, or its columns."""

    @property
    def id(self) -> int: ...

    @property
    def state(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Workflow(Generic[RowT, ActionT, StateT]):
    """One feature's workflow: its table, its transitions and the errors it speaks in.

    Attributes:
        entity: The name history, audit and attachment rows file the item under.
        model: The table of the items.
        transitions: What each action does.
        not_found: Raised for an item that does not exist.
        already_handled: Raised when someone changed the item after the actor saw it.
        illegal: Raised when the item is in a state the action does not start from.
    """

    entity: str
    model: type[RowT]
    transitions: Mapping[ActionT, Transition[StateT]]
    not_found: type[errors.DomainError]
    already_handled: type[errors.DomainError]
    illegal: type[errors.DomainError]

    def step(self, action: ActionT, reason: str) -> tuple[Transition[StateT], str]:
        """The transition of ``action`` and the reason, with white space folded and cut.

        Raises:
            ReasonRequired: The action needs a reason and none was given.
        """
        step = self.transitions[action]
        reason = " ".join(reason.split())[:REASON_MAX]
        if step.needs_reason and not reason:
            raise errors.ReasonRequired
        return step, reason

    async def get(self, session: AsyncSession, item_id: int) -> RowT:
        """The item, or ``not_found``."""
        row = await session.get(self.model, item_id)
        if row is None:
            raise self.not_found
        return row

    async def advance(
        self,
        session: AsyncSession,
        row: RowT,
        step: Transition[StateT],
        change: Change,
        *,
        seen_version: int | None = None,
        values: Mapping[str, object] | None = None,
    ) -> str:
        """Check the item is still as seen and in a source state, move it, record it.

        Returns the state it left. ``values`` are written in the same guarded UPDATE.
        """
        if seen_version is not None and seen_version != row.version:
            raise self.already_handled
        if row.state not in step.sources:
            raise self.illegal
        before: str = row.state
        await self.move(session, row, step.target, change.at, values)
        self.record(session, row, before, change)
        return before

    async def move(
        self,
        session: AsyncSession,
        row: RowT,
        target: str,
        now: datetime,
        values: Mapping[str, object] | None = None,
    ) -> None:
        """Change the state only if nobody else did since ``row`` was read."""
        table: Any = self.model
        result = await session.execute(
            update(table)
            .where(table.id == row.id, table.state == row.state, table.version == row.version)
            .values(state=target, version=table.version + 1, updated_at=now, **(values or {}))
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise self.already_handled
        await session.refresh(row)

    async def advance_all(
        self,
        session: AsyncSession,
        step: Transition[StateT],
        moves: Sequence[tuple[Moving, str]],
        change: Change,
        *,
        batch: str,
    ) -> None:
        """Move many items by one step at once (a council session's results, a whole list):
        a guarded UPDATE per chunk, the history rows inserted together and one audit entry
        filed under ``batch``, what moved them (a session's code). Each item
        keeps its own reason (``moves`` pairs an item read in this transaction, a row or its
        columns, with it); the items given are left as read: their state is now
        ``step.target``.

        Raises:
            illegal: An item is not in a state the step starts from.
            already_handled: An item changed meanwhile (nothing is moved).
        """
        if any(row.state not in step.sources for row, _ in moves):
            raise self.illegal
        table: Any = self.model
        for start in range(0, len(moves), CHUNK):
            ids = [row.id for row, _ in moves[start : start + CHUNK]]
            result = await session.execute(
                update(table)
                .where(table.id.in_(ids), table.state.in_([str(s) for s in step.sources]))
                .values(state=step.target, version=table.version + 1, updated_at=change.at)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != len(ids):  # type: ignore[attr-defined]
                raise self.already_handled
        entries = [
            (row.id, getattr(row, "code", row.id), str(row.state), reason) for row, reason in moves
        ]
        await audit.record_transitions(
            session, self.entity, str(step.target), entries, change.actor, change.at, batch=batch
        )

    def record(self, session: AsyncSession, row: RowT, before: str, change: Change) -> None:
        """Write the history row and the audit entry of the state change ``row`` went through."""
        audit.record_transition(
            session,
            entity=self.entity,
            item_id=row.id,
            label=getattr(row, "code", row.id),
            before=before,
            after=row.state,
            actor=change.actor,
            reason=change.reason,
            at=change.at,
        )

    async def history(self, session: AsyncSession, item_id: int) -> tuple[ChangeView, ...]:
        """The item's changes, oldest first."""
        changes = await session.scalars(_history_query(), {"entity": self.entity, "item": item_id})
        return tuple(
            ChangeView(c.from_state, c.to_state, c.actor, c.reason, c.at) for c in changes
        )

    async def files(self, session: AsyncSession, item_id: int) -> tuple[AttachmentView, ...]:
        """The files attached to the item, in the order they were sent."""
        found = await session.scalars(_files_query(), {"entity": self.entity, "item": item_id})
        return tuple(
            AttachmentView(f.id, f.channel, f.file_id, f.name, f.mime_type, f.size) for f in found
        )

    async def attach(
        self,
        session: AsyncSession,
        item_id: int,
        files: Sequence[FileInfo],
        now: datetime,
        *,
        replace: bool = False,
    ) -> None:
        """Attach ``files`` to the item (in place of the ones it had, with ``replace``)."""
        if replace:
            await session.execute(
                delete(Attachment).where(
                    Attachment.entity == self.entity, Attachment.entity_id == item_id
                )
            )
        session.add_all(
            Attachment(
                entity=self.entity,
                entity_id=item_id,
                channel=f.channel,
                file_id=f.file_id,
                name=f.name[:200],
                mime_type=f.mime_type[:100],
                size=f.size,
                created_at=now,
            )
            for f in files
        )


@cache
def _history_query() -> Select[StateChange]:
    """An item's changes, oldest first. Built on first use and kept (a statement never
    changes): building and keying one costs SQLAlchemy more than SQLite's answer."""
    return (
        select(StateChange)
        .where(
            StateChange.entity == bindparam("entity"), StateChange.entity_id == bindparam("item")
        )
        .order_by(StateChange.at, StateChange.id)
    )


@cache
def _files_query() -> Select[Attachment]:
    """An item's files in the order they were sent (built once, as :func:`_history_query`)."""
    return (
        select(Attachment)
        .where(Attachment.entity == bindparam("entity"), Attachment.entity_id == bindparam("item"))
        .order_by(Attachment.id)
    )


@dataclass(frozen=True, slots=True)
class Change:
    """Who changes an item, when, and why (the reason is shown to the people concerned)."""

    actor: audit.Actor
    at: datetime
    reason: str = ""

    @classmethod
    def by(cls, member: MemberView, at: datetime, reason: str = "") -> Change:
        """A change made by a member."""
        return cls(audit.Actor(member.full_name, member.id), at, reason)
