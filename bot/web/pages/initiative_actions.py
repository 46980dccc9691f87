"""The forms of an initiative's dossier: the same steps as the chat's buttons and dialogs
(:mod:`handlers.initiatives.actions`, :mod:`handlers.initiatives.evaluate`), through the same
service calls, so the history, audit log and the authors' notices are the chat's.

Every form posts the version of the item the viewer saw: an item changed since answers
"already handled" with the item as it is now (the dossier page, through ``pages_core``). A
reason is checked with the chat's limits and a decisive step needs its confirmation box
ticked; a refused form comes back with the text typed and the message next to the field, and
nothing is applied.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from aiohttp import web

from bot import errors
from bot.roles import Role
from bot.services.common import NUMBER_MAX, SIGNER_MAX, Signed
from bot.services.initiatives import TRANSITIONS, Action, InitiativeView, Mark, Scores
from bot.services.workflow import REASON_MAX
from bot.web.forms import FormState, typed
from bot.web.pages.initiative_dossier import (
    EVALUATE,
    LABELS,
    item_id,
    may_evaluate,
    show_dossier,
    steps_for,
)
from bot.web.pages_core import PageHandler, Pages, Viewer, see_other

#: The chat's limits on a reason (``handlers.initiatives.actions.REASON_MIN``, ``REASON_MAX``).
REASON_MIN = 5
SIGNER_MIN = 3


def add_routes(pages: Pages, roles: Collection[Role], dossier: PageHandler) -> None:
    """Serve ``POST /web/sang-kien/{id}/xu-ly/{action}`` (a state change, the head's decision
    or the council member's evaluation); a refusal shows ``dossier`` as it is now."""

    async def act(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await _act(pages, request, viewer)

    pages.post("/web/sang-kien/{id}/xu-ly/{action}", act, roles=roles, item=dossier)


async def _act(pages: Pages, request: web.Request, viewer: Viewer) -> web.Response:
    number = item_id(request)
    value = request.match_info["action"]
    form = typed(await request.post())
    view = await pages.ctx.services.initiatives.dossier(viewer.member, number)
    if form.value("phien_ban") != str(view.version):
        raise errors.AlreadyHandled
    if value == EVALUATE:
        if not may_evaluate(viewer.member, view):
            raise errors.NotAllowed
        return await _evaluate(pages, request, viewer, view, form)
    action = next((a for a in LABELS if a.value == value), None)
    if action is None:
        raise errors.InitiativeNotFound
    if action not in steps_for(viewer.member, view):
        raise errors.NotAllowed
    if action is Action.RECOGNIZE:
        return await _recognize(pages, request, viewer, view, form)
    return await _change(pages, request, viewer, view, action, form)


async def _refused(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    view: InitiativeView,
    key: str,
    form: FormState,
    problem: str = "",
) -> web.Response:
    """The dossier again with the form ``key`` as typed and its messages (HTTP 400)."""
    return await show_dossier(
        pages,
        request,
        viewer,
        view.id,
        forms={key: form},
        problem=problem,
        status=400 if not problem else 409,
        view=view,
    )


def _reason(pages: Pages, form: FormState, *, decisive: bool) -> str:
    """The reason typed, checked as the chat checks it, and the confirmation box."""
    reason = form.value("ly_do").strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        form.refuse(
            "ly_do",
            pages.ctx.texts.t(
                "web.initiatives.reason_length",
                least=REASON_MIN,
                most=REASON_MAX,
                typed=len(reason),
            ),
        )
    _sure(pages, form, decisive=decisive)
    return reason


def _sure(pages: Pages, form: FormState, *, decisive: bool) -> None:
    if decisive and form.value("chac_chan") != "1":
        form.refuse("chac_chan", pages.ctx.texts.t("web.initiatives.confirm_missing"))


async def _change(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    view: InitiativeView,
    action: Action,
    form: FormState,
) -> web.Response:
    step = TRANSITIONS[action]
    reason = _reason(pages, form, decisive=step.decisive) if step.needs_reason else ""
    if not step.needs_reason:
        _sure(pages, form, decisive=step.decisive)
    if not form.ok:
        return await _refused(pages, request, viewer, view, action.value, form)
    try:
        await pages.ctx.services.reviews.act(
            viewer.member, view.id, action, reason=reason, seen_version=view.version
        )
    except (errors.AlreadyHandled, errors.NotAllowed, errors.InitiativeNotFound):
        raise
    except errors.DomainError as problem:
        text = pages.ctx.texts.t(problem.text_key, **problem.params)
        return await _refused(pages, request, viewer, view, action.value, form, text)
    raise see_other(f"/web/sang-kien/{view.id}", notice="initiatives.done")


def _day(text: str) -> date | None:
    """A date typed as the browser's date field sends it (2026-03-01) or as people write it
    (01/03/2026)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a day
        except ValueError:
            continue
    return None


async def _recognize(
    pages: Pages, request: web.Request, viewer: Viewer, view: InitiativeView, form: FormState
) -> web.Response:
    texts, key = pages.ctx.texts, Action.RECOGNIZE.value
    number = " ".join(form.value("so").split())
    signer = " ".join(form.value("nguoi_ky").split())
    signed_on = _day(form.value("ngay_ky"))
    if not 1 <= len(number) <= NUMBER_MAX:
        form.refuse("so", texts.t("web.initiatives.number_length", most=NUMBER_MAX))
    if signed_on is None:
        form.refuse("ngay_ky", texts.t("web.initiatives.day_invalid"))
    if not SIGNER_MIN <= len(signer) <= SIGNER_MAX:
        form.refuse(
            "nguoi_ky", texts.t("web.initiatives.signer_length", least=SIGNER_MIN, most=SIGNER_MAX)
        )
    _sure(pages, form, decisive=True)
    if not form.ok or signed_on is None:
        return await _refused(pages, request, viewer, view, key, form)
    try:
        await pages.ctx.services.reviews.recognize(
            viewer.member, view.id, Signed(number, signed_on, signer), seen_version=view.version
        )
    except errors.InvalidDecision:
        # The number and signer were checked above: what the service refuses is the day.
        form.refuse("ngay_ky", texts.t("web.initiatives.day_future"))
        return await _refused(pages, request, viewer, view, key, form)
    raise see_other(f"/web/sang-kien/{view.id}", notice="initiatives.recognized")


async def _evaluate(
    pages: Pages, request: web.Request, viewer: Viewer, view: InitiativeView, form: FormState
) -> web.Response:
    texts, evaluations = pages.ctx.texts, pages.ctx.services.evaluations
    marks = []
    for condition in evaluations.conditions:
        given, comment = form.value(f"dk_{condition.code}"), form.value(f"nx_{condition.code}")
        if given not in {"1", "0"}:
            form.refuse(f"dk_{condition.code}", texts.t("web.initiatives.mark_missing"))
        if len(comment.strip()) > REASON_MAX:
            form.refuse(
                f"nx_{condition.code}", texts.t("web.initiatives.too_long", most=REASON_MAX)
            )
        marks.append(Mark(condition.code, given == "1", comment.strip()))
    scores = [_score(pages, form, name) for name in ("moi", "ap_dung", "hieu_qua")]
    note = form.value("ghi_chu").strip()
    if len(note) > REASON_MAX:
        form.refuse("ghi_chu", texts.t("web.initiatives.too_long", most=REASON_MAX))
    if not form.ok:
        return await _refused(pages, request, viewer, view, EVALUATE, form)
    novelty, applicability, benefit = (s or 0 for s in scores)
    await evaluations.evaluate(
        viewer.member, view.id, marks, Scores(novelty, applicability, benefit, note)
    )
    raise see_other(f"/web/sang-kien/{view.id}", notice="initiatives.evaluated")


def _score(pages: Pages, form: FormState, name: str) -> int | None:
    text = form.value(name).strip()
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    form.refuse(name, pages.ctx.texts.t("web.initiatives.score_invalid"))
    return None
