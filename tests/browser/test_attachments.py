"""A dossier's files in a real browser: an image uploaded on the web shows as a preview under
the page's Content-Security-Policy, and "Tải về" saves a file under its Vietnamese name."""

from __future__ import annotations

import struct
import zlib

from playwright.async_api import Page, expect

from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member, make_proposal

IMAGE_NAME = "Ảnh hiện trường.png"
WORD_NAME = "Thuyết minh đề tài.docx"


def png(width: int, height: int) -> bytes:
    """A real grey PNG of ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_an_image_is_previewed_and_a_word_file_saved(page: Page, live_web: LiveWeb) -> None:
    app = live_web.app
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    author = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    files = app.services.files
    image = await files.store(author, IMAGE_NAME, "image/png", png(12, 7))
    word = await files.store(author, WORD_NAME, "application/msword", b"PK\x03\x04" + b"0" * 60)
    item = await app.services.initiatives.submit(author, make_proposal(files=(image, word)))
    await page.goto(await live_web.sign_in_url(office))
    await page.goto(f"{live_web.base}/web/sang-kien/{item.id}")
    preview = page.locator("img.thumb")
    await expect(preview).to_have_attribute("alt", IMAGE_NAME)
    loaded = "() => { const i = document.querySelector('img.thumb'); return i && i.complete }"
    await page.wait_for_function(loaded)
    assert await preview.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [12, 7]
    entry = page.locator("ul.files li", has_text=WORD_NAME)
    await expect(entry.get_by_role("link", name="Xem")).to_have_count(0)
    async with page.expect_download() as saving:
        await entry.get_by_role("link", name="Tải về").click()
    saved = await saving.value
    assert saved.suggested_filename == WORD_NAME
