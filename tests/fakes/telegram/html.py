"""Telegram's HTML parse mode: the parser the fake validates bot messages with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tests.fakes.telegram.protocol import JsonDict


class TelegramHtmlError(ValueError):
    """Raised by ``parse_telegram_html`` for text that Telegram's HTML parser would reject."""


_HTML_TAG_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE: Final = re.compile(
    r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7}));"
)
_PLAIN_RUN_RE: Final = re.compile(r"[^<>&]+")
_START_TAG_RE: Final = re.compile(r"<([^\s>]*)")
_END_TAG_RE: Final = re.compile(r"</([^\s>]*)\s*>")
_ATTRIBUTE_RE: Final = re.compile(r"([^\s=>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_WHITESPACE_RE: Final = re.compile(r"\s*")
_MAX_CODE_POINT: Final = 0x10FFFF
_SURROGATES: Final = range(0xD800, 0xE000)


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's length limits.

    Args:
        text: Any string.

    Returns:
        Number of UTF-16 code units (characters outside the BMP count twice).
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def _decode_entity(match: re.Match[str]) -> str | None:
    named, decimal, hexadecimal = match.groups()
    if named is not None:
        return _NAMED_ENTITIES[named]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > _MAX_CODE_POINT or code in _SURROGATES:
        return None
    return chr(code)


def _unescape(source: str, start: int, end: int) -> str:
    """Decode the HTML entities of ``source[start:end]``, rejecting a bare ``&``."""
    parts: list[str] = []
    index = start
    while index < end:
        amp = source.find("&", index, end)
        if amp < 0:
            parts.append(source[index:end])
            break
        parts.append(source[index:amp])
        match = _HTML_ENTITY_RE.match(source, amp, end)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            raise TelegramHtmlError(
                f'Unescaped "&" at byte offset {_byte_offset(source, amp)}; use "&amp;"'
            )
        parts.append(decoded)
        index = match.end()
    return "".join(parts)


@dataclass(slots=True)
class _OpenTag:
    name: str
    entity: JsonDict | None
    offset: int


class _HtmlParser:
    """Telegram's HTML parse mode (tdlib's ``parse_html``), stricter about bare ``>``/``&``.

    tdlib keeps a stray ``>`` or an ``&`` that starts no entity literally; the Bot API docs
    require escaping them, so the fake rejects them to catch unescaped user values early.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JsonDict] = []

    def parse(self) -> tuple[str, list[JsonDict]]:
        source = self.source
        index = 0
        while index < len(source):
            char = source[index]
            if char == "<":
                index = self._tag(index)
            elif char in "&>":
                index = self._special(index)
            else:
                match = _PLAIN_RUN_RE.match(source, index)
                assert match is not None
                self._append(match.group())
                index = match.end()
        if self.stack:
            raise TelegramHtmlError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.parts), self.entities

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_length(text)

    def _error(self, message: str, index: int) -> TelegramHtmlError:
        return TelegramHtmlError(f"{message} at byte offset {_byte_offset(self.source, index)}")

    def _special(self, index: int) -> int:
        if self.source[index] == ">":
            raise self._error('Unescaped ">" (use "&gt;")', index)
        match = _HTML_ENTITY_RE.match(self.source, index)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            raise self._error('Unescaped "&" (use "&amp;")', index)
        self._append(decoded)
        return match.end()

    def _tag(self, index: int) -> int:
        if self.source.startswith("</", index):
            return self._end_tag(index)
        match = _START_TAG_RE.match(self.source, index)
        assert match is not None
        name = match.group(1).lower()
        if name not in _HTML_TAG_TYPES:
            raise self._error(f'Unsupported start tag "{match.group(1)}"', index)
        attributes, end = self._attributes(match.end(), index)
        self.stack.append(_OpenTag(name, self._entity_for(name, attributes, index), self.offset))
        return end

    def _attributes(self, position: int, tag_index: int) -> tuple[dict[str, str], int]:
        source = self.source
        attributes: dict[str, str] = {}
        while True:
            space = _WHITESPACE_RE.match(source, position)
            position = space.end() if space else position
            if position >= len(source):
                raise self._error("Unclosed start tag", tag_index)
            if source[position] == ">":
                return attributes, position + 1
            match = _ATTRIBUTE_RE.match(source, position)
            if match is None:
                raise self._error("Empty attribute name in the tag", tag_index)
            value = match.group(2) or ""
            start, end = match.start(2), match.end(2)
            if value[:1] in {'"', "'"}:
                start, end = start + 1, end - 1
            attributes[match.group(1).lower()] = _unescape(source, start, end) if value else ""
            position = match.end()

    def _entity_for(self, name: str, attributes: dict[str, str], index: int) -> JsonDict | None:
        entity_type = _HTML_TAG_TYPES[name]
        if name == "a":
            href = attributes.get("href", "")
            return {"type": entity_type, "url": href} if href else None
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', index)
        if name == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise self._error('Tag "tg-emoji" must have a numeric "emoji-id"', index)
            return {"type": entity_type, "custom_emoji_id": emoji_id}
        if name == "blockquote" and "expandable" in attributes:
            return {"type": "expandable_blockquote"}
        language = attributes.get("class", "")
        if name == "code" and language.startswith("language-") and self.stack:
            parent = self.stack[-1]
            if parent.name == "pre" and parent.entity is not None and parent.offset == self.offset:
                # <pre><code class="language-x"> is one pre entity with a language, as in tdlib.
                parent.entity["language"] = language.removeprefix("language-")
                return None
        return {"type": entity_type}

    def _end_tag(self, index: int) -> int:
        match = _END_TAG_RE.match(self.source, index)
        if match is None:
            raise self._error("Unclosed end tag", index)
        name = match.group(1).lower()
        if not self.stack:
            raise self._error("Unexpected end tag", index)
        top = self.stack[-1]
        if name != top.name:
            raise self._error(
                f'Unmatched end tag, expected "</{top.name}>", found "</{match.group(1)}>"', index
            )
        self.stack.pop()
        length = self.offset - top.offset
        if top.entity is not None and length > 0:
            self.entities.append({**top.entity, "offset": top.offset, "length": length})
        return match.end()


def parse_telegram_html(text: str) -> tuple[str, list[JsonDict]]:
    """Parse text in Telegram's HTML parse mode the way the Bot API does.

    Args:
        text: Message text with HTML markup.

    Returns:
        The plain text the user sees and its ``MessageEntity`` dicts (offsets in UTF-16 units).

    Raises:
        TelegramHtmlError: For unsupported tags, unclosed or mismatched tags, and a ``<``, ``>``
            or ``&`` that is neither part of a tag nor a valid entity.
    """
    return _HtmlParser(text).parse()
