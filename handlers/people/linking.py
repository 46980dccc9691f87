"""``/lienket``: use the bot on Telegram and Zalo as one member.

```mermaid
stateDiagram-v2
    [*] --> code: member sends /lienket on channel X
    code --> linked: "lienket 123456" typed on channel Y
    linked --> [*]: account on Y added, member told on X and Y
    code --> preferred: "Nhận thông báo qua …" pressed
```
"""

from __future__ import annotations

from dataclasses import replace

from bot.callbacks import LinkAct
from bot.ports import Button, Reply
from bot.services.people import Guesser, LinkState, channel_name
from bot.texts import Safe
from bot.turn import Turn
from handlers.common import dates, role_menu


async def link(turn: Turn) -> Reply:
    """Answer ``/lienket``: a fresh code for a member; ``/lienket 123456`` links this account."""
    code = "".join(turn.args.split())
    if code:
        return await _redeem(turn, code)
    if turn.member is None:
        return Reply(turn.t("linking.stranger"))
    offer = await turn.services.linking.offer(turn.member, turn.incoming.channel)
    expires = dates.moment(turn, offer.expires_at)
    text = turn.t(
        "linking.offer",
        state=Safe(_describe(turn, offer.state)),
        code=offer.code,
        expires=expires,
    )
    return Reply(text, buttons=_buttons(turn, offer.state))


async def prefer(turn: Turn, payload: LinkAct) -> Reply:
    """A ``LinkAct`` button: send the member's notices to the chosen channel."""
    assert turn.member is not None
    state = await turn.services.linking.prefer(turn.member, payload.member, payload.channel)
    intro = turn.t("linking.preferred", channel=_name(turn, state))
    text = f"{intro}\n\n{_describe(turn, state)}"
    return Reply(text, buttons=_buttons(turn, state), edit=True)


async def _redeem(turn: Turn, code: str) -> Reply:
    incoming = turn.incoming
    guesser = Guesser(incoming.channel, incoming.user_id, incoming.chat_id)
    linked = await turn.services.linking.redeem(code, guesser)
    done = turn.t(
        "linking.done",
        channel=channel_name(turn.texts, linked.channel),
        name=linked.member.full_name,
    )
    return role_menu(replace(turn, member=linked.member), intro=done, commands=True)


def _describe(turn: Turn, state: LinkState) -> str:
    names = ", ".join(channel_name(turn.texts, channel) for channel in state.channels)
    return turn.t("linking.state", channels=names, preferred=_name(turn, state))


def _name(turn: Turn, state: LinkState) -> str:
    if state.preferred is None:
        return turn.t("linking.nowhere")
    return channel_name(turn.texts, state.preferred)


def _buttons(turn: Turn, state: LinkState) -> tuple[tuple[Button, ...], ...]:
    if len(state.channels) < 2 or turn.member is None:
        return ()
    member = turn.member.id
    return tuple(
        (
            Button(
                turn.t("linking.button.prefer", channel=channel_name(turn.texts, channel)),
                LinkAct(member, channel).pack(),
            ),
        )
        for channel in state.channels
    )
