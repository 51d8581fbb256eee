"""Model fields whose values are Fernet-encrypted in the database (see svoboda.encryption).

The model and forms see plain text; the column holds a token. Both fields are text columns
whatever their max_length (a token is about 4/3 of the plaintext plus 73 characters), and
max_length binds the plain text, in forms and in full_clean().

A query cannot compare ciphertext with anything, so every lookup but `isnull` raises FieldError
instead of quietly matching nothing. Ordering by an encrypted field would sort tokens: don't.
"""

from django.core.exceptions import FieldError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

from svoboda.encryption import decrypt_text, encrypt_text


class EncryptedMixin:
    encrypted = True

    def get_internal_type(self):
        return "TextField"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: the database cannot compare it "
            f"({lookup_name!r}). Filter on another field, or add a keyed-hash column."
        )

    def get_transform(self, lookup_name):
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: it has no {lookup_name!r} transform."
        )

    @cached_property
    def validators(self):
        validators = list(super().validators)
        if self.max_length and not any(isinstance(v, MaxLengthValidator) for v in validators):
            validators.append(MaxLengthValidator(self.max_length))
        return validators


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField stored encrypted."""


class EncryptedCharField(EncryptedMixin, models.TextField):
    """A one-line text (a CharField in forms) stored encrypted in a text column."""

    def formfield(self, **kwargs):
        defaults = {"max_length": self.max_length}
        if self.null:
            defaults["empty_value"] = None
        # Field.formfield, skipping TextField's Textarea: a one-line input, as before.
        return super(models.TextField, self).formfield(**{**defaults, **kwargs})


class EncryptedDecimalField(EncryptedMixin, models.DecimalField):
    """A DecimalField (coordinates) stored encrypted in a text column."""

    def get_db_prep_value(self, value, connection, prepared=False):
        # Already a token: no decimal adaptation by the database backend.
        return value if prepared else self.get_prep_value(value)

    def from_db_value(self, value, expression, connection):
        return self.to_python(super().from_db_value(value, expression, connection))


def encrypted_fields(model):
    """The model's own encrypted fields."""
    return [field for field in model._meta.concrete_fields if getattr(field, "encrypted", False)]


__all__ = ["EncryptedCharField", "EncryptedDecimalField", "EncryptedTextField", "encrypted_fields"]
