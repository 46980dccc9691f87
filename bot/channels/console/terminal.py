"""Reading what the person types: whole lines, however long, from a pipe or a terminal.

A terminal in its default (canonical) mode keeps at most 4,095 bytes of a line and silently
drops the rest, so a long paste would be cut. When both ends are a terminal the console reads
with GNU readline instead, which reads key by key (no such limit) and takes a bracketed paste
(several lines pasted at once) as one message, as a chat app would; between two reads the
terminal stays out of canonical mode, so text pasted while the bot works is not cut either.
Where that is not possible, a line that reached the limit is refused, saying where it was cut.
Pipes are read line by line, each line whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Protocol, TextIO, TypeVar

#: The longest line (in bytes, without its end) a Linux terminal keeps in canonical mode.
CANONICAL_LIMIT = 4095
T = TypeVar("T")


class LineCut(Exception):
    """The terminal cut a typed line at its limit; only its beginning arrived.

    Attributes:
        kept: What arrived, decoded (its last character may be a broken one).
        limit: The terminal's limit in bytes.
    """

    def __init__(self, kept: str, limit: int) -> None:
        super().__init__(f"a line reached the terminal's limit of {limit} bytes")
        self.kept = kept
        self.limit = limit


class LineReader(Protocol):
    """Where the console's input comes from."""

    async def read(self, prompt: str) -> str:
        """Show ``prompt`` and return the next line with its end, or ``""`` at the end.

        Raises:
            LineCut: The line was cut on its way in; the person must send it again.
        """
        ...


class StreamReader:
    """Lines of a pipe, a file, or a terminal left in canonical mode (``limit`` set)."""

    def __init__(
        self, stream: BinaryIO, output: TextIO, *, encoding: str = "utf-8", limit: int = 0
    ) -> None:
        """``limit`` is the terminal's line limit in bytes (0: none, as in a pipe)."""
        self._stream = stream
        self._output = output
        self._encoding = encoding
        self._limit = limit

    async def read(self, prompt: str) -> str:
        """Show ``prompt``, then read one line whole (bytes that are no text are replaced)."""
        self._output.write(prompt)
        self._output.flush()
        raw = await _waiting(self._stream.readline)
        # Bytes, not text: a cut line may end inside a character, which must not crash.
        line = raw.decode(self._encoding, errors="replace")
        if self._limit and len(raw.rstrip(b"\r\n")) >= self._limit:
            raise LineCut(line.rstrip("\r\n"), self._limit)
        return line


class ReadlineReader:
    """Lines typed at a terminal through GNU readline: any length, a paste taken whole."""

    async def read(self, prompt: str) -> str:
        """Edit one line after ``prompt``; Ctrl+D on an empty line ends the input."""
        try:
            line = await _waiting(input, prompt)
        except EOFError:
            return ""
        return line + "\n"


async def _waiting(read: Callable[..., T], *args: object) -> T:
    """Run a blocking read in a thread of its own that does not hold up the exit: Ctrl+C
    must end the console at once, not when the person next presses Enter."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[Any], None], value: object) -> None:
        if not done.done():
            outcome(value)

    def work() -> None:
        try:
            result: object = read(*args)
            outcome: Callable[[Any], None] = done.set_result
        except BaseException as problem:  # noqa: BLE001 - handed to the waiting coroutine
            result, outcome = problem, done.set_exception
        with contextlib.suppress(RuntimeError):  # the console closed while this waited
            loop.call_soon_threadsafe(settle, outcome, result)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    return await done


@contextlib.contextmanager
def terminal_input(stdin: TextIO, stdout: TextIO) -> Iterator[LineReader]:
    """Read ``stdin`` as well as it allows for as long as the block runs.

    A terminal (with the output on one too) is read through readline, outside canonical
    mode, and given back in the mode it was in; a terminal without readline is read as it
    is, with cut lines reported; anything else is read line by line.
    """
    binary, encoding = stdin.buffer, stdin.encoding or "utf-8"
    if not stdin.isatty():
        yield StreamReader(binary, stdout, encoding=encoding)
        return
    termios = _module("termios")
    if termios is None:  # not a POSIX terminal: no such limit to read around
        yield StreamReader(binary, stdout, encoding=encoding)
        return
    if not stdout.isatty() or _module("readline") is None:
        # Python's input() uses readline only when both ends are terminals.
        yield StreamReader(binary, stdout, encoding=encoding, limit=CANONICAL_LIMIT)
        return
    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    termios.tcsetattr(fd, termios.TCSANOW, _non_canonical(termios, saved))
    try:
        yield ReadlineReader()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _non_canonical(termios: Any, saved: list[Any]) -> list[Any]:
    """The terminal mode between two reads: no line limit, and no echo (readline echoes
    what was typed ahead once it reads it; the terminal would show it twice)."""
    mode = list(saved)
    mode[3] &= ~(termios.ICANON | termios.ECHO)
    control = list(mode[6])
    control[termios.VMIN], control[termios.VTIME] = 1, 0
    mode[6] = control
    return mode


def _module(name: str) -> Any:
    """Import an optional part of the standard library; ``None`` where it is missing.

    Importing ``readline`` is what makes ``input()`` edit lines with it.
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
