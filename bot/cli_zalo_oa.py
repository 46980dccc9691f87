"""``python -m bot zalo-oa-connect``: store a new Zalo OA refresh token after a disconnect.

Zalo's refresh tokens are single use and last three months; when the stored one is refused
(lost, expired, or used elsewhere) the OA sends nothing until an operator logs in to the OA
again (the Zalo developers console's access-token tool, or the OAuth v4 login), takes the new
refresh token and runs this command. The token is read from standard input (typed or piped;
never from the command line, where ``ps`` and shell history would show it) or, with
``--from-env``, from ``ZALO_OA_REFRESH_TOKEN``. The command trades the token for a new pair
at once and stores that pair (a token Zalo refuses changes nothing stored); a running bot
picks the new pair up from the database at its next send.
"""

from __future__ import annotations

import getpass
import sys

from bot.app import open_app
from bot.channels.zalo_oa.client import OaClient, OaRefused, OaUnreachable
from bot.cli import UsageError
from bot.config import Settings
from bot.texts import Texts


def read_token(texts: Texts, settings: Settings, *, from_env: bool) -> str:
    """The new refresh token, from the environment or standard input."""
    if from_env:
        secret = settings.zalo_oa.refresh_token
        token = secret.get_secret_value() if secret is not None else ""
    elif sys.stdin.isatty():
        token = getpass.getpass("Refresh token: ")
    else:
        token = sys.stdin.readline()
    token = token.strip()
    if not token:
        raise UsageError(texts.t("zalo_oa_cli.empty_token"))
    return token


async def run_connect(settings: Settings, texts: Texts, *, from_env: bool) -> int:
    """Trade the new refresh token for a token pair and store it; nothing stored changes
    when Zalo refuses the token."""
    oa = settings.zalo_oa
    if not oa.enabled or oa.app_secret is None:
        raise UsageError(texts.t("zalo_oa_cli.not_configured"))
    token = read_token(texts, settings, from_env=from_env)
    client = OaClient(oa.api_base_url, oa.oauth_base_url)
    try:
        grant = await client.refresh(oa.app_id, oa.app_secret.get_secret_value(), token)
    except OaRefused:
        raise UsageError(texts.t("zalo_oa_cli.unauthorized")) from None
    except OaUnreachable:
        raise UsageError(texts.t("zalo_oa_cli.unreachable")) from None
    finally:
        await client.aclose()
    app = await open_app(settings, texts=texts)
    try:
        await app.services.oa_tokens.reconnect(
            oa.app_id,
            access_token=grant.access_token,
            expires_in_seconds=grant.expires_in,
            refresh_token=grant.refresh_token,
        )
    finally:
        await app.close()
    print(texts.t("zalo_oa_cli.connected", app_id=oa.app_id))  # noqa: T201
    return 0
