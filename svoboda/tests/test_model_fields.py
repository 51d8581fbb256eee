import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from intake.tests.factories import HelpRequestFactory
from svoboda.model_fields import has_choice


@pytest.mark.django_db
def test_a_repeated_choice_is_stored_once():
    request = HelpRequestFactory(situations=["stranded"] * 200)
    request.refresh_from_db()
    assert request.situations == ["stranded"]


@pytest.mark.django_db
def test_rows_are_found_by_one_of_their_choices():
    wanted = HelpRequestFactory(situations=["forced_labour", "stranded"])
    HelpRequestFactory(situations=["forced_begging"])
    found = type(wanted).objects.filter(has_choice("situations", "stranded"))
    assert list(found) == [wanted]


def test_a_value_longer_than_the_column_is_refused():
    field = Case._meta.get_field("exploitation_types")
    with pytest.raises(ValidationError):
        field.run_validators([f"Code{n}" for n in range(100)])


def test_a_required_choice_list_stays_required_in_migrations():
    from svoboda.model_fields import ChoiceListField

    field = ChoiceListField(item_choices=[("a", "A")], blank=False)
    _name, _path, args, kwargs = field.deconstruct()
    assert ChoiceListField(*args, **kwargs).blank is False
