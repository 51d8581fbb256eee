"""Every operation URL against every persona: allowed, refused (403), or not found (404).

Out of scope is 404, so that the answer never confirms that an operation exists. A user who sees
the operation but may not make this change gets 403. Anonymous visitors are sent to log in.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases.tests.factories import AssignmentFactory
from operations import actions
from operations.models import Operation
from operations.tests.factories import TransportItemFactory, tick_all

PERSONAS = [
    "anonymous",
    "coordinator",
    "coordinator_other_branch",
    "caseworker_with_case",
    "caseworker_without_case",
    "volunteer_on_team",
    "volunteer_off_team",
    "editor",
    "user_without_role",
]
LOGIN = "login"
FULL = ("coordinator", "caseworker_with_case")
SEE = (*FULL, "volunteer_on_team")
READERS = ("caseworker_with_case", "volunteer_on_team")  # see it, may not change it


@dataclass
class World:
    operation: object
    users: dict
    spare: object
    checklist: list


@pytest.fixture
def world(
    branch,
    operation,
    checklist,
    coordinator,
    coordinator_other_branch,
    caseworker,
    case,
    volunteer,
    editor,
    user_without_role,
):
    AssignmentFactory(case=case, user=caseworker)
    actions.add_team_member(actor=coordinator, operation=operation, user=volunteer, role="medic")
    return World(
        operation=operation,
        users={
            "coordinator": coordinator,
            "coordinator_other_branch": coordinator_other_branch,
            "caseworker_with_case": caseworker,
            "caseworker_without_case": UserFactory(roles=[Role.CASEWORKER], branches=[branch]),
            "volunteer_on_team": volunteer,
            "volunteer_off_team": UserFactory(roles=[Role.VOLUNTEER], branches=[branch]),
            "editor": editor,
            "user_without_role": user_without_role,
        },
        spare=UserFactory(roles=[Role.VOLUNTEER], branches=[branch]),
        checklist=checklist,
    )


def outcome(ok=(), forbidden=(), ok_status=302, others=404):
    expected = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            expected[persona] = LOGIN
        elif persona == "user_without_role":
            expected[persona] = 403  # no workspace role at all: refused before any lookup
        elif persona in ok:
            expected[persona] = ok_status
        elif persona in forbidden:
            expected[persona] = 403
        else:
            expected[persona] = others
    return expected


def op_url(name, *extra):
    return lambda w: reverse(f"operations:{name}", args=[w.operation.pk, *extra])


def edit_data(w):
    case = w.operation.cases.get()
    return {
        "cases": [str(case.pk)],
        "title": "Kiln exit",
        "country": "RU",
        "address": "Second gate",
        "starts_at": "2031-05-01T06:00",
        "lead": w.users["coordinator"].pk,
    }


def make_running(w):
    tick_all(w.operation, w.users["coordinator"])
    actions.approve_operation(actor=w.users["coordinator"], operation=w.operation)
    actions.mark_operation_ready(actor=w.users["coordinator"], operation=w.operation)
    actions.start_operation(actor=w.users["coordinator"], operation=w.operation)


def make_ready(w):
    tick_all(w.operation, w.users["coordinator"])
    actions.approve_operation(actor=w.users["coordinator"], operation=w.operation)
    actions.mark_operation_ready(actor=w.users["coordinator"], operation=w.operation)


def first_contact(w):
    return actions.add_contact(
        actor=w.users["coordinator"], operation=w.operation, kind="other", name="Taxi firm"
    ).pk


@dataclass
class Spec:
    method: str
    url: object
    expected: dict
    data: object = None
    arrange: object = None


STAFF_WITH_VIEW = ("coordinator", "coordinator_other_branch", *READERS, "caseworker_without_case")
STAFF_WITH_VIEW += ("volunteer_off_team",)

SPECS = {
    "operation-list": Spec(
        "get",
        lambda w: reverse("operations:operation-list"),
        outcome(ok=STAFF_WITH_VIEW, ok_status=200, others=403),
    ),
    "operation-new": Spec(
        "get",
        lambda w: reverse("operations:operation-new"),
        outcome(ok=("coordinator", "coordinator_other_branch"), ok_status=200, others=403),
    ),
    "operation-detail": Spec("get", op_url("operation-detail"), outcome(ok=SEE, ok_status=200)),
    "operation-brief": Spec("get", op_url("operation-brief"), outcome(ok=SEE, ok_status=200)),
    "operation-edit-get": Spec(
        "get",
        op_url("operation-edit"),
        outcome(ok=("coordinator",), forbidden=READERS, ok_status=200),
    ),
    "operation-edit-post": Spec(
        "post", op_url("operation-edit"), outcome(ok=("coordinator",), forbidden=READERS), edit_data
    ),
    "operation-complete-get": Spec(
        "get",
        op_url("operation-complete"),
        outcome(ok=("coordinator",), forbidden=READERS, ok_status=200),
        arrange=make_running,
    ),
    "operation-complete-post": Spec(
        "post",
        op_url("operation-complete"),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {
            "outcome": "nobody_out",
            "summary": "The place was empty.",
            "new-TOTAL_FORMS": "0",
            "new-INITIAL_FORMS": "0",
        },
        arrange=make_running,
    ),
    "operation-approve": Spec(
        "post", op_url("operation-approve"), outcome(ok=("coordinator",), forbidden=READERS)
    ),
    "operation-ready": Spec(
        "post",
        op_url("operation-ready"),
        outcome(ok=("coordinator",), forbidden=READERS),
        arrange=lambda w: (
            tick_all(w.operation, w.users["coordinator"]),
            actions.approve_operation(actor=w.users["coordinator"], operation=w.operation),
        ),
    ),
    "operation-start": Spec(
        "post",
        op_url("operation-start"),
        outcome(ok=("coordinator",), forbidden=READERS),
        arrange=make_ready,
    ),
    "operation-abort": Spec(
        "post",
        op_url("operation-abort"),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {"reason": "The workers were moved."},
    ),
    "team-add": Spec(
        "post",
        op_url("team-add"),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {"user": w.spare.pk, "role": "driver"},
    ),
    "team-remove": Spec(
        "post",
        lambda w: reverse(
            "operations:team-remove",
            args=[w.operation.pk, w.operation.team.get(user=w.users["volunteer_on_team"]).pk],
        ),
        outcome(ok=("coordinator",), forbidden=READERS),
    ),
    "contact-add": Spec(
        "post",
        op_url("contact-add"),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {"kind": "law_enforcement", "name": "Station 5", "details": "02"},
    ),
    "contact-remove": Spec(
        "post",
        lambda w: reverse("operations:contact-remove", args=[w.operation.pk, first_contact(w)]),
        outcome(ok=("coordinator",), forbidden=READERS),
    ),
    "transport-add": Spec(
        "post",
        op_url("transport-add"),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {"description": "Train", "cost": "1200", "currency": "RUB"},
    ),
    "transport-remove": Spec(
        "post",
        lambda w: reverse(
            "operations:transport-remove",
            args=[w.operation.pk, TransportItemFactory(operation=w.operation).pk],
        ),
        outcome(ok=("coordinator",), forbidden=READERS),
    ),
    "checklist-tick": Spec(
        "post",
        lambda w: reverse("operations:checklist-tick", args=[w.operation.pk, w.checklist[0].pk]),
        outcome(ok=("coordinator",), forbidden=READERS),
        lambda w: {"ticked": "on"},
    ),
    "checklist-list": Spec(
        "get",
        lambda w: reverse("operations:checklist-list"),
        outcome(ok=("coordinator", "coordinator_other_branch"), ok_status=200, others=403),
    ),
    "checklist-item-new": Spec(
        "post",
        lambda w: reverse("operations:checklist-item-new"),
        outcome(ok=("coordinator", "coordinator_other_branch"), others=403),
        lambda w: {"text_ru": "Рации", "text_en": "Radios", "position": "5"},
    ),
    "checklist-item-edit": Spec(
        "post",
        lambda w: reverse("operations:checklist-item-edit", args=[w.checklist[0].pk]),
        outcome(ok=("coordinator", "coordinator_other_branch"), others=403),
        lambda w: {"text_ru": "Рации", "text_en": "Radios", "position": "5", "is_active": "on"},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_operation_urls_answer_each_persona_exactly(client, world, url_name, persona):
    spec = SPECS[url_name]
    expected = spec.expected[persona]
    if spec.arrange:
        spec.arrange(world)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = spec.url(world)
    data = spec.data(world) if spec.data else {}
    response = client.get(url) if spec.method == "get" else client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, response.content.decode()[:2000]


def test_every_operation_url_is_in_the_matrix():
    from operations.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert names <= covered


def test_a_successful_change_redirects_back_to_the_operation(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("operations:transport-add", args=[world.operation.pk]),
        {"description": "Train", "cost": "1200", "currency": "RUB"},
    )
    assert response["Location"].startswith(world.operation.get_absolute_url())
    assert Operation.objects.get().transport.count() == 1
