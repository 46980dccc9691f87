"""``/kehoach``: read the plan page by page and confirm it; coverage for unit heads and the
Office; the Office publishes new versions and nudges those who have not confirmed.

Every navigation answer edits the message it came from. Buttons carry the plan version, so a
button from an older version opens the new version's contents instead of a wrong page. The
last version of a closed period (giai đoạn) stays readable: its pages and its coverage, without
a confirm button.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import errors
from bot.callbacks import PlanAction, PlanChoice, PlanPage, PlanUnit
from bot.formatting import paginate
from bot.plan_document import render_section
from bot.ports import TEXT_LIMITS, Button, Reply
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services.plans import PlanView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import button, when
from handlers.plans import admin as plan_admin
from handlers.plans import periods as plan_periods
from handlers.plans.admin import label


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the plan as shown on a channel."""

    section: int
    number: int
    of: int
    body: str


def pages(turn: Turn, plan: PlanView) -> list[Page]:
    """The plan cut into pages that fit the person's channel, never inside a tag or a word."""
    limit = TEXT_LIMITS.get(turn.incoming.channel, TEXT_LIMITS[min(TEXT_LIMITS)])
    result: list[Page] = []
    for index, section in enumerate(plan.sections):
        chunks = paginate(render_section(section), limit)
        result += [Page(index, n, len(chunks), body) for n, body in enumerate(chunks, start=1)]
    return result


async def show_contents(turn: Turn) -> Reply:
    """Answer ``/kehoach`` with the contents and what the person's role can do."""
    return await contents(turn, await turn.services.plans.current(), edit=False)


async def contents(
    turn: Turn, plan: PlanView, *, edit: bool = True, intro: str = "", archived: bool = False
) -> Reply:
    """The contents of ``plan``, the person's confirmation and their role's actions; of a
    closed period's plan (``archived``), the contents and its coverage only."""
    member = turn.member
    assert member is not None
    if archived:
        status = turn.t("period.archived_status", name=plan_periods.period_name(turn, plan.years))
        rows = section_rows(turn, plan) + plan_periods.archived_rows(turn, plan)
        return Reply(_contents_text(turn, plan, status), buttons=tuple(rows), edit=edit)
    confirmation = await turn.services.plans.confirmation(member.id)
    status = (
        turn.t("plan.status_pending")
        if confirmation is None
        else turn.t("plan.status_confirmed", at=when(turn, confirmation.confirmed_at))
    )
    name = plan_periods.period_name(turn, plan.years)
    status += "\n" + turn.t("period.contents_period", name=name)
    text = _contents_text(turn, plan, status)
    rows = section_rows(turn, plan)
    rows.append(
        (
            button(
                turn,
                "plan.button.movements",
                PlanAction(plan.version, PlanChoice.MOVEMENTS).pack(),
            ),
        )
    )
    if confirmation is None:
        rows.append(
            (
                button(
                    turn,
                    "plan.button.confirm",
                    PlanAction(plan.version, PlanChoice.CONFIRM).pack(),
                ),
            )
        )
    rows += _role_rows(turn, member.role, plan.version)
    rows.append(plan_periods.periods_row(turn, plan.version))
    return Reply(f"{intro}\n\n{text}" if intro else text, buttons=tuple(rows), edit=edit)


def _contents_text(turn: Turn, plan: PlanView, status: str) -> str:
    lines = [
        turn.t("plan.contents_line", index=i, label=label(turn, s))
        for i, s in enumerate(plan.sections, start=1)
    ]
    return turn.t(
        "plan.contents",
        title=plan.title,
        version=plan.version,
        published=when(turn, plan.published_at),
        sections=Safe("\n".join(lines)),
        status=Safe(status),
    )


def section_rows(turn: Turn, plan: PlanView) -> list[tuple[Button, ...]]:
    """A button per section, opening its first page."""
    all_pages = pages(turn, plan)
    first = {page.section: i for i, page in reversed(list(enumerate(all_pages)))}
    return [
        (Button(label(turn, s), PlanPage(plan.version, first[i]).pack()),)
        for i, s in enumerate(plan.sections)
    ]


def _role_rows(turn: Turn, role: Role, version: int) -> list[tuple[Button, ...]]:
    rows: list[tuple[Button, ...]] = []
    if role is Role.UNIT_HEAD:
        rows.append(
            (
                button(
                    turn,
                    "plan.button.unit_coverage",
                    PlanAction(version, PlanChoice.COVERAGE).pack(),
                ),
            )
        )
    if role in REVIEWERS:
        rows.append(
            (
                button(
                    turn, "plan.button.coverage", PlanAction(version, PlanChoice.COVERAGE).pack()
                ),
            )
        )
    if role in OFFICE:
        rows.append(
            (button(turn, "plan.button.publish", PlanAction(version, PlanChoice.PUBLISH).pack()),)
        )
        rows.append(
            (button(turn, "plan.button.nudge", PlanAction(version, PlanChoice.NUDGE).pack()),)
        )
    return rows


