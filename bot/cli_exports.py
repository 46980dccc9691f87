"""``export initiatives|nominations|reports``: the Office's lists written to ``.xlsx``.

Each checks the options first (a wrong one is a :class:`~bot.cli.UsageError`, exit code 2),
reads, builds the workbook off the event loop, writes, then prints one line saying what was
written.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

from bot.app import open_app
from bot.cli import EXPORT_YEAR_RANGE, UsageError, check_range, cli_date
from bot.config import Settings
from bot.domain import NominationState, Track
from bot.errors import DomainError, PeriodNotFound
from bot.exports import initiatives, milestones, nominations, reports
from bot.formatting import strip_html
from bot.services import Services
from bot.services.initiatives import EXPORTABLE_STATES, ExportFilter
from bot.services.nominations import NominationFilter
from bot.texts import Texts

E = TypeVar("E", bound=StrEnum)
F_contra = TypeVar("F_contra", contravariant=True)
R_contra = TypeVar("R_contra", contravariant=True)
R = TypeVar("R")


class _Filters(Protocol):
    """What the filters of both lists have: a unit, and a period that may not make sense."""

    @property
    def unit_code(self) -> str | None: ...

    def days(self) -> object: ...


F = TypeVar("F", bound=_Filters)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """``export initiatives`` as typed; the values are checked by :func:`run_export`."""

    year: int | None = None
    start: str | None = None
    end: str | None = None
    state: str | None = None
    unit: str | None = None
    output: Path | None = None


async def run_export(settings: Settings, texts: Texts, request: ExportRequest) -> int:
    """Write the initiatives matching the request to an ``.xlsx`` file and say how many."""
    filters = _export_filter(texts, request)
    return await _run_list(
        settings,
        texts,
        filters,
        initiatives,
        lambda services: services.initiative_export.rows(None, filters),
        request.output,
        ("export.cli.written", "export.cli.written_none"),
    )


def _export_filter(texts: Texts, request: ExportRequest) -> ExportFilter:
    """Check the options of ``export initiatives``; a wrong one is a :class:`UsageError`."""
    check_range(texts, "--year", request.year, EXPORT_YEAR_RANGE)
    filters = ExportFilter(
        year=request.year,
        start=cli_date(texts, "--from", request.start),
        end=cli_date(texts, "--to", request.end),
        state=_choice(texts, request.state, EXPORTABLE_STATES),
        unit_code=request.unit,
    )
    return _checked(texts, filters)


@dataclass(frozen=True, slots=True)
class NominationRequest:
    """``export nominations`` as typed; the values are checked by :func:`run_nominations`."""

    year: int | None = None
    start: str | None = None
    end: str | None = None
    track: str | None = None
    state: str | None = None
    unit: str | None = None
    output: Path | None = None


async def run_nominations(settings: Settings, texts: Texts, request: NominationRequest) -> int:
    """Write the nominations matching the request to an ``.xlsx`` file and say how many."""
    filters = _nomination_filter(texts, request)
    return await _run_list(
        settings,
        texts,
        filters,
        nominations,
        lambda services: services.nomination_export.rows(None, filters),
        request.output,
        ("export.cli.nominations.written", "export.cli.nominations.written_none"),
    )


class _ListExport(Protocol[F_contra, R_contra]):
    """What :mod:`bot.exports.initiatives` and :mod:`bot.exports.nominations` both offer."""

    def describe(self, texts: Texts, filters: F_contra, *, unit: str | None = None) -> str: ...

    def title_line(
        self, texts: Texts, organisation: str, filters: str, generated: datetime
    ) -> str: ...

    def workbook(self, rows: Sequence[R_contra], texts: Texts, title_line: str) -> bytes: ...

    def file_name(self, filters: F_contra) -> str: ...


async def _run_list(
    settings: Settings,
    texts: Texts,
    filters: F,
    export: _ListExport[F, R],
    read: Callable[[Services], Awaitable[Sequence[R]]],
    output: Path | None,
    written: tuple[str, str],
) -> int:
    """Read the rows, build the workbook off the event loop, write it, say what was written.

    ``written`` are the text keys of that line: some rows, and none.
    """
    app = await open_app(settings, texts=texts)
    try:
        rows = await read(app.services)
        units = await app.services.units.list_active()
        now = app.clock.now().astimezone(settings.organisation.zone)
    except DomainError as exc:
        raise _usage(texts, exc) from None
    finally:
        await app.close()
    unit = next((u.name for u in units if u.code == filters.unit_code), None)
    words = export.describe(texts, filters, unit=unit)
    title = export.title_line(texts, settings.organisation.name, words, now)
    content = await asyncio.to_thread(export.workbook, rows, texts, title)
    path = output or Path(export.file_name(filters))
    await _write(texts, path, content)
    key = written[0] if rows else written[1]
    _say(texts.t(key, count=len(rows), filters=words, path=path))
    return 0


def _usage(texts: Texts, exc: DomainError) -> UsageError:
    """A refusal of the service, as the command line's usage error."""
    return UsageError(strip_html(texts.t(exc.text_key, **exc.params)))


