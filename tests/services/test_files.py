"""Files' bytes: a web upload kept and read back, a chat file fetched through its running
channel, and every way a file cannot be had refused in Vietnamese (never a crash)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.channels.console.messenger import ConsoleMessenger
from bot.ports import Channel, TransientFailure
from bot.services.common import AttachmentView, FileInfo
from bot.services.files import WEB_CHANNEL, FileKind, sniff
from models import StoredFile
from tests.factories import make_member

PDF = b"%PDF-1.7\n% a small test document\n%%EOF\n"
NAME = "Biên bản họp chi bộ tháng 3.pdf"


class RefusingSource:
    """A chat channel whose platform would not hand any file over."""

    async def download(self, file_id: str) -> bytes:
        raise TransientFailure(f"no file {file_id} now")


async def test_an_upload_is_kept_and_read_back_with_its_name(app: App) -> None:
    head = await make_member(app, "tp", name="Trưởng Phòng Cường")
    stored = await app.services.files.store(head, NAME, "application/pdf", PDF)
    assert (stored.channel, stored.name, stored.size) == (WEB_CHANNEL, NAME, len(PDF))
    got = await app.services.files.content(stored)
    assert (got.name, got.mime_type, got.content) == (NAME, "application/pdf", PDF)
    assert PDF not in repr(got).encode()
    async with app.sessions() as session:
        row = await session.scalar(select(StoredFile))
    assert row is not None and row.uploaded_by == head.id and len(row.sha256) == 64


async def test_a_chat_file_comes_through_its_running_channel(app: App, tmp_path: Path) -> None:
    sent = tmp_path / "minh-chung.pdf"
    sent.write_bytes(PDF)
    file = AttachmentView(7, "console", str(sent), "minh-chung.pdf", "application/pdf", len(PDF))
    with pytest.raises(errors.FileUnavailable) as refused:
        await app.services.files.content(file)  # the console is not running yet
    assert "minh-chung.pdf" in app.texts.t(refused.value.text_key, **refused.value.params)
    app.messengers[Channel.CONSOLE] = ConsoleMessenger(app.texts, io.StringIO())
    assert (await app.services.files.content(file)).content == PDF
    sent.unlink()
    with pytest.raises(errors.FileUnavailable):
        await app.services.files.content(file)


@pytest.mark.parametrize("channel", ["facebook", "", "Telegram"])
async def test_a_file_of_a_channel_this_version_does_not_know_is_unavailable(
    app: App, channel: str
) -> None:
    file = FileInfo(channel, "abc", "tep.pdf", "application/pdf", 10)
    with pytest.raises(errors.FileUnavailable):
        await app.services.files.content(file)


async def test_a_platform_refusing_the_download_is_unavailable(app: App) -> None:
    app.messengers[Channel.TELEGRAM] = RefusingSource()  # type: ignore[assignment]
    file = FileInfo("telegram", "BQACxyz", "anh.jpg", "image/jpeg", 10)
    with pytest.raises(errors.FileUnavailable):
        await app.services.files.content(file)


@pytest.mark.parametrize("file_id", ["", "abc", "1 ", "-1", "²", "١", "9" * 12, "999999"])
async def test_a_forged_or_missing_upload_id_is_unavailable(app: App, file_id: str) -> None:
    head = await make_member(app, "tp", name="Trưởng Phòng Cường")
    await app.services.files.store(head, NAME, "application/pdf", PDF)
    with pytest.raises(errors.FileUnavailable):
        await app.services.files.content(FileInfo(WEB_CHANNEL, file_id, NAME, "x/y", 1))


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (PDF, "a.bin", FileKind.PDF),
        (b"\x89PNG\r\n\x1a\n....", "a.pdf", FileKind.PNG),
        (b"\xff\xd8\xff\xe0....", "a", FileKind.JPEG),
        (b"PK\x03\x04....", "Báo cáo.DOCX", FileKind.DOCX),
        (b"PK\x03\x04....", "so-lieu.xlsx", FileKind.XLSX),
        (b"PK\x03\x04....", "goi.zip", None),
        (b"<html><script>alert(1)</script>", "trang.pdf", None),
        (b"", "rong.pdf", None),
    ],
)
def test_a_files_kind_is_told_from_its_first_bytes(
    content: bytes, name: str, kind: FileKind | None
) -> None:
    assert sniff(content, name) is kind


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Biên bản\r\nSet-Cookie: x.pdf", "Biên bản Set-Cookie: x.pdf"),
        ("../../etc/passwd", ".._.._etc_passwd"),
        ("  \t\x00 ", "tep"),
        ("Tờ trình " + "dài " * 100 + ".pdf", ("Tờ trình " + "dài " * 100)[:200].strip()),
    ],
)
async def test_an_uploads_name_is_kept_fit_for_a_header(app: App, given: str, kept: str) -> None:
    head = await make_member(app, "tp", name="Trưởng Phòng Cường")
    stored = await app.services.files.store(head, given, "application/pdf", PDF)
    assert stored.name == kept
    assert (await app.services.files.content(stored)).name == kept
