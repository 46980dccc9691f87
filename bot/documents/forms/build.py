"""Turn a :class:`~bot.documents.forms.source.FormSource` into a ``.docx`` template with
python-docx: A4, Times New Roman 13 pt, the margins and letterhead of NĐ 30/2020/NĐ-CP."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from bot.documents.forms.source import Block, FormSource, Signature, load, sources

FONT: Final = "Times New Roman"
SIZE: Final = Pt(13)
MOTTO: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_ALIGN: Final = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def build(source: FormSource) -> bytes:
    """The template's bytes."""
    document = Document()
    _page(document, landscape=source.landscape)
    _fonts(document)
    if source.header == "official":
        _official_header(document)
    else:
        _motto_header(document)
    for number, line in enumerate(source.title):
        _line(document.add_paragraph(), line, bold=True, size=Pt(14 if number == 0 else 13))
    for block in source.body:
        if block.table:
            _table(document, block)
        else:
            _paragraph(document, block)
    _signature(document, source.signature)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(document: DocumentObject, *, landscape: bool) -> None:
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _fonts(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    font = style.font
    font.name, font.size = FONT, SIZE
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    spacing = style.paragraph_format
    spacing.space_before, spacing.space_after, spacing.line_spacing = Pt(0), Pt(6), 1.1


def _line(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: Pt | None = None,
    align: str = "center",
) -> Paragraph:
    paragraph.alignment = _ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size is not None:
        run.font.size = size
    return paragraph


def _borderless(document: DocumentObject, columns: int, widths: tuple[float, ...]) -> Table:
    table: Table = document.add_table(rows=1, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return table


def _cell_lines(cell: _Cell, lines: list[tuple[str, dict[str, object]]]) -> None:
    first = cell.paragraphs[0]
    for number, (text, style) in enumerate(lines):
        paragraph = first if number == 0 else cell.add_paragraph()
        _line(paragraph, text, **style)  # type: ignore[arg-type]


def _official_header(document: DocumentObject) -> None:
    left, right = _borderless(document, 2, (6.5, 9.5)).rows[0].cells
    small = Pt(12)
    _cell_lines(
        left,
        [
            ("{{ governing_body }}", {"size": small}),
            ("{{ issuing_body }}", {"bold": True, "size": small}),
            ("", {}),
            ("{{ number_line }}", {}),
        ],
    )
    _cell_lines(
        right,
        [
            (MOTTO[0], {"bold": True, "size": small}),
            (MOTTO[1], {"bold": True, "underline": True}),
            ("", {}),
            ("{{ place_date }}", {"italic": True}),
        ],
    )
    document.add_paragraph()


def _motto_header(document: DocumentObject) -> None:
    _line(document.add_paragraph(), MOTTO[0], bold=True)
    _line(document.add_paragraph(), MOTTO[1], bold=True, underline=True)
    document.add_paragraph()


def _paragraph(document: DocumentObject, block: Block) -> None:
    paragraph = document.add_paragraph()
    style = block.style
    align = {"center": "center", "heading": "left", "right": "right"}.get(style, "left")
    _line(
        paragraph,
        block.text,
        bold=style in ("bold", "heading"),
        italic=style in ("italic", "note"),
        size=Pt(12) if style == "note" else None,
        align=align,
    )
    paragraph.paragraph_format.space_after = Pt(6)
    if style in ("indent", "italic", "bold"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)


def _table(document: DocumentObject, block: Block) -> None:
    columns = block.columns
    table = document.add_table(rows=4 + bool(block.total), cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, start, row, end = table.rows[0], table.rows[1], table.rows[2], table.rows[3]
    for index, column in enumerate(columns):
        for line in table.columns[index].cells:
            line.width = Cm(column.width)
        _line(head.cells[index].paragraphs[0], column.head, bold=True, size=Pt(12))
        _line(row.cells[index].paragraphs[0], column.cell, size=Pt(12), align=column.align)
    _line(start.cells[0].paragraphs[0], f"{{%tr for r in {block.table} %}}", align="left")
    _line(end.cells[0].paragraphs[0], "{%tr endfor %}", align="left")
    if block.total:
        for index, text in enumerate(block.total):
            _line(table.rows[4].cells[index].paragraphs[0], text, bold=True, size=Pt(12))
    document.add_paragraph()


def _signature(document: DocumentObject, signature: Signature) -> None:
    if not signature.recipients and not signature.signer:
        return
    document.add_paragraph()
    left, right = _borderless(document, 2, (7.5, 8.5)).rows[0].cells
    recipients: list[tuple[str, dict[str, object]]] = [
        (
            text,
            {"bold": n == 0, "italic": n == 0, "size": Pt(12 if n == 0 else 11), "align": "left"},
        )
        for n, text in enumerate(signature.recipients)
    ]
    signer: list[tuple[str, dict[str, object]]] = [
        (text, {"bold": not text.startswith("("), "italic": text.startswith("(")})
        for text in signature.signer
    ]
    _cell_lines(left, recipients or [("", {})])
    _cell_lines(right, signer or [("", {})])


def build_all(folder: Path) -> tuple[Path, ...]:
    """Write every shipped source's template into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources():
        source = load(path)
        target = folder / source.template
        target.write_bytes(build(source))
        written.append(target)
    return tuple(written)
