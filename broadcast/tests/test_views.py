"""The editors' page of social media posts (/workspace/social/): who may open it, what it
shows, and its buttons."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from broadcast.models import Post
from broadcast.tests.factories import PostFactory
from publishing.models import Article
from publishing.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LIST = reverse("broadcast:post-list")
Status = Post.Status


def retry_url(post):
    return reverse("broadcast:post-retry", args=[post.pk])


def cancel_url(post):
    return reverse("broadcast:post-cancel", args=[post.pk])


def withdraw_url(post):
    return reverse("broadcast:post-withdraw", args=[post.pk])


def removed_url(post):
    return reverse("broadcast:post-removed", args=[post.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def failed_post():
    return PostFactory(
        status=Status.FAILED,
        attempts=3,
        next_attempt_at=None,
        last_error="HTTP 400: Bad Request: chat not found",
    )


@pytest.fixture
def unwithdrawn_post():
    """A Telegram message that Telegram refused to delete after its article was unpublished."""
    return PostFactory(
        article=ArticleFactory(language="ru", title="Освобождены 12 человек"),
        status=Status.WITHDRAW_FAILED,
        attempts=1,
        next_attempt_at=None,
        sent_at=timezone.now(),
        remote_id="105",
        remote_chat="@svoboda_ru",
        last_error="HTTP 400: Bad Request: message can't be deleted",
    )


@pytest.mark.parametrize("persona", ["administrator", "coordinator", "caseworker", "volunteer"])
def test_other_roles_may_not_open_the_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 403


def test_a_user_without_a_role_may_not_open_the_page(client, user_without_role):
    client.force_login(user_without_role)
    assert client.get(LIST).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize("persona", ["administrator", "coordinator", "caseworker", "volunteer"])
def test_other_roles_may_not_retry_or_cancel(client, personas, persona, failed_post):
    pending = PostFactory(channel="webhook", article=failed_post.article)
    client.force_login(personas[persona])
    assert client.post(retry_url(failed_post)).status_code == 403
    assert client.post(cancel_url(pending)).status_code == 403
    assert Post.objects.get(pk=failed_post.pk).status == Status.FAILED
    assert Post.objects.get(pk=pending.pk).status == Status.PENDING


def test_the_page_lists_posts_with_status_attempts_and_error(editor_client, failed_post):
    failed_post.article.title = "Освобождены 12 человек"
    failed_post.article.save()
    html = editor_client.get(LIST).content.decode()
    assert "Освобождены 12 человек" in html
    assert "telegram-ru" in html
    assert "Failed" in html
    assert "HTTP 400: Bad Request: chat not found" in html
    assert retry_url(failed_post) in html


def test_the_page_names_the_configured_channels(editor_client, settings):
    settings.SOCIAL_TELEGRAM_BOT_TOKEN = "123:token"
    settings.SOCIAL_TELEGRAM_CHATS = {"ru": "@svoboda_ru"}
    settings.SOCIAL_WEBHOOK_URL = "https://hooks.example.org/secret-path-part"
    settings.SOCIAL_WEBHOOK_SECRET = "s"
    html = editor_client.get(LIST).content.decode()
    assert "Telegram @svoboda_ru" in html
    assert "Webhook at hooks.example.org" in html
    assert "secret-path-part" not in html
    assert "123:token" not in html


def test_the_page_says_when_nothing_is_configured(editor_client):
    response = editor_client.get(LIST)
    assert response.context["channels"] == []


def test_the_list_filters_by_status(editor_client, failed_post):
    PostFactory(channel="webhook", status=Status.SENT, sent_at=timezone.now())
    response = editor_client.get(LIST, {"status": "failed"})
    assert [row["post"] for row in response.context["rows"]] == [failed_post]


def test_the_list_takes_a_fixed_number_of_queries(editor_client, django_assert_num_queries):
    for _ in range(5):
        PostFactory()
    # session, user, the second factor's device, permissions (view + menu), count, page of
    # posts with their articles
    editor_client.get(LIST)
    with django_assert_num_queries(7):
        editor_client.get(LIST)


def test_an_editor_sends_a_failed_post_again(
    editor_client, editor, failed_post, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(retry_url(failed_post))
    assert response.status_code == 302
    failed_post.refresh_from_db()
    assert failed_post.status == Status.SENT
    assert failed_post.attempts == 1
    assert len(channels.telegram) == 1
    entry = AuditEntry.objects.get(verb="broadcast.post_retried")
    assert entry.actor == editor


def test_only_a_failed_post_can_be_sent_again(editor_client):
    post = PostFactory(status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None)
    response = editor_client.post(retry_url(post), follow=True)
    assert "Only a failed post can be sent again." in response.content.decode()
    post.refresh_from_db()
    assert post.status == Status.SENT
    assert not AuditEntry.objects.filter(verb="broadcast.post_retried").exists()


def test_a_post_of_an_unpublished_article_cannot_be_sent_again(editor_client, failed_post):
    Article.objects.filter(pk=failed_post.article_id).update(
        status=Article.Status.DRAFT, publish_at=None
    )
    response = editor_client.post(retry_url(failed_post), follow=True)
    assert "The article is not published any more" in response.content.decode()
    assert Post.objects.get(pk=failed_post.pk).status == Status.FAILED


def test_an_editor_cancels_a_waiting_post(editor_client, editor):
    post = PostFactory()
    response = editor_client.post(cancel_url(post))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.CANCELLED
    assert post.next_attempt_at is None
    entry = AuditEntry.objects.get(verb="broadcast.post_cancelled")
    assert entry.actor == editor
    assert entry.target_id == str(post.pk)


def test_a_failed_post_cannot_be_cancelled(editor_client, failed_post):
    response = editor_client.post(cancel_url(failed_post), follow=True)
    assert "Only a post that is waiting can be cancelled." in response.content.decode()
    assert Post.objects.get(pk=failed_post.pk).status == Status.FAILED


def test_the_buttons_answer_only_post(editor_client, failed_post):
    assert editor_client.get(retry_url(failed_post)).status_code == 405
    assert editor_client.get(cancel_url(failed_post)).status_code == 405


# Withdrawals that the channel refused.


def test_a_message_that_could_not_be_deleted_is_shown_for_removal_by_hand(
    editor_client, unwithdrawn_post
):
    html = editor_client.get(LIST).content.decode()
    assert "Could not be withdrawn" in html
    assert "Could not be deleted: remove it by hand in the channel." in html
    assert "HTTP 400: Bad Request: message can&#x27;t be deleted" in html
    assert 'href="https://t.me/svoboda_ru/105"' in html
    assert withdraw_url(unwithdrawn_post) in html
    assert removed_url(unwithdrawn_post) in html


def test_a_private_channels_message_is_linked_for_its_members(editor_client, unwithdrawn_post):
    unwithdrawn_post.remote_chat = "-1001234567890"
    unwithdrawn_post.save()
    html = editor_client.get(LIST).content.decode()
    assert 'href="https://t.me/c/1234567890/105"' in html


def test_a_webhook_that_refused_the_withdrawal_asks_for_its_copy_removed(editor_client):
    PostFactory(
        channel="webhook",
        status=Status.WITHDRAW_FAILED,
        next_attempt_at=None,
        sent_at=timezone.now(),
        last_error="HTTP 410",
    )
    html = editor_client.get(LIST).content.decode()
    assert "ask whoever runs it to remove its copy" in html
    assert "t.me" not in html


def test_the_list_filters_posts_that_could_not_be_withdrawn(editor_client, unwithdrawn_post):
    PostFactory(channel="webhook", status=Status.SENT, sent_at=timezone.now())
    response = editor_client.get(LIST, {"status": "withdraw_failed"})
    assert [row["post"] for row in response.context["rows"]] == [unwithdrawn_post]


def test_other_posts_ask_nothing_to_be_removed_by_hand(editor_client, failed_post):
    html = editor_client.get(LIST).content.decode()
    assert "remove it by hand" not in html
    assert withdraw_url(failed_post) not in html


def test_the_list_with_withdrawals_takes_a_fixed_number_of_queries(
    editor_client, unwithdrawn_post, django_assert_num_queries
):
    for _ in range(3):
        PostFactory(
            status=Status.WITHDRAWN,
            sent_at=timezone.now(),
            withdrawn_at=timezone.now(),
            next_attempt_at=None,
        )
    editor_client.get(LIST)
    with django_assert_num_queries(7):  # as above: the withdrawals cost no query of their own
        editor_client.get(LIST)


def test_an_editor_tries_a_withdrawal_again(
    editor_client, editor, unwithdrawn_post, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(withdraw_url(unwithdrawn_post))
    assert response.status_code == 302
    assert [(r.json["chat_id"], r.json["message_id"]) for r in channels.deletions] == [
        ("@svoboda_ru", 105)
    ]
    unwithdrawn_post.refresh_from_db()
    assert unwithdrawn_post.status == Status.WITHDRAWN
    assert unwithdrawn_post.attempts == 1
    entry = AuditEntry.objects.get(verb="broadcast.withdrawal_retried")
    assert entry.actor == editor


def test_a_withdrawal_tried_again_can_fail_again(
    editor_client, unwithdrawn_post, channels, django_capture_on_commit_callbacks
):
    channels.answer(400, {"ok": False, "description": "Bad Request: message can't be deleted"})
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(withdraw_url(unwithdrawn_post))
    unwithdrawn_post.refresh_from_db()
    assert unwithdrawn_post.status == Status.WITHDRAW_FAILED
    assert "Could not be deleted" in editor_client.get(LIST).content.decode()


def test_only_a_post_that_could_not_be_withdrawn_can_be_withdrawn_again(editor_client):
    post = PostFactory(status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None)
    response = editor_client.post(withdraw_url(post), follow=True)
    assert "Only a post that could not be withdrawn can be withdrawn again." in (
        response.content.decode()
    )
    assert Post.objects.get(pk=post.pk).status == Status.SENT


def test_a_post_of_an_article_published_again_is_not_withdrawn(
    editor_client, unwithdrawn_post, channels
):
    Article.objects.filter(pk=unwithdrawn_post.article_id).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now()
    )
    response = editor_client.post(withdraw_url(unwithdrawn_post), follow=True)
    assert "The article is published again: its post stays." in response.content.decode()
    assert Post.objects.get(pk=unwithdrawn_post.pk).status == Status.WITHDRAW_FAILED
    assert channels.deletions == []


def test_an_editor_says_the_message_was_removed_by_hand(editor_client, editor, unwithdrawn_post):
    response = editor_client.post(removed_url(unwithdrawn_post))
    assert response.status_code == 302
    unwithdrawn_post.refresh_from_db()
    assert unwithdrawn_post.status == Status.WITHDRAWN
    assert unwithdrawn_post.withdrawn_at is not None
    entry = AuditEntry.objects.get(verb="broadcast.post_removed_by_hand")
    assert entry.actor == editor
    assert entry.target_id == str(unwithdrawn_post.pk)
    assert "remove it by hand" not in editor_client.get(LIST).content.decode()


def test_only_a_post_that_could_not_be_withdrawn_can_be_marked_removed(editor_client, failed_post):
    response = editor_client.post(removed_url(failed_post), follow=True)
    assert "Only a post that could not be withdrawn can be marked as removed." in (
        response.content.decode()
    )
    assert Post.objects.get(pk=failed_post.pk).status == Status.FAILED


@pytest.mark.parametrize("persona", ["administrator", "coordinator", "caseworker", "volunteer"])
def test_other_roles_may_not_act_on_withdrawals(client, personas, persona, unwithdrawn_post):
    client.force_login(personas[persona])
    assert client.post(withdraw_url(unwithdrawn_post)).status_code == 403
    assert client.post(removed_url(unwithdrawn_post)).status_code == 403
    assert Post.objects.get(pk=unwithdrawn_post.pk).status == Status.WITHDRAW_FAILED
    assert not AuditEntry.objects.filter(verb__startswith="broadcast.").exists()


def test_the_withdrawal_buttons_answer_only_post(editor_client, unwithdrawn_post):
    assert editor_client.get(withdraw_url(unwithdrawn_post)).status_code == 405
    assert editor_client.get(removed_url(unwithdrawn_post)).status_code == 405
