"""Forms for the editors' event pages. They check the shape of the input; publishing.event_actions
checks the rules (unique addresses, translations, programme inside the event) and raises
DomainError when one says no."""

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.event_actions import EVENT_FIELDS, PROGRAMME_TEXTS
from publishing.models import Event, ProgrammeItem

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# The fields an editor types, in the order of the form. The language is chosen only when an event
# is announced, never changed afterwards (its versions are other events).
INPUTS = [
    "kind",
    "title",
    "slug",
    "summary",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "organisers",
    "co_organisers",
    "description",
    "participants",
    "materials",
    "report",
]


def _zone_help():
    return gettext("In %(zone)s time.") % {"zone": timezone.get_current_timezone_name()}


class EventForm(forms.Form):
    """An event's details. With `languages`, it also asks for the language (a new event or a
    translation); without, the language is already decided. With `slug_locked`, the address is
    shown but not taken from the input: a published event keeps its address."""

    def __init__(self, *args, languages=None, slug_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if languages:
            self.fields["language"] = forms.ChoiceField(label=_("Language"), choices=languages)
        fields = forms.fields_for_model(
            Event,
            fields=[name for name in INPUTS if name != "slug"],
            widgets={
                "summary": forms.Textarea(attrs={"rows": 3}),
                "description": forms.Textarea(attrs={"rows": 10}),
                "participants": forms.Textarea(attrs={"rows": 5}),
                "materials": forms.Textarea(attrs={"rows": 5}),
                "report": forms.Textarea(attrs={"rows": 10}),
                "starts_at": DATETIME_INPUT,
                "ends_at": DATETIME_INPUT,
            },
        )
        fields["slug"] = forms.CharField(
            label=_("Address"),
            required=False,
            max_length=Event._meta.get_field("slug").max_length,
            disabled=slug_locked,
            help_text=(
                _("A published event keeps its address: links to it are already out there.")
                if slug_locked
                else _(
                    "The last part of the page's address, such as round-table-2025. "
                    "Leave it empty to make it from the title."
                )
            ),
        )
        fields["starts_at"].help_text = _zone_help()
        fields["ends_at"].help_text = _zone_help()
        fields["description"].help_text = _("Markdown: **bold**, _italic_, ## headings, lists.")
        for name in INPUTS:
            self.fields[name] = fields[name]

    @classmethod
    def initial_for(cls, event, *, with_slug=True):
        """The form filled in from an event: to edit it, or (without its address) to translate."""
        initial = {name: getattr(event, name) for name in INPUTS}
        if not with_slug:
            initial["slug"] = ""
        return initial

    def clean_slug(self):
        # Addresses are compared as the action will store them, so "Round-Table" is "round-table".
        return slugify(self.cleaned_data["slug"], allow_unicode=True)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return cleaned

    def event_fields(self):
        """Keyword arguments for create_event / update_event."""
        return {name: self.cleaned_data[name] for name in INPUTS if name in EVENT_FIELDS}


# An item's fields as the editor types them, in the order of the form.
PROGRAMME_INPUTS = ["starts_at", "ends_at", "title", "speaker_name", "speaker_organisation"]


class ProgrammeItemForm(forms.Form):
    """One item of the programme: a talk, a panel, a break."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            ProgrammeItem,
            fields=PROGRAMME_INPUTS,
            widgets={"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT},
        )
        fields["starts_at"].help_text = _zone_help()
        self.fields.update(fields)

    @classmethod
    def initial_for(cls, event, programme):
        """The next item most often starts when the last one ends, or when the event starts."""
        last = programme[-1] if programme else None
        starts_at = (last.ends_at or last.starts_at) if last else event.starts_at
        return {"starts_at": starts_at}

    @classmethod
    def initial_from(cls, item):
        """The form filled in from a stored item, to correct it."""
        return {name: getattr(item, name) for name in PROGRAMME_INPUTS}

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The item cannot end before it starts."))
        return cleaned


class ProgrammeTranslationForm(forms.Form):
    """The original's programme on the form of a new version: per item, its title, speaker and
    organisation, filled in with the original's for the translator to translate. The times are
    shown, not asked: event_actions.create_event copies them as they are."""

    prefix = "programme"

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for item in programme:
            names = {}
            # The original's title stays in view in the item's legend, whatever is typed here.
            texts = forms.fields_for_model(ProgrammeItem, fields=PROGRAMME_TEXTS)
            for text, field in texts.items():
                field.initial = getattr(item, text)
                name = f"{item.pk}-{text}"
                self.fields[name] = field
                names[text] = name
            self.items.append((item, names))

    def rows(self):
        """[(original item, [its bound fields])], for the template."""
        return [(item, [self[name] for name in names.values()]) for item, names in self.items]

    def programme_texts(self):
        """{original item pk: {field: text}} for create_event."""
        return {
            item.pk: {text: self.cleaned_data[name] for text, name in names.items()}
            for item, names in self.items
        }
