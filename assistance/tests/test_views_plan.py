"""The plan page: what it shows, what it records, and how it answers bad input."""

import datetime

import pytest
from django.urls import reverse

from assistance import actions
from assistance.models import Consent, Referral, Service
from assistance.tests.factories import ConsentFactory, ReferralFactory, ServiceFactory
from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Participant
from cases.tests.factories import ParticipantFactory
from network.tests.factories import PartnerFactory
from svoboda.tests.test_forms_carry_csrf import assert_every_post_form_has_a_token

pytestmark = pytest.mark.django_db


def url(plan, name="plan-detail", *extra):
    return reverse(f"assistance:{name}", args=[plan.pk, *extra])


def page(client, user, plan):
    client.force_login(user)
    return client.get(url(plan))


# Reading.


def test_each_view_of_the_plan_writes_exactly_one_plan_viewed_entry(client, plan, caseworker):
    page(client, caseworker, plan)
    page(client, caseworker, plan)
    entries = AuditEntry.objects.filter(verb="assistance.plan_viewed", target_id=str(plan.pk))
    assert [entry.actor for entry in entries] == [caseworker, caseworker]


def test_a_view_of_the_plan_is_in_the_survivors_own_history(client, plan, caseworker):
    page(client, caseworker, plan)
    [entry] = AuditEntry.objects.filter(verb="cases.person_viewed")
    assert entry.target_id == str(plan.person.pk)


def test_the_plan_view_entry_holds_no_personal_values(client, plan, caseworker):
    page(client, caseworker, plan)
    [entry] = AuditEntry.objects.filter(verb="assistance.plan_viewed")
    assert entry.changes == {}


def test_an_out_of_scope_view_writes_no_entry(client, plan, coordinator_other_branch):
    assert page(client, coordinator_other_branch, plan).status_code == 404
    assert not AuditEntry.objects.filter(verb="assistance.plan_viewed").exists()


def test_the_page_lists_services_with_provider_and_status(client, plan, caseworker, partner):
    ServiceFactory(plan=plan, kind=Service.Kind.LEGAL, provider=partner, status="in_progress")
    html = page(client, caseworker, plan).content.decode()
    assert "Legal help" in html
    assert "Lawyers for Migrants" in html
    assert "In progress" in html


def test_the_page_shows_the_follow_up_tasks(client, plan, caseworker):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=datetime.date(2026, 1, 31))
    html = page(client, caseworker, plan).content.decode()
    assert "Follow-up call, 3 months after return" in html
    assert "2026-04-30" in html


def test_the_page_shows_the_survivors_consents(client, plan, caseworker, partner):
    ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=partner)
    html = page(client, caseworker, plan).content.decode()
    assert "To sharing their data with a partner" in html
    assert "In force" in html


def test_a_referral_whose_consent_was_withdrawn_says_so(client, plan, caseworker, partner):
    consent = ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=partner)
    referral = ReferralFactory(plan=plan, partner=partner)
    actions.send_referral(actor=caseworker, referral=referral)
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    html = page(client, caseworker, plan).content.decode()
    assert "withdrew their consent to share data with this partner" in html
    assert url(plan, "referral-answer", referral.pk) in html  # a refusal may still be recorded
    assert 'value="accepted"' not in html


def test_text_typed_into_the_plan_is_shown_inert(client, plan, caseworker):
    ServiceFactory(plan=plan, notes="<script>alert(1)</script>")
    html = page(client, caseworker, plan).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_form_on_the_page_carries_a_token(client, plan, caseworker, partner):
    ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=partner)
    ReferralFactory(plan=plan, partner=partner)
    assert_every_post_form_has_a_token(page(client, caseworker, plan))


def test_a_closed_case_offers_no_service_form_but_still_takes_consents(
    client, plan, caseworker, coordinator
):
    case_actions.close_case(actor=coordinator, case=plan.case, outcome="exited")
    html = page(client, caseworker, plan).content.decode()
    assert url(plan, "service-add") not in html
    assert url(plan, "consent-give") in html


