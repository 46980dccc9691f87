"""Settings of the Zalo channel; the token comes from ``ZALO_BOT_TOKEN``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZaloOutbox(_Frozen):
    """Pacing, and the operator's plan: messages a month and people per bot.

    The defaults are the free "Basic" plan as published in one screenshot (zalo-bot-mcp's
    docs/assets/quota-basic.png; platforms.md §C), unverified: set your own plan's figures.
    """

    # Zalo documents no per-second limit; a modest pace keeps bursts from looking like spam.
    rate_per_second: float = Field(default=5.0, ge=0)
    per_chat_interval_seconds: float = Field(default=1.0, ge=0)
    # Outbound messages a month (0: no quota).
    monthly_quota: int = Field(default=3000, ge=0)
    # People the bot may serve (0: no figure). Not enforced: a person joining beyond it is
    # let in, and the Office is told.
    users_per_bot: int = Field(default=50, ge=0)
    # The Office is warned once a month when this share of the quota is used, and once
    # when this share of users_per_bot have joined on Zalo.
    warn_ratio: float = Field(default=0.9, gt=0, le=1)


class Zalo(_Frozen):
    """The Zalo Bot Platform channel."""

    token: SecretStr | None = None
    base_url: str = "https://bot-api.zaloplatforms.com"
    mode: Literal["polling", "webhook"] = "polling"
    # "html": bold titles show bold (Zalo's parse_mode); "plain": no formatting at all.
    parse_mode: Literal["html", "plain"] = "html"
    poll_timeout_seconds: int = Field(default=30, ge=1, le=60)
    # The bot's own HTTP server: the Zalo webhook and short-lived chart images.
    http_listen: str = "127.0.0.1"
    http_port: int = Field(default=8445, ge=0, le=65535)
    webhook_path: str = "zalo"
    # The public HTTPS URL Zalo posts to, e.g. "https://bot.example.vn/zalo".
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    # The public HTTPS address of the HTTP server above; charts are sent as images only
    # when it is set (Zalo fetches images by URL), otherwise as text tables.
    public_base_url: str = ""
    media_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    outbox: ZaloOutbox = ZaloOutbox()

    @field_validator("base_url", "public_base_url", "webhook_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not 8 <= len(value.get_secret_value()) <= 256:
            msg = "must be 8-256 characters"
            raise ValueError(msg)
        return value
