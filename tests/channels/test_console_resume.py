"""The console shows where a person is in a dialog when it starts again or acts as them."""

from __future__ import annotations

from bot.app import App
from tests.channels.test_console_choices import Console, answers
from tests.fakes.clock import FakeClock


async def test_a_new_console_shows_the_open_dialogs_step_and_takes_its_numbers(
    app: App, clock: FakeClock
) -> None:
    console = Console(app, clock)
    await console.run("/start", "Trần Văn Quản", "Chánh Văn phòng")  # then the input ends
    again = await Console(app, clock).run("1")
    banner, _, rest = again.partition("[quantri] > ")
    assert "⏸ Đồng chí đang làm dở một việc với bot. Bước hiện tại:" in banner
    assert "Bước 3/3" in banner and "Chức vụ: Chánh Văn phòng" in banner
    assert "  1. ✅ Xác nhận" in banner
    assert "Đăng ký thành công" in rest  # "1" pressed the step shown at start


async def test_acting_as_someone_mid_dialog_shows_their_step(app: App, clock: FakeClock) -> None:
    console = Console(app, clock)
    printed = answers(
        await console.run(
            "/start", "Trần Văn Quản", "!nguoi lan", "!nguoi quantri", "Trưởng phòng"
        )
    )
    assert "Bước hiện tại" not in printed[2]  # lan has nothing open
    back = printed[3]
    assert "Đã chuyển sang vai «quantri»" in back
    assert "⏸ Đồng chí đang làm dở một việc với bot. Bước hiện tại:" in back
    assert "Bước 2/3" in back
    assert "Bước 3/3" in printed[4] and "Chức vụ: Trưởng phòng" in printed[4]


async def test_an_expired_dialog_is_not_brought_back_at_start(app: App, clock: FakeClock) -> None:
    await Console(app, clock).run("/start")
    clock.advance(days=2)  # past [dialogs] timeout_minutes (a day)
    printed = await Console(app, clock).run("Trần Văn Quản")
    banner, _, rest = printed.partition("[quantri] > ")
    assert "Bước hiện tại" not in banner
    assert "Phiên nhập liệu trước của đồng chí đã hết hạn" in rest
