"""Warnings about social channels that are half configured, and so left out."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register()
def channel_settings(app_configs, **kwargs):
    warnings = []
    languages = dict(settings.LANGUAGES)
    if settings.SOCIAL_TELEGRAM_CHATS and not settings.SOCIAL_TELEGRAM_BOT_TOKEN:
        warnings.append(
            Warning(
                "SOCIAL_TELEGRAM_CHATS is set but SOCIAL_TELEGRAM_BOT_TOKEN is not: nothing is "
                "posted to Telegram.",
                id="broadcast.W001",
            )
        )
    for language in settings.SOCIAL_TELEGRAM_CHATS:
        if language not in languages:
            warnings.append(
                Warning(
                    f"SOCIAL_TELEGRAM_CHATS names the language {language!r}, which the site "
                    f"does not have ({', '.join(languages)}).",
                    id="broadcast.W002",
                )
            )
    if settings.SOCIAL_WEBHOOK_URL and not settings.SOCIAL_WEBHOOK_SECRET:
        warnings.append(
            Warning(
                "SOCIAL_WEBHOOK_URL is set but SOCIAL_WEBHOOK_SECRET is not: the webhook gets "
                "nothing until it can be signed.",
                id="broadcast.W003",
            )
        )
    for language in settings.SOCIAL_WEBHOOK_LANGUAGES:
        if language not in languages:
            warnings.append(
                Warning(
                    f"SOCIAL_WEBHOOK_LANGUAGES names the language {language!r}, which the site "
                    f"does not have ({', '.join(languages)}).",
                    id="broadcast.W004",
                )
            )
    return warnings


@register(Tags.security, deploy=True)
def channels_use_https(app_configs, **kwargs):
    """Posts carry a bot token or a signature; in production they travel over HTTPS only."""
    warnings = []
    telegram = settings.SOCIAL_TELEGRAM_BOT_TOKEN and settings.SOCIAL_TELEGRAM_CHATS
    if telegram and urlsplit(settings.SOCIAL_TELEGRAM_API_URL).scheme != "https":
        warnings.append(
            Warning("SOCIAL_TELEGRAM_API_URL is not an https URL.", id="broadcast.W005")
        )
    if settings.SOCIAL_WEBHOOK_URL and urlsplit(settings.SOCIAL_WEBHOOK_URL).scheme != "https":
        warnings.append(Warning("SOCIAL_WEBHOOK_URL is not an https URL.", id="broadcast.W006"))
    return warnings
