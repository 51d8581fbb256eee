"""Forms for the people pages: they check the shape of the input; cases.actions checks the rules.

Not ModelForms: validating must not touch the person before the action runs.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import Branch, User
from cases.actions import PERSON_FIELDS
from cases.htcds import Gender
from cases.models import Contact, IdentityDocument, Person, PersonAlias
from svoboda.countries import CountrySelect

OLDEST_BIRTH_YEAR = 1900
OLDEST_AGE = 120
MAX_ALIASES = 30


def _field(model, name, **options):
    return model._meta.get_field(name).formfield(**options)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone or document number"),
        required=False,
        max_length=200,
        help_text=_(
            "Any spelling, in Cyrillic or Latin letters, in any order; add a year of birth to "
            "leave out people born long before or after."
        ),
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    # The 250 countries from a cache, not rendered option by option (svoboda.countries).
    citizenship = forms.ChoiceField(
        label=_("Citizenship"), required=False, widget=CountrySelect(blank_label=_("Any"))
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Any")), *Gender.choices]
        self.fields["citizenship"].choices = [("", _("Any")), *countries]
        self.fields["branch"].queryset = branches

    def filters(self):
        """Keyword arguments for cases.queries.find_people; none when the input is invalid."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "gender": data["gender"],
            "citizenship": data["citizenship"],
            "branch": data["branch"],
        }


class PersonForm(forms.Form):
    given_name = _field(Person, "given_name")
    patronymic = _field(Person, "patronymic")
    family_name = _field(Person, "family_name")
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=MAX_ALIASES * 301,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Other spellings, nicknames, earlier names: one per line."),
    )
    gender = _field(Person, "gender")
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=OLDEST_BIRTH_YEAR
    )
    age_estimate = forms.IntegerField(
        label=_("Estimated age"),
        required=False,
        min_value=0,
        max_value=OLDEST_AGE,
        help_text=_("When the year of birth is not known."),
    )
    citizenship = _field(Person, "citizenship")
    languages = _field(Person, "languages")
    description = _field(Person, "description")

    @classmethod
    def for_person(cls, person, aliases):
        """An unbound form showing the person's record as it is."""
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["citizenship"] = [country.code for country in person.citizenship]
        initial["aliases"] = "\n".join(aliases)
        return cls(initial=initial)

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.now().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year

    def clean_aliases(self):
        names = [line.strip() for line in self.cleaned_data["aliases"].splitlines()]
        names = list(dict.fromkeys(name for name in names if name))
        limit = PersonAlias._meta.get_field("name").max_length
        if any(len(name) > limit for name in names):
            raise forms.ValidationError(
                _("Each name can be at most %(limit)s characters long.") % {"limit": limit}
            )
        if len(names) > MAX_ALIASES:
            raise forms.ValidationError(
                _("Enter at most %(limit)s other names.") % {"limit": MAX_ALIASES}
            )
        return names

    def clean(self):
        cleaned = super().clean()
        has_name = cleaned.get("given_name") or cleaned.get("family_name")
        # Only when the name fields themselves are valid, so one problem gets one message.
        names_valid = "given_name" not in self.errors and "family_name" not in self.errors
        if not has_name and names_valid:
            raise forms.ValidationError(_("Enter a given name or a family name."))
        return cleaned

    def person_fields(self):
        """Keyword arguments for actions.update_person."""
        data = self.cleaned_data
        fields = {name: data[name] for name in PERSON_FIELDS}
        return {**fields, "aliases": data["aliases"]}


class ContactForm(forms.Form):
    kind = _field(Contact, "kind")
    value = _field(Contact, "value")
    note = _field(Contact, "note")
    is_safe = _field(Contact, "is_safe")


class DocumentForm(forms.Form):
    kind = _field(IdentityDocument, "kind")
    number = _field(IdentityDocument, "number")
    issuing_country = _field(IdentityDocument, "issuing_country")
    expires_on = _field(
        IdentityDocument,
        "expires_on",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    is_withheld = _field(IdentityDocument, "is_withheld")


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Hand everything over to"), queryset=User.objects.none()
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = targets
