"""Thi đua bot: one channel-neutral core under Telegram, Zalo and a console."""
