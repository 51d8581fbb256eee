"""The reads other features use: who was helped, and who may be mentioned in public."""

import datetime

import pytest
from django.utils import timezone

from assistance import actions, queries
from assistance.models import Consent, Service
from assistance.tests.factories import ConsentFactory, PlanFactory, ServiceFactory
from cases.models import Person
from cases.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

Status = Service.Status


# may_mention_in_public


def test_a_person_without_consent_may_not_be_mentioned(db):
    assert queries.may_mention_in_public(PersonFactory()) is False


def test_a_person_who_agreed_anonymously_is_mentioned_anonymously(db):
    consent = ConsentFactory(kind=Consent.Kind.MENTION, scope=Consent.Scope.ANONYMOUS)
    assert queries.may_mention_in_public(consent.person) == "anonymous"


def test_a_person_who_agreed_to_their_name_is_mentioned_by_name(db):
    consent = ConsentFactory(kind=Consent.Kind.MENTION, scope=Consent.Scope.NAMED)
    assert queries.may_mention_in_public(consent.person) == "named"


def test_a_withdrawn_consent_to_be_mentioned_means_no_mention(plan, caseworker):
    consent = ConsentFactory(
        person=plan.person, kind=Consent.Kind.MENTION, scope=Consent.Scope.NAMED
    )
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=consent, method="phone")
    assert queries.may_mention_in_public(plan.person) is False


def test_after_withdrawing_a_named_consent_a_new_anonymous_one_counts(plan, caseworker):
    named = ConsentFactory(person=plan.person, kind=Consent.Kind.MENTION, scope="named")
    actions.withdraw_consent(actor=caseworker, plan=plan, consent=named, method="phone")
    ConsentFactory(person=plan.person, kind=Consent.Kind.MENTION, scope="anonymous")
    assert queries.may_mention_in_public(plan.person) == "anonymous"


def test_other_consents_do_not_allow_a_mention(db):
    person = PersonFactory()
    ConsentFactory(person=person, kind=Consent.Kind.STORE)
    ConsentFactory(person=person, kind=Consent.Kind.SHARE)
    assert queries.may_mention_in_public(person) is False


def test_a_consent_dated_in_the_future_does_not_count_yet(db):
    consent = ConsentFactory(
        kind=Consent.Kind.MENTION,
        scope="named",
        given_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert queries.may_mention_in_public(consent.person) is False


# helped_people


def test_a_person_with_a_done_service_is_helped(db):
    service = ServiceFactory(status=Status.DONE, ended_on=datetime.date(2026, 2, 1))
    assert list(queries.helped_people()) == [service.plan.person]


@pytest.mark.parametrize("status", [Status.PLANNED, Status.IN_PROGRESS, Status.DECLINED])
def test_a_service_not_done_does_not_count(db, status):
    ServiceFactory(status=status)
    assert not queries.helped_people().exists()


def test_a_person_with_no_plan_is_not_helped(db):
    PersonFactory()
    PlanFactory()
    assert not queries.helped_people().exists()


def test_a_person_helped_several_times_counts_once(db):
    plan = PlanFactory()
    for kind in (Service.Kind.MEDICAL, Service.Kind.LEGAL, Service.Kind.DOCUMENTS):
        ServiceFactory(plan=plan, kind=kind, status=Status.DONE, ended_on=datetime.date(2026, 2, 1))
    assert queries.helped_people().count() == 1


def test_helped_people_are_counted_within_the_given_people(db):
    helped = ServiceFactory(status=Status.DONE, ended_on=datetime.date(2026, 2, 1)).plan.person
    other = ServiceFactory(status=Status.DONE, ended_on=datetime.date(2026, 2, 1)).plan.person
    people = Person.objects.filter(pk=other.pk)
    assert list(queries.helped_people(people)) == [other]
    assert helped not in queries.helped_people(people)


def test_helped_people_in_a_period_count_services_that_ended_in_it(db):
    def helped_on(day):
        return ServiceFactory(status=Status.DONE, ended_on=day).plan.person

    helped_on(datetime.date(2025, 12, 31))
    inside = helped_on(datetime.date(2026, 1, 1))
    helped_on(datetime.date(2026, 2, 1))
    found = queries.helped_people(
        delivered_from=datetime.date(2026, 1, 1), delivered_until=datetime.date(2026, 1, 31)
    )
    assert list(found) == [inside]
