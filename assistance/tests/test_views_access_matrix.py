"""Every assistance URL against every persona: allowed, refused (403), or not found (404).

A plan follows its case: only those who see the case in full (its coordinators, assigned case
workers) see or change it. An assigned volunteer sees the case's outline, not the plan: 404. The
one URL that starts from the case (opening a plan) answers 403 to them, as the case's own change
URLs do. Anonymous visitors are sent to log in.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions
from assistance.models import Consent, Service
from assistance.tests.factories import ConsentFactory, ReferralFactory, ServiceFactory
from cases.models import Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from network.tests.factories import PartnerFactory

PERSONAS = [
    "anonymous",
    "administrator",
    "coordinator",
    "coordinator_other_branch",
    "caseworker_assigned",
    "caseworker_unassigned",
    "volunteer_assigned",
    "editor",
    "user_without_role",
]
LOGIN = "login"
FULL = ("coordinator", "caseworker_assigned")


@dataclass
class World:
    case: object
    plan: object
    users: dict
    other_survivor: object
    service: object
    partner: object
    consent: object
    draft: object
    sent: object
    accepted: object


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
    survivor = ParticipantFactory(case=case, role=Participant.Role.VICTIM).person
    plan = actions.open_assistance_plan(actor=coordinator, case=case, person=survivor)
    partner = PartnerFactory()
    consent = ConsentFactory(person=survivor, kind=Consent.Kind.SHARE, partner=partner)

    def referral(status=None):
        made = ReferralFactory(plan=plan, partner=partner, created_by=coordinator)
        if status in ("sent", "accepted"):
            actions.send_referral(actor=coordinator, referral=made)
        if status == "accepted":
            actions.record_referral_answer(actor=coordinator, referral=made, accepted=True)
        return made

    return World(
        case=case,
        plan=plan,
        users={
            "administrator": administrator,
            "coordinator": coordinator,
            "coordinator_other_branch": coordinator_other_branch,
            "caseworker_assigned": caseworker,
            "caseworker_unassigned": UserFactory(roles=[Role.CASEWORKER], branches=[branch]),
            "volunteer_assigned": volunteer,
            "editor": editor,
            "user_without_role": user_without_role,
        },
        other_survivor=ParticipantFactory(case=case, role=Participant.Role.VICTIM).person,
        service=ServiceFactory(plan=plan, kind=Service.Kind.MEDICAL),
        partner=partner,
        consent=consent,
        draft=referral(),
        sent=referral("sent"),
        accepted=referral("accepted"),
    )


def outcome(ok=FULL, forbidden=(), ok_status=302):
    """The expected answer for each persona; anyone not named does not see the plan (404)."""
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


def plan_url(name, *extra):
    return lambda w: reverse(f"assistance:{name}", args=[w.plan.pk, *[e(w) for e in extra]])


@dataclass
class Spec:
    method: str
    url: object
    expected: dict
    data: object = None


SPECS = {
    "plan-open": Spec(
        "post",
        lambda w: reverse("assistance:plan-open", args=[w.case.pk, w.other_survivor.pk]),
        outcome(forbidden=("volunteer_assigned",)),
    ),
    "plan-detail": Spec("get", plan_url("plan-detail"), outcome(ok_status=200)),
    "service-add": Spec(
        "post",
        plan_url("service-add"),
        outcome(),
        lambda w: {"kind": "legal", "status": "planned"},
    ),
    "service-edit-get": Spec(
        "get", plan_url("service-edit", lambda w: w.service.pk), outcome(ok_status=200)
    ),
    "service-edit-post": Spec(
        "post",
        plan_url("service-edit", lambda w: w.service.pk),
        outcome(),
        lambda w: {"kind": "medical", "status": "in_progress"},
    ),
    "return-record": Spec(
        "post", plan_url("return-record"), outcome(), lambda w: {"returned_on": "2026-01-31"}
    ),
    "referral-add": Spec(
        "post",
        plan_url("referral-add"),
        outcome(),
        lambda w: {"partner": w.partner.pk, "request": "Legal advice."},
    ),
    "referral-send": Spec("post", plan_url("referral-send", lambda w: w.draft.pk), outcome()),
    "referral-answer": Spec(
        "post",
        plan_url("referral-answer", lambda w: w.sent.pk),
        outcome(),
        lambda w: {"answer": "declined"},
    ),
    "referral-outcome": Spec(
        "post",
        plan_url("referral-outcome", lambda w: w.accepted.pk),
        outcome(),
        lambda w: {"outcome": "Back pay recovered."},
    ),
    "referral-cancel": Spec("post", plan_url("referral-cancel", lambda w: w.draft.pk), outcome()),
    "consent-give": Spec(
        "post",
        plan_url("consent-give"),
        outcome(),
        lambda w: {"kind": "store", "given_on": "2026-01-10", "method": "writing"},
    ),
    "consent-withdraw": Spec(
        "post",
        plan_url("consent-withdraw", lambda w: w.consent.pk),
        outcome(),
        lambda w: {"method": "phone"},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", list(SPECS))
def test_assistance_urls_answer_each_persona_exactly(client, world, url_name, persona):
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
        assert response["Location"].startswith("/workspace/assistance/")


def test_every_assistance_url_is_in_the_matrix():
    from assistance.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    covered = {name.removesuffix("-get").removesuffix("-post") for name in SPECS}
    assert names <= covered


@pytest.mark.django_db
def test_a_plan_in_another_case_of_the_same_survivor_stays_hidden(client, world, branch):
    """Seeing another case of the survivor in full does not open the plan kept elsewhere."""
    other_case = CaseFactory(branch=branch)
    ParticipantFactory(case=other_case, person=world.plan.person, role=Participant.Role.VICTIM)
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=other_case, user=worker)
    client.force_login(worker)
    assert client.get(reverse("assistance:plan-detail", args=[world.plan.pk])).status_code == 404


@pytest.mark.django_db
def test_a_service_of_another_plan_is_not_found_through_this_plan(client, world, coordinator):
    elsewhere = ServiceFactory()
    client.force_login(coordinator)
    url = reverse("assistance:service-edit", args=[world.plan.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
