import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from accounts.models import User


@pytest.mark.django_db
def test_email_is_stored_in_lower_case():
    user = User.objects.create_user("Anna.K@Example.ORG", "a-long-password", full_name="A")
    assert user.email == "anna.k@example.org"


@pytest.mark.django_db
def test_login_accepts_the_email_in_any_letter_case():
    User.objects.create_user("anna@example.org", "a-long-password", full_name="A")
    assert authenticate(username="ANNA@example.org", password="a-long-password") is not None


@pytest.mark.django_db
def test_two_accounts_cannot_share_an_email_in_different_case():
    User.objects.create_user("anna@example.org", "a-long-password", full_name="A")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ANNA@example.org", full_name="B")])


@pytest.mark.django_db
def test_deactivated_user_cannot_log_in():
    user = User.objects.create_user("anna@example.org", "a-long-password", full_name="A")
    user.is_active = False
    user.save()
    assert authenticate(username="anna@example.org", password="a-long-password") is None


@pytest.mark.django_db
def test_superuser_may_use_the_admin():
    user = User.objects.create_superuser("root@example.org", "a-long-password", full_name="R")
    assert user.is_staff
