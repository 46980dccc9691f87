"""Short-lived links to files a Zalo chat cannot carry: names, headers, and the store's bounds."""

from __future__ import annotations

from yarl import URL

from bot.channels.media import MediaStore, url_name
from tests.channels.test_zalo_http import Recorder, get, make_app, serving

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_file_s_name_in_its_link_is_plain_and_readable() -> None:
    assert url_name("Danh sách đề nghị Đợt 1.xlsx") == "Danh-sach-de-nghi-Dot-1.xlsx"
    assert url_name("../../etc/passwd") == "etc-passwd"
    assert url_name("<script>.xlsx") == "script-.xlsx"
    assert url_name("đ") == "d"
    assert url_name("…") == "tep"


async def test_a_file_downloads_under_its_real_name_and_not_as_an_image() -> None:
    media = MediaStore(public_base_url="https://bot.example.vn/", ttl_seconds=300)
    url = await media.publish_file(b"PK\x03\x04workbook", "Sáng kiến 2026.xlsx")
    assert url.startswith("https://bot.example.vn/files/")
    assert url.endswith("/Sang-kien-2026.xlsx")
    path = URL(url).path
    token = path.split("/")[2]
    async with serving(make_app(Recorder(), media=media)) as (_, base):
        status, body, headers = await get(base, path)
        assert (await get(base, f"/media/{token}.png"))[0] == 404  # a file is no image
    assert (status, body) == (200, b"PK\x03\x04workbook")
    assert headers["Content-Type"] == XLSX
    assert headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''S%C3%A1ng%20ki%E1%BA%BFn%202026.xlsx"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_an_image_is_not_served_as_a_file() -> None:
    media = MediaStore(public_base_url="https://x", ttl_seconds=300)
    token = URL(await media.publish(b"png")).name.removesuffix(".png")
    async with serving(make_app(Recorder(), media=media)) as (_, base):
        assert (await get(base, f"/files/{token}/chart.png"))[0] == 404


async def test_the_store_drops_the_oldest_files_beyond_its_size() -> None:
    media = MediaStore(public_base_url="https://x", ttl_seconds=300, max_bytes=10)
    first = await media.publish_file(b"123456", "a.xlsx")
    second = await media.publish_file(b"7890", "b.xlsx")
    assert len(media) == 2
    third = await media.publish_file(b"xyz", "c.xlsx")
    tokens = [URL(url).path.split("/")[2] for url in (first, second, third)]
    assert [media.get(token) for token in tokens] == [None, b"7890", b"xyz"]
    # One file bigger than the whole store is still kept until the next one comes.
    big = await media.publish_file(b"x" * 50, "big.xlsx")
    assert media.get(URL(big).path.split("/")[2]) == b"x" * 50
