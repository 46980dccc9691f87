"""Recording the competent authority's decision (quyết định khen thưởng), as ``/quyetdinh``
does in the chat (:mod:`handlers.decisions`): the Office's lists waiting, and for one of them
the number, the date, the signer and (for a higher level's result) the items not awarded.

```text
the lists waiting ──► one list: its items and the form ──► "Đồng chí chắc chắn …?" ──► done
```

The form carries the items the Office saw: the service refuses a list that changed meanwhile,
and a form posted again (double click, Back) finds nothing waiting any more — a 409 showing the
lists as they are now, never a second decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.dates import day_text, read_day
from bot.roles import OFFICE
from bot.services.decisions import (
    NUMBER_MAX,
    SIGNER_MAX,
    Kind,
    Pending,
    PendingItem,
    Signed,
)
from bot.texts import Safe
from bot.web.forms import FormState, typed
from bot.web.pages_core import NavItem, Pages, Viewer, see_other

LISTS = "/web/quyet-dinh"
#: The chat's shortest signer (a name and a title).
SIGNER_MIN = 3
#: The field that says the person has seen the confirmation and confirms.
CONFIRMED = "xac-nhan"
#: The hidden field listing the items the Office saw, and each "not awarded" box's prefix.
SEEN = "ho-so"
LEFT_OUT = "khong-"
#: The most items a list's form names (far above a real decision; bounds a forged form).
ITEMS_MAX = 2000

NAV: tuple[NavItem, ...] = (NavItem(LISTS, "web.decisions.nav", OFFICE),)

#: What each kind of list records, and the notice after it (literal keys for the text test).
DOCUMENTS = {
    Kind.DECISION: "decision.document.decision",
    Kind.SUBMISSION: "decision.document.submission",
}
BUTTONS = {
    "decision": "decision.button.record_decision",
    "submission": "decision.button.record_submission",
    "result": "decision.button.record_result",
}
NOTICES = {
    "decision": "decisions.decision",
    "submission": "decisions.submission",
    "result": "decisions.result",
}


@dataclass(frozen=True, slots=True)
class Shown:
    """A list waiting, as its page names it."""

    group: Pending
    items: tuple[PendingItem, ...]

    @property
    def mode(self) -> str:
        """``result`` (a Tờ trình's result), ``decision`` (here) or ``submission`` (sent up)."""
        if self.group.submission_id is not None:
            return "result"
        return "decision" if self.group.grantor.decides_here else "submission"

    @property
    def kind(self) -> Kind:
        return Kind.SUBMISSION if self.mode == "submission" else Kind.DECISION

    @property
    def url(self) -> str:
        g = self.group
        return f"{LISTS}/{g.award_code}/{g.year}/{g.submission_id or 0}"


def add_routes(pages: Pages) -> None:
    """Serve the lists waiting, one list's form and its POST (the Office and admins only)."""

    async def lists(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        groups = await pages.ctx.services.decisions.pending(viewer.member)
        t = pages.ctx.texts.t
        return pages.render(
            request,
            viewer,
            "decisions.html",
            title=t("web.decisions.title"),
            groups=[(Shown(g, ()), waits(pages, g)) for g in groups],
            total=sum(g.count for g in groups),
        )

    async def one(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        shown = await find(pages, request, viewer)
        if shown is None:
            return pages.refusal(
                request, viewer, 404, pages.ctx.texts.t("web.decisions.not_found")
            )
        form = FormState(values={SEEN: ",".join(str(i.id) for i in shown.items)})
        return show(pages, request, viewer, shown, form, status=200)

    async def record(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = typed(await request.post())
        shown = await find(pages, request, viewer)
        if shown is None:
            raise errors.NothingToDecide  # recorded meanwhile (or a form posted twice)
        signed = checked(pages, form)
        if signed is None:
            return show(pages, request, viewer, shown, form, status=400)
        if not form.value(CONFIRMED):
            return show(pages, request, viewer, shown, form, status=200, signed=signed)
        expected = seen(form)
        service, member, group = pages.ctx.services.decisions, viewer.member, shown.group
        if group.submission_id is not None:
            left_out = frozenset(i for i in expected if form.value(f"{LEFT_OUT}{i}"))
            await service.record_result(member, group.submission_id, signed, left_out, expected)
        else:
            await service.record(member, group.award_code, group.year, signed, expected)
        raise see_other(LISTS, notice=NOTICES[shown.mode])

    path = LISTS + "/{award:[A-Za-z0-9_.-]{1,64}}/{year:\\d{1,4}}/{submission:\\d{1,9}}"
    pages.get(LISTS, lists, roles=OFFICE)
    pages.get(path, one, roles=OFFICE)
    pages.post(path, record, roles=OFFICE, item=lists)


def waits(pages: Pages, group: Pending) -> Markup:
    """The act a list waits for, as the chat says it (the catalogue's markup)."""
    t = pages.ctx.texts.t
    if group.submission_id is not None:
        text = t("decision.waits.result", number=group.submission, authority=group.grantor.name)
    else:
        decides = group.grantor.decides_here
        key = "decision.waits.decision" if decides else "decision.waits.send_up"
        text = t(key, authority=group.grantor.name)
    return Markup(text)  # noqa: S704 - the catalogue's text with escaped values


async def find(pages: Pages, request: web.Request, viewer: Viewer) -> Shown | None:
    """The list the address names, with its items now, if it still waits."""
    match = request.match_info
    award, year, submission = match["award"], int(match["year"]), int(match["submission"]) or None
    service = pages.ctx.services.decisions
    for group in await service.pending(viewer.member):
        same = (group.award_code, group.submission_id) == (award, submission)
        if same and (submission is not None or group.year == year):
            items = await service.items(viewer.member, award, group.year, submission)
            return Shown(group, items)
    return None


def checked(pages: Pages, form: FormState) -> Signed | None:
    """The number, date and signer typed, with the chat dialog's limits; the messages go
    next to the fields (``None`` when one is wrong)."""
    t = pages.ctx.texts.t
    number = " ".join(form.value("so").split())
    if not 1 <= len(number) <= NUMBER_MAX:
        form.refuse("so", t("web.decisions.number_length", high=NUMBER_MAX))
    signer = " ".join(form.value("nguoi-ky").split())
    if not SIGNER_MIN <= len(signer) <= SIGNER_MAX:
        form.refuse("nguoi-ky", t("web.decisions.signer_length", low=SIGNER_MIN, high=SIGNER_MAX))
    signed_on = _day(form.value("ngay-ky")[:40])
    today = pages.ctx.services.decisions.today()
    if signed_on is None:
        form.refuse("ngay-ky", t("web.decisions.date_invalid", example=day_text(today)))
    elif signed_on > today:
        form.refuse(
            "ngay-ky", t("decision.error.future", day=day_text(signed_on), today=day_text(today))
        )
    if not form.ok or signed_on is None:
        return None
    return Signed(number, signed_on, signer)


def _day(text: str) -> date | None:
    typed_day = read_day(text)
    return None if typed_day is None else typed_day.date()


def seen(form: FormState) -> tuple[int, ...]:
    """The items the Office saw; a malformed list is a list that changed."""
    parts = form.value(SEEN).split(",")
    if len(parts) > ITEMS_MAX or not all(p.isdigit() and len(p) < 10 for p in parts):
        raise errors.DecisionListChanged
    return tuple(int(p) for p in parts)


def show(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    shown: Shown,
    form: FormState,
    *,
    status: int,
    signed: Signed | None = None,
) -> web.Response:
    """One list's page: what it waits for, its items and the form (with the confirmation
    once the values are acceptable)."""
    t = pages.ctx.texts.t
    group = shown.group
    return pages.render(
        request,
        viewer,
        "decision.html",
        status=status,
        title=t("web.decisions.group_title", award=group.award_name, year=group.year),
        shown=shown,
        waits=waits(pages, group),
        document=t(DOCUMENTS[shown.kind]),
        button=BUTTONS[shown.mode],
        form=form,
        left_out=LEFT_OUT,
        sure=_sure(pages, shown, form, signed) if signed else Markup(""),
        number_max=NUMBER_MAX,
        signer_max=SIGNER_MAX,
        example_day=day_text(pages.ctx.services.decisions.today()),
    )


def _sure(pages: Pages, shown: Shown, form: FormState, signed: Signed) -> Markup:
    """The chat's "Bạn chắc chắn …?" sentence: what is recorded and what it does."""
    t = pages.ctx.texts.t
    expected = [i.id for i in shown.items]
    left_out = (
        sum(1 for i in expected if form.value(f"{LEFT_OUT}{i}")) if shown.mode == "result" else 0
    )
    count = len(expected) - left_out
    if shown.kind is Kind.SUBMISSION:
        effect = t("decision.sure.effect_sent_up", count=count)
    elif count:
        effect = t("decision.sure.effect_awarded", count=count)
    else:
        effect = t("decision.sure.effect_nobody")
    if left_out:
        effect += " " + t("decision.sure.left_out", left_out=left_out)
    what = t(
        "decision.sure.what",
        document=t(DOCUMENTS[shown.kind]),
        number=signed.number,
        day=day_text(signed.signed_on),
        signer=signed.signer,
        award=shown.group.award_name,
        count=len(expected),
    )
    sure = t("web.decisions.sure", what=Safe(what), effect=Safe(effect))
    return Markup(sure)  # noqa: S704 - the catalogue's text with escaped values
