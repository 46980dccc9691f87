"""Nominations of outstanding examples (đề nghị khen thưởng): submitting, reviewing up to the
council's recommendation, and reading them (DESIGN §3.4). Decisions are
:mod:`bot.services.decisions`.

The values and the history, ledger and notice rows live in
:mod:`bot.services.nominations.records`; the lists and look-ups for handlers in
:mod:`bot.services.nominations.queries`. Every public method is one transaction.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config import NominationSettings
from bot.config_awards import Award
from bot.dialog_spec import Draft
from bot.domain import NominationState, NomineeKind, Track
from bot.services.common import MemberView, next_number
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.nominations import checks
from bot.services.nominations.browse import Listing, NominationBrowse
from bot.services.nominations.checks import LiveNomination
from bot.services.nominations.public_window import refuse_held
from bot.services.nominations.queries import NominationQueries
from bot.services.nominations.records import (
    NAME_MAX,
    SUMMARY_MAX,
    NominationDraft,
    NominationView,
    Nominee,
    load_view,
    notify_change,
)
from bot.services.nominations.workflow import (
    BY_DECISION,
    BY_SESSION,
    FLOW,
    TRANSITIONS,
    Action,
)
from bot.services.workflow import Change
from bot.texts import Texts
from models import Nomination, NominationInitiative, Unit


class NominationService(NominationQueries, NominationBrowse):
    """Submitting, reviewing and reading nominations."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        awards: tuple[Award, ...],
        zone: ZoneInfo,
        years: NominationSettings,
    ) -> None:
        super().__init__(sessions, awards)
        self._listing = Listing()
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone
        self._years = years

    async def submit(
        self, nominator: MemberView, draft: NominationDraft, *, dialog: Draft | None = None
    ) -> NominationView:
        """Check the draft, give it its code ``DC-<year>-<nnnn>`` and record it as submitted.

        Raises:
            NotAllowed: Not a unit head of the nominating unit, nor the Office or an admin.
            AwardMismatch: The award is unknown, or not for this track or kind of nominee.
            TitleByVoteList: The award is an emulation title: a unit's vote list proposes it.
            InvalidNomination: The summary, the typed name, the movement or the year (this year
                or the last) is not acceptable.
            NomineeNotInUnit: The member nominee is not an active member of the unit.
            DuplicateNomination: The nominee already has this award pending or granted for the
                same year of achievement.
            InitiativeNotEligible: A cited initiative is not recognised or not the nominee's.
        """
        nominee = draft.nominee
        checks.may_nominate(nominator, nominee.unit_id)
        award = self._award(draft.award_code)
        if award is None or draft.track not in award.tracks:
            raise errors.AwardMismatch
        if award.kind == "title":
            raise errors.TitleByVoteList(award=award.name)
        if award.applies_to not in checks.FITS[nominee.kind]:
            raise errors.AwardMismatch
        summary = draft.summary.strip()
        typed = " ".join(nominee.name.split())
        if not 1 <= len(summary) <= SUMMARY_MAX:
            raise errors.InvalidNomination
        if nominee.kind is NomineeKind.PERSON and not 1 <= len(typed) <= NAME_MAX:
            raise errors.InvalidNomination
        now = self._clock.now()
        filed = now.astimezone(self._zone).year
        year = self._achieved(draft.year)
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
                code=f"DC-{filed}-{await next_number(session, f'DC-{filed}'):04d}",
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
        self, nominator: MemberView, nominee: Nominee, award_code: str, year: int | None = None
    ) -> LiveNomination | None:
        """The live nomination of ``nominee`` for the award for the same year of achievement,
        which :meth:`submit` would refuse to repeat, or ``None``: for dialogs to say so as soon
        as both are chosen.

        Raises:
            NotAllowed: As :meth:`submit`.
            NomineeNotInUnit: The member nominee is not an active member of the unit.
            InvalidNomination: The year is neither this year nor the last.
        """
        checks.may_nominate(nominator, nominee.unit_id)
        year = self._achieved(year)
        async with self._sessions.begin() as session:
            unit = await session.get(Unit, nominee.unit_id)
            if unit is None:
                return None
            _, key = await checks.identify(session, nominee, unit, " ".join(nominee.name.split()))
            return await checks.live_nomination(session, year, award_code, key)

    def year_choices(self) -> tuple[int, int]:
        """The years of achievement a nomination may be for, the one proposed first first:
        last year until ``[nominations] last_year_until``, then this year."""
        today = self._clock.now().astimezone(self._zone).date()
        first = self._years.default_year(today)
        return first, today.year if first != today.year else today.year - 1

    def _achieved(self, year: int | None) -> int:
        """The year of achievement: as chosen (this year or the last), or this year."""
        this = self._clock.now().astimezone(self._zone).year
        if year is None:
            return this
        if year not in (this, this - 1):
            raise errors.InvalidNomination
        return year

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

        The decision steps and revoking are not taken here (:mod:`bot.services.decisions`).

        Raises:
            NominationNotFound: No such nomination.
            NotAllowed: The actor's role (or not being the nominator) does not allow it.
            OwnNomination: The actor would judge a nomination they have a stake in.
            NominationAlreadyHandled: Someone changed it after the actor saw it.
            NominationIllegalTransition: Its state is not one the action starts from.
            ReasonRequired: The action needs a reason and none was given.
            DecidedBySession: Recommending or rejecting an item whose award a council
                session decides (its vote threshold is set).
            NotListedYet: Sent to the council when its award needs a public listing first.
            ListingWindowOpen: Sent to the council while its listing takes objections.
        """
        step, reason = FLOW.step(action, reason)
        if action in (*BY_DECISION, Action.REVOKE):
            raise errors.NominationIllegalTransition
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            checks.may_act(step, actor, item)
            if action in BY_SESSION and self.by_session(item.award_code):
                raise errors.DecidedBySession
            if action is Action.SEND_TO_COUNCIL and item.state in step.sources:
                today = now.astimezone(self._zone).date()
                await refuse_held(session, today, self._awards, [item])
            change = Change.by(actor, now, reason)
            await FLOW.advance(session, item, step, change, seen_version=seen_version)
            view = await load_view(session, item.id)
            await notify_change(session, self._texts, view, reason, now, skip=actor.id)
            done = "dialog.done.again.nomination_review"
            await drafts.close(session, dialog, done, at=now, code=view.code)
        self._outbox.notify()
        return view
