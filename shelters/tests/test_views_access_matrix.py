"""Every shelter URL against every persona: allowed, refused (403), shown again (200 with an
error), or not found (404).

Shelters are a registry for every role holding shelters.view_shelter; without it every page is
403. People and placements out of the user's scope are 404; a change to something the user sees
but may not make is 403; a choice outside the user's scope in a form is refused as an invalid
choice (200, the form again). Anonymous visitors are sent to log in.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases.models import Participant
from cases.tests.factories import AssignmentFactory, ParticipantFactory

PERSONAS = [
    "anonymous",
    "administrator",
    "coordinator",
    "coordinator_other_branch",
    "caseworker_with_placed_survivor",
    "caseworker_without",
    "volunteer_on_the_case",
    "editor",
    "user_without_role",
]
LOGIN = "login"
VIEWERS = (
    "coordinator",
    "coordinator_other_branch",
    "caseworker_with_placed_survivor",
    "caseworker_without",
)
ON_THE_CASE = ("coordinator", "caseworker_with_placed_survivor")
OFF_THE_CASE = ("coordinator_other_branch", "caseworker_without")


@dataclass
class World:
    shelter: object
    stay: object
    newcomer: object
    branch: object
    users: dict


@pytest.fixture
def world(
    branch,
    administrator,
    coordinator,
    coordinator_other_branch,
    caseworker,
    volunteer,
    editor,
    user_without_role,
    shelter,
    address,
    case,
    stay,
):
    AssignmentFactory(case=case, user=volunteer)
    return World(
        shelter=shelter,
        stay=stay,
        newcomer=ParticipantFactory(case=case, role=Participant.Role.RELATIVE).person,
        branch=branch,
        users={
            "administrator": administrator,
            "coordinator": coordinator,
            "coordinator_other_branch": coordinator_other_branch,
            "caseworker_with_placed_survivor": caseworker,
            "caseworker_without": UserFactory(roles=[Role.CASEWORKER], branches=[branch]),
            "volunteer_on_the_case": volunteer,
            "editor": editor,
            "user_without_role": user_without_role,
        },
    )


def outcome(ok=(), forbidden=(), invalid=(), ok_status=302):
    """The expected answer for each persona. Roles without shelters.view_shelter get 403;
    viewers not named get 404."""
    expected = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            expected[persona] = LOGIN
        elif persona in ok:
            expected[persona] = ok_status
        elif persona in invalid:
            expected[persona] = 200
        elif persona in forbidden or persona not in VIEWERS:
            expected[persona] = 403
        else:
            expected[persona] = 404
    return expected


def shelter_data(w):
    return {
        "name": "Дом надежды",
        "branch": str(w.branch.pk),
        "city": "Тула",
        "country": "RU",
        "takes": ["women"],
        "capacity": "5",
    }


def today():
    return timezone.localdate().isoformat()


@dataclass
class Spec:
    method: str
    url: object
    expected: dict
    data: object = None


SPECS = {
    "shelter-list": Spec(
        "get", lambda w: reverse("shelters:shelter-list"), outcome(ok=VIEWERS, ok_status=200)
    ),
    "shelter-new-get": Spec(
        "get",
        lambda w: reverse("shelters:shelter-new"),
        outcome(ok=("coordinator", "coordinator_other_branch"), forbidden=VIEWERS, ok_status=200),
    ),
    "shelter-new-post": Spec(
        "post",
        lambda w: reverse("shelters:shelter-new"),
        # The other branch's coordinator may record shelters, but not for this branch.
        outcome(ok=("coordinator",), invalid=("coordinator_other_branch",), forbidden=VIEWERS),
        shelter_data,
    ),
    "shelter-detail": Spec(
        "get",
        lambda w: reverse("shelters:shelter-detail", args=[w.shelter.pk]),
        outcome(ok=VIEWERS, ok_status=200),
    ),
    "shelter-edit-get": Spec(
        "get",
        lambda w: reverse("shelters:shelter-edit", args=[w.shelter.pk]),
        outcome(ok=("coordinator",), forbidden=VIEWERS, ok_status=200),
    ),
    "shelter-edit-post": Spec(
        "post",
        lambda w: reverse("shelters:shelter-edit", args=[w.shelter.pk]),
        outcome(ok=("coordinator",), forbidden=VIEWERS),
        shelter_data,
    ),
    "shelter-address": Spec(
        "post",
        lambda w: reverse("shelters:shelter-address", args=[w.shelter.pk]),
        outcome(ok=ON_THE_CASE, forbidden=OFF_THE_CASE, ok_status=200),
    ),
    "placement-new-get": Spec(
        "get",
        lambda w: reverse("shelters:placement-new", args=[w.shelter.pk]),
        outcome(ok=VIEWERS, ok_status=200),
    ),
    "placement-new-post": Spec(
        "post",
        lambda w: reverse("shelters:placement-new", args=[w.shelter.pk]),
        outcome(ok=ON_THE_CASE, invalid=OFF_THE_CASE),
        lambda w: {"person": str(w.newcomer.pk), "start_on": today()},
    ),
    "person-place-get": Spec(
        "get",
        lambda w: reverse("shelters:person-place", args=[w.newcomer.pk]),
        outcome(ok=ON_THE_CASE, ok_status=200),
    ),
    "person-place-post": Spec(
        "post",
        lambda w: reverse("shelters:person-place", args=[w.newcomer.pk]),
        outcome(ok=ON_THE_CASE),
        lambda w: {"shelter": str(w.shelter.pk), "start_on": today()},
    ),
    "placement-end-get": Spec(
        "get",
        lambda w: reverse("shelters:placement-end", args=[w.stay.pk]),
        outcome(ok=ON_THE_CASE, ok_status=200),
    ),
    "placement-end-post": Spec(
        "post",
        lambda w: reverse("shelters:placement-end", args=[w.stay.pk]),
        outcome(ok=ON_THE_CASE),
        lambda w: {"end_on": today()},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_shelter_urls_answer_each_persona_exactly(client, world, url_name, persona):
    spec = SPECS[url_name]
    expected = spec.expected[persona]
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = spec.url(world)
    data = spec.data(world) if spec.data else {}
    response = client.get(url) if spec.method == "get" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/workspace/shelters/")


def test_every_shelter_url_is_in_the_matrix():
    from shelters.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert names <= covered
