"""The emulation plan as a document: its text format, the parser and the Telegram-HTML renderer.

The plan text is a small Markdown subset, so an officer can edit it in any text editor::

    # Title of the plan
    Preamble paragraphs (optional), shown as "Mở đầu".
    ## I. SECTION TITLE
    ### 1. A subheading
    - a bullet
    A paragraph; blank lines separate paragraphs.
    ## [movement-code] Name of an emulation movement
    One or two sentences describing the movement.

Sections are numbered I, II, III… in order. Movements (phong trào thi đua) may appear anywhere
after the title and are kept apart from the sections. Malformed text raises
:class:`PlanFormatError` with a text key under ``plan.format.`` and the line at fault, so the
person who uploads a plan is told in Vietnamese what to fix.

This is a kernel module: it imports only the standard library.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "MAX_DESCRIPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "PREAMBLE_TITLE",
    "PlanDocument",
    "PlanFormatError",
    "PlanMovement",
    "PlanSection",
    "parse_plan",
    "render_section",
]

MAX_TEXT_LENGTH = 1_000_000  # characters, after normalisation
MAX_TITLE_LENGTH = 400  # the "# " line
MAX_HEADING_LENGTH = 200  # a section title or a movement name
MAX_DESCRIPTION_LENGTH = 600  # a movement description, as plain text
PREAMBLE_TITLE = "Mở đầu"  # the title of the text before the first "## " heading

# A heading is a run of "#" then a space and text, or a bare run ("# " loses its space when
# trailing spaces are stripped). "#hashtag" is ordinary text, as in Markdown.
_HEADING_RE = re.compile(r"(#+)(?: (.*))?")
_SECTION_RE = re.compile(r"([IVXLCDM]+)\. +(.+)")
_MOVEMENT_RE = re.compile(r"\[([^\]]*)\] +(.+)")
_CODE_RE = re.compile(r"[a-z0-9-]{2,32}")
# ASCII digits only: \d would also count "١. " as a numbered item.
_NUMBERED_RE = re.compile(r"[0-9]+\. ")
_PARAGRAPH_BREAK_RE = re.compile(r"\n{2,}")
_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlanSection:
    """One numbered section of the plan, or its preamble.

    Attributes:
        number: ``""`` for the preamble, else the Roman numeral (``"I"``, ``"II"``, …).
        title: ``"Mở đầu"`` for the preamble, else the title as written
            (``"MỤC ĐÍCH, YÊU CẦU"``).
        body: The normalised source text of the body, without the heading line and without
            blank lines at either end.
        items: The number of ``### `` subheadings plus the paragraphs that start with
            ``<digits>. ``.
    """

    number: str
    title: str
    body: str
    items: int


@dataclass(frozen=True, slots=True)
class PlanMovement:
    """One emulation movement (phong trào thi đua) the plan launches.

    Attributes:
        code: The stable identifier from the heading (``"chuyen-doi-so"``).
        name: The movement's name as written.
        description: Plain text: the lines of a paragraph joined by a space, whitespace
            collapsed, paragraphs joined by ``"\\n"``.
    """

    code: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """A parsed plan.

    Attributes:
        title: The document title (the ``# `` line).
        sections: The preamble first when it has text, then sections I, II, … in order.
        movements: The movements in the order they appear.
        digest: SHA-256 (hex) of the normalised text, so re-uploading the same plan, even
            with a BOM or Windows line endings, is recognised as unchanged.
    """

    title: str
    sections: tuple[PlanSection, ...]
    movements: tuple[PlanMovement, ...]
    digest: str


class PlanFormatError(Exception):
    """The plan text does not follow the format.

    Attributes:
        key: The text key explaining the problem, under ``plan.format.``
            (``"plan.format.no_title"``).
        line: The 1-based line number at fault, or 0 when no single line is.
        params: Values for the text's other placeholders (``code``, ``expected``, …).
    """

    def __init__(self, key: str, *, line: int = 0, **params: object) -> None:
        where = f" at line {line}" if line else ""
        super().__init__(f"{key}{where} {params}" if params else f"{key}{where}")
        self.key = key
        self.line = line
        self.params: dict[str, object] = params


def _roman(number: int) -> str:
    numeral = []
    for value, digits in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        numeral.append(digits * count)
    return "".join(numeral)


def _heading(line: str) -> tuple[int, str]:
    """Return the level and text of a heading line, or ``(0, line)`` for any other line."""
    match = _HEADING_RE.fullmatch(line)
    if match is None:
        return 0, line
    return len(match[1]), (match[2] or "").strip()


def _normalise(source: str | bytes) -> list[str]:
    """Decode and normalise the source; return its lines, numbered from index 0."""
    if isinstance(source, bytes):
        # UTF-8 spends at most 4 bytes a character: refuse a huge upload before decoding it.
        if len(source) > 4 * MAX_TEXT_LENGTH:
            raise PlanFormatError("plan.format.too_long")
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanFormatError("plan.format.not_unicode") from None
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Word and phones may send decomposed Vietnamese; NFC makes equal text compare equal.
    text = unicodedata.normalize("NFC", text)
    if len(text) > MAX_TEXT_LENGTH:
        raise PlanFormatError("plan.format.too_long")
    lines = [line.rstrip() for line in text.split("\n")]
    if not any(lines):
        raise PlanFormatError("plan.format.empty")
    return lines


def _parse_title(lines: list[str]) -> tuple[str, int]:
    """Return the title and the index of its line, the first non-empty one."""
    index = next(i for i, line in enumerate(lines) if line)
    level, text = _heading(lines[index])
    if level != 1 or not text:
        raise PlanFormatError("plan.format.no_title", line=index + 1)
    if len(text) > MAX_TITLE_LENGTH:
        raise PlanFormatError("plan.format.title_too_long", line=index + 1)
    return text, index


def _paragraphs(body: str) -> list[list[str]]:
    return [part.split("\n") for part in _PARAGRAPH_BREAK_RE.split(body) if part]


def _count_items(body: str) -> int:
    items = 0
    for paragraph in _paragraphs(body):
        items += sum(1 for line in paragraph if _heading(line)[0] == 3)
        # Headings start with "#" and bullets with "-", so only plain text can match here.
        items += bool(_NUMBERED_RE.match(paragraph[0]))
    return items


def _plain_text(body: str) -> str:
    return "\n".join(
        " ".join(" ".join(_heading(line)[1].split()) for line in paragraph)
        for paragraph in _paragraphs(body)
    )


@dataclass(slots=True)
class _Block:
    """The section or movement being read: its heading and the body lines seen so far."""

    line: int
    title: str
    number: str = ""
    code: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip("\n")


class _Reader:
    """Reads the lines after the title one by one, closing each block at the next heading."""

    def __init__(self, first_line: int) -> None:
        self.sections: list[PlanSection] = []
        self.movements: list[PlanMovement] = []
        self.codes: set[str] = set()
        self.numbered = 0
        self.block = _Block(line=first_line, title=PREAMBLE_TITLE)

    def feed(self, number: int, line: str) -> None:
        level, text = _heading(line)
        if level == 0 or (level == 3 and text):
            self.block.lines.append(line)
        elif level == 1:
            raise PlanFormatError("plan.format.second_title", line=number)
        elif level >= 4:
            raise PlanFormatError("plan.format.deep_heading", line=number)
        elif level == 3:
            raise PlanFormatError("plan.format.bad_heading", line=number, text=line)
        else:
            self.close()
            self.block = self._open(number, line, text)

    def _open(self, number: int, line: str, text: str) -> _Block:
        if section := _SECTION_RE.fullmatch(text):
            return self._open_section(number, section[1], section[2].strip())
        if movement := _MOVEMENT_RE.fullmatch(text):
            return self._open_movement(number, movement[1], movement[2].strip())
        raise PlanFormatError("plan.format.bad_heading", line=number, text=line)

    def _open_section(self, number: int, numeral: str, title: str) -> _Block:
        expected = _roman(self.numbered + 1)
        if numeral != expected:
            raise PlanFormatError(
                "plan.format.numbering", line=number, expected=expected, got=numeral
            )
        if len(title) > MAX_HEADING_LENGTH:
            raise PlanFormatError("plan.format.title_too_long", line=number)
        self.numbered += 1
        return _Block(line=number, title=title, number=numeral)

    def _open_movement(self, number: int, code: str, name: str) -> _Block:
        if not _CODE_RE.fullmatch(code):
            raise PlanFormatError("plan.format.bad_movement_code", line=number, code=code)
        if code in self.codes:
            raise PlanFormatError("plan.format.duplicate_movement", line=number, code=code)
        if len(name) > MAX_HEADING_LENGTH:
            raise PlanFormatError("plan.format.title_too_long", line=number)
        self.codes.add(code)
        return _Block(line=number, title=name, code=code)

    def close(self) -> None:
        block = self.block
        if block.code:
            self._close_movement(block)
        elif block.body:
            self.sections.append(
                PlanSection(block.number, block.title, block.body, _count_items(block.body))
            )
        elif block.number:  # the preamble alone may be empty
            raise PlanFormatError(
                "plan.format.empty_section", line=block.line, number=block.number
            )

    def _close_movement(self, block: _Block) -> None:
        description = _plain_text(block.body)
        if not description:
            raise PlanFormatError("plan.format.empty_movement", line=block.line, code=block.code)
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise PlanFormatError(
                "plan.format.movement_too_long",
                line=block.line,
                code=block.code,
                max=MAX_DESCRIPTION_LENGTH,
            )
        self.movements.append(PlanMovement(block.code, block.title, description))


def parse_plan(source: str | bytes) -> PlanDocument:
    """Parse a plan text.

    The source is normalised first: a UTF-8 BOM is dropped, line endings become ``\\n``,
    the text is put in Unicode NFC and trailing spaces are stripped from every line.

    Args:
        source: The plan text, or its UTF-8 bytes as uploaded.

    Returns:
        The parsed document.

    Raises:
        PlanFormatError: If the text does not follow the format; its ``key`` and ``line``
            say what is wrong and where.
    """
    lines = _normalise(source)
    title, start = _parse_title(lines)
    reader = _Reader(first_line=start + 1)
    for index in range(start + 1, len(lines)):
        reader.feed(index + 1, lines[index])
    reader.close()
    if not reader.numbered:
        raise PlanFormatError("plan.format.no_sections")
    # Blank lines at either end change nothing a reader sees, so they do not change the digest.
    normalised = "\n".join(lines).strip("\n") + "\n"
    return PlanDocument(
        title=title,
        sections=tuple(reader.sections),
        movements=tuple(reader.movements),
        digest=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _render_line(line: str) -> str:
    level, text = _heading(line)
    if level == 3:
        return f"<b>{_escape(text)}</b>"
    if line.startswith("- "):
        return f"• {_escape(line[2:])}"
    return _escape(line)


def render_section(section: PlanSection) -> str:
    """Render a section as Telegram HTML.

    A numbered section starts with its bold heading (``<b>I. MỤC ĐÍCH, YÊU CẦU</b>``) and a
    blank line; the preamble has no heading. In the body a ``### `` subheading becomes bold,
    a ``- `` bullet starts with ``•``, paragraphs are separated by one blank line and the
    lines of a paragraph stay separate lines. Every piece of source text is escaped.

    Args:
        section: A section from :func:`parse_plan`.

    Returns:
        Well-formed Telegram HTML using only ``<b>``.
    """
    blocks = (
        [f"<b>{_escape(section.number)}. {_escape(section.title)}</b>"] if section.number else []
    )
    blocks.extend(
        "\n".join(_render_line(line) for line in paragraph)
        for paragraph in _paragraphs(section.body)
    )
    return "\n\n".join(blocks)
