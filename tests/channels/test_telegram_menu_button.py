"""Telegram's menu button opens the Mini App for those whose menu has the web app's command,
set with their command menu; ``[web] menu_button`` decides whether it is used at all."""

from __future__ import annotations

import pytest
from telegram import Bot, MenuButtonWebApp, WebAppInfo
from telegram.error import BadRequest

from bot.channels.telegram.messenger import MiniAppButton, TelegramMessenger
from bot.config_web import Web
from bot.ports import Command, Reply
from tests.fakes.telegram import FakeTelegramApi

URL = "https://thidua.example.vn/web/mini-app"
DESK = (Command("web", "Ứng dụng web"), Command("trogiup", "Trợ giúp"))
STAFF = (Command("trogiup", "Trợ giúp"),)


def with_button(messenger: TelegramMessenger) -> TelegramMessenger:
    return TelegramMessenger(messenger._bot, MiniAppButton("Ứng dụng", URL))


async def test_a_desk_menu_brings_the_mini_app_button(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, plain = messenger
    sender = with_button(plain)
    await sender.send("501", Reply("Chào", commands=DESK))
    button = fake.menu_button(501)
    assert button == {"type": "web_app", "text": "Ứng dụng", "web_app": {"url": URL}}
    await sender.send("501", Reply("Lại", commands=DESK))
    assert len(fake.calls_to("setChatMenuButton")) == 1  # the same menu is not set again


async def test_a_staff_menu_keeps_the_default_and_losing_the_role_takes_it_back(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, plain = messenger
    sender = with_button(plain)
    await sender.send("502", Reply("Chào", commands=STAFF))
    assert fake.calls_to("setChatMenuButton") == []
    assert fake.menu_button(502) == {"type": "default"}
    await sender.send("502", Reply("Lên chức", commands=DESK))
    assert fake.menu_button(502)["type"] == "web_app"
    await sender.send("502", Reply("Thôi", commands=STAFF))
    assert fake.menu_button(502) == {"type": "default"}
    assert fake.visible_commands(502) == [("trogiup", "Trợ giúp")]


async def test_without_a_mini_app_the_button_is_never_touched(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, plain = messenger
    await plain.send("503", Reply("Chào", commands=DESK))
    assert fake.calls_to("setChatMenuButton") == []


async def test_a_mini_app_button_that_is_not_https_is_refused(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, plain = messenger
    bot: Bot = plain._bot
    plain_http = MenuButtonWebApp("Ứng dụng", WebAppInfo("http://127.0.0.1:8080/web/mini-app"))
    with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
        await bot.set_chat_menu_button(chat_id=504, menu_button=plain_http)
    assert fake.menu_button(504) == {"type": "default"}


def test_the_setting_is_on_by_default_only_behind_https() -> None:
    assert Web(public_base_url="https://thidua.example.vn").mini_app_menu
    assert not Web(public_base_url="https://thidua.example.vn", menu_button=False).mini_app_menu
    assert not Web(public_base_url="http://127.0.0.1:8080").mini_app_menu
    assert not Web(public_base_url="http://127.0.0.1:8080", menu_button=True).mini_app_menu
    assert not Web().mini_app_menu
