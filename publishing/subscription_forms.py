from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.models import Category
from svoboda.honeypot import HoneypotField


class SubscribeForm(forms.Form):
    label_suffix = ""
    website = HoneypotField()
    email = forms.EmailField(
        label=_("Email address"),
        # Subscription.email's own limit: a longer address passes EmailValidator but not the model.
        max_length=254,
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("This does not look like an email address. Please check it."),
        },
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one category.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].label_from_instance = lambda category: category.name
