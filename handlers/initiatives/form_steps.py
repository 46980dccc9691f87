"""The steps the application form (TT 18/2013/TT-BKHCN, Phụ lục I) adds to ``/sangkien``: who
files (an author, or the investor), each author's details, the confidential part, and the
organisations or people who applied the initiative first with their assessment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.dates import day_text
from bot.dialog_inputs import InvalidInput, Option
from bot.dialog_spec import Then
from bot.services.initiatives import APPLIERS_MAX, WORKPLACE_MAX, Filer, birth_range
from bot.texts import Safe
from bot.turn import Turn
from handlers.initiatives.proposal_answers import (
    ApplierAnswer,
    ProposalAnswers,
    ProposalStep,
    proceed,
)


async def filer_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """An author files (the default), or the investor."""
    return [
        Option(Filer.AUTHOR, turn.t("initiative.form.button.filer_author")),
        Option(Filer.INVESTOR, turn.t("initiative.form.button.filer_investor")),
    ]


async def after_filer(turn: Turn, answers: ProposalAnswers, value: Any) -> Then[ProposalAnswers]:
    """On to the investor's name and address, or to the filing author's details (the filer,
    once listed as a co-author for the investor, is then the filing author, not listed twice).
    """
    if value == Filer.INVESTOR:
        return Then(ProposalStep.INVESTOR_NAME)
    assert turn.member is not None
    others = tuple(c for c in answers.coauthors if c.member_id != turn.member.id)
    return Then(ProposalStep.AUTHOR_BIRTH, answers.but(coauthors=others))


async def check_birth(turn: Turn, value: Any) -> Any:
    """A date of birth that gives an age the form can mean (see ``form.AGE_MIN``/``AGE_MAX``)."""
    today = turn.clock.now().astimezone(turn.settings.organisation.zone).date()
    first, last = birth_range(today)
    if not first <= date.fromisoformat(str(value)) <= last:
        raise InvalidInput(
            "initiative.form.error.birth_range", first=day_text(first), last=day_text(last)
        )
    return value


def _workplace(unit: str, organisation: str) -> str:
    """A unit and the organisation as a workplace, or the unit alone if that is too long."""
    both = f"{unit}, {organisation}"
    return both if len(both) <= WORKPLACE_MAX else unit[:WORKPLACE_MAX]


async def author_workplace_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The filing member's unit, one press away."""
    assert turn.member is not None
    place = _workplace(turn.member.unit.name, turn.settings.organisation.name)
    return [Option(place, turn.t("initiative.form.button.suggest_place", value=place))]


async def author_title_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """The filing member's position as the roster holds it, if any."""
    assert turn.member is not None
    position = turn.member.position.strip()
    label = turn.t("initiative.form.button.suggest_title", value=position)
    return [Option(position, label)] if position else []


async def coauthor_workplace_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """A member co-author's unit, one press away (none for an outsider)."""
    pending = answers.pending
    if pending is None or not pending.unit:
        return []
    place = _workplace(pending.unit, turn.settings.organisation.name)
    return [Option(place, turn.t("initiative.form.button.suggest_place", value=place))]


async def coauthor_title_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """A member co-author's position as the roster holds it, if any."""
    pending = answers.pending
    position = "" if pending is None else pending.position.strip()
    label = turn.t("initiative.form.button.suggest_title", value=position)
    return [Option(position, label)] if position else []


async def after_author_details(
    _turn: Turn, answers: ProposalAnswers, _value: Any
) -> Then[ProposalAnswers]:
    """After the filing author's details: on past the investor's steps."""
    return proceed(answers, ProposalStep.KIND)


async def skip_options(turn: Turn, _answers: ProposalAnswers) -> Sequence[Option]:
    """ "Skip" for an optional field of the form (stored as "")."""
    return [Option("", turn.t("initiative.form.button.skip"))]


async def render_appliers(turn: Turn, answers: ProposalAnswers) -> str:
    """The appliers step: those listed so far."""
    return turn.t(
        "initiative.form.ask.appliers",
        max=APPLIERS_MAX,
        appliers=Safe(appliers_text(turn, answers)),
    )


def appliers_text(turn: Turn, answers: ProposalAnswers) -> str:
    """The appliers listed, a line each, or "none"."""
    lines = [
        turn.t("initiative.form.applier_line", name=a.name, address=a.address, benefit=a.benefit)
        for a in answers.appliers
    ]
    return "\n".join(lines) or turn.t("initiative.form.no_appliers")


async def applier_menu_options(turn: Turn, answers: ProposalAnswers) -> Sequence[Option]:
    """Add one, remove the last one, or go on."""
    options = [Option("add", turn.t("initiative.form.button.add_applier"))]
    if answers.appliers:
        options.append(Option("remove", turn.t("initiative.form.button.remove_applier")))
    options.append(Option("done", turn.t("initiative.form.button.appliers_done")))
    return options


async def after_applier_menu(
    _turn: Turn, answers: ProposalAnswers, value: Any
) -> Then[ProposalAnswers]:
    """Go where the chosen entry leads."""
    if value == "remove":
        return Then(ProposalStep.APPLIER_MENU, answers.but(appliers=answers.appliers[:-1]))
    if value == "done":
        return proceed(answers, ProposalStep.COAUTHOR_MENU)
    if len(answers.appliers) >= APPLIERS_MAX:
        raise InvalidInput("initiative.form.error.too_many_appliers", count=APPLIERS_MAX)
    return Then(ProposalStep.APPLIER_NAME)


async def after_applier(
    _turn: Turn, answers: ProposalAnswers, _value: Any
) -> Then[ProposalAnswers]:
    """List the applier whose name, address and assessment were just given."""
    added = ApplierAnswer(
        name=answers.applier_name or "",
        address=answers.applier_address or "",
        benefit=answers.applier_benefit or "",
    )
    changed = answers.but(
        appliers=(*answers.appliers, added),
        applier_name=None,
        applier_address=None,
        applier_benefit=None,
    )
    return Then(ProposalStep.APPLIER_MENU, changed)
