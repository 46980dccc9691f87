"""The Zalo Official Account's rotating OAuth tokens, kept in the database.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.oa_tokens.service import REFRESH_TOKEN_DAYS, OaTokens, OaTokenService

__all__ = ["REFRESH_TOKEN_DAYS", "OaTokenService", "OaTokens"]
