"""Rescue operations: the plan to get people out of exploitation, and what happened.

An operation belongs to a branch and to one or more of that branch's cases. It moves
planning -> ready -> in progress -> completed, or to aborted (with a reason) from any of the
first three. It becomes ready only when every active item of the risk checklist is ticked for
it and a coordinator of the branch has approved the plan; changing the plan withdraws the
approval (operations.actions). Completion records the debrief and the people who left
exploitation (RescuedPerson), which is what "rescued" means in the statistics
(operations.queries.rescued_people).

Who sees what is decided in operations/queries.py: the branch's coordinators and the case
workers who see its cases in full see the whole operation; a team member without that access
sees only what their part in it needs.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Branch, TimestampedModel
from svoboda.encryption.fields import EncryptedDecimalField, EncryptedTextField

CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter currency code, like RUB."))


class Operation(TimestampedModel):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        READY = "ready", pgettext_lazy("operation status", "Ready")
        IN_PROGRESS = "in_progress", pgettext_lazy("operation status", "In progress")
        COMPLETED = "completed", pgettext_lazy("operation status", "Completed")
        ABORTED = "aborted", pgettext_lazy("operation status", "Aborted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short working title. Avoid names: the whole team and lists show it."),
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="operations"
    )
    cases = models.ManyToManyField("cases.Case", verbose_name=_("cases"), related_name="operations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING, db_index=True
    )

    # Where. The place is what the team needs to get there; it is location data, so the audit
    # trail records that it changed, never its value.
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    city = models.CharField(_("city or town"), max_length=200, blank=True)
    address = EncryptedTextField(
        _("address or description of the place"),
        max_length=2000,
        help_text=_("How the team finds the place: an address, or landmarks and directions."),
    )
    latitude = EncryptedDecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = EncryptedDecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    # When.
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends by"), null=True, blank=True)

    # Who and how.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.PROTECT,
        related_name="operations_led",
    )
    brief = EncryptedTextField(
        _("brief for the team"),
        max_length=10_000,
        blank=True,
        help_text=_(
            "What everyone on the team needs to know: meeting point, signals, what to do if "
            "something goes wrong. Volunteers read it: write no survivor's details here."
        ),
    )

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    abort_reason = models.TextField(_("reason for aborting"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_at", "-created_at"]
        verbose_name = _("rescue operation")
        verbose_name_plural = _("rescue operations")
        permissions = [("approve_operation", _("Can approve operation plans"))]
        indexes = [
            models.Index(fields=["branch", "status", "-starts_at"], name="operations_branch_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="operations_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="operations_coordinates_both_or_none",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="operations_approval_has_approver_and_time",
            ),
            # Ready and in progress both need an approved plan.
            models.CheckConstraint(
                condition=~Q(status__in=["ready", "in_progress"]) | Q(approved_at__isnull=False),
                name="operations_ready_is_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="aborted") | ~Q(abort_reason=""),
                name="operations_aborted_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("operations:operation-detail", args=[self.pk])

    @property
    def reference(self):
        return self.pk.hex[:8].upper()

    @property
    def is_approved(self):
        return self.approved_at is not None

    @property
    def is_finished(self):
        return self.status in (self.Status.COMPLETED, self.Status.ABORTED)


class TeamMember(models.Model):
    """Someone on the operation's team, in one role. What they see follows from queries.py."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        DRIVER = "driver", _("Driver")
        NEGOTIATOR = "negotiator", _("Negotiator")
        MEDIC = "medic", _("Medic")
        DOCUMENTER = "documenter", _("Documenter")
        OTHER = "other", pgettext_lazy("team role", "Other")

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.PROTECT,
        related_name="operation_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["role", "added_at"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["operation", "user"], name="operations_member_once")
        ]

    def __str__(self):
        return str(self.user)


class OperationContact(models.Model):
    """Someone outside the team to call: the police, a partner organisation. Never a survivor."""

    class Kind(models.TextChoices):
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        PARTNER = "partner", _("Partner organisation")
        OTHER = "other", pgettext_lazy("operation contact kind", "Other")

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("who"), max_length=200)
    details = models.CharField(
        _("how to reach them"), max_length=500, blank=True, help_text=_("Phone, office, channel.")
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operation_contacts",
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("contact for the operation")
        verbose_name_plural = _("contacts for the operation")

    def __str__(self):
        return self.name


class TransportItem(models.Model):
    """Transport, tickets and other travel costs of the operation."""

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="transport"
    )
    description = models.CharField(_("description"), max_length=300)
    cost = models.DecimalField(
        _("cost"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[CURRENCY_CODE])

    class Meta:
        ordering = ["id"]
        verbose_name = _("transport or ticket")
        verbose_name_plural = _("transport and tickets")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="operations_cost_not_negative")
        ]

    def __str__(self):
        return self.description


class ChecklistItem(models.Model):
    """One question of the risk assessment. Every active item must be ticked for an operation
    before it can be ready; retired items stay (inactive) so old ticks keep their meaning."""

    text_ru = models.CharField(_("text in Russian"), max_length=300)
    text_en = models.CharField(_("text in English"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("risk checklist item")
        verbose_name_plural = _("risk checklist items")

    def __str__(self):
        return self.text

    @property
    def text(self):
        """The text in the language of the page, or in the other language when it is missing."""
        if (get_language() or "").startswith("en"):
            return self.text_en or self.text_ru
        return self.text_ru or self.text_en


class ChecklistTick(models.Model):
    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="ticks"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="ticks"
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["operation", "item"], name="operations_tick_once")
        ]

    def __str__(self):
        return str(self.item_id)


class Debrief(TimestampedModel):
    """What happened, recorded when the operation is completed (operations.actions)."""

    class Outcome(models.TextChoices):
        ALL_OUT = "all_out", _("Everyone we came for left exploitation")
        SOME_OUT = "some_out", _("Some of the people left exploitation")
        NOBODY_OUT = "nobody_out", _("Nobody left exploitation")

    operation = models.OneToOneField(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="debrief"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    summary = EncryptedTextField(_("what happened"), max_length=10_000)
    incidents = EncryptedTextField(
        _("incidents"),
        max_length=10_000,
        blank=True,
        help_text=_("Injuries, threats, contact with the police, anything that went wrong."),
    )
    media_links = models.TextField(
        _("media coverage"),
        max_length=5000,
        blank=True,
        help_text=_("Links to articles or reports about the operation, one per line."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("debrief")
        verbose_name_plural = _("debriefs")

    def __str__(self):
        return self.get_outcome_display()

    @property
    def links(self):
        return [line.strip() for line in self.media_links.splitlines() if line.strip()]


class RescuedPerson(models.Model):
    """A survivor the debrief records as having left exploitation, through one of the cases of
    the operation. These rows are the definition of "rescued" (queries.rescued_people)."""

    debrief = models.ForeignKey(
        Debrief, verbose_name=_("debrief"), on_delete=models.CASCADE, related_name="rescued"
    )
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="rescues",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="rescues"
    )

    class Meta:
        verbose_name = _("person who left exploitation")
        verbose_name_plural = _("people who left exploitation")
        constraints = [
            models.UniqueConstraint(fields=["debrief", "person"], name="operations_rescued_once")
        ]

    def __str__(self):
        return str(self.person_id)
