"""The Office's web app, served by the bot (see docs/web.md).

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.web.routes import COOKIE, MiniApp, WebRoutes
from bot.web.telegram_init_data import verified_user_id

__all__ = ["COOKIE", "MiniApp", "WebRoutes", "verified_user_id"]
