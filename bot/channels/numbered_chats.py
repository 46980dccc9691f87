"""Numbered choices in chats without buttons (both Zalo doors).

Buttons are shown as a numbered list under the message; a typed answer ("2", the option's
text, "trang 3") becomes the press of that button — of the list shown when the answer
arrived: a number that arrives after a newer list was shown (it waited behind the person's
previous message) was typed for the older screen, and is refused with the current list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.formatting import strip_html
from bot.numbered import press
from bot.ports import Button, Channel, ChatKind, ChoiceMemory, Incoming, Reply, ShownChoices
from bot.texts import Texts


def menu(
    texts: Texts, buttons: Sequence[Button], render: Callable[[str], str] = strip_html
) -> str:
    """The numbered list of ``buttons``, each line passed through ``render``."""
    if len(buttons) == 1:
        header = texts.t("zalo.choice_one", number=1)
    else:
        header = texts.t("zalo.choices", first=1, last=len(buttons))
    lines = [render(header)]
    lines += [f"{i}. {render(b.label)}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


async def typed_press(
    incoming: Incoming, channel: Channel, choices: ChoiceMemory, texts: Texts
) -> Incoming | Reply:
    """Turn a typed answer to the chat's numbered choices into that button's press, or
    refuse (with the current list) a number typed for an earlier list."""
    if incoming.text is None or incoming.chat_kind is not ChatKind.PRIVATE:
        return incoming
    shown = await choices.recall(channel, incoming.chat_id)
    if _for_an_earlier_list(incoming, shown):
        text = texts.t("zalo.outdated_choice", number=incoming.text.strip())
        return Reply(text, buttons=tuple((b,) for b in shown.buttons))
    button = press(incoming.text, shown.buttons)
    if button is None:
        return incoming
    return replace(incoming, text=None, callback=button.data)


def _for_an_earlier_list(incoming: Incoming, shown: ShownChoices) -> bool:
    """A number that arrived before the chat's current list was shown."""
    text = (incoming.text or "").strip()
    return (
        text.isdigit()
        and bool(shown.buttons)
        and incoming.received_at is not None
        and shown.shown_at is not None
        and incoming.received_at < shown.shown_at
    )
