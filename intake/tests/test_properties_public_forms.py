"""Properties of the public help pages under hostile input (hypothesis): the help form, the
follow-up code and the writer's message. Whatever is sent, the answer is never a server error:
either the request (or message) is stored and valid, or the form comes back with a message in
the page's language and nothing is stored. svoboda/tests/hostile_input.py says what is sent."""

# Russian test data: Cyrillic letters are meant, not look-alikes of Latin ones.

import uuid

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from intake.models import Attachment, FollowUpCode, HelpRequest, Message
from intake.tests.factories import FollowUpCodeFactory, HelpRequestFactory
from intake.views.public import FOLLOW_UP_SESSION_KEY
from svoboda.tests.hostile_input import (
    FORM_PROPERTIES,
    any_text,
    assert_form_shown_again_with_messages,
    assert_refused_or_form_shown_again,
    assert_valid_rows,
    example_undone,
    hostile_form_data,
    huge_text,
    png,
    raw_bodies,
)

pytestmark = pytest.mark.django_db

SENDER_ADDRESS = "203.0.113.90"
CODE = "яблоко река камень облако лампа чайник окно"
languages = st.sampled_from(["ru", "en"])

VALID_REQUEST = {
    "submission_token": "6f1c1c8e-6a59-4a41-9d7b-2d6f4c9e0a11",
    "writer_kind": HelpRequest.WriterKind.RELATIVE,
    "danger": HelpRequest.Danger.YES,
    "situations": [HelpRequest.Situation.FORCED_LABOUR],
    "description": "Брата держат на кирпичном заводе, паспорт забрали.",
    "country": "RU",
    "city": "Кизляр",
    "place": "Кирпичный завод у трассы",
    "since_when": "С марта",
    "people_count": "3",
    "no_contact": "",
    "contact_channel": HelpRequest.ContactChannel.TELEGRAM,
    "contact_handle": "@example_handle",
    "safe_times": "После 20:00",
    "write_only": "on",
}


def post_request(language, data):
    client = Client()
    return client.post(f"/{language}/help/", data, REMOTE_ADDR=SENDER_ADDRESS)


def assert_request_stored_or_form_again(response, language):
    stored = HelpRequest.objects.all()
    if response.status_code == 200 and response.templates[0].name.endswith("request_sent.html"):
        assert stored.count() == 1
        assert_valid_rows(stored)
        assert_valid_rows(Attachment.objects.all(), exclude=["file"])
        assert FollowUpCode.objects.filter(request__in=stored).count() == 1
    else:
        assert_form_shown_again_with_messages(response, language)
        assert not stored.exists()
        assert not FollowUpCode.objects.exists()


@FORM_PROPERTIES
@given(language=languages, data=hostile_form_data(VALID_REQUEST))
def test_help_form_stores_a_valid_request_or_comes_back_with_a_message(language, data):
    with example_undone():
        response = post_request(language, data)
        assert_request_stored_or_form_again(response, language)


@FORM_PROPERTIES
@given(language=languages, name=any_text | huge_text)
def test_any_file_name_is_stored_valid_or_refused_with_a_message(language, name):
    with example_undone():
        response = post_request(language, {**VALID_REQUEST, "files": [png(name or "x")]})
        assert_request_stored_or_form_again(response, language)


@FORM_PROPERTIES
@given(language=languages, body=raw_bodies(["description", "city", "submission_token"]))
def test_bytes_that_are_not_utf8_never_cause_a_server_error(language, body):
    content_type, payload = body
    with example_undone():
        # generic(): post() would re-encode the bytes to the declared charset.
        response = Client().generic(
            "POST",
            f"/{language}/help/",
            payload,
            content_type=content_type,
            REMOTE_ADDR=SENDER_ADDRESS,
        )
        # The only text fields sent: the answers that are required are missing.
        assert_refused_or_form_shown_again(response, language)
        assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("ru", "Отправленное не удалось принять"), ("en", "What was sent could not be accepted")],
)
def test_a_body_over_the_upload_limit_is_refused_in_the_page_language_and_stores_nothing(
    language, message
):
    # 3 MB of form fields, past DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses the body before the
    # view can show the form again, so its 400 page must say what happened.
    data = {**VALID_REQUEST, "description": "я" * 500_000, "place": "я" * 1_000_000}
    response = post_request(language, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert page.index(message) < page.index("112")
    assert not HelpRequest.objects.exists()


@FORM_PROPERTIES
@given(language=languages, token=any_text | huge_text)
def test_a_tampered_submission_token_never_stops_the_writer(language, token):
    # The token is a hidden field: the writer cannot see or correct it.
    with example_undone():
        response = post_request(language, {**VALID_REQUEST, "submission_token": token})
        assert response.templates[0].name.endswith("request_sent.html")
        assert_valid_rows(HelpRequest.objects.all())


@FORM_PROPERTIES
@given(language=languages, data=hostile_form_data({"code": CODE}))
def test_any_code_opens_the_thread_or_comes_back_with_a_message(language, data):
    with example_undone():
        help_request = HelpRequestFactory()
        FollowUpCodeFactory(request=help_request, code=CODE)
        client = Client()
        response = client.post(f"/{language}/help/follow-up/", data, REMOTE_ADDR=SENDER_ADDRESS)
        if response.status_code == 302:
            assert client.session[FOLLOW_UP_SESSION_KEY] == str(help_request.pk)
        else:
            assert_form_shown_again_with_messages(response, language)
            assert FOLLOW_UP_SESSION_KEY not in client.session


@FORM_PROPERTIES
@given(
    language=languages,
    data=hostile_form_data({"body": "Брата перевезли в другой город."}),
    file_name=st.none() | any_text,
)
def test_a_writer_message_is_stored_valid_or_comes_back_with_a_message(language, data, file_name):
    with example_undone():
        help_request = HelpRequestFactory()
        FollowUpCodeFactory(request=help_request, code=CODE)
        client = Client()
        opened = client.post(f"/{language}/help/follow-up/", {"code": CODE})
        assert opened.status_code == 302
        if file_name is not None:
            data = {**data, "files": [png(file_name or "x")]}
        response = client.post(
            f"/{language}/help/follow-up/message/", data, REMOTE_ADDR=SENDER_ADDRESS
        )
        stored = Message.objects.filter(request=help_request)
        if response.status_code == 302:
            assert stored.count() == 1
            # A message may be files only (intake.actions.add_writer_message), whatever the
            # model's blank=False on body says.
            assert_valid_rows(stored, exclude=["body"] if file_name is not None else [])
            assert stored.get().body.strip() or Attachment.objects.filter(message__in=stored)
            assert_valid_rows(Attachment.objects.all(), exclude=["file"])
        else:
            assert_form_shown_again_with_messages(response, language)
            assert not stored.exists()


def test_the_token_of_a_form_sent_twice_still_finds_the_first_request():
    """The hostile tokens above must not have made every token a new one."""
    token = str(uuid.uuid4())
    first = post_request("ru", {**VALID_REQUEST, "submission_token": token})
    again = post_request("ru", {**VALID_REQUEST, "submission_token": token})
    assert first.templates[0].name.endswith("request_sent.html")
    assert again.templates[0].name.endswith("request_sent.html")
    assert HelpRequest.objects.count() == 1
