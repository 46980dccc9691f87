"""The organisation's units: kept in step with ``config.toml`` and importable from CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.collation import sorted_vi
from bot.config_organisation import Unit as UnitConfig
from bot.services.common import UnitView, audit
from models import Unit, UnitChange

CSV_COLUMNS = ("code", "name", "kind")


class UnitImportError(ValueError):
    """A CSV row is unusable; the message names the line and the problem."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """How many units were added and renamed."""

    added: int
    updated: int


class UnitService:
    """Reads and updates units."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        # Built once: several web pages list the units for their filters on every request.
        table = Unit.__table__.c
        self._active = select(table.id, table.code, table.name, table.kind).where(
            table.active.is_(True)
        )

    async def sync(self, units: Iterable[UnitConfig], *, actor: audit.Actor) -> SyncResult:
        """Add units that are new and update changed names/kinds; never delete (history).

        A unit the Office changed (renamed, merged, split or closed: ``unit_changes``) is no
        longer the configuration's to rename: the recorded change rules, so a restart does not
        undo it.
        """
        now = self._clock.now()
        added = updated = 0
        async with self._sessions.begin() as session:
            existing = {u.code: u for u in await session.scalars(select(Unit))}
            changed = await _changed_units(session)
            for cfg in units:
                row = existing.get(cfg.code)
                if row is not None and row.id in changed:
                    continue
                after = {"name": cfg.name, "kind": cfg.kind, "district": cfg.district}
                if row is None:
                    row = Unit(code=cfg.code, created_at=now, active=True, **after)
                    session.add(row)
                    added += 1
                    before = None
                elif (row.name, row.kind, row.district) != (cfg.name, cfg.kind, cfg.district):
                    before = {"name": row.name, "kind": row.kind, "district": row.district}
                    row.name, row.kind, row.district = cfg.name, cfg.kind, cfg.district
                    updated += 1
                else:
                    continue
                await session.flush()
                audit.record(
                    session,
                    at=now,
                    actor=actor,
                    action="unit.upsert",
                    entity="unit",
                    entity_id=cfg.code,
                    before=before,
                    after=after,
                )
        return SyncResult(added, updated)

    async def list_active(self) -> list[UnitView]:
        """Return active units in Vietnamese order of their names."""
        async with self._sessions() as session:
            rows = await session.execute(self._active)
            return sorted_vi((UnitView(*row) for row in rows), key=lambda u: u.name)

    async def taken(self, code: str) -> bool:
        """Tell whether a unit, open or closed, already has ``code`` (codes are never reused,
        so the history keeps naming one unit)."""
        async with self._sessions() as session:
            found = await session.scalar(select(Unit.id).where(Unit.code == code))
            return found is not None


async def _changed_units(session: AsyncSession) -> set[int]:
    rows = await session.execute(select(UnitChange.sources, UnitChange.targets))
    return {int(unit) for sources, targets in rows for unit in (*sources, *targets)}


def parse_units_csv(text: str) -> list[UnitConfig]:
    """Parse a CSV with columns ``code,name,kind[,district]``.

    Raises:
        UnitImportError: A header is missing or a row is invalid (the line is named).
    """
    from pydantic import ValidationError

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        msg = f"missing column(s): {', '.join(missing)}"
        raise UnitImportError(msg)
    units: list[UnitConfig] = []
    for line, row in enumerate(reader, start=2):
        values = {k: (row.get(k) or "").strip() for k in (*CSV_COLUMNS, "district")}
        try:
            units.append(UnitConfig.model_validate(values))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            msg = f"line {line}: {field}: {first['msg']}"
            raise UnitImportError(msg) from None
    return units
