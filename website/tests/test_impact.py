"""The impact figures on the home page: people rescued, people helped, rescue operations and
countries, counted from the workspace's records (website.queries.impact_figures), cached, and
shown as numbers only."""

import datetime
import re

import pytest
from django.core.cache import cache

from accounts.tests.factories import BranchFactory
from assistance.models import AssistancePlan, Service
from assistance.tests.factories import PlanFactory, ServiceFactory
from cases.models import Case, Participant
from cases.tests.factories import CaseFactory, ParticipantFactory
from operations import actions
from operations.models import Debrief
from operations.tests.factories import plan, tick_all
from website.queries import IMPACT_FIGURES_CACHE_KEY, ImpactFigures, impact_figures

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def survivor_case(coordinator, *names):
    """A case of the coordinator's branch, ready for a rescue, with one survivor per name."""
    case = CaseFactory(
        branch=coordinator.branches.get(),
        created_by=coordinator,
        status=Case.Status.RESCUE_PLANNED,
    )
    for given_name, family_name in names:
        ParticipantFactory(
            case=case,
            role=Participant.Role.VICTIM,
            person__given_name=given_name,
            person__family_name=family_name,
        )
    return case


def running_operation(coordinator, case, country):
    """An operation taken through the real workflow: planned, checked, approved, ready, started."""
    operation = actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan(country=country)
    )
    tick_all(operation, coordinator)
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.mark_operation_ready(actor=coordinator, operation=operation)
    return actions.start_operation(actor=coordinator, operation=operation)


def complete(coordinator, case, country, rescued):
    """A completed operation whose debrief records `rescued` (Participant rows) as having left."""
    operation = running_operation(coordinator, case, country)
    actions.complete_operation(
        actor=coordinator,
        operation=operation,
        outcome=Debrief.Outcome.ALL_OUT if rescued else Debrief.Outcome.NOBODY_OUT,
        summary="The team came back with everyone it went for.",
        rescued=rescued,
    )
    return operation


def survivors(case):
    return list(Participant.objects.filter(case=case, role=Participant.Role.VICTIM).order_by("pk"))


def done_service(plan, kind=Service.Kind.MEDICAL):
    return ServiceFactory(plan=plan, kind=kind, status=Service.Status.DONE, ended_on=TODAY)


@pytest.fixture
def records(coordinator):
    """Three completed operations in two countries, five people rescued, two people helped, and
    two public branches in two more countries (one of them shared with an operation)."""
    brickworks = survivor_case(coordinator, ("Ivan", "Kuznetsov"), ("Oleg", "Petrov"))
    sewing = survivor_case(
        coordinator, ("Zarina", "Alieva"), ("Timur", "Sadykov"), ("Aigul", "Nurlanova")
    )
    later = survivor_case(coordinator, ("Pavel", "Smirnov"))
    rescued = survivors(brickworks) + survivors(sewing)
    complete(coordinator, brickworks, "RU", survivors(brickworks))
    complete(coordinator, sewing, "KZ", survivors(sewing))
    complete(coordinator, later, "RU", [])

    ivan = rescued[0].person
    ivan_plan = AssistancePlan.objects.get(person=ivan)
    done_service(ivan_plan, Service.Kind.MEDICAL)
    done_service(ivan_plan, Service.Kind.LEGAL)
    someone_else = PlanFactory()  # helped without having been rescued by an operation
    done_service(someone_else)

    public = [
        BranchFactory(name="Bishkek", city="Bishkek", country="KG", shown_publicly=True),
        BranchFactory(name="Kazan", city="Kazan", country="RU", shown_publicly=True),
        BranchFactory(name="Yerevan", city="Yerevan", country="AM", shown_publicly=True),
    ]
    return {
        "rescued": [participant.person for participant in rescued],
        "helped": [ivan, someone_else.person],
        "operation_countries": ["RU", "KZ", "RU"],
        "public_branches": public,
    }


def expected(records):
    """The figures counted here, from what the fixture made, not by the queries under test."""
    return ImpactFigures(
        rescued=len({person.pk for person in records["rescued"]}),
        helped=len({person.pk for person in records["helped"]}),
        operations=len(records["operation_countries"]),
        countries=len(
            set(records["operation_countries"])
            | {branch.country.code for branch in records["public_branches"]}
        ),
    )


def fresh_figures():
    cache.clear()
    return impact_figures()


# What is counted.


def test_the_figures_are_the_counts_of_the_records(records):
    assert fresh_figures() == expected(records)
    assert fresh_figures() == ImpactFigures(rescued=5, helped=2, operations=3, countries=4)


def test_an_aborted_operation_counts_neither_as_an_operation_nor_a_country(coordinator, records):
    operation = running_operation(coordinator, survivor_case(coordinator, ("Anna", "Orlova")), "GE")
    actions.abort_operation(actor=coordinator, operation=operation, reason="Called off")
    assert fresh_figures() == expected(records)


def test_an_operation_not_finished_yet_does_not_count(coordinator, records):
    running_operation(coordinator, survivor_case(coordinator, ("Anna", "Orlova")), "GE")
    assert fresh_figures() == expected(records)


