""" "Bạn chắc chắn …?": the one question every decisive step asks before it takes effect.

A decisive button (recognise, approve, reject, revoke, delete, send, close) first shows what
will happen and who will be told, with a "yes" button carrying the same payload marked sure and
a "no" button back to where the person was. The payload still carries the version the person
saw, so a "yes" pressed after someone else acted is refused like any stale button.
"""

from __future__ import annotations

from bot.ports import Button, Reply
from bot.texts import Safe
from bot.turn import Turn


def ask_sure(turn: Turn, *, what: str, effect: str, told: str, yes: Button, back: Button) -> Reply:
    """The confirmation screen of a decisive step.

    Args:
        turn: The turn.
        what: The step and its object, as a phrase ("công nhận sáng kiến SK-2026-001").
        effect: What will happen, one or two sentences (already markup).
        told: Who will be told (already markup), or ``""`` when nobody is.
        yes: The button that takes the step (its payload marked sure).
        back: The button that leaves things as they are.
    """
    return Reply(sure_text(turn, what=what, effect=effect, told=told), buttons=((yes,), (back,)))


def sure_text(turn: Turn, *, what: str, effect: str, told: str) -> str:
    """The same question as :func:`ask_sure` as text, for a dialog's confirmation step."""
    parts = [turn.t("common.sure.question", what=Safe(what)), effect]
    if told:
        parts.append(turn.t("common.sure.told", who=Safe(told)))
    return "\n\n".join(parts)
