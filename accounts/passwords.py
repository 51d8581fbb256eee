"""A password validator for the words anyone would try first against this organisation.

Django's validators already refuse short passwords, common ones and ones close to the user's own
name or address. An attacker who targets Svoboda also tries the organisation's name and the
cities it works in ("Svoboda2026", "harare-branch"): those are refused too, in either script.
There is no rule on which kinds of characters to use (ASVS 6.2.5): length and these lists do the
work.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.names import fold

# Always refused, whatever the deployment: the name of the software and what it is about.
BUILT_IN_WORDS = ["svoboda", "свобода", "freedom", "password", "пароль"]


class ContextWordsValidator:
    def __init__(self, words=None):
        self.extra_words = words or []

    def _words(self):
        from accounts.models import Branch

        words = [*BUILT_IN_WORDS, *self.extra_words, *settings.PASSWORD_CONTEXT_WORDS]
        for name, city in Branch.objects.values_list("name", "city"):
            words += [name, city]
        return {fold(word) for word in words if len(fold(word)) >= 4}

    def validate(self, password, user=None):
        folded = fold(password).replace(" ", "")
        found = sorted(word for word in self._words() if word.replace(" ", "") in folded)
        if found:
            raise ValidationError(
                _(
                    "The password contains “%(word)s”, one of the first words anyone would try "
                    "against this organisation. Choose a password without it."
                ),
                code="password_has_context_word",
                params={"word": found[0]},
            )

    def get_help_text(self):
        return _(
            "Your password can't contain the name of the organisation or of a city or branch "
            "where it works."
        )
