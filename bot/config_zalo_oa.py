"""Settings of the Zalo Official Account channel (``[zalo_oa]``).

The secrets come from the environment: ``ZALO_OA_APP_SECRET`` (the app's secret key, sent to
the OAuth server), ``ZALO_OA_SECRET_KEY`` (the OA secret key webhook events are signed with)
and ``ZALO_OA_REFRESH_TOKEN`` (the first refresh token only: from then on the bot keeps the
rotating token in its database).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZaloOaOutbox(_Frozen):
    """Pacing, the reply window and the proactive quota of messages sent by the OA."""

    rate_per_second: float = Field(default=5.0, ge=0)
    per_chat_interval_seconds: float = Field(default=1.0, ge=0)
    # Zalo's rule for consultation messages: free within 48 hours of the person's last
    # message, up to 8 messages in that window (zalooa.freshdesk.com, article 64000261136).
    window_hours: float = Field(default=48.0, gt=0)
    window_messages: int = Field(default=8, ge=1)
    # Proactive messages ("tin chủ động") a month outside the window: a verified OA's plan
    # (1,000 free a month as published); 0 — the default — sends nothing outside the window.
    proactive_monthly_quota: int = Field(default=0, ge=0)
    # The Office is warned once a month when this share of the proactive quota is used.
    warn_ratio: float = Field(default=0.9, gt=0, le=1)

    @property
    def monthly_quota(self) -> int:
        """The quota counted in ``channel_quotas`` (the proactive messages)."""
        return self.proactive_monthly_quota


class ZaloOa(_Frozen):
    """The Zalo Official Account channel; on when ``app_id`` and the secrets are set."""

    app_id: str = ""
    app_secret: SecretStr | None = None
    oa_secret_key: SecretStr | None = None
    refresh_token: SecretStr | None = None
    api_base_url: str = "https://openapi.zalo.me"
    oauth_base_url: str = "https://oauth.zaloapp.com"
    # The bot's own HTTP server for the OA webhook (the URL is set in the Zalo developers
    # console, e.g. "https://bot.example.vn/zalo-oa/events").
    http_listen: str = "127.0.0.1"
    http_port: int = Field(default=8446, ge=0, le=65535)
    webhook_path: str = "zalo-oa/events"
    # The public HTTPS address of that server (e.g. "https://bot.example.vn/zalo-oa"); when
    # set, a file the OA cannot send (an Excel export) goes as a link that works for
    # ``media_ttl_seconds``, otherwise the person is told where to get it.
    public_base_url: str = ""
    media_ttl_seconds: int = Field(default=600, ge=30, le=3600)
    # Refresh the access token this long before it expires.
    refresh_margin_seconds: int = Field(default=600, ge=0)
    # A webhook event whose timestamp is further than this from the bot's clock is refused.
    webhook_max_age_seconds: int = Field(default=300, ge=10, le=86400)
    outbox: ZaloOaOutbox = ZaloOaOutbox()

    @field_validator("api_base_url", "oauth_base_url", "public_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def enabled(self) -> bool:
        """Whether the channel is configured (app id and every secret)."""
        return bool(self.app_id) and None not in (
            self.app_secret,
            self.oa_secret_key,
        )
