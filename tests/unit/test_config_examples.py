"""The example configurations under ``examples/`` load and start the bot, as a new user tries
them: ``BOT_CONFIG=examples/… python -m bot chat``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import load_settings
from tests.unit.test_cli import ROOT, thidua

EXAMPLES = sorted((ROOT / "examples").glob("*/config.toml"))
MERGED = ROOT / "examples" / "so-khcn-phu-tho" / "config.toml"


def test_the_merged_department_is_among_the_examples() -> None:
    assert MERGED in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_an_example_loads_with_the_shipped_catalogue(path: Path) -> None:
    example = load_settings(path, environ={})
    default = load_settings(ROOT / "config.toml", environ={})
    assert [a.code for a in example.awards] == [a.code for a in default.awards]
    assert {c.code for c in example.councils} == {c.code for c in default.councils}


def test_the_merged_department_has_no_district_units() -> None:
    settings = load_settings(MERGED, environ={})
    assert settings.organisation.name == "Sở Khoa học và Công nghệ tỉnh Phú Thọ"
    kinds = {unit.kind for unit in settings.units}
    assert "commune_office" in kinds
    assert not {"district_office", "district_centre"} & kinds


def test_the_merged_department_starts_in_the_console(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(MERGED, config)
    script = "/start\nTrần Văn Quản\nChánh Văn phòng\n1\n!thoat\n"
    chat = thidua(tmp_path, "chat", stdin=script, BOT_CONFIG=str(config))
    assert chat.returncode == 0, chat.stderr
    assert "Đăng ký thành công" in chat.stdout
    assert "Traceback" not in chat.stderr
    units = thidua(tmp_path, "units", "list", BOT_CONFIG=str(config))
    assert units.returncode == 0, units.stderr
    assert "Phòng Chuyển đổi số" in units.stdout
    assert "Phòng Văn hóa - Xã hội phường Vĩnh Yên" in units.stdout
    assert (tmp_path / "data" / "thidua.db").exists()  # beside the example, not the default's
