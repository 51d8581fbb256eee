import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Branch(TimestampedModel):
    """A branch of the movement in one city; the unit that scopes what staff see."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    is_active = models.BooleanField(_("active"), default=True)
    # Off by default: where a branch works can put its people at risk, so showing it on the
    # public network page and in the volunteer sign-up is a decision someone makes.
    shown_publicly = models.BooleanField(
        _("shown on the public site"),
        default=False,
        help_text=_(
            "Show the branch's city and country on the public network page and let volunteers "
            "choose it when they sign up."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            # People would not tell "Moscow" from "moscow"; the database holds the line even when
            # two administrators add the same branch at once (accounts.actions._save_branch).
            models.UniqueConstraint(
                Lower("name"),
                name="accounts_branch_name_unique_ignoring_case",
                violation_error_message=_("A branch with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


def new_session_salt():
    """A fresh value for User.session_salt; changing it ends every session of the user."""
    return secrets.token_hex(16)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        # Addresses are compared case-insensitively everywhere, so store them in one case.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email(username))

    def typed_at_sign_in(self, typed):
        """The account whose address someone typed into a sign-in form, or None (also for
        anything that is not a string, or blank)."""
        if not isinstance(typed, str) or not typed.strip():
            return None
        return self.filter(email__iexact=self.normalize_email(typed)).first()

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff or a volunteer. Logs in with an email address; roles are groups."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("workspace language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="ru",
    )
    branches = models.ManyToManyField(
        Branch, verbose_name=_("branches"), related_name="members", blank=True
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivate instead of deleting: a deactivated user cannot log in."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Part of every session's auth hash (get_session_auth_hash): a new value ends all of the
    # user's sessions on every device in one UPDATE, without touching the password.
    session_salt = models.CharField(
        _("session salt"), max_length=64, default=new_session_salt, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        permissions = [
            ("access_workspace", _("Can use the workspace")),
            ("access_admin", _("Can use the Django administration")),
            ("view_all_branches", _("Can see every branch")),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs):
        # Deactivation ends every session at once. Django's ModelBackend already refuses inactive
        # users on each request; a new salt also makes their sessions useless to any other
        # backend. Only an inactive user's save pays the extra query.
        if self._being_deactivated():
            self.session_salt = new_session_salt()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "session_salt"}
        super().save(*args, **kwargs)

    def _being_deactivated(self):
        return (
            not self.is_active
            and self.pk is not None
            and type(self).objects.filter(pk=self.pk, is_active=True).exists()
        )

    def get_session_auth_hash(self):
        return self._session_auth_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret=fallback_secret)

    def _session_auth_hash(self, secret=None):
        """Django's hash of the password, with the session salt: a new password or a new salt
        each end every other session (django.contrib.auth.get_user compares it per request)."""
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self):
        """Django's flag for the admin site, derived from the administrator role."""
        return self.is_active and self.has_perm("accounts.access_admin")
