import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import Branch, User
from accounts.roles import Role, roles_of

pytestmark = pytest.mark.django_db

DEMO_CITIES = {
    "Moscow",
    "Makhachkala",
    "St Petersburg",
    "Harare",
    "Juba",
    "Tel Aviv",
    "Ulaanbaatar",
}


def seed(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_creates_the_branches_and_one_user_per_role(settings):
    seed(settings)
    assert {b.city for b in Branch.objects.all()} == DEMO_CITIES
    for role in Role:
        user = User.objects.get(email=f"{role.value}@demo.svoboda")
        assert roles_of(user) == [role]


def test_demo_users_log_in_with_the_published_password(settings):
    seed(settings)
    assert authenticate(username="coordinator@demo.svoboda", password="svoboda-demo")


def test_demo_users_pass_the_code_page_with_the_published_demo_key(settings, client):
    """The README's demo key, or `svoboda demo_code`, gets a demo user into the workspace."""
    seed(settings)
    client.post(
        "/accounts/login/", {"username": "caseworker@demo.svoboda", "password": "svoboda-demo"}
    )
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    response = client.post("/accounts/two-factor/", {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 200


def test_demo_code_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code")


def test_running_the_seed_twice_duplicates_nothing(settings):
    seed(settings)
    counts = (Branch.objects.count(), User.objects.count())
    seed(settings)
    assert (Branch.objects.count(), User.objects.count()) == counts


def test_a_second_run_keeps_a_changed_password(settings):
    seed(settings)
    user = User.objects.get(email="editor@demo.svoboda")
    user.set_password("changed-by-the-editor")
    user.save()
    seed(settings)
    user.refresh_from_db()
    assert user.check_password("changed-by-the-editor")


def test_seed_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(email="administrator@demo.svoboda").exists()
