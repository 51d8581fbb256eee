"""Planning pages: a new operation (from a case page or by choosing cases) and editing the plan."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory
from operations import actions
from operations.models import Operation

pytestmark = pytest.mark.django_db

NEW = reverse("operations:operation-new")


def form_data(case, lead, **overrides):
    data = {
        "cases": [str(case.pk)],
        "title": "Kiln exit",
        "country": "RU",
        "region": "Dagestan",
        "city": "Кизляр",
        "address": "Road to the kiln, second gate",
        "starts_at": "2031-05-01T06:00",
        "ends_at": "2031-05-01T09:30",
        "lead": lead.pk,
        "brief": "Meet at the station.",
    }
    data.update(overrides)
    return data


def test_the_new_page_from_a_case_has_the_case_chosen(client, case, coordinator):
    client.force_login(coordinator)
    response = client.get(NEW, {"case": case.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["cases"] == [case.pk]


def test_a_case_the_coordinator_cannot_plan_for_is_not_found(client, coordinator, other_branch):
    elsewhere = CaseFactory(branch=other_branch)
    client.force_login(coordinator)
    assert client.get(NEW, {"case": elsewhere.pk}).status_code == 404


def test_a_malformed_case_id_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(NEW, {"case": "not-a-uuid"}).status_code == 404


def test_only_cases_of_coordinated_branches_are_offered(client, case, coordinator, other_branch):
    CaseFactory(branch=other_branch, title="Somewhere else")
    client.force_login(coordinator)
    offered = list(client.get(NEW).context["form"].fields["cases"].queryset)
    assert offered == [case]


def test_closed_cases_are_not_offered(client, case, coordinator, branch):
    CaseFactory(
        branch=branch, status=Case.Status.CLOSED, outcome="exited", closed_at=timezone.now()
    )
    client.force_login(coordinator)
    assert list(client.get(NEW).context["form"].fields["cases"].queryset) == [case]


def test_planning_an_operation_redirects_to_it(client, case, coordinator, checklist):
    client.force_login(coordinator)
    response = client.post(NEW, form_data(case, coordinator))
    operation = Operation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == operation.get_absolute_url()
    assert operation.ends_at > operation.starts_at


def test_bad_input_shows_the_form_again_and_stores_nothing(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(
        NEW, form_data(case, coordinator, starts_at="tomorrow", title="Night exit")
    )
    assert response.status_code == 200
    assert "Night exit" in response.content.decode()
    assert response.context["form"].errors["starts_at"]
    assert not Operation.objects.exists()


def test_an_end_before_the_start_is_refused(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(NEW, form_data(case, coordinator, ends_at="2031-05-01T05:00"))
    assert "cannot end before it starts" in response.content.decode()
    assert not Operation.objects.exists()


def test_half_coordinates_are_refused(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(NEW, form_data(case, coordinator, latitude="43.8"))
    assert "both the latitude and the longitude" in response.content.decode()
    assert not Operation.objects.exists()


def test_a_lead_from_another_branch_is_refused_with_a_message(
    client, case, coordinator, other_branch
):
    # Leads of every coordinated branch are offered; the action checks the case's branch.
    coordinator.branches.add(other_branch)
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    outsider = UserFactory(roles=[Role.CASEWORKER], branches=[other_branch])
    client.force_login(coordinator)
    response = client.post(NEW, form_data(case, outsider))
    assert response.status_code == 200
    assert "is not a member of the branch" in response.content.decode()
    assert not Operation.objects.exists()


def test_a_caseworker_cannot_open_the_new_page(client, caseworker_on_case):
    client.force_login(caseworker_on_case)
    assert client.get(NEW).status_code == 403


def test_editing_the_plan_saves_it(client, operation, coordinator, case):
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:operation-edit", args=[operation.pk]),
        form_data(case, coordinator, address="Behind the market"),
    )
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.address == "Behind the market"


def test_editing_an_approved_plan_withdraws_the_approval(client, operation, coordinator, case):
    actions.approve_operation(actor=coordinator, operation=operation)
    client.force_login(coordinator)
    client.post(
        reverse("operations:operation-edit", args=[operation.pk]),
        form_data(case, coordinator, address="Behind the market"),
    )
    operation.refresh_from_db()
    assert not operation.is_approved


def test_opening_the_edit_page_is_audited_as_a_view(client, operation, coordinator):
    from audit.models import AuditEntry

    client.force_login(coordinator)
    client.get(reverse("operations:operation-edit", args=[operation.pk]))
    assert AuditEntry.objects.filter(verb="operations.operation_viewed").exists()


def test_a_started_operation_cannot_be_edited(client, running_operation, coordinator, case):
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:operation-edit", args=[running_operation.pk]),
        form_data(case, coordinator, address="Behind the market"),
    )
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    running_operation.refresh_from_db()
    assert running_operation.address != "Behind the market"
