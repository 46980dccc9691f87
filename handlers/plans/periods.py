"""Emulation periods (giai đoạn thi đua) in ``/kehoach``: the list of periods, reading a closed
period's plan, and the Office opening a new period with its plan.

```mermaid
stateDiagram-v2
    [*] --> years: 🗓 Mở giai đoạn mới (Office)
    years --> years: not "YYYY-YYYY", reversed, too long, not after the last period
    years --> document: the new period's plan file
    document --> document: not .txt/.md, malformed, same as current, title names other years
    document --> confirm: preview, and which period closes
    confirm --> [*]: period opened, the old one closed, plan published, members notified
```
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.callbacks import PlanAction, PlanChoice, PlanPage
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Answers, Dialog, Draft, Step, Then
from bot.errors import BadPeriodYears, NotAllowed
from bot.plan_document import parse_plan
from bot.ports import Button, Reply
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services.plans import PeriodView, PlanView, code_of, parse_years, title_years
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import button, when
from handlers.plans import admin as plan_admin


class OpenStep(StrEnum):
    """The steps of opening a period."""

    YEARS = "years"
    DOCUMENT = "document"
    CONFIRM = "confirm"


class Opening(Answers):
    """The period the Office opens and its plan; ``closing`` is the period it ends."""

    closing: str = ""
    closing_name: str = ""
    years: str | None = None
    document: plan_admin.PlanFile | None = None


def period_name(turn: Turn, years: tuple[int, int]) -> str:
    """ "Giai đoạn 2021–2025"."""
    return turn.t("period.name", first=years[0], last=years[1])


def periods_row(turn: Turn, version: int) -> tuple[Button, ...]:
    """The button to the list of periods, from the contents of plan ``version``."""
    return (button(turn, "period.button.list", PlanAction(version, PlanChoice.PERIODS).pack()),)


def archived_rows(turn: Turn, plan: PlanView) -> list[tuple[Button, ...]]:
    """A closed period's plan: its coverage (reviewers: every unit; unit heads: their own), and
    the list of periods."""
    assert turn.member is not None
    rows: list[tuple[Button, ...]] = []
    data = PlanAction(plan.version, PlanChoice.COVERAGE).pack()
    if turn.member.role in REVIEWERS:
        rows.append((button(turn, "plan.button.coverage", data),))
    elif turn.member.role is Role.UNIT_HEAD:
        rows.append((button(turn, "plan.button.unit_coverage", data),))
    rows.append(periods_row(turn, plan.version))
    return rows


async def list_periods(turn: Turn, plan: PlanView) -> Reply:
    """Every period, newest first, each with a button to read its plan; the Office may open
    a new one."""
    assert turn.member is not None
    found = await turn.services.periods.periods()
    lines = [_line(turn, p) for p in found]
    rows: list[tuple[Button, ...]] = [
        (_read_button(turn, p, p.plan_version),) for p in found if p.plan_version is not None
    ]
    current = next((p.plan_version for p in found if p.open and p.plan_version), None)
    if turn.member.role in OFFICE and current is not None:
        data = PlanAction(current, PlanChoice.OPEN_PERIOD).pack()
        rows.append((button(turn, "period.button.open", data),))
    text = turn.t("period.list", lines=Safe("\n".join(lines)))
    return Reply(text, buttons=tuple(rows), edit=True)


def _line(turn: Turn, period: PeriodView) -> str:
    name = period_name(turn, period.years)
    if period.plan_version is None:
        return turn.t("period.line_no_plan", name=name)
    if period.open or period.closed_at is None:
        return turn.t("period.line_open", name=name, version=period.plan_version)
    closed = when(turn, period.closed_at)
    return turn.t("period.line_closed", name=name, version=period.plan_version, closed=closed)


def _read_button(turn: Turn, period: PeriodView, version: int) -> Button:
    key = "period.button.current" if period.open else "period.button.read"
    label = turn.t(key, first=period.first_year, last=period.last_year)
    return Button(label, PlanPage(version, -1).pack())


async def start_open(turn: Turn, plan: PlanView) -> Reply:
    """Ask the Office for the new period's years (then its plan)."""
    assert turn.member is not None
    if turn.member.role not in OFFICE:
        raise NotAllowed
    answers = Opening(closing=plan.period, closing_name=period_name(turn, plan.years))
    return await turn.dialogs.start(turn, turn.incoming, OPEN, answers)


async def _read_years(turn: Turn, text: Any) -> str:
    try:
        years = parse_years(str(text))
    except BadPeriodYears as problem:
        raise InvalidInput(problem.text_key, **problem.params) from None
    last = max(p.last_year for p in await turn.services.periods.periods())
    if years[0] <= last:
        raise InvalidInput("period.error.overlaps", code=code_of(years), last=last)
    return code_of(years)


async def _same_years(
    _turn: Turn, answers: Opening, document: plan_admin.PlanFile
) -> Then[Opening]:
    """A plan whose title names years must name the new period's."""
    named = title_years(parse_plan(document.source).title)
    if named is not None and code_of(named) != answers.years:
        raise InvalidInput("period.error.mismatch", code=answers.years, named=code_of(named))
    return Then()


async def _open(turn: Turn, answers: Opening, draft: Draft) -> Reply:
    assert answers.years is not None and answers.document is not None, "asked before"
    years = parse_years(answers.years)
    document = answers.document
    published = await turn.services.plans.publish(
        turn.member, document.source, document.name, dialog=draft, period=years
    )
    return Reply(
        turn.t(
            "period.opened",
            period=answers.years,
            version=published.version,
            closed=answers.closing_name,
            notified=published.notified,
        )
    )


OPEN: Dialog[Turn, Opening] = Dialog(
    name="period_open",
    answers=Opening,
    steps=(
        Step(OpenStep.YEARS, "period.ask_years", max_length=20, convert=_read_years),
        Step(
            OpenStep.DOCUMENT,
            "period.ask_document",
            InputKind.FILE,
            max_file_bytes=plan_admin.MAX_DOCUMENT_BYTES,
            convert=plan_admin.read_document,
            after=_same_years,
        ),
        Step(OpenStep.CONFIRM, "period.confirm_open", InputKind.CONFIRM),
    ),
    finish=_open,
    cancelled="period.open_cancelled",
)
