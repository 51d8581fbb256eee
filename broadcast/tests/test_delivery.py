"""Publishing an article posts it to the organisation's channels, once each, through a real HTTP
exchange with a local stand-in for Telegram and a webhook receiver (conftest)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from broadcast import actions, delivery
from broadcast.models import Post
from broadcast.tests.conftest import TOKEN
from publishing import signals
from publishing.actions import update_article
from publishing.models import Article
from publishing.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Post.Status


@pytest.fixture
def clock(monkeypatch):
    """Moves `timezone.now()` forward, for what happens once a scheduled time has passed."""
    real_now = timezone.now

    class Clock:
        def advance(self, **delta):
            moved = real_now() + datetime.timedelta(**delta)
            monkeypatch.setattr(timezone, "now", lambda: moved)

    return Clock()


def send_due():
    call_command("send_social_posts", verbosity=0)


def telegram_texts(server):
    return [request.json["text"] for request in server.telegram]


def in_hours(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


# --- Publication and routing ------------------------------------------------------------------


def test_a_published_article_goes_once_to_each_channel_of_its_language(channels, publish):
    article = publish(ArticleFactory(language="ru"))
    assert [request.json["chat_id"] for request in channels.telegram] == ["@svoboda_ru"]
    assert len(channels.webhook) == 1
    posts = Post.objects.filter(article=article).order_by("channel")
    assert [(post.channel, post.status) for post in posts] == [
        ("telegram-ru", Status.SENT),
        ("webhook", Status.SENT),
    ]


def test_an_english_article_goes_to_the_english_channel(channels, publish):
    publish(ArticleFactory(language="en", slug="news-in-english"))
    assert [request.json["chat_id"] for request in channels.telegram] == ["@svoboda_en"]


def test_the_webhook_gets_only_the_languages_it_asks_for(channels, publish, settings):
    settings.SOCIAL_WEBHOOK_LANGUAGES = ["en"]
    publish(ArticleFactory(language="ru"))
    assert channels.webhook == []
    assert not Post.objects.filter(channel="webhook").exists()


def test_nothing_is_posted_when_no_channel_is_configured(publish):
    publish(ArticleFactory(language="ru"))
    assert not Post.objects.exists()


def test_telegram_gets_title_summary_and_absolute_link(telegram_only, publish):
    publish(
        ArticleFactory(
            language="ru",
            title="Освобождены 12 человек",
            summary="Они работали без оплаты.",
            slug="osvobozhdeny",
        )
    )
    sent = telegram_only.telegram[0].json
    assert sent["parse_mode"] == "HTML"
    assert sent["text"] == (
        "<b>Освобождены 12 человек</b>\n\n"
        "Они работали без оплаты.\n\n"
        '<a href="https://svoboda.example.org/ru/news/osvobozhdeny/">'
        "https://svoboda.example.org/ru/news/osvobozhdeny/</a>"
    )


def test_telegram_text_is_escaped_for_html(telegram_only, publish):
    publish(ArticleFactory(title="Tom & Jerry <script>", summary="a < b > c", language="en"))
    text = telegram_texts(telegram_only)[0]
    assert text.startswith("<b>Tom &amp; Jerry &lt;script&gt;</b>\n\na &lt; b &gt; c\n\n")


def test_telegram_message_id_is_kept(telegram_only, publish):
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert post.remote_id == str(telegram_only.next_message_id)
    assert post.attempts == 1
    assert post.sent_at is not None


def test_the_webhook_gets_signed_json_it_can_verify(channels, publish, settings):
    settings.SOCIAL_TELEGRAM_CHATS = {}
    article = publish(ArticleFactory(language="en", title="Report", slug="report"))
    received = channels.webhook[0]
    assert received.signature_ok
    post = Post.objects.get(article=article)
    assert received.headers["X-Svoboda-Delivery"] == str(post.pk)
    assert received.json["article"]["url"] == "https://svoboda.example.org/en/news/report/"
    assert received.json["article"]["title"] == "Report"
    assert received.json["article"]["language"] == "en"
    assert post.status == Status.SENT


def test_a_webhook_that_refuses_the_signature_fails_the_post(channels, publish, settings):
    settings.SOCIAL_TELEGRAM_CHATS = {}
    settings.SOCIAL_WEBHOOK_SECRET = "not-the-receivers-secret"
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert post.status == Status.FAILED
    assert post.last_error == "HTTP 401"


def test_publishing_and_sending_are_audited(telegram_only, publish, editor):
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    entries = AuditEntry.objects.filter(
        verb__startswith="broadcast.", target_id=str(post.pk)
    ).order_by("pk")
    assert [(entry.verb, entry.actor) for entry in entries] == [
        ("broadcast.post_queued", editor),
        ("broadcast.post_sent", None),
    ]
    assert entries[0].changes["channel"] == "telegram-ru"


# --- Scheduled articles -----------------------------------------------------------------------


def test_a_scheduled_article_is_not_posted_before_its_time(channels, publish):
    article = publish(ArticleFactory(), publish_at=in_hours(2))
    send_due()
    assert channels.telegram == [] and channels.webhook == []
    assert {post.status for post in Post.objects.filter(article=article)} == {Status.PENDING}


def test_a_scheduled_article_is_posted_once_its_time_has_come(channels, publish, clock):
    article = publish(ArticleFactory(), publish_at=in_hours(2))
    clock.advance(hours=3)
    send_due()
    send_due()
    assert len(channels.telegram) == 1 and len(channels.webhook) == 1
    assert {post.status for post in Post.objects.filter(article=article)} == {Status.SENT}


def test_rescheduling_moves_the_waiting_post_to_the_new_time(telegram_only, publish):
    article = publish(ArticleFactory(), publish_at=in_hours(2))
    article = publish(article, publish_at=in_hours(5))
    post = Post.objects.get(article=article)
    assert post.next_attempt_at == article.publish_at
    assert AuditEntry.objects.filter(verb="broadcast.post_rescheduled").count() == 1
    assert telegram_only.telegram == []


def test_rescheduling_to_now_posts_at_once(telegram_only, publish):
    article = publish(ArticleFactory(), publish_at=in_hours(2))
    publish(article)
    assert len(telegram_only.telegram) == 1
    assert Post.objects.get(article=article).status == Status.SENT


def test_the_signal_sent_again_changes_nothing(telegram_only, publish, editor):
    article = publish(ArticleFactory())
    signals.article_published.send(sender=Article, article=article, actor=editor)
    assert len(telegram_only.telegram) == 1
    assert Post.objects.filter(article=article).count() == 1


def test_an_article_moved_later_behind_our_back_waits_for_its_new_time(
    telegram_only, publish, clock
):
    article = publish(ArticleFactory(), publish_at=in_hours(1))
    Article.objects.filter(pk=article.pk).update(publish_at=in_hours(5))
    clock.advance(hours=2)
    send_due()
    assert telegram_only.telegram == []
    assert Post.objects.get(article=article).status == Status.PENDING


def test_the_text_is_taken_when_the_post_goes_out(telegram_only, publish, editor, clock):
    article = publish(ArticleFactory(title="Old title"), publish_at=in_hours(1))
    update_article(actor=editor, article=article, title="New title")
    clock.advance(hours=2)
    send_due()
    assert telegram_texts(telegram_only)[0].startswith("<b>New title</b>")


# --- Unpublishing -----------------------------------------------------------------------------


def test_unpublishing_cancels_the_posts_that_have_not_gone_out(channels, publish, unpublish, clock):
    article = publish(ArticleFactory(), publish_at=in_hours(1))
    unpublish(article)
    clock.advance(hours=2)
    send_due()
    assert channels.telegram == [] and channels.webhook == []
    assert {post.status for post in Post.objects.filter(article=article)} == {Status.CANCELLED}


def test_an_article_unpublished_without_the_signal_is_still_not_posted(
    telegram_only, publish, clock
):
    article = publish(ArticleFactory(), publish_at=in_hours(1))
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, publish_at=None)
    clock.advance(hours=2)
    send_due()
    assert telegram_only.telegram == []
    assert Post.objects.get(article=article).status == Status.CANCELLED


# --- Publishing again -------------------------------------------------------------------------


def test_publishing_again_after_a_cancelled_schedule_posts_it(telegram_only, publish, unpublish):
    article = publish(ArticleFactory(), publish_at=in_hours(1))
    unpublish(article)
    publish(article)
    assert len(telegram_only.telegram) == 1
    assert Post.objects.get(article=article).status == Status.SENT


# --- Failures and retries ---------------------------------------------------------------------


def test_a_server_error_is_retried_until_it_goes_through(telegram_only, publish):
    telegram_only.answer(500, {"ok": False, "description": "Internal Server Error"})
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert post.status == Status.PENDING
    assert post.attempts == 1
    assert post.last_error == "HTTP 500: Internal Server Error"
    send_due()
    post.refresh_from_db()
    assert post.status == Status.SENT
    assert post.attempts == 2
    assert post.last_error == ""
    assert len(telegram_only.telegram) == 2


def test_a_post_is_given_up_after_the_last_attempt(telegram_only, publish, settings):
    telegram_only.answer_many(5, 502, {"ok": False, "description": "Bad Gateway"})
    article = publish(ArticleFactory())
    for _ in range(4):
        send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.FAILED
    assert post.attempts == settings.SOCIAL_MAX_ATTEMPTS == 3
    assert len(telegram_only.telegram) == 3
    entry = AuditEntry.objects.get(verb="broadcast.post_failed")
    assert entry.changes["attempts"] == 3


def test_a_refused_message_fails_at_once(telegram_only, publish):
    telegram_only.answer(400, {"ok": False, "description": "Bad Request: chat not found"})
    article = publish(ArticleFactory())
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.FAILED
    assert post.attempts == 1
    assert post.last_error == "HTTP 400: Bad Request: chat not found"
    assert len(telegram_only.telegram) == 1


def test_too_many_requests_waits_as_long_as_telegram_asks(telegram_only, publish):
    telegram_only.answer(
        429,
        {"ok": False, "description": "Too Many Requests", "parameters": {"retry_after": 40}},
    )
    before = timezone.now()
    article = publish(ArticleFactory())
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.PENDING
    assert post.next_attempt_at >= before + datetime.timedelta(seconds=40)
    assert len(telegram_only.telegram) == 1


def test_a_failed_attempt_waits_longer_each_time(telegram_only, publish, settings):
    settings.SOCIAL_RETRY_SECONDS = 60
    telegram_only.answer(503)
    before = timezone.now()
    article = publish(ArticleFactory())
    send_due()
    post = Post.objects.get(article=article)
    assert post.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert len(telegram_only.telegram) == 1


def test_waits_double_and_stop_growing(settings):
    settings.SOCIAL_RETRY_SECONDS = 60
    assert [actions.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert actions.retry_delay(30) == actions.MAX_RETRY_DELAY
    assert actions.retry_delay(3, retry_after=7).total_seconds() == 7


def test_a_channel_that_does_not_answer_in_time_is_retried(telegram_only, publish, settings):
    settings.SOCIAL_TIMEOUT_SECONDS = 0.2
    telegram_only.delay = 1
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert post.status == Status.PENDING
    assert post.last_error == "The channel did not answer in time."


def test_a_channel_that_cannot_be_reached_is_retried(telegram_only, publish, settings, closed_port):
    settings.SOCIAL_TELEGRAM_API_URL = f"http://127.0.0.1:{closed_port}"
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert post.status == Status.PENDING
    assert post.last_error.startswith("Network error")


def test_errors_never_show_the_bot_token(telegram_only, publish):
    telegram_only.answer(404, {"ok": False, "description": f"Not Found: /bot{TOKEN}/sendMessage"})
    article = publish(ArticleFactory())
    post = Post.objects.get(article=article)
    assert TOKEN not in post.last_error
    assert "[hidden]" in post.last_error
    assert TOKEN not in json.dumps([entry.changes for entry in AuditEntry.objects.all()])


# --- Concurrent senders -----------------------------------------------------------------------


def due_post():
    return Post.objects.create(
        article=ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now()),
        channel="telegram-ru",
        next_attempt_at=timezone.now(),
    )


def test_a_claimed_post_is_not_taken_by_another_sender(telegram_only):
    post = due_post()
    assert delivery.claim() == [post.pk]
    assert delivery.claim() == []
    send_due()
    assert telegram_only.telegram == []


def test_a_claim_left_by_a_dead_sender_expires(telegram_only, clock):
    post = due_post()
    assert delivery.claim() == [post.pk]
    clock.advance(hours=1)
    send_due()
    post.refresh_from_db()
    assert post.status == Status.SENT
