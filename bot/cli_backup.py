"""Operations on the database itself: the one-process lock, ``backup`` and ``restore``.

A plain ``cp`` of a live SQLite database misses whatever is still in its WAL, so both commands
copy with SQLite's online backup API: one consistent snapshot, taken while the bot goes on
writing. On PostgreSQL they print the ``pg_dump`` / ``pg_restore`` commands instead, built from
the configured URL without its password.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bot.cli import UsageError
from bot.config import Settings
from bot.formatting import strip_html
from bot.texts import Texts
from models.db import (
    alembic_config,
    make_private_dir,
    make_private_file,
    migrate,
    prepare_sqlite_file,
    restrict,
    sqlite_file,
)
from models.process_lock import DatabaseBusy, acquire

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Figures:
    """What a database holds, to show a copy is the real thing."""

    members: int
    initiatives: int
    units: int
    revision: str


class NotABackup(Exception):
    """The file cannot be restored; ``key`` is the ``cli.backup`` text saying why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@contextlib.asynccontextmanager
async def exclusive(
    settings: Settings, texts: Texts, refusal: str = "cli.lock.busy", *, shared: bool = False
) -> AsyncIterator[None]:
    """Hold the database's one-process lock (``shared``: with other bot processes, on
    PostgreSQL); another holder is a :class:`UsageError`."""
    try:
        lock = await acquire(settings.database.url, shared=shared)
    except DatabaseBusy as busy:
        holder = texts.t("cli.lock.holder", pid=busy.pid, host=busy.host) if busy.pid else ""
        raise UsageError(_plain(texts, refusal, holder=holder)) from None
    try:
        yield
    finally:
        await lock.release()


async def run_backup(settings: Settings, texts: Texts, out: Path | None) -> int:
    """Write a consistent copy of the SQLite database and say what it holds."""
    url = settings.database.url
    if url.startswith("postgresql"):
        target = out or Path(f"thidua-{_stamp(settings)}.dump")
        _print_pg(
            texts, "cli.backup.pg_dump", url, ["pg_dump", "--format=custom", f"--file={target}"]
        )
        _print_password_note(texts, url)
        return 0
    database = _file_database(settings, texts)
    if not database.is_file():
        raise UsageError(_plain(texts, "cli.backup.no_database", path=database))
    target = out or database.parent / "backups" / f"{database.stem}-{_stamp(settings)}.db"
    if target.exists():
        raise UsageError(_plain(texts, "cli.backup.exists", path=target))
    try:
        await asyncio.to_thread(_backup_to, database, target)
    except (OSError, sqlite3.Error) as exc:
        problem = _plain(texts, "cli.backup.write_failed", path=target, problem=exc)
        raise UsageError(problem) from None
    figures = await asyncio.to_thread(_figures, target)
    _say(_plain(texts, "cli.backup.written", path=target, **_params(figures)))
    return 0


async def run_restore(settings: Settings, texts: Texts, file: Path) -> int:
    """Put a backup in place of the SQLite database; the bot must not be running."""
    url = settings.database.url
    async with exclusive(settings, texts, "cli.lock.restore_busy"):
        if url.startswith("postgresql"):
            restore = ["pg_restore", "--clean", "--if-exists", "--no-owner"]
            _print_pg(texts, "cli.backup.pg_restore", url, [*restore, str(file)])
            psql = ["psql", "--single-transaction", f"--file={file}"]
            _print_pg(texts, "cli.backup.pg_psql", url, psql)
            _print_password_note(texts, url)
            _say(_plain(texts, "cli.backup.pg_then_migrate"))
            return 0
        database = _file_database(settings, texts)
        try:
            await asyncio.to_thread(_check_backup, file)
        except NotABackup as refused:
            raise UsageError(_plain(texts, refused.key, path=file, **refused.params)) from None
        kept = None
        if database.is_file() and database.stat().st_size:
            name = f"{database.stem}-before-restore-{_stamp(settings)}.db"
            kept = database.parent / "backups" / name
            await asyncio.to_thread(_backup_to, database, kept)
        try:
            await asyncio.to_thread(_restore_into, file, database)
        except sqlite3.Error as exc:
            problem = _plain(texts, "cli.backup.restore_failed", path=database, problem=exc)
            raise UsageError(problem) from None
        await migrate(url)
        figures = await asyncio.to_thread(_figures, database)
    _say(_plain(texts, "cli.backup.restored", path=file, **_params(figures)))
    if kept is not None:
        _say(_plain(texts, "cli.backup.kept", path=kept))
    return 0


