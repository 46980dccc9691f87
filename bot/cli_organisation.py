"""``python -m bot units …`` and ``python -m bot members …``: the Office records how the
organisation changed, each change with the day it took effect (DESIGN §3.11)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from bot.app import App, open_app
from bot.cli import UsageError
from bot.config import Settings
from bot.domain import LeaveReason, StaffCategory
from bot.errors import DomainError
from bot.formatting import strip_html
from bot.roles import parse_role
from bot.services.people import MemberChangeResult, NewUnit, UnitChangeResult, staff_category
from bot.services.statistics import CATEGORY_LABELS, UNKNOWN_CATEGORY
from bot.texts import Texts

T = TypeVar("T")
#: What each change says (literal keys, so the catalogue test sees them used).
UNIT_DONE = {
    "rename": "cli.org.done.rename",
    "merge": "cli.org.done.merge",
    "split": "cli.org.done.split",
    "close": "cli.org.done.close",
}
MEMBER_DONE = {
    "move": "cli.org.member.move",
    "role": "cli.org.member.role",
    "leave": "cli.org.member.leave",
}


def effective_day(text: str) -> date:
    """``--effective YYYY-MM-DD`` as argparse reads it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"not a day YYYY-MM-DD: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``units`` and ``members`` commands and their actions."""
    _add_units(commands)
    _add_members(commands)


def _dated(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--effective", type=effective_day, required=True, help="the day it took effect, YYYY-MM-DD"
    )
    parser.add_argument("--reason", default="", help="the decision or the reason, e.g. QĐ số …")


