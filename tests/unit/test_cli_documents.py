"""``python -m bot documents|dossier|documents-templates``: the files written, one line per
file, the blank fields warned about on standard error, and a wrong code or kind refused in
Vietnamese with exit code 2.

The commands that need makers run ``main`` in-process over the test makers (a subprocess would
see only the registry as shipped); the others run in a real subprocess.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import docx
import pytest

from bot import __main__ as entry
from bot.app import App
from bot.config import Settings
from tests.services.documents_seed import (
    DECISION_NUMBER,
    PLACE_LABEL,
    SESSION_CODE,
    Seeded,
    documents_settings,
    docx_text,
    install,
    seed,
)
from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


@pytest.fixture
async def seeded(app: App, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    install(monkeypatch)
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
    written = out / f"Bao-cao-{code}.docx"
    assert captured.out.strip() == str(written)
    assert "Nguyễn Văn An" in docx_text(written.read_bytes())
    assert f"Bao-cao-{code}.docx: còn để trống: {PLACE_LABEL}" in captured.err


async def test_without_a_kind_every_kind_of_the_subject_is_written(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run("documents", SESSION_CODE, "--out", str(tmp_path)) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / f"Thong-bao-{SESSION_CODE}.docx")


async def test_a_kind_the_subject_has_not_is_refused(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = seeded.nomination_code, tmp_path / "van-ban"
    assert await run("documents", code, "--kind", "decision", "--out", str(out)) == 2
    assert f"Văn bản này không có cho «{code}»." in capsys.readouterr().err
    assert not out.exists()


async def test_dossier_of_a_decision_and_of_a_session(
    seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ho-so.zip"
    assert await run("dossier", "--decision", DECISION_NUMBER, "--out", str(target)) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"{target} (1 văn bản, 1 văn bản còn trường để trống)"
    assert PLACE_LABEL in captured.err
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        notice = archive.read("Thong-bao-1-QD-STTTT.docx")
    assert DECISION_NUMBER in docx_text(notice)
    assert await run("dossier", "--session", SESSION_CODE, "--out", str(target)) == 0
    assert await run("dossier", "--session", DECISION_NUMBER, "--out", str(target)) == 2
    assert "--session PH-…" in capsys.readouterr().err


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