def _fill(plan, caseworker, count):
    for _n in range(count):
        partner = PartnerFactory()
        ServiceFactory(plan=plan, provider=partner, status="done", ended_on="2026-01-01")
        consent = ConsentFactory(person=plan.person, kind=Consent.Kind.SHARE, partner=partner)
        referral = ReferralFactory(plan=plan, partner=partner)
        actions.send_referral(actor=caseworker, referral=referral)
        actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
        ReferralFactory(plan=plan, partner=partner)


def test_the_page_queries_do_not_grow_with_its_contents(
    client, plan, caseworker, django_assert_max_num_queries, django_assert_num_queries
):
    actions.record_return_home(actor=caseworker, plan=plan, returned_on=datetime.date(2026, 1, 31))
    _fill(plan, caseworker, 1)
    page(client, caseworker, plan)
    with django_assert_max_num_queries(40) as one:
        page(client, caseworker, plan)
    _fill(plan, caseworker, 8)
    with django_assert_num_queries(len(one.captured_queries)):
        page(client, caseworker, plan)


# Changing, and bad input.


def test_adding_a_service_returns_to_the_plan(client, plan, caseworker):
    client.force_login(caseworker)
    response = client.post(url(plan, "service-add"), {"kind": "medical", "status": "planned"})
    assert response.status_code == 302
    assert response["Location"] == url(plan) + "#services"
    assert Service.objects.filter(plan=plan).count() == 1


