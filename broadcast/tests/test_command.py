"""`svoboda send_social_posts`, run from cron, and the configuration checks."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadcast import checks
from broadcast.models import Post
from broadcast.tests.factories import PostFactory


def run(*args):
    out = StringIO()
    call_command("send_social_posts", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_command_sends_what_is_due_and_says_so(channels):
    PostFactory()
    PostFactory(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))
    assert run() == "1 sent, 0 to retry, 0 failed, 0 held back, 0 withdrawn, 0 not withdrawn"
    assert run() == "0 sent, 0 to retry, 0 failed, 0 held back, 0 withdrawn, 0 not withdrawn"
    assert len(channels.telegram) == 1


@pytest.mark.django_db
def test_a_dry_run_only_counts(channels):
    post = PostFactory()
    assert run("--dry-run") == "1 post(s) and 0 withdrawal(s) due"
    assert channels.telegram == []
    assert Post.objects.get(pk=post.pk).status == Post.Status.PENDING


def test_chats_without_a_bot_token_are_reported(settings):
    settings.SOCIAL_TELEGRAM_BOT_TOKEN = ""
    settings.SOCIAL_TELEGRAM_CHATS = {"ru": "@svoboda_ru", "de": "@svoboda_de"}
    ids = [warning.id for warning in checks.channel_settings(None)]
    assert ids == ["broadcast.W001", "broadcast.W002"]


def test_a_webhook_without_a_secret_is_reported(settings):
    settings.SOCIAL_WEBHOOK_URL = "https://hooks.example.org/in"
    settings.SOCIAL_WEBHOOK_SECRET = ""
    assert [warning.id for warning in checks.channel_settings(None)] == ["broadcast.W003"]


def test_production_channels_must_use_https(settings):
    settings.SOCIAL_TELEGRAM_BOT_TOKEN = "123:token"
    settings.SOCIAL_TELEGRAM_CHATS = {"ru": "@svoboda_ru"}
    settings.SOCIAL_TELEGRAM_API_URL = "http://telegram.example.org"
    settings.SOCIAL_WEBHOOK_URL = "http://hooks.example.org/in"
    ids = [warning.id for warning in checks.channels_use_https(None)]
    assert ids == ["broadcast.W005", "broadcast.W006"]


def test_default_settings_raise_no_warning():
    assert checks.channel_settings(None) == []
    assert checks.channels_use_https(None) == []
