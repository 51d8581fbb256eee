"""The requests queue: who may open it, what it lists, in which order, filters and pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory
from intake.models import HelpRequest
from intake.tests.factories import HelpRequestFactory
from intake.views.workspace import PAGE_SIZE

URL = reverse("intake:request-list")

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status
Urgency = HelpRequest.Urgency


def listed(response):
    return [help_request for help_request, _situations in response.context["rows"]]


def received(help_request, minutes_ago):
    HelpRequest.objects.filter(pk=help_request.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return help_request


# Who may open it


def test_coordinator_opens_the_queue(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["volunteer", "editor", "no role"])
def test_roles_without_requests_may_not_open_the_queue(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_queue_answers_only_get(client, coordinator, method):
    client.force_login(coordinator)
    assert getattr(client, method)(URL).status_code == 405


# What it lists


def test_coordinator_sees_requests_of_their_branch_and_unrouted_ones(
    client, coordinator, branch, other_branch
):
    ours = HelpRequestFactory(branch=branch)
    unrouted = HelpRequestFactory()
    HelpRequestFactory(branch=other_branch)
    client.force_login(coordinator)
    assert set(listed(client.get(URL))) == {ours, unrouted}


def test_coordinator_of_another_branch_does_not_see_moscow_requests(
    client, coordinator_other_branch, branch
):
    HelpRequestFactory(branch=branch)
    unrouted = HelpRequestFactory()
    client.force_login(coordinator_other_branch)
    assert listed(client.get(URL)) == [unrouted]


def test_caseworker_sees_only_requests_assigned_to_or_recorded_by_them(client, caseworker, branch):
    assigned = HelpRequestFactory(branch=branch, assignee=caseworker)
    recorded = HelpRequestFactory(
        branch=branch, recorded_by=caseworker, channel=HelpRequest.Channel.PHONE
    )
    HelpRequestFactory(branch=branch)
    HelpRequestFactory()
    client.force_login(caseworker)
    assert set(listed(client.get(URL))) == {assigned, recorded}


def test_the_writers_text_is_not_shown_in_the_list(client, coordinator):
    HelpRequestFactory(description="Secret words of the writer")
    client.force_login(coordinator)
    response = client.get(URL)
    assert "Secret words of the writer" not in response.content.decode()


def test_a_row_shows_channel_urgency_situation_and_place(client, coordinator):
    help_request = HelpRequestFactory(urgency=Urgency.IMMEDIATE_DANGER, city="Кизляр")
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    for text in [
        help_request.reference,
        "Website form",
        "Immediate danger",
        "Forced labour",
        "Russia, Кизляр",
    ]:
        assert text in page


def test_a_request_recorded_by_phone_appears_with_its_channel(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("intake:request-new"),
        {
            "channel": "phone",
            "language": "ru",
            "writer_kind": "self",
            "situations": ["forced_labour"],
            "danger": "no",
            "description": "Позвонила мать.",
        },
    )
    response = client.get(URL)
    assert [r.channel for r in listed(response)] == [HelpRequest.Channel.PHONE]
    assert "Phone" in response.content.decode()


# Order


def test_new_requests_come_before_those_in_triage(client, coordinator):
    in_triage = received(
        HelpRequestFactory(status=Status.IN_TRIAGE, urgency=Urgency.IMMEDIATE_DANGER), 1
    )
    new = received(HelpRequestFactory(status=Status.NEW, urgency=Urgency.NORMAL), 60)
    client.force_login(coordinator)
    assert listed(client.get(URL)) == [new, in_triage]


def test_within_a_status_more_urgent_requests_come_first(client, coordinator):
    normal = received(HelpRequestFactory(urgency=Urgency.NORMAL), 1)
    urgent = received(HelpRequestFactory(urgency=Urgency.URGENT), 2)
    danger = received(HelpRequestFactory(urgency=Urgency.IMMEDIATE_DANGER), 3)
    client.force_login(coordinator)
    assert listed(client.get(URL)) == [danger, urgent, normal]


def test_within_the_same_urgency_the_newest_comes_first(client, coordinator):
    older = received(HelpRequestFactory(), 30)
    newer = received(HelpRequestFactory(), 5)
    client.force_login(coordinator)
    assert listed(client.get(URL)) == [newer, older]


# Filters


def test_by_default_only_open_requests_are_listed(client, coordinator, branch):
    new = HelpRequestFactory(status=Status.NEW)
    in_triage = HelpRequestFactory(status=Status.IN_TRIAGE)
    HelpRequestFactory(status=Status.CLOSED, closure_reason="spam", closed_at=timezone.now())
    client.force_login(coordinator)
    assert set(listed(client.get(URL))) == {new, in_triage}


def test_show_all_includes_closed_requests(client, coordinator):
    HelpRequestFactory()
    closed = HelpRequestFactory(
        status=Status.CLOSED, closure_reason="spam", closed_at=timezone.now()
    )
    client.force_login(coordinator)
    assert closed in listed(client.get(URL, {"status": "all"}))


def test_filter_by_status(client, coordinator):
    HelpRequestFactory(status=Status.NEW)
    in_triage = HelpRequestFactory(status=Status.IN_TRIAGE)
    client.force_login(coordinator)
    assert listed(client.get(URL, {"status": "in_triage"})) == [in_triage]


def test_filter_by_urgency(client, coordinator):
    HelpRequestFactory(urgency=Urgency.NORMAL)
    danger = HelpRequestFactory(urgency=Urgency.IMMEDIATE_DANGER)
    client.force_login(coordinator)
    assert listed(client.get(URL, {"urgency": "1"})) == [danger]


def test_filter_by_channel(client, coordinator):
    HelpRequestFactory()
    by_email = HelpRequestFactory(channel=HelpRequest.Channel.EMAIL)
    client.force_login(coordinator)
    assert listed(client.get(URL, {"channel": "email"})) == [by_email]


def test_filter_by_situation(client, coordinator):
    HelpRequestFactory(situations=["forced_labour"])
    begging = HelpRequestFactory(situations=["other", "forced_begging"])
    client.force_login(coordinator)
    assert listed(client.get(URL, {"situation": "forced_begging"})) == [begging]


def test_filter_by_branch(client, coordinator, branch):
    ours = HelpRequestFactory(branch=branch)
    HelpRequestFactory()
    client.force_login(coordinator)
    assert listed(client.get(URL, {"branch": str(branch.pk)})) == [ours]


def test_filter_for_requests_not_routed_yet(client, coordinator, branch):
    HelpRequestFactory(branch=branch)
    unrouted = HelpRequestFactory()
    client.force_login(coordinator)
    assert listed(client.get(URL, {"branch": "none"})) == [unrouted]


def test_filter_by_assignee(client, coordinator, caseworker, branch):
    HelpRequestFactory(branch=branch)
    assigned = HelpRequestFactory(branch=branch, assignee=caseworker)
    client.force_login(coordinator)
    assert listed(client.get(URL, {"assignee": str(caseworker.pk)})) == [assigned]


def test_filter_for_my_requests(client, coordinator, branch):
    HelpRequestFactory(branch=branch)
    mine = HelpRequestFactory(branch=branch, assignee=coordinator)
    client.force_login(coordinator)
    assert listed(client.get(URL, {"assignee": "me"})) == [mine]


def test_filter_by_date_range(client, coordinator):
    received(HelpRequestFactory(), 60 * 24 * 10)
    recent = received(HelpRequestFactory(), 60 * 24 * 2)
    received(HelpRequestFactory(), 0)
    today = timezone.localdate()
    client.force_login(coordinator)
    response = client.get(
        URL,
        {
            "since": (today - timedelta(days=5)).isoformat(),
            "until": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert listed(response) == [recent]


def test_a_reversed_date_range_is_explained_and_kept(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="2026-02-01"' in response.content.decode()


def test_nonsense_filter_values_are_form_errors_not_a_crash(client, coordinator):
    HelpRequestFactory()
    client.force_login(coordinator)
    response = client.get(
        URL, {"since": "yesterday", "urgency": "9", "branch": "x", "page": "many"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"since", "urgency", "branch"}
    assert len(listed(response)) == 1


# Pages and speed


def test_the_queue_is_paginated(client, coordinator):
    HelpRequestFactory.create_batch(PAGE_SIZE + 2)
    client.force_login(coordinator)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(listed(first)) == PAGE_SIZE
    assert len(listed(second)) == 2


def test_the_next_page_link_keeps_the_filters(client, coordinator):
    HelpRequestFactory.create_batch(PAGE_SIZE + 1, channel=HelpRequest.Channel.EMAIL)
    client.force_login(coordinator)
    response = client.get(URL, {"channel": "email"})
    assert "?channel=email&amp;page=2" in response.content.decode()


def _rows(count, branches, workers):
    for n in range(count):
        HelpRequestFactory(
            branch=branches[n % len(branches)],
            assignee=workers[n % len(workers)],
            situations=["forced_labour", "other"],
        )


def test_list_queries_do_not_grow_with_rows(
    client, coordinator, branch, django_assert_max_num_queries, django_assert_num_queries
):
    branches = [branch, *(BranchFactory(name=f"Branch {n}") for n in range(3))]
    workers = [UserFactory(roles=[Role.CASEWORKER], branches=[branch]) for _n in range(4)]
    coordinator.branches.add(*branches)
    _rows(3, branches, workers)
    client.force_login(coordinator)
    client.get(URL)  # warm the session and permission caches
    with django_assert_max_num_queries(30) as few:
        assert len(listed(client.get(URL))) == 3
    _rows(17, branches, workers)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(listed(client.get(URL))) == 20
