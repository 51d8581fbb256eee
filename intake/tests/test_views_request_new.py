"""Staff record a request that came by phone, messenger, email or in person."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from intake.models import HelpRequest

URL = reverse("intake:request-new")

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "channel": "phone",
        "language": "ru",
        "writer_kind": "relative",
        "situations": ["forced_labour"],
        "danger": "yes",
        "country": "RU",
        "city": "Махачкала",
        "description": "Позвонила сестра." + "\n" + "Брат на стройке.",
        "contact_channel": "phone",
        "contact_handle": "+7 900 000-00-00",
    }
    values.update(overrides)
    return values


def test_coordinator_opens_the_form(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200


def test_a_recorded_request_lands_on_its_page(client, coordinator, branch):
    client.force_login(coordinator)
    response = client.post(URL, data(branch=branch.pk))
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response.url == help_request.get_absolute_url()
    assert (help_request.channel, help_request.branch, help_request.recorded_by) == (
        "phone",
        branch,
        coordinator,
    )


def test_the_urgency_is_suggested_from_danger_when_left_open(client, caseworker):
    client.force_login(caseworker)
    client.post(URL, data(urgency=""))
    assert HelpRequest.objects.get().urgency == HelpRequest.Urgency.IMMEDIATE_DANGER


def test_recording_is_audited(client, caseworker):
    client.force_login(caseworker)
    client.post(URL, data(channel="in_person"))
    assert AuditEntry.objects.get(verb="intake.request_recorded").changes == {
        "channel": "in_person"
    }


def test_the_website_is_not_a_channel_staff_can_choose(client, coordinator):
    client.force_login(coordinator)
    response = client.post(URL, data(channel="web"))
    assert response.status_code == 200
    assert response.context["form"].errors["channel"]
    assert not HelpRequest.objects.exists()


def test_missing_answers_are_explained_and_what_was_entered_is_kept(client, coordinator):
    client.force_login(coordinator)
    response = client.post(URL, data(channel="", description=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"channel", "description"}
    assert "Махачкала" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_branch_not_theirs_is_not_a_valid_choice(client, coordinator, other_branch):
    client.force_login(coordinator)
    response = client.post(URL, data(branch=other_branch.pk))
    assert response.context["form"].errors["branch"]
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("persona", ["volunteer", "editor", "no role"])
def test_roles_that_do_not_record_requests_get_403(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, data()).status_code == 403
    assert not HelpRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
