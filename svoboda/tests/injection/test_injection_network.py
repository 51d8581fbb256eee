"""Payloads through the public volunteer sign-up (read back by coordinators) and the public
subscription form, whose only text is an e-mail address: it refuses markup by its type, so
what is checked there is the form sent back with the refused address in it."""

import pytest
from django.urls import reverse

from accounts.models import Branch
from network.models import Volunteer
from network.volunteer_forms import SignUpForm
from publishing.models import Category
from svoboda.tests.injection.checks import LEDGER, check_html, fill, only, tally, visit

pytestmark = pytest.mark.django_db

AREA = "volunteer"
SIGN_UPS = 6
LIST_FIELDS = ("full_name", "city")


def base(branch, number):
    return {
        "website": "",
        # A valid address: e-mail fields refuse markup by their type (checked below).
        "email": f"volunteer{number}@example.org",
        "country": "RU",
        "branch": branch.pk,
        "languages": ["ru"],
        "skills": ["driving"],
        "availability": ["weekends"],
        "consent": "on",
    }


def test_volunteer_sign_ups_are_text_for_coordinators(client, branch, coordinator):
    branch.shown_publicly = True
    branch.save()
    made = []
    for number in range(SIGN_UPS):
        # The phone number must be digits (clean_phone): it refuses markup by its shape, and its
        # payloads are checked on the form sent back, below.
        data, expected = fill(
            AREA,
            SignUpForm(branches=Branch.objects.all()),
            {**base(branch, number), "phone": "+7 900 123-45-67"},
            exclude=("website", "phone"),
        )
        response = client.post("/en/volunteer/", data)
        assert response.status_code == 302, response.context["form"].errors
        made.append((Volunteer.objects.latest("pk"), expected))
    client.force_login(coordinator)
    listed = {}
    for _volunteer, expected in made:
        for name, ids in only(expected, *LIST_FIELDS).items():
            listed.setdefault(name, []).extend(ids)
    visit(client, reverse("volunteers:volunteer-list"), listed, area=AREA, page="volunteer list")
    for volunteer, expected in made:
        url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
        visit(client, url, expected, area=AREA, page="volunteer page")


def test_the_sign_up_form_sent_back_shows_everything_typed_as_text(client, branch):
    branch.shown_publicly = True
    branch.save()
    # The e-mail field too: it refuses the value, and shows it back.
    data, expected = fill(
        f"{AREA}-form",
        SignUpForm(branches=Branch.objects.all()),
        base(branch, 0),
        exclude=("website",),
        everything=True,
    )
    data["email"], expected[f"{AREA}-form.email"] = LEDGER.pack(
        f"{AREA}-form.email", None, everything=True
    )
    response = client.post("/en/volunteer/", data)
    assert response.status_code in (200, 400)
    count = check_html(response.content.decode(), expected, where="sign-up form with errors")
    tally(f"{AREA}-form", "sign-up form with errors", count)


def test_the_subscription_form_shows_a_refused_address_as_text(client):
    value, payload_ids = LEDGER.pack("subscribe.email", None, everything=True)
    category = Category.objects.get(slug="forced-labour")
    response = client.post("/en/subscribe/", {"email": value, "categories": [category.pk]})
    assert response.status_code in (200, 400)
    expected = {"subscribe.email": payload_ids}
    count = check_html(response.content.decode(), expected, where="subscription form")
    tally("subscribe", "subscription form with errors", count)
