"""Shared fixtures: a migrated database (SQLite file, or PostgreSQL when
``TEST_DATABASE_URL`` is set), settings, a fake clock and a running core."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import App, open_app
from bot.config import Settings, build_settings
from models import Base
from models.db import migrate
from tests.fakes.clock import FakeClock

PG_URL = os.environ.get("TEST_DATABASE_URL", "")

UNITS: list[dict[str, str]] = [
    {"code": "VP", "name": "Văn phòng Sở", "kind": "office"},
    {"code": "CNTT", "name": "Phòng Công nghệ thông tin", "kind": "department"},
    {
        "code": "VHTT-VY",
        "name": "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
        "kind": "district_office",
    },
]


#: The councils of the shipped config.toml: the emulation council and the initiative council.
COUNCILS = [
    {"code": "HDTDKT", "name": "Hội đồng Thi đua - Khen thưởng Sở", "kind": "emulation"},
    {"code": "HDSK", "name": "Hội đồng sáng kiến", "kind": "initiative"},
]


def make_settings(database_url: str, **overrides: Any) -> Settings:
    """Build test settings around a small organisation."""
    raw: dict[str, Any] = {
        "organisation": {
            "name": "Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc",
            "office_unit": "VP",
        },
        "database": {"url": database_url},
        "admins": [{"channel": "console", "id": "quantri"}, {"channel": "telegram", "id": "1000"}],
        "units": UNITS,
        "councils": COUNCILS,
    }
    for key, value in overrides.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    return build_settings(raw, source="test")


#: The rows the migrations themselves write (the 2021–2025 period), by table: each PostgreSQL
#: test starts from them, as each SQLite test starts from a copy of the migrated file.
_SEEDED: dict[str, list[dict[str, Any]]] = {}


async def _reset_postgres(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    await migrate(url)
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = [dict(row._mapping) for row in await conn.execute(table.select())]
            if rows:
                _SEEDED[table.name] = rows
    await engine.dispose()


async def _truncate_postgres(url: str) -> None:
    engine = create_async_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for table in Base.metadata.sorted_tables:
            if table.name in _SEEDED:
                await conn.execute(table.insert(), _SEEDED[table.name])
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
    await engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """Migrate once per session: a template SQLite file, or the PostgreSQL database."""
    if PG_URL:
        asyncio.run(_reset_postgres(PG_URL))
        return None
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def database_url(migrated_template: Path | None, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test."""
    if migrated_template is None:
        asyncio.run(_truncate_postgres(PG_URL))
        yield PG_URL
        return
    path = tmp_path / "thidua.db"
    shutil.copy(migrated_template, path)
    yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings of the test organisation."""
    return make_settings(database_url)


@pytest.fixture
def clock() -> FakeClock:
    """A clock tests move by hand."""
    return FakeClock()


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    """The core, opened on the test database (no channels, no background work)."""
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()
