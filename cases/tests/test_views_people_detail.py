"""One person's page (/workspace/people/<id>/)."""

import uuid

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from cases import actions
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moscow_case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator, title="Кирпичный завод")
    AssignmentFactory(case=case, user=caseworker)
    return case


@pytest.fixture
def person(caseworker, moscow_case):
    person = actions.add_new_person_to_case(
        actor=caseworker,
        case=moscow_case,
        role="victim",
        given_name="Магомед",
        family_name="Алиев",
        aliases=["Aliev"],
        birth_year=1987,
        citizenship=["RU"],
        languages="аварский, русский",
        description="\n".join(["Высокий.", "Шрам на руке."]),
    )
    actions.add_contact(
        actor=caseworker, person=person, kind="phone", value="+7 900 111-22-33", is_safe=True
    )
    actions.add_contact(actor=caseworker, person=person, kind="messenger", value="@boss_phone")
    actions.add_document(actor=caseworker, person=person, kind="passport", is_withheld=True)
    return person


def url(person):
    return reverse("people:person-detail", args=[person.pk])


def test_a_caseworker_on_the_case_reads_the_record(client, caseworker, person, moscow_case):
    client.force_login(caseworker)
    response = client.get(url(person))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Магомед Алиев" in page
    assert "Aliev" in page
    assert "1987" in page
    assert "аварский, русский" in page
    assert "Высокий.<br>Шрам на руке." in page
    assert reverse("cases:case-detail", args=[moscow_case.pk]) in page
    assert "Victim or survivor" in page


def test_the_page_marks_which_contacts_are_safe(client, caseworker, person):
    client.force_login(caseworker)
    page = client.get(url(person)).content.decode()
    assert "+7 900 111-22-33" in page
    assert "Not known to be safe" in page


def test_the_page_marks_documents_held_by_someone_else(client, caseworker, person):
    client.force_login(caseworker)
    assert "Held by someone else" in client.get(url(person)).content.decode()


def test_each_view_writes_exactly_one_audit_entry(client, caseworker, person):
    client.force_login(caseworker)
    client.get(url(person))
    client.get(url(person))
    viewed = AuditEntry.objects.filter(verb="cases.person_viewed", target_id=str(person.pk))
    assert viewed.count() == 2
    assert {entry.actor for entry in viewed} == {caseworker}


def test_the_coordinator_of_the_branch_reads_the_record(client, coordinator, person):
    client.force_login(coordinator)
    assert client.get(url(person)).status_code == 200


def test_a_coordinator_of_another_branch_gets_404(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    assert client.get(url(person)).status_code == 404


def test_a_caseworker_not_on_the_case_gets_404(client, branch, person):
    client.force_login(UserFactory(roles=[Role.CASEWORKER], branches=[branch]))
    assert client.get(url(person)).status_code == 404


def test_a_refused_view_is_not_recorded_as_a_view(client, coordinator_other_branch, person):
    client.force_login(coordinator_other_branch)
    client.get(url(person))
    assert not AuditEntry.objects.filter(verb="cases.person_viewed").exists()


def test_an_unknown_person_is_404(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("people:person-detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_a_volunteer_on_the_case_may_not_see_people(client, volunteer, moscow_case, person):
    AssignmentFactory(case=moscow_case, user=volunteer)
    client.force_login(volunteer)
    assert client.get(url(person)).status_code == 403


def test_cases_the_user_cannot_see_are_not_listed(
    client, caseworker, person, other_branch, coordinator_other_branch
):
    harare_case = CaseFactory(
        branch=other_branch, created_by=coordinator_other_branch, title="Secret farm"
    )
    # Made directly: no action may link a person to a case whose team cannot see them.
    ParticipantFactory(case=harare_case, person=person, role="witness")
    client.force_login(caseworker)
    page = client.get(url(person)).content.decode()
    assert "Secret farm" not in page
    assert str(harare_case.reference) not in page


def test_html_in_the_record_is_shown_as_text(client, caseworker, moscow_case):
    person = actions.add_new_person_to_case(
        actor=caseworker,
        case=moscow_case,
        role="victim",
        given_name='<img src=x onerror="alert(1)">',
        family_name="<script>alert(2)</script>",
        description="<b>x</b>",
    )
    actions.add_contact(actor=caseworker, person=person, kind="other", value="<i>y</i>")
    client.force_login(caseworker)
    page = client.get(url(person)).content.decode()
    assert "<script>alert(2)</script>" not in page
    assert "<img src=x" not in page
    assert "<b>x</b>" not in page
    assert "<i>y</i>" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_the_two_add_forms_do_not_share_field_ids(client, caseworker, person):
    client.force_login(caseworker)
    page = client.get(url(person)).content.decode()
    assert page.count('id="contact_kind"') == 1
    assert page.count('id="document_kind"') == 1
