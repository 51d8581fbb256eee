"""The history of work with a partner on its page: listed by need-to-know, otherwise counted."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance.models import Referral, Service
from assistance.tests.factories import PlanFactory, ReferralFactory, ServiceFactory
from audit.models import AuditEntry
from cases.tests.factories import AssignmentFactory, CaseFactory
from network import partner_history
from network.tests.factories import PartnerFactory
from operations.models import OperationContact
from operations.tests.factories import OperationFactory, TeamMemberFactory
from shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Lawyers for Migrants")


@pytest.fixture
def cases(branch, other_branch, caseworker):
    """The caseworker's case and another case in Moscow, and a case in Harare."""
    mine = CaseFactory(branch=branch, title="Caseworker's kiln")
    AssignmentFactory(case=mine, user=caseworker)
    return {
        "mine": mine,
        "moscow": CaseFactory(branch=branch, title="Other Moscow case"),
        "harare": CaseFactory(branch=other_branch, title="Harare case"),
    }


@pytest.fixture
def referrals(cases, partner):
    return {
        name: ReferralFactory(
            plan=PlanFactory(case=case),
            partner=partner,
            request=f"Secret request about {name}",
        )
        for name, case in cases.items()
    }


@pytest.fixture
def services(cases, partner):
    kinds = {
        "mine": Service.Kind.LEGAL,
        "moscow": Service.Kind.MEDICAL,
        "harare": Service.Kind.DOCUMENTS,
    }
    return {
        name: ServiceFactory(plan=PlanFactory(case=case), provider=partner, kind=kinds[name])
        for name, case in cases.items()
    }


def joint_operation(partner, branch, cases, title):
    operation = OperationFactory(branch=branch, cases=cases, title=title)
    OperationContact.objects.create(
        operation=operation, kind=OperationContact.Kind.PARTNER, name="Duty lawyer", partner=partner
    )
    return operation


def page(client, user, partner):
    client.force_login(user)
    response = client.get(reverse("network:partner-detail", args=[partner.pk]))
    assert response.status_code == 200
    return response


def history(response):
    return response.context["history"]


# Referrals and services.


def test_a_coordinator_sees_the_referrals_of_their_branchs_cases(
    client, coordinator, referrals, cases
):
    response = page(client, coordinator, referrals["mine"].partner)
    section = history(response).referrals
    assert set(section.rows) == {referrals["mine"], referrals["moscow"]}
    # Harare's referral is another branch's: not even counted.
    assert (section.total, section.visible) == (2, 2)
    html = response.content.decode()
    assert "2 referrals in all, 2 in cases you can see." in html
    assert cases["mine"].get_absolute_url() in html
    assert cases["harare"].reference not in html


def test_a_caseworker_sees_only_the_referrals_of_cases_they_work_on(
    client, caseworker, referrals, cases
):
    response = page(client, caseworker, referrals["mine"].partner)
    assert history(response).referrals.rows == [referrals["mine"]]
    html = response.content.decode()
    assert "2 referrals in all, 1 in cases you can see." in html
    assert cases["moscow"].reference not in html


def test_an_administrator_only_counts_referrals(client, administrator, referrals, cases):
    response = page(client, administrator, referrals["mine"].partner)
    assert history(response).referrals.rows == []
    html = response.content.decode()
    assert "3 referrals in all, 0 in cases you can see." in html
    for case in cases.values():
        assert case.reference not in html


def test_referrals_show_no_survivor_and_no_request_text(client, coordinator, referrals, partner):
    html = page(client, coordinator, partner).content.decode()
    person = referrals["mine"].plan.person
    assert person.family_name not in html
    assert "Secret request" not in html


def test_a_referral_shows_its_status_and_dates(client, coordinator, referrals, partner):
    referral = referrals["mine"]
    referral.status = Referral.Status.CANCELLED
    referral.save()
    html = page(client, coordinator, partner).content.decode()
    assert "Cancelled" in html
    assert referral.created_at.strftime("%Y-%m-%d") in html


def test_services_are_listed_for_visible_cases_and_counted_for_the_rest(
    client, caseworker, services, partner
):
    response = page(client, caseworker, partner)
    section = history(response).services
    assert section.rows == [services["mine"]]
    html = response.content.decode()
    assert "2 services in all, 1 in cases you can see." in html
    assert "Legal help" in html
    assert "Medical help" not in html


# Operations.


