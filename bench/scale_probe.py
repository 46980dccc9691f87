"""What ``bench/scale.py`` reads of other processes: peak memory and CPU time from ``/proc``,
and the PostgreSQL backends serving one database."""

from __future__ import annotations

import os
from pathlib import Path


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


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of every ``postgres`` process of this machine, by process id.

    The server is shared: other databases' work counts too, and a backend that ended between
    two readings is lost (the bot's pooled connections live as long as the bot).
    """
    used: dict[int, float] = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                used[int(comm.parent.name)] = cpu_seconds(int(comm.parent.name))
        except OSError:
            continue
    return used


def postgres_cpu_since(before: dict[int, float]) -> float:
    """CPU seconds the ``postgres`` processes used since ``before`` (see ``postgres_cpu``)."""
    return sum(now - before.get(pid, 0.0) for pid, now in postgres_cpu().items())
