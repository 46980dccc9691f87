"""The workflow kernel: what initiatives, nominations and reports share (DESIGN §3.3, §3.4).

Each feature keeps only its states, its transitions and its rules of who has a stake; the
rest is here: the state machine as data (:class:`Transition`, :func:`actions_for`), the
guarded state change (one conditional UPDATE on state and version, so two reviewers pressing
at once cannot both win), recording the change with actor, time and reason into the history
and the audit log, reading the history and the files back, and telling the people concerned
through the outbox. The outbox is woken by the service after its transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.common import audit
from bot.services.common.views import AttachmentView, ChangeView, FileInfo, MemberView
from bot.services.delivery import outbox
from bot.services.delivery.recipients import reachable
from bot.texts import Texts
from models import Attachment, StateChange

StateT = TypeVar("StateT", bound=StrEnum)
ActionT = TypeVar("ActionT", bound=StrEnum)
REASON_MAX = 1000


@dataclass(frozen=True, slots=True)
class Transition(Generic[StateT]):
    """From which states an action moves a workflow item, to which state, and who may do it.

    Attributes:
        sources: States the action starts from.
        target: The state it leads to.
        roles: Roles allowed; empty means only the item's author (or nominator).
        needs_reason: The actor must say why (shown to the author).
    """

    sources: frozenset[StateT]
    target: StateT
    roles: frozenset[Role] = frozenset()
    needs_reason: bool = False

    @property
    def by_author(self) -> bool:
        """Only the item's author (an initiative's, a nomination's nominator) may take it."""
        return not self.roles

    @property
    def judges(self) -> bool:
        """A reviewer's step: one a person with a stake in the item may never take."""
        return not self.by_author


def may_take(step: Transition[Any], role: Role, *, is_author: bool, has_stake: bool) -> bool:
    """Whether a person may take ``step`` (its states aside): the one rule of who may act.

    Nobody judges their own item (DESIGN §3.3): a reviewer's step is refused to a person with
    a stake in the item, whatever their role; they keep the author's own steps.
    """
    if step.by_author:
        return is_author
    return role in step.roles and not (step.judges and has_stake)


def require(
    step: Transition[Any],
    role: Role,
    *,
    is_author: bool,
    has_stake: bool,
    own_item: type[errors.DomainError],
) -> None:
    """Raise unless :func:`may_take` allows the step, saying why.

    Raises:
        NotAllowed: The role (or not being the author) does not allow the step.
        own_item: The role would, but the person may not judge their own item.
    """
    if not may_take(step, role, is_author=is_author, has_stake=False):
        raise errors.NotAllowed
    if not may_take(step, role, is_author=is_author, has_stake=has_stake):
        raise own_item


def actions_for(
    transitions: Mapping[ActionT, Transition[StateT]],
    state: StateT,
    role: Role,
    *,
    is_author: bool,
    has_stake: bool,
    besides: Iterable[ActionT] = (),
) -> list[ActionT]:
    """The actions a person may take on an item in ``state``, in the table's order.

    ``besides`` leaves out actions that are not taken on one item (announcing a whole list).
    """
    left_out = set(besides)
    return [
        action
        for action, step in transitions.items()
        if action not in left_out
        and state in step.sources
        and may_take(step, role, is_author=is_author, has_stake=has_stake)
    ]


class Tracked(Protocol):
    """A row a workflow moves: its state is guarded by ``version``."""

    id: Any
    state: Any
    version: Any


RowT = TypeVar("RowT", bound=Tracked)


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
        changes = await session.scalars(
            select(StateChange)
            .where(StateChange.entity == self.entity, StateChange.entity_id == item_id)
            .order_by(StateChange.at, StateChange.id)
        )
        return tuple(
            ChangeView(c.from_state, c.to_state, c.actor, c.reason, c.at) for c in changes
        )

    async def files(self, session: AsyncSession, item_id: int) -> tuple[AttachmentView, ...]:
        """The files attached to the item, in the order they were sent."""
        found = await session.scalars(
            select(Attachment)
            .where(Attachment.entity == self.entity, Attachment.entity_id == item_id)
            .order_by(Attachment.id)
        )
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


async def tell(
    session: AsyncSession,
    members: Iterable[int | None],
    replies: Sequence[Reply],
    now: datetime,
) -> int:
    """Queue ``replies`` to the one account each member is reached on; return the rows added.

    The rows go out once the caller's transaction commits and it wakes the outbox.
    """
    wanted = sorted({m for m in members if m is not None})
    accounts = await reachable(session, wanted)
    return sum(
        outbox.enqueue(
            session, [Outgoing(Channel(ch), chat, r) for r in replies], now=now, member_id=member
        )
        for ch, chat, member in accounts
    )


def notice(texts: Texts, text: str, reason: str, button: Button | None = None) -> Reply:
    """A notice of a change: its text, then the reason when there is one, then a button."""
    if reason:
        text += "\n" + texts.t("workflow.notice.reason", reason=reason)
    return Reply(text, buttons=((button,),) if button else ())
