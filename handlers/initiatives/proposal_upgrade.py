"""Drafts of ``/sangkien`` stored before the application form (TT 18/2013/TT-BKHCN, Phụ lục I)
had all its fields: their step numbers meant other steps, and they lack the new fields.

Such a draft has no ``form`` key. It goes on at the first new field it lacks before the step it
was at; the fields after that are chained (``todo``), then that step is asked again and the
dialog goes on as usual. An answer typed to the old step is not taken for the new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from bot.dialog_spec import Dialog
from bot.turn import Turn
from handlers.common import FileStep
from handlers.initiatives.proposal_answers import (
    FORM,
    STEPS,
    ProposalAnswers,
    ProposalStep,
    lacking,
)

#: The steps of the dialog before the application form, by their stored index.
OLD_STEPS = (
    "title",
    "kind",
    "field",
    "movement",
    "problem",
    "solution",
    "applied_where",
    "applied_since",
    "benefit",
    "coauthor_menu",
    "coauthor_search",
    "coauthor_pick",
    "outsider",
    "share",
    "file_menu",
    "file",
    "preview",
)


def upgrade(
    dialog: Dialog[Turn, ProposalAnswers], data: Mapping[str, Any], step: int
) -> tuple[ProposalAnswers, StrEnum] | None:
    """A draft stored before the application form: ask first the new fields it lacks up to
    the step it was at, then that step, then on as usual (``None`` for a current draft)."""
    if "form" in data:
        return None
    answers = ProposalAnswers.model_validate({**data, "form": FORM})
    name = OLD_STEPS[step] if 0 <= step < len(OLD_STEPS) else str(FileStep.PREVIEW)
    at = dialog.index(STEPS[name])
    before = [s for s in lacking(answers) if dialog.index(s) < at]
    appliers = dialog.index(ProposalStep.APPLIER_MENU)
    if not answers.appliers and appliers < at:  # offered once, though none is required
        before = sorted({*before, ProposalStep.APPLIER_MENU}, key=dialog.index)
    current = dialog.steps[at].name
    if not before:
        return answers, current
    todo = tuple(str(s) for s in (*before[1:], current))
    return answers.but(todo=todo), before[0]
