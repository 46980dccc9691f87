"""The Office's web app, served by the bot (see docs/web.md).

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.web.app import add_web_app
from bot.web.context import WebContext
from bot.web.pages_core import COOKIE
from bot.web.render import Renderer
from bot.web.telegram_init_data import verified_user_id

__all__ = ["COOKIE", "Renderer", "WebContext", "add_web_app", "verified_user_id"]
