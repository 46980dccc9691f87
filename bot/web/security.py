"""What every answer of the web app carries, and the forms' CSRF tokens.

The Content-Security-Policy allows our own scripts and styles only (and Telegram's Mini App
script), and lets the page be framed by Telegram Web alone, where the Mini App opens in an
iframe; the desktop and phone apps open it in a web view, which is not a frame.

A form's CSRF token is derived from the session's secret id (HMAC-SHA256), so it needs no
storage, changes with every session and cannot be computed by a page that cannot read the
HttpOnly cookie.
"""

from __future__ import annotations

import hashlib
import hmac

#: Where the Mini App is framed: Telegram Web (web.telegram.org/k/ and /a/).
FRAME_ANCESTORS = "https://web.telegram.org"
#: Telegram's Mini App script, which hands the page its signed initData.
TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"

HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the sign-in token must not leak to other sites
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors 'self' {FRAME_ANCESTORS}"
    ),
}
#: What a served attachment carries instead: kept by no cache, and a policy under which the
#: browser's own PDF and image viewers work (their synthetic page sets inline styles and
#: embeds the file) while the file itself may load nothing else.
FILE_HEADERS: dict[str, str] = {
    **HEADERS,
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; "
        f"frame-ancestors 'self' {FRAME_ANCESTORS}"
    ),
}
#: The form field and the header that carry the CSRF token.
CSRF_FIELD = "_csrf"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token(session_id: str) -> str:
    """The CSRF token of the forms of the session ``session_id``."""
    return hmac.new(session_id.encode(), b"thidua-web-csrf", hashlib.sha256).hexdigest()


def csrf_valid(session_id: str, token: str) -> bool:
    """Whether ``token`` is the session's CSRF token (compared in constant time)."""
    return bool(session_id) and hmac.compare_digest(csrf_token(session_id), token)
