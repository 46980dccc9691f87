"""The Telegram channel: python-telegram-bot used as a transport only."""
