"""The web app's one-time sign-in links and server-side sessions.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.web_access.service import (
    TOKEN_BYTES,
    NewSession,
    SignedIn,
    SignInLink,
    WebAccessService,
)

__all__ = ["TOKEN_BYTES", "NewSession", "SignInLink", "SignedIn", "WebAccessService"]
