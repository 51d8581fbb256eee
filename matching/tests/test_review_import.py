"""Review: the spreadsheet import is no way for an administrator to learn who is recorded.

Administrators import people but do not see them (cases.queries.people_visible_to); a preview
or a result that says "line 2 may be a person already recorded", or leaves the row out, would
let them test any name, phone or document number against a branch."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Person
from matching.models import DuplicatePair

pytestmark = pytest.mark.django_db

UPLOAD = reverse("people-import:upload")
CONFIRM = reverse("people-import:confirm")
# The survivor recorded by the branch, and a trafficker's guess at her.
GUESS = b"prs_FirstName,prs_SecondName,prs_MobilePhone\nAigul,Karimova,+998 90 123 45 67\n"


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def survivor(coordinator, branch):
    return case_actions.create_person(
        actor=coordinator,
        branch=branch,
        given_name="Айгуль",
        family_name="Каримова",
        birth_year=1990,
        contacts=[{"kind": "phone", "value": "+998901234567"}],
    )


def upload(client, branch, **extra):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile("people.csv", GUESS), "branch": branch.pk, **extra}
    )


def page_without_ticket(response):
    page = re.sub(r'name="ticket" value="[^"]+"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_the_preview_reads_the_same_whether_or_not_the_person_is_recorded(
    client, administrator, branch, coordinator
):
    client.force_login(administrator)
    before = page_without_ticket(upload(client, branch))
    survivor = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Айгуль", family_name="Каримова"
    )
    after = page_without_ticket(upload(client, branch))
    assert survivor.reference not in after
    assert "already recorded" not in after
    assert after == before


def test_an_unseen_match_is_recorded_and_left_to_a_coordinator(
    client, administrator, branch, coordinator, survivor
):
    client.force_login(administrator)
    response = upload(client, branch)
    ticket = re.search(r'name="ticket" value="([^"]+)"', response.content.decode()).group(1)
    result = client.post(CONFIRM, {"ticket": ticket, "import": ""}).content.decode()
    assert survivor.reference not in result
    assert "1 person recorded in Moscow" in result
    assert "0 possible duplicates were left out; 0 pairs" in result
    summary = AuditEntry.objects.get(verb="matching.people_imported").changes
    assert summary["duplicates_left_out"] == 0 and summary["pairs_opened"] == 0
    imported = Person.objects.get(given_name="Aigul")
    # The coordinator, who sees both records, finds the pair on the review list.
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {imported.pk, survivor.pk}
    client.force_login(coordinator)
    review = client.get(reverse("duplicates:pair-list")).content.decode()
    assert survivor.reference in review and imported.reference in review


def test_someone_who_sees_the_branch_people_is_still_told(client, branch, survivor):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    both = UserFactory(
        email="admin.coordinator@example.org",
        roles=[Role.ADMINISTRATOR, Role.COORDINATOR],
        branches=[branch],
    )
    client.force_login(both)
    page = upload(client, branch).content.decode()
    assert f"reference {survivor.reference}" in page
    assert "left out: possible duplicate" in page
