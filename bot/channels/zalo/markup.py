"""The core's Telegram HTML as the HTML Zalo's ``parse_mode: "html"`` renders.

The core writes a small HTML subset (``<b> <i> <u> <s> <code> <pre> <a href> <blockquote>``)
with every user value already escaped. Zalo's html mode knows ``<b> <i> <u> <s>`` (and their
synonyms) but no ``<code>``, ``<pre>``, ``<blockquote>`` or links (platforms.md §C), so those
become plain text and a link shows its address, as on channels without markup. Text is
unescaped and escaped again with only ``&lt; &gt; &amp;``: a value such as ``<b>``, ``*x*``
or ``{red}`` stays literal in html mode.

Pieces are measured by their *rendered* length (tags count nothing, an entity counts as its
character) and cut by :func:`bot.formatting.split_html`, which never cuts inside a tag or an
entity and closes and reopens the tags open at a cut, so every piece is well-formed alone.
"""

from __future__ import annotations

import html
import re
from typing import Final

from bot.formatting import split_html, strip_html

__all__ = ["ZALO_TAGS", "split_markup", "to_zalo_html"]

#: The core's tags Zalo renders, and the one Zalo is sent for each.
ZALO_TAGS: Final = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "del": "s",
    "strike": "s",
}
_TOKEN_RE: Final = re.compile(
    r"""(?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>)
    |(?P<entity>&(?:\#[0-9]+|\#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)
    |(?P<text>[^<&]+)
    |(?P<stray>[<&])""",
    re.VERBOSE,
)
_HREF_RE: Final = re.compile(
    r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


class _Converter:
    """Walks the core's markup once, keeping the tags Zalo knows balanced."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[str] = []
        self.links: list[tuple[str, int]] = []

    def feed(self, match: re.Match[str]) -> None:
        if match["tag"] is None:
            value = match["entity"] or match.group()
            self.out.append(_escape(html.unescape(value) if match["entity"] else value))
            return
        name = match["name"].lower()
        if name == "a":
            self._link(match)
        elif name in ZALO_TAGS:
            self._style(ZALO_TAGS[name], closing=bool(match["close"]))

    def _style(self, tag: str, *, closing: bool) -> None:
        if not closing:
            self.open.append(tag)
            self.out.append(f"<{tag}>")
        elif tag in self.open:
            # Close what was opened inside it too: nesting stays proper.
            while self.open:
                inner = self.open.pop()
                self.out.append(f"</{inner}>")
                if inner == tag:
                    break

    def _link(self, match: re.Match[str]) -> None:
        if not match["close"]:
            self.links.append((_href(match.group()), len(self.out)))
        elif self.links:
            self._close_link(*self.links.pop())

    def _close_link(self, href: str, start: int) -> None:
        label = strip_html("".join(self.out[start:]))
        if not href or label == href:
            return
        self.out.append(_escape(f" ({href})" if label.strip() else href))

    def result(self) -> str:
        while self.links:
            self._close_link(*self.links.pop())
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def _href(tag: str) -> str:
    match = _HREF_RE.search(tag)
    if match is None:
        return ""
    return html.unescape(next(group for group in match.groups() if group is not None))


def to_zalo_html(text: str) -> str:
    """Render the core's Telegram HTML as well-formed Zalo html (see the module docstring)."""
    converter = _Converter()
    for match in _TOKEN_RE.finditer(text):
        converter.feed(match)
    return converter.result()


def split_markup(text: str, limit: int) -> list[str]:
    """Split Zalo html into well-formed pieces of at most ``limit`` rendered UTF-16 units;
    pieces that would show nothing are dropped."""
    return [piece for piece in split_html(text.strip(), limit) if strip_html(piece).strip()]
