"""``python -m bot units …`` and ``python -m bot members …`` as the Office runs them, in a real
subprocess: a merge, a rename, a split from an assignment file, a move and a leaving."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_cli import thidua
from tests.unit.test_cli_personnel import workdir

__all__ = ["workdir"]


def test_help_lists_the_actions(workdir: Path) -> None:
    units = thidua(workdir, "units", "--help")
    members = thidua(workdir, "members", "--help")
    assert units.returncode == members.returncode == 0
    for action in ("list", "rename", "merge", "split", "close"):
        assert action in units.stdout
    for action in ("list", "move", "role", "leave"):
        assert action in members.stdout


def test_the_office_records_the_2025_changes_from_the_command_line(workdir: Path) -> None:
    joined = thidua(workdir, "chat", stdin="/start\nTrần Văn Quản\nChánh Văn phòng\n1\n!thoat\n")
    assert joined.returncode == 0, joined.stderr
    merged = thidua(
        workdir,
        "units",
        "merge",
        "CNTT",
        "BCVT",
        "--into",
        "CDS:department:Phòng Chuyển đổi số",
        "--effective",
        "2025-03-01",
        "--reason",
        "QĐ số 12/QĐ-UBND",
    )
    assert merged.returncode == 0, merged.stderr
    assert "sáp nhập CNTT, BCVT vào CDS từ ngày 01/03/2025" in merged.stdout
    renamed = thidua(
        workdir,
        "units",
        "rename",
        "VP",
        "Văn phòng Sở Khoa học và Công nghệ",
        "--effective",
        "2025-03-01",
    )
    assert "đổi tên đơn vị VP từ ngày 01/03/2025" in renamed.stdout
    before = thidua(workdir, "units", "list", "--on", "2025-02-01").stdout
    assert "CNTT\tPhòng Công nghệ thông tin\tdepartment\t0" in before
    assert "CDS\t" not in before
    now = thidua(workdir, "units", "list").stdout
    assert "CDS\tPhòng Chuyển đổi số\tdepartment\t0" in now
    assert "CNTT\t" not in now
    listed = thidua(workdir, "members", "list")
    assert listed.stdout.split("\t")[:3] == ["1", "VP", "Trần Văn Quản"]
    assign = workdir / "xep.csv"
    assign.write_text("member_id,unit\n1,TTBC-A\n", encoding="utf-8")
    split = thidua(
        workdir,
        "units",
        "split",
        "VP",
        "--into",
        "TTBC-A:office:Văn phòng",
        "--into",
        "TTBC-B:department:Phòng Thông tin",
        "--assign",
        str(assign),
        "--effective",
        "2025-07-01",
    )
    assert split.returncode == 0, split.stderr
    assert "1 cán bộ được xếp" in split.stdout
    moved = thidua(workdir, "members", "move", "1", "--to", "CDS", "--effective", "2026-01-05")
    assert "Đã điều chuyển Trần Văn Quản sang CDS từ ngày 05/01/2026" in moved.stdout
    left = thidua(
        workdir, "members", "leave", "1", "--why", "retired", "--effective", "2026-12-01"
    )
    assert "nghỉ từ ngày 01/12/2026" in left.stdout
    assert "Không có cán bộ nào" in thidua(workdir, "members", "list").stdout


def test_refusals_say_why_and_change_nothing(workdir: Path) -> None:
    future = thidua(workdir, "units", "close", "TTRA", "--effective", "2999-01-01")
    assert future.returncode == 2
    assert "chưa đến" in future.stderr
    bad_day = thidua(workdir, "units", "close", "TTRA", "--effective", "1/3/2025")
    assert bad_day.returncode == 2
    assert "YYYY-MM-DD" in bad_day.stderr
    unknown = thidua(workdir, "units", "rename", "KHONGCO", "Tên", "--effective", "2025-03-01")
    assert unknown.returncode == 2
    assert "Không có đơn vị mã «KHONGCO»" in unknown.stderr
    bad_into = thidua(
        workdir, "units", "merge", "CNTT", "--into", "CDS:department", "--effective", "2025-03-01"
    )
    assert bad_into.returncode == 2
    assert "MÃ:LOẠI:TÊN" in bad_into.stderr
    assert "Traceback" not in future.stderr + unknown.stderr + bad_into.stderr


def test_import_units_refuses_a_kind_the_configuration_does_not_list(workdir: Path) -> None:
    units = workdir / "units.csv"
    units.write_text("code,name,kind\nXA-1,UBND xã Một,cap_xa\n", encoding="utf-8")
    result = thidua(workdir, "import-units", str(units))
    assert result.returncode == 2
    assert "XA-1: unknown kind 'cap_xa'" in result.stderr
    units.write_text("code,name,kind\nXA-1,UBND xã Một,commune\n", encoding="utf-8")
    assert thidua(workdir, "import-units", str(units)).returncode == 0
