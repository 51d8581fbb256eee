"""Correcting a person's record: the edit form, adding contacts and documents."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases import actions
from cases.models import Contact, IdentityDocument, Person
from cases.tests.factories import AssignmentFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return actions.add_new_person_to_case(
        actor=caseworker,
        case=case,
        role="victim",
        given_name="Магомед",
        family_name="Алиев",
        aliases=["Aliev"],
        birth_year=1987,
    )


def edit_url(person):
    return reverse("people:person-edit", args=[person.pk])


def valid_data(**changes):
    data = {
        "given_name": "Магомед",
        "patronymic": "Расулович",
        "family_name": "Алиев",
        "aliases": "\n".join(["Aliev", "Магомедик"]),
        "gender": "Masculine",
        "birth_year": "1987",
        "age_estimate": "",
        "citizenship": ["RU", "AZ"],
        "languages": "аварский",
        "description": "Работал на кирпичном заводе.",
    }
    data.update(changes)
    return data


def stored(person):
    return Person.objects.get(pk=person.pk)


def test_the_edit_form_shows_the_record(client, caseworker, person):
    client.force_login(caseworker)
    response = client.get(edit_url(person))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Алиев"' in page
    assert "Aliev</textarea>" in page


def test_opening_the_edit_form_is_recorded_as_one_view(client, caseworker, person):
    client.force_login(caseworker)
    client.get(edit_url(person))
    assert AuditEntry.objects.filter(verb="cases.person_viewed").count() == 1


def test_saving_changes_the_record_and_returns_to_it(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(edit_url(person), valid_data())
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    person = stored(person)
    assert person.patronymic == "Расулович"
    assert {country.code for country in person.citizenship} == {"RU", "AZ"}
    assert sorted(person.aliases.values_list("name", flat=True)) == ["Aliev", "Магомедик"]


def test_saving_records_changed_fields_without_their_values(client, caseworker, person):
    client.force_login(caseworker)
    client.post(edit_url(person), valid_data())
    entry = AuditEntry.objects.get(verb="cases.person_updated")
    assert "patronymic" in entry.changes
    assert entry.changes["patronymic"] is None
    assert "Расулович" not in str(entry.changes)


def test_saving_is_not_recorded_as_a_view(client, caseworker, person):
    client.force_login(caseworker)
    client.post(edit_url(person), valid_data())
    assert not AuditEntry.objects.filter(verb="cases.person_viewed").exists()


def test_a_record_without_any_name_is_refused_and_the_input_kept(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(
        edit_url(person), valid_data(given_name="", family_name="", patronymic="Расулович")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Расулович"' in response.content.decode()
    assert stored(person).patronymic == ""


def test_a_birth_year_in_the_future_is_refused(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(edit_url(person), valid_data(birth_year="3000"))
    assert response.status_code == 200
    assert "birth_year" in response.context["form"].errors
    assert 'value="3000"' in response.content.decode()
    assert stored(person).birth_year == 1987


def test_a_huge_description_is_refused(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(edit_url(person), valid_data(description="x" * 100_000))
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert stored(person).description == ""
    assert not AuditEntry.objects.filter(verb="cases.person_updated").exists()


def test_a_nonsense_gender_or_country_is_refused(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(edit_url(person), valid_data(gender="robot", citizenship=["XX"]))
    assert set(response.context["form"].errors) == {"gender", "citizenship"}


def test_too_long_an_alias_is_refused(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(edit_url(person), valid_data(aliases="x" * 301))
    assert "aliases" in response.context["form"].errors
    assert list(stored(person).aliases.values_list("name", flat=True)) == ["Aliev"]


def test_html_in_the_refused_input_is_shown_as_text(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(
        edit_url(person), valid_data(family_name="<script>x</script>", birth_year="3000")
    )
    page = response.content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_someone_out_of_scope_cannot_open_the_form(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    assert client.get(edit_url(person)).status_code == 404


def test_someone_out_of_scope_cannot_save(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    response = client.post(edit_url(person), valid_data(patronymic="Z"))
    assert response.status_code == 404
    assert stored(person).patronymic == ""


def test_a_volunteer_cannot_save(client, volunteer, person):
    client.force_login(volunteer)
    assert client.post(edit_url(person), valid_data()).status_code == 403


# Contacts.


def contact_url(person):
    return reverse("people:contact-add", args=[person.pk])


def test_adding_a_contact_stores_it_and_returns_to_the_record(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(
        contact_url(person), {"kind": "phone", "value": "+7 900 000-00-01", "is_safe": "on"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(person=person)
    assert (contact.value, contact.is_safe) == ("+7 900 000-00-01", True)
    assert AuditEntry.objects.get(verb="cases.person_updated").changes == {"contacts": None}


def test_a_contact_without_a_value_is_refused_and_the_input_kept(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(contact_url(person), {"kind": "phone", "value": "", "note": "вечером"})
    assert response.status_code == 200
    assert "value" in response.context["form"].errors
    assert 'value="вечером"' in response.content.decode()
    assert not Contact.objects.exists()


def test_someone_out_of_scope_cannot_add_a_contact(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    response = client.post(contact_url(person), {"kind": "phone", "value": "1"})
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_contacts_are_added_by_post_only(client, caseworker, person):
    client.force_login(caseworker)
    assert client.get(contact_url(person)).status_code == 405


# Identity documents.


def document_url(person):
    return reverse("people:document-add", args=[person.pk])


def test_adding_a_document_stores_it(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(
        document_url(person),
        {
            "kind": "passport",
            "number": "4509 123456",
            "issuing_country": "RU",
            "expires_on": "2030-05-01",
            "is_withheld": "on",
        },
    )
    assert response.status_code == 302
    document = IdentityDocument.objects.get(person=person)
    assert (document.number, document.is_withheld) == ("4509 123456", True)
    assert AuditEntry.objects.get(verb="cases.person_updated").changes == {"documents": None}


def test_a_document_with_a_bad_date_is_refused_and_the_input_kept(client, caseworker, person):
    client.force_login(caseworker)
    response = client.post(
        document_url(person), {"kind": "passport", "number": "4509", "expires_on": "soon"}
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert 'value="4509"' in response.content.decode()
    assert not IdentityDocument.objects.exists()


def test_someone_out_of_scope_cannot_add_a_document(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    response = client.post(document_url(person), {"kind": "passport"})
    assert response.status_code == 404
    assert not IdentityDocument.objects.exists()


def test_adding_a_contact_is_not_recorded_as_a_view(client, caseworker, person):
    client.force_login(caseworker)
    client.post(contact_url(person), {"kind": "phone", "value": "1"})
    assert not AuditEntry.objects.filter(verb="cases.person_viewed").exists()
