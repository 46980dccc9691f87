"""What ``bench/scale.py`` reads of other processes: peak memory and CPU time from ``/proc``,
and the PostgreSQL backends serving one database."""

from __future__ import annotations

import os
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (``VmHWM``) in MB; 0 when it cannot be read."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds the process has used so far; 0 when it cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # The command name may hold spaces: the fields after it start behind the last ")".
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def pg_backends(server: str, database: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to ``database``."""
    connection = await asyncpg.connect(f"postgresql://{server}/postgres")
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1", database
        )
    finally:
        await connection.close()
    return [int(row["pid"]) for row in rows]
