"""What the registration of targets tells, through the outbox once the transaction commits:
unit heads that the year's registration is open (or its deadline moved), and each member of a
unit what its head registered for them and for the unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dates import day_text
from bot.ports import Reply
from bot.roles import Role
from bot.services import workflow
from bot.services.registrations.records import Registered, RoundView, Titles
from bot.texts import Texts
from models import Member, Unit


@dataclass(frozen=True, slots=True)
class TargetNotices:
    """The texts of the registration of targets."""

    texts: Texts

    async def opened(
        self, session: AsyncSession, view: RoundView, now: datetime, *, moved: bool
    ) -> None:
        """Tell the heads of active units that the year's registration opened, or that its
        deadline moved."""
        heads = await session.scalars(
            select(Member.id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(
                Member.active.is_(True),
                Unit.active.is_(True),
                Member.role == Role.UNIT_HEAD.value,
            )
        )
        key = "targets.notice.moved" if moved else "targets.notice.opened"
        text = self.texts.t(key, year=view.year, deadline=day_text(view.deadline))
        await workflow.tell(session, heads, [Reply(text)], now)

    async def saved(
        self,
        session: AsyncSession,
        titles: Titles,
        saved: Registered,
        chosen: Mapping[int, Sequence[str]],
        members: Sequence[int],
        now: datetime,
    ) -> None:
        """Tell each of ``members`` (the unit's, but whoever saved) their titles and the
        unit's: one text per distinct list of titles."""
        none = self.texts.t("targets.notice.no_collective")
        collective = none if saved.collective is None else titles.name(saved.collective)
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for member in members:
            groups[tuple(chosen.get(member, ()))].append(member)
        for codes, people in groups.items():
            if codes:
                names = ", ".join(titles.name(code) for code in codes)
                text = self.texts.t(
                    "targets.notice.saved",
                    year=saved.year,
                    unit=saved.unit,
                    titles=names,
                    collective=collective,
                )
            else:
                text = self.texts.t(
                    "targets.notice.saved_none",
                    year=saved.year,
                    unit=saved.unit,
                    collective=collective,
                )
            await workflow.tell(session, people, [Reply(text)], now)
