"""The Office's dialogs of ``/congkhai``: publishing a group (title, "chắc chắn?"), answering an
objection, and letting a listing's rows go to the council early (reason, "chắc chắn?").

The rows published are those the Office saw when it chose the group; if one was acted on
meanwhile, the service refuses and nothing is published.
"""

from __future__ import annotations

from enum import StrEnum

from bot import errors
from bot.callbacks import ListingChoice, ListingMenu, ListingOffice, ListingOfficeChoice
from bot.dialog_inputs import InputKind
from bot.dialog_spec import Answers, Dialog, Draft, Step
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services.listings import REASON_MAX, TEXT_MAX, TITLE_MAX, Published
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import day, member_of, sure_text, when
from handlers.listings.office import show_groups, show_objection, show_objections
from handlers.listings.screens import show_listing, show_listings

#: Rows shown when the Office types the title (all are published).
SHOWN = 30


class PublishStep(StrEnum):
    """The steps of publishing a listing."""

    TITLE = "title"
    SURE = "sure"


class PublishAnswers(Answers):
    """A listing being published: one group as the Office saw it."""

    award: str = ""
    award_name: str = ""
    year: int = 0
    closes: str = ""
    expected: tuple[int, ...] = ()
    title: str | None = None
    sure: bool | None = None


async def start_publish(turn: Turn, award: str, year: int) -> Reply | None:
    """Ask for the title of a listing of the group's rows now (None: nothing waits)."""
    rows = await turn.services.listings.group_rows(member_of(turn), award, year)
    groups = await turn.services.listings.candidates(member_of(turn))
    if not rows or not any((g.award_code, g.year) == (award, year) for g in groups):
        return None
    given = PublishAnswers(
        award=award,
        award_name=rows[0].award_name,
        year=year,
        closes=day(turn, turn.services.listings.closing_day(award)),
        expected=tuple(row.nomination_id for row in rows),
    )
    return await turn.dialogs.start(turn, turn.incoming, PUBLISH, given)


async def _render_title(turn: Turn, answers: PublishAnswers) -> str:
    rows = await turn.services.listings.group_rows(member_of(turn), answers.award, answers.year)
    lines = [
        turn.t("listing.publish_row", number=n, name=row.nominee_name, unit=row.unit)
        for n, row in enumerate(rows[:SHOWN], start=1)
    ]
    if len(rows) > SHOWN:
        lines.append(turn.t("listing.publish_more", count=len(rows) - SHOWN))
    return turn.t(
        "listing.ask.title",
        award=answers.award_name,
        year=answers.year,
        count=len(answers.expected),
        rows=Safe("\n".join(lines)),
        day=answers.closes,
    )


async def _render_publish_sure(turn: Turn, answers: PublishAnswers) -> str:
    what = turn.t(
        "listing.sure.publish_what",
        title=answers.title,
        count=len(answers.expected),
        award=answers.award_name,
        year=answers.year,
    )
    group = turn.settings.announcements.chat is not None
    told = turn.t("listing.sure.told_group" if group else "listing.sure.told_members")
    effect = turn.t("listing.sure.publish_effect", day=answers.closes)
    return sure_text(turn, what=what, effect=effect, told=told)


def _published(turn: Turn, done: Published) -> Reply:
    view = done.listing
    text = turn.t(
        "listing.published_done",
        code=view.code,
        title=view.title,
        count=view.rows,
        day=day(turn, view.closes_on),
        id=done.broadcast_id,
    )
    if done.starts_at > turn.clock.now():
        text += " " + turn.t("listing.published_later", at=when(turn, done.starts_at))
    data = ListingMenu(ListingChoice.OPEN, view.id).pack()
    return Reply(text, buttons=((Button(turn.t("listing.open_published"), data),),))


async def _finish_publish(turn: Turn, answers: PublishAnswers, draft: Draft) -> Reply:
    assert answers.title is not None
    try:
        done = await turn.services.listings.publish(
            member_of(turn),
            answers.award,
            answers.year,
            answers.expected,
            answers.title,
            (turn.incoming.channel, turn.incoming.chat_id),
            dialog=draft,
        )
    except errors.DomainError as problem:
        reply = await show_groups(turn)
        text = turn.t(problem.text_key, **problem.params) + "\n\n" + reply.text
        return Reply(text, buttons=reply.buttons)
    return _published(turn, done)


PUBLISH: Dialog[Turn, PublishAnswers] = Dialog(
    name="listing_publish",
    answers=PublishAnswers,
    steps=(
        Step(
            PublishStep.TITLE,
            "listing.ask.title",
            min_length=3,
            max_length=TITLE_MAX,
            render=_render_title,
        ),
        Step(
            PublishStep.SURE,
            "common.sure.question",
            InputKind.CONFIRM,
            render=_render_publish_sure,
        ),
    ),
    finish=_finish_publish,
    cancelled="listing.cancelled.publish",
)


