"""Forms for the shelter pages. They check the shape of the input; shelters.actions checks the
rules (capacity, overlapping stays, who may do what)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Person
from network.models import Partner
from shelters.actions import SHELTER_FIELDS
from shelters.models import Placement, Shelter, ShelterAddress

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_CAPACITY = 10_000


class ShelterFilterForm(forms.Form):
    # Choices rather than free text: SQLite compares non-Latin letters case-sensitively.
    city = forms.ChoiceField(label=_("City"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    takes = forms.ChoiceField(label=_("Takes"), required=False)
    free = forms.BooleanField(label=_("Only with free places today"), required=False)

    def __init__(self, *args, cities, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("Any city")), *((city, city) for city in cities)]
        self.fields["country"].choices = [("", _("Any country")), *countries]
        self.fields["takes"].choices = [("", _("Anyone")), *Shelter.Takes.choices]

    def filters(self):
        """Keyword arguments for shelters.queries.find_shelters; none when the input is invalid."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "city": data["city"],
            "country": data["country"],
            "takes": data["takes"],
            "with_free_places": data["free"],
        }


class ShelterForm(forms.Form):
    """A shelter's details and, for a new one or a move, its street address."""

    def __init__(self, *args, branches, is_new, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Shelter,
            fields=SHELTER_FIELDS,
            widgets={"contact": forms.Textarea(attrs={"rows": 3})},
        )
        self.fields["name"] = fields["name"]
        self.fields["operator"] = forms.ModelChoiceField(
            label=_("Run by"),
            queryset=Partner.objects.order_by("name"),
            required=False,
            empty_label=_("Our organisation (own shelter)"),
        )
        self.fields["branch"] = forms.ModelChoiceField(
            label=_("Responsible branch"),
            queryset=branches,
            help_text=Shelter._meta.get_field("branch").help_text,
        )
        if branches.count() == 1:
            self.fields["branch"].initial = branches.first()
        for name in ("city", "country", "takes", "capacity", "contact"):
            self.fields[name] = fields[name]
        self.fields["capacity"] = forms.IntegerField(
            label=_("Places"), min_value=0, max_value=MAX_CAPACITY
        )
        address = ShelterAddress._meta.get_field("street_address")
        self.fields["street_address"] = forms.CharField(
            label=_("Street address"),
            required=False,
            max_length=address.max_length,
            widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            help_text=(
                _("Only people who need it will be able to see it, and every look is recorded.")
                if is_new
                else _(
                    "Leave empty to keep the recorded address. To see it, use “Show address” on "
                    "the shelter page."
                )
            ),
        )

    @classmethod
    def for_shelter(cls, shelter, branches):
        """An unbound form showing the shelter as it is; the address stays hidden."""
        initial = {name: getattr(shelter, name) for name in SHELTER_FIELDS}
        initial["operator"] = shelter.operator_id
        initial["branch"] = shelter.branch_id
        initial["country"] = shelter.country.code
        return cls(initial=initial, branches=branches, is_new=False)

    def shelter_fields(self):
        """Keyword arguments for actions.create_shelter and actions.update_shelter."""
        data = self.cleaned_data
        return {
            "branch": data["branch"],
            "street_address": data["street_address"],
            **{name: data[name] for name in SHELTER_FIELDS},
        }


class PlacementForm(forms.Form):
    """Placing a person: from the shelter page the person is chosen, from the person's page the
    shelter. The override fields are there only for users who may place beyond capacity."""

    def __init__(self, *args, people=None, shelters=None, may_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"] = PersonChoiceField(label=_("Person"), queryset=people)
        if shelters is not None:
            self.fields["shelter"] = forms.ModelChoiceField(label=_("Shelter"), queryset=shelters)
        self.fields["start_on"] = forms.DateField(
            label=_("From"), widget=DATE_INPUT, initial=timezone.localdate
        )
        self.fields["end_on"] = forms.DateField(
            label=_("Until"),
            widget=DATE_INPUT,
            required=False,
            help_text=_("Leave empty while the person stays; record the end when they leave."),
        )
        if may_override:
            reason = Placement._meta.get_field("over_capacity_reason")
            self.fields["override_capacity"] = forms.BooleanField(
                label=_("Place even if the shelter is full"), required=False
            )
            self.fields["over_capacity_reason"] = forms.CharField(
                label=_("Why beyond capacity"),
                required=False,
                max_length=reason.max_length,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Kept with the placement, not in the audit trail."),
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end <= start:
            self.add_error("end_on", _("The stay must end at least one day after it starts."))
        wants_override = cleaned.get("override_capacity")
        reason = cleaned.get("over_capacity_reason") or ""
        if wants_override and not reason and "over_capacity_reason" not in self.errors:
            self.add_error(
                "over_capacity_reason",
                _("Say why the person is placed beyond the shelter's capacity."),
            )
        return cleaned

    def placement_fields(self):
        """Keyword arguments for actions.place_person (without the person or the shelter)."""
        data = self.cleaned_data
        return {
            "start_on": data["start_on"],
            "end_on": data["end_on"],
            "override_capacity": data.get("override_capacity", False),
            "over_capacity_reason": data.get("over_capacity_reason", ""),
        }


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person):
        return _("%(name)s (record %(reference)s)") % {
            "name": obj.full_name,
            "reference": obj.reference,
        }


class EndPlacementForm(forms.Form):
    end_on = forms.DateField(
        label=_("Left on"),
        widget=DATE_INPUT,
        initial=timezone.localdate,
        help_text=_("The day the person left the shelter."),
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement

    def clean_end_on(self):
        end_on = self.cleaned_data["end_on"]
        if end_on < self.placement.start_on:
            raise forms.ValidationError(_("A stay cannot end before it started."))
        return end_on
