"""Benchmark: leaderboards over 1,000,000 score events (40 units, 10,000 members, SQLite).

Measured in the same run, each the median of several repetitions:

* ``board_ms``: the unit board for this year through ``LeaderboardService.units`` with an empty
  cache, against ``groupby_ms``: a plain SQL ``GROUP BY unit_id`` summing the same events of
  the same table through the same engine (``ratio`` = board ÷ group-by; target ≤ 1.5);
* ``chart_warm_ms``: our ranking chart of the 40 units (the top ten and the viewer's unit, as a
  phone shows it) rendered after a first render, against ``chart_bare_ms``: a bare matplotlib
  ``Figure`` + ``barh`` of the same labels and values at the same size and dpi saved to PNG
  (``chart_ratio``; target ≤ 1.2);
* ``cached_ms``: a repeated board-and-chart request answered from the cache (target ≤ 5).
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matplotlib.figure import Figure  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bot.app import App, open_app  # noqa: E402
from bot.charts import (  # noqa: E402
    DPI,
    Bar,
    ChartHeader,
    ranking_figure,
    ranking_png,
    select_rows,
)
from bot.config import load_settings  # noqa: E402
from bot.services.leaderboards import LeaderboardService, PeriodKind  # noqa: E402

EVENTS, UNITS, MEMBERS = 1_000_000, 40, 10_000
KINDS = ("initiative_submitted", "initiative_recognized", "plan_confirmed", "report_on_time")
REPEATS = 7


def stored(moment: datetime) -> str:
    """A UTC time as SQLAlchemy stores it in SQLite."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(db: Path) -> None:
    """Units up to 40, 10,000 members, then 1,000,000 events over 2021–2026."""
    now = stored(datetime.now(UTC))
    connection = sqlite3.connect(db)
    with connection:
        have = connection.execute("SELECT count(*) FROM units").fetchone()[0]
        connection.executemany(
            "INSERT INTO units (code, name, kind, district, active, created_at) "
            "VALUES (?, ?, 'district_office', '', 1, ?)",
            [
                (f"X{n}", f"Phòng Văn hóa và Thông tin huyện Số {n}", now)
                for n in range(have, UNITS)
            ],
        )
        units = [row[0] for row in connection.execute("SELECT id FROM units")][:UNITS]
        connection.executemany(
            "INSERT INTO members (unit_id, full_name, position, role, active, created_at) "
            "VALUES (?, ?, 'Chuyên viên', 'staff', 1, ?)",
            [(units[n % UNITS], f"Cán bộ {n:05d}", now) for n in range(MEMBERS)],
        )
        members = list(connection.execute("SELECT id, unit_id FROM members"))
        pick = random.Random(7)
        start = datetime(2021, 1, 1, tzinfo=UTC)
        span = (datetime(2026, 12, 31, tzinfo=UTC) - start).total_seconds()
        for chunk in range(0, EVENTS, 100_000):
            rows = []
            for n in range(chunk, chunk + 100_000):
                member, unit = members[pick.randrange(len(members))]
                at = start + timedelta(seconds=pick.random() * span)
                rows.append(
                    (pick.choice(KINDS), member, unit, 100, "initiative", n, at.isoformat(" "))
                )
            connection.executemany(
                "INSERT INTO score_events (kind, member_id, unit_id, share, entity, entity_id, "
                "at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    connection.close()


async def median_ms(action: Callable[[], Awaitable[object]], repeats: int = REPEATS) -> float:
    """The median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_chart(labels: list[str], values: list[float], size: tuple[float, float]) -> bytes:
    """The baseline: a plain bar chart of the same data at the same size."""
    figure = Figure(figsize=size, dpi=DPI)
    axes = figure.add_subplot()
    axes.barh(labels, values)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def main() -> None:
    """Fill a database, then measure."""
    work = Path(tempfile.mkdtemp(prefix="thidua-board-"))
    try:
        config = work / "config.toml"
        source = (ROOT / "config.toml").read_text(encoding="utf-8")
        config.write_text(
            source.replace(
                "sqlite+aiosqlite:///data/thidua.db", f"sqlite+aiosqlite:///{work}/b.db"
            ),
            encoding="utf-8",
        )
        settings = load_settings(config, environ={})
        app = await open_app(settings)
        await app.close()
        fill(work / "b.db")
        app = await open_app(settings)
        try:
            await run(app)
        finally:
            await app.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def run(app: App) -> None:
    """Measure on the filled database."""
    board_service = app.services.leaderboards
    year = board_service.period(PeriodKind.YEAR)
    low = datetime(year.start.year, 1, 1, tzinfo=UTC) - timedelta(hours=7)
    high = datetime(year.end.year + 1, 1, 1, tzinfo=UTC) - timedelta(hours=7)

    def fresh() -> LeaderboardService:
        # A new service has an empty cache: every call computes the board.
        return LeaderboardService(
            app.sessions,
            app.clock,
            app.settings.scoring,
            texts=app.texts,
            zone=app.settings.organisation.zone,
            plan_years=(2021, 2025),
        )

    async def board() -> object:
        return await fresh().units(year)

    async def group_by() -> object:
        async with app.engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT unit_id, SUM(share) FROM score_events "
                    "WHERE at >= :low AND at < :high GROUP BY unit_id"
                ),
                {"low": stored(low), "high": stored(high)},
            )
            return rows.all()

    await board(), await group_by()  # warm: SQL compiled, pages in the cache
    board_ms, groupby_ms = [], []
    for _ in range(REPEATS):  # alternate, the machine's speed drifts
        board_ms.append(await median_ms(board, 1))
        groupby_ms.append(await median_ms(group_by, 1))

    units = await board_service.units(year)
    viewer = units.rows[len(units.rows) // 2].unit_id  # outside the top ten
    rows = select_rows(
        [Bar(r.name, r.per_member, r.rank, r.unit_id == viewer) for r in units.rows]
    )
    labels = [f"{bar.rank}. {bar.label}" for bar in rows.bars]
    values = [bar.value for bar in rows.bars]
    charts = app.services.board_charts
    made = datetime.now(UTC).astimezone(app.settings.organisation.zone)
    header = ChartHeader(app.settings.organisation.name, year.label, made.strftime("%H:%M"))

    def ours() -> bytes:
        return ranking_png(rows, header, title="Bảng xếp hạng", value_label="điểm")

    size = ranking_figure(
        rows, header, title="Bảng xếp hạng", value_label="điểm"
    ).get_size_inches()
    ours(), bare_chart(labels, values, (size[0], size[1]))
    chart_ms, bare_ms = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        ours()
        chart_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        bare_chart(labels, values, (size[0], size[1]))
        bare_ms.append((time.perf_counter() - started) * 1000)

    async def cached_request() -> object:
        cached = await board_service.units(year)
        return await charts.unit_chart(cached, viewer)

    await cached_request()
    cached_ms = await median_ms(cached_request, 20)
    board_median, groupby_median = statistics.median(board_ms), statistics.median(groupby_ms)
    chart_median, bare_median = statistics.median(chart_ms), statistics.median(bare_ms)
    print(
        json.dumps(
            {
                "bench": "leaderboard",
                "events": EVENTS,
                "board_ms": round(board_median, 1),
                "groupby_ms": round(groupby_median, 1),
                "ratio": round(board_median / groupby_median, 3),
                "chart_warm_ms": round(chart_median, 1),
                "chart_bare_ms": round(bare_median, 1),
                "chart_ratio": round(chart_median / bare_median, 3),
                "cached_ms": round(cached_ms, 2),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
