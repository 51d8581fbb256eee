"""Forms for the editors' pages. They check the shape of the input; publishing.actions checks the
rules (workflow, unique addresses, translations) and raises DomainError when one says no."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.models import Article, Category, Tag

# The fields an editor types, in the order of the form; the language is chosen only when an
# article is started, never changed afterwards (its versions are other articles).
TEXT_INPUTS = [
    "kind",
    "category",
    "title",
    "slug",
    "summary",
    "body",
    "tags",
    "source_name",
    "source_url",
]
TAG_NAME_LENGTH = Tag._meta.get_field("name").max_length


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or text"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Article.Status.choices]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = _("Any category")

    def filters(self):
        """Keyword arguments for publishing.queries.articles_for_editors; valid ones only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", ""),
            "status": data.get("status", ""),
            "language": data.get("language", ""),
            "category": data.get("category"),
        }


class TagNamesField(forms.CharField):
    """Tag names typed with commas between them, as a list of names."""

    def to_python(self, value):
        value = super().to_python(value)
        return [" ".join(name.split()) for name in value.split(",") if name.strip()]

    def validate(self, value):
        super().validate(value)
        for name in value:
            if len(name) > TAG_NAME_LENGTH:
                raise forms.ValidationError(
                    _("A tag can be at most %(limit)d characters long: “%(name)s” is longer."),
                    params={"limit": TAG_NAME_LENGTH, "name": name},
                )


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        # An address typed without its scheme is read as https://.
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ArticleForm(forms.Form):
    """An article's text and details. With `languages`, it also asks for the language (a new
    article); without, the language is already decided (editing, translating)."""

    def __init__(self, *args, languages=None, rescue_report=False, **kwargs):
        super().__init__(*args, **kwargs)
        if languages:
            self.fields["language"] = forms.ChoiceField(label=_("Language"), choices=languages)
        fields = forms.fields_for_model(
            Article,
            fields=[name for name in TEXT_INPUTS if name not in ("slug", "tags")],
            widgets={
                "summary": forms.Textarea(attrs={"rows": 3}),
                "body": forms.Textarea(attrs={"rows": 18}),
            },
            formfield_callback=_formfield,
        )
        fields["category"].queryset = Category.objects.all()
        fields["slug"] = forms.CharField(
            label=_("Address"),
            required=False,
            max_length=Article._meta.get_field("slug").max_length,
            help_text=_(
                "The last part of the page's address, such as forced-labour-report-2025. "
                "Leave it empty to make it from the title."
            ),
        )
        fields["tags"] = TagNamesField(
            label=_("Tags"),
            required=False,
            max_length=1000,
            help_text=_("Separate tags with commas, such as: construction, Moscow region."),
        )
        fields["source_name"].help_text = _("For press mentions: the newspaper, site or channel.")
        # Rescue reports are started from an operation (publishing.rescue_reports), never by
        # choosing the kind, and stay rescue reports.
        fields["kind"].choices = [
            choice for choice in fields["kind"].choices if choice[0] != Article.Kind.RESCUE_REPORT
        ]
        for name in TEXT_INPUTS:
            if not (rescue_report and name == "kind"):
                self.fields[name] = fields[name]

    @classmethod
    def initial_for(cls, article):
        initial = {name: getattr(article, name) for name in TEXT_INPUTS if name != "tags"}
        if article.kind == Article.Kind.RESCUE_REPORT:
            del initial["kind"]
        initial["tags"] = ", ".join(tag.name for tag in article.tags.all())
        return initial

    def clean_slug(self):
        # Addresses are compared as the action will store them, so "News-1" is "news-1".
        return slugify(self.cleaned_data["slug"], allow_unicode=True)


class PublishForm(forms.Form):
    """Publish now (no time), or from a later time in the workspace's time zone."""

    publish_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].label = gettext("Publication time (%(zone)s time)") % {
            "zone": timezone.get_current_timezone_name()
        }
        self.fields["publish_at"].help_text = gettext(
            "Readers see the article from this time. A time that has passed publishes it now."
        )


class ConfirmAnonymisationForm(forms.Form):
    """An editor's confirmation that a rescue report, as they read it, identifies nobody."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    checked = forms.BooleanField(
        label=_(
            "I have read the whole report and the list above: it names no survivor, reporter or "
            "witness, and gives no address, phone or document number, place or detail that could "
            "identify them."
        ),
        error_messages={"required": _("Tick the box to confirm that you checked the report.")},
    )
