"""The composition root: builds the engine, services, router, channels and background jobs.

Only this module creates engines, clients and schedulers; everything else receives them.
Start order: migrate → open the database → sync units → router → channels → outbox worker and
scheduler. Stop order is the reverse.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import handlers
from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Settings
from bot.dialogs import DialogEngine
from bot.errors import InvalidSchedule
from bot.formatting import strip_html
from bot.plan_document import PlanFormatError
from bot.ports import Channel, Messenger
from bot.routing import BotIdentity, Router, Turn
from bot.services import Services
from bot.services.broadcasts.service import BroadcastService
from bot.services.common.audit import SYSTEM
from bot.services.conversation.choices import ChoiceService
from bot.services.conversation.dialog_states import DialogStateService
from bot.services.conversation.turn_cache import TurnCache
from bot.services.conversation.update_log import UpdateLog
from bot.services.delivery.channel_quota import ChannelQuotaService
from bot.services.delivery.outbox import OutboxService
from bot.services.delivery.send_calendar import SendCalendar
from bot.services.initiatives.export import InitiativeExportService
from bot.services.initiatives.review import ReviewService
from bot.services.initiatives.service import InitiativeService
from bot.services.leaderboards.charts import BoardChartService
from bot.services.leaderboards.periods import plan_file_years
from bot.services.leaderboards.posts import BoardPostService
from bot.services.leaderboards.service import LeaderboardService
from bot.services.nominations.export import NominationExportService
from bot.services.nominations.service import NominationService
from bot.services.people.invites import InviteService
from bot.services.people.linking import LinkingService
from bot.services.people.members import MemberService
from bot.services.people.registration import RegistrationService
from bot.services.people.units import UnitService
from bot.services.plans.coverage import PlanCoverageService
from bot.services.plans.service import PlanService
from bot.services.reminders.service import ReminderService
from bot.services.reports.export import ReportExportService
from bot.services.reports.review import ReportReviewService
from bot.services.reports.service import ReportService
from bot.texts import Texts
from models.db import create_engine, create_sessions, migrate
from scheduler import build_scheduler
from scheduler.broadcasts import BroadcastRunner
from scheduler.outbox import OutboxWorker
from scheduler.reminders import sync_jobs

logger = logging.getLogger(__name__)


@dataclass
class App:
    """A running core: database, services and router, plus the background work."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    services: Services
    updates: UpdateLog
    router: Router
    texts: Texts
    clock: Clock
    messengers: dict[Channel, Messenger] = field(default_factory=dict)
    worker: OutboxWorker | None = None
    runner: BroadcastRunner | None = None
    scheduler: AsyncIOScheduler | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start_background(self) -> None:
        """Start the outbox worker, the broadcast runner and the scheduler (after the channels
        are attached); fire reminders missed while the bot was down."""
        services, zone = self.services, self.settings.organisation.zone
        if self.settings.outbox.processes == 1:
            released = await services.outbox.release_claims()
            if released:
                logger.warning(
                    "%d messages in flight at the last stop will be sent again", released
                )
        self.worker = OutboxWorker(
            services.outbox,
            self.messengers,
            self.settings.outbox,
            self.clock,
            zalo=self.settings.zalo.outbox,
            quota=services.channel_quota,
            quiet_ok=services.broadcasts.quiet_allowed,
        )
        services.outbox.add_listener(self.worker.wake)
        services.channel_quota.add_listener(self.worker.wake)
        self.runner = BroadcastRunner(
            services.broadcasts,
            services.board_posts,
            self.messengers,
            self.texts,
            interval=self.settings.broadcasts.progress_seconds,
            wake_outbox=self.worker.wake,
        )
        services.broadcasts.add_listener(self.runner.wake)
        grace = timedelta(minutes=self.settings.broadcasts.reminder_grace_minutes)
        self.scheduler = build_scheduler(services, zone, grace)
        await services.reminders.catch_up()
        await sync_jobs(self.scheduler, services, zone, grace)
        services.reminders.add_listener(self._reminders_changed)
        self.scheduler.start()
        self._tasks = [
            asyncio.create_task(self.worker.run(), name="outbox"),
            asyncio.create_task(self.runner.run(), name="broadcasts"),
        ]

    def _reminders_changed(self) -> None:
        if self.scheduler is not None:
            self.scheduler.add_job(
                sync_jobs,
                args=(
                    self.scheduler,
                    self.services,
                    self.settings.organisation.zone,
                    timedelta(minutes=self.settings.broadcasts.reminder_grace_minutes),
                ),
            )

    async def close(self) -> None:
        """Stop background work, write what is pending, and close the database."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.runner is not None:
            self.runner.stop()
        if self.worker is not None:
            self.worker.stop()
        if self._tasks:
            await asyncio.gather(*self._tasks)
        await self.updates.flush()
        await self.engine.dispose()


async def open_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    texts: Texts | None = None,
    run_migrations: bool = True,
) -> App:
    """Migrate the database, build every service and the router, and sync the units."""
    clock = clock or SystemClock()
    texts = texts or Texts.load()
    if run_migrations:
        await migrate(settings.database.url)
    engine = create_engine(settings.database.url, echo=settings.database.echo)
    sessions = create_sessions(engine)
    cache = TurnCache(clock)
    outbox = OutboxService(
        sessions, clock, cache, lease=timedelta(seconds=settings.outbox.lease_seconds), texts=texts
    )
    updates = UpdateLog(sessions, clock)
    await updates.load()
    dialog_states = DialogStateService(sessions, clock, texts, outbox, cache)
    zone = settings.organisation.zone
    broadcasts = BroadcastService(
        sessions,
        clock,
        texts,
        SendCalendar(settings.calendar, zone),
        zone=zone,
        progress_every=timedelta(seconds=settings.broadcasts.progress_seconds),
    )
    plan_coverage = PlanCoverageService(
        sessions,
        clock,
        texts,
        outbox,
        nudge_cooldown=timedelta(minutes=settings.plan.nudge_cooldown_minutes),
    )
    leaderboards = LeaderboardService(
        sessions,
        clock,
        settings.scoring,
        texts=texts,
        zone=zone,
        plan_years=plan_file_years(settings.plan.path),
    )
    board_charts = BoardChartService(
        leaderboards,
        texts,
        clock,
        organisation=settings.organisation.name,
        zone=zone,
        sessions=sessions,
        coverage=plan_coverage,
    )
    services = Services(
        members=MemberService(sessions, clock, cache, updates),
        invites=InviteService(sessions, clock),
        registration=RegistrationService(
            sessions, clock, texts, outbox, cache, office_unit=settings.organisation.office_unit
        ),
        units=UnitService(sessions, clock),
        dialog_states=dialog_states,
        outbox=outbox,
        # The Zalo channel counts its sends here (its messenger's SendCounter).
        channel_quota=ChannelQuotaService(
            sessions, clock, texts, zone=zone, quotas={Channel.ZALO: settings.zalo.outbox}
        ),
        plans=PlanService(sessions, clock, texts, outbox),
        plan_coverage=plan_coverage,
        initiatives=InitiativeService(
            sessions,
            clock,
            texts,
            outbox,
            zone=settings.organisation.zone,
            daily_cap=settings.initiatives.daily_cap,
        ),
        reviews=ReviewService(sessions, clock, texts, outbox),
        nominations=NominationService(
            sessions,
            clock,
            texts,
            outbox,
            awards=settings.awards,
            zone=settings.organisation.zone,
            announcement_chat=settings.announcements.chat,
        ),
        initiative_export=InitiativeExportService(
            sessions, clock, zone=settings.organisation.zone
        ),
        nomination_export=NominationExportService(sessions, zone=settings.organisation.zone),
        report_export=ReportExportService(sessions, zone=settings.organisation.zone),
        # Reminding report-less units shares the plan nudge's cooldown: both are Office nudges.
        reports=ReportService(sessions, clock, texts, outbox, zone=settings.organisation.zone),
        report_review=ReportReviewService(
            sessions,
            clock,
            texts,
            outbox,
            remind_cooldown=timedelta(minutes=settings.plan.nudge_cooldown_minutes),
        ),
        broadcasts=broadcasts,
        reminders=ReminderService(
            sessions,
            clock,
            texts,
            broadcasts,
            zone=zone,
            grace=timedelta(minutes=settings.broadcasts.reminder_grace_minutes),
        ),
        leaderboards=leaderboards,
        board_charts=board_charts,
        board_posts=BoardPostService(
            sessions,
            clock,
            texts,
            leaderboards,
            board_charts,
            announcement_chat=settings.announcements.chat,
            zone=zone,
        ),
        choices=ChoiceService(sessions, clock),
        linking=LinkingService(sessions, clock, texts, outbox, cache),
    )
    await services.units.sync(settings.units, actor=SYSTEM)
    try:
        await services.reminders.sync_defaults(settings.reminders)
    except InvalidSchedule:
        await engine.dispose()
        raise ConfigError("reminders: a cron expression is not valid") from None
    try:
        await services.plans.load_default(settings.plan.path)
    except PlanFormatError as problem:
        await engine.dispose()
        reason = strip_html(texts.t(problem.key, line=problem.line, **problem.params))
        raise ConfigError(f"plan.file: {settings.plan.path}: {reason}") from None
    dialogs: DialogEngine[Turn] = DialogEngine(
        handlers.dialogs(),
        dialog_states,
        texts,
        clock,
        timeout=timedelta(minutes=settings.dialogs.timeout_minutes),
        zone=zone,
    )
    messengers: dict[Channel, Messenger] = {}
    router = Router(
        handlers.route_table(),
        services,
        texts,
        settings,
        clock,
        dialogs,
        BotIdentity(),
        files=messengers,  # filled as channels attach; messengers also download files
    )
    return App(settings, engine, sessions, services, updates, router, texts, clock, messengers)
