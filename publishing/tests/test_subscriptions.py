"""News by email: sign-up -> confirm -> digest -> one-click unsubscribe -> no more mail, with
mail through a real SMTP server, and what each digest may and may not contain."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation

from publishing import subscriptions
from publishing.models import Category, Subscription
from publishing.tests.factories import ArticleFactory, published
from svoboda.errors import DomainError

LINK = re.compile(r"https?://\S+")


def _body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def _path(url):
    return urlsplit(url).path


@pytest.mark.django_db(transaction=True)
def test_subscribe_confirm_digest_and_unsubscribe_in_one_click(client, smtp_server):
    labour = Category.objects.get(slug="forced-labour")
    prevention = Category.objects.get(slug="prevention")

    response = client.post(
        "/en/subscribe/", {"email": "Reader@Example.org", "categories": [labour.pk]}
    )
    assert response.status_code == 302
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "reader@example.org"
    confirm_path = _path(LINK.search(_body(confirmation)).group(0))
    assert "Forced labour" in client.get(confirm_path).content.decode()
    assert client.post(confirm_path).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None

    wanted = published(days_ago=0, language="en", category=labour, title="Kiln workers freed")
    published(days_ago=0, language="en", category=prevention, title="Not chosen")
    published(days_ago=0, language="ru", category=labour, title="Другой язык")
    published(days_ago=-2, language="en", category=labour, title="Scheduled later")
    ArticleFactory(language="en", category=labour, title="A draft")

    call_command("send_news_digest")

    digest = smtp_server.messages[-1]
    body = _body(digest)
    assert "Kiln workers freed" in body
    assert wanted.get_absolute_url() in body
    for absent in ("Not chosen", "Другой язык", "Scheduled later", "A draft"):
        assert absent not in body
    unsubscribe_url = re.search(r"<(.+)>", digest["List-Unsubscribe"]).group(1)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in body

    # The mail client's one-click button: a POST with no cookie and no CSRF token.
    client.logout()
    response = client.post(_path(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()

    published(days_ago=0, language="en", category=labour, title="After leaving")
    messages_before = len(smtp_server.messages)
    call_command("send_news_digest")
    assert len(smtp_server.messages) == messages_before


@pytest.mark.django_db
def test_a_digest_holds_only_what_is_new_since_the_last_one(
    django_capture_on_commit_callbacks, mailoutbox
):
    labour = Category.objects.get(slug="forced-labour")
    published(days_ago=3, language="ru", category=labour, title="Старая новость")
    subscription = _confirmed("reader@example.org", "ru", [labour])
    first = published(days_ago=0, language="ru", category=labour, title="Первая")

    with django_capture_on_commit_callbacks(execute=True):
        assert subscriptions.send_digests() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert subscriptions.send_digests() == 0

    [mail] = mailoutbox
    assert first.title in mail.body
    assert "Старая новость" not in mail.body  # published before the reader confirmed
    assert mail.subject == "Новости «Свободы»"
    subscription.refresh_from_db()
    assert subscription.digest_sent_until is not None


def _confirmed(email, language, categories):
    from datetime import timedelta

    from django.utils import timezone

    subscription = Subscription.objects.create(
        email=email,
        language=language,
        confirmation_nonce="n" * 32,
        unsubscribe_token=email.replace("@", "-") + "-token-123456",
        confirmed_at=timezone.now() - timedelta(days=1),
        digest_sent_until=timezone.now() - timedelta(days=1),
    )
    subscription.categories.set(categories)
    return subscription


@pytest.mark.django_db
def test_someone_else_cannot_change_a_confirmed_subscription(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    labour = Category.objects.get(slug="forced-labour")
    prevention = Category.objects.get(slug="prevention")
    subscription = _confirmed("reader@example.org", "ru", [labour])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/subscribe/", {"email": "reader@example.org", "categories": [prevention.pk]}
        )

    subscription.refresh_from_db()
    assert list(subscription.categories.all()) == [labour]
    assert subscription.language == "ru"
    # Only the owner, from their mailbox, can take the new choice.
    [mail] = mailoutbox
    client.post(_path(LINK.search(mail.body).group(0)))
    subscription.refresh_from_db()
    assert list(subscription.categories.all()) == [prevention]


@pytest.mark.django_db
def test_only_the_newest_confirmation_link_works(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    labour = Category.objects.get(slug="forced-labour")
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/ru/subscribe/", {"email": "reader@example.org", "categories": [labour.pk]}
            )
    old, new = (_path(LINK.search(mail.body).group(0)) for mail in mailoutbox)

    assert client.post(old).status_code == 400
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(new).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


@pytest.mark.django_db
def test_the_page_after_sending_is_the_same_for_known_and_new_addresses(client):
    labour = Category.objects.get(slug="forced-labour")
    _confirmed("known@example.org", "ru", [labour])
    known = client.post("/ru/subscribe/", {"email": "known@example.org", "categories": [labour.pk]})
    new = client.post("/ru/subscribe/", {"email": "new@example.org", "categories": [labour.pk]})
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an address", "categories": ["1"]}, "Это не похоже на адрес"),
        ({"email": "reader@example.org"}, "Выберите хотя бы одну рубрику"),
    ],
)
def test_bad_input_comes_back_with_a_message_and_nothing_stored(client, data, message):
    response = client.post("/ru/subscribe/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="' + data["email"] + '"' in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_an_address_longer_than_an_address_may_be_comes_back_with_a_message(client):
    # Every label within 63 characters, so EmailValidator passes it; Subscription.email holds
    # 254 (a server error before the form knew the limit).
    email = "reader@" + ".".join(["a" * 63] * 4) + ".org"
    labour = Category.objects.get(slug="forced-labour")
    response = client.post("/ru/subscribe/", {"email": email, "categories": [labour.pk]})
    assert response.status_code == 200
    with translation.override("ru"):
        [message] = response.context["form"].errors["email"]
    assert "254" in message
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_the_honeypot_stores_nothing(client):
    labour = Category.objects.get(slug="forced-labour")
    response = client.post(
        "/ru/subscribe/",
        {"email": "bot@example.org", "categories": [labour.pk], "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_an_unknown_unsubscribe_token_shows_the_same_page(client):
    response = client.get("/ru/subscribe/stop/no-such-token/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_subscribing_needs_a_category():
    with pytest.raises(DomainError):
        subscriptions.subscribe(email="reader@example.org", language="ru", categories=[])
