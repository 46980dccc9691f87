"""The environment of a real ``python -m bot`` started by a test."""

from __future__ import annotations

import os
from pathlib import Path

#: Variables of the developer's shell that would point the child elsewhere.
_OURS = ("TELEGRAM_", "ZALO_", "DATABASE_URL", "BOT_CONFIG", "OPS_", "LOG_FORMAT")


def bot_env(config: Path, **values: str) -> dict[str, str]:
    """This process's environment without the bot's own variables, reading ``config``, plus
    ``values`` (e.g. ``TELEGRAM_BOT_TOKEN``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    # Any free port for /metrics, so tests running side by side never fight over one.
    return env | {"BOT_CONFIG": str(config), "OPS_PORT": "0", **values}