def test_joint_operations_are_listed_to_those_who_manage_them(
    client, coordinator, partner, branch, other_branch, cases
):
    ours = joint_operation(partner, branch, [cases["mine"]], "Kiln exit")
    joint_operation(partner, other_branch, [cases["harare"]], "Harare exit")
    OperationFactory(branch=branch, title="Without the partner")
    response = page(client, coordinator, partner)
    assert history(response).operations.rows == [ours]
    html = response.content.decode()
    # Harare's operation is another branch's and still ahead: not counted.
    assert "1 operation in all, 1 that you can see." in html
    assert "Kiln exit" in html
    assert "Harare exit" not in html


def test_a_caseworker_sees_an_operation_whose_cases_they_all_see(
    client, caseworker, partner, branch, cases
):
    theirs = joint_operation(partner, branch, [cases["mine"]], "Kiln exit")
    assert history(page(client, caseworker, partner)).operations.rows == [theirs]


def test_an_operation_whose_contacts_the_user_may_not_see_is_only_counted(
    client, caseworker, partner, branch, cases
):
    """The caseworker opens this operation through their case, but its page hides the contacts
    from them (another case of it is not theirs): the partner page must not reveal them."""
    operation = joint_operation(partner, branch, [cases["mine"], cases["moscow"]], "Two kilns")
    response = page(client, caseworker, partner)
    section = history(response).operations
    assert (section.rows, section.total, section.visible) == ([], 0, 0)
    assert "Two kilns" not in response.content.decode()

    # Once it is over, it is counted: a total that changes while a rescue is planned would
    # warn whoever watches it, a finished one tells nothing new.
    operation.status = operation.Status.COMPLETED
    operation.save()
    section = history(page(client, caseworker, partner)).operations
    assert (section.rows, section.total, section.visible) == ([], 1, 0)


def test_a_volunteer_on_the_team_is_not_shown_the_operation(client, partner, branch, cases):
    operation = joint_operation(partner, branch, [cases["mine"]], "Kiln exit")
    # A caseworker of the branch who is on the team only (no case of the operation).
    member = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    TeamMemberFactory(operation=operation, user=member)
    assert history(page(client, member, partner)).operations.rows == []


# Shelters.


def test_shelters_they_run_are_listed_to_those_who_see_the_registry(
    client, caseworker, partner, branch
):
    shelter = ShelterFactory(operator=partner, branch=branch, name="Дом надежды", city="Тула")
    ShelterFactory(branch=branch, name="Our own shelter")
    response = page(client, caseworker, partner)
    assert history(response).shelters.rows == [shelter]
    html = response.content.decode()
    assert shelter.get_absolute_url() in html
    assert "Our own shelter" not in html


def test_without_the_shelter_registry_shelters_are_only_counted(
    client, administrator, partner, branch
):
    ShelterFactory(operator=partner, branch=branch, name="Дом надежды")
    html = page(client, administrator, partner).content.decode()
    assert "1 shelter in all." in html
    assert "Дом надежды" not in html


# The page as a whole.


def test_a_partner_without_history_says_so(client, coordinator, partner):
    html = page(client, coordinator, partner).content.decode()
    assert "No referrals to this partner yet." in html
    assert "No operations with this partner yet." in html


def test_listing_the_history_is_not_recorded_as_reading_cases(
    client, coordinator, referrals, partner
):
    page(client, coordinator, partner)
    assert not AuditEntry.objects.exists()


def test_only_the_most_recent_rows_are_listed(coordinator, partner, branch, monkeypatch):
    monkeypatch.setattr(partner_history, "ROWS_SHOWN", 2)
    plans = [PlanFactory(case=CaseFactory(branch=branch)) for _n in range(3)]
    made = [ReferralFactory(plan=plan, partner=partner) for plan in plans]
    section = partner_history.history_of(coordinator, partner).referrals
    assert section.rows == [made[2], made[1]]
    assert section.has_more


def test_partner_page_queries_do_not_grow_with_its_history(
    client, coordinator, partner, branch, django_assert_max_num_queries, django_assert_num_queries
):
    def add_history():
        case = CaseFactory(branch=branch)
        plan = PlanFactory(case=case)
        ReferralFactory(
            plan=plan, partner=partner, service=ServiceFactory(plan=plan, provider=partner)
        )
        joint_operation(partner, branch, [case], "Exit")
        ShelterFactory(operator=partner, branch=branch)

    add_history()
    client.force_login(coordinator)
    url = reverse("network:partner-detail", args=[partner.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _n in range(8):
        add_history()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
