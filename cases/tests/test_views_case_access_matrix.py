"""Every case URL against every persona: allowed, refused (403), or not found (404).

Out of scope is 404, so that the answer never confirms that a case exists. A user who sees the
case but may not make a change gets 403. Anonymous visitors are sent to log in.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases import actions
from cases.models import AccessGrant, Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, TaskFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory

PERSONAS = [
    "anonymous",
    "administrator",
    "coordinator",
    "coordinator_other_branch",
    "caseworker_assigned",
    "caseworker_unassigned",
    "volunteer_assigned",
    "volunteer_unassigned",
    "editor",
    "user_without_role",
]
LOGIN = "login"


@dataclass
class World:
    case: object
    users: dict
    task: object
    participant: object
    case_file: object
    help_request: object
    spare_worker: object
    extra_worker: object
    grantee: object


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
):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    AssignmentFactory(case=case, user=volunteer)
    extra_worker = UserFactory(roles=[Role.VOLUNTEER], branches=[branch])
    AssignmentFactory(case=case, user=extra_worker)
    grantee = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AccessGrant.objects.create(case=case, user=grantee, reason="Court", granted_by=coordinator)
    case_file = actions.add_case_file(
        actor=coordinator,
        case=case,
        upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan"),
        content_type="application/pdf",
    )
    return World(
        case=case,
        users={
            "administrator": administrator,
            "coordinator": coordinator,
            "coordinator_other_branch": coordinator_other_branch,
            "caseworker_assigned": caseworker,
            "caseworker_unassigned": UserFactory(roles=[Role.CASEWORKER], branches=[branch]),
            "volunteer_assigned": volunteer,
            "volunteer_unassigned": UserFactory(roles=[Role.VOLUNTEER], branches=[branch]),
            "editor": editor,
            "user_without_role": user_without_role,
        },
        task=TaskFactory(case=case, owner=caseworker, created_by=coordinator),
        participant=ParticipantFactory(case=case),
        case_file=case_file,
        help_request=HelpRequestFactory(
            case=case, status=HelpRequest.Status.ACCEPTED, branch=branch
        ),
        spare_worker=UserFactory(roles=[Role.CASEWORKER], branches=[branch]),
        extra_worker=extra_worker,
        grantee=grantee,
    )


def outcome(ok=(), forbidden=(), ok_status=302):
    """The expected answer for each persona; anyone not named does not see the case (404)."""
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
            expected[persona] = 404
    return expected


STAFF = [p for p in PERSONAS if p not in ("anonymous", "user_without_role")]
FULL = ("coordinator", "caseworker_assigned")
VOLUNTEER = ("volunteer_assigned",)


def case_url(name, *extra):
    return lambda w: reverse(name, args=[w.case.pk, *extra])


def edit_data(w):
    return {"title": "Kiln", "risk": "3", "exploitation_types": ["ForcedLabour"]}


@dataclass
class Spec:
    method: str
    url: object
    expected: dict
    data: object = None


SPECS = {
    "case-list": Spec(
        "get", lambda w: reverse("cases:case-list"), outcome(ok=STAFF, ok_status=200)
    ),
    "case-new": Spec(
        "get",
        lambda w: reverse("cases:case-new"),
        outcome(
            ok=("coordinator", "coordinator_other_branch"),
            forbidden=[p for p in STAFF if p not in ("coordinator", "coordinator_other_branch")],
            ok_status=200,
        ),
    ),
    "case-detail": Spec(
        "get", case_url("cases:case-detail"), outcome(ok=FULL + VOLUNTEER, ok_status=200)
    ),
    "case-edit-get": Spec(
        "get", case_url("cases:case-edit"), outcome(ok=FULL, forbidden=VOLUNTEER, ok_status=200)
    ),
    "case-edit-post": Spec(
        "post", case_url("cases:case-edit"), outcome(ok=FULL, forbidden=VOLUNTEER), edit_data
    ),
    "case-status": Spec(
        "post",
        case_url("cases:case-status"),
        outcome(ok=FULL, forbidden=VOLUNTEER),
        lambda w: {"status": "verifying"},
    ),
    "case-close": Spec(
        "post",
        case_url("cases:case-close"),
        outcome(ok=("coordinator",), forbidden=("caseworker_assigned", *VOLUNTEER)),
        lambda w: {"outcome": "exited"},
    ),
    "case-assign": Spec(
        "post",
        case_url("cases:case-assign"),
        outcome(ok=("coordinator",), forbidden=("caseworker_assigned", *VOLUNTEER)),
        lambda w: {"user": w.spare_worker.pk},
    ),
    "case-unassign": Spec(
        "post",
        lambda w: reverse("cases:case-unassign", args=[w.case.pk, w.extra_worker.pk]),
        outcome(ok=("coordinator",), forbidden=("caseworker_assigned", *VOLUNTEER)),
    ),
    "case-grant": Spec(
        "post",
        case_url("cases:case-grant"),
        outcome(ok=("coordinator",), forbidden=("caseworker_assigned", *VOLUNTEER)),
        lambda w: {"email": w.users["coordinator_other_branch"].email, "reason": "Transfer"},
    ),
    "case-revoke": Spec(
        "post",
        lambda w: reverse("cases:case-revoke", args=[w.case.pk, w.grantee.pk]),
        outcome(ok=("coordinator",), forbidden=("caseworker_assigned", *VOLUNTEER)),
    ),
    "task-add": Spec(
        "post",
        case_url("cases:task-add"),
        outcome(ok=FULL, forbidden=VOLUNTEER),
        lambda w: {"title": "Call the consulate", "owner": w.users["caseworker_assigned"].pk},
    ),
    "task-done": Spec(
        "post", lambda w: reverse("cases:task-done", args=[w.task.pk]), outcome(ok=FULL)
    ),
    "note-add": Spec(
        "post",
        case_url("cases:note-add"),
        outcome(ok=FULL + VOLUNTEER),
        lambda w: {"body": "Spoke to the family."},
    ),
    "file-add": Spec(
        "post",
        case_url("cases:file-add"),
        outcome(ok=FULL, forbidden=VOLUNTEER),
        lambda w: {"file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter")},
    ),
    "file-download": Spec(
        "get",
        lambda w: reverse("cases:file-download", args=[w.case_file.pk]),
        outcome(ok=FULL, ok_status=200),
    ),
    "case-reply": Spec(
        "post",
        lambda w: reverse("cases:case-reply", args=[w.case.pk, w.help_request.pk]),
        outcome(ok=FULL),
        lambda w: {"body": "We read your message."},
    ),
    "participant-add": Spec(
        "post",
        case_url("cases:participant-add"),
        outcome(ok=FULL, forbidden=VOLUNTEER),
        lambda w: {"role": "witness", "given_name": "Анна", "gender": "Feminine"},
    ),
    "participant-link": Spec(
        "post",
        case_url("cases:participant-link"),
        outcome(ok=FULL),
        lambda w: {"person": str(w.participant.person.pk), "role": Participant.Role.WITNESS},
    ),
    "participant-remove": Spec(
        "post",
        lambda w: reverse("cases:participant-remove", args=[w.participant.pk]),
        outcome(ok=FULL),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_case_urls_answer_each_persona_exactly(client, world, url_name, persona):
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
        assert response["Location"].startswith(world.case.get_absolute_url())


def test_every_case_url_is_in_the_matrix():
    from cases.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert names <= covered
