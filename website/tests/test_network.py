"""The public network page (/ru/network/, /en/network/): where the movement works, and nothing
about its people."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory
from network.models import Volunteer
from network.tests.factories import VolunteerFactory
from website.tests.test_home import parse

pytestmark = pytest.mark.django_db


def url(language):
    with translation.override(language):
        return reverse("public:network")


@pytest.fixture
def shown(db):
    return [
        BranchFactory(name="Moscow office", city="Moscow", country="RU", shown_publicly=True),
        BranchFactory(name="Kazan office", city="Kazan", country="RU", shown_publicly=True),
        BranchFactory(name="Bishkek office", city="Bishkek", country="KG", shown_publicly=True),
    ]


def test_the_page_answers_in_both_languages_without_signing_in(client):
    assert url("ru") == "/ru/network/"
    assert url("en") == "/en/network/"
    assert client.get("/ru/network/").status_code == 200
    assert client.get("/en/network/").status_code == 200


def test_shown_branches_are_listed_by_country_in_english(client, shown):
    texts = parse(client.get(url("en"))).texts
    assert texts.index("Kyrgyzstan") < texts.index("Bishkek") < texts.index("Russia")
    assert texts.index("Russia") < texts.index("Kazan") < texts.index("Moscow")


def test_countries_are_named_and_sorted_in_russian_on_the_russian_page(client, shown):
    response = client.get(url("ru"))
    texts = parse(response).texts
    # "Киргизия" comes before "Россия" in Russian, as "Kyrgyzstan" before "Russia" in English.
    russia = next(t for t in texts if t == "Россия")
    assert texts.index(russia) > texts.index(next(t for t in texts if t.startswith("Кирги")))
    assert "Russia" not in texts


def test_a_city_with_two_branches_is_listed_once(client, shown):
    BranchFactory(name="Moscow north", city="Moscow", country="RU", shown_publicly=True)
    assert parse(client.get(url("en"))).texts.count("Moscow") == 1


def test_unlisted_and_inactive_branches_are_absent(client, shown):
    BranchFactory(name="Secret", city="Makhachkala", country="RU", shown_publicly=False)
    BranchFactory(name="Closed", city="Osh", country="KG", shown_publicly=True, is_active=False)
    BranchFactory(name="Hidden", city="Harare", country="ZW", shown_publicly=False)
    html = client.get(url("en")).content.decode()
    for hidden in ("Makhachkala", "Osh", "Harare", "Zimbabwe"):
        assert hidden not in html


def test_branch_names_are_not_published(client, shown):
    html = client.get(url("en")).content.decode()
    assert "Moscow office" not in html


def test_no_volunteer_or_member_is_named_and_no_one_is_counted(client, shown):
    moscow = shown[0]
    volunteers = [
        VolunteerFactory(
            branch=moscow,
            status=status,
            full_name=f"Volunteer Surname{n}",
            email=f"helper{n}@example.org",
            phone="+7 900 000-00-00",
        )
        for n, status in enumerate([Volunteer.Status.ACTIVE, Volunteer.Status.APPLIED])
    ]
    member = UserFactory(
        full_name="Coordinator Surname", roles=[Role.COORDINATOR], branches=[moscow]
    )
    for language in ("ru", "en"):
        html = client.get(url(language)).content.decode()
        for person in [*volunteers, member]:
            assert person.full_name not in html
            assert person.email not in html
        assert "+7 900" not in html
        assert "@" not in html
        # No digits at all in the visible text: no counts of people per branch or country.
        assert not [t for t in parse(client.get(url(language))).texts if re.search(r"\d", t)]


def test_the_page_invites_visitors_to_volunteer(client, shown):
    for language in ("ru", "en"):
        with translation.override(language):
            signup = reverse("volunteer-signup:form")
        assert signup in parse(client.get(url(language))).urls


def test_the_site_navigation_links_to_the_page(client):
    assert "/en/network/" in parse(client.get("/en/")).urls
    assert "/ru/network/" in parse(client.get("/ru/")).urls


def test_the_page_loads_nothing_from_other_hosts_and_needs_no_script(client, shown):
    response = client.get(url("en"))
    for link in parse(response).urls:
        assert not re.match(r"^(https?:)?//", link), link
    assert "<script" not in response.content.decode()


def test_with_no_branch_shown_the_page_says_the_list_will_come(client, branch):
    html = client.get(url("en")).content.decode()
    assert "will be published here" in html
    assert "Moscow" not in html