def _file_database(settings: Settings, texts: Texts) -> Path:
    database = sqlite_file(settings.database.url)
    if database is None:
        raise UsageError(_plain(texts, "cli.backup.memory"))
    return database


def _backup_to(database: Path, target: Path) -> None:
    """Copy ``database`` (WAL included) to ``target`` as one self-contained 0600 file."""
    make_private_dir(target.parent)
    part = target.with_name(target.name + ".part")
    make_private_file(part)
    try:
        with (
            # Read-write like the bot's own connections: it must share the live WAL index.
            contextlib.closing(sqlite3.connect(database)) as source,
            contextlib.closing(sqlite3.connect(part)) as copy,
        ):
            source.backup(copy)  # in one step: a single snapshot, writers are not blocked (WAL)
            copy.execute("PRAGMA journal_mode=DELETE")  # no -wal beside the copy
        part.replace(target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _restore_into(file: Path, database: Path) -> None:
    """Overwrite ``database`` with ``file`` page by page; SQLite settles stale -wal/-shm."""
    prepare_sqlite_file(database)
    with (
        contextlib.closing(sqlite3.connect(_read_only(file), uri=True)) as source,
        contextlib.closing(sqlite3.connect(database)) as target,
    ):
        # One write transaction: a failure leaves the database as it was, and a short command
        # (invite, export) that has it open sees the restored data next.
        source.backup(target)
    for side in ("-wal", "-shm", "-journal"):
        restrict(database.with_name(database.name + side))


def _check_backup(file: Path) -> None:
    """Refuse anything but a sound SQLite database of this app at a revision we know."""
    try:
        with file.open("rb") as stream:
            header = stream.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise NotABackup("cli.backup.unreadable", problem=exc.strerror or exc) from None
    if header != SQLITE_MAGIC:
        raise NotABackup("cli.backup.not_sqlite")
    try:
        with contextlib.closing(sqlite3.connect(_read_only(file), uri=True)) as db:
            check = str(db.execute("PRAGMA quick_check").fetchone()[0])
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if check != "ok":
                raise NotABackup("cli.backup.damaged", problem=check)
            if "alembic_version" not in tables or "members" not in tables:
                raise NotABackup("cli.backup.not_ours")
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise NotABackup("cli.backup.damaged", problem=exc) from None
    scripts = ScriptDirectory.from_config(alembic_config())
    known = {script.revision for script in scripts.walk_revisions()}
    if revision is None or revision[0] not in known:
        raise NotABackup("cli.backup.newer", revision=revision[0] if revision else "?")


def _figures(database: Path) -> Figures:
    with contextlib.closing(sqlite3.connect(database)) as db:

        def count(table: str) -> int:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608

        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
        return Figures(count("members"), count("initiatives"), count("units"), str(revision[0]))


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _params(figures: Figures) -> dict[str, object]:
    return {
        "members": figures.members,
        "initiatives": figures.initiatives,
        "units": figures.units,
        "revision": figures.revision,
    }


def _stamp(settings: Settings) -> str:
    return datetime.now(settings.organisation.zone).strftime("%Y%m%d-%H%M%S")


def _print_pg(texts: Texts, key: str, url: str, command: list[str]) -> None:
    """Print ``command`` aimed at the database at ``url``, without its password."""
    parts = make_url(url)
    words = command[:1]
    if parts.host:
        words.append(f"--host={parts.host}")
    if parts.port:
        words.append(f"--port={parts.port}")
    if parts.username:
        words.append(f"--username={parts.username}")
    words += [f"--dbname={parts.database or ''}", *command[1:]]
    _say(_plain(texts, key))
    _say("  " + shlex.join(words))


def _print_password_note(texts: Texts, url: str) -> None:
    if make_url(url).password:
        _say(_plain(texts, "cli.backup.pg_password"))


def _say(line: str) -> None:
    """One line of result on standard output (as ``print`` in :mod:`bot.cli`)."""
    sys.stdout.write(line + "\n")


def _plain(texts: Texts, key: str, **params: object) -> str:
    return strip_html(texts.t(key, **params))
