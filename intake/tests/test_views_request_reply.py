"""Replying to the writer of a web request from the request page."""

import pytest
from django.urls import reverse

from intake import actions
from intake.models import HelpRequest, Message
from intake.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def url(help_request):
    return reverse("intake:request-reply", args=[help_request.pk])


def test_coordinator_replies_and_the_reply_joins_the_thread(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"body": "Мы прочитали ваше сообщение."})
    assert response.status_code == 302
    assert response.url == help_request.get_absolute_url()
    message = Message.objects.get()
    assert (message.direction, message.author, message.body) == (
        Message.Direction.TO_WRITER,
        coordinator,
        "Мы прочитали ваше сообщение.",
    )


def test_an_empty_reply_is_explained_and_nothing_is_sent(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    response = client.post(url(help_request), {"body": "   "})
    assert response.status_code == 200
    assert response.context["forms"]["reply"].errors["body"]
    assert not Message.objects.exists()


def test_a_reply_to_a_phone_request_is_explained_and_nothing_is_sent(client, coordinator):
    help_request = HelpRequestFactory(channel=HelpRequest.Channel.PHONE)
    client.force_login(coordinator)
    response = client.post(url(help_request), {"body": "Hello"})
    assert response.status_code == 200
    assert "has no follow-up code" in response.content.decode()
    assert not Message.objects.exists()


def test_the_assignee_replies_once_the_request_is_their_case(
    client, coordinator, caseworker, branch
):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    client.force_login(caseworker)
    response = client.post(url(help_request), {"body": "Мы работаем."})
    assert response.status_code == 302
    assert Message.objects.get().author == caseworker


def test_caseworker_may_not_reply_before_the_request_is_a_case(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    assert client.post(url(help_request), {"body": "Hello"}).status_code == 403
    assert not Message.objects.exists()


def test_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    assert client.post(url(help_request), {"body": "Hello"}).status_code == 404
