"""Payloads through the public help form and the writer's follow-up messages, read back on the
public pages and on the staff queue and request page; then the staff's own request fields."""

import uuid

import pytest
from django.urls import reverse

from intake.models import HelpRequest
from intake.public_forms import HelpRequestForm, WriterMessageForm
from svoboda.tests.injection.checks import (
    check_html,
    fill,
    fill_named,
    only,
    tally,
    visit,
)

pytestmark = pytest.mark.django_db

AREA = "intake"
# The writer's thread shows what they wrote, never where or how to reach them.
THREAD_FIELDS = ("description",)
LIST_FIELDS = ("city",)
QUEUE_PAGE = 50  # intake.views.workspace.PAGE_SIZE
REQUESTS = 20


def base_request():
    return {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "writer_kind": HelpRequest.WriterKind.RELATIVE,
        "danger": HelpRequest.Danger.YES,
        "situations": [HelpRequest.Situation.FORCED_LABOUR],
        "country": "RU",
        "people_count": "3",
        "contact_channel": HelpRequest.ContactChannel.TELEGRAM,
        "write_only": "on",
    }


def test_the_help_form_sent_back_with_an_error_shows_what_was_typed_as_text(client):
    # No danger answer: the form comes back with every text field as typed, every payload in
    # each (longer than the fields allow: the page must show it anyway, escaped).
    data, expected = fill(
        f"{AREA}-form", HelpRequestForm(), base_request(), exclude=("website",), everything=True
    )
    del data["danger"]
    response = client.post("/en/help/", data)
    assert response.status_code == 200
    count = check_html(response.content.decode(), expected, where="help form with errors")
    tally(f"{AREA}-form", "help form with errors", count)


def test_help_requests_and_follow_up_messages_are_shown_as_text(client, coordinator):
    # Enough requests for every payload to pass through the long fields; the short ones take
    # what fits (all of them went through every field of the form sent back above).
    sent = []
    for _request in range(REQUESTS):
        data, expected = fill(AREA, HelpRequestForm(), base_request(), exclude=("website",))
        response = client.post("/en/help/", data)
        assert response.status_code == 200 and response.context.get("code"), "not stored"
        sent.append((response.context["code"], data["city"], expected))

    # The writer's thread, before and after a follow-up message carrying payloads.
    staff = client.__class__()
    staff.force_login(coordinator)
    for code, city, expected in sent[:3]:
        writer = client.__class__()
        assert writer.post("/en/help/follow-up/", {"code": code}).status_code == 302
        shown = only(expected, *THREAD_FIELDS)
        visit(writer, "/en/help/follow-up/", shown, area=AREA, page="writer thread")
        message, message_expected = fill(f"{AREA}-message", WriterMessageForm(), {})
        assert writer.post("/en/help/follow-up/message/", message).status_code == 302
        # The team answers (staff replies are text for the writer too).
        help_request = HelpRequest.objects.get(city=city)
        reply, reply_expected = fill_named(f"{AREA}-reply", {"body": 10_000})
        url = reverse("intake:request-reply", args=[help_request.pk])
        assert staff.post(url, reply).status_code == 302
        expected.update(message_expected | reply_expected)
        visit(
            writer,
            "/en/help/follow-up/",
            only(expected, *THREAD_FIELDS, "body"),
            area=AREA,
            page="writer thread",
        )

    # The staff side: every page of the queue, and each request's own page.
    client.force_login(coordinator)
    listed = {}
    for _code, _city, expected in sent:
        for name, ids in only(expected, *LIST_FIELDS).items():
            listed.setdefault(name, []).extend(ids)
    pages = [
        client.get(reverse("intake:request-list"), {"page": number}).content.decode()
        for number in range(1, (len(sent) + QUEUE_PAGE - 1) // QUEUE_PAGE + 1)
    ]
    tally(AREA, "staff queue", check_html("".join(pages), listed, where="staff queue"))
    by_city = {city: expected for _code, city, expected in sent}
    for help_request in HelpRequest.objects.all():
        expected = by_city[help_request.city]
        url = reverse("intake:request-detail", args=[help_request.pk])
        visit(client, url, expected, area=AREA, page="staff request page")
