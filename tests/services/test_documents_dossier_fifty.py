"""A council session of 50 items through the real services, then its whole dossier: every
document in the .zip, each opened and read (issue 19, point 6)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.councils import Position
from bot.services.nominations.workflow import Action
from tests.conftest import make_settings
from tests.documents_text import document_text
from tests.factories import make_member
from tests.services.council_sessions_seed import COUNCILS, session_awards
from tests.services.nominations_seed import draft_for

ITEMS = 50
#: The nominees' units; the council sits in the Office (VP), so no member has a stake.
UNITS = ("CNTT", "VHTT-VY")


@pytest.fixture
def settings(database_url: str) -> Settings:
    awards = session_awards(giay_khen_threshold=0.5)
    for award in awards:
        award["reward_multiple"] = 1.0 if award["code"] == "CSTDCS" else 0.3
    return make_settings(
        database_url,
        councils=COUNCILS,
        awards=awards,
        rewards={"base_salary": 2_340_000, "round_up_to": 10_000},
        documents={"place": "Phú Thọ", "abbreviation": "SKHCN", "head_title": "Giám đốc"},
    )


async def _session(app: App) -> tuple[str, list[str]]:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    seated = [
        await make_member(app, f"hd{n}", Role.COUNCIL, "VP", name=f"Thành Viên {n}")
        for n in range(5)
    ]
    for member in seated:
        await app.services.councils.seat(office, "HDTDKT", member.id, Position.MEMBER)
    heads = {
        unit: await make_member(app, f"head-{unit}", Role.UNIT_HEAD, unit, name=f"Trưởng {unit}")
        for unit in UNITS
    }
    ids, names = [], []
    for n in range(ITEMS):
        unit = UNITS[n % len(UNITS)]
        name = f"Cán Bộ Số {n:02d}"
        who = await make_member(app, f"cb{n}", Role.STAFF, unit, name=name)
        award = "CSTDCS" if n % 2 else "GK-GD"
        item = await app.services.nominations.submit(heads[unit], draft_for(who, award_code=award))
        for action in (Action.RECEIVE, Action.SEND_TO_COUNCIL):
            await app.services.nominations.act(office, item.id, action)
        ids.append(item.id)
        names.append(name)
    sessions = app.services.council_sessions
    opened = await sessions.open(office, "HDTDKT", "Phiên họp xét khen thưởng năm 2026", ids)
    for member in seated:
        await sessions.vote_all(member, opened.id)
    await sessions.close(office, opened.id)
    return opened.code, names


async def test_the_dossier_of_a_session_of_50_items(app: App) -> None:
    code, names = await _session(app)
    office = await app.services.members.find(Channel.CONSOLE, "vp")
    assert office is not None
    dossier = await app.services.documents.dossier(office, code)
    with zipfile.ZipFile(io.BytesIO(dossier.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    reports = [n for n in files if n.startswith("Bao-cao-thanh-tich-")]
    assert len(reports) == ITEMS
    assert {"To-trinh-PH-2026-001.docx", "THIEU-DU-LIEU.txt"} <= set(files)
    minutes = document_text(files["Bien-ban-hop-Hoi-dong-PH-2026-001.docx"])
    for name in names:
        assert name in minutes
    assert minutes.count("| 5 | 0 | 100%") == ITEMS
    giay_khen = document_text(files["Quyet-dinh-PH-2026-001-GK-GD.docx"])
    assert "710.000" in giay_khen  # 0.3 × 2,340,000 = 702,000, rounded up to 10,000
    assert "Tổng cộng" in giay_khen and f"{25 * 710_000:,}".replace(",", ".") in giay_khen
    report = document_text(files["Bao-cao-thanh-tich-Can-Bo-So-07-DC-2026-0008.docx"])
    assert "Cán Bộ Số 07" in report and "CHIẾN SĨ THI ĐUA CƠ SỞ" in report
    sheet = next(v for n, v in files.items() if n.endswith(".xlsx"))
    rows = list(load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True))
    amounts = [r[8] for r in rows if isinstance(r[8], int)]
    assert sorted(set(amounts[:-1])) == [710_000, 2_340_000]
    assert amounts[-1] == sum(amounts[:-1])
