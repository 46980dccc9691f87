"""The text of a rendered ``.docx`` as a reader meets it: the body's paragraphs and tables in
order, a table row's cells joined with " | ", empty lines left out."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells = [" / ".join(p.text for p in cell.paragraphs if p.text) for cell in row.cells]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def document_text(data: bytes) -> str:
    """Every non-empty paragraph and table row of the document's body, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines) + "\n"
