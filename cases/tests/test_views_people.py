"""The people list and search (/workspace/people/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases import actions
from cases.tests.factories import AssignmentFactory, CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("people:person-list")


@pytest.fixture
def moscow_case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


@pytest.fixture
def aliev(caseworker, moscow_case):
    return actions.add_new_person_to_case(
        actor=caseworker,
        case=moscow_case,
        role="victim",
        given_name="Магомед",
        family_name="Алиев",
        aliases=["Aliev"],
    )


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("query", ["алиев магомед", "МАГОМЕД Алиев", "Aliev", "aLiEv", "ал"])
def test_search_finds_the_person_in_any_case_order_or_alias(client, caseworker, aliev, query):
    client.force_login(caseworker)
    assert found(client, q=query) == [aliev]


def test_search_with_a_word_not_in_any_name_finds_nobody(client, caseworker, aliev):
    client.force_login(caseworker)
    assert found(client, q="Алиев Иван") == []


def test_the_list_shows_aliases_age_branch_and_cases_with_roles(
    client, caseworker, aliev, moscow_case
):
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert "Aliev" in page
    assert "1990" not in page  # no birth year was recorded
    assert "Moscow" in page
    assert reverse("cases:case-detail", args=[moscow_case.pk]) in page
    assert "Victim or survivor" in page


def test_search_never_finds_a_person_in_another_branchs_case(
    client, caseworker, coordinator, coordinator_other_branch, other_branch, aliev
):
    harare_case = CaseFactory(branch=other_branch, created_by=coordinator_other_branch)
    actions.add_new_person_to_case(
        actor=coordinator_other_branch,
        case=harare_case,
        role="victim",
        given_name="Магомед",
        family_name="Алиев",
    )
    client.force_login(coordinator)
    assert found(client, q="Алиев") == [aliev]


def test_a_caseworker_not_on_the_case_finds_nobody(client, branch, aliev):
    colleague = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    client.force_login(colleague)
    response = client.get(URL, {"q": "Алиев"})
    assert list(response.context["page"].object_list) == []
    assert response.context["page"].paginator.count == 0
    assert "Алиев" not in response.content.decode().replace('value="Алиев"', "")


def test_a_person_only_in_another_branchs_case_is_not_in_the_branch_filter(
    client, coordinator_other_branch, other_branch, caseworker, aliev
):
    harare_case = CaseFactory(branch=other_branch, created_by=coordinator_other_branch)
    actions.add_new_person_to_case(
        actor=coordinator_other_branch, case=harare_case, role="victim", family_name="Банда"
    )
    client.force_login(caseworker)
    response = client.get(URL)
    assert [b.name for b in response.context["form"].fields["branch"].queryset] == ["Moscow"]


def test_the_coordinator_sees_people_recorded_by_their_branch_without_a_case(
    client, branch, coordinator
):
    person = actions.create_person(actor=coordinator, branch=branch, family_name="Сидоров")
    client.force_login(coordinator)
    assert found(client) == [person]


def test_filters_narrow_by_gender(client, caseworker, moscow_case, aliev):
    woman = actions.add_new_person_to_case(
        actor=caseworker, case=moscow_case, role="relative", family_name="Алиева", gender="Feminine"
    )
    client.force_login(caseworker)
    assert found(client, gender="Feminine") == [woman]


def test_filters_narrow_by_citizenship(client, caseworker, moscow_case, aliev):
    citizen = actions.add_new_person_to_case(
        actor=caseworker,
        case=moscow_case,
        role="relative",
        family_name="Каримов",
        citizenship=["UZ", "TJ"],
    )
    client.force_login(caseworker)
    assert found(client, citizenship="TJ") == [citizen]


def test_filters_narrow_by_branch(client, branch, other_branch, coordinator, aliev):
    coordinator.branches.add(other_branch)
    actions.create_person(actor=coordinator, branch=other_branch, family_name="Банда")
    client.force_login(coordinator)
    assert found(client, branch=branch.pk) == [aliev]


def test_an_exact_name_comes_before_partial_matches(client, caseworker, moscow_case):
    longer = actions.add_new_person_to_case(
        actor=caseworker, case=moscow_case, role="witness", given_name="Ан", family_name="Алиева"
    )
    exact = actions.add_new_person_to_case(
        actor=caseworker, case=moscow_case, role="witness", given_name="Ян", family_name="Алиев"
    )
    client.force_login(caseworker)
    assert found(client, q="ян алиев") == [exact]
    assert found(client, q="алиев") == [exact, longer]


def test_nonsense_filters_are_form_errors_not_crashes(client, caseworker, aliev):
    client.force_login(caseworker)
    response = client.get(URL, {"gender": "x", "citizenship": "XX", "branch": "abc", "page": "z"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"gender", "citizenship", "branch"}


def test_names_with_html_are_shown_as_text(client, caseworker, moscow_case):
    actions.add_new_person_to_case(
        actor=caseworker,
        case=moscow_case,
        role="victim",
        family_name="<script>alert(1)</script>",
        aliases=["<b>bold</b>"],
    )
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page


@pytest.mark.parametrize("persona", ["volunteer", "editor"])
def test_roles_without_access_to_people_are_refused(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_list_does_not_write_to_the_audit_trail(client, caseworker, aliev):
    from audit.models import AuditEntry

    before = AuditEntry.objects.count()
    client.force_login(caseworker)
    client.get(URL)
    assert AuditEntry.objects.count() == before


def _add_people(caseworker, count):
    for _n in range(count):
        case = CaseFactory(branch=caseworker.branches.get())
        AssignmentFactory(case=case, user=caseworker)
        actions.add_new_person_to_case(
            actor=caseworker,
            case=case,
            role="victim",
            family_name="Иванов",
            aliases=["Ivanov", "Vanya"],
            citizenship=["RU"],
        )


def test_list_queries_do_not_grow_with_people(client, caseworker, django_assert_num_queries):
    _add_people(caseworker, 3)
    client.force_login(caseworker)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "иванов"})
    _add_people(caseworker, 17)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "иванов"})
    assert len(response.context["page"].object_list) == 20
