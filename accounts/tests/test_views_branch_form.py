"""The branch forms in the workspace (/workspace/branches/new/ and .../edit/)."""

import pytest
from django.urls import reverse

from accounts.models import Branch
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = reverse("team:branch-new")


def edit_url(branch):
    return reverse("team:branch-edit", args=[branch.pk])


def form_data(**fields):
    return {"name": "Bishkek", "city": "Bishkek", "country": "KG", "is_active": "on", **fields}


def test_an_administrator_adds_a_branch_and_lands_on_its_page(client, administrator):
    client.force_login(administrator)
    response = client.post(NEW, form_data(shown_publicly="on"))
    branch = Branch.objects.get(name="Bishkek")
    assert response.status_code == 302
    assert response.url == reverse("team:branch-detail", args=[branch.pk])
    assert branch.shown_publicly
    assert AuditEntry.objects.filter(verb="accounts.branch_created", actor=administrator).exists()


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "volunteer", "editor"])
def test_other_roles_get_403_on_the_new_branch_form(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert not Branch.objects.filter(name="Bishkek").exists()


def test_a_coordinator_gets_403_on_editing_their_own_branch(client, coordinator, branch):
    client.force_login(coordinator)
    assert client.get(edit_url(branch)).status_code == 403
    response = client.post(edit_url(branch), form_data(name=branch.name, shown_publicly="on"))
    assert response.status_code == 403
    branch.refresh_from_db()
    assert not branch.shown_publicly


def test_a_duplicate_name_shows_the_form_again_with_what_was_typed(client, administrator, branch):
    client.force_login(administrator)
    response = client.post(NEW, form_data(name="moscow", city="Podolsk"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "already exists" in html
    assert 'value="Podolsk"' in html
    assert Branch.objects.count() == 1


def test_a_missing_city_is_shown_on_its_field(client, administrator):
    client.force_login(administrator)
    response = client.post(NEW, form_data(city=""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"city"}
    assert 'value="Bishkek"' in response.content.decode()
    assert not Branch.objects.filter(name="Bishkek").exists()


def test_the_edit_form_shows_the_branch_as_it_is(client, administrator, other_branch):
    client.force_login(administrator)
    form = client.get(edit_url(other_branch)).context["form"]
    assert form.initial["name"] == "Harare"
    assert form.initial["country"] == "ZW"


def test_an_administrator_shows_a_branch_on_the_public_site(client, administrator, other_branch):
    client.force_login(administrator)
    response = client.post(
        edit_url(other_branch),
        form_data(name="Harare", city="Harare", country="ZW", shown_publicly="on"),
    )
    assert response.status_code == 302
    other_branch.refresh_from_db()
    assert other_branch.shown_publicly
    [entry] = AuditEntry.objects.filter(verb="accounts.branch_updated")
    assert entry.changes == {"shown_publicly": True}


def test_a_refused_rename_keeps_the_old_name_in_the_heading(
    client, administrator, branch, other_branch
):
    client.force_login(administrator)
    response = client.post(edit_url(other_branch), form_data(name="Moscow", country="ZW"))
    assert response.status_code == 200
    assert "Edit Harare" in response.content.decode()
    other_branch.refresh_from_db()
    assert other_branch.name == "Harare"


def test_links_to_add_and_edit_are_shown_to_administrators(client, administrator, branch):
    client.force_login(administrator)
    assert NEW in client.get(reverse("team:branch-list")).content.decode()
    detail = client.get(reverse("team:branch-detail", args=[branch.pk])).content.decode()
    assert edit_url(branch) in detail


def test_links_to_add_and_edit_are_not_shown_to_coordinators(client, coordinator, branch):
    client.force_login(coordinator)
    assert NEW not in client.get(reverse("team:branch-list")).content.decode()
    detail = client.get(reverse("team:branch-detail", args=[branch.pk])).content.decode()
    assert edit_url(branch) not in detail
