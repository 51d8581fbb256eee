"""Showing a street address: only on an explicit POST, only to those who need it, always audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def show(client, user, shelter):
    client.force_login(user)
    return client.post(reverse("shelters:shelter-address", args=[shelter.pk]))


def views_recorded():
    return AuditEntry.objects.filter(verb="shelters.address_viewed")


def test_the_branch_coordinator_sees_the_address(client, coordinator, shelter, address):
    response = show(client, coordinator, shelter)
    assert response.status_code == 200
    assert address.street_address in response.content.decode()


def test_showing_the_address_is_audited(client, coordinator, shelter, address):
    show(client, coordinator, shelter)
    entry = views_recorded().get()
    assert (entry.actor, entry.target_id) == (coordinator, str(shelter.pk))


def test_the_address_page_is_not_cached(client, coordinator, shelter, address):
    response = show(client, coordinator, shelter)
    assert response["Cache-Control"] == "private, no-store"


def test_the_worker_of_someone_staying_there_sees_the_address(
    client, caseworker, shelter, address, stay
):
    response = show(client, caseworker, shelter)
    assert response.status_code == 200
    assert address.street_address in response.content.decode()


def test_a_caseworker_without_anyone_staying_there_is_refused(client, caseworker, shelter, address):
    response = show(client, caseworker, shelter)
    assert response.status_code == 403
    assert address.street_address not in response.content.decode()
    assert not views_recorded().exists()


def test_a_coordinator_of_another_branch_is_refused(
    client, coordinator_other_branch, shelter, address
):
    response = show(client, coordinator_other_branch, shelter)
    assert response.status_code == 403
    assert not views_recorded().exists()


def test_the_address_cannot_be_read_with_a_plain_get(client, coordinator, shelter, address):
    client.force_login(coordinator)
    response = client.get(reverse("shelters:shelter-address", args=[shelter.pk]))
    assert response.status_code == 405
    assert not views_recorded().exists()


def test_a_shelter_without_an_address_says_so(client, coordinator, shelter):
    response = show(client, coordinator, shelter)
    assert "No street address is recorded" in response.content.decode()
