"""The web app's own stylesheet and scripts, read from the package once and served with a
long cache (their URLs carry a version)."""

from __future__ import annotations

from importlib import resources

from aiohttp import web

from bot.web.security import HEADERS

_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


class StaticFiles:
    """Serves ``bot/web/static/<name>``; unknown names answer 404."""

    def __init__(self) -> None:
        """Read every file of the folder now: there are few and they are small."""
        folder = resources.files("bot.web").joinpath("static")
        self._files: dict[str, tuple[bytes, str]] = {}
        for entry in folder.iterdir():
            suffix = "." + entry.name.rsplit(".", 1)[-1]
            if entry.is_file() and suffix in _TYPES:
                self._files[entry.name] = (entry.read_bytes(), _TYPES[suffix])

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """One file, or 404."""
        found = self._files.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound(headers=HEADERS)
        body, content_type = found
        headers = {**HEADERS, "Cache-Control": "public, max-age=86400"}
        return web.Response(body=body, content_type=content_type, headers=headers)
