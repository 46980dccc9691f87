"""A worker with a fake Zalo OA, Telegram and Zalo Bot Platform, and helpers for the OA's
reply-window tests. Time is fake; nothing sleeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from bot.app import App
from bot.config_zalo_oa import ZaloOaOutbox
from bot.ports import Channel, Document, Outgoing, Reply
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.delivery import ChannelQuotaService, outbox
from models import AuditEntry, Delivery, Member
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.fakes.oa_messenger import FakeOaMessenger
from tests.scheduler.test_delivery_outbox import FakeTime
from tests.services.broadcasts_seed import Account, add_member

OA, TG, ZL = Channel.ZALO_OA, Channel.TELEGRAM, Channel.ZALO


@dataclass
class Rig:
    app: App
    oa: FakeOaMessenger
    telegram: FakeMessenger
    zalo: FakeMessenger
    quota: ChannelQuotaService
    worker: OutboxWorker
    time: FakeTime

    async def member(
        self, name: str, *accounts: Account, prefer: Channel | None = None
    ) -> MemberView:
        view = await add_member(self.app, "CNTT", name, accounts=accounts)
        if prefer is not None:
            async with self.app.sessions.begin() as session:
                await session.execute(
                    update(Member)
                    .where(Member.id == view.id)
                    .values(preferred_channel=prefer.value)
                )
        return view

    async def office(self) -> None:
        await add_member(self.app, "VP", "Trần Văn Quản", Role.OFFICE, chat="900")

    async def queue(
        self,
        chat: str,
        member: MemberView | None = None,
        *,
        text: str = "",
        file: bool = False,
        channel: Channel = OA,
    ) -> None:
        document = Document("kh.pdf", file_id="F1") if file else None
        reply = Reply(text or f"tin {chat}", document=document)
        async with self.app.sessions.begin() as session:
            outbox.enqueue(
                session,
                [Outgoing(channel, chat, reply)],
                now=self.app.clock.now(),
                member_id=None if member is None else member.id,
            )

    async def wrote(self, chat: str, *, hours_ago: float = 0) -> None:
        at = self.app.clock.now() - timedelta(hours=hours_ago)
        await self.app.services.reply_windows.inbound(OA, chat, at)

    async def drain(self) -> None:
        await self.worker.drain()

    async def rows(self) -> list[Delivery]:
        async with self.app.sessions() as session:
            return list(await session.scalars(select(Delivery).order_by(Delivery.id)))

    async def actions(self) -> list[str]:
        async with self.app.sessions() as session:
            return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def make_rig(app: App, clock: FakeClock, *, proactive: int = 0) -> Rig:
    limits = ZaloOaOutbox(
        rate_per_second=0, per_chat_interval_seconds=0, proactive_monthly_quota=proactive
    )
    zone = app.settings.organisation.zone
    quota = ChannelQuotaService(app.sessions, app.clock, app.texts, zone=zone, quotas={OA: limits})
    oa, telegram, zalo = (
        FakeOaMessenger(app.services.reply_windows),
        FakeMessenger(),
        FakeMessenger(),
    )
    time = FakeTime(clock)
    worker = OutboxWorker(
        app.services.outbox,
        {OA: oa, TG: telegram, ZL: zalo},
        app.settings.outbox.model_copy(update={"per_chat_interval_seconds": 0}),
        clock,
        zalo_oa=limits,
        windows=app.services.reply_windows,
        quota=quota,
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    return Rig(app, oa, telegram, zalo, quota, worker, time)
