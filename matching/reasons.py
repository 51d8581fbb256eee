"""Why two records may be one person, as the pages and reports say it (matching.scoring gives
the codes)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "name": pgettext_lazy("match reason", "name"),
    "birth_year": pgettext_lazy("match reason", "year of birth"),
    "phone": pgettext_lazy("match reason", "phone"),
    "document": pgettext_lazy("match reason", "document"),
    "years_apart": pgettext_lazy("match reason", "years of birth far apart"),
}


def label(reason):
    return str(LABELS.get(reason, reason))
