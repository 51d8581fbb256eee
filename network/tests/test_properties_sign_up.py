"""Properties of the public volunteer sign-up (/ru/volunteer/, /en/volunteer/) under hostile
input (hypothesis): never a server error; either a valid application is stored and the "sent"
page follows, or the form comes back with a message in the page's language and nothing is
stored. svoboda/tests/hostile_input.py says what is sent."""

# Russian test data: Cyrillic letters are meant, not look-alikes of Latin ones.

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from accounts.tests.factories import BranchFactory
from network.models import Volunteer
from svoboda.tests.hostile_input import (
    FORM_PROPERTIES,
    assert_form_shown_again_with_messages,
    assert_refused_or_form_shown_again,
    assert_valid_rows,
    example_undone,
    hostile_form_data,
    raw_bodies,
)

pytestmark = pytest.mark.django_db

SENDER_ADDRESS = "203.0.113.91"
languages = st.sampled_from(["ru", "en"])

VALID_SIGN_UP = {
    "full_name": "Анна Смирнова",
    "email": "anna.smirnova@example.org",
    "phone": "+7 900 123-45-67",
    "other_contact": "Telegram @anna_example",
    "country": "RU",
    "city": "Казань",
    "branch": "",
    "languages": ["ru", "tg"],
    "other_languages": "",
    "skills": ["legal", "driving"],
    "other_skills": "Бухгалтерия",
    "availability": ["weekends"],
    "motivation": "Хочу помогать людям вернуться домой.",
    "consent": "on",
}


def assert_application_stored_or_form_again(response, language):
    stored = Volunteer.objects.all()
    if response.status_code == 302:
        assert response["Location"] == f"/{language}/volunteer/sent/"
        assert stored.count() == 1
        assert_valid_rows(stored)
    else:
        assert_form_shown_again_with_messages(response, language)
        assert not stored.exists()


@FORM_PROPERTIES
@given(language=languages, data=hostile_form_data(VALID_SIGN_UP), with_branch=st.booleans())
def test_sign_up_stores_a_valid_application_or_comes_back_with_a_message(
    language, data, with_branch
):
    with example_undone():
        if with_branch and data.get("branch") == "":
            data["branch"] = str(BranchFactory(shown_publicly=True).pk)
        response = Client().post(f"/{language}/volunteer/", data, REMOTE_ADDR=SENDER_ADDRESS)
        assert_application_stored_or_form_again(response, language)


@FORM_PROPERTIES
@given(language=languages, body=raw_bodies(["full_name", "email", "motivation"]))
def test_bytes_that_are_not_utf8_never_cause_a_server_error(language, body):
    content_type, payload = body
    with example_undone():
        # generic(): post() would re-encode the bytes to the declared charset.
        response = Client().generic(
            "POST",
            f"/{language}/volunteer/",
            payload,
            content_type=content_type,
            REMOTE_ADDR=SENDER_ADDRESS,
        )
        # Country, city and consent are missing: the form must come back.
        assert_refused_or_form_shown_again(response, language)
        assert not Volunteer.objects.exists()
