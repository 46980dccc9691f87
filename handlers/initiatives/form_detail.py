"""The application form's part of an initiative's screen: who filed it, each author's
details, the confidential part, the conditions to apply it and the first appliers'
assessments. What an initiative filed before the form had these fields lacks shows as a
visible blank, never a guess."""

from __future__ import annotations

from bot.services.initiatives import Filer, InitiativeView
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import day


def form_part(turn: Turn, view: InitiativeView) -> str:
    """The form's fields of ``view``, as Telegram HTML."""
    blank = turn.t("initiative.form.blank")
    if view.filer == Filer.INVESTOR:
        filer = turn.t(
            "initiative.form.filer_investor",
            name=view.investor_name or blank,
            address=view.investor_address or blank,
        )
    else:
        filer = turn.t("initiative.form.filer_author")
    authors = "\n".join(
        turn.t(
            "initiative.form.author_details",
            name=a.name,
            birth=blank if a.details.birth is None else day(turn, a.details.birth),
            workplace=a.details.workplace or blank,
            job_title=a.details.job_title or blank,
            qualification=a.details.qualification or blank,
            share=a.share,
        )
        for a in view.authors
    )
    appliers = "\n".join(
        turn.t("initiative.form.applier_line", name=a.name, address=a.address, benefit=a.benefit)
        for a in view.appliers
    )
    return turn.t(
        "initiative.form.detail",
        filer=filer,
        authors=Safe(authors),
        confidential=view.confidential or turn.t("initiative.form.none_confidential"),
        conditions=view.conditions or blank,
        appliers=Safe(appliers or turn.t("initiative.form.no_appliers")),
    )