async def open_page(turn: Turn, payload: PlanPage) -> Reply:
    """A navigation button: show one page with previous / contents / next."""
    plan = await turn.services.plans.current()
    archived = False
    if payload.version != plan.version:
        old = await turn.services.plans.archived(payload.version)
        if old is None:
            return await contents(turn, plan, intro=turn.t("plan.stale", version=plan.version))
        plan, archived = old, True
    all_pages = pages(turn, plan)
    if not 0 <= payload.page < len(all_pages):
        return await contents(turn, plan, archived=archived)
    page = all_pages[payload.page]
    header = turn.t(
        "plan.page_header",
        section=page.section + 1,
        sections=len(plan.sections),
        # Pages are counted over the whole plan, so "trang 5" typed on Zalo means what it says.
        page=payload.page + 1,
        pages=len(all_pages),
    )
    nav = _nav(turn, plan, payload.page, len(all_pages), archived=archived)
    return Reply(f"{header}\n\n{page.body}", buttons=nav, edit=True)


def _nav(
    turn: Turn, plan: PlanView, index: int, count: int, *, archived: bool
) -> tuple[tuple[Button, ...], ...]:
    row = [button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack())]
    if index > 0:
        row.insert(
            0, button(turn, "plan.button.previous", PlanPage(plan.version, index - 1).pack())
        )
    if index < count - 1:
        row.append(button(turn, "plan.button.next", PlanPage(plan.version, index + 1).pack()))
        return (tuple(row),)
    if archived:
        return (tuple(row),)
    return tuple(row), (
        button(turn, "plan.button.confirm", PlanAction(plan.version, PlanChoice.CONFIRM).pack()),
    )


async def act(turn: Turn, payload: PlanAction) -> Reply:
    """A plan action button; the version must still be the current one, or for reading only
    (coverage, the periods), a closed period's plan."""
    plan = await turn.services.plans.current()
    if payload.version != plan.version:
        old = await turn.services.plans.archived(payload.version)
        if old is None or payload.action not in _READ_ONLY:
            return await contents(turn, plan, intro=turn.t("plan.stale", version=plan.version))
        plan = old
    action = _ACTIONS.get(payload.action)
    if action is None:
        raise errors.NotAllowed
    return await action(turn, plan)


async def confirm(turn: Turn, plan: PlanView) -> Reply:
    """Record "Tôi đã đọc và cam kết thực hiện" (a second press says when it was done)."""
    assert turn.member is not None
    done = await turn.services.plans.confirm(turn.member, plan.version)
    key = "plan.confirmed" if done.new else "plan.already_confirmed"
    text = turn.t(key, version=done.version, at=when(turn, done.confirmed_at))
    back = button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack())
    return Reply(text, buttons=((back,),), edit=True)


async def movements(turn: Turn, plan: PlanView) -> Reply:
    """The movements the plan names, with a short description each."""
    items = await turn.services.plans.movements()
    lines = [
        turn.t("plan.movement_line", index=i, name=m.name, description=m.description)
        for i, m in enumerate(items, start=1)
    ]
    text = (
        turn.t("plan.movements", items=Safe("\n\n".join(lines)))
        if lines
        else turn.t("plan.no_movements")
    )
    back = button(turn, "plan.button.contents", PlanPage(plan.version, -1).pack())
    return Reply(text, buttons=((back,),), edit=True)


async def coverage(turn: Turn, plan: PlanView) -> Reply:
    """Reviewers see every unit; a unit head sees their own unit."""
    member = turn.member
    assert member is not None
    if member.role in REVIEWERS:
        return await plan_admin.coverage_table(turn, plan)
    if member.role is Role.UNIT_HEAD:
        return await plan_admin.unit_coverage(turn, plan, member.unit.id)
    raise errors.NotAllowed


async def open_unit(turn: Turn, payload: PlanUnit) -> Reply:
    """A unit button of the coverage table."""
    plan = await turn.services.plans.current()
    return await plan_admin.unit_coverage(turn, plan, payload.unit_id)


_ACTIONS = {
    "confirm": confirm,
    "movements": movements,
    "coverage": coverage,
    "publish": plan_admin.start_publish,
    "nudge": plan_admin.nudge,
    "periods": plan_periods.list_periods,
    "open_period": plan_periods.start_open,
}
_READ_ONLY = frozenset({PlanChoice.COVERAGE, PlanChoice.PERIODS})
