"""The composition root: builds the engine, services, router, channels and background jobs.

Only this module creates engines, clients and schedulers; everything else receives them.
Start order: migrate → open the database → build the services (:mod:`bot.wiring`) → load what
the configuration names (units, default reminders, the plan) → router → channels (attached by
the caller) → release the last stop's claims → outbox worker → broadcast runner → catch up
missed reminders and start the scheduler (on PostgreSQL, once this process leads the
schedulers). A process of one ``--role`` starts only its part. Stop order is the reverse.
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
from bot.metrics import Metrics
from bot.plan_document import PlanFormatError
from bot.ports import Channel, Messenger
from bot.process_roles import ProcessRole
from bot.routing import Router
from bot.services import Services
from bot.services.common import SYSTEM
from bot.services.conversation import UpdateLog
from bot.texts import Texts
from bot.turn import BotIdentity, Turn
from bot.wiring import build_services
from models.advisory import SENDERS, STARTUP, AdvisoryLock, join, one_at_a_time
from models.db import create_engine, create_sessions, migrate
from scheduler import build_scheduler
from scheduler.broadcasts import BroadcastRunner
from scheduler.leader import SchedulerLeader
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
    metrics: Metrics
    messengers: dict[Channel, Messenger] = field(default_factory=dict)
    worker: OutboxWorker | None = None
    runner: BroadcastRunner | None = None
    scheduler: AsyncIOScheduler | None = None
    #: On PostgreSQL, whether this process schedules (``leader.leading``); else ``None``.
    leader: SchedulerLeader | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _senders: AdvisoryLock | None = None

    @property
    def leading(self) -> bool:
        """Whether this process fires the timed jobs now: the schedulers' leader on
        PostgreSQL, the one process on SQLite (a health gauge reads it)."""
        return self.scheduler is not None

    async def start_background(self, role: ProcessRole = ProcessRole.ALL) -> None:
        """Start what ``role`` runs of the outbox worker, the broadcast runner and the
        scheduler (after the channels are attached); fire reminders missed while down."""
        if role.sends:
            await self._release_claims()
            self.worker = self._outbox_worker()
            self.runner = self._broadcast_runner(self.worker)
            self._tasks += [
                asyncio.create_task(self.worker.run(), name="outbox"),
                asyncio.create_task(self.runner.run(), name="broadcasts"),
            ]
        if role.schedules:
            await self._schedule()

    async def _schedule(self) -> None:
        """Schedule now, or, on PostgreSQL, while this process leads the schedulers."""
        self.services.reminders.add_listener(self._reminders_changed)
        url = self.settings.database.url
        if not url.startswith("postgresql"):  # one process per database: it leads
            await self._lead()
            return
        self.leader = SchedulerLeader(
            url, self.settings.scheduler.leader_retry_seconds, self._lead, self._resign
        )
        await self.leader.acquire()  # alone on the database, the jobs start with the process
        self._tasks.append(asyncio.create_task(self.leader.run(), name="scheduler-leader"))

    async def _lead(self) -> None:
        self.scheduler = await self._start_scheduler()
        self.metrics.scheduler_leader(leading=True)

    def _resign(self) -> None:
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
            self.metrics.scheduler_leader(leading=False)

    async def _release_claims(self) -> None:
        """Alone among the sending processes, claims left by the last stop are ours: send
        them again (with company, they may be another worker's: their lease says)."""
        url = self.settings.database.url
        alone = True
        if url.startswith("postgresql"):
            self._senders, alone = await join(url, SENDERS, "outbox")
        if alone:
            released = await self.services.outbox.release_claims()
            if released:
                logger.warning(
                    "%d messages in flight at the last stop will be sent again", released
                )

    def _outbox_worker(self) -> OutboxWorker:
        services = self.services
        worker = OutboxWorker(
            services.outbox,
            self.messengers,
            self.settings.outbox,
            self.clock,
            zalo=self.settings.zalo.outbox,
            zalo_oa=self.settings.zalo_oa.outbox,
            windows=services.reply_windows,
            quota=services.channel_quota,
            chat_states=services.chat_states,
            quiet_ok=services.broadcasts.quiet_allowed,
            metrics=self.metrics,
        )
        services.outbox.add_listener(worker.wake)
        services.channel_quota.add_listener(worker.wake)
        services.chat_states.add_listener(worker.wake)
        # A person writing to the OA releases what waited for their window.
        services.reply_windows.add_listener(worker.wake)
        return worker

    def _broadcast_runner(self, worker: OutboxWorker) -> BroadcastRunner:
        runner = BroadcastRunner(
            self.services.broadcasts,
            self.services.board_posts,
            self.messengers,
            self.texts,
            interval=self.settings.broadcasts.progress_seconds,
            wake_outbox=worker.wake,
        )
        self.services.broadcasts.add_listener(runner.wake)
        return runner

    async def _start_scheduler(self) -> AsyncIOScheduler:
        """Catch up the reminders missed while down, then schedule the timed jobs."""
        services, zone = self.services, self.settings.organisation.zone
        scheduler = build_scheduler(services, zone, self._grace, inbox=self.settings.inbox)
        await services.reminders.catch_up()
        await sync_jobs(scheduler, services, zone, self._grace)
        scheduler.start()
        return scheduler

    @property
    def _grace(self) -> timedelta:
        return timedelta(minutes=self.settings.broadcasts.reminder_grace_minutes)

    def _reminders_changed(self) -> None:
        if self.scheduler is not None:
            zone = self.settings.organisation.zone
            self.scheduler.add_job(
                sync_jobs, args=(self.scheduler, self.services, zone, self._grace)
            )

    async def close(self) -> None:
        """Stop background work, write what is pending, and close the database."""
        if self.leader is not None:
            self.leader.stop()  # its task resigns and frees the lead
        self._resign()
        if self.runner is not None:
            self.runner.stop()
        if self.worker is not None:
            self.worker.stop()
        if self._tasks:
            await asyncio.gather(*self._tasks)
        await self.updates.flush()
        if self._senders is not None:
            await self._senders.release()
        await self.engine.dispose()


async def open_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    texts: Texts | None = None,
    run_migrations: bool = True,
) -> App:
    """Open the core, in the order of the module's docstring, up to the router.

    The channels attach to the returned app; :meth:`App.start_background` starts the rest.
    """
    clock = clock or SystemClock()
    texts = texts or Texts.load()
    url = settings.database.url
    # Processes starting together migrate and load the configuration one after the other.
    async with one_at_a_time(url, STARTUP, "startup"):
        if run_migrations:
            await migrate(url)
        engine = create_engine(url, echo=settings.database.echo)
        sessions = create_sessions(engine)
        messengers: dict[Channel, Messenger] = {}  # filled as channels attach
        try:
            updates = UpdateLog(sessions, clock)
            await updates.load()
            services = build_services(settings, sessions, clock, texts, updates, messengers)
            await load_configuration(services, settings, texts)
        except BaseException:
            await engine.dispose()
            raise
    metrics = Metrics(clock)
    router = _router(settings, services, texts, clock, messengers, metrics)
    return App(
        settings, engine, sessions, services, updates, router, texts, clock, metrics, messengers
    )


