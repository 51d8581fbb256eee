from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from audit.verbs import VERBS


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (email contains)"), required=False, max_length=254)
    verb = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ModelChoiceField(
        label=_("Object type"), queryset=ContentType.objects.none(), required=False
    )
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("Any")), *sorted(VERBS.items())]
        self.fields["target_type"].queryset = ContentType.objects.order_by("app_label", "model")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data.get("verb"):
            entries = entries.filter(verb=data["verb"])
        if data.get("target_type"):
            entries = entries.filter(target_type=data["target_type"])
        if data.get("target_id"):
            entries = entries.filter(target_id=data["target_id"])
        if data.get("since"):
            entries = entries.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries
