"""A model field for "several of these apply" answers that both SQLite and PostgreSQL can filter.

The codes are stored in one text column as " code1 code2 ", so finding every row with one code
is a plain LIKE on both databases (JSON containment is PostgreSQL-only), and the values stay
readable in a dump. Use `has_choice("field", code)` to filter.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.CharField):
    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = [(value, str(label)) for value, label in self.item_choices]
        if kwargs.get("max_length") == 400:
            del kwargs["max_length"]
        # This field's default for blank is True (Field's is False), so False must be spelled out.
        if self.blank:
            kwargs.pop("blank", None)
        else:
            kwargs["blank"] = False
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, (list, tuple)):
            # A crafted form can repeat a value; each code counts once.
            return list(dict.fromkeys(value))
        return value.split()

    def get_prep_value(self, value):
        # A plain string is a lookup argument such as " forced_labour " and passes through.
        if isinstance(value, str) or value is None:
            return value
        value = list(dict.fromkeys(value))
        return " " + " ".join(value) + " " if value else ""

    def value_to_string(self, obj):
        return " ".join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        known = {code for code, _label in self.item_choices}
        unknown = [code for code in value if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(value)s."), code="invalid_choice", params={"value": unknown[0]}
            )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # CharField's max-length check would count the list's items; count the stored text.
        stored = self.get_prep_value(value) or ""
        if len(stored) > self.max_length:
            raise ValidationError(
                _("Too many choices."), code="max_length", params={"value": value}
            )

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value", "coerce"):
            defaults.pop(key, None)
        return form_class(**defaults)

    def labels(self, values):
        labels = dict(self.item_choices)
        return [labels.get(code, code) for code in values]


def has_choice(field_name, code):
    """A filter for rows whose ChoiceListField `field_name` includes `code`."""
    return models.Q(**{f"{field_name}__contains": f" {code} "})
