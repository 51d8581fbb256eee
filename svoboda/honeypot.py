"""The honeypot field of the public forms: hidden from people, filled in by many bots.

It sits in a block that CSS hides and screen readers skip (class "hp", aria-hidden), is left out
of the keyboard order, and asks browsers not to fill it in. It never shows a value back, so a
form that comes back because of it can simply be sent again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class NeverFilledTextInput(forms.TextInput):
    def format_value(self, value):
        return None


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", NeverFilledTextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        # Whatever a bot puts in (a NUL byte, say) counts as "filled", never as an error on a
        # field nobody can see.
        self.validators = []
