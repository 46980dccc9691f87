"""Engine and session factory construction, and running the migrations.

Called from the composition root only; nothing here runs at import time.
"""

from __future__ import annotations

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

from models.sqlite_inline import connector

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on WAL and foreign keys for every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine for ``url``; SQLite gets WAL mode and foreign keys on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        options: dict[str, Any] = {}
        if path and ":memory:" not in path and "?" not in path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            options["async_creator"] = connector(path)
        # SQLite has one writer at a time. One shared connection makes transactions queue in
        # asyncio instead of spinning in SQLite's busy handler ("database is locked").
        engine = create_async_engine(
            url, echo=echo, pool_size=1, max_overflow=0, pool_timeout=120, **options
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=10)


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


async def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision``."""
    engine = create_engine(url)
    if url.startswith("sqlite"):
        # A fresh engine without pooling so the migration's connection is closed at the end.
        await engine.dispose()
        engine = create_async_engine(url, poolclass=NullPool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
    finally:
        await engine.dispose()
