"""The compose form of a broadcast as the browser posts it, through its confirmation page."""

from __future__ import annotations

import re

from tests.web.support import Client, post_form

NEW = "/web/thong-bao/moi"


async def confirmation(client: Client, fields: dict[str, str]) -> dict[str, str]:
    """The confirmation form the preview of ``fields`` shows, with its one-time key."""
    preview = await post_form(client, NEW, fields | {"action": "preview"})
    found = re.search(r'name="once" value="([^"]+)"', await preview.text())
    assert preview.status == 200 and found is not None
    return fields | {"action": "send", "once": found.group(1)}
