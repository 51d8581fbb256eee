"""Possible matches offered before a person is recorded on a case page, within need-to-know."""

import pytest
from django.urls import reverse

from cases.models import Participant, Person
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


@pytest.fixture
def known(branch, coordinator):
    """Магомед Алиев, recorded in another case of the same branch."""
    other_case = CaseFactory(branch=branch, created_by=coordinator)
    person = PersonFactory(
        branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1990
    )
    ParticipantFactory(case=other_case, person=person, role="victim")
    return person


NEW = {
    "role": "victim",
    "given_name": "Mahomed",
    "family_name": "Aliyev",
    "gender": "Masculine",
    "birth_year": "1990",
}


def add(client, user, case, **extra):
    client.force_login(user)
    return client.post(reverse("cases:participant-add", args=[case.pk]), {**NEW, **extra})


def test_a_likely_match_is_offered_and_nothing_is_recorded_yet(client, case, coordinator, known):
    response = add(client, coordinator, case)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This person may already be recorded." in html
    assert "Магомед Алиев" in html and known.reference in html
    assert 'value="Mahomed"' in html  # the form again, with what was typed
    assert not Person.objects.filter(given_name="Mahomed").exists()
    assert not Participant.objects.filter(case=case).exists()


def test_the_offered_record_can_be_added_instead(client, case, coordinator, known):
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:participant-link", args=[case.pk]),
        {"person": str(known.pk), "role": "victim"},
    )
    assert response.status_code == 302
    assert Participant.objects.get(case=case).person == known
    assert Person.objects.count() == 1


def test_ticking_none_of_these_records_someone_new(client, case, coordinator, known):
    response = add(client, coordinator, case, none_of_these="on")
    assert response.status_code == 302
    assert Participant.objects.get(case=case).person.given_name == "Mahomed"


def test_no_match_records_the_person_at_once(client, case, coordinator, known):
    response = add(client, coordinator, case, given_name="Ruslan", family_name="Omarov")
    assert response.status_code == 302
    assert Participant.objects.get(case=case).person.family_name == "Omarov"


def test_a_namesake_born_long_before_is_not_offered(client, case, coordinator, known):
    response = add(client, coordinator, case, birth_year="1960")
    assert response.status_code == 302


def test_someone_the_user_may_not_see_is_never_offered(
    client, branch, other_branch, coordinator_other_branch
):
    """Магомед Алиев is recorded in Moscow: a coordinator in another branch recording a
    Mahomed Aliyev gets no hint that he exists."""
    theirs = CaseFactory(branch=other_branch, created_by=coordinator_other_branch)
    PersonFactory(branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1990)
    response = add(client, coordinator_other_branch, theirs)
    assert response.status_code == 302
    assert Participant.objects.get(case=theirs).person.given_name == "Mahomed"


def test_someone_already_in_the_case_is_shown_as_such_not_offered_to_add(
    client, case, coordinator, known
):
    ParticipantFactory(case=case, person=known, role="victim")
    html = add(client, coordinator, case).content.decode()
    assert "This person may already be recorded." in html
    assert "Already in this case." in html
    assert "Add this person to the case instead" not in html
