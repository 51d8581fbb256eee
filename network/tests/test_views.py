"""The partner pages (/workspace/partners/): who may use them, the list, and bad input."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from network.models import Partner
from network.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "administrator",
    "coordinator",
    "caseworker",
    "volunteer",
    "editor",
    "user_without_role",
]
MANAGE = ("administrator", "coordinator")
READ = (*MANAGE, "caseworker")


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Lawyers for Migrants")


def form_data(**fields):
    return {"name": "Red Crescent", "kind": "international", "is_active": "on", **fields}


SPECS = {
    "partner-list": ("get", lambda p: reverse("network:partner-list"), READ, 200),
    "partner-detail": ("get", lambda p: reverse("network:partner-detail", args=[p.pk]), READ, 200),
    "partner-new-get": ("get", lambda p: reverse("network:partner-new"), MANAGE, 200),
    "partner-new-post": ("post", lambda p: reverse("network:partner-new"), MANAGE, 302),
    "partner-edit-get": (
        "get",
        lambda p: reverse("network:partner-edit", args=[p.pk]),
        MANAGE,
        200,
    ),
    "partner-edit-post": (
        "post",
        lambda p: reverse("network:partner-edit", args=[p.pk]),
        MANAGE,
        302,
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_partner_urls_answer_each_role(client, personas, partner, url_name, persona):
    method, url, allowed, ok_status = SPECS[url_name]
    client.force_login(personas["no role" if persona == "user_without_role" else persona])
    target = url(partner)
    response = client.get(target) if method == "get" else client.post(target, form_data())
    assert response.status_code == (ok_status if persona in allowed else 403)


@pytest.mark.parametrize("url_name", list(SPECS))
def test_anonymous_visitors_are_sent_to_log_in(client, partner, url_name):
    method, url, _allowed, _ok = SPECS[url_name]
    response = getattr(client, method)(url(partner))
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_every_partner_url_is_in_the_matrix():
    from network.urls import urlpatterns

    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert {pattern.name for pattern in urlpatterns} <= covered


def test_an_unknown_partner_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("network:partner-detail", args=[999])).status_code == 404


def test_the_list_shows_active_partners_by_default(client, caseworker, partner):
    PartnerFactory(name="Closed Shelter", is_active=False)
    client.force_login(caseworker)
    html = client.get(reverse("network:partner-list")).content.decode()
    assert "Lawyers for Migrants" in html
    assert "Closed Shelter" not in html


def test_the_list_filters_by_name_or_service(client, caseworker, partner):
    PartnerFactory(name="Red Crescent", services="Medical help")
    client.force_login(caseworker)
    html = client.get(reverse("network:partner-list"), {"q": "medical"}).content.decode()
    assert "Red Crescent" in html
    assert "Lawyers for Migrants" not in html


def test_the_list_queries_do_not_grow_with_partners(
    client, caseworker, django_assert_max_num_queries, django_assert_num_queries
):
    PartnerFactory.create_batch(2)
    client.force_login(caseworker)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("network:partner-list"))
    PartnerFactory.create_batch(20)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("network:partner-list"))


def test_adding_a_partner_goes_to_its_page(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("network:partner-new"), form_data())
    partner = Partner.objects.get(name="Red Crescent")
    assert response["Location"] == partner.get_absolute_url()


def test_a_duplicate_name_shows_the_form_again_with_what_was_entered(client, coordinator, partner):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:partner-new"),
        form_data(name="lawyers for migrants", services="Court cases"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "already in the registry" in html
    assert "Court cases" in html
    assert Partner.objects.count() == 1


def test_a_refused_edit_keeps_the_partner_as_it_was(client, coordinator, partner):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:partner-edit", args=[partner.pk]),
        form_data(agreement_signed_on="2026-05-01", agreement_ends_on="2026-04-01"),
    )
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.name == "Lawyers for Migrants"


def test_text_in_a_partner_entry_is_shown_inert(client, caseworker):
    partner = PartnerFactory(services="<img src=x onerror=alert(1)>")
    client.force_login(caseworker)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
