"""The console shows a chart the bot sends by saving the PNG and printing where it is."""

from __future__ import annotations

import re
from pathlib import Path

from tests.unit.test_cli import thidua, workdir  # noqa: F401 - the fixture is used by name

PNG = b"\x89PNG\r\n\x1a\n"


def test_console_saves_the_board_chart_and_prints_its_path(workdir: Path) -> None:  # noqa: F811
    register = "/start\nTrần Văn Quản\nChánh Văn phòng\n1\n"
    result = thidua(workdir, "chat", stdin=register + "/bangxephang\n!thoat\n")
    assert result.returncode == 0, result.stderr
    assert "Bảng xếp hạng đơn vị" in result.stdout
    saved = re.search(
        r"Bot gửi một ảnh \(Bảng xếp hạng đơn vị · Năm \d{4}\); đã lưu tại: (\S+)", result.stdout
    )
    assert saved is not None, result.stdout
    path = Path(saved.group(1))
    path = path if path.is_absolute() else workdir / path
    assert path.suffix == ".png" and path.read_bytes().startswith(PNG)
