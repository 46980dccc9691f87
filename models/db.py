"""Engine and session factory construction, and running the migrations.

Called from the composition root only; nothing here runs at import time.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from models.fair_pool import FairAsyncPool
from models.sqlite_inline import connector

MIGRATIONS = Path(__file__).parent / "migrations"
#: The database holds personal data: its folder and files are the owner's only.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; ``None`` for PostgreSQL and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    head, _, path = url.partition("///")
    if not head or not path or ":memory:" in path or "?" in path:
        return None
    return Path(path)


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by the owner only.

    An existing folder keeps its mode: it may be shared, e.g. the project folder itself.
    """
    if not folder.is_dir():
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def make_private_file(path: Path) -> None:
    """Create ``path`` if missing with mode 0600, and narrow it to 0600 if it is wider."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
    restrict(path)


def restrict(path: Path) -> None:
    """Narrow an existing file to mode 0600 (a file of another owner is left as it is)."""
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE)


def prepare_sqlite_file(path: Path) -> None:
    """Make the database's folder (0700) and file (0600) before SQLite opens it.

    SQLite gives the ``-wal`` and ``-shm`` files it creates the database file's mode, so they
    are private too; those left wider by older versions are narrowed here.
    """
    make_private_dir(path.parent)
    make_private_file(path)
    for suffix in ("-wal", "-shm"):
        restrict(path.with_name(path.name + suffix))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on WAL and foreign keys for every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


#: The PostgreSQL pool: connections kept open, and more opened under load.
POOL_SIZE, POOL_OVERFLOW = 10, 10


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine for ``url``; SQLite gets WAL mode and foreign keys on."""
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        options: dict[str, Any] = {}
        if path is not None:
            prepare_sqlite_file(path)
            options["async_creator"] = connector(str(path))
        # SQLite has one writer at a time. One shared connection makes transactions queue in
        # asyncio instead of spinning in SQLite's busy handler ("database is locked"); the
        # fair pool serves that queue in order (see models.fair_pool).
        engine = create_async_engine(
            url,
            echo=echo,
            poolclass=FairAsyncPool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=120,
            **options,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, echo=echo, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def create_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Create the session factory services open their transactions with."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> AlembicConfig:
    """Build the Alembic configuration pointing at our migrations folder."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            msg = f"a migration left a row referring to nothing: {tuple(broken)}"
            raise RuntimeError(msg)


def _references_off(dbapi_connection: Any, _record: Any) -> None:
    """SQLite rebuilds a table to change it (copy, drop, rename); dropping a table other rows
    refer to needs the references unchecked meanwhile (SQLite's own procedure for altering a
    table). They are all checked once the migrations ran (``PRAGMA foreign_key_check``)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


async def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision``."""
    engine = create_engine(url)
    if url.startswith("sqlite"):
        # A fresh engine without pooling so the migration's connection is closed at the end.
        await engine.dispose()
        engine = create_async_engine(url, poolclass=NullPool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "connect", _references_off)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
    finally:
        await engine.dispose()