def test_a_negative_cost_shows_the_form_again_with_what_was_entered(client, plan, caseworker):
    client.force_login(caseworker)
    response = client.post(
        url(plan, "service-add"),
        {
            "kind": "medical",
            "status": "planned",
            "cost": "-5",
            "currency": "RUB",
            "notes": "Clinic",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Clinic" in html
    assert not Service.objects.exists()


def test_an_end_before_the_start_is_refused_and_nothing_is_stored(client, plan, caseworker):
    client.force_login(caseworker)
    response = client.post(
        url(plan, "service-add"),
        {
            "kind": "medical",
            "status": "planned",
            "started_on": "2026-03-10",
            "ended_on": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "A service cannot end before it started." in response.content.decode()
    assert not Service.objects.exists()


def test_a_refused_follow_up_owner_stores_no_service(client, plan, caseworker, volunteer):
    client.force_login(caseworker)
    response = client.post(
        url(plan, "service-add"),
        {"kind": "return_home", "status": "done", "follow_up_owner": volunteer.pk},
    )
    assert response.status_code == 200
    assert not Service.objects.exists()


def test_the_page_again_with_errors_is_also_recorded_as_a_view(client, plan, caseworker):
    client.force_login(caseworker)
    client.post(url(plan, "service-add"), {"kind": "nonsense"})
    assert AuditEntry.objects.filter(verb="assistance.plan_viewed").count() == 1


def test_sending_without_consent_says_why_and_leaves_the_referral_unsent(
    client, plan, caseworker, partner
):
    referral = ReferralFactory(plan=plan, partner=partner)
    client.force_login(caseworker)
    response = client.post(url(plan, "referral-send", referral.pk))
    assert response.status_code == 200
    assert "has not consented to sharing their data with Lawyers for Migrants" in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_a_consent_to_share_without_a_partner_is_refused(client, plan, caseworker):
    client.force_login(caseworker)
    response = client.post(
        url(plan, "consent-give"), {"kind": "share", "given_on": "2026-01-10", "method": "writing"}
    )
    assert response.status_code == 200
    assert "Name the partner the survivor agreed to share with." in response.content.decode()
    assert not Consent.objects.exists()


def test_marking_a_return_done_on_the_edit_page_schedules_the_calls(client, plan, caseworker):
    service = ServiceFactory(plan=plan, kind=Service.Kind.RETURN_HOME, status="in_progress")
    client.force_login(caseworker)
    response = client.post(
        url(plan, "service-edit", service.pk),
        {"kind": "return_home", "status": "done", "ended_on": "2026-01-31"},
    )
    assert response.status_code == 302
    assert plan.follow_ups.count() == 3


def test_the_edit_page_shows_the_service_and_records_the_view(client, plan, caseworker):
    service = ServiceFactory(plan=plan, notes="Dentist at the clinic")
    client.force_login(caseworker)
    response = client.get(url(plan, "service-edit", service.pk))
    assert "Dentist at the clinic" in response.content.decode()
    [entry] = AuditEntry.objects.filter(verb="assistance.plan_viewed")
    assert entry.changes == {"service": service.pk}


def test_a_refused_status_change_keeps_the_service_as_it_was(client, plan, caseworker):
    service = ServiceFactory(plan=plan, status="done", ended_on="2026-01-01")
    client.force_login(caseworker)
    response = client.post(
        url(plan, "service-edit", service.pk), {"kind": "medical", "status": "declined"}
    )
    assert response.status_code == 200
    assert "A service cannot go from" in response.content.decode()
    service.refresh_from_db()
    assert service.status == "done"


# Links from the case and person pages.


def test_the_case_page_offers_to_open_a_plan_for_a_survivor_without_one(client, case, caseworker):
    survivor = ParticipantFactory(case=case, role=Participant.Role.VICTIM).person
    client.force_login(caseworker)
    html = client.get(case.get_absolute_url()).content.decode()
    assert reverse("assistance:plan-open", args=[case.pk, survivor.pk]) in html
    assert "Open assistance plan" in html


def test_the_case_page_links_to_an_existing_plan(client, plan, caseworker):
    client.force_login(caseworker)
    html = client.get(plan.case.get_absolute_url()).content.decode()
    assert url(plan) in html


def test_the_case_page_offers_no_plan_for_a_witness(client, case, caseworker):
    witness = ParticipantFactory(case=case, role=Participant.Role.WITNESS).person
    client.force_login(caseworker)
    html = client.get(case.get_absolute_url()).content.decode()
    assert reverse("assistance:plan-open", args=[case.pk, witness.pk]) not in html


def test_opening_a_plan_from_the_case_page_goes_to_it(client, case, caseworker):
    survivor = ParticipantFactory(case=case, role=Participant.Role.VICTIM).person
    client.force_login(caseworker)
    response = client.post(reverse("assistance:plan-open", args=[case.pk, survivor.pk]))
    plan = survivor.assistance_plan
    assert response["Location"] == url(plan)


def test_a_plan_cannot_be_opened_for_someone_who_is_not_a_survivor_of_the_case(
    client, case, caseworker
):
    witness = ParticipantFactory(case=case, role=Participant.Role.WITNESS).person
    client.force_login(caseworker)
    response = client.post(reverse("assistance:plan-open", args=[case.pk, witness.pk]))
    assert response.status_code == 404


def test_the_person_page_links_to_the_plan(client, plan, caseworker):
    client.force_login(caseworker)
    html = client.get(plan.person.get_absolute_url()).content.decode()
    assert url(plan) in html


def test_the_person_page_offers_to_open_a_plan(client, case, survivor, caseworker):
    client.force_login(caseworker)
    html = client.get(survivor.get_absolute_url()).content.decode()
    assert reverse("assistance:plan-open", args=[case.pk, survivor.pk]) in html


def test_the_person_page_hides_a_plan_kept_in_a_case_the_reader_does_not_work_on(
    client, plan, branch
):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory
    from cases.tests.factories import AssignmentFactory, CaseFactory

    other_case = CaseFactory(branch=branch)
    ParticipantFactory(case=other_case, person=plan.person, role=Participant.Role.VICTIM)
    worker = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AssignmentFactory(case=other_case, user=worker)
    client.force_login(worker)
    response = client.get(plan.person.get_absolute_url())
    assert response.status_code == 200
    assert url(plan) not in response.content.decode()
