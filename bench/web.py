"""Benchmark: the web app under 50 signed-in users, over a department of 10,000 members and
20,000 items (SQLite).

The department (``bench/inbox_seed.py``, bulk inserts): 10,000 members, 12,000 initiatives and
8,000 nominations over every unit and state. The real web app is served by aiohttp on
127.0.0.1 by a process of its own (``--serve``), as ``python -m bot run`` serves it; 50 users
of the Office, each with a session opened through the service, browse concurrently, each
making ``--requests`` requests over the page kinds of :data:`KINDS` (the dashboard, the
initiative queue page by page and searched, an initiative's dossier, the nominations queue).

Two loads. *Paced*: as people browse, each user reads a page for a random time (exponential,
mean ``--think`` seconds, default 1) before the next request; the latencies people see come
from this run. *Saturated*: the same 50 users with no pause at all, the throughput ceiling; the
same saturated load, from the same client, then goes to a bare aiohttp handler returning a
static page in the same server process: the baseline. One JSON line:

* ``lists_p50_ms``/``lists_p99_ms`` and ``item_p50_ms``/``item_p99_ms`` of the paced run
  (targets: p99 ≤ 200 for lists, ≤ 100 for an item), and each kind's own
  ``<kind>_p50_ms``/``<kind>_p99_ms``; the same with ``saturated_`` in front for the run
  without pauses (there every request waits behind the others: about 50 × the time of one);
* ``requests_per_s`` of the web app saturated and ``bare_requests_per_s`` of the bare handler,
  and ``ratio`` = web ÷ bare; ``cpu_ms_per_page`` and ``bare_cpu_ms_per_page``: the server
  process's CPU time over each saturated run divided by its requests, a figure that other
  people's load on a shared machine inflates far less than the latencies;
* ``<kind>_kb``: the median size of the kind's pages (a page with its rows, not an error);
* ``missing``: the kinds whose pages answered 404 (not built on this branch yet): they are
  left out of the figures rather than counted as fast; ``errors``: answers neither 200 nor 404.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from bench.inbox_seed import Seeder  # noqa: E402
from bot.app import App, open_app  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.domain import InitiativeState, NominationState  # noqa: E402
from bot.roles import Role  # noqa: E402
from bot.web import COOKIE  # noqa: E402
from models import Initiative, Member, Unit  # noqa: E402

MEMBERS, USERS = 10_000, 50
_I, _N = InitiativeState, NominationState
INITIATIVES = {_I.SUBMITTED: 1500, _I.RESUBMITTED: 300, _I.RECEIVED: 800, _I.UNDER_REVIEW: 800}
INITIATIVES |= {_I.RETURNED: 600, _I.RECOGNIZED: 4000, _I.NOT_RECOGNIZED: 1500, _I.APPLIED: 2500}
NOMINATIONS = {_N.SUBMITTED: 1000, _N.RESUBMITTED: 200, _N.RECEIVED: 500, _N.UNDER_REVIEW: 500}
NOMINATIONS |= {_N.RECOMMENDED: 300, _N.RETURNED: 300, _N.AWARDED: 4200, _N.REJECTED: 1000}
SEARCHES = ("số hóa", "so hoa", "hồ sơ", "quy trinh", "không có kết quả nào")
BARE_PAGE = "<!doctype html><html lang='vi'><title>Thi đua</title><p>Trang tĩnh.</p></html>"


@dataclass(frozen=True)
class Kind:
    """A kind of page: a list or an item, and the path of a user's n-th request of it."""

    group: str  # "lists" or "item"
    path: Callable[[random.Random, list[int]], str]


#: Every page kind browsed, in one place; a kind answering 404 is reported as missing.
KINDS: dict[str, Kind] = {
    "dashboard": Kind("lists", lambda pick, ids: "/web/"),
    "initiatives": Kind("lists", lambda pick, ids: f"/web/sang-kien?page={pick.randint(1, 20)}"),
    "search": Kind("lists", lambda pick, ids: f"/web/sang-kien?q={pick.choice(SEARCHES)}"),
    "initiative": Kind("item", lambda pick, ids: f"/web/sang-kien/{pick.choice(ids)}"),
    "nominations": Kind("lists", lambda pick, ids: "/web/khen-thuong"),
}


