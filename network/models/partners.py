"""Partner organisations: one registry for referrals, shelters and joint operations.

Issue 6 adds the workspace pages, contacts and the history of work with each partner; the
referral and shelter features link here from the start so that there is never a second list.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from accounts.models import TimestampedModel


class Partner(TimestampedModel):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        INTERNATIONAL = "international", _("International organisation")
        GOVERNMENT = "government", _("Government body")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        SHELTER = "shelter", _("Shelter")
        CONSULATE = "consulate", _("Embassy or consulate")
        MEDIA = "media", _("Media")
        OTHER = "other", pgettext_lazy("partner kind", "Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    services = models.TextField(_("services they offer"), max_length=2000, blank=True)
    contact = models.TextField(
        _("how to reach them"),
        max_length=2000,
        blank=True,
        help_text=_("Office contacts only; never a survivor's details."),
    )
    agreement_signed_on = models.DateField(_("memorandum signed"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("memorandum ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:partner-detail", args=[self.pk])
