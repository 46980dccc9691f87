"""Which attachments are accepted: the configured types, never programs or scripts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config_files import FileSettings


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("minh-chung.pdf", "application/pdf"),
        ("BANG-DIEM.XLSX", "application/zip"),
        ("anh.jpg", "image/jpeg"),
        ("tep", "application/pdf"),  # no extension: judged by its type
    ],
)
def test_documents_and_pictures_are_accepted(name: str, mime: str) -> None:
    assert FileSettings().accepts(name, mime)


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("cai-dat.exe", "application/x-msdownload"),
        ("chay.bat", "application/octet-stream"),
        ("script.ps1", "text/plain"),
        ("bao-cao.pdf.js", "application/javascript"),
        ("bao-cao.pdf", "application/x-msdownload"),  # a program renamed
        ("ung-dung.apk", "application/vnd.android.package-archive"),
        ("macro.docm", "application/octet-stream"),
        ("tep", "application/octet-stream"),
        ("ban-ve.dwg", "image/vnd.dwg"),  # not configured
    ],
)
def test_programs_scripts_and_unlisted_types_are_refused(name: str, mime: str) -> None:
    assert not FileSettings().accepts(name, mime)


def test_the_accepted_types_are_configurable_but_never_programs() -> None:
    files = FileSettings(accepted=(".DWG", "pdf"))
    assert files.accepts("ban-ve.dwg", "image/vnd.dwg")
    assert files.listing() == ".dwg, .pdf"
    with pytest.raises(ValidationError, match="exe"):
        FileSettings(accepted=("pdf", "exe"))
