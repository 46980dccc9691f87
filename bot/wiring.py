"""The services, wired: what :func:`bot.app.open_app` builds once and hands to the router.

One small function per feature, each taking the shared :class:`Parts`; only the composition
root calls :func:`build_services`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.documents import Letterhead, TemplateStore
from bot.exports.rewards import reward_workbook
from bot.ports import Channel, Messenger
from bot.services import Services
from bot.services.broadcasts import BroadcastService
from bot.services.common import TurnCache
from bot.services.conversation import ChoiceService, DialogStateService, TurnLock, UpdateLog
from bot.services.councils import CouncilService, SessionService
from bot.services.decisions import DecisionNotices, DecisionService
from bot.services.delivery import (
    ChannelQuotaService,
    ChatStateService,
    OutboxService,
    QuotaLimits,
    ReplyWindowService,
    SendCalendar,
)
from bot.services.documents import MAKERS, Catalogue, DocumentService
from bot.services.files import FileService
from bot.services.inbox import (
    InboxNoticeService,
    InboxService,
    Waiting,
    for_councils,
    for_sessions,
)
from bot.services.initiatives import (
    EvaluationService,
    InitiativeExportService,
    InitiativeService,
    ReviewService,
)
from bot.services.leaderboards import (
    BoardChartService,
    BoardPostService,
    LeaderboardService,
    plan_file_years,
)
from bot.services.listings import ListingNotices, ListingService
from bot.services.milestones import MilestoneService
from bot.services.nominations import NominationExportService, NominationService
from bot.services.oa_tokens import OaTokenService
from bot.services.people import (
    DirectoryService,
    InviteService,
    LinkingService,
    MemberChangeService,
    MemberService,
    PersonnelService,
    RegistrationService,
    RosterService,
    StaffImportService,
    UnitChangeService,
    UnitService,
)
from bot.services.plans import PeriodService, PlanCoverageService, PlanService
from bot.services.registrations import TargetNotices, TargetRegistrationService
from bot.services.reminders import ReminderService
from bot.services.reports import ReportExportService, ReportReviewService, ReportService
from bot.services.statistics import StatisticsService
from bot.services.vote_lists import VoteListService
from bot.services.web_access import WebAccessService
from bot.texts import Texts
from models.db import POOL_OVERFLOW, POOL_SIZE


@dataclass(frozen=True, slots=True)
class Parts:
    """What most services are built from."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    texts: Texts
    cache: TurnCache
    outbox: OutboxService

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone."""
        return self.settings.organisation.zone

    @property
    def nudge_cooldown(self) -> timedelta:
        """How long after a nudge the Office may nudge the same people again."""
        return timedelta(minutes=self.settings.plan.nudge_cooldown_minutes)


def _turn_lock(parts: Parts, updates: UpdateLog, *, postgres: bool) -> TurnLock:
    """A turn holds a lock connection and uses at most one more at a time for its work: half
    the pool for the locks leaves the other half for that work, so turns never starve it."""
    slots = (POOL_SIZE + POOL_OVERFLOW) // 2
    return TurnLock(parts.sessions, parts.clock, updates, postgres=postgres, slots=slots)


def build_services(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    texts: Texts,
    updates: UpdateLog,
    channels: Mapping[Channel, Messenger],
) -> Services:
    """Every service, each built once; ``channels`` fills as the channels start."""
    postgres = settings.database.url.startswith("postgresql")
    # Several processes may serve a PostgreSQL database: a cached member would go stale there.
    cache = TurnCache(clock, ttl=timedelta(0) if postgres else timedelta(seconds=60))
    lease = timedelta(seconds=settings.outbox.lease_seconds)
    outbox = OutboxService(sessions, clock, cache, lease=lease, texts=texts)
    parts = Parts(settings, sessions, clock, texts, cache, outbox)
    plans, coverage = PlanService(sessions, clock, texts, outbox), _coverage(parts)
    broadcasts = _broadcasts(parts)
    reminders = _reminders(parts, broadcasts)
    leaderboards = _leaderboards(parts)
    charts = _charts(parts, leaderboards, coverage)
    turns = _turn_lock(parts, updates, postgres=postgres)
    return Services(
        members=MemberService(sessions, clock, cache, turns),
        invites=InviteService(sessions, clock),
        registration=_registration(parts),
        units=UnitService(sessions, clock),
        unit_changes=UnitChangeService(
            sessions,
            clock,
            cache,
            texts=texts,
            outbox=outbox,
            zone=parts.zone,
            kinds=frozenset(kind.code for kind in settings.unit_kinds),
        ),
        roster=RosterService(sessions),
        member_changes=MemberChangeService(
            sessions,
            clock,
            cache,
            texts=texts,
            outbox=outbox,
            zone=parts.zone,
            moved_items=settings.people.moved_items,
        ),
        personnel=PersonnelService(sessions, clock),
        dialog_states=DialogStateService(sessions, clock, texts, outbox),
        outbox=outbox,
        channel_quota=_channel_quota(parts),
        reply_windows=ReplyWindowService(sessions, cache),
        chat_states=_chat_states(parts),
        plans=plans,
        plan_coverage=coverage,
        periods=PeriodService(sessions),
        initiatives=_initiatives(parts),
        reviews=ReviewService(
            sessions,
            clock,
            texts,
            outbox,
            zone=parts.zone,
            certificate_format=settings.initiatives.certificate_format,
            initiative_councils=tuple(c.code for c in settings.councils if c.kind == "initiative"),
        ),
        evaluations=EvaluationService(
            sessions,
            clock,
            conditions=settings.initiatives.conditions,
            councils=settings.councils,
        ),
        initiative_export=InitiativeExportService(sessions, clock, zone=parts.zone),
        nominations=_nominations(parts),
        nomination_export=NominationExportService(
            sessions, zone=parts.zone, merit_tracks=frozenset(settings.nominations.merit_tracks)
        ),
        targets=_targets(parts),
        decisions=_decisions(parts),
        listings=_listings(parts, broadcasts),
        vote_lists=_vote_lists(parts),
        councils=CouncilService(sessions, clock, councils=settings.councils),
        council_sessions=SessionService(
            sessions,
            clock,
            texts,
            outbox,
            councils=settings.councils,
            awards=settings.awards,
            zone=parts.zone,
        ),
        reports=ReportService(sessions, clock, texts, outbox, zone=parts.zone),
        # Reminding report-less units shares the plan nudge's cooldown: both are Office nudges.
        report_review=ReportReviewService(
            sessions, clock, texts, outbox, remind_cooldown=parts.nudge_cooldown
        ),
        report_export=ReportExportService(sessions, zone=parts.zone),
        broadcasts=broadcasts,
        reminders=reminders,
        milestones=_milestones(parts, reminders),
        leaderboards=leaderboards,
        board_charts=charts,
        board_posts=_board_posts(parts, leaderboards, charts),
        choices=ChoiceService(sessions, clock),
        inbox=InboxService(sessions, clock, _waiting(settings)),
        inbox_notices=_inbox_notices(parts),
        linking=LinkingService(sessions, clock, texts, outbox, cache),
        oa_tokens=OaTokenService(sessions, clock, outbox),
        directory=DirectoryService(sessions),
        staff_import=StaffImportService(sessions, clock, days=settings.invites.default_days),
        web_access=WebAccessService(
            sessions,
            clock,
            link_minutes=settings.web.link_minutes,
            session_hours=settings.web.session_hours,
        ),
        documents=_documents(parts),
        files=FileService(sessions, clock, channels),
        statistics=StatisticsService(sessions, awards=settings.awards),
    )


def _documents(parts: Parts) -> DocumentService:
    """The dossier's documents: every maker of the registry, the Office's templates first."""
    settings = parts.settings
    catalogue = Catalogue(
        letterhead=Letterhead.of(settings.documents, settings.organisation.name),
        rewards=settings.rewards,
        awards=settings.awards,
        authorities=settings.authorities,
        councils=settings.councils,
    )
    return DocumentService(
        parts.sessions,
        parts.clock,
        parts.texts,
        makers=MAKERS,
        store=TemplateStore(settings.documents.templates_dir),
        catalogue=catalogue,
        zone=parts.zone,
        reward_sheet=lambda rewards, now: reward_workbook(
            rewards,
            parts.texts,
            organisation=settings.organisation.name,
            generated=now.astimezone(parts.zone),  # the accountant's time, as other lists
        ),
    )


def _waiting(settings: Settings) -> tuple[Waiting, ...]:
    """What waits for whom, with the awards a council session decides left to the sessions
    and the initiative councils whose seated members evaluate."""
    waiting = for_sessions(frozenset(a.code for a in settings.awards if a.vote_threshold))
    return for_councils(_initiative_councils(settings), waiting)


def _initiative_councils(settings: Settings) -> frozenset[str]:
    """The codes of the councils of kind ``initiative`` (``[[councils]]``)."""
    return frozenset(c.code for c in settings.councils if c.kind == "initiative")


def _inbox_notices(parts: Parts) -> InboxNoticeService:
    settings = parts.settings
    return InboxNoticeService(
        parts.sessions,
        parts.clock,
        parts.texts,
        parts.outbox,
        settings=settings.inbox,
        calendar=settings.calendar,
        zone=parts.zone,
        grace=timedelta(minutes=settings.broadcasts.reminder_grace_minutes),
        waiting=_waiting(settings),
    )


def _registration(parts: Parts) -> RegistrationService:
    office = parts.settings.organisation.office_unit
    return RegistrationService(
        parts.sessions, parts.clock, parts.texts, parts.outbox, parts.cache, office_unit=office
    )


def _channel_quota(parts: Parts) -> ChannelQuotaService:
    # The Zalo channel counts its sends here (its messenger's SendCounter); the outbox worker
    # counts the Zalo OA's proactive messages (those sent outside a reply window). The Bot
    # Platform's plan also has a number of people per bot.
    quotas: dict[Channel, QuotaLimits] = {
        Channel.ZALO: parts.settings.zalo.outbox,
        Channel.ZALO_OA: parts.settings.zalo_oa.outbox,
    }
    users = {Channel.ZALO: parts.settings.zalo.outbox}
    return ChannelQuotaService(
        parts.sessions, parts.clock, parts.texts, zone=parts.zone, quotas=quotas, users=users
    )


def _coverage(parts: Parts) -> PlanCoverageService:
    return PlanCoverageService(
        parts.sessions, parts.clock, parts.texts, parts.outbox, nudge_cooldown=parts.nudge_cooldown
    )


def _initiatives(parts: Parts) -> InitiativeService:
    settings = parts.settings
    return InitiativeService(
        parts.sessions,
        parts.clock,
        parts.texts,
        parts.outbox,
        zone=parts.zone,
        daily_cap=settings.initiatives.daily_cap,
        initiative_councils=tuple(c.code for c in settings.councils if c.kind == "initiative"),
    )


def _nominations(parts: Parts) -> NominationService:
    return NominationService(
        parts.sessions,
        parts.clock,
        parts.texts,
        parts.outbox,
        awards=parts.settings.awards,
        zone=parts.zone,
        years=parts.settings.nominations,
    )


def _targets(parts: Parts) -> TargetRegistrationService:
    settings = parts.settings
    return TargetRegistrationService(
        parts.sessions,
        parts.clock,
        parts.outbox,
        TargetNotices(parts.texts),
        awards=settings.awards,
        settings=settings.registration,
        zone=parts.zone,
    )


def _vote_lists(parts: Parts) -> VoteListService:
    settings = parts.settings
    return VoteListService(
        parts.sessions,
        parts.clock,
        parts.texts,
        awards=settings.awards,
        zone=parts.zone,
        years=settings.nominations,
        unregistered_blocks=settings.registration.unregistered == "refuse",
    )


def _decisions(parts: Parts) -> DecisionService:
    settings = parts.settings
    return DecisionService(
        parts.sessions,
        parts.clock,
        parts.outbox,
        DecisionNotices(parts.texts, parts.zone),
        awards=settings.awards,
        authorities=settings.authorities,
        merit_tracks=frozenset(settings.nominations.merit_tracks),
        announcement_chat=settings.announcements.chat,
    )


def _listings(parts: Parts, broadcasts: BroadcastService) -> ListingService:
    settings = parts.settings
    return ListingService(
        parts.sessions,
        parts.clock,
        parts.outbox,
        broadcasts,
        ListingNotices(parts.texts),
        SendCalendar(settings.calendar, parts.zone),
        awards=settings.awards,
        default_days=settings.listing.default_days,
        zone=parts.zone,
        announcement_chat=settings.announcements.chat,
    )


def _broadcasts(parts: Parts) -> BroadcastService:
    settings = parts.settings
    return BroadcastService(
        parts.sessions,
        parts.clock,
        parts.texts,
        SendCalendar(settings.calendar, parts.zone),
        zone=parts.zone,
        progress_every=timedelta(seconds=settings.broadcasts.progress_seconds),
        initiative_councils=tuple(sorted(_initiative_councils(settings))),
        max_text=settings.broadcasts.max_text,
    )


def _reminders(parts: Parts, broadcasts: BroadcastService) -> ReminderService:
    grace = timedelta(minutes=parts.settings.broadcasts.reminder_grace_minutes)
    return ReminderService(
        parts.sessions, parts.clock, parts.texts, broadcasts, zone=parts.zone, grace=grace
    )


def _milestones(parts: Parts, reminders: ReminderService) -> MilestoneService:
    return MilestoneService(
        parts.sessions,
        parts.clock,
        parts.texts,
        reminders,
        milestones=parts.settings.milestones,
        zone=parts.zone,
    )


def _leaderboards(parts: Parts) -> LeaderboardService:
    settings = parts.settings
    return LeaderboardService(
        parts.sessions,
        parts.clock,
        settings.scoring,
        texts=parts.texts,
        zone=parts.zone,
        plan_years=plan_file_years(settings.plan.path),
    )


def _charts(
    parts: Parts, leaderboards: LeaderboardService, coverage: PlanCoverageService
) -> BoardChartService:
    return BoardChartService(
        leaderboards,
        parts.texts,
        parts.clock,
        organisation=parts.settings.organisation.name,
        zone=parts.zone,
        sessions=parts.sessions,
        coverage=coverage,
    )


def _board_posts(
    parts: Parts, leaderboards: LeaderboardService, charts: BoardChartService
) -> BoardPostService:
    return BoardPostService(
        parts.sessions,
        parts.clock,
        parts.texts,
        leaderboards,
        charts,
        announcement_chat=parts.settings.announcements.chat,
        zone=parts.zone,
    )


def _chat_states(parts: Parts) -> ChatStateService:
    """The Office hears when the bot leaves or is back in the announcement chat."""
    chat = parts.settings.announcements.chat
    watched = () if chat is None else ((Channel(chat.channel), str(chat.id)),)
    return ChatStateService(parts.sessions, parts.clock, parts.cache, parts.texts, watched=watched)
