"""The debrief page that completes an operation: existing and new people, all or nothing."""

import pytest
from django.urls import reverse

from assistance.models import AssistancePlan
from cases.models import Case, Participant, Person
from operations import queries
from operations.models import Debrief, Operation

pytestmark = pytest.mark.django_db


def url(operation):
    return reverse("operations:operation-complete", args=[operation.pk])


def data(participants=(), new=(), **overrides):
    values = {
        "outcome": "all_out",
        "summary": "Both left with the team.",
        "incidents": "",
        "media_links": "",
        "rescued": [str(p.pk) for p in participants],
        "new-TOTAL_FORMS": "3",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "20",
    }
    for index, person in enumerate(new):
        for name, value in person.items():
            values[f"new-{index}-{name}"] = value
    values.update(overrides)
    return values


def test_the_page_offers_the_survivors_of_the_operations_cases(
    client, running_operation, coordinator
):
    client.force_login(coordinator)
    html = client.get(url(running_operation)).content.decode()
    assert "Ivan Kuznetsov" in html and "Oleg Petrov" in html


def test_completing_with_one_existing_and_one_new_person(
    client, running_operation, coordinator, case
):
    before = queries.rescued_people().count()
    ivan = Participant.objects.get(case=case, person__given_name="Ivan")
    client.force_login(coordinator)
    response = client.post(
        url(running_operation),
        data([ivan], new=[{"case": str(case.pk), "given_name": "Timur", "gender": "Masculine"}]),
    )
    assert response.status_code == 302
    running_operation.refresh_from_db()
    case.refresh_from_db()
    assert running_operation.status == Operation.Status.COMPLETED
    assert case.status == Case.Status.EXITED
    assert AssistancePlan.objects.filter(person__given_name__in=["Ivan", "Timur"]).count() == 2
    assert queries.rescued_people().count() == before + 2


def test_empty_new_person_rows_are_ignored(client, running_operation, coordinator, case):
    client.force_login(coordinator)
    client.post(url(running_operation), data(Participant.objects.filter(case=case)))
    assert Debrief.objects.get().rescued.count() == 2


def test_a_new_person_without_a_name_is_refused_and_nothing_is_stored(
    client, running_operation, coordinator, case
):
    client.force_login(coordinator)
    response = client.post(
        url(running_operation),
        data(new=[{"case": str(case.pk), "birth_year": "1990"}], summary="We got them out."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give at least a given name or a family name." in html
    assert "We got them out." in html
    assert not Debrief.objects.exists()


def test_a_contradicting_outcome_is_refused_with_a_message(
    client, running_operation, coordinator, case
):
    client.force_login(coordinator)
    response = client.post(
        url(running_operation),
        data(
            new=[{"case": str(case.pk), "given_name": "Timur"}],
            outcome="nobody_out",
        ),
    )
    assert response.status_code == 200
    assert "nobody left exploitation" in response.content.decode()
    assert not Person.objects.filter(given_name="Timur").exists()
    running_operation.refresh_from_db()
    assert running_operation.status == Operation.Status.IN_PROGRESS


def test_completion_without_a_debrief_is_refused(client, running_operation, coordinator, case):
    client.force_login(coordinator)
    response = client.post(url(running_operation), data(summary=""))
    assert response.status_code == 200
    assert not Debrief.objects.exists()


def test_a_link_that_is_not_a_web_address_is_refused(client, running_operation, coordinator, case):
    client.force_login(coordinator)
    response = client.post(
        url(running_operation),
        data(Participant.objects.filter(case=case), media_links="javascript:alert(1)"),
    )
    assert "is not a web address" in response.content.decode()
    assert not Debrief.objects.exists()


def test_a_survivor_id_from_elsewhere_is_refused(
    client, running_operation, coordinator, other_case
):
    stranger = Participant.objects.get(case=other_case)
    client.force_login(coordinator)
    response = client.post(url(running_operation), data([stranger]))
    assert response.status_code == 200
    assert not Debrief.objects.exists()


def test_an_operation_not_in_progress_is_sent_back_to_its_page(client, operation, coordinator):
    client.force_login(coordinator)
    response = client.get(url(operation))
    assert response.status_code == 302
    assert response["Location"] == operation.get_absolute_url()


def test_a_new_person_who_may_be_recorded_already_is_asked_about_first(
    client, running_operation, coordinator, case
):
    """Ivan Kuznetsov is in the case: "Iwan Kusnezow" typed as new is offered as him first."""
    client.force_login(coordinator)
    new = [{"case": str(case.pk), "given_name": "Iwan", "family_name": "Kusnezow"}]
    response = client.post(url(running_operation), data(new=new))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This person may already be recorded." in html and "Ivan Kuznetsov" in html
    assert not Person.objects.filter(given_name="Iwan").exists()
    running_operation.refresh_from_db()
    assert running_operation.status == Operation.Status.IN_PROGRESS

    new[0]["none_of_these"] = "on"
    response = client.post(url(running_operation), data(new=new))
    assert response.status_code == 302
    assert Person.objects.filter(given_name="Iwan", family_name="Kusnezow").exists()