def _add_units(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    units = commands.add_parser("units", help="rename, merge, split or close units")
    actions = units.add_subparsers(dest="units_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the open units with their names and headcounts")
    listing.add_argument(
        "--on", type=effective_day, help="as they were on this day, YYYY-MM-DD (default today)"
    )
    rename = actions.add_parser("rename", help="give a unit a new name")
    rename.add_argument("code")
    rename.add_argument("name")
    _dated(rename)
    merge = actions.add_parser("merge", help="merge units into one (existing or new)")
    merge.add_argument("codes", nargs="+", help="the units merged")
    merge.add_argument(
        "--into", required=True, help="the unit they become: CODE, or CODE:KIND:NAME for a new one"
    )
    _dated(merge)
    split = actions.add_parser("split", help="split a unit, placing each member")
    split.add_argument("code")
    split.add_argument(
        "--into", action="append", required=True, help="CODE or CODE:KIND:NAME (twice or more)"
    )
    split.add_argument(
        "--assign", type=Path, required=True, help="CSV with columns member_id,unit"
    )
    _dated(split)
    close = actions.add_parser("close", help="close a unit nobody works in any more")
    close.add_argument("code")
    _dated(close)


def _add_members(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    members = commands.add_parser("members", help="list, move, give a role, record a leaving")
    actions = members.add_subparsers(dest="members_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the working members with their numbers")
    listing.add_argument("--unit", help="only this unit")
    move = actions.add_parser("move", help="move a member to another unit")
    move.add_argument("member", type=int, help="the member's number (members list)")
    move.add_argument("--to", required=True, help="the unit's code")
    _dated(move)
    role = actions.add_parser("role", help="give a member another role")
    role.add_argument("member", type=int)
    role.add_argument("role", help="staff, unit_head, office, council, leader, admin")
    _dated(role)
    leave = actions.add_parser("leave", help="record that a member left")
    leave.add_argument("member", type=int)
    leave.add_argument("--why", required=True, choices=[r.value for r in LeaveReason])
    leave.add_argument("--effective", type=effective_day, required=True, help="YYYY-MM-DD")
    leave.add_argument("--note", default="", help="e.g. the decision's number")
    category = actions.add_parser(
        "category", help="record who a member is for the statistics tables (TT 02/2023)"
    )
    category.add_argument("member", type=int)
    category.add_argument(
        "category", help=", ".join(c.value for c in StaffCategory) + ", or unknown"
    )


async def run(settings: Settings, texts: Texts, args: argparse.Namespace) -> int:
    """Carry out one ``units`` or ``members`` action and print what it did."""
    plan = _units_action(texts, args) if args.command == "units" else _members_action(texts, args)
    app = await open_app(settings, texts=texts)
    try:
        lines = await _guarded(texts, plan(app))
    finally:
        await app.close()
    sys.stdout.write(strip_html("\n".join(lines)) + "\n")
    return 0


async def _guarded(texts: Texts, work: Awaitable[T]) -> T:
    try:
        return await work
    except DomainError as exc:
        raise UsageError(strip_html(texts.t(exc.text_key, **exc.params))) from None


Plan = Callable[[App], Awaitable[list[str]]]


def _units_action(texts: Texts, args: argparse.Namespace) -> Plan:
    action = args.units_command
    if action == "list":
        return lambda app: _units(app, args.on)
    day, reason = args.effective, args.reason
    if action == "rename":
        return lambda app: _said(
            texts, app.services.unit_changes.rename(None, args.code, args.name, day, reason)
        )
    if action == "merge":
        into = _new_unit(texts, args.into)
        return lambda app: _said(
            texts, app.services.unit_changes.merge(None, args.codes, into, day, reason)
        )
    if action == "split":
        targets = [_new_unit(texts, text) for text in args.into]
        assignment = _assignment(texts, args.assign)
        return lambda app: _said(
            texts,
            app.services.unit_changes.split(None, args.code, targets, assignment, day, reason),
        )
    return lambda app: _said(texts, app.services.unit_changes.close(None, args.code, day, reason))


def _members_action(texts: Texts, args: argparse.Namespace) -> Plan:
    action = args.members_command
    if action == "list":
        return lambda app: _roster(texts, app, args.unit)
    if action == "move":
        return lambda app: _done(
            texts,
            app.services.member_changes.move(
                None, args.member, args.to, args.effective, args.reason
            ),
        )
    if action == "role":
        role = parse_role(args.role)
        if role is None:
            raise UsageError(texts.t("errors.invalid_role"))
        return lambda app: _done(
            texts,
            app.services.member_changes.set_role(
                None, args.member, role, args.effective, args.reason
            ),
        )
    if action == "category":
        chosen = _category(texts, args.category)
        return lambda app: _categorised(texts, app, args.member, chosen)
    why = LeaveReason(args.why)
    return lambda app: _done(
        texts, app.services.member_changes.leave(None, args.member, why, args.effective, args.note)
    )


def _category(texts: Texts, text: str) -> StaffCategory | None:
    """A category as typed (its value or Vietnamese label), or ``None`` for ``unknown``."""
    if text.strip().casefold() == "unknown":
        return None
    labels = {c: texts.t(key) for c, key in CATEGORY_LABELS.items()}
    found = staff_category(text, labels)
    if found is None:
        choices = ", ".join(c.value for c in StaffCategory)
        raise UsageError(texts.t("statistics.members.bad_category", value=text, choices=choices))
    return found


async def _categorised(
    texts: Texts, app: App, member: int, category: StaffCategory | None
) -> list[str]:
    name = await _guarded(texts, app.services.member_changes.set_category(None, member, category))
    label = texts.t(CATEGORY_LABELS[category] if category else UNKNOWN_CATEGORY)
    return [texts.t("statistics.members.category_set", name=name, category=label)]


def _new_unit(texts: Texts, text: str) -> NewUnit:
    """``CODE`` (an existing unit) or ``CODE:KIND:NAME`` (a new one)."""
    parts = text.split(":", 2)
    if len(parts) == 1:
        return NewUnit(parts[0].strip())
    if len(parts) == 3 and all(p.strip() for p in parts):
        return NewUnit(parts[0].strip(), parts[2].strip(), parts[1].strip())
    raise UsageError(texts.t("cli.org.bad_unit", given=text))


def _assignment(texts: Texts, file: Path) -> dict[int, str]:
    """``member_id,unit`` rows; a bad file stops before anything changes."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(texts.t("cli.org.unreadable", path=file, problem=exc)) from None
    reader = csv.DictReader(io.StringIO(content))
    if not {"member_id", "unit"} <= set(reader.fieldnames or ()):
        raise UsageError(texts.t("cli.org.bad_assign_header"))
    placed: dict[int, str] = {}
    for line, row in enumerate(reader, start=2):
        number, unit = (row.get("member_id") or "").strip(), (row.get("unit") or "").strip()
        if not number.isdigit() or not unit:
            raise UsageError(texts.t("cli.org.bad_assign_line", line=line))
        placed[int(number)] = unit
    return placed


async def _said(texts: Texts, work: Awaitable[UnitChangeResult]) -> list[str]:
    done = await _guarded(texts, work)
    line = texts.t(
        UNIT_DONE[done.kind.value],
        number=done.id,
        sources=", ".join(done.sources),
        targets=", ".join(done.targets),
        day=f"{done.effective_on:%d/%m/%Y}",
        members=done.members_moved,
    )
    lines = [line]
    if done.items.moved or done.items.kept:
        lines.append(texts.t("cli.org.items", moved=done.items.moved, kept=done.items.kept))
    return lines


async def _done(texts: Texts, work: Awaitable[MemberChangeResult]) -> list[str]:
    done = await _guarded(texts, work)
    return [
        texts.t(
            MEMBER_DONE[done.kind.value],
            name=done.full_name,
            unit=done.unit,
            day=f"{done.effective_on:%d/%m/%Y}",
            skipped=done.skipped,
            carried=done.carried,
        )
    ]


async def _units(app: App, day: date | None) -> list[str]:
    found = await app.services.unit_changes.units_on(day)
    return [f"{unit.code}\t{unit.name}\t{unit.kind}\t{unit.headcount}" for unit in found]


async def _roster(texts: Texts, app: App, unit: str | None) -> list[str]:
    found = await _guarded(texts, app.services.roster.roster(None, unit))
    if not found:
        return [texts.t("cli.org.nobody")]
    return [
        f"{entry.id}\t{entry.unit}\t{entry.full_name}\t{texts.t(f'roles.{entry.role.value}')}"
        for entry in found
    ]
