import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory


def test_login_page_works_for_anonymous_users(client):
    assert client.get(reverse("accounts:login")).status_code == 200


def test_logging_in_with_email_leads_to_the_workspace(client, coordinator):
    response = client.post(
        reverse("accounts:login"),
        {"username": "COORDINATOR@example.org", "password": "password"},
    )
    assert response.status_code == 302
    assert response.url == reverse("workspace:dashboard")


def test_wrong_password_shows_the_form_again_with_the_email(client, coordinator):
    response = client.post(
        reverse("accounts:login"), {"username": "coordinator@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"coordinator@example.org" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("workspace:dashboard")).status_code == 302


@pytest.mark.django_db
def test_password_reset_mail_is_sent_by_the_job_in_the_users_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="anna@example.org", language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert "пароль" in mailoutbox[0].subject


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password-reset-done")
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_link_in_the_reset_mail_sets_a_new_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "anna@example.org"})
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "correct-horse-9-battery", "new_password2": "correct-horse-9-battery"},
    )
    assert response.url == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("correct-horse-9-battery")


def test_password_change_needs_the_old_password(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("team:password-change"),
        {
            "old_password": "wrong",
            "new_password1": "correct-horse-9-battery",
            "new_password2": "correct-horse-9-battery",
        },
    )
    assert response.status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password("password")


def test_password_change_with_the_old_password_works(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("team:password-change"),
        {
            "old_password": "password",
            "new_password1": "correct-horse-9-battery",
            "new_password2": "correct-horse-9-battery",
        },
    )
    assert response.url == reverse("team:password-change-done")
    caseworker.refresh_from_db()
    assert caseworker.check_password("correct-horse-9-battery")
