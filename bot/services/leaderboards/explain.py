""" "Vì sao?": the events behind a score, each with the item it came from.

An event names its item by ``entity`` and ``entity_id``; the items' codes and names are read
with one query per kind of item present (initiatives, nominations, reports, plans), not one
per event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.leaderboards.records import Explanation, Period, ScoreLine
from models import Initiative, Member, Nomination, Plan, Report, ReportingPeriod, ScoreEvent

#: (code, name) of an item.
Source = tuple[str, str]


async def explain(
    session: AsyncSession,
    points: Mapping[str, int],
    subject: str,
    whose: ColumnElement[bool],
    within: tuple[datetime, datetime],
    period: Period,
    *,
    by_member: bool = False,
) -> Explanation:
    """The events ``whose`` selects in ``within``, newest first, with what they earn now;
    ``by_member`` names whose each event is (a unit's explanation)."""
    low, high = within
    events = await session.execute(
        select(
            ScoreEvent.at,
            ScoreEvent.kind,
            ScoreEvent.entity,
            ScoreEvent.entity_id,
            ScoreEvent.share,
            Member.full_name,
        )
        .outerjoin(Member, Member.id == ScoreEvent.member_id)
        .where(whose, ScoreEvent.at >= low, ScoreEvent.at < high)
        .order_by(ScoreEvent.at.desc(), ScoreEvent.id.desc())
    )
    rows = events.all()
    found = await _sources(session, {(row.entity, row.entity_id) for row in rows})
    lines, weighted = [], 0
    for at, kind, entity, entity_id, share, member in rows:
        product = points.get(kind, 0) * share
        weighted += product
        code, title = found.get((entity, entity_id), ("", ""))
        earned = product / 100
        lines.append(
            ScoreLine(
                at,
                kind,
                entity,
                entity_id,
                share,
                earned,
                code,
                title,
                member if by_member and member else "",
            )
        )
    return Explanation(subject, period, tuple(lines), weighted / 100)


async def _sources(
    session: AsyncSession, items: set[tuple[str, int]]
) -> dict[tuple[str, int], Source]:
    """Code and name of each item, by (entity, id)."""
    wanted: dict[str, set[int]] = {}
    for entity, entity_id in items:
        wanted.setdefault(entity, set()).add(entity_id)
    found: dict[tuple[str, int], Source] = {}
    if ids := wanted.get("initiative"):
        ideas = select(Initiative.id, Initiative.code, Initiative.title)
        for item_id, code, title in await session.execute(ideas.where(Initiative.id.in_(ids))):
            found["initiative", item_id] = (code, title)
    if ids := wanted.get("nomination"):
        awards = select(Nomination.id, Nomination.code, Nomination.award_name)
        for item_id, code, award in await session.execute(awards.where(Nomination.id.in_(ids))):
            found["nomination", item_id] = (code, award)
    if ids := wanted.get("report"):
        reports = select(Report.id, ReportingPeriod.name).join(
            ReportingPeriod, ReportingPeriod.id == Report.period_id
        )
        for item_id, name in await session.execute(reports.where(Report.id.in_(ids))):
            found["report", item_id] = ("", name)
    if ids := wanted.get("plan"):
        plans = select(Plan.id, Plan.version, Plan.title)
        for item_id, version, title in await session.execute(plans.where(Plan.id.in_(ids))):
            found["plan", item_id] = (str(version), title)
    return found
