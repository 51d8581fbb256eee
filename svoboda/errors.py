"""Errors that actions raise when a business rule is broken.

Views turn a DomainError into a form error with its (translated) message; it never becomes a 500.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    message = _("This action is not possible.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
