"""Registering a person as a member, through an invite or as a bootstrap administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.common import MemberView, TurnCache, audit
from bot.services.conversation import drafts
from bot.services.delivery import outbox, reachable
from bot.services.people.invites import find_usable
from bot.services.people.members import member_view
from bot.texts import Texts
from models import ChannelAccount, Member, Unit


@dataclass(frozen=True, slots=True)
class Applicant:
    """The person registering and what they told us."""

    channel: Channel
    user_id: str
    chat_id: str
    full_name: str
    position: str


@dataclass(frozen=True, slots=True)
class Registered:
    """The new member and how many people were told about them."""

    member: MemberView
    notified: int


class RegistrationService:
    """Turns an applicant into a member in one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: outbox.OutboxService,
        cache: TurnCache,
        *,
        office_unit: str,
    ) -> None:
        self._cache = cache
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._office_unit = office_unit

    async def register(
        self, applicant: Applicant, *, invite_id: int | None, dialog: Draft | None = None
    ) -> Registered:
        """Register through invite ``invite_id``, or as bootstrap admin when it is ``None``.

        Raises:
            AlreadyRegistered: The account already belongs to a member.
            Invite errors: The invite stopped being usable since the dialog began.
        """
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            await _refuse_known_account(session, applicant)
            personal: int | None = None
            if invite_id is None:
                unit = await _office_unit(session, self._office_unit)
                role = Role.ADMIN
            else:
                invite, unit = await find_usable(session, now, invite_id=invite_id)
                invite.uses += 1
                role, personal = Role(invite.role), invite.member_id
            member = await _personal_member(session, personal, applicant)
            if member is not None:
                # The member may have moved since the invite was made: their unit rules.
                unit = await session.get(Unit, member.unit_id) or unit
            else:
                member = Member(
                    unit_id=unit.id,
                    full_name=applicant.full_name,
                    position=applicant.position,
                    role=role.value,
                    preferred_channel=applicant.channel.value,
                    created_at=now,
                )
                session.add(member)
                await session.flush()
            session.add(
                ChannelAccount(
                    channel=applicant.channel,
                    external_id=applicant.user_id,
                    chat_id=applicant.chat_id,
                    member_id=member.id,
                    created_at=now,
                )
            )
            view = member_view(member, unit)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(view.full_name, member.id),
                action="member.register",
                entity="member",
                entity_id=member.id,
                after={
                    "unit": unit.code,
                    "role": member.role,
                    "invite": invite_id,
                    "personal": personal is not None,
                },
            )
            notes = await self._unit_head_notes(session, view)
            done = "dialog.done.registration"
            await drafts.close(session, dialog, done, at=now, name=view.full_name)
            for head_id, note in notes:
                outbox.enqueue(session, [note], now=now, member_id=head_id)
        self._cache.members.put((applicant.channel, applicant.user_id), view)
        if notes:
            self._outbox.notify()
        return Registered(view, len(notes))

    async def _unit_head_notes(
        self, session: AsyncSession, member: MemberView
    ) -> list[tuple[int, Outgoing]]:
        """The notice to each head of the new member's unit (one account each), by member id."""
        text = self._texts.t(
            "registration.joined_notice",
            name=member.full_name,
            position=member.position,
            unit=member.unit.name,
        )
        heads = await session.scalars(
            select(Member.id)
            .where(
                Member.unit_id == member.unit.id,
                Member.role == Role.UNIT_HEAD.value,
                Member.active.is_(True),
                Member.id != member.id,
            )
            .order_by(Member.id)
        )
        accounts = await reachable(session, heads.all())
        return [(head, Outgoing(Channel(ch), chat, Reply(text))) for ch, chat, head in accounts]


async def _personal_member(
    session: AsyncSession, member_id: int | None, applicant: Applicant
) -> Member | None:
    """The member a personal invite was made for (the staff list import), who now gets this
    account: the name the Office imported stays; a missing position is taken from the
    applicant. ``None`` for an ordinary invite.

    Raises:
        InviteNotFound: The member left since the invite was made.
    """
    if member_id is None:
        return None
    member = await session.get(Member, member_id)
    if member is None or not member.active:
        raise errors.InviteNotFound
    if not member.position:
        member.position = applicant.position
    member.preferred_channel = member.preferred_channel or applicant.channel.value
    return member


async def _refuse_known_account(session: AsyncSession, applicant: Applicant) -> None:
    known = await session.scalar(
        select(ChannelAccount.id).where(
            ChannelAccount.channel == applicant.channel,
            ChannelAccount.external_id == applicant.user_id,
        )
    )
    if known is not None:
        raise errors.AlreadyRegistered


async def _office_unit(session: AsyncSession, code: str) -> Unit:
    unit = await session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise errors.UnknownUnit(code=code)
    return unit
