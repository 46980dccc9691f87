"""A small typed client of the Zalo Official Account API and its OAuth server.

Zalo answers HTTP 200 with ``{"error": <code>, "message": ...}`` (``error`` 0 on success); the
OAuth server answers ``{"error": <code>, "error_description": ...}`` when it refuses. Each
refusal becomes an :class:`OaError` carrying Zalo's code. Tokens travel in headers and forms
only, never in URLs, and are removed from any text an exception carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import httpx

__all__ = [
    "INVALID_ACCESS_TOKEN",
    "OaClient",
    "OaError",
    "OaRefused",
    "OaTokenGrant",
    "OaUnreachable",
]

INVALID_ACCESS_TOKEN: Final = -216
MAX_DOWNLOAD_BYTES: Final = 20 * 1024 * 1024
_REDACTED: Final = "***"
#: When Zalo does not say how long an access token lasts, it is treated as this (seconds):
#: short, so a missing figure makes the bot refresh early rather than use an expired token.
_FALLBACK_EXPIRES_IN: Final = 3600


class OaError(Exception):
    """The OA API or its OAuth server refused a call, or could not be reached.

    Attributes:
        code: Zalo's error code (e.g. -213), or 0 for network errors and HTTP failures.
        description: What went wrong, without any token.
    """

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"Zalo OA error {code}: {description}")
        self.code = code
        self.description = description


class OaRefused(OaError):
    """Zalo answered with an error code (the request reached it and was refused)."""


class OaUnreachable(OaError):
    """A network error, a time-out or an HTTP error status: worth retrying later."""


@dataclass(frozen=True, slots=True)
class OaTokenGrant:
    """What a refresh returned: a new access token and a new single-use refresh token."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int


class OaClient:
    """Calls the OA API (``api_base_url``) and OAuth (``oauth_base_url``)."""

    def __init__(
        self,
        api_base_url: str,
        oauth_base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        """``transport`` replaces the network (tests)."""
        self._api = api_base_url.rstrip("/")
        self._oauth = oauth_base_url.rstrip("/")
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout)
        self._secrets: set[str] = set()

    def __repr__(self) -> str:
        return f"OaClient(api={self._api!r})"

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def refresh(self, app_id: str, app_secret: str, refresh_token: str) -> OaTokenGrant:
        """Trade ``refresh_token`` (used up by this call) for a new token pair.

        Raises:
            OaRefused: The app secret or the refresh token was refused.
            OaUnreachable: The OAuth server could not be reached.
        """
        self._secrets.update((app_secret, refresh_token))
        body = await self._post(
            f"{self._oauth}/v4/oa/access_token",
            headers={"secret_key": app_secret},
            data={"app_id": app_id, "grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
            code = _code(body) or -1
            reason = body.get("error_description") or body.get("error_reason") or "no token"
            raise OaRefused(code, self._redact(str(reason)))
        self._secrets.update((access, refresh))
        return OaTokenGrant(access, refresh, _seconds(body.get("expires_in")))

    async def send_text(self, access_token: str, user_id: str, text: str) -> str:
        """Send a consultation text; return the message id."""
        return await self._send(access_token, user_id, {"text": text})

    async def send_image(
        self, access_token: str, user_id: str, *, attachment_id: str = "", url: str = ""
    ) -> str:
        """Send an image uploaded before (``attachment_id``) or fetched by Zalo (``url``)."""
        element: dict[str, str] = {"media_type": "image"}
        element.update({"attachment_id": attachment_id} if attachment_id else {"url": url})
        payload = {"template_type": "media", "elements": [element]}
        message = {"attachment": {"type": "template", "payload": payload}}
        return await self._send(access_token, user_id, message)

    async def send_file(self, access_token: str, user_id: str, file_token: str) -> str:
        """Send a file uploaded before (its ``token``)."""
        message = {"attachment": {"type": "file", "payload": {"token": file_token}}}
        return await self._send(access_token, user_id, message)

    async def upload_image(self, access_token: str, content: bytes, name: str) -> str:
        """Upload an image (jpg/png); return its ``attachment_id``."""
        data = await self._upload(access_token, "image", content, name)
        return str(data.get("attachment_id") or "")

    async def upload_file(self, access_token: str, content: bytes, name: str) -> str:
        """Upload a file (pdf/doc/docx); return its ``token``."""
        data = await self._upload(access_token, "file", content, name)
        return str(data.get("token") or "")

    async def download(self, url: str, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
        """Fetch a file a person sent (Zalo hosts it at ``url``); refuse other schemes and
        anything over ``max_bytes``."""
        if httpx.URL(url).scheme not in ("http", "https"):
            raise OaRefused(0, "only http and https URLs can be downloaded")
        try:
            async with self._http.stream("GET", url, follow_redirects=True) as response:
                if response.status_code != 200:
                    raise OaUnreachable(0, f"download answered HTTP {response.status_code}")
                if int(response.headers.get("content-length") or 0) > max_bytes:
                    raise OaRefused(0, f"the file is larger than {max_bytes} bytes")
                body = bytearray()
                async for piece in response.aiter_bytes():
                    body += piece
                    if len(body) > max_bytes:
                        raise OaRefused(0, f"the file is larger than {max_bytes} bytes")
                return bytes(body)
        except httpx.HTTPError as exc:
            raise OaUnreachable(0, f"download failed: {type(exc).__name__}") from None

    async def _send(self, access_token: str, user_id: str, message: dict[str, Any]) -> str:
        self._secrets.add(access_token)
        body = await self._post(
            f"{self._api}/v3.0/oa/message/cs",
            headers={"access_token": access_token},
            json={"recipient": {"user_id": user_id}, "message": message},
        )
        return str(_data(self._checked(body)).get("message_id") or "")

    async def _upload(
        self, access_token: str, kind: str, content: bytes, name: str
    ) -> dict[str, Any]:
        self._secrets.add(access_token)
        body = await self._post(
            f"{self._api}/v2.0/oa/upload/{kind}",
            headers={"access_token": access_token},
            files={"file": (name, content)},
        )
        return _data(self._checked(body))

    async def _post(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self._http.post(url, **kwargs)
        except httpx.HTTPError as exc:
            raise OaUnreachable(0, f"{type(exc).__name__} calling Zalo") from None
        if response.status_code != 200:
            raise OaUnreachable(0, f"Zalo answered HTTP {response.status_code}")
        try:
            body: Any = response.json()
        except ValueError:
            raise OaUnreachable(0, "Zalo answered something that is not JSON") from None
        return body if isinstance(body, dict) else {}

    def _checked(self, body: dict[str, Any]) -> dict[str, Any]:
        code = _code(body)
        if code != 0:
            raise OaRefused(code or -1, self._redact(str(body.get("message") or "refused")))
        return body

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret:
                text = text.replace(secret, _REDACTED)
        return text


def _code(body: dict[str, Any]) -> int:
    try:
        return int(body.get("error") or 0)
    except (TypeError, ValueError):
        return -1


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def _seconds(value: object) -> int:
    """``expires_in`` as Zalo sends it (a string of seconds, sometimes a number)."""
    try:
        seconds = int(str(value))
    except ValueError:
        return _FALLBACK_EXPIRES_IN
    return seconds if seconds > 0 else _FALLBACK_EXPIRES_IN