class AnswerStep(StrEnum):
    """The one step of answering an objection."""

    ANSWER = "answer"


class AnswerAnswers(Answers):
    """The Office's answer to one objection."""

    objection: int = 0
    row_name: str = ""
    answer: str | None = None


async def start_answer(turn: Turn, objection_id: int) -> Reply:
    """Ask for the answer to an objection."""
    objection = await turn.services.listings.objection(member_of(turn), objection_id)
    given = AnswerAnswers(objection=objection.id, row_name=objection.row)
    return await turn.dialogs.start(turn, turn.incoming, ANSWER, given)


async def _finish_answer(turn: Turn, answers: AnswerAnswers, draft: Draft) -> Reply:
    assert answers.answer is not None
    try:
        await turn.services.listings.answer(
            member_of(turn), answers.objection, answers.answer, dialog=draft
        )
    except errors.DomainError as problem:
        return Reply(turn.t(problem.text_key, **problem.params))
    reply = await show_objection(turn, answers.objection, intro=turn.t("listing.answered"))
    return Reply(reply.text, buttons=reply.buttons)


ANSWER: Dialog[Turn, AnswerAnswers] = Dialog(
    name="listing_answer",
    answers=AnswerAnswers,
    steps=(Step(AnswerStep.ANSWER, "listing.ask.answer", max_length=TEXT_MAX),),
    finish=_finish_answer,
    cancelled="listing.cancelled.answer",
)


class OverrideStep(StrEnum):
    """The steps of letting a listing's rows go to the council early."""

    REASON = "reason"
    SURE = "sure"


class OverrideAnswers(Answers):
    """An override of one listing's window."""

    listing: int = 0
    listing_code: str = ""
    closes: str = ""
    reason: str | None = None
    sure: bool | None = None


async def start_override(turn: Turn, listing_id: int) -> Reply | None:
    """Ask for the reason (None: the window closed or was overridden already)."""
    view = (await turn.services.listings.listing(member_of(turn), listing_id)).listing
    if not view.is_open or view.overridden:
        return None
    given = OverrideAnswers(
        listing=view.id, listing_code=view.code, closes=day(turn, view.closes_on)
    )
    return await turn.dialogs.start(turn, turn.incoming, OVERRIDE, given)


async def _render_override_sure(turn: Turn, answers: OverrideAnswers) -> str:
    what = turn.t("listing.sure.override_what", code=answers.listing_code, day=answers.closes)
    effect = turn.t("listing.sure.override_effect", day=answers.closes, reason=answers.reason)
    return sure_text(turn, what=what, effect=effect, told="")


async def _finish_override(turn: Turn, answers: OverrideAnswers, draft: Draft) -> Reply:
    assert answers.reason is not None
    try:
        await turn.services.listings.override(
            member_of(turn), answers.listing, answers.reason, dialog=draft
        )
    except errors.DomainError as problem:
        intro = turn.t(problem.text_key, **problem.params)
    else:
        intro = turn.t("listing.overridden_done", code=answers.listing_code)
    reply = await show_listing(turn, answers.listing)
    return Reply(f"{intro}\n\n{reply.text}", buttons=reply.buttons)


OVERRIDE: Dialog[Turn, OverrideAnswers] = Dialog(
    name="listing_override",
    answers=OverrideAnswers,
    steps=(
        Step(OverrideStep.REASON, "listing.ask.reason", min_length=3, max_length=REASON_MAX),
        Step(
            OverrideStep.SURE,
            "common.sure.question",
            InputKind.CONFIRM,
            render=_render_override_sure,
        ),
    ),
    finish=_finish_override,
    cancelled="listing.cancelled.override",
)


async def office_menu(turn: Turn, payload: ListingOffice) -> Reply:
    """A ``ListingOffice`` button (the route lets the Office only; services check again)."""
    if member_of(turn).role not in OFFICE:
        raise errors.NotAllowed
    choice = payload.choice
    if choice is ListingOfficeChoice.GROUPS:
        return await show_groups(turn)
    if choice is ListingOfficeChoice.PUBLISH:
        return await start_publish(turn, payload.award, payload.year) or await show_groups(turn)
    if choice is ListingOfficeChoice.OBJECTIONS:
        return await show_objections(turn, payload.listing)
    if choice is ListingOfficeChoice.OBJECTION:
        return await show_objection(turn, payload.item)
    if choice is ListingOfficeChoice.ANSWER:
        return await start_answer(turn, payload.item)
    started = await start_override(turn, payload.listing)
    return started or await show_listings(turn, intro=turn.t("listing.error.override"))
