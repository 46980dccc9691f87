"""The command line as an administrator uses it, in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def thidua(
    workdir: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_URL", "BOT_CONFIG"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=workdir,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_every_command(workdir: Path) -> None:
    result = thidua(workdir, "--help")
    assert result.returncode == 0
    for command in ("run", "chat", "migrate", "invite", "import-units"):
        assert command in result.stdout


def test_console_script_is_installed_and_equivalent() -> None:
    script = Path(sys.executable).parent / "thidua"
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "import-units" in result.stdout


def test_run_without_token_explains_how_to_get_one(workdir: Path) -> None:
    result = thidua(workdir, "run")
    assert result.returncode == 2
    assert "BotFather" in result.stderr
    assert "python -m bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def set_config(workdir: Path, old: str, new: str) -> None:
    config = workdir / "config.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_run_in_webhook_mode_from_config_needs_a_webhook_url(workdir: Path) -> None:
    set_config(workdir, 'mode = "polling"', 'mode = "webhook"')
    # A closed local port: were polling chosen, the run would fail at once, not reach Telegram.
    closed = "http://127.0.0.1:9/bot"
    result = thidua(workdir, "run", TELEGRAM_BOT_TOKEN="123:ABC", TELEGRAM_BASE_URL=closed)
    assert result.returncode == 2
    assert "telegram.webhook_url" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_zalo_webhook_that_is_not_https_stops_the_run_with_a_clear_message(
    workdir: Path,
) -> None:
    set_config(
        workdir,
        'mode = "polling"\nbase_url = "https://bot-api.zaloplatforms.com"',
        'mode = "webhook"\nbase_url = "http://127.0.0.1:9"',
    )
    set_config(
        workdir,
        'at start).\nwebhook_url = ""',
        'at start).\nwebhook_url = "http://bot.example.vn/zalo?x=1&y=2"',
    )
    result = thidua(workdir, "run", ZALO_BOT_TOKEN="1:ABC", ZALO_WEBHOOK_SECRET="s3cret-token")
    assert result.returncode == 2
    assert "zalo.webhook_url phải là địa chỉ HTTPS công khai" in result.stderr
    assert "«http://bot.example.vn/zalo?x=1&y=2»" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("office_unit", ["5", '"VPS"'])
def test_wrong_config_stops_with_one_line_and_exit_2(workdir: Path, office_unit: str) -> None:
    set_config(workdir, 'office_unit = "VP"', f"office_unit = {office_unit}")
    result = thidua(workdir, "migrate")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "organisation.office_unit" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_then_invite_prints_the_start_command(workdir: Path) -> None:
    assert thidua(workdir, "migrate").returncode == 0
    assert (workdir / "data" / "thidua.db").exists()
    result = thidua(workdir, "invite", "--unit", "VP", "--role", "office", "--uses", "3")
    assert result.returncode == 0, result.stderr
    assert "thamgia " in result.stdout
    assert "3 lượt" in result.stdout


@pytest.mark.parametrize(
    ("option", "value"),
    [("--uses", "0"), ("--uses", "-3"), ("--uses", "10001"), ("--days", "0"), ("--days", "366")],
)
def test_invite_with_out_of_range_uses_or_days_is_refused(
    workdir: Path, option: str, value: str
) -> None:
    result = thidua(workdir, "invite", "--unit", "VP", "--role", "staff", option, value)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert option in result.stderr
    assert value in result.stderr
    assert "Traceback" not in result.stderr
    assert "/start" not in result.stdout


def test_invite_at_the_limits_is_accepted(workdir: Path) -> None:
    result = thidua(
        workdir, "invite", "--unit", "VP", "--role", "staff", "--uses", "10000", "--days", "365"
    )
    assert result.returncode == 0, result.stderr
    assert "10000 lượt" in result.stdout


def test_invite_with_unknown_unit_or_role_is_refused(workdir: Path) -> None:
    result = thidua(workdir, "invite", "--unit", "KHONGCO", "--role", "staff")
    assert result.returncode == 2
    assert "KHONGCO" in result.stderr
    result = thidua(workdir, "invite", "--unit", "VP", "--role", "boss")
    assert result.returncode == 2
    assert "Vai trò" in result.stderr


def test_import_units_adds_and_reports_bad_rows(workdir: Path) -> None:
    good = workdir / "units.csv"
    good.write_text(
        "code,name,kind,district\n"
        "VHTT-XX,Phòng Văn hóa và Thông tin huyện Mới,district_office,Huyện Mới\n",
        encoding="utf-8",
    )
    result = thidua(workdir, "import-units", str(good))
    assert result.returncode == 0, result.stderr
    assert "thêm 1" in result.stdout
    bad = workdir / "bad.csv"
    bad.write_text("code,name,kind\nOK,Tên,department\nX Y,Tên,department\n", encoding="utf-8")
    result = thidua(workdir, "import-units", str(bad))
    assert result.returncode == 2
    assert "line 3" in result.stderr


def test_console_chat_lets_a_newcomer_register_as_the_demo_admin(workdir: Path) -> None:
    script = "/start\nTrần Văn Quản\nChánh Văn phòng\n1\n/trogiup\n!thoat\n"
    result = thidua(workdir, "chat", stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Đăng ký thành công" in result.stdout
    assert "Tạo lời mời tham gia" in result.stdout
    assert "Traceback" not in result.stderr


def test_console_restarted_mid_dialog_shows_the_current_step(workdir: Path) -> None:
    first = thidua(workdir, "chat", stdin="/start\nTrần Văn Quản\nChánh Văn phòng\n")
    assert first.returncode == 0, first.stderr  # the input ended at the confirmation step
    again = thidua(workdir, "chat", stdin="1\n!thoat\n")
    assert again.returncode == 0, again.stderr
    banner, _, after = again.stdout.partition("[quantri] >")
    assert "⏸ Đồng chí đang làm dở một việc với bot. Bước hiện tại:" in banner
    assert "Chức vụ: Chánh Văn phòng" in banner
    assert "1. ✅ Xác nhận" in banner
    assert "Đăng ký thành công" in after


def test_console_tells_only_bootstrap_admins_that_they_are_one(workdir: Path) -> None:
    result = thidua(workdir, "chat", "--as", "lan", stdin="!nguoi quantri\n!thoat\n")
    assert result.returncode == 0, result.stderr
    banner, _, after_switch = result.stdout.partition("[lan] >")
    assert "«lan»" in banner
    assert "quản trị viên ban đầu" not in banner
    assert "Đã chuyển sang vai «quantri»" in after_switch
    assert "«quantri» có tên trong danh sách quản trị viên ban đầu" in after_switch
    assert "chưa đăng ký" not in after_switch
    result = thidua(workdir, "chat", stdin="!thoat\n")
    assert "«quantri» có tên trong danh sách quản trị viên ban đầu" in result.stdout


def plan_file(workdir: Path, name: str, text: str) -> Path:
    path = workdir / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_publish_checks_shows_and_publishes(workdir: Path) -> None:
    shipped = (ROOT / "bot" / "plans" / "ke-hoach-thi-dua-2021-2025.md").read_text("utf-8")
    plan_file(workdir, "moi.md", shipped + "\n## IV. PHẦN MỚI\nNội dung bổ sung.\n")
    checked = thidua(workdir, "plan", "publish", "moi.md", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "IV. PHẦN MỚI — 0 mục" in checked.stdout
    unattended = thidua(workdir, "plan", "publish", "moi.md")
    assert unattended.returncode == 2
    assert "--yes" in unattended.stderr
    published = thidua(workdir, "plan", "publish", "moi.md", "--yes")
    assert published.returncode == 0, published.stderr
    assert "phiên bản 2" in published.stdout
    again = thidua(workdir, "plan", "publish", "moi.md", "--yes")
    assert again.returncode == 2
    assert "giống hệt phiên bản hiện tại (phiên bản 2)" in again.stderr


def test_plan_publish_refuses_a_malformed_file_in_one_line(workdir: Path) -> None:
    plan_file(workdir, "sai.md", "# Kế hoạch\n\n## I. MỘT\nx\n\n## III. BA\ny\n")
    result = thidua(workdir, "plan", "publish", "sai.md", "--yes")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Dòng 6")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("file", "expected"),
    [("khong-co.md", "file not found: khong-co.md"), ("sai.md", "phải bắt đầu bằng «# »")],
)
def test_a_wrong_plan_file_in_the_config_stops_start_up(
    workdir: Path, file: str, expected: str
) -> None:
    plan_file(workdir, "sai.md", "Không có tiêu đề\n")
    config = workdir / "config.toml"
    text = config.read_text("utf-8").replace(
        'file = "ke-hoach-thi-dua-2021-2025.md"', f'file = "{file}"'
    )
    config.write_text(text, encoding="utf-8")
    result = thidua(workdir, "migrate")
    assert result.returncode == 2
    problem = result.stderr.strip().splitlines()[-1]  # after the migration's log lines
    assert problem.startswith("Lỗi cấu hình: ")
    assert "plan.file: " in problem
    assert expected in problem
    assert "Traceback" not in result.stderr


def test_console_broadcast_shows_typed_markup_as_typed_and_ends_with_the_report(
    workdir: Path,
) -> None:
    register = "/start\nTrần Văn Quản\nChánh Văn phòng\n1\n"
    # Compose, no file, everyone, now, urgent (so the hour of the run does not matter), send.
    compose = "/thongbao\n1\nHọp lúc <b>14:00</b>\n2\n1\n1\n2\n1\n"
    result = thidua(workdir, "chat", stdin=register + compose + "!thoat\n")
    assert result.returncode == 0, result.stderr
    preview, _, after = result.stdout.partition("Số người nhận: 1")
    assert "Họp lúc <b>14:00</b>" in preview
    assert "Họp lúc <b>14:00</b>" in after  # the message as delivered
    assert "Thông báo #1 đã gửi xong tới 1 người" in after
    assert "Đã nhận: 1" in after
