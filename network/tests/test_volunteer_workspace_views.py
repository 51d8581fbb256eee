"""Volunteers in the workspace: the directory (/workspace/volunteers/), a volunteer's record with
vetting, details and hours, and a volunteer's own page (/workspace/volunteering/)."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import NO_RECORD, UserFactory
from audit.models import AuditEntry
from cases.models import Case
from cases.tests.factories import AssignmentFactory, CaseFactory, TaskFactory
from network.models import TimeEntry, Volunteer, VolunteerStep
from network.tests.factories import VolunteerFactory
from operations.tests.factories import OperationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

Status = Volunteer.Status
LIST_URL = "/workspace/volunteers/"
OWN_URL = "/workspace/volunteering/"


def detail_url(volunteer):
    return reverse("volunteers:volunteer-detail", args=[volunteer.pk])


def move_url(volunteer):
    return reverse("volunteers:volunteer-move", args=[volunteer.pk])


def edit_url(volunteer):
    return reverse("volunteers:volunteer-edit", args=[volunteer.pk])


def time_url(volunteer):
    return reverse("volunteers:volunteer-time", args=[volunteer.pk])


def listed(response):
    """The names the directory found (every page), in its order."""
    assert response.status_code == 200
    return [volunteer.full_name for volunteer in response.context["page"].paginator.object_list]


def today():
    return timezone.localdate()


# The directory: who may open it and whom each role sees.


@pytest.fixture
def people(branch, other_branch):
    """Volunteers of every status in the branch, one without a branch, one in another branch."""
    unconfirmed = VolunteerFactory(
        full_name="Branch Unconfirmed", branch=branch, email_confirmed_at=None
    )
    return {
        "unconfirmed": unconfirmed,
        "applied": VolunteerFactory(full_name="Branch Applied", branch=branch),
        "interviewed": VolunteerFactory(
            full_name="Branch Interviewed", branch=branch, status=Status.INTERVIEWED
        ),
        "checked": VolunteerFactory(
            full_name="Branch Checked", branch=branch, status=Status.CHECKED
        ),
        "trained": VolunteerFactory(
            full_name="Branch Trained", branch=branch, status=Status.TRAINED
        ),
        "active": VolunteerFactory(full_name="Branch Active", branch=branch, status=Status.ACTIVE),
        "paused": VolunteerFactory(full_name="Branch Paused", branch=branch, status=Status.PAUSED),
        "left": VolunteerFactory(full_name="Branch Left", branch=branch, status=Status.LEFT),
        "no branch": VolunteerFactory(full_name="No Branch Applicant", branch=None),
        "other": VolunteerFactory(
            full_name="Other Branch Active", branch=other_branch, status=Status.ACTIVE
        ),
        "other applicant": VolunteerFactory(full_name="Other Branch Applied", branch=other_branch),
    }


def names(people, *keys):
    return sorted(people[key].full_name for key in keys)


BRANCH_ALL = [
    "unconfirmed",
    "applied",
    "interviewed",
    "checked",
    "trained",
    "active",
    "paused",
    "left",
]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["editor", "volunteer", "user_without_role"])
def test_the_directory_is_closed_to_roles_without_it(client, request, people, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(LIST_URL)
    assert response.status_code == 403
    assert "Branch Active" not in response.content.decode()


def test_a_caseworker_sees_only_active_and_paused_volunteers_of_their_branch(
    client, caseworker, people
):
    client.force_login(caseworker)
    assert sorted(listed(client.get(LIST_URL))) == names(people, "active", "paused")


def test_a_coordinator_sees_every_status_of_their_branch_and_applications_without_one(
    client, coordinator, people
):
    client.force_login(coordinator)
    found = listed(client.get(LIST_URL))
    assert sorted(found) == names(people, *BRANCH_ALL, "no branch")
    assert "Other Branch Active" not in found
    assert "Other Branch Applied" not in found


def test_an_administrator_sees_every_volunteer(client, administrator, people):
    client.force_login(administrator)
    assert sorted(listed(client.get(LIST_URL))) == names(people, *people)


def test_the_directory_shows_what_a_row_needs(client, coordinator, branch, people):
    TimeEntry.objects.create(
        volunteer=people["active"],
        date=today(),
        hours=Decimal("2.5"),
        activity=TimeEntry.Activity.SHELTER,
        recorded_by=coordinator,
    )
    client.force_login(coordinator)
    html = client.get(LIST_URL).content.decode()
    assert f'href="{detail_url(people["active"])}"' in html
    assert "email not confirmed" in html
    assert "<td>2.50</td>" in html
    assert "Other Branch" not in html


@pytest.mark.parametrize(
    "status, keys",
    [
        ("unconfirmed", ["unconfirmed"]),
        # "Applied" means applications whose address is confirmed: waiting for a vetter.
        ("applied", ["applied", "no branch"]),
        ("interviewed", ["interviewed"]),
        ("active", ["active"]),
        ("paused", ["paused"]),
        ("left", ["left"]),
    ],
)
def test_the_status_filter(client, coordinator, people, status, keys):
    client.force_login(coordinator)
    assert sorted(listed(client.get(LIST_URL, {"status": status}))) == names(people, *keys)


def test_a_caseworker_cannot_filter_their_way_to_applications(client, caseworker, people):
    client.force_login(caseworker)
    for status in ("unconfirmed", "applied", "left"):
        assert listed(client.get(LIST_URL, {"status": status})) == []


def test_a_coordinator_cannot_filter_by_another_branch(client, coordinator, other_branch, people):
    client.force_login(coordinator)
    response = client.get(LIST_URL, {"branch": other_branch.pk})
    found = listed(response)
    assert response.context["form"].errors
    assert "Other Branch Active" not in found
    assert "Other Branch Applied" not in found


@pytest.mark.parametrize(
    "query",
    [
        {"skill": "juggling"},
        {"language": "xx"},
        {"availability": "always"},
        {"status": "sleeping"},
        {"branch": "not-a-number"},
        {"branch": "999999"},
        {"branch": ["1", "2"]},
        {"q": "x" * 500},
        {"city": "\x00"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"skill": ["legal", "medical"], "status": ""},
    ],
)
def test_bad_filter_values_do_not_break_the_directory(client, coordinator, people, query):
    client.force_login(coordinator)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    # Nothing outside the coordinator's scope leaks through a broken filter.
    assert "Other Branch" not in response.content.decode()


# Filters combine: every filter given must hold.

FILTERS = {
    "q": "petrov",
    "skill": "legal",
    "language": "uk",
    "city": "kaz",
    "availability": "nights",
    "status": "paused",
    "branch": None,  # the branch fixture's id, filled in by the test
}


def _matches(spec, name, value):
    if name == "q":
        return any(value in spec[field].lower() for field in ("full_name", "other_skills"))
    if name == "skill":
        return value in spec["skills"]
    if name == "language":
        return value in spec["languages"]
    if name == "city":
        return value in spec["city"].lower()
    if name == "availability":
        return value in spec["availability"]
    if name == "status":
        return spec["status"] == value
    if name == "branch":
        return spec["branch"] == "home"
    raise AssertionError(name)


MATCH_ALL = {
    "full_name": "Ivan Petrov",
    "other_skills": "",
    "skills": ["legal", "driving"],
    "languages": ["ru", "uk"],
    "city": "Kazan",
    "availability": ["nights", "weekends"],
    "status": Status.PAUSED,
    "branch": "home",
}
# For each filter, one volunteer who differs from MATCH_ALL in that alone: each filter on its own
# leaves out a different person.
ONE_OFF = {
    "q": {"full_name": "Ivan Sidorov"},
    "skill": {"full_name": "Driver Petrov", "skills": ["driving"]},
    "language": {"full_name": "Russian-only Petrov", "languages": ["ru"]},
    "city": {"full_name": "Moscow Petrov", "city": "Moscow"},
    "availability": {"full_name": "Weekend Petrov", "availability": ["weekends"]},
    "status": {"full_name": "Active Petrov", "status": Status.ACTIVE},
    "branch": {"full_name": "Harare Petrov", "branch": "other"},
}
OTHERS = [
    # Found by the name search through their other skills, not their name.
    {"full_name": "Oleg Smirnov", "other_skills": "Petrov's first-aid course", "city": "Kazan'"},
    {"full_name": "Maria Petrova", "skills": ["medical"], "status": Status.ACTIVE},
    {"full_name": "Petr Petrovsky", "languages": ["uk"], "city": "Kazakhstan border"},
    {"full_name": "Nina Orlova", "skills": ["it"], "availability": ["remote"], "branch": "other"},
]


@pytest.fixture
def directory(branch, other_branch):
    specs = [
        MATCH_ALL,
        *({**MATCH_ALL, **diff} for diff in ONE_OFF.values()),
        *({**MATCH_ALL, **other} for other in OTHERS),
    ]
    for spec in specs:
        VolunteerFactory(
            full_name=spec["full_name"],
            other_skills=spec["other_skills"],
            skills=spec["skills"],
            languages=spec["languages"],
            city=spec["city"],
            availability=spec["availability"],
            status=spec["status"],
            branch=branch if spec["branch"] == "home" else other_branch,
        )
    return specs


def test_each_filter_alone_finds_a_different_set(client, administrator, branch, directory):
    client.force_login(administrator)
    values = {**FILTERS, "branch": branch.pk}
    results = set()
    for name, value in values.items():
        found = frozenset(listed(client.get(LIST_URL, {name: value})))
        assert "Ivan Petrov" in found
        assert ({**MATCH_ALL, **ONE_OFF[name]})["full_name"] not in found
        results.add(found)
    assert len(results) == len(values)


def test_filters_combine_so_every_one_given_must_hold(client, administrator, branch, directory):
    client.force_login(administrator)
    values = {**FILTERS, "branch": branch.pk}
    for size in range(1, len(values) + 1):
        for chosen in itertools.combinations(values, size):
            expected = sorted(
                spec["full_name"]
                for spec in directory
                if all(_matches(spec, name, str(FILTERS[name])) for name in chosen)
            )
            found = listed(client.get(LIST_URL, {name: values[name] for name in chosen}))
            assert sorted(found) == expected, chosen


def test_all_filters_together_find_only_who_matches_every_one(
    client, administrator, branch, directory
):
    client.force_login(administrator)
    response = client.get(LIST_URL, {**FILTERS, "branch": branch.pk})
    # Oleg is found by his other skills, Petr by a city that only starts like Kazan.
    assert listed(response) == ["Ivan Petrov", "Oleg Smirnov", "Petr Petrovsky"]
    html = response.content.decode()
    # The form shows the filters it applied, for the next change.
    assert 'value="petrov"' in html
    assert 'value="kaz"' in html
    assert '<option value="legal" selected>' in html
    assert '<option value="paused" selected>' in html


def test_the_unconfirmed_filter_combines_with_the_others(client, coordinator, branch):
    VolunteerFactory(full_name="Kazan Unconfirmed", city="Kazan", email_confirmed_at=None)
    VolunteerFactory(full_name="Moscow Unconfirmed", city="Moscow", email_confirmed_at=None)
    VolunteerFactory(full_name="Kazan Confirmed", city="Kazan")
    client.force_login(coordinator)
    found = listed(client.get(LIST_URL, {"status": "unconfirmed", "city": "kazan"}))
    assert found == ["Kazan Unconfirmed"]


def test_the_page_links_keep_the_filters(client, administrator):
    VolunteerFactory.create_batch(30, city="Kazan", skills=["legal"])
    VolunteerFactory(city="Moscow", skills=["legal"])
    client.force_login(administrator)
    response = client.get(LIST_URL, {"city": "Kazan", "skill": "legal"})
    assert response.context["page"].paginator.count == 30
    assert "city=Kazan&amp;skill=legal&amp;page=2" in response.content.decode()
    second = client.get(LIST_URL, {"city": "Kazan", "skill": "legal", "page": 2})
    assert len(second.context["page"].object_list) == 5


# The directory's queries do not grow with the number of volunteers.

# Measured: the session, the user, the second factor's device, their permissions (two), the count
# of volunteers found, the branches for the filter form, and one page of volunteers with their
# branch and hours.
DIRECTORY_QUERIES = 8


def _measure(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL, {"skill": "driving"}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["administrator", "coordinator", "caseworker"])
def test_the_directory_query_count_does_not_grow_with_volunteers(
    client, request, coordinator, branch, django_assert_max_num_queries, persona
):
    def add(count):
        for _ in range(count):
            volunteer = VolunteerFactory(branch=branch, status=Status.ACTIVE)
            TimeEntry.objects.create(
                volunteer=volunteer,
                date=today(),
                hours=1,
                activity=TimeEntry.Activity.OTHER,
                recorded_by=coordinator,
            )

    client.force_login(request.getfixturevalue(persona))
    add(2)
    client.get(LIST_URL)  # warm the session
    few = _measure(client)
    add(30)
    many = _measure(client)
    assert few == many
    with django_assert_max_num_queries(DIRECTORY_QUERIES):
        response = client.get(LIST_URL, {"skill": "driving", "page": 2})
    assert len(response.context["page"].object_list) == 7
    assert all(volunteer.hours_this_year == 1 for volunteer in response.context["page"])


# A volunteer's record.


@pytest.fixture
def active(branch, coordinator):
    volunteer = VolunteerFactory(
        full_name="Svetlana Morozova",
        email="svetlana.morozova@example.org",
        phone="+7 912 345-67-89",
        city="Kazan",
        motivation="My cousin was held on a farm for two years.",
        branch=branch,
        status=Status.ACTIVE,
    )
    VolunteerStep.objects.create(
        volunteer=volunteer,
        from_status=Status.TRAINED,
        to_status=Status.ACTIVE,
        note="Background check found nothing of concern.",
        moved_by=coordinator,
    )
    return volunteer


@pytest.fixture
def applicant(branch):
    """An application that has not been confirmed yet."""
    return VolunteerFactory(
        full_name="Dmitry Volkov", branch=branch, email_confirmed_at=None, status=Status.APPLIED
    )


def test_opening_a_record_is_audited(client, coordinator, active):
    client.force_login(coordinator)
    response = client.get(detail_url(active))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(verb="network.volunteer_viewed")
    assert entry.actor == coordinator
    assert entry.target_id == str(active.pk)


def test_a_coordinator_sees_the_whole_record(client, coordinator, active):
    client.force_login(coordinator)
    html = client.get(detail_url(active)).content.decode()
    assert "svetlana.morozova@example.org" in html
    assert "+7 912 345-67-89" in html
    assert "My cousin was held on a farm for two years." in html
    assert "Background check found nothing of concern." in html
    assert f'action="{move_url(active)}"' in html
    assert f'href="{edit_url(active)}"' in html
    assert f'action="{time_url(active)}"' in html


def test_a_caseworker_sees_the_details_but_not_the_vetting(client, caseworker, active):
    client.force_login(caseworker)
    response = client.get(detail_url(active))
    html = response.content.decode()
    assert response.status_code == 200
    assert "svetlana.morozova@example.org" in html
    assert "+7 912 345-67-89" in html
    assert "My cousin was held" not in html
    assert "Background check" not in html
    assert move_url(active) not in html
    assert edit_url(active) not in html
    assert time_url(active) not in html
    assert AuditEntry.objects.filter(verb="network.volunteer_viewed", actor=caseworker).exists()


@pytest.mark.parametrize("status", [Status.APPLIED, Status.TRAINED, Status.LEFT])
def test_a_caseworker_cannot_open_a_volunteer_who_is_not_vetted(client, caseworker, branch, status):
    volunteer = VolunteerFactory(branch=branch, status=status)
    client.force_login(caseworker)
    assert client.get(detail_url(volunteer)).status_code == 404
    assert not AuditEntry.objects.filter(verb="network.volunteer_viewed").exists()


def test_another_branchs_volunteer_is_not_found(client, coordinator_other_branch, active):
    client.force_login(coordinator_other_branch)
    assert client.get(detail_url(active)).status_code == 404
    assert not AuditEntry.objects.filter(verb="network.volunteer_viewed").exists()


@pytest.mark.parametrize("persona", ["editor", "volunteer"])
def test_roles_without_the_directory_cannot_open_a_record(client, request, active, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail_url(active)).status_code in (403, 404)
    assert "svetlana" not in client.get(detail_url(active)).content.decode()


def test_a_missing_volunteer_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/workspace/volunteers/999999/").status_code == 404


# Vetting: moving through the pipeline.


def test_the_move_form_offers_only_the_next_steps(client, coordinator, branch):
    volunteer = VolunteerFactory(branch=branch, status=Status.INTERVIEWED)
    client.force_login(coordinator)
    form = client.get(detail_url(volunteer)).context["move_form"]
    assert [value for value, _ in form.fields["to_status"].choices] == ["checked", "left"]


def test_moving_a_volunteer_records_the_step_with_its_note(client, coordinator, branch):
    volunteer = VolunteerFactory(full_name="Pavel Egorov", branch=branch)
    client.force_login(coordinator)
    response = client.post(
        move_url(volunteer), {"to_status": "interviewed", "note": "  Met on Tuesday.  "}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(volunteer)
    volunteer.refresh_from_db()
    assert volunteer.status == Status.INTERVIEWED
    step = VolunteerStep.objects.get(volunteer=volunteer)
    assert (step.from_status, step.to_status) == ("applied", "interviewed")
    assert step.note == "Met on Tuesday."
    assert step.moved_by == coordinator
    entry = AuditEntry.objects.get(verb="network.volunteer_moved")
    assert entry.actor == coordinator
    assert entry.changes == {"status": ["applied", "interviewed"]}
    # The note may hold what a check found: it stays out of the audit trail.
    assert "Tuesday" not in str(entry.changes)
    page = client.get(response["Location"]).content.decode()
    assert "Pavel Egorov is now: Interviewed." in page
    assert "Met on Tuesday." in page


def test_an_unconfirmed_applicant_cannot_be_interviewed(client, coordinator, applicant):
    client.force_login(coordinator)
    response = client.post(move_url(applicant), {"to_status": "interviewed", "note": "Called"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dmitry Volkov has not confirmed their email address yet." in html
    # The page is the record again, with what was typed.
    assert ">\nCalled</textarea>" in html
    applicant.refresh_from_db()
    assert applicant.status == Status.APPLIED
    assert not VolunteerStep.objects.exists()
    assert not AuditEntry.objects.filter(verb="network.volunteer_moved").exists()


def test_an_unconfirmed_applicant_can_be_set_aside(client, coordinator, applicant):
    client.force_login(coordinator)
    assert client.post(move_url(applicant), {"to_status": "left"}).status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Status.LEFT


def test_a_step_out_of_order_is_refused(client, coordinator, branch):
    volunteer = VolunteerFactory(branch=branch, status=Status.APPLIED)
    client.force_login(coordinator)
    response = client.post(move_url(volunteer), {"to_status": "active"})
    assert response.status_code == 400
    assert response.context["move_form"].errors["to_status"]
    volunteer.refresh_from_db()
    assert volunteer.status == Status.APPLIED
    assert volunteer.user is None
    assert not VolunteerStep.objects.exists()


def test_making_active_without_a_branch_is_refused_with_a_message(client, coordinator):
    volunteer = VolunteerFactory(branch=None, status=Status.TRAINED)
    client.force_login(coordinator)
    response = client.post(move_url(volunteer), {"to_status": "active"})
    assert response.status_code == 400
    assert "Choose the volunteer&#x27;s branch before making them active." in (
        response.content.decode()
    )
    volunteer.refresh_from_db()
    assert volunteer.status == Status.TRAINED
    assert volunteer.user is None


def test_making_a_volunteer_active_opens_their_account(
    client, coordinator, branch, mailoutbox, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(
        full_name="Elena Kovaleva",
        email="elena.kovaleva@example.org",
        branch=branch,
        status=Status.TRAINED,
    )
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(volunteer), {"to_status": "active"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == Status.ACTIVE
    assert volunteer.user.email == "elena.kovaleva@example.org"
    assert [mail.to for mail in mailoutbox] == [["elena.kovaleva@example.org"]]


def test_a_caseworker_cannot_vet(client, caseworker, active):
    client.force_login(caseworker)
    assert client.post(move_url(active), {"to_status": "paused"}).status_code == 403
    assert client.get(edit_url(active)).status_code == 403
    assert client.post(edit_url(active), edit_data(full_name="X")).status_code == 403
    assert client.post(time_url(active), time_data()).status_code == 403
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    assert active.full_name == "Svetlana Morozova"
    assert not TimeEntry.objects.exists()


def test_a_coordinator_of_another_branch_gets_404_on_every_change(
    client, coordinator_other_branch, active
):
    client.force_login(coordinator_other_branch)
    assert client.post(move_url(active), {"to_status": "paused"}).status_code == 404
    assert client.get(edit_url(active)).status_code == 404
    assert client.post(edit_url(active), edit_data(full_name="X")).status_code == 404
    assert client.post(time_url(active), time_data()).status_code == 404
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    assert active.full_name == "Svetlana Morozova"
    assert not TimeEntry.objects.exists()
    assert VolunteerStep.objects.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url", [move_url, edit_url, time_url])
def test_changes_are_not_made_by_get(client, coordinator, active, url):
    client.force_login(coordinator)
    assert client.get(url(active)).status_code == (200 if url is edit_url else 405)


# Correcting the details.


def edit_data(**overrides):
    data = {
        "full_name": "Svetlana Morozova",
        "phone": "+7 912 345-67-89",
        "other_contact": "",
        "country": "RU",
        "city": "Kazan",
        "languages": ["ru"],
        "other_languages": "",
        "skills": ["driving"],
        "other_skills": "",
        "availability": ["weekends"],
        "branch": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_the_edit_form_starts_from_the_record(client, coordinator, branch, active):
    client.force_login(coordinator)
    response = client.get(edit_url(active))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Svetlana Morozova"' in html
    assert 'value="+7 912 345-67-89"' in html
    assert '<option value="RU" selected>' in html
    assert f'<option value="{branch.pk}" selected>' in html
    # The address is how they sign in: shown, never editable.
    assert "svetlana.morozova@example.org" in html
    assert 'name="email"' not in html


def test_correcting_the_details_saves_them(client, coordinator, branch, applicant):
    client.force_login(coordinator)
    response = client.post(
        edit_url(applicant),
        edit_data(
            full_name="Dmitry  Volkov-Sokolov",
            city="Samara",
            skills=["legal", "it"],
            branch=branch.pk,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(applicant)
    applicant.refresh_from_db()
    assert applicant.full_name == "Dmitry Volkov-Sokolov"
    assert applicant.city == "Samara"
    assert sorted(applicant.skills) == ["it", "legal"]
    entry = AuditEntry.objects.get(verb="network.volunteer_updated")
    assert entry.actor == coordinator
    # Names of what changed, never the personal values.
    assert "Samara" not in str(entry.changes)
    assert "city" in entry.changes
    assert (
        "The volunteer&#x27;s details are saved."
        in client.get(detail_url(applicant)).content.decode()
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"full_name": ""}, "full_name"),
        ({"phone": "ring ring"}, "phone"),
        ({"languages": None}, "languages"),
        ({"country": "XX"}, "country"),
        ({"city": ""}, "city"),
        ({"branch": "999999"}, "branch"),
    ],
)
def test_a_bad_value_shows_the_form_again_and_changes_nothing(
    client, coordinator, active, overrides, field
):
    client.force_login(coordinator)
    response = client.post(edit_url(active), edit_data(**{"city": "Typed City", **overrides}))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    html = response.content.decode()
    if field != "city":
        assert 'value="Typed City"' in html
    active.refresh_from_db()
    assert active.city == "Kazan"
    assert not AuditEntry.objects.filter(verb="network.volunteer_updated").exists()


def test_a_coordinator_cannot_move_a_volunteer_to_another_branch(
    client, coordinator, other_branch, applicant
):
    client.force_login(coordinator)
    response = client.post(edit_url(applicant), edit_data(branch=other_branch.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["branch"]
    applicant.refresh_from_db()
    assert applicant.branch != other_branch


def test_an_active_volunteer_must_be_paused_before_moving_branch(
    client, administrator, other_branch, active
):
    client.force_login(administrator)
    response = client.post(edit_url(active), edit_data(branch=other_branch.pk))
    assert response.status_code == 400
    assert "Pause the volunteer before moving them to another branch" in (response.content.decode())
    active.refresh_from_db()
    assert active.branch != other_branch


# Logging time for a volunteer.


def time_data(**overrides):
    data = {
        "date": today().isoformat(),
        "hours": "3.5",
        "activity": "shelter",
        "operation": "",
        "note": "Drove supplies to the shelter.",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_a_coordinator_logs_time_for_a_volunteer(client, coordinator, active):
    client.force_login(coordinator)
    response = client.post(time_url(active), time_data())
    assert response.status_code == 302
    assert response["Location"] == detail_url(active)
    entry = TimeEntry.objects.get()
    assert entry.volunteer == active
    assert entry.hours == Decimal("3.5")
    assert entry.recorded_by == coordinator
    assert AuditEntry.objects.filter(verb="network.time_logged", actor=coordinator).exists()
    page = client.get(detail_url(active)).content.decode()
    assert "The time is logged." in page
    assert "Drove supplies to the shelter." in page
    assert "3.50 hours this year, 3.50 in all." in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"date": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()},
            "Time cannot be logged for a day that has not come yet.",
        ),
        ({"hours": "0"}, "Ensure this value is greater than or equal to 0.25."),
        ({"hours": "25"}, "Ensure this value is less than or equal to 24."),
        ({"hours": "lots"}, "Enter a number."),
        ({"date": "yesterday"}, "Enter a valid date."),
        ({"activity": "partying"}, "Select a valid choice."),
    ],
)
def test_time_with_errors_is_refused_with_the_message(
    client, coordinator, active, overrides, message
):
    client.force_login(coordinator)
    response = client.post(time_url(active), time_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # The form is open again with what was typed.
    assert "Drove supplies to the shelter." in html
    assert not TimeEntry.objects.exists()


def test_a_day_has_only_24_hours(client, coordinator, active):
    client.force_login(coordinator)
    assert client.post(time_url(active), time_data(hours="20")).status_code == 302
    response = client.post(time_url(active), time_data(hours="5"))
    assert response.status_code == 400
    assert "A day has 24 hours: 20" in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_time_is_not_logged_for_an_applicant(client, coordinator, branch):
    volunteer = VolunteerFactory(branch=branch, status=Status.CHECKED)
    client.force_login(coordinator)
    assert client.get(detail_url(volunteer)).context["time_form"] is None
    response = client.post(time_url(volunteer), time_data())
    assert response.status_code == 400
    assert "Time can be logged only for a volunteer who has been vetted." in (
        response.content.decode()
    )
    assert not TimeEntry.objects.exists()


def test_time_can_only_name_an_operation_the_volunteer_was_on(
    client, coordinator, branch, volunteer
):
    record = volunteer.volunteer_record
    own = OperationFactory(branch=branch, lead=coordinator)
    TeamMemberFactory(operation=own, user=volunteer)
    elsewhere = OperationFactory(branch=branch, lead=coordinator)
    client.force_login(coordinator)
    refused = client.post(time_url(record), time_data(operation=str(elsewhere.pk)))
    assert refused.status_code == 400
    assert refused.context["time_form"].errors["operation"]
    accepted = client.post(time_url(record), time_data(operation=str(own.pk)))
    assert accepted.status_code == 302
    assert TimeEntry.objects.get().operation == own


# A volunteer's own page.


@pytest.fixture
def work(branch, coordinator, volunteer):
    """What the volunteer persona is doing: an operation, an open case with a task, and a case
    that is closed (with a task of its own, still open)."""
    operation = OperationFactory(branch=branch, lead=coordinator, title="Kiln exit at dawn")
    TeamMemberFactory(operation=operation, user=volunteer)
    open_case = CaseFactory(branch=branch, created_by=coordinator, title="Brick kiln")
    AssignmentFactory(case=open_case, user=volunteer)
    task = TaskFactory(case=open_case, owner=volunteer, title="Call the family on Friday")
    TaskFactory(case=open_case, owner=volunteer, title="Already done task", done_at=timezone.now())
    closed_case = CaseFactory(
        branch=branch,
        created_by=coordinator,
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.EXITED,
        closed_at=timezone.now(),
    )
    AssignmentFactory(case=closed_case, user=volunteer)
    return {"operation": operation, "open": open_case, "closed": closed_case, "task": task}


def test_a_volunteer_sees_their_operations_cases_and_tasks(client, volunteer, work):
    client.force_login(volunteer)
    response = client.get(OWN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert work["operation"].reference in html
    assert work["operation"].get_absolute_url() in html
    assert work["open"].reference in html
    assert "Call the family on Friday" in html
    assert "Already done task" not in html
    assert work["closed"].reference not in html
    assert "Active" in html


def test_the_own_page_shows_only_the_volunteers_own_data(client, branch, coordinator, volunteer):
    other = UserFactory(
        full_name="Roman Belov",
        email="roman.belov@example.org",
        roles=[Role.VOLUNTEER],
        branches=[branch],
    )
    operation = OperationFactory(branch=branch, lead=coordinator)
    TeamMemberFactory(operation=operation, user=other)
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=other)
    TaskFactory(case=case, owner=other, title="Roman's secret task")
    TimeEntry.objects.create(
        volunteer=other.volunteer_record,
        date=today(),
        hours=7,
        activity=TimeEntry.Activity.OTHER,
        note="Roman's shift",
        recorded_by=other,
    )
    client.force_login(volunteer)
    html = client.get(OWN_URL).content.decode()
    for secret in (
        "Roman",
        "roman.belov",
        operation.reference,
        case.reference,
        "secret task",
        "7 hours",
    ):
        assert secret not in html, secret
    assert "0 hours this year, 0 in all." in html


def test_a_volunteer_logs_their_own_time(client, volunteer, work):
    client.force_login(volunteer)
    response = client.post(
        "/workspace/volunteering/time/",
        time_data(hours="2", operation=str(work["operation"].pk), activity="operation"),
    )
    assert response.status_code == 302
    assert response["Location"] == OWN_URL
    entry = TimeEntry.objects.get()
    assert entry.volunteer == volunteer.volunteer_record
    assert entry.recorded_by == volunteer
    assert entry.operation == work["operation"]
    page = client.get(OWN_URL).content.decode()
    assert "Thank you: the time is logged." in page
    assert "2 hours this year, 2 in all." in page


def test_a_volunteer_cannot_log_time_for_a_day_to_come(client, volunteer):
    client.force_login(volunteer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post("/workspace/volunteering/time/", time_data(date=tomorrow.isoformat()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Time cannot be logged for a day that has not come yet." in html
    assert f'value="{tomorrow.isoformat()}"' in html
    assert not TimeEntry.objects.exists()


def test_a_paused_volunteer_still_sees_their_page_and_logs_time(client, branch):
    paused = UserFactory(roles=[Role.VOLUNTEER], branches=[branch], volunteer_status=Status.PAUSED)
    client.force_login(paused)
    html = client.get(OWN_URL).content.decode()
    assert "You are paused" in html
    assert client.post("/workspace/volunteering/time/", time_data()).status_code == 302


@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "administrator"])
def test_staff_without_a_volunteer_record_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(OWN_URL).status_code == 404
    assert client.post("/workspace/volunteering/time/", time_data()).status_code == 404
    assert not TimeEntry.objects.exists()


def test_a_volunteer_account_made_without_vetting_gets_404(client, branch):
    user = UserFactory(roles=[Role.VOLUNTEER], branches=[branch], volunteer_status=NO_RECORD)
    client.force_login(user)
    assert client.get(OWN_URL).status_code == 404


def test_a_volunteer_cannot_log_time_on_someone_elses_record(client, branch, volunteer):
    other = UserFactory(roles=[Role.VOLUNTEER], branches=[branch])
    client.force_login(volunteer)
    response = client.post(time_url(other.volunteer_record), time_data())
    assert response.status_code in (403, 404)
    assert not TimeEntry.objects.exists()


def test_an_editor_has_no_own_page(client, editor):
    client.force_login(editor)
    assert client.get(OWN_URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_from_the_own_page(client):
    assert client.get(OWN_URL).status_code == 302


# With CSRF checks on, as in a browser: every form on these pages carries a real token.

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(r'<form [^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.DOTALL)


def csrf_tokens(response):
    """The CSRF token in each POST form of a page, by the form's action."""
    return {
        action: CSRF_INPUT.search(body).group(1)
        for action, body in FORM.findall(response.content.decode())
        if CSRF_INPUT.search(body)
    }


def _signed_in_browser(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def test_the_record_forms_work_with_csrf_checks_on(coordinator, active):
    browser = _signed_in_browser(coordinator)
    tokens = csrf_tokens(browser.get(detail_url(active)))
    response = browser.post(
        time_url(active), {**time_data(), "csrfmiddlewaretoken": tokens[time_url(active)]}
    )
    assert response.status_code == 302
    response = browser.post(
        move_url(active), {"to_status": "paused", "csrfmiddlewaretoken": tokens[move_url(active)]}
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == Status.PAUSED
    assert TimeEntry.objects.count() == 1


def test_the_own_time_form_works_with_csrf_checks_on(volunteer):
    browser = _signed_in_browser(volunteer)
    token = csrf_tokens(browser.get(OWN_URL))["/workspace/volunteering/time/"]
    response = browser.post(
        "/workspace/volunteering/time/", {**time_data(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get().recorded_by == volunteer
