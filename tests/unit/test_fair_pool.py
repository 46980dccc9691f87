"""SQLite's one shared connection goes to the tasks waiting for it in the order they asked."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import create_engine


async def _settle() -> None:
    """Let every ready task run until it waits."""
    for _ in range(20):
        await asyncio.sleep(0)


async def _use(engine: AsyncEngine, name: str, order: list[str], hold: asyncio.Event) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
        order.append(name)
        await hold.wait()


async def test_waiting_tasks_get_the_connection_before_a_newcomer(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/fair.db")
    order: list[str] = []
    held, free = asyncio.Event(), asyncio.Event()
    free.set()
    try:
        first = asyncio.create_task(_use(engine, "first", order, held))
        await _settle()
        waiting = [asyncio.create_task(_use(engine, n, order, free)) for n in ("b", "c", "d")]
        await _settle()
        assert order == ["first"]
        held.set()
        await first
        # Asks right after the connection came back, before the woken task ran.
        late = asyncio.create_task(_use(engine, "late", order, free))
        await asyncio.wait_for(asyncio.gather(*waiting, late), 30)
    finally:
        await engine.dispose()
    assert order == ["first", "b", "c", "d", "late"]


async def test_a_waiting_task_given_up_does_not_keep_the_connection(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/fair.db")
    order: list[str] = []
    held, free = asyncio.Event(), asyncio.Event()
    free.set()
    try:
        first = asyncio.create_task(_use(engine, "first", order, held))
        await _settle()
        gone = asyncio.create_task(_use(engine, "gone", order, free))
        after = asyncio.create_task(_use(engine, "after", order, free))
        await _settle()
        gone.cancel()
        held.set()
        await first
        await asyncio.wait_for(after, 30)
        assert gone.cancelled()
    finally:
        await engine.dispose()
    assert order == ["first", "after"]
