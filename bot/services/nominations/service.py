"""Nominations of outstanding examples (đề nghị khen thưởng): submitting, reviewing,
announcing (công khai) and reading them (DESIGN §3.4).

The values and the history, ledger and notice rows live in
:mod:`bot.services.nominations.records`; the lists and look-ups for handlers in
:mod:`bot.services.nominations.queries`. Every public method is one transaction.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award
from bot.config_organisation import ChatTarget
from bot.dialog_spec import Draft
from bot.domain import NominationState, NomineeKind, Track
from bot.ports import Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services import workflow
from bot.services.common import MemberView, audit, is_postgres, next_number
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService, outbox
from bot.services.nominations import checks
from bot.services.nominations.checks import LiveNomination
from bot.services.nominations.queries import NominationQueries
from bot.services.nominations.records import (
    NAME_MAX,
    SUMMARY_MAX,
    NominationDraft,
    NominationView,
    Nominee,
    load_view,
    notify_change,
    write_ledger,
)
from bot.services.nominations.workflow import FLOW, TRANSITIONS, Action
from bot.services.workflow import Change
from bot.texts import Texts
from models import Member, Nomination, NominationInitiative, Unit


class NominationService(NominationQueries):
    """Submitting, reviewing, announcing and reading nominations."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        awards: tuple[Award, ...],
        zone: ZoneInfo,
        announcement_chat: ChatTarget | None = None,
    ) -> None:
        super().__init__(sessions, awards)
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone
        self._chat = announcement_chat

    async def submit(
        self, nominator: MemberView, draft: NominationDraft, *, dialog: Draft | None = None
    ) -> NominationView:
        """Check the draft, give it its code ``DC-<year>-<nnnn>`` and record it as submitted.

        Raises:
            NotAllowed: Not a unit head of the nominating unit, nor the Office or an admin.
            AwardMismatch: The award is unknown, or not for this track or kind of nominee.
            InvalidNomination: The summary, the typed name or the movement is not acceptable.
            NomineeNotInUnit: The member nominee is not an active member of the unit.
            DuplicateNomination: The nominee already has this award pending or granted this year.
            InitiativeNotEligible: A cited initiative is not recognised or not the nominee's.
        """
        nominee = draft.nominee
        checks.may_nominate(nominator, nominee.unit_id)
        award = self._award(draft.award_code)
        if award is None or draft.track not in award.tracks:
            raise errors.AwardMismatch
        if award.applies_to not in checks.FITS[nominee.kind]:
            raise errors.AwardMismatch
        summary = draft.summary.strip()
        typed = " ".join(nominee.name.split())
        if not 1 <= len(summary) <= SUMMARY_MAX:
            raise errors.InvalidNomination
        if nominee.kind is NomineeKind.PERSON and not 1 <= len(typed) <= NAME_MAX:
            raise errors.InvalidNomination
        now = self._clock.now()
        year = now.astimezone(self._zone).year
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            unit = await session.get(Unit, nominee.unit_id)
            if unit is None:
                raise errors.InvalidNomination
            name, key = await checks.identify(session, nominee, unit, typed)
            movement_id = await checks.movement_of(session, draft)
            await checks.refuse_duplicate(session, year, award.code, key)
            await self.check_cited(session, draft)
            item = Nomination(
                code=f"DC-{year}-{await next_number(session, f'DC-{year}'):04d}",
                year=year,
                track=draft.track,
                movement_id=movement_id,
                unit_id=unit.id,
                nominator_id=nominator.id,
                nominee_kind=nominee.kind,
                nominee_member_id=nominee.member_id
                if nominee.kind is NomineeKind.MEMBER
                else None,
                nominee_name=name,
                nominee_key=key,
                award_code=award.code,
                award_name=award.name,
                summary=summary,
                state=NominationState.SUBMITTED,
                submitted_at=now,
                updated_at=now,
            )
            session.add(item)
            await session.flush()
            session.add_all(
                NominationInitiative(nomination_id=item.id, initiative_id=i)
                for i in sorted(set(draft.initiative_ids))
            )
            await FLOW.attach(session, item.id, draft.files, now)
            FLOW.record(session, item, "draft", Change.by(nominator, now))
            await drafts.close(session, dialog, "dialog.done.nomination", at=now, code=item.code)
            return await load_view(session, item.id)

    async def live_duplicate(
        self, nominator: MemberView, nominee: Nominee, award_code: str
    ) -> LiveNomination | None:
        """The live nomination this year of ``nominee`` for the award, which :meth:`submit`
        would refuse to repeat, or ``None``: for dialogs to say so as soon as both are chosen.

        Raises:
            NotAllowed: As :meth:`submit`.
            NomineeNotInUnit: The member nominee is not an active member of the unit.
        """
        checks.may_nominate(nominator, nominee.unit_id)
        year = self._clock.now().astimezone(self._zone).year
        async with self._sessions.begin() as session:
            unit = await session.get(Unit, nominee.unit_id)
            if unit is None:
                return None
            _, key = await checks.identify(session, nominee, unit, " ".join(nominee.name.split()))
            return await checks.live_nomination(session, year, award_code, key)

    async def resubmit(
        self,
        nominator: MemberView,
        item_id: int,
        summary: str,
        initiative_ids: tuple[int, ...] = (),
        *,
        dialog: Draft | None = None,
    ) -> NominationView:
        """Replace a returned nomination's summary and cited initiatives and send it back.

        Raises:
            NominationNotFound: No such nomination of this nominator.
            NominationIllegalTransition: It is not returned.
            InvalidNomination: The summary is empty or too long.
            InitiativeNotEligible: A cited initiative is not the nominee's recognised one.
            NominationAlreadyHandled: It changed meanwhile.
        """
        summary = summary.strip()
        if not 1 <= len(summary) <= SUMMARY_MAX:
            raise errors.InvalidNomination
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await session.get(Nomination, item_id)
            if item is None or item.nominator_id != nominator.id:
                raise errors.NominationNotFound
            if item.state != NominationState.RETURNED:
                raise errors.NominationIllegalTransition
            nominee = Nominee(
                NomineeKind(item.nominee_kind),
                item.unit_id,
                member_id=item.nominee_member_id,
                name=item.nominee_name,
            )
            draft = NominationDraft(
                Track(item.track), nominee, item.award_code, summary, "", initiative_ids
            )
            await self.check_cited(session, draft)
            change = Change.by(nominator, now)
            step = TRANSITIONS[Action.RESUBMIT]
            await FLOW.advance(session, item, step, change, values={"summary": summary})
            await session.execute(
                delete(NominationInitiative).where(NominationInitiative.nomination_id == item.id)
            )
            session.add_all(
                NominationInitiative(nomination_id=item.id, initiative_id=i)
                for i in sorted(set(initiative_ids))
            )
            done = "dialog.done.again.nomination_resubmitted"
            await drafts.close(session, dialog, done, at=now, code=item.code)
            return await load_view(session, item.id)

    async def act(
        self,
        actor: MemberView,
        item_id: int,
        action: Action,
        *,
        reason: str = "",
        seen_version: int | None = None,
        dialog: Draft | None = None,
    ) -> NominationView:
        """Take ``action`` on a nomination, if the actor's role and its state allow it.

        Announcing is not a per-item action: use :meth:`announce`.

        Raises:
            NominationNotFound: No such nomination.
            NotAllowed: The actor's role (or not being the nominator) does not allow it.
            OwnNomination: The actor would judge a nomination they have a stake in.
            NominationAlreadyHandled: Someone changed it after the actor saw it.
            NominationIllegalTransition: Its state is not one the action starts from.
            ReasonRequired: The action needs a reason and none was given.
        """
        step, reason = FLOW.step(action, reason)
        if action is Action.ANNOUNCE:
            raise errors.NominationIllegalTransition
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            checks.may_act(step, actor, item)
            change = Change.by(actor, now, reason)
            before = await FLOW.advance(session, item, step, change, seen_version=seen_version)
            await write_ledger(session, item, now)
            view = await load_view(session, item.id)
            await notify_change(session, self._texts, view, reason, now, skip=actor.id)
            if view.state is NominationState.REVOKED and before == NominationState.ANNOUNCED:
                await self._tell_office(session, view, reason, now, skip=actor.id)
            done = "dialog.done.again.nomination_review"
            await drafts.close(session, dialog, done, at=now, code=view.code)
        self._outbox.notify()
        return view

    async def announce(self, actor: MemberView) -> int:
        """Announce every approved nomination at once (công khai); return how many.

        One message lists the names, units and awards (ad-hoc ones marked) and goes to the
        announcement chat, if configured, and to every active member.

        Raises:
            NotAllowed: Only the Office and admins announce.
        """
        if actor.role not in OFFICE:
            raise errors.NotAllowed
        now = self._clock.now()
        who = audit.Actor(actor.full_name, actor.id)
        async with self._sessions.begin() as session:
            query = (
                select(Nomination)
                .where(Nomination.state == NominationState.APPROVED)
                .order_by(Nomination.code)
            )
            if is_postgres(session):
                query = query.with_for_update()
            items = list(await session.scalars(query))
            if not items:
                return 0
            units: dict[int, str] = dict((await session.execute(select(Unit.id, Unit.name))).all())
            for item in items:
                item.state = NominationState.ANNOUNCED
                item.version += 1
                item.updated_at = item.announced_at = now
            await session.flush()
            for item in items:
                FLOW.record(session, item, NominationState.APPROVED, Change(who, now))
                view = await load_view(session, item.id)
                await notify_change(session, self._texts, view, "", now, skip=actor.id)
            # One reply, however long: each channel's messenger splits it at its own limit.
            listing = Reply(self._announcement(items, units))
            if self._chat is not None:
                target = Channel(self._chat.channel)
                outbox.enqueue(
                    session, [Outgoing(target, self._chat.id, listing, is_group=True)], now=now
                )
            everyone = await session.scalars(select(Member.id).where(Member.active.is_(True)))
            await workflow.tell(session, everyone, [listing], now)
            audit.record(
                session,
                at=now,
                actor=who,
                action="nomination.announce",
                entity="nomination",
                entity_id=",".join(i.code for i in items),
                after={"count": len(items)},
            )
        self._outbox.notify()
        return len(items)

    def _announcement(self, items: list[Nomination], units: dict[int, str]) -> str:
        lines = [self._texts.t("nomination.announce.header", count=len(items))]
        for number, item in enumerate(items, start=1):
            unit = units.get(item.unit_id, "")
            line = (
                self._texts.t(
                    "nomination.announce.collective",
                    number=number,
                    unit=unit,
                    award=item.award_name,
                )
                if item.nominee_kind == NomineeKind.COLLECTIVE
                else self._texts.t(
                    "nomination.announce.line",
                    number=number,
                    name=item.nominee_name,
                    unit=unit,
                    award=item.award_name,
                )
            )
            if item.track == Track.ADHOC:
                line += " " + self._texts.t("nomination.announce.adhoc")
            lines.append(line)
        return "\n".join(lines)

    async def _tell_office(
        self, session: AsyncSession, view: NominationView, reason: str, now: datetime, *, skip: int
    ) -> None:
        office = await session.scalars(
            select(Member.id).where(Member.active.is_(True), Member.role.in_(list(OFFICE)))
        )
        text = self._texts.t(
            "nomination.notice.revoked_office",
            code=view.code,
            name=view.nominee_name,
            award=view.award_name,
            reason=reason,
        )
        people = [m for m in office if m not in (skip, view.nominator_id)]
        await workflow.tell(session, people, [Reply(text)], now)
