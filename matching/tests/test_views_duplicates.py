"""The duplicate review pages (/workspace/people/duplicates/).

A user of another branch never sees a person through the duplicate list, its count or a pair
page; a merge from the pair page keeps every link and can be undone from the history.
"""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from cases import actions as case_actions
from cases.models import Person
from cases.tests.factories import CaseFactory
from matching.duplicates import ordered
from matching.models import DuplicatePair, PersonMerge

pytestmark = pytest.mark.django_db

LIST = reverse("duplicates:pair-list")
HISTORY = reverse("duplicates:merge-list")


@pytest.fixture
def case(branch, coordinator):
    return CaseFactory(branch=branch, created_by=coordinator)


def victim(coordinator, case, given, family, **fields):
    return case_actions.add_new_person_to_case(
        actor=coordinator, case=case, role="victim", given_name=given, family_name=family, **fields
    )


@pytest.fixture
def pair(coordinator, case):
    left = victim(coordinator, case, "Магомед", "Алиев", birth_year=1990)
    right = case_actions.create_person(
        actor=coordinator,
        branch=case.branch,
        given_name="Magomed",
        family_name="Aliyev",
        birth_year=1990,
        contacts=[{"kind": "phone", "value": "+7 900 765-43-21"}],
    )
    first, second = ordered(left, right)
    return DuplicatePair.objects.create(
        first=first, second=second, score=0.97, reasons=["name", "birth_year"]
    )


@pytest.fixture
def mixed_pair(coordinator, coordinator_other_branch, other_branch, case):
    """A pair of one record of each branch: nobody sees both."""
    own = victim(coordinator, case, "Зарина", "Каримова", birth_year=1995)
    theirs = case_actions.create_person(
        actor=coordinator_other_branch,
        branch=other_branch,
        given_name="Zarina",
        family_name="Karimova",
        birth_year=1995,
    )
    first, second = ordered(own, theirs)
    return DuplicatePair.objects.create(first=first, second=second, score=0.96, reasons=["name"])


def pair_urls(pair):
    return {
        "detail": reverse("duplicates:pair-detail", args=[pair.pk]),
        "merge": reverse("duplicates:pair-merge", args=[pair.pk]),
        "dismiss": reverse("duplicates:pair-dismiss", args=[pair.pk]),
    }


def test_the_coordinator_lists_the_pair_and_the_people_list_counts_it(client, coordinator, pair):
    client.force_login(coordinator)
    response = client.get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [pair]
    assert "Magomed Aliyev" in response.text
    people = client.get(reverse("people:person-list"))
    assert "Possible duplicates (1)" in people.text


def test_another_branch_never_sees_a_pair_or_its_count(
    client, coordinator_other_branch, pair, mixed_pair, coordinator
):
    client.force_login(coordinator_other_branch)
    response = client.get(LIST)
    assert list(response.context["page"].object_list) == []
    assert "Алиев" not in response.text and "Каримова" not in response.text
    assert "Possible duplicates (0)" in client.get(reverse("people:person-list")).text
    for one in (pair, mixed_pair):
        urls = pair_urls(one)
        assert client.get(urls["detail"]).status_code == 404
        assert client.post(urls["merge"], {"keep": "first"}).status_code == 404
        assert client.post(urls["dismiss"]).status_code == 404
    assert not PersonMerge.objects.exists()
    assert DuplicatePair.objects.filter(status=DuplicatePair.Status.OPEN).count() == 2

    # The coordinator of the pair's branch sees one record of the mixed pair only: not listed.
    client.force_login(coordinator)
    assert list(client.get(LIST).context["page"].object_list) == [pair]
    assert client.get(pair_urls(mixed_pair)["detail"]).status_code == 404