async def load_configuration(services: Services, settings: Settings, texts: Texts) -> None:
    """Bring into the database what the configuration names: units, default reminders, the
    plan. A value the configuration got wrong is a :class:`ConfigError` naming its key."""
    await services.units.sync(settings.units, actor=SYSTEM)
    try:
        await services.reminders.sync_defaults(settings.reminders)
        await services.milestones.sync_reminders()
    except InvalidSchedule:
        raise ConfigError("reminders: a cron expression is not valid") from None
    try:
        await services.plans.load_default(settings.plan.path)
    except PlanFormatError as problem:
        reason = strip_html(texts.t(problem.key, line=problem.line, **problem.params))
        raise ConfigError(f"plan.file: {settings.plan.path}: {reason}") from None


def _router(
    settings: Settings,
    services: Services,
    texts: Texts,
    clock: Clock,
    messengers: dict[Channel, Messenger],
    metrics: Metrics,
) -> Router:
    """The router over the route table and the dialog engine (messengers download files)."""
    dialogs: DialogEngine[Turn] = DialogEngine(
        handlers.dialogs(),
        services.dialog_states,
        texts,
        clock,
        timeout=timedelta(minutes=settings.dialogs.timeout_minutes),
        zone=settings.organisation.zone,
    )
    table = handlers.route_table()
    return Router(
        table,
        services,
        texts,
        settings,
        clock,
        dialogs,
        BotIdentity(),
        files=messengers,
        metrics=metrics,
    )
