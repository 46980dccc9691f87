"""Keeping the OA's access token valid (OAuth v4, single-use refresh tokens).

The access token is refreshed ``margin`` before the expiry Zalo gave (``expires_in``, never an
assumed lifetime), and once, at once, when Zalo calls it invalid (-216). Each refresh's new
refresh token is stored in the database before the new access token is used
(:class:`bot.services.oa_tokens.OaTokenService`); when another process refreshed first, the
keeper takes the pair it stored.

A refresh is never retried in a loop. A refused refresh token disconnects the OA: nothing is
sent on it until an operator stores a new token (``python -m bot zalo-oa-connect``), which
the keeper notices by reading the row again. A network failure waits before the next try,
doubling up to a cap. Either way the log says so once and the Office is told once, when the
OA can no longer send.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Final

from bot.channels.zalo_oa.client import OaClient, OaRefused, OaUnreachable
from bot.clock import Clock
from bot.services.oa_tokens import OaTokens, OaTokenService
from bot.texts import Texts

logger = logging.getLogger(__name__)

BACKOFF_START: Final = timedelta(seconds=30)
BACKOFF_CAP: Final = timedelta(minutes=30)
#: How a refused refresh is recorded in ``zalo_oa_tokens.failure``.
REFUSED: Final = "refused: "


class OaDisconnected(Exception):
    """The refresh token was refused: the OA cannot send until it is reconnected."""


class OaTokenUnavailable(Exception):
    """No valid access token now (Zalo's OAuth server could not be reached); try later."""


class TokenKeeper:
    """Hands out a valid access token, refreshing it as described in the module docstring."""

    def __init__(
        self,
        client: OaClient,
        store: OaTokenService,
        texts: Texts,
        clock: Clock,
        *,
        app_id: str,
        app_secret: str,
        margin: timedelta,
    ) -> None:
        self._client = client
        self._store = store
        self._texts = texts
        self._clock = clock
        self._app_id = app_id
        self._secret = app_secret
        self._margin = margin
        self._tokens: OaTokens | None = None
        self._lock = asyncio.Lock()
        self._refused: str | None = None  # the refresh token Zalo refused
        self._retry_at: datetime | None = None
        self._backoff = BACKOFF_START

    async def start(self, seed: str | None) -> None:
        """Load the stored pair (storing ``seed`` when there is none) and make sure the access
        token works, refreshing now if needed.

        Raises:
            OaDisconnected: No refresh token, or Zalo refused it or the app secret.
            OaTokenUnavailable: Zalo's OAuth server could not be reached.
        """
        tokens = await self._store.current(self._app_id)
        if tokens is None and seed:
            tokens = await self._store.seed(self._app_id, seed)
        if tokens is None:
            msg = "no refresh token stored and ZALO_OA_REFRESH_TOKEN is not set"
            raise OaDisconnected(msg)
        # A token refused before is tried once more: the refusal may have been a wrong app
        # secret, fixed since. One call per start is not a loop.
        self._tokens = tokens
        await self.token()

    async def token(self) -> str:
        """A valid access token (refreshed first when it expires within the margin).

        Raises:
            OaDisconnected: The OA is disconnected.
            OaTokenUnavailable: No valid token and Zalo cannot be reached now.
        """
        tokens = self._tokens
        if tokens is not None and self._fresh(tokens) and self._refused is None:
            return tokens.access_token
        return await self._refresh(rejected=None)

    async def rejected(self, access_token: str) -> str:
        """Zalo called ``access_token`` invalid (-216): refresh once, unless that was already
        done, and return the new token."""
        return await self._refresh(rejected=access_token)

    async def _refresh(self, rejected: str | None) -> str:
        async with self._lock:
            tokens = await self._reload()
            if self._fresh(tokens) and tokens.access_token != rejected:
                return tokens.access_token  # another task or process refreshed already
            if self._refused is not None:
                raise OaDisconnected(tokens.failure or "the refresh token was refused")
            now = self._clock.now()
            if self._retry_at is not None and now < self._retry_at:
                return self._still_valid(tokens, rejected)
            return await self._call(tokens, rejected)

    async def _reload(self) -> OaTokens:
        tokens = await self._store.current(self._app_id)
        if tokens is None:
            raise OaDisconnected("the stored token pair is gone")
        if self._refused is not None and tokens.refresh_token != self._refused:
            logger.info("Zalo OA: a new refresh token was stored; sending resumes")
            self._refused, self._retry_at = None, None
        self._tokens = tokens
        return tokens

    async def _call(self, tokens: OaTokens, rejected: str | None) -> str:
        used = tokens.refresh_token
        try:
            grant = await self._client.refresh(self._app_id, self._secret, used)
        except OaRefused as exc:
            return await self._refused_by_zalo(used, exc)
        except OaUnreachable as exc:
            return await self._unreachable(tokens, rejected, exc)
        stored = await self._store.rotate(
            self._app_id,
            used,
            access_token=grant.access_token,
            expires_in_seconds=grant.expires_in,
            refresh_token=grant.refresh_token,
        )
        if self._retry_at is not None:
            logger.info("Zalo OA: the access token was refreshed again")
        self._retry_at, self._backoff = None, BACKOFF_START
        tokens = await self._reload()
        if not stored:
            logger.info("Zalo OA: another process refreshed the token first; using its pair")
        return tokens.access_token

    async def _refused_by_zalo(self, used: str, exc: OaRefused) -> str:
        tokens = await self._reload()
        if tokens.refresh_token != used and self._fresh(tokens):
            return tokens.access_token  # another process used it first and stored the next
        self._refused = used
        reason = f"{REFUSED}{exc.description} ({exc.code})"
        text = self._texts.t("zalo_oa.refresh_refused", code=exc.code)
        if await self._store.failed(self._app_id, used, reason, text):
            logger.error(
                "Zalo OA refused the refresh token (%s): the OA sends nothing until an "
                "operator runs `python -m bot zalo-oa-connect`",
                exc.code,
            )
        raise OaDisconnected(reason)

    async def _unreachable(
        self, tokens: OaTokens, rejected: str | None, exc: OaUnreachable
    ) -> str:
        now = self._clock.now()
        if self._retry_at is None:
            logger.warning("Zalo OA: the token could not be refreshed: %s", exc.description)
        self._retry_at = now + self._backoff
        self._backoff = min(BACKOFF_CAP, self._backoff * 2)
        if not self._valid(tokens) or tokens.access_token == rejected:
            text = self._texts.t("zalo_oa.refresh_unreachable")
            reason = f"unreachable: {exc.description}"
            await self._store.failed(self._app_id, tokens.refresh_token, reason, text)
        return self._still_valid(tokens, rejected)

    def _still_valid(self, tokens: OaTokens, rejected: str | None) -> str:
        if self._valid(tokens) and tokens.access_token != rejected:
            return tokens.access_token
        raise OaTokenUnavailable("Zalo's OAuth server could not be reached; retrying later")

    def _fresh(self, tokens: OaTokens) -> bool:
        """Valid beyond the refresh margin."""
        expires = tokens.access_expires_at
        return bool(tokens.access_token) and (
            expires is not None and self._clock.now() < expires - self._margin
        )

    def _valid(self, tokens: OaTokens) -> bool:
        expires = tokens.access_expires_at
        return bool(tokens.access_token) and expires is not None and self._clock.now() < expires
