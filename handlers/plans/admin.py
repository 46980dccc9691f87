"""The Office's side of the plan: coverage per unit, publishing a new version, nudging (opening a
new period is in :mod:`handlers.plans.periods`).

```mermaid
stateDiagram-v2
    [*] --> document: 📤 Đăng phiên bản mới
    document --> document: not .txt/.md, malformed, same as current (reason shown)
    document --> confirm: preview of the parsed structure
    confirm --> [*]: published, every member notified through the outbox
```
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.callbacks import PlanAction, PlanChoice, PlanPage, PlanUnit
from bot.dialog_inputs import InputKind, InvalidInput
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.errors import NotAllowed
from bot.formatting import strip_html
from bot.plan_document import PlanDocument, PlanFormatError, PlanSection, parse_plan
from bot.ports import Button, FileRef, Reply
from bot.roles import OFFICE, REVIEWERS
from bot.services.plans import PlanView, UnitCoverage
from bot.texts import Safe, Texts, escape
from bot.turn import Turn
from handlers.common import button

MAX_DOCUMENT_BYTES = 1024 * 1024
DOCUMENT_SUFFIXES = (".txt", ".md")
UNIT_BUTTONS_PER_ROW = 3


class PublishStep(StrEnum):
    """The publishing dialog's steps."""

    DOCUMENT = "document"
    CONFIRM = "confirm"


class PlanFile(BaseModel):
    """A plan document sent to be published: its file name, its text and its preview."""

    model_config = ConfigDict(frozen=True)

    name: str
    source: str
    #: The parsed structure as plain text (the prompt escapes it when it is shown).
    preview: str


class Publication(Answers):
    """The document the Office is publishing."""

    document: PlanFile | None = None


def label(turn: Turn, section: PlanSection) -> str:
    """A section's name in the contents and on buttons."""
    if not section.number:
        return turn.t("plan.preamble")
    return f"{section.number}. {section.title}"


def percent(part: int, whole: int) -> int:
    """A whole-number percentage (0 for an empty whole)."""
    return round(100 * part / whole) if whole else 0


async def coverage_table(turn: Turn, plan: PlanView) -> Reply:
    """Every unit's coverage, lowest first, with a button per unit that has members (a closed
    period's plan: the figures only)."""
    assert turn.member is not None
    units = await turn.services.plan_coverage.coverage(turn.member, plan.version)
    current = (await turn.services.plans.current()).version == plan.version
    staffed = [u for u in units if u.members]
    members = sum(u.members for u in staffed)
    confirmed = sum(u.confirmed for u in staffed)
    lines = [_coverage_line(turn, u) for u in staffed]
    if len(staffed) < len(units):
        lines.append(turn.t("plan.coverage_empty_units", count=len(units) - len(staffed)))
    text = turn.t(
        "plan.coverage_all",
        version=plan.version,
        confirmed=confirmed,
        members=members,
        percent=percent(confirmed, members),
        lines=Safe("\n".join(lines)),
    )
    seen = sum(u.seen for u in staffed)
    if seen:
        text += "\n" + turn.t("reply_window.plan.coverage_seen", seen=seen)
        text += "\n" + turn.t("reply_window.plan.receipts_note")
    if staffed and current:
        text += "\n\n" + turn.t("plan.coverage_hint")
    unit_buttons = [Button(u.code, PlanUnit(u.unit_id).pack()) for u in staffed if current]
    rows = [
        tuple(unit_buttons[i : i + UNIT_BUTTONS_PER_ROW])
        for i in range(0, len(unit_buttons), UNIT_BUTTONS_PER_ROW)
    ]
    rows.append((button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack()),))
    if turn.member.role in OFFICE and current:
        rows.append(
            (button(turn, "plan.button.nudge", PlanAction(plan.version, PlanChoice.NUDGE).pack()),)
        )
    return Reply(text, buttons=tuple(rows), edit=True)


def _coverage_line(turn: Turn, unit: UnitCoverage) -> str:
    line = turn.t(
        "plan.coverage_line",
        percent=percent(unit.confirmed, unit.members),
        confirmed=unit.confirmed,
        members=unit.members,
        name=unit.name,
    )
    if unit.seen:
        line += turn.t("reply_window.plan.line_seen", seen=unit.seen)
    return line


