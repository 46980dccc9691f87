"""Settings of running the bot: its ops endpoints (``[ops]``) and its logs (``[logging]``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Ops(BaseModel):
    """``/healthz`` and ``/metrics``, served by ``python -m bot run`` on ``listen``:``port``.

    The port is the process's own unless another server of the bot (a webhook, the web app)
    is asked for the same address: then they share one listener, and one reverse proxy must
    not forward these two paths to the public.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    listen: str = "127.0.0.1"
    port: int = Field(default=9464, ge=0, le=65535)  # 0: any free port (tests)
    # 0: the outbox's lag is reported but never makes /healthz answer 503.
    outbox_lag_max_seconds: float = Field(default=0, ge=0)
    # The health check's database query gives up after this long (the answer is then 503).
    database_timeout_seconds: float = Field(default=2.0, gt=0, le=30)


class LogSettings(BaseModel):
    """How log lines are written to standard error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # "json": one JSON object a line (time, level, logger, message and the ids given).
    format: Literal["text", "json"] = "text"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
