"""The text of a ``.docx`` as a reader sees it, for tests: the body's paragraphs and tables in
order, each table row's cells joined
with " | " (a cell of several paragraphs keeps its line breaks)."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def document_text(data: bytes) -> str:
    """Every paragraph and table row of the document's body, one per line, in order."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(_rows(block))
    return "\n".join(lines)


def _rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        rows.append(" | ".join(cell.text for cell in row.cells))
    return rows
