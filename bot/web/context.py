"""What every page of the web app is given: the services, settings, texts and clock."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config_web import Web
from bot.services import Services
from bot.texts import Texts
from bot.web.render import Renderer


@dataclass(frozen=True, slots=True)
class WebContext:
    """The web app's dependencies, built once in the composition root.

    ``bot_token`` verifies the Telegram Mini App's ``initData`` (no Mini App without it);
    ``bot_username`` makes the ``t.me`` deep links of printed invites ("" when unknown).
    """

    services: Services
    settings: Web
    texts: Texts
    clock: Clock
    renderer: Renderer
    bot_token: str | None = None
    bot_username: str = ""
