"""Review: the workspace search answers any typed or crafted query with a page, never an error."""

import pytest
from django.urls import reverse

from cases.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspace:search")


@pytest.mark.parametrize(
    "query",
    [
        "Зарема\x00",
        "\x00",
        "a\x00b 1990",
        "+7 928\x00 000",
        "Щ" * 400,
        " ".join(["Иван"] * 200),
        "%_\\' OR 1=1 --",
    ],
)
def test_any_query_gives_a_page(client, coordinator, branch, query):
    PersonFactory(branch=branch, given_name="Зарема", family_name="Вымыслова")
    client.force_login(coordinator)
    response = client.get(URL, {"q": query})
    assert response.status_code == 200


def test_the_people_list_answers_a_crafted_query_too(client, coordinator, branch):
    client.force_login(coordinator)
    response = client.get(reverse("people:person-list"), {"q": "Зарема\x00"})
    assert response.status_code == 200
