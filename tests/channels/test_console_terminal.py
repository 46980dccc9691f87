"""`python -m bot chat` in a real (pseudo-)terminal and in a pipe: long lines arrive whole.

A terminal in canonical mode keeps 4,095 bytes of a line and drops the rest; the console reads
around that limit, or says exactly where a line was cut when it cannot.
"""

from __future__ import annotations

import os
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.test_cli import thidua, workdir  # noqa: F401 - the fixture is used by name

#: Longer than a terminal line may be, in bytes (and in characters).
LONG_NAME = "Nguyễn Văn An " * 400
#: Run a program with the terminal on its standard input as its controlling terminal (in a
#: new session, opening a terminal makes it so).
CONTROLLED = (
    "import os, sys; os.close(os.open(os.ttyname(0), os.O_RDWR)); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
WAIT = 60  # seconds before a test gives up on text that never comes (not a timing check)


class Terminal:
    """Runs the console on a pseudo-terminal and reads what it prints, as a person would.

    With ``piped_output`` only the input is the terminal (``python -m bot chat | tee log``).
    """

    def __init__(self, folder: Path, *, piped_output: bool = False) -> None:
        self._master, self.slave = os.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
        env.pop("DATABASE_URL", None)
        env["TERM"] = "xterm"
        out = subprocess.PIPE if piped_output else self.slave
        self.process = subprocess.Popen(
            # As a shell starts it: the terminal controls it, so Ctrl+C typed there interrupts.
            [sys.executable, "-c", CONTROLLED, sys.executable, "-m", "bot", "chat"],
            cwd=folder,
            env=env,
            stdin=self.slave,
            stdout=out,
            stderr=subprocess.STDOUT if piped_output else self.slave,
            start_new_session=True,
        )
        self._printed = b""
        self._seen = 0
        self._changed = threading.Condition()
        source = self.process.stdout.fileno() if self.process.stdout else self._master
        self._pumps = [threading.Thread(target=self._pump, args=(source,), daemon=True)]
        if piped_output:  # the terminal still echoes what is typed: drain it
            self._pumps.append(
                threading.Thread(target=self._pump, args=(self._master, False), daemon=True)
            )
        for pump in self._pumps:
            pump.start()

    def _pump(self, fd: int, keep: bool = True) -> None:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            with self._changed:
                if keep:
                    self._printed += chunk
                self._changed.notify_all()
            if not chunk:
                return

    def expect(self, text: str) -> str:
        """Wait until ``text`` is printed after what was expected before; return up to it."""
        wanted = text.encode()
        with self._changed:
            found = self._changed.wait_for(
                lambda: wanted in self._printed[self._seen :] or self.process.poll() is not None,
                timeout=WAIT,
            )
            at = self._printed.find(wanted, self._seen)
            assert found and at >= 0, self._printed[self._seen :].decode(errors="replace")
            before = self._printed[self._seen : at]
            self._seen = at + len(wanted)
        return before.decode(errors="replace")

    def type(self, text: str) -> None:
        """Type (or paste) ``text``; the pumps keep reading, so a long one cannot block."""
        os.write(self._master, text.encode())

    def close(self) -> int:
        """Wait for the console to end, stop reading, and return its exit code."""
        code = self.process.wait(timeout=WAIT)
        os.close(self.slave)  # the last end of the terminal: reading it now ends
        for pump in self._pumps:
            pump.join(timeout=WAIT)
        os.close(self._master)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return code


@pytest.fixture
def terminal(workdir: Path) -> Iterator[Terminal]:  # noqa: F811
    console = Terminal(workdir)
    yield console
    if console.process.poll() is None:
        console.process.kill()
    console.close()


def test_a_long_line_typed_in_a_terminal_is_read_whole(terminal: Terminal) -> None:
    terminal.expect("[quantri] > ")
    terminal.type("/start\r")
    terminal.expect("[quantri] > ")
    terminal.type(LONG_NAME + "\r")
    assert len(LONG_NAME.encode()) > 4095
    terminal.expect(f"Nội dung quá dài: {len(LONG_NAME.strip())} ký tự")


def test_a_pasted_text_of_several_lines_is_one_message(terminal: Terminal) -> None:
    terminal.expect("[quantri] > ")
    terminal.type("/start\r")
    terminal.expect("[quantri] > ")
    pasted = "Dòng đầu " * 300 + "\n" + "Dòng sau " * 300
    terminal.type(f"\x1b[200~{pasted}\x1b[201~\r")  # how a terminal hands over a paste
    terminal.expect(f"Nội dung quá dài: {len(pasted.strip())} ký tự")


def test_ctrl_c_ends_the_console_and_gives_the_terminal_back(terminal: Terminal) -> None:
    terminal.expect("[quantri] > ")
    terminal.type("\x03")
    assert terminal.process.wait(timeout=WAIT) == 0
    mode = termios.tcgetattr(terminal.slave)[3]
    assert mode & termios.ICANON and mode & termios.ECHO


def test_without_a_terminal_for_the_output_a_cut_line_is_named_not_sent(
    workdir: Path,  # noqa: F811
) -> None:
    console = Terminal(workdir, piped_output=True)
    console.expect("[quantri] > ")
    console.type("/start\n")
    console.expect("[quantri] > ")
    console.type(LONG_NAME + "\n")
    cut = console.expect("[quantri] > ")
    assert "dài hơn giới hạn 4095 byte của cửa sổ dòng lệnh" in cut
    assert "«…" in cut and "An Nguyễn" in cut  # where it was cut
    assert "Bot chưa nhận dòng này" in cut
    assert "Nội dung quá dài" not in cut  # the cut line never reached the dialog
    console.type("!thoat\n")
    console.expect("Tạm biệt!")
    assert console.close() == 0


def test_a_long_line_in_a_pipe_is_read_whole(workdir: Path) -> None:  # noqa: F811
    result = thidua(workdir, "chat", stdin=f"/start\n{LONG_NAME}\n!thoat\n")
    assert result.returncode == 0, result.stderr
    assert f"Nội dung quá dài: {len(LONG_NAME.strip())} ký tự" in result.stdout
