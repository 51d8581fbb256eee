"""Recording and correcting a shelter: saved through the actions, refused input shown again with
messages and nothing half-stored."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from shelters.models import Shelter, ShelterAddress
from shelters.tests.conftest import STREET

pytestmark = pytest.mark.django_db

NEW = reverse("shelters:shelter-new")


def edit_url(shelter):
    return reverse("shelters:shelter-edit", args=[shelter.pk])


def form_data(branch, **changes):
    data = {
        "name": "Дом надежды",
        "operator": "",
        "branch": str(branch.pk),
        "city": "Тула",
        "country": "RU",
        "takes": ["women", "families"],
        "capacity": "5",
        "contact": "+7 487 000-00-00",
        "street_address": "ул. Садовая, 3",
    }
    data.update(changes)
    return data


def post_new(client, user, data):
    client.force_login(user)
    return client.post(NEW, data)


def test_a_coordinator_records_a_shelter(client, coordinator, branch):
    response = post_new(client, coordinator, form_data(branch))
    shelter = Shelter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == shelter.get_absolute_url()
    assert ShelterAddress.objects.get(shelter=shelter).street_address == "ул. Садовая, 3"


def test_recording_a_shelter_is_audited(client, coordinator, branch):
    post_new(client, coordinator, form_data(branch))
    assert AuditEntry.objects.filter(verb="shelters.shelter_created", actor=coordinator).exists()


def test_the_branch_choice_holds_only_the_coordinators_branches(
    client, coordinator, branch, other_branch
):
    response = post_new(client, coordinator, form_data(other_branch))
    assert response.status_code == 200
    assert response.context["form"].errors["branch"]
    assert not Shelter.objects.exists()


def test_a_negative_capacity_is_shown_again_with_a_message(client, coordinator, branch):
    response = post_new(client, coordinator, form_data(branch, capacity="-1"))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    assert 'value="Дом надежды"' in response.content.decode()
    assert not Shelter.objects.exists()
    assert not ShelterAddress.objects.exists()


def test_a_capacity_that_is_not_a_number_is_refused(client, coordinator, branch):
    response = post_new(client, coordinator, form_data(branch, capacity="many"))
    assert response.context["form"].errors["capacity"]
    assert not Shelter.objects.exists()


def test_a_shelter_must_say_whom_it_takes(client, coordinator, branch):
    response = post_new(client, coordinator, form_data(branch, takes=[]))
    assert response.context["form"].errors["takes"]
    assert not Shelter.objects.exists()


def test_an_unknown_group_of_people_is_refused(client, coordinator, branch):
    response = post_new(client, coordinator, form_data(branch, takes=["pets"]))
    assert response.context["form"].errors["takes"]
    assert not Shelter.objects.exists()


@pytest.mark.parametrize("field", ["name", "city", "contact", "street_address"])
def test_100_kb_of_text_is_refused_and_nothing_is_stored(client, coordinator, branch, field):
    response = post_new(client, coordinator, form_data(branch, **{field: "я" * 100_000}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Shelter.objects.exists()
    assert not ShelterAddress.objects.exists()
    assert not AuditEntry.objects.exists()


def test_html_in_the_name_is_stored_as_typed_and_shown_as_text(client, coordinator, branch):
    post_new(client, coordinator, form_data(branch, name="<b onmouseover=alert(1)>Дом</b>"))
    shelter = Shelter.objects.get()
    page = client.get(shelter.get_absolute_url()).content.decode()
    assert shelter.name == "<b onmouseover=alert(1)>Дом</b>"
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=alert(1)&gt;Дом&lt;/b&gt;" in page


def test_the_edit_form_shows_the_shelter_without_its_address(client, coordinator, shelter, address):
    client.force_login(coordinator)
    page = client.get(edit_url(shelter)).content.decode()
    assert 'value="Дом надежды"' in page
    assert STREET not in page


def test_opening_the_edit_form_does_not_count_as_reading_the_address(
    client, coordinator, shelter, address
):
    client.force_login(coordinator)
    client.get(edit_url(shelter))
    assert not AuditEntry.objects.filter(verb="shelters.address_viewed").exists()


def test_a_coordinator_corrects_the_shelter(client, coordinator, branch, shelter, address):
    client.force_login(coordinator)
    response = client.post(edit_url(shelter), form_data(branch, capacity="9", street_address=""))
    assert response.status_code == 302
    assert Shelter.objects.get(pk=shelter.pk).capacity == 9
    assert ShelterAddress.objects.get(shelter=shelter).street_address == STREET


def test_a_refused_edit_keeps_the_stored_shelter(client, coordinator, branch, shelter):
    client.force_login(coordinator)
    response = client.post(edit_url(shelter), form_data(branch, name="Новое", capacity="-3"))
    assert response.status_code == 200
    assert 'value="Новое"' in response.content.decode()
    stored = Shelter.objects.get(pk=shelter.pk)
    assert (stored.name, stored.capacity) == ("Дом надежды", 3)
    assert not AuditEntry.objects.filter(verb="shelters.shelter_updated").exists()


def test_a_coordinator_of_another_branch_may_not_edit(
    client, coordinator_other_branch, branch, shelter
):
    client.force_login(coordinator_other_branch)
    response = client.post(edit_url(shelter), form_data(branch, capacity="9"))
    assert response.status_code == 403
    assert Shelter.objects.get(pk=shelter.pk).capacity == 3
