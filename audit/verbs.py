"""Every audit verb, with the label the audit screen shows. Apps add theirs here.

A verb is `app.noun_pastverb`. record() refuses verbs missing from this list, so a typo in an
action fails its test instead of writing an entry nobody can filter for.
"""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "accounts.profile_updated": _("Profile updated"),
}


def label_for(verb):
    return VERBS.get(verb, verb)
