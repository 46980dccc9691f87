"""``python -m bot documents|dossier`` in a real subprocess on a seeded decision cycle (see
tests/services/documents_cycle_seed.py): every kind of a session written without ``--kind``,
and the dossiers of a session and of a decision with the blanks warned of on standard error."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from tests.conftest import COUNCILS, UNITS
from tests.documents_text import document_text
from tests.services.documents_council_seed import (
    AUTHORITIES,
    AWARDS,
    DOCUMENTS,
    REWARDS,
    documents_app,  # noqa: F401 - the app fixture
)
from tests.services.documents_cycle_seed import seed_cycle
from tests.unit.test_cli import thidua


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)  # strings, numbers and lists of them


def _toml(raw: dict[str, Any]) -> str:
    """The settings as a config file: sections of values, and arrays of tables."""
    lines: list[str] = []
    for name, section in raw.items():
        for table in section if isinstance(section, list) else [section]:
            lines.append(f"[[{name}]]" if isinstance(section, list) else f"[{name}]")
            lines.extend(f"{key} = {_value(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


@pytest.fixture
async def workdir(app: App, tmp_path: Path) -> Path:
    """The cycle written to the test database, and a config.toml of the same settings."""
    await seed_cycle(app)
    raw: dict[str, Any] = {
        "organisation": {"name": app.settings.organisation.name, "office_unit": "VP"},
        "documents": DOCUMENTS,
        "rewards": REWARDS,
        "units": UNITS,
        "councils": COUNCILS,
        "authorities": AUTHORITIES,
        "awards": AWARDS,
    }
    (tmp_path / "config.toml").write_text(_toml(raw), encoding="utf-8")
    return tmp_path


def test_without_a_kind_every_kind_of_a_session_is_written(
    workdir: Path, database_url: str
) -> None:
    result = thidua(workdir, "documents", "ph-2026-0001", "--out", "vb", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    written = sorted(Path(line).name for line in result.stdout.splitlines())
    assert written == [
        "Bien-ban-hop-Hoi-dong-PH-2026-0001.docx",
        "Danh-sach-khen-thuong-PH-2026-0001.xlsx",
        "Quyet-dinh-PH-2026-0001-CSTDCS.docx",
        "Quyet-dinh-PH-2026-0001-GK-GD.docx",
        "To-trinh-PH-2026-0001-CT-UBND.docx",
        "To-trinh-PH-2026-0001-GD.docx",
    ]
    minutes = document_text((workdir / "vb" / written[0]).read_bytes())
    assert "Số tập thể, cá nhân đạt: 4/5." in minutes
    assert "To-trinh-PH-2026-0001-CT-UBND.docx: còn để trống:" in result.stderr


def test_dossiers_of_a_session_and_of_a_decision(workdir: Path, database_url: str) -> None:
    env = {"DATABASE_URL": database_url}
    result = thidua(workdir, "dossier", "--session", "PH-2026-0001", "--out", "hs.zip", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("hs.zip (")
    with zipfile.ZipFile(workdir / "hs.zip") as archive:
        names = archive.namelist()
        sheet = archive.read("Danh-sach-khen-thuong-PH-2026-0001.xlsx")
    assert len([n for n in names if n.startswith("Bao-cao-thanh-tich-")]) == 5
    assert "THIEU-DU-LIEU.txt" in names
    page = load_workbook(io.BytesIO(sheet)).active
    [total] = [r[8].value for r in page.iter_rows(min_row=3) if r[1].value == "Tổng cộng"]
    assert total == 3_760_000
    result = thidua(workdir, "dossier", "--decision", "125/QĐ-STTTT", "--out", "qd.zip", **env)
    assert result.returncode == 0, result.stderr
    assert "còn để trống" in result.stderr
    with zipfile.ZipFile(workdir / "qd.zip") as archive:
        decision = document_text(archive.read("Quyet-dinh-125-QD-STTTT-GK-GD.docx"))
    assert "125/QĐ-STTTT" in decision and "Trần Thị Bình" in decision
    result = thidua(workdir, "documents", "130/TTr-STTTT", "--out", "tt", **env)
    assert result.returncode == 0, result.stderr  # a Tờ trình: no decision, no result notice
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        "To-trinh-130-TTr-STTTT.docx",
        "Danh-sach-khen-thuong-130-TTr-STTTT.xlsx",
    ]
    refused = thidua(workdir, "dossier", "--session", "125/QĐ-STTTT", "--out", "x.zip", **env)
    assert refused.returncode == 2
    assert "--session PH-…" in refused.stderr
