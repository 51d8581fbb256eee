"""Forms of the public help pages: the request, the follow-up code, and a message to add.

They check shape only (required answers, lengths, files by their content); storing is done by
intake.actions. The writer may be frightened and on a cheap phone, so every message says what to
do next, and nothing the writer typed is lost when the form comes back.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django_countries import countries

from intake.models import HelpRequest
from svoboda.countries import CountrySelect
from svoboda.honeypot import HoneypotField
from svoboda.uploads import IMAGE_FORMATS, clean_upload, max_upload_size

DESCRIPTION_MAX_LENGTH = 10_000
ACCEPTED_FILES = ",".join([*IMAGE_FORMATS.values(), "application/pdf"])


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list of (upload, content type) pairs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > settings.INTAKE_MAX_FILES:
            raise ValidationError(
                ngettext_lazy(
                    "You can send at most %(limit)d file at a time.",
                    "You can send at most %(limit)d files at a time.",
                    "limit",
                ),
                code="too_many",
                params={"limit": settings.INTAKE_MAX_FILES},
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


class SubmissionTokenField(forms.Field):
    """The form's hidden idempotency token, cleaned to a UUID.

    A form without a valid token (an old copy, a tampered page: too long, a NUL, not a UUID)
    still gets through, once, with a new token: the writer must never be stopped by a field they
    cannot see, and a hidden field's error would be shown nowhere.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        try:
            return uuid.UUID(value if isinstance(value, str) else "")
        except ValueError:
            return uuid.uuid4()


def _text(label, max_length, *, help_text="", required=False, widget=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "max_length": ngettext_lazy(
                "Please shorten this to %(limit_value)d character (it has %(show_value)d).",
                "Please shorten this to %(limit_value)d characters (it has %(show_value)d).",
                "limit_value",
            )
        },
    )


def _description_field(label, *, required, help_text=""):
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Please tell us in a few words what is happening."),
            "max_length": _(
                "The text is too long: at most %(limit_value)s characters, and it has "
                "%(show_value)s. Please shorten it; you can add more later with your code."
            ),
        },
    )
    # No maxlength in the page: a browser would cut a pasted text short without saying so.
    field.widget.attrs.pop("maxlength", None)
    return field


COUNTRY_NOT_KNOWN = _("I don't know / not listed")


def country_choices():
    # A callable, so that the names are in the language of each request, not of start-up.
    return [("", COUNTRY_NOT_KNOWN), *countries]


HONEYPOT_FILLED = _(
    "The form was not sent: a hidden field that must stay empty was filled in, perhaps by your "
    "browser. Your answers are below; please send the form again."
)


class HelpRequestForm(forms.Form):
    label_suffix = ""
    # Generated when the form is first shown; a second copy of the same form finds the request
    # the first one stored (intake.actions.submit_request).
    submission_token = SubmissionTokenField()
    # A filled honeypot sends the form back (HONEYPOT_FILLED) and stores nothing: a flood of bots
    # leaves no rows, and the rare person whose browser filled it in can send the form again.
    website = HoneypotField()

    writer_kind = forms.ChoiceField(
        label=_("Who are you writing about?"),
        choices=HelpRequest.WriterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who you are writing about.")},
    )
    danger = forms.ChoiceField(
        label=_("Is anyone in immediate danger?"),
        choices=HelpRequest.Danger.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer whether anyone is in danger right now.")},
    )
    situations = forms.MultipleChoiceField(
        label=_("What is happening?"),
        help_text=_("Choose everything that applies."),
        choices=HelpRequest.Situation.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one situation, or “Other”.")},
    )
    description = _description_field(
        _("Tell us what happened"),
        required=True,
        help_text=_(
            "Who needs help, what is happening, anything that helps us find the person. "
            "Write in your own words; there are no wrong answers."
        ),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=country_choices,
        required=False,
        widget=CountrySelect(blank_label=COUNTRY_NOT_KNOWN),
    )
    city = _text(_("City or town"), 120)
    place = _text(
        _("Place"),
        500,
        help_text=_("An address, a landmark, the name of a workplace: anything that helps."),
    )
    since_when = _text(_("Since when?"), 200, help_text=_("For example: “since March”."))
    people_count = forms.IntegerField(
        label=_("How many people need help?"),
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    files = MultipleFileField(label=_("Photos or documents (optional)"))

    no_contact = forms.BooleanField(
        label=_("Do not contact me. I will come back with my code."), required=False
    )
    contact_channel = forms.ChoiceField(
        label=_("Contact me by"),
        choices=[("", _("Choose…")), *HelpRequest.ContactChannel.choices],
        required=False,
    )
    contact_handle = _text(
        _("Number, username or address"),
        200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    safe_times = _text(
        _("When is it safe to contact you?"),
        200,
        help_text=_("For example: “weekdays after 8 pm”."),
    )
    write_only = forms.BooleanField(label=_("Do not call me, only write."), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("submission_token"):
            self.initial["submission_token"] = uuid.uuid4()
        self.fields["files"].help_text = files_help_text()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.add_error(None, HONEYPOT_FILLED)
        if cleaned.get("no_contact"):
            # The writer chose no contact at all: whatever they also typed there is not kept.
            cleaned.update(contact_channel="", contact_handle="", safe_times="", write_only=False)
        elif cleaned.get("contact_channel") and not cleaned.get("contact_handle"):
            self.add_error(
                "contact_handle",
                _(
                    "Please write the number or username to reach you at, or tick "
                    "“Do not contact me”."
                ),
            )
        return cleaned

    def submission(self):
        """The keyword arguments of intake.actions.submit_request, apart from the language."""
        data = self.cleaned_data
        return {
            "submission_token": data["submission_token"],
            "files": data["files"],
            "writer_kind": data["writer_kind"],
            "danger": data["danger"],
            "situations": data["situations"],
            "description": data["description"],
            "country": data["country"],
            "city": data["city"],
            "place": data["place"],
            "since_when": data["since_when"],
            "people_count": data["people_count"],
            "no_contact": data["no_contact"],
            "contact_channel": data["contact_channel"],
            "contact_handle": data["contact_handle"],
            "safe_times": data["safe_times"],
            "write_only": data["write_only"],
        }


class FollowUpCodeForm(forms.Form):
    label_suffix = ""
    code = forms.CharField(
        label=_("Your code"),
        max_length=200,
        help_text=_("The words you were given. Capital letters, spaces and hyphens do not matter."),
        error_messages={"required": _("Please type your code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )


class WriterMessageForm(forms.Form):
    label_suffix = ""
    body = _description_field(_("Your message"), required=False)
    files = MultipleFileField(label=_("Photos or documents (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files_help_text()


def files_help_text():
    # Read per form, not at import: the limits are settings.
    count = settings.INTAKE_MAX_FILES
    return ngettext(
        "Photos (JPEG, PNG, WebP) or PDF files: up to %(count)d file of at most %(size)s.",
        "Photos (JPEG, PNG, WebP) or PDF files: up to %(count)d files of at most %(size)s each.",
        count,
    ) % {"count": count, "size": filesizeformat(max_upload_size())}
