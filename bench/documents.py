"""Benchmark: the whole dossier of a council session of 500 items (issue 19), on SQLite.

A department of 40 units and 2,000 members (``bench/cycle_seed.py``, the shipped catalogue)
goes through its year: targets registered, every unit's vote list sent and received, 500
LĐTT rows published for comment, sent to the council, voted and the session closed. Then the
Office runs ``python -m bot dossier --session … --out …`` as its own process:

* ``dossier_s``: that command's wall time, start-up included (target ≤ 10 s);
* ``peak_mb``: its peak resident memory (target ≤ 300 MB);
* ``documents``: the files in the ``.zip`` (the minutes, the Tờ trình and draft decisions, the
  public notice, the units' vote minutes, one achievement report per item, the reward list);
* ``baseline_s``: docxtpl's own render-and-save of as many achievement reports, one template
  object per document as its documentation shows, in this process (``ratio`` = dossier_s /
  baseline_s).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from bench.cycle import (  # noqa: E402
    START,
    YEAR,
    ldtt_ids,
    register,
    vote_lists,
    with_threshold,
)
from bench.cycle_seed import COUNCIL_CODE, Department, seed  # noqa: E402
from bot.app import App, open_app  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.documents import Letterhead, TemplateStore  # noqa: E402
from bot.ports import Channel  # noqa: E402
from bot.services.documents import MAKERS, DocumentKind, Setting, Subject, SubjectKind  # noqa: E402
from bot.services.nominations import Action  # noqa: E402
from models import Nomination  # noqa: E402
from tests.fakes.broadcast_rig import SENDER_CHAT, write_config  # noqa: E402
from tests.fakes.clock import FakeClock  # noqa: E402

ITEMS = 500


async def session_of(app: App, dept: Department, clock: FakeClock) -> tuple[str, list[int]]:
    """500 LĐTT rows published, then voted by the council in one session, closed."""
    ids = (await ldtt_ids(app))[:ITEMS]
    await app.services.listings.publish(
        dept.office,
        "LDTT",
        YEAR,
        ids,
        f"Danh sách đề nghị danh hiệu Lao động tiên tiến năm {YEAR}",
        (Channel.TELEGRAM, str(SENDER_CHAT)),
    )
    clock.advance(days=30)
    for item in ids:
        await app.services.nominations.act(dept.office, item, Action.SEND_TO_COUNCIL)
    sessions = app.services.council_sessions
    opened = await sessions.open(dept.office, COUNCIL_CODE, "Phiên họp xét LĐTT", ids)
    for member in dept.council:
        await sessions.vote_all(member, opened.id)
    await sessions.close(dept.office, opened.id)
    return opened.code, ids


def setting_of(settings: Settings) -> Setting:
    """What a maker is given, as the service builds it."""
    return Setting(
        letterhead=Letterhead.of(settings.documents, settings.organisation.name),
        rewards=settings.rewards,
        awards={a.code: a for a in settings.awards},
        authorities={a.code: a for a in settings.authorities},
        councils={c.code: c for c in settings.councils},
        zone=settings.organisation.zone,
        today=START.date(),
    )


async def baseline(app: App, settings: Settings, first: int, count: int) -> float:
    """docxtpl's plain render-and-save of ``count`` achievement reports of item ``first``."""
    async with app.sessions() as session:
        nomination = await session.get(Nomination, first)
        assert nomination is not None
        subject = Subject(SubjectKind.NOMINATION, first, nomination.code, nomination.unit_id)
        make = MAKERS[DocumentKind.ACHIEVEMENT][1]
        (draft,) = await make(session, subject, setting_of(settings))
    path = TemplateStore().path(draft.template)
    context = dict(draft.context)
    started = time.perf_counter()
    for _ in range(count):
        template = DocxTemplate(path)
        template.render(context, autoescape=True)
        template.save(io.BytesIO())
    return time.perf_counter() - started


def dossier(config: Path, code: str, out: Path) -> tuple[float, float]:
    """Run the CLI as the Office would; its wall time and peak RSS in MB."""
    environ = {**os.environ, "BOT_CONFIG": str(config)}
    command = [sys.executable, "-m", "bot", "dossier", "--session", code, "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=environ, cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024


async def main() -> None:
    """Seed, build the dossier, print one JSON line."""
    work = Path(tempfile.mkdtemp(prefix="thidua-documents-"))
    try:
        config = write_config(work, rate=30)
        settings = with_threshold(load_settings(config, environ={}))
        app = await open_app(settings, clock=FakeClock(START))
        line: dict[str, Any] = {"bench": "documents", "items": ITEMS}
        try:
            dept = await seed(app)
            await register(app, dept)
            await vote_lists(app, dept)
            code, ids = await session_of(app, dept, app.clock)  # type: ignore[arg-type]
        finally:
            await app.close()
        out = work / "ho-so.zip"
        seconds, peak_mb = dossier(config, code, out)
        with zipfile.ZipFile(out) as archive:
            files = [n for n in archive.namelist() if not n.endswith(".txt")]
        app = await open_app(settings, clock=FakeClock(START))
        try:
            plain = await baseline(app, settings, ids[0], len(files))
        finally:
            await app.close()
        line |= {
            "session": code,
            "documents": len(files),
            "zip_mb": round(out.stat().st_size / 2**20, 2),
            "dossier_s": round(seconds, 2),
            "peak_mb": round(peak_mb, 1),
            "baseline_s": round(plain, 2),
            "ratio": round(seconds / plain, 3),
            "ok": seconds <= 10 and peak_mb <= 300,
        }
        print(json.dumps(line))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
