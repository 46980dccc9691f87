"""Settings of the Telegram channel; the token comes from ``TELEGRAM_BOT_TOKEN`` and the
webhook secret from ``TELEGRAM_WEBHOOK_SECRET``."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Telegram(_Frozen):
    """Telegram channel settings; the token comes from ``TELEGRAM_BOT_TOKEN``."""

    mode: Literal["polling", "webhook"] = "polling"
    token: SecretStr | None = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    bot_username: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_path: str = "telegram"
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    webhook_max_body_kb: int = Field(default=1024, ge=16, le=10240)
    poll_timeout_seconds: int = Field(default=10, ge=0, le=50)
    max_concurrent_updates: int = Field(default=16, ge=1, le=1024)
    connection_pool_size: int = Field(default=16, ge=1, le=256)

    @field_validator("webhook_secret")
    @classmethod
    def _strong_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's alphabet for secret_token; 16 characters at least, so it cannot be guessed.
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            msg = "must be 16-256 characters of A-Z a-z 0-9 _ -"
            raise ValueError(msg)
        return value

    @field_validator("webhook_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")
