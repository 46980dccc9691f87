"""``python -m bot documents|dossier|documents-templates``: the files written, one line per
file, the blank fields warned about on standard error, and a wrong code or kind refused in
Vietnamese with exit code 2.

A whole decision cycle is seeded in-process and ``documents`` and ``dossier`` run on it in a
real subprocess, as the Office types them; the person documents run ``main`` in-process.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import docx
import pytest

from bot import __main__ as entry
from bot.app import App
from bot.config import Settings
from tests.services.documents_seed import (
    PLACE_LABEL,
    Seeded,
    documents_settings,
    docx_text,
    seed,
)
from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    monkeypatch.setattr(entry, "load_settings", lambda _path: app.settings)
    return await seed(app)


async def run(*args: str) -> int:
    return await asyncio.to_thread(entry.main, list(args))


async def test_documents_writes_the_files_and_warns_of_blanks(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "van-ban"
    code = seeded.nomination_code
    assert await run("documents", code.lower(), "--kind", "achievement", "--out", str(out)) == 0
    captured = capsys.readouterr()
    written = out / f"Bao-cao-thanh-tich-Nguyen-Van-An-{code}.docx"
    assert captured.out.strip() == str(written)
    assert "Nguyễn Văn An" in docx_text(written.read_bytes())
    assert f"{written.name}: còn để trống: {PLACE_LABEL}" in captured.err


async def test_a_kind_the_subject_has_not_is_refused(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = seeded.nomination_code, tmp_path / "van-ban"
    assert await run("documents", code, "--kind", "decision", "--out", str(out)) == 2
    assert f"Văn bản này không có cho «{code}»." in capsys.readouterr().err
    assert not out.exists()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_a_bad_kind_or_code_is_told_in_vietnamese(workdir: Path) -> None:
    result = thidua(workdir, "documents", "PH-2026-001", "--kind", "bienban", "--out", "x")
    assert result.returncode == 2
    assert "Không có loại văn bản «bienban». Các loại: application," in result.stderr
    thidua(workdir, "migrate")
    result = thidua(workdir, "documents", "PH-2026-999", "--out", "x")
    assert result.returncode == 2
    assert "Không tìm thấy hồ sơ, danh sách, phiên họp hay quyết định có mã «PH-2026-999»" in (
        result.stderr
    )


def test_templates_are_copied_and_rebuilt_for_the_office(workdir: Path) -> None:
    result = thidua(workdir, "documents-templates", "--out", "mau")
    assert result.returncode == 0, result.stderr
    copied = workdir / "mau" / "public_notice.docx"
    assert str(Path("mau") / "public_notice.docx") in result.stdout
    text = "\n".join(p.text for p in docx.Document(str(copied)).paragraphs)
    assert "{{ issuing_body_name }}" in text  # the fields the Office keeps when editing
    copied.unlink()
    result = thidua(workdir, "documents-templates", "--out", "mau", "--build")
    assert result.returncode == 0, result.stderr
    assert copied.is_file()
