"""Acting on a nomination from its page, as the chat does (:mod:`handlers.nominations.actions`).

```text
receive, to the council ──► done
recommend ──► the confirmation page ──► done
return ──► the reason (5–1000 characters) ──► done
reject, withdraw ──► the reason and the confirmation on one page ──► done
revoke ──► the reason, reward recovered?, the confirmation ──► done
resubmit (nominator, returned) ──► the completed summary (10–3000) ──► done
```

Every form carries the version seen: the service refuses a step on an item that changed
meanwhile ("already handled", shown at the top of the dossier as it is now), and the same
services write the same history, audit and notices.
"""

from __future__ import annotations

from aiohttp import web
from markupsafe import Markup

from bot import errors
from bot.services.nominations import (
    ACTION_LABELS,
    BY_DECISION,
    REASON_MIN,
    RECOVERED,
    SUMMARY_MAX,
    SUMMARY_MIN,
    SURE,
    TRANSITIONS,
    Action,
    NominationView,
)
from bot.services.workflow import REASON_MAX
from bot.texts import Safe
from bot.web.forms import FormState, typed
from bot.web.pages_core import PageHandler, Pages, Viewer, see_other

#: The field that says the person has seen the confirmation page and confirms.
CONFIRMED = "xac-nhan"


def add_routes(pages: Pages, dossier: PageHandler) -> None:
    """Serve ``POST /web/khen-thuong/{id}/xu-ly``; a refusal shows ``dossier`` as it is now."""

    async def act(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        item_id = _number(request.match_info["id"])
        form = typed(await request.post())
        action = _action(form.value("action"))
        services = pages.ctx.services
        view = await services.nominations.dossier(viewer.member, item_id)
        if form.value("version") != str(view.version):
            raise errors.NominationAlreadyHandled
        step = TRANSITIONS[action]
        asks = action is Action.RESUBMIT or step.needs_reason or step.decisive
        if asks and not form.value(CONFIRMED):
            if action is Action.RESUBMIT:
                form.values["summary"] = view.summary
            return _ask(pages, request, viewer, view, action, form, status=200)
        if asks and not _valid(pages, action, form):
            return _ask(pages, request, viewer, view, action, form, status=400)
        member, version = viewer.member, view.version
        reason = form.value("reason").strip()
        if action is Action.RESUBMIT:
            cited = tuple(c.id for c in view.initiatives)
            summary = form.value("summary")
            await services.nominations.resubmit(member, item_id, summary, cited)
        elif action is Action.REVOKE:
            recovered = form.value("recover") == "yes"
            await services.decisions.cancel(
                member, item_id, reason, recovered=recovered, seen_version=version
            )
        else:
            await services.nominations.act(
                member, item_id, action, reason=reason, seen_version=version
            )
        raise see_other(f"/web/khen-thuong/{item_id}", notice="nominations.done")

    pages.post("/web/khen-thuong/{id:\\d+}/xu-ly", act, item=dossier)


def _number(value: str) -> int:
    """The item's id in the address (a number too long for one is no item)."""
    if len(value) > 9:
        raise errors.NominationNotFound
    return int(value)


def _action(value: str) -> Action:
    try:
        action = Action(value)
    except ValueError:
        raise errors.NotAllowed from None
    if action in BY_DECISION:
        raise errors.NotAllowed  # a decision covers a list, never one item's form
    return action


def _valid(pages: Pages, action: Action, form: FormState) -> bool:
    """Check the typed text with the chat dialog's limits; the messages go next to fields."""
    t = pages.ctx.texts.t
    if action is Action.RESUBMIT:
        summary = form.value("summary").strip()
        if not SUMMARY_MIN <= len(summary) <= SUMMARY_MAX:
            form.refuse(
                "summary", t("web.nominations.summary_length", low=SUMMARY_MIN, high=SUMMARY_MAX)
            )
        return form.ok
    if TRANSITIONS[action].needs_reason:
        reason = form.value("reason").strip()
        if not REASON_MIN <= len(reason) <= REASON_MAX:
            form.refuse(
                "reason", t("web.nominations.reason_length", low=REASON_MIN, high=REASON_MAX)
            )
    if action is Action.REVOKE and form.value("recover") not in ("yes", "no"):
        form.refuse("recover", t("web.nominations.recover_missing"))
    return form.ok


def _ask(
    pages: Pages,
    request: web.Request,
    viewer: Viewer,
    view: NominationView,
    action: Action,
    form: FormState,
    *,
    status: int,
) -> web.Response:
    """The page that asks the reason, the summary or the confirmation of ``action``."""
    t = pages.ctx.texts.t
    sure = SURE.get(action)
    what, effect = Safe(""), Markup("")
    if sure:
        # The catalogue's texts with escaped values: markup, not to be escaped again.
        what = Safe(t(sure[0], code=view.code, name=view.nominee_name, award=view.award_name))
        money = t(RECOVERED[form.value("recover") == "yes"])
        reason = form.value("reason").strip() or "…"
        effect = Markup(t(sure[1], reason=reason, recovered=money))  # noqa: S704
    return pages.render(
        request,
        viewer,
        "nomination_act.html",
        status=status,
        title=t(ACTION_LABELS[action]),
        item=view,
        action=action.value,
        form=form,
        what=what,
        effect=effect,
        needs_reason=TRANSITIONS[action].needs_reason and action is not Action.RESUBMIT,
        resubmit=action is Action.RESUBMIT,
        revoke=action is Action.REVOKE,
        recover_options=[
            ("", t("web.nominations.recover_choose")),
            ("yes", t("nomination.review.button.recover_yes")),
            ("no", t("nomination.review.button.recover_no")),
        ],
        reason_max=REASON_MAX,
        summary_max=SUMMARY_MAX,
    )
