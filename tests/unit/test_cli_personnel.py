"""``python -m bot import-personnel`` as the Office runs it, in a real subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_cli import ROOT, thidua

HEADER = "unit,full_name,service_start,discipline_year,discipline_level,discipline_note\n"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_help_lists_the_command(workdir: Path) -> None:
    result = thidua(workdir, "import-personnel", "--help")
    assert result.returncode == 0
    assert "service_start" in result.stdout


def test_import_personnel_records_once_and_lists_the_rows_it_could_not_place(
    workdir: Path,
) -> None:
    joined = thidua(workdir, "chat", stdin="/start\nTrần Văn Quản\nChánh Văn phòng\n1\n!thoat\n")
    assert joined.returncode == 0, joined.stderr
    good = workdir / "nhan-su.csv"
    good.write_text(
        "\ufeff" + HEADER + "VP,Tran Van Quan,01/03/2015,2025,khiển trách,QĐ số 7\n"
        "TTRA,Lê Văn Vắng,01/01/2020,,,\n"
        "KHONGCO,Ai Đó,,,,\n",
        encoding="utf-8",
    )
    result = thidua(workdir, "import-personnel", str(good))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "1 dòng khớp" in lines[0]
    assert "ngày tuyển dụng của 1 cán bộ; ghi thêm 1 kỷ luật" in lines[0]
    assert "Không tìm thấy cán bộ cho 2 dòng" in lines[1]
    assert lines[2].strip() == (
        "Dòng 3: Lê Văn Vắng — đơn vị TTRA không có cán bộ đang công tác mang tên này."
    )
    assert lines[3].strip() == "Dòng 4: Ai Đó — không có đơn vị mã «KHONGCO»."
    again = thidua(workdir, "import-personnel", str(good))
    assert again.returncode == 0, again.stderr
    assert "ngày tuyển dụng của 0 cán bộ; ghi thêm 0 kỷ luật" in again.stdout


def test_a_bad_file_names_the_line_and_column_and_records_nothing(workdir: Path) -> None:
    bad = workdir / "bad.csv"
    bad.write_text(HEADER + "VP,Trần Văn Quản,01/03/2015,,,\nVP,Lê Thị Hoa,2015-03-01,,,\n")
    result = thidua(workdir, "import-personnel", str(bad))
    assert result.returncode == 2
    assert "dòng 3, cột «service_start»" in result.stderr
    assert "«2015-03-01» không phải một ngày" in result.stderr
    assert "Traceback" not in result.stderr
    missing = thidua(workdir, "import-personnel", str(workdir / "khong-co.csv"))
    assert missing.returncode == 2
    assert "Không đọc được tệp hồ sơ cán bộ" in missing.stderr