def test_another_branch_cannot_see_or_undo_a_merge(
    client, coordinator, coordinator_other_branch, pair
):
    client.force_login(coordinator)
    client.post(pair_urls(pair)["merge"], {"keep": "first"})
    merge = PersonMerge.objects.get()
    client.force_login(coordinator_other_branch)
    response = client.get(HISTORY)
    assert response.context["merges"] == []
    undo = reverse("duplicates:merge-undo", args=[merge.pk])
    assert client.post(undo).status_code == 404
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_a_case_worker_may_not_review(client, caseworker, pair):
    client.force_login(caseworker)
    assert client.get(LIST).status_code == 403
    assert client.get(pair_urls(pair)["detail"]).status_code == 403
    assert client.post(pair_urls(pair)["merge"], {"keep": "first"}).status_code == 403
    assert "Possible duplicates" not in client.get(reverse("people:person-list")).text


def test_the_pair_page_shows_both_records_and_audits_both_reads(client, coordinator, pair):
    client.force_login(coordinator)
    response = client.get(pair_urls(pair)["detail"])
    assert response.status_code == 200
    assert "Магомед" in response.text and "Magomed" in response.text
    assert "+7 900 765-43-21" in response.text
    assert pair.first.reference in response.text and pair.second.reference in response.text
    assert "Merge into left" in response.text and "Not the same person" in response.text
    viewed = AuditEntry.objects.filter(verb="cases.person_viewed", actor=coordinator)
    assert {e.target_id for e in viewed} == {str(pair.first_id), str(pair.second_id)}


def test_merging_from_the_pair_page_hides_the_other_record_and_undo_brings_it_back(
    client, coordinator, pair
):
    client.force_login(coordinator)
    kept, merged = pair.second, pair.first
    response = client.post(pair_urls(pair)["merge"], {"keep": "second"})
    assert response.status_code == 302
    assert response.url == reverse("people:person-detail", args=[kept.pk])
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
    assert client.get(reverse("people:person-detail", args=[merged.pk])).status_code == 404
    for query in ("Алиев", "Magomed Aliyev", ""):
        listed = client.get(reverse("people:person-list"), {"q": query})
        assert [p.pk for p in listed.context["page"].object_list] == [kept.pk]
    assert client.get(LIST).context["page"].paginator.count == 0
    # The page of the kept record shows the merged record's contact and case.
    page = client.get(response.url)
    for text in ("+7 900 765-43-21", merged.full_name):
        assert text in page.text

    history = client.get(HISTORY)
    merge = PersonMerge.objects.get()
    assert history.context["merges"] == [merge]
    response = client.post(reverse("duplicates:merge-undo", args=[merge.pk]))
    assert response.status_code == 302
    assert Person.objects.get(pk=merged.pk).merged_into_id is None
    assert client.get(reverse("people:person-detail", args=[merged.pk])).status_code == 200
    assert list(client.get(LIST).context["page"].object_list) == [pair]
    assert "Undone on" in client.get(HISTORY).text


def test_a_merge_without_a_choice_changes_nothing(client, coordinator, pair):
    client.force_login(coordinator)
    response = client.post(pair_urls(pair)["merge"], follow=True)
    assert response.status_code == 200
    assert "Choose which record to keep." in response.text
    assert not PersonMerge.objects.exists()


def test_not_the_same_person(client, coordinator, pair):
    client.force_login(coordinator)
    response = client.post(pair_urls(pair)["dismiss"])
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED
    assert list(client.get(LIST).context["page"].object_list) == []
    page = client.get(pair_urls(pair)["detail"])
    assert "Merge into left" not in page.text


def test_the_buttons_are_posts_with_a_csrf_token(coordinator, pair):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    page = client.get(pair_urls(pair)["detail"])
    # Three decision forms (and the sign-out form of every page), each with its token.
    assert page.text.count('method="post"') == page.text.count("csrfmiddlewaretoken") == 4
    assert client.post(pair_urls(pair)["merge"], {"keep": "first"}).status_code == 403
    assert client.get(pair_urls(pair)["merge"]).status_code == 405
    assert not PersonMerge.objects.exists()