@dataclass
class Load:
    """What one load run saw: each kind's latencies and statuses, and its wall time."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, list[int]] = field(default_factory=dict)
    sizes: dict[str, list[int]] = field(default_factory=dict)
    wall_s: float = 0.0
    cpu_s: float = 0.0  # the server process's CPU over the run (saturated and bare runs)

    @property
    def requests(self) -> int:
        """Every request made."""
        return sum(len(found) for found in self.statuses.values())


async def browse(
    base: str, sessions: list[str], paths: list[list[tuple[str, str]]], think_s: float = 0.0
) -> Load:
    """Each user makes their requests one after another, all users at once; with ``think_s``
    a user reads each page for a random time of that mean before the next request."""
    load = Load()

    async def user(number: int, session_id: str, mine: list[tuple[str, str]]) -> None:
        cookies = {COOKIE: session_id} if session_id else {}
        reading = random.Random(number)
        async with aiohttp.ClientSession(base, cookies=cookies) as http:
            for kind, path in mine:
                if think_s:
                    await asyncio.sleep(reading.expovariate(1 / think_s))
                started = time.perf_counter()
                async with http.get(path, allow_redirects=False) as answer:
                    body = await answer.read()
                load.seconds.setdefault(kind, []).append(time.perf_counter() - started)
                load.statuses.setdefault(kind, []).append(answer.status)
                load.sizes.setdefault(kind, []).append(len(body))

    started = time.perf_counter()
    users = enumerate(zip(sessions, paths, strict=True))
    await asyncio.gather(*(user(n, s, p) for n, (s, p) in users))
    load.wall_s = time.perf_counter() - started
    return load


def plan(requests: int, ids: list[int], seed: int) -> list[list[tuple[str, str]]]:
    """Every user's requests, cycling over the kinds from a different start."""
    pick, names = random.Random(seed), list(KINDS)
    return [
        [
            (name, KINDS[name].path(pick, ids))
            for name in (names[(user + n) % len(names)] for n in range(requests))
        ]
        for user in range(USERS)
    ]


def percentiles(prefix: str, seconds: list[float]) -> dict[str, float]:
    """The median and the 99th percentile of ``seconds``, in milliseconds."""
    p99 = statistics.quantiles(seconds, n=100)[98] if len(seconds) > 1 else seconds[0]
    return {
        f"{prefix}_p50_ms": round(statistics.median(seconds) * 1000, 2),
        f"{prefix}_p99_ms": round(p99 * 1000, 2),
    }


def figures(paced: Load, saturated: Load, bare: Load) -> dict[str, Any]:
    """The JSON line's figures: latencies per group and kind as users browse (``paced``), and
    the throughput of the web app and of the bare handler with no pause at all."""
    missing = sorted(k for k, found in paced.statuses.items() if 404 in found)
    errors = sum(
        1
        for load in (paced, saturated)
        for kind, found in load.statuses.items()
        if kind not in missing
        for status in found
        if status != 200
    )
    line: dict[str, Any] = {"complete": not missing, "missing": missing, "errors": errors}
    line |= _latencies("", paced, missing, sizes=True)
    line |= _latencies("saturated_", saturated, missing, sizes=False)
    web_rps = saturated.requests / saturated.wall_s
    bare_rps = bare.requests / bare.wall_s
    line |= percentiles("bare", bare.seconds["bare"])
    line |= {"requests_per_s": round(web_rps, 1), "bare_requests_per_s": round(bare_rps, 1)}
    line |= {"cpu_ms_per_page": round(saturated.cpu_s / saturated.requests * 1000, 2)}
    line |= {"bare_cpu_ms_per_page": round(bare.cpu_s / bare.requests * 1000, 3)}
    return line | {"ratio": round(web_rps / bare_rps, 3)}


def _latencies(prefix: str, load: Load, missing: list[str], *, sizes: bool) -> dict[str, Any]:
    """p50/p99 per kind and per group (lists, item) of one load, kinds missing left out."""
    line: dict[str, Any] = {}
    groups: dict[str, list[float]] = {}
    for kind, seconds in load.seconds.items():
        if kind not in missing:
            groups.setdefault(KINDS[kind].group, []).extend(seconds)
            line |= percentiles(f"{prefix}{kind}", seconds)
            if sizes:  # the page's median size: a page with its rows, not an error page
                line[f"{kind}_kb"] = round(statistics.median(load.sizes[kind]) / 1024, 1)
    for group, seconds in sorted(groups.items()):
        line |= percentiles(f"{prefix}{group}", seconds)
    return line


