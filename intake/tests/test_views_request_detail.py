"""The request page: who may open it, what it shows, and what opening it records."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.tests.factories import CaseFactory
from intake import actions
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory, MessageFactory
from intake.tests.test_views_request_attachment import attachment_of

pytestmark = pytest.mark.django_db


def url(help_request):
    return reverse("intake:request-detail", args=[help_request.pk])


def viewed(help_request):
    return AuditEntry.objects.filter(verb="intake.request_viewed", target_id=str(help_request.pk))


# Who may open it


def test_coordinator_opens_a_request_of_their_branch(client, coordinator, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator)
    assert client.get(url(help_request)).status_code == 200


def test_coordinator_of_another_branch_gets_404_for_a_moscow_request(
    client, coordinator_other_branch, branch
):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    assert client.get(url(help_request)).status_code == 404


def test_coordinator_of_another_branch_opens_an_unrouted_request(client, coordinator_other_branch):
    help_request = HelpRequestFactory()
    client.force_login(coordinator_other_branch)
    assert client.get(url(help_request)).status_code == 200


def test_caseworker_opens_a_request_assigned_to_them(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    assert client.get(url(help_request)).status_code == 200


def test_caseworker_gets_404_for_a_request_not_assigned_to_them(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(caseworker)
    assert client.get(url(help_request)).status_code == 404


@pytest.mark.parametrize("persona", ["volunteer", "editor"])
def test_roles_without_requests_get_404(client, personas, persona):
    help_request = HelpRequestFactory()
    client.force_login(personas[persona])
    assert client.get(url(help_request)).status_code == 404


def test_a_user_without_a_role_gets_403(client, user_without_role):
    client.force_login(user_without_role)
    assert client.get(url(HelpRequestFactory())).status_code == 403


def test_a_refused_look_records_nothing(client, coordinator_other_branch, branch):
    help_request = HelpRequestFactory(branch=branch)
    client.force_login(coordinator_other_branch)
    client.get(url(help_request))
    assert not viewed(help_request).exists()
    assert HelpRequest.objects.get(pk=help_request.pk).read_at is None


# What opening it records


def test_opening_a_request_writes_exactly_one_viewed_entry(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    client.get(url(help_request))
    assert viewed(help_request).count() == 1


def test_opening_a_new_request_sets_read_at_and_moves_it_into_triage(client, coordinator):
    help_request = HelpRequestFactory()
    client.force_login(coordinator)
    client.get(url(help_request))
    help_request.refresh_from_db()
    assert help_request.read_at is not None
    assert help_request.status == HelpRequest.Status.IN_TRIAGE


# What it shows


def test_the_writers_text_is_escaped_and_keeps_its_line_breaks(client, coordinator):
    help_request = HelpRequestFactory(
        description="<script>alert('x')</script>\nSecond line <b>bold</b>",
        city="<img src=x onerror=alert(1)>",
    )
    client.force_login(coordinator)
    page = client.get(url(help_request)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Second line &lt;b&gt;" in page
    assert "<img src=x" not in page


def test_the_page_shows_everything_the_writer_sent(client, coordinator):
    help_request = HelpRequestFactory(
        place="Кирпичный завод возле трассы",
        since_when="прошлой весной",
        people_count=7,
        safe_times="после 21:00",
        danger=HelpRequest.Danger.YES,
    )
    client.force_login(coordinator)
    page = client.get(url(help_request)).content.decode()
    for text in [
        "Кирпичный завод возле трассы",
        "прошлой весной",
        "7",
        "после 21:00",
        "@example_handle",
        "Telegram",
        "Forced labour",
        "Yes, someone is in danger right now",
        "Брата держат на кирпичном заводе",
    ]:
        assert text in page


def test_the_thread_shows_messages_in_both_directions(client, coordinator):
    help_request = HelpRequestFactory()
    MessageFactory(request=help_request, body="Новости от автора")
    actions.reply_to_writer(actor=coordinator, request=help_request, body="Ответ организации")
    client.force_login(coordinator)
    page = client.get(url(help_request)).content.decode()
    assert "Новости от автора" in page
    assert "Ответ организации" in page


def test_attachments_are_download_links(client, coordinator):
    help_request = HelpRequestFactory()
    attachment = attachment_of(help_request)
    client.force_login(coordinator)
    page = client.get(url(help_request)).content.decode()
    assert reverse("intake:attachment-download", args=[attachment.pk]) in page


# What the user may do there


def test_coordinator_gets_every_decision_form_for_an_open_request(client, coordinator):
    client.force_login(coordinator)
    response = client.get(url(HelpRequestFactory()))
    assert response.context["can"] == {
        "triage": True,
        "accept": True,
        "link": True,
        "close": True,
        "reply": True,
    }


def test_caseworker_gets_no_decision_form(client, caseworker, branch):
    help_request = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(caseworker)
    response = client.get(url(help_request))
    assert not any(response.context["can"].values())
    assert reverse("intake:request-triage", args=[help_request.pk]) not in (
        response.content.decode()
    )


def test_a_phone_request_has_no_reply_form(client, coordinator):
    help_request = HelpRequestFactory(channel=HelpRequest.Channel.PHONE)
    client.force_login(coordinator)
    response = client.get(url(help_request))
    assert response.context["can"]["reply"] is False
    assert "forms" in response.context and "reply" not in response.context["forms"]


def test_a_closed_request_offers_no_decision_and_no_reply(client, coordinator):
    help_request = HelpRequestFactory()
    actions.close_request(actor=coordinator, request=help_request, reason="spam")
    client.force_login(coordinator)
    response = client.get(url(help_request))
    assert not any(response.context["can"].values())


def test_an_accepted_request_links_to_its_case_and_still_takes_replies(client, coordinator, branch):
    help_request = HelpRequestFactory()
    case = actions.accept_request_into_new_case(
        actor=coordinator, request=help_request, title="Kiln", branch=branch
    )
    client.force_login(coordinator)
    response = client.get(url(help_request))
    assert reverse("cases:case-detail", args=[case.pk]) in response.content.decode()
    assert response.context["can"]["reply"] is True
    assert response.context["can"]["accept"] is False


def test_the_existing_case_choice_lists_only_open_cases_the_user_works(
    client, coordinator, branch, other_branch
):
    ours = CaseFactory(branch=branch)
    CaseFactory(branch=other_branch)
    closed = CaseFactory(branch=branch)
    closed.status, closed.outcome = "closed", "exited"
    closed.closed_at = closed.created_at
    closed.save()
    client.force_login(coordinator)
    response = client.get(url(HelpRequestFactory()))
    offered = [value for value, _label in response.context["forms"]["link"].fields["case"].choices]
    assert offered == ["", str(ours.pk)]
