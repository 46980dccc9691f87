"""Numbered choices in the console answer the screen the person saw (issue 15, points 3 and 8).

The console is driven as a person types into it: one line per prompt, read from a script; a
step of the script may make something happen while the person types (the outbox printing a
message), as in a real session.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Awaitable, Callable

from bot.app import App
from bot.channels.console import ConsoleChannel, ConsoleMessenger, Screens
from bot.ports import Channel
from bot.roles import Role
from scheduler.outbox import OutboxWorker
from tests.factories import join, make_admin
from tests.fakes.clock import FakeClock

Happening = Callable[[], Awaitable[object]]


class Script:
    """The lines a person types, one per prompt; a callable runs while the next is typed."""

    def __init__(self, output: io.StringIO, *steps: str | Happening) -> None:
        self._output = output
        self._steps: deque[str | Happening] = deque(steps)

    async def read(self, prompt: str) -> str:
        self._output.write(prompt)
        while self._steps:
            step = self._steps.popleft()
            if isinstance(step, str):
                return step + "\n"
            await step()
        return ""


class Console:
    """``python -m bot chat`` over the test app: its screen, messenger and outbox."""

    def __init__(self, app: App, clock: FakeClock) -> None:
        self.app = app
        self.clock = clock
        self.output = io.StringIO()
        self.screens = Screens()
        app.messengers[Channel.CONSOLE] = ConsoleMessenger(app.texts, self.output, self.screens)
        self.outbox = OutboxWorker(app.services.outbox, app.messengers, app.settings.outbox, clock)

    async def run(self, *steps: str | Happening, person: str = "quantri") -> str:
        """Type ``steps`` as ``person``; return everything printed after the banner."""
        start = self.output.tell()
        await ConsoleChannel(
            self.app.router,
            self.app.texts,
            person=person,
            organisation="Sở",
            output=self.output,
            reader=Script(self.output, *steps),
            members=self.app.services.members,
            clock=self.clock,
            screens=self.screens,
        ).run()
        return self.output.getvalue()[start:]


def answers(printed: str) -> list[str]:
    """What was printed after each prompt, in order."""
    return re.split(r"\n\[\w+\] > ", printed)[1:]


async def test_a_number_outside_the_list_names_the_range_and_shows_the_list_again(
    app: App, clock: FakeClock
) -> None:
    await make_admin(app)
    console = Console(app, clock)
    printed = answers(await console.run("/trogiup", "99", "2"))
    menu, refused, pressed = printed[0], printed[1], printed[2]
    count = len(re.findall(r"^  \d+\. ", menu, flags=re.MULTILINE))
    assert count > 3
    assert refused.startswith(f"Không có lựa chọn số 99: hãy gõ một số từ 1 đến {count}.")
    assert refused.count("\n  ") == count  # the same list, shown again
    assert "  2. Đọc Kế hoạch thi đua" in refused
    assert "Mục lục — chọn một phần để đọc" in pressed  # the list still answers "2"


async def test_a_number_with_no_list_shown_is_refused_but_answers_a_dialogs_question(
    app: App, clock: FakeClock
) -> None:
    console = Console(app, clock)
    printed = answers(await console.run("1", person="lan"))
    assert printed[0].startswith("Hiện không có danh sách lựa chọn nào, nên số «1» không")
    assert "Bot chỉ phục vụ" not in printed[0]  # nothing went to the bot
    printed = answers(await console.run("/start", "2026"))
    assert "Bước 1/3" in printed[0]
    assert "danh sách lựa chọn" not in printed[1]
    assert "Bước 1/3" in printed[1]  # the registration dialog judged the number as a name


async def test_after_switching_person_numbers_answer_that_persons_last_screen(
    app: App, clock: FakeClock
) -> None:
    await make_admin(app)
    console = Console(app, clock)
    printed = answers(await console.run("/trogiup", "!nguoi lan", "2", "!nguoi quantri", "2"))
    assert "Đã chuyển sang vai «lan»" in printed[1]
    assert printed[2].startswith("Hiện không có danh sách lựa chọn nào")  # not quantri's menu
    back = printed[3]
    assert "Tin gần nhất gửi cho «quantri» có các lựa chọn" in back
    assert "  2. Đọc Kế hoạch thi đua" in back
    assert "Mục lục — chọn một phần để đọc" in printed[4]  # quantri's "2": the plan


async def test_buttons_the_outbox_printed_for_someone_are_pressed_once_acting_as_them(
    app: App, clock: FakeClock
) -> None:
    await make_admin(app)
    await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    console = Console(app, clock)
    printed = await console.run(
        "/kehoach", "Nhắc người chưa xác nhận", console.outbox.drain, "!nguoi lan", "1"
    )
    delivered, _, switched = printed.partition("📨 Gửi tới «lan»:")[2].partition("Đã chuyển")
    assert "\n  1. 📖 Đọc Kế hoạch\n" in delivered
    assert "Tin gần nhất gửi cho «lan» có các lựa chọn" in switched
    assert "\n  1. 📖 Đọc Kế hoạch\n" in switched
    opened = answers(printed)[-2]
    assert opened.startswith("📘 Phần 1/4 · trang 1/4")  # lan pressed the reminder's button


async def test_a_number_typed_while_a_new_list_was_printed_presses_nothing(
    app: App, clock: FakeClock
) -> None:
    await make_admin(app)
    console = Console(app, clock)
    printed = answers(
        await console.run("/kehoach", "Nhắc người chưa xác nhận", console.outbox.drain, "2", "1")
    )
    delivered, _, refused = printed[2].partition(
        "Trong lúc đồng chí gõ «2», bot vừa in một tin mới"
    )
    assert "📨 Gửi tới «quantri»:" in delivered  # printed while "2" was being typed
    assert refused.endswith("Chọn (gõ số):\n  1. 📖 Đọc Kế hoạch\n")  # that message's list
    assert printed[3].startswith("📘 Phần 1/4 · trang 1/4")  # "1" then answers that list
