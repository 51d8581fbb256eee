"""Shelters: the registry of safe places (the organisation's own and partners'), and who stays
where.

A shelter's street address is what exploiters look for. It lives apart from the shelter, in
ShelterAddress, which has no reverse accessor (a template cannot print it by mistake), and is read
only through shelters.queries.read_shelter_address, which checks the rule and writes an audit
entry. Everywhere else a shelter shows its city and country.

Occupancy is never stored: it is counted from placements, so it cannot drift. A placement holds a
place from `start_on` up to, not including, `end_on` (the day the person left), so someone
leaving and someone arriving on the same day share one place.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Branch, TimestampedModel
from svoboda.encryption.fields import EncryptedTextField
from svoboda.model_fields import ChoiceListField


class Shelter(TimestampedModel):
    class Takes(models.TextChoices):
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        CHILDREN = "children", _("Children")
        FAMILIES = "families", _("Families")

    name = models.CharField(_("name"), max_length=200)
    # No partner: the organisation runs the shelter itself.
    operator = models.ForeignKey(
        "network.Partner",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shelters",
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("responsible branch"),
        on_delete=models.PROTECT,
        related_name="shelters",
        help_text=_("Its coordinators keep the record up to date and may see the address."),
    )
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    takes = ChoiceListField(_("who they take"), item_choices=Takes.choices, blank=False)
    capacity = models.PositiveIntegerField(_("places"))
    contact = models.TextField(
        _("office contact"),
        max_length=2000,
        blank=True,
        # A TextField's max_length binds only forms; the validator makes full_clean() hold it too.
        validators=[MaxLengthValidator(2000)],
        help_text=_("Office phone or email. Never the street address, never a survivor's details."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        permissions = [
            ("view_shelter_address", _("Can see shelter addresses")),
            ("override_capacity", _("Can place beyond capacity")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="shelters_capacity_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shelters:shelter-detail", args=[self.pk])

    def get_takes_display(self):
        return self._meta.get_field("takes").labels(self.takes)


class ShelterAddress(models.Model):
    """The street address of a shelter: read it only through shelters.queries."""

    shelter = models.OneToOneField(
        Shelter,
        verbose_name=_("shelter"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    street_address = EncryptedTextField(
        _("street address"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shelter address")
        verbose_name_plural = _("shelter addresses")

    def __str__(self):
        return str(self.pk)


class Placement(TimestampedModel):
    """A person's stay in a shelter; `end_on` is empty while they stay."""

    shelter = models.ForeignKey(
        Shelter, verbose_name=_("shelter"), on_delete=models.PROTECT, related_name="placements"
    )
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="shelter_placements",
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    # Free text that may name people: kept here, never written into the audit trail.
    over_capacity_reason = models.TextField(
        _("why beyond capacity"),
        max_length=1000,
        blank=True,
        validators=[MaxLengthValidator(1000)],
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-start_on", "-created_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["shelter", "start_on"], name="shelters_placement_shelter_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="shelters_placement_dates_in_order",
            ),
            # Overlaps in general are refused by actions.place_person; the database holds the
            # case it can: never two open-ended stays of one person.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_on__isnull=True),
                name="shelters_one_open_placement_per_person",
            ),
        ]

    def __str__(self):
        return str(self.pk)

    @property
    def is_over_capacity(self):
        return bool(self.over_capacity_reason)
