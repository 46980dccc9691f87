"""A template's source: the official layout as data (NĐ 30/2020/NĐ-CP, Phụ lục I) — the
letterhead, the title, paragraphs, tables and the signature block — with Jinja fields."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Style = Literal["indent", "plain", "center", "bold", "italic", "heading", "right", "note"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Column(_Frozen):
    """A table column: its head, the cell's field (``r`` is the row) and its width in cm."""

    head: str
    cell: str
    width: float = Field(gt=0, le=20)
    align: Literal["left", "center", "right"] = "left"


class Block(_Frozen):
    """A paragraph (``text``) or a table looping over the list ``table``."""

    text: str = ""
    style: Style = "indent"
    table: str = ""
    columns: tuple[Column, ...] = ()
    #: A last row after the loop (totals); one cell per column.
    total: tuple[str, ...] = ()


class Signature(_Frozen):
    """The foot: recipients on the left (Nơi nhận), the signer on the right."""

    recipients: tuple[str, ...] = ()
    signer: tuple[str, ...] = ()


class FormSource(_Frozen):
    """One template."""

    template: str = Field(pattern=r"^[a-z_]+\.docx$")
    #: ``official``: the issuing body beside the national motto; ``motto``: the motto alone
    #: (a person's application or report).
    header: Literal["official", "motto"]
    title: tuple[str, ...] = Field(min_length=1)
    body: tuple[Block, ...] = ()
    signature: Signature = Signature()
    #: Paper orientation: a list with many columns reads better across.
    landscape: bool = False


def load(path: Path) -> FormSource:
    """The source in ``path``."""
    with path.open("rb") as handle:
        return FormSource.model_validate(tomllib.load(handle))


def sources() -> tuple[Path, ...]:
    """Every shipped source."""
    return tuple(sorted(Path(__file__).parent.glob("*.toml")))
