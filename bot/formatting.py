"""Telegram HTML helpers: visible length, plain-text rendering and length-safe splitting.

Message text in this bot is Telegram HTML limited to ``<b> <i> <u> <s> <code> <pre>
<a href> <blockquote>``, with every user value already escaped. Telegram enforces its
message limit on the text *after* parsing, counted in UTF-16 code units, so every length
here is measured that way rather than with ``len()`` on the markup.

This is a kernel module: it imports only the standard library.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "PAGE_HEADER_RESERVE",
    "TELEGRAM_MESSAGE_LIMIT",
    "paginate",
    "split_html",
    "strip_html",
    "visible_length",
]

TELEGRAM_MESSAGE_LIMIT = 4096
"""Maximum visible length of one Telegram message, in UTF-16 code units."""

PAGE_HEADER_RESERVE = 40
"""Room :func:`paginate` leaves on every page for a header such as ``Trang 2/5``."""

# One alternative per token kind. Quoted attribute values may contain ">" (an href with a
# query string written by hand), so they are matched as a whole. Anything that is neither a
# tag nor a complete entity is plain text, which keeps sloppy input from raising.
_TOKEN_RE = re.compile(
    r"""
    (?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)
        (?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*)>)
    |(?P<entity>&(?:\#[0-9]+|\#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)
    |(?P<text>[^<&]+)
    |(?P<stray>[<&])
    """,
    re.VERBOSE,
)
_HREF_RE = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)

# A no-break space says "do not break here"; honour it even though str.isspace() is true.
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f\ufeff")
_ZWJ = "\u200d"
# Characters that belong to the grapheme before them: cutting in front of one would leave a
# bare diacritic (decomposed Vietnamese) or break an emoji sequence at the chunk edge.
_GLUE_CHARS = frozenset("\u200d\ufe0e\ufe0f")
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_EMOJI_TAGS = range(0xE0020, 0xE0080)


def _utf16_units(text: str) -> int:
    # Astral characters are a surrogate pair in UTF-16; that is what Telegram counts.
    return len(text.encode("utf-16-le")) // 2


def _clings_to_previous(char: str) -> bool:
    code = ord(char)
    return (
        char in _GLUE_CHARS
        or code in _SKIN_TONES
        or code in _EMOJI_TAGS
        or unicodedata.category(char) in {"Mn", "Mc", "Me"}
    )


def visible_length(text: str) -> int:
    """Return the length Telegram counts for a Telegram-HTML message.

    Tags count nothing, an entity counts as the text it stands for, and the result is in
    UTF-16 code units, so a character outside the Basic Multilingual Plane (most emoji)
    counts 2.

    Args:
        text: Telegram HTML.

    Returns:
        The visible length in UTF-16 code units.
    """
    total = 0
    for match in _TOKEN_RE.finditer(text):
        if match["tag"] is not None:
            continue
        entity = match["entity"]
        total += _utf16_units(html.unescape(entity) if entity else match.group())
    return total


def _href(attrs: str) -> str:
    match = _HREF_RE.search(attrs)
    if match is None:
        return ""
    return html.unescape(next(group for group in match.groups() if group is not None))


def _close_link(out: list[str], href: str, label_start: int) -> None:
    label = "".join(out[label_start:])
    if not href or label == href:
        return
    # Without a label the address is all the reader has; otherwise show both.
    out.append(f" ({href})" if label.strip() else href)


def strip_html(text: str) -> str:
    """Render Telegram HTML as plain text for channels without markup (console, Zalo).

    Tags are removed and entities unescaped. A link keeps its address visible:
    ``<a href="u">label</a>`` becomes ``label (u)``, or just ``u`` when the label is the
    address itself.

    Args:
        text: Telegram HTML.

    Returns:
        The plain text.
    """
    out: list[str] = []
    links: list[tuple[str, int]] = []
    for match in _TOKEN_RE.finditer(text):
        if match["tag"] is not None:
            if match["name"].lower() != "a":
                continue
            if not match["close"]:
                links.append((_href(match["attrs"]), len(out)))
            elif links:
                _close_link(out, *links.pop())
        elif match["entity"] is not None:
            out.append(html.unescape(match["entity"]))
        else:
            out.append(match.group())
    # An unclosed link would otherwise lose its address silently.
    while links:
        _close_link(out, *links.pop())
    return "".join(out)


class _Kind(Enum):
    OPEN = "open"
    CLOSE = "close"
    VOID = "void"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class _Atom:
    """The unit the splitter works on: one tag, one entity or one character."""

    raw: str
    kind: _Kind
    name: str = ""
    width: int = 0
    space: bool = False
    newline: bool = False
    glue: bool = False


def _tag_atom(match: re.Match[str]) -> _Atom:
    name = match["name"].lower()
    if match["close"]:
        return _Atom(match.group(), _Kind.CLOSE, name)
    if match["attrs"].rstrip().endswith("/"):
        return _Atom(match.group(), _Kind.VOID, name)
    return _Atom(match.group(), _Kind.OPEN, name)


# A message repeats a small alphabet and atoms are immutable, so one per character will do.
@functools.lru_cache(maxsize=4096)
def _char_atom(char: str, *, after_zwj: bool) -> _Atom:
    space = char.isspace() and char not in _NO_BREAK_SPACES
    glue = after_zwj or _clings_to_previous(char)
    return _Atom(char, _Kind.TEXT, "", _utf16_units(char), space, char == "\n", glue)


def _char_atoms(text: str, previous: str) -> list[_Atom]:
    atoms = []
    for char in text:
        atoms.append(_char_atom(char, after_zwj=previous == _ZWJ))
        previous = char
    return atoms


def _tokenize(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    previous = ""  # last visible character, to keep ZWJ sequences whole
    for match in _TOKEN_RE.finditer(text):
        if match["tag"] is not None:
            atoms.append(_tag_atom(match))
        elif match["entity"] is not None:
            raw = match["entity"]
            value = html.unescape(raw)
            glue = previous == _ZWJ or (value != "" and _clings_to_previous(value[0]))
            atoms.append(_Atom(raw, _Kind.TEXT, "", _utf16_units(value), glue=glue))
            previous = value[-1:] or previous
        else:
            atoms.extend(_char_atoms(match.group(), previous))
            previous = match.group()[-1]
    return atoms


def _fitting_links(atoms: list[_Atom], limit: int) -> list[int]:
    """Map each atom to the index of the link it sits in, if that link fits in one chunk.

    Cutting a link in two gives the reader two half-labels pointing at the same address
    (and ``strip_html`` prints the address twice), so the splitter keeps a link whole
    whenever its label could fit in a chunk at all.
    """
    owner = [-1] * len(atoms)
    widths: dict[int, int] = {}
    open_links: list[int] = []
    for index, atom in enumerate(atoms):
        if atom.name == "a" and atom.kind is _Kind.OPEN:
            open_links.append(index)
            widths[index] = 0
        elif atom.name == "a" and atom.kind is _Kind.CLOSE:
            if open_links:
                open_links.pop()
        elif atom.kind is _Kind.TEXT and open_links:
            owner[index] = open_links[-1]
            widths[open_links[-1]] += atom.width
    return [link if link >= 0 and widths[link] <= limit else -1 for link in owner]


def _apply_tag(stack: list[_Atom], atom: _Atom) -> None:
    if atom.kind is _Kind.OPEN:
        stack.append(atom)
    elif atom.kind is _Kind.CLOSE:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].name == atom.name:
                del stack[depth]
                break


@dataclass(slots=True)
class _Gap:
    """What lies between two visible non-space atoms: the candidate cut point."""

    newlines: int = 0
    spaces: bool = False

    def key(
        self, right: _Atom, *, outside_link: bool, position: int, limit: int
    ) -> tuple[bool, bool, int, int]:
        """Rank this cut; the splitter takes the largest key in its window."""
        if self.newlines >= 2:
            rank = 3
        elif self.newlines:
            rank = 2
        elif self.spaces:
            rank = 1
        else:
            rank = -1 if right.glue else 0
        # A paragraph break near the start of the window would leave a stub chunk and cost
        # an extra message; in the first half it is worth no more than a space.
        if rank > 1 and position * 2 < limit:
            rank = 1
        # Any whitespace beats cutting a word; then keep links whole; then the break kind;
        # then fill the chunk as far as possible.
        return (rank >= 1, outside_link, rank, position)


def _find_cut(atoms: list[_Atom], start: int, limit: int, links: list[int]) -> int:
    """Return the index of the last atom of the chunk that starts at ``start``.

    Returns -1 when nothing but whitespace and tags is left.
    """
    best_key: tuple[bool, bool, int, int] | None = None
    best = -1
    width = 0
    last = -1  # last visible non-space atom inside the window
    last_width = 0
    gap = _Gap()
    for index in range(start, len(atoms)):
        atom = atoms[index]
        if atom.kind is not _Kind.TEXT:
            continue
        if atom.space:
            # Whitespace at the cut is dropped, so it never pushes a chunk over the limit.
            width += atom.width
            gap.newlines += atom.newline
            gap.spaces = True
            continue
        if last >= 0:
            outside = links[last] < 0 or links[last] != links[index]
            key = gap.key(atom, outside_link=outside, position=last_width, limit=limit)
            if best_key is None or key >= best_key:
                best_key, best = key, last
        width += atom.width
        if width > limit:
            # No candidate means not even one character fits (limit < 2 and an emoji): it
            # cannot be split, so it goes out alone rather than loop forever.
            return best if best >= 0 else index
        last, last_width, gap = index, width, _Gap()
    # The text ran out inside the window, so only trailing whitespace overflowed.
    return last


def _skip_gap(atoms: list[_Atom], index: int, stack: list[_Atom]) -> int:
    """Step over the whitespace and tags at a cut, tracking which tags are open."""
    while index < len(atoms) and (atoms[index].kind is not _Kind.TEXT or atoms[index].space):
        _apply_tag(stack, atoms[index])
        index += 1
    return index


def _render(reopen: list[_Atom], body: list[_Atom], still_open: list[_Atom]) -> str:
    return "".join(
        [
            *(atom.raw for atom in reopen),
            *(atom.raw for atom in body),
            *(f"</{atom.name}>" for atom in reversed(still_open)),
        ]
    )


def split_html(text: str, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """Split a Telegram-HTML message into chunks that each fit in one message.

    Every chunk has a :func:`visible_length` of at most ``limit``. A cut goes, in order of
    preference, at a blank line, a line break, a space, and only inside a word when a
    single word is longer than the window; a blank line or line break in the first half
    of the window counts only as a space, so a heading does not become a message of its
    own. A link that fits in one chunk is never cut. Cuts never fall inside a tag or an
    entity, and the whitespace at a cut is dropped.

    Each chunk is well-formed on its own: tags open at a cut are closed at the end of the
    chunk and reopened, with the same attributes, at the start of the next one.

    Args:
        text: Well-formed Telegram HTML.
        limit: Maximum visible length of a chunk, in UTF-16 code units.

    Returns:
        ``[text]`` unchanged when it fits (including empty text); otherwise the chunks in
        order. Whitespace-only text longer than ``limit`` gives ``[]``. Only a ``limit``
        narrower than a single character (an emoji with ``limit=1``) lets a chunk exceed
        it, since a character cannot be split.

    Raises:
        ValueError: If ``limit`` is less than 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if visible_length(text) <= limit:
        return [text]
    atoms = _tokenize(text)
    links = _fitting_links(atoms, limit)
    remaining = [0] * (len(atoms) + 1)
    for index in range(len(atoms) - 1, -1, -1):
        remaining[index] = remaining[index + 1] + atoms[index].width
    chunks: list[str] = []
    stack: list[_Atom] = []
    # Leading whitespace could push the first chunk over the limit on its own, and Telegram
    # trims it from a message anyway.
    start = _skip_gap(atoms, 0, stack)
    while start < len(atoms):
        end = (
            len(atoms) - 1 if remaining[start] <= limit else _find_cut(atoms, start, limit, links)
        )
        if end < 0:
            break
        still_open = list(stack)
        for atom in atoms[start : end + 1]:
            if atom.kind is not _Kind.TEXT:
                _apply_tag(still_open, atom)
        chunks.append(_render(stack, atoms[start : end + 1], still_open))
        stack = still_open
        start = _skip_gap(atoms, end + 1, stack)
    return chunks


def paginate(text: str, limit: int) -> list[str]:
    """Split a message into pages, leaving room for a header the caller adds to each.

    Same as :func:`split_html` with ``limit - PAGE_HEADER_RESERVE``, so a header such as
    ``Trang 2/5`` plus a line break still fits within ``limit``.

    Args:
        text: Well-formed Telegram HTML.
        limit: Maximum visible length of a page *including* its header.

    Returns:
        The page bodies, without headers.

    Raises:
        ValueError: If ``limit`` leaves no room for text after the header.
    """
    body_limit = limit - PAGE_HEADER_RESERVE
    if body_limit < 1:
        raise ValueError(
            f"limit must exceed the {PAGE_HEADER_RESERVE}-unit page header reserve, got {limit}"
        )
    return split_html(text, body_limit)
