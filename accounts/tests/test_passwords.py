"""Passwords: the organisation's name and its cities are refused; no rule on kinds of characters."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.tests.factories import BranchFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password", ["Svoboda-2026!", "моя-СВОБОДА-навсегда", "harare branch 2026", "x-ulaanbaatar-x"]
)
def test_the_organisations_name_and_cities_are_refused(password, settings):
    BranchFactory(name="Harare", city="Harare")
    BranchFactory(name="Ulaanbaatar", city="Ulaanbaatar")
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "one of the first words anyone would try" in str(refused.value)


def test_words_of_the_deployment_are_refused_too(settings):
    settings.PASSWORD_CONTEXT_WORDS = ["Nadezhda Shelter"]
    with pytest.raises(ValidationError):
        validate_password("nadezhdashelter-77-blue")


def test_a_long_password_of_digits_only_is_accepted():
    """ASVS 6.2.5: no composition rules; length and the lists of bad passwords do the work."""
    validate_password("4839201756384920")


def test_an_ordinary_long_passphrase_is_accepted():
    BranchFactory(name="Moscow", city="Moscow")
    validate_password("correct-horse-9-battery")
