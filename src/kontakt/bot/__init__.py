"""The Telegram bot: residents ask who to contact (``python -m kontakt.bot``).

A thin shell over :mod:`kontakt._conversation`: the handlers turn Telegram updates into
questions and replies into Telegram calls; settings, rate limits, delivery retries and the
data-file watcher each live in their own module.
"""
