"""Settings of the dossier's official documents (DESIGN §3.12): where the templates are and
what the letterhead of every document says.

Every key is optional: what is unset shows as a visible blank in the documents, never an
invented value.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Documents(_Frozen):
    """``[documents]``: the templates folder and the letterhead (thể thức văn bản)."""

    #: A folder of ``.docx`` templates; a file there replaces the shipped one of the same name,
    #: the others stay as shipped. Relative paths are read from the working directory.
    templates_dir: Path | None = None
    #: The governing body on the letterhead's first line (cơ quan chủ quản), e.g.
    #: "UBND TỈNH PHÚ THỌ"; unset: the line is left out.
    governing_body: str = Field(default="", max_length=200)
    #: The issuing body (cơ quan ban hành); unset: ``organisation.name``.
    issuing_body: str = Field(default="", max_length=200)
    #: The issuing body's abbreviation in document numbers ("Số: 12/QĐ-SKHCN"); unset: blank.
    abbreviation: str = Field(default="", max_length=32, pattern=r"^[^\s/]*$")
    #: The place name before the date ("Phú Thọ, ngày … tháng … năm …"); unset: blank.
    place: str = Field(default="", max_length=100)
    #: The head's title and name on documents the head signs (Tờ trình, notices); unset: blank.
    head_title: str = Field(default="", max_length=100)
    head_name: str = Field(default="", max_length=100)
    #: The Office's name as it signs minutes and prepares lists (e.g. "Văn phòng Sở").
    office_name: str = Field(default="", max_length=200)
