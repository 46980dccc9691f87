"""``python -m bot plan …``: publishing a plan file (for the open period, or opening a new
period with it) and listing the emulation periods."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.app import App, open_app
from bot.cli import UsageError
from bot.config import Settings
from bot.errors import BadPeriodYears, DomainError
from bot.formatting import strip_html
from bot.plan_document import PlanDocument, PlanFormatError, parse_plan
from bot.services.plans import code_of, parse_years, title_years
from bot.texts import Texts
from handlers.plans import preview


async def run_plan_publish(
    settings: Settings,
    texts: Texts,
    file: Path,
    *,
    yes: bool,
    dry_run: bool,
    period: str | None = None,
) -> int:
    """Check a plan file, show its structure and, once confirmed, publish it: as the open
    period's next version, or (``period`` names a new one, ``"2026-2030"``) as the first plan
    of that period, which closes the open one."""
    content, document = await _read(texts, file)
    years = None if period is None else _years(texts, period, document)
    _say(strip_html(preview(texts, document, file.name)))
    if dry_run:
        return 0
    app = await open_app(settings, texts=texts)
    try:
        years = await _opening(app, texts, years)
        if not yes and not await _confirmed(texts):
            _say(texts.t("plan.publish_cancelled"))
            return 0
        published = await app.services.plans.publish(
            None, content.decode("utf-8-sig"), file.name, period=years
        )
    except DomainError as exc:
        raise UsageError(strip_html(texts.t(exc.text_key, **exc.params))) from None
    finally:
        await app.close()
    notice = texts.t("plan.published", version=published.version, notified=published.notified)
    _say(strip_html(notice))
    return 0


async def run_plan_periods(settings: Settings, texts: Texts) -> int:
    """Print every emulation period, the newest first: code, state, plan version, name."""
    app = await open_app(settings, texts=texts)
    try:
        found = await app.services.periods.periods()
    finally:
        await app.close()
    for period in found:
        state = "period.cli_state_open" if period.open else "period.cli_state_closed"
        line = texts.t(
            "period.cli_list_line",
            code=period.code,
            state=texts.t(state),
            version=period.plan_version or "—",
            name=period.name,
        )
        _say(strip_html(line))
    return 0


async def _read(texts: Texts, file: Path) -> tuple[bytes, PlanDocument]:
    try:
        content = await asyncio.to_thread(file.read_bytes)
        return content, parse_plan(content)
    except OSError as exc:
        raise UsageError(texts.t("cli.plan_unreadable", path=file, problem=exc)) from None
    except PlanFormatError as problem:
        reason = texts.t(problem.key, line=problem.line, **problem.params)
        raise UsageError(strip_html(reason)) from None


def _years(texts: Texts, period: str, document: PlanDocument) -> tuple[int, int]:
    """The years of ``--period``, which the file's title must not contradict."""
    try:
        years = parse_years(period)
    except BadPeriodYears as exc:
        raise UsageError(strip_html(texts.t(exc.text_key, **exc.params))) from None
    named = title_years(document.title)
    if named is not None and named != years:
        problem = texts.t("period.error.mismatch", code=code_of(years), named=code_of(named))
        raise UsageError(strip_html(problem))
    return years


async def _opening(
    app: App, texts: Texts, years: tuple[int, int] | None
) -> tuple[int, int] | None:
    """``years`` if they name a new period (said on the terminal), ``None`` for the open one.

    Raises:
        UsageError: They name a closed period, whose plan can no longer change.
    """
    if years is None:
        return None
    current = await app.services.periods.current()
    if current.years == years:
        return None
    if await app.services.periods.find(code_of(years)) is not None:
        raise UsageError(strip_html(texts.t("period.error.closed", code=code_of(years))))
    _say(texts.t("period.cli_opening", period=code_of(years), closing=current.code))
    return years


def _say(text: str) -> None:
    """One line on standard output (as ``print`` in :mod:`bot.cli`)."""
    sys.stdout.write(text + "\n")


async def _confirmed(texts: Texts) -> bool:
    """Ask on the terminal; without one, refuse and point at ``--yes``."""
    if not sys.stdin.isatty():
        raise UsageError(texts.t("cli.plan_needs_yes"))
    answer = await asyncio.to_thread(input, texts.t("cli.plan_ask"))
    return answer.strip().casefold() in ("c", "có", "y", "yes")
