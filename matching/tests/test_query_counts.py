"""The pages of issue 10 read a fixed number of queries however many people they show (N+1
guards, not timings)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory
from matching.models import DuplicatePair

pytestmark = pytest.mark.django_db


def add_namesakes(branch, coordinator, count):
    case = CaseFactory(branch=branch, created_by=coordinator)
    people = []
    for number in range(count):
        person = PersonFactory(
            branch=branch, given_name="Магомед", family_name="Алиев", birth_year=1980 + number
        )
        person.aliases.create(name=f"Magomed Aliev {number}")
        ParticipantFactory(case=case, person=person, role="victim")
        people.append(person)
    return people


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_workspace_search_does_not_grow_with_people_found(client, branch, coordinator):
    client.force_login(coordinator)
    url = reverse("workspace:search")
    add_namesakes(branch, coordinator, 2)
    few, _response = queries_for(client, url, {"q": "Magomed Aliev"})
    add_namesakes(branch, coordinator, 8)
    many, response = queries_for(client, url, {"q": "Magomed Aliev"})
    assert len(response.context["results"].people) == 10
    assert many == few


def test_the_duplicate_list_does_not_grow_with_pairs(client, branch, coordinator):
    client.force_login(coordinator)
    url = reverse("duplicates:pair-list")

    def pair_up(people):
        for first, second in zip(people[::2], people[1::2], strict=True):
            a, b = sorted([first, second], key=lambda p: str(p.pk))
            DuplicatePair.objects.create(first=a, second=b, score=0.9, reasons=["name"])

    pair_up(add_namesakes(branch, coordinator, 2))
    few, _response = queries_for(client, url)
    pair_up(add_namesakes(branch, coordinator, 10))
    many, response = queries_for(client, url)
    assert len(response.context["page"].object_list) == 6
    assert many == few
