"""Survivor assistance: one plan per survivor, with the services that help them rebuild a life.

A plan belongs to the case in which it was opened, and who may see it follows that case
(cases.queries, need-to-know). A person counts as *helped* once at least one service of their
plan is done (assistance.queries.helped_people).

After a safe return home the plan schedules follow-up calls as tasks of the case (FollowUp).
Referrals to partner organisations need the survivor's consent to share their data with that
partner (Consent); consents are the person's, and a withdrawn consent stops any further sharing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import TimestampedModel
from svoboda.encryption.fields import EncryptedTextField


class AssistancePlan(TimestampedModel):
    person = models.OneToOneField(
        "cases.Person",
        verbose_name=_("survivor"),
        on_delete=models.PROTECT,
        related_name="assistance_plan",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="assistance_plans",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a return-home service is done or the return is recorded on its own; the
    # follow-up calls are counted from this day.
    returned_home_on = models.DateField(_("returned home on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assistance plan")
        verbose_name_plural = _("assistance plans")

    def __str__(self):
        return str(self.pk)


class Service(TimestampedModel):
    class Kind(models.TextChoices):
        RETURN_HOME = "return_home", _("Safe return home or repatriation")
        SHELTER = "shelter", _("Temporary shelter")
        DOCUMENTS = "documents", _("Identity document restoration")
        MEDICAL = "medical", _("Medical help")
        PSYCHOLOGICAL = "psychological", _("Psychological help")
        LEGAL = "legal", _("Legal help")
        EMPLOYMENT = "employment", _("Employment help")
        FINANCIAL = "financial", _("Financial help")
        OTHER = "other", pgettext_lazy("service kind", "Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", pgettext_lazy("service status", "Done")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(
        AssistancePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # No partner: the organisation provides the service itself.
    provider = models.ForeignKey(
        "network.Partner",
        verbose_name=_("provided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_provided",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=5000, blank=True)

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="assistance_service_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="assistance_cost_not_negative"
            ),
            # A cost means nothing without its currency.
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | ~Q(currency=""),
                name="assistance_cost_has_currency",
            ),
            # Reports count services delivered in a period by the day they ended.
            models.CheckConstraint(
                condition=~Q(status="done") | Q(ended_on__isnull=False),
                name="assistance_done_service_has_end",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class FollowUp(models.Model):
    """A check on the survivor some months after they returned home: a task in the plan's case.

    One per plan and number of months, so scheduling twice never creates a second call.
    """

    plan = models.ForeignKey(
        AssistancePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after return"))
    task = models.OneToOneField(
        "cases.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="assistance_follow_up",
    )

    class Meta:
        ordering = ["months"]
        verbose_name = _("follow-up after return")
        verbose_name_plural = _("follow-ups after return")
        constraints = [
            models.UniqueConstraint(fields=["plan", "months"], name="assistance_follow_up_once")
        ]

    def __str__(self):
        return str(self.months)


class Consent(TimestampedModel):
    """What a survivor agreed to, when and how, and whether they have taken it back.

    A consent is in force until it is withdrawn; withdrawal is recorded, never deleted. At most
    one consent of a kind is in force for a person (for sharing: per partner).
    """

    class Kind(models.TextChoices):
        STORE = "store", _("To storing their data")
        SHARE = "share", _("To sharing their data with a partner")
        MENTION = "mention", _("To being mentioned in public reports")

    class Scope(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymously")
        NAMED = "named", _("By name")

    class Method(models.TextChoices):
        WRITING = "writing", _("In writing")
        ORAL_WITNESSED = "oral_witnessed", _("Orally, with a witness")
        MESSENGER = "messenger", _("Via messenger")
        EMAIL = "email", _("By email")
        PHONE = "phone", _("By phone")
        OTHER = "other", pgettext_lazy("consent method", "Other")

    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="consents"
    )
    kind = models.CharField(_("consent"), max_length=20, choices=Kind.choices)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    scope = models.CharField(_("mentioned"), max_length=20, choices=Scope.choices, blank=True)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    details = EncryptedTextField(
        _("details"),
        max_length=1000,
        blank=True,
        help_text=_("For example who witnessed it, or where the signed form is kept."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_method = models.CharField(
        _("how it was withdrawn"), max_length=20, choices=Method.choices, blank=True
    )
    withdrawal_details = EncryptedTextField(_("withdrawal details"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="share", partner__isnull=False)
                | (~Q(kind="share") & Q(partner__isnull=True)),
                name="assistance_share_consent_names_partner",
            ),
            models.CheckConstraint(
                condition=(Q(kind="mention") & ~Q(scope="")) | (~Q(kind="mention") & Q(scope="")),
                name="assistance_mention_consent_has_scope",
            ),
            models.CheckConstraint(
                condition=Q(
                    withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_method=""
                )
                | (
                    Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                    & ~Q(withdrawal_method="")
                ),
                name="assistance_consent_withdrawal_complete",
            ),
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(withdrawn_at__isnull=True) & ~Q(kind="share"),
                name="assistance_consent_one_in_force",
            ),
            models.UniqueConstraint(
                fields=["person", "partner"],
                condition=Q(withdrawn_at__isnull=True, kind="share"),
                name="assistance_share_consent_one_in_force",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_in_force(self):
        return self.withdrawn_at is None


class Referral(TimestampedModel):
    """A request to a partner organisation to help the survivor, and what came of it.

    Sending shares the survivor's data, so it needs their consent to share with that partner,
    in force at the time (the consent is kept on the referral).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SENT = "sent", pgettext_lazy("referral status", "Sent")
        ACCEPTED = "accepted", _("Accepted by the partner")
        DECLINED = "declined", _("Declined by the partner")
        COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("referral status", "Cancelled")

    plan = models.ForeignKey(
        AssistancePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="referrals"
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("for the service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    request = EncryptedTextField(_("what is asked"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent it was sent under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answered_on = models.DateField(_("partner answered on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            # Nothing leaves the organisation without the survivor's consent.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "cancelled"])
                | Q(sent_on__isnull=False, consent__isnull=False),
                name="assistance_sent_referral_has_consent",
            ),
        ]

    def __str__(self):
        return str(self.partner)
