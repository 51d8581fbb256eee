"""Properties of the email subscription form (/ru/subscribe/, /en/subscribe/) under hostile
input (hypothesis): never a server error; either a valid subscription is stored and the "sent"
page follows, or the form comes back with a message in the page's language and nothing is
stored. svoboda/tests/hostile_input.py says what is sent."""

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from publishing.models import Category, Subscription
from svoboda.tests.hostile_input import (
    FORM_PROPERTIES,
    any_text,
    assert_form_shown_again_with_messages,
    assert_refused_or_form_shown_again,
    assert_valid_rows,
    example_undone,
    hostile_form_data,
    raw_bodies,
)

pytestmark = pytest.mark.django_db

SENDER_ADDRESS = "203.0.113.92"
languages = st.sampled_from(["ru", "en"])
# "" stands for a category that exists (its id is only known inside the test).
VALID_SUBSCRIPTION = {"email": "reader@example.org", "categories": ""}
# Addresses a browser's type="email" check would pass, some longer than any mailbox can be.
addresses = st.emails() | st.builds(
    lambda local, labels: f"{local}@{'.'.join(labels)}.org",
    st.text("abcxyz0189._-", min_size=1, max_size=64).filter(
        lambda local: local[0] not in "._-" and local[-1] not in "._-" and ".." not in local
    ),
    st.lists(st.sampled_from(["a" * 63, "b" * 20, "пример", "xn--e1afmkfd"]), max_size=5),
)


def assert_subscription_stored_or_form_again(response, language):
    stored = Subscription.objects.all()
    if response.status_code == 302:
        assert response["Location"] == f"/{language}/subscribe/sent/"
        assert stored.count() == 1
        assert_valid_rows(stored)
        assert stored.get().categories.exists()
    else:
        assert_form_shown_again_with_messages(response, language)
        assert not stored.exists()


@FORM_PROPERTIES
@given(language=languages, data=hostile_form_data(VALID_SUBSCRIPTION))
def test_subscribing_stores_a_valid_subscription_or_comes_back_with_a_message(language, data):
    with example_undone():
        if data.get("categories") == "":
            data["categories"] = [Category.objects.get(slug="forced-labour").pk]
        response = Client().post(f"/{language}/subscribe/", data, REMOTE_ADDR=SENDER_ADDRESS)
        assert_subscription_stored_or_form_again(response, language)


@FORM_PROPERTIES
@given(language=languages, email=addresses | any_text)
# Longer than an address may be, yet each label is valid: rarely generated, once a server error.
@example(language="ru", email="reader@" + ".".join(["a" * 63] * 4) + ".org")
def test_any_address_is_stored_valid_or_refused_with_a_message(language, email):
    labour = Category.objects.get(slug="forced-labour")
    with example_undone():
        response = Client().post(
            f"/{language}/subscribe/",
            {"email": email, "categories": [labour.pk]},
            REMOTE_ADDR=SENDER_ADDRESS,
        )
        assert_subscription_stored_or_form_again(response, language)


@FORM_PROPERTIES
@given(language=languages, body=raw_bodies(["email", "categories"]))
def test_bytes_that_are_not_utf8_never_cause_a_server_error(language, body):
    content_type, payload = body
    with example_undone():
        # generic(): post() would re-encode the bytes to the declared charset.
        response = Client().generic(
            "POST",
            f"/{language}/subscribe/",
            payload,
            content_type=content_type,
            REMOTE_ADDR=SENDER_ADDRESS,
        )
        assert_refused_or_form_shown_again(response, language)
        assert not Subscription.objects.exists()