def _checked(texts: Texts, filters: F) -> F:
    """``filters`` if their period makes sense; else a :class:`UsageError`."""
    try:
        filters.days()
    except DomainError as exc:
        raise _usage(texts, exc) from None
    return filters


async def run_reports(
    settings: Settings, texts: Texts, period_id: int | None, output: Path | None
) -> int:
    """Write one period's report status (default: the newest period) to an ``.xlsx`` file."""
    app = await open_app(settings, texts=texts)
    try:
        export = await app.services.report_export.status(None, period_id)
        now = app.clock.now().astimezone(settings.organisation.zone)
    except PeriodNotFound:
        key = "export.cli.reports.no_period" if period_id is None else "report.error.no_period"
        raise UsageError(strip_html(texts.t(key))) from None
    finally:
        await app.close()
    title = reports.title_line(texts, settings.organisation.name, export, now)
    content = await asyncio.to_thread(reports.workbook, export, texts, title)
    path = output or Path(reports.file_name(export))
    await _write(texts, path, content)
    line = texts.t(
        "export.cli.reports.written",
        period=export.period.name,
        received=reports.received(export),
        units=len(export.rows),
        path=path,
    )
    _say(line)
    return 0


async def run_milestones(
    settings: Settings, texts: Texts, year: int | None, output: Path | None
) -> int:
    """Write a year's milestones (default: this year) to an ``.xlsx`` file."""
    check_range(texts, "--year", year, EXPORT_YEAR_RANGE)
    app = await open_app(settings, texts=texts)
    try:
        service = app.services.milestones
        view = await service.export(None, service.this_year() if year is None else year)
        now = app.clock.now().astimezone(settings.organisation.zone)
    finally:
        await app.close()
    title = milestones.title_line(texts, settings.organisation.name, view, now)
    content = await asyncio.to_thread(milestones.workbook, view, texts, title)
    path = output or Path(milestones.file_name(view))
    await _write(texts, path, content)
    count = len(view.milestones)
    _say(texts.t("milestone.export.written", year=view.year, count=count, path=path))
    return 0


def _say(text: str) -> None:
    """The command's one line of result, on standard output (as ``print`` in :mod:`bot.cli`)."""
    sys.stdout.write(strip_html(text) + "\n")


async def _write(texts: Texts, path: Path, content: bytes) -> None:
    try:
        await asyncio.to_thread(path.write_bytes, content)
    except OSError as exc:
        problem = texts.t("export.cli.write_error", path=path, problem=exc)
        raise UsageError(strip_html(problem)) from None


def _nomination_filter(texts: Texts, request: NominationRequest) -> NominationFilter:
    check_range(texts, "--year", request.year, EXPORT_YEAR_RANGE)
    filters = NominationFilter(
        year=request.year,
        start=cli_date(texts, "--from", request.start),
        end=cli_date(texts, "--to", request.end),
        track=_choice(texts, request.track, Track, "export.cli.nominations.bad_track"),
        state=_choice(texts, request.state, NominationState),
        unit_code=request.unit,
    )
    return _checked(texts, filters)


def _choice(
    texts: Texts, value: str | None, allowed: Iterable[E], key: str = "export.cli.bad_state"
) -> E | None:
    """One of ``allowed`` as typed (any case, ``-`` for ``_``); else a :class:`UsageError`."""
    if value is None:
        return None
    options = list(allowed)
    for option in options:
        if option.value == _typed(value):
            return option
    names = ", ".join(o.value for o in options)
    raise UsageError(strip_html(texts.t(key, value=value, states=names, tracks=names)))


def _typed(value: str) -> str:
    """An option as typed, in the enum's spelling (any case, ``-`` for ``_``)."""
    return value.strip().casefold().replace("-", "_")