async def unit_coverage(turn: Turn, plan: PlanView, unit_id: int) -> Reply:
    """One unit: confirmed / members and the names of those who have not confirmed."""
    assert turn.member is not None
    detail = await turn.services.plan_coverage.unit_detail(turn.member, unit_id, plan.version)
    cover = detail.coverage
    parts = [
        turn.t(
            "plan.unit_coverage",
            unit=cover.name,
            version=plan.version,
            confirmed=cover.confirmed,
            members=cover.members,
            percent=percent(cover.confirmed, cover.members),
        )
    ]
    if not cover.members:
        parts.append(turn.t("plan.unit_no_members"))
    elif not detail.missing and not detail.seen:
        parts.append(turn.t("plan.unit_all_done"))
    if detail.seen:
        names = "\n".join(f"• {escape(name)}" for name in detail.seen)
        parts.append(
            turn.t("reply_window.plan.unit_seen", count=len(detail.seen), names=Safe(names))
        )
    if detail.missing:
        names = "\n".join(f"• {escape(name)}" for name in detail.missing)
        parts.append(turn.t("plan.unit_missing", count=len(detail.missing), names=Safe(names)))
    if detail.seen:
        parts.append(turn.t("reply_window.plan.receipts_note"))
    rows = [(button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack()),)]
    if turn.member.role in REVIEWERS:
        rows.insert(
            0,
            (
                button(
                    turn,
                    "plan.button.back_to_table",
                    PlanAction(plan.version, PlanChoice.COVERAGE).pack(),
                ),
            ),
        )
    return Reply("\n\n".join(parts), buttons=tuple(rows), edit=True)


async def nudge(turn: Turn, plan: PlanView) -> Reply:
    """Remind, through the outbox, everyone who has not confirmed the current version."""
    assert turn.member is not None
    count = await turn.services.plan_coverage.nudge(turn.member)
    key = "plan.nudged" if count else "plan.nudged_none"
    back = button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack())
    return Reply(turn.t(key, count=count, version=plan.version), buttons=((back,),))


async def start_publish(turn: Turn, _plan: PlanView) -> Reply:
    """Ask the Office for the new plan document."""
    assert turn.member is not None
    if turn.member.role not in OFFICE:
        raise NotAllowed
    return await turn.dialogs.start(turn, turn.incoming, PUBLISH)


def preview(texts: Texts, document: PlanDocument, name: str) -> str:
    """The parsed structure of a document, for the Office to check before publishing."""
    sections = "\n".join(
        texts.t(
            "plan.preview_section",
            label=f"{s.number}. {s.title}" if s.number else texts.t("plan.preamble"),
            items=s.items,
            chars=f"{len(s.body):,}".replace(",", "."),
        )
        for s in document.sections
    )
    moves = ", ".join(m.name for m in document.movements)
    return texts.t(
        "plan.preview",
        name=name,
        title=document.title,
        sections=Safe(sections),
        movements=moves or texts.t("plan.preview_movement_none"),
    )


async def read_document(turn: Turn, file: Mapping[str, Any]) -> PlanFile:
    """A plan file sent to be published: parsed, and different from the current version."""
    name = str(file["name"])
    if not name.casefold().endswith(DOCUMENT_SUFFIXES):
        raise InvalidInput("plan.bad_file_name")
    content = await turn.download(
        FileRef(str(file["file_id"]), name, str(file["mime"]), int(file["size"]))
    )
    if content is None:
        raise InvalidInput("plan.download_failed")
    try:
        document = parse_plan(content)
    except PlanFormatError as problem:
        raise InvalidInput(problem.key, line=problem.line, **problem.params) from None
    current = await turn.services.plans.current()
    if document.digest == current.digest:
        raise InvalidInput("plan.error.unchanged", version=current.version)
    # Stored as plain text: the prompt escapes it again when it is shown.
    shown = strip_html(preview(turn.texts, document, name))
    return PlanFile(name=name, source=content.decode("utf-8-sig"), preview=shown)


async def _publish(turn: Turn, answers: Publication, draft: Draft) -> Reply:
    document = answers.document
    assert document is not None, "asked before"
    published = await turn.services.plans.publish(
        turn.member, document.source, document.name, dialog=draft
    )
    return Reply(turn.t("plan.published", version=published.version, notified=published.notified))


PUBLISH: Dialog[Turn, Publication] = Dialog(
    name="plan_publish",
    answers=Publication,
    steps=(
        Step(
            PublishStep.DOCUMENT,
            "plan.ask_document",
            InputKind.FILE,
            max_file_bytes=MAX_DOCUMENT_BYTES,
            convert=read_document,
        ),
        Step(PublishStep.CONFIRM, "plan.confirm_publish", InputKind.CONFIRM),
    ),
    finish=_publish,
    cancelled="plan.publish_cancelled",
)
