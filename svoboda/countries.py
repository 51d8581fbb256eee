"""A country list that renders fast: the help form and the people filter offer all 250 countries.

Rendering 250 <option>s through Django's widget templates took about half of the help form
page's time (8 ms of 15) and a third of the people list's. The options only change with the
language, the first option's label and the rare country chosen in a form sent back, so they are
built once per combination and kept.
"""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django_countries import countries


@lru_cache(maxsize=128)
def _options(language, selected, blank_label):
    def option(code, name):
        if code == selected:
            return format_html('<option value="{}" selected>{}</option>', code, name)
        return format_html('<option value="{}">{}</option>', code, name)

    with translation.override(language):
        choices = [("", blank_label), *countries]
        return format_html_join("", "{}", ((option(code, name),) for code, name in choices))


class CountrySelect(forms.Select):
    """Django's Select for the choices "" (labelled `blank_label`, a lazy translation) followed
    by every country. The choices given to the field must be those."""

    def __init__(self, *args, blank_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.blank_label = blank_label

    def render(self, name, value, attrs=None, renderer=None):
        selected = value[0] if isinstance(value, (list, tuple)) and value else value
        selected = str(selected or "")
        if selected and selected not in countries:
            selected = None  # no option chosen, as Django does; only real codes reach the cache
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            _options(translation.get_language(), selected, str(self.blank_label)),
        )
