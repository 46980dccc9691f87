"""Scheduled leaderboard posts: the board to the announcement chat, and each unit head their
unit's board.

A reminder whose audience is a board kind fires into a broadcast row like any other; this
service starts those rows. It renders the charts first, outside any transaction (they are
cached), then switches the row to "sending" and writes the deliveries in one transaction, so a
crash before that point renders again and a crash after it loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.charts import TOP
from bot.clock import Clock
from bot.config_organisation import ChatTarget
from bot.ports import Channel, Outgoing, Photo, Reply
from bot.services.broadcasts import BOARD_POSTS, Audience, AudienceKind, Reach, resolve
from bot.services.delivery import outbox
from bot.services.leaderboards.charts import BoardChartService
from bot.services.leaderboards.records import ChartImage, PeriodKind
from bot.services.leaderboards.service import LeaderboardService
from bot.texts import Texts
from models import Broadcast, BroadcastState, Member, Unit

#: Members shown on a unit head's chart of their unit (a phone shows ten bars well).
UNIT_TOP = TOP


@dataclass(frozen=True, slots=True)
class _Post:
    """One delivery of a board post: where, and what."""

    message: Outgoing
    member_id: int | None


class BoardPostService:
    """Starts due leaderboard posts; each start is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        boards: LeaderboardService,
        charts: BoardChartService,
        *,
        announcement_chat: ChatTarget | None,
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._boards = boards
        self._charts = charts
        self._announcement = announcement_chat
        self._zone = zone

    async def start_due(self) -> list[int]:
        """Start every board post whose time has come; return their broadcast ids."""
        now = self._clock.now()
        async with self._sessions() as session:
            due = (
                await session.execute(
                    select(Broadcast.id, Broadcast.audience)
                    .where(Broadcast.state == BroadcastState.SCHEDULED, Broadcast.starts_at <= now)
                    .order_by(Broadcast.id)
                )
            ).all()
        started = []
        for broadcast_id, audience in due:
            kind = audience.get("kind")
            if kind not in BOARD_POSTS:
                continue
            posts = await self._posts(AudienceKind(kind), now)
            if await self._start(broadcast_id, posts, now):
                started.append(broadcast_id)
        return started

    async def _posts(self, kind: AudienceKind, now: datetime) -> list[_Post]:
        year = self._boards.period(PeriodKind.YEAR)
        if kind is AudienceKind.BOARD_ANNOUNCEMENT:
            if self._announcement is None:
                return []
            image = await self._charts.unit_chart(await self._boards.units(year))
            target = Outgoing(
                Channel(self._announcement.channel),
                self._announcement.id,
                _reply(self._texts.t("board.post_weekly", period=year.label), image),
                is_group=True,
            )
            return [_Post(target, None)]
        async with self._sessions() as session:
            heads = await resolve(session, Audience(kind), now=now, zone=self._zone)
            units = dict(
                (
                    await session.execute(
                        select(Member.id, Unit.id).join(Unit, Unit.id == Member.unit_id)
                    )
                ).all()
            )
        board = await self._boards.units(year)
        places = {row.unit_id: row for row in board.rows}
        posts = []
        for head in heads:
            if head.reach is not Reach.OK or head.channel is None or head.chat_id is None:
                continue
            unit_id = units[head.member_id]
            members = await self._boards.members(year, top=UNIT_TOP, unit_id=unit_id)
            image = await self._charts.member_chart(members, head.unit_name)
            place = places.get(unit_id)
            text = self._texts.t(
                "board.post_monthly",
                unit=head.unit_name,
                period=year.label,
                rank=place.rank if place else "—",
                units=len(board.rows),
            )
            message = Outgoing(head.channel, head.chat_id, _reply(text, image))
            posts.append(_Post(message, head.member_id))
        return posts

    async def _start(self, broadcast_id: int, posts: list[_Post], now: datetime) -> bool:
        async with self._sessions.begin() as session:
            won = await session.scalar(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.SCHEDULED)
                .values(state=BroadcastState.SENDING, started_at=now, total=len(posts))
                .returning(Broadcast.id)
            )
            if won is None:
                return False
            for post in posts:
                outbox.enqueue(
                    session,
                    [post.message],
                    now=now,
                    member_id=post.member_id,
                    broadcast_id=broadcast_id,
                    quiet=True,
                )
        return True


def _reply(text: str, image: ChartImage) -> Reply:
    return Reply(text + "\n\n" + image.fallback, photo=Photo(image.png, image.caption))
