"""`{{ reason|reason_label }}`: a match reason code in the reader's language."""

from django import template

from matching.reasons import label

register = template.Library()


@register.filter
def reason_label(reason):
    return label(reason)
