"""The shelter list: filters, pagination, occupancy as numbers, a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shelters.tests.factories import PlacementFactory, ShelterFactory

pytestmark = pytest.mark.django_db

URL = reverse("shelters:shelter-list")


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_a_caseworker_sees_every_shelter(client, caseworker, branch, other_branch):
    ours = ShelterFactory(branch=branch, name="A")
    theirs = ShelterFactory(branch=other_branch, name="B")
    assert listed(client, caseworker) == [ours, theirs]


def test_each_row_shows_the_occupancy_today(client, caseworker, shelter, stay):
    [row] = listed(client, caseworker)
    assert (row.occupancy, row.free_places) == (1, 2)


def test_filter_by_city(client, caseworker, branch):
    tula = ShelterFactory(branch=branch, city="Тула")
    ShelterFactory(branch=branch, city="Казань")
    assert listed(client, caseworker, city="Тула") == [tula]


def test_filter_by_country(client, caseworker, branch):
    zimbabwe = ShelterFactory(branch=branch, country="ZW")
    ShelterFactory(branch=branch, country="RU")
    assert listed(client, caseworker, country="ZW") == [zimbabwe]


def test_filter_by_who_they_take(client, caseworker, branch):
    men = ShelterFactory(branch=branch, takes=["men"])
    ShelterFactory(branch=branch, takes=["women", "children"])
    assert listed(client, caseworker, takes="men") == [men]


def test_filter_by_free_places(client, caseworker, branch):
    free = ShelterFactory(branch=branch, capacity=2)
    full = ShelterFactory(branch=branch, capacity=1)
    PlacementFactory(shelter=full, start_on=timezone.localdate())
    assert listed(client, caseworker, free="on") == [free]


def test_an_unknown_filter_value_shows_the_whole_list_with_a_message(client, caseworker, shelter):
    client.force_login(caseworker)
    response = client.get(URL, {"country": "XX"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [shelter]
    assert response.context["form"].errors["country"]


def test_the_list_is_paginated(client, caseworker, branch):
    ShelterFactory.create_batch(26, branch=branch)
    assert len(listed(client, caseworker)) == 25
    assert len(listed(client, caseworker, page=2)) == 1


def test_the_list_shows_no_names_or_addresses(client, caseworker, shelter, address, stay):
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert address.street_address not in page
    assert stay.person.family_name not in page


def test_html_in_a_shelter_name_is_shown_as_text(client, caseworker, branch):
    ShelterFactory(branch=branch, name="<script>alert(1)</script>")
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _shelters_with_placements(branch, count):
    for _n in range(count):
        shelter = ShelterFactory(branch=branch, capacity=3)
        PlacementFactory(shelter=shelter, start_on=datetime.date(2025, 1, 1))
        PlacementFactory(shelter=shelter, start_on=datetime.date(2025, 1, 1), end_on=None)


def test_the_number_of_queries_does_not_grow_with_the_shelters(
    client, branch, coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(coordinator)
    _shelters_with_placements(branch, 3)
    client.get(URL)  # warm up the content types and the session
    with django_assert_max_num_queries(20) as three:
        assert len(client.get(URL).context["page"].object_list) == 3
    _shelters_with_placements(branch, 17)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(URL)
        rows = response.context["page"].object_list
        assert len(rows) == 20
        assert {row.occupancy for row in rows} == {2}
