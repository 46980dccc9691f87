"""The payloads every feature uses: the menu, a dialog's choices, linking accounts."""

from __future__ import annotations

import dataclasses

from bot.callbacks.base import CallbackData
from bot.ports import Channel


@dataclasses.dataclass(frozen=True)
class MenuAction(CallbackData, prefix="m"):
    """A press on a main-menu button; ``command`` is the command it stands for."""

    command: str


@dataclasses.dataclass(frozen=True)
class DialogChoice(CallbackData, prefix="d"):
    """A press on a choice of a dialog step.

    ``nonce`` ties the button to one dialog run so a button from an older run is stale;
    ``option`` is the chosen option's stable key (:func:`bot.dialog_inputs.option_key`), not
    its place in the list, so a list that changed since it was shown never picks another one.
    """

    nonce: str
    step: int
    option: str


@dataclasses.dataclass(frozen=True)
class LinkAct(CallbackData, prefix="lk"):
    """``/lienket``: send member ``member``'s notices to their account on ``channel``."""

    member: int
    channel: Channel
