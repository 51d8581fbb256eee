"""Errors that actions raise when a business rule says no.

A view turns a DomainError into a message on the form (`form.add_error(None, error.message)`),
so the message is written for the person using the form and is translatable.
"""


class DomainError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