def test_a_planned_service_does_not_make_a_person_helped(records):
    oleg = records["rescued"][1]
    plan = AssistancePlan.objects.get(person=oleg)
    ServiceFactory(plan=plan, status=Service.Status.PLANNED)
    ServiceFactory(plan=plan, kind=Service.Kind.LEGAL, status=Service.Status.IN_PROGRESS)
    assert fresh_figures().helped == expected(records).helped


def test_a_branch_not_shown_publicly_adds_no_country(records):
    BranchFactory(name="Tashkent", city="Tashkent", country="UZ", shown_publicly=False)
    BranchFactory(
        name="Dushanbe", city="Dushanbe", country="TJ", shown_publicly=True, is_active=False
    )
    assert fresh_figures().countries == expected(records).countries


def test_a_person_rescued_twice_is_counted_once(coordinator, records):
    # Taken again into exploitation, and freed again in a new case.
    case = survivor_case(coordinator)
    again = ParticipantFactory(case=case, person=records["rescued"][0])
    complete(coordinator, case, "RU", [again])
    figures = fresh_figures()
    assert figures.rescued == expected(records).rescued
    assert figures.operations == expected(records).operations + 1


def test_nothing_to_count_gives_zeros(db):
    assert fresh_figures() == ImpactFigures(rescued=0, helped=0, operations=0, countries=0)


def test_counting_takes_four_queries_however_many_records(records, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(4):
        impact_figures()


# The cache.


def test_the_cache_serves_the_old_figures_until_it_expires(coordinator, records):
    before = impact_figures()
    complete(coordinator, survivor_case(coordinator, ("Anna", "Orlova")), "GE", [])
    assert impact_figures() == before
    cache.clear()  # what expiry does
    assert impact_figures().operations == before.operations + 1
    assert impact_figures().countries == before.countries + 1


def test_cached_figures_cost_no_query(records, django_assert_num_queries):
    impact_figures()
    with django_assert_num_queries(0):
        impact_figures()


def test_the_cache_time_comes_from_the_setting(settings, coordinator, records):
    settings.IMPACT_FIGURES_CACHE_SECONDS = 0  # counted for every visit
    before = impact_figures()
    complete(coordinator, survivor_case(coordinator, ("Anna", "Orlova")), "GE", [])
    assert impact_figures().operations == before.operations + 1


# The home page.


def figures_section(client, language="en"):
    html = client.get(f"/{language}/").content.decode()
    match = re.search(r'<section id="impact".*?</section>', html, re.S)
    assert match, "no impact section"
    return match.group(0)


def given_figures(**figures):
    values = {"rescued": 0, "helped": 0, "operations": 0, "countries": 0}
    values.update(figures)
    cache.set(IMPACT_FIGURES_CACHE_KEY, values, 600)


def test_the_home_page_lists_each_figure_with_its_label(client, records):
    section = figures_section(client)
    figures = expected(records)
    for label, number in [
        ("people rescued", figures.rescued),
        ("people helped", figures.helped),
        ("rescue operations", figures.operations),
        ("countries", figures.countries),
    ]:
        assert re.search(rf"<dt>\s*{label}\s*</dt>\s*<dd>{number}</dd>", section), label
    assert "<dl" in section


def test_a_figure_of_one_takes_the_singular_label(client):
    given_figures(rescued=1, helped=1, operations=1, countries=1)
    section = figures_section(client)
    for label in ("person rescued", "person helped", "rescue operation", "country"):
        assert re.search(rf"<dt>\s*{label}\s*</dt>\s*<dd>1</dd>", section), label


def test_numbers_are_grouped_as_the_language_writes_them(client):
    given_figures(rescued=12345, helped=1234567)
    english = figures_section(client, "en")
    assert "<dd>12,345</dd>" in english and "<dd>1,234,567</dd>" in english
    russian = figures_section(client, "ru")
    assert "<dd>12\xa0345</dd>" in russian and "<dd>1\xa0234\xa0567</dd>" in russian


def test_the_home_page_shows_no_name_of_a_person(client, records):
    html = client.get("/en/").content.decode() + client.get("/ru/").content.decode()
    assert 'id="impact"' in html
    for person in records["rescued"] + records["helped"]:
        assert person.given_name not in html
        assert person.family_name not in html


def test_the_home_page_leaves_the_figures_out_while_there_is_nothing_to_count(client):
    assert 'id="impact"' not in client.get("/en/").content.decode()


def test_the_home_page_shows_the_cached_figures(client, coordinator, records):
    client.get("/en/")
    complete(coordinator, survivor_case(coordinator, ("Anna", "Orlova")), "GE", [])
    section = figures_section(client)
    assert f"<dd>{expected(records).operations}</dd>" in section
    cache.clear()
    assert f"<dd>{expected(records).operations + 1}</dd>" in figures_section(client)


def test_the_news_on_the_home_page_comes_from_the_view(client):
    from publishing.tests.factories import published

    article = published(title="English news", language="en")
    response = client.get("/en/")
    assert list(response.context["latest_news"]) == [article]
    assert article.get_absolute_url() in response.content.decode()
