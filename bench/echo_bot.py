"""The baseline: a bare python-telegram-bot echo bot (default settings, one update at a time).

Answers every text with the same text and every button press with an answer plus a message,
so it makes the same number of counted API calls per update as Thi đua bot.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeat the text."""
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press and say which button it was."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    await query.answer()
    await context.bot.send_message(update.effective_chat.id, query.data or "")


def main() -> None:
    """Poll the server named by TELEGRAM_BASE_URL until killed."""
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(press))
    application.run_polling(timeout=10)


if __name__ == "__main__":
    main()
