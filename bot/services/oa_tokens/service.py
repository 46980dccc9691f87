"""The OA's token pair in ``zalo_oa_tokens``: read, seeded, rotated, failed, reconnected.

Zalo's refresh tokens are single use: the refresh that used one returns the next, and losing
that one disconnects the OA until someone logs in again. :meth:`OaTokenService.rotate` writes
the new pair with a guarded UPDATE (``WHERE app_id = ? AND refresh_token = <old>``), so when
two processes refresh with the same token only one wins and the other reloads the winner's.
A failure is recorded the same way (only while none is recorded), so the Office is told once
per outage, on their accounts off the OA, whose sending has stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.ports import Channel
from bot.services.common import Doorbell, insert_ignoring_duplicates
from bot.services.delivery import tell_office
from models import ZaloOaToken

#: How long a refresh token lasts (three months, as the sources in platforms.md §D say).
REFRESH_TOKEN_DAYS = 90


@dataclass(frozen=True, slots=True)
class OaTokens:
    """The stored token pair of one app (the tokens are left out of the repr)."""

    app_id: str
    access_token: str = field(repr=False)
    access_expires_at: datetime | None
    refresh_token: str = field(repr=False)
    failed_at: datetime | None
    failure: str


class OaTokenService:
    """Reads and writes the OA's tokens; rings ``doorbell`` after queueing an Office note."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, doorbell: Doorbell
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._doorbell = doorbell

    async def current(self, app_id: str) -> OaTokens | None:
        """The stored pair of ``app_id``, if any."""
        async with self._sessions() as session:
            row = await session.get(ZaloOaToken, app_id)
            return None if row is None else _view(row)

    async def seed(self, app_id: str, refresh_token: str) -> OaTokens:
        """Store a first refresh token when the app has no row; return the stored pair
        (an existing row wins: it holds a newer token than the environment)."""
        async with self._sessions.begin() as session:
            await insert_ignoring_duplicates(
                session,
                ZaloOaToken,
                [
                    {
                        "app_id": app_id,
                        "access_token": "",
                        "refresh_token": refresh_token,
                        "refreshed_at": self._clock.now(),
                        "failure": "",
                    }
                ],
            )
            row = await session.get(ZaloOaToken, app_id)
            assert row is not None
            return _view(row)

    async def rotate(
        self,
        app_id: str,
        used_refresh_token: str,
        *,
        access_token: str,
        expires_in_seconds: int,
        refresh_token: str,
    ) -> bool:
        """Store the pair a refresh with ``used_refresh_token`` returned; False when another
        process stored its own first (the caller reloads)."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            won = await session.execute(
                update(ZaloOaToken)
                .where(
                    ZaloOaToken.app_id == app_id,
                    ZaloOaToken.refresh_token == used_refresh_token,
                )
                .values(
                    access_token=access_token,
                    access_expires_at=now + timedelta(seconds=expires_in_seconds),
                    refresh_token=refresh_token,
                    refresh_expires_at=now + timedelta(days=REFRESH_TOKEN_DAYS),
                    refreshed_at=now,
                    failed_at=None,
                    failure="",
                )
                .returning(ZaloOaToken.app_id)
                .execution_options(synchronize_session=False)
            )
            return won.first() is not None

    async def failed(self, app_id: str, refresh_token: str, reason: str, office_text: str) -> bool:
        """Record that refreshing with ``refresh_token`` failed; the first to record it (per
        outage) queues ``office_text`` to the Office and gets True."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            won = await session.execute(
                update(ZaloOaToken)
                .where(
                    ZaloOaToken.app_id == app_id,
                    ZaloOaToken.refresh_token == refresh_token,
                    ZaloOaToken.failed_at.is_(None),
                )
                .values(failed_at=now, failure=reason[:500])
                .returning(ZaloOaToken.app_id)
                .execution_options(synchronize_session=False)
            )
            if won.first() is None:
                return False
            told = await tell_office(
                session, office_text, now, avoid=Channel.ZALO_OA, only_others=True
            )
        if told:
            self._doorbell.notify()
        return True

    async def reconnect(
        self, app_id: str, *, access_token: str, expires_in_seconds: int, refresh_token: str
    ) -> None:
        """Store the pair a new login's refresh token was traded for, whatever was stored
        (a recorded failure is cleared: sending resumes)."""
        now = self._clock.now()
        values = {
            "access_token": access_token,
            "access_expires_at": now + timedelta(seconds=expires_in_seconds),
            "refresh_token": refresh_token,
            "refresh_expires_at": now + timedelta(days=REFRESH_TOKEN_DAYS),
            "refreshed_at": now,
            "failed_at": None,
            "failure": "",
        }
        async with self._sessions.begin() as session:
            row = await session.get(ZaloOaToken, app_id)
            if row is None:
                session.add(ZaloOaToken(app_id=app_id, **values))
                return
            for key, value in values.items():
                setattr(row, key, value)


def _view(row: ZaloOaToken) -> OaTokens:
    return OaTokens(
        app_id=row.app_id,
        access_token=row.access_token,
        access_expires_at=row.access_expires_at,
        refresh_token=row.refresh_token,
        failed_at=row.failed_at,
        failure=row.failure,
    )
