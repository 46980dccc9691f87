"""Zalo's html parse mode as its documentation describes it, for the fake Zalo server.

The tags Zalo lists (platforms.md §C) with only a ``style`` attribute, properly nested; a
document with anything else is refused. What the person reads is the text without the tags
and with entities decoded.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Final

__all__ = ["HTML_TAGS", "render_html"]

#: The tags Zalo's html parse mode documents (platforms.md §C).
HTML_TAGS: Final = frozenset(
    {"b", "strong", "i", "em", "u", "s", "del", "strike", "ul", "ol", "li", "p", "div"}
    | {f"h{level}" for level in range(1, 7)}
)
_BOLD: Final = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})


class _ZaloHtml(HTMLParser):
    """Checks html the way Zalo documents it and renders it (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.bold: list[str] = []
        self.open: list[str] = []
        self.problem = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS or any(name != "style" for name, _ in attrs):
            self.problem = self.problem or f"unsupported tag <{tag}>"
        self.open.append(tag)
        if tag in _BOLD:
            self.bold.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problem = self.problem or f"unbalanced </{tag}>"
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if any(tag in _BOLD for tag in self.open) and self.bold:
            self.bold[-1] += data

    def rendered(self, raw: str) -> tuple[str, tuple[str, ...]]:
        self.feed(raw)
        self.close()
        if self.open:
            self.problem = self.problem or f"unclosed <{self.open[-1]}>"
        if self.problem:
            raise ValueError(self.problem)
        return "".join(self.text), tuple(run for run in self.bold if run)


def render_html(raw: str) -> tuple[str, tuple[str, ...]]:
    """What Zalo shows for ``raw`` in html mode, and its bold runs.

    Raises:
        ValueError: ``raw`` has a tag Zalo does not know or is not well-formed.
    """
    return _ZaloHtml().rendered(raw)
