"""People per Zalo bot (the operator's plan): nobody is turned away, and the Office is told
once when the accounts reach the warning share of the figure and once when they reach it."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.config_zalo import ZaloOutbox
from bot.ports import Channel
from bot.roles import Role
from bot.services.delivery.channel_quota import ChannelQuotaService
from models import ChannelQuota
from tests.services.broadcasts_seed import add_member
from tests.services.test_delivery_channel_quota import notices, office_staff

ZALO = Channel.ZALO


def service(app: App, users: int = 5, warn_ratio: float = 0.8) -> ChannelQuotaService:
    """A quota service whose Zalo plan allows ``users`` people (and no message quota)."""
    plan = ZaloOutbox(monthly_quota=0, users_per_bot=users, warn_ratio=warn_ratio)
    return ChannelQuotaService(
        app.sessions,
        app.clock,
        app.texts,
        zone=app.settings.organisation.zone,
        quotas={ZALO: plan},
        users={ZALO: plan},
    )


async def join_on_zalo(app: App, *ids: str) -> None:
    for zalo_id in ids:
        await add_member(
            app, "CNTT", f"Người {zalo_id}", Role.STAFF, accounts=((ZALO, zalo_id, False),)
        )


async def test_the_office_is_told_at_the_warning_share_and_at_the_figure_once_each(
    app: App,
) -> None:
    await office_staff(app)  # two Office members on Zalo: 2 of 5
    quota = service(app)
    rang: list[int] = []
    quota.add_listener(lambda: rang.append(1))
    await join_on_zalo(app, "z1")
    await quota.count_sent(ZALO, 1)  # 3 of 5: below 80 %
    assert await notices(app) == []

    await join_on_zalo(app, "z2")  # 4 of 5 = 80 %
    await quota.count_sent(ZALO, 1)
    warned = await notices(app)
    assert len(warned) == 3  # each Office member and the admin, once
    assert "Đã có 4/5 người dùng bot Zalo" in warned[0][2]
    await quota.count_sent(ZALO, 1)
    assert len(await notices(app)) == 3

    await join_on_zalo(app, "z3", "z4")  # 6 of 5: let in, and the Office is told
    await quota.count_sent(ZALO, 1)
    await service(app).count_sent(ZALO, 1)  # another process tells nobody again
    told = await notices(app)
    assert len(told) == 6
    assert "Bot Zalo đã có 6 người dùng" in told[3][2] and "giới hạn 5 người" in told[3][2]
    assert "vẫn được nhận" in told[3][2]
    assert rang == [1, 1]


async def test_jumping_past_both_marks_tells_only_that_the_figure_is_reached(app: App) -> None:
    await office_staff(app)
    await join_on_zalo(app, "z1", "z2", "z3")
    await service(app).count_sent(ZALO, 1)
    told = [text for _, _, text in await notices(app)]
    assert len(told) == 3 and all("Bot Zalo đã có 5 người dùng" in text for text in told)
    await service(app).count_sent(ZALO, 1)  # the warning share is not told after the figure
    assert len(await notices(app)) == 3


async def test_a_new_plan_starts_the_warnings_over_and_zero_means_no_figure(app: App) -> None:
    await office_staff(app)
    await join_on_zalo(app, "z1", "z2")
    await service(app, users=4).count_sent(ZALO, 1)  # 4 of 4
    assert len(await notices(app)) == 3
    await service(app, users=0).count_sent(ZALO, 1)  # no figure: nothing to tell
    await service(app, users=4).count_sent(ZALO, 1)  # the same plan: told already
    assert len(await notices(app)) == 3
    await service(app, users=5).count_sent(ZALO, 1)  # a bigger plan: 4 of 5 is 80 %
    told = await notices(app)
    assert len(told) == 6 and "Đã có 4/5 người dùng" in told[-1][2]
    async with app.sessions() as session:
        months = await session.scalars(select(ChannelQuota.month).order_by(ChannelQuota.month))
        assert list(months) == ["2026-03", "users"]  # the month's count stays apart


async def test_other_channels_and_an_unset_figure_tell_nothing(app: App) -> None:
    await office_staff(app)
    await join_on_zalo(app, "z1", "z2", "z3", "z4")
    quota = ChannelQuotaService(
        app.sessions,
        app.clock,
        app.texts,
        zone=app.settings.organisation.zone,
        quotas={ZALO: ZaloOutbox(monthly_quota=0, users_per_bot=5)},
    )
    await quota.count_sent(ZALO, 1)  # the service was given no users figure
    await service(app).count_sent(Channel.TELEGRAM, 1)
    assert await notices(app) == []