async def seed(app: App) -> tuple[list[str], list[int]]:
    """The department, then :data:`USERS` members of the Office and a session each; the
    sessions' ids and the initiatives' ids. The configured plan, published when the app
    opens, is confirmed by a quarter of the members: the dashboard's coverage has data."""
    async with app.sessions.begin() as session:
        units = list((await session.scalars(select(Unit.id).order_by(Unit.id))).all())
        code = app.settings.organisation.office_unit
        office = await session.scalar(select(Unit.id).where(Unit.code == code))
        assert office is not None
        seeder = Seeder(session, app.settings, app.clock.now())
        await seeder.members(units, office, total=MEMBERS)
        await seeder.initiatives(INITIATIVES)
        await seeder.nominations(NOMINATIONS)
        others = [unit for unit in units if unit != office]
        today = seeder.now.astimezone(app.settings.organisation.zone).date()
        await seeder.period(others, seeder.now - timedelta(days=7), today + timedelta(days=2))
        await seeder.confirmations()
        users = [m for m, unit, role in seeder.people if unit == office and role is Role.STAFF]
        users = users[:USERS]
        await session.execute(
            update(Member).where(Member.id.in_(users)).values(role=Role.OFFICE.value)
        )
        ids = list((await session.scalars(select(Initiative.id))).all())
    opened = [await app.services.web_access.sign_in_member(user) for user in users]
    return [new.session_id for new in opened if new is not None], ids


async def serve(config: Path) -> None:
    """The server process: the web app and the bare handler, each on a free port of
    127.0.0.1; prints their ports, serves until its standard input closes."""
    from bot.channels.webhook import HttpServer
    from bot.cli_channels import web_context
    from bot.web import add_web_app

    settings = load_settings(config, environ={})
    app = await open_app(settings)
    served = web.Application(client_max_size=settings.web.upload_max_bytes)
    add_web_app(served, web_context(app, settings, app.texts, ""))

    async def bare_page(_request: web.Request) -> web.Response:
        return web.Response(text=BARE_PAGE, content_type="text/html")

    bare = web.Application()
    bare.router.add_get("/", bare_page)
    servers = [HttpServer(served, "127.0.0.1", 0), HttpServer(bare, "127.0.0.1", 0)]
    for server in servers:
        await server.start()
    print(json.dumps([server.port for server in servers]), flush=True)
    # Each line read is a question: the CPU seconds the process has used so far.
    while await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline):
        print(json.dumps(time.process_time()), flush=True)
    for server in servers:
        await server.stop()
    await app.close()


async def measure(
    config: Path, sessions: list[str], ids: list[int], requests: int, think_s: float
) -> Any:
    """Start the server process, warm it up; load the web app as people browse (pausing
    ``think_s`` on average on each page), then with no pause, then the bare handler."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        str(config),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    stdin, stdout = process.stdin, process.stdout
    assert stdout is not None and stdin is not None

    async def cpu_s() -> float:
        stdin.write(b"\n")
        await stdin.drain()
        return float(json.loads(await stdout.readline()))

    try:
        web_port, bare_port = json.loads(await stdout.readline())
        site, bare_base = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{bare_port}"
        await browse(site, sessions, plan(2, ids, seed=1))  # warm: every template compiled
        paced = await browse(site, sessions, plan(requests, ids, seed=2), think_s)
        before = await cpu_s()
        saturated = await browse(site, sessions, plan(requests, ids, seed=3))
        saturated.cpu_s = await cpu_s() - before
        bare_paths = [[("bare", "/")] * requests for _ in range(USERS)]
        await browse(bare_base, [""] * USERS, [[("bare", "/")] * 2 for _ in range(USERS)])
        before = await cpu_s()
        bare = await browse(bare_base, [""] * USERS, bare_paths)
        bare.cpu_s = await cpu_s() - before
    finally:
        stdin.close()
        await process.wait()
    return figures(paced, saturated, bare)


def bench_settings(work: Path) -> Path:
    """A copy of ``config.toml`` over a fresh SQLite database in ``work``."""
    config = work / "config.toml"
    source = (ROOT / "config.toml").read_text(encoding="utf-8")
    database = f"sqlite+aiosqlite:///{work}/w.db"
    config.write_text(source.replace("sqlite+aiosqlite:///data/thidua.db", database), "utf-8")
    return config


async def main(requests: int, think_s: float) -> None:
    """Seed a fresh database, measure, print one JSON line."""
    work = Path(tempfile.mkdtemp(prefix="thidua-web-"))
    try:
        config = bench_settings(work)
        settings: Settings = load_settings(config, environ={})
        app = await open_app(settings)
        try:
            started = time.perf_counter()
            sessions, ids = await seed(app)
            seeded_s = time.perf_counter() - started
        finally:
            await app.close()
        line: dict[str, Any] = {"bench": "web", "members": MEMBERS, "items": 20_000}
        line |= {"users": USERS, "requests_per_user": requests, "think_s": think_s}
        line |= {"seed_s": round(seeded_s, 1)}
        line |= await measure(config, sessions, ids, requests, think_s)
        print(json.dumps(line))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per user")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a user reads a page (paced run)"
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(serve(args.serve) if args.serve else main(args.requests, args.think))
