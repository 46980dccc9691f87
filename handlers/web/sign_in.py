"""``/web``: a one-time link that signs the member in to the Office's web app."""

from __future__ import annotations

from bot.ports import Reply
from bot.turn import Turn
from handlers.common import dates

#: The web app's page that uses a sign-in link (``bot.web`` serves it).
SIGN_IN_PATH = "/web/dang-nhap"


async def send_link(turn: Turn) -> Reply:
    """Answer ``/web``: a fresh one-time link, or why there is none yet."""
    assert turn.member is not None  # the route is for members of some roles only
    base_url = turn.settings.web.base_url
    if not base_url:
        return Reply(turn.t("web.no_address"))
    link = await turn.services.web_access.issue_link(turn.member.id)
    return Reply(
        turn.t(
            "web.link",
            url=f"{base_url}{SIGN_IN_PATH}?t={link.token}",
            minutes=link.minutes,
            expires=dates.moment(turn, link.expires_at),
        )
    )
