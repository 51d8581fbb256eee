"""An article taken off the site is taken back from the channels it went to: Telegram deletes
the message, the webhook receiver is told to remove its copy. Through real HTTP exchanges with
the local stand-ins for Telegram and the receiver (conftest)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from broadcast.channels import TelegramChannel
from broadcast.models import Post
from publishing.actions import unpublish_article
from publishing.models import Article
from publishing.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Post.Status
CANNOT_DELETE = {
    "ok": False,
    "error_code": 400,
    "description": "Bad Request: message can't be deleted",
}


def send_due():
    call_command("send_social_posts", verbosity=0)


def deleted(server):
    return [(request.json["chat_id"], request.json["message_id"]) for request in server.deletions]


def verbs(post):
    return list(
        AuditEntry.objects.filter(verb__startswith="broadcast.", target_id=str(post.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- Telegram ---------------------------------------------------------------------------------


def test_unpublishing_deletes_the_telegram_message(telegram_only, publish, unpublish):
    article = publish(ArticleFactory(language="ru"))
    message_id = Post.objects.get(article=article).remote_id
    unpublish(article)
    assert deleted(telegram_only) == [("@svoboda_ru", int(message_id))]
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAWN
    assert post.withdrawn_at is not None
    assert post.last_error == ""


def test_the_withdrawal_is_audited_with_who_unpublished(telegram_only, publish, unpublish, editor):
    article = publish(ArticleFactory())
    unpublish(article)
    post = Post.objects.get(article=article)
    assert verbs(post) == [
        "broadcast.post_queued",
        "broadcast.post_sent",
        "broadcast.withdrawal_queued",
        "broadcast.post_withdrawn",
    ]
    queued = AuditEntry.objects.get(verb="broadcast.withdrawal_queued")
    assert queued.actor == editor
    assert queued.changes["reason"] == "article unpublished"
    assert queued.changes["remote_id"] == post.remote_id
    assert AuditEntry.objects.get(verb="broadcast.post_withdrawn").actor is None  # the system


def test_the_message_is_deleted_in_the_chat_it_went_to(telegram_only, publish, unpublish, settings):
    article = publish(ArticleFactory(language="ru"))
    settings.SOCIAL_TELEGRAM_CHATS = {"ru": "@svoboda_ru_new", "en": "@svoboda_en"}
    unpublish(article)
    assert [chat for chat, _ in deleted(telegram_only)] == ["@svoboda_ru"]


def test_a_failed_deletion_is_retried_until_it_goes_through(telegram_only, publish, unpublish):
    article = publish(ArticleFactory())
    telegram_only.answer(500, {"ok": False, "description": "Internal Server Error"})
    unpublish(article)
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAWING
    assert post.attempts == 1
    assert post.last_error == "HTTP 500: Internal Server Error"
    send_due()
    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN
    assert post.attempts == 2
    assert len(telegram_only.deletions) == 2
    assert len(set(deleted(telegram_only))) == 1


def test_a_deletion_waits_as_long_as_telegram_asks(telegram_only, publish, unpublish):
    article = publish(ArticleFactory())
    telegram_only.answer(
        429, {"ok": False, "description": "Too Many Requests", "parameters": {"retry_after": 40}}
    )
    before = timezone.now()
    unpublish(article)
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAWING
    assert post.next_attempt_at >= before + datetime.timedelta(seconds=40)
    assert len(telegram_only.deletions) == 1


def test_a_message_telegram_will_not_delete_is_left_to_an_editor(telegram_only, publish, unpublish):
    article = publish(ArticleFactory())
    telegram_only.answer(400, CANNOT_DELETE)
    unpublish(article)
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAW_FAILED
    assert post.attempts == 1
    assert post.last_error == "HTTP 400: Bad Request: message can't be deleted"
    assert len(telegram_only.deletions) == 1
    entry = AuditEntry.objects.get(verb="broadcast.withdrawal_failed")
    assert entry.changes["error"] == post.last_error


def test_a_withdrawal_is_given_up_after_the_last_attempt(telegram_only, publish, unpublish):
    article = publish(ArticleFactory())
    telegram_only.answer_many(5, 502, {"ok": False, "description": "Bad Gateway"})
    unpublish(article)
    for _ in range(4):
        send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAW_FAILED
    assert post.attempts == 3
    assert len(telegram_only.deletions) == 3


def test_a_message_already_deleted_counts_as_withdrawn(telegram_only, publish, unpublish):
    article = publish(ArticleFactory())
    telegram_only.answer(
        400, {"ok": False, "description": "Bad Request: message to delete not found"}
    )
    unpublish(article)
    assert Post.objects.get(article=article).status == Status.WITHDRAWN
    entry = AuditEntry.objects.get(verb="broadcast.post_withdrawn")
    assert entry.changes["note"] == "the message was already gone"


def test_a_channel_no_longer_configured_leaves_the_message_to_an_editor(
    telegram_only, publish, unpublish, settings
):
    article = publish(ArticleFactory(language="ru"))
    settings.SOCIAL_TELEGRAM_CHATS = {"en": "@svoboda_en"}
    unpublish(article)
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAW_FAILED
    assert post.last_error == "The channel is not configured any more."
    assert telegram_only.deletions == []


def test_unpublishing_a_scheduled_article_deletes_nothing(telegram_only, publish, unpublish):
    article = publish(ArticleFactory(), publish_at=timezone.now() + datetime.timedelta(hours=2))
    unpublish(article)
    assert telegram_only.deletions == []
    assert Post.objects.get(article=article).status == Status.CANCELLED


# --- The webhook ------------------------------------------------------------------------------


@pytest.fixture
def webhook_only(channels, settings):
    settings.SOCIAL_TELEGRAM_CHATS = {}
    return channels


def test_the_published_event_says_what_it_is(webhook_only, publish):
    publish(ArticleFactory(language="en"))
    received = webhook_only.webhook[0]
    assert received.json["event"] == "article.published"
    assert received.headers["X-Svoboda-Event"] == "article.published"


def test_the_webhook_gets_a_signed_withdrawn_event(webhook_only, publish, unpublish):
    article = publish(ArticleFactory(language="en", slug="report"))
    unpublish(article)
    post = Post.objects.get(article=article)
    published, withdrawn = webhook_only.webhook
    assert withdrawn.signature_ok
    assert withdrawn.headers["X-Svoboda-Event"] == "article.withdrawn"
    assert withdrawn.headers["X-Svoboda-Delivery"] == f"{post.pk}-withdrawn"
    assert withdrawn.json == {
        "event": "article.withdrawn",
        "delivery": f"{post.pk}-withdrawn",
        "withdraws": published.headers["X-Svoboda-Delivery"],
        "article": {
            "id": article.pk,
            "language": "en",
            "url": "https://svoboda.example.org/en/news/report/",
        },
    }
    assert post.status == Status.WITHDRAWN


def test_the_withdrawn_event_carries_no_text_of_the_article(webhook_only, publish, unpublish):
    article = publish(ArticleFactory(title="Freed", summary="They worked unpaid."))
    unpublish(article)
    body = webhook_only.webhook[1].body.decode()
    assert "Freed" not in body
    assert "unpaid" not in body


def test_a_receiver_that_refuses_the_withdrawal_leaves_it_to_an_editor(
    webhook_only, publish, unpublish
):
    article = publish(ArticleFactory())
    webhook_only.answer(410, {})
    unpublish(article)
    post = Post.objects.get(article=article)
    assert post.status == Status.WITHDRAW_FAILED
    assert post.last_error == "HTTP 410"


# --- Publishing again -------------------------------------------------------------------------


def test_publishing_a_withdrawn_article_again_posts_a_new_message(channels, publish, unpublish):
    article = publish(ArticleFactory(language="ru"))
    first_id = Post.objects.get(article=article, channel="telegram-ru").remote_id
    unpublish(article)
    publish(article)
    send_due()
    assert len(channels.telegram) == 2
    post = Post.objects.get(article=article, channel="telegram-ru")
    assert post.status == Status.SENT
    assert post.round == 2
    assert post.remote_id != first_id
    assert post.withdrawn_at is None


def test_the_webhook_gets_the_new_publication_under_a_new_delivery_id(
    webhook_only, publish, unpublish
):
    article = publish(ArticleFactory())
    unpublish(article)
    publish(article)
    post = Post.objects.get(article=article)
    deliveries = [request.headers["X-Svoboda-Delivery"] for request in webhook_only.webhook]
    assert deliveries == [str(post.pk), f"{post.pk}-withdrawn", f"{post.pk}-2"]
    assert all(request.signature_ok for request in webhook_only.webhook)


def test_publishing_again_keeps_a_message_telegram_would_not_delete(
    telegram_only, publish, unpublish
):
    article = publish(ArticleFactory())
    telegram_only.answer(400, CANNOT_DELETE)
    unpublish(article)
    publish(article)
    post = Post.objects.get(article=article)
    assert post.status == Status.SENT
    assert post.last_error == ""
    assert len(telegram_only.telegram) == 1  # the message still there, not a second one
    assert AuditEntry.objects.get(verb="broadcast.post_kept").changes["reason"] == (
        "article published again"
    )


def test_published_again_before_the_deletion_went_through_is_posted_anew(
    telegram_only, publish, unpublish
):
    article = publish(ArticleFactory())
    telegram_only.answer(503, {"ok": False, "description": "Service Unavailable"})
    unpublish(article)
    publish(article)
    assert Post.objects.get(article=article).status == Status.WITHDRAWING
    send_due()  # the deletion goes through; the post is queued again
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.SENT
    assert post.round == 2
    assert len(telegram_only.deletions) == 2
    assert len(telegram_only.telegram) == 2


def test_published_again_while_the_deletion_is_refused_keeps_the_message(
    telegram_only, publish, unpublish
):
    article = publish(ArticleFactory())
    telegram_only.answer(503, {"ok": False, "description": "Service Unavailable"})
    unpublish(article)
    publish(article)
    telegram_only.answer(400, CANNOT_DELETE)
    send_due()
    post = Post.objects.get(article=article)
    assert post.status == Status.SENT
    assert len(telegram_only.telegram) == 1


# --- Unpublished while the post was on its way ------------------------------------------------


def test_an_article_unpublished_while_its_post_travels_is_withdrawn_at_once(
    telegram_only, editor, monkeypatch, django_capture_on_commit_callbacks
):
    article = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now())
    post = Post.objects.create(
        article=article, channel="telegram-ru", next_attempt_at=timezone.now()
    )
    real_send = TelegramChannel.send

    def send_while_unpublished(self, *, post, article):
        # The sender has checked that the article is public; it is unpublished now.
        with django_capture_on_commit_callbacks(execute=True):
            unpublish_article(actor=editor, article=article)
        return real_send(self, post=post, article=article)

    monkeypatch.setattr(TelegramChannel, "send", send_while_unpublished)
    with django_capture_on_commit_callbacks(execute=True):
        send_due()
    post.refresh_from_db()
    assert len(telegram_only.telegram) == 1
    assert deleted(telegram_only) == [("@svoboda_ru", int(post.remote_id))]
    assert post.status == Status.WITHDRAWN
    queued = AuditEntry.objects.get(verb="broadcast.withdrawal_queued")
    assert queued.changes["reason"] == "article unpublished while sending"


def test_a_post_left_out_for_an_unpublished_article_is_withdrawn_by_the_command(
    telegram_only, publish
):
    article = publish(ArticleFactory())
    # Unpublished without the signal (a receiver that failed, a change made by hand).
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, publish_at=None)
    send_due()
    assert len(telegram_only.deletions) == 1
    assert Post.objects.get(article=article).status == Status.WITHDRAWN
    entry = AuditEntry.objects.get(verb="broadcast.withdrawal_queued")
    assert entry.actor is None
    assert entry.changes["reason"] == "article not published"


def test_the_command_counts_withdrawals(telegram_only, publish):
    article = publish(ArticleFactory())
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, publish_at=None)
    out = StringIO()
    call_command("send_social_posts", stdout=out)
    assert out.getvalue().strip() == (
        "0 sent, 0 to retry, 0 failed, 0 held back, 1 withdrawn, 0 not withdrawn"
    )
