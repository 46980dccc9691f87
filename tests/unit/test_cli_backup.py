"""``python -m bot backup`` and ``restore`` in real subprocesses: a backup taken while members
are being added restores every row, a wrong file is refused and nothing is lost, the files are
the owner's only, and PostgreSQL gets the pg_dump / pg_restore commands."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from bot.app import App
from bot.roles import Role
from models import ChannelAccount, Member, Unit
from models.db import alembic_config, create_engine, migrate
from tests.conftest import PG_URL
from tests.fakes.broadcast_rig import ROOT, write_config
from tests.fakes.process import bot_env

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="SQLite's own backup; PG prints pg_dump")
Rows = dict[str, set[tuple[Any, ...]]]


async def thidua(config: Path, *args: str, **env: str) -> tuple[int | None, str, str]:
    """Run ``python -m bot ARGS`` on ``config``; exit code, stdout, stderr."""
    environment = bot_env(config, **env)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode, out.decode(), err.decode()


def dump(database: Path) -> Rows:
    """Every row of every table."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: set(db.execute(f'SELECT * FROM "{name}"')) for name in names}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Writer:
    """Adds members (each with a Telegram account, in one transaction) until stopped."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.added: list[int] = []
        self.stop = asyncio.Event()

    async def add_one(self, unit_id: int) -> None:
        now = datetime.now(UTC)
        async with self.app.sessions.begin() as session:
            member_id = await session.scalar(
                insert(Member)
                .values(
                    unit_id=unit_id,
                    full_name=f"Cán bộ {len(self.added):05d}",
                    role=Role.STAFF.value,
                    created_at=now,
                )
                .returning(Member.id)
            )
            assert member_id is not None
            chat = str(200_000 + member_id)
            await session.execute(
                insert(ChannelAccount).values(
                    channel="telegram",
                    external_id=chat,
                    chat_id=chat,
                    member_id=member_id,
                    created_at=now,
                )
            )
        self.added.append(member_id)

    async def run(self) -> None:
        async with self.app.sessions() as session:
            unit_id = (await session.scalars(select(Unit.id))).first()
        assert unit_id is not None
        while not self.stop.is_set():
            await self.add_one(unit_id)
            # A steady trickle, not a busy loop: the backup process needs the CPU to start.
            await asyncio.sleep(0.002)


def database_of(url: str) -> Path:
    return Path(url.removeprefix("sqlite+aiosqlite:///"))


@sqlite_only
async def test_a_backup_taken_while_members_are_added_restores_every_row(
    app: App, database_url: str, tmp_path: Path
) -> None:
    live = database_of(database_url)
    async with app.engine.connect() as connection:  # the app's only connection (pool of one)
        # As in the incident: what was written lately is still in the WAL, not the main file.
        await connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    await app.services.invites.create(None, unit_code="CNTT", role=Role.STAFF, uses=3, days=7)
    writer = Writer(app)
    for _ in range(20):
        await writer.add_one(1)
    config = write_config(tmp_path, rate=0, database_url=database_url)
    writing = asyncio.create_task(writer.run())
    before = set(writer.added)
    try:
        code, out, err = await thidua(config, "backup")
    finally:
        writer.stop.set()
        await writing
    assert code == 0, err
    written = re.search(r"Đã sao lưu vào «(.+?)»: (\d+) cán bộ", out)
    assert written is not None, out
    backup = Path(written[1])
    assert backup.parent == live.parent / "backups"
    assert re.fullmatch(r"thidua-\d{8}-\d{6}\.db", backup.name)
    assert (mode(backup), mode(backup.parent)) == (0o600, 0o700)

    fresh = tmp_path / "fresh" / "data" / "thidua.db"
    fresh.parent.parent.mkdir()
    other = write_config(tmp_path / "fresh", rate=0, database_url=f"sqlite+aiosqlite:///{fresh}")
    code, out, err = await thidua(other, "restore", str(backup))
    assert code == 0, err
    assert "Đã khôi phục" in out

    source, restored = dump(live), dump(fresh)
    members = {row[0] for row in restored.pop("members")}
    assert before <= members <= set(writer.added)
    assert members == set(range(1, max(members) + 1))  # one snapshot: no gap, no torn commit
    assert int(written[2]) == len(members)
    assert members <= {row[0] for row in source.pop("members")}
    source.pop("channel_accounts")
    with contextlib.closing(sqlite3.connect(live)) as db:
        query = "SELECT * FROM channel_accounts WHERE member_id <= ?"
        accounts = set(db.execute(query, (max(members),)))
    assert restored.pop("channel_accounts") == accounts  # each member came with its account
    assert restored == source  # every other table, alembic_version included
    assert (mode(fresh), mode(fresh.parent)) == (0o600, 0o700)


@sqlite_only
async def test_restore_refuses_what_is_not_a_backup_and_upgrades_an_older_one(
    app: App, database_url: str, tmp_path: Path
) -> None:
    live = database_of(database_url)
    await Writer(app).add_one(1)
    config = write_config(tmp_path, rate=0, database_url=database_url)
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    alien = tmp_path / "khac.db"
    with contextlib.closing(sqlite3.connect(alien)) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    kept = dump(live)

    code, _, err = await thidua(config, "restore", str(text))
    assert code == 2
    assert "không phải cơ sở dữ liệu SQLite" in err
    code, _, err = await thidua(config, "restore", str(alien))
    assert code == 2
    assert "không phải của Thi đua bot" in err

    assert "Traceback" not in err
    assert dump(live) == kept
    assert len(kept["members"]) == 1
    assert not (live.parent / "backups").exists()  # nothing was replaced, so nothing set aside

    older = tmp_path / "cu.db"
    await migrate(f"sqlite+aiosqlite:///{older}", "0005")
    code, out, err = await thidua(config, "restore", str(older))
    assert code == 0, err
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"lược đồ phiên bản {head}" in out
    assert dump(live)["alembic_version"] == {(head,)}
    assert dump(live)["members"] == set()
    [side] = (live.parent / "backups").glob("thidua-before-restore-*.db")
    assert str(side) in out
    assert dump(side)["members"] == kept["members"]
    assert mode(side) == 0o600


async def test_new_sqlite_files_and_their_folder_are_the_owners_only(tmp_path: Path) -> None:
    database = tmp_path / "moi" / "thidua.db"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        async with engine.connect() as connection:  # open: the -wal and -shm files exist
            await connection.exec_driver_sql("SELECT * FROM t")
            sides = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
            assert [mode(p) for p in [database, *sides]] == [0o600] * 3
    finally:
        await engine.dispose()
    assert mode(database.parent) == 0o700

    database.chmod(0o644)  # as left by an older version
    create_engine(f"sqlite+aiosqlite:///{database}")
    assert mode(database) == 0o600


async def test_backup_on_postgresql_shows_the_pg_dump_command_without_the_password(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path, rate=0)
    url = "postgresql+asyncpg://thidua:MatKhau-Bi-Mat@db.so.vn:5433/thidua"
    code, out, err = await thidua(config, "backup", "--out", "sao-luu.dump", DATABASE_URL=url)
    assert code == 0, err
    assert (
        "pg_dump --host=db.so.vn --port=5433 --username=thidua --dbname=thidua"
        " --format=custom --file=sao-luu.dump"
    ) in out
    assert "MatKhau-Bi-Mat" not in out + err
    assert "PGPASSWORD" in out


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL")
async def test_restore_on_postgresql_shows_the_pg_restore_command(
    database_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, rate=0, database_url=database_url)
    code, out, err = await thidua(config, "restore", "sao-luu.dump")
    assert code == 0, err
    parts = make_url(PG_URL)
    target = f"--host={parts.host} --port={parts.port or 5432} --username={parts.username}"
    assert f"pg_restore {target} --dbname={parts.database}" in out
    assert "sao-luu.dump" in out
    assert "python -m bot migrate" in out
