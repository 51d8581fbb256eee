"""Volunteers: from a public sign-up, through vetting, to work on operations and cases.

A sign-up is an application (Volunteer, status "applied") until the applicant confirms their
email address by the link we send. Coordinators then move it through the vetting pipeline
(applied -> interviewed -> checked -> trained -> active, and active <-> paused, any -> left),
each step recorded with who moved it and a note (VolunteerStep). Becoming active gives the
volunteer a workspace account with the volunteer role in their branch; only an active volunteer
may be put on an operation team or given a case (network.queries.assignment_refusal).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from accounts.models import Branch, TimestampedModel
from svoboda.model_fields import ChoiceListField


class Volunteer(TimestampedModel):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTERVIEWED = "interviewed", _("Interviewed")
        CHECKED = "checked", _("Checked")
        TRAINED = "trained", _("Trained")
        ACTIVE = "active", pgettext_lazy("volunteer status", "Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    class Skill(models.TextChoices):
        LEGAL = "legal", _("Legal")
        MEDICAL = "medical", _("Medical")
        PSYCHOLOGY = "psychology", _("Psychology")
        SOCIAL_WORK = "social_work", _("Social work")
        DRIVING = "driving", _("Driving")
        TRANSLATION = "translation", _("Translation and interpreting")
        IT = "it", _("IT")
        MEDIA = "media", _("Media and communications")
        FUNDRAISING = "fundraising", _("Fundraising")
        TEACHING = "teaching", _("Teaching and training")
        LOGISTICS = "logistics", _("Logistics")
        OTHER = "other", pgettext_lazy("volunteer skill", "Other")

    class Availability(models.TextChoices):
        WEEKDAYS = "weekdays", _("Weekdays")
        EVENINGS = "evenings", _("Evenings")
        WEEKENDS = "weekends", _("Weekends")
        NIGHTS = "nights", _("At night, in an emergency")
        TRAVEL = "travel", _("Can travel for several days")
        REMOTE = "remote", _("Remotely only")

    class Language(models.TextChoices):
        # The languages of the regions the movement works in; others go in other_languages.
        RU = "ru", _("Russian")
        EN = "en", _("English")
        UK = "uk", _("Ukrainian")
        UZ = "uz", _("Uzbek")
        TG = "tg", _("Tajik")
        KY = "ky", _("Kyrgyz")
        KK = "kk", _("Kazakh")
        TK = "tk", _("Turkmen")
        AZ = "az", _("Azerbaijani")
        HY = "hy", _("Armenian")
        KA = "ka", _("Georgian")
        AV = "av", _("Avar")
        CE = "ce", _("Chechen")
        MN = "mn", _("Mongolian")
        HE = "he", _("Hebrew")
        AR = "ar", _("Arabic")
        SN = "sn", _("Shona")
        SW = "sw", _("Swahili")
        FR = "fr", _("French")
        DE = "de", _("German")
        ZH = "zh", _("Chinese")
        VI = "vi", _("Vietnamese")

    # The vetting pipeline: which status may follow which. Leaving is possible from anywhere,
    # and someone who left may apply again from the start.
    NEXT = {
        Status.APPLIED: [Status.INTERVIEWED, Status.LEFT],
        Status.INTERVIEWED: [Status.CHECKED, Status.LEFT],
        Status.CHECKED: [Status.TRAINED, Status.LEFT],
        Status.TRAINED: [Status.ACTIVE, Status.LEFT],
        Status.ACTIVE: [Status.PAUSED, Status.LEFT],
        Status.PAUSED: [Status.ACTIVE, Status.LEFT],
        Status.LEFT: [Status.APPLIED],
    }

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    other_contact = models.CharField(
        _("other way to reach you"),
        max_length=200,
        blank=True,
        help_text=_("A messenger and your name or number in it, for example."),
    )
    city = models.CharField(_("city or town"), max_length=120)
    country = CountryField(_("country"))
    languages = ChoiceListField(_("languages"), item_choices=Language.choices)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    skills = ChoiceListField(_("skills"), item_choices=Skill.choices)
    other_skills = models.CharField(_("other skills"), max_length=300, blank=True)
    availability = ChoiceListField(_("availability"), item_choices=Availability.choices)
    motivation = models.TextField(_("why you want to volunteer"), max_length=3000)
    # The language the applicant used, so our mails to them speak it.
    language = models.CharField(
        _("language for messages"), max_length=10, choices=settings.LANGUAGES, default="ru"
    )
    consented_at = models.DateTimeField(_("consent to data processing given"))
    email_confirmed_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)
    # Random, renewed by every sign-up with the address: only the newest mailed link confirms,
    # so someone who sends the form again with another's address cannot have their details
    # confirmed by the owner's earlier link. The link carries this, never the id or address.
    confirmation_nonce = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    # Chosen by the applicant among the branches shown publicly, or later by a coordinator.
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    # The workspace account, made when the volunteer first becomes active.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("workspace account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_record",
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        permissions = [
            ("vet_volunteer", _("Can move volunteers through vetting")),
            ("keep_own_volunteer_record", _("Can see one's own volunteering and log hours")),
        ]
        indexes = [models.Index(fields=["branch", "status"], name="network_volunteer_branch_idx")]
        constraints = [
            # One application per address; a second sign-up updates or reminds (actions).
            models.UniqueConstraint(Lower("email"), name="network_volunteer_email_ci_unique"),
            # An unconfirmed application can only wait or be set aside.
            models.CheckConstraint(
                condition=Q(status__in=["applied", "left"]) | Q(email_confirmed_at__isnull=False),
                name="network_volunteer_vetted_is_confirmed",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("volunteers:volunteer-detail", args=[self.pk])

    @property
    def is_confirmed(self):
        return self.email_confirmed_at is not None

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE and self.is_confirmed

    @property
    def next_statuses(self):
        return self.NEXT[self.Status(self.status)]

    def skill_labels(self):
        return self._meta.get_field("skills").labels(self.skills)

    def language_labels(self):
        return self._meta.get_field("languages").labels(self.languages)

    def availability_labels(self):
        return self._meta.get_field("availability").labels(self.availability)


class VolunteerStep(models.Model):
    """One move in the vetting pipeline, with who made it and why. Never edited."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Volunteer.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Volunteer.Status.choices)
    note = models.TextField(_("note"), max_length=3000, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    moved_at = models.DateTimeField(_("moved at"), auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "pk"]
        verbose_name = _("vetting step")
        verbose_name_plural = _("vetting steps")

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"


class TimeEntry(models.Model):
    """Time a volunteer gave: logged by themselves or by a coordinator of their branch."""

    class Activity(models.TextChoices):
        OPERATION = "operation", _("Rescue operation")
        CASE = "case", _("Work on a case")
        SHELTER = "shelter", _("Shelter support")
        TRANSLATION = "translation", _("Translation")
        OUTREACH = "outreach", _("Outreach and awareness")
        TRAINING = "training", _("Training")
        OFFICE = "office", _("Office and logistics")
        OTHER = "other", pgettext_lazy("volunteer activity", "Other")

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="time"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(24)],
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(
        _("what was done"),
        max_length=300,
        blank=True,
        help_text=_("A few words; never a survivor's name or details."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-recorded_at"]
        verbose_name = _("time given")
        verbose_name_plural = _("time given")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="network_time_hours_in_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.hours}"
